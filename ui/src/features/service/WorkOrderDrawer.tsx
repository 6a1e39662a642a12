// One work order: its header (number, title, priority, status, the live countdown), the
// actions its state and the caller allow (take, assign / transfer, start, resolve, close,
// reopen, satisfaction, edit, delete), the facts, description, solution, satisfaction and
// attachments, and the timeline of what happened with the internal-note box under it.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Empty, Input, Rate, Row, Space, Tag, Timeline, Typography } from "antd";
import {
  CheckCircleOutlined,
  CustomerServiceOutlined,
  DeleteOutlined,
  EditOutlined,
  PlayCircleOutlined,
  RedoOutlined,
  SendOutlined,
  SmileOutlined,
  StopOutlined,
  SwapOutlined,
  UserAddOutlined,
} from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { api, serviceKeys, type WorkOrderDetail, type WorkOrderEventRow } from "../../api";
import { useSession } from "../../app/session";
import { localTime } from "../../format";
import { errorMessage, useApiAction, useApiMutation } from "../../hooks/useApiMutation";
import { useDrawerWidth } from "../../hooks/useDrawerWidth";
import { useI18n, type T } from "../../i18n";
import Attachments from "../sales/doc/Attachments";
import { OrderFlags } from "./columns";
import { AssignModal, RateModal, TextModal } from "./dialogs";
import { describeEvent, PriorityTag, scoreLabel, scoreLabels, StatusTag } from "./labels";
import { SlaCell } from "./sla";
import WorkOrderForm from "./WorkOrderForm";

type Dialog = "assign" | "resolve" | "close" | "reopen" | "rate" | "edit" | null;

/** What the caller may do now, from the order's state and what the backend said they may. */
export function workOrderActions(d: WorkOrderDetail, me: number, can: (p: string) => boolean) {
  const o = d.order;
  const open = o.status === "pending" || o.status === "processing";
  return {
    take: d.canTake,
    assign: d.canAssign && o.status !== "closed",
    start: d.canWork && o.status === "pending" && o.assigneeId !== null,
    resolve: d.canWork && o.status === "processing",
    close: d.canWork && o.status !== "closed",
    reopen: d.canWork && o.status === "resolved",
    rate: d.canWork && (o.status === "resolved" || o.status === "closed"),
    // The creator may still correct a pending order; whoever works on it may edit until closed.
    edit: o.status !== "closed" && (d.canWork || (can("service:create") && o.createdBy === me && o.status === "pending")),
    remove: o.status === "pending" && can("service:delete"),
    note: can("service:update|service:create"),
    attach: can("service:update|service:create") && o.status !== "closed",
    open,
  };
}

function Section({ title, children, extra, testid }: { title: ReactNode; children: ReactNode; extra?: ReactNode; testid?: string }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ marginBottom: 12 }} data-testid={testid}>
      {children}
    </Card>
  );
}

const pre = { whiteSpace: "pre-wrap", wordBreak: "break-word", margin: 0 } as const;

function EventItem({ t, e }: { t: T; e: WorkOrderEventRow }) {
  const v = describeEvent(t, e);
  return (
    <div data-testid={`wo-event-${e.id}`} data-kind={e.kind}>
      <div style={{ display: "flex", justifyContent: "space-between", gap: 8 }}>
        <Typography.Text>{v.text}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
          {localTime(e.createdAt)}
        </Typography.Text>
      </div>
      {v.quote && (
        <blockquote
          style={{
            ...pre,
            marginTop: 4,
            padding: "4px 10px",
            borderInlineStart: "3px solid #d9d9d9",
            background: "#fafafa",
            color: "rgba(0,0,0,0.75)",
          }}
        >
          {v.quoteLabel && <Typography.Text type="secondary">{v.quoteLabel}: </Typography.Text>}
          {v.quote}
        </blockquote>
      )}
    </div>
  );
}

