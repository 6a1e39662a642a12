// One table per enum the UI shows, built on the generated union types (api/types): its
// values in display order, label and tag colour. A `Record<Union, …>` makes a missing or
// unknown value a tsc error, so a new Rust variant cannot be forgotten here.
import type {
  AgingBy,
  CollectionFilter,
  ContractStatus,
  CustomerLevel,
  CustomerStatus,
  CustomerType,
  IntentLevel,
  InvoiceRequestStatus,
  InvoiceStatus,
  LeadStatus,
  OpportunityStatus,
  PaymentPlanStatus,
  ProductStatus,
  QuotationStatus,
  ReceiptStatus,
  RelationKind,
  ReturnVisitStatus,
  SlaClock,
  SlaState,
  UserStatus,
  VisitPlanStatus,
  WorkOrderPriority,
  WorkOrderQueue,
  WorkOrderSort,
  WorkOrderStatus,
} from "../api";
import type { ConnectionStatus } from "../api/types/ConnectionStatus";
import type { DataScope } from "../api/types/DataScope";
import type { DocType } from "../api/types/DocType";
import type { Duplex } from "../api/types/Duplex";
import type { ErrorCode } from "../api/types/ErrorCode";
import type { HitKind } from "../api/types/HitKind";
import type { PolicyOrigin } from "../api/types/PolicyOrigin";
import type { ReportKind } from "../api/types/ReportKind";
import type { ResetPeriod } from "../api/types/ResetPeriod";
import type { RoleStatus } from "../api/types/RoleStatus";
import type { TargetBasis } from "../api/types/TargetBasis";
import type { TlsMode } from "../api/types/TlsMode";
import type { MessageKey, T } from "../i18n";

/** How one value shows: a message key (translated) or a fixed text, and an optional tag colour. */
export type EnumMeta = ({ label: MessageKey } | { text: string }) & { color?: string };

export type EnumTable<E extends string> = {
  readonly values: readonly E[];
  readonly meta: Readonly<Record<E, EnumMeta>>;
  label: (t: T, v: E) => string;
  color: (v: E) => string | undefined;
  /** Is a stored text one of the values (e.g. a code kept as text)? */
  has: (v: string | null | undefined) => v is E;
  /** Select / radio options, in display order (optionally only some values). */
  options: (t: T, only?: (v: E) => boolean) => { value: E; label: string }[];
};

export function enumTable<E extends string>(meta: Record<E, EnumMeta>): EnumTable<E> {
  const values = Object.keys(meta) as E[];
  const label = (t: T, v: E) => {
    const m = meta[v];
    if (!m) return String(v);
    return "label" in m ? t(m.label) : m.text;
  };
  return {
    values,
    meta,
    label,
    color: (v) => meta[v]?.color,
    has: (v): v is E => v != null && Object.prototype.hasOwnProperty.call(meta, v),
    options: (t, only) => values.filter((v) => !only || only(v)).map((value) => ({ value, label: label(t, value) })),
  };
}

export const CUSTOMER_STATUS = enumTable<CustomerStatus>({
  potential: { label: "customer.status.potential", color: "blue" },
  deal: { label: "customer.status.deal", color: "green" },
  lost: { label: "customer.status.lost", color: "default" },
});

export const CUSTOMER_LEVEL = enumTable<CustomerLevel>({
  a: { text: "A", color: "volcano" },
  b: { text: "B", color: "gold" },
  c: { text: "C", color: "default" },
});

export const CUSTOMER_TYPE = enumTable<CustomerType>({
  enterprise: { label: "customer.type.enterprise" },
  personal: { label: "customer.type.personal" },
});

export const LEAD_STATUS = enumTable<LeadStatus>({
  new: { label: "lead.status.new", color: "blue" },
  following: { label: "lead.status.following", color: "gold" },
  converted: { label: "lead.status.converted", color: "green" },
  invalid: { label: "lead.status.invalid", color: "default" },
});

