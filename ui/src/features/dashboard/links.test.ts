import { describe, expect, it } from "vitest";
import { cardLink, links, withQuery } from "./links";

const ALL = { from: "2030-05-01", to: "2030-05-31", singleOwner: null };
const ONE = { ...ALL, singleOwner: 7 };

describe("dashboard links", () => {
  it("cards open their list filtered by the period", () => {
    expect(cardLink("leads", ALL)).toBe("/leads?createdFrom=2030-05-01&createdTo=2030-05-31");
    expect(cardLink("customers", ALL)).toBe("/customers?createdFrom=2030-05-01&createdTo=2030-05-31");
    expect(cardLink("opportunities", ALL)).toBe("/opportunities?createdFrom=2030-05-01&createdTo=2030-05-31");
    expect(cardLink("contracts", ALL)).toBe("/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31");
    expect(cardLink("followUps", ALL)).toBe("/follow-ups?from=2030-05-01&to=2030-05-31");
    expect(cardLink("receipts", ALL)).toBe("/finance");
  });

  it("add the one user the figures are about", () => {
    expect(cardLink("leads", ONE)).toBe("/leads?createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=7");
    expect(cardLink("customers", ONE)).toBe("/customers?createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=7");
    expect(cardLink("opportunities", ONE)).toBe("/opportunities?createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=7");
    expect(cardLink("contracts", ONE)).toBe("/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31&createdBy=7");
    expect(cardLink("followUps", ONE)).toBe("/follow-ups?from=2030-05-01&to=2030-05-31&createdBy=7");
    expect(cardLink("receipts", ONE)).toBe("/finance");
  });

  it("chart segments open the matching slice", () => {
    expect(links.leads(ALL, "展会")).toBe(`/leads?source=${encodeURIComponent("展会")}&createdFrom=2030-05-01&createdTo=2030-05-31`);
    expect(links.leads(ONE, null)).toBe("/leads?createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=7");
    expect(links.customerMix(ALL, "a", "potential")).toBe("/customers?level=a&status=potential");
    expect(links.customerMix(ONE, null, "deal")).toBe("/customers?status=deal&ownerId=7");
    expect(links.funnelStage(ALL, "需求确认")).toBe(`/opportunities?stage=${encodeURIComponent("需求确认")}&status=in_progress`);
    expect(links.contracts(ALL, 12)).toBe("/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31&createdBy=12");
    // A rep's bar names that rep even when the dashboard is about someone else's team.
    expect(links.contracts(ONE, 12)).toContain("createdBy=12");
  });

  it("lists: the sea's warning list, forgotten customers and the to-do", () => {
    expect(links.expiring(ALL)).toBe("/customers?expiring=1");
    expect(links.expiring(ONE)).toBe("/customers?expiring=1&ownerId=7");
    expect(links.forgotten(ALL, 30)).toBe("/customers?idleDays=30");
    expect(links.todo()).toBe("/todo");
  });

  it("withQuery leaves empty values out", () => {
    expect(withQuery("/x", { a: null, b: undefined, c: "", d: false, e: 0 })).toBe("/x?e=0");
    expect(withQuery("/x", {})).toBe("/x");
  });
});
