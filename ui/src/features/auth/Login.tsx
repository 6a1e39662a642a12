import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, type SessionUser } from "../../api";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

type Values = { username: string; password: string };

export default function Login({
  onDone,
  database,
  lastUsername,
}: {
  onDone: (u: SessionUser) => void;
  database: string;
  lastUsername?: string | null;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.uiReady("login").catch(() => {});
  }, []);
  // A refusal naming a field marks it; anything else shows on the card.
  const login = useApiMutation((v: Values) => api.login(v), {
    form,
    fields: ["username", "password"],
    showError: (_, e) => setError(e.message),
    onSuccess: onDone,
  });
  const submit = (v: Values) => {
    setError(null);
    return login.run(v);
  };

  return (
    <div className="center-page">
      <Card style={{ width: 380 }} data-testid="login-card">
        <Typography.Title level={3} style={{ textAlign: "center" }}>
          {t("login.title")}
        </Typography.Title>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} onFinish={submit} initialValues={{ username: lastUsername ?? "" }} requiredMark={false}>
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
          <Button type="primary" htmlType="submit" block loading={login.busy} id="login-submit">
            {t("login.submit")}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, marginBottom: 0 }}>
          {t("login.database")}: {database}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
