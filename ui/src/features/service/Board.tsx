// The service board: how many orders are open, unassigned, at risk, breached (today too),
// resolved today, waiting for a rating and mine — each card opens the list filtered that
// way — the orders by status and priority, and my queue with its countdowns.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Statistic, Table, Typography } from "antd";
import {
  AlertOutlined,
  CheckCircleOutlined,
  FieldTimeOutlined,
  FireOutlined,
  InboxOutlined,
  SmileOutlined,
  UserOutlined,
  WarningOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";
import {
  api,
  serviceKeys,
  type ServiceBoard,
  type WorkOrderFilter,
  type WorkOrderPriority,
  type WorkOrderRow,
  type WorkOrderStatus,
} from "../../api";
import { WORK_ORDER_PRIORITY, WORK_ORDER_STATUS } from "../../domain/enums";
import { tzOffset } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey } from "../../i18n";
import { PriorityTag, StatusTag } from "./labels";
import { SlaCell } from "./sla";

type CardKey = "open" | "unassigned" | "atRisk" | "breached" | "breachedToday" | "resolvedToday" | "unrated" | "myOpen";

/** Each card: its figure, label, look, and the list filter it opens. */
export const BOARD_CARDS: {
  key: CardKey;
  label: MessageKey;
  icon: ReactNode;
  color: string;
  filter: Partial<WorkOrderFilter>;
  /** A figure that needs attention: shown in the card's colour when not 0. */
  alert?: boolean;
}[] = [
  { key: "open", label: "board.open", icon: <InboxOutlined />, color: "#1677ff", filter: { queue: "open" } },
  { key: "unassigned", label: "board.unassigned", icon: <UserOutlined />, color: "#d48806", filter: { queue: "open", unassigned: true } },
  {
    key: "atRisk",
    label: "board.atRisk",
    icon: <WarningOutlined />,
    color: "#fa8c16",
    filter: { queue: "open", sla: "atRisk" },
    alert: true,
  },
  {
    key: "breached",
    label: "board.breached",
    icon: <FireOutlined />,
    color: "#cf1322",
    filter: { queue: "open", sla: "breached" },
    alert: true,
  },
  // The list cannot filter by the day a deadline passed: it shows every breached order, nearest deadline first.
  {
    key: "breachedToday",
    label: "board.breachedToday",
    icon: <AlertOutlined />,
    color: "#eb2f96",
    filter: { queue: "open", sla: "breached", sort: "due", desc: true },
    alert: true,
  },
  {
    key: "resolvedToday",
    label: "board.resolvedToday",
    icon: <CheckCircleOutlined />,
    color: "#389e0d",
    filter: { queue: "resolved", sort: "created" },
  },
  { key: "unrated", label: "board.unrated", icon: <SmileOutlined />, color: "#722ed1", filter: { queue: "unrated", sort: "created" } },
  { key: "myOpen", label: "board.myOpen", icon: <FieldTimeOutlined />, color: "#13c2c2", filter: { queue: "open", mine: true } },
];

function StatCard({
  title,
  value,
  icon,
  color,
  onClick,
  testid,
  alert,
}: {
  title: string;
  value: number;
  icon: ReactNode;
  color: string;
  onClick: () => void;
  testid: string;
  alert?: boolean;
}) {
  return (
    <Card size="small" hoverable onClick={onClick} data-testid={testid} style={{ height: "100%", cursor: "pointer" }}>
      <div style={{ display: "flex", alignItems: "center", gap: 12 }}>
        <div
          style={{
            fontSize: 20,
            color,
            background: `${color}14`,
            width: 40,
            height: 40,
            flex: "none",
            borderRadius: 10,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
          }}
        >
          {icon}
        </div>
        <Statistic
          title={title}
          value={value}
          styles={{ content: { fontSize: 22, lineHeight: "28px", color: value > 0 ? (alert ? color : undefined) : "rgba(0,0,0,0.45)" } }}
        />
      </div>
    </Card>
  );
}

type MatrixRow = { status: WorkOrderStatus | "total" } & Record<WorkOrderPriority | "total", number>;

