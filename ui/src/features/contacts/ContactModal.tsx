import { AutoComplete, Col, DatePicker, Form, Input, Row, Switch } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, type ContactInput, type ContactListRow, type ContactRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank, fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";

const FIELDS = ["contactName", "position", "phone", "email", "isKey", "communicationPreference", "birthday", "remark"] as const;
type V = Omit<ContactInput, "birthday"> & { birthday: Dayjs | null };
const PREFERENCES = ["电话", "微信", "邮件", "面谈"];

/** Add or edit a contact of a customer. A phone the customer already has is refused on the phone field. */
export default function ContactModal({
  customerId,
  editing,
  onClose,
}: {
  customerId: number;
  editing: ContactRow | ContactListRow | "new" | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const initial: Partial<V> =
    editing && editing !== "new" ? { ...editing, birthday: fromDate(editing.birthday) } : { isKey: false, birthday: null };
  return (
    <FormModal<V>
      open={editing !== null}
      title={editing === "new" ? t("contact.new") : t("contact.edit")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      okId="contact-save"
      width={600}
      onClose={onClose}
      invalidates={["contacts"]}
      onSubmit={async (v) => {
        const input: ContactInput = {
          contactName: v.contactName.trim(),
          position: blank(v.position),
          phone: v.phone.trim(),
          email: blank(v.email),
          isKey: !!v.isKey,
          communicationPreference: blank(v.communicationPreference),
          birthday: toDate(v.birthday),
          remark: blank(v.remark),
        };
        if (editing === "new") await api.contacts.create(customerId, input);
        else if (editing) await api.contacts.update(editing.id, input);
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="contactName"
            label={t("contact.name")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("contact.name") }) }]}
          >
            <Input id="contact-name" maxLength={100} autoFocus />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="position" label={t("contact.position")}>
            <Input id="contact-position" maxLength={100} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="phone"
            label={t("contact.phone")}
            rules={[
              { required: true, whitespace: true, message: t("common.required", { label: t("contact.phone") }) },
              { pattern: /^[0-9+\-() ]{5,20}$/, message: t("common.badPhone") },
            ]}
          >
            <Input id="contact-phone" maxLength={20} inputMode="tel" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="email" label={t("contact.email")} rules={[{ type: "email", message: t("common.badEmail") }]}>
            <Input id="contact-email" maxLength={100} inputMode="email" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="communicationPreference" label={t("contact.preference")}>
            <AutoComplete options={PREFERENCES.map((p) => ({ value: p }))} maxLength={50} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="birthday" label={t("contact.birthday")}>
            <DatePicker style={{ width: "100%" }} disabledDate={(d) => d.isAfter(dayjs())} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="isKey" label={t("contact.isKey")} valuePropName="checked" extra={t("contact.isKeyHint")}>
        <Switch id="contact-key" />
      </Form.Item>
      <Form.Item name="remark" label={t("contact.remark")}>
        <Input.TextArea rows={2} maxLength={5000} />
      </Form.Item>
    </FormModal>
  );
}
