import { useQuery } from "@tanstack/react-query";
import { Alert, App, AutoComplete, Button, Col, Empty, Form, Input, Popconfirm, Row, Select, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { contactKeys, activityKeys, api, type SessionInput, type SessionRow } from "../../api";
import DateTimePicker from "../../components/DateTimePicker";
import FormModal from "../../components/FormModal";
import { blank, errorText, fromUtc, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

const FIELDS = ["contactId", "sessionType", "sessionTime", "content", "tag"] as const;
type V = Omit<SessionInput, "sessionTime"> & { sessionTime: Dayjs };
const CHANNELS = ["电话", "微信", "邮件", "面谈"];
const TAGS = ["需求沟通", "报价讨论", "售后咨询", "投诉建议"];

/** Conversations with the customer (calls, chats, mails), newest first. */
export default function SessionsTab({ customerId, perms, writable }: { customerId: number; perms: readonly string[]; writable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<V>();
  const [editing, setEditing] = useState<SessionRow | "new" | null>(null);
  const q = useQuery({ queryKey: activityKeys.sessions(customerId), queryFn: () => api.sessions.list(customerId) });
  const contacts = useQuery({
    queryKey: contactKeys.ofCustomer(customerId),
    queryFn: () => api.contacts.list(customerId),
    enabled: editing !== null,
  });
  const mayEdit = writable && can(perms, "follow_up:update");
  const mayDelete = writable && can(perms, "follow_up:delete");

  const remove = async (s: SessionRow) => {
    try {
      await api.sessions.remove(s.id);
      message.success(t("common.deleted"));
      refresh("activities");
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="sessions-tab">
      {writable && can(perms, "follow_up:create") && (
        <div style={{ textAlign: "right", marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="session-new">
            {t("session.new")}
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
      <Table<SessionRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={(q.data?.length ?? 0) > 20 ? { pageSize: 20, size: "small" } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("session.empty")} /> }}
        expandable={{
          expandedRowRender: (s) => <div style={{ whiteSpace: "pre-wrap" }}>{s.content}</div>,
          rowExpandable: (s) => !!s.content && s.content.length > 40,
        }}
        columns={[
          { title: t("session.time"), dataIndex: "sessionTime", width: 150, render: localTime },
          { title: t("session.type"), dataIndex: "sessionType", width: 80, render: (v: string) => <Tag>{v}</Tag> },
          { title: t("session.contact"), dataIndex: "contactName", width: 100, render: (v: string | null) => v ?? "-" },
          {
            title: t("session.tag"),
            dataIndex: "tag",
            width: 100,
            render: (v: string | null) => (v ? <Tag color="geekblue">{v}</Tag> : "-"),
          },
          { title: t("session.content"), dataIndex: "content", ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("common.createdBy"), dataIndex: "createdByName", width: 90, render: (v: string | null) => v ?? "-" },
          {
            title: t("common.actions"),
            key: "actions",
            width: 110,
            render: (_, s) => (
              <Space size={0}>
                {mayEdit && (
                  <Button type="link" size="small" onClick={() => setEditing(s)}>
                    {t("common.edit")}
                  </Button>
                )}
                {mayDelete && (
                  <Popconfirm title={t("session.deleteConfirm")} okButtonProps={{ danger: true }} onConfirm={() => remove(s)}>
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
            : { contactId: null, sessionType: "电话", sessionTime: dayjs().second(0), content: null, tag: null }
        }
        onClose={() => setEditing(null)}
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
          refresh("activities");
        }}
      >
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="sessionType"
              label={t("session.type")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("session.type") }) }]}
            >
              <AutoComplete options={CHANNELS.map((c) => ({ value: c }))} maxLength={20} />
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
              <AutoComplete options={TAGS.map((c) => ({ value: c }))} maxLength={50} />
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
    </div>
  );
}
