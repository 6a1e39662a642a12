import { Button, Drawer, Form, Space } from "antd";
import type { ReactNode } from "react";
import { useDrawerWidth } from "../hooks/useDrawerWidth";
import { useI18n } from "../i18n";
import { useFormController, type FormControllerProps } from "./useFormController";

type Props<V> = FormControllerProps<V> & {
  title: ReactNode;
  children: ReactNode;
  /** The widest it gets (narrower on a small window: it never leaves the screen). */
  width?: number;
  extra?: ReactNode;
  /** Id of the save button (default the shared `form-save`). */
  saveId?: string;
};

/**
 * The form pattern: client-side validation, an unsaved-changes guard on close, and
 * the user's input kept as typed when the backend refuses (the named field is marked).
 */
export default function FormDrawer<V extends object>(p: Props<V>) {
  const { t } = useI18n();
  const { busy, submit, close } = useFormController(p);
  const size = useDrawerWidth(p.width ?? 520);

  return (
    <Drawer
      open={p.open}
      title={p.title}
      size={size}
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
