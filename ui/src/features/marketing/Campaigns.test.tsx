import { clearMocks } from "@tauri-apps/api/mocks";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it } from "vitest";
import type { CampaignInput } from "../../api/types/CampaignInput";
import type { CampaignProgress } from "../../api/types/CampaignProgress";
import { renderPage, userWith } from "../../test/render";
import { backend, campaign, detail, last, notice, optout, page, recipientPreview, sent, template } from "./fixtures";
import Marketing from "./Marketing";
import { forgetRuns } from "./sendRuns";

dayjs.extend(utc);
afterEach(() => {
  clearMocks();
  forgetRuns();
});

const ROUTE = "/marketing?tab=campaigns";
const byId = (id: string) => document.getElementById(id)!;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });
/** A local time typed into a picker as the backend's UTC string. */
const utcOf = (local: string) => dayjs(local, "YYYY-MM-DD HH:mm").utc().format("YYYY-MM-DDTHH:mm:ss");
const localOf = (utcText: string) => dayjs.utc(utcText).local().format("YYYY-MM-DD HH:mm");
const text = (testid: string) => screen.getByTestId(testid).textContent;
type Channel = { onmessage: (p: CampaignProgress) => void };

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function pick(selectId: string, title: string) {
  fireEvent.mouseDown(byId(selectId));
  const options = await screen.findAllByTitle(title);
  await userEvent.click(options[options.length - 1]);
}

const TEMPLATES = [template(3), notice(4), template(5, { templateName: "Old offer", isEnabled: false })];

describe("Marketing → SMS campaigns list", { timeout: 90_000 }, () => {
  it("a tab after the SMS templates: status, target, time and progress per campaign; reloads every 3 s while one is sending", async () => {
    let calls_ = 0;
    const calls = backend({
      campaign_list: () => {
        calls_ += 1;
        return page([
          calls_ === 1
            ? campaign(1, { status: 2, successCount: 4, failCount: 1, pending: 5, startedAt: "2030-03-01T02:00:00" })
            : campaign(1, { status: 4, successCount: 9, failCount: 1, pending: 0, startedAt: "2030-03-01T02:00:00" }),
          campaign(2, { status: 5, targetTag: "Dormant", activityName: "Spring Expo 1" }),
          campaign(3, { status: 1, scheduledAt: "2030-04-01T02:00:00" }),
        ]);
      },
    });
    renderPage(<Marketing />, { route: ROUTE });
    const tabs = [...document.querySelectorAll("[data-testid^='marketing-tab-']")].map((e) => e.getAttribute("data-testid"));
    expect(tabs.slice(0, 3)).toEqual(["marketing-tab-activities", "marketing-tab-templates", "marketing-tab-campaigns"]);
    expect(text("marketing-tab-campaigns")).toBe("短信营销");
    expect(await screen.findByTestId("campaign-status-1")).toBeTruthy();
    expect(text("campaign-status-1")).toBe("发送中");
    expect(text("campaign-status-2")).toBe("已取消");
    expect(text("campaign-status-3")).toBe("待发送");
    expect(text("campaign-target-2")).toBe("Dormant");
    const progress = screen.getByTestId("campaign-progress-1");
    expect(progress.getAttribute("data-done")).toBe("5");
    expect(progress.getAttribute("data-total")).toBe("10");
    expect(progress.textContent).toContain("5/10");
    expect(text("campaign-progress-1-counts")).toBe("成功 4 · 失败 1 · 排除 2");
    // Scheduled: its time, marked; otherwise when it started.
    expect(text("campaign-time-3")).toBe(`定时${localOf("2030-04-01T02:00:00")}`);
    expect(text("campaign-time-1")).toBe(localOf("2030-03-01T02:00:00"));
    expect(last(calls, "campaign_list")).toEqual({ page: { page: 1, pageSize: 50 } });

    // One is sending: the list reloads on its own.
    await waitFor(() => expect(text("campaign-status-1")).toBe("已完成"), { timeout: 6000 });
    expect(text("campaign-progress-1-counts")).toBe("成功 9 · 失败 1 · 排除 2");
    expect(screen.getByTestId("campaign-progress-1").textContent).toContain("10/10");
    // Nothing moves any more: no more reloads.
    const n = sent(calls, "campaign_list").length;
    await new Promise((r) => setTimeout(r, 3500));
    expect(sent(calls, "campaign_list").length).toBe(n);
  });

  it("a reader sees the campaigns and the opt-outs without new, send, cancel, add or remove", async () => {
    backend({
      campaign_list: () => page([campaign(5)]),
      campaign_get: () => campaign(5),
      optout_list: () => page([optout(1)]),
    });
    renderPage(<Marketing />, { route: ROUTE, user: userWith("marketing:read") });
    await userEvent.click(await screen.findByTestId("campaign-open-5"));
    expect(await screen.findByTestId("campaign-detail")).toBeTruthy();
    expect(document.getElementById("campaign-new")).toBeNull();
    expect(document.getElementById("campaign-send")).toBeNull();
    expect(document.getElementById("campaign-cancel")).toBeNull();
    await userEvent.click(screen.getByTestId("campaigns-view-optouts"));
    expect(await screen.findByTestId("optout-phone-1")).toBeTruthy();
    expect(document.getElementById("optout-add")).toBeNull();
    expect(screen.queryByTestId("optout-remove-1")).toBeNull();
  });
});

