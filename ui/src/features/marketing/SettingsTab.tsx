// The marketing settings: the activity types offered, the attribution window (a contract
// signed from an activity's start up to N days after its end counts for it), the default SMS
// signature (without 【】), what a template variable becomes when a customer has no value
// for it, how many days a number is not sent the same template again, the hours marketing
// texts may go out, and the SMS gateway (./GatewaySection.tsx: the outbox or a provider, with
// this computer's secret and a test message). Saved with the version loaded (someone saving
// in between: the stale-save dialog).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, InputNumber, Skeleton, Space, Table, Tag, Typography } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, marketingKeys } from "../../api";
import type { MarketingSettings } from "../../api/types/MarketingSettings";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import GatewaySection, { gatewayFieldsShown, gatewayFromForm, gatewayToForm, type GatewayForm } from "./GatewaySection";
import { hourText, placeholder, useVariables, variableText } from "./shared";

export type SettingsForm = {
  activityTypes: string[];
  attributionDays: number | null;
  smsSign: string;
  smsFallbacks: Record<string, string>;
  smsDedupeDays: number | null;
  sendWindowStart: number | null;
  sendWindowEnd: number | null;
  smsGateway: GatewayForm;
};

const BRACKETS = /[\u3010\u3011]/g;

export function toForm(s: MarketingSettings): SettingsForm {
  const fallbacks: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.smsFallbacks ?? {})) if (typeof v === "string") fallbacks[k] = v;
  return {
    activityTypes: [...(s.activityTypes ?? [])],
    attributionDays: s.attributionDays,
    smsSign: s.smsSign ?? "",
    smsFallbacks: fallbacks,
    smsDedupeDays: s.smsDedupeDays ?? 7,
    sendWindowStart: s.sendWindowStart ?? 8,
    sendWindowEnd: s.sendWindowEnd ?? 21,
    smsGateway: gatewayToForm(s.smsGateway),
  };
}

/** The form as the backend's settings: types trimmed, the signature without 【】, only the fallbacks given, the gateway trimmed. */
export function fromForm(v: SettingsForm, lockVersion: number | undefined): MarketingSettings {
  const fallbacks: Record<string, string> = {};
  for (const [k, x] of Object.entries(v.smsFallbacks ?? {})) {
    const s = (x ?? "").trim();
    if (s) fallbacks[k] = s;
  }
  return {
    activityTypes: v.activityTypes.map((x) => x.trim()).filter(Boolean),
    attributionDays: v.attributionDays ?? 0,
    smsSign: (v.smsSign ?? "").replace(BRACKETS, "").trim(),
    smsFallbacks: fallbacks,
    smsDedupeDays: v.smsDedupeDays ?? 0,
    sendWindowStart: v.sendWindowStart ?? 0,
    sendWindowEnd: v.sendWindowEnd ?? 24,
    smsGateway: gatewayFromForm(v.smsGateway),
    lockVersion,
  };
}

