import { Tag } from "antd";
import type { IntentLevel, LeadRow, LeadStatus } from "../../api";
import { useI18n } from "../../i18n";
import { can } from "../../nav";

export const LEAD_STATUSES: LeadStatus[] = ["new", "following", "converted", "invalid"];
export const INTENT_LEVELS: IntentLevel[] = ["high", "medium", "low"];
const STATUS_COLOR: Record<LeadStatus, string> = { new: "blue", following: "gold", converted: "green", invalid: "default" };
const INTENT_COLOR: Record<IntentLevel, string> = { high: "red", medium: "orange", low: "default" };

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`lead.status.${status}`)}</Tag>;
}

export function IntentTag({ level }: { level: IntentLevel | null }) {
  const { t } = useI18n();
  if (!level) return <span>-</span>;
  return <Tag color={INTENT_COLOR[level]}>{t(`lead.intent.${level}`)}</Tag>;
}

/** What the user may do with a lead, mirroring the backend's checks (which still decide). */
export function leadAbilities(perms: readonly string[], l: LeadRow) {
  const owned = l.ownerId !== null;
  const open = l.status === "new" || l.status === "following";
  const live = l.status !== "converted";
  return {
    owned,
    convert: owned && open && can(perms, "lead:update") && can(perms, "customer:create"),
    invalidate: owned && open && can(perms, "lead:update"),
    restore: owned && l.status === "invalid" && can(perms, "lead:update"),
    release: owned && live && can(perms, "lead:update"),
    assign: live && can(perms, "lead:assign"),
    claim: !owned && live && can(perms, "lead:claim"),
    edit: live && can(perms, "lead:update") && (owned || can(perms, "lead:assign")),
    remove: live && can(perms, "lead:delete") && (owned || can(perms, "lead:assign")),
    followUp: owned && live,
  };
}