/** byStatusPriority as a status × priority table with totals. */
export function matrix(b: Pick<ServiceBoard, "byStatusPriority">): MatrixRow[] {
  const zero = () => ({ urgent: 0, normal: 0, low: 0, total: 0 });
  const rows: MatrixRow[] = WORK_ORDER_STATUS.values.map((status) => ({ status, ...zero() }));
  const total: MatrixRow = { status: "total", ...zero() };
  for (const c of b.byStatusPriority) {
    const r = rows.find((x) => x.status === c.status);
    if (!r) continue;
    const n = Number(c.count);
    r[c.priority] += n;
    r.total += n;
    total[c.priority] += n;
    total.total += n;
  }
  return [...rows, total];
}

export default function Board({ onJump, onOpen }: { onJump: (patch: Partial<WorkOrderFilter>) => void; onOpen: (id: number) => void }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: serviceKeys.board(), queryFn: () => api.service.board(tzOffset()), refetchInterval: 60_000 });

  if (q.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.error || !q.data)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={
          <Button size="small" onClick={() => q.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );
  const b = q.data;
  const rows = matrix(b);
  const statusJump = (s: WorkOrderStatus, p?: WorkOrderPriority) => onJump({ queue: s, priority: p ?? null });
  const cell = (r: MatrixRow, p: WorkOrderPriority | "total") => {
    const n = r[p];
    const text = <span style={{ fontWeight: r.status === "total" || p === "total" ? 600 : undefined }}>{n}</span>;
    if (r.status === "total" || n === 0) return n === 0 ? <Typography.Text type="secondary">0</Typography.Text> : text;
    const status = r.status;
    return (
      <a data-testid={`board-cell-${status}-${p}`} onClick={() => statusJump(status, p === "total" ? undefined : p)}>
        {text}
      </a>
    );
  };

  return (
    <div data-testid="service-board">
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {BOARD_CARDS.map((c) => (
          <Col key={c.key} xs={12} md={6}>
            <StatCard
              testid={`board-${c.key}`}
              title={t(c.label)}
              value={Number(b[c.key])}
              icon={c.icon}
              color={c.color}
              alert={c.alert}
              onClick={() => onJump(c.filter)}
            />
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card size="small" title={t("board.matrix")} styles={{ body: { padding: 0 } }}>
            <Table<MatrixRow>
              rowKey="status"
              size="small"
              pagination={false}
              dataSource={rows}
              data-testid="board-matrix"
              rowClassName={(r) => (r.status === "total" ? "list-summary" : "")}
              columns={[
                {
                  key: "status",
                  title: t("wo.status"),
                  render: (_, r) => (r.status === "total" ? <strong>{t("board.total")}</strong> : <StatusTag value={r.status} />),
                },
                ...WORK_ORDER_PRIORITY.values.map((p) => ({
                  key: p,
                  title: <PriorityTag value={p} />,
                  align: "right" as const,
                  render: (_: unknown, r: MatrixRow) => cell(r, p),
                })),
                { key: "total", title: t("board.total"), align: "right" as const, render: (_: unknown, r: MatrixRow) => cell(r, "total") },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} xl={15}>
          <Card
            size="small"
            title={t("board.myQueue", { n: Number(b.myOpen) })}
            styles={{ body: { padding: 0 } }}
            extra={
              Number(b.myOpen) > b.myQueue.length && (
                <a onClick={() => onJump({ queue: "open", mine: true })} data-testid="board-my-all">
                  {t("board.seeAll")}
                </a>
              )
            }
          >
            <Table<WorkOrderRow>
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={b.myQueue}
              data-testid="board-my-queue"
              scroll={{ x: 560 }}
              rowClassName={() => "row-clickable"}
              onRow={(r) => ({ onClick: () => onOpen(r.id) })}
              locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("board.myQueueEmpty")} /> }}
              columns={[
                {
                  key: "no",
                  title: t("wo.no"),
                  dataIndex: "orderNo",
                  width: 140,
                  render: (v: string, r) => <a data-testid={`board-open-${r.id}`}>{v}</a>,
                },
                { key: "title", title: t("wo.title"), dataIndex: "title", ellipsis: true },
                {
                  key: "priority",
                  title: t("wo.priority"),
                  dataIndex: "priority",
                  width: 72,
                  render: (v: WorkOrderPriority) => <PriorityTag value={v} />,
                },
                {
                  key: "status",
                  title: t("wo.status"),
                  dataIndex: "status",
                  width: 80,
                  render: (v: WorkOrderStatus) => <StatusTag value={v} />,
                },
                { key: "sla", title: t("wo.sla"), width: 160, render: (_, r) => <SlaCell row={r} compact testid={`board-sla-${r.id}`} /> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </div>
  );
}
