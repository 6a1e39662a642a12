import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it } from "vitest";
import { Route, Routes, useLocation } from "react-router";
import { renderPage, userWith } from "../../test/render";
import { translate } from "../../i18n";
import { countParts } from "./counts";
import Todo from "./Todo";

dayjs.extend(utc);
afterEach(() => clearMocks());

const at = (d: dayjs.Dayjs) => d.utc().format("YYYY-MM-DDTHH:mm:ss");
const follow = (id: number, next: dayjs.Dayjs, over: object = {}) => ({
  id,
  relationType: "customer",
  relationId: 7,
  relationName: "杭州远航物流有限公司",
  followType: "电话",
  content: "介绍了产品",
  nextFollowTime: at(next),
  nextContent: "发送报价单",
  nextDone: false,
  createdBy: 1,
  createdByName: "管理员",
  createdAt: at(dayjs().subtract(3, "day")),
  updatedAt: at(dayjs().subtract(3, "day")),
  ...over,
});

const BOARD = {
  counts: {
    followUps: 2,
    overdue: 1,
    visits: 1,
    returnVisits: 0,
    expiring: 1,
    plansDue: 0,
    plansOverdue: 0,
    invoiceRequests: 0,
    receiptsToConfirm: 0,
    service: { assignedNew: 0, atRisk: 0, breached: 0, unrated: 0, total: 0 },
    total: 4,
  },
  followUps: [
    follow(11, dayjs().subtract(1, "day")),
    follow(12, dayjs().add(2, "hour"), { relationType: "lead", relationId: 3, relationName: "王经理", nextContent: "约见面谈" }),
  ],
  visits: [
    { id: 4, customerId: 7, customerName: "杭州远航物流有限公司", title: "上门演示", due: at(dayjs().add(1, "hour")), kind: "visit" },
  ],
  expiring: [
    {
      id: 8,
      customerName: "宁波港务集团",
      customerType: "enterprise",
      industry: null,
      scale: null,
      address: null,
      status: "potential",
      level: "b",
      sourceLeadId: null,
      ownerId: 1,
      ownerName: "管理员",
      inSea: false,
      seaTime: null,
      createdBy: 1,
      createdAt: at(dayjs().subtract(40, "day")),
      updatedAt: at(dayjs().subtract(28, "day")),
      lastFollowAt: at(dayjs().subtract(28, "day")),
      recycleAt: at(dayjs().add(2, "day")),
      daysUntilRecycle: 2,
      tags: [],
      activityId: null,
      activityName: null,
    },
  ],
  plans: [],
  invoiceRequests: [],
  workOrders: [],
};

describe("To-do page", () => {
  it("shows the counts and every item, overdue ones marked", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "todo_board") return BOARD;
      return null;
    });
    renderPage(<Todo />, { route: "/todo" });
    const page = await screen.findByTestId("todo-page");
    await waitFor(() => expect(within(page).getByTestId("todo-follow-11")).toBeTruthy());
    expect(within(screen.getByTestId("todo-count-follow")).getByText("2")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-follow")).getByText("其中已逾期 1")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-visits")).getByText("1")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-return")).getByText("0")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-expiring")).getByText("1")).toBeTruthy();

    const overdue = screen.getByTestId("todo-follow-11");
    expect(within(overdue).getByText("已逾期")).toBeTruthy();
    expect(within(overdue).getByText("发送报价单")).toBeTruthy();
    const later = screen.getByTestId("todo-follow-12");
    expect(within(later).queryByText("已逾期")).toBeNull();
    expect(within(later).getByText("王经理")).toBeTruthy();
    expect(within(screen.getByTestId("todo-visit-4")).getByText("上门演示")).toBeTruthy();
    expect(within(screen.getByTestId("todo-expiring-8")).getByText("2 天后回收")).toBeTruthy();

    const tz = (calls.find((c) => c[0] === "todo_board")![1] as { tzOffsetMinutes: number }).tzOffsetMinutes;
    expect(tz).toBe(-new Date().getTimezoneOffset());
  });

  it("completes a follow-up and reloads the board", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "todo_board") return BOARD;
      return null;
    });
    renderPage(<Todo />, { route: "/todo" });
    await userEvent.click(await screen.findByTestId("todo-done-11"));
    await waitFor(() => expect(calls).toContain("follow_up_done"));
    await waitFor(() => expect(calls.filter((c) => c === "todo_board").length).toBeGreaterThan(1));
  });

  it("opens the follow-up form for the item's customer", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? BOARD : null));
    renderPage(<Todo />, { route: "/todo" });
    const item = await screen.findByTestId("todo-follow-11");
    await userEvent.click(within(item).getByRole("button", { name: /写跟进/ }));
    expect(await screen.findByText("写跟进", { selector: ".ant-modal-title span" })).toBeTruthy();
    expect(document.getElementById("follow-content")).toBeTruthy();
  });
});

