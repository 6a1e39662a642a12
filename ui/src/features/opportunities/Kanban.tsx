import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Dropdown, Empty, Space, Spin, Typography } from "antd";
import { SwapOutlined } from "@ant-design/icons";
import { useState } from "react";
import { opportunityKeys, api, type KanbanColumn, type OpportunityFilter, type OpportunityRow } from "../../api";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import type { OppActions } from "./useOppActions";

function OppCard({
  o,
  stages,
  canMove,
  actions,
  onOpen,
}: {
  o: OpportunityRow;
  stages: string[];
  canMove: boolean;
  actions: OppActions;
  onOpen: (o: OpportunityRow) => void;
}) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      data-testid={`opp-card-${o.id}`}
      draggable={canMove}
      onDragStart={(e) => {
        e.dataTransfer.setData("text/plain", JSON.stringify({ id: o.id, stage: o.stage }));
        e.dataTransfer.effectAllowed = "move";
      }}
      style={{ marginBottom: 8, cursor: canMove ? "grab" : "pointer" }}
      onClick={() => onOpen(o)}
      styles={{ body: { padding: 10 } }}
    >
      <div style={{ display: "flex", justifyContent: "space-between", gap: 4 }}>
        <Typography.Text strong ellipsis style={{ flex: 1 }}>
          {o.opportunityName}
        </Typography.Text>
        {canMove && (
          <Dropdown
            trigger={["click"]}
            menu={{
              items: stages
                .filter((s) => s !== o.stage)
                .map((s) => ({
                  key: s,
                  label: <span data-testid={`opp-move-${o.id}-${s}`}>{s}</span>,
                  onClick: (info) => {
                    info.domEvent.stopPropagation();
                    actions.move(o, s);
                  },
                })),
            }}
          >
            <Button
              size="small"
              type="text"
              icon={<SwapOutlined />}
              aria-label={t("opp.moveTo")}
              title={t("opp.moveTo")}
              data-testid={`opp-move-${o.id}`}
              onClick={(e) => e.stopPropagation()}
            />
          </Dropdown>
        )}
      </div>
      <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12 }}>
        {o.customerName ?? "-"}
      </Typography.Text>
      <div style={{ display: "flex", justifyContent: "space-between", fontSize: 12, marginTop: 4 }}>
        <span>{formatMoney(o.estimatedAmount)}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {o.winProbability ?? "-"}% · {o.ownerName ?? ""}
        </Typography.Text>
      </div>
      {o.expectedCloseTime && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("opp.expectedClose")}: {o.expectedCloseTime}
        </Typography.Text>
      )}
    </Card>
  );
}

function Column({
  c,
  stages,
  canMove,
  actions,
  onOpen,
}: {
  c: KanbanColumn;
  stages: string[];
  canMove: boolean;
  actions: OppActions;
  onOpen: (o: OpportunityRow) => void;
}) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  return (
    <div
      data-testid={`kanban-col-${c.stage}`}
      onDragOver={(e) => {
        if (!canMove) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        try {
          const d = JSON.parse(e.dataTransfer.getData("text/plain")) as { id: number; stage: string };
          if (d?.id) actions.move(d, c.stage);
        } catch {
          /* not a card */
        }
      }}
      style={{
        width: 260,
        flex: "0 0 260px",
        background: over ? "#e6f4ff" : "#f5f5f5",
        borderRadius: 8,
        padding: 8,
        display: "flex",
        flexDirection: "column",
        maxHeight: "calc(100vh - 220px)",
      }}
    >
      <div style={{ padding: "4px 4px 8px" }}>
        <Space style={{ justifyContent: "space-between", width: "100%" }}>
          <Typography.Text strong>{c.stage}</Typography.Text>
          <Typography.Text type="secondary">
            {c.probability}% · {t("opp.count", { n: c.count })}
          </Typography.Text>
        </Space>
        <div style={{ fontSize: 12 }} data-testid={`kanban-sum-${c.stage}`}>
          {t("opp.amount")}: {formatMoney(c.amount)}
          <br />
          {t("opp.weighted")}: {formatMoney(c.weightedAmount)}
        </div>
      </div>
      <div style={{ overflowY: "auto", flex: 1 }}>
        {c.cards.map((o) => (
          <OppCard key={o.id} o={o} stages={stages} canMove={canMove} actions={actions} onOpen={onOpen} />
        ))}
        {c.cards.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("opp.columnEmpty")} />}
        {c.count > c.cards.length && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("opp.moreInList", { n: c.count - c.cards.length })}
          </Typography.Text>
        )}
      </div>
    </div>
  );
}

/** In-progress opportunities by stage; drag a card (or use its "move to" menu) to change its stage. */
export default function Kanban({
  filter,
  canMove,
  actions,
  onOpen,
}: {
  filter: OpportunityFilter;
  canMove: boolean;
  actions: OppActions;
  onOpen: (o: OpportunityRow) => void;
}) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: opportunityKeys.kanban(filter), queryFn: () => api.opportunities.kanban(filter) });
  const cols = q.data ?? [];
  const stages = cols.map((c) => c.stage);
  if (q.error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
      />
    );
  return (
    <Spin spinning={q.isFetching}>
      <div style={{ display: "flex", gap: 12, overflowX: "auto", paddingBottom: 8 }} data-testid="opp-kanban">
        {cols.map((c) => (
          <Column key={c.stage} c={c} stages={stages} canMove={canMove} actions={actions} onOpen={onOpen} />
        ))}
        {!q.isLoading && cols.length === 0 && <Empty description={t("opp.noStages")} />}
      </div>
    </Spin>
  );
}
