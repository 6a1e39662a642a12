// The SMS gateway part of the marketing settings: which gateway carries the messages (the
// local outbox file, Aliyun or Tencent Cloud) and how to reach it — saved with the other
// settings — then, for this computer, the provider's secret in the OS keyring and a test
// message through the saved gateway. The secret and the test act on the settings as saved,
// so both say so when the form has unsaved gateway changes.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Form, Input, InputNumber, Radio, Select, Space, Tag, Typography } from "antd";
import { useState } from "react";
import { api, marketingKeys } from "../../api";
import type { GatewayStatus } from "../../api/types/GatewayStatus";
import type { SmsGatewaySettings } from "../../api/types/SmsGatewaySettings";
import type { TestSend } from "../../api/types/TestSend";
import { useSession } from "../../app/session";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey, type T } from "../../i18n";
import { useTemplates } from "./shared";

export const GATEWAY_OUTBOX = "outbox";
export const GATEWAY_ALIYUN = "aliyun";
export const GATEWAY_TENCENT = "tencent";
export const GATEWAY_KINDS = [GATEWAY_OUTBOX, GATEWAY_ALIYUN, GATEWAY_TENCENT] as const;

export const ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com";
export const TENCENT_ENDPOINT = "https://sms.tencentcloudapi.com";

/** The gateway as the form holds it (a cleared number box is null). */
export type GatewayForm = Omit<SmsGatewaySettings, "perSecond"> & { perSecond: number | null };

/** What a company without gateway settings has (the backend's default). */
export const DEFAULT_GATEWAY: SmsGatewaySettings = {
  kind: GATEWAY_OUTBOX,
  endpoint: "",
  keyId: "",
  region: "ap-guangzhou",
  appId: "",
  perSecond: 10,
};

export const gatewayToForm = (g: SmsGatewaySettings | null | undefined): GatewayForm => ({ ...DEFAULT_GATEWAY, ...(g ?? {}) });

export const gatewayFromForm = (g: Partial<GatewayForm> | undefined): SmsGatewaySettings => ({
  kind: g?.kind || GATEWAY_OUTBOX,
  endpoint: (g?.endpoint ?? "").trim(),
  keyId: (g?.keyId ?? "").trim(),
  region: (g?.region ?? "").trim(),
  appId: (g?.appId ?? "").trim(),
  perSecond: g?.perSecond ?? 0,
});

/** The gateway's fields the form shows for a kind (a backend error on another one is a toast). */
export function gatewayFieldsShown(kind: string): (keyof GatewayForm)[] {
  if (kind === GATEWAY_ALIYUN) return ["kind", "endpoint", "keyId", "perSecond"];
  if (kind === GATEWAY_TENCENT) return ["kind", "endpoint", "keyId", "region", "appId", "perSecond"];
  return ["kind"];
}

const isProvider = (kind: string | undefined) => kind === GATEWAY_ALIYUN || kind === GATEWAY_TENCENT;

export const gatewayLabel = (t: T, kind: string | undefined) =>
  kind === GATEWAY_ALIYUN ? t("mkt.set.gw.aliyun") : kind === GATEWAY_TENCENT ? t("mkt.set.gw.tencent") : t("mkt.set.gw.outbox");

const KIND_HINT: Record<string, MessageKey> = {
  [GATEWAY_OUTBOX]: "mkt.set.gw.outboxHint",
  [GATEWAY_ALIYUN]: "mkt.set.gw.aliyunHint",
  [GATEWAY_TENCENT]: "mkt.set.gw.tencentHint",
};

/** This computer's view of the saved gateway (outbox file, whether its keyring holds the secret). */
export const gatewayStatusKey = () => [...marketingKeys.all, "gatewayStatus"] as const;

const SECTION = { marginBottom: 16 } as const;

/**
 * The gateway's form items (inside the settings form, under `smsGateway`), the secret and
 * the test. `saved`: the gateway as last loaded or saved.
 */
