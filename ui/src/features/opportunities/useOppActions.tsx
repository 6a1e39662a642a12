import { App } from "antd";
import { useState, type ReactNode } from "react";
import { api, type OpportunityRow } from "../../api";
import ReasonModal from "../../components/ReasonModal";
import { errorText } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

/** Won / lost / move / delete, with their dialogs. */
export function useOppActions(perms: readonly string[], { onDeleted }: { onDeleted?: (id: number) => void } = {}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const refresh = useRefresh();
  const [losing, setLosing] = useState<OpportunityRow | null>(null);

  const move = async (o: Pick<OpportunityRow, "id" | "stage">, stage: string) => {
    if (o.stage === stage) return;
    try {
      await api.opportunities.move(o.id, stage);
      message.success(t("opp.moved", { stage }));
    } catch (e) {
      message.error(errorText(e));
    } finally {
      refresh("opportunities");
    }
  };
  const won = (o: OpportunityRow) =>
    modal.confirm({
      title: t("opp.wonTitle", { name: o.opportunityName }),
      content: t("opp.wonBody"),
      okText: t("opp.won"),
      okButtonProps: { id: "confirm-won" },
      onOk: async () => {
        try {
          await api.opportunities.close(o.id, "won", null);
          message.success(t("opp.wonDone"));
          refresh("opportunities", "customers");
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });
  const remove = (o: OpportunityRow) =>
    modal.confirm({
      title: t("opp.deleteTitle", { name: o.opportunityName }),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: async () => {
        try {
          await api.opportunities.remove(o.id);
          message.success(t("common.deleted"));
          onDeleted?.(o.id);
          refresh("opportunities");
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  const element: ReactNode = (
    <ReasonModal
      open={losing !== null}
      title={t("opp.lostTitle", { name: losing?.opportunityName ?? "" })}
      label={t("opp.loseReason")}
      okText={t("opp.lost")}
      danger
      onClose={() => setLosing(null)}
      onSubmit={async (reason) => {
        await api.opportunities.close(losing!.id, "lost", reason);
        refresh("opportunities");
      }}
    />
  );
  return { move, won, lost: setLosing, remove, element, canUpdate: can(perms, "opportunity:update") };
}

export type OppActions = ReturnType<typeof useOppActions>;
