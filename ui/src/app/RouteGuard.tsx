import { Result } from "antd";
import type { ReactNode } from "react";
import { useI18n } from "../i18n";
import { useSession } from "./session";

/** Renders the page when the user holds `permission`, else a 403 result. */
export default function RouteGuard({ permission, children }: { permission?: string; children: ReactNode }) {
  const { t } = useI18n();
  const { can } = useSession();
  if (can(permission)) return <>{children}</>;
  return <Result status="403" title="403" subTitle={t("common.noAccess")} data-testid="forbidden" />;
}
