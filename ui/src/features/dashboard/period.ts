// The dashboard's period presets as calendar days (inclusive, the desktop's calendar).
// Weeks start on Monday; quarters are Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec. Whole weeks,
// months, quarters and years are sent, so the backend compares them with the period of
// the same shape just before (this month against last month, Q2 against Q1).
import dayjs, { type Dayjs } from "dayjs";

export type PeriodPreset = "today" | "week" | "month" | "quarter" | "year" | "custom";

export const PERIOD_PRESETS: readonly PeriodPreset[] = ["today", "week", "month", "quarter", "year", "custom"];

export type DateRange = { from: string; to: string };

const D = "YYYY-MM-DD";

/** The days a preset covers around `today` ("YYYY-MM-DD" or a dayjs); `custom` has no range of its own (null). */
export function periodRange(preset: PeriodPreset, today: string | Dayjs): DateRange | null {
  const d = (typeof today === "string" ? dayjs(today, D) : today).startOf("day");
  const span = (from: Dayjs, to: Dayjs): DateRange => ({ from: from.format(D), to: to.format(D) });
  switch (preset) {
    case "today":
      return span(d, d);
    case "week": {
      // dayjs counts Sunday as 0: Monday is (day + 6) % 7 days back.
      const monday = d.subtract((d.day() + 6) % 7, "day");
      return span(monday, monday.add(6, "day"));
    }
    case "month":
      return span(d.startOf("month"), d.endOf("month"));
    case "quarter": {
      const first = d.month(Math.floor(d.month() / 3) * 3).startOf("month");
      return span(first, first.add(2, "month").endOf("month"));
    }
    case "year":
      return span(d.startOf("year"), d.endOf("year"));
    case "custom":
      return null;
  }
}

/** Is `s` a real calendar day written "YYYY-MM-DD"? */
export function isDay(s: string | null | undefined): s is string {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  return dayjs(s, D).format(D) === s;
}
