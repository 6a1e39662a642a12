import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { App as AntApp } from "antd";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import type { SessionUser } from "../api";
import { I18nProvider } from "../i18n";

/** Render with everything a page needs: query cache, router, i18n (zh-CN) and antd's App context. */
export function renderPage(ui: ReactNode, { route = "/" }: { route?: string } = {}) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });
  return render(
    <QueryClientProvider client={qc}>
      <MemoryRouter initialEntries={[route]}>
        <I18nProvider initial="zh-CN">
          <AntApp>{ui}</AntApp>
        </I18nProvider>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

export const ADMIN: SessionUser = {
  id: 1,
  username: "admin",
  fullName: "管理员",
  deptId: 1,
  roleIds: [1],
  permissions: ["*"],
  dataScope: "all",
};
