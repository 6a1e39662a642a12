// Quotations (a sales document: number, status flow, line items with discount, PDF).
import { call } from "./client";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { QuotationFilter } from "./types/QuotationFilter";
import type { QuotationInput } from "./types/QuotationInput";
import type { QuotationRow } from "./types/QuotationRow";
import type { QuotationStatus } from "./types/QuotationStatus";

export const quotationKeys = {
  all: ["quotations"] as const,
  /** A list (the page, an opportunity's or a customer's tab); ListPage appends page and sort. */
  list: (filter: QuotationFilter) => [...quotationKeys.all, "list", filter] as const,
  detail: (id: number | null) => [...quotationKeys.all, "detail", id] as const,
};

export const quotations = {
  list: (filter: QuotationFilter, page: PageReq) => call<Page<QuotationRow>>("quotation_list", { filter, page }),
  get: (id: number) => call<QuotationRow>("quotation_get", { id }),
  create: (input: QuotationInput) => call<QuotationRow>("quotation_create", { input }),
  update: (id: number, input: QuotationInput, lockVersion: number) => call<QuotationRow>("quotation_update", { id, input, lockVersion }),
  setStatus: (id: number, status: QuotationStatus) => call<QuotationRow>("quotation_set_status", { id, status }),
  copy: (id: number) => call<QuotationRow>("quotation_copy", { id }),
  remove: (id: number) => call<void>("quotation_delete", { id }),
  accepted: (customerId: number | null) => call<QuotationRow[]>("quotation_accepted", { customerId }),
};
