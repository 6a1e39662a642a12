// Printable documents and attachments: render (preview), save as, open with the system program,
// and print on paper (how this desktop prints, then the system dialog or CUPS).
import { call } from "./client";
import type { FileOut } from "./types/FileOut";
import type { Period } from "./types/Period";
import type { PrintKind } from "./types/PrintKind";
import type { PrintOptions } from "./types/PrintOptions";
import type { PrintOutcome } from "./types/PrintOutcome";
import type { PrintSupport } from "./types/PrintSupport";

export const fileKeys = {
  all: ["files"] as const,
  /** How this desktop prints (and its CUPS printers). */
  printSupport: () => [...fileKeys.all, "printSupport"] as const,
};

/**
 * `period` is required for a statement of account (`kind: "statement"`, `id`: the
 * customer) and ignored by every other document.
 */
export const files = {
  render: (kind: PrintKind, id: number, period: Period | null = null) => call<FileOut>("file_render", { kind, id, period }),
  /** The saved path, or null when the user cancelled the dialog. */
  saveAs: (kind: PrintKind, id: number, period: Period | null = null) => call<string | null>("file_save_as", { kind, id, period }),
  /** Opens with the system's program; returns the path opened. */
  open: (kind: PrintKind, id: number, period: Period | null = null) => call<string>("file_open", { kind, id, period }),
  /** How this desktop prints: the system dialog (Windows, macOS), CUPS with its printers, or not at all (and why). */
  printSupport: () => call<PrintSupport>("print_support"),
  /**
   * Prints a document (not an attachment). `options` (CUPS only; null: the default printer,
   * one copy, one-sided, all pages) are ignored where the system dialog asks.
   */
  print: (kind: PrintKind, id: number, period: Period | null = null, options: PrintOptions | null = null) =>
    call<PrintOutcome>("file_print", { kind, id, period, options }),
};
