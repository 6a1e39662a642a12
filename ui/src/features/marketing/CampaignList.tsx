// The SMS campaigns: name, template, target, activity, status, when (scheduled or sent),
// how far sending got (success + failed of the total, with the left-out numbers) and who
// created it. While a campaign is being sent or waits for the send window the list reloads
// every 3 s. A click opens the campaign.
import { Button, Progress, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useCallback, useState } from "react";
import { api, marketingKeys } from "../../api";
import type { CampaignRow } from "../../api/types/CampaignRow";
import type { PageReq } from "../../api/types/PageReq";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { localTime } from "../../format";
import { useI18n, type T } from "../../i18n";
import { CampaignStatusTag, isActive } from "./campaignStatus";
import { useAnyRunning } from "./sendRuns";
import { DASH, GREEN } from "./shared";

export const POLL_MS = 3000;

/** Sent (success + failed) of the total, in percent, and the successful part. */
export function campaignPercent(r: Pick<CampaignRow, "successCount" | "failCount" | "totalCount">) {
  if (r.totalCount <= 0) return { done: 0, success: 0 };
  const pct = (n: number) => Math.min(100, Math.floor((n * 100) / r.totalCount));
  return { done: pct(r.successCount + r.failCount), success: pct(r.successCount) };
}

/** The progress cell: the bar, then 成功 N · 失败 N · 排除 N. */
export function CampaignProgressCell({ t, r, testid }: { t: T; r: CampaignRow; testid: string }) {
  const p = campaignPercent(r);
  return (
    <div data-testid={testid} data-done={r.successCount + r.failCount} data-total={r.totalCount} style={{ minWidth: 180 }}>
      <Progress
        percent={p.done}
        success={{ percent: p.success, strokeColor: GREEN }}
        strokeColor="#ff7875"
        size="small"
        format={() => `${r.successCount + r.failCount}/${r.totalCount}`}
      />
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }} data-testid={`${testid}-counts`}>
        {t("mkt.cmp.counts", { ok: r.successCount, failed: r.failCount, skipped: r.skippedCount })}
      </Typography.Text>
    </div>
  );
}

function columns(t: T): ListColumn<CampaignRow>[] {
  return [
    {
      key: "campaignName",
      title: t("mkt.cmp.name"),
      dataIndex: "campaignName",
      width: 200,
      render: (v: string | null, r) => (
        <Typography.Link data-testid={`campaign-open-${r.id}`} ellipsis style={{ maxWidth: 184 }}>
          {v || `#${r.id}`}
        </Typography.Link>
      ),
    },
    {
      key: "templateName",
      title: t("mkt.cmp.template"),
      dataIndex: "templateName",
      width: 150,
      render: (v: string | null) => v ?? DASH,
    },
    {
      key: "targetTag",
      title: t("mkt.cmp.target"),
      dataIndex: "targetTag",
      width: 150,
      render: (v: string | null, r) => <span data-testid={`campaign-target-${r.id}`}>{v ?? DASH}</span>,
    },
    {
      key: "activityName",
      title: t("mkt.cmp.activity"),
      dataIndex: "activityName",
      width: 150,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">{DASH}</Typography.Text>,
    },
    {
      key: "status",
      title: t("mkt.cmp.status"),
      dataIndex: "status",
      width: 120,
      render: (v: number, r) => <CampaignStatusTag t={t} status={v} testid={`campaign-status-${r.id}`} />,
    },
    {
      key: "sendTime",
      title: t("mkt.cmp.time"),
      dataIndex: "sendTime",
      width: 170,
      render: (_: unknown, r) => (
        <span style={{ whiteSpace: "nowrap" }} data-testid={`campaign-time-${r.id}`}>
          {r.scheduledAt && (
            <Tag color="blue" variant="filled" style={{ marginInlineEnd: 4 }}>
              {t("mkt.cmp.scheduledTag")}
            </Tag>
          )}
          {localTime(r.scheduledAt ?? r.startedAt ?? r.sendTime)}
        </span>
      ),
    },
    {
      key: "progress",
      title: t("mkt.cmp.progress"),
      width: 230,
      exportKeys: [],
      render: (_: unknown, r) => <CampaignProgressCell t={t} r={r} testid={`campaign-progress-${r.id}`} />,
    },
    {
      key: "createdByName",
      title: t("mkt.cmp.createdBy"),
      dataIndex: "createdByName",
      width: 100,
      render: (v: string | null) => v ?? DASH,
    },
  ];
}

export default function CampaignList({ onOpen, onNew }: { onOpen: (r: CampaignRow) => void; onNew: () => void }) {
  const { t } = useI18n();
  const { can } = useSession();
  // Whether the page on screen holds a campaign that moves on its own (sending, waiting).
  const [moving, setMoving] = useState(false);
  const sendingHere = useAnyRunning();
  const fetch = useCallback(async (page: PageReq) => {
    const p = await api.marketing.campaigns(page);
    setMoving(p.items.some((r) => isActive(r.status)));
    return p;
  }, []);

  return (
    <div data-testid="marketing-campaigns">
      <ListPage<CampaignRow>
        id="marketingCampaigns"
        queryKey={marketingKeys.campaigns()}
        columns={columns(t)}
        filters={null}
        rowKey={(r) => r.id}
        fetch={fetch}
        onOpen={onOpen}
        openOnClick
        refetchInterval={moving || sendingHere ? POLL_MS : undefined}
        emptyText={t("mkt.cmp.empty")}
        toolbar={<Typography.Text type="secondary">{t("mkt.cmp.intro")}</Typography.Text>}
        actions={() =>
          can("marketing:send") && (
            <Button type="primary" icon={<PlusOutlined />} id="campaign-new" onClick={onNew}>
              {t("mkt.cmp.new")}
            </Button>
          )
        }
      />
    </div>
  );
}
