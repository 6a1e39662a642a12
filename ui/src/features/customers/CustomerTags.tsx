// Customer tags (客户标签) on the customer screens: the coloured chips, the tag pickers, and
// the two ways to put tags on and take them off (many customers from the list, one from its
// page). Tags themselves are managed by marketing; both dialogs send one all-or-nothing
// `changeTags`, whose refusal (a customer outside the caller's scope or in the sea) shows
// on the dialog's customer line.
import { useQuery } from "@tanstack/react-query";
import { App, Form, Select, Space, Tag, Typography, type SelectProps } from "antd";
import type { ReactNode } from "react";
import { api, marketingKeys } from "../../api";
import type { Tag as TagRow } from "../../api/types/Tag";
import type { TagChange } from "../../api/types/TagChange";
import type { TagRef } from "../../api/types/TagRef";
import FormModal from "../../components/FormModal";
import { useI18n } from "../../i18n";

/** A customer's tags as chips in their colours ("-" for none). */
export function TagChips({ tags, testid }: { tags: readonly TagRef[]; testid?: string }) {
  if (!tags.length) return <span data-testid={testid}>-</span>;
  return (
    <Space size={[0, 4]} wrap data-testid={testid}>
      {tags.map((x) => (
        <Tag key={x.id} color={x.color} data-tag-id={x.id}>
          {x.tagName}
        </Tag>
      ))}
    </Space>
  );
}

/** Every tag (with how many customers in the caller's scope carry it). */
export function useTags(enabled = true) {
  return useQuery({ queryKey: marketingKeys.tags(), queryFn: api.marketing.tags, enabled });
}

type TagOption = { value: number; label: string; color: string; customers: number };

/** Select options for tags; the option list shows each in its colour with its customer count. */
export function tagOptions(tags: readonly TagRow[] | undefined): TagOption[] {
  return (tags ?? []).map((x) => ({ value: x.id, label: x.tagName, color: x.color, customers: Number(x.customers) }));
}

/** Shared props of a tag Select: search by name, options and chosen values in their colours. */
export function useTagSelectProps(options: TagOption[]): Pick<SelectProps<number[]>, "showSearch" | "optionRender" | "tagRender"> & {
  options: TagOption[];
} {
  const { t } = useI18n();
  const colors = new Map(options.map((o) => [o.value, o.color]));
  return {
    options,
    showSearch: { optionFilterProp: "label" },
    optionRender: (o) => (
      <Space>
        <Tag color={o.data.color}>{o.data.label}</Tag>
        <Typography.Text type="secondary">{t("customer.tag.count", { n: o.data.customers })}</Typography.Text>
      </Space>
    ),
    tagRender: ({ label, value, closable, onClose }) => (
      <Tag
        color={colors.get(value as number)}
        closable={closable}
        onClose={onClose}
        onMouseDown={(e) => {
          // Keep the dropdown as it is when a chip's close icon is pressed.
          e.preventDefault();
          e.stopPropagation();
        }}
        style={{ marginInlineEnd: 4 }}
      >
        {label}
      </Tag>
    ),
  };
}

/** Shows the customers a dialog acts on; a refusal naming `customerIds` shows under it. */
function CustomersLine({ value, text }: { value?: number[]; text: (ids: number[]) => ReactNode }) {
  return <Typography.Text data-testid="tag-modal-customers">{text(value ?? [])}</Typography.Text>;
}

/** Sends the change and shows what it did ("已为 N 个客户添加 X 个、移除 Y 个标签"). */
function useChangeTags() {
  const { t } = useI18n();
  const { message } = App.useApp();
  return async (change: TagChange) => {
    const r = await api.marketing.changeTags(change);
    message.success(t("customer.tag.done", { n: change.customerIds.length, added: Number(r.added), removed: Number(r.removed) }));
    return r;
  };
}

type BulkValues = { customerIds: number[]; add: number[]; remove: number[] };

