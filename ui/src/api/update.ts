// Updates from the company's feed: check (no login needed: the banner shows on the login
// screen too), install and restart, the download's progress, and the company policy
// (系统设置 → 更新: the feed and whether to check by itself).
import { call } from "./client";
import type { UpdatePolicy } from "./types/UpdatePolicy";
import type { UpdateProgress } from "./types/UpdateProgress";
import type { UpdateStatus } from "./types/UpdateStatus";

export const updateKeys = {
  all: ["update"] as const,
  /** The last check, per signed-in user (null: nobody yet): logging in checks again. */
  status: (userId: number | null) => [...updateKeys.all, "status", userId] as const,
  policy: () => [...updateKeys.all, "policy"] as const,
  /** The download's progress (polled while installing). */
  progress: () => [...updateKeys.all, "progress"] as const,
};

export const update = {
  /**
   * Asks the feed for a newer version. An unreachable feed is reported in `error`, not thrown.
   * Not `manual` (the start and the daily check): skipped when the policy turns automatic checks off.
   */
  check: (manual: boolean) => call<UpdateStatus>("update_check", { manual }),
  /**
   * Downloads, verifies and installs the version the last check found, then restarts the app.
   * Refused (ApiError, field "schema") while the shared database must be migrated first.
   */
  install: () => call<void>("update_install"),
  /** How far the download is (asked while installing). */
  progress: () => call<UpdateProgress>("update_progress"),
  policy: () => call<UpdatePolicy>("update_policy_get"),
  /** Send back the policy as loaded: its `lockVersion` travels inside. */
  setPolicy: (input: UpdatePolicy) => call<UpdatePolicy>("update_policy_set", { input }),
};