export default function GatewaySection({ saved }: { saved: SmsGatewaySettings | undefined }) {
  const { t } = useI18n();
  const form = Form.useFormInstance();
  const kind = (Form.useWatch(["smsGateway", "kind"], form) as string | undefined) ?? saved?.kind ?? GATEWAY_OUTBOX;
  const watched = Form.useWatch("smsGateway", { form, preserve: true }) as Partial<GatewayForm> | undefined;
  const status = useQuery({ queryKey: gatewayStatusKey(), queryFn: api.marketing.gatewayStatus });

  const current = gatewayFromForm(watched);
  const savedGw = saved ? gatewayFromForm(saved) : undefined;
  // The keyring entry belongs to the saved kind and key id; the test uses every saved field.
  const secretTargetUnsaved = !savedGw || savedGw.kind !== current.kind || savedGw.keyId !== current.keyId;
  const gatewayUnsaved =
    !!watched && !!savedGw && (Object.keys(savedGw) as (keyof SmsGatewaySettings)[]).some((k) => savedGw[k] !== current[k]);
  const tencent = kind === GATEWAY_TENCENT;
  const keyIdLabel = tencent ? t("mkt.set.gw.tencentKeyId") : t("mkt.set.gw.aliyunKeyId");

  return (
    <>
      <Typography.Title level={5}>{t("mkt.set.gateway")}</Typography.Title>
      <Form.Item
        name={["smsGateway", "kind"]}
        label={t("mkt.set.gw.kind")}
        extra={KIND_HINT[kind] ? t(KIND_HINT[kind]) : undefined}
        rules={[{ required: true, message: t("common.required", { label: t("mkt.set.gw.kind") }) }]}
      >
        <Radio.Group
          id="gateway-kind"
          optionType="button"
          buttonStyle="solid"
          options={GATEWAY_KINDS.map((k) => ({ value: k, label: gatewayLabel(t, k) }))}
        />
      </Form.Item>

      {!isProvider(kind) ? (
        <Form.Item label={t("mkt.set.gw.outboxPath")} extra={status.data?.outboxPath ? t("mkt.set.gw.outboxPathHint") : undefined}>
          {status.data?.kind === GATEWAY_OUTBOX && status.data.outboxPath ? (
            <Typography.Text code copyable data-testid="gateway-outbox-path" style={{ wordBreak: "break-all" }}>
              {status.data.outboxPath}
            </Typography.Text>
          ) : status.isLoading ? (
            <Typography.Text type="secondary">…</Typography.Text>
          ) : status.error ? (
            <StatusError error={status.error} retry={() => status.refetch()} />
          ) : (
            <Typography.Text type="secondary">{t("mkt.set.gw.outboxAfterSave")}</Typography.Text>
          )}
        </Form.Item>
      ) : (
        <>
          <Form.Item name={["smsGateway", "endpoint"]} label={t("mkt.set.gw.endpoint")} extra={t("mkt.set.gw.endpointHint")}>
            <Input
              id="gateway-endpoint"
              maxLength={200}
              allowClear
              placeholder={tencent ? TENCENT_ENDPOINT : ALIYUN_ENDPOINT}
              style={{ maxWidth: 420 }}
            />
          </Form.Item>
          <Form.Item
            name={["smsGateway", "keyId"]}
            label={keyIdLabel}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: keyIdLabel }) }]}
          >
            <Input id="gateway-key-id" maxLength={128} autoComplete="off" spellCheck={false} style={{ maxWidth: 420 }} />
          </Form.Item>
          {tencent && (
            <Space align="start" wrap size={16}>
              <Form.Item
                name={["smsGateway", "region"]}
                label={t("mkt.set.gw.region")}
                extra={t("mkt.set.gw.regionHint")}
                rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.set.gw.region") }) }]}
              >
                <Input id="gateway-region" maxLength={40} placeholder="ap-guangzhou" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name={["smsGateway", "appId"]}
                label={t("mkt.set.gw.appId")}
                extra={t("mkt.set.gw.appIdHint")}
                rules={[
                  { required: true, whitespace: true, message: t("common.required", { label: t("mkt.set.gw.appId") }) },
                  { pattern: /^\s*\d+\s*$/, message: t("mkt.set.gw.appIdDigits") },
                ]}
              >
                <Input id="gateway-app-id" maxLength={20} inputMode="numeric" style={{ width: 200 }} />
              </Form.Item>
            </Space>
          )}
          <Form.Item
            name={["smsGateway", "perSecond"]}
            label={t("mkt.set.gw.perSecond")}
            extra={t("mkt.set.gw.perSecondHint")}
            rules={[{ required: true, message: t("common.required", { label: t("mkt.set.gw.perSecond") }) }]}
          >
            <InputNumber
              id="gateway-per-second"
              min={1}
              max={1000}
              precision={0}
              suffix={t("mkt.set.gw.perSecondUnit")}
              style={{ width: 160 }}
            />
          </Form.Item>
          <Alert type="info" showIcon title={t("mkt.set.gw.templateHelp")} style={SECTION} data-testid="gateway-template-help" />
          <SecretCard
            kind={kind}
            status={status.data}
            statusError={status.error}
            retry={() => status.refetch()}
            unsaved={secretTargetUnsaved}
          />
        </>
      )}
      <TestCard unsaved={gatewayUnsaved} savedKind={savedGw?.kind} />
    </>
  );
}

