// One SMS campaign: its facts, its figures (to be sent, sent, failed, left out, still to send)
// and, for those with marketing:send while it is still open, 发送 (send what is left now from
// this desktop, with the live progress of each batch), 停止 (stop after the current batch) and
// 取消营销 (what was not sent never will be). Below, every recipient's log line: number,
// status, the text, the provider's message id or the error, attempts and when it was sent;
// filtered by status, 50 a page.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Card, Col, Descriptions, Drawer, Progress, Row, Select, Space, Statistic, Table, Typography } from "antd";
import { PauseCircleOutlined, SendOutlined, StopOutlined } from "@ant-design/icons";
import { useState, type HTMLAttributes } from "react";
import { api, marketingKeys } from "../../api";
import type { CampaignRow } from "../../api/types/CampaignRow";
import type { DetailRow } from "../../api/types/DetailRow";
import type { PageReq } from "../../api/types/PageReq";
import { useSession } from "../../app/session";
import { localTime } from "../../format";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useDrawerWidth } from "../../hooks/useDrawerWidth";
import { useI18n, type T } from "../../i18n";
import { POLL_MS } from "./CampaignList";
import { CampaignStatusTag, CANCELLED, DETAIL_STATUS, DETAIL_STATUSES, DetailStatusTag, isActive, isOpen } from "./campaignStatus";
import { dismissRun, useCampaignSender, useRun, type Run } from "./sendRuns";
import { DASH, GREEN, hourText, RED, SMS_MARKETING, useMarketingSettings, useTemplates } from "./shared";

const LOG_PAGE = 50;

/** The per-recipient log of a campaign, filtered by status, 50 a page. */
export function CampaignLog({ id, poll }: { id: number; poll: boolean }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<number | null>(null);
  const [page, setPage] = useState<PageReq>({ page: 1, pageSize: LOG_PAGE });
  const q = useQuery({
    queryKey: [...marketingKeys.campaignDetails(id, status), page],
    queryFn: () => api.marketing.campaignDetails(id, status, page),
    placeholderData: keepPreviousData,
    refetchInterval: poll ? POLL_MS : undefined,
  });
  return (
    <Card
      size="small"
      title={t("mkt.cmp.log")}
      data-testid="campaign-log"
      extra={
        <Select<number>
          id="campaign-log-status"
          allowClear
          size="small"
          style={{ width: 150 }}
          placeholder={t("mkt.cmp.log.allStatus")}
          value={status ?? undefined}
          onChange={(v) => {
            setStatus(v ?? null);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={DETAIL_STATUSES.map((s) => ({ value: s, label: t(DETAIL_STATUS[s].label) }))}
        />
      }
    >
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
        />
      )}
      <Table<DetailRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data?.items ?? []}
        scroll={{ x: 1100 }}
        locale={{ emptyText: t("mkt.cmp.log.empty") }}
        onRow={(r) => ({ "data-testid": `campaign-log-row-${r.id}` }) as HTMLAttributes<HTMLElement>}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: Number(q.data?.total ?? 0),
          showSizeChanger: false,
          showTotal: (n) => t("common.total", { n }),
          onChange: (p) => setPage((x) => ({ ...x, page: p })),
        }}
        columns={[
          {
            key: "customer",
            title: t("mkt.cmp.log.customer"),
            dataIndex: "customerName",
            width: 160,
            render: (v: string | null) => v ?? DASH,
          },
          { key: "phone", title: t("mkt.cmp.log.phone"), dataIndex: "phone", width: 120 },
          {
            key: "status",
            title: t("mkt.cmp.status"),
            dataIndex: "status",
            width: 100,
            render: (v: number, r) => <DetailStatusTag t={t} status={v} testid={`campaign-log-status-${r.id}`} />,
          },
          {
            key: "content",
            title: t("mkt.cmp.log.content"),
            dataIndex: "content",
            render: (v: string | null) =>
              v ? (
                <Typography.Paragraph ellipsis={{ rows: 2, tooltip: v }} style={{ marginBottom: 0, minWidth: 200 }}>
                  {v}
                </Typography.Paragraph>
              ) : (
                <Typography.Text type="secondary">{DASH}</Typography.Text>
              ),
          },
          {
            key: "msgId",
            title: t("mkt.cmp.log.msgId"),
            dataIndex: "providerMsgId",
            width: 150,
            render: (v: string | null) => (v ? <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> : DASH),
          },
          {
            key: "error",
            title: t("mkt.cmp.log.error"),
            width: 200,
            render: (_: unknown, r) =>
              r.errorCode || r.error ? (
                <span style={{ color: RED }} data-testid={`campaign-log-error-${r.id}`}>
                  {r.errorCode && <Typography.Text code>{r.errorCode}</Typography.Text>} {r.error}
                </span>
              ) : (
                DASH
              ),
          },
          { key: "attempts", title: t("mkt.cmp.log.attempts"), dataIndex: "attempts", width: 80, align: "right" },
          {
            key: "sentAt",
            title: t("mkt.cmp.log.sentAt"),
            dataIndex: "sentAt",
            width: 140,
            render: (v: string | null) => <span style={{ whiteSpace: "nowrap" }}>{v ? localTime(v) : DASH}</span>,
          },
        ]}
      />
    </Card>
  );
}

