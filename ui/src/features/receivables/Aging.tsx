// 应收账龄: what is still unpaid on the payment plans of approved and signed contracts in
// the user's scope, by how late it is (not due / 1–30 / 31–60 / 61–90 / over 90 days),
// per owner or per customer, with the totals row and the date it was computed on.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Empty, Row, Segmented, Space, Table, Typography } from "antd";
import type { ColumnType } from "antd/es/table";
import { ReloadOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { api, receivableKeys, type AgingBy, type AgingRow } from "../../api";
import { AGING_BY } from "../../domain/enums";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey } from "../../i18n";
import { compareDec, formatMoney, percentOf, subtractAmounts } from "../../money";

type Bucket = "notDue" | "days130" | "days3160" | "days6190" | "over90" | "total";

/** The five buckets and the total, in column order (field of AgingRow → column title). */
const BUCKETS: { key: Bucket; title: MessageKey }[] = [
  { key: "notDue", title: "aging.notDue" },
  { key: "days130", title: "aging.days1To30" },
  { key: "days3160", title: "aging.days31To60" },
  { key: "days6190", title: "aging.days61To90" },
  { key: "over90", title: "aging.over90" },
  { key: "total", title: "aging.total" },
];

const isZero = (v: string) => compareDec(v, "0") === 0;

/** One bucket's amount: zero quiet, over 90 days red when there is any. */
function BucketAmount({ bucket, value, testid, strong }: { bucket: Bucket; value: string; testid: string; strong?: boolean }) {
  const zero = isZero(value);
  const danger = bucket === "over90" && !zero;
  return (
    <Typography.Text
      data-testid={testid}
      type={danger ? "danger" : zero ? "secondary" : undefined}
      strong={strong || danger || bucket === "total"}
      style={{ whiteSpace: "nowrap" }}
    >
      {formatMoney(value)}
    </Typography.Text>
  );
}

function Figure({
  label,
  value,
  testid,
  hint,
  danger,
}: {
  label: string;
  value: string;
  testid: string;
  hint?: ReactNode;
  danger?: boolean;
}) {
  return (
    <Card size="small" style={{ height: "100%" }} styles={{ body: { padding: "10px 14px" } }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div style={{ fontSize: 18, fontWeight: 500, lineHeight: "28px", whiteSpace: "nowrap" }}>
        <Typography.Text type={danger ? "danger" : undefined} data-testid={testid}>
          {formatMoney(value)}
        </Typography.Text>
      </div>
      {hint && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      )}
    </Card>
  );
}

/** The aging table with its grouping switch, figures and totals row. */
export function AgingView() {
  const { t } = useI18n();
  const nav = useNavigate();
  const [by, setBy] = useState<AgingBy>("owner");
  const q = useQuery({ queryKey: receivableKeys.aging(by), queryFn: () => api.receivables.aging(by), placeholderData: keepPreviousData });
  const data = q.data ?? null;
  const rows = data?.rows ?? [];
  const totals = data?.totals ?? null;
  // Shown while the other grouping loads (keepPreviousData): the name column follows the data.
  const shownBy = q.isPlaceholderData ? (by === "owner" ? "customer" : "owner") : by;

  const name = (r: AgingRow) => {
    if (shownBy === "customer")
      return (
        <a onClick={() => nav(`/customers?id=${r.id}`)} data-testid={`aging-name-${r.id}`}>
          {r.name || `#${r.id}`}
        </a>
      );
    return (
      <span data-testid={`aging-name-${r.id}`}>
        {r.name || <Typography.Text type="secondary">{t("aging.unassigned")}</Typography.Text>}
      </span>
    );
  };

  const columns: ColumnType<AgingRow>[] = [
    {
      key: "name",
      title: shownBy === "customer" ? t("aging.customer") : t("aging.owner"),
      width: 200,
      ellipsis: true,
      sorter: (a, b) => a.name.localeCompare(b.name, "zh-CN"),
      render: (_, r) => name(r),
    },
    ...BUCKETS.map((b): ColumnType<AgingRow> => ({
      key: b.key,
      title: t(b.title),
      width: 150,
      align: "right",
      sorter: (x, y) => compareDec(x[b.key], y[b.key]),
      onCell: (r) => (b.key === "over90" && !isZero(r.over90) ? { className: "aging-over90" } : {}),
      render: (_, r) => <BucketAmount bucket={b.key} value={r[b.key]} testid={`aging-${r.id}-${b.key}`} />,
    })),
  ];

  const overdue = totals ? subtractAmounts(totals.total, [totals.notDue]) : "0.00";
  const share = (part: string) => {
    const pct = totals ? percentOf(part, totals.total) : null;
    return pct ? t("aging.share", { pct }) : undefined;
  };

  return (
    <div data-testid="aging-view">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap", marginBottom: 12 }}>
        <Space size={12} wrap>
          <Segmented<AgingBy>
            id="aging-by"
            value={by}
            onChange={setBy}
            options={AGING_BY.values.map((v) => ({ value: v, label: <span data-testid={`aging-by-${v}`}>{AGING_BY.label(t, v)}</span> }))}
          />
          {data?.asOf && (
            <Typography.Text type="secondary" data-testid="aging-as-of">
              {t("aging.asOf", { date: data.asOf })}
            </Typography.Text>
          )}
        </Space>
        <Button icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching}>
          {t("common.refresh")}
        </Button>
      </div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t("aging.hint")}
      </Typography.Paragraph>
      {!!q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      {totals && (
        <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
          <Col xs={12} md={8} xl={6}>
            <Figure label={t("aging.total")} value={totals.total} testid="aging-sum-total" />
          </Col>
          <Col xs={12} md={8} xl={6}>
            <Figure label={t("aging.notDue")} value={totals.notDue} testid="aging-sum-not-due" hint={share(totals.notDue)} />
          </Col>
          <Col xs={12} md={8} xl={6}>
            <Figure
              label={t("aging.overdue")}
              value={overdue}
              testid="aging-sum-overdue"
              hint={share(overdue)}
              danger={compareDec(overdue, "0") > 0}
            />
          </Col>
          <Col xs={12} md={8} xl={6}>
            <Figure
              label={t("aging.over90")}
              value={totals.over90}
              testid="aging-sum-over90"
              hint={share(totals.over90)}
              danger={!isZero(totals.over90)}
            />
          </Col>
        </Row>
      )}
      <Table<AgingRow>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={rows}
        columns={columns}
        scroll={{ x: 200 + BUCKETS.length * 150 }}
        pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (n) => t("common.total", { n }) } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("aging.empty")} /> }}
        summary={() =>
          totals && rows.length > 0 ? (
            <Table.Summary.Row data-testid="aging-totals" className="list-summary">
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>{t("aging.totals")}</Typography.Text>
              </Table.Summary.Cell>
              {BUCKETS.map((b, i) => (
                <Table.Summary.Cell
                  key={b.key}
                  index={i + 1}
                  align="right"
                  className={b.key === "over90" && !isZero(totals.over90) ? "aging-over90" : undefined}
                >
                  <BucketAmount bucket={b.key} value={totals[b.key]} testid={`aging-total-${b.key}`} strong />
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </div>
  );
}

/** The /aging page (payment:read). */
export default function Aging() {
  return (
    <div data-testid="aging-page">
      <AgingView />
    </div>
  );
}
