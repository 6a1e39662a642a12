import { useQuery } from "@tanstack/react-query";
import { App, Button, Form, Input, Select, Space, Tag, TreeSelect } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useState } from "react";
import { api, deptKeys, roleKeys, userKeys, type DeptNode, type UserFilter, type UserInput, type UserView } from "../../api";
import type { UserStatus } from "../../api/types/UserStatus";
import EnumTag from "../../components/EnumTag";
import FormDrawer from "../../components/FormDrawer";
import { byField } from "../../components/sorters";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { USER_STATUS } from "../../domain/enums";
import { useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

export function deptTreeData(nodes: DeptNode[]): { value: number; title: string; children: ReturnType<typeof deptTreeData> }[] {
  return nodes.map((n) => ({ value: n.id, title: n.deptName, children: deptTreeData(n.children) }));
}

const FIELDS = ["username", "fullName", "deptId", "roleIds", "supervisorId", "phone", "email", "password"] as const;

export default function Users({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const [filter, setFilter] = useState<UserFilter>({ keyword: null, deptId: null, status: null });
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<UserView | "new" | null>(null);
  const [form] = Form.useForm<UserInput>();
  const depts = useQuery({ queryKey: deptKeys.tree(), queryFn: api.depts.tree });
  const roles = useQuery({ queryKey: roleKeys.list(), queryFn: api.roles.list });
  const people = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options });

  const { act } = useApiAction({ invalidates: ["users"] });
  const toggle = (u: UserView) => {
    const next: UserStatus = u.status === "enabled" ? "disabled" : "enabled";
    return act("status", () => api.users.setStatus(u.id, next), t("form.saved"));
  };

  const resetPassword = (u: UserView) => {
    let pw = "";
    modal.confirm({
      title: t("user.resetPasswordFor", { name: u.fullName }),
      content: (
        <Input.Password
          id="reset-password"
          autoComplete="new-password"
          placeholder={t("setup.passwordHint")}
          onChange={(e) => (pw = e.target.value)}
        />
      ),
      okText: t("user.resetPassword"),
      // A refused password keeps the dialog open.
      onOk: async () => {
        if (!(await act("password", () => api.users.resetPassword(u.id, pw), t("user.passwordReset")))) throw new Error("refused");
      },
    });
  };

  const columns: ListColumn<UserView>[] = [
    { key: "username", title: t("user.username"), dataIndex: "username", sorter: byField("username"), width: 140 },
    { key: "fullName", title: t("user.fullName"), dataIndex: "fullName", sorter: byField("fullName"), width: 120 },
    { key: "deptName", title: t("user.dept"), dataIndex: "deptName", sorter: byField("deptName"), width: 140 },
    { key: "roles", title: t("user.roles"), render: (_, u) => u.roleNames.map((r) => <Tag key={r}>{r}</Tag>) },
    { key: "supervisor", title: t("user.supervisor"), dataIndex: "supervisorName", width: 110, render: (v) => v ?? "-" },
    {
      key: "status",
      title: t("user.status"),
      width: 110,
      render: (_, u) => (u.locked ? <Tag color="orange">{t("user.locked")}</Tag> : <EnumTag table={USER_STATUS} value={u.status} />),
    },
    {
      key: "lastLogin",
      title: t("user.lastLogin"),
      dataIndex: "lastLoginTime",
      width: 160,
      render: (v: string | null) => (v ? dayjs.utc(v).local().format("YYYY-MM-DD HH:mm") : "-"),
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 220,
      render: (_, u) =>
        canEdit && (
          <Space size="small">
            <Button size="small" type="link" onClick={() => setEditing(u)}>
              {t("common.edit")}
            </Button>
            <Button size="small" type="link" onClick={() => toggle(u)}>
              {u.status === "enabled" ? t("user.disable") : t("user.enable")}
            </Button>
            <Button size="small" type="link" onClick={() => resetPassword(u)}>
              {t("user.resetPassword")}
            </Button>
          </Space>
        ),
    },
  ];

  const initial: Partial<UserInput> =
    editing && editing !== "new"
      ? {
          username: editing.username,
          fullName: editing.fullName,
          deptId: editing.deptId,
          roleIds: editing.roleIds,
          supervisorId: editing.supervisorId,
          phone: editing.phone,
          email: editing.email,
        }
      : { roleIds: [], supervisorId: null };

  return (
    <>
      <ListPage<UserView>
        id="users"
        queryKey={userKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(u) => u.id}
        fetch={(page) => api.users.list(filter, page)}
        onOpen={canEdit ? (u) => setEditing(u) : undefined}
        toolbar={
          <Space wrap>
            <Input.Search
              allowClear
              placeholder={t("user.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => setFilter((f) => ({ ...f, keyword: v || null }))}
              style={{ width: 240 }}
            />
            <TreeSelect
              allowClear
              placeholder={t("user.dept")}
              style={{ width: 180 }}
              treeDefaultExpandAll
              treeData={deptTreeData(depts.data ?? [])}
              value={filter.deptId ?? undefined}
              onChange={(v) => setFilter((f) => ({ ...f, deptId: (v as number | undefined) ?? null }))}
            />
            <Select<UserStatus>
              allowClear
              placeholder={t("user.status")}
              style={{ width: 120 }}
              value={filter.status ?? undefined}
              onChange={(v) => setFilter((f) => ({ ...f, status: v ?? null }))}
              options={USER_STATUS.options(t)}
            />
            {canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="user-new">
                {t("user.new")}
              </Button>
            )}
          </Space>
        }
      />
      <FormDrawer<UserInput>
        open={editing !== null}
        title={editing === "new" ? t("user.new") : t("user.edit")}
        form={form}
        initialValues={initial}
        fields={FIELDS}
        onClose={() => setEditing(null)}
        invalidates={["users"]}
        onSubmit={async (v) => {
          const input: UserInput = {
            ...v,
            roleIds: v.roleIds ?? [],
            supervisorId: v.supervisorId ?? null,
            phone: v.phone || null,
            email: v.email || null,
            password: v.password ?? null,
          };
          if (editing === "new") await api.users.create(input);
          else if (editing) await api.users.update(editing.id, input);
        }}
      >
        <Form.Item
          name="username"
          label={t("user.username")}
          rules={[{ required: true, message: t("common.required", { label: t("user.username") }) }]}
        >
          <Input id="user-username" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="fullName"
          label={t("user.fullName")}
          rules={[{ required: true, message: t("common.required", { label: t("user.fullName") }) }]}
        >
          <Input id="user-fullname" />
        </Form.Item>
        <Form.Item
          name="deptId"
          label={t("user.dept")}
          rules={[{ required: true, message: t("common.required", { label: t("user.dept") }) }]}
        >
          <TreeSelect id="user-dept" treeDefaultExpandAll treeData={deptTreeData(depts.data ?? [])} />
        </Form.Item>
        <Form.Item name="roleIds" label={t("user.roles")}>
          <Select
            id="user-roles"
            mode="multiple"
            options={(roles.data ?? []).map((r) => ({ value: r.id, label: r.roleName }))}
            optionFilterProp="label"
          />
        </Form.Item>
        <Form.Item name="supervisorId" label={t("user.supervisor")}>
          <Select
            allowClear
            showSearch
            optionFilterProp="label"
            options={(people.data ?? [])
              .filter((p) => editing === "new" || !editing || p.id !== editing.id)
              .map((p) => ({ value: p.id, label: p.fullName }))}
          />
        </Form.Item>
        <Form.Item name="phone" label={t("user.phone")}>
          <Input />
        </Form.Item>
        <Form.Item name="email" label={t("user.email")}>
          <Input />
        </Form.Item>
        {editing === "new" && (
          <Form.Item
            name="password"
            label={t("setup.password")}
            extra={t("setup.passwordHint")}
            rules={[{ required: true, message: t("common.required", { label: t("setup.password") }) }]}
          >
            <Input.Password id="user-password" autoComplete="new-password" />
          </Form.Item>
        )}
      </FormDrawer>
    </>
  );
}
