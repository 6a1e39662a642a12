import { describe, expect, it } from "vitest";
import { formatMoney, isDec, lineAmount, percentOf, sumAmounts } from "./money";

describe("lineAmount (quantity × price × discount / 100, half-up to the cent)", () => {
  const cases: [string, string, string, string][] = [
    ["1", "100", "100", "100.00"],
    ["3", "19.99", "100", "59.97"],
    ["1", "0.005", "100", "0.01"], // half-up at .005
    ["1", "0.004", "100", "0.00"],
    ["1", "0.015", "100", "0.02"], // not banker's rounding
    ["1", "0.025", "100", "0.03"],
    ["1", "2.675", "100", "2.68"], // float would give 2.67
    ["1", "1.005", "100", "1.01"], // float would give 1.00
    ["12345678901234.5678", "0.0001", "100", "1234567890.12"],
    ["12345678901234.5678", "1", "100", "12345678901234.57"],
    ["99999999999999.99", "99999.99", "100", "9999998999999999000.00"],
    ["2", "199.90", "85.5", "341.83"], // 399.8 × 0.855 = 341.829
    ["1", "10", "85.5", "8.55"],
    ["7", "0.33", "95", "2.19"], // 2.31 × 0.95 = 2.1945
    ["3", "0.35", "50", "0.53"], // 0.525 → 0.53
    ["0", "100", "100", "0.00"],
    ["1.5", "3.3333", "100", "5.00"], // 4.99995
    ["10", "12.5", "0", "0.00"],
  ];
  it.each(cases)("%s × %s × %s%% = %s", (q, p, d, want) => {
    expect(lineAmount(q, p, d)).toBe(want);
  });
  it("defaults to no discount", () => expect(lineAmount("2", "1.25")).toBe("2.50"));
  it("rejects non-decimals", () => {
    expect(lineAmount("abc", "1")).toBeNull();
    expect(lineAmount("", "1")).toBeNull();
    expect(lineAmount("1e3", "1")).toBeNull();
    expect(isDec("12.")).toBe(true);
    expect(isDec(".")).toBe(false);
  });
});

describe("sumAmounts", () => {
  it("sums rounded amounts exactly", () => {
    expect(sumAmounts(["0.10", "0.20"])).toBe("0.30"); // float: 0.30000000000000004
    expect(sumAmounts([])).toBe("0.00");
    expect(sumAmounts(["1.01", null, "bad", "2"])).toBe("3.01");
  });
  it("sums many lines without drift", () => {
    const lines = Array.from({ length: 1000 }, () => lineAmount("1", "0.1", "100")!);
    expect(sumAmounts(lines)).toBe("100.00");
    const rounded = Array.from({ length: 300 }, () => lineAmount("1", "0.005", "100")!); // each 0.01
    expect(sumAmounts(rounded)).toBe("3.00");
  });
  it("sums large values", () => {
    expect(sumAmounts(["12345678901234.57", "87654321098765.43"])).toBe("100000000000000.00");
  });
});

describe("formatMoney", () => {
  it("groups and keeps two decimals", () => {
    expect(formatMoney("12345.67")).toBe("¥ 12,345.67");
    expect(formatMoney("0")).toBe("¥ 0.00");
    expect(formatMoney("1234567890.1")).toBe("¥ 1,234,567,890.10");
    expect(formatMoney("-5.5")).toBe("-¥ 5.50");
    expect(formatMoney(null)).toBe("-");
  });
});

describe("price and quantity display", () => {
  it("shows extra price decimals only when they carry value", async () => {
    const { formatPrice, formatQuantity } = await import("./money");
    expect(formatPrice("17099.1450")).toBe("¥ 17,099.145");
    expect(formatPrice("19999.0000")).toBe("¥ 19,999.00");
    expect(formatPrice("0.0125")).toBe("¥ 0.0125");
    expect(formatQuantity("2.0000")).toBe("2");
    expect(formatQuantity("1.5000")).toBe("1.5");
  });
});

describe("subtraction, comparison and even splits (receivables)", async () => {
  const { compareDec, subtractAmounts, splitEvenly, atLeastZero, isPositiveMoney } = await import("./money");
  it("subtracts exactly to the cent", () => {
    expect(subtractAmounts("10000.00", ["3333.33"])).toBe("6666.67");
    expect(subtractAmounts("0.30", ["0.10", "0.20"])).toBe("0.00"); // float: 5.55e-17
    expect(subtractAmounts("100", ["150.5"])).toBe("-50.50");
    expect(subtractAmounts("99999999999999.99", ["0.01", "-0.01"])).toBe("99999999999999.99");
    expect(atLeastZero("-50.50")).toBe("0.00");
    expect(atLeastZero("12.3")).toBe("12.30");
  });
  it("compares decimals of any scale", () => {
    expect(compareDec("1.10", "1.1")).toBe(0);
    expect(compareDec("1000.01", "1000")).toBe(1);
    expect(compareDec("-0.01", "0")).toBe(-1);
    expect(compareDec("9007199254740993.00", "9007199254740992.99")).toBe(1); // beyond float precision
  });
  it("splits like the backend: whole cents, the rounding cents on the last period", () => {
    expect(splitEvenly("100.00", 3)).toEqual(["33.33", "33.33", "33.34"]);
    expect(splitEvenly("0.05", 2)).toEqual(["0.02", "0.03"]);
    expect(splitEvenly("1000", 1)).toEqual(["1000.00"]);
    expect(sumAmounts(splitEvenly("12345.67", 7))).toBe("12345.67");
    expect(splitEvenly("0.01", 3)).toEqual(["0.00", "0.00", "0.01"]);
    expect(splitEvenly("bad", 3)).toEqual([]);
  });
  it("accepts money amounts above zero with at most two decimals", () => {
    expect(isPositiveMoney("1200")).toBe(true);
    expect(isPositiveMoney("0.01")).toBe(true);
    expect(isPositiveMoney("0")).toBe(false);
    expect(isPositiveMoney("1.005")).toBe(false);
    expect(isPositiveMoney("-5")).toBe(false);
    expect(isPositiveMoney("1e3")).toBe(false);
  });
});

describe("percentOf (the totals row's collection progress)", () => {
  it("is exact on decimal strings, two places, half away from zero", () => {
    expect(percentOf("4000.00", "10000.00")).toBe("40.00");
    expect(percentOf("1", "3")).toBe("33.33");
    expect(percentOf("2", "3")).toBe("66.67");
    expect(percentOf("0.01", "0.03")).toBe("33.33");
    // 1/8 = 12.5 % exactly; 1/1600 = 0.0625 % → 0.06; 1/800 = 0.125 % → 0.13 (half up).
    expect(percentOf("1", "8")).toBe("12.50");
    expect(percentOf("1", "1600")).toBe("0.06");
    expect(percentOf("1", "800")).toBe("0.13");
    // Beyond what a float keeps: 9,999,999,999,999.99 of 10,000,000,000,000.00.
    expect(percentOf("9999999999999.99", "10000000000000.00")).toBe("100.00");
    expect(percentOf("12000.00", "10000.00")).toBe("120.00");
    expect(percentOf("-500.00", "10000.00")).toBe("-5.00");
    expect(percentOf("1", "0.00")).toBeNull();
    expect(percentOf("x", "10")).toBeNull();
  });
});
