import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Modal, Skeleton, Space, Switch, Table, Typography } from "antd";
import { CloudUploadOutlined, FolderOpenOutlined, HistoryOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, dataioKeys } from "../../api";
import type { BackupCheck } from "../../api/types/BackupCheck";
import type { BackupFile } from "../../api/types/BackupFile";
import type { BackupOverview } from "../../api/types/BackupOverview";
import type { BackupSettings } from "../../api/types/BackupSettings";
import type { RestoreReport } from "../../api/types/RestoreReport";
import { useSession } from "../../app/session";
import { fileSize, localTime } from "../../format";
import { errorMessage, useApiAction, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

const FIELDS = ["auto", "keep", "dir"] as const;

/** How many backups may be kept (the backend accepts 1–365). */
export const MAX_KEEP = 365;

type FormValues = { auto: boolean; keep: number | null; dir: string | null };

/** Descending, character by character (as the backend compares). */
const desc = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

/** Backups newest first: by when they were written (UTC, ISO), then by name, as the backend lists them. */
export const newestFirst = (files: readonly BackupFile[]) =>
  [...files].sort((a, b) => desc(a.modifiedAt, b.modifiedAt) || desc(a.name, b.name));

/**
 * The backup folder in the form: the folder in use (`shown`, resolved by the backend),
 * with "change" and "back to the default"; the form's value is the setting (null: default).
 */
function FolderField({
  value,
  shown,
  editable,
  busy,
  onPick,
  onDefault,
}: {
  value?: string | null;
  shown: string;
  editable: boolean;
  busy: boolean;
  onPick: () => void;
  onDefault: () => void;
}) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={4} style={{ width: "100%" }}>
      <Space wrap>
        <Typography.Text code copyable data-testid="backup-dir">
          {shown}
        </Typography.Text>
        {!value && <Typography.Text type="secondary">{t("backup.defaultMark")}</Typography.Text>}
      </Space>
      {editable && (
        <Space wrap>
          <Button icon={<FolderOpenOutlined />} onClick={onPick} loading={busy} id="backup-dir-change">
            {t("backup.changeDir")}
          </Button>
          <Button onClick={onDefault} disabled={!value || busy} id="backup-dir-default">
            {t("backup.defaultDir")}
          </Button>
        </Space>
      )}
    </Space>
  );
}

/** What the checked backup holds, the warning, and the restore itself. */
function RestoreModal({
  check,
  busy,
  onCancel,
  onConfirm,
}: {
  check: BackupCheck | null;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (path: string) => void;
}) {
  const { t } = useI18n();
  return (
    <Modal
      open={!!check}
      title={t("backup.restoreTitle")}
      onCancel={busy ? undefined : onCancel}
      mask={{ closable: false }}
      closable={!busy}
      width={620}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={onCancel} disabled={busy}>
            {t("form.cancel")}
          </Button>
          <Button
            type="primary"
            danger
            loading={busy}
            disabled={!check?.ok}
            onClick={() => check && onConfirm(check.path)}
            data-testid="backup-restore-confirm"
          >
            {t("backup.restoreConfirm")}
          </Button>
        </Space>
      }
    >
      {check && (
        <Space orientation="vertical" size="middle" style={{ width: "100%" }} data-testid="backup-check">
          <Descriptions column={1} size="small" bordered>
            <Descriptions.Item label={t("backup.file")}>
              <Typography.Text style={{ wordBreak: "break-all" }}>{check.path}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t("backup.integrity")}>
              {check.intact ? (
                <Typography.Text type="success">{t("backup.intact")}</Typography.Text>
              ) : (
                <Typography.Text type="danger">{t("backup.damaged")}</Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label={t("backup.schema")}>
              <span data-testid="backup-check-schema">{check.schemaVersion ?? "-"}</span>
            </Descriptions.Item>
            {check.schemaVersion && !check.newer && (
              <Descriptions.Item label={t("backup.migrations")}>
                <span data-testid="backup-check-pending">
                  {check.pending > 0 ? t("backup.pending", { n: check.pending }) : t("backup.noPending")}
                </span>
              </Descriptions.Item>
            )}
            {check.schemaVersion && (
              <Descriptions.Item label={t("backup.contents")}>
                <span data-testid="backup-check-counts">
                  {t("backup.counts", { customers: check.customers, contracts: check.contracts, users: check.users })}
                </span>
              </Descriptions.Item>
            )}
          </Descriptions>
          {!check.ok && (
            <Alert
              type="error"
              showIcon
              title={<span data-testid="backup-check-problem">{check.problem ?? t("backup.cannotRestore")}</span>}
            />
          )}
          <Alert type="warning" showIcon title={t("backup.restoreWarning")} />
        </Space>
      )}
    </Modal>
  );
}

