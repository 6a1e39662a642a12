import { useQuery } from "@tanstack/react-query";
import { AutoComplete, Button, Col, Form, Input, Row, Select, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { activityKeys, api, contactKeys, type SessionInput, type SessionRow } from "../../api";
import { useSession } from "../../app/session";
import ChildTable from "../../components/ChildTable";
import DateTimePicker from "../../components/DateTimePicker";
import FormModal from "../../components/FormModal";
import { byField } from "../../components/sorters";
import { blank, fromUtc, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { textOptions, useSuggestions } from "../../locales/suggestions";

const FIELDS = ["contactId", "sessionType", "sessionTime", "content", "tag"] as const;
type V = Omit<SessionInput, "sessionTime"> & { sessionTime: Dayjs };

/** Conversations with the customer (calls, chats, mails), newest first. */
export default function SessionsTab({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useI18n();
  const suggest = useSuggestions();
  const { can } = useSession();
  const [form] = Form.useForm<V>();
  const [editing, setEditing] = useState<SessionRow | "new" | null>(null);
  const q = useQuery({ queryKey: activityKeys.sessions(customerId), queryFn: () => api.sessions.list(customerId) });
  const contacts = useQuery({
    queryKey: contactKeys.ofCustomer(customerId),
    queryFn: () => api.contacts.list(customerId),
    enabled: editing !== null,
  });
  const mayEdit = writable && can("follow_up:update");

  return (
    <>
      <ChildTable<SessionRow>
        testid="sessions-tab"
        query={q}
        emptyText={t("session.empty")}
        create={
          writable && can("follow_up:create") ? { id: "session-new", label: t("session.new"), onClick: () => setEditing("new") } : null
        }
        actions={(s) =>
          mayEdit && (
            <Button type="link" size="small" onClick={() => setEditing(s)}>
              {t("common.edit")}
            </Button>
          )
        }
        remove={
          writable && can("follow_up:delete")
            ? { confirm: () => t("session.deleteConfirm"), run: (s) => api.sessions.remove(s.id), invalidates: ["activities"] }
            : null
        }
        expandable={{
          expandedRowRender: (s) => <div style={{ whiteSpace: "pre-wrap" }}>{s.content}</div>,
          rowExpandable: (s) => !!s.content && s.content.length > 40,
        }}
        columns={[
          { title: t("session.time"), dataIndex: "sessionTime", width: 150, sorter: byField("sessionTime"), render: localTime },
          {
            title: t("session.type"),
            dataIndex: "sessionType",
            width: 80,
            sorter: byField("sessionType"),
            render: (v: string) => <Tag>{v}</Tag>,
          },
          {
            title: t("session.contact"),
            dataIndex: "contactName",
            width: 100,
            sorter: byField("contactName"),
            render: (v: string | null) => v ?? "-",
          },
          {
            title: t("session.tag"),
            dataIndex: "tag",
            width: 100,
            sorter: byField("tag"),
            render: (v: string | null) => (v ? <Tag color="geekblue">{v}</Tag> : "-"),
          },
          { title: t("session.content"), dataIndex: "content", ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("common.createdBy"), dataIndex: "createdByName", width: 90, render: (v: string | null) => v ?? "-" },
        ]}
      />
      <FormModal<V>
        open={editing !== null}
        title={editing === "new" ? t("session.new") : t("session.edit")}
        form={form}
        fields={FIELDS}
        okId="session-save"
        width={560}
        initialValues={
          editing && editing !== "new"
            ? {
                contactId: editing.contactId,
                sessionType: editing.sessionType,
                sessionTime: fromUtc(editing.sessionTime) ?? dayjs(),
                content: editing.content,
                tag: editing.tag,
              }
            : { contactId: null, sessionType: suggest.sessionChannels[0], sessionTime: dayjs().second(0), content: null, tag: null }
        }
        onClose={() => setEditing(null)}
        invalidates={["activities"]}
        onSubmit={async (v) => {
          const input: SessionInput = {
            contactId: v.contactId ?? null,
            sessionType: v.sessionType.trim(),
            sessionTime: toUtc(v.sessionTime)!,
            content: blank(v.content),
            tag: blank(v.tag),
          };
          if (editing === "new") await api.sessions.create(customerId, input);
          else if (editing) await api.sessions.update(editing.id, input);
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="sessionType"
              label={t("session.type")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("session.type") }) }]}
            >
              <AutoComplete id="session-type" options={textOptions(suggest.sessionChannels)} maxLength={20} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="sessionTime"
              label={t("session.time")}
              rules={[{ required: true, message: t("common.required", { label: t("session.time") }) }]}
            >
              <DateTimePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactId" label={t("session.contact")}>
              <Select
                allowClear
                loading={contacts.isLoading}
                options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.contactName }))}
              />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="tag" label={t("session.tag")}>
              <AutoComplete id="session-tag" options={textOptions(suggest.sessionTags)} maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="content" label={t("session.content")}>
          <Input.TextArea rows={4} maxLength={10000} autoFocus />
        </Form.Item>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t("follow.shortcut")}
        </Typography.Text>
      </FormModal>
    </>
  );
}
