import { Button, Form, Modal, Space } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { useFormController, type FormControllerProps } from "./useFormController";

type Props<V> = FormControllerProps<V> & {
  title: ReactNode;
  children: ReactNode;
  okText?: ReactNode;
  /** Stable id of the submit button (for the end-to-end tests). */
  okId?: string;
  danger?: boolean;
  width?: number;
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
  const { busy, submit, close } = useFormController(p);

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
