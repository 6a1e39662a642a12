// Receivables of a contract: payment plans (回款计划), receipts (回款) with finance's
// confirmation and correcting entries, invoices (发票) and invoice requests, the bank
// slips and invoice scans attached to them; the buyer details kept per customer and
// finance's settings.
import { call } from "./client";
import type { Aging } from "./types/Aging";
import type { AgingBy } from "./types/AgingBy";
import type { AttachmentRow } from "./types/AttachmentRow";
import type { AttachmentUpload } from "./types/AttachmentUpload";
import type { BuyerInfo } from "./types/BuyerInfo";
import type { ContractReceivables } from "./types/ContractReceivables";
import type { InvoiceInput } from "./types/InvoiceInput";
import type { InvoiceRequestInput } from "./types/InvoiceRequestInput";
import type { InvoiceRequestRow } from "./types/InvoiceRequestRow";
import type { InvoiceRow } from "./types/InvoiceRow";
import type { InvoiceStatus } from "./types/InvoiceStatus";
import type { PlanInput } from "./types/PlanInput";
import type { PlanRow } from "./types/PlanRow";
import type { ReceiptInput } from "./types/ReceiptInput";
import type { ReceiptRow } from "./types/ReceiptRow";
import type { ReceivableDoc } from "./types/ReceivableDoc";
import type { ReceivableSettings } from "./types/ReceivableSettings";
import type { SplitInput } from "./types/SplitInput";

export const receivableKeys = {
  all: ["receivables"] as const,
  /** A contract's money, plans, receipts, invoices and requests (its Receivables tab). */
  ofContract: (contractId: number | null) => [...receivableKeys.all, "contract", contractId] as const,
  /** Finance's to-do: receipts awaiting confirmation. */
  receiptsPending: () => [...receivableKeys.all, "receiptsPending"] as const,
  /** Finance's to-do: invoice requests awaiting an invoice. */
  requestsPending: () => [...receivableKeys.all, "requestsPending"] as const,
  /** The buyer details kept per customer (an invoice remembers them for a customer without any). */
  buyers: () => [...receivableKeys.all, "buyer"] as const,
  buyer: (customerId: number | null) => [...receivableKeys.buyers(), customerId] as const,
  settings: () => [...receivableKeys.all, "settings"] as const,
  /** Unpaid plan amounts by how late they are, per owner or customer. */
  aging: (by: AgingBy) => [...receivableKeys.all, "aging", by] as const,
};

export const receivables = {
  ofContract: (contractId: number) => call<ContractReceivables>("receivables_of", { contractId }),
  createPlan: (contractId: number, input: PlanInput) => call<PlanRow>("plan_create", { contractId, input }),
  /** N plans splitting an amount (default: all not yet planned) evenly; the rounding cent goes on the last. */
  splitPlans: (contractId: number, input: SplitInput) => call<PlanRow[]>("plan_split", { contractId, input }),
  updatePlan: (id: number, input: PlanInput) => call<void>("plan_update", { id, input }),
  removePlan: (id: number) => call<void>("plan_delete", { id }),
  createReceipt: (contractId: number, input: ReceiptInput) => call<ReceiptRow>("receipt_create", { contractId, input }),
  /** Finance confirms a receipt someone else recorded. */
  confirmReceipt: (id: number) => call<ReceiptRow>("receipt_confirm", { id }),
  /** Only a receipt not yet confirmed. */
  removeReceipt: (id: number) => call<void>("receipt_delete", { id }),
  /** A confirmed receipt is reversed by a negative, confirmed correcting entry. */
  correctReceipt: (id: number, reason: string) => call<ReceiptRow>("receipt_correct", { id, reason }),
  pendingReceipts: () => call<ReceiptRow[]>("receipts_pending"),
  createInvoice: (contractId: number, input: InvoiceInput) => call<InvoiceRow>("invoice_create", { contractId, input }),
  /** 已开票 → 已寄达 → 已认证, forward only. */
  advanceInvoice: (id: number, to: InvoiceStatus) => call<InvoiceRow>("invoice_advance", { id, to }),
  voidInvoice: (id: number, reason: string) => call<InvoiceRow>("invoice_void", { id, reason }),
  requestInvoice: (contractId: number, input: InvoiceRequestInput) =>
    call<InvoiceRequestRow>("invoice_request_create", { contractId, input }),
  rejectRequest: (id: number, reason: string) => call<void>("invoice_request_reject", { id, reason }),
  pendingRequests: () => call<InvoiceRequestRow[]>("invoice_requests_pending"),
  buyerOf: (customerId: number) => call<BuyerInfo>("customer_buyer_get", { customerId }),
  setBuyer: (customerId: number, input: BuyerInfo) => call<BuyerInfo>("customer_buyer_set", { customerId, input }),
  settings: () => call<ReceivableSettings>("receivable_settings_get"),
  setSettings: (input: ReceivableSettings) => call<ReceivableSettings>("receivable_settings_set", { input }),
  /** Not due / 1–30 / 31–60 / 61–90 / over 90 days late, grouped by owner or customer. */
  aging: (by: AgingBy) => call<Aging>("receivable_aging", { by }),
  /** A receipt's bank slip or an invoice's scan (payment:create / invoice:create); shown, saved and opened as kind "receivableAttachment". */
  attach: (doc: ReceivableDoc, id: number, upload: AttachmentUpload) => call<AttachmentRow>("receivable_attach", { doc, id, upload }),
  /** Only while the record is open (a receipt awaiting confirmation, an invoice still 已开票); otherwise CONFLICT. */
  detach: (id: number) => call<void>("receivable_detach", { id }),
};
