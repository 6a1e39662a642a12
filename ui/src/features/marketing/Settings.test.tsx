import { clearMocks } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { GatewayStatus } from "../../api/types/GatewayStatus";
import type { MarketingSettings } from "../../api/types/MarketingSettings";
import type { TestSend } from "../../api/types/TestSend";
import { renderPage, userWith } from "../../test/render";
import { backend, GATEWAY_STATUS, last, sent, SETTINGS, template } from "./fixtures";
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
        smsGateway: SETTINGS.smsGateway,
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
      smsGateway: { kind: "outbox", endpoint: "", keyId: "", region: "ap-guangzhou", appId: "", perSecond: 10 },
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
          smsGateway: {
            kind: "tencent",
            endpoint: " https://sms.example.com/ ",
            keyId: " AKID1234 ",
            region: " ap-beijing ",
            appId: "1400000000",
            perSecond: null,
          },
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
      smsGateway: {
        kind: "tencent",
        endpoint: "https://sms.example.com/",
        keyId: "AKID1234",
        region: "ap-beijing",
        appId: "1400000000",
        perSecond: 0,
      },
      lockVersion: 7,
    });
  });
});

const ALIYUN: MarketingSettings = {
  ...SETTINGS,
  smsGateway: { ...SETTINGS.smsGateway, kind: "aliyun", keyId: "LTAI5tExample" },
};
const ALIYUN_STATUS: GatewayStatus = { ...GATEWAY_STATUS, kind: "aliyun", endpoint: "https://dysmsapi.aliyuncs.com", outboxPath: "" };
/** The form item (label, control, its error) around an element. */
const itemOf = (e: Element) => e.closest(".ant-form-item") as HTMLElement;

