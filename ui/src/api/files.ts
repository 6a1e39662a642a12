// Printable documents and attachments: render (preview), save as, open with the system program.
import { call } from "./client";
import type { FileOut } from "./types/FileOut";
import type { PrintKind } from "./types/PrintKind";

export const files = {
  render: (kind: PrintKind, id: number) => call<FileOut>("file_render", { kind, id }),
  /** The saved path, or null when the user cancelled the dialog. */
  saveAs: (kind: PrintKind, id: number) => call<string | null>("file_save_as", { kind, id }),
  /** Opens with the system's program; returns the path opened. */
  open: (kind: PrintKind, id: number) => call<string>("file_open", { kind, id }),
};
