// Typed API: one function per Rust command. Types come from ./types (generated from
// the Rust structs by ts-rs; regenerate, never edit by hand).
import { call } from "./client";
import type { AppInfo } from "./types/AppInfo";
import type { ChangePasswordInput } from "./types/ChangePasswordInput";
import type { CompanyProfile } from "./types/CompanyProfile";
import type { ConnectionCheck } from "./types/ConnectionCheck";
import type { CustomerFilter } from "./types/CustomerFilter";
import type { CustomerInput } from "./types/CustomerInput";
import type { CustomerRow } from "./types/CustomerRow";
import type { DbStatus } from "./types/DbStatus";
import type { DeptInput } from "./types/DeptInput";
import type { DeptNode } from "./types/DeptNode";
import type { LogEntry } from "./types/LogEntry";
import type { LoginInput } from "./types/LoginInput";
import type { MysqlProfileInput } from "./types/MysqlProfileInput";
import type { NumberRule } from "./types/NumberRule";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { PermissionModule } from "./types/PermissionModule";
import type { ProfileInfo } from "./types/ProfileInfo";
import type { RoleInput } from "./types/RoleInput";
import type { RoleView } from "./types/RoleView";
import type { SearchHit } from "./types/SearchHit";
import type { SessionUser } from "./types/SessionUser";
import type { SetupAdminInput } from "./types/SetupAdminInput";
import type { UpdateRule } from "./types/UpdateRule";
import type { UserFilter } from "./types/UserFilter";
import type { UserInput } from "./types/UserInput";
import type { UserOption } from "./types/UserOption";
import type { UserStatus } from "./types/UserStatus";
import type { UserView } from "./types/UserView";

export { ApiError, onUnauthenticated } from "./client";
export type {
  AppInfo,
  ChangePasswordInput,
  CompanyProfile,
  ConnectionCheck,
  CustomerFilter,
  CustomerInput,
  CustomerRow,
  DbStatus,
  DeptInput,
  DeptNode,
  LogEntry,
  LoginInput,
  MysqlProfileInput,
  NumberRule,
  Page,
  PageReq,
  PermissionModule,
  ProfileInfo,
  RoleInput,
  RoleView,
  SearchHit,
  SessionUser,
  SetupAdminInput,
  UpdateRule,
  UserFilter,
  UserInput,
  UserOption,
  UserView,
};

export const api = {
  appInfo: () => call<AppInfo>("app_info"),
  setLocale: (locale: string) => call<void>("set_locale", { locale }),
  setupAdmin: (input: SetupAdminInput) => call<SessionUser>("setup_admin", { input }),
  login: (input: LoginInput) => call<SessionUser>("login", { input }),
  logout: () => call<void>("logout"),
  me: () => call<SessionUser>("me"),
  uiReady: (screen: string) => call<void>("ui_ready", { screen }),
  changePassword: (input: ChangePasswordInput) => call<void>("change_password", { input }),
  search: (q: string) => call<SearchHit[]>("global_search", { q }),
  profile: {
    get: () => call<ProfileInfo>("profile_get"),
    useLocal: () => call<void>("profile_use_local"),
    testMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_test_mysql", { input }),
    saveMysql: (input: MysqlProfileInput) => call<ConnectionCheck>("profile_save_mysql", { input }),
  },
  users: {
    list: (filter: UserFilter, page: PageReq) => call<Page<UserView>>("user_list", { filter, page }),
    get: (id: number) => call<UserView>("user_get", { id }),
    options: () => call<UserOption[]>("user_options"),
    create: (input: UserInput) => call<UserView>("user_create", { input }),
    update: (id: number, input: UserInput) => call<UserView>("user_update", { id, input }),
    setStatus: (id: number, status: UserStatus) => call<UserView>("user_set_status", { id, status }),
    resetPassword: (id: number, password: string) => call<void>("user_reset_password", { id, password }),
  },
  depts: {
    tree: () => call<DeptNode[]>("dept_tree"),
    create: (input: DeptInput) => call<number>("dept_create", { input }),
    update: (id: number, input: DeptInput) => call<void>("dept_update", { id, input }),
    remove: (id: number) => call<void>("dept_delete", { id }),
  },
  roles: {
    list: () => call<RoleView[]>("role_list"),
    create: (input: RoleInput) => call<RoleView>("role_create", { input }),
    update: (id: number, input: RoleInput) => call<RoleView>("role_update", { id, input }),
    remove: (id: number) => call<void>("role_delete", { id }),
    catalog: () => call<PermissionModule[]>("permission_catalog"),
  },
  oplog: (entityType: string, entityId: number, page: PageReq) => call<Page<LogEntry>>("oplog_history", { entityType, entityId, page }),
  settings: {
    company: () => call<CompanyProfile>("company_get"),
    setCompany: (input: CompanyProfile) => call<CompanyProfile>("company_set", { input }),
    numberRules: () => call<NumberRule[]>("number_rules"),
    updateNumberRule: (input: UpdateRule) => call<NumberRule>("number_rule_update", { input }),
    dbStatus: () => call<DbStatus>("db_status"),
  },
  customers: {
    list: (filter: CustomerFilter, page: PageReq) => call<Page<CustomerRow>>("customer_list", { filter, page }),
    get: (id: number) => call<CustomerRow>("customer_get", { id }),
    create: (input: CustomerInput) => call<CustomerRow>("customer_create", { input }),
    update: (id: number, input: CustomerInput) => call<CustomerRow>("customer_update", { id, input }),
    remove: (id: number) => call<void>("customer_delete", { id }),
  },
};
