import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { Aging as AgingData, AgingBy, AgingRow } from "../../api";
import MainLayout from "../../app/MainLayout";
import { renderPage, userWith } from "../../test/render";
import Aging from "./Aging";

afterEach(() => clearMocks());

const row = (id: number, name: string, b: Partial<AgingRow>): AgingRow => ({
  id,
  name,
  notDue: "0.00",
  days130: "0.00",
  days3160: "0.00",
  days6190: "0.00",
  over90: "0.00",
  total: "0.00",
  ...b,
});

const BY_OWNER: AgingData = {
  rows: [
    row(7, "张三", { notDue: "10000.00", days130: "2500.50", over90: "1200.00", total: "13700.50" }),
    row(8, "李四", { days3160: "800.00", days6190: "0.10", total: "800.10" }),
  ],
  totals: row(0, "", {
    notDue: "10000.00",
    days130: "2500.50",
    days3160: "800.00",
    days6190: "0.10",
    over90: "1200.00",
    total: "14500.60",
  }),
  asOf: "2030-03-01",
};

const BY_CUSTOMER: AgingData = {
  rows: [row(3, "杭州云帆科技有限公司", { notDue: "6000.00", total: "6000.00" })],
  totals: row(0, "", { notDue: "6000.00", total: "6000.00" }),
  asOf: "2030-03-01",
};

function backend() {
  const asked: AgingBy[] = [];
  mockIPC((cmd, args) => {
    if (cmd === "receivable_aging") {
      const by = (args as { by: AgingBy }).by;
      asked.push(by);
      return by === "owner" ? BY_OWNER : BY_CUSTOMER;
    }
    if (cmd === "todo_counts")
      return {
        followUps: 0,
        overdue: 0,
        visits: 0,
        returnVisits: 0,
        expiring: 0,
        plansDue: 0,
        plansOverdue: 0,
        invoiceRequests: 0,
        receiptsToConfirm: 0,
        total: 0,
      };
    return null;
  });
  return asked;
}

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe("应收账龄", { timeout: 90_000 }, () => {
  it("shows the five buckets and the total per owner, the totals row and the date; >90 in red; switches to customers", async () => {
    const asked = backend();
    renderPage(
      <Routes>
        <Route path="/aging" element={<Aging />} />
        <Route path="*" element={<Where />} />
      </Routes>,
      { route: "/aging", user: userWith("payment:read", "customer:read") },
    );
    expect(await screen.findByTestId("aging-view")).toBeTruthy();
    expect(await screen.findByTestId("aging-name-7")).toBeTruthy();
    expect(asked).toEqual(["owner"]);
    expect(text("aging-as-of")).toBe("截至 2030-03-01");

    // Column titles and one row's buckets.
    const head = screen.getByTestId("aging-view").querySelector("thead")!;
    for (const title of ["负责人", "未到期", "逾期 1-30 天", "31-60 天", "61-90 天", "90 天以上", "应收合计"])
      expect(within(head).getByText(title)).toBeTruthy();
    expect(text("aging-name-7")).toBe("张三");
    expect(text("aging-7-notDue")).toBe("¥ 10,000.00");
    expect(text("aging-7-days130")).toBe("¥ 2,500.50");
    expect(text("aging-7-days3160")).toBe("¥ 0.00");
    expect(text("aging-7-over90")).toBe("¥ 1,200.00");
    expect(text("aging-7-total")).toBe("¥ 13,700.50");
    expect(text("aging-8-days6190")).toBe("¥ 0.10");

    // Over 90 days: red (and its cell highlighted) only when there is money in it.
    expect(screen.getByTestId("aging-7-over90").className).toContain("danger");
    expect(screen.getByTestId("aging-7-over90").closest("td")!.className).toContain("aging-over90");
    expect(screen.getByTestId("aging-8-over90").className).not.toContain("danger");
    expect(screen.getByTestId("aging-8-over90").closest("td")!.className).not.toContain("aging-over90");

    // The totals row (table footer) and the figures above.
    const totals = screen.getByTestId("aging-totals");
    expect(totals.closest("tfoot")).toBeTruthy();
    expect(within(totals).getByText("合计")).toBeTruthy();
    expect(within(totals).getByTestId("aging-total-notDue").textContent).toBe("¥ 10,000.00");
    expect(within(totals).getByTestId("aging-total-days130").textContent).toBe("¥ 2,500.50");
    expect(within(totals).getByTestId("aging-total-days3160").textContent).toBe("¥ 800.00");
    expect(within(totals).getByTestId("aging-total-days6190").textContent).toBe("¥ 0.10");
    expect(within(totals).getByTestId("aging-total-over90").textContent).toBe("¥ 1,200.00");
    expect(within(totals).getByTestId("aging-total-over90").className).toContain("danger");
    expect(within(totals).getByTestId("aging-total-total").textContent).toBe("¥ 14,500.60");
    expect(text("aging-sum-total")).toBe("¥ 14,500.60");
    // Overdue = total − not due, exactly: 14,500.60 − 10,000.00.
    expect(text("aging-sum-overdue")).toBe("¥ 4,500.60");
    expect(text("aging-sum-over90")).toBe("¥ 1,200.00");

    // 按客户: asks again with by = "customer"; names link to the customer.
    await userEvent.click(within(document.getElementById("aging-by")!).getByText("按客户"));
    await waitFor(() => expect(asked).toEqual(["owner", "customer"]));
    await waitFor(() => expect(text("aging-name-3")).toBe("杭州云帆科技有限公司"));
    expect(within(screen.getByTestId("aging-view").querySelector("thead")!).getByText("客户")).toBeTruthy();
    expect(screen.queryByTestId("aging-name-7")).toBeNull();
    expect(text("aging-3-notDue")).toBe("¥ 6,000.00");
    expect(within(screen.getByTestId("aging-totals")).getByTestId("aging-total-total").textContent).toBe("¥ 6,000.00");
    // Nothing over 90 days: not red.
    expect(within(screen.getByTestId("aging-totals")).getByTestId("aging-total-over90").className).not.toContain("danger");
    await userEvent.click(screen.getByTestId("aging-name-3"));
    expect((await screen.findByTestId("where")).textContent).toBe("/customers?id=3");
  });

  it("is in the sidebar for payment:read only", async () => {
    backend();
    renderPage(<MainLayout />, { route: "/todo", user: userWith("payment:read") });
    expect(await screen.findByTestId("nav-aging")).toBeTruthy();
  });

  it("is not offered without payment:read", async () => {
    backend();
    renderPage(<MainLayout />, { route: "/todo", user: userWith("contract:read") });
    await screen.findByTestId("nav-contracts");
    expect(screen.queryByTestId("nav-aging")).toBeNull();
  });
});
