// Printable documents and attachments: render (preview), save as, open with the system program.
import { call } from "./client";
import type { FileOut } from "./types/FileOut";
import type { Period } from "./types/Period";
import type { PrintKind } from "./types/PrintKind";

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
};
