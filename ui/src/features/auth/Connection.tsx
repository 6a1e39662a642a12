import { Alert, Button, Card, Checkbox, Col, Form, Input, InputNumber, Radio, Row, Space, Typography, type FormInstance } from "antd";
import { CloudServerOutlined, DesktopOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, type ConnectionCheck, type MysqlProfileInput } from "../../api";
import type { TlsMode } from "../../api/types/TlsMode";
import { CONNECTION_STATUS } from "../../domain/enums";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

const FIELDS = ["host", "port", "database", "username", "password", "tls", "caFile", "insecure"] as const;

/** A saved profile: the server answered (with a test login: it also let the user in). */
const usable = (c: ConnectionCheck) => c.status === "ok" || c.status === "reachable";

/** This computer: plain text never crosses a network. */
export const isLocalHost = (host: string | undefined) =>
  ["localhost", "127.0.0.1", "::1", "[::1]"].includes((host ?? "").trim().toLowerCase());

/**
 * The encryption part of a company-database form (the connection form and the move to the
 * company database): the TLS mode, the CA file when a certificate is checked, and, when plain
 * text would cross the network, the warning and the explicit "unencrypted" opt-in.
 * The form holds them as `tls`, `caFile` and `insecure` (as in MysqlProfileInput).
 */
export function TlsFields({
  tls,
  plainToRemote,
  idPrefix = "mysql",
  testIdPrefix = "conn",
}: {
  tls: TlsMode | undefined;
  plainToRemote: boolean;
  /** The id of the opt-in (`{idPrefix}-insecure`) and the warning's test id: two forms may be on one page. */
  idPrefix?: string;
  testIdPrefix?: string;
}) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="tls" label={t("conn.tls")}>
        <Radio.Group
          options={[
            { value: "verify_identity", label: t("conn.tls.verifyIdentity") },
            { value: "verify_ca", label: t("conn.tls.verifyCa") },
            { value: "required", label: t("conn.tls.required") },
            { value: "off", label: t("conn.tls.off") },
          ]}
        />
      </Form.Item>
      {plainToRemote && (
        <Alert
          type="warning"
          showIcon
          data-testid={`${testIdPrefix}-insecure-warning`}
          title={t("conn.insecureWarning")}
          style={{ marginBottom: 12 }}
        />
      )}
      {plainToRemote && (
        <Form.Item name="insecure" valuePropName="checked">
          <Checkbox id={`${idPrefix}-insecure`}>{t("conn.insecure")}</Checkbox>
        </Form.Item>
      )}
      {(tls === "verify_ca" || tls === "verify_identity") && (
        <Form.Item
          name="caFile"
          label={t("conn.caFile")}
          extra={tls === "verify_identity" ? t("conn.caFileOptional") : undefined}
          rules={tls === "verify_ca" ? [{ required: true, message: t("common.required", { label: t("conn.caFile") }) }] : []}
        >
          <Input placeholder="/etc/ssl/company-ca.pem" />
        </Form.Item>
      )}
    </>
  );
}

/**
 * The company-database form with "Test connection"; used at first run and in Settings.
 * It saves only the server and its encryption: everyone logs in with their own account.
 * The optional login (username / password) is sent only to test a real login, never stored.
 */
