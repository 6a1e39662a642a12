// A pending return visit can be edited (the same form, prefilled, sent as an update); a
// cancelled one shows its reason under that name, not as the customer's feedback.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ReturnVisitRow } from "../../api";
import { renderPage } from "../../test/render";
import ReturnVisitsTab from "./ReturnVisitsTab";

afterEach(() => clearMocks());

const visit = (id: number, over: Partial<ReturnVisitRow>): ReturnVisitRow => ({
  id,
  customerId: 3,
  contractId: null,
  contractNo: null,
  visitType: "电话",
  planTime: "2030-05-01T02:00:00",
  actualTime: null,
  content: "使用情况回访",
  feedback: null,
  cancelReason: null,
  status: "pending",
  createdBy: 1,
  createdByName: "管理员",
  createdAt: "2030-04-01T00:00:00",
  ...over,
});

function backend(rows: ReturnVisitRow[]) {
  const calls: [string, Record<string, unknown>][] = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, (args ?? {}) as Record<string, unknown>]);
    if (cmd === "return_visit_list") return rows;
    if (cmd === "contract_list") return { items: [], total: 0, page: 1, pageSize: 100 };
    return null;
  });
  return calls;
}

describe("return visits", () => {
  it("edits a pending visit with the prefilled form", async () => {
    const calls = backend([visit(7, {})]);
    renderPage(<ReturnVisitsTab customerId={3} writable />);
    await userEvent.click(await screen.findByTestId("return-visit-edit-7"));
    const type = (await waitFor(() => {
      const e = document.getElementById("return-visit-type") as HTMLInputElement | null;
      if (!e || e.value !== "电话") throw new Error("not prefilled");
      return e;
    })) as HTMLInputElement;
    await userEvent.clear(type);
    await userEvent.type(type, "上门");
    await userEvent.click(document.getElementById("return-visit-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "return_visit_update")).toBe(true));
    const [, args] = calls.find(([c]) => c === "return_visit_update")!;
    expect(args.id).toBe(7);
    expect(args.input).toMatchObject({ visitType: "上门", content: "使用情况回访", planTime: "2030-05-01T02:00:00" });
    expect(calls.some(([c]) => c === "return_visit_create")).toBe(false);
  });

  it("labels a cancel reason as such", async () => {
    backend([visit(8, { status: "cancelled", cancelReason: "客户联系不上", content: null })]);
    renderPage(<ReturnVisitsTab customerId={3} writable />);
    const icon = await waitFor(() => {
      const e = document.querySelector(".ant-table-row-expand-icon-collapsed");
      if (!e) throw new Error("no expandable row yet");
      return e as HTMLElement;
    });
    await userEvent.click(icon);
    await waitFor(() => expect(screen.getByTestId("return-visits-tab").textContent).toContain("取消原因: 客户联系不上"));
    expect(screen.queryByTestId("return-visit-edit-8")).toBeNull();
  });
});
