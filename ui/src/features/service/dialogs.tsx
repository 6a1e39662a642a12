// The small dialogs of a work order: a text (solution, close or reopen reason), assigning
// or transferring it, and the customer's satisfaction.
import { useQuery } from "@tanstack/react-query";
import { Form, Input, Rate, Select, Space, Typography } from "antd";
import { StarFilled } from "@ant-design/icons";
import { api, serviceKeys, type WorkOrderRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank } from "../../format";
import { useI18n } from "../../i18n";
import { scoreLabel, scoreLabels } from "./labels";

/**
 * One text for a status change: the solution (required), a close reason (required unless
 * the order is resolved) or the reason for reopening (required). The backend's "solution"
 * or "reason" errors show on the box.
 */
export function TextModal({
  open,
  title,
  label,
  hint,
  required,
  maxLength,
  okText,
  danger,
  successText,
  onSubmit,
  onClose,
}: {
  open: boolean;
  title: string;
  label: string;
  hint?: string;
  required: boolean;
  maxLength: number;
  okText: string;
  danger?: boolean;
  successText: string;
  onSubmit: (text: string | null) => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ text: string }>();
  return (
    <FormModal<{ text: string }>
      open={open}
      title={title}
      form={form}
      initialValues={{ text: "" }}
      fields={["text"]}
      fieldAliases={{ solution: "text", reason: "text" }}
      invalidates={["service"]}
      successText={successText}
      onSubmit={(v) => onSubmit(blank(v.text))}
      onClose={onClose}
      okText={okText}
      okId="wo-text-ok"
      danger={danger}
      width={560}
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Form.Item
        name="text"
        label={label}
        rules={required ? [{ required: true, whitespace: true, message: t("common.required", { label }) }] : []}
      >
        <Input.TextArea id="wo-text" autoFocus rows={maxLength > 1000 ? 6 : 3} maxLength={maxLength} showCount />
      </Form.Item>
    </FormModal>
  );
}

type AssignV = { assigneeId: number | null; reason: string };

/** Give the order to a handler; moving it from its current one is a transfer and needs the reason. */
export function AssignModal({ order, open, onClose }: { order: WorkOrderRow; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<AssignV>();
  const transfer = order.assigneeId !== null;
  const handlers = useQuery({ queryKey: serviceKeys.handlers(), queryFn: api.service.handlers, enabled: open });
  const options = (handlers.data ?? [])
    .filter((h) => h.id !== order.assigneeId)
    .map((h) => ({ value: h.id, label: h.hint ? `${h.label} (${h.hint})` : h.label, name: h.label }));
  return (
    <FormModal<AssignV>
      open={open}
      title={transfer ? t("wo.transferTitle", { no: order.orderNo }) : t("wo.assignTitle", { no: order.orderNo })}
      form={form}
      initialValues={{ assigneeId: null, reason: "" }}
      fields={["assigneeId", "reason"]}
      invalidates={["service"]}
      successText={transfer ? t("wo.transferred") : t("wo.assigned")}
      onSubmit={(v) => api.service.assign(order.id, v.assigneeId!, blank(v.reason))}
      onClose={onClose}
      okText={transfer ? t("wo.transfer") : t("wo.assign")}
      okId="wo-assign-ok"
      width={480}
    >
      {transfer && (
        <Typography.Paragraph type="secondary">
          {t("wo.currentHandler", { name: order.assigneeName ?? `#${order.assigneeId}` })}
        </Typography.Paragraph>
      )}
      <Form.Item
        name="assigneeId"
        label={transfer ? t("wo.transferTo") : t("wo.assignee")}
        rules={[{ required: true, message: t("wo.pickHandler") }]}
      >
        <Select
          id="wo-assignee"
          showSearch={{ optionFilterProp: "label" }}
          loading={handlers.isFetching}
          placeholder={t("wo.pickHandler")}
          options={options}
          notFoundContent={handlers.isFetching ? undefined : t("wo.noHandlers")}
        />
      </Form.Item>
      <Form.Item
        name="reason"
        label={t("wo.transferReason")}
        rules={transfer ? [{ required: true, whitespace: true, message: t("common.required", { label: t("wo.transferReason") }) }] : []}
        extra={transfer ? undefined : t("wo.assignReasonHint")}
      >
        <Input.TextArea id="wo-assign-reason" rows={3} maxLength={1000} showCount />
      </Form.Item>
    </FormModal>
  );
}

type RateV = { score: number; comment: string };

/** The customer's satisfaction, 1–5 (很不满意 … 很满意), with an optional comment. */
export function RateModal({
  order,
  comment,
  open,
  onClose,
}: {
  order: WorkOrderRow;
  /** The comment of an earlier rating (a second rating replaces it). */
  comment: string | null;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<RateV>();
  const score = Form.useWatch("score", form);
  return (
    <FormModal<RateV>
      open={open}
      title={t("wo.rateTitle", { no: order.orderNo })}
      form={form}
      initialValues={{ score: order.satisfaction ?? 0, comment: comment ?? "" }}
      fields={["score", "comment"]}
      fieldAliases={{ satisfaction: "score" }}
      invalidates={["service"]}
      successText={t("wo.rated")}
      onSubmit={(v) => api.service.rate(order.id, v.score, blank(v.comment))}
      onClose={onClose}
      okText={t("form.save")}
      okId="wo-rate-ok"
      width={480}
    >
      <Typography.Paragraph type="secondary">{t("wo.rateHint")}</Typography.Paragraph>
      <Form.Item label={t("wo.satisfaction")} required>
        <Space size={12} align="center">
          <Form.Item
            name="score"
            noStyle
            rules={[{ validator: (_, v) => (v >= 1 && v <= 5 ? Promise.resolve() : Promise.reject(new Error(t("wo.pickScore")))) }]}
          >
            <Rate
              id="wo-score"
              allowClear={false}
              tooltips={scoreLabels(t)}
              character={({ index }) => <StarFilled data-testid={`wo-star-${(index ?? 0) + 1}`} />}
              style={{ fontSize: 28 }}
            />
          </Form.Item>
          <Typography.Text strong data-testid="wo-score-label">
            {score ? scoreLabel(t, score) : ""}
          </Typography.Text>
        </Space>
      </Form.Item>
      <Form.Item name="comment" label={t("wo.rateComment")}>
        <Input.TextArea id="wo-rate-comment" rows={3} maxLength={1000} showCount />
      </Form.Item>
    </FormModal>
  );
}
