import { Button, Layout, Menu, Segmented, Space, Typography } from "antd";
import { DatabaseOutlined, LogoutOutlined } from "@ant-design/icons";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { api, type SessionUser } from "../api";
import { useI18n, type Lang } from "../i18n";
import { NAV, can } from "../nav";
import ComingSoon from "./ComingSoon";
import Customers from "./Customers";

const { Header, Sider, Content } = Layout;

export default function MainLayout({ user, database, onLogout }: { user: SessionUser; database: string; onLogout: () => void }) {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const perms = user.permissions;
  const items = NAV.filter((n) => can(perms, n.permission));
  const selected = items.find((n) => loc.pathname.startsWith(n.path))?.path ?? "";

  const logout = async () => {
    await api.logout().catch(() => {});
    onLogout();
  };

  return (
    <Layout style={{ height: "100vh" }}>
      <Sider width={200} theme="light" style={{ borderRight: "1px solid #f0f0f0", overflow: "auto" }}>
        <div style={{ height: 56, display: "flex", alignItems: "center", padding: "0 20px", fontWeight: 600, fontSize: 18, color: "#1677ff" }}>CRM Desk</div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={(e) => nav(e.key)}
          items={items.map((n) => ({ key: n.path, icon: n.icon, label: <span data-testid={`nav-${n.path.slice(1)}`}>{t(n.key as never)}</span> }))}
          style={{ borderInlineEnd: 0 }}
        />
      </Sider>
      <Layout>
        <Header style={{ background: "#fff", padding: "0 20px", display: "flex", alignItems: "center", justifyContent: "space-between", borderBottom: "1px solid #f0f0f0" }}>
          <Typography.Text type="secondary" ellipsis style={{ maxWidth: 420 }}>
            <DatabaseOutlined /> {database}
          </Typography.Text>
          <Space size="middle">
            <Segmented<Lang>
              size="small"
              value={lang}
              onChange={(v) => {
                setLang(v);
                api.setLocale(v).catch(() => {});
              }}
              options={[
                { label: "中文", value: "zh-CN" },
                { label: "EN", value: "en-US" },
              ]}
            />
            <span data-testid="current-user">{user.fullName}</span>
            <Button icon={<LogoutOutlined />} onClick={logout} id="logout">
              {t("common.logout")}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 20, overflow: "auto" }}>
          <Routes>
            <Route path="/" element={<Navigate to={items[0]?.path ?? "/settings"} replace />} />
            <Route path="/customers" element={<Customers />} />
            <Route path="/sea" element={<Customers inSea />} />
            {items
              .filter((n) => !["/customers", "/sea"].includes(n.path))
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
