import { describe, expect, it } from "vitest";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS } from "../domain/enums";
import { translate } from "../i18n";
import { describeDrill, readDrill, undrill, withoutDrill } from "./drill";

const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate("zh-CN", k, v);

const SPEC = {
  createdFrom: "date",
  createdTo: "date",
  ownerId: "id",
  idleDays: "days",
  level: CUSTOMER_LEVEL,
  status: CUSTOMER_STATUS,
  expiring: "flag",
  source: "text",
} as const;

describe("readDrill", () => {
  it("parses the spec's parameters and ignores the rest", () => {
    const p = new URLSearchParams("createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=3&level=a&status=potential&id=9&source=官网");
    expect(readDrill(p, SPEC)).toEqual({
      createdFrom: "2030-05-01",
      createdTo: "2030-05-31",
      ownerId: 3,
      level: "a",
      status: "potential",
      source: "官网",
    });
  });

  it("drops malformed values; null when nothing is left", () => {
    const p = new URLSearchParams("createdFrom=2030-02-30&ownerId=x&idleDays=-7&level=z&status=won&expiring=0&source=%20");
    expect(readDrill(p, SPEC)).toBeNull();
    expect(readDrill(new URLSearchParams("id=5"), SPEC)).toBeNull();
    expect(readDrill(new URLSearchParams("expiring=1&idleDays=30"), SPEC)).toEqual({ expiring: true, idleDays: 30 });
  });

  it("withoutDrill keeps the other parameters", () => {
    const p = new URLSearchParams("ownerId=3&id=9&level=a");
    expect(withoutDrill(p, SPEC).toString()).toBe("id=9");
    expect(p.toString()).toBe("ownerId=3&id=9&level=a");
  });

  it("undrill resets only the drilled fields", () => {
    type F = { ownerId: number | null; level: string | null; keyword: string | null; expiring: boolean; idleDays?: number | null };
    const empty: F = { ownerId: null, level: null, keyword: null, expiring: false };
    const f: F = { ownerId: 3, level: "a", keyword: "港", expiring: true };
    expect(undrill(f, { ownerId: 3, expiring: true }, empty)).toEqual({ ownerId: null, level: "a", keyword: "港", expiring: false });
    expect(undrill(f, null, empty)).toBe(f);
    // A field the empty filter does not name (optional) is left out again.
    expect(undrill<F>({ ...empty, idleDays: 30 }, { idleDays: 30 }, empty)).toEqual(empty);
  });
});

describe("describeDrill", () => {
  it("names the period, the owner and the other filters in words", () => {
    const name = (id: number) => (id === 3 ? "张三" : `#${id}`);
    const parts = describeDrill(
      t,
      { createdFrom: "2030-05-01", createdTo: "2030-05-31", ownerId: 3, level: "a", status: "deal" },
      SPEC,
      name,
    );
    expect(parts).toEqual(["2030-05-01 ~ 2030-05-31", "负责人:张三", "等级:A", "状态:成交"]);
    expect(describeDrill(t, { idleDays: 30, expiring: true }, SPEC, name)).toEqual(["超过 30 天未跟进", "即将回收"]);
    expect(describeDrill(t, { createdTo: "2030-05-31" }, SPEC, name)).toEqual(["… ~ 2030-05-31"]);
  });
});
