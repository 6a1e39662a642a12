import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { WorkOrderDetail, WorkOrderFilter } from "../../api";
import { translate } from "../../i18n";
import { renderPage, userWith } from "../../test/render";
import { detail, event, inSeconds, order, page, SETTINGS } from "./fixtures";
import { describeEvent } from "./labels";
import Service from "./Service";
import { countdownText, formatMinutes } from "./sla";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);
const byId = (id: string) => document.getElementById(id)!;
/** The element with this id, once it is there. */
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });

/** A backend for the service page: the list, one detail, and every command recorded. */
function backend({
  rows = [] as ReturnType<typeof order>[],
  detailOf = null as WorkOrderDetail | null,
  fail = {} as Record<string, object>,
} = {}) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (fail[cmd]) throw fail[cmd];
    if (cmd === "work_order_list") return page(rows);
    if (cmd === "work_order_get") return detailOf;
    if (cmd === "service_settings_get") return SETTINGS;
    if (cmd === "work_order_handlers") return [{ id: 9, label: "褚客服", hint: "chukf" }];
    if (cmd.startsWith("work_order_")) return detailOf?.order ?? null;
    return null;
  });
  return calls;
}

const lastFilter = (calls: Calls) => calls.filter(([c]) => c === "work_order_list").slice(-1)[0][1].filter as WorkOrderFilter;

describe("SLA formatting", () => {
  it("writes durations in at most two units, both languages", () => {
    expect(formatMinutes(t, 65)).toBe("1小时5分");
    expect(formatMinutes(t, 35)).toBe("35分");
    expect(formatMinutes(t, 120)).toBe("2小时");
    expect(formatMinutes(t, 1500)).toBe("1天1小时");
    const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("en-US", k, v);
    expect(formatMinutes(en, 65)).toBe("1h 5m");
    expect(countdownText(t, 2 * 3600 + 15 * 60 - 1)).toBe("剩余 2小时15分");
    expect(countdownText(t, -35 * 60 - 20)).toBe("超时 35分");
    expect(countdownText(t, -10)).toBe("超时 1分");
  });
});

describe("Work-order list", { timeout: 90_000 }, () => {
  it("shows each row's countdown with its colour and clock, the verdict of finished orders, and flags", async () => {
    const calls = backend({
      rows: [
        order(1, { slaDueAt: inSeconds(2 * 3600 + 15 * 60), slaClock: "response", slaState: "onTrack", priority: "urgent" }),
        order(2, {
          status: "processing",
          slaDueAt: inSeconds(-35 * 60),
          slaClock: "resolve",
          slaState: "breached",
          assigneeId: 9,
          assigneeName: "褚客服",
        }),
        order(3, {
          status: "processing",
          slaDueAt: inSeconds(20 * 60),
          slaClock: "resolve",
          slaState: "atRisk",
          responseBreached: true,
          reopenCount: 2,
        }),
        order(4, { status: "resolved", slaDueAt: null, slaClock: null, slaState: "met", slaSecondsLeft: null }),
        order(5, { status: "closed", slaDueAt: null, slaClock: null, slaState: "missed", slaSecondsLeft: null, priority: "low" }),
      ],
    });
    renderPage(<Service />, { route: "/service" });
    const sla1 = await screen.findByTestId("wo-sla-1");
    expect(sla1.textContent).toBe("剩余 2小时15分响应");
    expect(sla1.getAttribute("data-state")).toBe("onTrack");
    expect(sla1.querySelector(".ant-tag-green")).toBeTruthy();
    const sla2 = screen.getByTestId("wo-sla-2");
    expect(sla2.textContent).toBe("超时 35分解决");
    expect(sla2.querySelector(".ant-tag-red")).toBeTruthy();
    expect(screen.getByTestId("wo-sla-3").getAttribute("data-state")).toBe("atRisk");
    expect(screen.getByTestId("wo-sla-3").querySelector(".ant-tag-orange")).toBeTruthy();
    expect(screen.getByTestId("wo-sla-4").textContent).toBe("达标");
    expect(screen.getByTestId("wo-sla-5").textContent).toBe("超时");
    expect(screen.getByTestId("wo-late-response-3").textContent).toBe("响应超时");
    expect(screen.getByTestId("wo-reopened-3").textContent).toBe("重开2");
    expect(screen.getByTestId("wo-priority-1").textContent).toBe("紧急");
    expect(screen.getByTestId("wo-priority-1").className).toContain("ant-tag-red");
    expect(screen.getByTestId("wo-priority-5").textContent).toBe("低");
    expect(screen.getByTestId("wo-status-2").textContent).toBe("处理中");
    // The default list: open orders, nearest deadline first.
    expect(lastFilter(calls)).toMatchObject({ queue: "open", sort: "due", mine: false, unassigned: false, priority: null, q: null });
  });

  it("each filter calls work_order_list with it", async () => {
    const calls = backend({ rows: [order(1)] });
    renderPage(<Service />, { route: "/service" });
    await screen.findByTestId("wo-sla-1");
    await userEvent.click(screen.getByTestId("wo-queue-pending"));
    await waitFor(() => expect(lastFilter(calls).queue).toBe("pending"));
    await userEvent.click(byId("wo-mine"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "pending", mine: true }));
    await userEvent.click(byId("wo-unassigned"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ mine: false, unassigned: true }));
    await userEvent.type(byId("wo-search"), "GD2030{Enter}");
    await waitFor(() => expect(lastFilter(calls).q).toBe("GD2030"));
    fireEvent.mouseDown(byId("wo-filter-sla"));
    await userEvent.click(await screen.findByTitle("已超时"));
    await waitFor(() => expect(lastFilter(calls).sla).toBe("breached"));
    fireEvent.mouseDown(byId("wo-filter-priority"));
    await userEvent.click(await screen.findByTitle("紧急"));
    await waitFor(() => expect(lastFilter(calls).priority).toBe("urgent"));
    fireEvent.mouseDown(byId("wo-sort"));
    await userEvent.click(await screen.findByTitle("优先级"));
    await waitFor(() =>
      expect(lastFilter(calls)).toMatchObject({ sort: "priority", queue: "pending", unassigned: true, q: "GD2030", sla: "breached" }),
    );
  });

  it("a click on a row opens the order's drawer", async () => {
    backend({ rows: [order(1)], detailOf: detail(order(1)) });
    renderPage(<Service />, { route: "/service" });
    await userEvent.click(await screen.findByTestId("wo-open-1"));
    expect((await screen.findByTestId("wo-no")).textContent).toBe(order(1).orderNo);
    expect(screen.getByTestId("wo-content").textContent).toBe("客户反馈打印机无法连接到网络。");
  });

  it("an empty queue says why, helpfully", async () => {
    backend({ rows: [] });
    renderPage(<Service />, { route: "/service" });
    expect(await screen.findByText("没有进行中的工单,队列已清空")).toBeTruthy();
  });
});

