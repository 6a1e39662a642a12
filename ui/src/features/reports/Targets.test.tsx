import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { afterEach, describe, expect, it } from "vitest";
import type { TargetBasis } from "../../api/types/TargetBasis";
import type { TargetGrid } from "../../api/types/TargetGrid";
import type { TargetInput } from "../../api/types/TargetInput";
import type { TargetRow } from "../../api/types/TargetRow";
import { renderPage, userWith } from "../../test/render";
import Targets from "./Targets";

afterEach(() => clearMocks());

const months = (...set: [number, string][]) => {
  const m: (string | null)[] = Array(12).fill(null);
  for (const [i, v] of set) m[i] = v;
  return m;
};

const row = (r: Partial<TargetRow> & Pick<TargetRow, "kind" | "id" | "name">): TargetRow => ({
  parentDeptId: null,
  deptName: null,
  months: months(),
  total: "0.00",
  rolledUp: false,
  achieved: Array(12).fill("0.00"),
  achievedTotal: "0.00",
  completion: null,
  editable: true,
  ...r,
});

const grid = (canEdit: boolean, year = dayjs().year()): TargetGrid => ({
  year,
  basis: "contracts",
  canEdit,
  rows: [
    row({
      kind: "dept",
      id: 1,
      name: "华东销售部",
      rolledUp: true,
      months: months([0, "300000.00"]),
      total: "300000.00",
      editable: canEdit,
    }),
    row({
      kind: "user",
      id: 7,
      name: "张三",
      parentDeptId: 1,
      deptName: "华东销售部",
      months: months([0, "100000.00"]),
      total: "100000.00",
      achieved: ["120000.00", ...Array(11).fill("0.00")],
      achievedTotal: "120000.00",
      completion: "120.00",
      editable: canEdit,
    }),
    row({
      kind: "user",
      id: 8,
      name: "李四",
      parentDeptId: 1,
      deptName: "华东销售部",
      months: months([0, "200000.00"]),
      total: "200000.00",
      editable: canEdit,
    }),
  ],
});

function backend(canEdit: boolean) {
  const saved: { year: number; rows: TargetInput[] }[] = [];
  const basis: TargetBasis[] = [];
  const asked: number[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "target_grid") {
      const y = (args as { year: number }).year;
      asked.push(y);
      return grid(canEdit, y);
    }
    if (cmd === "target_save") {
      const a = args as { year: number; rows: TargetInput[] };
      saved.push(a);
      return grid(canEdit, a.year);
    }
    if (cmd === "target_basis_set") {
      const b = (args as { basis: TargetBasis }).basis;
      basis.push(b);
      return b;
    }
    return null;
  });
  return { saved, basis, asked };
}

describe("销售目标", { timeout: 90_000 }, () => {
  it("a manager edits one month of one rep; saving sends exactly that row", async () => {
    const calls = backend(true);
    renderPage(<Targets />, { user: userWith("report:read", "report:target") });
    expect(await screen.findByTestId("targets-page")).toBeTruthy();
    const april = await waitFor(() => {
      const e = document.getElementById("target-user-7-4") as HTMLInputElement | null;
      expect(e).toBeTruthy();
      return e!;
    });
    expect(calls.asked).toEqual([dayjs().year()]);

    // Achieved and completion under each target; the year total.
    expect(screen.getByTestId("achieved-user-7-1").textContent).toBe("120,000.00120.00%");
    expect(screen.getByTestId("target-total-user-7").textContent).toBe("100,000.00");
    // The rolled-up department: its sums in grey italics (a placeholder while it has none of its own).
    const deptJan = document.getElementById("target-dept-1-1") as HTMLInputElement;
    expect(deptJan.value).toBe("");
    expect(deptJan.placeholder).toBe("300,000.00");
    expect(screen.getByTestId("target-total-dept-1").style.fontStyle).toBe("italic");
    // Reps in total, per month.
    expect(within(screen.getByTestId("targets-rep-total")).getAllByText("300,000.00", { selector: "strong" })).toHaveLength(2);

    expect((screen.getByTestId("targets-save") as HTMLButtonElement).disabled).toBe(true);
    await userEvent.type(april, "8000.5");
    fireEvent.blur(april);
    expect(await screen.findByTestId("targets-changed")).toBeTruthy();
    expect(screen.getByTestId("target-total-user-7").textContent).toBe("108,000.50");
    await userEvent.click(screen.getByTestId("targets-save"));
    await waitFor(() => expect(calls.saved).toHaveLength(1));
    expect(calls.saved[0]).toEqual({
      year: dayjs().year(),
      rows: [{ kind: "user", id: 7, months: months([0, "100000.00"], [3, "8000.50"]) }],
    });
    expect(await screen.findByText("目标已保存")).toBeTruthy();
    await waitFor(() => expect(screen.queryByTestId("targets-changed")).toBeNull());
  });

  it("the basis switch is saved for a manager", async () => {
    const calls = backend(true);
    renderPage(<Targets />, { user: userWith("report:read", "report:target") });
    await waitFor(() => expect(document.getElementById("target-user-7-1")).toBeTruthy());
    await userEvent.click(screen.getByTestId("targets-basis-receipts"));
    await waitFor(() => expect(calls.basis).toEqual(["receipts"]));
  });

  it("is read-only for a rep: no inputs, no save, the basis fixed", async () => {
    const calls = backend(false);
    renderPage(<Targets />, { user: userWith("report:read") });
    expect(await screen.findByTestId("targets-read-only")).toBeTruthy();
    await screen.findByTestId("target-row-user-7");
    expect(document.querySelector("#targets-page input.ant-input-number-input")).toBeNull();
    expect(document.querySelectorAll("[data-testid='targets-page'] .ant-input-number").length).toBe(0);
    expect(document.getElementById("target-user-7-1")!.textContent).toBe("100,000.00");
    // The rolled-up department reads its sums, in grey italics.
    expect(document.getElementById("target-dept-1-1")!.textContent).toBe("300,000.00");
    expect(document.getElementById("target-dept-1-1")!.style.fontStyle).toBe("italic");
    expect(screen.queryByTestId("targets-save")).toBeNull();
    await userEvent.click(screen.getByTestId("targets-basis-receipts"));
    expect(calls.basis).toEqual([]);
  });

  it("reads in English", async () => {
    backend(false);
    renderPage(<Targets />, { user: userWith("report:read"), lang: "en-US" });
    await screen.findByTestId("target-row-user-7");
    expect(screen.getAllByText("Year total").length).toBeGreaterThan(0);
    expect(screen.getAllByText("Jan").length).toBeGreaterThan(0);
    expect(screen.getByText("Read only: you may not set sales targets")).toBeTruthy();
  });
});
