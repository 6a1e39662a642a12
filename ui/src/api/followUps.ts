// Follow-ups (of leads and customers) and the to-do board built from them.
import { call } from "./client";
import type { FollowUpEdit } from "./types/FollowUpEdit";
import type { FollowUpFilter } from "./types/FollowUpFilter";
import type { FollowUpInput } from "./types/FollowUpInput";
import type { FollowUpRow } from "./types/FollowUpRow";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { RelationKind } from "./types/RelationKind";
import type { TodoBoard } from "./types/TodoBoard";
import type { TodoCounts } from "./types/TodoCounts";

export const followUpKeys = {
  all: ["followUps"] as const,
  /** The timeline of one lead or customer. */
  timeline: (relationType: RelationKind, relationId: number) => [...followUpKeys.all, "timeline", relationType, relationId] as const,
  /** The follow-up history page; ListPage appends page and sort. */
  recent: (filter: FollowUpFilter) => [...followUpKeys.all, "recent", filter] as const,
};
export const todoKeys = {
  all: ["todo"] as const,
  counts: () => [...todoKeys.all, "counts"] as const,
  board: () => [...todoKeys.all, "board"] as const,
};

export const followUps = {
  list: (relationType: RelationKind, relationId: number, page: PageReq) =>
    call<Page<FollowUpRow>>("follow_up_list", { relationType, relationId, page }),
  recent: (filter: FollowUpFilter, tzOffsetMinutes: number, page: PageReq) =>
    call<Page<FollowUpRow>>("follow_up_recent", { filter, tzOffsetMinutes, page }),
  create: (input: FollowUpInput) => call<FollowUpRow>("follow_up_create", { input }),
  update: (id: number, input: FollowUpEdit) => call<FollowUpRow>("follow_up_update", { id, input }),
  remove: (id: number) => call<void>("follow_up_delete", { id }),
  done: (id: number) => call<void>("follow_up_done", { id }),
};

export const todo = {
  counts: (tzOffsetMinutes: number) => call<TodoCounts>("todo_counts", { tzOffsetMinutes }),
  board: (tzOffsetMinutes: number) => call<TodoBoard>("todo_board", { tzOffsetMinutes }),
};
