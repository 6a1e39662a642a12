import { useQueryClient } from "@tanstack/react-query";
import { App } from "antd";
import { useState, type ReactNode } from "react";
import { api, invalidate, type OpportunityRow } from "../../api";
import { useSession } from "../../app/session";
import ReasonModal from "../../components/ReasonModal";
import { useApiAction, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

/** Won / lost / move / delete, with their dialogs. */
export function useOppActions({ onDeleted }: { onDeleted?: (id: number) => void } = {}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { can } = useSession();
  const qc = useQueryClient();
  const [losing, setLosing] = useState<OpportunityRow | null>(null);
  const { act } = useApiAction({ invalidates: ["opportunities"] });
  const moveTo = useApiMutation(({ id, stage }: { id: number; stage: string }) => api.opportunities.move(id, stage), {
    invalidates: ["opportunities"],
    success: (_, v) => t("opp.moved", { stage: v.stage }),
    // A refused move (e.g. a closed opportunity) reloads the board so the card shows where it is.
    onError: () => void invalidate(qc, "opportunities"),
  });

  const move = async (o: Pick<OpportunityRow, "id" | "stage">, stage: string) => {
    if (o.stage === stage) return;
    await moveTo.run({ id: o.id, stage });
  };
  const won = (o: OpportunityRow) =>
    modal.confirm({
      title: t("opp.wonTitle", { name: o.opportunityName }),
      content: t("opp.wonBody"),
      okText: t("opp.won"),
      okButtonProps: { id: "confirm-won" },
      onOk: () =>
        act(
          "won",
          () => api.opportunities.close(o.id, "won", null),
          t("opp.wonDone"),
          () => void invalidate(qc, "customers"),
        ),
    });
  const remove = (o: OpportunityRow) =>
    modal.confirm({
      title: t("opp.deleteTitle", { name: o.opportunityName }),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () =>
        act(
          "delete",
          () => api.opportunities.remove(o.id),
          t("common.deleted"),
          () => onDeleted?.(o.id),
        ),
    });

  const element: ReactNode = (
    <ReasonModal
      open={losing !== null}
      title={t("opp.lostTitle", { name: losing?.opportunityName ?? "" })}
      label={t("opp.loseReason")}
      okText={t("opp.lost")}
      danger
      onClose={() => setLosing(null)}
      invalidates={["opportunities"]}
      onSubmit={(reason) => api.opportunities.close(losing!.id, "lost", reason)}
    />
  );
  return { move, won, lost: setLosing, remove, element, canUpdate: can("opportunity:update") };
}

export type OppActions = ReturnType<typeof useOppActions>;