export const INTENT_LEVEL = enumTable<IntentLevel>({
  high: { label: "lead.intent.high", color: "red" },
  medium: { label: "lead.intent.medium", color: "orange" },
  low: { label: "lead.intent.low", color: "default" },
});

export const OPPORTUNITY_STATUS = enumTable<OpportunityStatus>({
  in_progress: { label: "opp.status.in_progress", color: "processing" },
  won: { label: "opp.status.won", color: "success" },
  lost: { label: "opp.status.lost", color: "default" },
});

export const QUOTATION_STATUS = enumTable<QuotationStatus>({
  draft: { label: "quote.status.draft", color: "default" },
  sent: { label: "quote.status.sent", color: "blue" },
  accepted: { label: "quote.status.accepted", color: "green" },
  rejected: { label: "quote.status.rejected", color: "red" },
});

export const CONTRACT_STATUS = enumTable<ContractStatus>({
  draft: { label: "contract.status.draft", color: "default" },
  approved: { label: "contract.status.approved", color: "blue" },
  signed: { label: "contract.status.signed", color: "green" },
  terminated: { label: "contract.status.terminated", color: "red" },
});

export const PAYMENT_PLAN_STATUS = enumTable<PaymentPlanStatus>({
  unpaid: { label: "plan.status.unpaid", color: "default" },
  partial: { label: "plan.status.partial", color: "gold" },
  paid: { label: "plan.status.paid", color: "green" },
});

export const RECEIPT_STATUS = enumTable<ReceiptStatus>({
  pending: { label: "receipt.status.pending", color: "orange" },
  confirmed: { label: "receipt.status.confirmed", color: "green" },
});

/** Forward only: issued → delivered → certified; voided leaves the totals (grey). */
export const INVOICE_STATUS = enumTable<InvoiceStatus>({
  issued: { label: "invoice.status.issued", color: "blue" },
  delivered: { label: "invoice.status.delivered", color: "cyan" },
  certified: { label: "invoice.status.certified", color: "green" },
  voided: { label: "invoice.status.voided", color: "default" },
});

export const INVOICE_REQUEST_STATUS = enumTable<InvoiceRequestStatus>({
  pending: { label: "invReq.status.pending", color: "orange" },
  issued: { label: "invReq.status.issued", color: "green" },
  rejected: { label: "invReq.status.rejected", color: "red" },
});

/** The contract list's collection filter (none: every contract). */
export const COLLECTION_FILTER = enumTable<CollectionFilter>({
  unfinished: { label: "collection.unfinished" },
  overdue: { label: "collection.overdue", color: "red" },
  notFullyInvoiced: { label: "collection.notFullyInvoiced" },
});

/** How the receivables aging view groups: by the customer's owner or by customer. */
export const AGING_BY = enumTable<AgingBy>({
  owner: { label: "aging.by.owner" },
  customer: { label: "aging.by.customer" },
});

/**
 * The invoice types the backend accepts (its INVOICE_TYPES: stored as these texts). The
 * first is the special VAT invoice (专票), which needs the buyer's full tax details.
 */
export type InvoiceType = "增值税专用发票" | "增值税普通发票" | "电子发票";
export const SPECIAL_VAT: InvoiceType = "增值税专用发票";
/** The ordinary VAT invoice (普票): the default type of a new invoice or request. */
export const NORMAL_VAT: InvoiceType = "增值税普通发票";
export const INVOICE_TYPE = enumTable<InvoiceType>({
  增值税专用发票: { label: "invoice.type.special" },
  增值税普通发票: { label: "invoice.type.normal" },
  电子发票: { label: "invoice.type.electronic" },
});

/** The receipt methods offered (the backend's PAYMENT_METHODS); others may be typed and are stored as typed. */
export type PaymentMethod = "银行转账" | "现金" | "承兑汇票" | "支票";
export const PAYMENT_METHOD = enumTable<PaymentMethod>({
  银行转账: { label: "receipt.method.bank" },
  现金: { label: "receipt.method.cash" },
  承兑汇票: { label: "receipt.method.acceptance" },
  支票: { label: "receipt.method.cheque" },
});

