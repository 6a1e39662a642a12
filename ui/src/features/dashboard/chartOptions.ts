// The dashboard's ECharts options, built by pure functions from the API's figures and the
// user's language (testable without a canvas). Money arrives as exact decimal strings: the
// charts plot them as numbers (a bar's length), while every amount a person reads (labels,
// tooltips) is formatted from the string itself, and percentages likewise. Tooltip HTML
// escapes every name (stage, source and rep names are user input).
import type { EChartsCoreOption } from "echarts/core";
import type { FunnelStage } from "../../api/types/FunnelStage";
import type { LevelStatusCount } from "../../api/types/LevelStatusCount";
import type { MonthlySeries } from "../../api/types/MonthlySeries";
import type { NameCount } from "../../api/types/NameCount";
import type { RepAmount } from "../../api/types/RepAmount";
import type { TargetGauge } from "../../api/types/TargetGauge";
import type { CustomerLevel, CustomerStatus } from "../../api";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS } from "../../domain/enums";
import type { Lang, T } from "../../i18n";
import { formatMoney, parseDec, roundHalfUp, toStr } from "../../money";

export type ChartLocale = { t: T; lang: Lang };
export type Option = EChartsCoreOption;

/** The product's chart colours (antd's palette), in series order. */
export const PALETTE = ["#1677ff", "#52c41a", "#faad14", "#13c2c2", "#722ed1", "#eb2f96", "#fa8c16", "#2f54eb", "#a0d911", "#fa541c"];
/** The funnel's stages: dark to light blue, later stages reuse the lightest. */
const FUNNEL_BLUES = ["#003eb3", "#0958d9", "#1677ff", "#4096ff", "#69b1ff", "#91caff", "#bae0ff"];
/** A stage's colour (the chart and the stage buttons under it). */
export const funnelColor = (i: number) => FUNNEL_BLUES[Math.min(i, FUNNEL_BLUES.length - 1)];
/** Its label's colour: white on the dark blues, dark on the light ones. */
const funnelLabel = (i: number) => (i < 5 ? "#fff" : "#002c8c");
/** Last year's series: the lighter shade of this year's colour. */
const LIGHT_BLUE = "#91caff";
const LIGHT_GREEN = "#95de64";
const TEXT = "#595959";
const AXIS = "#d9d9d9";
const SPLIT = "#f0f0f0";
/** A null percentage (no previous figure, first stage, no target). */
export const NONE = "—";

// ------------------------------------------------------------------ formatting

/** A decimal string as a plotted number (0 when it is not one). */
export function num(v: string | null | undefined): number {
  const x = parseDec(v);
  return x ? Number(toStr(x)) : 0;
}

/** "12.5%" from a decimal string (rounded half-up to `dp` places, trailing zeros dropped); "—" when null. */
export function pctText(v: string | null | undefined, dp = 1): string {
  const x = parseDec(v);
  if (!x) return NONE;
  let s = toStr(roundHalfUp(x, dp));
  if (s.includes(".")) s = s.replace(/0+$/, "").replace(/\.$/, "");
  if (s === "-0") s = "0";
  return `${s}%`;
}

/** A short amount for axes and bar labels ("12.3万", "1.2M"); tooltips show the exact one. */
export function compactMoney(v: number, lang: Lang): string {
  return new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 }).format(v);
}

/** A short count ("1.2万", "12K"). */
export const compactCount = compactMoney;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** One tooltip: a bold title and label/value rows (everything escaped). */
export function tooltipHtml(title: string, rows: [string, string][]): string {
  const lines = rows.map(
    ([k, v]) =>
      `<div style="display:flex;justify-content:space-between;gap:16px"><span style="color:#8c8c8c">${esc(k)}</span><span style="font-weight:500">${esc(v)}</span></div>`,
  );
  return `<div style="font-weight:600;margin-bottom:4px">${esc(title)}</div>${lines.join("")}`;
}

const TOOLTIP_BASE = {
  backgroundColor: "rgba(255,255,255,0.97)",
  borderColor: "#e8e8e8",
  textStyle: { color: "#262626", fontSize: 12 },
  extraCssText: "box-shadow:0 3px 12px rgba(0,0,0,0.12);border-radius:6px;",
  confine: true,
};

const axisLabel = { color: TEXT, fontSize: 12 };

// ------------------------------------------------------------------ funnel

/** The name a stage's data item carries (its index keeps duplicates apart). */
export type FunnelDatum = {
  name: string;
  value: number;
  stage: FunnelStage;
  itemStyle: { color: string };
  label: { color: string };
};

/** Has the open pipeline any opportunity? */
export const funnelHasData = (stages: readonly FunnelStage[]) => stages.some((s) => Number(s.count) > 0);

