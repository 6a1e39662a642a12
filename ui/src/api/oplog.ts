// The operation log of one record (the "history" tabs).
import { call } from "./client";
import type { LogEntry } from "./types/LogEntry";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";

export const oplogKeys = {
  all: ["oplog"] as const,
  history: (entityType: string, id: number) => [...oplogKeys.all, entityType, id] as const,
};

export const oplog = (entityType: string, entityId: number, page: PageReq) =>
  call<Page<LogEntry>>("oplog_history", { entityType, entityId, page });
