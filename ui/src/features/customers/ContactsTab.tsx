import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Col,
  DatePicker,
  Empty,
  Form,
  Input,
  Popconfirm,
  Row,
  Space,
  Switch,
  Table,
  Tag,
  Tooltip,
} from "antd";
import { PlusOutlined, StarFilled } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { contactKeys, api, type ContactInput, type ContactRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank, errorText, fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

const FIELDS = ["contactName", "position", "phone", "email", "isKey", "communicationPreference", "birthday", "remark"] as const;
type V = Omit<ContactInput, "birthday"> & { birthday: Dayjs | null };
const PREFERENCES = ["电话", "微信", "邮件", "面谈"];

/** Add or edit a contact of a customer. A phone the customer already has is refused on the phone field. */
export function ContactModal({
  customerId,
  editing,
  onClose,
}: {
  customerId: number;
  editing: ContactRow | "new" | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const refresh = useRefresh();
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
        refresh("contacts");
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

/** The contacts of one customer, key decision-makers first. */
export default function ContactsTab({ customerId, perms, writable }: { customerId: number; perms: readonly string[]; writable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [editing, setEditing] = useState<ContactRow | "new" | null>(null);
  const q = useQuery({ queryKey: contactKeys.ofCustomer(customerId), queryFn: () => api.contacts.list(customerId) });
  const rows = [...(q.data ?? [])].sort((a, b) => Number(b.isKey) - Number(a.isKey));
  const mayEdit = writable && can(perms, "contact:update");
  const mayDelete = writable && can(perms, "contact:delete");

  const remove = async (c: ContactRow) => {
    try {
      await api.contacts.remove(c.id);
      message.success(t("common.deleted"));
      refresh("contacts");
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="contacts-tab">
      {writable && can(perms, "contact:create") && (
        <div style={{ textAlign: "right", marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="contact-new">
            {t("contact.new")}
          </Button>
        </div>
      )}
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorText(q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      <Table<ContactRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("contact.empty")} /> }}
        onRow={(c) => ({ onDoubleClick: () => mayEdit && setEditing(c) })}
        columns={[
          {
            title: t("contact.name"),
            dataIndex: "contactName",
            width: 130,
            render: (v: string, c) => (
              <Space size={4}>
                {c.isKey && (
                  <Tooltip title={t("contact.isKey")}>
                    <StarFilled style={{ color: "#faad14" }} aria-label={t("contact.isKey")} />
                  </Tooltip>
                )}
                {v}
              </Space>
            ),
          },
          { title: t("contact.position"), dataIndex: "position", width: 110, render: (v: string | null) => v ?? "-" },
          { title: t("contact.phone"), dataIndex: "phone", width: 130 },
          { title: t("contact.email"), dataIndex: "email", ellipsis: true, render: (v: string | null) => v ?? "-" },
          {
            title: t("contact.preference"),
            dataIndex: "communicationPreference",
            width: 90,
            render: (v: string | null) => (v ? <Tag>{v}</Tag> : "-"),
          },
          { title: t("contact.birthday"), dataIndex: "birthday", width: 110, render: (v: string | null) => v ?? "-" },
          {
            title: t("common.actions"),
            key: "actions",
            width: 110,
            render: (_, c) => (
              <Space size={0}>
                {mayEdit && (
                  <Button type="link" size="small" onClick={() => setEditing(c)}>
                    {t("common.edit")}
                  </Button>
                )}
                {mayDelete && (
                  <Popconfirm
                    title={t("contact.deleteConfirm", { name: c.contactName })}
                    okButtonProps={{ danger: true }}
                    onConfirm={() => remove(c)}
                  >
                    <Button type="link" size="small" danger>
                      {t("common.delete")}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ContactModal customerId={customerId} editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
