// Customer tags: name and colour, how many customers (in the user's scope) carry each, and
// their order. Tags are put on customers from the customer list and page; here they are
// created, renamed, recoloured, reordered and deleted (taken off every customer).
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, ColorPicker, Empty, Form, Input, InputNumber, Space, Table, Tag, Tooltip, Typography } from "antd";
import { CheckOutlined, DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useMemo, useState } from "react";
import { api, marketingKeys } from "../../api";
import type { Tag as CustomerTag } from "../../api/types/Tag";
import type { TagInput } from "../../api/types/TagInput";
import { useSession } from "../../app/session";
import FormModal from "../../components/FormModal";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

/** Quick colours (antd's palette); any other comes from the picker. */
export const PRESET_COLORS = [
  "#f5222d",
  "#fa541c",
  "#fa8c16",
  "#faad14",
  "#52c41a",
  "#13c2c2",
  "#1677ff",
  "#2f54eb",
  "#722ed1",
  "#eb2f96",
  "#8c8c8c",
];
const DEFAULT_COLOR = "#1677ff";
const HEX_RE = /^#[0-9a-f]{6}$/;

/** A picked colour as the backend keeps it: "#rrggbb", lower case. */
export const toHex = (c: string) => c.trim().toLowerCase().slice(0, 7);

/** The colour field: the palette's swatches and a picker for any other colour ("#rrggbb"). */
function ColorField({ value, onChange }: { value?: string; onChange?: (v: string) => void }) {
  const { t } = useI18n();
  const current = toHex(value ?? DEFAULT_COLOR);
  return (
    <Space wrap size={[6, 6]} align="center">
      {PRESET_COLORS.map((c) => (
        <button
          key={c}
          type="button"
          aria-label={c}
          data-testid={`tag-color-${c.slice(1)}`}
          onClick={() => onChange?.(c)}
          style={{
            width: 22,
            height: 22,
            borderRadius: 4,
            border: current === c ? "2px solid rgba(0,0,0,0.65)" : "1px solid rgba(0,0,0,0.1)",
            background: c,
            cursor: "pointer",
            padding: 0,
            display: "inline-flex",
            alignItems: "center",
            justifyContent: "center",
            color: "#fff",
          }}
        >
          {current === c && <CheckOutlined style={{ fontSize: 12 }} />}
        </button>
      ))}
      <Tooltip title={t("mkt.tag.customColor")}>
        <ColorPicker
          // Solid colours only: the value stays "#rrggbb".
          disabledAlpha
          value={current}
          onChangeComplete={(c) => onChange?.(toHex(c.toHexString()))}
          showText={() => <span data-testid="tag-color-value">{current}</span>}
        />
      </Tooltip>
    </Space>
  );
}

type V = { tagName: string; color: string; sortOrder: number | null };

function TagModal({ editing, next, onClose }: { editing: CustomerTag | "new" | null; next: number; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const tag = editing && editing !== "new" ? editing : null;
  const name = Form.useWatch("tagName", form) ?? "";
  const color = Form.useWatch("color", form) ?? DEFAULT_COLOR;
  const initial = useMemo<Partial<V>>(
    () =>
      tag ? { tagName: tag.tagName, color: tag.color, sortOrder: tag.sortOrder } : { tagName: "", color: DEFAULT_COLOR, sortOrder: next },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tag?.id, editing !== null],
  );
  return (
    <FormModal<V>
      open={editing !== null}
      title={tag ? t("mkt.tag.editTitle", { name: tag.tagName }) : t("mkt.tag.new")}
      form={form}
      fields={["tagName", "color", "sortOrder"]}
      initialValues={initial}
      okId="tag-save"
      invalidates={["customerTags"]}
      onClose={onClose}
      onSubmit={async (v) => {
        const input: TagInput = { tagName: v.tagName.trim(), color: toHex(v.color), sortOrder: v.sortOrder ?? 0 };
        if (tag) await api.marketing.updateTag(tag.id, input);
        else await api.marketing.createTag(input);
      }}
    >
      <Form.Item
        name="tagName"
        label={t("mkt.tag.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.tag.name") }) }]}
      >
        <Input id="tag-name" maxLength={50} placeholder={t("mkt.tag.namePlaceholder")} />
      </Form.Item>
      <Form.Item
        name="color"
        label={t("mkt.tag.color")}
        rules={[
          {
            validator: async (_, v: string | undefined) => {
              if (!HEX_RE.test(toHex(v ?? ""))) throw new Error(t("mkt.tag.badColor"));
            },
          },
        ]}
      >
        <ColorField />
      </Form.Item>
      <Form.Item name="sortOrder" label={t("mkt.tag.sort")} extra={t("mkt.tag.sortHint")}>
        <InputNumber id="tag-sort" min={-9999} max={9999} precision={0} style={{ width: 140 }} />
      </Form.Item>
      <Space size={8}>
        <Typography.Text type="secondary">{t("mkt.tag.preview")}</Typography.Text>
        <Tag color={toHex(color)} data-testid="tag-preview">
          {name.trim() || t("mkt.tag.name")}
        </Tag>
      </Space>
    </FormModal>
  );
}

