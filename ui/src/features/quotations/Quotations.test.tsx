import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { QuotationFilter, QuotationRow } from "../../api";
import { renderPage } from "../../test/render";
import Quotations from "./Quotations";

afterEach(() => clearMocks());

const last = <T,>(xs: T[]): T => xs[xs.length - 1];

const quote = (id: number, total: string): QuotationRow => ({
  id,
  lockVersion: 1,
  quotationNo: `QT-2030-${String(id).padStart(4, "0")}`,
  opportunityId: 7,
  opportunityName: "CRM 升级项目",
  customerId: 3,
  customerName: "杭州云帆科技有限公司",
  totalAmount: total,
  totalUpper: "",
  validUntil: null,
  status: "draft",
  expired: false,
  remark: null,
  createdBy: 1,
  createdByName: "管理员",
  createdAt: `2030-01-0${id}T00:00:00`,
  updatedAt: `2030-01-0${id}T00:00:00`,
  items: [],
});

// The server's answer for each order: amounts as decimal strings, so "9.50" < "100.00" < "1200.00" only numerically.
const ROWS = [quote(1, "100.00"), quote(2, "9.50"), quote(3, "1200.00")];
const ORDERED: Record<string, QuotationRow[]> = {
  default: [ROWS[2], ROWS[1], ROWS[0]],
  asc: [ROWS[1], ROWS[0], ROWS[2]],
  desc: [ROWS[2], ROWS[0], ROWS[1]],
};

type ListArgs = { filter: QuotationFilter; page: { page: number; pageSize: number } };

function backend(lists: ListArgs[]) {
  mockIPC((cmd, args) => {
    if (cmd !== "quotation_list") return null;
    const a = args as unknown as ListArgs;
    lists.push(a);
    const rows = a.filter.sort === "totalAmount" ? ORDERED[a.filter.desc ? "desc" : "asc"] : ORDERED.default;
    return { items: rows, total: 120, page: a.page.page, pageSize: a.page.pageSize };
  });
}

/** The quotation numbers as the table shows them, top to bottom. */
const shown = () => [...document.querySelectorAll('[data-testid^="quote-open-"]')].map((a) => a.textContent);

describe("Quotations list", () => {
  it("sorts by total amount on the server, from page 1, in the server's order", { timeout: 60_000 }, async () => {
    const lists: ListArgs[] = [];
    backend(lists);
    renderPage(<Quotations />, { route: "/quotations" });
    await screen.findByTestId("quote-open-1");
    expect(lists[0].filter).toMatchObject({ sort: null, desc: null });
    expect(shown()).toEqual(["QT-2030-0003", "QT-2030-0002", "QT-2030-0001"]);

    // On page 2, a new order starts again from page 1.
    await userEvent.click(document.querySelector(".ant-pagination-item-2")!);
    await waitFor(() => expect(last(lists).page.page).toBe(2));

    const header = screen.getByTestId("list-quotations").querySelector("thead")!;
    await userEvent.click(within(header).getByText("总金额"));
    await waitFor(() => expect(last(lists).filter).toMatchObject({ sort: "totalAmount", desc: false }));
    expect(last(lists).page.page).toBe(1);
    await waitFor(() => expect(shown()).toEqual(["QT-2030-0002", "QT-2030-0001", "QT-2030-0003"]));

    await userEvent.click(within(header).getByText("总金额"));
    await waitFor(() => expect(last(lists).filter).toMatchObject({ sort: "totalAmount", desc: true }));
    await waitFor(() => expect(shown()).toEqual(["QT-2030-0003", "QT-2030-0001", "QT-2030-0002"]));

    // A third click clears the sort: the server's default order again.
    await userEvent.click(within(header).getByText("总金额"));
    await waitFor(() => expect(last(lists).filter).toMatchObject({ sort: null, desc: null }));
    expect(lists.every((l) => l.filter.keyword === null && l.filter.status === null)).toBe(true);
  });

  it("tags an expired quotation and filters by it", { timeout: 60_000 }, async () => {
    const lists: ListArgs[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "quotation_list") return null;
      const a = args as unknown as ListArgs;
      lists.push(a);
      const rows = [{ ...quote(1, "100.00"), status: "sent", validUntil: "2030-01-01", expired: true }, quote(2, "9.50")];
      return { items: a.filter.expired ? rows.slice(0, 1) : rows, total: 2, page: 1, pageSize: 50 };
    });
    renderPage(<Quotations />, { route: "/quotations" });
    await screen.findByTestId("quote-expired-1");
    expect(screen.queryByTestId("quote-expired-2")).toBeNull();
    expect(lists[0].filter.expired).toBe(false);
    await userEvent.click(document.getElementById("quote-expired")!);
    await waitFor(() => expect(last(lists).filter.expired).toBe(true));
    await waitFor(() => expect(screen.queryByTestId("quote-open-2")).toBeNull());
  });
});
