import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Form, Input, Select, Space, Table, Tabs, Typography, Upload } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { api, profileKeys, settingsKeys, type ChangePasswordInput, type CompanyProfile, type NumberRule } from "../../api";
import type { ResetPeriod } from "../../api/types/ResetPeriod";
import { useSession } from "../../app/session";
import { DOC_TYPE, RESET_PERIOD, TLS_MODE } from "../../domain/enums";
import { useApiAction, useApiMutation } from "../../hooks/useApiMutation";
import { reloadInto } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";
import { MysqlForm } from "../auth/Connection";
import BackupTab from "./BackupTab";
import ReceivablesSettingsTab from "./ReceivablesTab";
import SeaRulesTab from "./SeaRulesTab";
import SecurityTab from "./SecurityTab";
import ServiceSettingsTab from "./ServiceTab";
import StagesTab from "./StagesTab";
import TransferTab, { useTransferOffered } from "./TransferTab";
import UpdatesTab from "./UpdatesTab";

const COMPANY_FIELDS = ["name", "address", "phone", "taxId", "bankName", "bankAccount", "logo"] as const;

function CompanyTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: settingsKeys.company(), queryFn: api.settings.company });
  const [form] = Form.useForm<CompanyProfile>();
  const logo = Form.useWatch("logo", form);
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog).
  const save = useApiMutation(
    (v: CompanyProfile) => api.settings.setCompany({ ...v, logo: v.logo || null, lockVersion: q.data?.lockVersion }),
    {
      form,
      fields: COMPANY_FIELDS,
      invalidates: ["settings"],
      success: t("form.saved"),
      onSuccess: (saved) => {
        form.setFieldsValue(saved);
        qc.setQueryData(settingsKeys.company(), saved);
      },
      reload: () => reloadInto(form, q.refetch),
    },
  );

  return (
    <Card>
      <Typography.Paragraph type="secondary">{t("settings.companyHint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 640 }}>
        <Form.Item
          name="name"
          label={t("settings.companyName")}
          rules={[{ required: true, message: t("common.required", { label: t("settings.companyName") }) }]}
        >
          <Input id="company-name" />
        </Form.Item>
        <Form.Item name="address" label={t("settings.address")}>
          <Input />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="phone" label={t("settings.phone")}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="taxId" label={t("settings.taxId")}>
            <Input style={{ width: 280 }} />
          </Form.Item>
        </Space>
        <Space size="large" wrap>
          <Form.Item name="bankName" label={t("settings.bankName")}>
            <Input style={{ width: 280 }} />
          </Form.Item>
          <Form.Item name="bankAccount" label={t("settings.bankAccount")}>
            <Input style={{ width: 220 }} />
          </Form.Item>
        </Space>
        <Form.Item name="logo" label={t("settings.logo")} extra={t("settings.logoHint")}>
          <Space align="center">
            {logo && <img src={logo} alt="logo" style={{ maxHeight: 48, maxWidth: 160, border: "1px solid #eee", padding: 4 }} />}
            <Upload
              accept="image/png,image/jpeg"
              showUploadList={false}
              beforeUpload={(file) => {
                const r = new FileReader();
                r.onload = () => form.setFieldValue("logo", String(r.result));
                r.readAsDataURL(file);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />}>{t("settings.chooseLogo")}</Button>
            </Upload>
            {logo && <Button onClick={() => form.setFieldValue("logo", null)}>{t("common.delete")}</Button>}
          </Space>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={save.busy} id="company-save">
          {t("form.save")}
        </Button>
      </Form>
    </Card>
  );
}

function NumbersTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: settingsKeys.numberRules(), queryFn: api.settings.numberRules });
  const [drafts, setDrafts] = useState<Record<string, { pattern: string; resetPeriod: ResetPeriod }>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const update = useApiMutation(
    (r: NumberRule) => {
      const d = drafts[r.docType] ?? r;
      return api.settings.updateNumberRule({ docType: r.docType, pattern: d.pattern, resetPeriod: d.resetPeriod });
    },
    {
      invalidates: ["settings"],
      success: t("form.saved"),
      onSuccess: (_, r) => {
        setErrors((e) => ({ ...e, [r.docType]: "" }));
        setDrafts((x) => {
          const n = { ...x };
          delete n[r.docType];
          return n;
        });
      },
      // The refusal shows under the rule's pattern (the row is the rule's "field").
      onError: (e, r) => {
        setErrors((x) => ({ ...x, [r.docType]: e.message }));
        return true;
      },
    },
  );
  const save = (r: NumberRule) => update.run(r);
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t("settings.numbersHint")}</Typography.Paragraph>
      <Table<NumberRule>
        rowKey="docType"
        pagination={false}
        loading={q.isFetching}
        dataSource={q.data ?? []}
        columns={[
          { title: t("settings.docType"), dataIndex: "docType", width: 120, render: (v: NumberRule["docType"]) => DOC_TYPE.label(t, v) },
          {
            title: t("settings.pattern"),
            key: "pattern",
            render: (_, r) => (
              <div>
                <Input
                  disabled={!editable}
                  value={(drafts[r.docType] ?? r).pattern}
                  status={errors[r.docType] ? "error" : undefined}
                  onChange={(e) => setDrafts((x) => ({ ...x, [r.docType]: { ...(x[r.docType] ?? r), pattern: e.target.value } }))}
                />
                {errors[r.docType] && <Typography.Text type="danger">{errors[r.docType]}</Typography.Text>}
              </div>
            ),
          },
          {
            title: t("settings.reset"),
            key: "reset",
            width: 140,
            render: (_, r) => (
              <Select<ResetPeriod>
                disabled={!editable}
                style={{ width: 120 }}
                value={(drafts[r.docType] ?? r).resetPeriod}
                onChange={(v) => setDrafts((x) => ({ ...x, [r.docType]: { ...(x[r.docType] ?? r), resetPeriod: v } }))}
                options={RESET_PERIOD.options(t)}
              />
            ),
          },
          { title: t("settings.example"), dataIndex: "example", width: 180 },
          {
            title: "",
            key: "save",
            width: 90,
            render: (_, r) =>
              editable && (
                <Button size="small" disabled={!drafts[r.docType]} onClick={() => save(r)}>
                  {t("form.save")}
                </Button>
              ),
          },
        ]}
      />
    </Card>
  );
}

