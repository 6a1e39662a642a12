// The SMS templates: name, type, the text, its variables, whether it is enabled (switched
// right in the list), how many campaigns used it; new / edit in the editor with its live
// preview; delete (refused once a campaign used it: disable it instead).
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Empty, Space, Switch, Table, Tag, Typography } from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, marketingKeys } from "../../api";
import type { Template } from "../../api/types/Template";
import { useSession } from "../../app/session";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { placeholder, SmsTypeTag } from "./shared";
import TemplateEditor from "./TemplateEditor";

export default function Templates() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const q = useQuery({ queryKey: marketingKeys.templates(), queryFn: api.marketing.templates });
  const [editing, setEditing] = useState<Template | "new" | null>(null);
  const { act, busy } = useApiAction({ invalidates: ["marketing"] });
  const mayUpdate = can("marketing:update");
  const mayDelete = can("marketing:delete");

  const toggle = (r: Template, on: boolean) =>
    act(
      `enable-${r.id}`,
      () =>
        api.marketing.updateTemplate(r.id, {
          templateName: r.templateName,
          content: r.content,
          templateType: r.templateType,
          isEnabled: on,
          providerCode: r.providerCode ?? null,
          signName: r.signName ?? null,
        }),
      on ? t("mkt.tpl.enabledOn", { name: r.templateName }) : t("mkt.tpl.enabledOff", { name: r.templateName }),
    );

  const remove = (r: Template) =>
    modal.confirm({
      title: t("mkt.tpl.deleteTitle", { name: r.templateName }),
      content: r.campaigns > 0 ? t("mkt.tpl.deleteUsed", { n: r.campaigns }) : t("common.irreversible"),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () => act(`delete-${r.id}`, () => api.marketing.removeTemplate(r.id), t("common.deleted")),
    });

  return (
    <div data-testid="marketing-templates">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, marginBottom: 12, flexWrap: "wrap" }}>
        <Typography.Text type="secondary">{t("mkt.tpl.intro")}</Typography.Text>
        {can("marketing:create") && (
          <Button type="primary" icon={<PlusOutlined />} id="template-new" onClick={() => setEditing("new")}>
            {t("mkt.tpl.new")}
          </Button>
        )}
      </div>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
        />
      )}
      <Table<Template>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={false}
        scroll={{ x: 1000 }}
        locale={{ emptyText: <Empty description={t("mkt.tpl.empty")} /> }}
        columns={[
          {
            key: "name",
            title: t("mkt.tpl.name"),
            dataIndex: "templateName",
            width: 180,
            render: (v: string, r) =>
              mayUpdate ? (
                <Typography.Link data-testid={`template-open-${r.id}`} onClick={() => setEditing(r)}>
                  {v}
                </Typography.Link>
              ) : (
                <span data-testid={`template-open-${r.id}`}>{v}</span>
              ),
          },
          {
            key: "type",
            title: t("mkt.tpl.type"),
            dataIndex: "templateType",
            width: 80,
            render: (v: string, r) => <SmsTypeTag t={t} value={v} testid={`template-type-${r.id}`} />,
          },
          {
            key: "content",
            title: t("mkt.tpl.content"),
            dataIndex: "content",
            render: (v: string, r) => (
              <Typography.Paragraph
                ellipsis={{ rows: 2, tooltip: v }}
                style={{ marginBottom: 0, minWidth: 220 }}
                data-testid={`template-content-${r.id}`}
              >
                {r.signName && <Typography.Text type="secondary">{`\u3010${r.signName}\u3011`}</Typography.Text>}
                {v}
              </Typography.Paragraph>
            ),
          },
          {
            key: "variables",
            title: t("mkt.tpl.variables"),
            dataIndex: "variables",
            width: 180,
            render: (v: string[], r) =>
              v.length ? (
                <Space size={[4, 4]} wrap data-testid={`template-vars-${r.id}`}>
                  {v.map((n) => (
                    <Tag key={n} style={{ marginInlineEnd: 0, fontFamily: "monospace" }}>
                      {placeholder(n)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">—</Typography.Text>
              ),
          },
          {
            key: "enabled",
            title: t("mkt.tpl.enabled"),
            dataIndex: "isEnabled",
            width: 80,
            render: (v: boolean, r) => (
              <Switch
                size="small"
                checked={v}
                disabled={!mayUpdate}
                loading={busy === `enable-${r.id}`}
                data-testid={`template-enabled-${r.id}`}
                onChange={(on) => toggle(r, on)}
              />
            ),
          },
          {
            key: "campaigns",
            title: t("mkt.tpl.campaigns"),
            dataIndex: "campaigns",
            width: 90,
            align: "right",
            render: (v: number, r) => <span data-testid={`template-campaigns-${r.id}`}>{v}</span>,
          },
          ...(mayUpdate || mayDelete
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  width: 150,
                  fixed: "right" as const,
                  render: (_: unknown, r: Template) => (
                    <Space size={0}>
                      {mayUpdate && (
                        <Button
                          size="small"
                          type="link"
                          icon={<EditOutlined />}
                          data-testid={`template-edit-${r.id}`}
                          onClick={() => setEditing(r)}
                        >
                          {t("common.edit")}
                        </Button>
                      )}
                      {mayDelete && (
                        <Button
                          size="small"
                          type="link"
                          danger
                          icon={<DeleteOutlined />}
                          loading={busy === `delete-${r.id}`}
                          data-testid={`template-delete-${r.id}`}
                          onClick={() => remove(r)}
                        >
                          {t("common.delete")}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <TemplateEditor editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