/** The timeline, newest last, and the internal-note box under it. */
function TimelineBox({ d, canNote }: { d: WorkOrderDetail; canNote: boolean }) {
  const { t } = useI18n();
  const [note, setNote] = useState("");
  const add = useApiMutation((content: string) => api.service.note(d.order.id, content), {
    invalidates: ["service"],
    success: t("wo.noteAdded"),
    onSuccess: () => setNote(""),
  });
  const send = () => {
    if (note.trim()) add.run(note.trim());
  };
  return (
    <Section title={t("wo.timeline")} testid="wo-timeline">
      {d.events.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("wo.noEvents")} />
      ) : (
        <Timeline
          style={{ marginTop: 8 }}
          items={d.events.map((e) => ({ key: e.id, color: describeEvent(t, e).color, content: <EventItem t={t} e={e} /> }))}
        />
      )}
      {canNote && (
        <div data-testid="wo-note-box">
          <Input.TextArea
            id="wo-note"
            rows={3}
            maxLength={10000}
            value={note}
            placeholder={t("wo.notePlaceholder")}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                send();
              }
            }}
          />
          <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginTop: 8, gap: 8 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t("wo.noteHint")}
            </Typography.Text>
            <Button id="wo-note-add" icon={<SendOutlined />} loading={add.busy} disabled={!note.trim()} onClick={send}>
              {t("wo.addNote")}
            </Button>
          </div>
        </div>
      )}
    </Section>
  );
}

/** A time that does not break across lines. */
const at = (v: string | null | undefined) => <span style={{ whiteSpace: "nowrap" }}>{localTime(v)}</span>;

function Facts({ d }: { d: WorkOrderDetail }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const o = d.order;
  const who = (name: string | null, id: number | null) => (id === null ? "-" : (name ?? `#${id}`));
  return (
    <Descriptions
      size="small"
      bordered
      column={{ xs: 1, sm: 2 }}
      styles={{ label: { whiteSpace: "nowrap" } }}
      items={[
        {
          key: "customer",
          label: t("wo.customer"),
          children: can("customer:read") ? (
            <a onClick={() => nav(`/customers?id=${o.customerId}`)} data-testid="wo-customer">
              {o.customerName ?? `#${o.customerId}`}
            </a>
          ) : (
            <span data-testid="wo-customer">{o.customerName ?? `#${o.customerId}`}</span>
          ),
        },
        { key: "type", label: t("wo.type"), children: o.orderType },
        { key: "contact", label: t("wo.contact"), children: o.contactName ?? (o.contactId ? `#${o.contactId}` : "-") },
        {
          key: "contract",
          label: t("wo.contract"),
          children: o.contractId ? (
            can("contract:read") ? (
              <a onClick={() => nav(`/contracts?id=${o.contractId}`)}>{o.contractNo ?? `#${o.contractId}`}</a>
            ) : (
              (o.contractNo ?? `#${o.contractId}`)
            )
          ) : (
            "-"
          ),
        },
        { key: "by", label: t("wo.createdBy"), children: who(o.createdByName, o.createdBy) },
        { key: "at", label: t("wo.createdAt"), children: at(o.createdAt) },
        {
          key: "assignee",
          label: t("wo.assignee"),
          span: 2,
          children: o.assigneeId ? (
            <span data-testid="wo-assignee-name">{who(o.assigneeName, o.assigneeId)}</span>
          ) : (
            <Typography.Text type="warning" data-testid="wo-assignee-name">
              {t("wo.unassigned")}
            </Typography.Text>
          ),
        },
        {
          key: "responseDue",
          label: t("wo.responseDue"),
          children: (
            <Space size={4} wrap>
              {at(o.responseDueAt)}
              {o.responseBreached && <Tag color="red">{t("wo.flag.lateResponse")}</Tag>}
            </Space>
          ),
        },
        { key: "firstResponse", label: t("wo.firstResponseAt"), children: at(o.firstResponseAt) },
        { key: "resolveDue", label: t("wo.resolveDue"), children: at(o.resolveDueAt) },
        { key: "resolved", label: t("wo.resolvedAt"), children: at(o.resolvedAt) },
        { key: "closed", label: t("wo.closedAt"), children: at(o.closedAt) },
        { key: "reopens", label: t("wo.reopenCount"), children: o.reopenCount },
        ...(d.closeReason
          ? [{ key: "closeReason", label: t("wo.closeReason"), span: 2, children: <span style={pre}>{d.closeReason}</span> }]
          : []),
      ]}
    />
  );
}

/**
 * The work-order drawer (`id` null: closed). Sized to the window; on a wide one the
 * timeline sits beside the facts.
 */
