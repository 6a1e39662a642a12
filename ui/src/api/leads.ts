// Leads and lead pools.
import { call } from "./client";
import type { ConvertInput } from "./types/ConvertInput";
import type { ConvertResult } from "./types/ConvertResult";
import type { LeadFilter } from "./types/LeadFilter";
import type { LeadInput } from "./types/LeadInput";
import type { LeadRow } from "./types/LeadRow";
import type { LeadStatus } from "./types/LeadStatus";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { PoolInput } from "./types/PoolInput";
import type { PoolRow } from "./types/PoolRow";

export const leadKeys = {
  all: ["leads"] as const,
  /** "My leads" or the pool view (`filter.unassigned`); ListPage appends page and sort. */
  list: (filter: LeadFilter) => [...leadKeys.all, "list", filter] as const,
  detail: (id: number | null) => [...leadKeys.all, "detail", id] as const,
  sources: () => [...leadKeys.all, "sources"] as const,
};
export const poolKeys = {
  all: ["pools"] as const,
  list: () => [...poolKeys.all, "list"] as const,
};

export const leads = {
  list: (filter: LeadFilter, page: PageReq) => call<Page<LeadRow>>("lead_list", { filter, page }),
  get: (id: number) => call<LeadRow>("lead_get", { id }),
  create: (input: LeadInput) => call<LeadRow>("lead_create", { input }),
  update: (id: number, input: LeadInput, lockVersion: number) => call<LeadRow>("lead_update", { id, input, lockVersion }),
  remove: (id: number) => call<void>("lead_delete", { id }),
  setStatus: (id: number, status: LeadStatus) => call<LeadRow>("lead_set_status", { id, status }),
  claim: (id: number) => call<LeadRow>("lead_claim", { id }),
  assign: (id: number, ownerId: number) => call<LeadRow>("lead_assign", { id, ownerId }),
  release: (id: number, reason: string, poolId: number | null) => call<LeadRow>("lead_release", { id, reason, poolId }),
  convert: (id: number, input: ConvertInput) => call<ConvertResult>("lead_convert", { id, input }),
  sources: () => call<string[]>("lead_sources"),
};

export const pools = {
  list: () => call<PoolRow[]>("pool_list"),
  create: (input: PoolInput) => call<PoolRow>("pool_create", { input }),
  update: (id: number, input: PoolInput) => call<PoolRow>("pool_update", { id, input }),
  remove: (id: number) => call<void>("pool_delete", { id }),
};
