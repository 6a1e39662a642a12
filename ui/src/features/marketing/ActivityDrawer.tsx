// One activity: its header (name, type, status), edit and delete for those who may, the
// facts (dates, who planned it, the attribution window), and what it brought in: budget and
// cost, leads and customers, opportunities, won contracts and money received, the cost per
// lead and per customer, and the ROI. A figure without a divisor shows "—".
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Descriptions, Drawer, Row, Space, Statistic, Tag, Tooltip, Typography } from "antd";
import { DeleteOutlined, EditOutlined, QuestionCircleOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import { api, marketingKeys } from "../../api";
import type { ActivityRow } from "../../api/types/ActivityRow";
import type { Figures } from "../../api/types/Figures";
import { useSession } from "../../app/session";
import { localTime } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useDrawerWidth } from "../../hooks/useDrawerWidth";
import { useI18n, type MessageKey, type T } from "../../i18n";
import {
  ActivityStatusTag,
  DASH,
  executionColor,
  moneyOrDash,
  pctOrDash,
  roiColor,
  signedMoney,
  useMarketingSettings,
  varianceColor,
} from "./shared";

type FigureKey = keyof Figures;
type Cell = { key: FigureKey; text: string; color?: string; hint?: MessageKey };

/** The figures of an activity as the panel shows them (exported for the tests' reference). */
export function figureCells(r: ActivityRow): Cell[][] {
  const f = r.figures;
  // No budget or no cost recorded: their difference says nothing.
  const hasBoth = r.budget != null && r.actualCost != null;
  return [
    [
      { key: "budget", text: r.budget == null ? DASH : moneyOrDash(f.budget) },
      { key: "cost", text: r.actualCost == null ? DASH : moneyOrDash(f.cost) },
      {
        key: "variance",
        text: hasBoth ? signedMoney(f.variance) : DASH,
        color: hasBoth ? varianceColor(f.variance) : undefined,
        hint: "mkt.fig.varianceHint",
      },
      { key: "executionPct", text: pctOrDash(f.executionPct), color: executionColor(f.executionPct), hint: "mkt.fig.executionPctHint" },
    ],
    [
      { key: "leads", text: String(f.leads), hint: "mkt.fig.leadsHint" },
      { key: "customers", text: String(f.customers), hint: "mkt.fig.customersHint" },
      { key: "conversionPct", text: pctOrDash(f.conversionPct), hint: "mkt.fig.conversionPctHint" },
      { key: "costPerLead", text: moneyOrDash(f.costPerLead), hint: "mkt.fig.costPerLeadHint" },
      { key: "costPerCustomer", text: moneyOrDash(f.costPerCustomer), hint: "mkt.fig.costPerCustomerHint" },
    ],
    [
      { key: "opportunities", text: String(f.opportunities), hint: "mkt.fig.opportunitiesHint" },
      { key: "opportunityAmount", text: moneyOrDash(f.opportunityAmount) },
      { key: "wonContracts", text: String(f.wonContracts), hint: "mkt.fig.wonHint" },
      { key: "wonAmount", text: moneyOrDash(f.wonAmount), hint: "mkt.fig.wonHint" },
      { key: "receivedAmount", text: moneyOrDash(f.receivedAmount) },
      { key: "roiPct", text: pctOrDash(f.roiPct), color: roiColor(f.roiPct), hint: "mkt.fig.roiPctHint" },
    ],
  ];
}

const GROUPS: MessageKey[] = ["mkt.fig.groupBudget", "mkt.fig.groupLeads", "mkt.fig.groupDeals"];

function FigureStat({ t, cell, days }: { t: T; cell: Cell; days: number }) {
  const title = (
    <Space size={4}>
      {t(`mkt.fig.${cell.key}` as MessageKey)}
      {cell.hint && (
        <Tooltip title={t(cell.hint, { days })}>
          <QuestionCircleOutlined style={{ color: "rgba(0,0,0,0.35)" }} />
        </Tooltip>
      )}
    </Space>
  );
  return (
    <Statistic
      data-testid={`fig-${cell.key}`}
      title={title}
      value={cell.text}
      formatter={() => cell.text}
      styles={{ content: { fontSize: 20, lineHeight: "28px", color: cell.text === DASH ? "rgba(0,0,0,0.35)" : cell.color } }}
    />
  );
}