export default function Tags() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const q = useQuery({ queryKey: marketingKeys.tags(), queryFn: api.marketing.tags });
  const [editing, setEditing] = useState<CustomerTag | "new" | null>(null);
  const { act, busy } = useApiAction({ invalidates: ["customerTags"] });
  // Tags are managed with marketing:update (the backend's rule for creating and editing them).
  const mayEdit = can("marketing:update");
  const mayDelete = can("marketing:delete");
  const rows = q.data ?? [];
  const next = rows.reduce((m, x) => Math.max(m, x.sortOrder), 0) + 1;

  const remove = (x: CustomerTag) =>
    modal.confirm({
      title: t("mkt.tag.deleteTitle", { name: x.tagName }),
      content: <span data-testid="tag-delete-body">{t("mkt.tag.deleteBody", { n: x.customers })}</span>,
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: () =>
        act(
          `delete-${x.id}`,
          () => api.marketing.removeTag(x.id),
          null,
          (n) => void message.success(t("mkt.tag.deleted", { name: x.tagName, n: Number(n ?? 0) })),
        ),
    });

  return (
    <div data-testid="marketing-tags">
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, marginBottom: 12, flexWrap: "wrap" }}>
        <Typography.Text type="secondary">{t("mkt.tag.intro")}</Typography.Text>
        {mayEdit && (
          <Button type="primary" icon={<PlusOutlined />} id="tag-new" onClick={() => setEditing("new")}>
            {t("mkt.tag.new")}
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
      <Table<CustomerTag>
        rowKey="id"
        size="middle"
        loading={q.isFetching}
        dataSource={rows}
        pagination={false}
        style={{ maxWidth: 820 }}
        locale={{ emptyText: <Empty description={t("mkt.tag.empty")} /> }}
        columns={[
          {
            key: "tag",
            title: t("mkt.tag.name"),
            dataIndex: "tagName",
            render: (v: string, x) => (
              <Space size={8}>
                <span
                  aria-hidden
                  data-testid={`tag-swatch-${x.id}`}
                  style={{
                    display: "inline-block",
                    width: 12,
                    height: 12,
                    borderRadius: 3,
                    background: x.color,
                    border: "1px solid rgba(0,0,0,0.08)",
                  }}
                />
                <Tag color={x.color} style={{ marginInlineEnd: 0 }} data-testid={`tag-${x.id}`}>
                  {v}
                </Tag>
              </Space>
            ),
          },
          {
            key: "color",
            title: t("mkt.tag.color"),
            dataIndex: "color",
            width: 110,
            render: (v: string) => (
              <Typography.Text type="secondary" style={{ fontFamily: "monospace" }}>
                {v}
              </Typography.Text>
            ),
          },
          {
            key: "customers",
            title: t("mkt.tag.customers"),
            dataIndex: "customers",
            width: 110,
            align: "right",
            render: (v: number, x) => <span data-testid={`tag-customers-${x.id}`}>{v}</span>,
          },
          { key: "sort", title: t("mkt.tag.sort"), dataIndex: "sortOrder", width: 90, align: "right" },
          ...(mayEdit || mayDelete
            ? [
                {
                  key: "actions",
                  title: t("common.actions"),
                  width: 150,
                  render: (_: unknown, x: CustomerTag) => (
                    <Space size={0}>
                      {mayEdit && (
                        <Button
                          size="small"
                          type="link"
                          icon={<EditOutlined />}
                          data-testid={`tag-edit-${x.id}`}
                          onClick={() => setEditing(x)}
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
                          loading={busy === `delete-${x.id}`}
                          data-testid={`tag-delete-${x.id}`}
                          onClick={() => remove(x)}
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
      <TagModal editing={editing} next={next} onClose={() => setEditing(null)} />
    </div>
  );
}
