import { App } from "antd";
import type { MenuProps } from "antd";
import { useState, type ReactNode } from "react";
import { api, type CustomerRow } from "../../api";
import { hasPermission } from "../../app/permissions";
import { useSession } from "../../app/session";
import OwnerModal from "../../components/OwnerModal";
import ReasonModal from "../../components/ReasonModal";
import { useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { FollowUpModal } from "../followUps/FollowUpTimeline";

type Row = Pick<CustomerRow, "id" | "customerName" | "ownerId" | "ownerName" | "inSea">;

/** What the user may do with a customer, mirroring the backend's checks (which still decide). */
export function customerAbilities(perms: readonly string[], c: Row) {
  const can = (p: string) => hasPermission(perms, p);
  return {
    claim: c.inSea && can("customer:claim"),
    seaAssign: c.inSea && can("customer:transfer"),
    followUp: !c.inSea && can("follow_up:create"),
    edit: !c.inSea && can("customer:update"),
    transfer: !c.inSea && can("customer:transfer"),
    release: !c.inSea && can("customer:update"),
    remove: !c.inSea && can("customer:delete"),
  };
}

/**
 * Actions on a customer with their dialogs: claim / assign from the sea, transfer,
 * put into the sea, write a follow-up, delete. Shared by lists, the detail and the to-do board.
 */
export function useCustomerActions({ onDeleted }: { onDeleted?: (id: number) => void } = {}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { user } = useSession();
  const perms = user.permissions;
  const { act } = useApiAction({ invalidates: ["customers"] });
  const [assigning, setAssigning] = useState<{ c: Row; fromSea: boolean } | null>(null);
  const [releasing, setReleasing] = useState<Row | null>(null);
  const [following, setFollowing] = useState<Row | null>(null);

  const claim = (c: Row) => act("claim", () => api.sea.claim(c.id), t("sea.claimed", { name: c.customerName }));

  const remove = (c: Row) =>
    modal.confirm({
      title: t("customer.deleteTitle", { name: c.customerName }),
      content: t("customer.deleteConfirm"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () =>
        act(
          "delete",
          () => api.customers.remove(c.id),
          t("common.deleted"),
          () => onDeleted?.(c.id),
        ),
    });

  const menu = (c: Row): NonNullable<MenuProps["items"]> => {
    const a = customerAbilities(perms, c);
    const items: NonNullable<MenuProps["items"]> = [];
    if (a.transfer)
      items.push({
        key: "transfer",
        label: <span id="customer-transfer">{t("customer.transfer")}</span>,
        onClick: () => setAssigning({ c, fromSea: false }),
      });
    if (a.release)
      items.push({ key: "release", label: <span id="customer-release">{t("customer.release")}</span>, onClick: () => setReleasing(c) });
    if (a.remove) {
      if (items.length) items.push({ type: "divider" });
      items.push({ key: "delete", danger: true, label: <span id="customer-delete">{t("common.delete")}</span>, onClick: () => remove(c) });
    }
    return items;
  };

  const element: ReactNode = (
    <>
      <OwnerModal
        open={assigning !== null}
        title={
          assigning?.fromSea
            ? t("sea.assignTitle", { name: assigning.c.customerName })
            : t("customer.transferTitle", { name: assigning?.c.customerName ?? "" })
        }
        hint={
          assigning && !assigning.fromSea && assigning.c.ownerName ? t("lead.currentOwner", { name: assigning.c.ownerName }) : undefined
        }
        currentOwnerId={assigning && !assigning.fromSea ? assigning.c.ownerId : null}
        onClose={() => setAssigning(null)}
        invalidates={["customers"]}
        onSubmit={async (ownerId) => {
          if (!assigning) return;
          if (assigning.fromSea) await api.sea.assign(assigning.c.id, ownerId);
          else await api.customers.transfer(assigning.c.id, ownerId);
        }}
      />
      <ReasonModal
        open={releasing !== null}
        title={t("customer.releaseTitle", { name: releasing?.customerName ?? "" })}
        label={t("customer.releaseReason")}
        hint={t("customer.releaseHint")}
        okText={t("customer.release")}
        danger
        onClose={() => setReleasing(null)}
        invalidates={["customers"]}
        onSubmit={(reason) => api.sea.release(releasing!.id, reason)}
      />
      <FollowUpModal
        open={following !== null}
        target={following ? { relationType: "customer", relationId: following.id, relationName: following.customerName } : null}
        onClose={() => setFollowing(null)}
      />
    </>
  );

  return {
    claim,
    remove,
    menu,
    transfer: (c: Row) => setAssigning({ c, fromSea: false }),
    seaAssign: (c: Row) => setAssigning({ c, fromSea: true }),
    release: setReleasing,
    followUp: setFollowing,
    element,
  };
}

export type CustomerActions = ReturnType<typeof useCustomerActions>;
