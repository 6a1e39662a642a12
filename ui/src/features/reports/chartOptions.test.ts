import { describe, expect, it } from "vitest";
import type { ChartKind } from "../../api/types/ChartKind";
import type { ColumnKind } from "../../api/types/ColumnKind";
import type { ReportTable } from "../../api/types/ReportTable";
import { backendWord, cellNumber, formatCell, groupDigits } from "./cells";
import {
  axisLabel,
  axisTooltip,
  chartHeight,
  clickedRow,
  compactNumber,
  HEAT_COLORS,
  itemTooltip,
  maxValue,
  reportChartOption,
  rowLabels,
} from "./chartOptions";

type Series = { type: string; name?: string; data: unknown[]; yAxisIndex?: number; sort?: string; max?: number };
type Opt = Record<string, unknown>;

const col = (key: string, zh: string, en: string, kind: ColumnKind) => ({ key, zh, en, kind });

function table(
  kind: ChartKind | null,
  columns: ReturnType<typeof col>[],
  rows: (string | null)[][],
  values: number[],
  label = 0,
): ReportTable {
  return {
    key: "t",
    titleZh: "按员工",
    titleEn: "By rep",
    noteZh: null,
    noteEn: null,
    columns,
    rows,
    total: null,
    chart: kind ? { kind, label, values } : null,
    rowKeys: rows.map((_, i) => String(i + 1)),
  };
}

const REPS = table(
  "barLine",
  [
    col("name", "员工", "Rep", "text"),
    col("contractAmount", "合同金额", "Contract amount", "money"),
    col("target", "目标", "Target", "money"),
    col("completion", "完成率(%)", "Completion (%)", "percent"),
  ],
  [
    ["张三", "1234567.50", "1000000.00", "123.46"],
    ["李四", "0.00", null, null],
    [null, "99.99", "200.00", "50.00"],
  ],
  [1, 2],
);

const series = (o: Opt | null) => (o!.series as Series[]) ?? [];
const values = (s: Series) => (s.data as { value: number | null }[]).map((d) => d.value);
const raws = (s: Series) => (s.data as { raw: string | null }[]).map((d) => d.raw);

describe("cells", () => {
  it("formats every column kind; empty cells are a dash", () => {
    expect(formatCell("money", "1234567.5", "zh-CN")).toBe("¥ 1,234,567.50");
    expect(formatCell("money", "-0.10", "zh-CN")).toBe("-¥ 0.10");
    expect(formatCell("count", "12345", "zh-CN")).toBe("12,345");
    expect(formatCell("percent", "33.33", "zh-CN")).toBe("33.33%");
    expect(formatCell("quantity", "1234.5000", "zh-CN")).toBe("1,234.5");
    expect(formatCell("days", "12.5", "zh-CN")).toBe("12.5 天");
    expect(formatCell("days", "12.5", "en-US")).toBe("12.5 days");
    expect(formatCell("text", "张三", "en-US")).toBe("张三");
    for (const k of ["money", "count", "percent", "quantity", "days", "text"] as const) {
      expect(formatCell(k, null, "zh-CN")).toBe("—");
      expect(formatCell(k, undefined, "en-US")).toBe("—");
    }
  });

  it("translates only the backend's own words", () => {
    expect(backendWord("en-US", "合计")).toBe("Total");
    expect(backendWord("en-US", "未填写")).toBe("Not filled in");
    expect(backendWord("en-US", "未分类")).toBe("Uncategorized");
    expect(backendWord("zh-CN", "合计")).toBe("合计");
    expect(backendWord("en-US", "华东销售部")).toBe("华东销售部");
  });

  it("parses decimal strings, nothing else", () => {
    expect(cellNumber("1234.50")).toBe(1234.5);
    expect(cellNumber("-3")).toBe(-3);
    expect(cellNumber(null)).toBeNull();
    expect(cellNumber("")).toBeNull();
    expect(cellNumber("abc")).toBeNull();
    expect(groupDigits("-1234567.891")).toBe("-1,234,567.891");
    expect(groupDigits("x")).toBe("x");
  });
});

