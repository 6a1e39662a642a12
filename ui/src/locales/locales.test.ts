import { describe, expect, it } from "vitest";
import { EN_AREAS, enUS } from "./en-US";
import { ZH_AREAS, zhCN } from "./zh-CN";

describe("locales", () => {
  it("no key is defined by two area files (a spread would silently override it)", () => {
    const seen = new Map<string, string>();
    for (const [area, msgs] of Object.entries(ZH_AREAS))
      for (const k of Object.keys(msgs)) {
        expect(seen.get(k), `${k} in ${area}`).toBeUndefined();
        seen.set(k, area);
      }
    expect(seen.size).toBe(Object.keys(zhCN).length);
  });

  it("English has exactly the Chinese keys, area by area", () => {
    expect(Object.keys(EN_AREAS).sort()).toEqual(Object.keys(ZH_AREAS).sort());
    for (const [area, msgs] of Object.entries(ZH_AREAS))
      expect(Object.keys(EN_AREAS[area as keyof typeof EN_AREAS]).sort(), area).toEqual(Object.keys(msgs).sort());
    expect(Object.keys(enUS).length).toBe(Object.keys(zhCN).length);
  });

  it("placeholders match between languages", () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const k of Object.keys(zhCN) as (keyof typeof zhCN)[]) expect(vars(enUS[k]), k).toEqual(vars(zhCN[k]));
  });
});