export function MysqlForm({ onSaved, initial }: { onSaved: () => void; initial?: Partial<MysqlProfileInput> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<MysqlProfileInput>();
  const [check, setCheck] = useState<ConnectionCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const tls = Form.useWatch("tls", form);
  const host = Form.useWatch("host", form);
  const plainToRemote = tls === "off" && !!host && !isLocalHost(host);
  const connect = useApiMutation(
    ({ kind, input }: { kind: "test" | "save"; input: MysqlProfileInput }) =>
      kind === "test" ? api.profile.testMysql(input) : api.profile.saveMysql(input),
    {
      form,
      fields: FIELDS,
      showError: (_, e) => setError(e.message),
      onSuccess: (r, { kind }) => {
        setCheck(r);
        if (kind === "save" && usable(r)) onSaved();
      },
    },
  );
  const busy = connect.variables?.kind ?? null;
  // The test login is optional, but a username without its password (or the reverse) is no test.
  const bothOrNone =
    (other: "username" | "password", label: string) =>
    ({ getFieldValue }: Pick<FormInstance, "getFieldValue">) => ({
      validator: (_: unknown, v: string | undefined) =>
        !(v ?? "").trim() && (getFieldValue(other) ?? "").trim()
          ? Promise.reject(new Error(t("common.required", { label })))
          : Promise.resolve(),
    });

  const run = async (kind: "test" | "save") => {
    let v: MysqlProfileInput;
    try {
      v = await form.validateFields();
    } catch {
      return; // the client-side errors show on their fields
    }
    setError(null);
    setCheck(null);
    await connect.run({
      kind,
      input: {
        ...v,
        username: (v.username ?? "").trim(),
        password: v.password ?? "",
        caFile: v.caFile || null,
        insecure: plainToRemote ? !!v.insecure : undefined,
      },
    });
  };

  return (
    <Form form={form} layout="vertical" initialValues={{ port: 3306, tls: "verify_identity", ...initial }} requiredMark={false}>
      <Row gutter={12}>
        <Col span={16}>
          <Form.Item
            name="host"
            label={t("conn.host")}
            rules={[{ required: true, message: t("common.required", { label: t("conn.host") }) }]}
          >
            <Input id="mysql-host" placeholder="db.example.com" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="port" label={t("conn.port")} rules={[{ required: true }]}>
            <InputNumber id="mysql-port" min={1} max={65535} style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="database"
        label={t("conn.database")}
        rules={[{ required: true, message: t("common.required", { label: t("conn.database") }) }]}
      >
        <Input id="mysql-database" placeholder="crm" />
      </Form.Item>
      <Alert type="info" showIcon data-testid="conn-shared-hint" title={t("conn.sharedHint")} style={{ marginBottom: 12 }} />
      <Row gutter={12}>
        <Col span={12}>
          <Form.Item
            name="username"
            label={t("conn.loginUser")}
            dependencies={["password"]}
            rules={[bothOrNone("password", t("conn.loginUser"))]}
          >
            <Input id="mysql-login-user" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="password"
            label={t("conn.loginPassword")}
            dependencies={["username"]}
            rules={[bothOrNone("username", t("conn.loginPassword"))]}
          >
            <Input.Password id="mysql-login-password" autoComplete="off" />
          </Form.Item>
        </Col>
      </Row>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: -12 }}>
        {t("conn.loginHint")}
      </Typography.Paragraph>
      <TlsFields tls={tls} plainToRemote={plainToRemote} />
      {check && (
        <Alert
          data-testid="conn-result"
          type={usable(check) ? "success" : "error"}
          showIcon
          message={CONNECTION_STATUS.label(t, check.status)}
          description={check.message}
          style={{ marginBottom: 12 }}
        />
      )}
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Space>
        <Button onClick={() => run("test")} loading={busy === "test"} id="mysql-test">
          {t("conn.test")}
        </Button>
        <Button type="primary" onClick={() => run("save")} loading={busy === "save"} id="mysql-save">
          {t("conn.saveAndConnect")}
        </Button>
      </Space>
    </Form>
  );
}

/** First run: where should the data live? */
export default function Connection({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  useEffect(() => {
    api.uiReady("connection").catch(() => {});
  }, []);
  const [company, setCompany] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const chooseLocal = useApiMutation(() => api.profile.useLocal(), { showError: (_, e) => setError(e.message), onSuccess: onDone });
  const local = () => {
    setError(null);
    return chooseLocal.run();
  };

  return (
    <div className="center-page">
      <div style={{ width: 760 }}>
        <Typography.Title level={2} style={{ textAlign: "center" }}>
          {t("setup.title")}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center", marginBottom: 24 }}>
          {t("conn.choose")}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Row gutter={16}>
          <Col span={12}>
            <Card hoverable style={{ height: "100%" }} data-testid="choose-local">
              <Space direction="vertical" size="middle" style={{ width: "100%" }}>
                <DesktopOutlined style={{ fontSize: 32, color: "#1677ff" }} />
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t("conn.local")}
                </Typography.Title>
                <Typography.Text type="secondary">{t("conn.localDesc")}</Typography.Text>
                <Button type="primary" block size="large" loading={chooseLocal.busy} onClick={local} id="use-local">
                  {t("conn.useLocal")}
                </Button>
              </Space>
            </Card>
          </Col>
          <Col span={12}>
            <Card hoverable style={{ height: "100%" }} data-testid="choose-company">
              <Space direction="vertical" size="middle" style={{ width: "100%" }}>
                <CloudServerOutlined style={{ fontSize: 32, color: "#13a8a8" }} />
                <Typography.Title level={4} style={{ margin: 0 }}>
                  {t("conn.company")}
                </Typography.Title>
                <Typography.Text type="secondary">{t("conn.companyDesc")}</Typography.Text>
                {!company && (
                  <Button block size="large" onClick={() => setCompany(true)} id="use-company">
                    {t("conn.useCompany")}
                  </Button>
                )}
              </Space>
            </Card>
          </Col>
        </Row>
        {company && (
          <Card style={{ marginTop: 16 }} title={t("conn.company")}>
            <MysqlForm onSaved={onDone} />
          </Card>
        )}
      </div>
    </div>
  );
}
