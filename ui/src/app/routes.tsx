// The one route table: it generates the sidebar menu and the <Route>s, and each route's
// permission guards both (a missing permission hides the entry and shows a 403 page).
// Only modules with a real page are listed: a module arrives here with its page.
//
// Each page is its own chunk, loaded on its first visit (React.lazy): the login screen
// needs none of them, so the first screen parses only what it shows. Once signed in,
// prefetchPages() fetches the rest in the background, so moving between pages stays instant.
import {
  AccountBookOutlined,
  AimOutlined,
  BarChartOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
  CustomerServiceOutlined,
  DashboardOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FieldTimeOutlined,
  FundOutlined,
  GlobalOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ProductOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from "react";
import type { MessageKey } from "../i18n";

type PageModule = { default: ComponentType };
type PageLoader = () => Promise<PageModule>;

const loaders = {
  "/dashboard": () => import("../features/dashboard/Dashboard"),
  "/todo": () => import("../features/todo/Todo"),
  "/leads": () => import("../features/leads/Leads"),
  "/customers": () => import("../features/customers/Customers"),
  "/sea": () => import("../features/customers/Sea"),
  "/contacts": () => import("../features/contacts/Contacts"),
  "/follow-ups": () => import("../features/followUps/FollowUps"),
  "/opportunities": () => import("../features/opportunities/Opportunities"),
  "/quotations": () => import("../features/quotations/Quotations"),
  "/contracts": () => import("../features/contracts/Contracts"),
  "/finance": () => import("../features/receivables/FinanceDesk"),
  "/aging": () => import("../features/receivables/Aging"),
  "/service": () => import("../features/service/Service"),
  "/marketing": () => import("../features/marketing/Marketing"),
  "/products": () => import("../features/products/Products"),
  "/reports": () => import("../features/reports/Reports"),
  "/admin": () => import("../features/admin/Admin"),
  "/settings": () => import("../features/settings/Settings"),
} satisfies Record<`/${string}`, PageLoader>;

/** A route with a page. */
export type PagePath = keyof typeof loaders;

/**
 * Every page's import, by route: the one place a page module is named. Both the route's
 * lazy component and prefetchPages() call these (looked up at call time: tests spy on them).
 */
export const pageLoaders: Record<PagePath, PageLoader> = loaders;

/** The pages fetched so far (by their first visit or the prefetch). */
const loaded = new Map<PagePath, PageModule>();

function loadPage(path: PagePath): Promise<PageModule> {
  return pageLoaders[path]().then((m) => {
    loaded.set(path, m);
    return m;
  });
}

/**
 * The page at `path` as a lazy component. A page the prefetch already fetched is handed
 * over through a thenable that answers at once: React then renders it in the same pass,
 * without suspending (no spinner flashing for a page that is already here).
 */
function lazyPage(path: PagePath): LazyExoticComponent<ComponentType> {
  return lazy(() => {
    const m = loaded.get(path);
    return m ? ({ then: (ok: (m: PageModule) => void) => ok(m) } as unknown as Promise<PageModule>) : loadPage(path);
  });
}

/** How long after sign-in the prefetch starts (the first page gets the machine to itself first). */
export const PREFETCH_DELAY_MS = 300;

/**
 * Fetches every page not fetched yet, one after another while the app is idle (a page's
 * chunk is parsed on the UI thread: all at once would stall the first page). Returns a
 * cancel function (for an effect's cleanup: sign-out, or StrictMode's second mount).
 */
export function prefetchPages(): () => void {
  const pending = (Object.keys(pageLoaders) as PagePath[]).filter((p) => !loaded.has(p));
  let cancelled = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = (next: () => void) => {
    // WebKit (the macOS and Linux web views) has no requestIdleCallback: a short timeout there.
    if (typeof window.requestIdleCallback === "function") window.requestIdleCallback(next, { timeout: 2000 });
    else timer = setTimeout(next, 50);
  };
  const next = () => {
    const path = pending.shift();
    if (cancelled || !path) return;
    if (loaded.has(path)) return next();
    // A page that fails to load here is simply loaded again on its first visit.
    loadPage(path)
      .catch(() => {})
      .finally(() => idle(next));
  };
  timer = setTimeout(() => idle(next), PREFETCH_DELAY_MS);
  return () => {
    cancelled = true;
    clearTimeout(timer);
  };
}

export type AppRoute = {
  /** The route and the menu key; the menu entry's data-testid is `nav-<path without />`. */
  path: PagePath;
  label: MessageKey;
  icon: ReactNode;
  /** Needed to see the entry and open the page (`a|b`: any of them); none: everyone. */
  permission?: string;
  /** The page (lazy: its chunk loads on the first visit, or earlier by prefetchPages()). */
  element: ReactNode;
  /** The data-testid the page renders when it is open (tests check a real page opened). */
  testid: string;
};

/** Every module of the product, in sidebar order. */
const TABLE = [
  // First: "/" opens it after login. Everyone has one (figures limited to their own scope).
  { path: "/dashboard", label: "nav.dashboard", icon: <DashboardOutlined />, testid: "dashboard-page" },
  { path: "/todo", label: "nav.todo", icon: <CheckSquareOutlined />, testid: "todo-page" },
  { path: "/leads", label: "nav.leads", icon: <AimOutlined />, permission: "lead:read", testid: "leads-page" },
  {
    path: "/customers",
    label: "nav.customers",
    icon: <TeamOutlined />,
    permission: "customer:read",
    testid: "customers-page",
  },
  { path: "/sea", label: "nav.sea", icon: <GlobalOutlined />, permission: "customer:read", testid: "sea-page" },
  {
    path: "/contacts",
    label: "nav.contacts",
    icon: <ContactsOutlined />,
    permission: "contact:read",
    testid: "contacts-page",
  },
  {
    path: "/follow-ups",
    label: "nav.followUps",
    icon: <PhoneOutlined />,
    permission: "follow_up:read",
    testid: "follow-ups-page",
  },
  {
    path: "/opportunities",
    label: "nav.opportunities",
    icon: <FundOutlined />,
    permission: "opportunity:read",
    testid: "opportunities-page",
  },
  {
    path: "/quotations",
    label: "nav.quotations",
    icon: <FileTextOutlined />,
    permission: "quotation:read",
    testid: "quotations-page",
  },
  {
    path: "/contracts",
    label: "nav.contracts",
    icon: <FileDoneOutlined />,
    permission: "contract:read",
    testid: "contracts-page",
  },
  {
    path: "/finance",
    label: "nav.finance",
    icon: <AccountBookOutlined />,
    // Finance's to-do: receipts to confirm, invoice requests to issue.
    permission: "payment:confirm|invoice:create",
    testid: "finance-page",
  },
  {
    path: "/aging",
    label: "nav.aging",
    icon: <FieldTimeOutlined />,
    // Unpaid plan amounts by how late they are, in the user's scope (sales see their own customers).
    permission: "payment:read",
    testid: "aging-page",
  },
  {
    path: "/service",
    label: "nav.service",
    icon: <CustomerServiceOutlined />,
    // The service desk: work orders, the service board and the handler report (sales open orders for their customers).
    permission: "service:read",
    testid: "service-page",
  },
  {
    path: "/marketing",
    label: "nav.marketing",
    icon: <NotificationOutlined />,
    // Activities and their ROI, SMS templates, customer segments and tags (changes need marketing:create / update / delete).
    permission: "marketing:read",
    testid: "marketing-page",
  },
  {
    path: "/products",
    label: "nav.products",
    icon: <ProductOutlined />,
    permission: "product:read",
    testid: "products-page",
  },
  {
    path: "/reports",
    label: "nav.reports",
    icon: <BarChartOutlined />,
    // The seven reports and the sales targets (editing targets needs report:target).
    permission: "report:read",
    testid: "reports-page",
  },
  {
    path: "/admin",
    label: "nav.admin",
    icon: <UserOutlined />,
    permission: "user:read|dept:read|role:read",
    testid: "admin-page",
  },
  { path: "/settings", label: "nav.settings", icon: <SettingOutlined />, testid: "settings-page" },
] satisfies Omit<AppRoute, "element">[];

export const ROUTES: readonly AppRoute[] = TABLE.map((r) => {
  const Page = lazyPage(r.path);
  return { ...r, element: <Page /> };
});
