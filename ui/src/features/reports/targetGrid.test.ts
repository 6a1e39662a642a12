import { describe, expect, it } from "vitest";
import type { TargetGrid } from "../../api/types/TargetGrid";
import type { TargetRow } from "../../api/types/TargetRow";
import {
  completion,
  diff,
  isChanged,
  monthCompletion,
  monthTotals,
  normalizeMonth,
  rowTotal,
  setMonth,
  shownMonths,
  showsRolled,
  toEditRows,
  totalOf,
  withEdits,
  yearCompletion,
} from "./targetGrid";

const months = (...set: [number, string][]) => {
  const m: (string | null)[] = Array(12).fill(null);
  for (const [i, v] of set) m[i] = v;
  return m;
};
const zeros = () => Array(12).fill("0.00") as string[];

const row = (r: Partial<TargetRow> & Pick<TargetRow, "kind" | "id" | "name">): TargetRow => ({
  parentDeptId: null,
  deptName: null,
  months: months(),
  total: "0.00",
  rolledUp: false,
  achieved: zeros(),
  achievedTotal: "0.00",
  completion: null,
  editable: true,
  ...r,
});

const GRID: TargetGrid = {
  year: 2026,
  basis: "contracts",
  canEdit: true,
  rows: [
    // 总部 (no own target: the sum of below), 华东 (own), 华东一组 (child of 华东)
    row({ kind: "dept", id: 1, name: "总部", rolledUp: true, months: months([0, "300000.00"], [1, "0.10"]), total: "300000.10" }),
    row({
      kind: "dept",
      id: 2,
      name: "华东销售部",
      parentDeptId: 1,
      deptName: "总部",
      months: months([0, "200000.00"], [2, "0.20"]),
      total: "200000.20",
    }),
    row({ kind: "dept", id: 5, name: "华东一组", parentDeptId: 2, deptName: "华东销售部" }),
    row({
      kind: "user",
      id: 7,
      name: "张三",
      parentDeptId: 2,
      deptName: "华东销售部",
      months: months([0, "100000.00"], [1, "0.10"]),
      total: "100000.10",
      achieved: ["120000.00", "0.05", ...Array(10).fill("0.00")],
      achievedTotal: "120000.05",
      completion: "120.00",
    }),
    row({
      kind: "user",
      id: 8,
      name: "李四",
      parentDeptId: 2,
      deptName: "华东销售部",
      months: months([0, "200000.00"]),
      total: "200000.00",
    }),
    row({ kind: "user", id: 9, name: "王五", parentDeptId: 3, deptName: "华南", editable: false, months: months([11, "0.30"]) }),
  ],
};

