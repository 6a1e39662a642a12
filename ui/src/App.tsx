import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Result, Spin } from "antd";
import { lazy, Suspense, useEffect, useState } from "react";
import { authKeys, api, ApiError, onUnauthenticated, type SessionUser } from "./api";
import { useI18n } from "./i18n";
import Connection from "./features/auth/Connection";
import Login from "./features/auth/Login";
import Setup from "./features/auth/Setup";
import CrashNotice from "./features/diagnostics/CrashNotice";

// The signed-in app (router, idle lock, shell) loads after login: the first screen (login,
// first run, connection) parses none of it. Its pages load lazily in turn (./app/routes).
const SignedIn = lazy(() => import("./app/SignedIn"));

/** The app: its screens, and the crash notice (asked once at start, whichever screen shows). */
export default function App() {
  return (
    <>
      <Screens />
      <CrashNotice />
    </>
  );
}

/** Connection, first run, login or the signed-in shell, as the backend's state says. */
function Screens() {
  const { lang, t } = useI18n();
  const qc = useQueryClient();
  const info = useQuery({ queryKey: authKeys.appInfo(), queryFn: api.appInfo, retry: false, staleTime: Infinity });
  const [user, setUser] = useState<SessionUser | null>(null);

  useEffect(() => {
    api.setLocale(lang).catch(() => {});
  }, [lang]);
  useEffect(() => {
    if (info.data?.user) setUser(info.data.user);
  }, [info.data]);
  // Any command answering UNAUTHENTICATED sends the user back to the login form.
  useEffect(
    () =>
      onUnauthenticated(() => {
        setUser(null);
        qc.clear();
      }),
    [qc],
  );

  if (info.isLoading) return <Spin fullscreen />;
  if (info.error || !info.data)
    return (
      <div className="center-page">
        <Result
          status="error"
          title={t("error.DB_UNAVAILABLE")}
          subTitle={info.error instanceof ApiError ? info.error.message : String(info.error)}
          extra={<Button onClick={() => info.refetch()}>{t("common.retry")}</Button>}
        />
      </div>
    );
  const data = info.data;
  const logout = () => {
    setUser(null);
    qc.clear();
    info.refetch();
  };
  const done = (u: SessionUser) => {
    setUser(u);
    qc.setQueryData(authKeys.appInfo(), { ...data, needsSetup: false, user: u });
  };
  if (data.needsProfile) return <Connection onDone={() => info.refetch()} />;
  // The first administrator is created only in a local database (a shared one is set up by its DBA).
  if (!user && data.needsSetup && !data.shared) return <Setup database={data.database} onDone={done} />;
  if (!user)
    return (
      <Login database={data.database} lastUsername={data.lastUsername} shared={data.shared} remembered={data.remembered} onDone={done} />
    );
  return (
    <Suspense fallback={<Spin fullscreen />}>
      <SignedIn user={user} database={data.database} onLogout={logout} />
    </Suspense>
  );
}
