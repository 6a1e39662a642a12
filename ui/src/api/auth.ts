// Session and first run: app info, locale, administrator setup, login / logout, password,
// the idle lock.
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
  /** Shared database: log the last user in with the password this desktop remembers. */
  loginRemembered: () => call<SessionUser>("login_remembered"),
  logout: () => call<void>("logout"),
  me: () => call<SessionUser>("me"),
  uiReady: (screen: string) => call<void>("ui_ready", { screen }),
  changePassword: (input: ChangePasswordInput) => call<void>("change_password", { input }),
  /** Lock this desktop now (the idle timer); every command then answers LOCKED until unlocked. */
  sessionLock: () => call<void>("session_lock"),
  /** Unlock with the user's own password; the session and the open screens stay. */
  sessionUnlock: (password: string) => call<void>("session_unlock", { password }),
};