describe("target grid", () => {
  it("rows keep the backend's order; departments indented by their depth in the tree", () => {
    const rows = toEditRows(GRID);
    expect(rows.map((r) => r.key)).toEqual(["dept-1", "dept-2", "dept-5", "user-7", "user-8", "user-9"]);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 0, 0, 0]);
    expect(rows[5].editable).toBe(false);
    expect(toEditRows({ ...GRID, canEdit: false }).every((r) => !r.editable)).toBe(true);
  });

  it("a rolled-up department shows the sums but has no targets of its own", () => {
    const [hq, east] = toEditRows(GRID);
    expect(hq.saved).toEqual(months());
    expect(hq.months).toEqual(months());
    expect(showsRolled(hq)).toBe(true);
    expect(shownMonths(hq)).toEqual(months([0, "300000.00"], [1, "0.10"]));
    expect(rowTotal(hq)).toBe("300000.10");
    expect(showsRolled(east)).toBe(false);
    expect(rowTotal(east)).toBe("200000.20");
    // Typing one month gives it targets of its own: the others are empty, not the sums.
    const typed = setMonth(toEditRows(GRID), "dept-1", 2, "5000")[0];
    expect(showsRolled(typed)).toBe(false);
    expect(shownMonths(typed)).toEqual(months([2, "5000.00"]));
    expect(rowTotal(typed)).toBe("5000.00");
  });

  it("totals are exact (no float drift) per row and per month", () => {
    const rows = toEditRows(GRID);
    // 0.1 + 0.2 on floats is 0.30000000000000004.
    const r = setMonth(setMonth(rows, "user-8", 1, "0.1"), "user-8", 2, "0.2").find((x) => x.key === "user-8")!;
    expect(rowTotal(r)).toBe("200000.30");
    const totals = monthTotals(rows, "user");
    expect(totals[0]).toBe("300000.00");
    expect(totals[1]).toBe("0.10");
    expect(totals[11]).toBe("0.30");
    expect(totals[5]).toBeNull();
    expect(totalOf(totals)).toBe("300000.40");
    // Departments are summed among themselves only (a department already holds its reps).
    expect(monthTotals(rows, "dept")[0]).toBe("500000.00");
  });

  it("completion per month and per year, exact to two decimals; none without a target", () => {
    const rows = toEditRows(GRID);
    const zhang = rows.find((r) => r.key === "user-7")!;
    expect(monthCompletion(zhang, 0)).toBe("120.00");
    expect(monthCompletion(zhang, 1)).toBe("50.00");
    expect(monthCompletion(zhang, 2)).toBeNull();
    expect(yearCompletion(zhang)).toBe("120.00");
    expect(yearCompletion(rows.find((r) => r.key === "dept-5")!)).toBeNull();
    expect(completion("1", "3")).toBe("33.33");
    expect(completion("2", "3")).toBe("66.67");
    expect(completion("5", "0.00")).toBeNull();
    expect(completion("5", null)).toBeNull();
  });

  it("months are normalised to two decimals; blank is no target", () => {
    expect(normalizeMonth("1200")).toBe("1200.00");
    expect(normalizeMonth(1200.5)).toBe("1200.50");
    expect(normalizeMonth("0.005")).toBe("0.01");
    expect(normalizeMonth("")).toBeNull();
    expect(normalizeMonth("  ")).toBeNull();
    expect(normalizeMonth(null)).toBeNull();
    expect(normalizeMonth(undefined)).toBeNull();
    expect(normalizeMonth("abc")).toBeNull();
  });

  it("the diff holds exactly the changed rows, with twelve months as decimal strings", () => {
    const rows = toEditRows(GRID);
    expect(diff(rows)).toEqual([]);
    // Same amount written differently: not a change.
    expect(diff(setMonth(rows, "user-7", 0, "100000"))).toEqual([]);
    const edited = setMonth(setMonth(rows, "user-7", 3, "8000.5"), "user-8", 0, null);
    expect(isChanged(edited[3])).toBe(true);
    expect(diff(edited)).toEqual([
      { kind: "user", id: 7, months: months([0, "100000.00"], [1, "0.10"], [3, "8000.50"]) },
      { kind: "user", id: 8, months: months() },
    ]);
    // A rolled-up department given a month: only that month is its own.
    expect(diff(setMonth(rows, "dept-1", 0, "1"))).toEqual([{ kind: "dept", id: 1, months: months([0, "1.00"]) }]);
    // Back to how it was: no change.
    expect(diff(setMonth(setMonth(rows, "user-7", 3, "1"), "user-7", 3, null))).toEqual([]);
  });

  it("read-only rows cannot be edited and are never sent", () => {
    const rows = toEditRows(GRID);
    const after = setMonth(rows, "user-9", 0, "100");
    expect(after[5]).toBe(rows[5]);
    expect(diff(after)).toEqual([]);
    expect(setMonth(rows, "user-7", 12, "1")).toEqual(rows);
  });

  it("edits laid over a reloaded grid stay; rows that cannot be edited ignore them", () => {
    const rows = toEditRows(GRID);
    const over = withEdits(rows, { "user-7": months([5, "10.00"]), "user-9": months([0, "1.00"]) });
    expect(over[3].months).toEqual(months([5, "10.00"]));
    expect(over[5]).toBe(rows[5]);
    expect(over[0]).toBe(rows[0]);
    expect(diff(over)).toEqual([{ kind: "user", id: 7, months: months([5, "10.00"]) }]);
  });
});
