import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";
import type { ErrorCode } from "./api/types/ErrorCode";

export type Lang = "zh-CN" | "en-US";

const zh = {
  appName: "CRM Desk",
  "setup.title": "欢迎使用 CRM Desk",
  "setup.subtitle": "首次运行:创建系统管理员账号",
  "setup.company": "公司名称",
  "setup.username": "管理员账号",
  "setup.fullName": "姓名",
  "setup.password": "密码",
  "setup.passwordConfirm": "确认密码",
  "setup.passwordHint": "至少 8 位,包含字母、数字、符号中的两类",
  "setup.submit": "创建管理员并进入",
  "setup.mismatch": "两次输入的密码不一致",
  "login.title": "登录 CRM Desk",
  "login.username": "登录账号",
  "login.password": "密码",
  "login.submit": "登录",
  "login.database": "数据库",
  "common.required": "请填写{label}",
  "common.logout": "退出登录",
  "common.search": "搜索",
  "common.reset": "重置",
  "common.total": "共 {n} 条",
  "common.retry": "重试",
  "common.comingSoon": "该模块将在后续版本中提供",
  "common.comingSoonDesc": "“{name}”正在开发中,数据已在数据库中保存,界面将在后续版本上线。",
  "nav.leads": "线索",
  "nav.customers": "客户",
  "nav.sea": "公海",
  "nav.contacts": "联系人",
  "nav.followUps": "跟进记录",
  "nav.opportunities": "商机",
  "nav.quotations": "报价单",
  "nav.contracts": "合同",
  "nav.payments": "回款",
  "nav.invoices": "发票",
  "nav.marketing": "市场营销",
  "nav.service": "客户服务",
  "nav.products": "产品",
  "nav.reports": "报表",
  "nav.admin": "系统管理",
  "nav.settings": "设置",
  "customer.name": "客户名称",
  "customer.type": "类型",
  "customer.status": "状态",
  "customer.level": "等级",
  "customer.owner": "负责人",
  "customer.industry": "行业",
  "customer.updatedAt": "更新时间",
  "customer.keyword": "客户名称关键字",
  "customer.empty": "还没有客户",
  "customer.type.personal": "个人",
  "customer.type.enterprise": "企业",
  "customer.status.potential": "潜在",
  "customer.status.deal": "成交",
  "customer.status.lost": "流失",
  "error.VALIDATION": "输入有误",
  "error.NOT_FOUND": "记录不存在或无权访问",
  "error.CONFLICT": "数据冲突",
  "error.FORBIDDEN": "没有权限",
  "error.UNAUTHENTICATED": "登录已失效,请重新登录",
  "error.DB_UNAVAILABLE": "数据库不可用",
  "error.INTERNAL": "系统内部错误",
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appName: "CRM Desk",
  "setup.title": "Welcome to CRM Desk",
  "setup.subtitle": "First run: create the administrator account",
  "setup.company": "Company name",
  "setup.username": "Administrator username",
  "setup.fullName": "Full name",
  "setup.password": "Password",
  "setup.passwordConfirm": "Confirm password",
  "setup.passwordHint": "8+ characters mixing two of letters, digits, symbols",
  "setup.submit": "Create administrator and continue",
  "setup.mismatch": "The two passwords differ",
  "login.title": "Log in to CRM Desk",
  "login.username": "Username",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.database": "Database",
  "common.required": "Enter {label}",
  "common.logout": "Log out",
  "common.search": "Search",
  "common.reset": "Reset",
  "common.total": "{n} in total",
  "common.retry": "Retry",
  "common.comingSoon": "Coming in a later release",
  "common.comingSoonDesc": "“{name}” is being built. Its data is already kept in the database; the screens arrive in a later release.",
  "nav.leads": "Leads",
  "nav.customers": "Customers",
  "nav.sea": "Public sea",
  "nav.contacts": "Contacts",
  "nav.followUps": "Follow-ups",
  "nav.opportunities": "Opportunities",
  "nav.quotations": "Quotations",
  "nav.contracts": "Contracts",
  "nav.payments": "Payments",
  "nav.invoices": "Invoices",
  "nav.marketing": "Marketing",
  "nav.service": "Service",
  "nav.products": "Products",
  "nav.reports": "Reports",
  "nav.admin": "Administration",
  "nav.settings": "Settings",
  "customer.name": "Customer",
  "customer.type": "Type",
  "customer.status": "Status",
  "customer.level": "Level",
  "customer.owner": "Owner",
  "customer.industry": "Industry",
  "customer.updatedAt": "Updated",
  "customer.keyword": "Customer name contains",
  "customer.empty": "No customers yet",
  "customer.type.personal": "Personal",
  "customer.type.enterprise": "Enterprise",
  "customer.status.potential": "Potential",
  "customer.status.deal": "Deal",
  "customer.status.lost": "Lost",
  "error.VALIDATION": "Invalid input",
  "error.NOT_FOUND": "Not found or not accessible",
  "error.CONFLICT": "Conflict",
  "error.FORBIDDEN": "Not allowed",
  "error.UNAUTHENTICATED": "Your session ended; please log in again",
  "error.DB_UNAVAILABLE": "Database unavailable",
  "error.INTERNAL": "Internal error",
};

const dicts: Record<Lang, Record<Key, string>> = { "zh-CN": zh, "en-US": en };

export type T = (key: Key, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: Key, vars?: Record<string, string | number>): string {
  let s = dicts[lang][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function errorTitle(lang: Lang, code: ErrorCode): string {
  return translate(lang, `error.${code}` as Key);
}

const Ctx = createContext<{ lang: Lang; setLang: (l: Lang) => void; t: T }>({
  lang: "zh-CN",
  setLang: () => {},
  t: (k, v) => translate("zh-CN", k, v),
});

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(initial ?? ((localStorage.getItem("crm.lang") as Lang) || "zh-CN"));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem("crm.lang", l);
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, setLang, t: ((k, v) => translate(lang, k, v)) as T }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
