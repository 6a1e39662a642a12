// Where a click on the dashboard leads: the matching list, filtered through its URL (the
// lists read these parameters when they open, see components/drill.ts). When the figures
// are about one user (`singleOwner`), the list is narrowed to that user as well.
import type { ContractStatus, CustomerLevel, CustomerStatus, OpportunityStatus } from "../../api";
import type { CardKey } from "./layout";

/** The period and the one user the dashboard shows. */
export type DrillContext = { from: string; to: string; singleOwner: number | null };

type Params = Record<string, string | number | boolean | null | undefined>;

/** A path with its non-empty parameters, in the given order. */
export function withQuery(path: string, params: Params): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params))
    if (v !== null && v !== undefined && v !== "" && v !== false) q.set(k, v === true ? "1" : String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const SIGNED: ContractStatus = "signed";
const IN_PROGRESS: OpportunityStatus = "in_progress";

export const links = {
  /** Leads created in the period (of one source: a slice of the lead sources; null: every source). */
  leads: (c: DrillContext, source?: string | null) =>
    withQuery("/leads", { source, createdFrom: c.from, createdTo: c.to, ownerId: c.singleOwner }),
  customers: (c: DrillContext) => withQuery("/customers", { createdFrom: c.from, createdTo: c.to, ownerId: c.singleOwner }),
  /** A segment of the customer mix (a null level: every level). */
  customerMix: (c: DrillContext, level: CustomerLevel | null, status: CustomerStatus | null) =>
    withQuery("/customers", { level, status, ownerId: c.singleOwner }),
  opportunities: (c: DrillContext) => withQuery("/opportunities", { createdFrom: c.from, createdTo: c.to, ownerId: c.singleOwner }),
  /** One stage of the open pipeline. */
  funnelStage: (c: DrillContext, stage: string) => withQuery("/opportunities", { stage, status: IN_PROGRESS, ownerId: c.singleOwner }),
  /** Contracts signed in the period (by one rep: a bar of the top reps). */
  contracts: (c: DrillContext, rep?: number | null) =>
    withQuery("/contracts", { status: SIGNED, signFrom: c.from, signTo: c.to, createdBy: rep ?? c.singleOwner }),
  followUps: (c: DrillContext) => withQuery("/follow-ups", { from: c.from, to: c.to, createdBy: c.singleOwner }),
  /** Receipts are handled on the finance desk (no filter there). */
  receipts: () => "/finance",
  /** Customers the public sea will take soon. */
  expiring: (c: DrillContext) => withQuery("/customers", { expiring: true, ownerId: c.singleOwner }),
  /** Customers without a follow-up for at least `days` days. */
  forgotten: (c: DrillContext, days: number) => withQuery("/customers", { idleDays: days, ownerId: c.singleOwner }),
  todo: () => "/todo",
};

/** The list a figure card opens. */
export function cardLink(key: CardKey, c: DrillContext): string {
  switch (key) {
    case "leads":
      return links.leads(c);
    case "customers":
      return links.customers(c);
    case "opportunities":
      return links.opportunities(c);
    case "contracts":
      return links.contracts(c);
    case "receipts":
      return links.receipts();
    case "followUps":
      return links.followUps(c);
  }
}