/** The tooltip rows of one stage: count, amount, weighted, conversion ("—" when null). */
export function funnelRows(s: FunnelStage, { t }: ChartLocale): [string, string][] {
  return [
    [t("dash.count"), String(Number(s.count))],
    [t("dash.amount"), formatMoney(s.amount)],
    [t("dash.weighted"), formatMoney(s.weighted)],
    [t("dash.conversion"), pctText(s.conversion)],
  ];
}

/**
 * The open pipeline as a funnel in the configured stage order (not re-sorted): the width
 * is the number of opportunities, the label the stage and its count, the tooltip count,
 * amount, weighted amount and the conversion from the stage before.
 */
export function funnelOption(stages: readonly FunnelStage[], loc: ChartLocale): Option {
  const data: FunnelDatum[] = stages.map((s, i) => ({
    name: s.stage,
    value: Number(s.count),
    stage: s,
    itemStyle: { color: funnelColor(i) },
    label: { color: funnelLabel(i) },
  }));
  const max = Math.max(1, ...data.map((d) => d.value));
  return {
    color: FUNNEL_BLUES,
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "item",
      formatter: (p: { dataIndex: number }) => {
        const s = stages[p.dataIndex];
        return s ? tooltipHtml(s.stage, funnelRows(s, loc)) : "";
      },
    },
    series: [
      {
        type: "funnel",
        name: loc.t("dash.block.funnel"),
        sort: "none",
        left: "8%",
        right: "8%",
        top: 8,
        bottom: 8,
        min: 0,
        max,
        minSize: "18%",
        maxSize: "100%",
        gap: 2,
        label: {
          show: true,
          position: "inside",
          color: "#fff",
          fontSize: 12,
          fontWeight: 500,
          formatter: (p: { dataIndex: number }) => {
            const s = stages[p.dataIndex];
            return s ? `${s.stage}  ${Number(s.count)}` : "";
          },
        },
        labelLine: { show: false },
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        emphasis: { label: { fontSize: 13 } },
        data,
      },
    ],
  };
}

// ------------------------------------------------------------------ monthly

/** Month names for the axis (Jan…Dec in the user's language). */
export const monthNames = ({ t }: ChartLocale) => t("dash.months").split(",");

export const monthlyHasData = (m: MonthlySeries) =>
  [m.contracts, m.contractsLastYear, m.receipts, m.receiptsLastYear].some((xs) => xs.some((x) => num(x) !== 0));

/**
 * Twelve months of this year against last year: contracts as bars (this year solid, last
 * year light), receipts as lines (this year solid, last year dashed); the tooltip lists
 * the four exact amounts of the month.
 */
export function monthlyOption(m: MonthlySeries, loc: ChartLocale): Option {
  const { t, lang } = loc;
  const year = Number(m.year);
  const names = {
    contracts: `${t("dash.contractsAmount")} ${year}`,
    contractsLast: `${t("dash.contractsAmount")} ${year - 1}`,
    receipts: `${t("dash.receiptsAmount")} ${year}`,
    receiptsLast: `${t("dash.receiptsAmount")} ${year - 1}`,
  };
  const raw = [m.contracts, m.contractsLastYear, m.receipts, m.receiptsLastYear];
  const months = monthNames(loc);
  return {
    color: [PALETTE[0], LIGHT_BLUE, PALETTE[1], LIGHT_GREEN],
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (ps: { dataIndex: number }[]) => {
        const i = ps[0]?.dataIndex ?? 0;
        return tooltipHtml(months[i] ?? "", [
          [names.contracts, formatMoney(m.contracts[i] ?? "0")],
          [names.contractsLast, formatMoney(m.contractsLastYear[i] ?? "0")],
          [names.receipts, formatMoney(m.receipts[i] ?? "0")],
          [names.receiptsLast, formatMoney(m.receiptsLastYear[i] ?? "0")],
        ]);
      },
    },
    legend: { top: 0, icon: "roundRect", itemWidth: 12, itemHeight: 8, textStyle: { color: TEXT } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: "category",
      data: months,
      axisLine: { lineStyle: { color: AXIS } },
      axisTick: { show: false },
      axisLabel,
    },
    yAxis: {
      type: "value",
      axisLabel: { ...axisLabel, formatter: (v: number) => compactMoney(v, lang) },
      splitLine: { lineStyle: { color: SPLIT } },
    },
    series: [
      { name: names.contracts, type: "bar", barMaxWidth: 14, itemStyle: { borderRadius: [3, 3, 0, 0] }, data: raw[0].map(num) },
      { name: names.contractsLast, type: "bar", barMaxWidth: 14, itemStyle: { borderRadius: [3, 3, 0, 0] }, data: raw[1].map(num) },
      { name: names.receipts, type: "line", smooth: false, symbolSize: 6, lineStyle: { width: 2 }, data: raw[2].map(num) },
      {
        name: names.receiptsLast,
        type: "line",
        smooth: false,
        symbolSize: 5,
        lineStyle: { width: 2, type: "dashed" },
        data: raw[3].map(num),
      },
    ],
  };
}

