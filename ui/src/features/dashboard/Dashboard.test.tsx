import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Route, Routes, useLocation } from "react-router";
import type { ChartClick } from "../../components/charts/EChart";
import { renderPage, userWith } from "../../test/render";
import Dashboard from "./Dashboard";

// jsdom has no canvas: the chart is a stand-in that shows its series and, on a click of
// its button, reports the click the test set up (as ECharts would for a segment).
const chart = vi.hoisted(() => ({ next: { name: "", dataIndex: 0 } as { name: string; seriesName?: string; dataIndex: number } }));
vi.mock("../../components/charts/EChart", () => ({
  default: ({
    option,
    onItemClick,
  }: {
    option: { series: { type: string; data: unknown[] }[] };
    onItemClick?: (e: ChartClick) => void;
  }) => (
    <div data-testid="echart" data-type={option.series[0]?.type} data-points={JSON.stringify(option.series.map((s) => s.data))}>
      <button data-testid="echart-click" onClick={() => onItemClick?.(chart.next)} />
    </div>
  ),
}));

afterEach(() => clearMocks());

const ZEROS = Array(12).fill("0.00");
const card = (key: string, over: object = {}) => ({
  key,
  count: 0,
  amount: null,
  prevCount: 0,
  prevAmount: null,
  changePct: null,
  ...over,
});

const DASH = {
  scope: "department",
  scopeOptions: ["own", "department", "department_tree"],
  from: "2030-05-01",
  to: "2030-05-31",
  prevFrom: "2030-04-01",
  prevTo: "2030-04-30",
  singleOwner: null as number | null,
  cards: [
    card("leads", { count: 12, prevCount: 10, changePct: "20.00" }),
    card("customers", { count: 4, prevCount: 4, changePct: "0.00" }),
    card("opportunities", { count: 3 }),
    card("contracts", { count: 3, amount: "1234567.50", prevCount: 2, prevAmount: "1000000.00", changePct: "23.46" }),
    card("receipts", { count: 2, amount: "87500.00", prevCount: 3, prevAmount: "100000.00", changePct: "-12.50" }),
    card("followUps", { count: 9, prevCount: 0, changePct: null }),
  ],
  funnel: [
    { stage: "初步接洽", probability: 10, count: 5, amount: "500000.00", weighted: "50000.00", conversion: null },
    { stage: "需求确认", probability: 30, count: 3, amount: "300000.00", weighted: "90000.00", conversion: "60.00" },
  ],
  monthly: { year: 2030, contracts: ["100.00", ...ZEROS.slice(1)], contractsLastYear: ZEROS, receipts: ZEROS, receiptsLastYear: ZEROS },
  target: { basis: "contracts", target: null, achieved: "1234567.50", completion: null },
  leadSources: [
    { name: "官网", count: 8 },
    { name: null, count: 4 },
  ],
  customerMix: [
    { level: "a", status: "potential", count: 2 },
    { level: "b", status: "deal", count: 5 },
  ],
  topReps: [
    { userId: 3, name: "张三", count: 2, amount: "1000000.00" },
    { userId: 5, name: "李四", count: 1, amount: "234567.50" },
  ],
  todo: {
    followUps: 2,
    overdue: 1,
    visits: 0,
    returnVisits: 1,
    expiring: 3,
    plansDue: 1,
    plansOverdue: 0,
    invoiceRequests: 0,
    receiptsToConfirm: 0,
    service: { assignedNew: 0, atRisk: 0, breached: 0, unrated: 0, total: 0 },
    total: 7,
  },
  seaSoon: [{ id: 41, customerName: "宁波港务集团", ownerId: 3, ownerName: "张三", recycleAt: "2030-05-20T00:00:00", daysLeft: 2 }],
  seaSoonTotal: 6,
  forgotten: [
    { days: 7, count: 9 },
    { days: 15, count: 5 },
    { days: 30, count: 2 },
    { days: 90, count: 0 },
  ],
};

type Calls = [string, Record<string, unknown>][];

function backend(calls: Calls, dash: object = DASH, layout: object = { order: [], hidden: [] }) {
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    switch (cmd) {
      case "dashboard_get":
        return dash;
      case "dashboard_layout_get":
        return layout;
      case "dashboard_layout_set":
        return (args as { layout: unknown }).layout;
      default:
        return null;
    }
  });
}

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}
const page = (
  <Routes>
    <Route path="/dashboard" element={<Dashboard />} />
    <Route path="*" element={<Where />} />
  </Routes>
);
const where = async () => decodeURIComponent((await screen.findByTestId("where")).textContent ?? "");

