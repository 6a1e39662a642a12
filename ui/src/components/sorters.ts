// Client-side column sorters for lists the server does not sort (a page of rows, a customer's tab).
import type { CompareFn } from "antd/es/table/interface";

type Key<R> = { [K in keyof R]: R[K] extends string | number | boolean | null | undefined ? K : never }[keyof R];

/** Text (locale-aware, empty last), numbers and decimal strings, ISO dates / times. */
export function byField<R>(key: Key<R>): CompareFn<R> {
  return (a, b) => compareValues(a[key], b[key]);
}

export function compareValues(x: unknown, y: unknown): number {
  if (x === y) return 0;
  if (x === null || x === undefined || x === "") return 1;
  if (y === null || y === undefined || y === "") return -1;
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "boolean" || typeof y === "boolean") return Number(x) - Number(y);
  const sx = String(x);
  const sy = String(y);
  // Decimal strings from the backend ("19999.00") compare as numbers.
  if (/^-?\d+(\.\d+)?$/.test(sx) && /^-?\d+(\.\d+)?$/.test(sy)) return Number(sx) - Number(sy);
  return sx.localeCompare(sy, "zh-CN");
}
