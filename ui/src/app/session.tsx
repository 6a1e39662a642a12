// The signed-in user and what they may do, for every page (no props drilled through).
import { createContext, useContext, useMemo, type ReactNode } from "react";
import type { SessionUser } from "../api";
import { hasPermission } from "./permissions";

export type Session = {
  user: SessionUser;
  /** The database the app is connected to (shown in the header). */
  database: string;
  /** Does the user hold `permission` (or any of `a|b|c`)? No permission: always true. */
  can: (permission?: string) => boolean;
  logout: () => void;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({
  user,
  database,
  onLogout,
  children,
}: {
  user: SessionUser;
  database: string;
  onLogout: () => void;
  children: ReactNode;
}) {
  const value = useMemo<Session>(
    () => ({ user, database, can: (p) => hasPermission(user.permissions, p), logout: onLogout }),
    [user, database, onLogout],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The current session; only inside <SessionProvider> (the signed-in part of the app). */
export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside <SessionProvider>");
  return s;
}

/** The session when someone is signed in, else null (parts shown on the login screen too). */
export function useOptionalSession(): Session | null {
  return useContext(SessionContext);
}
