import { useQuery } from "@tanstack/react-query";
import { Badge, Button, Dropdown, Layout, Menu, Segmented, Space, Spin, Tooltip, Typography } from "antd";
import { DatabaseOutlined, DownOutlined, InfoCircleOutlined, LockOutlined, LogoutOutlined, UserOutlined } from "@ant-design/icons";
// dayjs's Chinese for the date pickers (the week starts on Monday): only pages have pickers.
import "dayjs/locale/zh-cn";
import { Suspense, useEffect, useState } from "react";
import { Navigate, Route, Routes, useLocation, useNavigate } from "react-router";
import { api, todoKeys } from "../api";
import GlobalSearch from "../components/GlobalSearch";
import { useI18n, type Lang } from "../i18n";
import { tzOffset } from "../format";
import { countParts } from "../features/todo/counts";
import AboutDialog from "../features/diagnostics/AboutDialog";
import UpdateNotice from "../features/update/UpdateNotice";
import { useLockNow } from "./IdleLock";
import RouteGuard from "./RouteGuard";
import { prefetchPages, ROUTES } from "./routes";
import { useSession } from "./session";

const { Header, Sider, Content } = Layout;

/** The signed-in shell: the sidebar and the pages, both from the route table (./routes). */
export default function MainLayout() {
  const { t, lang, setLang } = useI18n();
  const nav = useNavigate();
  const loc = useLocation();
  const { user, database, can, logout: onLogout } = useSession();
  const lockNow = useLockNow();
  const [about, setAbout] = useState(false);
  const items = ROUTES.filter((r) => can(r.permission));
  const selected = items.find((n) => loc.pathname.startsWith(n.path))?.path ?? "";
  // The sidebar's to-do badge: refreshed every minute and whenever a follow-up changes (todoKeys.all).
  const todo = useQuery({ queryKey: todoKeys.counts(), queryFn: () => api.todo.counts(tzOffset()), refetchInterval: 60_000 });
  const todoTotal = Number(todo.data?.total ?? 0);
  // What the badge counts, on hover ("待跟进 2 · 回款计划 3"); zero counts are left out.
  const todoParts = todo.data ? countParts(t, todo.data) : [];
  // Signed in: the pages not opened yet load in the background (navigation stays instant).
  useEffect(() => prefetchPages(), []);
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
            label: <span data-testid={`nav-${n.path.slice(1)}`}>{t(n.label)}</span>,
            extra:
              n.path === "/todo" && todoTotal > 0 ? (
                <Tooltip title={todoParts.join(" · ")} placement="right">
                  <Badge count={todoTotal} size="small" overflowCount={99} data-testid="nav-todo-badge" />
                </Tooltip>
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
            {/* A newer version from the company's feed (nothing when there is none). */}
            <UpdateNotice />
            <Tooltip title={`${t("header.database")}: ${database}`}>
              {/* The path gives way first on a narrow window (the search box keeps its room). */}
              <Typography.Text
                type="secondary"
                ellipsis
                style={{
                  maxWidth: "clamp(100px, calc(100vw - 880px), 320px)",
                  display: "inline-block",
                  verticalAlign: "middle",
                  whiteSpace: "nowrap",
                }}
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
            {/* The user's menu: About (versions, log folder, support bundle). */}
            <Dropdown
              trigger={["click"]}
              menu={{
                items: [{ key: "about", icon: <InfoCircleOutlined />, label: <span id="menu-about">{t("about.title")}</span> }],
                onClick: ({ key }) => key === "about" && setAbout(true),
              }}
            >
              <span data-testid="current-user" style={{ cursor: "pointer" }} id="user-menu">
                <UserOutlined /> {user.fullName} <DownOutlined style={{ fontSize: 10 }} />
              </span>
            </Dropdown>
            {lockNow && (
              <Tooltip title={t("lock.now")}>
                <Button icon={<LockOutlined />} onClick={lockNow} id="lock-now" aria-label={t("lock.now")} />
              </Tooltip>
            )}
            <Button icon={<LogoutOutlined />} onClick={logout} id="logout">
              {t("common.logout")}
            </Button>
          </Space>
        </Header>
        <Content style={{ padding: 20, overflow: "auto" }}>
          {/* A page's first visit loads its code (unless the prefetch already has). */}
          <Suspense fallback={<Spin size="large" style={{ display: "block", marginTop: 120 }} data-testid="page-loading" />}>
            <Routes>
              <Route path="/" element={<Navigate to={items[0]?.path ?? "/settings"} replace />} />
              {ROUTES.map((r) => (
                <Route key={r.path} path={r.path} element={<RouteGuard permission={r.permission}>{r.element}</RouteGuard>} />
              ))}
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </Content>
      </Layout>
      <AboutDialog open={about} onClose={() => setAbout(false)} />
    </Layout>
  );
}
