// The signed-in part of the app: the router, the session, the idle lock and the shell with
// its pages. App loads it lazily, after login: the first screen (login, first run,
// connection) parses none of it, the router included.
import { HashRouter } from "react-router";
import type { SessionUser } from "../api";
import IdleLock from "./IdleLock";
import MainLayout from "./MainLayout";
import { SessionProvider } from "./session";

export default function SignedIn({ user, database, onLogout }: { user: SessionUser; database: string; onLogout: () => void }) {
  return (
    <HashRouter>
      <SessionProvider user={user} database={database} onLogout={onLogout}>
        {/* The lock screen covers the pages without unmounting them (unsaved input stays). */}
        <IdleLock>
          <MainLayout />
        </IdleLock>
      </SessionProvider>
    </HashRouter>
  );
}