describe("Dashboard", { timeout: 60_000 }, () => {
  it("asks for this month in the user's scope and shows the cards against the previous period", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(page, { route: "/dashboard" });
    const leads = await screen.findByTestId("dash-card-leads");
    expect(screen.getByTestId("dashboard-page")).toBeTruthy();
    const q = calls.find((c) => c[0] === "dashboard_get")![1].query as Record<string, unknown>;
    const month = { from: dayjs().startOf("month").format("YYYY-MM-DD"), to: dayjs().endOf("month").format("YYYY-MM-DD") };
    expect(q).toEqual({ scope: "all", ...month, tzOffsetMinutes: -new Date().getTimezoneOffset() });

    expect(within(leads).getByText("新增线索")).toBeTruthy();
    expect(screen.getByTestId("dash-card-leads-value").textContent).toBe("12");
    expect(screen.getByTestId("dash-card-leads-change").textContent?.trim()).toBe("20%");
    expect(screen.getByTestId("dash-card-leads-change").dataset.trend).toBe("up");
    expect(screen.getByTestId("dash-card-customers-change").dataset.trend).toBe("flat");
    // Money cards: the exact amount, the count beneath, the change of the amount.
    expect(screen.getByTestId("dash-card-contracts-value").textContent).toBe("¥ 1,234,567.50");
    expect(within(screen.getByTestId("dash-card-contracts")).getByText("3 份合同")).toBeTruthy();
    expect(screen.getByTestId("dash-card-receipts-change").textContent?.trim()).toBe("12.5%");
    expect(screen.getByTestId("dash-card-receipts-change").dataset.trend).toBe("down");
    // No previous figure: "—", never NaN or Infinity.
    expect(screen.getByTestId("dash-card-followUps-change").textContent?.trim()).toBe("—");
    expect(document.body.textContent).not.toMatch(/NaN|Infinity/);
    expect(screen.getByTestId("dash-compare").textContent).toBe("较上期 2030-04-01 ~ 2030-04-30");

    // Every chart, lists and the target without one.
    for (const id of ["funnel", "monthly", "target", "sources", "mix", "reps"]) expect(screen.getByTestId(`dash-chart-${id}`)).toBeTruthy();
    expect(screen.getByTestId("dash-target-target").textContent).toBe("未设定目标");
    expect(screen.getByTestId("dash-target-hint").textContent).toContain("报表 → 销售目标");
    expect(within(screen.getByTestId("dash-todo-followUps")).getByText("2")).toBeTruthy();
    expect(within(screen.getByTestId("dash-sea-soon")).getByText("宁波港务集团")).toBeTruthy();
    expect(screen.getByTestId("dash-sea-all").textContent).toBe("查看全部 6 个");
    expect(screen.getByTestId("dash-forgotten-30").textContent).toContain("超过 30 天未跟进");
  });

  it("the scope selector offers only the scopes the backend allows and asks again with the chosen one", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-card-leads");
    const select = screen.getByTestId("dash-scope");
    expect(select.textContent).toContain("本部门");
    fireEvent.mouseDown(select.querySelector(".ant-select-selector, .ant-select-content, input") ?? select);
    const options = await waitFor(() => {
      const xs = [...document.querySelectorAll(".ant-select-item-option")].map((o) => o.textContent);
      expect(xs.length).toBeGreaterThan(0);
      return xs;
    });
    expect(options).toEqual(["本人", "本部门", "本部门及下级部门"]);
    await userEvent.click(document.querySelector('.ant-select-item-option[title="本人"]') ?? screen.getByTitle("本人"));
    await waitFor(() =>
      expect(calls.filter((c) => c[0] === "dashboard_get").map((c) => (c[1].query as { scope: string }).scope)).toContain("own"),
    );
  });

  it("the period switch asks for the week (Monday first) and the year", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-card-leads");
    await userEvent.click(screen.getByTestId("dash-period-week"));
    const monday = dayjs().subtract((dayjs().day() + 6) % 7, "day");
    await waitFor(() =>
      expect(calls.map((c) => c[1].query)).toContainEqual(
        expect.objectContaining({ from: monday.format("YYYY-MM-DD"), to: monday.add(6, "day").format("YYYY-MM-DD") }),
      ),
    );
    await userEvent.click(screen.getByTestId("dash-period-year"));
    await waitFor(() =>
      expect(calls.map((c) => c[1].query)).toContainEqual(
        expect.objectContaining({ from: `${dayjs().year()}-01-01`, to: `${dayjs().year()}-12-31` }),
      ),
    );
  });

  it("a card opens its list filtered by the period", async () => {
    backend([]);
    renderPage(page, { route: "/dashboard" });
    await userEvent.click(await screen.findByTestId("dash-card-leads"));
    expect(await where()).toBe("/leads?createdFrom=2030-05-01&createdTo=2030-05-31");
  });

  it("about one user, the lists are narrowed to them too", async () => {
    backend([], { ...DASH, scope: "own", singleOwner: 7 });
    renderPage(page, { route: "/dashboard", user: userWith() });
    await userEvent.click(await screen.findByTestId("dash-card-contracts"));
    expect(await where()).toBe("/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31&createdBy=7");
  });

  it("a funnel stage opens the open opportunities at that stage (without a canvas click too)", async () => {
    backend([]);
    renderPage(page, { route: "/dashboard" });
    await userEvent.click(await screen.findByTestId("dash-funnel-stage-1"));
    expect(await where()).toBe("/opportunities?stage=需求确认&status=in_progress");
  });

  it("chart segments open their slice: a lead source, a level × status, a rep", async () => {
    backend([]);
    const r = renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-chart-sources");
    chart.next = { name: "官网", dataIndex: 0 };
    await userEvent.click(within(screen.getByTestId("dash-chart-sources")).getByTestId("echart-click"));
    expect(await where()).toBe("/leads?source=官网&createdFrom=2030-05-01&createdTo=2030-05-31");
    r.unmount();

    backend([]);
    const r2 = renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-chart-mix");
    chart.next = { name: "B", seriesName: "成交", dataIndex: 1 };
    await userEvent.click(within(screen.getByTestId("dash-chart-mix")).getByTestId("echart-click"));
    expect(await where()).toBe("/customers?level=b&status=deal");
    r2.unmount();

    backend([]);
    renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-chart-reps");
    // Bars are drawn bottom-up: index 1 is the best rep.
    chart.next = { name: "张三", dataIndex: 1 };
    await userEvent.click(within(screen.getByTestId("dash-chart-reps")).getByTestId("echart-click"));
    expect(await where()).toBe("/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31&createdBy=3");
  });

  it("lists open the to-do, the customers about to be recycled and the forgotten ones", async () => {
    backend([]);
    const r = renderPage(page, { route: "/dashboard" });
    await userEvent.click(await screen.findByTestId("dash-forgotten-15"));
    expect(await where()).toBe("/customers?idleDays=15");
    r.unmount();
    backend([]);
    const r2 = renderPage(page, { route: "/dashboard" });
    await userEvent.click(await screen.findByTestId("dash-sea-all"));
    expect(await where()).toBe("/customers?expiring=1");
    r2.unmount();
    backend([]);
    renderPage(page, { route: "/dashboard" });
    await userEvent.click(await screen.findByTestId("dash-todo-expiring"));
    expect(await where()).toBe("/todo");
  });

  it("renders the blocks in the saved order, hidden ones left out", async () => {
    backend([], DASH, { order: ["topReps", "funnel"], hidden: ["leads", "monthly", "todo"] });
    renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-card-customers");
    expect(screen.queryByTestId("dash-card-leads")).toBeNull();
    expect(screen.queryByTestId("dash-chart-monthly")).toBeNull();
    expect(screen.queryByTestId("dash-block-todo")).toBeNull();
    const order = [...document.querySelectorAll('[data-testid^="dash-block-"]')].map((e) => e.getAttribute("data-testid"));
    expect(order.slice(0, 2)).toEqual(["dash-block-topReps", "dash-block-funnel"]);
  });

  it("empty charts say 暂无数据", async () => {
    backend([], { ...DASH, funnel: [], leadSources: [], customerMix: [], topReps: [], monthly: { ...DASH.monthly, contracts: ZEROS } });
    renderPage(page, { route: "/dashboard" });
    await screen.findByTestId("dash-chart-funnel");
    for (const id of ["funnel", "monthly", "sources", "mix", "reps"]) {
      const c = screen.getByTestId(`dash-chart-${id}`);
      expect(c.dataset.empty, id).toBe("true");
      expect(within(c).getByText("暂无数据")).toBeTruthy();
    }
    expect(screen.queryByTestId("dash-funnel-stage-0")).toBeNull();
  });

  it("shows a skeleton while loading and an error with a retry", async () => {
    let fail = true;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    mockIPC(async (cmd) => {
      if (cmd === "dashboard_layout_get") return { order: [], hidden: [] };
      if (cmd === "dashboard_get") {
        await gate;
        if (fail) throw { code: "INTERNAL", message: "boom" };
        return DASH;
      }
      return null;
    });
    renderPage(page, { route: "/dashboard" });
    expect(await screen.findByTestId("dash-loading")).toBeTruthy();
    await act(async () => release());
    const err = await screen.findByTestId("dash-error");
    expect(err.textContent).toContain("工作台数据加载失败");
    expect(err.textContent).toContain("boom");
    fail = false;
    await userEvent.click(within(err).getByRole("button", { name: /重\s*试/ }));
    expect(await screen.findByTestId("dash-card-leads")).toBeTruthy();
  });

  it("speaks English", async () => {
    backend([]);
    renderPage(page, { route: "/dashboard", lang: "en-US" });
    expect(within(await screen.findByTestId("dash-card-leads")).getByText("New leads")).toBeTruthy();
    expect(screen.getByTestId("dash-compare").textContent).toBe("vs. previous period 2030-04-01 – 2030-04-30");
    expect(screen.getByTestId("dash-target-target").textContent).toBe("No target set");
  });
});
