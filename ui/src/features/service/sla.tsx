// Service-level clocks on screen: durations ("2小时15分" / "2h 15m"), the live countdown of
// an open order ("剩余 2小时15分" / "超时 35分", green / orange / red, which clock) and the
// final verdict of a resolved one (达标 / 超时). Every countdown on screen ticks from one
// shared 30-second timer.
import { Tag, Tooltip, Typography } from "antd";
import { ClockCircleOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useSyncExternalStore } from "react";
import type { SlaState, WorkOrderRow } from "../../api";
import { SLA_CLOCK, SLA_STATE } from "../../domain/enums";
import { localTime } from "../../format";
import { useI18n, type T } from "../../i18n";

/** How often the countdowns move. */
export const TICK_MS = 30_000;

const listeners = new Set<() => void>();
let current = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(l: () => void) {
  listeners.add(l);
  if (!timer) {
    current = Date.now();
    timer = setInterval(() => {
      current = Date.now();
      listeners.forEach((f) => f());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time (ms), moving every 30 s while something on screen shows a countdown. */
export function useNow(): number {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => current,
  );
}

/** Minutes as "1天3小时" / "2小时15分" / "35分" (en "1d 3h" / "2h 15m" / "35m"): at most two units. */
export function formatMinutes(t: T, minutes: number): string {
  const m = Math.max(0, Math.round(minutes));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const mm = m % 60;
  if (d > 0) return h ? t("dur.dh", { d, h }) : t("dur.d", { d });
  if (h > 0) return mm ? t("dur.hm", { h, m: mm }) : t("dur.h", { h });
  return t("dur.m", { m: mm });
}

/** Is the order still running against a clock (待处理 / 处理中)? */
export const isOpen = (r: Pick<WorkOrderRow, "status">) => r.status === "pending" || r.status === "processing";

/**
 * Seconds to the active deadline at `now` (negative: overdue): from the deadline itself
 * (the backend's clock and this desktop's are the same machine's for a local database,
 * and a company server keeps UTC), else the backend's figure; null without a clock.
 */
export function secondsLeft(r: Pick<WorkOrderRow, "slaDueAt" | "slaSecondsLeft">, now: number): number | null {
  if (r.slaDueAt) return Math.round((dayjs.utc(r.slaDueAt).valueOf() - now) / 1000);
  return r.slaSecondsLeft ?? null;
}

/** The state at `now`: past the deadline is breached whatever the list said when it loaded. */
export function liveState(r: Pick<WorkOrderRow, "slaState">, left: number | null): SlaState {
  if (left === null) return r.slaState;
  if (left < 0) return "breached";
  return r.slaState === "atRisk" || r.slaState === "breached" ? "atRisk" : "onTrack";
}

/**
 * "剩余 2小时15分" or "超时 35分", in whole minutes: the time left rounded up (a deadline
 * 59 s away still reads "1分"), the time overdue rounded down, never "0分".
 */
export function countdownText(t: T, left: number): string {
  if (left < 0) return t("sla.overdueBy", { d: formatMinutes(t, Math.max(1, Math.floor(-left / 60))) });
  return t("sla.left", { d: formatMinutes(t, Math.max(1, Math.ceil(left / 60))) });
}

const TAG_COLOR: Partial<Record<SlaState, string>> = { onTrack: "green", atRisk: "orange", breached: "red", met: "green", missed: "red" };

/**
 * The SLA of an order in one cell: open, a countdown that ticks, coloured by how close the
 * deadline is, with the clock it runs against (响应 / 解决); resolved or closed, 达标 / 超时.
 */
export function SlaCell({
  row,
  testid,
  compact,
}: {
  row: Pick<WorkOrderRow, "status" | "slaDueAt" | "slaSecondsLeft" | "slaState" | "slaClock" | "responseBreached">;
  testid?: string;
  /** Without the clock's name (a narrow cell). */
  compact?: boolean;
}) {
  const { t } = useI18n();
  const now = useNow();
  if (!isOpen(row)) {
    if (row.slaState !== "met" && row.slaState !== "missed")
      return (
        <Typography.Text type="secondary" data-testid={testid}>
          —
        </Typography.Text>
      );
    return (
      <Tag color={TAG_COLOR[row.slaState]} data-testid={testid} data-state={row.slaState} style={{ marginInlineEnd: 0 }}>
        {SLA_STATE.label(t, row.slaState)}
      </Tag>
    );
  }
  const left = secondsLeft(row, now);
  if (left === null)
    return (
      <Typography.Text type="secondary" data-testid={testid}>
        —
      </Typography.Text>
    );
  const state = liveState(row, left);
  return (
    <span style={{ whiteSpace: "nowrap" }} data-testid={testid} data-state={state}>
      <Tooltip title={row.slaDueAt ? t("sla.dueAt", { at: localTime(row.slaDueAt) }) : null}>
        <Tag color={TAG_COLOR[state]} icon={<ClockCircleOutlined />} style={{ marginInlineEnd: 4 }}>
          {countdownText(t, left)}
        </Tag>
      </Tooltip>
      {!compact && row.slaClock && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {SLA_CLOCK.label(t, row.slaClock)}
        </Typography.Text>
      )}
    </span>
  );
}
