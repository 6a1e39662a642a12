import { Tabs } from "antd";
import type { ReactNode } from "react";
import { useSession } from "../../app/session";
import { useI18n } from "../../i18n";
import Depts from "./Depts";
import Roles from "./Roles";
import Users from "./Users";

export default function Admin() {
  const { t } = useI18n();
  const { can } = useSession();
  const items = [
    can("user:read") && { key: "users", label: t("admin.users"), children: <Users canEdit={can("user:update") && can("user:create")} /> },
    can("dept:read") && { key: "depts", label: t("admin.depts"), children: <Depts canEdit={can("dept:update")} /> },
    can("role:read") && { key: "roles", label: t("admin.roles"), children: <Roles canEdit={can("role:update")} /> },
  ].filter(Boolean) as { key: string; label: string; children: ReactNode }[];
  return <Tabs items={items} destroyOnHidden data-testid="admin-page" />;
}
