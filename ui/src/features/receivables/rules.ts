// What the receivables forms show before anything is sent, computed exactly on the
// decimal strings (money.ts): what is left to plan, to collect and to invoice. The
// backend checks the same sums under a lock and has the last word.
import type { ContractMoney, ContractStatus, InvoiceRequestRow, PlanRow, ReceiptRow } from "../../api";
import { atLeastZero, compareDec, subtractAmounts } from "../../money";

/** The contract total less every plan (but the one being edited), to the cent; negative when over-planned. */
export function plannable(total: string, plans: readonly PlanRow[], exceptId?: number | null): string {
  return subtractAmounts(
    total,
    plans.filter((p) => p.id !== exceptId).map((p) => p.planAmount),
  );
}

/**
 * The contract total less every receipt recorded (awaiting confirmation or confirmed,
 * corrections included), as the backend counts before taking a new one.
 */
export function collectable(total: string, receipts: readonly ReceiptRow[]): string {
  return subtractAmounts(
    total,
    receipts.map((r) => r.paymentAmount),
  );
}

/** What a plan still waits for: its amount less the receipts recorded on it (never below 0). */
export function planOpen(plan: PlanRow, receipts: readonly ReceiptRow[]): string {
  return atLeastZero(
    subtractAmounts(
      plan.planAmount,
      receipts.filter((r) => r.planId === plan.id).map((r) => r.paymentAmount),
    ),
  );
}

/** The earliest plan (by date) that still waits for money, or null. */
export function nextOpenPlan(plans: readonly PlanRow[], receipts: readonly ReceiptRow[]): PlanRow | null {
  const sorted = [...plans].sort((a, b) => a.planDate.localeCompare(b.planDate) || a.id - b.id);
  return sorted.find((p) => compareDec(planOpen(p, receipts), "0") > 0) ?? null;
}

/** The contract total less the invoices that count (voided ones do not). */
export function invoiceable(money: ContractMoney): string {
  return atLeastZero(money.uninvoiced);
}

/** What a new request may still ask for: not invoiced and not already requested. */
export function requestable(money: ContractMoney, requests: readonly InvoiceRequestRow[]): string {
  return atLeastZero(
    subtractAmounts(
      money.uninvoiced,
      requests.filter((r) => r.status === "pending").map((r) => r.amount),
    ),
  );
}

/** Receipts and invoices need an approved or signed contract. */
export const collecting = (status: ContractStatus) => status === "approved" || status === "signed";

/** Where a contract's "回款与发票" tab opens (the contract list opens the detail from `?id=`). */
export const receivablesPath = (contractId: number) => `/contracts?id=${contractId}&tab=receivables`;
