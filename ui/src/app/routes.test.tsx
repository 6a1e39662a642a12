import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage, userWith } from "../test/render";
import MainLayout from "./MainLayout";
import { ROUTES } from "./routes";

afterEach(() => clearMocks());

const EMPTY_PAGE = { items: [], total: 0, page: 1, pageSize: 50 };
const PAGED = new Set([
  "customer_list",
  "lead_list",
  "contact_list_all",
  "follow_up_recent",
  "follow_up_list",
  "opportunity_list",
  "quotation_list",
  "contract_list",
  "product_list",
  "user_list",
  "work_order_list",
  "marketing_activity_list",
]);
const LISTS = new Set([
  "pool_list",
  "role_list",
  "stage_list",
  "lead_sources",
  "user_options",
  "dept_tree",
  "category_tree",
  "permission_catalog",
  "opportunity_kanban",
  "number_rules",
  "receipts_pending",
  "invoice_requests_pending",
  "work_order_handlers",
]);
const COUNTS = {
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
};
const SERVICE_SETTINGS = {
  types: ["售后问题"],
  sla: {
    urgent: { responseMinutes: 60, resolveMinutes: 240 },
    normal: { responseMinutes: 480, resolveMinutes: 1440 },
    low: { responseMinutes: 1440, resolveMinutes: 4320 },
  },
  calendar: { enabled: false, weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: [], workdays: [], utcOffsetMinutes: 480 },
  lockVersion: 1,
};
const ZERO_AGING = { id: 0, name: "", notDue: "0.00", days130: "0.00", days3160: "0.00", days6190: "0.00", over90: "0.00", total: "0.00" };
const ZEROS = Array(12).fill("0.00");
/** The dashboard of an empty database. */
const EMPTY_DASHBOARD = {
  scope: "all",
  scopeOptions: ["own", "all"],
  from: "2030-05-01",
  to: "2030-05-31",
  prevFrom: "2030-04-01",
  prevTo: "2030-04-30",
  singleOwner: null,
  cards: [],
  funnel: [],
  monthly: { year: 2030, contracts: ZEROS, contractsLastYear: ZEROS, receipts: ZEROS, receiptsLastYear: ZEROS },
  target: { basis: "contracts", target: null, achieved: "0.00", completion: null },
  leadSources: [],
  customerMix: [],
  topReps: [],
  todo: COUNTS,
  seaSoon: [],
  seaSoonTotal: 0,
  forgotten: [],
};
const ZERO_TOTALS = { count: 0, totalAmount: "0.00", received: "0.00", outstanding: "0.00", invoiced: "0.00", uninvoiced: "0.00" };

/** An empty database: every list empty, nothing to do. */
function emptyBackend() {
  mockIPC((cmd) => {
    if (PAGED.has(cmd)) return EMPTY_PAGE;
    if (LISTS.has(cmd)) return [];
    if (cmd === "todo_counts") return COUNTS;
    if (cmd === "todo_board")
      return { counts: COUNTS, followUps: [], visits: [], expiring: [], plans: [], invoiceRequests: [], workOrders: [] };
    if (cmd === "service_board")
      return {
        byStatusPriority: [],
        open: 0,
        unassigned: 0,
        atRisk: 0,
        breached: 0,
        breachedToday: 0,
        resolvedToday: 0,
        unrated: 0,
        myQueue: [],
        myOpen: 0,
      };
    if (cmd === "service_settings_get") return SERVICE_SETTINGS;
    if (cmd === "receivable_aging") return { rows: [], totals: ZERO_AGING, asOf: "2030-01-01" };
    if (cmd === "contract_totals") return ZERO_TOTALS;
    if (cmd === "dashboard_get") return EMPTY_DASHBOARD;
    if (cmd === "dashboard_layout_get") return { order: [], hidden: [] };
    return null;
  });
}

const navEntries = () => [...document.querySelectorAll('[data-testid^="nav-"]')].map((e) => e.getAttribute("data-testid"));

describe("route table", () => {
  it("the sidebar lists exactly the table's modules, each a real page", () => {
    emptyBackend();
    renderPage(<MainLayout />, { route: "/todo" });
    expect(navEntries()).toEqual(ROUTES.map((r) => `nav-${r.path.slice(1)}`));
    // Modules without a page are not in the menu (no coming-soon screens).
    for (const later of ["payments", "invoices"]) expect(navEntries()).not.toContain(`nav-${later}`);
  });

  for (const r of ROUTES) {
    it(`opens ${r.path} as a real page`, async () => {
      emptyBackend();
      renderPage(<MainLayout />, { route: r.path });
      expect(await screen.findByTestId(r.testid, {}, { timeout: 10_000 })).toBeTruthy();
      expect(screen.queryByTestId("coming-soon")).toBeNull();
      expect(screen.queryByTestId("forbidden")).toBeNull();
    });
  }

  it("hides the entries a user may not open and guards their routes with a 403", async () => {
    emptyBackend();
    renderPage(<MainLayout />, { route: "/leads", user: userWith("customer:read") });
    expect(navEntries()).toEqual(["nav-dashboard", "nav-todo", "nav-customers", "nav-sea", "nav-settings"]);
    const forbidden = await screen.findByTestId("forbidden");
    expect(within(forbidden).getByText("您没有访问此页面的权限,请联系管理员。")).toBeTruthy();
    expect(screen.queryByTestId("leads-page")).toBeNull();
  });

  it("the dashboard comes first: / opens it after login, for every user", async () => {
    expect(ROUTES[0].path).toBe("/dashboard");
    expect(ROUTES[0].permission).toBeUndefined();
    emptyBackend();
    renderPage(<MainLayout />, { route: "/", user: userWith() });
    expect(await screen.findByTestId("dashboard-page")).toBeTruthy();
    expect(navEntries()[0]).toBe("nav-dashboard");
  });

  it("a permission of several (a|b) opens the page with any of them", async () => {
    emptyBackend();
    renderPage(<MainLayout />, { route: "/admin", user: userWith("dept:read") });
    expect(navEntries()).toContain("nav-admin");
    expect(await screen.findByTestId("admin-page")).toBeTruthy();
  });
});