/** Put tags on / take them off the customers selected in the list. */
export function BulkTagModal({
  open,
  customerIds,
  onClose,
  onDone,
}: {
  open: boolean;
  customerIds: number[];
  onClose: () => void;
  /** After a successful change (the list clears its selection). */
  onDone: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<BulkValues>();
  const tags = useTags(open);
  const options = tagOptions(tags.data);
  const select = useTagSelectProps(options);
  const add = Form.useWatch("add", form) ?? [];
  const change = useChangeTags();
  return (
    <FormModal<BulkValues>
      open={open}
      title={t("customer.tag.bulkTitle")}
      form={form}
      fields={["customerIds", "add", "remove"]}
      initialValues={{ customerIds, add: [], remove: [] }}
      onClose={onClose}
      invalidates={["customerTags"]}
      successText={null}
      okId="tag-save"
      onSubmit={async (v) => {
        await change({ customerIds: v.customerIds, add: v.add ?? [], remove: v.remove ?? [] });
        onDone();
      }}
    >
      <div data-testid="tag-modal">
        <Form.Item name="customerIds" label={t("customer.tag.customers")}>
          <CustomersLine text={(ids) => t("customer.tag.selected", { n: ids.length })} />
        </Form.Item>
        <Form.Item
          name="add"
          label={t("customer.tag.add")}
          dependencies={["remove"]}
          extra={tags.data && !tags.data.length ? t("customer.tag.noTags") : undefined}
          rules={[
            {
              validator: async (_, value: number[] | undefined) => {
                if (!value?.length && !form.getFieldValue("remove")?.length) throw new Error(t("customer.tag.pickOne"));
              },
            },
          ]}
        >
          <Select<number[]> id="tag-add" mode="multiple" allowClear loading={tags.isLoading} {...select} />
        </Form.Item>
        <Form.Item name="remove" label={t("customer.tag.remove")}>
          <Select<number[]>
            id="tag-remove"
            mode="multiple"
            allowClear
            loading={tags.isLoading}
            {...select}
            // A tag being added is not also removed.
            options={options.filter((o) => !add.includes(o.value))}
          />
        </Form.Item>
      </div>
    </FormModal>
  );
}

type EditValues = { customerIds: number[]; tags: number[] };

/** One customer's tags as one picker: saving sends what was added and what was taken off. */
export function EditTagsModal({
  customer,
  onClose,
}: {
  customer: { id: number; customerName: string; tags: readonly TagRef[] } | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const open = customer !== null;
  const tags = useTags(open);
  const current = customer?.tags ?? [];
  // A tag on the customer that the list no longer has (deleted meanwhile) still shows as chosen.
  const options = [
    ...tagOptions(tags.data),
    ...current
      .filter((x) => !tags.data?.some((y) => y.id === x.id))
      .map((x) => ({ value: x.id, label: x.tagName, color: x.color, customers: 0 })),
  ];
  const select = useTagSelectProps(options);
  const change = useChangeTags();
  return (
    <FormModal<EditValues>
      open={open}
      title={t("customer.tag.editTitle", { name: customer?.customerName ?? "" })}
      form={form}
      fields={["customerIds", "tags"]}
      fieldAliases={{ add: "tags", remove: "tags" }}
      initialValues={{ customerIds: customer ? [customer.id] : [], tags: current.map((x) => x.id) }}
      onClose={onClose}
      invalidates={["customerTags"]}
      successText={null}
      okId="tag-save"
      onSubmit={async (v) => {
        const before = new Set(current.map((x) => x.id));
        const after = new Set(v.tags ?? []);
        const add = [...after].filter((id) => !before.has(id));
        const remove = [...before].filter((id) => !after.has(id));
        if (!add.length && !remove.length) {
          message.info(t("customer.tag.unchanged"));
          return;
        }
        await change({ customerIds: v.customerIds, add, remove });
      }}
    >
      <div data-testid="tag-modal">
        <Form.Item name="customerIds" label={t("customer.tag.customers")}>
          <CustomersLine text={() => customer?.customerName ?? ""} />
        </Form.Item>
        <Form.Item
          name="tags"
          label={t("customer.tags")}
          extra={tags.data && !tags.data.length && !current.length ? t("customer.tag.noTags") : undefined}
        >
          <Select<number[]>
            id="customer-tags-edit"
            mode="multiple"
            allowClear
            placeholder={t("customer.tags.none")}
            loading={tags.isLoading}
            {...select}
          />
        </Form.Item>
      </div>
    </FormModal>
  );
}
