// The reports' period presets as calendar days (inclusive, in the desktop's calendar):
// this month (the default), last month, this quarter, this year, last year, or a range.
import dayjs, { type Dayjs } from "dayjs";

export type Preset = "month" | "lastMonth" | "quarter" | "year" | "lastYear" | "custom";

export const PRESETS: readonly Preset[] = ["month", "lastMonth", "quarter", "year", "lastYear", "custom"];

const D = "YYYY-MM-DD";

/** The first and last day a preset covers around `today`; `custom` takes `range`. */
export function presetRange(preset: Preset, today: Dayjs = dayjs(), range?: [Dayjs, Dayjs] | null): { from: string; to: string } {
  const d = today.startOf("day");
  const span = (a: Dayjs, b: Dayjs) => ({ from: a.format(D), to: b.format(D) });
  switch (preset) {
    case "month":
      return span(d.startOf("month"), d.endOf("month"));
    case "lastMonth": {
      const m = d.startOf("month").subtract(1, "month");
      return span(m, m.endOf("month"));
    }
    case "quarter": {
      const first = d.month(Math.floor(d.month() / 3) * 3).startOf("month");
      return span(first, first.add(2, "month").endOf("month"));
    }
    case "year":
      return span(d.startOf("year"), d.endOf("year"));
    case "lastYear": {
      const y = d.startOf("year").subtract(1, "year");
      return span(y, y.endOf("year"));
    }
    case "custom": {
      const [a, b] = range ?? [d.startOf("month"), d];
      return a.isAfter(b) ? span(b, a) : span(a, b);
    }
  }
}
