import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage, userWith } from "../../test/render";
import ReceivablesSettingsTab from "./ReceivablesTab";
import Settings from "./Settings";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const days = () => document.getElementById("rcv-due-soon") as HTMLInputElement;

describe("Settings → 回款", () => {
  it("saves over-collection (warning when on) and the due-soon days", async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "receivable_settings_get") return { allowOverCollection: false, dueSoonDays: 7 };
      if (cmd === "receivable_settings_set") return (args as { input: object }).input;
      return null;
    });
    renderPage(<ReceivablesSettingsTab editable />);
    await waitFor(() => expect(days().value).toBe("7"));
    expect(screen.queryByTestId("rcv-over-warning")).toBeNull();
    await userEvent.click(document.getElementById("rcv-allow-over")!);
    expect((await screen.findByTestId("rcv-over-warning")).textContent).toContain("超额回款");
    await userEvent.clear(days());
    await userEvent.type(days(), "15");
    await userEvent.click(document.getElementById("rcv-settings-save")!);
    await waitFor(() =>
      expect(calls.find(([c]) => c === "receivable_settings_set")?.[1]).toEqual({ input: { allowOverCollection: true, dueSoonDays: 15 } }),
    );
    expect(await screen.findByText("已保存")).toBeTruthy();
  });

  it("shows the backend's refusal on the field, read-only without settings:update, and the tab is listed", async () => {
    mockIPC((cmd) => {
      if (cmd === "receivable_settings_get") return { allowOverCollection: false, dueSoonDays: 7 };
      if (cmd === "receivable_settings_set") throw { code: "VALIDATION", message: "提前提醒天数最多 90 天", field: "dueSoonDays" };
      return null;
    });
    const { unmount } = renderPage(<ReceivablesSettingsTab editable />);
    await waitFor(() => expect(days().value).toBe("7"));
    await userEvent.click(document.getElementById("rcv-settings-save")!);
    const err = await screen.findByText("提前提醒天数最多 90 天");
    expect(err.closest(".ant-form-item")!.querySelector("#rcv-due-soon")).toBeTruthy();
    unmount();

    renderPage(<ReceivablesSettingsTab editable={false} />);
    await waitFor(() => expect(days().value).toBe("7"));
    expect(days().disabled).toBe(true);
    expect(document.getElementById("rcv-settings-save")).toBeNull();
  });

  it("is a tab of the settings page", async () => {
    mockIPC(() => null);
    renderPage(<Settings />, { route: "/settings", user: userWith("customer:read") });
    expect(await screen.findByTestId("settings-tab-receivables")).toBeTruthy();
  });
});
