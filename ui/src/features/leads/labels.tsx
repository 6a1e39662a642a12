import type { IntentLevel, LeadRow, LeadStatus } from "../../api";
import { hasPermission } from "../../app/permissions";
import EnumTag from "../../components/EnumTag";
import { INTENT_LEVEL, LEAD_STATUS } from "../../domain/enums";

export function LeadStatusTag({ status }: { status: LeadStatus }) {
  return <EnumTag table={LEAD_STATUS} value={status} />;
}

export function IntentTag({ level }: { level: IntentLevel | null }) {
  return <EnumTag table={INTENT_LEVEL} value={level} />;
}

/** What the user may do with a lead, mirroring the backend's checks (which still decide). */
export function leadAbilities(perms: readonly string[], l: LeadRow) {
  const can = (p: string) => hasPermission(perms, p);
  const owned = l.ownerId !== null;
  const open = l.status === "new" || l.status === "following";
  const live = l.status !== "converted";
  return {
    owned,
    convert: owned && open && can("lead:update") && can("customer:create"),
    invalidate: owned && open && can("lead:update"),
    restore: owned && l.status === "invalid" && can("lead:update"),
    release: owned && live && can("lead:update"),
    assign: live && can("lead:assign"),
    claim: !owned && live && can("lead:claim"),
    edit: live && can("lead:update") && (owned || can("lead:assign")),
    remove: live && can("lead:delete") && (owned || can("lead:assign")),
    followUp: owned && live,
  };
}