// ------------------------------------------------------------------ target gauge

/** The gauge's centre text: the completion, or "未设定目标". */
export const targetText = (g: TargetGauge, { t }: ChartLocale) => (g.target === null ? t("dash.target.none") : pctText(g.completion));

/**
 * Target completion as a progress gauge from 0 to 100 % (beyond 100 the ring stays full
 * and the text tells the exact figure); without a target the ring is empty and says so.
 */
export function targetOption(g: TargetGauge, loc: ChartLocale): Option {
  const { t } = loc;
  const pct = g.target === null ? 0 : Math.min(100, Math.max(0, num(g.completion)));
  const done = g.target !== null && pct >= 100;
  const color = g.target === null ? AXIS : done ? PALETTE[1] : PALETTE[0];
  const text = targetText(g, loc);
  return {
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "item",
      formatter: () =>
        tooltipHtml(t("dash.block.target"), [
          [t("dash.target.target"), g.target === null ? t("dash.target.none") : formatMoney(g.target)],
          [t("dash.target.achieved"), formatMoney(g.achieved)],
          [t("dash.target.completion"), pctText(g.completion)],
        ]),
    },
    series: [
      {
        type: "gauge",
        name: t("dash.block.target"),
        startAngle: 210,
        endAngle: -30,
        min: 0,
        max: 100,
        radius: "92%",
        center: ["50%", "56%"],
        progress: { show: true, roundCap: true, width: 16, itemStyle: { color } },
        axisLine: { roundCap: true, lineStyle: { width: 16, color: [[1, SPLIT]] } },
        pointer: { show: false },
        axisTick: { show: false },
        splitLine: { show: false },
        axisLabel: { show: false },
        anchor: { show: false },
        title: { show: true, offsetCenter: [0, "32%"], color: "#8c8c8c", fontSize: 12 },
        detail: {
          valueAnimation: false,
          offsetCenter: [0, "-4%"],
          fontSize: g.target === null ? 16 : 28,
          fontWeight: 600,
          color: g.target === null ? "#8c8c8c" : "#262626",
          formatter: () => text,
        },
        data: [{ value: pct, name: g.target === null ? "" : t("dash.target.completion") }],
      },
    ],
  };
}

// ------------------------------------------------------------------ lead sources

export const sourceName = (s: NameCount, { t }: ChartLocale) => s.name ?? t("dash.unknownSource");

export const sourcesHasData = (xs: readonly NameCount[]) => xs.some((x) => Number(x.count) > 0);

/** Leads created in the period by source, as a ring; "未填写" for no source, in grey. */
export function sourcesOption(xs: readonly NameCount[], loc: ChartLocale): Option {
  const { t } = loc;
  const total = xs.reduce((n, x) => n + Number(x.count), 0);
  let c = 0;
  const data = xs.map((x) => ({
    name: sourceName(x, loc),
    value: Number(x.count),
    itemStyle: { color: x.name === null ? "#bfbfbf" : PALETTE[c++ % PALETTE.length] },
  }));
  return {
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "item",
      formatter: (p: { dataIndex: number }) => {
        const x = xs[p.dataIndex];
        if (!x) return "";
        const share = total ? `${((Number(x.count) * 100) / total).toFixed(1)}%` : NONE;
        return tooltipHtml(sourceName(x, loc), [
          [t("dash.leadsCount"), String(Number(x.count))],
          [t("dash.share"), share],
        ]);
      },
    },
    legend: { type: "scroll", orient: "vertical", right: 0, top: "middle", textStyle: { color: TEXT }, itemWidth: 10, itemHeight: 10 },
    series: [
      {
        type: "pie",
        name: t("dash.block.leadSources"),
        radius: ["42%", "70%"],
        center: ["36%", "50%"],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: "#fff", borderWidth: 2 },
        label: { show: true, color: TEXT, formatter: "{d}%" },
        labelLine: { length: 6, length2: 6 },
        data,
      },
    ],
  };
}

// ------------------------------------------------------------------ customer mix

/** The level a column stands for (null: not graded). */
export type MixLevel = CustomerLevel | null;

export const mixHasData = (xs: readonly LevelStatusCount[]) => xs.some((x) => Number(x.count) > 0);

/** The levels present, A…C then "未分级" (only when some customer has none). */
export function mixLevels(xs: readonly LevelStatusCount[]): MixLevel[] {
  const out: MixLevel[] = CUSTOMER_LEVEL.values.filter((l) => xs.some((x) => x.level === l));
  if (xs.some((x) => x.level === null)) out.push(null);
  return out.length ? out : [...CUSTOMER_LEVEL.values];
}

