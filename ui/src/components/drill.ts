// Lists opened from the dashboard (工作台) with a filter in the URL ("/leads?createdFrom=
// 2030-05-01&createdTo=2030-05-31&ownerId=3"): each list declares which parameters it
// takes and of what kind; `readDrill` parses them once when the list opens (anything
// malformed is ignored), the list starts with that filter, and a closable tag says why
// the list is narrowed (see DrillTag). Closing it resets those filters.
import type { T } from "../i18n";

/** An enum's table (domain/enums.ts): its values are recognised and labelled. */
export type EnumKind<E extends string = string> = {
  has(v: string | null | undefined): v is E;
  label(t: T, v: E): string;
};

/** A parameter's kind: a day (YYYY-MM-DD), a record id, a day count, free text, a flag (1/true) or a value of an enum. */
export type DrillKind = "date" | "id" | "days" | "text" | "flag" | EnumKind;
export type DrillSpec = Record<string, DrillKind>;

type ValueOf<K> = K extends "date" | "text"
  ? string
  : K extends "id" | "days"
    ? number
    : K extends "flag"
      ? boolean
      : K extends { has(v: string | null | undefined): v is infer E extends string }
        ? E
        : never;

/** The parsed parameters (only those present and valid). */
export type Drill<S extends DrillSpec> = Partial<{ -readonly [P in keyof S]: ValueOf<S[P]> }>;

const isDay = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

function parse(kind: DrillKind, raw: string): unknown {
  const v = raw.trim();
  if (!v) return undefined;
  if (kind === "date") return isDay(v) ? v : undefined;
  if (kind === "id" || kind === "days") return /^\d{1,15}$/.test(v) && Number(v) > 0 ? Number(v) : undefined;
  if (kind === "text") return v;
  if (kind === "flag") return v === "1" || v === "true" ? true : undefined;
  return kind.has(v) ? v : undefined;
}

/** The spec's parameters found in the URL; null when there is none (the list was not opened from the dashboard). */
export function readDrill<S extends DrillSpec>(params: URLSearchParams, spec: S): Drill<S> | null {
  const out: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(spec)) {
    const raw = params.get(key);
    const v = raw === null ? undefined : parse(kind, raw);
    if (v !== undefined) out[key] = v;
  }
  return Object.keys(out).length ? (out as Drill<S>) : null;
}

/** The URL without the spec's parameters (the rest, such as an open record's id, stays). */
export function withoutDrill(params: URLSearchParams, spec: DrillSpec): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const k of Object.keys(spec)) next.delete(k);
  return next;
}

/** `filter` with the drilled fields back at their empty values (left out when the empty filter has none). */
export function undrill<F extends object>(filter: F, drill: object | null, empty: F): F {
  if (!drill) return filter;
  const out = { ...filter } as Record<string, unknown>;
  const base = empty as Record<string, unknown>;
  for (const k of Object.keys(drill)) {
    if (k in base) out[k] = base[k];
    else delete out[k];
  }
  return out as F;
}

/** The two ends of a period, when the list was opened with one. */
export const PERIOD_KEYS: [string, string][] = [
  ["createdFrom", "createdTo"],
  ["signFrom", "signTo"],
  ["from", "to"],
];

/**
 * The tag's parts in words: the period, the owner / rep, then the other filters
 * ("2030-05-01 ~ 2030-05-31", "负责人:张三", "等级:A"). `userName` names a user id.
 */
export function describeDrill(t: T, drill: Record<string, unknown>, spec: DrillSpec, userName: (id: number) => string): string[] {
  const parts: string[] = [];
  const used = new Set<string>();
  for (const [a, b] of PERIOD_KEYS) {
    if (!(a in spec) || (drill[a] === undefined && drill[b] === undefined)) continue;
    parts.push(t("drill.period", { from: String(drill[a] ?? "…"), to: String(drill[b] ?? "…") }));
    used.add(a).add(b);
  }
  for (const [key, kind] of Object.entries(spec)) {
    const v = drill[key];
    if (v === undefined || used.has(key)) continue;
    if (key === "ownerId") parts.push(t("drill.owner", { name: userName(Number(v)) }));
    else if (key === "createdBy") parts.push(t("drill.createdBy", { name: userName(Number(v)) }));
    else if (key === "idleDays") parts.push(t("drill.idleDays", { n: Number(v) }));
    else if (key === "expiring") parts.push(t("drill.expiring"));
    else if (key === "source") parts.push(t("drill.source", { v: String(v) }));
    else if (key === "stage") parts.push(t("drill.stage", { v: String(v) }));
    else if (key === "level" && typeof kind === "object") parts.push(t("drill.level", { v: kind.label(t, String(v)) }));
    else if (key === "status" && typeof kind === "object") parts.push(t("drill.status", { v: kind.label(t, String(v)) }));
    else parts.push(`${key}: ${String(v)}`);
  }
  return parts;
}