/** The activity types as closable tags, with a box to add one. */
function TypeList({
  id,
  value = [],
  onChange,
  disabled,
}: {
  id?: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const trimmed = text.trim();
  const exists = value.includes(trimmed);
  const add = () => {
    if (!trimmed || exists) return;
    onChange?.([...value, trimmed]);
    setText("");
  };
  return (
    <div id={id}>
      <Space size={[6, 8]} wrap style={{ marginBottom: 8 }}>
        {value.map((v) => (
          <Tag
            key={v}
            closable={!disabled}
            onClose={() => onChange?.(value.filter((x) => x !== v))}
            data-testid={`mkt-type-${v}`}
            style={{ fontSize: 13, padding: "2px 8px" }}
          >
            {v}
          </Tag>
        ))}
      </Space>
      {!disabled && (
        <Space.Compact>
          <Input
            id="mkt-type-input"
            value={text}
            maxLength={50}
            status={exists ? "warning" : undefined}
            placeholder={t("mkt.set.typePlaceholder")}
            onChange={(e) => setText(e.target.value)}
            onPressEnter={(e) => {
              e.preventDefault();
              add();
            }}
            style={{ width: 200 }}
          />
          <Button icon={<PlusOutlined />} onClick={add} disabled={!trimmed || exists} data-testid="mkt-type-add">
            {t("mkt.set.addType")}
          </Button>
        </Space.Compact>
      )}
      {exists && (
        <Typography.Text type="warning" style={{ marginInlineStart: 8 }}>
          {t("mkt.set.typeExists")}
        </Typography.Text>
      )}
    </div>
  );
}

/** Variable → the text it becomes when a customer has none (blank: that message fails). */
function FallbackTable({
  value = {},
  onChange,
  disabled,
}: {
  value?: Record<string, string>;
  onChange?: (v: Record<string, string>) => void;
  disabled?: boolean;
}) {
  const { t, lang } = useI18n();
  const variables = useVariables();
  return (
    <Table
      rowKey="name"
      size="small"
      pagination={false}
      loading={variables.isFetching}
      dataSource={variables.data ?? []}
      style={{ maxWidth: 640 }}
      data-testid="mkt-fallbacks"
      columns={[
        {
          key: "variable",
          title: t("mkt.set.variable"),
          width: 240,
          render: (_, v) => {
            const x = variableText(v, lang);
            return (
              <Space orientation="vertical" size={0}>
                <Space size={6}>
                  <Typography.Text>{x.label}</Typography.Text>
                  <Typography.Text code>{placeholder(v.name)}</Typography.Text>
                </Space>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {x.source}
                </Typography.Text>
              </Space>
            );
          },
        },
        {
          key: "fallback",
          title: t("mkt.set.fallback"),
          render: (_, v) => (
            <Input
              id={`mkt-fallback-${v.name}`}
              maxLength={35}
              disabled={disabled}
              value={value[v.name] ?? ""}
              placeholder={t("mkt.set.noFallback")}
              onChange={(e) => onChange?.({ ...value, [v.name]: e.target.value })}
            />
          ),
        },
      ]}
    />
  );
}

export default function SettingsTab({ editable = true }: { editable?: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: marketingKeys.settings(), queryFn: api.marketing.settings });
  const [form] = Form.useForm<SettingsForm>();
  const sign = (Form.useWatch("smsSign", form) ?? "").replace(BRACKETS, "").trim();
  const days = Form.useWatch("attributionDays", form);
  const dedupe = Form.useWatch("smsDedupeDays", form);
  const windowStart = Form.useWatch("sendWindowStart", form);
  const windowEnd = Form.useWatch("sendWindowEnd", form);
  useEffect(() => {
    if (q.data) form.setFieldsValue(toForm(q.data));
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog).
  const save = useApiMutation((v: SettingsForm) => api.marketing.setSettings(fromForm(v, q.data?.lockVersion)), {
    form,
    fields: ["activityTypes", "attributionDays", "smsSign", "smsFallbacks", "smsDedupeDays", "sendWindowStart", "sendWindowEnd"],
    // The gateway's fields are nested (smsGateway.keyId …): marked when the form shows them.
    onError: (e) => {
      const sub = e.field?.startsWith("smsGateway.") ? (e.field.slice("smsGateway.".length) as keyof GatewayForm) : null;
      const kind = (form.getFieldValue(["smsGateway", "kind"]) as string | undefined) ?? "";
      if (!sub || !gatewayFieldsShown(kind).includes(sub)) return false;
      form.setFields([{ name: ["smsGateway", sub], errors: [e.message] }]);
      form.scrollToField(["smsGateway", sub], { block: "center" });
      return true;
    },
    invalidates: ["marketing"],
    success: t("form.saved"),
    onSuccess: (saved) => {
      form.setFieldsValue(toForm(saved));
      qc.setQueryData(marketingKeys.settings(), saved);
    },
    reload: async () => {
      const { data } = await q.refetch();
      if (data) {
        form.resetFields();
        form.setFieldsValue(toForm(data));
      }
    },
  });

  return (
    <div data-testid="marketing-settings">
      {q.isLoading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : q.error ? (
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
      ) : (
        <Card>
          <Form
            form={form}
            layout="vertical"
            // The whole store: the gateway fields a kind hides are kept and sent back as they were.
            onFinish={() => save.run(form.getFieldsValue(true) as SettingsForm)}
            disabled={!editable}
            style={{ maxWidth: 760 }}
          >
            <Typography.Title level={5}>{t("mkt.set.types")}</Typography.Title>
            <Form.Item
              name="activityTypes"
              extra={t("mkt.set.typesHint")}
              rules={[
                {
                  validator: async (_, v: string[] | undefined) => {
                    if (!v?.length) throw new Error(t("mkt.set.typesRequired"));
                  },
                },
              ]}
            >
              <TypeList id="mkt-activity-types" disabled={!editable} />
            </Form.Item>

            <Typography.Title level={5}>{t("mkt.set.attribution")}</Typography.Title>
            <Form.Item
              name="attributionDays"
              label={t("mkt.set.attributionDays")}
              extra={t("mkt.set.attributionHint", { days: days ?? 0 })}
              rules={[{ required: true, message: t("common.required", { label: t("mkt.set.attributionDays") }) }]}
            >
              <InputNumber id="mkt-attribution-days" min={0} max={3650} precision={0} suffix={t("common.days")} style={{ width: 160 }} />
            </Form.Item>

            <Typography.Title level={5}>{t("mkt.set.sms")}</Typography.Title>
            <Form.Item
              name="smsSign"
              label={t("mkt.set.sign")}
              extra={sign ? t("mkt.set.signPreview", { sign }) : t("mkt.set.signHint")}
              rules={[
                {
                  validator: async (_, v: string | undefined) => {
                    const s = (v ?? "").replace(BRACKETS, "").trim();
                    if (s && ([...s].length < 2 || [...s].length > 12)) throw new Error(t("mkt.set.signLength"));
                  },
                },
              ]}
            >
              <Input id="mkt-sms-sign" maxLength={14} style={{ width: 240 }} placeholder={t("mkt.set.signPlaceholder")} />
            </Form.Item>
            <Form.Item name="smsFallbacks" label={t("mkt.set.fallbacks")} extra={t("mkt.set.fallbacksHint")}>
              <FallbackTable disabled={!editable} />
            </Form.Item>
            <Form.Item
              name="smsDedupeDays"
              label={t("mkt.set.dedupeDays")}
              extra={t("mkt.set.dedupeHint", { days: dedupe ?? 0 })}
              rules={[{ required: true, message: t("common.required", { label: t("mkt.set.dedupeDays") }) }]}
            >
              <InputNumber id="mkt-dedupe-days" min={0} max={365} precision={0} suffix={t("common.days")} style={{ width: 160 }} />
            </Form.Item>
            <Form.Item
              label={t("mkt.set.window")}
              required
              extra={t("mkt.set.windowHint", { start: hourText(windowStart), end: hourText(windowEnd) })}
            >
              <Space align="start" wrap>
                <Form.Item
                  name="sendWindowStart"
                  noStyle
                  rules={[{ required: true, message: t("common.required", { label: t("mkt.set.windowStart") }) }]}
                >
                  <InputNumber
                    id="mkt-window-start"
                    aria-label={t("mkt.set.windowStart")}
                    min={0}
                    max={24}
                    precision={0}
                    suffix={t("mkt.set.hour")}
                    style={{ width: 120 }}
                  />
                </Form.Item>
                <Typography.Text style={{ lineHeight: "32px" }}>{t("mkt.set.windowTo")}</Typography.Text>
                <Form.Item
                  name="sendWindowEnd"
                  noStyle
                  dependencies={["sendWindowStart"]}
                  rules={[
                    { required: true, message: t("common.required", { label: t("mkt.set.windowEnd") }) },
                    ({ getFieldValue }) => ({
                      validator: async (_, v: number | null | undefined) => {
                        const s = getFieldValue("sendWindowStart") as number | null | undefined;
                        if (v != null && s != null && (v <= s || v > 24)) throw new Error(t("mkt.set.windowOrder"));
                      },
                    }),
                  ]}
                >
                  <InputNumber
                    id="mkt-window-end"
                    aria-label={t("mkt.set.windowEnd")}
                    min={0}
                    max={24}
                    precision={0}
                    suffix={t("mkt.set.hour")}
                    style={{ width: 120 }}
                  />
                </Form.Item>
              </Space>
            </Form.Item>
            <GatewaySection saved={q.data?.smsGateway} />
            {editable && (
              <Button type="primary" htmlType="submit" loading={save.busy} id="mkt-settings-save">
                {t("form.save")}
              </Button>
            )}
          </Form>
        </Card>
      )}
    </div>
  );
}
