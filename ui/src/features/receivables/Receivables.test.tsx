import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ContractReceivables, ContractRow, InvoiceRequestRow, InvoiceRow, PlanRow, ReceiptRow } from "../../api";
import { renderPage, userWith } from "../../test/render";
import { translate, type T } from "../../i18n";
import { paymentMethodCode } from "./labels";
import { splitPreview } from "./PlanEditor";
import ReceivablesTab from "./ReceivablesTab";
import { collectable, nextOpenPlan, plannable, planOpen, requestable } from "./rules";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const CONTRACT: ContractRow = {
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

const plan = (id: number, planAmount: string, over: Partial<PlanRow> = {}): PlanRow => ({
  id,
  contractId: 4,
  planAmount,
  planDate: "2030-02-01",
  paymentTerm: null,
  status: "unpaid",
  received: "0.00",
  overdueDays: null,
  ...over,
});

const receipt = (id: number, paymentAmount: string, over: Partial<ReceiptRow> = {}): ReceiptRow => ({
  id,
  contractId: 4,
  planId: null,
  paymentNo: `HK-2030-000${id}`,
  paymentAmount,
  paymentDate: "2030-02-03",
  paymentMethod: "银行转账",
  remark: null,
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

const request = (id: number, over: Partial<InvoiceRequestRow> = {}): InvoiceRequestRow => ({
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

const file = (id: number, fileName: string) => ({
  id,
  fileName,
  mimeType: "application/pdf",
  fileSize: 2048,
  createdBy: 7,
  createdAt: "2030-02-03T02:00:00",
});

const invoice = (id: number, status: InvoiceRow["status"], attachments: ReturnType<typeof file>[] = []): InvoiceRow => ({
  id,
  contractId: 4,
  invoiceNo: `0440000${id}`,
  paymentId: null,
  invoiceType: "增值税普通发票",
  amount: "1000.00",
  issueDate: "2030-02-05",
  status,
  title: "云帆科技",
  taxNo: null,
  buyerAddressPhone: null,
  buyerBankAccount: null,
  voidReason: null,
  createdAt: "2030-02-05T00:00:00",
  attachments,
});

function receivables(over: Partial<ContractReceivables> = {}, money: Partial<ContractReceivables["money"]> = {}): ContractReceivables {
  return {
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
      pending: "0.00",
      nextPlanDate: null,
      overdueDays: null,
      ...money,
    },
    plans: [],
    receipts: [],
    invoices: [],
    requests: [],
    allowOverCollection: false,
    ...over,
  };
}

/** A backend holding `data` for contract 4; `answer` may answer (or refuse) a command first. */
function backend(data: ContractReceivables, answer: (cmd: string, args: Record<string, unknown>) => unknown = () => undefined) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    const a = (args ?? {}) as Record<string, unknown>;
    calls.push([cmd, a]);
    const r = answer(cmd, a);
    if (r !== undefined) return r;
    if (cmd === "receivables_of") return data;
    if (cmd === "customer_buyer_get")
      return { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null };
    return null;
  });
  return calls;
}

const argsOf = (calls: Calls, cmd: string) => calls.find(([c]) => c === cmd)?.[1];
const byId = <T extends HTMLElement = HTMLInputElement>(id: string) => document.getElementById(id) as T;
/** The element with that id once it is there. */
const found = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} is not there`);
    return e as HTMLInputElement;
  });
const FINANCE = userWith("payment:*", "invoice:*", "contract:read", "customer:read");
const REP = userWith("contract:read", "customer:read", "payment:read", "payment:create", "invoice:read", "invoice:request");

describe("receivables arithmetic (exact, on decimal strings)", () => {
  it("what is left to plan, to collect, on a plan and to request", () => {
    const plans = [plan(1, "3333.33"), plan(2, "0.10")];
    expect(plannable("10000.00", plans)).toBe("6666.57");
    expect(plannable("10000.00", plans, 2)).toBe("6666.67");
    const rs = [
      receipt(1, "0.10", { planId: 2, status: "confirmed" }),
      receipt(2, "0.20", { planId: 2 }),
      receipt(3, "-0.10", { planId: 2 }),
    ];
    expect(collectable("0.30", rs)).toBe("0.10"); // 0.30 − (0.10 + 0.20 − 0.10): a float would drift
    expect(planOpen(plans[1], rs)).toBe("0.00");
    expect(nextOpenPlan(plans, rs)?.id).toBe(1);
    const money = receivables({}, { uninvoiced: "5000.00" }).money;
    expect(requestable(money, [request(1, { amount: "1234.56" }), request(2, { amount: "99", status: "rejected" })])).toBe("3765.44");
  });

  it("the split preview matches the backend: rounding cents on the last period, month ends kept", () => {
    const p = splitPreview("100.00", 3, dayjs("2030-01-31"), 1);
    expect(p.map((x) => x.amount)).toEqual(["33.33", "33.33", "33.34"]);
    expect(p.map((x) => x.date)).toEqual(["2030-01-31", "2030-02-28", "2030-03-31"]);
    expect(splitPreview("0.05", 2, dayjs("2030-01-01"), 0).map((x) => x.amount)).toEqual(["0.02", "0.03"]);
  });
});

// Forms with several fields on a busy machine: more than the default 30 s each.
describe("Contract → 回款与发票", { timeout: 90_000 }, () => {
  it("shows the money summary with progress and the overdue tag", async () => {
    backend(
      receivables(
        { plans: [plan(11, "3000.00", { status: "partial", received: "1000.00", overdueDays: 12, paymentTerm: "首付" })] },
        {
          received: "1000.00",
          outstanding: "9000.00",
          progressPct: "10.00",
          nextPlanDate: "2030-02-01",
          overdueDays: 12,
          pending: "500.00",
        },
      ),
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    expect((await screen.findByTestId("money-total")).textContent).toBe("¥ 10,000.00");
    expect(screen.getByTestId("money-received").textContent).toBe("¥ 1,000.00");
    expect(screen.getByTestId("money-outstanding").textContent).toBe("¥ 9,000.00");
    expect(screen.getByTestId("money-pending").textContent).toBe("¥ 500.00");
    expect(screen.getByTestId("money-progress").textContent).toContain("10.00%");
    expect(screen.getByTestId("money-overdue").textContent).toBe("逾期 12 天");
    expect(screen.getByTestId("plan-overdue-11").textContent).toBe("逾期 12 天");
    expect(within(screen.getByTestId("plans-section")).getByText("首付")).toBeTruthy();
  });

  it("splits evenly: shows what is left to plan exactly and sends the SplitInput", async () => {
    const calls = backend(receivables({ plans: [plan(11, "3333.33", { paymentTerm: "首付" })] }, { planned: "3333.33" }), (cmd) =>
      cmd === "plan_split" ? [] : undefined,
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    await userEvent.click(await found("plan-split"));
    // total 10000.00 − Σ plans 3333.33
    expect((await screen.findByTestId("plan-remaining")).textContent).toBe("¥ 6,666.67");

    await userEvent.clear(byId("plan-periods"));
    await userEvent.type(byId("plan-periods"), "2");
    await userEvent.click(byId("plan-first-date"));
    await userEvent.clear(byId("plan-first-date"));
    await userEvent.type(byId("plan-first-date"), "2030-03-31{Enter}");
    await userEvent.clear(byId("plan-interval"));
    await userEvent.type(byId("plan-interval"), "1");
    // The periods as the backend will create them: the rounding cent on the last.
    const preview = await screen.findByTestId("plan-split-preview");
    await waitFor(() => expect(within(preview).getByText("¥ 3,333.34")).toBeTruthy());
    expect(within(preview).getByText("¥ 3,333.33")).toBeTruthy();
    expect(within(preview).getByText("2030-04-30")).toBeTruthy();
    expect(screen.getByTestId("plan-remaining-after").textContent).toBe("¥ 0.00");
    // Each period's term, prefilled with the default the backend would write.
    expect([byId("plan-split-term-0").value, byId("plan-split-term-1").value]).toEqual(["首付", "尾款"]);

    await userEvent.click(byId("plan-save"));
    await waitFor(() => expect(argsOf(calls, "plan_split")).toBeTruthy());
    expect(argsOf(calls, "plan_split")).toEqual({
      contractId: 4,
      input: { periods: 2, firstDate: "2030-03-31", intervalMonths: 1, amount: null, terms: ["首付", "尾款"] },
    });
  });

  it("the split preview's terms are editable and sent as shown (a cleared one as its default)", async () => {
    const calls = backend(receivables(), (cmd) => (cmd === "plan_split" ? [] : undefined));
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    await userEvent.click(await found("plan-split"));
    // 3 periods by default: 首付 / 第2期 / 尾款.
    await found("plan-split-term-2");
    expect([0, 1, 2].map((i) => byId(`plan-split-term-${i}`).value)).toEqual(["首付", "第2期", "尾款"]);
    await userEvent.clear(byId("plan-split-term-0"));
    await userEvent.type(byId("plan-split-term-0"), "签约后 7 天");
    await userEvent.clear(byId("plan-split-term-2"));
    await userEvent.type(byId("plan-split-term-2"), "验收合格后");
    // Cleared: the placeholder shows the default, and the default is what is saved.
    await userEvent.clear(byId("plan-split-term-1"));
    expect(byId("plan-split-term-1").placeholder).toBe("第2期");

    await userEvent.click(byId("plan-save"));
    await waitFor(() => expect(argsOf(calls, "plan_split")).toBeTruthy());
    expect((argsOf(calls, "plan_split") as { input: { terms: string[] } }).input.terms).toEqual(["签约后 7 天", "第2期", "验收合格后"]);
  });

  it("a split of a typed amount is checked against what is left, and the backend's remainder shows on the amount", async () => {
    const calls = backend(receivables({ plans: [plan(11, "3333.33")] }), (cmd) => {
      if (cmd === "plan_split")
        throw { code: "VALIDATION", message: "回款计划合计不能超过合同金额,剩余可计划 100.00 元", field: "planAmount" };
      return undefined;
    });
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    await userEvent.click(await found("plan-split"));
    await userEvent.type(await found("plan-split-amount"), "7000");
    await userEvent.click(byId("plan-save"));
    expect(await screen.findByText("超出剩余可计划金额 ¥ 6,666.67")).toBeTruthy();
    expect(argsOf(calls, "plan_split")).toBeUndefined();

    await userEvent.clear(byId("plan-split-amount"));
    await userEvent.type(byId("plan-split-amount"), "600");
    expect(screen.getByTestId("plan-remaining-after").textContent).toBe("¥ 6,066.67");
    await userEvent.click(byId("plan-save"));
    const err = await screen.findByText("回款计划合计不能超过合同金额,剩余可计划 100.00 元");
    expect(err.closest(".ant-form-item")!.querySelector("#plan-split-amount")).toBeTruthy();
    expect((argsOf(calls, "plan_split") as { input: { amount: string } }).input.amount).toBe("600");
  });

  it("records a receipt on the chosen plan, shows what is left to collect and the backend's error on the amount", async () => {
    const data = receivables({
      plans: [
        plan(11, "3000.00", { paymentTerm: "首付", status: "partial", received: "1000.00" }),
        plan(12, "7000.00", { paymentTerm: "尾款", planDate: "2030-06-01" }),
      ],
      receipts: [receipt(1, "1000.00", { planId: 11, status: "confirmed", confirmedBy: 1 }), receipt(2, "500.00")],
    });
    const calls = backend(data, (cmd) => {
      if (cmd === "receipt_create")
        throw { code: "VALIDATION", message: "回款合计不能超过合同金额,剩余可回款 800.00 元", field: "paymentAmount" };
      return undefined;
    });
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("receipt-add"));
    // 10000.00 − (1000.00 confirmed + 500.00 awaiting confirmation)
    expect((await screen.findByTestId("receipt-remaining")).textContent).toBe("¥ 8,500.00");
    // Prefilled: the next plan still waiting for money, with what it still waits for.
    await waitFor(() => expect(byId("receipt-amount").value).toBe("2000.00"));
    const select = byId("receipt-plan").closest(".ant-select")!;
    expect(select.textContent).toContain("首付");

    // Another plan: its open amount becomes the amount.
    await userEvent.click(byId("receipt-plan"));
    await userEvent.click(await screen.findByTitle(/^尾款 · 2030-06-01/));
    await waitFor(() => expect(byId("receipt-amount").value).toBe("7000.00"));

    await userEvent.clear(byId("receipt-amount"));
    await userEvent.type(byId("receipt-amount"), "1200");
    await userEvent.click(byId("receipt-save"));
    const err = await screen.findByText("回款合计不能超过合同金额,剩余可回款 800.00 元");
    expect(err.closest(".ant-form-item")!.querySelector("#receipt-amount")).toBeTruthy();
    expect(byId("receipt-amount").value).toBe("1200");
    expect(argsOf(calls, "receipt_create")).toEqual({
      contractId: 4,
      input: { planId: 12, paymentAmount: "1200", paymentDate: dayjs().format("YYYY-MM-DD"), paymentMethod: "银行转账", remark: null },
    });
  });

  it("a receipt method as stored: known names (either language) as the backend's code, anything typed as typed", () => {
    const en: T = (k, v) => translate("en-US", k, v);
    expect(paymentMethodCode(en, "Cash")).toBe("现金");
    expect(paymentMethodCode(en, "现金")).toBe("现金");
    expect(paymentMethodCode(en, "Wire via SWIFT")).toBe("Wire via SWIFT");
    expect(paymentMethodCode(en, null)).toBeNull();
  });

  it("in English the method shows by its English name and is stored as the backend's code", async () => {
    const calls = backend(receivables({ plans: [plan(11, "3000.00")] }), (cmd) =>
      cmd === "receipt_create" ? receipt(3, "3000.00") : undefined,
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP, lang: "en-US" });
    await userEvent.click(await found("receipt-add"));
    await waitFor(() => expect(byId("receipt-method").value).toBe("Bank transfer"));
    await userEvent.clear(byId("receipt-method"));
    await userEvent.type(byId("receipt-method"), "Cash");
    await userEvent.click(byId("receipt-save"));
    await waitFor(() => expect(argsOf(calls, "receipt_create")).toBeTruthy());
    expect((argsOf(calls, "receipt_create") as { input: { paymentMethod: string } }).input.paymentMethod).toBe("现金");
  });

  it("refuses more than is left to collect, unless over-collection is allowed (then it warns)", async () => {
    const calls = backend(receivables({ receipts: [receipt(1, "9000.00", { status: "confirmed" })] }), (cmd) =>
      cmd === "receipt_create" ? receipt(3, "1500.00") : undefined,
    );
    const { unmount } = renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("receipt-add"));
    await waitFor(() => expect(byId("receipt-amount").value).toBe("1000.00"));
    await userEvent.clear(byId("receipt-amount"));
    await userEvent.type(byId("receipt-amount"), "1500");
    await userEvent.click(byId("receipt-save"));
    expect(await screen.findByText("超出剩余可回款金额 ¥ 1,000.00")).toBeTruthy();
    expect(screen.queryByTestId("receipt-over-warning")).toBeNull();
    expect(argsOf(calls, "receipt_create")).toBeUndefined();
    unmount();
    clearMocks();

    const calls2 = backend(receivables({ receipts: [receipt(1, "9000.00", { status: "confirmed" })], allowOverCollection: true }), (cmd) =>
      cmd === "receipt_create" ? receipt(3, "1500.00") : undefined,
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("receipt-add"));
    await waitFor(() => expect(byId("receipt-amount").value).toBe("1000.00"));
    await userEvent.clear(byId("receipt-amount"));
    await userEvent.type(byId("receipt-amount"), "1500");
    expect((await screen.findByTestId("receipt-over-warning")).textContent).toContain("¥ 500.00");
    await userEvent.click(byId("receipt-save"));
    await waitFor(() =>
      expect((argsOf(calls2, "receipt_create") as { input: { paymentAmount: string } }).input.paymentAmount).toBe("1500"),
    );
  });

  it("records a receipt, then uploads the chosen bank slip to it", async () => {
    const calls = backend(receivables(), (cmd) => {
      if (cmd === "receipt_create") return receipt(31, "1000.00");
      if (cmd === "receivable_attach") return file(301, "回单.pdf");
      return undefined;
    });
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("receipt-add"));
    await waitFor(() => expect(byId("receipt-amount").value).toBe("10000.00"));
    await userEvent.upload(await found("receipt-slip-upload"), new File(["%PDF-1.4"], "回单.pdf", { type: "application/pdf" }));
    expect(await screen.findByText("回单.pdf")).toBeTruthy();
    await userEvent.click(byId("receipt-save"));
    await waitFor(() => expect(argsOf(calls, "receivable_attach")).toBeTruthy());
    expect(argsOf(calls, "receivable_attach")).toEqual({
      doc: "receipt",
      id: 31,
      upload: { fileName: "回单.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF-1.4") },
    });
    // After the receipt exists, not before.
    const order = calls.map(([c]) => c);
    expect(order.indexOf("receipt_create")).toBeLessThan(order.indexOf("receivable_attach"));
    expect(await screen.findByText("回款已登记,等待财务确认")).toBeTruthy();
  });

  it("a slip that fails to upload is named; the receipt stays recorded (not sent twice)", async () => {
    const calls = backend(receivables(), (cmd, a) => {
      if (cmd === "receipt_create") return receipt(31, "1000.00");
      if (cmd === "receivable_attach") {
        if ((a.upload as { fileName: string }).fileName === "坏的.pdf")
          throw { code: "VALIDATION", message: "文件不能为空且不能超过 15 MB", field: "contentBase64" };
        return file(302, "好的.png");
      }
      return undefined;
    });
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("receipt-add"));
    await waitFor(() => expect(byId("receipt-amount").value).toBe("10000.00"));
    await userEvent.upload(await found("receipt-slip-upload"), [
      new File(["%PDF-1.4"], "坏的.pdf", { type: "application/pdf" }),
      new File(["PNG"], "好的.png", { type: "image/png" }),
    ]);
    await userEvent.click(byId("receipt-save"));
    expect(await screen.findByText(/回款已登记,但回单「坏的.pdf」上传失败/)).toBeTruthy();
    // The other file still went, the form closed, and the receipt was created once.
    await waitFor(() => expect(calls.filter(([c]) => c === "receivable_attach").length).toBe(2));
    await waitFor(() => expect(document.getElementById("receipt-save")).toBeNull());
    expect(calls.filter(([c]) => c === "receipt_create").length).toBe(1);
  });

  it("receipts and invoices list their files: delete only while the receipt is pending / the invoice is 已开票", async () => {
    URL.createObjectURL = vi.fn(() => "blob:slip");
    URL.revokeObjectURL = vi.fn();
    const calls = backend(
      receivables({
        receipts: [
          receipt(5, "500.00", { attachments: [file(51, "待确认回单.pdf")] }),
          receipt(9, "200.00", { status: "confirmed", confirmedBy: 9, attachments: [file(91, "已确认回单.pdf")] }),
        ],
        invoices: [invoice(1, "issued", [file(11, "发票.pdf")]), invoice(2, "delivered", [file(21, "寄出的发票.jpg")])],
      }),
      (cmd) =>
        cmd === "file_render" ? { fileName: "已确认回单.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF") } : undefined,
    );
    const { unmount } = renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    expect((await screen.findByTestId("receipt-file-51")).textContent).toBe("待确认回单.pdf");
    expect(screen.getByTestId("receipt-file-91").textContent).toBe("已确认回单.pdf");
    expect(screen.getByTestId("receipt-file-delete-51")).toBeTruthy();
    expect(screen.queryByTestId("receipt-file-delete-91")).toBeNull();
    expect(screen.getByTestId("invoice-file-delete-11")).toBeTruthy();
    expect(screen.queryByTestId("invoice-file-delete-21")).toBeNull();
    // Every row can take another file.
    expect(document.querySelectorAll("button.receipt-attach").length).toBe(2);
    expect(document.querySelectorAll("button.invoice-attach").length).toBe(2);

    // The name opens the preview, as the attachment it is.
    await userEvent.click(screen.getByTestId("receipt-file-91"));
    await waitFor(() => expect(argsOf(calls, "file_render")).toEqual({ kind: "receivableAttachment", id: 91, period: null }));
    expect(await screen.findByTestId("pdf-frame")).toBeTruthy();
    await userEvent.click(within(document.querySelector(".ant-modal-footer") as HTMLElement).getByText(/关\s*闭/));

    await userEvent.click(screen.getByTestId("receipt-file-delete-51"));
    await userEvent.click(await found("file-delete-ok"));
    await waitFor(() => expect(argsOf(calls, "receivable_detach")).toEqual({ id: 51 }));

    // A row's upload sends the file to that receipt.
    const input = screen.getByTestId("receipt-attach-9").closest(".ant-upload")!.querySelector("input[type=file]") as HTMLInputElement;
    await userEvent.upload(input, new File(["%PDF-1.4"], "补充回单.pdf", { type: "application/pdf" }));
    await waitFor(() =>
      expect(argsOf(calls, "receivable_attach")).toMatchObject({ doc: "receipt", id: 9, upload: { fileName: "补充回单.pdf" } }),
    );
    unmount();

    // Without payment:create / invoice:create: the files, no upload, no delete.
    backend(
      receivables({
        receipts: [receipt(5, "500.00", { attachments: [file(51, "待确认回单.pdf")] })],
        invoices: [invoice(1, "issued", [file(11, "发票.pdf")])],
      }),
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: userWith("contract:read", "payment:read", "invoice:read") });
    expect(await screen.findByTestId("receipt-file-51")).toBeTruthy();
    expect(screen.getByTestId("invoice-file-11")).toBeTruthy();
    expect(screen.queryByTestId("receipt-file-delete-51")).toBeNull();
    expect(screen.queryByTestId("invoice-file-delete-11")).toBeNull();
    expect(document.querySelectorAll(".receipt-attach, .invoice-attach").length).toBe(0);
  });

  it("finance confirms others' receipts only: the confirm action is hidden on one's own", async () => {
    const me = { ...FINANCE, id: 2 };
    const calls = backend(
      receivables({
        receipts: [
          receipt(5, "500.00", { createdBy: 2, createdByName: "财务甲" }),
          receipt(6, "800.00", { createdBy: 7 }),
          receipt(7, "300.00", { status: "confirmed", confirmedBy: 9, confirmedByName: "财务乙", confirmedAt: "2030-02-04T01:00:00" }),
          receipt(8, "-300.00", { status: "confirmed", reversesId: 7, correctionReason: "重复登记", confirmedBy: 9 }),
          receipt(9, "200.00", { status: "confirmed", confirmedBy: 9 }),
        ].map((r) => (r.id === 7 ? { ...r, reversed: true } : r)),
      }),
      (cmd) => (cmd === "receipt_confirm" ? receipt(6, "800.00", { status: "confirmed" }) : undefined),
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: me });
    await screen.findByTestId("receipt-no-5");
    expect(screen.queryByTestId("receipt-confirm-5")).toBeNull();
    expect(screen.getByTestId("receipt-own-5").textContent).toBe("待他人确认");
    // Unconfirmed: deletable; confirmed and not yet reversed: correctable; a correction in red.
    expect(screen.getByTestId("receipt-delete-5")).toBeTruthy();
    expect(screen.queryByTestId("receipt-correct-7")).toBeNull();
    expect(screen.getByTestId("receipt-reversed-7").textContent).toBe("已冲销");
    expect(screen.getByTestId("receipt-correction-8").textContent).toBe("冲销单");
    expect(screen.getByTestId("receipt-amount-8").className).toContain("danger");
    expect(screen.getByTestId("receipt-correct-9")).toBeTruthy();
    expect(screen.getByTestId("receipt-status-6").textContent).toBe("待确认");

    await userEvent.click(screen.getByTestId("receipt-confirm-6"));
    await userEvent.click(await found("receipt-confirm-ok"));
    await waitFor(() => expect(argsOf(calls, "receipt_confirm")).toEqual({ id: 6 }));
    expect(await screen.findByText("回款已确认")).toBeTruthy();
  });

  it("a confirmed receipt that stands prints its 收款确认单 through the PDF preview", async () => {
    // jsdom has no object URLs (the preview frame's source).
    URL.createObjectURL = vi.fn(() => "blob:receipt");
    URL.revokeObjectURL = vi.fn();
    const calls = backend(
      receivables({
        receipts: [
          receipt(5, "500.00"),
          receipt(7, "300.00", { status: "confirmed", confirmedBy: 9, reversed: true }),
          receipt(8, "-300.00", { status: "confirmed", reversesId: 7, correctionReason: "重复登记", confirmedBy: 9 }),
          receipt(9, "200.00", { status: "confirmed", confirmedBy: 9, confirmedByName: "财务乙" }),
        ],
      }),
      (cmd) =>
        cmd === "file_render" ? { fileName: "HK-2030-0009.pdf", mimeType: "application/pdf", contentBase64: btoa("%PDF") } : undefined,
    );
    // A rep may print it too (payment:read); only finance confirms.
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    const print = await screen.findByTestId("receipt-print-9");
    expect(print.textContent).toContain("收款确认单");
    // Not confirmed yet, reversed, or the correcting entry itself: nothing to acknowledge.
    for (const id of [5, 7, 8]) expect(screen.queryByTestId(`receipt-print-${id}`)).toBeNull();

    await userEvent.click(print);
    await waitFor(() => expect(argsOf(calls, "file_render")).toEqual({ kind: "receipt", id: 9, period: null }));
    expect(await screen.findByTestId("pdf-frame")).toBeTruthy();
    expect(screen.getByText("HK-2030-0009.pdf")).toBeTruthy();
    await userEvent.click(screen.getByTestId("pdf-preview-open"));
    await waitFor(() => expect(argsOf(calls, "file_open")).toEqual({ kind: "receipt", id: 9, period: null }));
  });

  it("a confirmed receipt that stands also prints straight on paper (CUPS: the print dialog)", async () => {
    const calls = backend(
      receivables({
        receipts: [receipt(5, "500.00"), receipt(9, "200.00", { status: "confirmed", confirmedBy: 9, confirmedByName: "财务乙" })],
      }),
      (cmd) => {
        if (cmd === "print_support")
          return { method: "cups", printers: [{ name: "Office", isDefault: true, enabled: true }], reason: null };
        if (cmd === "file_print") return { method: "cups", job: "Office-7", printer: "Office" };
        return undefined;
      },
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    const paper = await screen.findByTestId("receipt-paper-9");
    expect(paper.textContent).toContain("打印");
    expect(screen.queryByTestId("receipt-paper-5")).toBeNull();
    await userEvent.click(paper);
    await screen.findByTestId("print-dialog");
    await userEvent.click(byId("print-submit"));
    await waitFor(() =>
      expect(argsOf(calls, "file_print")).toEqual({
        kind: "receipt",
        id: 9,
        period: null,
        options: { printer: "Office", copies: 1, duplex: "oneSided", pages: null },
      }),
    );
    expect((await screen.findByTestId("print-sent")).textContent).toBe("已发送到打印机 Office(作业 Office-7)");
  });

  it("a rep sees no finance actions; a draft contract explains why receipts and invoices wait", async () => {
    backend(receivables({ receipts: [receipt(6, "800.00", { createdBy: 7 })], requests: [request(3)] }));
    const { unmount } = renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await screen.findByTestId("receipt-no-6");
    expect(screen.queryByTestId("receipt-confirm-6")).toBeNull();
    expect(screen.queryByTestId("receipt-delete-6")).toBeNull();
    expect(byId("invoice-add")).toBeNull();
    expect(screen.queryByTestId("request-issue-3")).toBeNull();
    expect(byId<HTMLButtonElement>("invoice-request-add").disabled).toBe(false);
    expect(byId("plan-split")).toBeTruthy();
    unmount();

    renderPage(<ReceivablesTab contract={{ ...CONTRACT, status: "draft" }} />, { user: REP });
    expect((await screen.findByTestId("receivables-hint")).textContent).toContain("审核通过或签署后");
    expect(byId<HTMLButtonElement>("receipt-add").disabled).toBe(true);
    expect(byId<HTMLButtonElement>("invoice-request-add").disabled).toBe(true);
    expect(byId<HTMLButtonElement>("plan-split").disabled).toBe(false);
  });

  it("issues an invoice with the customer's buyer details; a special VAT invoice needs them all; tax-number errors show on the field", async () => {
    const calls = backend(receivables({}, { invoiced: "2000.00", uninvoiced: "8000.00" }), (cmd) => {
      if (cmd === "customer_buyer_get")
        return { title: "云帆科技", taxNo: "91350100M000100Y43", buyerAddressPhone: "杭州市 0571-1", buyerBankAccount: null };
      if (cmd === "invoice_create")
        throw { code: "VALIDATION", message: "纳税人识别号应为 18 位统一社会信用代码,且校验位正确", field: "taxNo" };
      return undefined;
    });
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    await userEvent.click(await found("invoice-add"));
    expect((await screen.findByTestId("invoice-remaining")).textContent).toBe("¥ 8,000.00");
    await waitFor(() => expect(byId("invoice-title").value).toBe("云帆科技"));
    expect(byId("invoice-amount").value).toBe("8000.00");
    await userEvent.type(byId("invoice-no"), "04400001");
    // 专票: the bank and account are required.
    await userEvent.click(byId("invoice-type"));
    await userEvent.click(await screen.findByTitle("增值税专用发票"));
    await userEvent.click(byId("invoice-save"));
    expect(await screen.findByText("增值税专用发票必须填写开户行及账号")).toBeTruthy();
    expect(argsOf(calls, "invoice_create")).toBeUndefined();

    await userEvent.type(byId("invoice-bank-account"), "工行西湖支行 1202");
    await userEvent.click(byId("invoice-save"));
    const err = await screen.findByText("纳税人识别号应为 18 位统一社会信用代码,且校验位正确");
    expect(err.closest(".ant-form-item")!.querySelector("#invoice-tax-no")).toBeTruthy();
    expect(argsOf(calls, "invoice_create")).toEqual({
      contractId: 4,
      input: {
        invoiceNo: "04400001",
        invoiceType: "增值税专用发票",
        amount: "8000.00",
        issueDate: dayjs().format("YYYY-MM-DD"),
        paymentId: null,
        buyer: {
          title: "云帆科技",
          taxNo: "91350100M000100Y43",
          buyerAddressPhone: "杭州市 0571-1",
          buyerBankAccount: "工行西湖支行 1202",
        },
        requestId: null,
      },
    });
  });

  it("invoices move forward only, and a voided one shows grey with its reason", async () => {
    const inv = (id: number, status: string, extra = {}) => ({
      id,
      contractId: 4,
      invoiceNo: `0440000${id}`,
      paymentId: null,
      invoiceType: "增值税普通发票",
      amount: "1000.00",
      issueDate: "2030-02-05",
      status,
      title: "云帆科技",
      taxNo: null,
      buyerAddressPhone: null,
      buyerBankAccount: null,
      voidReason: null,
      createdAt: "2030-02-05T00:00:00",
      attachments: [],
      ...extra,
    });
    const calls = backend(
      receivables({
        invoices: [inv(1, "issued"), inv(2, "delivered"), inv(3, "certified"), inv(4, "voided", { voidReason: "抬头错误" })],
      } as never),
      (cmd) => (cmd === "invoice_advance" ? inv(1, "delivered") : undefined),
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: FINANCE });
    await screen.findByTestId("invoice-status-1");
    expect(screen.getByTestId("invoice-deliver-1")).toBeTruthy();
    expect(screen.queryByTestId("invoice-certify-1")).toBeNull();
    expect(screen.getByTestId("invoice-certify-2")).toBeTruthy();
    expect(screen.queryByTestId("invoice-deliver-3")).toBeNull();
    expect(screen.queryByTestId("invoice-certify-3")).toBeNull();
    expect(screen.queryByTestId("invoice-void-4")).toBeNull();
    expect(screen.getByTestId("invoice-status-4").closest("td")!.textContent).toContain("已作废(抬头错误)");
    expect(screen.getByTestId("invoice-status-4").closest("tr")!.className).toContain("row-voided");
    await userEvent.click(screen.getByTestId("invoice-deliver-1"));
    await waitFor(() => expect(argsOf(calls, "invoice_advance")).toEqual({ id: 1, to: "delivered" }));
  });

  it("a rep requests an invoice with the buyer prefilled and what is left to request", async () => {
    const calls = backend(
      receivables({ requests: [request(3, { amount: "2000.00" })] }, { invoiced: "1000.00", uninvoiced: "9000.00" }),
      (cmd) => (cmd === "invoice_request_create" ? request(4) : undefined),
    );
    renderPage(<ReceivablesTab contract={CONTRACT} />, { user: REP });
    await userEvent.click(await found("invoice-request-add"));
    expect((await screen.findByTestId("request-remaining")).textContent).toBe("¥ 7,000.00");
    await waitFor(() => expect(byId("request-title").value).toBe("杭州云帆科技有限公司"));
    await userEvent.clear(byId("request-amount"));
    await userEvent.type(byId("request-amount"), "3000");
    await userEvent.type(byId("request-remark"), "月底前寄出");
    await userEvent.click(byId("invoice-request-save"));
    await waitFor(() => expect(argsOf(calls, "invoice_request_create")).toBeTruthy());
    expect(argsOf(calls, "invoice_request_create")).toEqual({
      contractId: 4,
      input: {
        invoiceType: "增值税普通发票",
        amount: "3000",
        buyer: { title: "杭州云帆科技有限公司", taxNo: null, buyerAddressPhone: null, buyerBankAccount: null },
        remark: "月底前寄出",
      },
    });
  });
});
