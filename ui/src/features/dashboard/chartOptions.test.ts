import { describe, expect, it } from "vitest";
import type { FunnelStage } from "../../api/types/FunnelStage";
import type { LevelStatusCount } from "../../api/types/LevelStatusCount";
import type { MonthlySeries } from "../../api/types/MonthlySeries";
import type { RepAmount } from "../../api/types/RepAmount";
import type { TargetGauge } from "../../api/types/TargetGauge";
import { translate, type Lang } from "../../i18n";
import {
  compactMoney,
  funnelColor,
  funnelHasData,
  funnelOption,
  funnelRows,
  mixHasData,
  mixLevels,
  mixOption,
  mixTarget,
  monthlyHasData,
  monthlyOption,
  num,
  pctText,
  repAt,
  repsHasData,
  repsOption,
  sourcesHasData,
  sourcesOption,
  targetOption,
  targetText,
  tooltipHtml,
} from "./chartOptions";

const loc = (lang: Lang = "zh-CN") => ({
  lang,
  t: (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(lang, k, v),
});
const ZH = loc();
const EN = loc("en-US");

// The option objects are plain data: these views read the parts the tests check.
type Fmt = (p: unknown) => string;
type Series = { type: string; name?: string; data: unknown[]; stack?: string; label?: { formatter?: Fmt | string }; [k: string]: unknown };
type Opt = {
  series: Series[];
  tooltip: { formatter: Fmt; trigger: string };
  xAxis?: { data?: string[]; axisLabel?: { formatter?: (v: number) => string } };
  yAxis?: { data?: string[]; axisLabel?: { formatter?: (v: number) => string } };
  legend?: unknown;
  color?: string[];
};
const view = (o: unknown) => o as Opt;
/** Tooltip HTML as the text a person reads. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();

const stage = (over: Partial<FunnelStage>): FunnelStage => ({
  stage: "初步接洽",
  probability: 10,
  count: 0,
  amount: "0.00",
  weighted: "0.00",
  conversion: null,
  ...over,
});

describe("formatting", () => {
  it("num reads decimal strings exactly enough to plot; junk is 0", () => {
    expect(num("1234.50")).toBe(1234.5);
    expect(num("-0.01")).toBe(-0.01);
    expect(num("0.00")).toBe(0);
    expect(num(null)).toBe(0);
    expect(num("abc")).toBe(0);
  });

  it("pctText rounds half-up to one place and shows — for null", () => {
    expect(pctText("12.35")).toBe("12.4%");
    expect(pctText("50.00")).toBe("50%");
    expect(pctText("-33.33")).toBe("-33.3%");
    expect(pctText("0.04")).toBe("0%");
    expect(pctText("-0.04")).toBe("0%");
    expect(pctText("135.55", 2)).toBe("135.55%");
    expect(pctText(null)).toBe("—");
    expect(pctText(undefined)).toBe("—");
  });

  it("compactMoney shortens in the user's language", () => {
    expect(compactMoney(123456, "zh-CN")).toBe("12.3万");
    expect(compactMoney(123456, "en-US")).toBe("123.5K");
    expect(compactMoney(0, "en-US")).toBe("0");
  });

  it("tooltips escape names (user input)", () => {
    const h = tooltipHtml("<b>x</b>", [["a&b", '"q"']]);
    expect(h).not.toContain("<b>x</b>");
    expect(h).toContain("&lt;b&gt;x&lt;/b&gt;");
    expect(h).toContain("a&amp;b");
    expect(h).toContain("&quot;q&quot;");
  });
});

describe("funnel", () => {
  const stages = [
    stage({ stage: "初步接洽", count: 5, amount: "500000.00", weighted: "50000.00", conversion: null }),
    stage({ stage: "需求确认", probability: 30, count: 3, amount: "300000.50", weighted: "90000.15", conversion: "60.00" }),
    stage({ stage: "<方案>", probability: 50, count: 0, amount: "0.00", weighted: "0.00", conversion: "0.00" }),
  ];

  it("keeps the configured stage order, widths by count, a colour each", () => {
    const o = view(funnelOption(stages, ZH));
    const s = o.series[0];
    expect(s.type).toBe("funnel");
    expect(s.sort).toBe("none");
    const data = s.data as { name: string; value: number; itemStyle: { color: string } }[];
    expect(data.map((d) => d.name)).toEqual(["初步接洽", "需求确认", "<方案>"]);
    expect(data.map((d) => d.value)).toEqual([5, 3, 0]);
    expect(new Set(data.map((d) => d.itemStyle.color)).size).toBe(3);
    expect(data.map((d) => d.itemStyle.color)).toEqual([funnelColor(0), funnelColor(1), funnelColor(2)]);
    // Stages past the palette keep its lightest blue, labelled in a dark colour.
    const many = view(
      funnelOption(
        Array.from({ length: 9 }, (_, i) => stage({ stage: `S${i}`, count: 1 })),
        ZH,
      ),
    ).series[0].data as {
      itemStyle: { color: string };
      label: { color: string };
    }[];
    expect(many[8].itemStyle.color).toBe(many[6].itemStyle.color);
    expect(many[0].label.color).toBe("#fff");
    expect(many[8].label.color).not.toBe("#fff");
    expect(s.max).toBe(5);
  });

  it("labels each stage with its count; the tooltip shows count, amount, weighted and conversion", () => {
    const o = view(funnelOption(stages, ZH));
    expect((o.series[0].label!.formatter as Fmt)({ dataIndex: 1 })).toBe("需求确认  3");
    const tip = text(o.tooltip.formatter({ dataIndex: 1 }));
    expect(tip).toBe("需求确认 数量 3 金额 ¥ 300,000.50 加权金额 ¥ 90,000.15 转化率 60%");
    // The first stage has no conversion: "—", never NaN.
    expect(text(o.tooltip.formatter({ dataIndex: 0 }))).toContain("转化率 —");
    // Stage names are escaped.
    expect(o.tooltip.formatter({ dataIndex: 2 })).toContain("&lt;方案&gt;");
    expect(funnelRows(stages[0], EN)).toEqual([
      ["Count", "5"],
      ["Amount", "¥ 500,000.00"],
      ["Weighted", "¥ 50,000.00"],
      ["Conversion", "—"],
    ]);
  });

  it("empty: no stage or no opportunity", () => {
    expect(funnelHasData([])).toBe(false);
    expect(funnelHasData([stage({ count: 0 })])).toBe(false);
    expect(funnelHasData(stages)).toBe(true);
    const o = view(funnelOption([], ZH));
    expect(o.series[0].data).toEqual([]);
    expect(o.series[0].max).toBe(1);
  });
});

describe("monthly", () => {
  const zero = Array(12).fill("0.00");
  const m: MonthlySeries = {
    year: 2030,
    contracts: ["1000.50", ...zero.slice(1)],
    contractsLastYear: ["200.00", "300.00", ...zero.slice(2)],
    receipts: ["0.00", "99.99", ...zero.slice(2)],
    receiptsLastYear: zero,
  };

  it("contracts as bars and receipts as lines, this year against last year, with twelve months", () => {
    const o = view(monthlyOption(m, ZH));
    expect(o.xAxis!.data).toEqual(["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"]);
    expect(o.series.map((s) => [s.type, s.name])).toEqual([
      ["bar", "签约金额 2030"],
      ["bar", "签约金额 2029"],
      ["line", "回款金额 2030"],
      ["line", "回款金额 2029"],
    ]);
    expect(o.series[0].data).toEqual([1000.5, ...Array(11).fill(0)]);
    expect(o.series[1].data.slice(0, 2)).toEqual([200, 300]);
    expect(o.series[2].data[1]).toBe(99.99);
    expect(o.color).toHaveLength(4);
  });

  it("the tooltip lists the month's four exact amounts; the axis is compact", () => {
    const o = view(monthlyOption(m, EN));
    expect(o.xAxis!.data![0]).toBe("Jan");
    expect(text(o.tooltip.formatter([{ dataIndex: 0 }]))).toBe(
      "Jan Contracts 2030 ¥ 1,000.50 Contracts 2029 ¥ 200.00 Receipts 2030 ¥ 0.00 Receipts 2029 ¥ 0.00",
    );
    expect(o.yAxis!.axisLabel!.formatter!(1500000)).toBe("1.5M");
  });

  it("empty when every month is zero", () => {
    expect(monthlyHasData(m)).toBe(true);
    expect(monthlyHasData({ year: 2030, contracts: zero, contractsLastYear: zero, receipts: zero, receiptsLastYear: zero })).toBe(false);
  });
});

describe("target gauge", () => {
  const g = (over: Partial<TargetGauge>): TargetGauge => ({
    basis: "contracts",
    target: "100000.00",
    achieved: "85200.00",
    completion: "85.20",
    ...over,
  });
  const detail = (o: Opt) => ((o.series[0].detail as { formatter: () => string }).formatter as () => string)();
  const value = (o: Opt) => (o.series[0].data[0] as { value: number }).value;

  it("shows the completion, the ring filled to it", () => {
    const o = view(targetOption(g({}), ZH));
    expect(o.series[0].type).toBe("gauge");
    expect(value(o)).toBe(85.2);
    expect(detail(o)).toBe("85.2%");
    expect(text(o.tooltip.formatter({}))).toBe("目标完成率 目标 ¥ 100,000.00 已完成 ¥ 85,200.00 完成率 85.2%");
  });

  it("beyond 100 % the ring stays full and the text tells the figure", () => {
    const o = view(targetOption(g({ achieved: "135550.00", completion: "135.55" }), ZH));
    expect(value(o)).toBe(100);
    expect(detail(o)).toBe("135.6%");
  });

  it("without a target: an empty ring that says so", () => {
    const none = g({ target: null, completion: null, achieved: "5000.00" });
    const o = view(targetOption(none, ZH));
    expect(value(o)).toBe(0);
    expect(detail(o)).toBe("未设定目标");
    expect(targetText(none, EN)).toBe("No target set");
    expect(text(o.tooltip.formatter({}))).toBe("目标完成率 目标 未设定目标 已完成 ¥ 5,000.00 完成率 —");
  });
});

describe("lead sources", () => {
  const xs = [
    { name: "官网", count: 6 },
    { name: null, count: 2 },
    { name: "展会", count: 2 },
  ];

  it("a ring slice per source, no source named 未填写 in grey", () => {
    const o = view(sourcesOption(xs, ZH));
    const data = o.series[0].data as { name: string; value: number; itemStyle: { color: string } }[];
    expect(o.series[0].type).toBe("pie");
    expect(data.map((d) => [d.name, d.value])).toEqual([
      ["官网", 6],
      ["未填写", 2],
      ["展会", 2],
    ]);
    expect(data[1].itemStyle.color).toBe("#bfbfbf");
    expect(data[0].itemStyle.color).not.toBe(data[2].itemStyle.color);
    expect(text(o.tooltip.formatter({ dataIndex: 0 }))).toBe("官网 线索数 6 占比 60.0%");
    expect(text(view(sourcesOption(xs, EN)).tooltip.formatter({ dataIndex: 1 }))).toBe("Not filled in Leads 2 Share 20.0%");
  });

  it("empty", () => {
    expect(sourcesHasData([])).toBe(false);
    expect(sourcesHasData([{ name: "官网", count: 0 }])).toBe(false);
    expect(sourcesHasData(xs)).toBe(true);
    expect(view(sourcesOption([], ZH)).series[0].data).toEqual([]);
  });
});

describe("customer mix", () => {
  const xs: LevelStatusCount[] = [
    { level: "a", status: "deal", count: 4 },
    { level: "a", status: "potential", count: 2 },
    { level: "c", status: "lost", count: 1 },
    { level: null, status: "potential", count: 3 },
  ];

  it("levels as columns (no level last), statuses stacked", () => {
    const o = view(mixOption(xs, ZH));
    expect(mixLevels(xs)).toEqual(["a", "c", null]);
    expect(o.xAxis!.data).toEqual(["A", "C", "未分级"]);
    expect(o.series.map((s) => [s.name, s.stack, s.data])).toEqual([
      ["潜在", "mix", [2, 0, 3]],
      ["成交", "mix", [4, 0, 0]],
      ["流失", "mix", [0, 1, 0]],
    ]);
    expect(text(o.tooltip.formatter([{ dataIndex: 0 }]))).toBe("A 潜在 2 成交 4 流失 0 合计 6");
    // A zero segment has no label.
    expect((o.series[0].label!.formatter as Fmt)({ value: 0 })).toBe("");
  });

  it("a click names the level and the status", () => {
    expect(mixTarget(xs, "成交", 0, ZH)).toEqual({ level: "a", status: "deal" });
    expect(mixTarget(xs, "潜在", 2, ZH)).toEqual({ level: null, status: "potential" });
    expect(mixTarget(xs, "Lost", 1, EN)).toEqual({ level: "c", status: "lost" });
  });

  it("empty: every level shown, no data", () => {
    expect(mixHasData([])).toBe(false);
    expect(mixHasData(xs)).toBe(true);
    expect(view(mixOption([], ZH)).xAxis!.data).toEqual(["A", "B", "C"]);
  });
});

describe("top reps", () => {
  const xs: RepAmount[] = [
    { userId: 3, name: "张三", count: 4, amount: "250000.00" },
    { userId: 5, name: "李四", count: 1, amount: "98000.50" },
  ];

  it("horizontal bars, the best on top, labelled with the amount", () => {
    const o = view(repsOption(xs, ZH));
    expect(o.yAxis!.data).toEqual(["李四", "张三"]);
    expect(o.series[0].data).toEqual([98000.5, 250000]);
    expect((o.series[0].label!.formatter as Fmt)({ dataIndex: 1 })).toBe("25万");
    expect(text(o.tooltip.formatter({ dataIndex: 0 }))).toBe("李四 签约金额 ¥ 98,000.50 合同数 1");
    expect(repAt(xs, 1)?.userId).toBe(3);
    expect(repAt(xs, 0)?.userId).toBe(5);
  });

  it("empty", () => {
    expect(repsHasData([])).toBe(false);
    expect(view(repsOption([], ZH)).series[0].data).toEqual([]);
  });
});
