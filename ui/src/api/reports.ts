// Dashboard (工作台), sales targets (销售目标) and reports (报表). Every figure is limited
// to the chosen scope (本人 … 全部, capped by the role) and computed exactly on the Rust
// side; money arrives as decimal strings. Reports are tables with a chart hint each; the
// XLSX export writes the same figures into the Downloads folder.
import { call } from "./client";
import type { Dashboard } from "./types/Dashboard";
import type { DashboardLayout } from "./types/DashboardLayout";
import type { Report } from "./types/Report";
import type { ReportKind } from "./types/ReportKind";
import type { StatsQuery } from "./types/StatsQuery";
import type { TargetBasis } from "./types/TargetBasis";
import type { TargetGrid } from "./types/TargetGrid";
import type { TargetInput } from "./types/TargetInput";

export const reportKeys = {
  all: ["reports"] as const,
  dashboard: (query: StatsQuery) => [...reportKeys.all, "dashboard", query] as const,
  layout: () => [...reportKeys.all, "layout"] as const,
  targets: (year: number) => [...reportKeys.all, "targets", year] as const,
  report: (kind: ReportKind, query: StatsQuery) => [...reportKeys.all, "report", kind, query] as const,
};

export const reports = {
  dashboard: (query: StatsQuery) => call<Dashboard>("dashboard_get", { query }),
  /** The user's card order and hidden cards (every block named once). */
  layout: () => call<DashboardLayout>("dashboard_layout_get"),
  setLayout: (layout: DashboardLayout) => call<DashboardLayout>("dashboard_layout_set", { layout }),
  /** Departments (tree order) then reps, twelve months each, with completion. */
  targets: (year: number) => call<TargetGrid>("target_grid", { year }),
  /** Rows as edited: a null month removes that month's target. One transaction. */
  saveTargets: (year: number, rows: TargetInput[]) => call<TargetGrid>("target_save", { year, rows }),
  setBasis: (basis: TargetBasis) => call<TargetBasis>("target_basis_set", { basis }),
  get: (kind: ReportKind, query: StatsQuery) => call<Report>("report_get", { kind, query }),
  /** Writes the XLSX into the Downloads folder; returns its path. */
  exportXlsx: (kind: ReportKind, query: StatsQuery) => call<string>("report_export", { kind, query }),
  /** Open an exported file with the system's spreadsheet program. */
  openExport: (path: string) => call<void>("export_open", { path }),
};
