import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { renderPage } from "../../test/render";
import Dashboard from "./Dashboard";
import { BLOCKS } from "./layout";

vi.mock("../../components/charts/EChart", () => ({ default: () => <div data-testid="echart" /> }));

afterEach(() => clearMocks());

const ZEROS = Array(12).fill("0.00");
const DASH = {
  scope: "all",
  scopeOptions: ["own", "all"],
  from: "2030-05-01",
  to: "2030-05-31",
  prevFrom: "2030-04-01",
  prevTo: "2030-04-30",
  singleOwner: null,
  cards: ["leads", "customers", "opportunities", "contracts", "receipts", "followUps"].map((key) => ({
    key,
    count: 1,
    amount: null,
    prevCount: 1,
    prevAmount: null,
    changePct: "0.00",
  })),
  funnel: [],
  monthly: { year: 2030, contracts: ZEROS, contractsLastYear: ZEROS, receipts: ZEROS, receiptsLastYear: ZEROS },
  target: { basis: "contracts", target: "100.00", achieved: "50.00", completion: "50.00" },
  leadSources: [],
  customerMix: [],
  topReps: [],
  todo: {
    followUps: 0,
    overdue: 0,
    visits: 0,
    returnVisits: 0,
    expiring: 0,
    plansDue: 0,
    plansOverdue: 0,
    invoiceRequests: 0,
    receiptsToConfirm: 0,
    service: { assignedNew: 0, atRisk: 0, breached: 0, unrated: 0, total: 0 },
    total: 0,
  },
  seaSoon: [],
  seaSoonTotal: 0,
  forgotten: [],
};

describe("Dashboard layout editor", { timeout: 60_000 }, () => {
  it("lists every block; a switch hides one, the arrows move one, saving sends that layout and the page follows it", async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "dashboard_get") return DASH;
      if (cmd === "dashboard_layout_get") return { order: [...BLOCKS], hidden: ["todo"] };
      if (cmd === "dashboard_layout_set") {
        const l = (args as { layout: unknown }).layout;
        sent.push(l);
        return l;
      }
      return null;
    });
    renderPage(<Dashboard />, { route: "/dashboard" });
    await screen.findByTestId("dash-card-leads");
    expect(screen.queryByTestId("dash-block-todo")).toBeNull();

    await userEvent.click(screen.getByTestId("dash-customize"));
    const list = await screen.findByTestId("dash-layout-list");
    const rows = [...list.querySelectorAll('[data-testid^="dash-layout-row-"]')].map((r) =>
      r.getAttribute("data-testid")!.slice("dash-layout-row-".length),
    );
    expect(rows).toEqual([...BLOCKS]);
    expect(within(list).getByText("销售漏斗")).toBeTruthy();
    // The saved hidden block starts switched off; the first block cannot move up, the last not down.
    expect(screen.getByTestId("dash-layout-switch-todo").getAttribute("aria-checked")).toBe("false");
    expect((screen.getByTestId("dash-layout-up-leads") as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByTestId("dash-layout-down-forgotten") as HTMLButtonElement).disabled).toBe(true);

    await userEvent.click(screen.getByTestId("dash-layout-switch-leads"));
    await userEvent.click(screen.getByTestId("dash-layout-switch-todo"));
    await userEvent.click(screen.getByTestId("dash-layout-up-topReps"));
    await userEvent.click(screen.getByTestId("dash-layout-up-topReps"));
    await userEvent.click(screen.getByTestId("dash-layout-down-leads"));
    await userEvent.click(document.getElementById("dash-layout-save")!);

    await waitFor(() => expect(sent).toHaveLength(1));
    const order = [...BLOCKS] as string[];
    // topReps two places up (past customerMix and leadSources), leads one down.
    order.splice(order.indexOf("topReps"), 1);
    order.splice(order.indexOf("leadSources"), 0, "topReps");
    order.splice(0, 2, "customers", "leads");
    expect(sent[0]).toEqual({ order, hidden: ["leads"] });

    // Saved: the editor closes and the page shows the new layout without asking again.
    await waitFor(() => expect(screen.queryByTestId("dash-layout-list")).toBeNull());
    expect(screen.queryByTestId("dash-card-leads")).toBeNull();
    expect(screen.getByTestId("dash-block-todo")).toBeTruthy();
    const blocks = [...document.querySelectorAll('[data-testid^="dash-block-"]')].map((e) => e.getAttribute("data-testid"));
    expect(blocks.indexOf("dash-block-topReps")).toBeLessThan(blocks.indexOf("dash-block-leadSources"));
  });

  it("restore default shows every block in the default order; cancel sends nothing", async () => {
    const sent: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "dashboard_get") return DASH;
      if (cmd === "dashboard_layout_get") return { order: ["forgotten", ...BLOCKS.filter((b) => b !== "forgotten")], hidden: ["leads"] };
      if (cmd === "dashboard_layout_set") {
        sent.push((args as { layout: unknown }).layout);
        return (args as { layout: unknown }).layout;
      }
      return null;
    });
    renderPage(<Dashboard />, { route: "/dashboard" });
    await screen.findByTestId("dash-card-customers");
    await userEvent.click(screen.getByTestId("dash-customize"));
    await userEvent.click(document.getElementById("dash-layout-reset")!);
    await userEvent.click(document.getElementById("dash-layout-save")!);
    await waitFor(() => expect(sent).toEqual([{ order: [...BLOCKS], hidden: [] }]));

    await userEvent.click(screen.getByTestId("dash-customize"));
    await userEvent.click(screen.getByTestId("dash-layout-switch-funnel"));
    await userEvent.click(screen.getByRole("button", { name: /取\s*消/ }));
    await waitFor(() => expect(screen.queryByTestId("dash-layout-list")).toBeNull());
    expect(sent).toHaveLength(1);
  });
});
