import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Report } from "../../api/types/Report";
import type { ReportKind } from "../../api/types/ReportKind";
import type { StatsQuery } from "../../api/types/StatsQuery";
import MainLayout from "../../app/MainLayout";
import type { ChartClick } from "../../components/charts/EChart";
import { ADMIN, renderPage, userWith } from "../../test/render";
import Reports from "./Reports";

// jsdom has no canvas: the chart is a stand-in that shows its option's title and offers a click on item 0.
vi.mock("../../components/charts/EChart", () => ({
  default: ({
    option,
    testid,
    onItemClick,
  }: {
    option: { title?: { text?: string } };
    testid?: string;
    onItemClick?: (e: ChartClick) => void;
  }) => (
    <div data-testid={testid}>
      <span>{option.title?.text}</span>
      {onItemClick && (
        <button type="button" data-testid={`${testid}-click`} onClick={() => onItemClick({ name: "", dataIndex: 0 })}>
          click
        </button>
      )}
    </div>
  ),
}));

afterEach(() => clearMocks());

const col = (key: string, zh: string, en: string, kind: Report["tables"][number]["columns"][number]["kind"]) => ({ key, zh, en, kind });

const PERFORMANCE = (q: StatsQuery): Report => ({
  kind: "performance",
  scope: q.scope,
  scopeOptions: ["own", "department", "all"],
  from: q.from,
  to: q.to,
  tables: [
    {
      key: "reps",
      titleZh: "按员工",
      titleEn: "By rep",
      noteZh: "完成率 = 期间签约合同金额 ÷ 期间所跨月份的目标之和",
      noteEn: "Completion = contract amount signed in the period ÷ the targets of the months it spans",
      columns: [
        col("name", "员工", "Rep", "text"),
        col("dept", "部门", "Department", "text"),
        col("contracts", "签约合同", "Contracts signed", "count"),
        col("contractAmount", "合同金额", "Contract amount", "money"),
        col("target", "目标", "Target", "money"),
        col("completion", "完成率(%)", "Completion (%)", "percent"),
      ],
      rows: [
        ["张三", "华东销售部", "3", "1234567.50", "1000000.00", "123.46"],
        ["李四", null, "0", "0.00", null, null],
      ],
      total: ["合计", null, "3", "1234567.50", "1000000.00", "123.46"],
      chart: { kind: "barLine", label: 0, values: [3, 4] },
      rowKeys: ["7", "8"],
    },
    {
      key: "depts",
      titleZh: "按部门(含下级部门)",
      titleEn: "By department (with sub-departments)",
      noteZh: null,
      noteEn: null,
      columns: [col("dept", "部门", "Department", "text"), col("contractAmount", "合同金额", "Contract amount", "money")],
      rows: [],
      total: null,
      chart: { kind: "bar", label: 0, values: [1] },
      rowKeys: [],
    },
  ],
});

const FUNNEL = (q: StatsQuery): Report => ({
  kind: "funnel",
  scope: q.scope,
  scopeOptions: ["own", "all"],
  from: q.from,
  to: q.to,
  tables: [
    {
      key: "stages",
      titleZh: "按阶段",
      titleEn: "By stage",
      noteZh: null,
      noteEn: null,
      columns: [
        col("stage", "阶段", "Stage", "text"),
        col("count", "商机数", "Opportunities", "count"),
        col("reached", "到达此阶段", "Reached", "count"),
      ],
      rows: [
        ["初步接洽", "4", "10"],
        ["方案报价", "2", "6"],
      ],
      total: ["合计", "6", null],
      chart: { kind: "funnel", label: 0, values: [2] },
      rowKeys: ["初步接洽", "方案报价"],
    },
  ],
});

type Calls = { reports: { kind: ReportKind; query: StatsQuery }[]; exports: { kind: ReportKind; query: StatsQuery }[]; opened: string[] };

function backend(opts: { exportFails?: boolean } = {}) {
  const calls: Calls = { reports: [], exports: [], opened: [] };
  mockIPC((cmd, args) => {
    const a = args as { kind: ReportKind; query: StatsQuery; path: string };
    if (cmd === "report_get") {
      calls.reports.push({ kind: a.kind, query: a.query });
      return a.kind === "funnel" ? FUNNEL(a.query) : PERFORMANCE(a.query);
    }
    if (cmd === "report_export") {
      calls.exports.push({ kind: a.kind, query: a.query });
      if (opts.exportFails) throw { code: "INTERNAL", message: "无法写入下载目录" };
      return "/home/rep/Downloads/销售简报-2026-03.xlsx";
    }
    if (cmd === "export_open") {
      calls.opened.push(a.path);
      return null;
    }
    if (cmd === "dept_tree") return [{ id: 2, deptName: "华东销售部", parentId: null, sort: 0, userCount: 2, children: [] }];
    if (cmd === "todo_counts")
      return {
        followUps: 0,
        overdue: 0,
        visits: 0,
        returnVisits: 0,
        expiring: 0,
        plansDue: 0,
        plansOverdue: 0,
        invoiceRequests: 0,
        receiptsToConfirm: 0,
        service: { assignedNew: 0, atRisk: 0, breached: 0, unrated: 0, total: 0 },
        total: 0,
      };
    return null;
  });
  return calls;
}

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}