/**
 * The follow-up channels the backend accepts (its FOLLOW_TYPES: stored as these words,
 * whatever the user's language), shown through the message table.
 */
export type FollowType = "电话" | "微信" | "面谈" | "邮件";
export const FOLLOW_TYPE = enumTable<FollowType>({
  电话: { label: "follow.type.phone", color: "blue" },
  微信: { label: "follow.type.wechat", color: "green" },
  面谈: { label: "follow.type.meeting", color: "purple" },
  邮件: { label: "follow.type.email", color: "cyan" },
});

/** 待处理 → 处理中 → 已解决 → 已关闭 (reopened: back to 处理中). */
export const WORK_ORDER_STATUS = enumTable<WorkOrderStatus>({
  pending: { label: "wo.status.pending", color: "gold" },
  processing: { label: "wo.status.processing", color: "processing" },
  resolved: { label: "wo.status.resolved", color: "green" },
  closed: { label: "wo.status.closed", color: "default" },
});

export const WORK_ORDER_PRIORITY = enumTable<WorkOrderPriority>({
  urgent: { label: "wo.priority.urgent", color: "red" },
  normal: { label: "wo.priority.normal", color: "blue" },
  low: { label: "wo.priority.low", color: "default" },
});

/** The work-order list's queues, in the order the switch shows them (open first: the default). */
export const WORK_ORDER_QUEUE = enumTable<WorkOrderQueue>({
  open: { label: "wo.queue.open" },
  pending: { label: "wo.queue.pending" },
  processing: { label: "wo.queue.processing" },
  resolved: { label: "wo.queue.resolved" },
  closed: { label: "wo.queue.closed" },
  unrated: { label: "wo.queue.unrated" },
  all: { label: "wo.queue.all" },
});

export const WORK_ORDER_SORT = enumTable<WorkOrderSort>({
  due: { label: "wo.sort.due" },
  created: { label: "wo.sort.created" },
  priority: { label: "wo.sort.priority" },
});

/** Where an order stands against its deadline: running (on track, at risk, breached) or final (met, missed). */
export const SLA_STATE = enumTable<SlaState>({
  onTrack: { label: "sla.onTrack", color: "green" },
  atRisk: { label: "sla.atRisk", color: "orange" },
  breached: { label: "sla.breached", color: "red" },
  met: { label: "sla.met", color: "green" },
  missed: { label: "sla.missed", color: "red" },
  none: { label: "sla.none" },
});

export const SLA_CLOCK = enumTable<SlaClock>({
  response: { label: "sla.clock.response" },
  resolve: { label: "sla.clock.resolve" },
});

export const PRODUCT_STATUS = enumTable<ProductStatus>({
  on_shelf: { label: "product.status.on_shelf", color: "green" },
  off_shelf: { label: "product.status.off_shelf", color: "default" },
});

export const VISIT_PLAN_STATUS = enumTable<VisitPlanStatus>({
  planned: { label: "visit.status.planned", color: "blue" },
  done: { label: "visit.status.done", color: "green" },
  cancelled: { label: "visit.status.cancelled", color: "default" },
});

export const RETURN_VISIT_STATUS = enumTable<ReturnVisitStatus>({
  pending: { label: "rv.status.pending", color: "blue" },
  done: { label: "rv.status.done", color: "green" },
  cancelled: { label: "rv.status.cancelled", color: "default" },
});

export const USER_STATUS = enumTable<UserStatus>({
  enabled: { label: "user.status.enabled", color: "green" },
  disabled: { label: "user.status.disabled", color: "default" },
});

export const ROLE_STATUS = enumTable<RoleStatus>(USER_STATUS.meta);

export const DATA_SCOPE = enumTable<DataScope>({
  own: { label: "scope.own" },
  own_and_subordinates: { label: "scope.own_and_subordinates" },
  department: { label: "scope.department" },
  department_tree: { label: "scope.department_tree" },
  all: { label: "scope.all" },
});

