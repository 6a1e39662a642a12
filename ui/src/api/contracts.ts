// Contracts (a sales document: approval, signing, termination, attachments, PDF).
import { call } from "./client";
import type { AttachmentRow } from "./types/AttachmentRow";
import type { AttachmentUpload } from "./types/AttachmentUpload";
import type { ContractFilter } from "./types/ContractFilter";
import type { ContractInput } from "./types/ContractInput";
import type { ContractRow } from "./types/ContractRow";
import type { ContractTotals } from "./types/ContractTotals";
import type { FromQuotationInput } from "./types/FromQuotationInput";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";

export const contractKeys = {
  all: ["contracts"] as const,
  /** A list (the page, a customer's tab, a return visit's contract picker); ListPage appends page and sort. */
  list: (filter: ContractFilter) => [...contractKeys.all, "list", filter] as const,
  detail: (id: number | null) => [...contractKeys.all, "detail", id] as const,
  totals: (filter: ContractFilter) => [...contractKeys.all, "totals", filter] as const,
  /** Drafts in the caller's scope waiting for their approval. */
  awaiting: () => [...contractKeys.all, "awaiting"] as const,
  /** Their number (the badge on the contracts page). */
  awaitingCount: () => [...contractKeys.awaiting(), "count"] as const,
};

export const contracts = {
  list: (filter: ContractFilter, page: PageReq) => call<Page<ContractRow>>("contract_list", { filter, page }),
  /** Sums over every contract the filter matches (the list's totals row). */
  totals: (filter: ContractFilter) => call<ContractTotals>("contract_totals", { filter }),
  awaitingApproval: (page: PageReq) => call<Page<ContractRow>>("contract_awaiting_approval", { page }),
  get: (id: number) => call<ContractRow>("contract_get", { id }),
  create: (input: ContractInput) => call<ContractRow>("contract_create", { input }),
  fromQuotation: (quotationId: number, input: FromQuotationInput) => call<ContractRow>("contract_from_quotation", { quotationId, input }),
  update: (id: number, input: ContractInput, lockVersion: number) => call<ContractRow>("contract_update", { id, input, lockVersion }),
  /** Approves the version the approver is looking at (a newer one answers CONFLICT on "lockVersion"). */
  approve: (id: number, lockVersion: number) => call<ContractRow>("contract_approve", { id, lockVersion }),
  sign: (id: number) => call<ContractRow>("contract_sign", { id }),
  terminate: (id: number, reason: string) => call<ContractRow>("contract_terminate", { id, reason }),
  remove: (id: number) => call<void>("contract_delete", { id }),
  attach: (id: number, upload: AttachmentUpload) => call<AttachmentRow>("contract_attach", { id, upload }),
  removeAttachment: (id: number) => call<void>("attachment_delete", { id }),
};
