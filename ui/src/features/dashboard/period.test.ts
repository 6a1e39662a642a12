import { describe, expect, it } from "vitest";
import { isDay, periodRange } from "./period";

describe("periodRange", () => {
  it("today is one day", () => {
    expect(periodRange("today", "2030-05-15")).toEqual({ from: "2030-05-15", to: "2030-05-15" });
  });

  it("weeks run Monday to Sunday", () => {
    // 2030-05-15 is a Wednesday.
    expect(periodRange("week", "2030-05-15")).toEqual({ from: "2030-05-13", to: "2030-05-19" });
    // A Monday starts its own week; a Sunday ends the week before.
    expect(periodRange("week", "2030-05-13")).toEqual({ from: "2030-05-13", to: "2030-05-19" });
    expect(periodRange("week", "2030-05-19")).toEqual({ from: "2030-05-13", to: "2030-05-19" });
    // Across a month and a year end.
    expect(periodRange("week", "2030-01-01")).toEqual({ from: "2029-12-31", to: "2030-01-06" });
    expect(periodRange("week", "2030-03-02")).toEqual({ from: "2030-02-25", to: "2030-03-03" });
  });

  it("months are whole calendar months (leap years included)", () => {
    expect(periodRange("month", "2030-05-15")).toEqual({ from: "2030-05-01", to: "2030-05-31" });
    expect(periodRange("month", "2028-02-10")).toEqual({ from: "2028-02-01", to: "2028-02-29" });
    expect(periodRange("month", "2030-02-28")).toEqual({ from: "2030-02-01", to: "2030-02-28" });
    expect(periodRange("month", "2030-04-30")).toEqual({ from: "2030-04-01", to: "2030-04-30" });
  });

  it("quarters are Jan–Mar, Apr–Jun, Jul–Sep, Oct–Dec", () => {
    expect(periodRange("quarter", "2030-01-01")).toEqual({ from: "2030-01-01", to: "2030-03-31" });
    expect(periodRange("quarter", "2030-03-31")).toEqual({ from: "2030-01-01", to: "2030-03-31" });
    expect(periodRange("quarter", "2030-05-15")).toEqual({ from: "2030-04-01", to: "2030-06-30" });
    expect(periodRange("quarter", "2030-08-31")).toEqual({ from: "2030-07-01", to: "2030-09-30" });
    expect(periodRange("quarter", "2030-12-31")).toEqual({ from: "2030-10-01", to: "2030-12-31" });
  });

  it("the year is January 1st to December 31st", () => {
    expect(periodRange("year", "2030-05-15")).toEqual({ from: "2030-01-01", to: "2030-12-31" });
    expect(periodRange("year", "2028-12-31")).toEqual({ from: "2028-01-01", to: "2028-12-31" });
  });

  it("custom has no range of its own", () => {
    expect(periodRange("custom", "2030-05-15")).toBeNull();
  });
});

describe("isDay", () => {
  it("accepts real calendar days only", () => {
    expect(isDay("2030-05-15")).toBe(true);
    expect(isDay("2028-02-29")).toBe(true);
    expect(isDay("2030-02-29")).toBe(false);
    expect(isDay("2030-13-01")).toBe(false);
    expect(isDay("2030-5-1")).toBe(false);
    expect(isDay("")).toBe(false);
    expect(isDay(null)).toBe(false);
  });
});