function StatusError({ error, retry }: { error: unknown; retry: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      type="warning"
      showIcon
      title={t("mkt.set.gw.statusError")}
      description={errorMessage(t, error)}
      action={
        <Button size="small" onClick={retry}>
          {t("common.retry")}
        </Button>
      }
    />
  );
}

/** The provider's secret in this computer's keyring: its state, a box to save one, a way to remove it. */
function SecretCard({
  kind,
  status,
  statusError,
  retry,
  unsaved,
}: {
  kind: string;
  status: GatewayStatus | undefined;
  statusError: unknown;
  retry: () => void;
  unsaved: boolean;
}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const [secretForm] = Form.useForm<{ secret: string }>();
  const label = kind === GATEWAY_TENCENT ? t("mkt.set.gw.tencentSecret") : t("mkt.set.gw.aliyunSecret");
  // The state shown is that of the saved kind and key id (the keyring entry is keyed by them).
  const known = !unsaved && status?.kind === kind;
  const stored = known && status.secretStored;
  const store = useApiMutation((secret: string) => api.marketing.setGatewaySecret(secret), {
    form: secretForm,
    fields: ["smsGateway.secret", "secret"],
    fieldAliases: { "smsGateway.secret": "secret" },
    success: (_, secret) => (secret ? t("mkt.set.gw.secretSaved") : t("mkt.set.gw.secretCleared")),
    onSuccess: (next: GatewayStatus) => {
      // Never kept on screen: the box is emptied whatever happened before.
      secretForm.resetFields();
      qc.setQueryData(gatewayStatusKey(), next);
      void qc.invalidateQueries({ queryKey: gatewayStatusKey() });
    },
  });
  const save = async () => {
    const v = await secretForm.validateFields().catch(() => null);
    if (v) await store.run(v.secret.trim());
  };
  const clear = () =>
    modal.confirm({
      title: t("mkt.set.gw.clearTitle"),
      content: t("mkt.set.gw.clearBody", { gateway: gatewayLabel(t, kind) }),
      okText: t("mkt.set.gw.secretClear"),
      okButtonProps: { danger: true, id: "gateway-secret-clear-ok" },
      onOk: () => store.run(""),
    });

  return (
    <Card
      size="small"
      type="inner"
      title={label}
      style={SECTION}
      data-testid="gateway-secret-card"
      extra={
        known ? (
          <Tag color={stored ? "green" : "orange"} data-testid="gateway-secret-status" style={{ marginInlineEnd: 0 }}>
            {stored ? t("mkt.set.gw.secretStored") : t("mkt.set.gw.secretMissing")}
          </Tag>
        ) : undefined
      }
    >
      {statusError ? <StatusError error={statusError} retry={retry} /> : null}
      {unsaved && <Alert type="warning" showIcon title={t("mkt.set.gw.saveFirst")} style={{ marginBottom: 12 }} />}
      {/* No <form> of its own: it sits inside the settings form (Enter is handled here). */}
      <Form form={secretForm} component={false} layout="vertical">
        <Form.Item extra={t("mkt.set.gw.secretHint")} style={{ marginBottom: 0 }}>
          <Space.Compact style={{ maxWidth: 600, width: "100%" }}>
            <Form.Item name="secret" noStyle rules={[{ required: true, whitespace: true, message: t("common.required", { label }) }]}>
              <Input.Password
                id="gateway-secret"
                aria-label={label}
                autoComplete="new-password"
                spellCheck={false}
                maxLength={200}
                placeholder={t("mkt.set.gw.secretPlaceholder")}
                onPressEnter={(e) => {
                  e.preventDefault();
                  if (!unsaved) void save();
                }}
              />
            </Form.Item>
            <Button type="primary" id="gateway-secret-save" onClick={save} loading={store.busy} disabled={unsaved}>
              {t("mkt.set.gw.secretSave")}
            </Button>
            {stored && (
              <Button id="gateway-secret-clear" danger onClick={clear} disabled={store.busy}>
                {t("mkt.set.gw.secretClear")}
              </Button>
            )}
          </Space.Compact>
        </Form.Item>
      </Form>
    </Card>
  );
}

