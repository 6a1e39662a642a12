import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { Route, Routes } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import MainLayout from "../../app/MainLayout";
import { renderPage, userWith } from "../../test/render";
import Contracts from "../contracts/Contracts";
import FinanceDesk from "./FinanceDesk";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const FINANCE = { ...userWith("payment:*", "invoice:*", "contract:read", "customer:read"), id: 2, fullName: "财务甲" };

const receipt = (id: number, over: object = {}) => ({
  id,
  contractId: 4,
  planId: null,
  paymentNo: `HK-2030-00${id}`,
  paymentAmount: "1500.00",
  paymentDate: "2030-02-03",
  paymentMethod: "银行转账",
  remark: "首付款",
  status: "pending",
  createdBy: 7,
  createdByName: "张三",
  confirmedBy: null,
  confirmedByName: null,
  confirmedAt: null,
  reversesId: null,
  correctionReason: null,
  reversed: false,
  createdAt: "2030-02-03T02:00:00",
  attachments: [],
  ...over,
});

const request = (id: number, over: object = {}) => ({
  id,
  contractId: 4,
  contractNo: "HT-2030-0004",
  customerName: "杭州云帆科技有限公司",
  invoiceType: "增值税普通发票",
  amount: "2000.00",
  title: "杭州云帆科技有限公司",
  taxNo: null,
  buyerAddressPhone: null,
  buyerBankAccount: null,
  remark: "请寄到财务部",
  status: "pending",
  requestedBy: 7,
  requestedByName: "张三",
  invoiceId: null,
  rejectReason: null,
  createdAt: "2030-02-03T02:00:00",
  ...over,
});

const CONTRACT = {
  lockVersion: 1,
  id: 4,
  contractNo: "HT-2030-0004",
  customerId: 3,
  customerName: "杭州云帆科技有限公司",
  opportunityId: null,
  quotationId: null,
  quotationNo: null,
  contractName: "CRM 升级合同",
  signDate: "2030-01-02",
  startDate: null,
  endDate: null,
  totalAmount: "10000.00",
  totalUpper: "壹万元整",
  status: "signed",
  remark: null,
  createdBy: 7,
  createdByName: "张三",
  approvedBy: 1,
  approvedByName: "管理员",
  approvedAt: "2030-01-02T00:00:00",
  terminateReason: null,
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  items: [],
  attachments: [],
  money: null,
};

const RECEIVABLES = {
  money: {
    contractId: 4,
    total: "10000.00",
    planned: "0.00",
    received: "0.00",
    outstanding: "10000.00",
    progressPct: "0.00",
    invoiced: "0.00",
    uninvoiced: "10000.00",
    invoicedUnpaid: "0.00",
    paidUninvoiced: "0.00",
    pending: "1500.00",
    nextPlanDate: null,
    overdueDays: null,
  },
  plans: [],
  receipts: [],
  invoices: [],
  requests: [],
  allowOverCollection: false,
};

/** Finance's backend: pending receipts and requests until confirmed / issued / rejected. */
function backend(receipts: object[], requests: object[]) {
  const calls: Calls = [];
  const confirmed = new Set<number>();
  const handled = new Set<number>();
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case "receipts_pending":
        return receipts.filter((r) => !confirmed.has((r as { id: number }).id));
      case "invoice_requests_pending":
        return requests.filter((r) => !handled.has((r as { id: number }).id));
      case "receipt_confirm":
        confirmed.add(a.id as number);
        return receipt(a.id as number, { status: "confirmed", confirmedBy: 2 });
      case "invoice_create":
        handled.add((a.input as { requestId: number }).requestId);
        return { id: 1 };
      case "invoice_request_reject":
        handled.add(a.id as number);
        return null;
      case "contract_get":
        return CONTRACT;
      case "contract_list":
        return { items: [CONTRACT], total: 1, page: 1, pageSize: 50 };
      case "receivables_of":
        return { ...RECEIVABLES, receipts: receipts.filter((r) => !confirmed.has((r as { id: number }).id)) };
      default:
        return null;
    }
  });
  return calls;
}

