import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import type { SessionUser } from "../api";
import { SessionProvider } from "../app/session";
import { I18nProvider, type Lang } from "../i18n";

export const ADMIN: SessionUser = {
  id: 1,
  username: "admin",
  fullName: "管理员",
  deptId: 1,
  roleIds: [1],
  permissions: ["*"],
  dataScope: "all",
};

/** A signed-in user holding only `permissions`. */
export const userWith = (...permissions: string[]): SessionUser => ({
  ...ADMIN,
  id: 2,
  username: "rep",
  fullName: "销售代表",
  permissions,
});

/**
 * Render with everything a page needs: query cache, router, i18n (zh-CN unless `lang`), antd's App
 * context and the session (`user`, the administrator by default; null: signed out).
 */
export function renderPage(
  ui: ReactNode,
  { route = "/", user = ADMIN, lang = "zh-CN" }: { route?: string; user?: SessionUser | null; lang?: Lang } = {},
) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  const page = user ? (
    <SessionProvider user={user} database="/data/crm-desk.db" onLogout={() => {}}>
      {ui}
    </SessionProvider>
  ) : (
    ui
  );
  return {
    qc,
    ...render(
      <QueryClientProvider client={qc}>
        <MemoryRouter initialEntries={[route]}>
          <I18nProvider initial={lang}>
            <AntApp>{page}</AntApp>
          </I18nProvider>
        </MemoryRouter>
      </QueryClientProvider>,
    ),
  };
}
