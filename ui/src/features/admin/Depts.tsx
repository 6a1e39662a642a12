import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Form, Input, InputNumber, Popconfirm, Space, Spin, Tree, TreeSelect, Typography } from "antd";
import type { TreeProps } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMemo, useState } from "react";
import { api, deptKeys, type DeptInput, type DeptNode } from "../../api";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import FormDrawer from "../../components/FormDrawer";
import { useI18n } from "../../i18n";
import { deptTreeData } from "./Users";

function flatten(nodes: DeptNode[], out: Map<number, DeptNode> = new Map()) {
  for (const n of nodes) {
    out.set(n.id, n);
    flatten(n.children, out);
  }
  return out;
}

/** The department tree: create, rename, move (drag, or pick a parent) and sort. */
export default function Depts({ canEdit }: { canEdit: boolean }) {
  const { t } = useI18n();
  const { act } = useApiAction({ invalidates: ["depts"] });
  const q = useQuery({ queryKey: deptKeys.tree(), queryFn: api.depts.tree });
  const [form] = Form.useForm<DeptInput>();
  const [editing, setEditing] = useState<{ id: number | null; initial: Partial<DeptInput> } | null>(null);
  const byId = useMemo(() => flatten(q.data ?? []), [q.data]);

  const onDrop: TreeProps["onDrop"] = async (info) => {
    const dragId = Number(info.dragNode.key);
    const dropId = Number(info.node.key);
    const node = byId.get(dragId);
    const target = byId.get(dropId);
    if (!node || !target) return;
    // Dropped onto a node: becomes its child; dropped between nodes: its sibling.
    const parentId = info.dropToGap ? target.parentId : target.id;
    const sort = info.dropToGap ? target.sort + (info.dropPosition > 0 ? 1 : 0) : 0;
    await act("move", () => api.depts.update(dragId, { deptName: node.deptName, parentId, sort }));
  };

  const render = (nodes: DeptNode[]): NonNullable<TreeProps["treeData"]> =>
    nodes.map((n) => ({
      key: n.id,
      title: (
        <Space size="small" data-testid={`dept-${n.deptName}`}>
          <span>{n.deptName}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t("dept.users", { n: n.userCount })}
          </Typography.Text>
          {canEdit && (
            <>
              <Button
                size="small"
                type="text"
                icon={<PlusOutlined />}
                aria-label={t("dept.addChild")}
                onClick={(e) => (
                  e.stopPropagation(),
                  setEditing({ id: null, initial: { parentId: n.id, sort: n.children.length, deptName: "" } })
                )}
              />
              <Button
                size="small"
                type="text"
                icon={<EditOutlined />}
                aria-label={t("common.edit")}
                onClick={(e) => (
                  e.stopPropagation(),
                  setEditing({ id: n.id, initial: { deptName: n.deptName, parentId: n.parentId, sort: n.sort } })
                )}
              />
              <Popconfirm
                title={t("dept.deleteConfirm", { name: n.deptName })}
                onConfirm={() => act("delete", () => api.depts.remove(n.id))}
              >
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t("common.delete")}
                  onClick={(e) => e.stopPropagation()}
                />
              </Popconfirm>
            </>
          )}
        </Space>
      ),
      children: render(n.children),
    }));

  return (
    <Card
      title={t("admin.depts")}
      extra={
        canEdit && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setEditing({ id: null, initial: { deptName: "", parentId: q.data?.[0]?.id ?? null, sort: 0 } })}
            id="dept-new"
          >
            {t("dept.new")}
          </Button>
        )
      }
    >
      {q.isLoading && <Spin />}
      {q.error && <Alert type="error" showIcon message={errorMessage(t, q.error)} />}
      {q.data && q.data.length === 0 && <Empty />}
      {q.data && q.data.length > 0 && (
        <Tree blockNode defaultExpandAll draggable={canEdit} onDrop={onDrop} treeData={render(q.data)} key={[...byId.keys()].join(",")} />
      )}
      <FormDrawer<DeptInput>
        open={editing !== null}
        title={editing?.id ? t("dept.edit") : t("dept.new")}
        form={form}
        initialValues={editing?.initial ?? {}}
        fields={["deptName", "parentId", "sort"]}
        width={420}
        onClose={() => setEditing(null)}
        invalidates={["depts"]}
        onSubmit={async (v) => {
          const input: DeptInput = { deptName: v.deptName, parentId: v.parentId ?? null, sort: v.sort ?? 0 };
          if (editing?.id) await api.depts.update(editing.id, input);
          else await api.depts.create(input);
        }}
      >
        <Form.Item
          name="deptName"
          label={t("dept.name")}
          rules={[{ required: true, message: t("common.required", { label: t("dept.name") }) }]}
        >
          <Input id="dept-name" maxLength={100} />
        </Form.Item>
        <Form.Item name="parentId" label={t("dept.parent")}>
          <TreeSelect allowClear treeDefaultExpandAll treeData={deptTreeData(q.data ?? [])} id="dept-parent" />
        </Form.Item>
        <Form.Item name="sort" label={t("dept.sort")}>
          <InputNumber min={0} max={9999} />
        </Form.Item>
      </FormDrawer>
    </Card>
  );
}
