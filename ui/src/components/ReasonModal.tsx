import { Form, Input, Typography } from "antd";
import type { ReactNode } from "react";
import type { Area } from "../api";
import { useI18n } from "../i18n";
import FormModal from "./FormModal";

type V = { reason: string } & Record<string, unknown>;

const REASON_ALIASES = { summary: "reason", feedback: "reason", loseReason: "reason", terminateReason: "reason" };

/**
 * Ask for a required reason (return to pool, put into the sea, cancel a visit …).
 * Extra fields may be passed as children; the backend's "reason"/"summary" errors mark the text.
 */
export default function ReasonModal({
  open,
  title,
  label,
  hint,
  okText,
  danger,
  children,
  extraFields = [],
  initial,
  maxLength = 200,
  onSubmit,
  onClose,
  invalidates,
  successText,
}: {
  open: boolean;
  title: ReactNode;
  label: string;
  hint?: ReactNode;
  okText?: ReactNode;
  danger?: boolean;
  children?: ReactNode;
  extraFields?: string[];
  initial?: Record<string, unknown>;
  maxLength?: number;
  onSubmit: (reason: string, values: V) => Promise<unknown>;
  onClose: () => void;
  /** Areas whose queries the change makes stale. */
  invalidates?: readonly Area[];
  successText?: string | null;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  return (
    <FormModal<V>
      open={open}
      title={title}
      form={form}
      initialValues={(initial ?? {}) as Partial<V>}
      fields={["reason", ...extraFields]}
      // The backend names the text "summary" / "feedback" / … for some commands: show it on the one box.
      fieldAliases={REASON_ALIASES}
      onSubmit={(v) => onSubmit(v.reason.trim(), v)}
      invalidates={invalidates}
      successText={successText}
      onClose={onClose}
      okText={okText ?? t("common.confirm")}
      okId="reason-submit"
      danger={danger}
      width={480}
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {children}
      <Form.Item name="reason" label={label} rules={[{ required: true, whitespace: true, message: t("common.required", { label }) }]}>
        <Input.TextArea id="reason-text" autoFocus rows={maxLength > 200 ? 4 : 3} maxLength={maxLength} showCount />
      </Form.Item>
    </FormModal>
  );
}
