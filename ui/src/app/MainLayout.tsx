import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Layout, Menu, Segmented, Space, Tooltip, Typography } from "antd";
import { DatabaseOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { todoKeys, api, type SessionUser } from "../api";
import GlobalSearch from "../components/GlobalSearch";
import { useI18n, type Lang } from "../i18n";
import { NAV, can } from "../nav";
import { tzOffset } from "../format";
import Admin from "../features/admin/Admin";
import ComingSoon from "./ComingSoon";
import Contacts from "../features/contacts/Contacts";
import Customers from "../features/customers/Customers";
import FollowUps from "../features/followUps/FollowUps";
import Contracts from "../features/contracts/Contracts";
import Leads from "../features/leads/Leads";
import Opportunities from "../features/opportunities/Opportunities";
import Products from "../features/products/Products";
import Quotations from "../features/quotations/Quotations";
import Sea from "../features/customers/Sea";
import Settings from "../features/settings/Settings";
import Todo from "../features/todo/Todo";

const { Header, Sider, Content } = Layout;

/** Modules whose screens exist in this release; the rest show "coming in a later release". */
const BUILT = [
  "/todo",
  "/leads",
  "/customers",
  "/sea",
  "/contacts",
  "/follow-ups",
  "/opportunities",
  "/quotations",
  "/contracts",
  "/products",
  "/admin",
  "/settings",
];

export default function MainLayout({ user, database, onLogout }: { user: SessionUser; database: string; onLogout: () => void }) {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const items = NAV.filter((n) => can(user.permissions, n.permission));
  const selected = items.find((n) => loc.pathname.startsWith(n.path))?.path ?? "";
  // The sidebar's to-do badge: refreshed every minute and whenever a follow-up changes (todoKeys.all).
  const todo = useQuery({ queryKey: todoKeys.counts(), queryFn: () => api.todo.counts(tzOffset()), refetchInterval: 60_000 });
  const todoTotal = Number(todo.data?.total ?? 0);
  const logout = async () => {
    await api.logout().catch(() => {});
    onLogout();
  };

  return (
    <Layout style={{ height: "100vh" }}>
      <Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0", overflow: "auto" }}>
        <div
          style={{
            height: 56,
            display: "flex",
            alignItems: "center",
            gap: 8,
            padding: "0 20px",
            fontWeight: 600,
            fontSize: 18,
            color: "#1677ff",
          }}
        >
          <img src="/icon.png" alt="" width={24} height={24} />
          CRM Desk
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={(e) => nav(e.key)}
          items={items.map((n) => ({
            key: n.path,
            icon: n.icon,
            label: <span data-testid={`nav-${n.path.slice(1)}`}>{t(n.key as never)}</span>,
            extra:
              n.path === "/todo" && todoTotal > 0 ? (
                <Badge count={todoTotal} size="small" overflowCount={99} data-testid="nav-todo-badge" />
              ) : undefined,
          }))}
          style={{ borderInlineEnd: 0 }}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: "#fff",
            padding: "0 20px",
            display: "flex",
            alignItems: "center",
            justifyContent: "space-between",
            gap: 16,
            borderBottom: "1px solid #f0f0f0",
          }}
        >
          <GlobalSearch />
          <Space size="middle" style={{ flexWrap: "nowrap", whiteSpace: "nowrap" }}>
            <Tooltip title={t("header.database")}>
              <Typography.Text
                type="secondary"
                ellipsis
                style={{ maxWidth: 320, display: "inline-block", verticalAlign: "middle", whiteSpace: "nowrap" }}
                data-testid="current-db"
              >
                <DatabaseOutlined /> {database}
              </Typography.Text>
            </Tooltip>
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={(v) => {
                setLang(v);
                api.setLocale(v).catch(() => {});
              }}
              options={[
                { label: <span data-testid="lang-zh">中文</span>, value: "zh-CN" },
                { label: <span data-testid="lang-en">EN</span>, value: "en-US" },
              ]}
            />
            <span data-testid="current-user">
              <UserOutlined /> {user.fullName}
            </span>
            <Button icon={<LogoutOutlined />} onClick={logout} id="logout">
              {t("common.logout")}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 20, overflow: "auto" }}>
          <Routes>
            <Route path="/" element={<Navigate to={items[0]?.path ?? "/settings"} replace />} />
            <Route path="/todo" element={<Todo user={user} />} />
            {can(user.permissions, "lead:read") && <Route path="/leads" element={<Leads user={user} />} />}
            {can(user.permissions, "customer:read") && <Route path="/customers" element={<Customers user={user} />} />}
            {can(user.permissions, "customer:read") && <Route path="/sea" element={<Sea user={user} />} />}
            {can(user.permissions, "contact:read") && <Route path="/contacts" element={<Contacts user={user} />} />}
            {can(user.permissions, "follow_up:read") && <Route path="/follow-ups" element={<FollowUps user={user} />} />}
            {can(user.permissions, "opportunity:read") && <Route path="/opportunities" element={<Opportunities user={user} />} />}
            {can(user.permissions, "quotation:read") && <Route path="/quotations" element={<Quotations user={user} />} />}
            {can(user.permissions, "contract:read") && <Route path="/contracts" element={<Contracts user={user} />} />}
            {can(user.permissions, "product:read") && <Route path="/products" element={<Products user={user} />} />}
            {can(user.permissions, "user:read|dept:read|role:read") && <Route path="/admin" element={<Admin user={user} />} />}
            <Route path="/settings" element={<Settings user={user} />} />
            {items
              .filter((n) => !BUILT.includes(n.path))
              .map((n) => (
                <Route key={n.path} path={n.path} element={<ComingSoon name={t(n.key as never)} />} />
              ))}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        </Content>
      </Layout>
    </Layout>
  );
}
