import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useEffect, useState } from "react";
import { api, type SessionUser } from "../../api";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { AboutLink } from "../diagnostics/AboutDialog";

type Values = { companyName: string; username: string; fullName: string; password: string; passwordConfirm: string };

/** First run on an empty database: create the administrator. */
export default function Setup({ onDone, database }: { onDone: (u: SessionUser) => void; database: string }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.uiReady("setup").catch(() => {});
  }, []);
  const setup = useApiMutation((v: Values) => api.setupAdmin({ ...v, companyName: v.companyName || null }), {
    form,
    fields: ["companyName", "username", "fullName", "password", "passwordConfirm"],
    showError: (_, e) => setError(e.message),
    onSuccess: onDone,
  });
  const submit = (v: Values) => {
    setError(null);
    return setup.run(v);
  };

  return (
    <div className="center-page">
      <Card style={{ width: 440 }} data-testid="setup-card">
        <Typography.Title level={3}>{t("setup.title")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("setup.subtitle")}</Typography.Paragraph>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t("login.database")}: {database}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} initialValues={{ companyName: "" }}>
          <Form.Item name="companyName" label={t("setup.company")}>
            <Input id="setup-company" maxLength={100} />
          </Form.Item>
          <Form.Item
            name="username"
            label={t("setup.username")}
            rules={[{ required: true, message: t("common.required", { label: t("setup.username") }) }]}
          >
            <Input id="setup-username" autoComplete="username" maxLength={50} />
          </Form.Item>
          <Form.Item
            name="fullName"
            label={t("setup.fullName")}
            rules={[{ required: true, message: t("common.required", { label: t("setup.fullName") }) }]}
          >
            <Input id="setup-fullname" maxLength={50} />
          </Form.Item>
          <Form.Item
            name="password"
            label={t("setup.password")}
            extra={t("setup.passwordHint")}
            rules={[
              { required: true, message: t("common.required", { label: t("setup.password") }) },
              { min: 8, message: t("setup.passwordHint") },
            ]}
          >
            <Input.Password id="setup-password" autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="passwordConfirm"
            label={t("setup.passwordConfirm")}
            dependencies={["password"]}
            rules={[
              { required: true, message: t("common.required", { label: t("setup.passwordConfirm") }) },
              ({ getFieldValue }) => ({
                validator: (_, value) =>
                  !value || getFieldValue("password") === value ? Promise.resolve() : Promise.reject(new Error(t("setup.mismatch"))),
              }),
            ]}
          >
            <Input.Password id="setup-password-confirm" autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={setup.busy} id="setup-submit">
            {t("setup.submit")}
          </Button>
        </Form>
        <div style={{ textAlign: "center", marginTop: 8, marginBottom: -8 }}>
          <AboutLink />
        </div>
      </Card>
    </div>
  );
}
