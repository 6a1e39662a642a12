// The sales-target grid as the editor holds it: one row per department (tree order) then
// per rep, twelve months each. Pure functions, exact decimal math (money.ts), so what
// the editor shows and sends equals what the backend stores.
//
// A department without targets of its own arrives `rolledUp`: its months are the sum of
// its members' and sub-departments' targets. Those figures are shown (grey, italic) but
// are not its own targets: the row's own months start empty, and typing a month gives it
// targets of its own (the other months stay empty until typed).
import type { TargetGrid } from "../../api/types/TargetGrid";
import type { TargetInput } from "../../api/types/TargetInput";
import type { TargetKind } from "../../api/types/TargetKind";
import type { TargetRow } from "../../api/types/TargetRow";
import { compareDec, parseDec, percentOf, roundHalfUp, sumAmounts, toStr } from "../../money";

export const MONTHS = 12;

export type RowKey = `${TargetKind}-${number}`;

export type EditRow = {
  key: RowKey;
  kind: TargetKind;
  id: number;
  name: string;
  /** A rep's department name, or a department's parent's. */
  deptName: string | null;
  /** Departments: how deep in the visible tree (0 for a top one). Reps: 0. */
  depth: number;
  /** The row's own targets as saved (a rolled-up department: none). */
  saved: (string | null)[];
  /** The row's own targets as edited. */
  months: (string | null)[];
  /** A rolled-up department's sums (what it shows while it has no targets of its own). */
  rolled: (string | null)[] | null;
  achieved: string[];
  achievedTotal: string;
  editable: boolean;
};

export const rowKey = (kind: TargetKind, id: number): RowKey => `${kind}-${id}`;

const twelve = <T>(xs: readonly T[] | null | undefined, fill: T): T[] => Array.from({ length: MONTHS }, (_, i) => xs?.[i] ?? fill);

/** A month as entered (InputNumber's text, a number, blank) → a two-decimal string, or null (no target). */
export function normalizeMonth(v: string | number | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (!s) return null;
  const x = parseDec(s);
  if (!x) return null;
  return toStr(roundHalfUp(x, 2));
}

/** The departments' depth in the visible tree (a parent outside the grid counts as none). */
function depths(rows: readonly TargetRow[]): Map<number, number> {
  const parent = new Map<number, number | null>();
  for (const r of rows) if (r.kind === "dept") parent.set(r.id, r.parentDeptId);
  const out = new Map<number, number>();
  const depth = (id: number, seen: Set<number>): number => {
    if (out.has(id)) return out.get(id)!;
    const p = parent.get(id);
    const d = p != null && parent.has(p) && !seen.has(p) ? depth(p, new Set(seen).add(id)) + 1 : 0;
    out.set(id, d);
    return d;
  };
  for (const id of parent.keys()) depth(id, new Set());
  return out;
}

/** The grid's rows as the editor holds them (in the backend's order: departments, then reps). */
export function toEditRows(grid: TargetGrid): EditRow[] {
  const d = depths(grid.rows);
  return grid.rows.map((r) => {
    const months = twelve(r.months, null).map(normalizeMonth);
    const own = r.rolledUp ? twelve<string | null>(null, null) : months;
    return {
      key: rowKey(r.kind, r.id),
      kind: r.kind,
      id: r.id,
      name: r.name,
      deptName: r.deptName,
      depth: r.kind === "dept" ? (d.get(r.id) ?? 0) : 0,
      saved: own,
      months: [...own],
      rolled: r.rolledUp ? months : null,
      achieved: twelve(r.achieved, "0.00"),
      achievedTotal: r.achievedTotal,
      editable: grid.canEdit && r.editable,
    };
  });
}

/** Set one month of one row (month 0 = January); returns new rows (the others untouched). */
export function setMonth(rows: readonly EditRow[], key: RowKey, month: number, value: string | number | null | undefined): EditRow[] {
  return rows.map((r) => {
    if (r.key !== key || !r.editable || month < 0 || month >= MONTHS) return r;
    const months = [...r.months];
    months[month] = normalizeMonth(value);
    return { ...r, months };
  });
}

/** The rows with edited months laid over them (rows that cannot be edited keep theirs). */
export function withEdits(rows: readonly EditRow[], edits: Partial<Record<RowKey, readonly (string | null)[]>>): EditRow[] {
  return rows.map((r) => {
    const m = edits[r.key];
    return m && r.editable ? { ...r, months: Array.from({ length: MONTHS }, (_, i) => m[i] ?? null) } : r;
  });
}

const hasOwn = (r: EditRow) => r.months.some((m) => m !== null);

/** Does the row show its rolled-up sums (a department with no targets of its own, even after editing)? */
export const showsRolled = (r: EditRow) => r.rolled !== null && !hasOwn(r);

/** The targets the row shows per month: its own, or the rolled-up sums while it has none. */
export const shownMonths = (r: EditRow): (string | null)[] => (showsRolled(r) ? r.rolled! : r.months);

/** The year total of what the row shows, to the cent ("0.00" without any target). */
export const rowTotal = (r: EditRow): string => sumAmounts(shownMonths(r));

/** Is there any target on the row (own or rolled up)? */
export const hasTarget = (r: EditRow) => shownMonths(r).some((m) => m !== null);

/** achieved ÷ target in % (two decimals, as the backend rounds), null without a target (or a zero one). */
export function completion(achieved: string, target: string | null): string | null {
  if (target === null) return null;
  return percentOf(achieved, target);
}

/** A month's completion of the row (month 0 = January). */
export const monthCompletion = (r: EditRow, month: number) => completion(r.achieved[month], shownMonths(r)[month]);

/** The row's year completion: achieved total ÷ target total (null without any target). */
export const yearCompletion = (r: EditRow) => (hasTarget(r) ? completion(r.achievedTotal, rowTotal(r)) : null);

/** Per month, the sum of the shown targets of the rows of one kind (null where none of them has one). */
export function monthTotals(rows: readonly EditRow[], kind: TargetKind): (string | null)[] {
  const of = rows.filter((r) => r.kind === kind);
  return Array.from({ length: MONTHS }, (_, i) => {
    const xs = of.map((r) => shownMonths(r)[i]).filter((m): m is string => m !== null);
    return xs.length ? sumAmounts(xs) : null;
  });
}

/** The grand total of `monthTotals`. */
export const totalOf = (months: readonly (string | null)[]) => sumAmounts(months);

/** Has the row's own targets changed since it was loaded (compared as amounts: "100" equals "100.00")? */
export function isChanged(r: EditRow): boolean {
  return r.months.some((m, i) => {
    const s = r.saved[i];
    if (m === null || s === null) return m !== s;
    return compareDec(m, s) !== 0;
  });
}

/** What to save: exactly the changed rows, each with its twelve months as decimal strings (null: no target). */
export function diff(rows: readonly EditRow[]): TargetInput[] {
  return rows.filter((r) => r.editable && isChanged(r)).map((r) => ({ kind: r.kind, id: r.id, months: [...r.months] }));
}
