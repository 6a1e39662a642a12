// 系统设置 → 更新: the company's update feed and whether desktops check by themselves
// (settings:update changes it; everyone signed in sees it), and "Check now" with what this
// desktop found: its version, whether updates work here, where its policy comes from (this
// computer's update.json or the environment win over the company setting), and the offer.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Form, Input, Skeleton, Space, Switch, Tag, Typography } from "antd";
import { CloudDownloadOutlined, SyncOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, updateKeys, type UpdatePolicy, type UpdateStatus } from "../../api";
import { POLICY_ORIGIN } from "../../domain/enums";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { reloadInto } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";
import UpdateDialog from "../update/UpdateDialog";
import { offerOf, useCheckNow, useUpdateStatus, when } from "../update/useUpdate";

const FIELDS = ["feed", "autoCheck"] as const;

/** The policy form and the check. */
export default function UpdatesTab({ editable }: { editable: boolean }) {
  return (
    <Space orientation="vertical" size="large" style={{ width: "100%" }}>
      <PolicyCard editable={editable} />
      <CheckCard />
    </Space>
  );
}

function PolicyCard({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: updateKeys.policy(), queryFn: api.update.policy });
  const [form] = Form.useForm<UpdatePolicy>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog). Saved,
  // the last check is asked again (the feed may have changed).
  const save = useApiMutation(
    (v: UpdatePolicy) => api.update.setPolicy({ feed: (v.feed ?? "").trim(), autoCheck: !!v.autoCheck, lockVersion: q.data?.lockVersion }),
    {
      form,
      fields: FIELDS,
      invalidates: ["updates"],
      success: t("form.saved"),
      onSuccess: (saved) => {
        form.setFieldsValue(saved);
        qc.setQueryData(updateKeys.policy(), saved);
      },
      reload: () => reloadInto(form, q.refetch),
    },
  );

  if (q.isLoading)
    return (
      <Card>
        <Skeleton active />
      </Card>
    );
  if (q.error)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={
          <Button size="small" onClick={() => q.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );

  return (
    <Card data-testid="update-settings">
      <Typography.Paragraph type="secondary">{t("update.hint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 640 }}>
        <Form.Item name="feed" label={t("update.feed")} extra={t("update.feedHint")}>
          <Input id="update-feed" placeholder={t("update.feedPlaceholder")} allowClear />
        </Form.Item>
        <Form.Item name="autoCheck" label={t("update.autoCheck")} valuePropName="checked" extra={t("update.autoCheckHint")}>
          <Switch id="update-auto-check" />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.busy} id="update-save">
            {t("form.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}

function CheckCard() {
  const { t } = useI18n();
  const status = useUpdateStatus();
  const check = useCheckNow();
  const s = status.data ?? null;
  return (
    <Card
      title={t("update.checkTitle")}
      data-testid="update-check"
      extra={
        <Button icon={<SyncOutlined />} onClick={check.run} loading={check.busy || status.isFetching} id="update-check-now">
          {t("update.checkNow")}
        </Button>
      }
    >
      {status.isLoading ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : status.error ? (
        <Alert
          type="error"
          showIcon
          data-testid="update-check-error"
          title={t("update.checkFailed")}
          description={errorMessage(t, status.error)}
        />
      ) : s ? (
        <CheckResult s={s} />
      ) : (
        <Typography.Text type="secondary">{t("update.notChecked")}</Typography.Text>
      )}
    </Card>
  );
}

function CheckResult({ s }: { s: UpdateStatus }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const offer = offerOf(s);
  // This computer's update.json or the environment decide here, whatever the company setting says.
  const overridden = s.origin === "localFile" || s.origin === "environment";
  return (
    <Space orientation="vertical" size={12} style={{ width: "100%" }} data-testid="update-check-result">
      {overridden && (
        <Alert
          type="warning"
          showIcon
          data-testid="update-origin-override"
          title={t("update.overridden", { origin: POLICY_ORIGIN.label(t, s.origin) })}
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { width: 150, whiteSpace: "nowrap" } }}
        items={[
          {
            key: "current",
            label: t("update.currentVersion"),
            children: <span data-testid="update-current-version">{s.currentVersion}</span>,
          },
          {
            key: "state",
            label: t("update.state"),
            children: (
              <span data-testid="update-state">
                {s.enabled ? <Tag color="success">{t("update.enabled")}</Tag> : t("update.disabled", { reason: s.disabledReason ?? "" })}
              </span>
            ),
          },
          {
            key: "origin",
            label: t("update.origin"),
            children: (
              <Space wrap size={6} data-testid="update-origin">
                <Tag color={POLICY_ORIGIN.color(s.origin)}>{POLICY_ORIGIN.label(t, s.origin)}</Tag>
                {s.feed && (
                  <Typography.Text code copyable style={{ wordBreak: "break-all" }} data-testid="update-feed-in-force">
                    {s.feed}
                  </Typography.Text>
                )}
              </Space>
            ),
          },
          { key: "checkedAt", label: t("update.checkedAt"), children: <span data-testid="update-checked-at">{when(s.checkedAt)}</span> },
          {
            key: "result",
            label: t("update.result"),
            children: offer ? (
              <Space wrap size={8}>
                <Typography.Text strong data-testid="update-offer">
                  {t("update.available", { version: offer.version })}
                </Typography.Text>
                <Button type="primary" size="small" icon={<CloudDownloadOutlined />} onClick={() => setOpen(true)} id="update-view-offer">
                  {t("update.view")}
                </Button>
              </Space>
            ) : (
              <span data-testid="update-no-offer">{s.error ? "-" : s.enabled ? t("update.upToDate") : "-"}</span>
            ),
          },
        ]}
      />
      {s.error && <Alert type="error" showIcon data-testid="update-check-error" title={t("update.checkFailed")} description={s.error} />}
      <UpdateDialog offer={offer} open={open} onClose={() => setOpen(false)} />
    </Space>
  );
}