export default function WorkOrderDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { user, can } = useSession();
  const width = useDrawerWidth(1080);
  const [dialog, setDialog] = useState<Dialog>(null);
  const qc = useQueryClient();
  // Others work on the same orders: the timeline and state refresh every minute.
  const q = useQuery({
    queryKey: serviceKeys.detail(id),
    queryFn: () => api.service.get(id!),
    enabled: id !== null,
    refetchInterval: 60_000,
  });
  const d = q.data && q.data.order.id === id ? q.data : undefined;
  const o = d?.order;
  const a = d ? workOrderActions(d, user.id, can) : null;
  const { act, busy } = useApiAction({
    invalidates: ["service"],
    // Refused (someone else took it first, it moved on meanwhile): the toast says why, the order shows as it is now.
    onError: () => {
      void qc.invalidateQueries({ queryKey: serviceKeys.all });
      return false;
    },
  });
  const close = () => {
    setDialog(null);
    onClose();
  };

  const remove = () =>
    o &&
    modal.confirm({
      title: t("wo.deleteTitle", { no: o.orderNo }),
      content: t("wo.deleteBody"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () => act("delete", () => api.service.remove(o.id), t("common.deleted"), close),
    });

  const button = (key: string, show: boolean | undefined, node: ReactNode) => (show ? <span key={key}>{node}</span> : null);
  const actions =
    d && o && a ? (
      <Space wrap size={8} data-testid="wo-actions">
        {button(
          "take",
          a.take,
          <Button
            type="primary"
            id="wo-take"
            icon={<CustomerServiceOutlined />}
            loading={busy === "take"}
            onClick={() => act("take", () => api.service.take(o.id), t("wo.taken"))}
          >
            {t("wo.take")}
          </Button>,
        )}
        {button(
          "start",
          a.start,
          <Button
            type="primary"
            id="wo-start"
            icon={<PlayCircleOutlined />}
            loading={busy === "start"}
            onClick={() => act("start", () => api.service.transition(o.id, "processing", null), t("wo.started"))}
          >
            {t("wo.start")}
          </Button>,
        )}
        {button(
          "resolve",
          a.resolve,
          <Button type="primary" id="wo-resolve" icon={<CheckCircleOutlined />} onClick={() => setDialog("resolve")}>
            {t("wo.resolve")}
          </Button>,
        )}
        {button(
          "assign",
          a.assign,
          <Button id="wo-assign" icon={o.assigneeId ? <SwapOutlined /> : <UserAddOutlined />} onClick={() => setDialog("assign")}>
            {o.assigneeId ? t("wo.transfer") : t("wo.assign")}
          </Button>,
        )}
        {button(
          "rate",
          a.rate,
          <Button
            id="wo-rate"
            icon={<SmileOutlined />}
            type={o.satisfaction === null ? "primary" : "default"}
            ghost={o.satisfaction === null}
            onClick={() => setDialog("rate")}
          >
            {o.satisfaction === null ? t("wo.rate") : t("wo.rerate")}
          </Button>,
        )}
        {button(
          "reopen",
          a.reopen,
          <Button id="wo-reopen" icon={<RedoOutlined />} onClick={() => setDialog("reopen")}>
            {t("wo.reopen")}
          </Button>,
        )}
        {button(
          "edit",
          a.edit,
          <Button id="wo-edit" icon={<EditOutlined />} onClick={() => setDialog("edit")}>
            {t("common.edit")}
          </Button>,
        )}
        {button(
          "close",
          a.close,
          <Button id="wo-close" icon={<StopOutlined />} onClick={() => setDialog("close")}>
            {t("wo.closeOrder")}
          </Button>,
        )}
        {button(
          "delete",
          a.remove,
          <Button id="wo-delete" danger type="text" icon={<DeleteOutlined />} loading={busy === "delete"} onClick={remove}>
            {t("common.delete")}
          </Button>,
        )}
      </Space>
    ) : null;

  return (
    <Drawer
      open={id !== null}
      onClose={close}
      size={width}
      destroyOnHidden
      loading={q.isLoading}
      title={
        o ? (
          <Space wrap size={8}>
            <span data-testid="wo-no">{o.orderNo}</span>
            <Typography.Text ellipsis={{ tooltip: o.title }} style={{ maxWidth: Math.max(200, width - 560) }} data-testid="wo-drawer-title">
              {o.title}
            </Typography.Text>
            <PriorityTag value={o.priority} testid="wo-priority" />
            <StatusTag value={o.status} testid="wo-status" />
            <OrderFlags r={o} t={t} />
          </Space>
        ) : (
          t("wo.detail")
        )
      }
      extra={o && <SlaCell row={o} testid="wo-drawer-sla" />}
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
      {d && o && a && (
        <div data-testid="wo-drawer">
          <div style={{ marginBottom: 12 }}>{actions}</div>
          {!a.take && o.status === "pending" && !o.assigneeId && !a.assign && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t("wo.waitingForHandler")} />
          )}
          <Row gutter={12}>
            <Col xs={24} lg={14}>
              <Section title={t("wo.details")}>
                <Facts d={d} />
              </Section>
              <Section title={t("wo.description")}>
                <div style={pre} data-testid="wo-content">
                  {d.content}
                </div>
              </Section>
              {d.solution && (
                <Section title={t("wo.solution")} testid="wo-solution">
                  <div style={pre}>{d.solution}</div>
                </Section>
              )}
              {o.satisfaction !== null && (
                <Section title={t("wo.satisfaction")} testid="wo-satisfaction">
                  <Space size={12} wrap>
                    <Rate disabled value={o.satisfaction} tooltips={scoreLabels(t)} />
                    <Typography.Text strong>
                      {o.satisfaction} · {scoreLabel(t, o.satisfaction)}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {localTime(d.ratedAt)}
                    </Typography.Text>
                  </Space>
                  {d.satisfactionComment && <div style={{ ...pre, marginTop: 8 }}>{d.satisfactionComment}</div>}
                  {d.returnVisitId && (
                    <Typography.Paragraph type="secondary" style={{ margin: "8px 0 0", fontSize: 12 }}>
                      {t("wo.rateVisitNote")}
                    </Typography.Paragraph>
                  )}
                </Section>
              )}
              <Section title={`${t("wo.attachments")}${d.attachments.length ? ` (${d.attachments.length})` : ""}`} testid="wo-attachments">
                <Attachments
                  items={d.attachments}
                  editable={a.attach}
                  kind="workOrderAttachment"
                  upload={(u) => api.service.attach(o.id, u)}
                  remove={api.service.detach}
                  removable={(f) => f.createdBy === user.id || d.canWork}
                  invalidates={["service"]}
                />
              </Section>
            </Col>
            <Col xs={24} lg={10}>
              <TimelineBox d={d} canNote={a.note} />
            </Col>
          </Row>
          <TextModal
            open={dialog === "resolve"}
            title={t("wo.resolveTitle", { no: o.orderNo })}
            label={t("wo.solution")}
            hint={t("wo.resolveHint")}
            required
            maxLength={20000}
            okText={t("wo.resolve")}
            successText={t("wo.resolved")}
            onClose={() => setDialog(null)}
            onSubmit={(text) => api.service.transition(o.id, "resolved", text)}
          />
          <TextModal
            open={dialog === "close"}
            title={t("wo.closeTitle", { no: o.orderNo })}
            label={t("wo.closeReason")}
            hint={o.status === "resolved" ? t("wo.closeResolvedHint") : t("wo.closeOpenHint")}
            required={o.status !== "resolved"}
            maxLength={500}
            okText={t("wo.closeOrder")}
            successText={t("wo.closed")}
            danger={o.status !== "resolved"}
            onClose={() => setDialog(null)}
            onSubmit={(text) => api.service.transition(o.id, "closed", text)}
          />
          <TextModal
            open={dialog === "reopen"}
            title={t("wo.reopenTitle", { no: o.orderNo })}
            label={t("wo.reopenReason")}
            hint={t("wo.reopenHint")}
            required
            maxLength={1000}
            okText={t("wo.reopen")}
            successText={t("wo.reopened")}
            onClose={() => setDialog(null)}
            onSubmit={(text) => api.service.transition(o.id, "processing", text)}
          />
          <AssignModal order={o} open={dialog === "assign"} onClose={() => setDialog(null)} />
          <RateModal order={o} comment={d.satisfactionComment} open={dialog === "rate"} onClose={() => setDialog(null)} />
          <WorkOrderForm editing={dialog === "edit" ? d : null} onClose={() => setDialog(null)} onReload={() => q.refetch()} />
        </div>
      )}
    </Drawer>
  );
}
