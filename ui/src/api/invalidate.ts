// Which cached queries a change makes stale, per area of the app. Every key here comes
// from an area's query-key factory (its `all` key, or a narrower one), so a query is
// refreshed by prefix: `customerKeys.all` covers lists, details, summaries and pickers.
import type { QueryClient, QueryKey } from "@tanstack/react-query";
import { activityKeys } from "./activities";
import { deptKeys, roleKeys, userKeys } from "./admin";
import { contactKeys } from "./contacts";
import { contractKeys } from "./contracts";
import { customerKeys, seaKeys } from "./customers";
import { followUpKeys, todoKeys } from "./followUps";
import { leadKeys, poolKeys } from "./leads";
import { marketingKeys } from "./marketing";
import { oplogKeys } from "./oplog";
import { opportunityKeys } from "./opportunities";
import { productKeys } from "./products";
import { quotationKeys } from "./quotations";
import { receivableKeys } from "./receivables";
import { reportKeys } from "./reports";
import { serviceKeys } from "./service";
import { settingsKeys, stageKeys } from "./settings";
import { updateKeys } from "./update";

/** What a change in each area makes stale (its own queries and the cross-area effects). */
export const EFFECTS = {
  leads: [leadKeys.all, poolKeys.all, oplogKeys.all, todoKeys.all],
  pools: [poolKeys.all, leadKeys.all],
  customers: [customerKeys.all, contactKeys.all, oplogKeys.all, todoKeys.all],
  // A follow-up moves the sea clock (customers), starts a new lead (leads) and changes the to-do list.
  followUps: [followUpKeys.all, todoKeys.all, customerKeys.all, leadKeys.all, oplogKeys.all],
  activities: [activityKeys.all, todoKeys.all, customerKeys.summaries()],
  contacts: [contactKeys.all, customerKeys.summaries()],
  products: [productKeys.all],
  opportunities: [opportunityKeys.all, customerKeys.summaries()],
  quotations: [quotationKeys.all, customerKeys.summaries()],
  // contractKeys.all already covers it by prefix; named so "awaiting my approval" and its count are not forgotten.
  contracts: [contractKeys.all, contractKeys.awaiting(), customerKeys.summaries(), receivableKeys.all],
  // A plan, receipt, invoice or request moves the contract's money (its detail and lists), finance's
  // to-do lists, the customer's remembered buyer details (an invoice keeps them) and the history.
  receivables: [receivableKeys.all, contractKeys.all, customerKeys.summaries(), oplogKeys.all, todoKeys.all],
  // The buyer details kept for a customer (prefilled on invoices and requests).
  buyers: [receivableKeys.buyers(), oplogKeys.all],
  // Over-collection changes what every receipt form allows; the due-soon days move the to-do board.
  receivableSettings: [receivableKeys.settings(), receivableKeys.all, todoKeys.all],
  // A work order moves the service lists, board and report, the to-do board and history; a rating
  // writes a completed return visit on the customer (its return-visit tab and counts).
  service: [serviceKeys.all, todoKeys.all, oplogKeys.all, activityKeys.all, customerKeys.summaries()],
  // Order types and SLA targets: the form's types, the clocks of orders opened from now on.
  serviceSettings: [serviceKeys.all],
  stages: [stageKeys.all, opportunityKeys.kanbans(), opportunityKeys.pipeline()],
  // The sea rules move every customer's recycle clock and the to-do board.
  seaRules: [seaKeys.all, customerKeys.all, todoKeys.all],
  // A user's department and roles show in the department tree and the role list.
  users: [userKeys.all, deptKeys.all, roleKeys.all],
  depts: [deptKeys.all],
  roles: [roleKeys.all],
  settings: [settingsKeys.all],
  // The update policy: the settings form, and the last check (the feed may have changed).
  updates: [updateKeys.all],
  // An activity's figures count leads and customers; its name shows on them.
  marketing: [marketingKeys.all, leadKeys.all, customerKeys.all, oplogKeys.all],
  // Tags put on or taken off customers: their rows, the tag counts and the segments.
  customerTags: [customerKeys.all, marketingKeys.tags(), marketingKeys.segments(), oplogKeys.all],
  // A sales target or the completion basis moves the target grid, the reports and the dashboard.
  targets: [reportKeys.all],
} satisfies Record<string, readonly QueryKey[]>;

export type Area = keyof typeof EFFECTS;

/** The distinct keys `areas` make stale. */
export function staleKeys(...areas: Area[]): QueryKey[] {
  const seen = new Map<string, QueryKey>();
  for (const a of areas) for (const k of EFFECTS[a]) seen.set(JSON.stringify(k), k);
  return [...seen.values()];
}

export function invalidate(qc: QueryClient, ...areas: Area[]) {
  return Promise.all(staleKeys(...areas).map((queryKey) => qc.invalidateQueries({ queryKey })));
}
