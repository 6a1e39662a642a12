// How work orders read: their priority and status tags, satisfaction labels, and each
// timeline event as a sentence ("陈客服 接单并开始处理").
import type { WorkOrderEventRow, WorkOrderPriority, WorkOrderStatus } from "../../api";
import EnumTag from "../../components/EnumTag";
import { WORK_ORDER_PRIORITY, WORK_ORDER_STATUS } from "../../domain/enums";
import type { MessageKey, T } from "../../i18n";

export function PriorityTag({ value, testid }: { value: WorkOrderPriority; testid?: string }) {
  return <EnumTag table={WORK_ORDER_PRIORITY} value={value} testid={testid} />;
}

export function StatusTag({ value, testid }: { value: WorkOrderStatus; testid?: string }) {
  return <EnumTag table={WORK_ORDER_STATUS} value={value} testid={testid} />;
}

const SCORE_LABELS: MessageKey[] = ["wo.score.1", "wo.score.2", "wo.score.3", "wo.score.4", "wo.score.5"];

/** 1 很不满意 … 5 很满意. */
export const scoreLabel = (t: T, score: number) => t(SCORE_LABELS[Math.min(Math.max(Math.round(score), 1), 5) - 1]);

/** The five labels in score order (the rating control's tooltips). */
export const scoreLabels = (t: T) => SCORE_LABELS.map((k) => t(k));

/** The backend writes a priority change as "普通 → 紧急" (its Chinese labels). */
const PRIORITY_BY_ZH: Record<string, WorkOrderPriority> = { 紧急: "urgent", 普通: "normal", 低: "low" };

function priorityChange(t: T, content: string | null): { from: string; to: string } | null {
  const parts = (content ?? "").split("→").map((s) => s.trim());
  if (parts.length !== 2) return null;
  const [from, to] = parts.map((p) => (PRIORITY_BY_ZH[p] ? WORK_ORDER_PRIORITY.label(t, PRIORITY_BY_ZH[p]) : p));
  return { from, to };
}

/** A rating event's content: "5" or "5|comment". */
export function parseRating(content: string | null): { score: number; comment: string | null } | null {
  if (!content) return null;
  const bar = content.indexOf("|");
  const score = Number(bar < 0 ? content : content.slice(0, bar));
  if (!Number.isFinite(score) || score < 1 || score > 5) return null;
  const comment = bar < 0 ? null : content.slice(bar + 1).trim() || null;
  return { score, comment };
}

export type EventView = {
  /** The sentence, actor first. */
  text: string;
  /** Text quoted under it (a note, a solution, a reason, a comment), if any. */
  quote: string | null;
  /** What the quote is (解决方案 / 关闭原因 …), if it needs saying. */
  quoteLabel: string | null;
  /** The timeline dot's colour. */
  color: string;
};

/** One timeline event as a readable sentence with the text it carries. */
export function describeEvent(t: T, e: WorkOrderEventRow): EventView {
  const actor = e.actorName ?? (e.actorId ? `#${e.actorId}` : t("history.system"));
  const assignee = e.assigneeName ?? (e.assigneeId ? `#${e.assigneeId}` : "-");
  const status = (s: WorkOrderStatus | null) => (s ? WORK_ORDER_STATUS.label(t, s) : "-");
  const content = e.content?.trim() || null;
  const view = (text: string, color: string, quote: string | null = null, quoteLabel: string | null = null): EventView => ({
    text,
    quote,
    quoteLabel,
    color,
  });
  switch (e.kind) {
    case "create":
      return view(t("wo.ev.create", { actor }), "blue");
    case "note":
      return view(t("wo.ev.note", { actor }), "gray", content);
    case "take":
      return view(t("wo.ev.take", { actor }), "blue");
    case "assign":
      return view(t("wo.ev.assign", { actor, assignee }), "blue", content);
    case "transfer":
      return content
        ? view(t("wo.ev.transferWhy", { actor, assignee, reason: content }), "orange")
        : view(t("wo.ev.transfer", { actor, assignee }), "orange");
    case "priority": {
      const c = priorityChange(t, content);
      return c
        ? view(t("wo.ev.priority", { actor, from: c.from, to: c.to }), "orange")
        : view(t("wo.ev.priorityChanged", { actor }), "orange");
    }
    case "reopen":
      return view(t("wo.ev.reopen", { actor }), "red", content, t("wo.reopenReason"));
    case "rate": {
      const r = parseRating(content);
      return r
        ? view(t("wo.ev.rate", { actor, score: r.score, label: scoreLabel(t, r.score) }), "gold", r.comment)
        : view(t("wo.ev.rateBare", { actor }), "gold");
    }
    case "edit":
      return view(t("wo.ev.edit", { actor }), "gray");
    case "attach":
      return view(t("wo.ev.attach", { actor, name: content ?? "" }), "gray");
    case "status": {
      const text = t("wo.ev.status", { actor, from: status(e.fromStatus), to: status(e.toStatus) });
      if (e.toStatus === "resolved") return view(text, "green", content, t("wo.solution"));
      if (e.toStatus === "closed") return view(text, "gray", content, t("wo.closeReason"));
      return view(text, "blue", content);
    }
    default:
      return view(t("wo.ev.other", { actor, kind: e.kind }), "gray", content);
  }
}
