// Where a report row leads: a rep's row in the performance report and the rankings opens
// the contracts that rep signed in the period; a stage of the funnel opens its
// opportunities. Pure, so the table, the chart and the tests agree.
import type { ReportKind } from "../../api/types/ReportKind";

export type RowLink = { path: string; permission: string };

export function rowLink(kind: ReportKind, tableKey: string, rowKey: string | null | undefined, from: string, to: string): RowLink | null {
  if (!rowKey) return null;
  if ((kind === "performance" && tableKey === "reps") || kind === "rankings") {
    const q = new URLSearchParams({ status: "signed", signFrom: from, signTo: to, createdBy: rowKey });
    return { path: `/contracts?${q.toString()}`, permission: "contract:read" };
  }
  if (kind === "funnel" && tableKey === "stages") {
    return { path: `/opportunities?${new URLSearchParams({ stage: rowKey }).toString()}`, permission: "opportunity:read" };
  }
  return null;
}
