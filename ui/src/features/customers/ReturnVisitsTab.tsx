import { useQuery } from "@tanstack/react-query";
import { AutoComplete, Button, Form, Input, Select, Space, Tag, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { activityKeys, api, contractKeys, type ContractFilter, type ReturnVisitRow } from "../../api";
import { useSession } from "../../app/session";
import ChildTable from "../../components/ChildTable";
import DateTimePicker from "../../components/DateTimePicker";
import EnumTag from "../../components/EnumTag";
import FormModal from "../../components/FormModal";
import ReasonModal from "../../components/ReasonModal";
import { byField } from "../../components/sorters";
import { RETURN_VISIT_STATUS } from "../../domain/enums";
import { blank, fromUtc, isPast, localTime, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { textOptions, useSuggestions } from "../../locales/suggestions";

type NewV = { visitType: string; planTime: Dayjs; content: string | null; contractId: number | null };
type DoneV = { feedback: string; actualTime: Dayjs | null; content: string | null };

/** After-sale return visits: plan one, then record the customer's feedback or cancel it. */
export default function ReturnVisitsTab({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useI18n();
  const suggest = useSuggestions();
  const { can } = useSession();
  const [newForm] = Form.useForm<NewV>();
  const [doneForm] = Form.useForm<DoneV>();
  const [creating, setCreating] = useState(false);
  // A pending visit being edited (the same form as a new one).
  const [editing, setEditing] = useState<ReturnVisitRow | null>(null);
  const [completing, setCompleting] = useState<ReturnVisitRow | null>(null);
  const [cancelling, setCancelling] = useState<ReturnVisitRow | null>(null);
  const q = useQuery({ queryKey: activityKeys.returnVisits(customerId), queryFn: () => api.returnVisits.list(customerId) });
  const mayUpdate = writable && can("follow_up:update");
  const contractFilter: ContractFilter = { keyword: null, status: null, customerId };
  const contracts = useQuery({
    queryKey: contractKeys.list(contractFilter),
    queryFn: () => api.contracts.list(contractFilter, { page: 1, pageSize: 100 }),
    enabled: (creating || editing !== null) && can("contract:read"),
  });

  return (
    <>
      <ChildTable<ReturnVisitRow>
        testid="return-visits-tab"
        query={q}
        emptyText={t("rv.empty")}
        actionsWidth={170}
        create={
          writable && can("follow_up:create") ? { id: "return-visit-new", label: t("rv.new"), onClick: () => setCreating(true) } : null
        }
        actions={(r) =>
          mayUpdate &&
          r.status === "pending" && (
            <>
              <Button type="link" size="small" data-testid={`return-visit-edit-${r.id}`} onClick={() => setEditing(r)}>
                {t("common.edit")}
              </Button>
              <Button type="link" size="small" onClick={() => setCompleting(r)}>
                {t("rv.complete")}
              </Button>
              <Button type="link" size="small" onClick={() => setCancelling(r)}>
                {t("visit.cancel")}
              </Button>
            </>
          )
        }
        remove={
          writable && can("follow_up:delete")
            ? { confirm: () => t("rv.deleteConfirm"), run: (r) => api.returnVisits.remove(r.id), invalidates: ["activities"] }
            : null
        }
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
                  {t("rv.feedback")}: {r.feedback}
                </div>
              )}
              {r.cancelReason && (
                <div>
                  {t("rv.cancelReason")}: {r.cancelReason}
                </div>
              )}
            </div>
          ),
          rowExpandable: (r) => !!(r.content || r.feedback || r.cancelReason),
        }}
        columns={[
          { title: t("rv.planTime"), dataIndex: "planTime", width: 150, sorter: byField("planTime"), render: localTime },
          { title: t("rv.type"), dataIndex: "visitType", width: 70, sorter: byField("visitType"), render: (v: string) => <Tag>{v}</Tag> },
          { title: t("rv.content"), dataIndex: "content", ellipsis: true, render: (v: string | null) => v ?? "-" },
          {
            title: t("rv.contract"),
            dataIndex: "contractNo",
            width: 120,
            sorter: byField("contractNo"),
            render: (v: string | null) => v ?? "-",
          },
          {
            title: t("rv.status"),
            dataIndex: "status",
            width: 80,
            sorter: byField("status"),
            render: (_, r) =>
              r.status === "pending" && isPast(r.planTime) ? (
                <Tag color="red">{t("visit.status.overdue")}</Tag>
              ) : (
                <EnumTag table={RETURN_VISIT_STATUS} value={r.status} />
              ),
          },
          { title: t("rv.actualTime"), dataIndex: "actualTime", width: 150, sorter: byField("actualTime"), render: localTime },
        ]}
      />
      <FormModal<NewV>
        key={editing ? `edit-${editing.id}` : "new"}
        open={creating || editing !== null}
        title={editing ? t("rv.edit") : t("rv.new")}
        form={newForm}
        fields={["visitType", "planTime", "content", "contractId"]}
        okId="return-visit-save"
        initialValues={
          editing
            ? {
                visitType: editing.visitType,
                planTime: fromUtc(editing.planTime)!,
                content: editing.content,
                contractId: editing.contractId,
              }
            : {
                visitType: suggest.returnVisitChannels[0],
                planTime: dayjs().add(1, "day").hour(10).minute(0).second(0),
                content: null,
                contractId: null,
              }
        }
        onClose={() => {
          setCreating(false);
          setEditing(null);
        }}
        invalidates={["activities"]}
        onSubmit={(v) => {
          const input = {
            contractId: v.contractId ?? null,
            visitType: v.visitType.trim(),
            planTime: toUtc(v.planTime)!,
            content: blank(v.content),
          };
          return editing ? api.returnVisits.update(editing.id, input) : api.returnVisits.create(customerId, input).then(() => undefined);
        }}
      >
        <Space size="middle" wrap>
          <Form.Item
            name="visitType"
            label={t("rv.type")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("rv.type") }) }]}
          >
            <AutoComplete id="return-visit-type" options={textOptions(suggest.returnVisitChannels)} maxLength={20} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item
            name="planTime"
            label={t("rv.planTime")}
            rules={[{ required: true, message: t("common.required", { label: t("rv.planTime") }) }]}
          >
            <DateTimePicker style={{ width: 200 }} />
          </Form.Item>
        </Space>
        {can("contract:read") && (
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
        invalidates={["activities"]}
        onSubmit={(v) =>
          api.returnVisits.complete(completing!.id, {
            feedback: v.feedback.trim(),
            actualTime: toUtc(v.actualTime),
            content: blank(v.content),
          })
        }
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
        invalidates={["activities"]}
        onSubmit={(reason) => api.returnVisits.cancel(cancelling!.id, reason)}
      />
    </>
  );
}
