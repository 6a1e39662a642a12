import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, InputNumber, Skeleton, Switch, Typography } from "antd";
import { useEffect } from "react";
import { api, receivableKeys, type ReceivableSettings } from "../../api";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

const FIELDS = ["allowOverCollection", "dueSoonDays"] as const;

/** The longest due-soon reminder the backend accepts. */
export const MAX_DUE_SOON_DAYS = 90;

/** Finance's options: may receipts exceed the contract total, and how early plans falling due show in the to-do list. */
export default function ReceivablesSettingsTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: receivableKeys.settings(), queryFn: api.receivables.settings });
  const [form] = Form.useForm<ReceivableSettings>();
  const over = Form.useWatch("allowOverCollection", form);
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);

  const save = useApiMutation(
    (v: ReceivableSettings) =>
      api.receivables.setSettings({ allowOverCollection: !!v.allowOverCollection, dueSoonDays: v.dueSoonDays ?? 0 }),
    {
      form,
      fields: FIELDS,
      invalidates: ["receivableSettings"],
      success: t("form.saved"),
      onSuccess: (saved) => {
        form.setFieldsValue(saved);
        qc.setQueryData(receivableKeys.settings(), saved);
      },
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
    <Card data-testid="receivable-settings">
      <Typography.Paragraph type="secondary">{t("rcvSettings.hint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 640 }}>
        <Form.Item
          name="allowOverCollection"
          label={t("rcvSettings.allowOver")}
          valuePropName="checked"
          extra={t("rcvSettings.allowOverHint")}
        >
          <Switch id="rcv-allow-over" />
        </Form.Item>
        {over && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 24 }}
            title={t("rcvSettings.allowOverWarning")}
            data-testid="rcv-over-warning"
          />
        )}
        <Form.Item
          name="dueSoonDays"
          label={t("rcvSettings.dueSoonDays")}
          extra={t("rcvSettings.dueSoonHint")}
          rules={[{ required: true, message: t("common.required", { label: t("rcvSettings.dueSoonDays") }) }]}
        >
          <InputNumber id="rcv-due-soon" min={0} max={MAX_DUE_SOON_DAYS} precision={0} suffix={t("common.days")} style={{ width: 200 }} />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.busy} id="rcv-settings-save">
            {t("form.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}
