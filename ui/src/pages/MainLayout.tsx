import { Button, Layout, Menu, Segmented, Space, Tooltip, Typography } from "antd";
import { DatabaseOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { api, type SessionUser } from "../api";
import GlobalSearch from "../components/GlobalSearch";
import { useI18n, type Lang } from "../i18n";
import { NAV, can } from "../nav";
import Admin from "./Admin";
import ComingSoon from "./ComingSoon";
import Customers from "./Customers";
import Settings from "./Settings";

const { Header, Sider, Content } = Layout;

/** Modules whose screens exist in this release; the rest show "coming in a later release". */
const BUILT = ["/customers", "/sea", "/admin", "/settings"];

export default function MainLayout({ user, database, onLogout }: { user: SessionUser; database: string; onLogout: () => void }) {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const items = NAV.filter((n) => can(user.permissions, n.permission));
  const selected = items.find((n) => loc.pathname.startsWith(n.path))?.path ?? "";

  const logout = async () => {
    await api.logout().catch(() => {});
    onLogout();
  };

  return (
    <Layout style={{ height: "100vh" }}>
      <Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0", overflow: "auto" }}>
        <div style={{ height: 56, display: "flex", alignItems: "center", gap: 8, padding: "0 20px", fontWeight: 600, fontSize: 18, color: "#1677ff" }}>
          <img src="/icon.png" alt="" width={24} height={24} />
          CRM Desk
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={(e) => nav(e.key)}
          items={items.map((n) => ({ key: n.path, icon: n.icon, label: <span data-testid={`nav-${n.path.slice(1)}`}>{t(n.key as never)}</span> }))}
          style={{ borderInlineEnd: 0 }}
        />
      </Sider>
      <Layout>
        <Header style={{ background: "#fff", padding: "0 20px", display: "flex", alignItems: "center", justifyContent: "space-between", gap: 16, borderBottom: "1px solid #f0f0f0" }}>
          <GlobalSearch />
          <Space size="middle" style={{ flexWrap: "nowrap", whiteSpace: "nowrap" }}>
            <Tooltip title={t("header.database")}>
              <Typography.Text type="secondary" ellipsis style={{ maxWidth: 320, display: "inline-block", verticalAlign: "middle", whiteSpace: "nowrap" }} data-testid="current-db">
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
            {can(user.permissions, "customer:read") && <Route path="/customers" element={<Customers user={user} />} />}
            {can(user.permissions, "customer:read") && <Route path="/sea" element={<Customers user={user} inSea key="sea" />} />}
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
