import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Badge, Button, Card, Col, Empty, Result, Row, Skeleton, Space, Statistic, Tag, Typography } from "antd";
import {
  AccountBookOutlined,
  AlertOutlined,
  AuditOutlined,
  CalendarOutlined,
  CheckOutlined,
  CustomerServiceOutlined,
  MoneyCollectOutlined,
  PhoneOutlined,
  ReloadOutlined,
  SmileOutlined,
  SolutionOutlined,
} from "@ant-design/icons";
import dayjs from "dayjs";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import {
  api,
  invalidate,
  todoKeys,
  type CustomerRow,
  type FollowUpRow,
  type InvoiceRequestRow,
  type TodoPlan,
  type TodoVisit,
  type WorkOrderRow,
} from "../../api";
import { FollowUpModal, type FollowTarget } from "../followUps/FollowUpTimeline";
import RecycleTag from "../../components/RecycleTag";
import { isPast, localTime, tzOffset } from "../../format";
import { useI18n } from "../../i18n";
import { useSession } from "../../app/session";
import EnumTag from "../../components/EnumTag";
import { RELATION_KIND } from "../../domain/enums";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { formatMoney } from "../../money";
import { invoiceTypeLabel, OverdueTag } from "../receivables/labels";
import { receivablesPath } from "../receivables/rules";
import { PriorityTag, StatusTag } from "../service/labels";
import { isOpen, SlaCell } from "../service/sla";

function Stat({
  title,
  value,
  icon,
  color,
  extra,
  testid,
  onClick,
}: {
  title: string;
  value: number;
  icon: ReactNode;
  color: string;
  extra?: ReactNode;
  testid: string;
  /** The card opens where the items are handled (e.g. the finance desk). */
  onClick?: () => void;
}) {
  return (
    <Card
      size="small"
      data-testid={testid}
      style={{ height: "100%", cursor: onClick ? "pointer" : undefined }}
      hoverable={!!onClick}
      onClick={onClick}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 14 }}>
        <div
          style={{
            fontSize: 22,
            color,
            background: `${color}14`,
            width: 44,
            height: 44,
            borderRadius: 10,
            display: "flex",
            alignItems: "center",
            justifyContent: "center",
          }}
        >
          {icon}
        </div>
        <div style={{ flex: 1 }}>
          <Statistic title={title} value={value} styles={{ content: { fontSize: 24, lineHeight: "30px" } }} />
          {extra}
        </div>
      </div>
    </Card>
  );
}

function Section({
  title,
  count,
  children,
  extra,
  testid,
}: {
  title: string;
  count: number;
  children: ReactNode;
  extra?: ReactNode;
  testid?: string;
}) {
  return (
    <Card
      size="small"
      data-testid={testid}
      title={
        <Space>
          {title}
          <Badge count={count} showZero={false} color="#8c8c8c" overflowCount={999} />
        </Space>
      }
      extra={extra}
      styles={{ body: { padding: 0 } }}
      style={{ marginBottom: 16 }}
    >
      {children}
    </Card>
  );
}

const relationPath = (kind: "lead" | "customer", id: number) => (kind === "lead" ? `/leads?id=${id}` : `/customers?id=${id}`);

/** Plans overdue first (the latest first), then those falling due, soonest first. */
export function orderPlans(plans: readonly TodoPlan[]): TodoPlan[] {
  const late = (p: TodoPlan) => (p.overdueDays && p.overdueDays > 0 ? p.overdueDays : 0);
  return [...plans].sort((a, b) => late(b) - late(a) || a.planDate.localeCompare(b.planDate) || a.id - b.id);
}

/**
 * The to-do board: follow-ups due today or overdue, visits and return visits due,
 * customers the public sea will take soon, payment plans overdue or falling due (with
 * payment:read; each opens its contract's receivables tab) and, for those who issue
 * invoices, the invoice requests waiting — each with the action that clears it.
 */