describe("Marketing → new SMS campaign", { timeout: 90_000 }, () => {
  it("previews the recipients (debounced), creates the campaign with the exact input and starts sending it at once", async () => {
    const calls = backend({
      sms_template_list: () => TEMPLATES,
      campaign_create: () => campaign(9, { campaignName: "Spring invitation" }),
      campaign_get: () => campaign(9, { campaignName: "Spring invitation", status: 4, successCount: 10, pending: 0 }),
      campaign_send: (a: { onProgress: Channel }) => {
        a.onProgress.onmessage({ done: 10, total: 10, success: 10, failed: 0 });
        return "done";
      },
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await findId("campaign-new"));
    const editor = await screen.findByTestId("campaign-editor");
    expect(within(editor).getByTestId("campaign-preview").textContent).toContain("选择模板和目标客户后在此预览收件人");
    await userEvent.type(byId("campaign-name"), "  Spring invitation ");

    // Enabled templates only, each with its type.
    fireEvent.mouseDown(byId("campaign-template"));
    expect((await screen.findByTestId("campaign-template-option-3")).textContent).toBe("Invitation 3营销");
    expect(screen.getByTestId("campaign-template-option-4").textContent).toBe("Invitation 4通知");
    expect(screen.queryByTestId("campaign-template-option-5")).toBeNull();
    await userEvent.click(screen.getByTestId("campaign-template-option-3"));
    // A marketing text: the send window from the settings.
    expect((await screen.findByTestId("campaign-window-note")).textContent).toContain("营销短信仅在 08:00–21:00 发送");
    // Nothing to preview without a target.
    expect(sent(calls, "campaign_preview")).toHaveLength(0);

    await pick("campaign-target", "VIP(12 人)");
    await waitFor(() => expect(screen.getByTestId("preview-recipients").textContent).toContain("7"));
    expect(text("preview-customers")).toBe("目标客户 12");
    expect(text("preview-excluded")).toBe("排除:退订 1 · 号码无效 2 · 重复号码 1 · 近期已发 1 · 无法渲染 0");
    expect(text("preview-billed")).toBe("计费条数 14");
    expect(text("preview-sample-customer")).toBe("Yunfan Tech");
    expect(text("preview-sample-phone")).toBe("138****8000");
    expect(text("preview-sample-segments")).toBe("2 条");
    expect(text("preview-sample-text")).toBe("【Yunfan】Dear Li Lei, see you at the expo. Reply T to opt out");
    expect(sent(calls, "campaign_preview")).toEqual([
      { input: { campaignName: "", templateId: 3, target: { kind: "tag", id: 1 }, activityId: null, scheduledAt: null } },
    ]);

    await userEvent.click(byId("campaign-save"));
    await waitFor(() => expect(sent(calls, "campaign_create")).toHaveLength(1));
    expect(last(calls, "campaign_create")).toEqual({
      input: { campaignName: "Spring invitation", templateId: 3, target: { kind: "tag", id: 1 }, activityId: null, scheduledAt: null },
    });
    // Sent now: it opens and sending starts from this desktop.
    await waitFor(() => expect(sent(calls, "campaign_send")).toHaveLength(1));
    const [args] = sent(calls, "campaign_send");
    expect(args.id).toBe(9);
    expect(args.tzOffsetMinutes).toBe(-new Date().getTimezoneOffset());
    expect(args.jobId).toMatch(/^job-/);
    expect(await screen.findByText("已创建短信营销“Spring invitation”,开始发送")).toBeTruthy();
    expect((await screen.findByTestId("campaign-result")).textContent).toBe("已完成");
    expect(text("campaign-detail-name")).toBe("Spring invitation");
  });

  it("a scheduled campaign: the time goes as UTC, with a segment and an activity; it is not sent now", async () => {
    const calls = backend({
      sms_template_list: () => TEMPLATES,
      campaign_create: ({ input }: { input: CampaignInput }) =>
        campaign(9, { campaignName: input.campaignName, scheduledAt: input.scheduledAt }),
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await findId("campaign-new"));
    await userEvent.type(await findId("campaign-name"), "Renewal reminder");
    await pick("campaign-template", "Invitation 4");
    // A notice is not limited to the send window.
    expect(screen.queryByTestId("campaign-window-note")).toBeNull();
    await userEvent.click(screen.getByText("按分群"));
    await pick("campaign-target", "Dormant(37 人)");
    await pick("campaign-activity", "Spring Expo 1");
    await waitFor(() =>
      expect(last(calls, "campaign_preview")).toEqual({
        input: { campaignName: "", templateId: 4, target: { kind: "segment", id: 1 }, activityId: 1, scheduledAt: null },
      }),
    );
    // Scheduling without a time is refused on the time.
    await userEvent.click(screen.getByTestId("campaign-send-later"));
    await userEvent.click(byId("campaign-save"));
    expect(await screen.findByText("请填写定时时间")).toBeTruthy();
    expect(sent(calls, "campaign_create")).toHaveLength(0);
    const picker = await findId("campaign-schedule");
    await userEvent.click(picker);
    await userEvent.type(picker, "2031-05-01 09:30{Enter}");
    await userEvent.click(byId("campaign-save"));
    await waitFor(() => expect(sent(calls, "campaign_create")).toHaveLength(1));
    expect(last(calls, "campaign_create")).toEqual({
      input: {
        campaignName: "Renewal reminder",
        templateId: 4,
        target: { kind: "segment", id: 1 },
        activityId: 1,
        scheduledAt: utcOf("2031-05-01 09:30"),
      },
    });
    expect(await screen.findByText("已创建短信营销“Renewal reminder”,将于 2031-05-01 09:30 由创建人的电脑自动发送")).toBeTruthy();
    expect(sent(calls, "campaign_send")).toHaveLength(0);
    expect(screen.queryByTestId("campaign-detail")).toBeNull();
  });

  it("the backend's refusal (no one left to send to) shows on the target and nothing is sent", async () => {
    const refusal = "排除退订、无效、重复和近期已发的号码后,没有可发送的客户";
    const calls = backend({
      sms_template_list: () => TEMPLATES,
      campaign_preview: () => recipientPreview({ recipients: 0, optedOut: 12, samples: [] }),
      campaign_create: () => {
        throw { code: "VALIDATION", field: "target", message: refusal };
      },
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await findId("campaign-new"));
    await userEvent.type(await findId("campaign-name"), "Everyone opted out");
    await pick("campaign-template", "Invitation 3");
    await pick("campaign-target", "VIP(12 人)");
    expect((await screen.findByTestId("preview-none")).textContent).toBe("排除后没有可发送的客户,不能创建");
    await userEvent.click(byId("campaign-save"));
    await waitFor(() => expect(sent(calls, "campaign_create")).toHaveLength(1));
    const err = await screen.findByText(refusal);
    expect(err.closest(".ant-form-item")!.querySelector("#campaign-target")).toBeTruthy();
    expect(sent(calls, "campaign_send")).toHaveLength(0);
  });
});

describe("Marketing → SMS campaign detail", { timeout: 90_000 }, () => {
  it("发送 shows the channel's progress live; 停止 cancels the job; then the result, and it can be sent on", async () => {
    const runs = [deferred<string>(), deferred<string>()];
    let channel: Channel | null = null;
    const calls = backend({
      campaign_list: () => page([campaign(5)]),
      campaign_get: () => campaign(5),
      sms_template_list: () => TEMPLATES,
      job_cancel: () => true,
      campaign_send: (a: { onProgress: Channel }) => {
        channel = a.onProgress;
        a.onProgress.onmessage({ done: 3, total: 10, success: 2, failed: 1 });
        return runs[sent(calls, "campaign_send").length - 1].promise;
      },
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaign-open-5"));
    const detailPane = await screen.findByTestId("campaign-detail");
    expect(within(detailPane).getByTestId("campaign-fig-total").textContent).toContain("10");
    expect(within(detailPane).getByTestId("campaign-fig-skipped").textContent).toContain("2");
    // A marketing template: the send window is said.
    expect((await screen.findByTestId("campaign-window-note")).textContent).toContain("08:00–21:00");
    expect(screen.queryByTestId("campaign-progress")).toBeNull();

    await userEvent.click(byId("campaign-send"));
    const progress = await screen.findByTestId("campaign-progress");
    expect(text("campaign-progress-text")).toBe("已发送 3 / 10 · 成功 2 · 失败 1");
    expect(progress.getAttribute("data-done")).toBe("3");
    const [first] = sent(calls, "campaign_send");
    expect(first).toMatchObject({ id: 5, tzOffsetMinutes: -new Date().getTimezoneOffset() });
    expect(first.jobId).toMatch(/^job-/);
    // The next batch.
    act(() => channel!.onmessage({ done: 6, total: 10, success: 5, failed: 1 }));
    await waitFor(() => expect(text("campaign-progress-text")).toBe("已发送 6 / 10 · 成功 5 · 失败 1"));
    expect(screen.getByTestId("campaign-progress").textContent).toContain("60%");
    // While it runs: 停止 instead of 发送.
    expect(document.getElementById("campaign-send")).toBeNull();
    await userEvent.click(byId("campaign-stop"));
    await waitFor(() => expect(sent(calls, "job_cancel")).toEqual([{ jobId: first.jobId }]));
    expect(text("campaign-progress-text")).toBe("正在停止…");
    await act(async () => runs[0].resolve("cancelled"));
    expect((await screen.findByTestId("campaign-result")).textContent).toBe("已停止,可稍后继续发送");
    expect(screen.queryByTestId("campaign-progress")).toBeNull();

    // Sent on later: a fresh job; outside the send window it waits.
    await userEvent.click(await findId("campaign-send"));
    await waitFor(() => expect(sent(calls, "campaign_send")).toHaveLength(2));
    expect(sent(calls, "campaign_send")[1].jobId).not.toBe(first.jobId);
    await act(async () => runs[1].resolve("waiting"));
    await waitFor(() => expect(text("campaign-result")).toBe("等待发送时段或定时时间,到时由本机自动继续"));
  });

  it("取消营销 asks first, then cancels the campaign", async () => {
    const calls = backend({
      campaign_list: () => page([campaign(5)]),
      campaign_get: () => campaign(5),
      campaign_cancel: ({ id }: { id: number }) => campaign(id, { status: 5 }),
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaign-open-5"));
    await userEvent.click(await findId("campaign-cancel"));
    expect(await screen.findByText("尚未发送的 10 条短信将不再发送,已发送的不受影响。此操作不可恢复。")).toBeTruthy();
    expect(sent(calls, "campaign_cancel")).toHaveLength(0);
    await userEvent.click(await findId("confirm-cancel-campaign"));
    await waitFor(() => expect(sent(calls, "campaign_cancel")).toEqual([{ id: 5 }]));
    expect(await screen.findByText("已取消短信营销")).toBeTruthy();
  });

  it("a finished campaign has no send or cancel", async () => {
    backend({
      campaign_list: () => page([campaign(6, { status: 4, successCount: 10, pending: 0 })]),
      campaign_get: () => campaign(6, { status: 4, successCount: 10, pending: 0 }),
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaign-open-6"));
    expect((await screen.findByTestId("campaign-detail-status")).textContent).toBe("已完成");
    expect(document.getElementById("campaign-send")).toBeNull();
    expect(document.getElementById("campaign-cancel")).toBeNull();
  });

  it("the recipients' log: every line with status, text, message id and error; filtered by status, 50 a page", async () => {
    const failed = detail(2, {
      status: 3,
      providerMsgId: null,
      errorCode: "isv.MOBILE_NUMBER_ILLEGAL",
      error: "invalid mobile",
      attempts: 3,
      sentAt: null,
    });
    const calls = backend({
      campaign_list: () => page([campaign(5, { status: 4, pending: 0 })]),
      campaign_get: () => campaign(5, { status: 4, pending: 0 }),
      campaign_details: ({ status }: { status: number | null }) =>
        status === 3 ? page([failed]) : { ...page([detail(1), failed]), total: 120 },
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaign-open-5"));
    const log = await screen.findByTestId("campaign-log");
    await waitFor(() => expect(within(log).getByTestId("campaign-log-status-1").textContent).toBe("已提交"));
    expect(last(calls, "campaign_details")).toEqual({ id: 5, status: null, page: { page: 1, pageSize: 50 } });
    expect(within(log).getByTestId("campaign-log-status-2").textContent).toBe("失败");
    const row1 = within(log).getByTestId("campaign-log-row-1");
    expect(row1.textContent).toContain("Customer 1");
    expect(row1.textContent).toContain("13800138001");
    expect(row1.textContent).toContain("MSG-1");
    expect(row1.textContent).toContain(localOf("2030-03-01T02:00:00"));
    expect(within(log).getByTestId("campaign-log-error-2").textContent).toBe("isv.MOBILE_NUMBER_ILLEGAL invalid mobile");
    expect(log.textContent).toContain("共 120 条");

    await pick("campaign-log-status", "失败");
    await waitFor(() => expect(last(calls, "campaign_details")).toEqual({ id: 5, status: 3, page: { page: 1, pageSize: 50 } }));
    await waitFor(() => expect(within(log).queryByTestId("campaign-log-row-1")).toBeNull());
    expect(within(log).getByTestId("campaign-log-row-2")).toBeTruthy();
  });
});

describe("Marketing → opt-out list", { timeout: 90_000 }, () => {
  const ROWS = [optout(1), optout(2, { source: "reply", replyText: "TD" })];

  it("lists the numbers with where they came from; searches by number; removing one asks first", async () => {
    const calls = backend({ optout_list: () => page(ROWS), optout_remove: () => null });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaigns-view-optouts"));
    expect(await screen.findByTestId("marketing-optouts")).toBeTruthy();
    expect((await screen.findByTestId("optout-source-1")).textContent).toBe("手工");
    expect(text("optout-source-2")).toBe("客户回复回复“TD”");
    expect(text("optout-phone-2")).toBe("13900000002");
    expect(last(calls, "optout_list")).toEqual({ q: null, page: { page: 1, pageSize: 50 } });
    await userEvent.type(byId("optout-search"), "0002{Enter}");
    await waitFor(() => expect(last(calls, "optout_list")).toEqual({ q: "0002", page: { page: 1, pageSize: 50 } }));

    await userEvent.click(screen.getByTestId("optout-remove-1"));
    expect((await screen.findAllByText("将 13900000001 移出退订名单?")).length).toBeGreaterThan(0);
    await userEvent.click(await findId("confirm-delete"));
    await waitFor(() => expect(sent(calls, "optout_remove")).toEqual([{ id: 1 }]));
    expect(await screen.findByText("已移出退订名单")).toBeTruthy();
  });

  it("登记退订: by hand (already listed is said so); a customer's reply the backend refuses shows under the reply", async () => {
    const refusal = "这条回复不是退订指令(T、TD、N、R 或“退订”)";
    const calls = backend({
      optout_add: () => false,
      optout_reply: ({ reply }: { reply: string }) => {
        if (reply === "TD") return true;
        throw { code: "VALIDATION", field: "reply", message: refusal };
      },
    });
    renderPage(<Marketing />, { route: ROUTE });
    await userEvent.click(await screen.findByTestId("campaigns-view-optouts"));
    await userEvent.click(await findId("optout-add"));
    // The number is needed.
    await userEvent.click(await findId("optout-save"));
    expect(await screen.findByText("请填写手机号")).toBeTruthy();
    await userEvent.type(byId("optout-phone"), " +86 139 0000 0001 ");
    expect(document.getElementById("optout-reply")).toBeNull();
    await userEvent.click(byId("optout-save"));
    await waitFor(() => expect(sent(calls, "optout_add")).toEqual([{ phone: "+86 139 0000 0001" }]));
    expect(await screen.findByText("该号码已在退订名单中")).toBeTruthy();
    await waitFor(() => expect(document.getElementById("optout-phone")).toBeNull());

    // A customer's reply.
    await userEvent.click(byId("optout-add"));
    await userEvent.click(await screen.findByTestId("optout-mode-reply"));
    await userEvent.type(await findId("optout-phone"), "13900000003");
    await userEvent.type(await findId("optout-reply"), "OK thanks");
    await userEvent.click(byId("optout-save"));
    await waitFor(() => expect(last(calls, "optout_reply")).toEqual({ phone: "13900000003", reply: "OK thanks" }));
    const err = await screen.findByText(refusal);
    expect(err.closest(".ant-form-item")!.querySelector("#optout-reply")).toBeTruthy();
    expect((byId("optout-reply") as HTMLInputElement).value).toBe("OK thanks");
    // An opt-out word goes through.
    await userEvent.clear(byId("optout-reply"));
    await userEvent.type(byId("optout-reply"), "TD");
    await userEvent.click(byId("optout-save"));
    await waitFor(() => expect(last(calls, "optout_reply")).toEqual({ phone: "13900000003", reply: "TD" }));
    expect(await screen.findByText("已登记退订")).toBeTruthy();
    expect(sent(calls, "optout_add")).toHaveLength(1);
  });
});
