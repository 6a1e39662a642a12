// Customers and the public sea.
import { call } from "./client";
import type { CustomerFilter } from "./types/CustomerFilter";
import type { CustomerInput } from "./types/CustomerInput";
import type { CustomerRow } from "./types/CustomerRow";
import type { CustomerSummary } from "./types/CustomerSummary";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { SeaRules } from "./types/SeaRules";
import type { SweepReport } from "./types/SweepReport";

export const customerKeys = {
  all: ["customers"] as const,
  /** A list page (owned customers or the sea: `filter.inSea`); ListPage appends page and sort. */
  list: (filter: unknown) => [...customerKeys.all, "list", filter] as const,
  detail: (id: number | null) => [...customerKeys.all, "detail", id] as const,
  /** The tab counts of every customer (activities, contacts and sales documents change them). */
  summaries: () => [...customerKeys.all, "summary"] as const,
  summary: (id: number | null) => [...customerKeys.summaries(), id] as const,
  /** The customer picker of the sales forms. */
  options: (keyword: string) => [...customerKeys.all, "options", keyword] as const,
};
export const seaKeys = {
  all: ["sea"] as const,
  rules: () => [...seaKeys.all, "rules"] as const,
};

export const customers = {
  list: (filter: CustomerFilter, page: PageReq) => call<Page<CustomerRow>>("customer_list", { filter, page }),
  get: (id: number) => call<CustomerRow>("customer_get", { id }),
  create: (input: CustomerInput) => call<CustomerRow>("customer_create", { input }),
  /** `lockVersion`: the version the form loaded (a stale save answers CONFLICT on "lockVersion"). */
  update: (id: number, input: CustomerInput, lockVersion: number) => call<CustomerRow>("customer_update", { id, input, lockVersion }),
  remove: (id: number) => call<void>("customer_delete", { id }),
  transfer: (id: number, ownerId: number) => call<CustomerRow>("customer_transfer", { id, ownerId }),
  summary: (id: number) => call<CustomerSummary>("customer_summary", { id }),
};

export const sea = {
  claim: (id: number) => call<void>("sea_claim", { id }),
  assign: (id: number, ownerId: number) => call<void>("sea_assign", { id, ownerId }),
  release: (id: number, reason: string) => call<void>("sea_release", { id, reason }),
  sweep: () => call<SweepReport>("sea_sweep"),
  rules: () => call<SeaRules>("sea_rules_get"),
  /** Send back the rules as loaded: their `lockVersion` travels inside. */
  setRules: (input: SeaRules) => call<SeaRules>("sea_rules_set", { input }),
};
