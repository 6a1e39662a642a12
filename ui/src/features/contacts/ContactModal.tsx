import { AutoComplete, Col, DatePicker, Form, Input, Row, Switch } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { api, ApiError, type ContactInput, type ContactListRow, type ContactRow } from "../../api";
import FormModal from "../../components/FormModal";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { blank, fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { textOptions, useSuggestions } from "../../locales/suggestions";

const FIELDS = ["contactName", "position", "phone", "email", "isKey", "communicationPreference", "birthday", "remark"] as const;
type V = Omit<ContactInput, "birthday"> & { birthday: Dayjs | null };

/** A contact as stored now (there is no contact_get: it is read from its customer's contacts). */
async function loadContact(c: ContactRow | ContactListRow): Promise<ContactRow | ContactListRow> {
  const fresh = (await api.contacts.list(c.customerId)).find((x) => x.id === c.id);
  if (!fresh) throw new ApiError({ code: "NOT_FOUND", message: "", field: null });
  // Keep the list row's extra columns (customer, owner); the contact's own fields are fresh.
  return { ...c, ...fresh };
}

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
  const suggest = useSuggestions();
  const [form] = Form.useForm<V>();
  const { record: c, reload } = useFreshRecord(editing, loadContact);
  const initial: Partial<V> = c
    ? {
        contactName: c.contactName,
        position: c.position,
        phone: c.phone,
        email: c.email,
        isKey: c.isKey,
        communicationPreference: c.communicationPreference,
        birthday: fromDate(c.birthday),
        remark: c.remark,
      }
    : { isKey: false, birthday: null };
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
      onReload={reload}
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
        else if (c) await api.contacts.update(c.id, input, c.lockVersion);
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
            <AutoComplete id="contact-preference" options={textOptions(suggest.contactPreferences)} maxLength={50} />
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
