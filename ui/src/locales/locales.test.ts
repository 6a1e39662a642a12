import { describe, expect, it } from "vitest";
import { EN_AREAS, enUS } from "./en-US";
import { ZH_AREAS, zhCN } from "./zh-CN";
import { leadSourceSuggestions, SUGGESTIONS } from "./suggestions";

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

describe("suggestions", () => {
  it("every language offers every list, none empty or with duplicates", () => {
    const zh = SUGGESTIONS["zh-CN"];
    for (const [lang, lists] of Object.entries(SUGGESTIONS)) {
      expect(Object.keys(lists).sort(), lang).toEqual(Object.keys(zh).sort());
      for (const [name, xs] of Object.entries(lists) as [string, readonly string[]][]) {
        expect(xs.length, `${lang} ${name}`).toBeGreaterThan(0);
        expect(new Set(xs).size, `${lang} ${name}`).toBe(xs.length);
      }
    }
    for (const xs of Object.values(SUGGESTIONS["en-US"])) for (const x of xs) expect(x).not.toMatch(CJK);
  });

  it("lead sources: the user's language first, then those in use; the backend's Chinese defaults only in Chinese", () => {
    const inUse = ["官网", "老客户推荐", "Website", "展会"];
    expect(leadSourceSuggestions("zh-CN", inUse)).toEqual(["官网", "展会", "转介绍", "电话咨询", "广告投放", "老客户推荐", "Website"]);
    expect(leadSourceSuggestions("en-US", inUse)).toEqual([
      "Website",
      "Trade show",
      "Referral",
      "Phone inquiry",
      "Advertising",
      "老客户推荐",
    ]);
    expect(leadSourceSuggestions("en-US", undefined)).toEqual([...SUGGESTIONS["en-US"].leadSources]);
  });
});

// Source files (comments stripped) that may hold Chinese, and why: values the backend keeps
// as codes, the language switch's own name, and the suggestion tables themselves.
const CJK_ALLOWED: Record<string, string> = {
  "../domain/enums.ts": "invoice types, payment methods and follow-up channels are stored as these words",
  "../features/service/labels.tsx": "the backend writes a priority change with its Chinese labels",
  "../app/MainLayout.tsx": "the language switch names Chinese in Chinese",
  "./suggestions.ts": "the per-language suggestion tables",
};
const CJK = /[\u3400-\u9fff\uff00-\uffef]/;
const UI_SOURCES = import.meta.glob<string>(
  ["../**/*.{ts,tsx}", "!../locales/*/**", "!../api/types/**", "!../**/*.test.{ts,tsx}", "!../test/**", "!../features/service/fixtures.ts"],
  { query: "?raw", import: "default", eager: true },
);

describe("no hard-coded Chinese outside the message tables", () => {
  it("user-visible text comes from the locales", () => {
    expect(Object.keys(UI_SOURCES).length).toBeGreaterThan(50);
    const offenders: string[] = [];
    for (const [file, src] of Object.entries(UI_SOURCES)) {
      if (file in CJK_ALLOWED) continue;
      const code = src.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/.*$/gm, "$1");
      code.split("\n").forEach((line, i) => {
        if (CJK.test(line)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});
