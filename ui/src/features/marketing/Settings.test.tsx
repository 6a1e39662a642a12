import { clearMocks } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { MarketingSettings } from "../../api/types/MarketingSettings";
import { renderPage, userWith } from "../../test/render";
import { backend, last, sent, SETTINGS } from "./fixtures";
import Marketing from "./Marketing";
import { fromForm, toForm } from "./SettingsTab";

afterEach(() => clearMocks());

const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e as HTMLInputElement;
  });

describe("Marketing → settings", { timeout: 90_000 }, () => {
  it("saves types, attribution days, the signature without 【】, only the fallbacks given, dedupe days and the send window, with the version loaded", async () => {
    const calls = backend({
      marketing_settings_set: ({ settings }: { settings: MarketingSettings }) => ({ ...settings, lockVersion: 5 }),
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    expect(await screen.findByTestId("marketing-settings")).toBeTruthy();
    await waitFor(() => expect(input("mkt-attribution-days").value).toBe("90"));
    expect(input("mkt-fallback-name").value).toBe("Customer");
    await userEvent.clear(input("mkt-attribution-days"));
    await userEvent.type(input("mkt-attribution-days"), "60");
    expect(screen.getByText("来自活动的客户,在活动开始至结束后 60 天内签约的合同,计入该活动的成交金额与 ROI")).toBeTruthy();
    await userEvent.type(input("mkt-type-input"), "Roadshow{Enter}");
    expect(screen.getByTestId("mkt-type-Roadshow")).toBeTruthy();
    await userEvent.click(screen.getByTestId("mkt-type-Webinar").querySelector(".ant-tag-close-icon")!);
    await userEvent.clear(input("mkt-sms-sign"));
    await userEvent.type(input("mkt-sms-sign"), "【云帆科技】");
    expect(screen.getByText("短信将以“【云帆科技】”开头")).toBeTruthy();
    await userEvent.clear(input("mkt-fallback-name"));
    await userEvent.type(input("mkt-fallback-company"), " 尊敬的客户 ");
    // Dedupe days and the send window of marketing texts.
    expect(input("mkt-dedupe-days").value).toBe("7");
    expect(screen.getByText("同一模板 7 天内不重复发给同一号码,0 表示不限")).toBeTruthy();
    expect(input("mkt-window-start").value).toBe("8");
    expect(input("mkt-window-end").value).toBe("21");
    await userEvent.clear(input("mkt-dedupe-days"));
    await userEvent.type(input("mkt-dedupe-days"), "30");
    expect(screen.getByText("同一模板 30 天内不重复发给同一号码,0 表示不限")).toBeTruthy();
    await userEvent.clear(input("mkt-window-start"));
    await userEvent.type(input("mkt-window-start"), "9");
    await userEvent.clear(input("mkt-window-end"));
    await userEvent.type(input("mkt-window-end"), "20");
    expect(screen.getByText(/营销短信只在每天 09:00–20:00 发送/)).toBeTruthy();
    await userEvent.click(input("mkt-settings-save"));
    await waitFor(() => expect(sent(calls, "marketing_settings_set")).toHaveLength(1));
    expect(last(calls, "marketing_settings_set")).toEqual({
      settings: {
        activityTypes: ["Expo", "Live stream", "Roadshow"],
        attributionDays: 60,
        smsSign: "云帆科技",
        smsFallbacks: { company: "尊敬的客户" },
        smsDedupeDays: 30,
        sendWindowStart: 9,
        sendWindowEnd: 20,
        lockVersion: 4,
      },
    });
    expect(await screen.findByText("已保存")).toBeTruthy();
  });

  it("a save after someone else's: the stale-save dialog reloads the settings", async () => {
    let version = 4;
    const calls = backend({
      marketing_settings_get: () => ({ ...SETTINGS, attributionDays: version === 4 ? 90 : 30, lockVersion: version }),
      marketing_settings_set: () => {
        version = 5;
        throw { code: "CONFLICT", field: "lockVersion", message: "设置已被 管理员 修改" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    await waitFor(() => expect(input("mkt-attribution-days").value).toBe("90"));
    await userEvent.click(await findId("mkt-settings-save"));
    expect((await screen.findByTestId("stale-message")).textContent).toBe("设置已被 管理员 修改");
    await userEvent.click(await findId("stale-reload"));
    await waitFor(() => expect(input("mkt-attribution-days").value).toBe("30"));
    expect(sent(calls, "marketing_settings_get").length).toBeGreaterThan(1);
  });

  it("the send window: an end not after the start is refused before saving; the backend's refusal shows on the window", async () => {
    const calls = backend({
      marketing_settings_set: () => {
        throw { code: "VALIDATION", field: "sendWindowEnd", message: "发送时段须为同一天内的开始和结束整点(如 8 到 21)" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    await waitFor(() => expect(input("mkt-window-end").value).toBe("21"));
    await userEvent.clear(input("mkt-window-end"));
    await userEvent.type(input("mkt-window-end"), "8");
    await userEvent.click(input("mkt-settings-save"));
    const order = await screen.findByText("结束须晚于开始,且不超过 24 点");
    expect(order.closest(".ant-form-item")!.querySelector("#mkt-window-end")).toBeTruthy();
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);
    // A valid window the backend still refuses: its message on the same field.
    await userEvent.clear(input("mkt-window-end"));
    await userEvent.type(input("mkt-window-end"), "22");
    await userEvent.click(input("mkt-settings-save"));
    await waitFor(() => expect(sent(calls, "marketing_settings_set")).toHaveLength(1));
    expect(last(calls, "marketing_settings_set")).toMatchObject({ settings: { sendWindowStart: 8, sendWindowEnd: 22, smsDedupeDays: 7 } });
    const refused = await screen.findByText("发送时段须为同一天内的开始和结束整点(如 8 到 21)");
    expect(refused.closest(".ant-form-item")!.querySelector("#mkt-window-end")).toBeTruthy();
  });

  it("refuses a save without any activity type", async () => {
    const calls = backend({ marketing_settings_get: () => ({ ...SETTINGS, activityTypes: ["Expo"] }) });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    const expo = await screen.findByTestId("mkt-type-Expo");
    await userEvent.click(expo.querySelector(".ant-tag-close-icon")!);
    await userEvent.click(await findId("mkt-settings-save"));
    expect(await screen.findByText("至少要有一个活动类型")).toBeTruthy();
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);
  });

  it("is a tab only for those who may change the settings", async () => {
    backend();
    renderPage(<Marketing />, { route: "/marketing?tab=settings", user: userWith("marketing:read", "marketing:create") });
    // Asked for, not allowed: the activities open instead.
    expect(await screen.findByTestId("marketing-activities")).toBeTruthy();
    expect(screen.queryByTestId("marketing-tab-settings")).toBeNull();
    expect(screen.queryByTestId("marketing-settings")).toBeNull();
  });

  it("converts the settings both ways", () => {
    const f = toForm(SETTINGS);
    expect(f).toEqual({
      activityTypes: ["Expo", "Live stream", "Webinar"],
      attributionDays: 90,
      smsSign: "Yunfan",
      smsFallbacks: { name: "Customer" },
      smsDedupeDays: 7,
      sendWindowStart: 8,
      sendWindowEnd: 21,
    });
    expect(
      fromForm(
        {
          ...f,
          activityTypes: [" A ", "", "B"],
          smsSign: "【 X Y 】",
          smsFallbacks: { name: " ", owner: "us" },
          smsDedupeDays: 0,
          sendWindowStart: 0,
          sendWindowEnd: 24,
        },
        7,
      ),
    ).toEqual({
      activityTypes: ["A", "B"],
      attributionDays: 90,
      smsSign: "X Y",
      smsFallbacks: { owner: "us" },
      smsDedupeDays: 0,
      sendWindowStart: 0,
      sendWindowEnd: 24,
      lockVersion: 7,
    });
  });
});
