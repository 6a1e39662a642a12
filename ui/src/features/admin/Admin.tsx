import { Tabs } from "antd";
import type { SessionUser } from "../../api";
import { useI18n } from "../../i18n";
import { can } from "../../nav";
import Depts from "./Depts";
import Roles from "./Roles";
import Users from "./Users";

export default function Admin({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const p = user.permissions;
  const items = [
    can(p, "user:read") && {
      key: "users",
      label: t("admin.users"),
      children: <Users canEdit={can(p, "user:update") && can(p, "user:create")} />,
    },
    can(p, "dept:read") && { key: "depts", label: t("admin.depts"), children: <Depts canEdit={can(p, "dept:update")} /> },
    can(p, "role:read") && { key: "roles", label: t("admin.roles"), children: <Roles canEdit={can(p, "role:update")} /> },
  ].filter(Boolean) as { key: string; label: string; children: React.ReactNode }[];
  return <Tabs items={items} destroyOnHidden data-testid="admin-page" />;
}
