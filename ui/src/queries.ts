// Which cached queries a change makes stale. Query keys start with these names;
// list pages use their ListPage id as the first key.
import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback } from "react";

export type Area = "leads" | "customers" | "followUps" | "activities" | "contacts" | "pools" | "products" | "opportunities" | "quotations" | "contracts" | "stages";

const KEYS: Record<Area, string[]> = {
  leads: ["leads", "leadPool", "lead", "pools", "oplog", "leadSources", "todo"],
  pools: ["pools", "leadPool", "leads"],
  customers: ["customers", "sea", "customer", "customerSummary", "oplog", "allContacts", "todo"],
  // A follow-up moves the sea clock (customers), starts a new lead (leads) and changes the to-do list.
  followUps: ["followUps", "followUpRecent", "todo", "customerSummary", "customers", "customer", "lead", "leads", "oplog"],
  activities: ["sessions", "visits", "returnVisits", "todo", "customerSummary"],
  contacts: ["contacts", "allContacts", "customerSummary"],
  products: ["products", "categories", "productPick"],
  opportunities: ["opportunities", "opportunity", "oppKanban", "oppPipeline", "oppOptions", "customerSummary", "customerOpps"],
  quotations: ["quotations", "quotation", "customerSummary", "customerQuotes"],
  contracts: ["contracts", "contract", "customerSummary", "customerContracts"],
  stages: ["stages", "oppKanban", "oppPipeline"],
};

export function invalidate(qc: QueryClient, ...areas: Area[]) {
  const keys = new Set(areas.flatMap((a) => KEYS[a]));
  keys.forEach((k) => qc.invalidateQueries({ queryKey: [k] }));
}

/** `refresh("leads", "customers")` after a change. */
export function useRefresh() {
  const qc = useQueryClient();
  return useCallback((...areas: Area[]) => invalidate(qc, ...areas), [qc]);
}
