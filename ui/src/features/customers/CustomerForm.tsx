import { useQuery } from "@tanstack/react-query";
import { Col, Form, Input, Radio, Row, Select } from "antd";
import { api, userKeys, type CustomerInput, type CustomerRow } from "../../api";
import { useSession } from "../../app/session";
import FormDrawer from "../../components/FormDrawer";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { blank } from "../../format";
import { useI18n } from "../../i18n";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS, CUSTOMER_TYPE } from "../../domain/enums";
import ActivitySelect from "./ActivitySelect";

const FIELDS = ["customerName", "customerType", "industry", "scale", "address", "status", "level", "ownerId", "activityId"] as const;

/** Create or edit a customer. */
export default function CustomerForm({ editing, onClose }: { editing: CustomerRow | "new" | null; onClose: () => void }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [form] = Form.useForm<CustomerInput>();
  const { record: c, reload } = useFreshRecord(editing, (r) => api.customers.get(r.id));
  // "Deal" comes from signing a contract: it can only be kept, not chosen (the backend refuses it).
  const dealByHand = c?.status === "deal";
  const owners = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options, enabled: editing === "new" });
  return (
    <FormDrawer<CustomerInput>
      open={editing !== null}
      title={editing === "new" ? t("customer.new") : t("customer.edit")}
      form={form}
      fields={FIELDS}
      initialValues={
        c
          ? {
              customerName: c.customerName,
              customerType: c.customerType,
              industry: c.industry,
              scale: c.scale,
              address: c.address,
              status: c.status,
              level: c.level,
              ownerId: c.ownerId,
              activityId: c.activityId,
            }
          : { customerType: "enterprise", status: "potential", level: null, ownerId: user.id, activityId: null }
      }
      onClose={onClose}
      invalidates={["customers"]}
      onReload={reload}
      onSubmit={async (v) => {
        const input: CustomerInput = {
          ...v,
          customerName: v.customerName.trim(),
          industry: blank(v.industry),
          scale: blank(v.scale),
          address: blank(v.address),
          level: v.level ?? null,
          ownerId: v.ownerId ?? null,
          // Sent back as loaded on an edit; cleared is null (no source activity).
          activityId: v.activityId ?? null,
        };
        if (editing === "new") await api.customers.create(input);
        else if (c) await api.customers.update(c.id, input, c.lockVersion);
      }}
    >
      <Form.Item
        name="customerName"
        label={t("customer.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("customer.name") }) }]}
      >
        <Input id="customer-name" maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item name="customerType" label={t("customer.type")}>
        <Radio.Group optionType="button" options={CUSTOMER_TYPE.options(t)} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="status" label={t("customer.status")} extra={dealByHand ? undefined : t("customer.dealBySigning")}>
            <Select
              id="customer-status"
              options={CUSTOMER_STATUS.options(t).map((o) =>
                o.value === "deal" && !dealByHand ? { ...o, disabled: true, title: t("customer.dealBySigning") } : o,
              )}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="level" label={t("customer.level")}>
            <Select allowClear placeholder={t("customer.level.none")} options={CUSTOMER_LEVEL.options(t)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="industry" label={t("customer.industry")}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="scale" label={t("customer.scale")}>
            <Input maxLength={50} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="address" label={t("customer.address")}>
        <Input maxLength={500} />
      </Form.Item>
      <Form.Item name="activityId" label={t("customer.activity")}>
        <ActivitySelect
          id="customer-activity"
          enabled={editing !== null}
          current={c ? { id: c.activityId, name: c.activityName } : undefined}
        />
      </Form.Item>
      {editing === "new" && (
        <Form.Item name="ownerId" label={t("customer.owner")}>
          <Select
            showSearch={{ optionFilterProp: "label" }}
            options={(owners.data ?? []).map((o) => ({ value: o.id, label: o.fullName }))}
          />
        </Form.Item>
      )}
    </FormDrawer>
  );
}
