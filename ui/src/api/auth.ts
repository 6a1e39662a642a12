// Session and first run: app info, locale, administrator setup, login / logout, password.
import { call } from "./client";
import type { AppInfo } from "./types/AppInfo";
import type { ChangePasswordInput } from "./types/ChangePasswordInput";
import type { LoginInput } from "./types/LoginInput";
import type { SessionUser } from "./types/SessionUser";
import type { SetupAdminInput } from "./types/SetupAdminInput";

export const authKeys = {
  all: ["auth"] as const,
  appInfo: () => [...authKeys.all, "appInfo"] as const,
};

export const auth = {
  appInfo: () => call<AppInfo>("app_info"),
  setLocale: (locale: string) => call<void>("set_locale", { locale }),
  setupAdmin: (input: SetupAdminInput) => call<SessionUser>("setup_admin", { input }),
  login: (input: LoginInput) => call<SessionUser>("login", { input }),
  logout: () => call<void>("logout"),
  me: () => call<SessionUser>("me"),
  uiReady: (screen: string) => call<void>("ui_ready", { screen }),
  changePassword: (input: ChangePasswordInput) => call<void>("change_password", { input }),
};
