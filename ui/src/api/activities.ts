// A customer's conversations (sessions), visit plans and after-sale return visits.
import { call } from "./client";
import type { ReturnVisitInput } from "./types/ReturnVisitInput";
import type { ReturnVisitResult } from "./types/ReturnVisitResult";
import type { ReturnVisitRow } from "./types/ReturnVisitRow";
import type { SessionInput } from "./types/SessionInput";
import type { SessionRow } from "./types/SessionRow";
import type { VisitInput } from "./types/VisitInput";
import type { VisitPlanStatus } from "./types/VisitPlanStatus";
import type { VisitRow } from "./types/VisitRow";

export const activityKeys = {
  all: ["activities"] as const,
  sessions: (customerId: number) => [...activityKeys.all, "sessions", customerId] as const,
  visits: (customerId: number) => [...activityKeys.all, "visits", customerId] as const,
  returnVisits: (customerId: number) => [...activityKeys.all, "returnVisits", customerId] as const,
};

export const sessions = {
  list: (customerId: number) => call<SessionRow[]>("session_list", { customerId }),
  create: (customerId: number, input: SessionInput) => call<number>("session_create", { customerId, input }),
  update: (id: number, input: SessionInput) => call<void>("session_update", { id, input }),
  remove: (id: number) => call<void>("session_delete", { id }),
};

export const visits = {
  list: (customerId: number) => call<VisitRow[]>("visit_list", { customerId }),
  create: (customerId: number, input: VisitInput) => call<number>("visit_create", { customerId, input }),
  update: (id: number, input: VisitInput) => call<void>("visit_update", { id, input }),
  /** planned → done (summary) or cancelled (the reason, kept as the summary). */
  finish: (id: number, status: Exclude<VisitPlanStatus, "planned">, summary: string) => call<void>("visit_finish", { id, status, summary }),
  remove: (id: number) => call<void>("visit_delete", { id }),
};

export const returnVisits = {
  list: (customerId: number) => call<ReturnVisitRow[]>("return_visit_list", { customerId }),
  create: (customerId: number, input: ReturnVisitInput) => call<number>("return_visit_create", { customerId, input }),
  /** Edit a pending return visit (channel, planned time, contract, content). */
  update: (id: number, input: ReturnVisitInput) => call<void>("return_visit_update", { id, input }),
  complete: (id: number, input: ReturnVisitResult) => call<void>("return_visit_complete", { id, input }),
  cancel: (id: number, reason: string) => call<void>("return_visit_cancel", { id, reason }),
  remove: (id: number) => call<void>("return_visit_delete", { id }),
};
