import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Dropdown, Input, Select, Space, Tabs } from "antd";
import { EllipsisOutlined, PlusOutlined, SettingOutlined } from "@ant-design/icons";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useSearchParams } from "react-router";
import {
  api,
  leadKeys,
  poolKeys,
  userKeys,
  type IntentLevel,
  type LeadFilter,
  type LeadRow,
  type LeadSort,
  type LeadStatus,
} from "../../api";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn, type Sort } from "../../components/ListPage";
import DrillTag, { useDrill } from "../../components/DrillTag";
import { undrill, type DrillSpec } from "../../components/drill";
import { actionsWidth } from "../../components/actionsWidth";
import { fromDate, localTime, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { INTENT_LEVEL, LEAD_STATUS } from "../../domain/enums";
import ExportButton from "../dataio/ExportButton";
import ImportButton from "../dataio/ImportButton";
import { IntentTag, LeadStatusTag, leadAbilities } from "./labels";
import LeadDetail from "./LeadDetail";
import LeadForm from "./LeadForm";
import PoolManager from "./PoolManager";
import { useLeadActions } from "./useLeadActions";
import ActivitySelect from "../customers/ActivitySelect";

type View = "mine" | "pool";

const EMPTY: Omit<LeadFilter, "unassigned"> = {
  keyword: null,
  status: null,
  source: null,
  intentLevel: null,
  ownerId: null,
  poolId: null,
  activityId: null,
  createdFrom: null,
  createdTo: null,
  sort: "updatedAt",
  desc: null,
};

/** What the dashboard may open the list with (leads created in its period, of one source, of one owner). */
const DRILL = { createdFrom: "date", createdTo: "date", source: "text", ownerId: "id" } as const satisfies DrillSpec;

/** Leads: "my leads" (owned, within my scope) and the lead pools (unowned, to claim or assign). */
export default function Leads() {
  const { t } = useI18n();
  const { user, can } = useSession();
  const perms = user.permissions;
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const view: View = params.get("view") === "pool" ? "pool" : "mine";
  const { drill, dismiss } = useDrill(DRILL);
  const [filter, setFilter] = useState(() => ({ ...EMPTY, ...drill }));
  const [keyword, setKeyword] = useState("");
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() =>
    drill?.createdFrom || drill?.createdTo ? [fromDate(drill.createdFrom), fromDate(drill.createdTo)] : null,
  );
  const [editing, setEditing] = useState<LeadRow | "new" | null>(null);
  const [managing, setManaging] = useState(false);
  const pools = useQuery({ queryKey: poolKeys.list(), queryFn: api.pools.list });
  const sources = useQuery({ queryKey: leadKeys.sources(), queryFn: api.leads.sources });
  const owners = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options, enabled: view === "mine" });
  const open = (l: LeadRow) => setParams(view === "pool" ? { view, id: String(l.id) } : { id: String(l.id) });
  const close = () => setParams(view === "pool" ? { view } : {});
  const actions = useLeadActions({ onEdit: setEditing, onDeleted: (id) => id === openId && close() });
  const pool = view === "pool";
  const waiting = (pools.data ?? []).reduce((n, p) => n + Number(p.waiting), 0);
  const set = (patch: Partial<typeof filter>) => setFilter((f) => ({ ...f, ...patch }));

  const switchView = (v: View) => setParams(v === "pool" ? { view: v } : {});
  const reset = () => {
    setFilter(EMPTY);
    setKeyword("");
    setRange(null);
    if (drill) dismiss();
  };
  const clearDrill = () => {
    setFilter((f) => undrill(f, drill, EMPTY));
    if (drill?.createdFrom || drill?.createdTo) setRange(null);
    dismiss();
  };
  const filtered = JSON.stringify({ ...filter, sort: null, desc: null }) !== JSON.stringify({ ...EMPTY, sort: null, desc: null });

  const columns: ListColumn<LeadRow>[] = [
    {
      key: "leadName",
      title: t("lead.name"),
      dataIndex: "leadName",
      width: 160,
      sorter: true,
      ellipsis: true,
      render: (v: string, l) => (
        <a onClick={() => open(l)} data-testid={`lead-open-${l.id}`}>
          {v}
        </a>
      ),
    },
    { key: "company", title: t("lead.company"), dataIndex: "company", ellipsis: true, width: 180, render: (v: string | null) => v ?? "-" },
    { key: "phone", title: t("lead.phone"), dataIndex: "phone", width: 125, render: (v: string | null) => v ?? "-" },
    { key: "source", title: t("lead.source"), dataIndex: "source", width: 90, render: (v: string | null) => v ?? "-" },
    {
      key: "activityName",
      title: t("lead.activity"),
      dataIndex: "activityName",
      width: 140,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "intentLevel",
      title: t("lead.intentLevel"),
      dataIndex: "intentLevel",
      width: 85,
      sorter: true,
      render: (v: IntentLevel | null) => <IntentTag level={v} />,
    },
    { key: "status", title: t("lead.status"), dataIndex: "status", width: 85, render: (v: LeadStatus) => <LeadStatusTag status={v} /> },
    pool
      ? {
          key: "poolName",
          title: t("lead.pool"),
          dataIndex: "poolName",
          width: 120,
          ellipsis: true,
          render: (v: string | null) => v ?? "-",
        }
      : { key: "ownerName", title: t("lead.owner"), dataIndex: "ownerName", width: 90, render: (v: string | null) => v ?? "-" },
    { key: "createdAt", title: t("customer.createdAt"), dataIndex: "createdAt", width: 150, sorter: true, render: localTime },
    { key: "updatedAt", title: t("customer.updatedAt"), dataIndex: "updatedAt", width: 150, sorter: true, render: localTime },
    {
      key: "actions",
      title: t("common.actions"),
      width: pool
        ? actionsWidth([t("lead.claim")], { icons: 1 })
        : actionsWidth([can("follow_up:create") && t("follow.new"), t("lead.convertShort")], { icons: 1 }),
      fixed: "right",
      render: (_, l) => {
        const a = leadAbilities(perms, l);
        const more = actions.menu(l) ?? [];
        return (
          <Space size={0} wrap onDoubleClick={(e) => e.stopPropagation()}>
            {a.claim && (
              <Button type="link" size="small" onClick={() => actions.claim(l)} data-testid={`lead-claim-${l.id}`}>
                {t("lead.claim")}
              </Button>
            )}
            {a.followUp && can("follow_up:create") && (
              <Button type="link" size="small" onClick={() => actions.followUp(l)}>
                {t("follow.new")}
              </Button>
            )}
            {a.convert && (
              <Button type="link" size="small" onClick={() => actions.convert(l)}>
                {t("lead.convertShort")}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown menu={{ items: more }} trigger={["click"]}>
                <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t("common.more")} />
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  const effective: LeadFilter = { ...filter, unassigned: pool, ownerId: pool ? null : filter.ownerId };
  // What the list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): LeadFilter => ({
    ...effective,
    sort: (sort?.field as LeadSort) ?? "updatedAt",
    desc: sort ? sort.desc : null,
  });

  return (
    <div data-testid="leads-page">
      <Tabs
        activeKey={view}
        onChange={(k) => switchView(k as View)}
        style={{ marginTop: -8 }}
        items={[
          { key: "mine", label: <span data-testid="leads-tab-mine">{t("lead.tab.mine")}</span> },
          {
            key: "pool",
            label: (
              <span data-testid="leads-tab-pool">
                {t("lead.tab.pool")}
                {waiting > 0 ? ` (${waiting})` : ""}
              </span>
            ),
          },
        ]}
      />
      <ListPage<LeadRow>
        key={view}
        id={pool ? "leadPool" : "leads"}
        queryKey={leadKeys.list(effective)}
        columns={columns}
        filters={effective}
        rowKey={(r) => r.id}
        defaultSort={{ field: "updatedAt", desc: true }}
        fetch={(page, sort) => api.leads.list(query(sort), page)}
        actions={(v) => (
          <>
            <ImportButton kind="lead" defaults={pool ? { ownerMode: "pool", poolId: filter.poolId } : undefined} />
            <ExportButton kind="lead" filter={query(v.sort)} columns={v.columns} />
          </>
        )}
        onOpen={open}
        emptyText={pool ? t("lead.poolEmpty") : t("lead.empty")}
        toolbar={
          <Space wrap>
            {drill && <DrillTag drill={drill} spec={DRILL} onClose={clearDrill} />}
            <Input.Search
              id="lead-keyword"
              allowClear
              placeholder={t("lead.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select
              allowClear
              placeholder={pool ? t("lead.allPools") : t("lead.pool")}
              style={{ width: 150 }}
              value={filter.poolId ?? undefined}
              onChange={(v) => set({ poolId: v ?? null })}
              options={(pools.data ?? []).map((p) => ({ value: p.id, label: pool ? `${p.poolName} (${p.waiting})` : p.poolName }))}
              data-testid="lead-pool-filter"
            />
            <Select<LeadStatus>
              allowClear
              placeholder={t("lead.status")}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={LEAD_STATUS.options(t, (s) => !pool || s !== "converted")}
            />
            <Select
              allowClear
              showSearch
              placeholder={t("lead.source")}
              style={{ width: 120 }}
              value={filter.source ?? undefined}
              onChange={(v) => set({ source: v ?? null })}
              options={(sources.data ?? []).map((s) => ({ value: s, label: s }))}
            />
            <ActivitySelect
              id="lead-filter-activity"
              placeholder={t("lead.activity")}
              style={{ width: 150 }}
              value={filter.activityId}
              onChange={(v) => set({ activityId: v })}
            />
            <Select<IntentLevel>
              allowClear
              placeholder={t("lead.intentLevel")}
              style={{ width: 110 }}
              value={filter.intentLevel ?? undefined}
              onChange={(v) => set({ intentLevel: v ?? null })}
              options={INTENT_LEVEL.options(t)}
            />
            {!pool && (
              <Select
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                placeholder={t("lead.owner")}
                style={{ width: 120 }}
                value={filter.ownerId ?? undefined}
                onChange={(v) => set({ ownerId: v ?? null })}
                options={(owners.data ?? []).map((o) => ({ value: o.id, label: o.fullName }))}
              />
            )}
            <DatePicker.RangePicker
              value={range}
              allowEmpty={[true, true]}
              placeholder={[t("lead.createdFrom"), t("lead.createdTo")]}
              style={{ width: 250 }}
              onChange={(v) => {
                setRange(v);
                set({ createdFrom: toDate(v?.[0]), createdTo: toDate(v?.[1]) });
              }}
            />
            {filtered && <Button onClick={reset}>{t("common.reset")}</Button>}
            {pool && can("lead:assign") && (
              <Button icon={<SettingOutlined />} onClick={() => setManaging(true)} id="pool-manage">
                {t("pool.manage")}
              </Button>
            )}
            {can("lead:create") && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="lead-new">
                {t("lead.new")}
              </Button>
            )}
          </Space>
        }
      />
      <LeadDetail id={openId} actions={actions} onClose={close} />
      <LeadForm editing={editing} defaults={pool ? { toPool: true, poolId: filter.poolId } : undefined} onClose={() => setEditing(null)} />
      <PoolManager open={managing} onClose={() => setManaging(false)} />
      {actions.element}
    </div>
  );
}