describe("reportChartOption", () => {
  it("is null for a table without a chart hint", () => {
    expect(reportChartOption(table(null, [col("a", "a", "a", "count")], [["1"]], []), "zh-CN")).toBeNull();
  });

  it("barLine: bars for the first drawn column, a line for the rest; labels from the label column; values parsed", () => {
    const o = reportChartOption(REPS, "zh-CN") as Opt;
    expect((o.title as { text: string }).text).toBe("按员工");
    expect((o.xAxis as { data: string[] }).data).toEqual(["张三", "李四", "—"]);
    const [bar, line] = series(o);
    expect(bar.type).toBe("bar");
    expect(bar.name).toBe("合同金额");
    expect(values(bar)).toEqual([1234567.5, 0, 99.99]);
    expect(raws(bar)).toEqual(["1234567.50", "0.00", "99.99"]);
    expect(line.type).toBe("line");
    expect(line.name).toBe("目标");
    // A null cell is a gap in the line, not a zero.
    expect(values(line)).toEqual([1000000, null, 200]);
    // Amount against target: same kind, same axis (the gap reads true).
    expect(o.yAxis as unknown[]).toHaveLength(1);
    expect(line.yAxisIndex).toBe(0);
    expect((o.legend as { data: string[] }).data).toEqual(["合同金额", "目标"]);
  });

  it("barLine: a line of another kind goes on a second axis", () => {
    const t = { ...REPS, chart: { kind: "barLine" as const, label: 0, values: [1, 3] } };
    const o = reportChartOption(t, "en-US") as Opt;
    const [bar, line] = series(o);
    expect(bar.name).toBe("Contract amount");
    expect(line.name).toBe("Completion (%)");
    expect(o.yAxis as unknown[]).toHaveLength(2);
    expect(bar.yAxisIndex).toBe(0);
    expect(line.yAxisIndex).toBe(1);
    expect(values(line)).toEqual([123.46, null, 50]);
    const [money, pct] = o.yAxis as { axisLabel: { formatter: (v: number) => string } }[];
    expect(money.axisLabel.formatter(1200000)).toBe("1.2M");
    expect(pct.axisLabel.formatter(50)).toBe("50%");
    expect((o.title as { text: string }).text).toBe("By rep");
  });

  it("bar: one series per drawn column; single series hides the legend", () => {
    const t = table(
      "bar",
      [col("name", "负责人", "Owner", "text"), col("d7", "7 天", "7+", "count"), col("d15", "15 天", "15+", "count")],
      [
        ["张三", "3", "1"],
        ["李四", "0", null],
      ],
      [1, 2],
    );
    const o = reportChartOption(t, "zh-CN") as Opt;
    expect(series(o).map((s) => [s.type, s.name])).toEqual([
      ["bar", "7 天"],
      ["bar", "15 天"],
    ]);
    expect(values(series(o)[1])).toEqual([1, null]);
    expect((o.legend as { data: string[] }).data).toEqual(["7 天", "15 天"]);
    const one = reportChartOption({ ...t, chart: { kind: "bar", label: 0, values: [1] } }, "zh-CN") as Opt;
    expect((one.legend as { show: boolean }).show).toBe(false);
    // Many labels are turned so they stay readable.
    const many = reportChartOption({ ...t, rows: Array.from({ length: 10 }, (_, i) => [`员工${i}`, "1", "2"]) }, "zh-CN") as Opt;
    expect((many.xAxis as { axisLabel: { rotate: number; interval: number } }).axisLabel).toMatchObject({ rotate: 35, interval: 0 });
    expect((o.xAxis as { axisLabel: { rotate: number } }).axisLabel.rotate).toBe(0);
  });

  it("bar: labels from a label column that is not the first (rankings)", () => {
    const t = table(
      "bar",
      [
        col("rank", "名次", "Rank", "count"),
        col("name", "员工", "Rep", "text"),
        col("dept", "部门", "Dept", "text"),
        col("v", "合同金额", "Amount", "money"),
      ],
      [
        ["1", "王五", "华东", "50000.00"],
        ["2", "赵六", null, "100.10"],
      ],
      [3],
      1,
    );
    const o = reportChartOption(t, "zh-CN") as Opt;
    expect((o.xAxis as { data: string[] }).data).toEqual(["王五", "赵六"]);
    expect(values(series(o)[0])).toEqual([50000, 100.1]);
  });

  it("line: one line per drawn column", () => {
    const t = table(
      "line",
      [col("month", "月份", "Month", "text"), col("receipts", "回款", "Receipts", "money")],
      [
        ["2026-01", "10.00"],
        ["2026-02", null],
        ["2026-03", "30.50"],
      ],
      [1],
    );
    const o = reportChartOption(t, "zh-CN") as Opt;
    expect(series(o).map((s) => s.type)).toEqual(["line"]);
    expect(values(series(o)[0])).toEqual([10, null, 30.5]);
    expect((o.xAxis as { data: string[] }).data).toEqual(["2026-01", "2026-02", "2026-03"]);
  });

  it("pie: the first drawn column by row, empty and zero slices left out; the backend's words translated", () => {
    const t = table(
      "pie",
      [col("reason", "原因", "Reason", "text"), col("count", "数量", "Count", "count"), col("amount", "金额", "Amount", "money")],
      [
        ["价格太高", "5", "1000.00"],
        ["未填写", "2", "10.00"],
        ["竞品", "0", "0.00"],
        ["其他", null, null],
      ],
      [1],
    );
    const o = reportChartOption(t, "en-US") as Opt;
    const [pie] = series(o);
    expect(pie.type).toBe("pie");
    expect(pie.data).toEqual([
      { value: 5, raw: "5", name: "价格太高" },
      { value: 2, raw: "2", name: "Not filled in" },
    ]);
    const tip = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(tip({ name: "价格太高", data: { value: 5, raw: "5" }, percent: 71.43, marker: "" })).toBe("价格太高: <b>5</b> (71.43%)");
  });

  it("funnel: in the table's order (stage order), max from the data", () => {
    const t = table(
      "funnel",
      [col("stage", "阶段", "Stage", "text"), col("count", "商机数", "Count", "count"), col("reached", "到达", "Reached", "count")],
      [
        ["初步接洽", "4", "10"],
        ["需求确认", "3", "6"],
        ["方案报价", "2", null],
        ["赢单", "1", "1"],
      ],
      [2],
    );
    const o = reportChartOption(t, "zh-CN") as Opt;
    const [f] = series(o);
    expect(f.type).toBe("funnel");
    expect(f.sort).toBe("none");
    expect(f.max).toBe(10);
    expect((f.data as { name: string }[]).map((d) => d.name)).toEqual(["初步接洽", "需求确认", "赢单"]);
    expect(values(f)).toEqual([10, 6, 1]);
  });

  it("heatmap: rows × drawn columns, a visualMap up to the largest cell; nulls left out", () => {
    const t = table(
      "heatmap",
      [
        col("name", "员工", "Rep", "text"),
        col("d1", "03-01", "03-01", "count"),
        col("d2", "03-02", "03-02", "count"),
        col("d3", "03-03", "03-03", "count"),
      ],
      [
        ["张三", "0", "7", "2"],
        ["李四", "3", null, "12"],
      ],
      [1, 2, 3],
    );
    const o = reportChartOption(t, "zh-CN") as Opt;
    const [h] = series(o);
    expect(h.type).toBe("heatmap");
    expect(h.data).toEqual([
      [0, 0, 0],
      [1, 0, 7],
      [2, 0, 2],
      [0, 1, 3],
      [2, 1, 12],
    ]);
    expect((o.xAxis as { data: string[] }).data).toEqual(["03-01", "03-02", "03-03"]);
    expect((o.yAxis as { data: string[] }).data).toEqual(["张三", "李四"]);
    expect(o.visualMap).toMatchObject({ min: 0, max: 12, inRange: { color: HEAT_COLORS } });
    const tip = (o.tooltip as { formatter: (p: unknown) => string }).formatter;
    expect(tip({ value: [2, 1, 12] })).toBe("李四 · 03-03: <b>12</b>");
    expect(chartHeight(t)).toBeGreaterThanOrEqual(240);
  });

  it("heatmap of zeros still has a usable scale", () => {
    const t = table("heatmap", [col("name", "员工", "Rep", "text"), col("d1", "1月", "Jan", "count")], [["张三", "0"]], [1]);
    expect(maxValue(t)).toBe(0);
    expect((reportChartOption(t, "zh-CN") as Opt).visualMap).toMatchObject({ max: 1 });
  });

  it("empty tables give empty series of every kind (nothing to throw on)", () => {
    for (const kind of ["bar", "barLine", "line", "pie", "funnel", "heatmap"] as const) {
      const t = table(
        kind,
        [col("name", "员工", "Rep", "text"), col("v", "金额", "Amount", "money"), col("w", "目标", "Target", "money")],
        [],
        [1, 2],
      );
      const o = reportChartOption(t, "zh-CN") as Opt;
      expect(o, kind).not.toBeNull();
      for (const s of series(o)) expect(s.data, kind).toEqual([]);
      expect(rowLabels(t, "zh-CN")).toEqual([]);
    }
  });

  it("drawn columns outside the table are ignored", () => {
    const t = { ...REPS, chart: { kind: "bar" as const, label: 0, values: [1, 9] } };
    expect(series(reportChartOption(t, "zh-CN") as Opt).map((s) => s.name)).toEqual(["合同金额"]);
  });
});

