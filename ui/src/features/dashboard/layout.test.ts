import { describe, expect, it } from "vitest";
import { BLOCKS, DEFAULT_LAYOUT, move, normalize, sections, toggle, visibleBlocks } from "./layout";

describe("dashboard layout", () => {
  it("normalize names every block once: unknown ones dropped, missing ones appended in the default order", () => {
    const l = normalize({ order: ["funnel", "bogus", "leads", "funnel"], hidden: ["todo", "todo", "nope"] });
    expect(l.order.slice(0, 2)).toEqual(["funnel", "leads"]);
    expect(l.order).toHaveLength(BLOCKS.length);
    expect(new Set(l.order).size).toBe(BLOCKS.length);
    expect(l.order.slice(2)).toEqual(BLOCKS.filter((b) => b !== "funnel" && b !== "leads"));
    expect(l.hidden).toEqual(["todo"]);
    expect(normalize(null)).toEqual(DEFAULT_LAYOUT);
    expect(normalize({ order: [], hidden: [] })).toEqual(DEFAULT_LAYOUT);
  });

  it("move swaps with the neighbour; nothing moves past either end", () => {
    const l = { order: ["a", "b", "c"], hidden: [] };
    expect(move(l, "b", -1).order).toEqual(["b", "a", "c"]);
    expect(move(l, "b", 1).order).toEqual(["a", "c", "b"]);
    expect(move(l, "a", -1)).toBe(l);
    expect(move(l, "c", 1)).toBe(l);
    expect(move(l, "zzz", 1)).toBe(l);
    // The input is not changed.
    expect(l.order).toEqual(["a", "b", "c"]);
  });

  it("toggle hides and shows a block, once", () => {
    const l = { order: ["a", "b"], hidden: ["a"] };
    expect(toggle(l, "b", false).hidden).toEqual(["a", "b"]);
    expect(toggle(l, "a", true).hidden).toEqual([]);
    expect(toggle(toggle(l, "a", false), "a", false).hidden).toEqual(["a"]);
  });

  it("visibleBlocks follows the order and leaves hidden blocks out", () => {
    const order = ["topReps", "leads", ...BLOCKS.filter((b) => b !== "topReps" && b !== "leads")];
    const v = visibleBlocks({ order, hidden: ["leads", "forgotten"] });
    expect(v[0]).toBe("topReps");
    expect(v).not.toContain("leads");
    expect(v).not.toContain("forgotten");
    expect(v).toHaveLength(BLOCKS.length - 2);
    expect(visibleBlocks(null)).toEqual([...BLOCKS]);
  });

  it("sections group consecutive cards, and consecutive other blocks", () => {
    expect(sections(["leads", "customers", "funnel", "contracts", "monthly", "todo"])).toEqual([
      { kind: "cards", cards: ["leads", "customers"] },
      { kind: "blocks", blocks: ["funnel"] },
      { kind: "cards", cards: ["contracts"] },
      { kind: "blocks", blocks: ["monthly", "todo"] },
    ]);
    expect(sections([])).toEqual([]);
  });
});
