import { App, Button, Form, Modal, Space, type FormInstance } from "antd";
import { useEffect, useState, type ReactNode } from "react";
import { applyApiError } from "../forms";
import { errorText } from "../format";
import { useI18n } from "../i18n";

type Props<V> = {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  /** Field names of this form: a backend error naming one of them marks it. */
  fields: readonly string[];
  /** Resolves when saved; a rejection keeps the modal open (the field error or a message shows). */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  okText?: ReactNode;
  /** Stable id of the submit button (for the end-to-end tests). */
  okId?: string;
  danger?: boolean;
  width?: number;
  /** The success toast; null for none (the caller shows its own result). */
  successText?: string | null;
  /** Footer content on the left (e.g. a secondary action). */
  footerExtra?: ReactNode;
};

/**
 * The FormDrawer pattern in a dialog, for short forms (a reason, an owner, a
 * follow-up): client validation, backend field errors on the field, input kept as
 * typed, and a guard against losing unsaved changes.
 */
export default function FormModal<V extends object>(p: Props<V>) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (p.open) {
      p.form.resetFields();
      p.form.setFieldsValue(p.initialValues as never);
    }
    // Only when the modal opens (or opens for another record).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open, JSON.stringify(p.initialValues)]);

  const close = () => {
    if (busy) return;
    if (p.form.isFieldsTouched()) {
      modal.confirm({
        title: t("form.discardTitle"),
        content: t("form.discardBody"),
        okText: t("form.discard"),
        cancelText: t("form.keepEditing"),
        okButtonProps: { danger: true, id: "confirm-discard" },
        onOk: p.onClose,
      });
    } else {
      p.onClose();
    }
  };

  const submit = async () => {
    let values: V;
    try {
      values = await p.form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await p.onSubmit(values);
      if (p.successText !== null) message.success(p.successText ?? t("form.saved"));
      p.onClose();
    } catch (e) {
      if (!applyApiError(p.form, e, p.fields)) message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={p.open}
      title={p.title}
      width={p.width ?? 520}
      onCancel={close}
      mask={{ closable: false }}
      // Closed dialogs leave the page, so their field ids (#follow-content …) exist once.
      destroyOnHidden
      footer={
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 8 }}>
          <div>{p.footerExtra}</div>
          <Space>
            <Button onClick={close} disabled={busy}>
              {t("form.cancel")}
            </Button>
            <Button type="primary" danger={p.danger} loading={busy} onClick={submit} id={p.okId}>
              {p.okText ?? t("form.save")}
            </Button>
          </Space>
        </div>
      }
    >
      <Form
        form={p.form}
        layout="vertical"
        requiredMark="optional"
        onFinish={submit}
        onKeyDown={(e) => {
          // Ctrl+Enter saves from anywhere in the form, text areas included.
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            submit();
          }
        }}
      >
        {p.children}
      </Form>
    </Modal>
  );
}
