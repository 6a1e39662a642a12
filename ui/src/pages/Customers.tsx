import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Descriptions, Form, Input, Popconfirm, Radio, Select, Space, Tag, Timeline } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { api, ApiError, type CustomerFilter, type CustomerInput, type CustomerRow, type SessionUser } from "../api";
import type { CustomerSort } from "../api/types/CustomerSort";
import type { CustomerStatus } from "../api/types/CustomerStatus";
import DetailDrawer from "../components/DetailDrawer";
import FormDrawer from "../components/FormDrawer";
import ListPage, { type ListColumn } from "../components/ListPage";
import { useI18n } from "../i18n";
import { can } from "../nav";

dayjs.extend(utc);
export const localTime = (v: string | null | undefined) => (v ? dayjs.utc(v).local().format("YYYY-MM-DD HH:mm") : "-");

const FIELDS = ["customerName", "customerType", "industry", "scale", "address", "status", "level", "ownerId"] as const;
const STATUS_COLOR: Record<CustomerStatus, string> = { potential: "blue", deal: "green", lost: "default" };

function History({ id }: { id: number }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: ["oplog", "crm_customer", id], queryFn: () => api.oplog("crm_customer", id, { page: 1, pageSize: 50 }) });
  if (q.error) return <span>{q.error instanceof ApiError ? q.error.message : String(q.error)}</span>;
  return (
    <Timeline
      items={(q.data?.items ?? []).map((e) => ({
        children: (
          <div>
            <div>
              <b>{e.userName}</b> · {t(`action.${e.action}` as never)} · {localTime(e.createdAt)}
            </div>
            {e.changes &&
              Object.entries(e.changes).map(([k, [a, b]]) => (
                <div key={k} style={{ fontSize: 12, color: "#666" }}>
                  {k}: {String(a ?? "∅")} → {String(b ?? "∅")}
                </div>
              ))}
          </div>
        ),
      }))}
    />
  );
}

