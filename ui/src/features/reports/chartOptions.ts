// The chart of a report table, from the table's chart hint: which column labels the rows,
// which columns are drawn and how (bar, bar + line, line, pie, funnel, heat map). A pure
// function of the table and the language (tested without a canvas); EChart draws it.
// Values are parsed from the decimal strings the backend sends; every data item keeps
// its original text (`raw`) so tooltips show the exact figure (money to the cent).
import type { EChartsOption } from "echarts";
import type { ColumnKind } from "../../api/types/ColumnKind";
import type { ReportTable } from "../../api/types/ReportTable";
import type { Lang } from "../../i18n";
import { cellNumber, columnTitle, formatCell, NONE, tableTitle } from "./cells";

/** One drawn value: the number and the backend's text of it. */
export type ChartItem = { value: number | null; raw: string | null };

/** The app's palette (antd's blue first), readable on a projector. */
export const PALETTE = ["#1677ff", "#52c41a", "#faad14", "#722ed1", "#13c2c2", "#eb2f96", "#fa541c", "#2f54eb", "#a0d911", "#8c8c8c"];

/** The heat map's colour ramp, from no activity to the busiest cell. */
export const HEAT_COLORS = ["#f0f5ff", "#adc6ff", "#597ef7", "#1d39c4", "#061178"];

/** An axis value in short form: 12000 → "1.2万" / "12K". */
export function compactNumber(v: number, lang: Lang): string {
  if (!Number.isFinite(v)) return "";
  if (Math.abs(v) < 10000) return new Intl.NumberFormat(lang, { maximumFractionDigits: 2 }).format(v);
  return new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 }).format(v);
}

/** An axis label for a value of this kind. */
export function axisLabel(kind: ColumnKind, v: number, lang: Lang): string {
  if (kind === "percent") return `${v}%`;
  return compactNumber(v, lang);
}

/** The row labels: the label column's cells in the user's language ("—" for an empty one). */
export function rowLabels(table: ReportTable, lang: Lang): string[] {
  const i = table.chart?.label ?? 0;
  const kind = table.columns[i]?.kind ?? "text";
  return table.rows.map((r) => {
    const v = r[i];
    return v === null || v === undefined || v === "" ? NONE : formatCell(kind, v, lang);
  });
}

/** The largest value of the drawn cells (0 when there is none). */
export function maxValue(table: ReportTable): number {
  let max = 0;
  for (const r of table.rows)
    for (const c of table.chart?.values ?? []) {
      const n = cellNumber(r[c]);
      if (n !== null && n > max) max = n;
    }
  return max;
}

/** A pie or funnel slice (only drawn with a value). */
type Slice = { value: number; raw: string | null; name: string };

/** The row labels with the first drawn column's values, empty cells left out (and zero ones unless `zeros`). */
function slices(table: ReportTable, c: number | undefined, labels: string[], zeros: boolean): Slice[] {
  if (c === undefined) return [];
  const out: Slice[] = [];
  table.rows.forEach((r, i) => {
    const value = cellNumber(r[c]);
    if (value !== null && (zeros || value > 0)) out.push({ value, raw: r[c] ?? null, name: labels[i] });
  });
  return out;
}

const item = (raw: string | null | undefined): ChartItem => ({ value: cellNumber(raw), raw: raw ?? null });

type TipParam = { marker?: string; seriesName?: string; name?: string; value?: unknown; data?: unknown; percent?: number };