const page = (opts: { route?: string; user?: typeof ADMIN; lang?: "zh-CN" | "en-US" } = {}) =>
  renderPage(
    <Routes>
      <Route path="/reports" element={<Reports />} />
      <Route path="*" element={<Where />} />
    </Routes>,
    { route: opts.route ?? "/reports", user: opts.user ?? userWith("report:read", "contract:read", "opportunity:read"), lang: opts.lang },
  );

const latest = <T,>(xs: T[]): T => xs[xs.length - 1];

const THIS_MONTH = { from: dayjs().startOf("month").format("YYYY-MM-DD"), to: dayjs().endOf("month").format("YYYY-MM-DD") };

describe("报表", { timeout: 90_000 }, () => {
  it("shows the sales performance: menu, chart, table with money and totals, note; asks for this month in the user's scope", async () => {
    const calls = backend();
    page();
    expect(await screen.findByTestId("reports-page")).toBeTruthy();
    for (const k of ["performance", "funnel", "customers", "followUps", "products", "receivables", "rankings", "targets"])
      expect(screen.getByTestId(`report-menu-${k}`)).toBeTruthy();
    const table = await screen.findByTestId("report-table-reps");
    expect(calls.reports[0]).toEqual({
      kind: "performance",
      query: { scope: "all", deptId: null, ...THIS_MONTH, tzOffsetMinutes: -new Date().getTimezoneOffset() },
    });

    // Columns in Chinese, money with separators and two decimals, percent, empty cells.
    const head = table.querySelector("thead")!;
    for (const title of ["员工", "部门", "签约合同", "合同金额", "目标", "完成率(%)"]) expect(within(head).getByText(title)).toBeTruthy();
    const body = table.querySelector("tbody")!;
    expect(within(body).getByText("¥ 1,234,567.50")).toBeTruthy();
    expect(within(body).getByText("123.46%")).toBeTruthy();
    expect(within(body).getAllByText("—").length).toBe(3);
    // Money is right-aligned.
    expect(within(body).getByText("¥ 1,000,000.00").closest("td")!.style.textAlign).toBe("right");

    // The totals row in the table's footer, bold.
    const total = screen.getByTestId("report-total-reps");
    expect(total.closest("tfoot")).toBeTruthy();
    expect(within(total).getByText("合计")).toBeTruthy();
    expect(within(total).getByText("¥ 1,234,567.50").closest("strong")).toBeTruthy();

    // The chart (from its hint), the note; an empty table has no chart but says so.
    expect(within(screen.getByTestId("report-chart-reps")).getByText("按员工")).toBeTruthy();
    expect(screen.getByText("完成率 = 期间签约合同金额 ÷ 期间所跨月份的目标之和")).toBeTruthy();
    expect(screen.queryByTestId("report-chart-depts")).toBeNull();
    expect(within(screen.getByTestId("report-table-depts")).getByText("该期间没有数据")).toBeTruthy();
    expect(screen.getByTestId("report-period-text").textContent).toBe(`${THIS_MONTH.from} 至 ${THIS_MONTH.to}`);
  });

  it("a rep's row (and bar) opens the contracts that rep signed in the period", async () => {
    backend();
    page();
    await userEvent.click(await screen.findByTestId("report-link-reps-7"));
    expect((await screen.findByTestId("where")).textContent).toBe(
      `/contracts?status=signed&signFrom=${THIS_MONTH.from}&signTo=${THIS_MONTH.to}&createdBy=7`,
    );
  });

  it("a click on the chart opens the row it stands for", async () => {
    backend();
    page();
    await userEvent.click(await screen.findByTestId("report-chart-reps-click"));
    expect((await screen.findByTestId("where")).textContent).toContain("createdBy=7");
  });

  it("no link without contract:read", async () => {
    backend();
    page({ user: userWith("report:read") });
    await screen.findByTestId("report-table-reps");
    expect(screen.queryByTestId("report-link-reps-7")).toBeNull();
    expect(screen.queryByTestId("report-chart-reps-click")).toBeNull();
  });

  it("exports to Excel: busy, then the path and an Open button", async () => {
    const calls = backend();
    page();
    await screen.findByTestId("report-table-reps");
    await userEvent.click(screen.getByTestId("report-export"));
    expect((await screen.findByTestId("report-export-path")).textContent).toContain("/home/rep/Downloads/销售简报-2026-03.xlsx");
    expect(calls.exports).toEqual([{ kind: "performance", query: calls.reports[0].query }]);
    await userEvent.click(screen.getByTestId("report-export-open"));
    await waitFor(() => expect(calls.opened).toEqual(["/home/rep/Downloads/销售简报-2026-03.xlsx"]));
  });

  it("a failed export is shown, never silent", async () => {
    backend({ exportFails: true });
    page();
    await screen.findByTestId("report-table-reps");
    await userEvent.click(screen.getByTestId("report-export"));
    expect(await screen.findByText(/无法写入下载目录/)).toBeTruthy();
    expect(screen.queryByTestId("report-export-path")).toBeNull();
  });

  it("the period presets and the scope change the query; the funnel's stages open their opportunities", async () => {
    const calls = backend();
    page();
    await screen.findByTestId("report-table-reps");
    await userEvent.click(screen.getByTestId("report-period-lastMonth"));
    const last = dayjs().startOf("month").subtract(1, "month");
    await waitFor(() =>
      expect(latest(calls.reports).query).toMatchObject({ from: last.format("YYYY-MM-DD"), to: last.endOf("month").format("YYYY-MM-DD") }),
    );
    await userEvent.click(screen.getByTestId("report-period-year"));
    await waitFor(() =>
      expect(latest(calls.reports).query).toMatchObject({ from: `${dayjs().year()}-01-01`, to: `${dayjs().year()}-12-31` }),
    );

    // Only the scopes the backend offers.
    await userEvent.click(document.getElementById("report-scope")!);
    const options = [...document.querySelectorAll(".ant-select-item-option")].map((o) => o.textContent);
    expect(options).toEqual(["本人", "本部门", "全部"]);
    await userEvent.click(screen.getByTitle("本人"));
    await waitFor(() => expect(latest(calls.reports).query.scope).toBe("own"));

    // Another report keeps the filter.
    await userEvent.click(screen.getByTestId("report-menu-funnel"));
    await screen.findByTestId("report-table-stages");
    expect(latest(calls.reports)).toMatchObject({ kind: "funnel", query: { scope: "own", from: `${dayjs().year()}-01-01` } });
    expect(within(screen.getByTestId("report-total-stages")).getByText("合计")).toBeTruthy();
    await userEvent.click(screen.getByTestId("report-link-stages-方案报价"));
    expect((await screen.findByTestId("where")).textContent).toBe(`/opportunities?stage=${encodeURIComponent("方案报价")}`);
  });

  it("reads in English", async () => {
    backend();
    page({ lang: "en-US" });
    const table = await screen.findByTestId("report-table-reps");
    for (const title of ["Rep", "Contract amount", "Completion (%)"])
      expect(within(table.querySelector("thead")!).getByText(title)).toBeTruthy();
    expect(within(screen.getByTestId("report-total-reps")).getByText("Total")).toBeTruthy();
    expect(screen.getByTestId("report-menu-funnel").textContent).toBe("Funnel and win rate");
    expect(screen.getByTestId("report-export").textContent).toContain("Export to Excel");
  });

  it("shows the error of a failed report with a retry", async () => {
    let fail = true;
    mockIPC((cmd, args) => {
      if (cmd === "report_get") {
        if (fail) throw { code: "FORBIDDEN", message: "没有权限" };
        return PERFORMANCE((args as { query: StatsQuery }).query);
      }
      return [];
    });
    page();
    expect(await screen.findByTestId("report-error")).toBeTruthy();
    fail = false;
    await userEvent.click(within(screen.getByTestId("report-error")).getByRole("button"));
    expect(await screen.findByTestId("report-table-reps")).toBeTruthy();
  });

  it("opens the targets from the menu", async () => {
    backend();
    page({ route: "/reports?view=targets" });
    expect(await screen.findByTestId("targets-page")).toBeTruthy();
  });

  it("is in the sidebar for report:read only", async () => {
    backend();
    renderPage(<MainLayout />, { route: "/todo", user: userWith("report:read") });
    expect(await screen.findByTestId("nav-reports")).toBeTruthy();
    clearMocks();
  });

  it("is not offered without report:read", async () => {
    backend();
    renderPage(<MainLayout />, { route: "/todo", user: userWith("contract:read") });
    await screen.findByTestId("nav-contracts");
    expect(screen.queryByTestId("nav-reports")).toBeNull();
  });
});
