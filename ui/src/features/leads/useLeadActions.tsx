import { useQuery } from "@tanstack/react-query";
import { App, Form, Select } from "antd";
import type { MenuProps } from "antd";
import { useState, type ReactNode } from "react";
import { poolKeys, api, type LeadRow, type LeadStatus } from "../../api";
import { FollowUpModal } from "../followUps/FollowUpTimeline";
import OwnerModal from "../../components/OwnerModal";
import ReasonModal from "../../components/ReasonModal";
import { useSession } from "../../app/session";
import { useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import ConvertModal from "./ConvertModal";
import { leadAbilities } from "./labels";

/**
 * Every action on a lead (claim, assign, return, status, convert, follow-up, delete)
 * with its dialogs, shared by the list rows and the detail drawer.
 */
export function useLeadActions({ onEdit, onDeleted }: { onEdit: (l: LeadRow) => void; onDeleted?: (id: number) => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { user } = useSession();
  const perms = user.permissions;
  const { act } = useApiAction({ invalidates: ["leads"] });
  const [assigning, setAssigning] = useState<LeadRow | null>(null);
  const [releasing, setReleasing] = useState<LeadRow | null>(null);
  const [converting, setConverting] = useState<LeadRow | null>(null);
  const [following, setFollowing] = useState<LeadRow | null>(null);
  const pools = useQuery({ queryKey: poolKeys.list(), queryFn: api.pools.list, enabled: releasing !== null });

  const claim = (l: LeadRow) => act("claim", () => api.leads.claim(l.id), t("lead.claimed", { name: l.leadName }));

  const setStatus = (l: LeadRow, status: LeadStatus) => {
    if (status === "invalid") {
      modal.confirm({
        title: t("lead.invalidConfirm", { name: l.leadName }),
        content: t("lead.invalidConfirmBody"),
        okText: t("lead.markInvalid"),
        okButtonProps: { danger: true, id: "confirm-invalid" },
        onOk: () => act("status", () => api.leads.setStatus(l.id, status), t("lead.statusChanged")),
      });
    } else {
      act("status", () => api.leads.setStatus(l.id, status), t("lead.statusChanged"));
    }
  };

  const remove = (l: LeadRow) =>
    modal.confirm({
      title: t("lead.deleteConfirm", { name: l.leadName }),
      content: t("common.irreversible"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () =>
        act(
          "delete",
          () => api.leads.remove(l.id),
          t("common.deleted"),
          () => onDeleted?.(l.id),
        ),
    });

  /** The "more" menu of a lead: what is not a primary button. */
  const menu = (l: LeadRow): MenuProps["items"] => {
    const a = leadAbilities(perms, l);
    const items: NonNullable<MenuProps["items"]> = [];
    if (a.invalidate)
      items.push({ key: "invalid", label: <span id="lead-invalid">{t("lead.markInvalid")}</span>, onClick: () => setStatus(l, "invalid") });
    if (a.restore)
      items.push({ key: "restore", label: <span id="lead-restore">{t("lead.restore")}</span>, onClick: () => setStatus(l, "following") });
    if (a.release)
      items.push({ key: "release", label: <span id="lead-release">{t("lead.release")}</span>, onClick: () => setReleasing(l) });
    if (a.assign)
      items.push({
        key: "assign",
        label: <span id="lead-assign">{l.ownerId ? t("lead.reassign") : t("lead.assign")}</span>,
        onClick: () => setAssigning(l),
      });
    if (a.remove) {
      if (items.length) items.push({ type: "divider" });
      items.push({ key: "delete", danger: true, label: <span id="lead-delete">{t("common.delete")}</span>, onClick: () => remove(l) });
    }
    return items;
  };

  const element: ReactNode = (
    <>
      <OwnerModal
        open={assigning !== null}
        title={t("lead.assignTitle", { name: assigning?.leadName ?? "" })}
        hint={
          assigning?.ownerName
            ? t("lead.currentOwner", { name: assigning.ownerName })
            : t("lead.inPool", { name: assigning?.poolName ?? "" })
        }
        currentOwnerId={assigning?.ownerId}
        onClose={() => setAssigning(null)}
        invalidates={["leads"]}
        onSubmit={(ownerId) => api.leads.assign(assigning!.id, ownerId)}
      />
      <ReasonModal
        open={releasing !== null}
        title={t("lead.releaseTitle", { name: releasing?.leadName ?? "" })}
        label={t("lead.releaseReason")}
        hint={t("lead.releaseHint")}
        okText={t("lead.release")}
        extraFields={["poolId"]}
        initial={{ poolId: releasing?.poolId }}
        onClose={() => setReleasing(null)}
        invalidates={["leads"]}
        onSubmit={(reason, v) => api.leads.release(releasing!.id, reason, (v.poolId as number | undefined) ?? null)}
      >
        <Form.Item name="poolId" label={t("lead.targetPool")}>
          <Select options={(pools.data ?? []).map((p) => ({ value: p.id, label: p.poolName }))} loading={pools.isLoading} />
        </Form.Item>
      </ReasonModal>
      <ConvertModal lead={converting} onClose={() => setConverting(null)} />
      <FollowUpModal
        open={following !== null}
        target={following ? { relationType: "lead", relationId: following.id, relationName: following.leadName } : null}
        onClose={() => setFollowing(null)}
      />
    </>
  );

  return {
    claim,
    setStatus,
    remove,
    menu,
    assign: setAssigning,
    release: setReleasing,
    convert: setConverting,
    followUp: setFollowing,
    edit: onEdit,
    element,
  };
}

export type LeadActions = ReturnType<typeof useLeadActions>;