describe("tooltips and axes", () => {
  it("an axis tooltip shows each series by its column's kind, exactly", () => {
    const f = axisTooltip({ 合同金额: "money", "完成率(%)": "percent" }, "zh-CN");
    const html = f([
      { name: "张三", seriesName: "合同金额", marker: "", data: { value: 1234567.5, raw: "1234567.50" } },
      { name: "张三", seriesName: "完成率(%)", marker: "", data: { value: null, raw: null } },
    ]);
    expect(html).toBe("张三<br/>合同金额: <b>¥ 1,234,567.50</b><br/>完成率(%): <b>—</b>");
    // Names are escaped (a customer's text is data, not markup).
    expect(axisTooltip({}, "zh-CN")({ name: "<b>x</b>", seriesName: "n", value: 3 })).toBe("&lt;b&gt;x&lt;/b&gt;<br/>n: <b>3</b>");
    expect(axisTooltip({}, "zh-CN")([])).toBe("");
  });

  it("an item tooltip formats money", () => {
    expect(itemTooltip("money", "en-US")({ name: "Hardware", data: { value: 12.5, raw: "12.50" }, percent: 40 })).toBe(
      "Hardware: <b>¥ 12.50</b> (40%)",
    );
  });

  it("axis labels are short in either language", () => {
    expect(compactNumber(1234, "zh-CN")).toBe("1,234");
    expect(compactNumber(120000, "zh-CN")).toBe("12万");
    expect(compactNumber(123456789, "zh-CN")).toBe("1.2亿");
    expect(compactNumber(120000, "en-US")).toBe("120K");
    expect(axisLabel("percent", 75, "zh-CN")).toBe("75%");
    expect(axisLabel("money", 2500000, "en-US")).toBe("2.5M");
  });
});

describe("clickedRow", () => {
  it("category charts number their items like the rows; pie and funnel find the row by its label", () => {
    expect(clickedRow(REPS, "zh-CN", { name: "李四", dataIndex: 1 })).toBe(1);
    expect(clickedRow(REPS, "zh-CN", { name: "", dataIndex: 5 })).toBeNull();
    const pie = table(
      "pie",
      [col("reason", "原因", "Reason", "text"), col("count", "数量", "Count", "count")],
      [
        ["竞品", "0"],
        ["价格太高", "5"],
      ],
      [1],
    );
    // The zero slice is left out: the first slice drawn is the second row.
    expect(clickedRow(pie, "zh-CN", { name: "价格太高", dataIndex: 0 })).toBe(1);
    expect(clickedRow(pie, "zh-CN", { name: "别的", dataIndex: 0 })).toBeNull();
    expect(clickedRow({ ...pie, chart: { kind: "heatmap", label: 0, values: [1] } }, "zh-CN", { name: "竞品", dataIndex: 0 })).toBeNull();
    expect(clickedRow({ ...pie, chart: null }, "zh-CN", { name: "竞品", dataIndex: 0 })).toBeNull();
  });
});
