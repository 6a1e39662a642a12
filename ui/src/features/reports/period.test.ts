import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { rowLink } from "./links";
import { presetRange } from "./period";

describe("period presets", () => {
  const today = dayjs("2026-05-14");
  it("cover whole calendar months, quarters and years", () => {
    expect(presetRange("month", today)).toEqual({ from: "2026-05-01", to: "2026-05-31" });
    expect(presetRange("lastMonth", today)).toEqual({ from: "2026-04-01", to: "2026-04-30" });
    expect(presetRange("lastMonth", dayjs("2026-01-10"))).toEqual({ from: "2025-12-01", to: "2025-12-31" });
    expect(presetRange("quarter", today)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(presetRange("quarter", dayjs("2026-12-31"))).toEqual({ from: "2026-10-01", to: "2026-12-31" });
    expect(presetRange("year", today)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(presetRange("lastYear", today)).toEqual({ from: "2025-01-01", to: "2025-12-31" });
    expect(presetRange("lastMonth", dayjs("2024-03-31"))).toEqual({ from: "2024-02-01", to: "2024-02-29" });
  });

  it("a custom range is taken as picked (either way round); without one, this month so far", () => {
    expect(presetRange("custom", today, [dayjs("2026-02-03"), dayjs("2026-03-04")])).toEqual({ from: "2026-02-03", to: "2026-03-04" });
    expect(presetRange("custom", today, [dayjs("2026-03-04"), dayjs("2026-02-03")])).toEqual({ from: "2026-02-03", to: "2026-03-04" });
    expect(presetRange("custom", today, null)).toEqual({ from: "2026-05-01", to: "2026-05-14" });
  });
});

describe("row links", () => {
  it("reps open their signed contracts of the period; stages their opportunities; others nothing", () => {
    expect(rowLink("performance", "reps", "7", "2026-05-01", "2026-05-31")).toEqual({
      path: "/contracts?status=signed&signFrom=2026-05-01&signTo=2026-05-31&createdBy=7",
      permission: "contract:read",
    });
    expect(rowLink("rankings", "receipts", "9", "2026-01-01", "2026-12-31")?.path).toBe(
      "/contracts?status=signed&signFrom=2026-01-01&signTo=2026-12-31&createdBy=9",
    );
    expect(rowLink("funnel", "stages", "方案 报价", "2026-05-01", "2026-05-31")).toEqual({
      path: "/opportunities?stage=%E6%96%B9%E6%A1%88+%E6%8A%A5%E4%BB%B7",
      permission: "opportunity:read",
    });
    expect(new URLSearchParams(rowLink("funnel", "stages", "方案 报价", "a", "b")!.path.split("?")[1]).get("stage")).toBe("方案 报价");
    expect(rowLink("performance", "depts", "2", "a", "b")).toBeNull();
    expect(rowLink("funnel", "lostReasons", "价格", "a", "b")).toBeNull();
    expect(rowLink("customers", "forgotten", "7", "a", "b")).toBeNull();
    expect(rowLink("performance", "reps", null, "a", "b")).toBeNull();
  });
});
