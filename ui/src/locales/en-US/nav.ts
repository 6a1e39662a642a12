// The sidebar. Same keys as ../zh-CN/nav.ts (a missing or extra key fails tsc).
import type zh from "../zh-CN/nav";

export default {
  "nav.dashboard": "Dashboard",
  "nav.leads": "Leads",
  "nav.customers": "Customers",
  "nav.sea": "Public sea",
  "nav.contacts": "Contacts",
  "nav.followUps": "Follow-ups",
  "nav.opportunities": "Opportunities",
  "nav.quotations": "Quotations",
  "nav.contracts": "Contracts",
  "nav.products": "Products",
  "nav.admin": "Administration",
  "nav.settings": "Settings",
  "nav.finance": "Finance desk",
  "nav.todo": "To-do",
  "nav.aging": "Receivables aging",
  "nav.reports": "Reports",
  "nav.service": "Service desk",
  "nav.marketing": "Marketing",
} satisfies Record<keyof typeof zh, string>;
