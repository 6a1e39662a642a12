// The statuses of an SMS campaign and of each of its recipients, as the backend numbers them,
// with their labels and tag colours.
import { Tag } from "antd";
import type { MessageKey, T } from "../../i18n";

type Meta = { label: MessageKey; color: string };

/** 1 待发送 2 发送中 3 等待发送时段 4 已完成 5 已取消. */
export const CAMPAIGN_STATUS: Record<number, Meta> = {
  1: { label: "mkt.cmp.status.1", color: "blue" },
  2: { label: "mkt.cmp.status.2", color: "processing" },
  3: { label: "mkt.cmp.status.3", color: "gold" },
  4: { label: "mkt.cmp.status.4", color: "green" },
  5: { label: "mkt.cmp.status.5", color: "default" },
};
export const SCHEDULED = 1;
export const SENDING = 2;
export const WAITING = 3;
export const DONE = 4;
export const CANCELLED = 5;

/** A campaign still to send (or being sent, or waiting): it can be sent on or cancelled. */
export const isOpen = (status: number) => status === SCHEDULED || status === SENDING || status === WAITING;
/** A campaign whose numbers move on their own (the list and the detail poll it). */
export const isActive = (status: number) => status === SENDING || status === WAITING;

/** 0 待发送 1 发送中 2 已提交 3 失败 4 退订排除 5 号码无效 6 重复号码 7 近期已发 8 结果未知. */
export const DETAIL_STATUS: Record<number, Meta> = {
  0: { label: "mkt.cmp.dstatus.0", color: "default" },
  1: { label: "mkt.cmp.dstatus.1", color: "processing" },
  2: { label: "mkt.cmp.dstatus.2", color: "green" },
  3: { label: "mkt.cmp.dstatus.3", color: "red" },
  4: { label: "mkt.cmp.dstatus.4", color: "purple" },
  5: { label: "mkt.cmp.dstatus.5", color: "orange" },
  6: { label: "mkt.cmp.dstatus.6", color: "default" },
  7: { label: "mkt.cmp.dstatus.7", color: "cyan" },
  8: { label: "mkt.cmp.dstatus.8", color: "magenta" },
};
export const DETAIL_STATUSES = Object.keys(DETAIL_STATUS).map(Number);

function StatusTag({ t, meta, value, testid }: { t: T; meta: Meta | undefined; value: number; testid?: string }) {
  return (
    <Tag color={meta?.color} data-testid={testid} data-status={value} style={{ marginInlineEnd: 0 }}>
      {meta ? t(meta.label) : `#${value}`}
    </Tag>
  );
}

export const CampaignStatusTag = ({ t, status, testid }: { t: T; status: number; testid?: string }) => (
  <StatusTag t={t} meta={CAMPAIGN_STATUS[status]} value={status} testid={testid} />
);

export const DetailStatusTag = ({ t, status, testid }: { t: T; status: number; testid?: string }) => (
  <StatusTag t={t} meta={DETAIL_STATUS[status]} value={status} testid={testid} />
);