/** The live progress of a send from this desktop, then how it ended. */
function RunPanel({ t, run, status }: { t: T; run: Run; status: number }) {
  if (run.running) {
    const p = run.progress;
    const pct = p && p.total > 0 ? Math.min(100, Math.floor((p.done * 100) / p.total)) : 0;
    return (
      <Card size="small" style={{ marginBottom: 12 }}>
        <div data-testid="campaign-progress" data-done={p?.done ?? 0} data-total={p?.total ?? 0}>
          <Progress
            percent={pct}
            success={p && p.total > 0 ? { percent: Math.floor((p.success * 100) / p.total), strokeColor: GREEN } : undefined}
            status="active"
          />
          <Typography.Text data-testid="campaign-progress-text">
            {run.stopping
              ? t("mkt.cmp.stopping")
              : p
                ? t("mkt.cmp.sending", { done: p.done, total: p.total, ok: p.success, failed: p.failed })
                : t("mkt.cmp.preparing")}
          </Typography.Text>
        </div>
      </Card>
    );
  }
  if (run.error)
    return (
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        data-testid="campaign-result"
        title={t("mkt.cmp.sendFailed", { error: run.error })}
      />
    );
  if (!run.end) return null;
  const [type, text] =
    run.end === "done"
      ? (["success", t("mkt.cmp.end.done")] as const)
      : run.end === "waiting"
        ? (["info", t("mkt.cmp.end.waiting")] as const)
        : status === CANCELLED
          ? (["warning", t("mkt.cmp.end.aborted")] as const)
          : (["warning", t("mkt.cmp.end.cancelled")] as const);
  return <Alert type={type} showIcon style={{ marginBottom: 12 }} data-testid="campaign-result" data-end={run.end} title={text} />;
}

function Figures({ t, r }: { t: T; r: CampaignRow }) {
  const cell = (key: string, title: string, value: number, color?: string) => (
    <Col xs={8} sm={4} key={key}>
      <Statistic data-testid={`campaign-fig-${key}`} title={title} value={value} styles={{ content: { fontSize: 20, color } }} />
    </Col>
  );
  const pct = r.totalCount > 0 ? Math.min(100, Math.floor(((r.successCount + r.failCount) * 100) / r.totalCount)) : 0;
  return (
    <Card size="small" style={{ marginBottom: 12 }}>
      <Row gutter={[16, 12]}>
        {cell("total", t("mkt.cmp.fig.total"), r.totalCount)}
        {cell("success", t("mkt.cmp.fig.success"), r.successCount, GREEN)}
        {cell("failed", t("mkt.cmp.fig.failed"), r.failCount, r.failCount > 0 ? RED : undefined)}
        {cell("skipped", t("mkt.cmp.fig.skipped"), r.skippedCount)}
        {cell("pending", t("mkt.cmp.fig.pending"), r.pending)}
      </Row>
      <Progress
        style={{ marginTop: 8, marginBottom: 0 }}
        percent={pct}
        success={{ percent: r.totalCount > 0 ? Math.floor((r.successCount * 100) / r.totalCount) : 0, strokeColor: GREEN }}
        strokeColor="#ff7875"
      />
    </Card>
  );
}

