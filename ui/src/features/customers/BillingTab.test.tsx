import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { Route, Routes, useLocation } from "react-router";
import dayjs from "dayjs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CustomerRow } from "../../api";
import { renderPage, userWith } from "../../test/render";
import BillingTab from "./BillingTab";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const CUSTOMER = { id: 3, customerName: "杭州云帆科技有限公司" } as CustomerRow;
const money = {
  contractId: 4,
  total: "10000.00",
  planned: "10000.00",
  received: "4000.00",
  outstanding: "6000.00",
  progressPct: "40.00",
  invoiced: "5000.00",
  uninvoiced: "5000.00",
  invoicedUnpaid: "1000.00",
  paidUninvoiced: "0.00",
  pending: "0.00",
  nextPlanDate: "2030-03-01",
  overdueDays: 5,
};
const CONTRACT = { id: 4, contractNo: "HT-2030-0004", contractName: "CRM 升级合同", totalAmount: "10000.00", status: "signed", money };

function Where() {
  const loc = useLocation();
  return <div data-testid="where">{loc.pathname + loc.search}</div>;
}

describe("Customer → 开票与回款", { timeout: 60_000 }, () => {
  it("edits the invoice details kept for the customer; the backend's tax-number error shows on its field", async () => {
    const calls: Calls = [];
    let refuse = true;
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "customer_buyer_get")
        return { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null };
      if (cmd === "customer_buyer_set") {
        if (refuse) {
          refuse = false;
          throw { code: "VALIDATION", message: "纳税人识别号应为 18 位统一社会信用代码,且校验位正确", field: "taxNo" };
        }
        return (args as { input: object }).input;
      }
      if (cmd === "contract_list") return { items: [CONTRACT], total: 1, page: 1, pageSize: 100 };
      return null;
    });
    renderPage(<BillingTab c={CUSTOMER} writable />, {
      user: userWith("customer:read", "customer:update", "contract:read", "payment:read"),
    });
    await waitFor(() => expect((document.getElementById("buyer-title") as HTMLInputElement).value).toBe("杭州云帆科技有限公司"));
    await userEvent.type(document.getElementById("buyer-tax-no")!, "91350100M000100Y44");
    await userEvent.type(document.getElementById("buyer-bank-account")!, "工行西湖支行 1202");
    await userEvent.click(document.getElementById("buyer-save")!);
    const err = await screen.findByText("纳税人识别号应为 18 位统一社会信用代码,且校验位正确");
    expect(err.closest(".ant-form-item")!.querySelector("#buyer-tax-no")).toBeTruthy();

    await userEvent.clear(document.getElementById("buyer-tax-no")!);
    await userEvent.type(document.getElementById("buyer-tax-no")!, "91350100m000100y43");
    await userEvent.click(document.getElementById("buyer-save")!);
    await waitFor(() => expect(calls.filter(([c]) => c === "customer_buyer_set").length).toBe(2));
    expect(calls.filter(([c]) => c === "customer_buyer_set")[1][1]).toEqual({
      customerId: 3,
      input: { title: "杭州云帆科技有限公司", taxNo: "91350100M000100Y43", buyerAddressPhone: null, buyerBankAccount: "工行西湖支行 1202" },
    });
  });

  it("lists the customer's contracts with their collection, each linking to its receivables tab", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "customer_buyer_get")
        return { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null };
      if (cmd === "contract_list") {
        expect((args as { filter: { customerId: number } }).filter.customerId).toBe(3);
        return { items: [CONTRACT], total: 1, page: 1, pageSize: 100 };
      }
      return null;
    });
    renderPage(
      <Routes>
        <Route path="/customers" element={<BillingTab c={CUSTOMER} writable={false} />} />
        <Route path="/contracts" element={<Where />} />
      </Routes>,
      { route: "/customers", user: userWith("customer:read", "contract:read", "payment:read") },
    );
    const link = await screen.findByTestId("customer-contract-receivables-4");
    expect(screen.getByText("¥ 4,000.00")).toBeTruthy();
    expect(screen.getByText("¥ 6,000.00")).toBeTruthy();
    expect(screen.getByText("逾期 5 天")).toBeTruthy();
    // Read-only without customer:update (or for a customer in the sea).
    expect((document.getElementById("buyer-title") as HTMLInputElement).disabled).toBe(true);
    expect(document.getElementById("buyer-save")).toBeNull();
    await userEvent.click(link);
    expect((await screen.findByTestId("where")).textContent).toBe("/contracts?id=4&tab=receivables");
  });
});