const day = (n: number) => dayjs().add(n, "day").format("YYYY-MM-DD");
const todoPlan = (id: number, planDate: string, overdueDays: number | null, over: object = {}) => ({
  id,
  contractId: 40 + id,
  contractNo: `HT-2030-00${40 + id}`,
  customerName: "杭州云帆科技有限公司",
  planDate,
  planAmount: "12000.50",
  paymentTerm: "验收款",
  overdueDays,
  ...over,
});

const MONEY_BOARD = {
  ...BOARD,
  counts: { ...BOARD.counts, plansDue: 2, plansOverdue: 1, invoiceRequests: 1, receiptsToConfirm: 3, total: 10 },
  // The backend sends them oldest first; the board shows the overdue one first either way.
  plans: [todoPlan(2, day(0), null), todoPlan(1, day(-9), 9, { paymentTerm: null }), todoPlan(3, day(5), null)],
  invoiceRequests: [
    {
      id: 31,
      contractId: 4,
      contractNo: "HT-2030-0004",
      customerName: "杭州云帆科技有限公司",
      invoiceType: "增值税专用发票",
      amount: "2000.00",
      title: "杭州云帆科技有限公司",
      taxNo: null,
      buyerAddressPhone: null,
      buyerBankAccount: null,
      remark: null,
      status: "pending",
      requestedBy: 7,
      requestedByName: "张三",
      invoiceId: null,
      rejectReason: null,
      createdAt: at(dayjs().subtract(1, "hour")),
    },
  ],
};

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}

const board = () => (
  <Routes>
    <Route path="/todo" element={<Todo />} />
    <Route path="*" element={<Where />} />
  </Routes>
);

describe("To-do page: receivables", { timeout: 60_000 }, () => {
  it("lists overdue plans first in red with their days, then those falling due; a plan opens its contract's receivables tab", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? MONEY_BOARD : null));
    renderPage(board(), { route: "/todo", user: userWith("payment:read", "follow_up:read") });
    const section = await screen.findByTestId("todo-plans");
    expect(within(section).getByText("回款计划")).toBeTruthy();
    const items = [...section.querySelectorAll('[data-testid^="todo-plan-"][class="todo-item"]')].map((e) => e.getAttribute("data-testid"));
    expect(items).toEqual(["todo-plan-1", "todo-plan-2", "todo-plan-3"]);

    const overdue = screen.getByTestId("todo-plan-1");
    expect(within(overdue).getByTestId("todo-plan-overdue-1").textContent).toBe("逾期 9 天");
    expect(within(overdue).getByTestId("todo-plan-amount-1").className).toContain("danger");
    expect(within(overdue).getByText("¥ 12,000.50", { exact: false })).toBeTruthy();
    expect(within(overdue).getByText("杭州云帆科技有限公司")).toBeTruthy();
    expect(within(screen.getByTestId("todo-plan-2")).getByText("今天到期")).toBeTruthy();
    expect(within(screen.getByTestId("todo-plan-2")).queryByText(/逾期/)).toBeNull();
    expect(within(screen.getByTestId("todo-plan-3")).getByText("5 天后到期")).toBeTruthy();
    expect(within(screen.getByTestId("todo-plan-3")).getByText("验收款")).toBeTruthy();

    // The counts: 3 plans, 1 of them overdue; no finance cards for a rep.
    expect(within(screen.getByTestId("todo-count-plans")).getByText("3")).toBeTruthy();
    expect(screen.getByTestId("todo-count-plans-overdue").textContent).toBe("其中已逾期 1");
    expect(screen.queryByTestId("todo-count-receipts")).toBeNull();
    expect(screen.queryByTestId("todo-count-requests")).toBeNull();
    expect(screen.queryByTestId("todo-requests")).toBeNull();

    await userEvent.click(within(overdue).getByTestId("todo-plan-link-1"));
    expect((await screen.findByTestId("where")).textContent).toBe("/contracts?id=41&tab=receivables");
  });

  it("finance sees the invoice requests (to the finance desk) and the receipts to confirm", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? MONEY_BOARD : null));
    renderPage(board(), { route: "/todo", user: userWith("payment:*", "invoice:*") });
    const requests = await screen.findByTestId("todo-requests");
    const item = within(requests).getByTestId("todo-request-31");
    expect(within(item).getByText("增值税专用发票")).toBeTruthy();
    expect(within(item).getByText("¥ 2,000.00")).toBeTruthy();
    expect(within(item).getByText(/HT-2030-0004 · 张三 申请/)).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-receipts")).getByText("3")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-requests")).getByText("1")).toBeTruthy();
    await userEvent.click(within(requests).getByTestId("todo-to-finance"));
    expect((await screen.findByTestId("where")).textContent).toBe("/finance");
  });

  it("users without payment:read see no plan section; zero counts say nothing", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? BOARD : null));
    renderPage(<Todo />, { route: "/todo", user: userWith("follow_up:read") });
    await screen.findByTestId("todo-follow-11");
    expect(screen.queryByTestId("todo-plans")).toBeNull();
    expect(screen.queryByTestId("todo-count-plans")).toBeNull();
  });

  it("the sidebar badge's breakdown names the non-zero counts only", () => {
    const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);
    expect(countParts(t, MONEY_BOARD.counts)).toEqual([
      "待跟进 2",
      "今日拜访 1",
      "即将回收 1",
      "回款计划 3",
      "待确认回款 3",
      "待开票申请 1",
    ]);
    expect(countParts(t, { ...BOARD.counts, followUps: 0, visits: 0, expiring: 0 })).toEqual([]);
  });
});

