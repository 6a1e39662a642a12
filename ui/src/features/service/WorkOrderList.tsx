// The work queue: which orders (进行中 by default), quick toggles (mine, unassigned),
// priority, type and SLA filters, a search by number or title, the order (nearest deadline
// first by default), and the list itself with ticking countdowns. A click opens the order.
import { Checkbox, Input, Segmented, Select, Space, Typography } from "antd";
import { useState } from "react";
import {
  api,
  serviceKeys,
  type SlaState,
  type WorkOrderFilter,
  type WorkOrderPriority,
  type WorkOrderQueue,
  type WorkOrderRow,
} from "../../api";
import ListPage from "../../components/ListPage";
import { SLA_STATE, WORK_ORDER_PRIORITY, WORK_ORDER_QUEUE, WORK_ORDER_SORT } from "../../domain/enums";
import { useI18n } from "../../i18n";
import ExportButton from "../dataio/ExportButton";
import { useServiceSettings, workOrderColumns } from "./columns";

/** The service page's list before the user filters: open orders, nearest deadline first. */
export const DEFAULT_FILTER: WorkOrderFilter = {
  queue: "open",
  priority: null,
  mine: false,
  unassigned: false,
  assigneeId: null,
  sla: null,
  customerId: null,
  contactId: null,
  contractId: null,
  orderType: null,
  q: null,
  sort: "due",
  desc: false,
};

/** The SLA filter: only the running states (an open order's). */
const SLA_FILTER: SlaState[] = ["breached", "atRisk", "onTrack"];

/** Why the list is empty, in words that help (the queue and whether filters narrow it). */
function emptyText(t: ReturnType<typeof useI18n>["t"], f: WorkOrderFilter): string {
  const narrowed = f.priority || f.mine || f.unassigned || f.sla || f.orderType || f.q;
  if (narrowed) return t("wo.emptyFiltered");
  if (f.queue === "open") return t("wo.emptyOpen");
  if (f.queue === "unrated") return t("wo.emptyUnrated");
  return t("wo.empty");
}

export default function WorkOrderList({
  filter,
  onFilter,
  onOpen,
}: {
  filter: WorkOrderFilter;
  onFilter: (f: WorkOrderFilter) => void;
  onOpen: (id: number) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(filter.q ?? "");
  const settings = useServiceSettings();
  const set = (patch: Partial<WorkOrderFilter>) => onFilter({ ...filter, ...patch });
  const types = settings.data?.types ?? [];

  return (
    <ListPage<WorkOrderRow>
      id="workOrders"
      queryKey={serviceKeys.list(filter)}
      columns={workOrderColumns(t)}
      filters={filter}
      rowKey={(r) => r.id}
      fetch={(page) => api.service.list(filter, page)}
      actions={(v) => <ExportButton kind="workOrder" filter={filter} columns={v.columns} />}
      onOpen={(r) => onOpen(r.id)}
      openOnClick
      // New orders and others' changes show up without a manual refresh.
      refetchInterval={60_000}
      defaultHidden={["satisfaction"]}
      emptyText={emptyText(t, filter)}
      toolbar={
        <Space orientation="vertical" size={8} style={{ width: "100%" }}>
          <Segmented<WorkOrderQueue>
            id="wo-queue"
            value={filter.queue}
            onChange={(queue) => set({ queue })}
            options={WORK_ORDER_QUEUE.values.map((v) => ({
              value: v,
              label: <span data-testid={`wo-queue-${v}`}>{WORK_ORDER_QUEUE.label(t, v)}</span>,
            }))}
          />
          <Space wrap size={[12, 8]}>
            <Input.Search
              id="wo-search"
              allowClear
              placeholder={t("wo.searchPlaceholder")}
              value={text}
              onChange={(e) => setText(e.target.value)}
              onSearch={(v) => set({ q: v.trim() || null })}
              style={{ width: 240 }}
            />
            <Checkbox id="wo-mine" checked={filter.mine} onChange={(e) => set({ mine: e.target.checked, unassigned: false })}>
              {t("wo.mine")}
            </Checkbox>
            <Checkbox id="wo-unassigned" checked={filter.unassigned} onChange={(e) => set({ unassigned: e.target.checked, mine: false })}>
              {t("wo.unassigned")}
            </Checkbox>
            <Select<WorkOrderPriority>
              id="wo-filter-priority"
              allowClear
              placeholder={t("wo.priority")}
              style={{ width: 100 }}
              value={filter.priority ?? undefined}
              onChange={(v) => set({ priority: v ?? null })}
              options={WORK_ORDER_PRIORITY.options(t)}
            />
            <Select<string>
              id="wo-filter-type"
              allowClear
              placeholder={t("wo.type")}
              style={{ width: 120 }}
              value={filter.orderType ?? undefined}
              onChange={(v) => set({ orderType: v ?? null })}
              options={types.map((v) => ({ value: v, label: v }))}
            />
            <Select<SlaState>
              id="wo-filter-sla"
              allowClear
              placeholder={t("wo.sla")}
              style={{ width: 110 }}
              value={filter.sla ?? undefined}
              onChange={(v) => set({ sla: v ?? null })}
              options={SLA_FILTER.map((v) => ({ value: v, label: SLA_STATE.label(t, v) }))}
            />
            <Space size={4}>
              <Typography.Text type="secondary">{t("wo.sortBy")}</Typography.Text>
              <Select
                id="wo-sort"
                style={{ width: 150 }}
                value={filter.sort}
                onChange={(sort) => set({ sort, desc: false })}
                options={WORK_ORDER_SORT.options(t)}
              />
            </Space>
          </Space>
        </Space>
      }
    />
  );
}
