import { App, Button, Drawer, Form, Space, type FormInstance } from "antd";
import { useEffect, useState, type ReactNode } from "react";
import { ApiError } from "../api";
import { applyApiError } from "../forms";
import { useI18n } from "../i18n";

type Props<V> = {
  open: boolean;
  title: ReactNode;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  /** Field names of this form: a backend error naming one of them marks it. */
  fields: readonly string[];
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  children: ReactNode;
  width?: number;
  extra?: ReactNode;
  /** Id of the save button (default the shared `form-save`). */
  saveId?: string;
  /** Called with a backend error before it is shown (e.g. to mark line-item cells). */
  onError?: (e: unknown) => void;
};

/**
 * The form pattern: client-side validation, an unsaved-changes guard on close, and
 * the user's input kept as typed when the backend refuses (the named field is marked).
 */
export default function FormDrawer<V extends object>(p: Props<V>) {
  const { t } = useI18n();
  const { modal, message } = App.useApp();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (p.open) {
      p.form.resetFields();
      p.form.setFieldsValue(p.initialValues as never);
    }
    // Only when the drawer opens (or opens for another record).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open, JSON.stringify(p.initialValues)]);

  const close = () => {
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
      message.success(t("form.saved"));
      p.onClose();
    } catch (e) {
      p.onError?.(e);
      if (!applyApiError(p.form, e, p.fields)) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={p.open}
      title={p.title}
      size={p.width ?? 520}
      onClose={close}
      destroyOnHidden={false}
      maskClosable={false}
      extra={
        <Space>
          {p.extra}
          <Button onClick={close}>{t("form.cancel")}</Button>
          <Button type="primary" loading={busy} onClick={submit} id={p.saveId ?? "form-save"}>
            {t("form.save")}
          </Button>
        </Space>
      }
    >
      <Form form={p.form} layout="vertical" requiredMark="optional" onFinish={submit}>
        {p.children}
      </Form>
    </Drawer>
  );
}
