import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceSettings } from "../../api";
import { renderPage, userWith } from "../../test/render";
import { SETTINGS } from "../service/fixtures";
import Settings from "./Settings";
import ServiceSettingsTab, { fieldPath, fromForm, toForm, toHours, toMinutes } from "./ServiceTab";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const input = (id: string) => document.getElementById(id) as HTMLInputElement;

function backend(fail?: object) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "service_settings_get") return SETTINGS;
    if (cmd === "service_settings_set") {
      if (fail) throw fail;
      return { ...(args as { settings: ServiceSettings }).settings, lockVersion: 4 };
    }
    return null;
  });
  return calls;
}

describe("Settings → work orders", () => {
  it("converts hours and minutes both ways", () => {
    expect(toHours(60)).toBe(1);
    expect(toHours(90)).toBe(1.5);
    expect(toHours(1440)).toBe(24);
    expect(toMinutes(1.5)).toBe(90);
    expect(toMinutes(0.25)).toBe(15);
    expect(toMinutes(null)).toBe(0);
    const f = toForm(SETTINGS);
    expect(f.sla.urgent).toEqual({ response: 1, resolve: 4 });
    expect(f.sla.low).toEqual({ response: 24, resolve: 72 });
    expect(fromForm(f, 3)).toEqual(SETTINGS);
    expect(fieldPath("sla.normal.responseMinutes")).toEqual(["sla", "normal", "response"]);
    expect(fieldPath("sla.low")).toEqual(["sla", "low", "resolve"]);
    expect(fieldPath("calendar.end")).toEqual(["calendar", "end"]);
    expect(fieldPath("types")).toEqual(["types"]);
  });

  it("shows the targets in hours and saves them in minutes, with the types and the version it loaded", async () => {
    const calls = backend();
    renderPage(<ServiceSettingsTab editable />);
    await waitFor(() => expect(input("svc-urgent-response").value).toBe("1"), { timeout: 5000 });
    expect(input("svc-normal-resolve").value).toBe("24");
    expect(screen.getByTestId("svc-type-投诉")).toBeTruthy();
    await userEvent.clear(input("svc-urgent-response"));
    await userEvent.type(input("svc-urgent-response"), "0.5");
    await userEvent.clear(input("svc-low-resolve"));
    await userEvent.type(input("svc-low-resolve"), "96");
    await userEvent.type(input("svc-type-input"), "安装调试{Enter}");
    await userEvent.click(screen.getByTestId("svc-type-产品咨询").querySelector(".ant-tag-close-icon")!);
    await userEvent.click(document.getElementById("svc-calendar-enabled")!);
    await userEvent.click(document.getElementById("svc-settings-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "service_settings_set")).toBe(true));
    const sent = calls.find(([c]) => c === "service_settings_set")![1].settings as ServiceSettings;
    expect(sent.types).toEqual(["售后问题", "投诉", "安装调试"]);
    expect(sent.sla.urgent).toEqual({ responseMinutes: 30, resolveMinutes: 240 });
    expect(sent.sla.low).toEqual({ responseMinutes: 1440, resolveMinutes: 5760 });
    expect(sent.calendar).toMatchObject({ enabled: true, weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", utcOffsetMinutes: 480 });
    expect(sent.lockVersion).toBe(3);
    expect(await screen.findByText("已保存")).toBeTruthy();
  });

  it("a response target longer than the resolution is refused before sending", async () => {
    const calls = backend();
    renderPage(<ServiceSettingsTab editable />);
    await waitFor(() => expect(input("svc-urgent-response").value).toBe("1"), { timeout: 5000 });
    await userEvent.clear(input("svc-urgent-response"));
    await userEvent.type(input("svc-urgent-response"), "5");
    await userEvent.click(document.getElementById("svc-settings-save")!);
    expect(await screen.findByText("首次响应时限不能长于解决时限")).toBeTruthy();
    expect(calls.some(([c]) => c === "service_settings_set")).toBe(false);
  });

  it("the backend's refusal of a nested field shows on its box", async () => {
    backend({ code: "VALIDATION", message: "时限须大于 0 且不超过一年", field: "sla.normal" });
    renderPage(<ServiceSettingsTab editable />);
    await waitFor(() => expect(input("svc-urgent-response").value).toBe("1"), { timeout: 5000 });
    await userEvent.click(document.getElementById("svc-settings-save")!);
    const err = await screen.findByText("时限须大于 0 且不超过一年");
    expect(err.closest(".ant-form-item")!.querySelector("#svc-normal-resolve")).toBeTruthy();
  });

  it("is a tab of the settings page for those who change settings", async () => {
    backend();
    renderPage(<Settings />, { route: "/settings?tab=service" });
    expect(await screen.findByTestId("service-settings")).toBeTruthy();
    clearMocks();
    backend();
    const other = renderPage(<Settings />, { route: "/settings", user: userWith("settings:read") });
    await screen.findAllByTestId("settings-page");
    expect(other.container.querySelector('[data-testid="settings-tab-service"]')).toBeNull();
  });
});
