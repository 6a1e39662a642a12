// Exact decimal arithmetic for money shown in the editors. Values are decimal strings
// (the backend's Dec); the math runs on BigInt scaled integers, never on floats, so what
// the editor shows equals what the backend stores (amounts rounded half-up to the cent).

/** A decimal as an integer and its scale: value = int / 10^scale. */
export type Scaled = { int: bigint; scale: number };

const DEC_RE = /^([+-])?(\d*)(?:\.(\d*))?$/;

/** Is `s` a plain decimal ("12", "-3.5", "0.005")? */
export function isDec(s: string | null | undefined): boolean {
  if (s == null) return false;
  const m = DEC_RE.exec(s.trim());
  return !!m && ((m[2] ?? "") + (m[3] ?? "")).length > 0;
}

/** Parse a decimal string; null when it is not one. */
export function parseDec(s: string | null | undefined): Scaled | null {
  if (!isDec(s)) return null;
  const m = DEC_RE.exec(s!.trim())!;
  const whole = m[2] || "0";
  const frac = m[3] ?? "";
  const int = BigInt(whole + frac);
  return { int: m[1] === "-" ? -int : int, scale: frac.length };
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** Round to `dp` decimals, half away from zero (half-up for positive amounts). */
export function roundHalfUp(x: Scaled, dp: number): Scaled {
  if (x.scale <= dp) return { int: x.int * pow10(dp - x.scale), scale: dp };
  const div = pow10(x.scale - dp);
  const neg = x.int < 0n;
  const abs = neg ? -x.int : x.int;
  let q = abs / div;
  if ((abs % div) * 2n >= div) q += 1n;
  return { int: neg ? -q : q, scale: dp };
}

export function mul(a: Scaled, b: Scaled): Scaled {
  return { int: a.int * b.int, scale: a.scale + b.scale };
}

export function add(a: Scaled, b: Scaled): Scaled {
  const s = Math.max(a.scale, b.scale);
  return { int: a.int * pow10(s - a.scale) + b.int * pow10(s - b.scale), scale: s };
}

/** A scaled value as a decimal string with exactly its scale's digits ("1234.50"). */
export function toStr(x: Scaled): string {
  const neg = x.int < 0n;
  let digits = (neg ? -x.int : x.int).toString();
  if (x.scale > 0) {
    digits = digits.padStart(x.scale + 1, "0");
    digits = `${digits.slice(0, -x.scale)}.${digits.slice(-x.scale)}`;
  }
  return (neg && /[1-9]/.test(digits) ? "-" : "") + digits;
}

/**
 * One line's amount: quantity × unit price × discount% / 100, rounded half-up to the
 * cent ("100" = no discount). Null when an input is not a decimal.
 */
export function lineAmount(quantity: string, unitPrice: string, discount: string = "100"): string | null {
  const q = parseDec(quantity);
  const p = parseDec(unitPrice);
  const d = parseDec(discount);
  if (!q || !p || !d) return null;
  const raw = mul(mul(q, p), d);
  return toStr(roundHalfUp({ int: raw.int, scale: raw.scale + 2 }, 2));
}

/** The sum of (already rounded) amounts, to the cent; invalid entries count as zero. */
export function sumAmounts(amounts: readonly (string | null | undefined)[]): string {
  let total: Scaled = { int: 0n, scale: 2 };
  for (const a of amounts) {
    const x = parseDec(a);
    if (x) total = add(total, x);
  }
  return toStr(roundHalfUp(total, 2));
}

/** "¥ 12,345.67" for a decimal string (exact: grouping is done on the digits). */
export function formatMoney(v: string | null | undefined): string {
  const x = parseDec(v);
  if (!x) return "-";
  const s = toStr(roundHalfUp(x, 2));
  const neg = s.startsWith("-");
  const [whole, frac] = (neg ? s.slice(1) : s).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${neg ? "-" : ""}¥ ${grouped}.${frac}`;
}

/** A unit price: two decimals, more (up to 4) only when they carry value ("¥ 17,099.145"). */
export function formatPrice(v: string | null | undefined): string {
  if (!v || !isDec(v)) return "-";
  const [, frac = ""] = v.replace(/^-/, "").split(".");
  const sig = frac.replace(/0+$/, "");
  if (sig.length <= 2) return formatMoney(v);
  const base = formatMoney(v.slice(0, v.indexOf(".") + 3));
  return base + sig.slice(2);
}

/** A quantity without trailing zeros ("2", "1.5"). */
export function formatQuantity(v: string | null | undefined): string {
  if (!v || !isDec(v)) return "-";
  return v.includes(".") ? v.replace(/0+$/, "").replace(/\.$/, "") : v;
}

/** a − b, exactly. */
export function sub(a: Scaled, b: Scaled): Scaled {
  return add(a, { int: -b.int, scale: b.scale });
}

/** Compare two decimal strings exactly (-1, 0, 1); an invalid one counts as zero. */
export function compareDec(a: string | null | undefined, b: string | null | undefined): number {
  const d = sub(parseDec(a) ?? { int: 0n, scale: 0 }, parseDec(b) ?? { int: 0n, scale: 0 });
  return d.int === 0n ? 0 : d.int > 0n ? 1 : -1;
}

/** `from` minus every amount in `less`, to the cent (exact; invalid entries count as zero). */
export function subtractAmounts(from: string | null | undefined, less: readonly (string | null | undefined)[]): string {
  return toStr(roundHalfUp(sub(parseDec(from) ?? { int: 0n, scale: 0 }, parseDec(sumAmounts(less))!), 2));
}

/** The larger of a decimal string and zero, to the cent. */
export function atLeastZero(v: string | null | undefined): string {
  return compareDec(v, "0") > 0 ? toStr(roundHalfUp(parseDec(v)!, 2)) : "0.00";
}

/** A money amount as the backend takes it: digits with at most two decimals ("1200", "0.5", "99.99"). */
export const MONEY_RE = /^\d{1,15}(\.\d{1,2})?$/;

/** Is `v` a money amount above zero (at most two decimals)? */
export function isPositiveMoney(v: string | null | undefined): boolean {
  const s = (v ?? "").trim();
  return MONEY_RE.test(s) && parseDec(s)!.int > 0n;
}

/**
 * Split `amount` evenly into `n` periods of whole cents, the rounding cents on the last
 * period (as the backend's plan_split does): 100.00 / 3 → 33.33, 33.33, 33.34.
 */
export function splitEvenly(amount: string, n: number): string[] {
  const x = parseDec(amount);
  if (!x || !Number.isInteger(n) || n < 1) return [];
  // Whole cents, truncated like the backend (amounts are already at most two decimals).
  const scaled = x.scale <= 2 ? x.int * 10n ** BigInt(2 - x.scale) : x.int / 10n ** BigInt(x.scale - 2);
  const each = scaled / BigInt(n);
  const last = scaled - each * BigInt(n - 1);
  return Array.from({ length: n }, (_, i) => toStr({ int: i === n - 1 ? last : each, scale: 2 }));
}

/**
 * `part` as a percentage of `whole`, to two decimals rounded half away from zero (as the
 * backend's progressPct); null when `whole` is zero or either is not a decimal.
 */
export function percentOf(part: string | null | undefined, whole: string | null | undefined): string | null {
  const a = parseDec(part);
  const b = parseDec(whole);
  if (!a || !b || b.int === 0n) return null;
  // a / b × 100, kept to 2 decimals: (a.int · 10^b.scale · 100 · 100) / (b.int · 10^a.scale).
  let num = a.int * pow10(b.scale) * 10000n;
  let den = b.int * pow10(a.scale);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const neg = num < 0n;
  const abs = neg ? -num : num;
  let q = abs / den;
  if ((abs % den) * 2n >= den) q += 1n;
  return toStr({ int: neg ? -q : q, scale: 2 });
}
