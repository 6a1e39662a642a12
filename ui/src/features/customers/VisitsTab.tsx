import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Col, Empty, Form, Input, Popconfirm, Row, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { activityKeys, api, type VisitInput, type VisitPlanStatus, type VisitRow } from "../../api";
import DateTimePicker from "../../components/DateTimePicker";
import FormModal from "../../components/FormModal";
import ReasonModal from "../../components/ReasonModal";
import { blank, errorText, fromUtc, isPast, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

const FIELDS = ["visitPurpose", "visitTime", "address", "participants", "materials"] as const;
type V = Omit<VisitInput, "visitTime"> & { visitTime: Dayjs };
const STATUS_COLOR: Record<VisitPlanStatus, string> = { planned: "blue", done: "green", cancelled: "default" };

export function VisitStatusTag({ v }: { v: Pick<VisitRow, "status" | "visitTime"> }) {
  const { t } = useI18n();
  if (v.status === "planned" && isPast(v.visitTime)) return <Tag color="red">{t("visit.status.overdue")}</Tag>;
  return <Tag color={STATUS_COLOR[v.status]}>{t(`visit.status.${v.status}`)}</Tag>;
}

/** Visit plans: schedule, then finish with a summary or cancel with a reason. */
export default function VisitsTab({ customerId, perms, writable }: { customerId: number; perms: readonly string[]; writable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const refresh = useRefresh();
  const [form] = Form.useForm<V>();
  const [editing, setEditing] = useState<VisitRow | "new" | null>(null);
  const [finishing, setFinishing] = useState<{ v: VisitRow; to: "done" | "cancelled" } | null>(null);
  const q = useQuery({ queryKey: activityKeys.visits(customerId), queryFn: () => api.visits.list(customerId) });
  const mayUpdate = writable && can(perms, "follow_up:update");
  const mayDelete = writable && can(perms, "follow_up:delete");

  const remove = async (v: VisitRow) => {
    try {
      await api.visits.remove(v.id);
      message.success(t("common.deleted"));
      refresh("activities");
    } catch (e) {
      message.error(errorText(e));
    }
  };

  return (
    <div data-testid="visits-tab">
      {writable && can(perms, "follow_up:create") && (
        <div style={{ textAlign: "right", marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="visit-new">
            {t("visit.new")}
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
      <Table<VisitRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={(q.data?.length ?? 0) > 20 ? { pageSize: 20, size: "small" } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("visit.empty")} /> }}
        expandable={{
          expandedRowRender: (v) => (
            <div style={{ display: "grid", gap: 4 }}>
              {v.participants && (
                <div>
                  {t("visit.participants")}: {v.participants}
                </div>
              )}
              {v.materials && (
                <div>
                  {t("visit.materials")}: {v.materials}
                </div>
              )}
              {v.summary && (
                <div style={{ whiteSpace: "pre-wrap" }}>
                  {v.status === "cancelled" ? t("visit.cancelReason") : t("visit.summary")}: {v.summary}
                </div>
              )}
            </div>
          ),
          rowExpandable: (v) => !!(v.participants || v.materials || v.summary),
        }}
        columns={[
          { title: t("visit.time"), dataIndex: "visitTime", width: 150, render: localTime },
          { title: t("visit.purpose"), dataIndex: "visitPurpose", ellipsis: true },
          { title: t("visit.address"), dataIndex: "address", width: 140, ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("visit.status"), key: "status", width: 80, render: (_, v) => <VisitStatusTag v={v} /> },
          { title: t("common.createdBy"), dataIndex: "createdByName", width: 80, render: (v: string | null) => v ?? "-" },
          {
            title: t("common.actions"),
            key: "actions",
            width: 190,
            render: (_, v) => (
              <Space size={0} wrap>
                {mayUpdate && v.status === "planned" && (
                  <>
                    <Button type="link" size="small" onClick={() => setFinishing({ v, to: "done" })}>
                      {t("visit.finish")}
                    </Button>
                    <Button type="link" size="small" onClick={() => setEditing(v)}>
                      {t("common.edit")}
                    </Button>
                    <Button type="link" size="small" onClick={() => setFinishing({ v, to: "cancelled" })}>
                      {t("visit.cancel")}
                    </Button>
                  </>
                )}
                {mayDelete && (
                  <Popconfirm title={t("visit.deleteConfirm")} okButtonProps={{ danger: true }} onConfirm={() => remove(v)}>
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
        title={editing === "new" ? t("visit.new") : t("visit.edit")}
        form={form}
        fields={FIELDS}
        okId="visit-save"
        width={560}
        initialValues={
          editing && editing !== "new"
            ? {
                visitPurpose: editing.visitPurpose,
                visitTime: fromUtc(editing.visitTime) ?? dayjs(),
                address: editing.address,
                participants: editing.participants,
                materials: editing.materials,
              }
            : { visitTime: dayjs().add(1, "day").hour(10).minute(0).second(0) }
        }
        onClose={() => setEditing(null)}
        onSubmit={async (v) => {
          const input: VisitInput = {
            visitPurpose: v.visitPurpose.trim(),
            visitTime: toUtc(v.visitTime)!,
            address: blank(v.address),
            participants: blank(v.participants),
            materials: blank(v.materials),
          };
          if (editing === "new") await api.visits.create(customerId, input);
          else if (editing) await api.visits.update(editing.id, input);
          refresh("activities");
        }}
      >
        <Form.Item
          name="visitPurpose"
          label={t("visit.purpose")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("visit.purpose") }) }]}
        >
          <Input.TextArea rows={2} maxLength={500} autoFocus />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="visitTime"
              label={t("visit.time")}
              rules={[{ required: true, message: t("common.required", { label: t("visit.time") }) }]}
            >
              <DateTimePicker style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="address" label={t("visit.address")}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="participants" label={t("visit.participants")}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="materials" label={t("visit.materials")}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
        </Row>
      </FormModal>
      <ReasonModal
        open={finishing !== null}
        title={finishing?.to === "done" ? t("visit.finishTitle") : t("visit.cancelTitle")}
        hint={
          finishing && (
            <Typography.Text type="secondary">
              {localTime(finishing.v.visitTime)} · {finishing.v.visitPurpose}
            </Typography.Text>
          )
        }
        label={finishing?.to === "done" ? t("visit.summary") : t("visit.cancelReason")}
        okText={finishing?.to === "done" ? t("visit.finish") : t("visit.cancel")}
        danger={finishing?.to === "cancelled"}
        maxLength={finishing?.to === "done" ? 10000 : 2000}
        onClose={() => setFinishing(null)}
        onSubmit={async (text) => {
          await api.visits.finish(finishing!.v.id, finishing!.to, text);
          refresh("activities");
        }}
      />
    </div>
  );
}
