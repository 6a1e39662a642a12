// Data in and out: spreadsheet import (template, inspect → mapping, dry-run preview,
// run in batches with progress and cancel), export of any list with its filter and
// visible columns (streamed, with progress and cancel), backups of the local database,
// and the native file picker. Long jobs report progress through a Tauri Channel and are
// cancelled by the job id the UI chose.
import { call, channel } from "./client";
import type { BackupCheck } from "./types/BackupCheck";
import type { BackupFile } from "./types/BackupFile";
import type { BackupOverview } from "./types/BackupOverview";
import type { BackupSettings } from "./types/BackupSettings";
import type { ExportColumn } from "./types/ExportColumn";
import type { ExportKind } from "./types/ExportKind";
import type { ExportProgress } from "./types/ExportProgress";
import type { ExportRequest } from "./types/ExportRequest";
import type { ExportResult } from "./types/ExportResult";
import type { ImportInspect } from "./types/ImportInspect";
import type { ImportKind } from "./types/ImportKind";
import type { ImportOptions } from "./types/ImportOptions";
import type { ImportPreview } from "./types/ImportPreview";
import type { ImportProgress } from "./types/ImportProgress";
import type { MergeOptions } from "./types/MergeOptions";
import type { TransferMode } from "./types/TransferMode";
import type { TransferPlan } from "./types/TransferPlan";
import type { ImportResult } from "./types/ImportResult";
import type { MysqlProfileInput } from "./types/MysqlProfileInput";
import type { RestoreReport } from "./types/RestoreReport";
import type { TransferOutcome } from "./types/TransferOutcome";
import type { TransferProgress } from "./types/TransferProgress";

export type PickPurpose = "import" | "backup" | "backupFolder";

export const dataioKeys = {
  all: ["dataio"] as const,
  backups: () => [...dataioKeys.all, "backups"] as const,
  exportColumns: (kind: ExportKind) => [...dataioKeys.all, "exportColumns", kind] as const,
};

/** A fresh id for a cancellable job. */
export function newJobId(): string {
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export const dataio = {
  /** The native open dialog (null when cancelled). */
  pickFile: (purpose: PickPurpose) => call<string | null>("file_pick", { purpose }),
  /** Writes the kind's xlsx template into the Downloads folder; returns its path. */
  importTemplate: (kind: ImportKind) => call<string>("import_template", { kind }),
  /** Reads the file and suggests a column mapping (remembered choices first). */
  importInspect: (kind: ImportKind, path: string) => call<ImportInspect>("import_inspect", { kind, path }),
  /** The dry run: what each row would do; nothing is written. */
  importPreview: (kind: ImportKind, path: string, options: ImportOptions) => call<ImportPreview>("import_preview", { kind, path, options }),
  /** The import, in batches of 500 (each one transaction). */
  importRun: (kind: ImportKind, path: string, options: ImportOptions, jobId: string, onProgress?: (p: ImportProgress) => void) =>
    call<ImportResult>("import_run", { kind, path, options, jobId, onProgress: channel(onProgress) }),
  /** Stop a running import (after its current batch) or export. */
  cancelJob: (jobId: string) => call<boolean>("job_cancel", { jobId }),
  exportColumns: (kind: ExportKind) => call<ExportColumn[]>("export_columns", { kind }),
  /** Export a list into the Downloads folder. */
  exportList: (kind: ExportKind, request: ExportRequest, jobId: string, onProgress?: (p: ExportProgress) => void) =>
    call<ExportResult>("export_list", { kind, request, jobId, onProgress: channel(onProgress) }),
  backupOverview: () => call<BackupOverview>("backup_overview"),
  setBackupSettings: (settings: BackupSettings) => call<BackupSettings>("backup_settings_set", { settings }),
  backupNow: () => call<BackupFile>("backup_now"),
  /** Check a backup file before restoring it (integrity, schema version). */
  checkBackup: (path: string) => call<BackupCheck>("backup_check", { path }),
  /** Replace the local database with a backup; the session ends (log in again). */
  restoreBackup: (path: string) => call<RestoreReport>("backup_restore", { path }),
  /** A first look at the company database before a move (nothing is written): whether it
   * is empty (copy) or has data (merge), and the users on both sides for the user mapping. */
  transferPlan: (server: MysqlProfileInput) => call<TransferPlan>("transfer_plan", { server }),
  /** Copy this desktop's local database into an empty company database ("copy"), or merge it
   * into one that has data ("merge": ids remapped, local users matched by username or as
   * `options.userMap` says), verify it, and create the new users' database accounts (their
   * temporary passwords are in the outcome). */
  transferToCompany: (
    server: MysqlProfileInput,
    mode: TransferMode,
    options: MergeOptions | null,
    jobId: string,
    onProgress?: (p: TransferProgress) => void,
  ) => call<TransferOutcome>("transfer_run", { server, mode, options, jobId, onProgress: channel(onProgress) }),
};
