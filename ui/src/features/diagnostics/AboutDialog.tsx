import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Modal, Skeleton, Space, Tag, Typography } from "antd";
import { CopyOutlined, FileZipOutlined, FolderOpenOutlined, InfoCircleOutlined, SyncOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { api, diagnosticsKeys } from "../../api";
import type { AboutInfo } from "../../api/types/AboutInfo";
import type { BundleSummary } from "../../api/types/BundleSummary";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey, type T } from "../../i18n";
import { fileSize } from "../../format";
import UpdateDialog from "../update/UpdateDialog";
import { offerOf, updateSummary, useCheckNow, useUpdateStatus } from "../update/useUpdate";

type Row = { key: string; label: MessageKey; value: string };

/** The About fields in display order, each as plain text (what the dialog shows and Copy writes). */
export function aboutRows(t: T, info: AboutInfo): Row[] {
  const none = t("about.none");
  const rows: Row[] = [
    {
      key: "version",
      label: "about.version",
      value: t("about.versionValue", { version: info.version, commit: info.commit, profile: info.buildProfile }),
    },
    { key: "database", label: "about.database", value: [info.databaseKind, info.databaseVersion].filter(Boolean).join(" ") || none },
    { key: "databaseLocation", label: "about.databaseLocation", value: info.databaseLocation || none },
    { key: "schemaVersion", label: "about.schemaVersion", value: info.schemaVersion || none },
    { key: "appSchemaVersion", label: "about.appSchemaVersion", value: info.appSchemaVersion || none },
  ];
  if (info.schemaNote) rows.push({ key: "schemaNote", label: "about.schemaNote", value: info.schemaNote });
  rows.push(
    { key: "dataDir", label: "about.dataDir", value: info.dataDir || none },
    { key: "logDir", label: "about.logDir", value: info.logDir || none },
    { key: "os", label: "about.os", value: info.os || none },
    { key: "webview", label: "about.webview", value: info.webview || none },
    { key: "user", label: "about.user", value: info.user || t("about.notLoggedIn") },
  );
  return rows;
}

/** The block Copy puts on the clipboard: a title line, then "label: value" per field. */
export const aboutText = (t: T, info: AboutInfo) => ["CRM Desk", ...aboutRows(t, info).map((r) => `${t(r.label)}: ${r.value}`)].join("\n");

/** What a created support bundle holds, and that it is masked. */
export function BundleResult({ bundle }: { bundle: BundleSummary }) {
  const { t } = useI18n();
  return (
    <Alert
      type="success"
      showIcon
      data-testid="bundle-result"
      title={t("about.bundleDone")}
      description={
        <Space orientation="vertical" size={2}>
          <Typography.Text code copyable data-testid="bundle-path">
            {bundle.path}
          </Typography.Text>
          <span data-testid="bundle-summary">{t("about.bundleSummary", { files: bundle.files.length, size: fileSize(bundle.bytes) })}</span>
          <Typography.Text type="secondary">{t("about.bundleMasked")}</Typography.Text>
        </Space>
      }
    />
  );
}

/**
 * "Create support bundle": a save dialog asks where (null back: cancelled, nothing shows);
 * `bundle` is the last one created here.
 */
export function useSupportBundle() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [bundle, setBundle] = useState<BundleSummary | null>(null);
  const create = useApiMutation(() => api.diagnostics.createBundle(null), {
    onSuccess: (b) => {
      if (!b) return;
      setBundle(b);
      message.success(t("about.bundleDone"));
    },
  });
  return { bundle, create: () => create.run(), busy: create.busy };
}