const argsOf = (calls: Calls, cmd: string) => calls.find(([c]) => c === cmd)?.[1];
const found = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} is not there`);
    return e as HTMLInputElement;
  });

describe("财务工作台", { timeout: 90_000 }, () => {
  it("lists the receipts awaiting confirmation and the invoice requests; confirming calls receipt_confirm and clears the row", async () => {
    const calls = backend([receipt(21), receipt(22, { createdBy: 2, createdByName: "财务甲", paymentAmount: "300.00" })], [request(31)]);
    renderPage(<FinanceDesk />, { route: "/finance", user: FINANCE });
    expect(screen.getByTestId("finance-page")).toBeTruthy();
    expect(screen.getByTestId("finance-title").textContent).toBe("财务工作台");

    const receipts = screen.getByTestId("finance-receipts");
    expect((await within(receipts).findByTestId("finance-receipt-21")).textContent).toBe("HK-2030-0021");
    expect(within(receipts).getByText("¥ 1,500.00")).toBeTruthy();
    expect(within(receipts).getByText("合计 ¥ 1,800.00")).toBeTruthy();
    // The contract's number and customer come from the contract.
    await waitFor(() => expect(within(receipts).getAllByText("HT-2030-0004").length).toBeGreaterThan(0));
    // One's own receipt: a colleague confirms it.
    expect(screen.queryByTestId("receipt-confirm-22")).toBeNull();
    expect(screen.getByTestId("receipt-own-22").textContent).toBe("待他人确认");

    const requests = screen.getByTestId("finance-requests");
    // The title cell: the buyer's title, then the remark under it.
    expect((await within(requests).findByTestId("finance-request-31")).textContent).toBe("杭州云帆科技有限公司请寄到财务部");
    expect(within(requests).getByTestId("finance-request-amount-31").textContent).toBe("¥ 2,000.00");
    expect(within(requests).getByText("请寄到财务部")).toBeTruthy();
    expect(within(requests).getByText("增值税普通发票")).toBeTruthy();

    await userEvent.click(screen.getByTestId("receipt-confirm-21"));
    await userEvent.click(await found("receipt-confirm-ok"));
    await waitFor(() => expect(argsOf(calls, "receipt_confirm")).toEqual({ id: 21 }));
    await waitFor(() => expect(screen.queryByTestId("finance-receipt-21")).toBeNull());
    expect(await screen.findByText("回款已确认")).toBeTruthy();
  });

  it("issues an invoice for a request (sending requestId) and rejects another with a reason", async () => {
    const calls = backend([], [request(31), request(32, { title: "云帆科技(上海)", amount: "800.00" })]);
    renderPage(<FinanceDesk />, { route: "/finance", user: FINANCE });
    await userEvent.click(await screen.findByTestId("request-issue-31"));
    await waitFor(() => expect((document.getElementById("invoice-amount") as HTMLInputElement).value).toBe("2000.00"));
    expect((document.getElementById("invoice-title") as HTMLInputElement).value).toBe("杭州云帆科技有限公司");
    await userEvent.type(document.getElementById("invoice-no")!, "04400031");
    await userEvent.upload(await found("invoice-scan-upload"), new File(["%PDF-1.4"], "发票扫描件.pdf", { type: "application/pdf" }));
    await userEvent.click(document.getElementById("invoice-save")!);
    await waitFor(() => expect(argsOf(calls, "invoice_create")).toBeTruthy());
    // The scan goes to the invoice just created.
    await waitFor(() =>
      expect(argsOf(calls, "receivable_attach")).toEqual({
        doc: "invoice",
        id: 1,
        upload: { fileName: "发票扫描件.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF-1.4") },
      }),
    );
    expect(argsOf(calls, "invoice_create")).toEqual({
      contractId: 4,
      input: {
        invoiceNo: "04400031",
        invoiceType: "增值税普通发票",
        amount: "2000.00",
        issueDate: dayjs().format("YYYY-MM-DD"),
        paymentId: null,
        buyer: { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null },
        requestId: 31,
      },
    });
    await waitFor(() => expect(screen.queryByTestId("finance-request-31")).toBeNull());

    await userEvent.click(screen.getByTestId("request-reject-32"));
    await userEvent.type(await found("reason-text"), "抬头与合同不一致");
    await userEvent.click(document.getElementById("reason-submit")!);
    await waitFor(() => expect(argsOf(calls, "invoice_request_reject")).toEqual({ id: 32, reason: "抬头与合同不一致" }));
    await waitFor(() => expect(screen.queryByTestId("finance-request-32")).toBeNull());
  });

  it("says so when nothing waits, and shows only the panels the user may act on", async () => {
    backend([], []);
    const { unmount } = renderPage(<FinanceDesk />, { route: "/finance", user: FINANCE });
    expect(await screen.findByText("没有等待确认的回款,登记的回款会出现在这里。")).toBeTruthy();
    expect(await screen.findByText("没有待处理的开票申请,销售提交的申请会出现在这里。")).toBeTruthy();
    expect(screen.getByTestId("finance-receipts").querySelector(".ant-empty")).toBeTruthy();
    unmount();

    renderPage(<FinanceDesk />, { route: "/finance", user: userWith("invoice:create", "contract:read") });
    await screen.findByTestId("finance-requests");
    expect(screen.queryByTestId("finance-receipts")).toBeNull();
  });

  it("is in the sidebar for finance only, and a contract link opens that contract's 回款与发票 tab", async () => {
    backend([receipt(21)], []);
    const { unmount } = renderPage(<MainLayout />, { route: "/finance", user: FINANCE });
    expect(await screen.findByTestId("nav-finance")).toBeTruthy();
    expect(await screen.findByTestId("finance-receipt-21")).toBeTruthy();
    unmount();

    backend([], []);
    const rep = renderPage(<MainLayout />, {
      route: "/finance",
      user: userWith("contract:read", "payment:read", "payment:create", "invoice:request"),
    });
    expect(await screen.findByTestId("forbidden")).toBeTruthy();
    expect(screen.queryByTestId("nav-finance")).toBeNull();
    rep.unmount();

    backend([receipt(21)], []);
    renderPage(
      <Routes>
        <Route path="/finance" element={<FinanceDesk />} />
        <Route path="/contracts" element={<Contracts />} />
      </Routes>,
      { route: "/finance", user: FINANCE },
    );
    await userEvent.click(await screen.findByTestId("finance-receipt-contract-4"));
    // The contract's drawer, on its receivables tab, with the receipt waiting there too.
    const tab = await screen.findByTestId("contract-tab-receivables");
    await waitFor(() => expect(tab.closest(".ant-tabs-tab")!.className).toContain("ant-tabs-tab-active"));
    expect(await screen.findByTestId("receipt-confirm-21")).toBeTruthy();
    expect(screen.getByTestId("money-pending").textContent).toBe("¥ 1,500.00");
  });
});
