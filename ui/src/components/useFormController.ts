// What FormModal and FormDrawer share: load the initial values when opened, validate and
// submit through useApiMutation (field errors on the field, input kept, toast otherwise,
// success toast and invalidation), and guard against losing unsaved changes on close.
import { App, type FormInstance } from "antd";
import { useEffect } from "react";
import type { ApiError, Area } from "../api";
import { useApiMutation } from "../hooks/useApiMutation";
import { useI18n } from "../i18n";

export type FormControllerProps<V> = {
  open: boolean;
  form: FormInstance<V>;
  initialValues: Partial<V>;
  /** Field names of this form: a backend error naming one of them marks it. */
  fields: readonly string[];
  /** Backend field → form field, when the form names it differently. */
  fieldAliases?: Readonly<Record<string, string>>;
  /** Resolves when saved; a failure keeps the form open (the field error or a toast shows). */
  onSubmit: (values: V) => Promise<unknown>;
  onClose: () => void;
  /** Areas whose queries a save makes stale. */
  invalidates?: readonly Area[];
  /** The success toast ("Saved" by default); null for none (the caller shows its own result). */
  successText?: string | null;
  /** Sees every failure first (e.g. to mark line-item cells); return true when handled. */
  onError?: (e: ApiError) => boolean | void;
};

export function useFormController<V extends object>(p: FormControllerProps<V>) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const save = useApiMutation<V, unknown>((v) => p.onSubmit(v), {
    form: p.form,
    fields: p.fields,
    fieldAliases: p.fieldAliases,
    invalidates: p.invalidates,
    success: p.successText === undefined ? t("form.saved") : p.successText,
    onError: p.onError,
    onSuccess: () => p.onClose(),
  });

  useEffect(() => {
    if (p.open) {
      p.form.resetFields();
      p.form.setFieldsValue(p.initialValues as never);
    }
    // Only when the form opens (or opens for another record).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open, JSON.stringify(p.initialValues)]);

  const close = () => {
    if (save.busy) return;
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
      return; // the client-side errors show on their fields
    }
    await save.run(values);
  };

  return { busy: save.busy, submit, close };
}
