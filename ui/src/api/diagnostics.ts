// Support diagnostics: About, the log folder, support bundles and crash reports. None needs a login.
import { call } from "./client";
import type { AboutInfo } from "./types/AboutInfo";
import type { BundleSummary } from "./types/BundleSummary";
import type { CrashReport } from "./types/CrashReport";

export const diagnosticsKeys = {
  all: ["diagnostics"] as const,
  about: () => [...diagnosticsKeys.all, "about"] as const,
};

export const diagnostics = {
  /** Version, commit, schema, database kind and location, folders, OS and WebView. */
  about: () => call<AboutInfo>("about_info"),
  /** Opens the log folder in the file manager; returns its path. */
  openLogFolder: () => call<string>("open_log_folder"),
  /**
   * Zips the last 7 days of logs (masked: no passwords, numbers or e-mail addresses) with the About information.
   * `path` null: a save dialog asks where; null back means the user cancelled.
   */
  createBundle: (path: string | null = null) => call<BundleSummary | null>("support_bundle_create", { path }),
  /** The newest crash report not shown yet (the app crashed since it was last seen). */
  pendingCrash: () => call<CrashReport | null>("crash_report_pending"),
  /** Don't offer this report (or older ones) again. */
  crashSeen: (fileName: string) => call<void>("crash_report_seen", { fileName }),
  /** Opens a crash report with the system's viewer. */
  openCrash: (fileName: string) => call<void>("crash_report_open", { fileName }),
};
