import { describe, expect, it } from "vitest";
import { actionsWidth, textWidth } from "./actionsWidth";

describe("actionsWidth", () => {
  it("counts CJK characters as wide and Latin ones as narrow", () => {
    expect(textWidth("删除")).toBe(28);
    expect(textWidth("Delete")).toBe(48);
  });

  it("grows with the translated labels, so English gets more room than Chinese", () => {
    const zh = actionsWidth(["新建工单", "编辑", "删除"]);
    const en = actionsWidth(["New work order", "Edit", "Delete"]);
    expect(en).toBeGreaterThan(zh);
    expect(en).toBeGreaterThanOrEqual(220); // what "New work order · Edit · Delete" takes in a browser
  });

  it("skips the buttons a user does not get, counts icon buttons, and keeps a minimum", () => {
    expect(actionsWidth(["Edit", false, null])).toBe(actionsWidth(["Edit"]));
    expect(actionsWidth(["Edit"], { icons: 1 })).toBe(actionsWidth(["Edit"]) + 28);
    expect(actionsWidth([], { min: 90 })).toBe(90);
  });
});