export const RESET_PERIOD = enumTable<ResetPeriod>({
  daily: { label: "reset.daily" },
  monthly: { label: "reset.monthly" },
  yearly: { label: "reset.yearly" },
  never: { label: "reset.never" },
});

/** What a search hit, a follow-up or a to-do item is about. */
export const HIT_KIND = enumTable<HitKind>({
  lead: { label: "search.kind.lead", color: "purple" },
  customer: { label: "search.kind.customer", color: "blue" },
  contact: { label: "search.kind.contact", color: "cyan" },
  opportunity: { label: "search.kind.opportunity", color: "gold" },
});

export const RELATION_KIND = enumTable<RelationKind>({
  customer: HIT_KIND.meta.customer,
  lead: HIT_KIND.meta.lead,
});

export const TLS_MODE = enumTable<TlsMode>({
  off: { label: "conn.tls.off" },
  required: { label: "conn.tls.required" },
  verify_ca: { label: "conn.tls.verifyCa" },
  verify_identity: { label: "conn.tls.verifyIdentity" },
});

export const DOC_TYPE = enumTable<DocType>({
  quotation: { label: "doc.quotation" },
  contract: { label: "doc.contract" },
  payment: { label: "doc.payment" },
  invoice: { label: "doc.invoice" },
  work_order: { label: "doc.work_order" },
});

export const ERROR_CODE = enumTable<ErrorCode>({
  VALIDATION: { label: "error.VALIDATION" },
  NOT_FOUND: { label: "error.NOT_FOUND" },
  CONFLICT: { label: "error.CONFLICT" },
  FORBIDDEN: { label: "error.FORBIDDEN" },
  UNAUTHENTICATED: { label: "error.UNAUTHENTICATED" },
  LOCKED: { label: "error.LOCKED" },
  DB_UNAVAILABLE: { label: "error.DB_UNAVAILABLE" },
  INTERNAL: { label: "error.INTERNAL" },
});

/** The result of "Test connection" to a company database. */
export const CONNECTION_STATUS = enumTable<ConnectionStatus>({
  ok: { label: "conn.status.ok" },
  reachable: { label: "conn.status.reachable" },
  unreachable: { label: "conn.status.unreachable" },
  bad_credentials: { label: "conn.status.bad_credentials" },
  database_missing: { label: "conn.status.database_missing" },
  schema_outdated: { label: "conn.status.schema_outdated" },
  schema_newer: { label: "conn.status.schema_newer" },
  tls: { label: "conn.status.tls" },
  other: { label: "conn.status.other" },
});

/** The reports, in menu order. */
export const REPORT_KIND = enumTable<ReportKind>({
  performance: { label: "reports.kind.performance" },
  funnel: { label: "reports.kind.funnel" },
  customers: { label: "reports.kind.customers" },
  followUps: { label: "reports.kind.followUps" },
  products: { label: "reports.kind.products" },
  receivables: { label: "reports.kind.receivables" },
  rankings: { label: "reports.kind.rankings" },
});

/** What completes a sales target. */
export const TARGET_BASIS = enumTable<TargetBasis>({
  contracts: { label: "targets.basis.contracts" },
  receipts: { label: "targets.basis.receipts" },
});

/** Where the update policy in force comes from (this computer's overrides first). */
export const POLICY_ORIGIN = enumTable<PolicyOrigin>({
  environment: { label: "update.origin.environment", color: "orange" },
  localFile: { label: "update.origin.localFile", color: "orange" },
  database: { label: "update.origin.database", color: "blue" },
  none: { label: "update.origin.none" },
});

/** One- or two-sided printing (CUPS). */
export const DUPLEX = enumTable<Duplex>({
  oneSided: { label: "print.duplex.oneSided" },
  longEdge: { label: "print.duplex.longEdge" },
  shortEdge: { label: "print.duplex.shortEdge" },
});
