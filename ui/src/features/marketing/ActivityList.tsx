// The activity list: a search by name, the type (from the settings), the status and a date
// range (activities running in it), and each activity's budget, cost and what it brought in
// (budget execution, leads, customers, won amount, ROI). A click opens the activity.
import { Button, DatePicker, Input, Select, Space, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { api, marketingKeys } from "../../api";
import type { ActivityFilter } from "../../api/types/ActivityFilter";
import type { ActivityRow } from "../../api/types/ActivityRow";
import type { ActivityStatus } from "../../api/types/ActivityStatus";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { localTime, toDate } from "../../format";
import { useI18n, type T } from "../../i18n";
import {
  ACTIVITY_STATUS,
  ActivityStatusTag,
  executionColor,
  FigureText,
  moneyOrDash,
  pctOrDash,
  roiColor,
  useMarketingSettings,
} from "./shared";

export const EMPTY_FILTER: ActivityFilter = { keyword: null, activityType: null, status: null, from: null, to: null };

/** The list's columns; `actions` adds the edit / delete cell. */
export function activityColumns(
  t: T,
  actions?: { edit?: (r: ActivityRow) => void; remove?: (r: ActivityRow) => void },
): ListColumn<ActivityRow>[] {
  const num = (key: string, title: string, width: number, cell: (r: ActivityRow) => { text: string; color?: string }) => ({
    key,
    title,
    width,
    align: "right" as const,
    render: (_: unknown, r: ActivityRow) => {
      const c = cell(r);
      return <FigureText text={c.text} color={c.color} testid={`activity-${key}-${r.id}`} />;
    },
  });
  const cols: ListColumn<ActivityRow>[] = [
    {
      key: "activityName",
      title: t("mkt.act.name"),
      dataIndex: "activityName",
      width: 200,
      render: (v: string, r) => (
        <Typography.Link data-testid={`activity-open-${r.id}`} ellipsis style={{ maxWidth: 184 }}>
          {v}
        </Typography.Link>
      ),
    },
    {
      key: "activityType",
      title: t("mkt.act.type"),
      dataIndex: "activityType",
      width: 100,
      render: (v: string) => (
        <Tag variant="filled" style={{ marginInlineEnd: 0 }}>
          {v}
        </Tag>
      ),
    },
    {
      key: "period",
      title: t("mkt.act.period"),
      width: 160,
      render: (_: unknown, r) => (
        <div style={{ whiteSpace: "nowrap", fontSize: 12, lineHeight: "18px" }} data-testid={`activity-period-${r.id}`}>
          <div>{localTime(r.startTime)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("mkt.act.until", { time: localTime(r.endTime) })}
          </Typography.Text>
        </div>
      ),
    },
    {
      key: "status",
      title: t("mkt.act.status"),
      dataIndex: "status",
      width: 120,
      render: (v: ActivityStatus, r) => <ActivityStatusTag t={t} status={v} manual={r.statusManual} testid={`activity-status-${r.id}`} />,
    },
    num("budget", t("mkt.fig.budget"), 120, (r) => ({ text: moneyOrDash(r.budget) })),
    num("cost", t("mkt.fig.cost"), 120, (r) => ({ text: moneyOrDash(r.actualCost) })),
    num("executionPct", t("mkt.fig.executionPct"), 100, (r) => ({
      text: pctOrDash(r.figures.executionPct),
      color: executionColor(r.figures.executionPct),
    })),
    num("leads", t("mkt.fig.leads"), 80, (r) => ({ text: String(r.figures.leads) })),
    num("customers", t("mkt.fig.customers"), 80, (r) => ({ text: String(r.figures.customers) })),
    num("wonAmount", t("mkt.fig.wonAmount"), 130, (r) => ({ text: moneyOrDash(r.figures.wonAmount) })),
    num("roiPct", t("mkt.fig.roiPct"), 100, (r) => ({ text: pctOrDash(r.figures.roiPct), color: roiColor(r.figures.roiPct) })),
  ];
  if (actions?.edit || actions?.remove)
    cols.push({
      key: "actions",
      title: t("common.actions"),
      width: 130,
      fixed: "right",
      exportKeys: [],
      render: (_: unknown, r) => (
        // The row opens on a click; its buttons do not.
        <Space size={0} onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
          {actions.edit && (
            <Button size="small" type="link" icon={<EditOutlined />} data-testid={`activity-edit-${r.id}`} onClick={() => actions.edit!(r)}>
              {t("common.edit")}
            </Button>
          )}
          {actions.remove && (
            <Button
              size="small"
              type="link"
              danger
              icon={<DeleteOutlined />}
              data-testid={`activity-delete-${r.id}`}
              onClick={() => actions.remove!(r)}
            >
              {t("common.delete")}
            </Button>
          )}
        </Space>
      ),
    });
  return cols;
}

export default function ActivityList({
  onOpen,
  onNew,
  onEdit,
  onRemove,
}: {
  onOpen: (r: ActivityRow) => void;
  onNew: () => void;
  onEdit: (r: ActivityRow) => void;
  onRemove: (r: ActivityRow) => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  const [filter, setFilter] = useState<ActivityFilter>(EMPTY_FILTER);
  const [keyword, setKeyword] = useState("");
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(null);
  const settings = useMarketingSettings();
  const types = settings.data?.activityTypes ?? [];
  const set = (patch: Partial<ActivityFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const filtered = !!(filter.keyword || filter.activityType || filter.status || filter.from || filter.to);

  return (
    <div data-testid="marketing-activities">
      <ListPage<ActivityRow>
        id="marketingActivities"
        queryKey={marketingKeys.activities(filter)}
        columns={activityColumns(t, {
          edit: can("marketing:update") ? onEdit : undefined,
          remove: can("marketing:delete") ? onRemove : undefined,
        })}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page) => api.marketing.activities(filter, page)}
        onOpen={onOpen}
        openOnClick
        emptyText={filtered ? t("mkt.act.emptyFiltered") : t("mkt.act.empty")}
        actions={() =>
          can("marketing:create") && (
            <Button type="primary" icon={<PlusOutlined />} id="activity-new" onClick={onNew}>
              {t("mkt.act.new")}
            </Button>
          )
        }
        toolbar={
          <Space wrap size={[12, 8]}>
            <Input.Search
              id="activity-search"
              allowClear
              placeholder={t("mkt.act.searchPlaceholder")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<string>
              id="activity-filter-type"
              allowClear
              placeholder={t("mkt.act.type")}
              style={{ width: 130 }}
              value={filter.activityType ?? undefined}
              onChange={(v) => set({ activityType: v ?? null })}
              options={types.map((v) => ({ value: v, label: v }))}
            />
            <Select<ActivityStatus>
              id="activity-filter-status"
              allowClear
              placeholder={t("mkt.act.status")}
              style={{ width: 120 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={ACTIVITY_STATUS.options(t)}
            />
            <DatePicker.RangePicker
              id="activity-filter-range"
              value={range}
              allowEmpty={[true, true]}
              placeholder={[t("mkt.act.rangeFrom"), t("mkt.act.rangeTo")]}
              style={{ width: 260 }}
              onChange={(v) => {
                setRange(v);
                set({ from: toDate(v?.[0]), to: toDate(v?.[1]) });
              }}
            />
            {filtered && (
              <Button
                id="activity-filter-reset"
                onClick={() => {
                  setFilter(EMPTY_FILTER);
                  setKeyword("");
                  setRange(null);
                }}
              >
                {t("common.reset")}
              </Button>
            )}
          </Space>
        }
      />
    </div>
  );
}
