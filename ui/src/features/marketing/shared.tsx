// What the marketing tabs share: the activity status table, the two SMS template types
// (stored as the backend's words), the module's queries, a debounce for the live previews,
// and how figures read: "—" where a ratio has no divisor (never NaN or ∞), ROI green when
// positive and red when negative, spending over the budget red.
import { useQuery } from "@tanstack/react-query";
import { Tag, Tooltip, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { api, marketingKeys } from "../../api";
import type { ActivityStatus } from "../../api/types/ActivityStatus";
import type { Variable } from "../../api/types/Variable";
import EnumTag from "../../components/EnumTag";
import { enumTable } from "../../domain/enums";
import type { Lang, T } from "../../i18n";
import { compareDec, formatMoney, isDec } from "../../money";

/** 策划中 → 进行中 → 已结束 (by the dates, unless set by hand). */
export const ACTIVITY_STATUS = enumTable<ActivityStatus>({
  planning: { label: "mkt.status.planning", color: "blue" },
  running: { label: "mkt.status.running", color: "green" },
  ended: { label: "mkt.status.ended", color: "default" },
});

/** The status the dates give now (as the backend's status_by_dates). */
export function statusByDates(start: Dayjs, end: Dayjs, now: Dayjs): ActivityStatus {
  if (now.isBefore(start)) return "planning";
  if (!now.isAfter(end)) return "running";
  return "ended";
}

/** An activity's status tag, with a small "set by hand" mark when it no longer follows the dates. */
export function ActivityStatusTag({ t, status, manual, testid }: { t: T; status: ActivityStatus; manual: boolean; testid?: string }) {
  return (
    <span style={{ display: "inline-flex", alignItems: "center", gap: 4, whiteSpace: "nowrap" }}>
      <EnumTag table={ACTIVITY_STATUS} value={status} testid={testid} />
      {manual && (
        <Tooltip title={t("mkt.act.manualHint")}>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={testid ? `${testid}-manual` : undefined}>
            {t("mkt.act.manual")}
          </Typography.Text>
        </Tooltip>
      )}
    </span>
  );
}

// The template types are stored as the backend's words 营销 (marketing) and 通知 (notice),
// whatever the user's language; they show through the message table.
export const SMS_MARKETING = "\u8425\u9500";
export const SMS_NOTICE = "\u901a\u77e5";
export const SMS_TYPES = [SMS_MARKETING, SMS_NOTICE] as const;

export const smsTypeLabel = (t: T, v: string) =>
  v === SMS_MARKETING ? t("mkt.tpl.type.marketing") : v === SMS_NOTICE ? t("mkt.tpl.type.notice") : v;

export function SmsTypeTag({ t, value, testid }: { t: T; value: string; testid?: string }) {
  return (
    <Tag color={value === SMS_MARKETING ? "orange" : "blue"} data-testid={testid} style={{ marginInlineEnd: 0 }}>
      {smsTypeLabel(t, value)}
    </Tag>
  );
}

/** A variable's label and where it comes from, in the user's language. */
export const variableText = (v: Variable, lang: Lang) =>
  lang === "zh-CN" ? { label: v.labelZh, source: v.sourceZh } : { label: v.labelEn, source: v.sourceEn };

/** A `${name}` placeholder. */
export const placeholder = (name: string) => "${" + name + "}";

export const DASH = "—";
export const GREEN = "#389e0d";
export const RED = "#cf1322";

/** Money ("¥ 1,234.50"), or "—" when there is none. */
export const moneyOrDash = (v: string | null | undefined) => (v != null && isDec(v) ? formatMoney(v) : DASH);

/** A percentage the backend computed ("212.50" → "212.50%"), or "—" when it has no divisor. */
export const pctOrDash = (v: string | null | undefined) => (v != null && isDec(v) ? `${v}%` : DASH);

/** Money with its sign shown ("+¥ 500.00" over, "-¥ 500.00" under). */
export const signedMoney = (v: string | null | undefined) => {
  if (v == null || !isDec(v)) return DASH;
  return compareDec(v, "0") > 0 ? `+${formatMoney(v)}` : formatMoney(v);
};

/** ROI: green above zero, red below. */
export const roiColor = (v: string | null | undefined) =>
  v == null || !isDec(v) ? undefined : compareDec(v, "0") > 0 ? GREEN : compareDec(v, "0") < 0 ? RED : undefined;

/** Cost − budget: red over the budget, green under it. */
export const varianceColor = (v: string | null | undefined) =>
  v == null || !isDec(v) ? undefined : compareDec(v, "0") > 0 ? RED : compareDec(v, "0") < 0 ? GREEN : undefined;

/** Cost ÷ budget: red above 100 %. */
export const executionColor = (v: string | null | undefined) => (v != null && isDec(v) && compareDec(v, "100") > 0 ? RED : undefined);

/** A figure in a list cell: right-aligned digits, "—" greyed. */
export function FigureText({ text, color, testid }: { text: string; color?: string; testid?: string }) {
  if (text === DASH)
    return (
      <Typography.Text type="secondary" data-testid={testid}>
        {DASH}
      </Typography.Text>
    );
  return (
    <span data-testid={testid} style={{ color, whiteSpace: "nowrap", fontVariantNumeric: "tabular-nums" }}>
      {text}
    </span>
  );
}

/** A value that settles `ms` after the last change (compared by content, so a new object with the same data does not restart it). */
export function useDebounced<V>(v: V, ms = 300): V {
  const key = JSON.stringify(v ?? null);
  const [d, setD] = useState<V>(v);
  useEffect(() => {
    const h = setTimeout(() => setD(JSON.parse(key) as V), ms);
    return () => clearTimeout(h);
  }, [key, ms]);
  return d;
}

/** The module's settings (activity types, attribution days, signature, fallbacks): everyone signed in may read them. */
export function useMarketingSettings(enabled = true) {
  return useQuery({ queryKey: marketingKeys.settings(), queryFn: api.marketing.settings, enabled, staleTime: 60_000 });
}

export function useTags(enabled = true) {
  return useQuery({ queryKey: marketingKeys.tags(), queryFn: api.marketing.tags, enabled });
}

export function useActivityOptions(enabled = true) {
  return useQuery({ queryKey: marketingKeys.activityOptions(), queryFn: api.marketing.activityOptions, enabled });
}

/** The documented `${var}` variables (they change only with the app). */
export function useVariables(enabled = true) {
  return useQuery({ queryKey: marketingKeys.variables(), queryFn: api.marketing.variables, enabled, staleTime: Infinity });
}

export function useSegments(enabled = true) {
  return useQuery({ queryKey: marketingKeys.segments(), queryFn: api.marketing.segments, enabled });
}

export function useTemplates(enabled = true) {
  return useQuery({ queryKey: marketingKeys.templates(), queryFn: api.marketing.templates, enabled });
}

/** An hour of the send window as a clock time ("08:00", "21:00", "24:00"). */
export const hourText = (h: number | null | undefined) => `${String(h ?? 0).padStart(2, "0")}:00`;