/** The figures panel: three groups of statistics, each `data-testid="fig-<key>"`. */
export function FiguresPanel({ r, days }: { r: ActivityRow; days: number }) {
  const { t } = useI18n();
  return (
    <div data-testid="activity-figures">
      {figureCells(r).map((group, i) => (
        <Card key={GROUPS[i]} size="small" title={t(GROUPS[i])} style={{ marginBottom: 12 }}>
          <Row gutter={[16, 16]}>
            {group.map((c) => (
              <Col key={c.key} xs={12} sm={group.length === 4 ? 6 : 8}>
                <FigureStat t={t} cell={c} days={days} />
              </Col>
            ))}
          </Row>
        </Card>
      ))}
    </div>
  );
}

function Section({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 12 }}>
      {children}
    </Card>
  );
}

export default function ActivityDrawer({
  id,
  onClose,
  onEdit,
  onRemove,
}: {
  id: number | null;
  onClose: () => void;
  onEdit: (r: ActivityRow) => void;
  onRemove: (r: ActivityRow) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const width = useDrawerWidth(820);
  const q = useQuery({ queryKey: marketingKeys.activity(id), queryFn: () => api.marketing.activity(id!), enabled: id !== null });
  const settings = useMarketingSettings(id !== null);
  const days = settings.data?.attributionDays ?? 90;
  const r = q.data ?? null;

  return (
    <Drawer
      open={id !== null}
      onClose={onClose}
      size={width}
      destroyOnHidden
      loading={q.isLoading}
      title={
        r ? (
          <Space wrap size={8}>
            <span data-testid="activity-detail-name">{r.activityName}</span>
            <Tag variant="filled">{r.activityType}</Tag>
            <ActivityStatusTag t={t} status={r.status} manual={r.statusManual} testid="activity-detail-status" />
          </Space>
        ) : (
          t("mkt.act.detail")
        )
      }
      extra={
        r && (
          <Space>
            {can("marketing:update") && (
              <Button id="activity-detail-edit" icon={<EditOutlined />} onClick={() => onEdit(r)}>
                {t("common.edit")}
              </Button>
            )}
            {can("marketing:delete") && (
              <Button id="activity-detail-delete" danger type="text" icon={<DeleteOutlined />} onClick={() => onRemove(r)}>
                {t("common.delete")}
              </Button>
            )}
          </Space>
        )
      }
    >
      {q.error && (
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
      {r && (
        <div data-testid="activity-detail">
          <Section title={t("mkt.act.facts")}>
            <Descriptions
              size="small"
              column={2}
              items={[
                {
                  key: "start",
                  label: t("mkt.act.start"),
                  children: <span data-testid="activity-detail-start">{localTime(r.startTime)}</span>,
                },
                { key: "end", label: t("mkt.act.end"), children: <span data-testid="activity-detail-end">{localTime(r.endTime)}</span> },
                { key: "by", label: t("mkt.act.createdBy"), children: r.createdByName ?? `#${r.createdBy}` },
                { key: "at", label: t("mkt.act.createdAt"), children: localTime(r.createdAt) },
                {
                  key: "window",
                  label: t("mkt.act.attribution"),
                  span: 2,
                  children: (
                    <Typography.Text type="secondary" data-testid="activity-detail-window">
                      {t("mkt.act.attributionWindow", { days })}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Section>
          <FiguresPanel r={r} days={days} />
          <Section title={t("mkt.act.description")}>
            {r.description ? (
              <div style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }} data-testid="activity-description">
                {r.description}
              </div>
            ) : (
              <Typography.Text type="secondary">{t("mkt.act.noDescription")}</Typography.Text>
            )}
          </Section>
        </div>
      )}
    </Drawer>
  );
}