export default function CampaignDrawer({ id, onClose }: { id: number | null; onClose: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const width = useDrawerWidth(1000);
  const run = useRun(id);
  const running = !!run?.running;
  const { start, stop } = useCampaignSender();
  const { act, busy } = useApiAction({ invalidates: ["marketing"] });
  const q = useQuery({
    queryKey: marketingKeys.campaign(id),
    queryFn: () => api.marketing.campaign(id!),
    enabled: id !== null,
    refetchInterval: (query) => (running || (query.state.data && isActive(query.state.data.status)) ? POLL_MS : false),
  });
  const templates = useTemplates(id !== null);
  const settings = useMarketingSettings(id !== null);
  const r = q.data ?? null;
  const mayOperate = !!r && can("marketing:send") && isOpen(r.status);
  const marketing = !!r && templates.data?.find((x) => x.id === r.templateId)?.templateType === SMS_MARKETING;

  const cancel = (c: CampaignRow) =>
    modal.confirm({
      title: t("mkt.cmp.cancelTitle", { name: c.campaignName ?? `#${c.id}` }),
      content: t("mkt.cmp.cancelBody", { n: c.pending }),
      okText: t("mkt.cmp.cancel"),
      cancelText: t("mkt.cmp.keep"),
      okButtonProps: { danger: true, id: "confirm-cancel-campaign" },
      onOk: () => act("cancel", () => api.marketing.cancelCampaign(c.id), t("mkt.cmp.cancelled")),
    });

  return (
    <Drawer
      open={id !== null}
      onClose={() => {
        // How the last send ended is news only while the drawer is open.
        if (id !== null) dismissRun(id);
        onClose();
      }}
      size={width}
      destroyOnHidden
      loading={q.isLoading}
      title={
        r ? (
          <Space wrap size={8}>
            <span data-testid="campaign-detail-name">{r.campaignName || `#${r.id}`}</span>
            <CampaignStatusTag t={t} status={r.status} testid="campaign-detail-status" />
          </Space>
        ) : (
          t("mkt.cmp.detail")
        )
      }
      extra={
        r &&
        mayOperate && (
          <Space>
            {running ? (
              <Button id="campaign-stop" icon={<PauseCircleOutlined />} disabled={run?.stopping} onClick={() => stop(r.id)}>
                {run?.stopping ? t("mkt.cmp.stopping") : t("mkt.cmp.stop")}
              </Button>
            ) : (
              <Button id="campaign-send" type="primary" icon={<SendOutlined />} onClick={() => void start(r.id)}>
                {t("mkt.cmp.send")}
              </Button>
            )}
            <Button id="campaign-cancel" danger icon={<StopOutlined />} loading={busy === "cancel"} onClick={() => cancel(r)}>
              {t("mkt.cmp.cancel")}
            </Button>
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
        <div data-testid="campaign-detail">
          {run && <RunPanel t={t} run={run} status={r.status} />}
          {marketing && isOpen(r.status) && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="campaign-window-note"
              title={t("mkt.cmp.windowNote", {
                start: hourText(settings.data?.sendWindowStart ?? 8),
                end: hourText(settings.data?.sendWindowEnd ?? 21),
              })}
            />
          )}
          <Figures t={t} r={r} />
          <Card size="small" style={{ marginBottom: 12 }}>
            <Descriptions
              size="small"
              column={2}
              items={[
                { key: "template", label: t("mkt.cmp.template"), children: r.templateName ?? DASH },
                { key: "target", label: t("mkt.cmp.target"), children: r.targetTag ?? DASH },
                { key: "activity", label: t("mkt.cmp.activity"), children: r.activityName ?? DASH },
                { key: "by", label: t("mkt.cmp.createdBy"), children: r.createdByName ?? DASH },
                { key: "createdAt", label: t("mkt.cmp.createdAt"), children: localTime(r.createdAt) },
                {
                  key: "scheduledAt",
                  label: t("mkt.cmp.scheduledAt"),
                  children: <span data-testid="campaign-detail-scheduled">{r.scheduledAt ? localTime(r.scheduledAt) : DASH}</span>,
                },
                { key: "startedAt", label: t("mkt.cmp.startedAt"), children: r.startedAt ? localTime(r.startedAt) : DASH },
                { key: "finishedAt", label: t("mkt.cmp.finishedAt"), children: r.finishedAt ? localTime(r.finishedAt) : DASH },
              ]}
            />
          </Card>
          <CampaignLog id={r.id} poll={running || isActive(r.status)} />
        </div>
      )}
    </Drawer>
  );
}