function DatabaseTab() {
  const { t } = useI18n();
  const { can } = useSession();
  const { act } = useApiAction();
  const profile = useQuery({ queryKey: profileKeys.current(), queryFn: api.profile.get });
  const status = useQuery({
    queryKey: settingsKeys.dbStatus(),
    queryFn: api.settings.dbStatus,
    enabled: can("settings:read"),
  });
  const [switching, setSwitching] = useState(false);
  const { modal } = App.useApp();
  const p = profile.data?.active;
  const reload = () => window.location.reload();
  return (
    <Space direction="vertical" size="large" style={{ width: "100%" }}>
      <Card title={t("settings.currentDb")}>
        {p && (
          <Descriptions column={1} size="small">
            <Descriptions.Item label={t("settings.kind")}>{p.kind === "local" ? t("conn.local") : t("conn.company")}</Descriptions.Item>
            {p.kind === "local" ? (
              <Descriptions.Item label={t("settings.file")}>{p.path ?? profile.data?.defaultLocalPath}</Descriptions.Item>
            ) : (
              <>
                <Descriptions.Item label={t("conn.host")}>{`${p.host}:${p.port}`}</Descriptions.Item>
                <Descriptions.Item label={t("conn.database")}>{p.database}</Descriptions.Item>
                <Descriptions.Item label={t("conn.tls")}>{TLS_MODE.label(t, p.tls)}</Descriptions.Item>
              </>
            )}
            {status.data && <Descriptions.Item label={t("settings.schema")}>{status.data.schema.dbVersion}</Descriptions.Item>}
          </Descriptions>
        )}
        <Space style={{ marginTop: 12 }}>
          {p?.kind !== "local" && (
            <Button
              onClick={() =>
                modal.confirm({
                  title: t("settings.switchLocal"),
                  content: t("settings.switchHint"),
                  onOk: () => act("local", api.profile.useLocal, null, reload),
                })
              }
            >
              {t("settings.switchLocal")}
            </Button>
          )}
          <Button onClick={() => setSwitching((s) => !s)}>{t("settings.switchCompany")}</Button>
        </Space>
        {switching && (
          <div style={{ marginTop: 16, maxWidth: 560 }}>
            <Alert type="info" showIcon message={t("settings.switchHint")} style={{ marginBottom: 12 }} />
            <MysqlForm
              onSaved={reload}
              initial={p?.kind === "mysql" ? { host: p.host, port: p.port, database: p.database, tls: p.tls, caFile: p.caFile } : undefined}
            />
          </div>
        )}
      </Card>
      {status.data && (
        <Card title={t("settings.counts")}>
          <Table
            size="small"
            pagination={false}
            rowKey={(r) => r[0]}
            dataSource={status.data.counts}
            columns={[
              { title: t("settings.table"), render: (_, r) => r[0] },
              { title: t("settings.rows"), render: (_, r) => r[1] },
            ]}
          />
        </Card>
      )}
    </Space>
  );
}

