// Open a work order or edit one: the customer (searched; preset and locked when opened from
// a customer, contact or contract, and fixed once the order exists), its contact and
// contract, the type (from the settings), title, description, priority and, for those who
// assign work, a handler at once.
import { useQuery } from "@tanstack/react-query";
import { App, Col, Form, Input, Radio, Row, Select, Typography } from "antd";
import { useEffect, useMemo, useState } from "react";
import { api, serviceKeys, type WorkOrderDetail, type WorkOrderInput, type WorkOrderPriority, type WorkOrderRow } from "../../api";
import { useSession } from "../../app/session";
import FormDrawer from "../../components/FormDrawer";
import { WORK_ORDER_PRIORITY } from "../../domain/enums";
import { useI18n } from "../../i18n";
import { useServiceSettings } from "./columns";

type V = {
  customerId: number | null;
  contactId: number | null;
  contractId: number | null;
  orderType: string;
  title: string;
  content: string;
  priority: WorkOrderPriority;
  assigneeId: number | null;
};
const FIELDS = ["customerId", "contactId", "contractId", "orderType", "title", "content", "priority", "assigneeId"] as const;

/** Where a new order comes from: a customer (and one of its contacts or contracts). */
export type WorkOrderDefaults = {
  customerId: number;
  customerName?: string | null;
  contactId?: number | null;
  contractId?: number | null;
};

function useDebounced(v: string, ms = 300) {
  const [d, setD] = useState(v);
  useEffect(() => {
    const h = setTimeout(() => setD(v), ms);
    return () => clearTimeout(h);
  }, [v, ms]);
  return d;
}

/** The customers an order may be opened for, by part of the name (work_order_customers). */
function CustomerPicker({
  id,
  value,
  onChange,
  initial,
  disabled,
}: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  initial?: { id: number; name: string } | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const q = useDebounced(text.trim());
  const list = useQuery({ queryKey: serviceKeys.customers(q), queryFn: () => api.service.customers(q), enabled: !disabled });
  const options = (list.data ?? []).map((c) => ({ value: c.id, label: c.label }));
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      disabled={disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={list.isFetching}
      placeholder={t("sales.searchCustomer")}
      options={options}
      notFoundContent={list.isFetching ? undefined : t("list.empty")}
    />
  );
}