const rawOf = (p: TipParam): string | null => {
  const d = p.data as ChartItem | undefined;
  if (d && typeof d === "object" && "raw" in d) return d.raw;
  return typeof p.value === "number" ? String(p.value) : null;
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/**
 * The tooltip of a category chart: the row's label, then each series' figure formatted
 * by its column's kind (money "¥ 1,234.50", "33.33%" …), empty ones as "—".
 */
export function axisTooltip(kinds: Record<string, ColumnKind>, lang: Lang) {
  return (params: unknown): string => {
    const list = (Array.isArray(params) ? params : [params]) as TipParam[];
    if (!list.length) return "";
    const head = esc(list[0].name ?? "");
    const lines = list.map((p) => {
      const name = p.seriesName ?? "";
      return `${p.marker ?? ""}${esc(name)}: <b>${esc(formatCell(kinds[name] ?? "count", rawOf(p), lang))}</b>`;
    });
    return [head, ...lines].join("<br/>");
  };
}

/** The tooltip of a pie or funnel slice: label, figure and its share. */
export function itemTooltip(kind: ColumnKind, lang: Lang) {
  return (params: unknown): string => {
    const p = params as TipParam;
    const share = typeof p.percent === "number" ? ` (${p.percent}%)` : "";
    return `${p.marker ?? ""}${esc(p.name ?? "")}: <b>${esc(formatCell(kind, rawOf(p), lang))}</b>${share}`;
  };
}

const TITLE_STYLE = { fontSize: 14, fontWeight: 600 as const, color: "#262626" };
const AXIS_TEXT = { color: "#595959", fontSize: 12 };

function base(table: ReportTable, lang: Lang): EChartsOption {
  return {
    color: PALETTE,
    title: { text: tableTitle(table, lang), left: 0, top: 0, textStyle: TITLE_STYLE },
    textStyle: { fontFamily: "inherit" },
    animationDuration: 400,
  };
}

/** Category-axis labels that stay readable: turned when there are many, long ones cut. */
function categoryAxis(labels: string[]) {
  const long = labels.some((l) => l.length > 6);
  return {
    type: "category" as const,
    data: labels,
    axisTick: { alignWithLabel: true },
    axisLabel: {
      ...AXIS_TEXT,
      interval: 0,
      rotate: labels.length > 8 || (long && labels.length > 4) ? 35 : 0,
      width: 96,
      overflow: "truncate" as const,
    },
  };
}

function valueAxis(kind: ColumnKind, lang: Lang, name?: string) {
  return {
    type: "value" as const,
    name,
    nameTextStyle: { ...AXIS_TEXT, align: "center" as const },
    axisLabel: { ...AXIS_TEXT, formatter: (v: number) => axisLabel(kind, v, lang) },
    splitLine: { lineStyle: { type: "dashed" as const, color: "#f0f0f0" } },
    ...(kind === "percent" ? { min: 0 } : {}),
  };
}

const GRID = { left: 8, right: 24, top: 64, bottom: 8, containLabel: true };

/**
 * The chart of a report table, or null when it has none. Every ChartKind:
 * - bar: one bar series per drawn column over the row labels;
 * - barLine: bars for the first drawn column, lines for the others — on a second axis
 *   when their kind differs (a rate against amounts), on the same axis when it is the
 *   same (contract amount against target: one scale, so the gap reads true);
 * - line: one line per drawn column;
 * - pie: the first drawn column by row (empty and zero slices left out);
 * - funnel: the first drawn column by row, in the table's order;
 * - heatmap: rows × drawn columns, coloured by value (visualMap from 0 to the largest cell).
 */
export function reportChartOption(table: ReportTable, lang: Lang): EChartsOption | null {
  const hint = table.chart;
  if (!hint) return null;
  const labels = rowLabels(table, lang);
  const values = hint.values.filter((c) => c >= 0 && c < table.columns.length);
  const cols = values.map((c) => table.columns[c]);
  const names = cols.map((c) => columnTitle(c, lang));
  const kinds: Record<string, ColumnKind> = Object.fromEntries(cols.map((c, i) => [names[i], c.kind]));
  const series = (c: number) => table.rows.map((r) => item(r[c]));
  // Under the title (a long title and many series never overlap), scrolling when they do not fit.
  const legend = { top: 26, left: 0, right: 0, type: "scroll" as const, itemWidth: 14, itemHeight: 10, textStyle: AXIS_TEXT };
  const opt = base(table, lang);

  switch (hint.kind) {
    case "bar":
    case "line": {
      const kind = cols[0]?.kind ?? "count";
      return {
        ...opt,
        legend: values.length > 1 ? { ...legend, data: names } : { show: false },
        tooltip: { trigger: "axis", axisPointer: { type: hint.kind === "bar" ? "shadow" : "line" }, formatter: axisTooltip(kinds, lang) },
        grid: values.length > 1 ? GRID : { ...GRID, top: 44 },
        xAxis: categoryAxis(labels),
        yAxis: valueAxis(kind, lang),
        series: values.map((c, i) =>
          hint.kind === "bar"
            ? {
                type: "bar" as const,
                name: names[i],
                data: series(c),
                barMaxWidth: 36,
                itemStyle: { borderRadius: [3, 3, 0, 0] },
                emphasis: { focus: "series" as const },
              }
            : {
                type: "line" as const,
                name: names[i],
                data: series(c),
                symbolSize: 7,
                connectNulls: false,
                emphasis: { focus: "series" as const },
              },
        ),
      };
    }
    case "barLine": {
      const [first, ...rest] = values;
      const barKind = cols[0]?.kind ?? "count";
      const lineKind = cols[1]?.kind ?? barKind;
      const twoAxes = cols.slice(1).some((c) => c.kind !== barKind);
      return {
        ...opt,
        legend: { ...legend, data: names },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: axisTooltip(kinds, lang) },
        grid: GRID,
        xAxis: categoryAxis(labels),
        yAxis: twoAxes
          ? [valueAxis(barKind, lang), { ...valueAxis(lineKind, lang), splitLine: { show: false } }]
          : [valueAxis(barKind, lang)],
        series:
          first === undefined
            ? []
            : [
                {
                  type: "bar" as const,
                  name: names[0],
                  data: series(first),
                  barMaxWidth: 36,
                  yAxisIndex: 0,
                  itemStyle: { borderRadius: [3, 3, 0, 0] },
                },
                ...rest.map((c, i) => ({
                  type: "line" as const,
                  name: names[i + 1],
                  data: series(c),
                  yAxisIndex: twoAxes && cols[i + 1].kind !== barKind ? 1 : 0,
                  symbolSize: 7,
                  connectNulls: false,
                })),
              ],
      };
    }
    case "pie": {
      const c = values[0];
      const kind = cols[0]?.kind ?? "count";
      const data = slices(table, c, labels, false);
      return {
        ...opt,
        legend: { ...legend, orient: "vertical", left: undefined, top: 32, right: 0, bottom: 0 },
        tooltip: { trigger: "item", formatter: itemTooltip(kind, lang) },
        series: [
          {
            type: "pie" as const,
            name: names[0],
            radius: ["38%", "68%"],
            center: ["40%", "56%"],
            avoidLabelOverlap: true,
            itemStyle: { borderColor: "#fff", borderWidth: 2 },
            label: { formatter: "{b}\n{d}%", color: "#595959" },
            data,
          },
        ],
      };
    }
    case "funnel": {
      const c = values[0];
      const kind = cols[0]?.kind ?? "count";
      const data = slices(table, c, labels, true);
      return {
        ...opt,
        // The stages are named on the funnel itself.
        legend: { show: false },
        tooltip: { trigger: "item", formatter: itemTooltip(kind, lang) },
        series: [
          {
            type: "funnel" as const,
            name: names[0],
            sort: "none",
            min: 0,
            max: Math.max(maxValue(table), 1),
            left: "10%",
            width: "70%",
            top: 56,
            bottom: 8,
            gap: 2,
            minSize: "8%",
            label: {
              show: true,
              position: "inside",
              formatter: "{b}: {c}",
              color: "#fff",
              fontWeight: 600,
              textBorderColor: "rgba(0,0,0,0.35)",
              textBorderWidth: 2,
            },
            itemStyle: { borderColor: "#fff", borderWidth: 1 },
            data,
          },
        ],
      };
    }
    case "heatmap": {
      const kind = cols[0]?.kind ?? "count";
      const data: [number, number, number][] = [];
      table.rows.forEach((r, y) =>
        values.forEach((c, x) => {
          const n = cellNumber(r[c]);
          if (n !== null) data.push([x, y, n]);
        }),
      );
      const max = Math.max(maxValue(table), 1);
      return {
        ...opt,
        tooltip: {
          position: "top",
          formatter: (p: unknown) => {
            const v = (p as { value?: [number, number, number] }).value;
            if (!v) return "";
            return `${esc(labels[v[1]] ?? "")} · ${esc(names[v[0]] ?? "")}: <b>${esc(formatCell(kind, String(v[2]), lang))}</b>`;
          },
        },
        grid: { left: 8, right: 16, top: 48, bottom: 56, containLabel: true },
        xAxis: { ...categoryAxis(names), splitArea: { show: true } },
        yAxis: {
          type: "category",
          data: labels,
          inverse: true,
          axisLabel: { ...AXIS_TEXT, width: 96, overflow: "truncate" },
          splitArea: { show: true },
        },
        visualMap: {
          min: 0,
          max,
          calculable: true,
          orient: "horizontal",
          left: "center",
          bottom: 0,
          itemHeight: 160,
          inRange: { color: HEAT_COLORS },
          textStyle: AXIS_TEXT,
        },
        series: [
          {
            type: "heatmap" as const,
            name: tableTitle(table, lang),
            data,
            // Readable on the lightest and the darkest cell alike.
            label: {
              show: values.length * table.rows.length <= 120,
              fontSize: 11,
              color: "#262626",
              textBorderColor: "#fff",
              textBorderWidth: 2,
            },
            emphasis: { itemStyle: { shadowBlur: 6, shadowColor: "rgba(0,0,0,0.3)" } },
          },
        ],
      };
    }
  }
}

/** A chart tall enough for its rows (heat maps and long category lists grow). */
export function chartHeight(table: ReportTable): number {
  const kind = table.chart?.kind;
  if (kind === "heatmap") return Math.min(Math.max(160 + table.rows.length * 28, 240), 720);
  if (kind === "pie" || kind === "funnel") return 300;
  return table.rows.length > 8 ? 340 : 300;
}

/**
 * The table row a click on the chart stands for (null: none). Category charts number
 * their items like the rows; pie and funnel leave empty slices out, so their item is
 * found by its label; a heat-map cell stands for no single row.
 */
export function clickedRow(table: ReportTable, lang: Lang, click: { name: string; dataIndex: number }): number | null {
  const kind = table.chart?.kind;
  if (!kind || !table.rows.length) return null;
  if (kind === "pie" || kind === "funnel") {
    const i = rowLabels(table, lang).indexOf(click.name);
    return i >= 0 ? i : null;
  }
  if (kind === "heatmap") return null;
  return click.dataIndex >= 0 && click.dataIndex < table.rows.length ? click.dataIndex : null;
}
