// A stale save: someone saved the record after this form loaded it, and the backend refused
// the older version (CONFLICT on "lockVersion", its message naming who changed it and when).
// One dialog for every form: the message, "Reload" (load the newest version; the form resets
// to it, discarding the unsaved edits) or "Cancel" (keep editing, e.g. to copy the text).
import { Typography, type App } from "antd";
import type { ApiError } from "../api";
import type { T } from "../i18n";

/** Did the backend refuse a save because the record changed since the form loaded it? */
export const isStaleSave = (e: ApiError) => e.code === "CONFLICT" && e.field === "lockVersion";

/** Shows the stale-save dialog; "Reload" runs `reload` (a failure shows as a toast). */
export function confirmStaleReload(
  { modal, message }: Pick<ReturnType<typeof App.useApp>, "modal" | "message">,
  t: T,
  e: ApiError,
  reload: () => Promise<unknown>,
  describe: (e: unknown) => string,
) {
  modal.confirm({
    title: t("stale.title"),
    width: 480,
    content: (
      <>
        <Typography.Paragraph data-testid="stale-message" copyable style={{ marginBottom: 8 }}>
          {e.message}
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t("stale.hint")}
        </Typography.Paragraph>
      </>
    ),
    okText: t("stale.reload"),
    cancelText: t("form.cancel"),
    okButtonProps: { id: "stale-reload" },
    cancelButtonProps: { id: "stale-cancel" },
    onOk: () => reload().catch((err) => void message.error(describe(err))),
  });
}
