import { useQuery } from "@tanstack/react-query";
import { App, Button, Card, Input, Select, Skeleton, Space, Typography } from "antd";
import { GlobalOutlined, SyncOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import {
  api,
  customerKeys,
  seaKeys,
  type CustomerFilter,
  type CustomerLevel,
  type CustomerRow,
  type CustomerSort,
  type CustomerStatus,
  type SeaRules,
  type SweepReport,
} from "../../api";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn, type Sort } from "../../components/ListPage";
import { actionsWidth } from "../../components/actionsWidth";
import { localTime } from "../../format";
import { useI18n, type T } from "../../i18n";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS } from "../../domain/enums";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import ExportButton from "../dataio/ExportButton";
import CustomerDetail from "./CustomerDetail";
import CustomerForm from "./CustomerForm";
import { CustomerStatusTag, LevelTag } from "./labels";
import { customerAbilities, useCustomerActions } from "./useCustomerActions";

/** The active sea rules in one line, e.g. "超过 30 天未跟进自动回收 · 成交客户不回收 · 提前 3 天提醒". */
export function describeRules(t: T, r: SeaRules): string {
  if (!r.enabled) return t("sea.rules.off");
  const days = [r.daysA, r.daysB, r.daysC, r.daysUnrated];
  const parts = [
    days.every((d) => d === r.daysA)
      ? t("sea.rules.days", { n: r.daysA })
      : t("sea.rules.daysByLevel", { a: r.daysA, b: r.daysB, c: r.daysC, u: r.daysUnrated }),
  ];
  if (r.exemptDeal) parts.push(t("sea.rules.exemptDeal"));
  if (r.warnDays > 0) parts.push(t("sea.rules.warn", { n: r.warnDays }));
  if (r.reclaimCooldownDays > 0) parts.push(t("sea.rules.cooldown", { n: r.reclaimCooldownDays }));
  if (r.maxOwned > 0) parts.push(t("sea.rules.maxOwned", { n: r.maxOwned }));
  return parts.join(" · ");
}

const EMPTY: CustomerFilter = {
  keyword: null,
  status: null,
  level: null,
  customerType: null,
  ownerId: null,
  inSea: true,
  expiring: false,
  sort: "seaTime",
  desc: null,
};

/** The public sea: customers nobody owns, to claim (or, for managers, to assign). */
export default function Sea() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const nav = useNavigate();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState<CustomerFilter>(EMPTY);
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<CustomerRow | null>(null);
  const { user, can } = useSession();
  const perms = user.permissions;
  const rules = useQuery({ queryKey: seaKeys.rules(), queryFn: api.sea.rules });
  const actions = useCustomerActions();
  const open = (c: CustomerRow) => setParams({ id: String(c.id) });
  const set = (patch: Partial<CustomerFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // What the list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): CustomerFilter => ({
    ...filter,
    sort: (sort?.field as CustomerSort) ?? "seaTime",
    desc: sort ? sort.desc : null,
  });

  const { act, busy } = useApiAction({ invalidates: ["customers"] });
  const sweeping = busy === "sweep";
  const sweep = () =>
    act("sweep", api.sea.sweep, null, (r) => {
      const n = Number((r as SweepReport).recycled);
      if (n > 0) message.success(t("sea.swept", { n }));
      else message.info(t("sea.sweptNone"));
    });

  const columns: ListColumn<CustomerRow>[] = [
    {
      key: "customerName",
      title: t("customer.name"),
      dataIndex: "customerName",
      width: 220,
      sorter: true,
      ellipsis: true,
      render: (v: string, c) => <a onClick={() => open(c)}>{v}</a>,
    },
    {
      key: "level",
      title: t("customer.level"),
      dataIndex: "level",
      width: 80,
      sorter: true,
      render: (v: CustomerLevel | null) => <LevelTag level={v} />,
    },
    {
      key: "status",
      title: t("customer.status"),
      dataIndex: "status",
      width: 80,
      render: (v: CustomerStatus) => <CustomerStatusTag status={v} />,
    },
    { key: "ownerName", title: t("sea.previousOwner"), dataIndex: "ownerName", width: 110, render: (v: string | null) => v ?? "-" },
    { key: "seaTime", title: t("sea.seaTime"), dataIndex: "seaTime", width: 150, sorter: true, render: localTime },
    {
      key: "industry",
      title: t("customer.industry"),
      dataIndex: "industry",
      width: 130,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "actions",
      title: t("common.actions"),
      fixed: "right",
      width: actionsWidth([t("sea.claim"), t("sea.assign")]),
      render: (_, c) => {
        const a = customerAbilities(perms, c);
        return (
          <Space size={0} wrap onDoubleClick={(e) => e.stopPropagation()}>
            {a.claim && (
              <Button type="link" size="small" data-testid={`sea-claim-${c.id}`} onClick={() => actions.claim(c)}>
                {t("sea.claim")}
              </Button>
            )}
            {a.seaAssign && (
              <Button type="link" size="small" data-testid={`sea-assign-${c.id}`} onClick={() => actions.seaAssign(c)}>
                {t("sea.assign")}
              </Button>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="sea-page">
      <Card
        size="small"
        style={{ marginBottom: 16 }}
        styles={{ body: { display: "flex", alignItems: "center", gap: 16, flexWrap: "wrap" } }}
      >
        <GlobalOutlined style={{ fontSize: 22, color: "#722ed1" }} />
        <div style={{ flex: 1, minWidth: 240 }}>
          <Typography.Text strong>{t("sea.rules.title")}</Typography.Text>
          <div data-testid="sea-rules">
            {rules.isLoading ? (
              <Skeleton.Input active size="small" style={{ width: 360 }} />
            ) : rules.error ? (
              <Typography.Text type="danger">{errorMessage(t, rules.error)}</Typography.Text>
            ) : (
              rules.data && <Typography.Text type="secondary">{describeRules(t, rules.data)}</Typography.Text>
            )}
          </div>
        </div>
        <Space>
          {can("settings:update") && (
            <Button type="link" onClick={() => nav("/settings?tab=sea")}>
              {t("sea.rules.edit")}
            </Button>
          )}
          {can("customer:transfer") && (
            <Button icon={<SyncOutlined spin={sweeping} />} loading={sweeping} onClick={sweep} id="sea-sweep">
              {t("sea.sweep")}
            </Button>
          )}
        </Space>
      </Card>
      <ListPage<CustomerRow>
        id="sea"
        queryKey={customerKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        defaultSort={{ field: "updatedAt", desc: true }}
        fetch={(page, sort) => api.customers.list(query(sort), page)}
        actions={(view) => <ExportButton kind="customer" filter={query(view.sort)} columns={view.columns} />}
        onOpen={open}
        emptyText={t("sea.empty")}
        toolbar={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t("customer.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<CustomerLevel>
              allowClear
              placeholder={t("customer.level")}
              style={{ width: 90 }}
              value={filter.level ?? undefined}
              onChange={(v) => set({ level: v ?? null })}
              options={CUSTOMER_LEVEL.options(t)}
            />
            <Select<CustomerStatus>
              allowClear
              placeholder={t("customer.status")}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={CUSTOMER_STATUS.options(t)}
            />
          </Space>
        }
      />
      <CustomerDetail id={openId} actions={actions} onEdit={setEditing} onClose={() => setParams({})} />
      <CustomerForm editing={editing} onClose={() => setEditing(null)} />
      {actions.element}
    </div>
  );
}
