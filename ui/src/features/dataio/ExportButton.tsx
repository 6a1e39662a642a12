// "导出" on a list: the list's current filter (with its sort) and its visible columns go to
// the export, which runs with progress and cancel and ends with the file to open.
import { useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Modal, Progress, Space, Tooltip, Typography } from "antd";
import { DownloadOutlined, FileExcelOutlined } from "@ant-design/icons";
import { useState } from "react";
import { api, dataioKeys } from "../../api";
import { newJobId } from "../../api/dataio";
import type { ExportKind } from "../../api/types/ExportKind";
import type { ExportProgress } from "../../api/types/ExportProgress";
import type { ExportResult } from "../../api/types/ExportResult";
import { useSession } from "../../app/session";
import { tzOffset } from "../../format";
import { errorMessage, toApiError, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { exportPermission, kindLabel } from "./kinds";

type Job =
  | { state: "running"; id: string; progress: ExportProgress | null; cancelling: boolean }
  | { state: "done"; result: ExportResult }
  | { state: "failed"; error: string };

/** The export keys among `wanted` (in order) that the kind can export; [] (every column) when none match. */
export function exportColumnsFor(wanted: readonly string[], available: readonly string[]): string[] {
  const ok = new Set(available);
  return [...new Set(wanted.filter((k) => ok.has(k)))];
}

/**
 * `filter`: exactly what the list sends to its list command (with its sort); `columns`: the
 * export keys of the columns on screen, in order (see ListPage's `actions`).
 */
export default function ExportButton({ kind, filter, columns }: { kind: ExportKind; filter: object; columns: readonly string[] }) {
  const { t } = useI18n();
  const { can } = useSession();
  const qc = useQueryClient();
  const [job, setJob] = useState<Job | null>(null);
  // The dialog closes (with its animation) before the finished job is forgotten.
  const [open, setOpen] = useState(false);
  const openFile = useApiMutation((path: string) => api.reports.openExport(path));
  if (!can(exportPermission(kind))) return null;
  const what = t(kindLabel(kind));

  const start = async () => {
    const id = newJobId();
    setJob({ state: "running", id, progress: null, cancelling: false });
    setOpen(true);
    try {
      const available = await qc.fetchQuery({
        queryKey: dataioKeys.exportColumns(kind),
        queryFn: () => api.dataio.exportColumns(kind),
        staleTime: Infinity,
      });
      const result = await api.dataio.exportList(
        kind,
        {
          filter,
          columns: exportColumnsFor(
            columns,
            available.map((c) => c.key),
          ),
          tzOffsetMinutes: tzOffset(),
        },
        id,
        (progress) => setJob((j) => (j?.state === "running" && j.id === id ? { ...j, progress } : j)),
      );
      setJob({ state: "done", result });
    } catch (e) {
      // The lock screen explains itself; the dialog just closes.
      if (toApiError(e).code === "LOCKED") setOpen(false);
      else setJob({ state: "failed", error: errorMessage(t, e) });
    }
  };

  const cancel = (id: string) => {
    setJob((j) => (j?.state === "running" ? { ...j, cancelling: true } : j));
    void api.dataio.cancelJob(id).catch(() => setJob((j) => (j?.state === "running" ? { ...j, cancelling: false } : j)));
  };

  const running = job?.state === "running" ? job : null;
  const done = running?.progress ? Number(running.progress.done) : 0;
  const total = running?.progress ? Number(running.progress.total) : 0;
  const result = job?.state === "done" ? job.result : null;

  return (
    <>
      <Tooltip title={t("export.tooltip")}>
        <Button icon={<DownloadOutlined />} data-testid="export-open" loading={!!running} onClick={() => void start()}>
          {t("dataio.export")}
        </Button>
      </Tooltip>
      {job && (
        <Modal
          open={open}
          afterClose={() => setJob(null)}
          title={t("export.title", { kind: what })}
          width={520}
          closable={!running}
          mask={{ closable: false }}
          keyboard={!running}
          onCancel={running ? undefined : () => setOpen(false)}
          destroyOnHidden
          footer={
            running
              ? [
                  <Button key="cancel" danger data-testid="export-cancel" disabled={running.cancelling} onClick={() => cancel(running.id)}>
                    {running.cancelling ? t("export.cancelling") : t("export.cancel")}
                  </Button>,
                ]
              : [
                  <Button key="close" onClick={() => setOpen(false)}>
                    {t("import.close")}
                  </Button>,
                  ...(result?.path
                    ? [
                        <Button
                          key="open"
                          type="primary"
                          icon={<FileExcelOutlined />}
                          data-testid="export-open-file"
                          loading={openFile.busy}
                          onClick={() => void openFile.run(result.path!)}
                        >
                          {t("export.openFile")}
                        </Button>,
                      ]
                    : []),
                ]
          }
        >
          {running && (
            <Space orientation="vertical" size={8} style={{ width: "100%", padding: "12px 0" }} data-testid="export-running">
              <Progress percent={total > 0 ? Math.floor((done * 100) / total) : 0} status="active" />
              <Typography.Text data-testid="export-progress-text">
                {running.cancelling
                  ? t("export.cancelling")
                  : running.progress
                    ? t("export.progress", { done, total })
                    : t("export.preparing")}
              </Typography.Text>
            </Space>
          )}
          {result && !result.cancelled && (
            <Space orientation="vertical" size={12} style={{ width: "100%", padding: "12px 0" }}>
              <Alert
                type="success"
                showIcon
                title={
                  <span data-testid="export-result" data-rows={Number(result.rows)}>
                    {t("export.done", { n: Number(result.rows) })}
                  </span>
                }
              />
              {result.path && (
                <Typography.Text type="secondary">
                  {t("export.savedTo")}{" "}
                  <Typography.Text code copyable={{ text: result.path }} data-testid="export-path" style={{ wordBreak: "break-all" }}>
                    {result.path}
                  </Typography.Text>
                </Typography.Text>
              )}
            </Space>
          )}
          {result?.cancelled && (
            <Alert
              type="warning"
              showIcon
              style={{ margin: "12px 0" }}
              title={
                <span data-testid="export-cancelled" data-rows={Number(result.rows)}>
                  {t("export.cancelled")}
                </span>
              }
            />
          )}
          {job?.state === "failed" && (
            <Alert
              type="error"
              showIcon
              style={{ margin: "12px 0" }}
              data-testid="export-error"
              title={t("export.failed")}
              description={job.error}
            />
          )}
        </Modal>
      )}
    </>
  );
}