export default function WorkOrderForm({
  editing,
  defaults,
  onClose,
  onSaved,
  onReload,
}: {
  editing: WorkOrderDetail | "new" | null;
  defaults?: WorkOrderDefaults | null;
  onClose: () => void;
  onSaved?: (r: WorkOrderRow) => void;
  /** A stale save's "Reload": load the order again (the form resets to it). */
  onReload?: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { can } = useSession();
  const [form] = Form.useForm<V>();
  const open = editing !== null;
  const d = editing && editing !== "new" ? editing : null;
  const o = d?.order ?? null;
  const settings = useServiceSettings();
  const types = settings.data?.types ?? [];
  const mayAssign = !o && can("service:assign");
  const handlers = useQuery({ queryKey: serviceKeys.handlers(), queryFn: api.service.handlers, enabled: open && mayAssign });
  const customerId = Form.useWatch("customerId", form) ?? null;
  const refs = useQuery({
    queryKey: serviceKeys.refs(customerId),
    queryFn: () => api.service.customerRefs(customerId!),
    enabled: open && customerId !== null,
  });
  const locked = !!o || !!defaults;

  const initial = useMemo<Partial<V>>(
    () =>
      o && d
        ? {
            customerId: o.customerId,
            contactId: o.contactId,
            contractId: o.contractId,
            orderType: o.orderType,
            title: o.title,
            content: d.content,
            priority: o.priority,
            assigneeId: null,
          }
        : {
            customerId: defaults?.customerId ?? null,
            contactId: defaults?.contactId ?? null,
            contractId: defaults?.contractId ?? null,
            priority: "normal",
            assigneeId: null,
          },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [o?.id, o?.lockVersion, defaults?.customerId, defaults?.contactId, defaults?.contractId, open],
  );

  // A new order starts with the first configured type (the settings may arrive after opening).
  const firstType = types[0];
  useEffect(() => {
    if (open && !o && firstType && !form.getFieldValue("orderType")) form.setFieldValue("orderType", firstType);
  }, [open, o, firstType, form]);

  const customerInitial = o
    ? { id: o.customerId, name: o.customerName ?? `#${o.customerId}` }
    : defaults
      ? { id: defaults.customerId, name: defaults.customerName ?? refs.data?.customerName ?? `#${defaults.customerId}` }
      : null;
  // A type the settings no longer offer still shows on an order that has it.
  const typeOptions = [...types, ...(o && !types.includes(o.orderType) ? [o.orderType] : [])].map((v) => ({ value: v, label: v }));
  const required = (label: string) => ({ required: true, whitespace: true, message: t("common.required", { label }) });

  return (
    <FormDrawer<V>
      open={open}
      title={o ? t("wo.editTitle", { no: o.orderNo }) : t("wo.new")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={640}
      saveId="wo-save"
      invalidates={["service"]}
      successText={o ? undefined : null}
      onReload={onReload}
      onClose={onClose}
      onSubmit={async (v) => {
        const input: WorkOrderInput = {
          customerId: v.customerId!,
          contactId: v.contactId ?? null,
          contractId: v.contractId ?? null,
          orderType: v.orderType,
          title: v.title.trim(),
          content: v.content.trim(),
          priority: v.priority,
          assigneeId: o ? null : (v.assigneeId ?? null),
        };
        const saved = o ? await api.service.update(o.id, { ...input, lockVersion: o.lockVersion }) : await api.service.create(input);
        if (!o) message.success(t("wo.created", { no: saved.orderNo }));
        onSaved?.(saved);
      }}
    >
      <Form.Item
        name="customerId"
        label={t("wo.customer")}
        rules={[{ required: true, message: t("common.required", { label: t("wo.customer") }) }]}
        extra={o ? t("wo.customerFixed") : undefined}
      >
        <CustomerPicker
          id="wo-customer"
          disabled={locked}
          initial={customerInitial}
          onChange={() => form.setFieldsValue({ contactId: null, contractId: null })}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="contactId" label={t("wo.contact")}>
            <Select
              id="wo-contact"
              allowClear
              disabled={customerId === null}
              loading={refs.isFetching}
              placeholder={customerId === null ? t("wo.pickCustomerFirst") : t("wo.noneOption")}
              options={(refs.data?.contacts ?? []).map((c) => ({ value: c.id, label: c.hint ? `${c.label} · ${c.hint}` : c.label }))}
              notFoundContent={t("wo.noContacts")}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="contractId" label={t("wo.contract")}>
            <Select
              id="wo-contract"
              allowClear
              disabled={customerId === null}
              loading={refs.isFetching}
              placeholder={customerId === null ? t("wo.pickCustomerFirst") : t("wo.noneOption")}
              options={(refs.data?.contracts ?? []).map((c) => ({ value: c.id, label: c.hint ? `${c.label} · ${c.hint}` : c.label }))}
              notFoundContent={t("wo.noContracts")}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="orderType" label={t("wo.type")} rules={[required(t("wo.type"))]}>
            <Select id="wo-type" loading={settings.isFetching} options={typeOptions} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="priority" label={t("wo.priority")} rules={[{ required: true }]}>
            <Radio.Group id="wo-priority" optionType="button" buttonStyle="solid">
              {WORK_ORDER_PRIORITY.values.map((p) => (
                <Radio.Button key={p} value={p}>
                  <span data-testid={`wo-priority-${p}`}>{WORK_ORDER_PRIORITY.label(t, p)}</span>
                </Radio.Button>
              ))}
            </Radio.Group>
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="title" label={t("wo.title")} rules={[required(t("wo.title"))]}>
        <Input id="wo-title" maxLength={200} placeholder={t("wo.titleHint")} />
      </Form.Item>
      <Form.Item name="content" label={t("wo.description")} rules={[required(t("wo.description"))]}>
        <Input.TextArea id="wo-content" rows={6} maxLength={20000} showCount placeholder={t("wo.descriptionHint")} />
      </Form.Item>
      {mayAssign && (
        <Form.Item name="assigneeId" label={t("wo.assignee")} extra={t("wo.assignNowHint")}>
          <Select
            id="wo-form-assignee"
            allowClear
            showSearch={{ optionFilterProp: "label" }}
            loading={handlers.isFetching}
            placeholder={t("wo.unassigned")}
            options={(handlers.data ?? []).map((h) => ({ value: h.id, label: h.label }))}
          />
        </Form.Item>
      )}
      {!o && (
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("wo.slaHint")}
        </Typography.Paragraph>
      )}
    </FormDrawer>
  );
}