describe("Customer → 开票与回款 → 对账单", { timeout: 90_000 }, () => {
  // jsdom has no object URLs (the preview frame's source).
  beforeEach(() => {
    URL.createObjectURL = vi.fn(() => "blob:statement");
    URL.revokeObjectURL = vi.fn();
  });

  const PDF = { fileName: "对账单-杭州云帆科技有限公司.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF-1.7") };

  function backend(answer: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      const a = (args ?? {}) as Record<string, unknown>;
      calls.push([cmd, a]);
      const r = answer(cmd, a);
      if (r !== undefined) return r;
      if (cmd === "customer_buyer_get")
        return { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null };
      if (cmd === "contract_list") return { items: [CONTRACT], total: 1, page: 1, pageSize: 100 };
      if (cmd === "file_render") return PDF;
      return null;
    });
    return calls;
  }

  it("renders the statement for the last 12 months by default, then previews it", async () => {
    const calls = backend();
    renderPage(<BillingTab c={CUSTOMER} writable={false} />, { user: userWith("customer:read", "contract:read", "payment:read") });
    await userEvent.click(await waitFor(() => document.getElementById("statement-open")!));
    expect(await screen.findByText("对账单 · 杭州云帆科技有限公司")).toBeTruthy();
    const today = dayjs().format("YYYY-MM-DD");
    const yearAgo = dayjs().subtract(12, "month").format("YYYY-MM-DD");
    const [from, to] = [...document.querySelectorAll<HTMLInputElement>(".ant-picker-range input")].map((i) => i.value);
    expect([from, to]).toEqual([yearAgo, today]);

    await userEvent.click(document.getElementById("statement-preview")!);
    await waitFor(() => expect(calls.some(([c]) => c === "file_render")).toBe(true));
    expect(calls.find(([c]) => c === "file_render")![1]).toEqual({ kind: "statement", id: 3, period: { from: yearAgo, to: today } });
    // The same preview as quotations and contracts: the PDF in a frame, save as / open from there.
    expect(await screen.findByTestId("pdf-frame")).toBeTruthy();
    expect(screen.getByText("对账单-杭州云帆科技有限公司.pdf")).toBeTruthy();
    await waitFor(() => expect(screen.queryByText("对账单 · 杭州云帆科技有限公司")).toBeNull());
    await userEvent.click(screen.getByTestId("pdf-preview-save"));
    await waitFor(() => expect(calls.some(([c]) => c === "file_save_as")).toBe(true));
    expect(calls.find(([c]) => c === "file_save_as")![1]).toEqual({ kind: "statement", id: 3, period: { from: yearAgo, to: today } });
  });

  it("a preset picks the period; the backend's refusal of the period shows on the field and the dialog stays", async () => {
    let refuse = true;
    const calls = backend((cmd) => {
      if (cmd === "file_render" && refuse) {
        refuse = false;
        throw { code: "VALIDATION", message: "对账期间不能超过 3 年", field: "from" };
      }
      return undefined;
    });
    renderPage(<BillingTab c={CUSTOMER} writable={false} />, { user: userWith("customer:read", "payment:read") });
    await userEvent.click(await waitFor(() => document.getElementById("statement-open")!));
    await userEvent.click(document.getElementById("statement-period")!);
    await userEvent.click(await screen.findByText("去年"));
    const y = dayjs().year() - 1;
    await waitFor(() =>
      expect([...document.querySelectorAll<HTMLInputElement>(".ant-picker-range input")].map((i) => i.value)).toEqual([
        `${y}-01-01`,
        `${y}-12-31`,
      ]),
    );
    await userEvent.click(document.getElementById("statement-preview")!);
    const err = await screen.findByText("对账期间不能超过 3 年");
    expect(err.closest(".ant-form-item")!.querySelector("#statement-period")).toBeTruthy();
    expect(screen.queryByTestId("pdf-frame")).toBeNull();
    expect(calls.find(([c]) => c === "file_render")![1]).toEqual({
      kind: "statement",
      id: 3,
      period: { from: `${y}-01-01`, to: `${y}-12-31` },
    });

    await userEvent.click(document.getElementById("statement-preview")!);
    expect(await screen.findByTestId("pdf-frame")).toBeTruthy();
    await waitFor(() => expect(document.getElementById("statement-period")).toBeNull());

    // Opened again, the dialog keeps the period last used.
    await userEvent.click(screen.getByRole("button", { name: /^关\s*闭$/ }));
    await userEvent.click(document.getElementById("statement-open")!);
    await waitFor(() =>
      expect([...document.querySelectorAll<HTMLInputElement>(".ant-picker-range input")].map((i) => i.value)).toEqual([
        `${y}-01-01`,
        `${y}-12-31`,
      ]),
    );
  });

  it("prints the statement for the chosen period (system dialog) and the dialog stays", async () => {
    const calls = backend((cmd) => {
      if (cmd === "print_support") return { method: "systemDialog", printers: [], reason: null };
      if (cmd === "file_print") return { method: "systemDialog", job: null, printer: null };
      return undefined;
    });
    renderPage(<BillingTab c={CUSTOMER} writable={false} />, { user: userWith("customer:read", "payment:read") });
    await userEvent.click(await waitFor(() => document.getElementById("statement-open")!));
    await userEvent.click(document.getElementById("statement-print")!);
    const today = dayjs().format("YYYY-MM-DD");
    const yearAgo = dayjs().subtract(12, "month").format("YYYY-MM-DD");
    await waitFor(() => expect(calls.some(([c]) => c === "file_print")).toBe(true));
    expect(calls.find(([c]) => c === "file_print")![1]).toEqual({
      kind: "statement",
      id: 3,
      period: { from: yearAgo, to: today },
      options: null,
    });
    expect(await screen.findByText("已打开打印对话框")).toBeTruthy();
    expect(document.getElementById("statement-period")).toBeTruthy();
  });

  it("a refused period while printing shows on the field, not as a print failure", async () => {
    backend((cmd) => {
      if (cmd === "print_support") return { method: "systemDialog", printers: [], reason: null };
      if (cmd === "file_print") throw { code: "VALIDATION", message: "对账期间不能超过 3 年", field: "from" };
      return undefined;
    });
    renderPage(<BillingTab c={CUSTOMER} writable={false} />, { user: userWith("customer:read", "payment:read") });
    await userEvent.click(await waitFor(() => document.getElementById("statement-open")!));
    await userEvent.click(document.getElementById("statement-print")!);
    const err = await screen.findByText("对账期间不能超过 3 年");
    expect(err.closest(".ant-form-item")!.querySelector("#statement-period")).toBeTruthy();
    expect(screen.queryByTestId("print-unavailable")).toBeNull();
  });

  it("is offered with payment:read only", async () => {
    backend();
    renderPage(<BillingTab c={CUSTOMER} writable={false} />, { user: userWith("customer:read", "contract:read") });
    await screen.findByTestId("customer-contract-receivables-4");
    expect(document.getElementById("statement-open")).toBeNull();
  });
});