/**
 * Settings → Backups: where backups of the local database go, the daily automatic backup
 * and how many are kept, "back up now", the backups in the folder, and a restore (checked
 * first; the session ends afterwards). A company database is backed up by IT instead.
 */
export default function BackupTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const { message, modal } = App.useApp();
  const { logout } = useSession();
  const q = useQuery({ queryKey: dataioKeys.backups(), queryFn: api.dataio.backupOverview });
  const [form] = Form.useForm<FormValues>();
  const [check, setCheck] = useState<BackupCheck | null>(null);

  // Reset to what is saved when that changes (a refreshed list keeps the same settings object).
  const saved = q.data?.settings;
  const local = q.data?.local;
  useEffect(() => {
    if (saved && local) form.setFieldsValue({ auto: saved.auto, keep: saved.keep, dir: saved.dir ?? null });
  }, [saved, local, form]);

  const refresh = () => qc.invalidateQueries({ queryKey: dataioKeys.backups() });

  const save = useApiMutation((s: BackupSettings) => api.dataio.setBackupSettings(s), {
    form,
    fields: FIELDS,
    success: t("form.saved"),
    onSuccess: (s) => {
      form.setFieldsValue({ auto: s.auto, keep: s.keep, dir: s.dir ?? null });
      qc.setQueryData<BackupOverview>(dataioKeys.backups(), (o) => (o ? { ...o, settings: s } : o));
      void refresh();
    },
  });
  const current = (): BackupSettings => ({ auto: saved?.auto ?? true, keep: saved?.keep ?? 7, dir: saved?.dir ?? null });
  const pickFolder = async () => {
    let dir: string | null;
    try {
      dir = await api.dataio.pickFile("backupFolder");
    } catch (e) {
      message.error(errorMessage(t, e));
      return;
    }
    if (dir) await save.run({ ...current(), dir });
  };

  const { act, busy } = useApiAction();
  const backupNow = () =>
    act("backup", api.dataio.backupNow, null, (f) => {
      const file = f as BackupFile;
      message.success(t("backup.done", { name: file.name, size: fileSize(file.size) }));
      void refresh();
    });
  const checkFile = (path: string) =>
    act(
      "check",
      () => api.dataio.checkBackup(path),
      null,
      (c) => setCheck(c as BackupCheck),
    );
  const pickBackup = () =>
    act(
      "check",
      async () => {
        const path = await api.dataio.pickFile("backup");
        return path ? api.dataio.checkBackup(path) : null;
      },
      null,
      (c) => c && setCheck(c as BackupCheck),
    );

  // A restored database has its own users: the session ends, back to the login screen.
  const restore = useApiMutation((path: string) => api.dataio.restoreBackup(path), {
    onSuccess: (r: RestoreReport) => {
      setCheck(null);
      modal.success({
        title: t("backup.restored"),
        width: 560,
        content: (
          <div data-testid="backup-restored">
            <Typography.Paragraph>{t("backup.previousSaved")}</Typography.Paragraph>
            <Typography.Paragraph code copyable style={{ wordBreak: "break-all" }}>
              {r.previousSavedAs}
            </Typography.Paragraph>
            <Typography.Paragraph>{t("backup.loginAgain")}</Typography.Paragraph>
          </div>
        ),
      });
      void api
        .logout()
        .catch(() => {})
        .finally(logout);
    },
  });

  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error || !q.data)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={
          <Button size="small" onClick={() => q.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );

  const o = q.data;
  if (!o.local)
    return (
      <Card data-testid="backup-settings">
        <Alert type="info" showIcon title={t("backup.companyTitle")} description={t("backup.companyHint")} data-testid="backup-company" />
      </Card>
    );

  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }} data-testid="backup-settings">
      <Card title={t("backup.settings")}>
        <Typography.Paragraph type="secondary">{t("backup.hint")}</Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          disabled={!editable}
          style={{ maxWidth: 720 }}
          onFinish={(v) => save.run({ auto: !!v.auto, keep: v.keep ?? 0, dir: saved?.dir ?? null })}
        >
          <Form.Item label={t("backup.databaseFile")}>
            <Typography.Text code copyable data-testid="backup-database-path">
              {o.databasePath}
            </Typography.Text>
          </Form.Item>
          <Form.Item name="dir" label={t("backup.dir")}>
            <FolderField
              shown={o.dir}
              editable={editable}
              busy={save.busy}
              onPick={pickFolder}
              onDefault={() => save.run({ ...current(), dir: null })}
            />
          </Form.Item>
          <Form.Item name="auto" label={t("backup.auto")} valuePropName="checked" extra={t("backup.autoHint")}>
            <Switch data-testid="backup-auto" id="backup-auto" />
          </Form.Item>
          <Form.Item
            name="keep"
            label={t("backup.keep")}
            extra={t("backup.keepHint", { max: MAX_KEEP })}
            rules={[{ required: true, message: t("common.required", { label: t("backup.keep") }) }]}
          >
            <InputNumber
              id="backup-keep"
              data-testid="backup-keep"
              min={1}
              max={MAX_KEEP}
              precision={0}
              suffix={t("backup.copies")}
              style={{ width: 200 }}
            />
          </Form.Item>
          {editable && (
            <Button type="primary" htmlType="submit" loading={save.busy} id="backup-save">
              {t("form.save")}
            </Button>
          )}
        </Form>
      </Card>
      <Card
        title={t("backup.list")}
        extra={
          editable && (
            <Space wrap>
              <Button icon={<HistoryOutlined />} onClick={pickBackup} loading={busy === "check"} data-testid="backup-restore-pick">
                {t("backup.restorePick")}
              </Button>
              <Button
                type="primary"
                icon={<CloudUploadOutlined />}
                onClick={backupNow}
                loading={busy === "backup"}
                data-testid="backup-now"
              >
                {t("backup.now")}
              </Button>
            </Space>
          )
        }
      >
        <Table<BackupFile>
          data-testid="backup-list"
          size="small"
          rowKey="path"
          loading={q.isFetching}
          dataSource={newestFirst(o.files)}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: t("backup.empty") }}
          columns={[
            { title: t("backup.name"), dataIndex: "name", render: (v: string) => <Typography.Text>{v}</Typography.Text> },
            { title: t("backup.time"), dataIndex: "modifiedAt", width: 170, render: (v: string) => localTime(v) },
            { title: t("backup.size"), dataIndex: "size", width: 110, align: "right", render: (v: number) => fileSize(v) },
            ...(editable
              ? [
                  {
                    title: "",
                    key: "restore",
                    width: 90,
                    render: (_: unknown, f: BackupFile) => (
                      <Button
                        type="link"
                        size="small"
                        disabled={busy === "check"}
                        onClick={() => checkFile(f.path)}
                        data-testid={`backup-restore-${f.name}`}
                      >
                        {t("backup.restore")}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      <RestoreModal check={check} busy={restore.busy} onCancel={() => setCheck(null)} onConfirm={(p) => restore.run(p)} />
    </Space>
  );
}