describe("Work-order drawer", { timeout: 90_000 }, () => {
  it("takes an unassigned pending order", async () => {
    const calls = backend({ detailOf: detail(order(5), { canTake: true, canWork: true }) });
    renderPage(<Service />, { route: "/service?id=5" });
    await userEvent.click(await findId("wo-take"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_take")?.[1]).toEqual({ id: 5 }));
    expect(await screen.findByText("已接单,开始处理")).toBeTruthy();
    // Not started without a handler: no "start"; pending and unassigned: "assign" (not "transfer").
    expect(document.getElementById("wo-start")).toBeNull();
    expect(byId("wo-assign").textContent).toContain("指派");
  });

  it("taken by someone else first: says who, and shows the order as it is now", async () => {
    const calls = backend({
      detailOf: detail(order(15), { canTake: true }),
      fail: { work_order_take: { code: "CONFLICT", message: "该工单已由 褚客服 接单", field: "assigneeId" } },
    });
    renderPage(<Service />, { route: "/service?id=15" });
    await userEvent.click(await findId("wo-take"));
    expect(await screen.findByText("数据冲突: 该工单已由 褚客服 接单")).toBeTruthy();
    await waitFor(() => expect(calls.filter(([c]) => c === "work_order_get").length).toBeGreaterThan(1));
  });

  it("resolving needs the solution", async () => {
    const o = order(6, { status: "processing", assigneeId: 9, assigneeName: "褚客服", slaClock: "resolve" });
    const calls = backend({ detailOf: detail(o) });
    renderPage(<Service />, { route: "/service?id=6" });
    await userEvent.click(await findId("wo-resolve"));
    await userEvent.click(await findId("wo-text-ok"));
    expect(await screen.findByText("请填写解决方案")).toBeTruthy();
    expect(calls.some(([c]) => c === "work_order_transition")).toBe(false);
    await userEvent.type(byId("wo-text"), "重置了打印机的网络设置");
    await userEvent.click(byId("wo-text-ok"));
    await waitFor(() =>
      expect(calls.find(([c]) => c === "work_order_transition")?.[1]).toEqual({ id: 6, to: "resolved", text: "重置了打印机的网络设置" }),
    );
    expect(await screen.findByText("工单已解决")).toBeTruthy();
  });

  it("closing an open order needs a reason; a resolved one closes without", async () => {
    const open = order(7, { status: "processing", assigneeId: 9 });
    let calls = backend({ detailOf: detail(open) });
    const first = renderPage(<Service />, { route: "/service?id=7" });
    await userEvent.click(await findId("wo-close"));
    await userEvent.click(await findId("wo-text-ok"));
    expect(await screen.findByText("请填写关闭原因")).toBeTruthy();
    expect(calls.some(([c]) => c === "work_order_transition")).toBe(false);
    await userEvent.type(byId("wo-text"), "客户撤销");
    await userEvent.click(byId("wo-text-ok"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_transition")?.[1]).toEqual({ id: 7, to: "closed", text: "客户撤销" }));
    first.unmount();
    clearMocks();

    const done = order(8, { status: "resolved", assigneeId: 9, slaState: "met", slaDueAt: null, slaClock: null });
    calls = backend({ detailOf: detail(done, { solution: "已更换网线" }) });
    renderPage(<Service />, { route: "/service?id=8" });
    await userEvent.click(await findId("wo-close"));
    await userEvent.click(await findId("wo-text-ok"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_transition")?.[1]).toEqual({ id: 8, to: "closed", text: null }));
    // A resolved order shows its solution and may be reopened or rated.
    expect(screen.getByTestId("wo-solution").textContent).toContain("已更换网线");
    expect(byId("wo-reopen")).toBeTruthy();
    expect(byId("wo-rate")).toBeTruthy();
    expect(document.getElementById("wo-resolve")).toBeNull();
  });

  it("a transfer needs a reason and goes to the chosen handler", async () => {
    const o = order(9, { status: "processing", assigneeId: 5, assigneeName: "陈客服" });
    const calls = backend({ detailOf: detail(o) });
    renderPage(<Service />, { route: "/service?id=9" });
    await userEvent.click(await findId("wo-assign"));
    expect(byId("wo-assign").textContent).toContain("转派");
    fireEvent.mouseDown(await findId("wo-assignee"));
    await userEvent.click(await screen.findByTitle("褚客服 (chukf)"));
    await userEvent.click(byId("wo-assign-ok"));
    expect(await screen.findByText("请填写原因")).toBeTruthy();
    await userEvent.type(byId("wo-assign-reason"), "客户在外地");
    await userEvent.click(byId("wo-assign-ok"));
    await waitFor(() =>
      expect(calls.find(([c]) => c === "work_order_assign")?.[1]).toEqual({ id: 9, assigneeId: 9, reason: "客户在外地" }),
    );
  });

  it("records satisfaction 1–5 with a comment", async () => {
    const o = order(10, { status: "resolved", assigneeId: 9, slaState: "met", slaDueAt: null, slaClock: null });
    const calls = backend({ detailOf: detail(o) });
    renderPage(<Service />, { route: "/service?id=10" });
    await userEvent.click(await findId("wo-rate"));
    await userEvent.click(await findId("wo-rate-ok"));
    expect(await screen.findByText("请选择满意度")).toBeTruthy();
    // antd draws each star twice (its two halves): either gives 5 without half stars.
    await userEvent.click(screen.getAllByTestId("wo-star-5")[0]);
    expect(screen.getByTestId("wo-score-label").textContent).toBe("很满意");
    await userEvent.type(byId("wo-rate-comment"), "响应很快");
    await userEvent.click(byId("wo-rate-ok"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_rate")?.[1]).toEqual({ id: 10, score: 5, comment: "响应很快" }));
  });

  it("adds an internal note; only pending orders can be deleted, after a confirmation", async () => {
    const calls = backend({ detailOf: detail(order(11), { canWork: true }) });
    renderPage(<Service />, { route: "/service?id=11" });
    await userEvent.type(await findId("wo-note"), "已电话联系客户");
    await userEvent.click(byId("wo-note-add"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_note")?.[1]).toEqual({ id: 11, content: "已电话联系客户" }));
    await waitFor(() => expect((byId("wo-note") as HTMLTextAreaElement).value).toBe(""));
    await userEvent.click(byId("wo-delete"));
    fireEvent.click(await findId("confirm-delete"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_delete")?.[1]).toEqual({ id: 11 }));
  });

  it("a user who may not work on the order sees no status actions", async () => {
    backend({
      detailOf: detail(order(12, { assigneeId: 9, assigneeName: "褚客服" }), { canWork: false, canAssign: false, canTake: false }),
    });
    renderPage(<Service />, { route: "/service?id=12", user: { ...userWith("service:read", "service:create"), id: 2 } });
    await screen.findByTestId("wo-no");
    for (const id of ["wo-take", "wo-start", "wo-resolve", "wo-close", "wo-assign", "wo-rate", "wo-delete", "wo-edit"])
      expect(document.getElementById(id), id).toBeNull();
    // A creator may still add a note.
    expect(byId("wo-note")).toBeTruthy();
  });
});

describe("Work-order attachments", { timeout: 90_000 }, () => {
  const file = (id: number, fileName: string, createdBy: number) => ({
    id,
    fileName,
    mimeType: "image/png",
    fileSize: 2048,
    createdBy,
    createdAt: "2030-01-03T00:00:00",
  });

  it("saves and opens files as work-order attachments; deletes the caller's own", async () => {
    const calls = backend({
      detailOf: detail(order(14, { status: "processing", assigneeId: 9 }), {
        canWork: false,
        canAssign: false,
        attachments: [file(1, "截图.png", 2), file(2, "日志.txt", 9)],
      }),
    });
    renderPage(<Service />, { route: "/service?id=14", user: { ...userWith("service:read", "service:create"), id: 2 } });
    await userEvent.click(await findId("attach-upload").then(() => screen.getByTestId("attach-save-1")));
    await waitFor(() =>
      expect(calls.find(([c]) => c === "file_save_as")?.[1]).toEqual({ kind: "workOrderAttachment", id: 1, period: null }),
    );
    // Someone else's file stays unless the caller works on the order.
    expect(screen.queryByTestId("attach-delete-2")).toBeNull();
    await userEvent.click(screen.getByTestId("attach-delete-1"));
    fireEvent.click(await findId("confirm-delete"));
    await waitFor(() => expect(calls.find(([c]) => c === "work_order_detach")?.[1]).toEqual({ id: 1 }));
  });
});

describe("Timeline", { timeout: 90_000 }, () => {
  const events = [
    event(1, "create", { toStatus: "pending" }),
    event(2, "assign", { actorName: "王主管", assigneeId: 5, assigneeName: "陈客服" }),
    event(3, "take", { actorName: "陈客服", fromStatus: "pending", toStatus: "processing" }),
    event(4, "transfer", { actorName: "王销售", assigneeId: 9, assigneeName: "褚客服", content: "客户在外地" }),
    event(5, "note", { actorName: "褚客服", content: "已远程协助" }),
    event(6, "priority", { content: "普通 → 紧急" }),
    event(7, "status", { actorName: "褚客服", fromStatus: "processing", toStatus: "resolved", content: "重置网络" }),
    event(8, "reopen", { actorName: "王销售", fromStatus: "resolved", toStatus: "processing", content: "问题复现" }),
    event(9, "rate", { actorName: "褚客服", content: "5|服务很好" }),
    event(10, "rate", { actorName: "褚客服", content: "3" }),
    event(11, "attach", { content: "截图.png" }),
    event(12, "edit", { actorId: null, actorName: null }),
  ];

  it("reads each event as a sentence", () => {
    const texts = events.map((e) => describeEvent(t, e));
    expect(texts.map((v) => v.text)).toEqual([
      "王销售 创建了工单",
      "王主管 指派给 陈客服",
      "陈客服 接单并开始处理",
      "王销售 转派给 褚客服:客户在外地",
      "褚客服 添加了备注",
      "王销售 将优先级由 普通 改为 紧急",
      "褚客服 将状态由 处理中 改为 已解决",
      "王销售 重新打开了工单",
      "褚客服 录入满意度 5 分(很满意)",
      "褚客服 录入满意度 3 分(一般)",
      "王销售 上传了附件 截图.png",
      "系统 修改了工单信息",
    ]);
    expect(texts[4].quote).toBe("已远程协助");
    expect(texts[6]).toMatchObject({ quote: "重置网络", quoteLabel: "解决方案" });
    expect(texts[7]).toMatchObject({ quote: "问题复现", quoteLabel: "重新打开原因" });
    expect(texts[8].quote).toBe("服务很好");
    const en = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("en-US", k, v);
    expect(describeEvent(en, events[5]).text).toBe("王销售 changed the priority from Normal to Urgent");
  });

  it("shows the timeline in the drawer, notes quoted", async () => {
    backend({ detailOf: detail(order(13), { events }) });
    renderPage(<Service />, { route: "/service?id=13" });
    const timeline = await screen.findByTestId("wo-timeline");
    expect(within(timeline).getByText("陈客服 接单并开始处理")).toBeTruthy();
    expect(within(screen.getByTestId("wo-event-5")).getByText("已远程协助").tagName).toBe("BLOCKQUOTE");
    expect(within(screen.getByTestId("wo-event-4")).getByText("王销售 转派给 褚客服:客户在外地")).toBeTruthy();
  });
});
