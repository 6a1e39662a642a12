import { useQuery } from "@tanstack/react-query";
import { Alert, AutoComplete, Button, Empty, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { contractKeys, activityKeys, api, type ReturnVisitRow, type ReturnVisitStatus } from "../../api";
import DateTimePicker from "../../components/DateTimePicker";
import FormModal from "../../components/FormModal";
import ReasonModal from "../../components/ReasonModal";
import { blank, errorText, isPast, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import { useRefresh } from "../../queries";

const CHANNELS = ["电话", "上门", "问卷"];
const STATUS_COLOR: Record<ReturnVisitStatus, string> = { pending: "blue", done: "green", cancelled: "default" };
type NewV = { visitType: string; planTime: Dayjs; content: string | null; contractId: number | null };
type DoneV = { feedback: string; actualTime: Dayjs | null; content: string | null };

/** After-sale return visits: plan one, then record the customer's feedback or cancel it. */
export default function ReturnVisitsTab({
  customerId,
  perms,
  writable,
}: {
  customerId: number;
  perms: readonly string[];
  writable: boolean;
}) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const [newForm] = Form.useForm<NewV>();
  const [doneForm] = Form.useForm<DoneV>();
  const [creating, setCreating] = useState(false);
  const [completing, setCompleting] = useState<ReturnVisitRow | null>(null);
  const [cancelling, setCancelling] = useState<ReturnVisitRow | null>(null);
  const q = useQuery({ queryKey: activityKeys.returnVisits(customerId), queryFn: () => api.returnVisits.list(customerId) });
  const mayUpdate = writable && can(perms, "follow_up:update");
  const mayDelete = writable && can(perms, "follow_up:delete");
  const contracts = useQuery({
    queryKey: contractKeys.list({ keyword: null, status: null, customerId }),
    queryFn: () => api.contracts.list({ keyword: null, status: null, customerId }, { page: 1, pageSize: 100 }),
    enabled: creating && can(perms, "contract:read"),
  });

  return (
    <div data-testid="return-visits-tab">
      {writable && can(perms, "follow_up:create") && (
        <div style={{ textAlign: "right", marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} id="return-visit-new">
            {t("rv.new")}
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
      <Table<ReturnVisitRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={(q.data?.length ?? 0) > 20 ? { pageSize: 20, size: "small" } : false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("rv.empty")} /> }}
        expandable={{
          expandedRowRender: (r) => (
            <div style={{ display: "grid", gap: 4, whiteSpace: "pre-wrap" }}>
              {r.content && (
                <div>
                  {t("rv.content")}: {r.content}
                </div>
              )}
              {r.feedback && (
                <div>
                  {r.status === "cancelled" ? t("rv.cancelReason") : t("rv.feedback")}: {r.feedback}
                </div>
              )}
            </div>
          ),
          rowExpandable: (r) => !!(r.content || r.feedback),
        }}
        columns={[
          { title: t("rv.planTime"), dataIndex: "planTime", width: 150, render: localTime },
          { title: t("rv.type"), dataIndex: "visitType", width: 70, render: (v: string) => <Tag>{v}</Tag> },
          { title: t("rv.content"), dataIndex: "content", ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("rv.contract"), dataIndex: "contractNo", width: 120, render: (v: string | null) => v ?? "-" },
          {
            title: t("rv.status"),
            dataIndex: "status",
            width: 80,
            render: (s: ReturnVisitStatus, r) =>
              s === "pending" && isPast(r.planTime) ? (
                <Tag color="red">{t("visit.status.overdue")}</Tag>
              ) : (
                <Tag color={STATUS_COLOR[s]}>{t(`rv.status.${s}`)}</Tag>
              ),
          },
          { title: t("rv.actualTime"), dataIndex: "actualTime", width: 150, render: localTime },
          {
            title: t("common.actions"),
            key: "actions",
            width: 120,
            render: (_, r) => (
              <Space size={0}>
                {mayUpdate && r.status === "pending" && (
                  <>
                    <Button type="link" size="small" onClick={() => setCompleting(r)}>
                      {t("rv.complete")}
                    </Button>
                    <Button type="link" size="small" onClick={() => setCancelling(r)}>
                      {t("visit.cancel")}
                    </Button>
                  </>
                )}
                {mayDelete && (
                  <Popconfirm
                    title={t("rv.deleteConfirm")}
                    okButtonProps={{ danger: true }}
                    onConfirm={async () => {
                      await api.returnVisits.remove(r.id);
                      refresh("activities");
                    }}
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
      <FormModal<NewV>
        open={creating}
        title={t("rv.new")}
        form={newForm}
        fields={["visitType", "planTime", "content", "contractId"]}
        okId="return-visit-save"
        initialValues={{ visitType: "电话", planTime: dayjs().add(1, "day").hour(10).minute(0).second(0), content: null, contractId: null }}
        onClose={() => setCreating(false)}
        onSubmit={async (v) => {
          await api.returnVisits.create(customerId, {
            contractId: v.contractId ?? null,
            visitType: v.visitType.trim(),
            planTime: toUtc(v.planTime)!,
            content: blank(v.content),
          });
          refresh("activities");
        }}
      >
        <Space size="middle" wrap>
          <Form.Item
            name="visitType"
            label={t("rv.type")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("rv.type") }) }]}
          >
            <AutoComplete options={CHANNELS.map((c) => ({ value: c }))} maxLength={20} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            name="planTime"
            label={t("rv.planTime")}
            rules={[{ required: true, message: t("common.required", { label: t("rv.planTime") }) }]}
          >
            <DateTimePicker style={{ width: 200 }} />
          </Form.Item>
        </Space>
        {can(perms, "contract:read") && (
          <Form.Item name="contractId" label={t("rv.contract")}>
            <Select
              allowClear
              loading={contracts.isFetching}
              placeholder="-"
              options={(contracts.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.contractNo} · ${c.contractName}` }))}
            />
          </Form.Item>
        )}
        <Form.Item name="content" label={t("rv.content")}>
          <Input.TextArea rows={3} maxLength={10000} autoFocus />
        </Form.Item>
      </FormModal>
      <FormModal<DoneV>
        open={completing !== null}
        title={t("rv.completeTitle")}
        form={doneForm}
        fields={["feedback", "actualTime", "content"]}
        okId="return-visit-complete"
        okText={t("rv.complete")}
        initialValues={{ feedback: "", actualTime: null, content: completing?.content ?? null }}
        onClose={() => setCompleting(null)}
        onSubmit={async (v) => {
          await api.returnVisits.complete(completing!.id, {
            feedback: v.feedback.trim(),
            actualTime: toUtc(v.actualTime),
            content: blank(v.content),
          });
          refresh("activities");
        }}
      >
        {completing && (
          <Typography.Paragraph type="secondary">
            {localTime(completing.planTime)} · {completing.visitType}
          </Typography.Paragraph>
        )}
        <Form.Item
          name="feedback"
          label={t("rv.feedback")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("rv.feedback") }) }]}
        >
          <Input.TextArea rows={4} maxLength={10000} autoFocus />
        </Form.Item>
        <Form.Item name="actualTime" label={t("rv.actualTime")} extra={t("rv.actualTimeHint")}>
          <DateTimePicker style={{ width: 200 }} disabledDate={(d) => d.isAfter(dayjs().endOf("day"))} />
        </Form.Item>
        <Form.Item name="content" label={t("rv.content")}>
          <Input.TextArea rows={2} maxLength={10000} />
        </Form.Item>
      </FormModal>
      <ReasonModal
        open={cancelling !== null}
        title={t("rv.cancelTitle")}
        label={t("rv.cancelReason")}
        okText={t("visit.cancel")}
        danger
        maxLength={2000}
        onClose={() => setCancelling(null)}
        onSubmit={async (reason) => {
          await api.returnVisits.cancel(cancelling!.id, reason);
          refresh("activities");
        }}
      />
    </div>
  );
}
