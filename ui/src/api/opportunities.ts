// Opportunities: list, kanban by stage, pipeline, won / lost.
import { call } from "./client";
import type { KanbanColumn } from "./types/KanbanColumn";
import type { OpportunityFilter } from "./types/OpportunityFilter";
import type { OpportunityInput } from "./types/OpportunityInput";
import type { OpportunityRow } from "./types/OpportunityRow";
import type { OpportunityStatus } from "./types/OpportunityStatus";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { Pipeline } from "./types/Pipeline";

export const opportunityKeys = {
  all: ["opportunities"] as const,
  /** A list (the list view, a customer's tab); ListPage appends page and sort. */
  list: (filter: OpportunityFilter) => [...opportunityKeys.all, "list", filter] as const,
  kanbans: () => [...opportunityKeys.all, "kanban"] as const,
  kanban: (filter: OpportunityFilter) => [...opportunityKeys.kanbans(), filter] as const,
  pipeline: () => [...opportunityKeys.all, "pipeline"] as const,
  detail: (id: number | null) => [...opportunityKeys.all, "detail", id] as const,
  /** The opportunity picker of the quotation editor. */
  options: (keyword: string, customerId: number | null) => [...opportunityKeys.all, "options", keyword, customerId] as const,
};

export const opportunities = {
  list: (filter: OpportunityFilter, page: PageReq) => call<Page<OpportunityRow>>("opportunity_list", { filter, page }),
  kanban: (filter: OpportunityFilter) => call<KanbanColumn[]>("opportunity_kanban", { filter }),
  pipeline: () => call<Pipeline>("opportunity_pipeline"),
  get: (id: number) => call<OpportunityRow>("opportunity_get", { id }),
  create: (input: OpportunityInput) => call<OpportunityRow>("opportunity_create", { input }),
  update: (id: number, input: OpportunityInput, lockVersion: number) =>
    call<OpportunityRow>("opportunity_update", { id, input, lockVersion }),
  move: (id: number, stage: string) => call<OpportunityRow>("opportunity_move", { id, stage }),
  close: (id: number, status: OpportunityStatus, loseReason: string | null) =>
    call<OpportunityRow>("opportunity_close", { id, status, loseReason }),
  remove: (id: number) => call<void>("opportunity_delete", { id }),
};
