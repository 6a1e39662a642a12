// Typed API: one function per Rust command. Types come from ui/src/api/types
// (generated from Rust by ts-rs; do not edit them by hand).
import { call } from "./client";
import type { AppInfo } from "./types/AppInfo";
import type { SessionUser } from "./types/SessionUser";
import type { LoginInput } from "./types/LoginInput";
import type { SetupAdminInput } from "./types/SetupAdminInput";
import type { CustomerFilter } from "./types/CustomerFilter";
import type { CustomerInput } from "./types/CustomerInput";
import type { CustomerRow } from "./types/CustomerRow";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";

export { ApiError, onUnauthenticated } from "./client";
export type { AppInfo, SessionUser, LoginInput, SetupAdminInput, CustomerFilter, CustomerInput, CustomerRow, Page, PageReq };

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  setLocale: (locale: string) => call<void>("set_locale", { locale }),
  setupAdmin: (input: SetupAdminInput) => call<SessionUser>("setup_admin", { input }),
  login: (input: LoginInput) => call<SessionUser>("login", { input }),
  logout: () => call<void>("logout"),
  me: () => call<SessionUser>("me"),
  customers: {
    list: (filter: CustomerFilter, page: PageReq) => call<Page<CustomerRow>>("customer_list", { filter, page }),
    get: (id: number) => call<CustomerRow>("customer_get", { id }),
    create: (input: CustomerInput) => call<CustomerRow>("customer_create", { input }),
    update: (id: number, input: CustomerInput) => call<CustomerRow>("customer_update", { id, input }),
    remove: (id: number) => call<void>("customer_delete", { id }),
  },
};