describe("To-do page: work orders", { timeout: 60_000 }, () => {
  const wo = (id: number, over: object) => ({
    id,
    orderNo: `GD2030010${id}`,
    customerId: 3,
    customerName: "杭州云帆科技有限公司",
    contactId: null,
    contactName: null,
    contractId: null,
    contractNo: null,
    orderType: "售后问题",
    title: `打印机无法连接 ${id}`,
    priority: "urgent",
    status: "pending",
    assigneeId: 1,
    assigneeName: "管理员",
    createdBy: 7,
    createdByName: "王销售",
    createdAt: at(dayjs().subtract(1, "hour")),
    updatedAt: at(dayjs().subtract(1, "hour")),
    responseDueAt: at(dayjs().subtract(10, "minute")),
    resolveDueAt: at(dayjs().add(3, "hour")),
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    slaDueAt: at(dayjs().subtract(10, "minute")),
    slaClock: "response",
    slaState: "breached",
    slaSecondsLeft: -600,
    responseBreached: true,
    reopenCount: 0,
    satisfaction: null,
    lockVersion: 1,
    ...over,
  });
  const SERVICE_BOARD = {
    ...BOARD,
    counts: { ...BOARD.counts, service: { assignedNew: 1, atRisk: 0, breached: 1, unrated: 1, total: 2 }, total: 6 },
    workOrders: [
      wo(51, {}),
      wo(52, { status: "resolved", priority: "normal", slaDueAt: null, slaClock: null, slaState: "met", slaSecondsLeft: null }),
    ],
  };

  it("lists my orders needing me with their countdowns and counts; an order opens on the service page", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? SERVICE_BOARD : null));
    renderPage(board(), { route: "/todo", user: userWith("service:read", "service:update", "follow_up:read") });
    const section = await screen.findByTestId("todo-work-orders");
    expect(within(section).getByTestId("todo-wo-sla-51").textContent).toBe("超时 10分");
    expect(within(screen.getByTestId("todo-wo-52")).getByText("待录入满意度")).toBeTruthy();
    expect(screen.getByTestId("todo-wo-count-assignedNew").textContent).toBe("新指派 1");
    expect(screen.getByTestId("todo-wo-count-breached").textContent).toBe("已超时 1");
    expect(screen.getByTestId("todo-wo-count-unrated").textContent).toBe("待评价 1");
    expect(within(screen.getByTestId("todo-count-service")).getByText("2")).toBeTruthy();
    await userEvent.click(screen.getByTestId("todo-wo-link-51"));
    expect((await screen.findByTestId("where")).textContent).toBe("/service?id=51");
  });

  it("without service:read there is no work-order section or card; the badge's breakdown names the orders", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? SERVICE_BOARD : null));
    renderPage(board(), { route: "/todo", user: userWith("follow_up:read") });
    await screen.findByTestId("todo-follow-11");
    expect(screen.queryByTestId("todo-work-orders")).toBeNull();
    expect(screen.queryByTestId("todo-count-service")).toBeNull();
    const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);
    expect(countParts(t, SERVICE_BOARD.counts)).toContain("服务工单 2");
  });
});
