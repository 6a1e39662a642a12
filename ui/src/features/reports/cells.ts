// How a report's cells read: the backend sends every figure as text (money "1234.50",
// counts "12", percentages "33.33", days "12.5"; null for an empty cell), typed by its
// column's kind. Pure functions shared by the tables, the charts and their tests.
import type { ColumnKind } from "../../api/types/ColumnKind";
import type { ReportColumn } from "../../api/types/ReportColumn";
import type { ReportTable } from "../../api/types/ReportTable";
import { translate, type Lang, type MessageKey } from "../../i18n";
import { formatMoney, formatQuantity, isDec } from "../../money";

/** What an empty cell shows. */
export const NONE = "—";

/** "1234567" → "1,234,567" (on the digits, exact; a sign and decimals kept). */
export function groupDigits(v: string): string {
  const m = /^([+-]?)(\d+)(\.\d+)?$/.exec(v.trim());
  if (!m) return v;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ",")}${m[3] ?? ""}`;
}

/** One cell as shown in a table, a tooltip or a label. */
export function formatCell(kind: ColumnKind, v: string | null | undefined, lang: Lang): string {
  if (v === null || v === undefined || v === "") return NONE;
  switch (kind) {
    case "money":
      return isDec(v) ? formatMoney(v) : v;
    case "count":
      return groupDigits(v);
    case "quantity":
      return isDec(v) ? groupDigits(formatQuantity(v)) : v;
    case "percent":
      return isDec(v) ? `${v}%` : v;
    case "days":
      return isDec(v) ? translate(lang, "reports.days", { n: v }) : v;
    case "text":
      return backendWord(lang, v);
  }
}

/** A cell as a number for a chart (null when empty or not a decimal). */
export function cellNumber(v: string | null | undefined): number | null {
  if (v === null || v === undefined || !isDec(v)) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

// The few words the backend writes into label cells itself (in Chinese), shown in the
// user's language: matched against the Chinese message of the same meaning.
const BACKEND_WORDS: readonly MessageKey[] = ["reports.total", "reports.blank", "reports.uncategorized", "reports.direct"];

/** A label cell in the user's language (the backend's own words translated, data as is). */
export function backendWord(lang: Lang, v: string): string {
  if (lang === "zh-CN") return v;
  const key = BACKEND_WORDS.find((k) => translate("zh-CN", k) === v);
  return key ? translate(lang, key) : v;
}

export const columnTitle = (c: ReportColumn, lang: Lang) => (lang === "zh-CN" ? c.zh : c.en);
export const tableTitle = (t: ReportTable, lang: Lang) => (lang === "zh-CN" ? t.titleZh : t.titleEn);
export const tableNote = (t: ReportTable, lang: Lang) => (lang === "zh-CN" ? t.noteZh : t.noteEn);

/** Is a column's figure a number (right-aligned, sorted as a number)? */
export const isNumeric = (kind: ColumnKind) => kind !== "text";