function AccountTab() {
  const { t } = useI18n();
  const [form] = Form.useForm<ChangePasswordInput & { confirm: string }>();
  const change = useApiMutation((v: ChangePasswordInput) => api.changePassword(v), {
    form,
    fields: ["oldPassword", "newPassword"],
    success: t("settings.passwordChanged"),
    onSuccess: () => form.resetFields(),
  });
  return (
    <Card style={{ maxWidth: 480 }}>
      <Form form={form} layout="vertical" onFinish={(v) => change.run({ oldPassword: v.oldPassword, newPassword: v.newPassword })}>
        <Form.Item
          name="oldPassword"
          label={t("settings.oldPassword")}
          rules={[{ required: true, message: t("common.required", { label: t("settings.oldPassword") }) }]}
        >
          <Input.Password autoComplete="current-password" />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t("settings.newPassword")}
          extra={t("setup.passwordHint")}
          rules={[{ required: true, message: t("common.required", { label: t("settings.newPassword") }) }]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t("setup.passwordConfirm")}
          dependencies={["newPassword"]}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, v) =>
                v === getFieldValue("newPassword") ? Promise.resolve() : Promise.reject(new Error(t("setup.mismatch"))),
            }),
          ]}
        >
          <Input.Password autoComplete="new-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={change.busy}>
          {t("settings.changePassword")}
        </Button>
      </Form>
    </Card>
  );
}

export default function Settings() {
  const { t } = useI18n();
  const { can } = useSession();
  const transferOffered = useTransferOffered();
  const items = [
    { key: "company", label: t("settings.company"), children: <CompanyTab editable={can("settings:update")} /> },
    can("settings:read") && {
      key: "numbers",
      label: t("settings.numbers"),
      children: <NumbersTab editable={can("settings:update")} />,
    },
    {
      key: "sea",
      label: <span data-testid="settings-tab-sea">{t("settings.seaRules")}</span>,
      children: <SeaRulesTab editable={can("settings:update")} />,
    },
    {
      key: "stages",
      label: <span data-testid="settings-tab-stages">{t("settings.stages")}</span>,
      children: <StagesTab editable={can("settings:update")} />,
    },
    {
      key: "receivables",
      label: <span data-testid="settings-tab-receivables">{t("rcvSettings.tab")}</span>,
      children: <ReceivablesSettingsTab editable={can("settings:update")} />,
    },
    // The service module's types, SLA targets and working hours (those who change settings).
    can("settings:update") && {
      key: "service",
      label: <span data-testid="settings-tab-service">{t("svc.tab")}</span>,
      children: <ServiceSettingsTab editable />,
    },
    can("settings:read") && {
      key: "security",
      label: <span data-testid="settings-tab-security">{t("settings.security")}</span>,
      children: <SecurityTab editable={can("settings:update")} />,
    },
    // The company's update feed (settings:update changes it) and "Check now" (anyone).
    {
      key: "updates",
      label: <span data-testid="settings-tab-updates">{t("update.tab")}</span>,
      children: <UpdatesTab editable={can("settings:update")} />,
    },
    { key: "database", label: t("settings.database"), children: <DatabaseTab /> },
    // Backups of the local database (a company database: who backs it up); restoring needs settings:update.
    can("settings:read") && {
      key: "backup",
      label: <span data-testid="backup-tab">{t("backup.tab")}</span>,
      children: <BackupTab editable={can("settings:update")} />,
    },
    // Moving this desktop's local database into the company database (local database, settings:update and user:create).
    transferOffered && {
      key: "transfer",
      label: <span data-testid="transfer-tab">{t("transfer.tab")}</span>,
      children: <TransferTab />,
    },
    { key: "account", label: t("settings.account"), children: <AccountTab /> },
  ].filter(Boolean) as { key: string; label: React.ReactNode; children: React.ReactNode }[];
  const [params, setParams] = useSearchParams();
  const tab = items.some((i) => i.key === params.get("tab")) ? params.get("tab")! : "company";
  return <Tabs items={items} activeKey={tab} onChange={(k) => setParams(k === "company" ? {} : { tab: k })} data-testid="settings-page" />;
}
