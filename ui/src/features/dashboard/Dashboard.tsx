// The home page after login (工作台): the period's figures against the previous period,
// the open pipeline, twelve months against last year, target completion, lead sources,
// the customer mix, the top reps, my to-do, customers about to go to the public sea and
// forgotten customers — for the chosen scope (capped by the role) and period. Every card,
// chart segment and list row opens the matching list, filtered through its URL. Each user
// orders and hides the blocks ("自定义布局").
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Space, Table, Tooltip, Typography } from "antd";
import {
  AimOutlined,
  AppstoreOutlined,
  ArrowDownOutlined,
  ArrowUpOutlined,
  FileDoneOutlined,
  FundOutlined,
  MoneyCollectOutlined,
  PhoneOutlined,
  ReloadOutlined,
  RightOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import dayjs from "dayjs";
import { useMemo, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { api, reportKeys } from "../../api";
import type { Dashboard as DashboardData } from "../../api/types/Dashboard";
import type { DashboardCard } from "../../api/types/DashboardCard";
import type { DataScope } from "../../api/types/DataScope";
import type { SeaSoonRow } from "../../api/types/SeaSoonRow";
import type { StatsQuery } from "../../api/types/StatsQuery";
import { useSession } from "../../app/session";
import EChart, { type ChartClick } from "../../components/charts/EChart";
import RecycleTag from "../../components/RecycleTag";
import { DATA_SCOPE } from "../../domain/enums";
import { tzOffset } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey } from "../../i18n";
import { compareDec, formatMoney } from "../../money";
import {
  funnelColor,
  funnelHasData,
  funnelOption,
  funnelRows,
  mixHasData,
  mixOption,
  mixTarget,
  monthlyHasData,
  monthlyOption,
  pctText,
  repAt,
  repsHasData,
  repsOption,
  sourcesHasData,
  sourcesOption,
  targetOption,
  type ChartLocale,
  type Option,
} from "./chartOptions";
import { DEFAULT_LAYOUT, sections, visibleBlocks, type Block, type CardKey } from "./layout";
import LayoutEditor, { blockLabel } from "./LayoutEditor";
import { cardLink, links, withQuery, type DrillContext } from "./links";
import { PERIOD_PRESETS, periodRange, type DateRange, type PeriodPreset } from "./period";

const UP = "#389e0d";
const DOWN = "#cf1322";
const CHART_HEIGHT = 260;

const CARD_LOOK: Record<CardKey, { icon: ReactNode; color: string }> = {
  leads: { icon: <AimOutlined />, color: "#722ed1" },
  customers: { icon: <TeamOutlined />, color: "#1677ff" },
  opportunities: { icon: <FundOutlined />, color: "#fa8c16" },
  contracts: { icon: <FileDoneOutlined />, color: "#13c2c2" },
  receipts: { icon: <MoneyCollectOutlined />, color: "#52c41a" },
  followUps: { icon: <PhoneOutlined />, color: "#eb2f96" },
};

/** 较上期: ↑ green, ↓ red, "—" without a previous figure. */
export function Change({ pct, testid }: { pct: string | null; testid?: string }) {
  const { t } = useI18n();
  const sign = pct === null ? 0 : compareDec(pct, "0");
  const color = sign > 0 ? UP : sign < 0 ? DOWN : "rgba(0,0,0,0.45)";
  const shown = pct === null ? pctText(null) : pctText(sign < 0 ? pct.replace(/^-/, "") : pct);
  return (
    <span style={{ fontSize: 12, color: "rgba(0,0,0,0.45)", whiteSpace: "nowrap" }}>
      {t("dash.vsPrev")}{" "}
      <span data-testid={testid} data-trend={sign > 0 ? "up" : sign < 0 ? "down" : "flat"} style={{ color, fontWeight: 500 }}>
        {sign > 0 && <ArrowUpOutlined />}
        {sign < 0 && <ArrowDownOutlined />} {shown}
      </span>
    </span>
  );
}

function FigureCard({ card, onOpen }: { card: DashboardCard; onOpen: () => void }) {
  const { t } = useI18n();
  const key = card.key as CardKey;
  const look = CARD_LOOK[key];
  const money = card.amount !== null;
  const value = money ? formatMoney(card.amount) : String(Number(card.count));
  const prev = money ? formatMoney(card.prevAmount) : String(Number(card.prevCount));
  const sub =
    key === "contracts"
      ? t("dash.cardContracts", { n: Number(card.count) })
      : key === "receipts"
        ? t("dash.cardReceipts", { n: Number(card.count) })
        : null;
  return (
    <Card
      size="small"
      hoverable
      onClick={onOpen}
      data-testid={`dash-card-${key}`}
      style={{ height: "100%", cursor: "pointer" }}
      styles={{ body: { padding: "14px 16px" } }}
    >
      <div style={{ display: "flex", alignItems: "flex-start", gap: 12 }}>
        <div
          style={{
            fontSize: 18,
            color: look.color,
            background: `${look.color}14`,
            width: 36,
            height: 36,
            flex: "none",
            borderRadius: 10,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
          }}
        >
          {look.icon}
        </div>
        <div style={{ minWidth: 0, flex: 1 }}>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {t(blockLabel(key))}
          </Typography.Text>
          <Tooltip title={t("dash.prevValue", { v: prev })}>
            <div
              data-testid={`dash-card-${key}-value`}
              style={{
                fontSize: money ? 20 : 24,
                lineHeight: "30px",
                fontWeight: 600,
                color: "rgba(0,0,0,0.88)",
                whiteSpace: "nowrap",
                overflow: "hidden",
                textOverflow: "ellipsis",
                fontVariantNumeric: "tabular-nums",
              }}
            >
              {value}
            </div>
          </Tooltip>
          <div style={{ display: "flex", justifyContent: "space-between", gap: 8, flexWrap: "wrap" }}>
            <Change pct={card.changePct} testid={`dash-card-${key}-change`} />
            {sub && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {sub}
              </Typography.Text>
            )}
          </div>
        </div>
      </div>
    </Card>
  );
}