export function TodoBoard({ testid }: { testid?: string }) {
  const { t } = useI18n();
  const { can } = useSession();
  const nav = useNavigate();
  const qc = useQueryClient();
  const [writing, setWriting] = useState<FollowTarget | null>(null);
  const q = useQuery({ queryKey: todoKeys.board(), queryFn: () => api.todo.board(tzOffset()), refetchInterval: 60_000 });
  const mayWrite = can("follow_up:create");
  const mayDone = can("follow_up:update");
  const seesPlans = can("payment:read");
  const confirmer = can("payment:confirm");
  const issuer = can("invoice:create");
  const service = can("service:read");

  const { act, busy } = useApiAction({ invalidates: ["followUps"] });
  const done = (f: FollowUpRow) => act(`done-${f.id}`, () => api.followUps.done(f.id), t("follow.doneOk"));

  if (q.isLoading)
    return (
      <div data-testid={testid}>
        <Skeleton active paragraph={{ rows: 8 }} />
      </div>
    );
  if (q.error || !q.data)
    return (
      <div data-testid={testid}>
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
      </div>
    );

  const { counts, followUps, visits, expiring } = q.data;
  const plans = orderPlans(q.data.plans ?? []);
  const requests = q.data.invoiceRequests ?? [];
  const workOrders = q.data.workOrders ?? [];
  const sc = counts.service;
  const empty = Number(counts.total) === 0;
  const plansOverdue = Number(counts.plansOverdue ?? 0);
  const plansCount = plansOverdue + Number(counts.plansDue ?? 0);
  const today = dayjs().startOf("day");

  const followItem = (f: FollowUpRow) => {
    const overdue = isPast(f.nextFollowTime);
    return (
      <div key={f.id} className="todo-item" data-testid={`todo-follow-${f.id}`}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <EnumTag table={RELATION_KIND} value={f.relationType} />
            <a onClick={() => nav(relationPath(f.relationType, f.relationId))} style={{ fontWeight: 500 }}>
              {f.relationName ?? `#${f.relationId}`}
            </a>
            {overdue ? <Tag color="red">{t("follow.status.overdue")}</Tag> : <Tag color="gold">{t("todo.dueToday")}</Tag>}
            <Typography.Text type={overdue ? "danger" : "secondary"} style={{ fontSize: 12 }}>
              {localTime(f.nextFollowTime)}
            </Typography.Text>
          </Space>
          <div style={{ marginTop: 4 }}>
            {f.nextContent || <Typography.Text type="secondary">{t("todo.noNextContent")}</Typography.Text>}
          </div>
          <Typography.Text type="secondary" ellipsis style={{ fontSize: 12, display: "block" }}>
            {t("todo.lastTime")}: {f.content}
          </Typography.Text>
        </div>
        <Space>
          {mayWrite && (
            <Button
              size="small"
              type="primary"
              ghost
              icon={<PhoneOutlined />}
              onClick={() => setWriting({ relationType: f.relationType, relationId: f.relationId, relationName: f.relationName })}
            >
              {t("follow.new")}
            </Button>
          )}
          {mayDone && (
            <Button
              size="small"
              icon={<CheckOutlined />}
              loading={busy === `done-${f.id}`}
              onClick={() => done(f)}
              data-testid={`todo-done-${f.id}`}
            >
              {t("todo.done")}
            </Button>
          )}
        </Space>
      </div>
    );
  };

  const visitItem = (v: TodoVisit) => {
    const overdue = isPast(v.due);
    return (
      <div key={`${v.kind}-${v.id}`} className="todo-item" data-testid={`todo-${v.kind}-${v.id}`}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <Tag color={v.kind === "visit" ? "cyan" : "geekblue"}>{v.kind === "visit" ? t("todo.visit") : t("todo.returnVisit")}</Tag>
            <a onClick={() => nav(`/customers?id=${v.customerId}`)} style={{ fontWeight: 500 }}>
              {v.customerName ?? `#${v.customerId}`}
            </a>
            {overdue && <Tag color="red">{t("follow.status.overdue")}</Tag>}
            <Typography.Text type={overdue ? "danger" : "secondary"} style={{ fontSize: 12 }}>
              {localTime(v.due)}
            </Typography.Text>
          </Space>
          <Typography.Text ellipsis style={{ display: "block", marginTop: 4 }}>
            {v.title}
          </Typography.Text>
        </div>
        <Button size="small" onClick={() => nav(`/customers?id=${v.customerId}`)}>
          {t("todo.open")}
        </Button>
      </div>
    );
  };

  const expiringItem = (c: CustomerRow) => (
    <div key={c.id} className="todo-item" data-testid={`todo-expiring-${c.id}`}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <a onClick={() => nav(`/customers?id=${c.id}`)} style={{ fontWeight: 500 }}>
            {c.customerName}
          </a>
          <RecycleTag days={c.daysUntilRecycle} />
        </Space>
        <Typography.Text type="secondary" style={{ display: "block", fontSize: 12, marginTop: 4 }}>
          {t("customer.lastFollowAt")}: {localTime(c.lastFollowAt)}
        </Typography.Text>
      </div>
      {mayWrite && (
        <Button
          size="small"
          type="primary"
          ghost
          icon={<PhoneOutlined />}
          onClick={() => setWriting({ relationType: "customer", relationId: c.id, relationName: c.customerName })}
        >
          {t("follow.new")}
        </Button>
      )}
    </div>
  );

  const planItem = (p: TodoPlan) => {
    const late = !!p.overdueDays && p.overdueDays > 0;
    const inDays = dayjs(p.planDate, "YYYY-MM-DD").diff(today, "day");
    const open = () => nav(receivablesPath(p.contractId));
    return (
      <div key={p.id} className="todo-item" data-testid={`todo-plan-${p.id}`}>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Space size={6} wrap>
            <a onClick={open} style={{ fontWeight: 500 }} data-testid={`todo-plan-link-${p.id}`}>
              {p.contractNo || `#${p.contractId}`}
            </a>
            {p.customerName && <Typography.Text>{p.customerName}</Typography.Text>}
            {late ? (
              <OverdueTag days={p.overdueDays} testid={`todo-plan-overdue-${p.id}`} />
            ) : (
              <Tag color={inDays <= 0 ? "gold" : "blue"}>{inDays <= 0 ? t("todo.planDueToday") : t("todo.planDueIn", { n: inDays })}</Tag>
            )}
          </Space>
          <div style={{ marginTop: 4 }}>
            <Typography.Text
              type={late ? "danger" : undefined}
              strong
              style={{ whiteSpace: "nowrap" }}
              data-testid={`todo-plan-amount-${p.id}`}
            >
              {formatMoney(p.planAmount)}
            </Typography.Text>
            <Typography.Text type={late ? "danger" : "secondary"} style={{ fontSize: 12, marginInlineStart: 8 }}>
              {p.planDate}
            </Typography.Text>
            {p.paymentTerm && (
              <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 8 }}>
                {p.paymentTerm}
              </Typography.Text>
            )}
          </div>
        </div>
        <Button size="small" icon={<MoneyCollectOutlined />} onClick={open}>
          {t("todo.planOpen")}
        </Button>
      </div>
    );
  };

  const requestItem = (r: InvoiceRequestRow) => (
    <div key={r.id} className="todo-item" data-testid={`todo-request-${r.id}`}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <a onClick={() => nav("/finance")} style={{ fontWeight: 500 }}>
            {r.title}
          </a>
          <Tag>{invoiceTypeLabel(t, r.invoiceType)}</Tag>
          <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
            {formatMoney(r.amount)}
          </Typography.Text>
        </Space>
        <Typography.Text type="secondary" ellipsis style={{ display: "block", fontSize: 12, marginTop: 4 }}>
          {[r.contractNo, r.requestedByName && t("todo.requestedBy", { who: r.requestedByName }), localTime(r.createdAt)]
            .filter(Boolean)
            .join(" · ")}
        </Typography.Text>
      </div>
    </div>
  );

  const openOrder = (w: WorkOrderRow) => nav(`/service?id=${w.id}`);
  const workOrderItem = (w: WorkOrderRow) => (
    <div key={w.id} className="todo-item" data-testid={`todo-wo-${w.id}`}>
      <div style={{ flex: 1, minWidth: 0 }}>
        <Space size={6} wrap>
          <PriorityTag value={w.priority} />
          <a onClick={() => openOrder(w)} style={{ fontWeight: 500 }} data-testid={`todo-wo-link-${w.id}`}>
            {w.orderNo}
          </a>
          {w.customerName && <Typography.Text>{w.customerName}</Typography.Text>}
          <StatusTag value={w.status} />
          {isOpen(w) ? <SlaCell row={w} compact testid={`todo-wo-sla-${w.id}`} /> : <Tag color="purple">{t("wo.todo.waitingRating")}</Tag>}
        </Space>
        <Typography.Text ellipsis style={{ display: "block", marginTop: 4 }}>
          {w.title}
        </Typography.Text>
      </div>
      <Button size="small" icon={<CustomerServiceOutlined />} onClick={() => openOrder(w)}>
        {t("wo.todo.open")}
      </Button>
    </div>
  );

  const serviceBreakdown = sc && (
    <Space size={4} wrap data-testid="todo-wo-counts">
      {(
        [
          ["assignedNew", "wo.todo.assignedNew", "blue"],
          ["atRisk", "wo.todo.atRisk", "orange"],
          ["breached", "wo.todo.breached", "red"],
          ["unrated", "wo.todo.unrated", "purple"],
        ] as const
      ).map(([k, label, color]) => (
        <Tag key={k} color={Number(sc[k]) > 0 ? color : undefined} data-testid={`todo-wo-count-${k}`} style={{ marginInlineEnd: 0 }}>
          {t(label)} {Number(sc[k])}
        </Tag>
      ))}
    </Space>
  );

  const toFinance = (
    <Button type="link" size="small" onClick={() => nav("/finance")} data-testid="todo-to-finance">
      {t("todo.toFinance")}
    </Button>
  );

  const none = (text: string) => <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} style={{ margin: "20px 0" }} />;

  return (
    <div data-testid={testid}>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 12 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t("todo.title")}
        </Typography.Title>
        <Button
          icon={<ReloadOutlined />}
          onClick={() => invalidate(qc, "followUps", "activities")}
          loading={q.isFetching}
          aria-label={t("common.refresh")}
        >
          {t("common.refresh")}
        </Button>
      </div>
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        <Col flex="1 1 200px">
          <Stat
            testid="todo-count-follow"
            title={t("todo.followUps")}
            value={Number(counts.followUps)}
            icon={<PhoneOutlined />}
            color="#1677ff"
            extra={
              Number(counts.overdue) > 0 && (
                <Typography.Text type="danger" style={{ fontSize: 12 }}>
                  {t("todo.overdueOf", { n: Number(counts.overdue) })}
                </Typography.Text>
              )
            }
          />
        </Col>
        <Col flex="1 1 200px">
          <Stat
            testid="todo-count-visits"
            title={t("todo.visits")}
            value={Number(counts.visits)}
            icon={<CalendarOutlined />}
            color="#13c2c2"
          />
        </Col>
        <Col flex="1 1 200px">
          <Stat
            testid="todo-count-return"
            title={t("todo.returnVisits")}
            value={Number(counts.returnVisits)}
            icon={<SolutionOutlined />}
            color="#2f54eb"
          />
        </Col>
        <Col flex="1 1 200px">
          <Stat
            testid="todo-count-expiring"
            title={t("todo.expiring")}
            value={Number(counts.expiring)}
            icon={<AlertOutlined />}
            color="#fa541c"
          />
        </Col>
        {seesPlans && (
          <Col flex="1 1 200px">
            <Stat
              testid="todo-count-plans"
              title={t("todo.plans")}
              value={plansCount}
              icon={<MoneyCollectOutlined />}
              color="#d4380d"
              extra={
                plansOverdue > 0 && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }} data-testid="todo-count-plans-overdue">
                    {t("todo.overdueOf", { n: plansOverdue })}
                  </Typography.Text>
                )
              }
            />
          </Col>
        )}
        {confirmer && (
          <Col flex="1 1 200px">
            <Stat
              testid="todo-count-receipts"
              title={t("todo.receiptsToConfirm")}
              value={Number(counts.receiptsToConfirm ?? 0)}
              icon={<AccountBookOutlined />}
              color="#389e0d"
              onClick={() => nav("/finance")}
            />
          </Col>
        )}
        {issuer && (
          <Col flex="1 1 200px">
            <Stat
              testid="todo-count-requests"
              title={t("todo.invoiceRequests")}
              value={Number(counts.invoiceRequests ?? 0)}
              icon={<AuditOutlined />}
              color="#722ed1"
              onClick={() => nav("/finance")}
            />
          </Col>
        )}
        {service && (
          <Col flex="1 1 200px">
            <Stat
              testid="todo-count-service"
              title={t("wo.todo.section")}
              value={Number(sc?.total ?? 0)}
              icon={<CustomerServiceOutlined />}
              color="#08979c"
              onClick={() => nav("/service")}
              extra={
                sc &&
                Number(sc.breached) + Number(sc.atRisk) > 0 && (
                  <Typography.Text type="danger" style={{ fontSize: 12 }}>
                    {[
                      Number(sc.breached) > 0 && t("wo.todo.breached") + " " + Number(sc.breached),
                      Number(sc.atRisk) > 0 && t("wo.todo.atRisk") + " " + Number(sc.atRisk),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </Typography.Text>
                )
              }
            />
          </Col>
        )}
      </Row>
      {empty ? (
        <Card>
          <Result icon={<SmileOutlined />} title={t("todo.allClear")} subTitle={t("todo.allClearDesc")} />
        </Card>
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={14}>
            {service && (workOrders.length > 0 || Number(sc?.total ?? 0) > 0) && (
              <Section
                title={t("wo.todo.section")}
                count={workOrders.length}
                testid="todo-work-orders"
                extra={
                  <Space size={8}>
                    {serviceBreakdown}
                    <Button type="link" size="small" onClick={() => nav("/service")} data-testid="todo-to-service">
                      {t("wo.todo.toService")}
                    </Button>
                  </Space>
                }
              >
                {workOrders.length ? workOrders.map(workOrderItem) : none(t("wo.todo.empty"))}
              </Section>
            )}
            <Section title={t("todo.followUps")} count={followUps.length}>
              {followUps.length ? followUps.map(followItem) : none(t("todo.noFollowUps"))}
            </Section>
            {seesPlans && (
              <Section title={t("todo.plans")} count={plans.length} testid="todo-plans">
                {plans.length ? plans.map(planItem) : none(t("todo.noPlans"))}
              </Section>
            )}
          </Col>
          <Col xs={24} xl={10}>
            <Section title={t("todo.visitsSection")} count={visits.length}>
              {visits.length ? visits.map(visitItem) : none(t("todo.noVisits"))}
            </Section>
            <Section title={t("todo.expiring")} count={expiring.length}>
              {expiring.length ? expiring.map(expiringItem) : none(t("todo.noExpiring"))}
            </Section>
            {issuer && (
              <Section title={t("todo.invoiceRequests")} count={requests.length} testid="todo-requests" extra={toFinance}>
                {requests.length ? requests.map(requestItem) : none(t("todo.noInvoiceRequests"))}
              </Section>
            )}
          </Col>
        </Row>
      )}
      <FollowUpModal open={writing !== null} target={writing} onClose={() => setWriting(null)} />
    </div>
  );
}

/** The /todo page. */
export default function Todo() {
  return <TodoBoard testid="todo-page" />;
}