function AboutBody({ info }: { info: AboutInfo }) {
  const { t } = useI18n();
  const value = (r: Row): ReactNode => {
    if (r.key === "schemaVersion" && info.schemaNote)
      return (
        <Space wrap size={6}>
          {r.value}
          <Tag color="warning" style={{ whiteSpace: "normal" }} data-testid="about-schema-note">
            {info.schemaNote}
          </Tag>
        </Space>
      );
    return r.value;
  };
  return (
    <Descriptions
      bordered
      size="small"
      column={1}
      styles={{ label: { width: 150, whiteSpace: "nowrap" } }}
      items={aboutRows(t, info)
        .filter((r) => r.key !== "schemaNote")
        .map((r) => ({ key: r.key, label: t(r.label), children: <span data-about={r.key}>{value(r)}</span> }))}
    />
  );
}

/** The update line: the latest check's result, "Check for updates", and the offer's dialog when there is one. */
function UpdateLine() {
  const { t } = useI18n();
  const status = useUpdateStatus();
  const check = useCheckNow();
  const [open, setOpen] = useState(false);
  const offer = offerOf(status.data);
  const busy = check.busy || status.isFetching;
  const text = status.error ? t("update.summary.error", { error: errorMessage(t, status.error) }) : updateSummary(t, status.data);
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 150, whiteSpace: "nowrap" } }}
        items={[
          {
            key: "update",
            label: t("update.aboutLabel"),
            children: (
              <Space wrap size={8}>
                <span data-about="update" data-testid="about-update">
                  {status.isLoading ? "…" : text}
                </span>
                {offer && (
                  <Button size="small" type="link" onClick={() => setOpen(true)} id="about-update-view">
                    {t("update.view")}
                  </Button>
                )}
                <Button size="small" icon={<SyncOutlined />} onClick={check.run} loading={busy} id="about-update-check">
                  {t("update.check")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <UpdateDialog offer={offer} open={open} onClose={() => setOpen(false)} />
    </>
  );
}

/** The About dialog: versions, database, folders and environment; copy, open the logs, create a support bundle. */
export default function AboutDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <Modal open={open} onCancel={onClose} title={t("about.title")} width={680} footer={null} destroyOnHidden>
      {open && <AboutContent onClose={onClose} />}
    </Modal>
  );
}

function AboutContent({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  // Read again each time the dialog opens: the user or the database may have changed.
  const about = useQuery({ queryKey: diagnosticsKeys.about(), queryFn: api.diagnostics.about, staleTime: 0 });
  const openLogs = useApiMutation(() => api.diagnostics.openLogFolder());
  const { bundle, create, busy } = useSupportBundle();
  const info = about.data;
  const copy = async () => {
    if (!info) return;
    try {
      await navigator.clipboard.writeText(aboutText(t, info));
      message.success(t("about.copied"));
    } catch {
      message.error(t("about.copyFailed"));
    }
  };

  return (
    <div id="about-dialog" data-testid="about-dialog">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        {about.isLoading ? (
          <Skeleton active />
        ) : info ? (
          <AboutBody info={info} />
        ) : (
          <Alert type="error" showIcon title={t("about.loadFailed")} description={errorMessage(t, about.error)} />
        )}
        <UpdateLine />
        {bundle && <BundleResult bundle={bundle} />}
        <Space wrap style={{ width: "100%", justifyContent: "flex-end" }}>
          <Button icon={<CopyOutlined />} onClick={copy} disabled={!info} id="about-copy">
            {t("about.copy")}
          </Button>
          <Button icon={<FolderOpenOutlined />} onClick={() => openLogs.run()} loading={openLogs.busy} id="about-open-logs">
            {t("about.openLogs")}
          </Button>
          <Button icon={<FileZipOutlined />} onClick={create} loading={busy} id="about-bundle">
            {t("about.bundle")}
          </Button>
          <Button type="primary" onClick={onClose} id="about-close">
            {t("common.close")}
          </Button>
        </Space>
      </Space>
    </div>
  );
}

/** A small "About" link opening the dialog (the login and first-run screens: who cannot log in needs it most). */
export function AboutLink() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button type="link" size="small" icon={<InfoCircleOutlined />} onClick={() => setOpen(true)} id="about-link">
        {t("about.link")}
      </Button>
      <AboutDialog open={open} onClose={() => setOpen(false)} />
    </>
  );
}
