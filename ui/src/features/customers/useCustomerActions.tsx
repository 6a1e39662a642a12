import { App } from "antd";
import type { MenuProps } from "antd";
import { useState, type ReactNode } from "react";
import { api, type CustomerRow } from "../../api";
import { FollowUpModal } from "../followUps/FollowUpTimeline";
import OwnerModal from "../../components/OwnerModal";
import ReasonModal from "../../components/ReasonModal";
import { errorText } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

type Row = Pick<CustomerRow, "id" | "customerName" | "ownerId" | "ownerName" | "inSea">;

/** What the user may do with a customer, mirroring the backend's checks (which still decide). */
export function customerAbilities(perms: readonly string[], c: Row) {
  return {
    claim: c.inSea && can(perms, "customer:claim"),
    seaAssign: c.inSea && can(perms, "customer:transfer"),
    followUp: !c.inSea && can(perms, "follow_up:create"),
    edit: !c.inSea && can(perms, "customer:update"),
    transfer: !c.inSea && can(perms, "customer:transfer"),
    release: !c.inSea && can(perms, "customer:update"),
    remove: !c.inSea && can(perms, "customer:delete"),
  };
}

/**
 * Actions on a customer with their dialogs: claim / assign from the sea, transfer,
 * put into the sea, write a follow-up, delete. Shared by lists, the detail and the to-do board.
 */
export function useCustomerActions(perms: readonly string[], { onDeleted }: { onDeleted?: (id: number) => void } = {}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const refresh = useRefresh();
  const [assigning, setAssigning] = useState<{ c: Row; fromSea: boolean } | null>(null);
  const [releasing, setReleasing] = useState<Row | null>(null);
  const [following, setFollowing] = useState<Row | null>(null);

  const claim = async (c: Row) => {
    try {
      await api.sea.claim(c.id);
      message.success(t("sea.claimed", { name: c.customerName }));
      refresh("customers");
    } catch (e) {
      message.error(errorText(e));
    }
  };

  const remove = (c: Row) =>
    modal.confirm({
      title: t("customer.deleteTitle", { name: c.customerName }),
      content: t("customer.deleteConfirm"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: async () => {
        try {
          await api.customers.remove(c.id);
          message.success(t("common.deleted"));
          onDeleted?.(c.id);
          refresh("customers");
        } catch (e) {
          message.error(errorText(e));
        }
      },
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
        onSubmit={async (ownerId) => {
          if (!assigning) return;
          if (assigning.fromSea) await api.sea.assign(assigning.c.id, ownerId);
          else await api.customers.transfer(assigning.c.id, ownerId);
          refresh("customers");
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
        onSubmit={async (reason) => {
          await api.sea.release(releasing!.id, reason);
          refresh("customers");
        }}
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
