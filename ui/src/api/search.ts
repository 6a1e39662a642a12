// Ctrl+K: one search over leads, customers, contacts and opportunities.
import { call } from "./client";
import type { SearchHit } from "./types/SearchHit";

export const searchKeys = {
  all: ["search"] as const,
  hits: (q: string) => [...searchKeys.all, q] as const,
};

export const search = (q: string) => call<SearchHit[]>("global_search", { q });
