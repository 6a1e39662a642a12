// The one route table: it generates the sidebar menu and the <Route>s, and each route's
// permission guards both (a missing permission hides the entry and shows a 403 page).
// Only modules with a real page are listed: a module arrives here with its page.
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
import type { ReactNode } from "react";
import Admin from "../features/admin/Admin";
import Contacts from "../features/contacts/Contacts";
import Contracts from "../features/contracts/Contracts";
import Customers from "../features/customers/Customers";
import Sea from "../features/customers/Sea";
import Dashboard from "../features/dashboard/Dashboard";
import FollowUps from "../features/followUps/FollowUps";
import Leads from "../features/leads/Leads";
import Marketing from "../features/marketing/Marketing";
import Opportunities from "../features/opportunities/Opportunities";
import Products from "../features/products/Products";
import Aging from "../features/receivables/Aging";
import FinanceDesk from "../features/receivables/FinanceDesk";
import Quotations from "../features/quotations/Quotations";
import Reports from "../features/reports/Reports";
import Service from "../features/service/Service";
import Settings from "../features/settings/Settings";
import Todo from "../features/todo/Todo";
import type { MessageKey } from "../i18n";

export type AppRoute = {
  /** The route and the menu key; the menu entry's data-testid is `nav-<path without />`. */
  path: `/${string}`;
  label: MessageKey;
  icon: ReactNode;
  /** Needed to see the entry and open the page (`a|b`: any of them); none: everyone. */
  permission?: string;
  element: ReactNode;
  /** The data-testid the page renders when it is open (tests check a real page opened). */
  testid: string;
};

/** Every module of the product, in sidebar order. */
export const ROUTES: readonly AppRoute[] = [
  // First: "/" opens it after login. Everyone has one (figures limited to their own scope).
  { path: "/dashboard", label: "nav.dashboard", icon: <DashboardOutlined />, element: <Dashboard />, testid: "dashboard-page" },
  { path: "/todo", label: "nav.todo", icon: <CheckSquareOutlined />, element: <Todo />, testid: "todo-page" },
  { path: "/leads", label: "nav.leads", icon: <AimOutlined />, permission: "lead:read", element: <Leads />, testid: "leads-page" },
  {
    path: "/customers",
    label: "nav.customers",
    icon: <TeamOutlined />,
    permission: "customer:read",
    element: <Customers />,
    testid: "customers-page",
  },
  { path: "/sea", label: "nav.sea", icon: <GlobalOutlined />, permission: "customer:read", element: <Sea />, testid: "sea-page" },
  {
    path: "/contacts",
    label: "nav.contacts",
    icon: <ContactsOutlined />,
    permission: "contact:read",
    element: <Contacts />,
    testid: "contacts-page",
  },
  {
    path: "/follow-ups",
    label: "nav.followUps",
    icon: <PhoneOutlined />,
    permission: "follow_up:read",
    element: <FollowUps />,
    testid: "follow-ups-page",
  },
  {
    path: "/opportunities",
    label: "nav.opportunities",
    icon: <FundOutlined />,
    permission: "opportunity:read",
    element: <Opportunities />,
    testid: "opportunities-page",
  },
  {
    path: "/quotations",
    label: "nav.quotations",
    icon: <FileTextOutlined />,
    permission: "quotation:read",
    element: <Quotations />,
    testid: "quotations-page",
  },
  {
    path: "/contracts",
    label: "nav.contracts",
    icon: <FileDoneOutlined />,
    permission: "contract:read",
    element: <Contracts />,
    testid: "contracts-page",
  },
  {
    path: "/finance",
    label: "nav.finance",
    icon: <AccountBookOutlined />,
    // Finance's to-do: receipts to confirm, invoice requests to issue.
    permission: "payment:confirm|invoice:create",
    element: <FinanceDesk />,
    testid: "finance-page",
  },
  {
    path: "/aging",
    label: "nav.aging",
    icon: <FieldTimeOutlined />,
    // Unpaid plan amounts by how late they are, in the user's scope (sales see their own customers).
    permission: "payment:read",
    element: <Aging />,
    testid: "aging-page",
  },
  {
    path: "/service",
    label: "nav.service",
    icon: <CustomerServiceOutlined />,
    // The service desk: work orders, the service board and the handler report (sales open orders for their customers).
    permission: "service:read",
    element: <Service />,
    testid: "service-page",
  },
  {
    path: "/marketing",
    label: "nav.marketing",
    icon: <NotificationOutlined />,
    // Activities and their ROI, SMS templates, customer segments and tags (changes need marketing:create / update / delete).
    permission: "marketing:read",
    element: <Marketing />,
    testid: "marketing-page",
  },
  {
    path: "/products",
    label: "nav.products",
    icon: <ProductOutlined />,
    permission: "product:read",
    element: <Products />,
    testid: "products-page",
  },
  {
    path: "/reports",
    label: "nav.reports",
    icon: <BarChartOutlined />,
    // The seven reports and the sales targets (editing targets needs report:target).
    permission: "report:read",
    element: <Reports />,
    testid: "reports-page",
  },
  {
    path: "/admin",
    label: "nav.admin",
    icon: <UserOutlined />,
    permission: "user:read|dept:read|role:read",
    element: <Admin />,
    testid: "admin-page",
  },
  { path: "/settings", label: "nav.settings", icon: <SettingOutlined />, element: <Settings />, testid: "settings-page" },
];
