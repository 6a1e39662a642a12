// The to-do counts in words, apart from the board: the sidebar's badge needs them before
// (and without) loading the to-do page.
import type { TodoCounts } from "../../api";
import type { T } from "../../i18n";

/**
 * The non-zero to-do counts as "label n" parts (the sidebar badge's breakdown), in board
 * order; a zero count is left out.
 */
export function countParts(t: T, c: TodoCounts): string[] {
  const parts: [string, number][] = [
    [t("todo.followUps"), Number(c.followUps)],
    [t("todo.visits"), Number(c.visits)],
    [t("todo.returnVisits"), Number(c.returnVisits)],
    [t("todo.expiring"), Number(c.expiring)],
    [t("todo.plans"), Number(c.plansOverdue ?? 0) + Number(c.plansDue ?? 0)],
    [t("todo.receiptsToConfirm"), Number(c.receiptsToConfirm ?? 0)],
    [t("todo.invoiceRequests"), Number(c.invoiceRequests ?? 0)],
    [t("wo.todo.section"), Number(c.service?.total ?? 0)],
  ];
  return parts.filter(([, n]) => n > 0).map(([label, n]) => t("todo.breakdown", { label, n }));
}
