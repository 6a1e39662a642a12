// After-sales service (售后服务): work orders with their service-level clocks, assignment
// and transfer, status changes, internal notes, satisfaction (kept as a return visit on
// the customer), attachments; the pickers of the order form; the service board, the
// per-handler report and the module's settings (order types, SLA targets, working hours).
import { call } from "./client";
import type { AttachmentRow } from "./types/AttachmentRow";
import type { AttachmentUpload } from "./types/AttachmentUpload";
import type { CustomerRefs } from "./types/CustomerRefs";
import type { HandlerReport } from "./types/HandlerReport";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { RefOption } from "./types/RefOption";
import type { ServiceBoard } from "./types/ServiceBoard";
import type { ServiceSettings } from "./types/ServiceSettings";
import type { WorkOrderDetail } from "./types/WorkOrderDetail";
import type { WorkOrderEventRow } from "./types/WorkOrderEventRow";
import type { WorkOrderFilter } from "./types/WorkOrderFilter";
import type { WorkOrderInput } from "./types/WorkOrderInput";
import type { WorkOrderRow } from "./types/WorkOrderRow";
import type { WorkOrderStatus } from "./types/WorkOrderStatus";

export const serviceKeys = {
  all: ["service"] as const,
  /** A work-order list (the service page, a customer's tab); ListPage appends page and sort. */
  list: (filter: WorkOrderFilter) => [...serviceKeys.all, "list", filter] as const,
  detail: (id: number | null) => [...serviceKeys.all, "detail", id] as const,
  board: () => [...serviceKeys.all, "board"] as const,
  report: (from: string, to: string) => [...serviceKeys.all, "report", from, to] as const,
  /** The customer picker of the order form, by what was typed. */
  customers: (q: string) => [...serviceKeys.all, "customers", q] as const,
  /** A customer's contacts and contracts (the order form's selects). */
  refs: (customerId: number | null) => [...serviceKeys.all, "refs", customerId] as const,
  handlers: () => [...serviceKeys.all, "handlers"] as const,
  settings: () => [...serviceKeys.all, "settings"] as const,
};

export const service = {
  list: (filter: WorkOrderFilter, page: PageReq) => call<Page<WorkOrderRow>>("work_order_list", { filter, page }),
  get: (id: number) => call<WorkOrderDetail>("work_order_get", { id }),
  create: (input: WorkOrderInput) => call<WorkOrderRow>("work_order_create", { input }),
  /** `input.lockVersion` is the version the form loaded (a newer one: the stale-save dialog). */
  update: (id: number, input: WorkOrderInput) => call<WorkOrderRow>("work_order_update", { id, input }),
  /** An unassigned pending order becomes the caller's and 处理中 (another taker first: CONFLICT naming them). */
  take: (id: number) => call<WorkOrderRow>("work_order_take", { id }),
  /** Give it to a handler; moving it from a current handler (a transfer) needs the reason. */
  assign: (id: number, assigneeId: number, reason: string | null) => call<WorkOrderRow>("work_order_assign", { id, assigneeId, reason }),
  /**
   * processing: start (needs a handler) or reopen a resolved order (`text` the reason, required);
   * resolved: `text` the solution (required); closed: `text` the reason (optional from 已解决).
   */
  transition: (id: number, to: WorkOrderStatus, text: string | null) => call<WorkOrderRow>("work_order_transition", { id, to, text }),
  /** An internal note on the timeline (the handler's first one counts as the first response). */
  note: (id: number, content: string) => call<WorkOrderEventRow>("work_order_note", { id, content }),
  /** Satisfaction 1–5 once resolved; written as a completed return visit on the customer. */
  rate: (id: number, score: number, comment: string | null) => call<WorkOrderRow>("work_order_rate", { id, score, comment }),
  /** Only while pending. */
  remove: (id: number) => call<void>("work_order_delete", { id }),
  /** A screenshot or document; shown, saved and opened as kind "workOrderAttachment". */
  attach: (id: number, upload: AttachmentUpload) => call<AttachmentRow>("work_order_attach", { id, upload }),
  /** `id` is the attachment's. */
  detach: (id: number) => call<void>("work_order_detach", { id }),
  customers: (q: string) => call<RefOption[]>("work_order_customers", { q }),
  customerRefs: (customerId: number) => call<CustomerRefs>("work_order_customer_refs", { customerId }),
  /** The people an order can be given to (service staff in the caller's scope). */
  handlers: () => call<RefOption[]>("work_order_handlers"),
  board: (tzOffsetMinutes: number) => call<ServiceBoard>("service_board", { tzOffsetMinutes }),
  /** Orders created from `from` to `to` ("YYYY-MM-DD", local days), per handler. */
  report: (from: string, to: string, tzOffsetMinutes: number) => call<HandlerReport>("service_report", { from, to, tzOffsetMinutes }),
  settings: () => call<ServiceSettings>("service_settings_get"),
  /** Send back the settings as loaded: their `lockVersion` travels inside. */
  setSettings: (settings: ServiceSettings) => call<ServiceSettings>("service_settings_set", { settings }),
};