/** One template to one number through the saved gateway; the outcome in an alert. */
function TestCard({ unsaved, savedKind }: { unsaved: boolean; savedKind: string | undefined }) {
  const { t } = useI18n();
  const { can } = useSession();
  const templates = useTemplates();
  const [testForm] = Form.useForm<{ templateId: number | undefined; phone: string }>();
  const [result, setResult] = useState<TestSend | null>(null);
  const send = useApiMutation((v: { templateId: number; phone: string }) => api.marketing.testGateway(v.templateId, v.phone), {
    form: testForm,
    fields: ["templateId", "phone"],
    onSuccess: (r) => setResult(r),
  });
  if (!can("marketing:send")) return null;
  const provider = isProvider(savedKind);
  const enabled = (templates.data ?? []).filter((x) => x.isEnabled);
  const run = async () => {
    const v = await testForm.validateFields().catch(() => null);
    if (!v || v.templateId == null) return;
    setResult(null);
    await send.run({ templateId: v.templateId, phone: v.phone.trim() });
  };

  return (
    <Card size="small" type="inner" title={t("mkt.set.gw.test")} style={SECTION} data-testid="gateway-test-card">
      {unsaved && <Alert type="warning" showIcon title={t("mkt.set.gw.testUnsaved")} style={{ marginBottom: 12 }} />}
      <Form form={testForm} component={false} layout="vertical">
        <Space align="start" wrap size={12}>
          <Form.Item
            name="templateId"
            label={t("mkt.set.gw.testTemplate")}
            rules={[{ required: true, message: t("common.required", { label: t("mkt.set.gw.testTemplate") }) }]}
            extra={templates.isSuccess && enabled.length === 0 ? t("mkt.cmp.noTemplates") : undefined}
            style={{ marginBottom: 12 }}
          >
            <Select<number>
              id="gateway-test-template"
              showSearch={{ optionFilterProp: "label" }}
              loading={templates.isLoading}
              placeholder={t("mkt.set.gw.testTemplatePlaceholder")}
              style={{ width: 260 }}
              options={enabled.map((x) => {
                const code = x.providerCode?.trim();
                return {
                  value: x.id,
                  label: code ? `${x.templateName} · ${code}` : x.templateName,
                  // A provider sends only templates it approved (by their code).
                  disabled: provider && !code,
                  title: provider && !code ? t("mkt.set.gw.noCode") : undefined,
                };
              })}
            />
          </Form.Item>
          <Form.Item
            name="phone"
            label={t("mkt.set.gw.testPhone")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.set.gw.testPhone") }) }]}
            style={{ marginBottom: 12 }}
          >
            <Input
              id="gateway-test-phone"
              maxLength={20}
              inputMode="tel"
              autoComplete="off"
              placeholder={t("mkt.set.gw.testPhonePlaceholder")}
              style={{ width: 200 }}
              onPressEnter={(e) => {
                e.preventDefault();
                void run();
              }}
            />
          </Form.Item>
          <Form.Item label=" " colon={false} style={{ marginBottom: 12 }}>
            <Button id="gateway-test-send" onClick={run} loading={send.busy}>
              {t("mkt.set.gw.testSend")}
            </Button>
          </Form.Item>
        </Space>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginBottom: result ? 12 : 0 }}>
        {t("mkt.set.gw.testHint")}
      </Typography.Paragraph>
      {result && <TestResult r={result} onClose={() => setResult(null)} />}
    </Card>
  );
}

function TestResult({ r, onClose }: { r: TestSend; onClose: () => void }) {
  const { t } = useI18n();
  const gateway = gatewayLabel(t, r.gateway);
  const line = (label: string, value: string | null | undefined, testId: string, code = false) =>
    value ? (
      <div>
        <Typography.Text type="secondary">{label}:</Typography.Text>{" "}
        <Typography.Text code={code} copyable={code} data-testid={testId} style={{ wordBreak: "break-all" }}>
          {value}
        </Typography.Text>
      </div>
    ) : null;
  return (
    <Alert
      type={r.submitted ? "success" : "error"}
      showIcon
      closable={{ onClose }}
      data-testid="gateway-test-result"
      title={r.submitted ? t("mkt.set.gw.testOk", { gateway, phone: r.phone }) : t("mkt.set.gw.testFailed", { gateway, phone: r.phone })}
      description={
        <>
          {r.submitted ? (
            line(t("mkt.set.gw.msgId"), r.providerMsgId, "gateway-test-msgid", true)
          ) : (
            <>
              {line(t("mkt.set.gw.errorCode"), r.errorCode, "gateway-test-code", true)}
              {line(t("mkt.set.gw.error"), r.error, "gateway-test-error")}
            </>
          )}
          {line(t("mkt.set.gw.text"), r.text, "gateway-test-text")}
        </>
      }
    />
  );
}