const STATUS_COLOR: Record<CustomerStatus, string> = { potential: PALETTE[0], deal: PALETTE[1], lost: "#8c8c8c" };

/** Customers by level (columns) and status (stacked), each status in its own colour. */
export function mixOption(xs: readonly LevelStatusCount[], loc: ChartLocale): Option {
  const { t } = loc;
  const levels = mixLevels(xs);
  const levelName = (l: MixLevel) => (l === null ? t("dash.noLevel") : CUSTOMER_LEVEL.label(t, l));
  const count = (l: MixLevel, s: CustomerStatus) =>
    xs.filter((x) => x.level === l && x.status === s).reduce((n, x) => n + Number(x.count), 0);
  return {
    color: CUSTOMER_STATUS.values.map((s) => STATUS_COLOR[s]),
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: (ps: { dataIndex: number }[]) => {
        const l = levels[ps[0]?.dataIndex ?? 0] ?? null;
        const rows: [string, string][] = CUSTOMER_STATUS.values.map((s) => [CUSTOMER_STATUS.label(t, s), String(count(l, s))]);
        rows.push([t("dash.total"), String(CUSTOMER_STATUS.values.reduce((n, s) => n + count(l, s), 0))]);
        return tooltipHtml(levelName(l), rows);
      },
    },
    legend: { top: 0, icon: "roundRect", itemWidth: 12, itemHeight: 8, textStyle: { color: TEXT } },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: {
      type: "category",
      data: levels.map(levelName),
      axisLine: { lineStyle: { color: AXIS } },
      axisTick: { show: false },
      axisLabel,
    },
    yAxis: { type: "value", minInterval: 1, axisLabel, splitLine: { lineStyle: { color: SPLIT } } },
    series: CUSTOMER_STATUS.values.map((s) => ({
      name: CUSTOMER_STATUS.label(t, s),
      type: "bar",
      stack: "mix",
      barMaxWidth: 40,
      emphasis: { focus: "series" },
      label: { show: true, color: "#fff", fontSize: 11, formatter: (p: { value: number }) => (p.value ? String(p.value) : "") },
      data: levels.map((l) => count(l, s)),
    })),
  };
}

/** What a click on the mix chart means: the column's level and the series' status. */
export function mixTarget(
  xs: readonly LevelStatusCount[],
  seriesName: string | undefined,
  dataIndex: number,
  { t }: ChartLocale,
): { level: MixLevel; status: CustomerStatus | null } {
  const level = mixLevels(xs)[dataIndex] ?? null;
  const status = CUSTOMER_STATUS.values.find((s) => CUSTOMER_STATUS.label(t, s) === seriesName) ?? null;
  return { level, status };
}

// ------------------------------------------------------------------ top reps

export const repsHasData = (xs: readonly RepAmount[]) => xs.length > 0;

/** The top reps by signed amount as horizontal bars, the best on top, each labelled with its amount. */
export function repsOption(xs: readonly RepAmount[], loc: ChartLocale): Option {
  const { t, lang } = loc;
  // ECharts draws a category axis bottom-up: reversed, the first rep is on top.
  const rows = [...xs].reverse();
  return {
    tooltip: {
      ...TOOLTIP_BASE,
      trigger: "item",
      formatter: (p: { dataIndex: number }) => {
        const r = rows[p.dataIndex];
        return r
          ? tooltipHtml(r.name, [
              [t("dash.contractsAmount"), formatMoney(r.amount)],
              [t("dash.contractsCount"), String(Number(r.count))],
            ])
          : "";
      },
    },
    grid: { left: 8, right: 56, top: 8, bottom: 8, containLabel: true },
    xAxis: {
      type: "value",
      axisLabel: { ...axisLabel, formatter: (v: number) => compactMoney(v, lang) },
      splitLine: { lineStyle: { color: SPLIT } },
    },
    yAxis: {
      type: "category",
      data: rows.map((r) => r.name),
      axisLine: { lineStyle: { color: AXIS } },
      axisTick: { show: false },
      axisLabel: { ...axisLabel, width: 80, overflow: "truncate" },
    },
    series: [
      {
        type: "bar",
        name: t("dash.contractsAmount"),
        barMaxWidth: 16,
        itemStyle: { color: PALETTE[0], borderRadius: [0, 3, 3, 0] },
        label: {
          show: true,
          position: "right",
          color: TEXT,
          fontSize: 11,
          formatter: (p: { dataIndex: number }) => (rows[p.dataIndex] ? compactMoney(num(rows[p.dataIndex].amount), lang) : ""),
        },
        data: rows.map((r) => num(r.amount)),
      },
    ],
  };
}

/** The rep a bar stands for (bars are drawn in reverse order). */
export const repAt = (xs: readonly RepAmount[], dataIndex: number): RepAmount | undefined => xs[xs.length - 1 - dataIndex];