/** A block's frame: title, an optional hint and link, a fixed height so a row lines up. */
function Panel({
  title,
  hint,
  extra,
  children,
  testid,
}: {
  title: string;
  hint?: string;
  extra?: ReactNode;
  children: ReactNode;
  testid?: string;
}) {
  return (
    <Card
      size="small"
      data-testid={testid}
      title={
        <Space size={8}>
          <span>{title}</span>
          {hint && (
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {hint}
            </Typography.Text>
          )}
        </Space>
      }
      extra={extra}
      style={{ height: "100%" }}
      styles={{ body: { minHeight: CHART_HEIGHT + 24 } }}
    >
      {children}
    </Card>
  );
}

function NoData() {
  const { t } = useI18n();
  return (
    <div style={{ height: CHART_HEIGHT, display: "flex", alignItems: "center", justifyContent: "center" }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dash.empty")} />
    </div>
  );
}

/** A chart or, without data, "暂无数据"; the test id marks either. */
function Chart({
  testid,
  has,
  option,
  onItemClick,
  height = CHART_HEIGHT,
}: {
  testid: string;
  has: boolean;
  option: Option;
  onItemClick?: (e: ChartClick) => void;
  height?: number;
}) {
  return (
    <div data-testid={testid} data-empty={has ? undefined : "true"}>
      {has ? <EChart option={option} height={height} onItemClick={onItemClick} /> : <NoData />}
    </div>
  );
}

function DashboardSkeleton() {
  return (
    <div data-testid="dash-loading">
      <Row gutter={[12, 12]} style={{ marginBottom: 16 }}>
        {Array.from({ length: 6 }, (_, i) => (
          <Col key={i} xs={12} md={8} xxl={4}>
            <Card size="small">
              <Skeleton active title={false} paragraph={{ rows: 2 }} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[16, 16]}>
        {Array.from({ length: 4 }, (_, i) => (
          <Col key={i} xs={24} xl={12}>
            <Card size="small">
              <Skeleton active paragraph={{ rows: 6 }} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}

/** The month's first and last day ("YYYY-MM-DD"). */
const monthRange = (year: number, month0: number): DateRange => {
  const d = dayjs(new Date(year, month0, 1));
  return { from: d.format("YYYY-MM-DD"), to: d.endOf("month").format("YYYY-MM-DD") };
};

function Blocks({ d, blocks }: { d: DashboardData; blocks: Block[] }) {
  const { t, lang } = useI18n();
  const nav = useNavigate();
  const loc: ChartLocale = useMemo(() => ({ t, lang }), [t, lang]);
  const ctx: DrillContext = { from: d.from, to: d.to, singleOwner: d.singleOwner };
  const options = useMemo(
    () => ({
      funnel: funnelOption(d.funnel, loc),
      monthly: monthlyOption(d.monthly, loc),
      target: targetOption(d.target, loc),
      sources: sourcesOption(d.leadSources, loc),
      mix: mixOption(d.customerMix, loc),
      reps: repsOption(d.topReps, loc),
    }),
    [d, loc],
  );
  const cards = new Map(d.cards.map((c) => [c.key, c]));

  const block = (b: Exclude<Block, CardKey>): ReactNode => {
    const title = t(blockLabel(b));
    switch (b) {
      case "funnel":
        return (
          <Panel title={title} hint={t("dash.funnelHint")} testid="dash-block-funnel">
            <Chart
              testid="dash-chart-funnel"
              has={funnelHasData(d.funnel)}
              option={options.funnel}
              height={CHART_HEIGHT - 44}
              onItemClick={(e) => d.funnel[e.dataIndex] && nav(links.funnelStage(ctx, d.funnel[e.dataIndex].stage))}
            />
            {funnelHasData(d.funnel) && (
              <div style={{ display: "flex", flexWrap: "wrap", gap: 4, marginTop: 8 }} data-testid="dash-funnel-stages">
                {d.funnel.map((s, i) => (
                  <Tooltip
                    key={`${s.stage}-${i}`}
                    title={funnelRows(s, loc)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(" · ")}
                  >
                    <Button
                      size="small"
                      type="text"
                      data-testid={`dash-funnel-stage-${i}`}
                      onClick={() => nav(links.funnelStage(ctx, s.stage))}
                    >
                      <span style={{ display: "inline-block", width: 8, height: 8, borderRadius: 2, background: funnelColor(i) }} />
                      {s.stage}
                      <Typography.Text type="secondary">{Number(s.count)}</Typography.Text>
                    </Button>
                  </Tooltip>
                ))}
              </div>
            )}
          </Panel>
        );
      case "monthly":
        return (
          <Panel title={title} hint={t("dash.monthlyHint", { year: Number(d.monthly.year) })} testid="dash-block-monthly">
            <Chart
              testid="dash-chart-monthly"
              has={monthlyHasData(d.monthly)}
              option={options.monthly}
              onItemClick={(e) => {
                const year = Number(d.monthly.year) - (e.seriesName?.endsWith(String(Number(d.monthly.year) - 1)) ? 1 : 0);
                const contracts = e.seriesName?.startsWith(t("dash.contractsAmount"));
                nav(contracts ? links.contracts({ ...ctx, ...monthRange(year, e.dataIndex) }) : links.receipts());
              }}
            />
          </Panel>
        );
      case "target": {
        const g = d.target;
        return (
          <Panel
            title={title}
            hint={t(g.basis === "receipts" ? "dash.target.basis.receipts" : "dash.target.basis.contracts")}
            testid="dash-block-target"
          >
            <div data-testid="dash-chart-target">
              <EChart option={options.target} height={CHART_HEIGHT - 56} />
              <div style={{ display: "flex", justifyContent: "center", gap: 24, flexWrap: "wrap" }}>
                <Space orientation="vertical" size={0} style={{ alignItems: "center" }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("dash.target.achieved")}
                  </Typography.Text>
                  <Typography.Text strong data-testid="dash-target-achieved">
                    {formatMoney(g.achieved)}
                  </Typography.Text>
                </Space>
                <Space orientation="vertical" size={0} style={{ alignItems: "center" }}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {t("dash.target.target")}
                  </Typography.Text>
                  <Typography.Text strong data-testid="dash-target-target">
                    {g.target === null ? t("dash.target.none") : formatMoney(g.target)}
                  </Typography.Text>
                </Space>
              </div>
              {g.target === null && (
                <Typography.Paragraph
                  type="secondary"
                  style={{ textAlign: "center", fontSize: 12, margin: "6px 0 0" }}
                  data-testid="dash-target-hint"
                >
                  {t("dash.target.noneHint")}
                </Typography.Paragraph>
              )}
            </div>
          </Panel>
        );
      }
      case "leadSources":
        return (
          <Panel title={title} hint={t("dash.leadSourcesHint")} testid="dash-block-leadSources">
            <Chart
              testid="dash-chart-sources"
              has={sourcesHasData(d.leadSources)}
              option={options.sources}
              onItemClick={(e) => {
                const s = d.leadSources[e.dataIndex];
                if (s) nav(links.leads(ctx, s.name));
              }}
            />
          </Panel>
        );
      case "customerMix":
        return (
          <Panel title={title} hint={t("dash.customerMixHint")} testid="dash-block-customerMix">
            <Chart
              testid="dash-chart-mix"
              has={mixHasData(d.customerMix)}
              option={options.mix}
              onItemClick={(e) => {
                const m = mixTarget(d.customerMix, e.seriesName, e.dataIndex, loc);
                nav(links.customerMix(ctx, m.level, m.status));
              }}
            />
          </Panel>
        );
      case "topReps":
        return (
          <Panel title={title} hint={t("dash.topRepsHint")} testid="dash-block-topReps">
            <Chart
              testid="dash-chart-reps"
              has={repsHasData(d.topReps)}
              option={options.reps}
              onItemClick={(e) => {
                const r = repAt(d.topReps, e.dataIndex);
                if (r) nav(links.contracts(ctx, r.userId));
              }}
            />
          </Panel>
        );
      case "todo":
        return <TodoBlock d={d} title={title} />;
      case "seaSoon":
        return <SeaSoonBlock d={d} ctx={ctx} title={title} />;
      case "forgotten":
        return (
          <Panel title={title} hint={t("dash.forgottenHint")} testid="dash-block-forgotten">
            {d.forgotten.length === 0 ? (
              <NoData />
            ) : (
              <div>
                {d.forgotten.map((f) => (
                  <Row
                    key={f.days}
                    role="link"
                    onClick={() => nav(links.forgotten(ctx, Number(f.days)))}
                    data-testid={`dash-forgotten-${Number(f.days)}`}
                    className="row-clickable"
                    style={{ padding: "12px 8px", borderBottom: "1px solid #f0f0f0", cursor: "pointer", alignItems: "center" }}
                  >
                    <Col flex="auto">{t("dash.forgottenDays", { n: Number(f.days) })}</Col>
                    <Col>
                      <Typography.Text strong style={{ color: Number(f.count) > 0 ? "#d46b08" : undefined, fontSize: 16 }}>
                        {Number(f.count)}
                      </Typography.Text>{" "}
                      <RightOutlined style={{ color: "rgba(0,0,0,0.25)", fontSize: 11 }} />
                    </Col>
                  </Row>
                ))}
              </div>
            )}
          </Panel>
        );
    }
  };

  return (
    <>
      {sections(blocks).map((s, i) =>
        s.kind === "cards" ? (
          <Row key={`cards-${i}`} gutter={[12, 12]} style={{ marginBottom: 16 }} data-testid="dash-cards">
            {s.cards.map((k) => {
              const c = cards.get(k);
              return c ? (
                <Col key={k} xs={12} md={8} xxl={4}>
                  <FigureCard card={c} onOpen={() => nav(cardLink(k, ctx))} />
                </Col>
              ) : null;
            })}
          </Row>
        ) : (
          <Row key={`blocks-${i}`} gutter={[16, 16]} style={{ marginBottom: 16 }}>
            {s.blocks.map((b) => (
              <Col key={b} xs={24} xl={12}>
                {block(b)}
              </Col>
            ))}
          </Row>
        ),
      )}
    </>
  );
}

/** My to-do counts; each opens the to-do page. */
function TodoBlock({ d, title }: { d: DashboardData; title: string }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const c = d.todo;
  const rows: { key: string; label: string; n: number; extra?: string; always?: boolean }[] = [
    {
      key: "followUps",
      label: t("todo.followUps"),
      n: Number(c.followUps),
      extra: Number(c.overdue) > 0 ? t("todo.overdueOf", { n: Number(c.overdue) }) : undefined,
      always: true,
    },
    { key: "visits", label: t("todo.visits"), n: Number(c.visits), always: true },
    { key: "returnVisits", label: t("todo.returnVisits"), n: Number(c.returnVisits), always: true },
    { key: "expiring", label: t("todo.expiring"), n: Number(c.expiring), always: true },
    { key: "plans", label: t("todo.plans"), n: Number(c.plansDue ?? 0) + Number(c.plansOverdue ?? 0) },
    { key: "receiptsToConfirm", label: t("todo.receiptsToConfirm"), n: Number(c.receiptsToConfirm ?? 0) },
    { key: "invoiceRequests", label: t("todo.invoiceRequests"), n: Number(c.invoiceRequests ?? 0) },
    { key: "service", label: t("wo.todo.section"), n: Number(c.service?.total ?? 0) },
  ];
  return (
    <Panel
      title={title}
      testid="dash-block-todo"
      extra={
        <a onClick={() => nav(links.todo())} data-testid="dash-todo-open">
          {t("dash.openTodo")}
        </a>
      }
    >
      {Number(c.total) === 0 && (
        <Alert type="success" showIcon title={t("dash.todoEmpty")} style={{ marginBottom: 8 }} data-testid="dash-todo-clear" />
      )}
      {rows
        .filter((r) => r.always || r.n > 0)
        .map((r) => (
          <Row
            key={r.key}
            role="link"
            onClick={() => nav(links.todo())}
            data-testid={`dash-todo-${r.key}`}
            className="row-clickable"
            style={{ padding: "10px 8px", borderBottom: "1px solid #f0f0f0", cursor: "pointer", alignItems: "center" }}
          >
            <Col flex="auto">
              {r.label}
              {r.extra && (
                <Typography.Text type="danger" style={{ fontSize: 12, marginInlineStart: 8 }}>
                  {r.extra}
                </Typography.Text>
              )}
            </Col>
            <Col>
              <Typography.Text strong style={{ fontSize: 16, color: r.n > 0 ? "#1677ff" : "rgba(0,0,0,0.25)" }}>
                {r.n}
              </Typography.Text>{" "}
              <RightOutlined style={{ color: "rgba(0,0,0,0.25)", fontSize: 11 }} />
            </Col>
          </Row>
        ))}
    </Panel>
  );
}

/** The customers the public sea takes first (name, owner, days left); "查看全部" opens the list. */
function SeaSoonBlock({ d, ctx, title }: { d: DashboardData; ctx: DrillContext; title: string }) {
  const { t } = useI18n();
  const nav = useNavigate();
  return (
    <Panel
      title={title}
      testid="dash-block-seaSoon"
      extra={
        <a onClick={() => nav(links.expiring(ctx))} data-testid="dash-sea-all">
          {t("dash.seeAll", { n: Number(d.seaSoonTotal) })}
        </a>
      }
    >
      <Table<SeaSoonRow>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={d.seaSoon}
        data-testid="dash-sea-soon"
        scroll={{ y: CHART_HEIGHT - 40 }}
        rowClassName={() => "row-clickable"}
        onRow={(r) => ({ onClick: () => nav(withQuery("/customers", { id: r.id })) })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("dash.seaEmpty")} /> }}
        columns={[
          {
            key: "customerName",
            title: t("dash.seaCustomer"),
            dataIndex: "customerName",
            ellipsis: true,
            render: (v: string, r) => <a data-testid={`dash-sea-open-${r.id}`}>{v}</a>,
          },
          { key: "ownerName", title: t("dash.seaOwner"), dataIndex: "ownerName", width: 100, ellipsis: true },
          {
            key: "daysLeft",
            title: t("dash.seaDaysLeft"),
            dataIndex: "daysLeft",
            width: 110,
            render: (v: number | null) => <RecycleTag days={v === null ? null : Number(v)} />,
          },
        ]}
      />
    </Panel>
  );
}

export default function Dashboard() {
  const { t } = useI18n();
  const { user } = useSession();
  const [scope, setScope] = useState<DataScope>(user.dataScope);
  const [preset, setPreset] = useState<PeriodPreset>("month");
  const today = dayjs().format("YYYY-MM-DD");
  const [custom, setCustom] = useState<DateRange>(() => periodRange("month", today)!);
  const [editing, setEditing] = useState(false);
  const range = preset === "custom" ? custom : periodRange(preset, today)!;
  const query: StatsQuery = { scope, from: range.from, to: range.to, tzOffsetMinutes: tzOffset() };
  const q = useQuery({
    queryKey: reportKeys.dashboard(query),
    queryFn: () => api.reports.dashboard(query),
    placeholderData: keepPreviousData,
  });
  const layout = useQuery({ queryKey: reportKeys.layout(), queryFn: api.reports.layout });
  const saved = layout.data ?? DEFAULT_LAYOUT;
  const blocks = visibleBlocks(saved);
  const d = q.data;

  const periodLabel = (p: PeriodPreset) => t(`dash.period.${p}` as MessageKey);

  return (
    <div data-testid="dashboard-page">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap", marginBottom: 16 }}>
        <Space wrap size={[12, 8]}>
          <Select<DataScope>
            id="dash-scope"
            data-testid="dash-scope"
            aria-label={t("dash.scope")}
            style={{ minWidth: 150 }}
            // The scope asked for while it loads, then the one the backend used (capped by the role).
            value={q.isPlaceholderData ? scope : (d?.scope ?? scope)}
            onChange={setScope}
            options={(d?.scopeOptions ?? [scope]).map((s) => ({ value: s, label: DATA_SCOPE.label(t, s) }))}
            prefix={<Typography.Text type="secondary">{t("dash.scope")}</Typography.Text>}
          />
          <Segmented<PeriodPreset>
            value={preset}
            onChange={(p) => {
              if (p === "custom") setCustom(range);
              setPreset(p);
            }}
            options={PERIOD_PRESETS.map((p) => ({ value: p, label: <span data-testid={`dash-period-${p}`}>{periodLabel(p)}</span> }))}
          />
          {preset === "custom" && (
            <DatePicker.RangePicker
              id="dash-range"
              allowClear={false}
              value={[dayjs(custom.from), dayjs(custom.to)]}
              onChange={(v) => v?.[0] && v[1] && setCustom({ from: v[0].format("YYYY-MM-DD"), to: v[1].format("YYYY-MM-DD") })}
            />
          )}
          <Space orientation="vertical" size={0}>
            <Typography.Text strong data-testid="dash-range">
              {t("dash.range", { from: range.from, to: range.to })}
            </Typography.Text>
            {d && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="dash-compare">
                {t("dash.compare", { from: d.prevFrom, to: d.prevTo })}
              </Typography.Text>
            )}
          </Space>
        </Space>
        <Space>
          <Tooltip title={t("common.refresh")}>
            <Button
              icon={<ReloadOutlined />}
              loading={q.isFetching}
              onClick={() => q.refetch()}
              aria-label={t("common.refresh")}
              id="dash-refresh"
            />
          </Tooltip>
          <Button icon={<AppstoreOutlined />} onClick={() => setEditing(true)} id="dash-customize" data-testid="dash-customize">
            {t("dash.customize")}
          </Button>
        </Space>
      </div>

      {q.isLoading ? (
        <DashboardSkeleton />
      ) : q.error || !d ? (
        <Alert
          type="error"
          showIcon
          data-testid="dash-error"
          title={t("dash.loadError")}
          description={errorMessage(t, q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      ) : blocks.length === 0 ? (
        <Empty description={t("dash.allHidden")} data-testid="dash-all-hidden" />
      ) : (
        <Blocks d={d} blocks={blocks} />
      )}
      {editing && <LayoutEditor layout={saved} open onClose={() => setEditing(false)} />}
    </div>
  );
}
