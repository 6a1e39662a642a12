import { Alert, Button, Card, Checkbox, Divider, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, type LoginInput, type SessionUser } from "../../api";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { AboutLink } from "../diagnostics/AboutDialog";
import UpdateNotice from "../update/UpdateNotice";

type Values = { username: string; password: string; remember?: boolean };

/**
 * The login form. On a shared (company) database everyone logs in with their own account;
 * there the user may have this computer's keychain remember their own password, and the
 * last user may then log in with one click ("Log in as …"). A remembered password the
 * server refuses is forgotten by the backend: the normal form takes over.
 */
export default function Login({
  onDone,
  database,
  lastUsername,
  shared = false,
  remembered = false,
}: {
  onDone: (u: SessionUser) => void;
  database: string;
  lastUsername?: string | null;
  /** A shared database: offer "remember my password". */
  shared?: boolean;
  /** The last user's own password is in the keychain: offer "Log in as {lastUsername}". */
  remembered?: boolean;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  // The one-click login while it is offered; a refusal (or "another account") shows the form.
  const [quick, setQuick] = useState(remembered && !!lastUsername);
  useEffect(() => {
    api.uiReady("login").catch(() => {});
  }, []);
  // A refusal naming a field marks it; anything else shows on the card.
  const login = useApiMutation((v: LoginInput) => api.login(v), {
    form,
    fields: ["username", "password"],
    showError: (_, e) => setError(e.message),
    onSuccess: onDone,
  });
  const loginRemembered = useApiMutation(() => api.loginRemembered(), {
    showError: (_, e) => {
      setError(e.message);
      setQuick(false);
    },
    onSuccess: onDone,
  });
  const submit = (v: Values) => {
    setError(null);
    const input: LoginInput = { username: v.username, password: v.password };
    return login.run(shared ? { ...input, remember: !!v.remember } : input);
  };
  const submitRemembered = () => {
    setError(null);
    return loginRemembered.run();
  };

  return (
    <div className="center-page">
      <Card style={{ width: 380 }} data-testid="login-card">
        <Typography.Title level={3} style={{ textAlign: "center" }}>
          {t("login.title")}
        </Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="login-error" />}
        {quick ? (
          <>
            <Button
              type="primary"
              block
              size="large"
              icon={<UserOutlined />}
              loading={loginRemembered.busy}
              onClick={submitRemembered}
              id="login-remembered"
              autoFocus
            >
              {t("login.asRemembered", { name: lastUsername ?? "" })}
            </Button>
            <Divider plain style={{ margin: "16px 0 8px" }} />
            <Button type="link" block onClick={() => setQuick(false)} id="login-other" disabled={loginRemembered.busy}>
              {t("login.other")}
            </Button>
          </>
        ) : (
          <Form form={form} onFinish={submit} initialValues={{ username: lastUsername ?? "", remember: remembered }} requiredMark={false}>
            <Form.Item name="username" rules={[{ required: true, message: t("common.required", { label: t("login.username") }) }]}>
              <Input
                id="login-username"
                prefix={<UserOutlined />}
                placeholder={t("login.username")}
                autoFocus={!lastUsername}
                autoComplete="username"
              />
            </Form.Item>
            <Form.Item name="password" rules={[{ required: true, message: t("common.required", { label: t("login.password") }) }]}>
              <Input.Password
                id="login-password"
                prefix={<LockOutlined />}
                placeholder={t("login.password")}
                autoFocus={!!lastUsername}
                autoComplete="current-password"
              />
            </Form.Item>
            {shared && (
              <Form.Item name="remember" valuePropName="checked" style={{ marginTop: -8 }}>
                <Checkbox id="login-remember">{t("login.remember")}</Checkbox>
              </Form.Item>
            )}
            <Button type="primary" htmlType="submit" block loading={login.busy} id="login-submit">
              {t("login.submit")}
            </Button>
          </Form>
        )}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          {t("login.database")}: {database}
        </Typography.Paragraph>
        {/* A newer version from the company's feed (nothing when there is none). */}
        <UpdateNotice style={{ textAlign: "center", marginTop: 12 }} />
        {/* Who cannot log in needs the versions, the log folder and a support bundle most. */}
        <div style={{ textAlign: "center", marginTop: 8, marginBottom: -8 }}>
          <AboutLink />
        </div>
      </Card>
    </div>
  );
}
