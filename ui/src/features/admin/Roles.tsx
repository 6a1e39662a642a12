import { useQuery } from "@tanstack/react-query";
import { Button, Checkbox, Form, Input, Popconfirm, Select, Space, Table, Tag } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, roleKeys, type PermissionModule, type RoleInput, type RoleView } from "../../api";
import EnumTag from "../../components/EnumTag";
import { DATA_SCOPE, ROLE_STATUS } from "../../domain/enums";
import { useApiAction } from "../../hooks/useApiMutation";
import type { DataScope } from "../../api/types/DataScope";
import FormDrawer from "../../components/FormDrawer";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";

/** Checkbox grid: one row per module, one column per action; a module's "all" box grants `module:*`. */
export function PermissionMatrix({
  catalog,
  value,
  onChange,
  disabled,
}: {
  catalog: PermissionModule[];
  value?: string[];
  onChange?: (v: string[]) => void;
  disabled?: boolean;
}) {
  const { t, lang } = useI18n();
  const set = new Set(value ?? []);
  const all = set.has("*");
  const actions = Array.from(new Set(catalog.flatMap((m) => m.actions)));
  const update = (next: Set<string>) => onChange?.(Array.from(next).sort());
  const has = (m: string, a: string) => all || set.has(`${m}:*`) || set.has(`${m}:${a}`);
  return (
    <div>
      <Checkbox
        checked={all}
        disabled={disabled}
        onChange={(e) => update(e.target.checked ? new Set(["*"]) : new Set())}
        style={{ marginBottom: 8 }}
      >
        {t("role.allPermissions")}
      </Checkbox>
      <Table
        size="small"
        pagination={false}
        rowKey="module"
        dataSource={catalog}
        columns={[
          { title: t("role.module"), key: "m", width: 120, render: (_, m) => (lang === "zh-CN" ? m.labelZh : m.labelEn) },
          {
            title: t("role.allActions"),
            key: "all",
            width: 70,
            render: (_, m) => (
              <Checkbox
                aria-label={`${m.module}:*`}
                checked={all || set.has(`${m.module}:*`)}
                disabled={disabled || all}
                onChange={(e) => {
                  const next = new Set([...set].filter((k) => !k.startsWith(`${m.module}:`)));
                  if (e.target.checked) next.add(`${m.module}:*`);
                  update(next);
                }}
              />
            ),
          },
          ...actions.map((a) => ({
            title: t(`perm.${a}` as never) || a,
            key: a,
            width: 64,
            render: (_: unknown, m: PermissionModule) =>
              m.actions.includes(a) ? (
                <span data-perm={`${m.module}:${a}`}>
                  <Checkbox
                    aria-label={`${m.module}:${a}`}
                    checked={has(m.module, a)}
                    disabled={disabled || all || set.has(`${m.module}:*`)}
                    onChange={(e) => {
                      const next = new Set(set);
                      if (e.target.checked) next.add(`${m.module}:${a}`);
                      else next.delete(`${m.module}:${a}`);
                      update(next);
                    }}
                  />
                </span>
              ) : null,
          })),
        ]}
      />
    </div>
  );
}

export default function Roles({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { act } = useApiAction({ invalidates: ["roles"] });
  const roles = useQuery({ queryKey: roleKeys.list(), queryFn: api.roles.list });
  const catalog = useQuery({ queryKey: roleKeys.catalog(), queryFn: api.roles.catalog, staleTime: Infinity });
  const [editing, setEditing] = useState<RoleView | "new" | null>(null);
  const [form] = Form.useForm<RoleInput>();

  const initial: Partial<RoleInput> =
    editing && editing !== "new"
      ? {
          roleName: editing.roleName,
          permissions: editing.permissions,
          dataScope: editing.dataScope,
          status: editing.status,
          remark: editing.remark,
        }
      : { roleName: "", permissions: [], dataScope: "own", status: "enabled", remark: null };

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="role-new">
            {t("role.new")}
          </Button>
        )}
      </Space>
      <Table<RoleView>
        rowKey="id"
        size="middle"
        loading={roles.isFetching}
        dataSource={roles.data ?? []}
        pagination={false}
        onRow={(r) => ({ onDoubleClick: () => canEdit && setEditing(r) })}
        columns={[
          { title: t("role.name"), dataIndex: "roleName", sorter: byField("roleName"), width: 160 },
          {
            title: t("role.scope"),
            dataIndex: "dataScope",
            sorter: byField("dataScope"),
            width: 180,
            render: (v: DataScope) => DATA_SCOPE.label(t, v),
          },
          {
            title: t("role.permissions"),
            key: "p",
            render: (_, r) =>
              r.permissions.includes("*") ? (
                <Tag color="gold">{t("role.allPermissions")}</Tag>
              ) : (
                t("role.permCount", { n: r.permissions.length })
              ),
          },
          { title: t("role.users"), dataIndex: "userCount", sorter: byField("userCount"), width: 90 },
          {
            title: t("user.status"),
            dataIndex: "status",
            sorter: byField("status"),
            width: 90,
            render: (v: RoleView["status"]) => <EnumTag table={ROLE_STATUS} value={v} />,
          },
          {
            title: t("common.actions"),
            key: "a",
            width: 150,
            render: (_, r) =>
              canEdit && (
                <Space size="small">
                  <Button size="small" type="link" onClick={() => setEditing(r)}>
                    {t("common.edit")}
                  </Button>
                  <Popconfirm
                    title={t("role.deleteConfirm", { name: r.roleName })}
                    onConfirm={() => act("delete", () => api.roles.remove(r.id))}
                  >
                    <Button size="small" type="link" danger>
                      {t("common.delete")}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <FormDrawer<RoleInput>
        open={editing !== null}
        title={editing === "new" ? t("role.new") : t("role.edit")}
        form={form}
        width={860}
        initialValues={initial}
        fields={["roleName", "permissions", "dataScope", "status", "remark"]}
        onClose={() => setEditing(null)}
        invalidates={["roles"]}
        onSubmit={async (v) => {
          const input: RoleInput = { ...v, remark: v.remark || null, permissions: v.permissions ?? [] };
          if (editing === "new") await api.roles.create(input);
          else if (editing) await api.roles.update(editing.id, input);
        }}
      >
        <Space size="large" align="start" wrap>
          <Form.Item
            name="roleName"
            label={t("role.name")}
            rules={[{ required: true, message: t("common.required", { label: t("role.name") }) }]}
            style={{ width: 240 }}
          >
            <Input id="role-name" maxLength={50} />
          </Form.Item>
          <Form.Item name="dataScope" label={t("role.scope")} style={{ width: 240 }}>
            <Select id="role-scope" options={DATA_SCOPE.options(t)} />
          </Form.Item>
          <Form.Item name="status" label={t("user.status")} style={{ width: 120 }}>
            <Select options={ROLE_STATUS.options(t)} />
          </Form.Item>
        </Space>
        <Form.Item name="remark" label={t("role.remark")}>
          <Input maxLength={255} />
        </Form.Item>
        <Form.Item name="permissions" label={t("role.permissions")}>
          <PermissionMatrix catalog={catalog.data ?? []} />
        </Form.Item>
      </FormDrawer>
    </>
  );
}
