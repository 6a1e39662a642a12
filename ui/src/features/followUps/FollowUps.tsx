import { useQuery } from "@tanstack/react-query";
import { Button, DatePicker, Input, Select, Space, Tabs, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { followUpKeys, userKeys, api, type FollowUpFilter, type FollowUpRow, type RelationKind } from "../../api";
import { followTypeLabel, followTypeOptions, NextStepTag } from "./FollowUpTimeline";
import ListPage, { type ListColumn } from "../../components/ListPage";
import DrillTag, { useDrill } from "../../components/DrillTag";
import { readDrill, undrill, type DrillSpec } from "../../components/drill";
import EnumTag from "../../components/EnumTag";
import { RELATION_KIND } from "../../domain/enums";
import { fromDate, localTime, toDate, tzOffset } from "../../format";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";
import ExportButton from "../dataio/ExportButton";
import { TodoBoard } from "../todo/Todo";

const EMPTY: FollowUpFilter = { keyword: null, followType: null, relationType: null, createdBy: null, from: null, to: null };
/** What the dashboard may open the history with: follow-ups logged in its period, by one user. */
const DRILL = { from: "date", to: "date", createdBy: "id" } as const satisfies DrillSpec;
const path = (f: Pick<FollowUpRow, "relationType" | "relationId">) =>
  f.relationType === "lead" ? `/leads?id=${f.relationId}` : `/customers?id=${f.relationId}`;

/** Follow-up history of me and the people in my scope, newest first, with filters. */
function RecentFollowUps() {
  const { t } = useI18n();
  const nav = useNavigate();
  const { drill, dismiss } = useDrill(DRILL);
  const [filter, setFilter] = useState<FollowUpFilter>(() => ({ ...EMPTY, ...drill }));
  const [keyword, setKeyword] = useState("");
  const [range, setRange] = useState<[Dayjs | null, Dayjs | null] | null>(() =>
    drill?.from || drill?.to ? [fromDate(drill.from), fromDate(drill.to)] : null,
  );
  const users = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options });
  const set = (patch: Partial<FollowUpFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const filtered = JSON.stringify(filter) !== JSON.stringify(EMPTY);

  const columns: ListColumn<FollowUpRow>[] = [
    { key: "createdAt", title: t("follow.loggedAt"), dataIndex: "createdAt", sorter: byField("createdAt"), width: 150, render: localTime },
    {
      key: "followType",
      title: t("follow.type"),
      dataIndex: "followType",
      sorter: byField("followType"),
      width: 80,
      render: (v: string) => <Tag>{followTypeLabel(t, v)}</Tag>,
    },
    {
      key: "relation",
      title: t("follow.relation"),
      exportKeys: ["relationType", "relationName"],
      sorter: byField("relationName"),
      width: 220,
      ellipsis: true,
      render: (_, f) => (
        <Space size={4}>
          <EnumTag table={RELATION_KIND} value={f.relationType} />
          <a onClick={() => nav(path(f))} data-testid={`follow-relation-${f.id}`}>
            {f.relationName ?? `#${f.relationId}`}
          </a>
        </Space>
      ),
    },
    { key: "content", title: t("follow.content"), dataIndex: "content", width: 280, ellipsis: true },
    {
      key: "next",
      title: t("follow.nextTime"),
      exportKeys: ["nextFollowTime", "nextContent", "nextDone"],
      width: 220,
      render: (_, f) =>
        f.nextFollowTime ? (
          <Space size={4}>
            <Typography.Text style={{ fontSize: 13 }}>{localTime(f.nextFollowTime)}</Typography.Text>
            <NextStepTag f={f} />
          </Space>
        ) : (
          "-"
        ),
    },
    {
      key: "createdByName",
      title: t("common.createdBy"),
      dataIndex: "createdByName",
      sorter: byField("createdByName"),
      width: 90,
      render: (v: string | null) => v ?? "-",
    },
  ];

  return (
    <ListPage<FollowUpRow>
      id="followUpRecent"
      queryKey={followUpKeys.recent(filter)}
      columns={columns}
      filters={filter}
      rowKey={(r) => r.id}
      fetch={(page) => api.followUps.recent(filter, tzOffset(), page)}
      actions={(v) => <ExportButton kind="followUp" filter={filter} columns={v.columns} />}
      onOpen={(f) => nav(path(f))}
      emptyText={t("follow.emptyRecent")}
      toolbar={
        <Space wrap>
          {drill && (
            <DrillTag
              drill={drill}
              spec={DRILL}
              onClose={() => {
                setFilter((f) => undrill(f, drill, EMPTY));
                if (drill.from || drill.to) setRange(null);
                dismiss();
              }}
            />
          )}
          <Input.Search
            allowClear
            placeholder={t("follow.keyword")}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
            onSearch={(v) => set({ keyword: v.trim() || null })}
            style={{ width: 220 }}
          />
          <Select
            allowClear
            placeholder={t("follow.type")}
            style={{ width: 120 }}
            value={filter.followType ?? undefined}
            onChange={(v) => set({ followType: v ?? null })}
            options={followTypeOptions(t)}
          />
          <Select<RelationKind>
            allowClear
            placeholder={t("follow.relation")}
            style={{ width: 100 }}
            value={filter.relationType ?? undefined}
            onChange={(v) => set({ relationType: v ?? null })}
            options={RELATION_KIND.options(t)}
          />
          <Select
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            placeholder={t("common.createdBy")}
            style={{ width: 120 }}
            value={filter.createdBy ?? undefined}
            onChange={(v) => set({ createdBy: v ?? null })}
            options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName }))}
          />
          <DatePicker.RangePicker
            value={range}
            allowEmpty={[true, true]}
            style={{ width: 250 }}
            onChange={(v) => {
              setRange(v);
              set({ from: toDate(v?.[0]), to: toDate(v?.[1]) });
            }}
          />
          {filtered && (
            <Button
              onClick={() => {
                setFilter(EMPTY);
                setKeyword("");
                setRange(null);
                if (drill) dismiss();
              }}
            >
              {t("common.reset")}
            </Button>
          )}
        </Space>
      }
    />
  );
}

/** /follow-ups: the to-do board and the follow-up history. */
export default function FollowUps() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  // Opened from the dashboard with a period or a user: the history, filtered that way.
  const [historyFirst, setHistoryFirst] = useState(() => readDrill(params, DRILL) !== null);
  const asked = params.get("tab");
  const tab = asked === "history" || (historyFirst && asked === null) ? "history" : "todo";
  return (
    <div data-testid="follow-ups-page">
      <Tabs
        activeKey={tab}
        onChange={(k) => {
          setHistoryFirst(false);
          setParams(k === "history" ? { tab: k } : {});
        }}
        style={{ marginTop: -8 }}
        destroyOnHidden
        items={[
          { key: "todo", label: <span data-testid="follow-tab-todo">{t("follow.tab.todo")}</span>, children: <TodoBoard /> },
          { key: "history", label: <span data-testid="follow-tab-history">{t("follow.tab.history")}</span>, children: <RecentFollowUps /> },
        ]}
      />
    </div>
  );
}
