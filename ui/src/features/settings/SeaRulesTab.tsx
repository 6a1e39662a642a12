import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Divider, Form, InputNumber, Row, Skeleton, Switch, Typography } from "antd";
import { useEffect } from "react";
import { api, seaKeys, type SeaRules } from "../../api";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { reloadInto } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";
import { describeRules } from "../customers/Sea";

const FIELDS = [
  "enabled",
  "daysA",
  "daysB",
  "daysC",
  "daysUnrated",
  "exemptDeal",
  "warnDays",
  "maxOwned",
  "reclaimCooldownDays",
  "leadDailyClaimCap",
] as const;

/** Public-sea and claim rules: when idle customers are recycled, warnings, caps and cool-downs. */
export default function SeaRulesTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: seaKeys.rules(), queryFn: api.sea.rules });
  const [form] = Form.useForm<SeaRules>();
  const enabled = Form.useWatch("enabled", form);
  const values = Form.useWatch([], form) as SeaRules | undefined;
  useEffect(() => {
    if (q.data) form.setFieldsValue(q.data);
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog).
  const save = useApiMutation((v: SeaRules) => api.sea.setRules({ ...v, lockVersion: q.data?.lockVersion }), {
    form,
    fields: FIELDS,
    invalidates: ["seaRules"],
    success: t("form.saved"),
    onSuccess: (saved) => {
      form.setFieldsValue(saved);
      qc.setQueryData(seaKeys.rules(), saved);
    },
    reload: () => reloadInto(form, q.refetch),
  });

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

  const days = (name: "daysA" | "daysB" | "daysC" | "daysUnrated", label: string) => (
    <Col xs={12} md={6}>
      <Form.Item name={name} label={label} rules={[{ required: true, message: t("common.required", { label }) }]}>
        <InputNumber
          min={1}
          max={3650}
          precision={0}
          suffix={t("common.days")}
          style={{ width: "100%" }}
          disabled={!editable || !enabled}
        />
      </Form.Item>
    </Col>
  );
  const num = (
    name: "warnDays" | "maxOwned" | "reclaimCooldownDays" | "leadDailyClaimCap",
    label: string,
    suffix: string,
    extra?: string,
    disabled?: boolean,
  ) => (
    <Col xs={24} md={12}>
      <Form.Item name={name} label={label} extra={extra} rules={[{ required: true, message: t("common.required", { label }) }]}>
        <InputNumber min={0} max={100000} precision={0} suffix={suffix} style={{ width: 200 }} disabled={disabled ?? !editable} />
      </Form.Item>
    </Col>
  );

  return (
    <Card data-testid="sea-rules-settings">
      <Typography.Paragraph type="secondary">{t("seaRules.hint")}</Typography.Paragraph>
      {values && values.daysA !== undefined && (
        <Alert type="info" showIcon style={{ marginBottom: 16, maxWidth: 760 }} title={describeRules(t, values)} />
      )}
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 760 }}>
        <Form.Item name="enabled" label={t("seaRules.enabled")} valuePropName="checked" extra={t("seaRules.enabledHint")}>
          <Switch id="sea-rules-enabled" />
        </Form.Item>
        <Typography.Text strong>{t("seaRules.daysTitle")}</Typography.Text>
        <Row gutter={16} style={{ marginTop: 8 }}>
          {days("daysA", t("seaRules.daysA"))}
          {days("daysB", t("seaRules.daysB"))}
          {days("daysC", t("seaRules.daysC"))}
          {days("daysUnrated", t("seaRules.daysUnrated"))}
        </Row>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="exemptDeal" label={t("seaRules.exemptDeal")} valuePropName="checked" extra={t("seaRules.exemptDealHint")}>
              <Switch disabled={!editable || !enabled} />
            </Form.Item>
          </Col>
          {num("warnDays", t("seaRules.warnDays"), t("common.days"), t("seaRules.warnDaysHint"), !editable || !enabled)}
        </Row>
        <Divider style={{ margin: "8px 0 16px" }} />
        <Row gutter={16}>
          {num("maxOwned", t("seaRules.maxOwned"), t("common.unitCustomers"), t("seaRules.zeroUnlimited"))}
          {num("reclaimCooldownDays", t("seaRules.cooldown"), t("common.days"), t("seaRules.cooldownHint"))}
          {num("leadDailyClaimCap", t("seaRules.leadCap"), t("common.unitLeads"), t("seaRules.zeroUnlimited"))}
        </Row>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.busy} id="sea-rules-save">
            {t("form.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}
