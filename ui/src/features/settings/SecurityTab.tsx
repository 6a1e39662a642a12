import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, InputNumber, Skeleton, Switch, Typography } from "antd";
import { useEffect } from "react";
import { api, settingsKeys, type SecurityPolicy } from "../../api";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { reloadInto } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";

const FIELDS = ["idleLockMinutes", "quotationAcceptNeedsApproval"] as const;

/** The longest idle lock the backend accepts (a working day). */
export const MAX_IDLE_LOCK_MINUTES = 480;

/** The company's security policy: the idle lock and who may accept quotations. */
export default function SecurityTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: settingsKeys.security(), queryFn: api.settings.securityPolicy });
  const [form] = Form.useForm<SecurityPolicy>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog).
  const save = useApiMutation(
    (v: SecurityPolicy) =>
      api.settings.setSecurityPolicy({
        idleLockMinutes: v.idleLockMinutes ?? 0,
        quotationAcceptNeedsApproval: !!v.quotationAcceptNeedsApproval,
        lockVersion: q.data?.lockVersion,
      }),
    {
      form,
      fields: FIELDS,
      invalidates: ["settings"],
      success: t("form.saved"),
      onSuccess: (saved) => {
        form.setFieldsValue(saved);
        qc.setQueryData(settingsKeys.security(), saved);
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
    <Card data-testid="security-settings">
      <Typography.Paragraph type="secondary">{t("security.hint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 640 }}>
        <Form.Item
          name="idleLockMinutes"
          label={t("security.idleLock")}
          extra={t("security.idleLockHint")}
          rules={[{ required: true, message: t("common.required", { label: t("security.idleLock") }) }]}
        >
          <InputNumber
            id="security-idle-minutes"
            min={0}
            max={MAX_IDLE_LOCK_MINUTES}
            precision={0}
            suffix={t("security.minutes")}
            style={{ width: 200 }}
          />
        </Form.Item>
        <Form.Item
          name="quotationAcceptNeedsApproval"
          label={t("security.acceptNeedsApproval")}
          valuePropName="checked"
          extra={t("security.acceptNeedsApprovalHint")}
        >
          <Switch id="security-accept-approval" />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.busy} id="security-save">
            {t("form.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}
