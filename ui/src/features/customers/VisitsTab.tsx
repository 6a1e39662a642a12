import { useQuery } from "@tanstack/react-query";
import { Button, Col, Form, Input, Row, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { activityKeys, api, type VisitInput, type VisitRow } from "../../api";
import { useSession } from "../../app/session";
import ChildTable from "../../components/ChildTable";
import DateTimePicker from "../../components/DateTimePicker";
import EnumTag from "../../components/EnumTag";
import FormModal from "../../components/FormModal";
import ReasonModal from "../../components/ReasonModal";
import { byField } from "../../components/sorters";
import { VISIT_PLAN_STATUS } from "../../domain/enums";
import { blank, fromUtc, isPast, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";

const FIELDS = ["visitPurpose", "visitTime", "address", "participants", "materials"] as const;
type V = Omit<VisitInput, "visitTime"> & { visitTime: Dayjs };

export function VisitStatusTag({ v }: { v: Pick<VisitRow, "status" | "visitTime"> }) {
  const { t } = useI18n();
  if (v.status === "planned" && isPast(v.visitTime)) return <Tag color="red">{t("visit.status.overdue")}</Tag>;
  return <EnumTag table={VISIT_PLAN_STATUS} value={v.status} />;
}

/** Visit plans: schedule, then finish with a summary or cancel with a reason. */
export default function VisitsTab({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [form] = Form.useForm<V>();
  const [editing, setEditing] = useState<VisitRow | "new" | null>(null);
  const [finishing, setFinishing] = useState<{ v: VisitRow; to: "done" | "cancelled" } | null>(null);
  const q = useQuery({ queryKey: activityKeys.visits(customerId), queryFn: () => api.visits.list(customerId) });
  const mayUpdate = writable && can("follow_up:update");

  return (
    <>
      <ChildTable<VisitRow>
        testid="visits-tab"
        query={q}
        emptyText={t("visit.empty")}
        actionsWidth={190}
        create={writable && can("follow_up:create") ? { id: "visit-new", label: t("visit.new"), onClick: () => setEditing("new") } : null}
        actions={(v) =>
          mayUpdate &&
          v.status === "planned" && (
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
          )
        }
        remove={
          writable && can("follow_up:delete")
            ? { confirm: () => t("visit.deleteConfirm"), run: (v) => api.visits.remove(v.id), invalidates: ["activities"] }
            : null
        }
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
          { title: t("visit.time"), dataIndex: "visitTime", width: 150, sorter: byField("visitTime"), render: localTime },
          { title: t("visit.purpose"), dataIndex: "visitPurpose", ellipsis: true, sorter: byField("visitPurpose") },
          { title: t("visit.address"), dataIndex: "address", width: 140, ellipsis: true, render: (v: string | null) => v ?? "-" },
          { title: t("visit.status"), key: "status", width: 80, sorter: byField("status"), render: (_, v) => <VisitStatusTag v={v} /> },
          { title: t("common.createdBy"), dataIndex: "createdByName", width: 80, render: (v: string | null) => v ?? "-" },
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
        invalidates={["activities"]}
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
        invalidates={["activities"]}
        onSubmit={(text) => api.visits.finish(finishing!.v.id, finishing!.to, text)}
      />
    </>
  );
}
