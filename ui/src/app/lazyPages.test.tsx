// The first screen loads no page: every page is a lazy chunk (./routes), fetched on its first
// visit or by the prefetch that starts once signed in. The page modules are stand-ins here,
// each noting when it is evaluated, so a static import of a page anywhere on the login path
// shows up. The tests run in order: which pages are loaded is module state (as in the app).
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { act, fireEvent, render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App as AntApp } from "antd";
import { isValidElement } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import App from "../App";
import type { AppInfo } from "../api/types/AppInfo";
import { I18nProvider } from "../i18n";
import { ADMIN } from "../test/render";
import { pageLoaders, prefetchPages, PREFETCH_DELAY_MS, ROUTES, type PagePath } from "./routes";

const pages = vi.hoisted(() => {
  const evaluated: string[] = [];
  const stub = (testid: string) => {
    evaluated.push(testid);
    return { default: () => <div data-testid={testid} /> };
  };
  return { evaluated, stub };
});
vi.mock("../features/dashboard/Dashboard", () => pages.stub("dashboard-page"));
vi.mock("../features/todo/Todo", () => pages.stub("todo-page"));
vi.mock("../features/leads/Leads", () => pages.stub("leads-page"));
vi.mock("../features/customers/Customers", () => pages.stub("customers-page"));
vi.mock("../features/customers/Sea", () => pages.stub("sea-page"));
vi.mock("../features/contacts/Contacts", () => pages.stub("contacts-page"));
vi.mock("../features/followUps/FollowUps", () => pages.stub("follow-ups-page"));
vi.mock("../features/opportunities/Opportunities", () => pages.stub("opportunities-page"));
vi.mock("../features/quotations/Quotations", () => pages.stub("quotations-page"));
vi.mock("../features/contracts/Contracts", () => pages.stub("contracts-page"));
vi.mock("../features/receivables/FinanceDesk", () => pages.stub("finance-page"));
vi.mock("../features/receivables/Aging", () => pages.stub("aging-page"));
vi.mock("../features/service/Service", () => pages.stub("service-page"));
vi.mock("../features/marketing/Marketing", () => pages.stub("marketing-page"));
vi.mock("../features/products/Products", () => pages.stub("products-page"));
vi.mock("../features/reports/Reports", () => pages.stub("reports-page"));
vi.mock("../features/admin/Admin", () => pages.stub("admin-page"));
vi.mock("../features/settings/Settings", () => pages.stub("settings-page"));

const PATHS = Object.keys(pageLoaders) as PagePath[];
/** Which pages' loaders were called, in call order (the loaders themselves still run). */
let loads: PagePath[] = [];

beforeEach(() => {
  loads = [];
  for (const p of PATHS) {
    const load = pageLoaders[p];
    vi.spyOn(pageLoaders, p).mockImplementation(() => {
      loads.push(p);
      return load();
    });
  }
  window.location.hash = "";
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
  clearMocks();
});

const INFO: AppInfo = {
  version: "1.0.0",
  needsProfile: false,
  profile: null,
  database: "/data/crm-desk.db",
  needsSetup: false,
  lastUsername: "admin",
  user: null,
  shared: false,
  remembered: false,
};

function backend() {
  mockIPC((cmd) => {
    if (cmd === "app_info") return INFO;
    if (cmd === "login") return ADMIN;
    return null;
  });
}

function renderApp() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  render(
    <QueryClientProvider client={qc}>
      <I18nProvider initial="zh-CN">
        <AntApp>
          <App />
        </AntApp>
      </I18nProvider>
    </QueryClientProvider>,
  );
}

describe("pages load lazily", () => {
  it("every route's page is a lazy component, its loader in the one loader table", () => {
    expect([...PATHS].sort()).toEqual(ROUTES.map((r) => r.path).sort());
    for (const r of ROUTES) {
      expect(isValidElement(r.element)).toBe(true);
      const type = (r.element as { type: { $$typeof?: symbol } }).type;
      expect(type.$$typeof, r.path).toBe(Symbol.for("react.lazy"));
    }
    // Importing the route table evaluated no page.
    expect(pages.evaluated).toEqual([]);
  });

  it("a prefetch cancelled before it starts loads nothing", async () => {
    vi.useFakeTimers();
    const cancel = prefetchPages();
    cancel();
    await vi.advanceTimersByTimeAsync(PREFETCH_DELAY_MS * 10);
    expect(loads).toEqual([]);
  });

  it("the login screen loads no page, not even after the prefetch delay", async () => {
    backend();
    renderApp();
    expect(await screen.findByTestId("login-card")).toBeTruthy();
    await act(() => new Promise((r) => setTimeout(r, PREFETCH_DELAY_MS * 3)));
    expect(loads).toEqual([]);
    expect(pages.evaluated).toEqual([]);
  });

  it("after login the first page opens, then every other page is fetched in the background", async () => {
    backend();
    renderApp();
    expect(await screen.findByTestId("login-card")).toBeTruthy();
    await userEvent.type(document.getElementById("login-password")!, "Adm1n-pass");
    await userEvent.click(document.getElementById("login-submit")!);
    expect(await screen.findByTestId("dashboard-page")).toBeTruthy();
    expect(loads[0]).toBe("/dashboard");
    await waitFor(() => expect(new Set(loads)).toEqual(new Set(PATHS)));
    expect(new Set(pages.evaluated)).toEqual(new Set(ROUTES.map((r) => r.testid)));

    // A prefetched page opens in the same render: no loading spinner, no second load.
    loads = [];
    fireEvent.click(screen.getByTestId("nav-todo"));
    expect(screen.getByTestId("todo-page")).toBeTruthy();
    expect(screen.queryByTestId("page-loading")).toBeNull();
    expect(loads).toEqual([]);
  });
});
