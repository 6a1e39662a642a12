// Users, departments, roles and the permission catalog.
import { call } from "./client";
import type { DeptInput } from "./types/DeptInput";
import type { DeptNode } from "./types/DeptNode";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { PermissionModule } from "./types/PermissionModule";
import type { RoleInput } from "./types/RoleInput";
import type { RoleView } from "./types/RoleView";
import type { UserFilter } from "./types/UserFilter";
import type { UserInput } from "./types/UserInput";
import type { UserOption } from "./types/UserOption";
import type { UserStatus } from "./types/UserStatus";
import type { UserView } from "./types/UserView";

export const userKeys = {
  all: ["users"] as const,
  list: (filter: UserFilter) => [...userKeys.all, "list", filter] as const,
  /** Everyone the caller may pick as an owner / creator (selects across the app). */
  options: () => [...userKeys.all, "options"] as const,
};
export const deptKeys = {
  all: ["depts"] as const,
  tree: () => [...deptKeys.all, "tree"] as const,
};
export const roleKeys = {
  all: ["roles"] as const,
  list: () => [...roleKeys.all, "list"] as const,
  catalog: () => [...roleKeys.all, "catalog"] as const,
};

export const users = {
  list: (filter: UserFilter, page: PageReq) => call<Page<UserView>>("user_list", { filter, page }),
  get: (id: number) => call<UserView>("user_get", { id }),
  options: () => call<UserOption[]>("user_options"),
  create: (input: UserInput) => call<UserView>("user_create", { input }),
  update: (id: number, input: UserInput) => call<UserView>("user_update", { id, input }),
  setStatus: (id: number, status: UserStatus) => call<UserView>("user_set_status", { id, status }),
  resetPassword: (id: number, password: string) => call<void>("user_reset_password", { id, password }),
};

export const depts = {
  tree: () => call<DeptNode[]>("dept_tree"),
  create: (input: DeptInput) => call<number>("dept_create", { input }),
  update: (id: number, input: DeptInput) => call<void>("dept_update", { id, input }),
  remove: (id: number) => call<void>("dept_delete", { id }),
};

export const roles = {
  list: () => call<RoleView[]>("role_list"),
  create: (input: RoleInput) => call<RoleView>("role_create", { input }),
  update: (id: number, input: RoleInput) => call<RoleView>("role_update", { id, input }),
  remove: (id: number) => call<void>("role_delete", { id }),
  catalog: () => call<PermissionModule[]>("permission_catalog"),
};