describe("Marketing → settings → SMS gateway", { timeout: 90_000 }, () => {
  it("the outbox shows this computer's outbox file; Aliyun asks for the endpoint, the key id and the rate, and is saved with the settings", async () => {
    let stored = SETTINGS;
    const calls = backend({
      marketing_settings_get: () => stored,
      marketing_settings_set: ({ settings }: { settings: MarketingSettings }) => (stored = { ...settings, lockVersion: 5 }),
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    expect((await screen.findByTestId("gateway-outbox-path")).textContent).toBe("/data/sms-outbox.jsonl");
    expect(screen.getByText(/短信写入这台电脑上的一个文件,不会真正发出/)).toBeTruthy();
    expect(document.getElementById("gateway-key-id")).toBeNull();
    expect(screen.queryByTestId("gateway-secret-card")).toBeNull();

    await userEvent.click(within(await findId("gateway-kind")).getByText("阿里云短信"));
    expect(await findId("gateway-key-id")).toBeTruthy();
    expect(screen.queryByTestId("gateway-outbox-path")).toBeNull();
    expect(input("gateway-endpoint").placeholder).toBe("https://dysmsapi.aliyuncs.com");
    expect(input("gateway-per-second").value).toBe("10");
    expect(document.getElementById("gateway-app-id")).toBeNull();
    expect(screen.getByTestId("gateway-template-help").textContent).toContain("阿里云按变量名传参,如 ${name}");
    // Kind and key id not saved yet: the secret waits for them.
    expect(screen.getByText("通道或密钥 ID 有未保存的修改:请先保存设置,再保存密钥")).toBeTruthy();
    expect((document.getElementById("gateway-secret-save") as HTMLButtonElement).disabled).toBe(true);

    await userEvent.type(input("gateway-key-id"), " LTAI5tExample ");
    await userEvent.clear(input("gateway-per-second"));
    await userEvent.type(input("gateway-per-second"), "20");
    await userEvent.click(input("mkt-settings-save"));
    await waitFor(() => expect(sent(calls, "marketing_settings_set")).toHaveLength(1));
    expect(last(calls, "marketing_settings_set")).toEqual({
      settings: {
        ...SETTINGS,
        smsGateway: { kind: "aliyun", endpoint: "", keyId: "LTAI5tExample", region: "ap-guangzhou", appId: "", perSecond: 20 },
        lockVersion: 4,
      },
    });
    expect(await screen.findByText("已保存")).toBeTruthy();
    // Saved: the secret can be stored now.
    await waitFor(() => expect((document.getElementById("gateway-secret-save") as HTMLButtonElement).disabled).toBe(false));
  });

  it("Tencent asks for the region and the SDK AppID too", async () => {
    const calls = backend({
      marketing_settings_set: ({ settings }: { settings: MarketingSettings }) => ({ ...settings, lockVersion: 5 }),
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    await userEvent.click(within(await findId("gateway-kind")).getByText("腾讯云短信"));
    expect(input("gateway-endpoint").placeholder).toBe("https://sms.tencentcloudapi.com");
    expect(itemOf(input("gateway-key-id")).textContent).toContain("SecretId");
    expect(input("gateway-region").value).toBe("ap-guangzhou");
    await userEvent.type(input("gateway-key-id"), "AKIDexample1");
    await userEvent.type(input("gateway-app-id"), "14000x");
    await userEvent.click(input("mkt-settings-save"));
    expect(await screen.findByText("SDK AppID 只能是数字")).toBeTruthy();
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);
    await userEvent.clear(input("gateway-app-id"));
    await userEvent.type(input("gateway-app-id"), "1400000000");
    await userEvent.click(input("mkt-settings-save"));
    await waitFor(() => expect(sent(calls, "marketing_settings_set")).toHaveLength(1));
    expect(last(calls, "marketing_settings_set")).toMatchObject({
      settings: { smsGateway: { kind: "tencent", keyId: "AKIDexample1", region: "ap-guangzhou", appId: "1400000000", perSecond: 10 } },
    });
  });

  it("the backend's refusal of a gateway field shows on that field", async () => {
    const calls = backend({
      marketing_settings_set: () => {
        throw { code: "VALIDATION", field: "smsGateway.keyId", message: "请填写 AccessKey ID(字母和数字)" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    await userEvent.click(within(await findId("gateway-kind")).getByText("阿里云短信"));
    await userEvent.type(await findId("gateway-key-id"), "key!");
    await userEvent.click(input("mkt-settings-save"));
    await waitFor(() => expect(sent(calls, "marketing_settings_set")).toHaveLength(1));
    const refused = await screen.findByText("请填写 AccessKey ID(字母和数字)");
    expect(itemOf(refused).querySelector("#gateway-key-id")).toBeTruthy();
    expect(input("gateway-key-id").value).toBe("key!");
  });

  it("the secret goes to this computer's keyring: the box is emptied and the tag turns to saved; clearing asks first", async () => {
    let stored = false;
    const calls = backend({
      marketing_settings_get: () => ALIYUN,
      marketing_gateway_status: () => ({ ...ALIYUN_STATUS, secretStored: stored }),
      marketing_gateway_secret_set: ({ secret }: { secret: string }) => {
        stored = secret !== "";
        return { ...ALIYUN_STATUS, secretStored: stored };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    const tag = await screen.findByTestId("gateway-secret-status");
    expect(tag.textContent).toBe("本机未保存密钥");
    expect(tag.className).toContain("orange");
    expect(screen.getByTestId("gateway-secret-card").textContent).toContain("AccessKey Secret");
    expect(screen.getByText("密钥只保存在这台电脑的系统钥匙串中,每台负责发送的电脑都需保存一次")).toBeTruthy();
    expect(input("gateway-secret").value).toBe("");
    expect(document.getElementById("gateway-secret-clear")).toBeNull();

    // Nothing typed: refused here.
    await userEvent.click(await findId("gateway-secret-save"));
    expect(await screen.findByText("请填写AccessKey Secret")).toBeTruthy();
    expect(sent(calls, "marketing_gateway_secret_set")).toHaveLength(0);

    await userEvent.type(input("gateway-secret"), "s3cr3t-value");
    await userEvent.click(input("gateway-secret-save"));
    await waitFor(() => expect(sent(calls, "marketing_gateway_secret_set")).toEqual([{ secret: "s3cr3t-value" }]));
    await waitFor(() => expect(screen.getByTestId("gateway-secret-status").textContent).toBe("本机已保存密钥"));
    expect(screen.getByTestId("gateway-secret-status").className).toContain("green");
    expect(await screen.findByText("密钥已保存到本机钥匙串")).toBeTruthy();
    expect(input("gateway-secret").value).toBe("");
    // Saving the secret is not saving the settings.
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);

    await userEvent.click(await findId("gateway-secret-clear"));
    expect((await screen.findAllByText("清除这台电脑保存的密钥?")).length).toBeGreaterThan(0);
    await userEvent.click(await findId("gateway-secret-clear-ok"));
    await waitFor(() => expect(sent(calls, "marketing_gateway_secret_set")).toEqual([{ secret: "s3cr3t-value" }, { secret: "" }]));
    await waitFor(() => expect(screen.getByTestId("gateway-secret-status").textContent).toBe("本机未保存密钥"));
  });

  it("the backend's refusal of the secret shows under the secret box", async () => {
    backend({
      marketing_settings_get: () => ALIYUN,
      marketing_gateway_status: () => ALIYUN_STATUS,
      marketing_gateway_secret_set: () => {
        throw { code: "VALIDATION", field: "smsGateway.secret", message: "密钥格式不正确" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    await userEvent.type(await findId("gateway-secret"), "bad secret");
    await userEvent.click(input("gateway-secret-save"));
    const refused = await screen.findByText("密钥格式不正确");
    expect(itemOf(refused).querySelector("#gateway-secret")).toBeTruthy();
  });

  it("a test message: success with the provider's message id and the text, failure with the error code", async () => {
    let answer: TestSend = {
      gateway: "aliyun",
      phone: "138****8000",
      text: "【Yunfan】Dear Wang, see you at the expo. Reply T to opt out",
      submitted: true,
      providerMsgId: "900619746936498440^0",
      errorCode: null,
      error: null,
    };
    const calls = backend({
      marketing_settings_get: () => ALIYUN,
      marketing_gateway_status: () => ({ ...ALIYUN_STATUS, secretStored: true }),
      sms_template_list: () => [
        template(3),
        template(4, { templateName: "No code", providerCode: null }),
        template(5, { isEnabled: false }),
      ],
      marketing_gateway_test: () => answer,
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    // Both asked for before anything is sent.
    await userEvent.click(await findId("gateway-test-send"));
    expect(await screen.findByText("请填写短信模板")).toBeTruthy();
    expect(screen.getByText("请填写手机号")).toBeTruthy();

    fireEvent.mouseDown(input("gateway-test-template"));
    const option = (await screen.findAllByTitle("Invitation 3 · SMS_1001")).slice(-1)[0];
    // A provider sends only approved templates: one without a code cannot be chosen; a disabled one is not offered.
    expect(screen.getAllByTitle("无服务商模板编号").slice(-1)[0].className).toContain("disabled");
    expect(screen.queryByTitle(/Invitation 5/)).toBeNull();
    await userEvent.click(option);
    await userEvent.type(input("gateway-test-phone"), "13800138000");
    await userEvent.click(input("gateway-test-send"));
    await waitFor(() => expect(sent(calls, "marketing_gateway_test")).toEqual([{ templateId: 3, phone: "13800138000" }]));
    let result = await screen.findByTestId("gateway-test-result");
    expect(result.className).toContain("success");
    expect(result.textContent).toContain("已提交:阿里云短信 → 138****8000");
    expect(screen.getByTestId("gateway-test-msgid").textContent).toBe("900619746936498440^0");
    expect(screen.getByTestId("gateway-test-text").textContent).toBe(answer.text);

    answer = { ...answer, submitted: false, providerMsgId: null, errorCode: "isv.BUSINESS_LIMIT_CONTROL", error: "触发号码天级流控" };
    await userEvent.click(input("gateway-test-send"));
    await waitFor(() => expect(sent(calls, "marketing_gateway_test")).toHaveLength(2));
    await waitFor(() => expect(screen.getByTestId("gateway-test-result").className).toContain("error"));
    result = screen.getByTestId("gateway-test-result");
    expect(result.textContent).toContain("发送失败:阿里云短信 → 138****8000");
    expect(screen.getByTestId("gateway-test-code").textContent).toBe("isv.BUSINESS_LIMIT_CONTROL");
    expect(screen.getByTestId("gateway-test-error").textContent).toBe("触发号码天级流控");
    expect(screen.queryByTestId("gateway-test-msgid")).toBeNull();
    // The test never saves the settings.
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);
  });

  it("the backend's refusal of the number shows on the phone box", async () => {
    const calls = backend({
      sms_template_list: () => [template(3)],
      marketing_gateway_test: () => {
        throw { code: "VALIDATION", field: "phone", message: "这个号码已退订,不会发送" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing?tab=settings" });
    fireEvent.mouseDown(await findId("gateway-test-template"));
    await userEvent.click((await screen.findAllByTitle("Invitation 3 · SMS_1001")).slice(-1)[0]);
    await userEvent.type(input("gateway-test-phone"), "13900000001{Enter}");
    await waitFor(() => expect(sent(calls, "marketing_gateway_test")).toHaveLength(1));
    const refused = await screen.findByText("这个号码已退订,不会发送");
    expect(itemOf(refused).querySelector("#gateway-test-phone")).toBeTruthy();
    expect(screen.queryByTestId("gateway-test-result")).toBeNull();
    // Enter in the test's box does not submit the settings form around it.
    expect(sent(calls, "marketing_settings_set")).toHaveLength(0);
  });
});
