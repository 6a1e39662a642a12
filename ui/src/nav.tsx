import {
  AuditOutlined,
  BarChartOutlined,
  CustomerServiceOutlined,
  DollarOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FundOutlined,
  GlobalOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ProductOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
  AimOutlined,
  CheckSquareOutlined,
  ContactsOutlined,
} from "@ant-design/icons";
import type { ReactNode } from "react";

export type NavItem = { path: string; key: `nav.${string}`; icon: ReactNode; permission?: string };

/** Every module of the product, in sidebar order. */
export const NAV: NavItem[] = [
  { path: "/todo", key: "nav.todo", icon: <CheckSquareOutlined /> },
  { path: "/leads", key: "nav.leads", icon: <AimOutlined />, permission: "lead:read" },
  { path: "/customers", key: "nav.customers", icon: <TeamOutlined />, permission: "customer:read" },
  { path: "/sea", key: "nav.sea", icon: <GlobalOutlined />, permission: "customer:read" },
  { path: "/contacts", key: "nav.contacts", icon: <ContactsOutlined />, permission: "contact:read" },
  { path: "/follow-ups", key: "nav.followUps", icon: <PhoneOutlined />, permission: "follow_up:read" },
  { path: "/opportunities", key: "nav.opportunities", icon: <FundOutlined />, permission: "opportunity:read" },
  { path: "/quotations", key: "nav.quotations", icon: <FileTextOutlined />, permission: "quotation:read" },
  { path: "/contracts", key: "nav.contracts", icon: <FileDoneOutlined />, permission: "contract:read" },
  { path: "/payments", key: "nav.payments", icon: <DollarOutlined />, permission: "payment:read" },
  { path: "/invoices", key: "nav.invoices", icon: <AuditOutlined />, permission: "invoice:read" },
  { path: "/marketing", key: "nav.marketing", icon: <NotificationOutlined />, permission: "marketing:read" },
  { path: "/service", key: "nav.service", icon: <CustomerServiceOutlined />, permission: "service:read" },
  { path: "/products", key: "nav.products", icon: <ProductOutlined />, permission: "product:read" },
  { path: "/reports", key: "nav.reports", icon: <BarChartOutlined />, permission: "report:read" },
  { path: "/admin", key: "nav.admin", icon: <UserOutlined />, permission: "user:read|dept:read|role:read" },
  { path: "/settings", key: "nav.settings", icon: <SettingOutlined /> },
];

/** Does the user hold `wanted` (or any of `a|b|c`)? Mirrors the Rust check; the backend enforces it. */
export function can(perms: readonly string[], wanted?: string): boolean {
  if (!wanted) return true;
  if (wanted.includes("|")) return wanted.split("|").some((w) => can(perms, w));
  if (perms.includes("*") || perms.includes(wanted)) return true;
  const [module] = wanted.split(":");
  return perms.includes(`${module}:*`);
}
