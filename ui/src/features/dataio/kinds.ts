// What each import and export kind needs from the rest of the app: its permission, its
// name in messages, and the lists an import makes stale.
import type { Area } from "../../api";
import type { Disposition } from "../../api/types/Disposition";
import type { ExportKind } from "../../api/types/ExportKind";
import type { ImportKind } from "../../api/types/ImportKind";
import { enumTable } from "../../domain/enums";
import type { MessageKey } from "../../i18n";

/** The permission module of an export (`<module>:export`). */
export const EXPORT_MODULE: Record<ExportKind, string> = {
  lead: "lead",
  customer: "customer",
  contact: "contact",
  followUp: "follow_up",
  opportunity: "opportunity",
  quotation: "quotation",
  contract: "contract",
  product: "product",
  workOrder: "service",
};

export const exportPermission = (kind: ExportKind) => `${EXPORT_MODULE[kind]}:export`;

/** Import kinds are named after their permission module (`lead:import`, `lead:update` …). */
export const importPermission = (kind: ImportKind, action: "import" | "update" | "create" = "import") => `${kind}:${action}`;

/** The lists (and their effects) an import into a kind makes stale. */
export const IMPORT_AREA: Record<ImportKind, Area> = {
  lead: "leads",
  customer: "customers",
  contact: "contacts",
  product: "products",
};

/** The kind's plural name inside a sentence ("导入客户", "Export customers"). */
export const kindLabel = (kind: ImportKind | ExportKind): MessageKey => `dataio.kind.${kind}`;

/** Whether a kind's duplicates are keyed by a unique phone (no "create anyway"). */
export const uniquePhone = (kind: ImportKind) => kind === "lead" || kind === "contact";

/** Who owns imported records is chosen for leads and customers only. */
export const hasOwner = (kind: ImportKind) => kind === "lead" || kind === "customer";

/** What a previewed row will do. */
export const DISPOSITION = enumTable<Disposition>({
  create: { label: "import.count.create", color: "green" },
  update: { label: "import.count.update", color: "blue" },
  skip: { label: "import.count.skip", color: "default" },
  error: { label: "import.count.error", color: "red" },
});