/** Customers the user may see (or the public sea): list, detail, create and edit. */
export default function Customers({ user, inSea = false }: { user: SessionUser; inSea?: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState<CustomerFilter>({ keyword: null, status: null, level: null, customerType: null, ownerId: null, inSea, sort: "updatedAt", desc: null });
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<CustomerRow | "new" | null>(null);
  const [form] = Form.useForm<CustomerInput>();
  const detail = useQuery({ queryKey: ["customer", openId], queryFn: () => api.customers.get(openId!), enabled: openId !== null });
  const owners = useQuery({ queryKey: ["userOptions"], queryFn: api.users.options });
  const perms = user.permissions;
  const refresh = () => {
    qc.invalidateQueries({ queryKey: ["customers"] });
    qc.invalidateQueries({ queryKey: ["customer"] });
    qc.invalidateQueries({ queryKey: ["oplog"] });
  };
  const open = (c: CustomerRow) => setParams({ id: String(c.id) });

  const columns: ListColumn<CustomerRow>[] = [
    { key: "customerName", title: t("customer.name"), dataIndex: "customerName", sorter: true, ellipsis: true, render: (v: string, c) => <a onClick={() => open(c)}>{v}</a> },
    { key: "customerType", title: t("customer.type"), dataIndex: "customerType", width: 90, render: (v: CustomerRow["customerType"]) => t(`customer.type.${v}`) },
    { key: "status", title: t("customer.status"), dataIndex: "status", width: 90, render: (v: CustomerStatus) => <Tag color={STATUS_COLOR[v]}>{t(`customer.status.${v}`)}</Tag> },
    { key: "level", title: t("customer.level"), dataIndex: "level", width: 80, sorter: true, render: (v: CustomerRow["level"]) => (v ? v.toUpperCase() : "-") },
    { key: "industry", title: t("customer.industry"), dataIndex: "industry", width: 150, ellipsis: true, render: (v: string | null) => v ?? "-" },
    { key: "ownerName", title: t("customer.owner"), dataIndex: "ownerName", width: 110 },
    { key: "updatedAt", title: t("customer.updatedAt"), dataIndex: "updatedAt", width: 160, sorter: true, render: localTime },
  ];

  const c = detail.data;
  return (
    <div data-testid={inSea ? "sea-page" : "customers-page"}>
      <ListPage<CustomerRow>
        id={inSea ? "sea" : "customers"}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        defaultSort={{ field: "updatedAt", desc: true }}
        fetch={(page, sort) => api.customers.list({ ...filter, sort: (sort?.field as CustomerSort) ?? "updatedAt", desc: sort ? sort.desc : null }, page)}
        onOpen={open}
        emptyText={t("customer.empty")}
        toolbar={
          <Space wrap>
            <Input.Search
              id="customer-keyword"
              allowClear
              placeholder={t("customer.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => setFilter((f) => ({ ...f, keyword: v || null }))}
              style={{ width: 240 }}
            />
            <Select<CustomerStatus>
              allowClear
              placeholder={t("customer.status")}
              style={{ width: 120 }}
              value={filter.status ?? undefined}
              onChange={(v) => setFilter((f) => ({ ...f, status: v ?? null }))}
              options={(["potential", "deal", "lost"] as const).map((s) => ({ value: s, label: t(`customer.status.${s}`) }))}
            />
            <Select
              allowClear
              placeholder={t("customer.level")}
              style={{ width: 100 }}
              value={filter.level ?? undefined}
              onChange={(v) => setFilter((f) => ({ ...f, level: v ?? null }))}
              options={(["a", "b", "c"] as const).map((l) => ({ value: l, label: l.toUpperCase() }))}
            />
            {!inSea && can(perms, "customer:create") && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="customer-new">
                {t("customer.new")}
              </Button>
            )}
          </Space>
        }
      />
      <DetailDrawer
        open={openId !== null}
        onClose={() => setParams({})}
        title={c?.customerName ?? ""}
        extra={
          c &&
          !c.inSea && (
            <Space>
              {can(perms, "customer:update") && <Button onClick={() => setEditing(c)}>{t("common.edit")}</Button>}
              {can(perms, "customer:delete") && (
                <Popconfirm
                  title={t("customer.deleteConfirm")}
                  onConfirm={async () => {
                    try {
                      await api.customers.remove(c.id);
                      setParams({});
                      refresh();
                    } catch (e) {
                      message.error(e instanceof ApiError ? e.message : String(e));
                    }
                  }}
                >
                  <Button danger>{t("common.delete")}</Button>
                </Popconfirm>
              )}
            </Space>
          )
        }
        tabs={[
          {
            key: "info",
            label: t("customer.tab.info"),
            children: detail.error ? (
              <span>{detail.error instanceof ApiError ? detail.error.message : String(detail.error)}</span>
            ) : (
              c && (
                <Descriptions column={2} bordered size="small">
                  <Descriptions.Item label={t("customer.type")}>{t(`customer.type.${c.customerType}`)}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.status")}>
                    <Tag color={STATUS_COLOR[c.status]}>{t(`customer.status.${c.status}`)}</Tag>
                  </Descriptions.Item>
                  <Descriptions.Item label={t("customer.level")}>{c.level?.toUpperCase() ?? "-"}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.owner")}>{c.ownerName}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.industry")}>{c.industry ?? "-"}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.scale")}>{c.scale ?? "-"}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.address")} span={2}>
                    {c.address ?? "-"}
                  </Descriptions.Item>
                  <Descriptions.Item label={t("customer.createdAt")}>{localTime(c.createdAt)}</Descriptions.Item>
                  <Descriptions.Item label={t("customer.updatedAt")}>{localTime(c.updatedAt)}</Descriptions.Item>
                </Descriptions>
              )
            ),
          },
          ...(can(perms, "oplog:read") && openId ? [{ key: "history", label: t("customer.tab.history"), children: <History id={openId} /> }] : []),
        ]}
      />
      <FormDrawer<CustomerInput>
        open={editing !== null}
        title={editing === "new" ? t("customer.new") : t("customer.edit")}
        form={form}
        fields={FIELDS}
        initialValues={
          editing && editing !== "new"
            ? { customerName: editing.customerName, customerType: editing.customerType, industry: editing.industry, scale: editing.scale, address: editing.address, status: editing.status, level: editing.level, ownerId: editing.ownerId }
            : { customerType: "enterprise", status: "potential", level: null, ownerId: user.id }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const input: CustomerInput = { ...v, industry: v.industry || null, scale: v.scale || null, address: v.address || null, level: v.level ?? null, ownerId: v.ownerId ?? null };
          if (editing === "new") await api.customers.create(input);
          else if (editing) await api.customers.update(editing.id, input);
          refresh();
        }}
      >
        <Form.Item name="customerName" label={t("customer.name")} rules={[{ required: true, message: t("common.required", { label: t("customer.name") }) }]}>
          <Input id="customer-name" maxLength={200} />
        </Form.Item>
        <Form.Item name="customerType" label={t("customer.type")}>
          <Radio.Group options={(["enterprise", "personal"] as const).map((v) => ({ value: v, label: t(`customer.type.${v}`) }))} />
        </Form.Item>
        <Space size="large">
          <Form.Item name="status" label={t("customer.status")}>
            <Select style={{ width: 140 }} options={(["potential", "deal", "lost"] as const).map((s) => ({ value: s, label: t(`customer.status.${s}`) }))} />
          </Form.Item>
          <Form.Item name="level" label={t("customer.level")}>
            <Select allowClear style={{ width: 120 }} options={(["a", "b", "c"] as const).map((l) => ({ value: l, label: l.toUpperCase() }))} />
          </Form.Item>
        </Space>
        <Form.Item name="industry" label={t("customer.industry")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="scale" label={t("customer.scale")}>
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="address" label={t("customer.address")}>
          <Input maxLength={500} />
        </Form.Item>
        {editing === "new" && (
          <Form.Item name="ownerId" label={t("customer.owner")}>
            <Select showSearch optionFilterProp="label" options={(owners.data ?? []).map((o) => ({ value: o.id, label: o.fullName }))} />
          </Form.Item>
        )}
      </FormDrawer>
    </div>
  );
}
