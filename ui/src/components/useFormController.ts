// What FormModal and FormDrawer share: load the initial values when opened, validate and
// submit through useApiMutation (field errors on the field, input kept, toast otherwise,
// success toast and invalidation), guard against losing unsaved changes on close, and
// after a stale save's "Reload" (onReload) reset the form to the record loaded again.
import { App, type FormInstance } from "antd";
import { useEffect, useState } from "react";
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
  /**
   * A stale save's "Reload" (the record changed since the form loaded it): load the record
   * again (see hooks/useFreshRecord); the form then resets to the new `initialValues`.
   */
  onReload?: () => Promise<unknown>;
};

export function useFormController<V extends object>(p: FormControllerProps<V>) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  // Bumped by a stale save's "Reload": the form resets even when the fresh values look the same.
  const [reloads, setReloads] = useState(0);
  const save = useApiMutation<V, unknown>((v) => p.onSubmit(v), {
    form: p.form,
    fields: p.fields,
    fieldAliases: p.fieldAliases,
    invalidates: p.invalidates,
    success: p.successText === undefined ? t("form.saved") : p.successText,
    onError: p.onError,
    onSuccess: () => p.onClose(),
    // Without onReload (a record without a version) "Reload" only refreshes the views; the input stays.
    reload: p.onReload
      ? async () => {
          await p.onReload?.();
          setReloads((n) => n + 1);
        }
      : undefined,
  });

  useEffect(() => {
    if (p.open) {
      p.form.resetFields();
      p.form.setFieldsValue(p.initialValues as never);
    }
    // Only when the form opens (or opens for another record, or the record is reloaded).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [p.open, JSON.stringify(p.initialValues), reloads]);

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
