import { useQuery } from "@tanstack/react-query";
import { Button, Form, Input, Modal, Popconfirm, Space, Switch, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { poolKeys, api, type PoolInput, type PoolRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank, localTime } from "../../format";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";
import { useApiMutation } from "../../hooks/useApiMutation";

/** Lead pools: public ones anyone may claim from, private ones only managers assign from. */
export default function PoolManager({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<PoolInput>();
  const [editing, setEditing] = useState<PoolRow | "new" | null>(null);
  const q = useQuery({ queryKey: poolKeys.list(), queryFn: api.pools.list, enabled: open });

  const remove = useApiMutation((p: PoolRow) => api.pools.remove(p.id), { invalidates: ["pools"], success: t("common.deleted") });

  return (
    <Modal open={open} title={t("pool.manage")} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginBottom: 12 }}>
        <Typography.Text type="secondary">{t("pool.hint")}</Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="pool-new">
          {t("pool.new")}
        </Button>
      </div>
      <Table<PoolRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={false}
        columns={[
          {
            title: t("pool.name"),
            dataIndex: "poolName",
            sorter: byField("poolName"),
            render: (v: string, p) => (
              <Space>
                {v}
                {!p.isPublic && <Tag>{t("pool.private")}</Tag>}
              </Space>
            ),
          },
          { title: t("pool.description"), dataIndex: "description", ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("pool.waiting"), dataIndex: "waiting", sorter: byField("waiting"), width: 90, align: "right" },
          { title: t("customer.createdAt"), dataIndex: "createdAt", sorter: byField("createdAt"), width: 150, render: localTime },
          {
            title: t("common.actions"),
            key: "actions",
            width: 130,
            render: (_, p) => (
              <Space size={0}>
                <Button type="link" size="small" onClick={() => setEditing(p)}>
                  {t("common.edit")}
                </Button>
                <Popconfirm
                  title={t("pool.deleteConfirm", { name: p.poolName })}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => remove.run(p)}
                >
                  <Button type="link" size="small" danger>
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<PoolInput>
        open={editing !== null}
        title={editing === "new" ? t("pool.new") : t("pool.edit")}
        form={form}
        fields={["poolName", "description", "isPublic"]}
        initialValues={
          editing && editing !== "new"
            ? { poolName: editing.poolName, description: editing.description, isPublic: editing.isPublic }
            : { isPublic: true }
        }
        onClose={() => setEditing(null)}
        invalidates={["pools"]}
        onSubmit={async (v) => {
          const input: PoolInput = { poolName: v.poolName.trim(), description: blank(v.description), isPublic: !!v.isPublic };
          if (editing === "new") await api.pools.create(input);
          else if (editing) await api.pools.update(editing.id, input);
        }}
      >
        <Form.Item
          name="poolName"
          label={t("pool.name")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("pool.name") }) }]}
        >
          <Input id="pool-name" maxLength={100} autoFocus />
        </Form.Item>
        <Form.Item name="description" label={t("pool.description")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="isPublic" label={t("pool.public")} valuePropName="checked" extra={t("pool.publicHint")}>
          <Switch />
        </Form.Item>
      </FormModal>
    </Modal>
  );
}
