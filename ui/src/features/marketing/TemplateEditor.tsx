// Write an SMS template: its name, type (营销 needs an opt-out), the text with `${var}`
// placeholders (the "insert variable" menu puts one at the cursor), the provider's template
// code and a signature of its own (else the default from the settings). Beside it a live
// preview, asked of the backend ~300 ms after the last keystroke: the text rendered for a
// real customer (or why it could not be), its length with the signature and the billed
// messages, and the problems a save would be refused for.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Col, Dropdown, Empty, Form, Input, Radio, Row, Select, Space, Spin, Switch, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { CheckCircleOutlined, CloseCircleOutlined, DownOutlined, MessageOutlined } from "@ant-design/icons";
import { useMemo, useRef, useState } from "react";
import { api, marketingKeys } from "../../api";
import type { PreviewRequest } from "../../api/types/PreviewRequest";
import type { Template } from "../../api/types/Template";
import type { TemplateInput } from "../../api/types/TemplateInput";
import FormDrawer from "../../components/FormDrawer";
import { blank } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import {
  placeholder,
  RED,
  GREEN,
  SMS_MARKETING,
  SMS_TYPES,
  smsTypeLabel,
  useActivityOptions,
  useDebounced,
  useMarketingSettings,
  useVariables,
  variableText,
} from "./shared";

type V = {
  templateName: string;
  templateType: string;
  content: string;
  providerCode: string;
  signName: string;
  isEnabled: boolean;
};
const FIELDS = ["templateName", "templateType", "content", "providerCode", "signName", "isEnabled"] as const;

/** The form's values as the backend's input. */
export function toTemplateInput(v: V): TemplateInput {
  return {
    templateName: v.templateName.trim(),
    templateType: v.templateType,
    content: (v.content ?? "").trim(),
    isEnabled: !!v.isEnabled,
    providerCode: blank(v.providerCode),
    // Typed with its brackets or without: the backend keeps it without.
    signName: blank((v.signName ?? "").replace(/[\u3010\u3011]/g, "")),
  };
}

/** `text` with `token` put in place of the selection [start, end). */
export function insertAt(text: string, token: string, start: number, end: number): { text: string; caret: number } {
  const s = Math.max(0, Math.min(start, text.length));
  const e = Math.max(s, Math.min(end, text.length));
  return { text: text.slice(0, s) + token + text.slice(e), caret: s + token.length };
}

/** The live preview panel (what the backend answers for the text being typed). */
function PreviewPanel({ request, active }: { request: PreviewRequest; active: boolean }) {
  const { t } = useI18n();
  const empty = !request.content.trim();
  const q = useQuery({
    queryKey: marketingKeys.templatePreview(request),
    queryFn: () => api.marketing.previewTemplate(request),
    enabled: active && !empty,
    placeholderData: keepPreviousData,
  });
  const p = empty ? null : q.data;
  return (
    <Card
      size="small"
      data-testid="template-preview"
      title={
        <Space size={6}>
          <MessageOutlined />
          {t("mkt.tpl.preview")}
        </Space>
      }
      extra={q.isFetching && <Spin size="small" />}
    >
      {empty ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("mkt.tpl.previewEmpty")} />
      ) : q.error && !p ? (
        <Alert type="error" showIcon title={errorMessage(t, q.error)} />
      ) : !p ? (
        <Spin />
      ) : (
        <>
          {p.customerName ? (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="preview-customer">
              {t("mkt.tpl.previewFor", { name: p.customerName })}
            </Typography.Text>
          ) : (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="preview-customer">
              {t("mkt.tpl.previewNoCustomer")}
            </Typography.Text>
          )}
          {p.renderError ? (
            <Alert type="warning" showIcon style={{ margin: "8px 0" }} title={p.renderError} data-testid="preview-render-error" />
          ) : (
            <div
              data-testid="preview-text"
              style={{
                margin: "8px 0",
                padding: "10px 12px",
                background: "#f0f5ff",
                borderRadius: 12,
                borderTopLeftRadius: 2,
                whiteSpace: "pre-wrap",
                wordBreak: "break-word",
                lineHeight: "22px",
              }}
            >
              {p.rendered ?? (p.sign ? `\u3010${p.sign}\u3011${request.content.trim()}` : request.content.trim())}
            </div>
          )}
          <Space size={16} wrap>
            <Typography.Text data-testid="preview-length">{t("mkt.tpl.length", { n: p.length })}</Typography.Text>
            <Typography.Text strong data-testid="preview-segments">
              {t("mkt.tpl.segments", { n: p.segments })}
            </Typography.Text>
          </Space>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "4px 0 12px" }}>
            {t("mkt.tpl.billing")}
          </Typography.Paragraph>
          <div data-testid="preview-problems">
            {p.problems.length === 0 ? (
              <Typography.Text style={{ color: GREEN }} data-testid="preview-ok">
                <CheckCircleOutlined /> {t("mkt.tpl.noProblems")}
              </Typography.Text>
            ) : (
              p.problems.map((x) => (
                <div
                  key={x}
                  style={{ color: RED, display: "flex", gap: 6, alignItems: "baseline", marginBottom: 4 }}
                  data-testid="preview-problem"
                >
                  <CloseCircleOutlined />
                  <span>{x}</span>
                </div>
              ))
            )}
          </div>
        </>
      )}
    </Card>
  );
}

export default function TemplateEditor({ editing, onClose }: { editing: Template | "new" | null; onClose: () => void }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<V>();
  const open = editing !== null;
  const tpl = editing && editing !== "new" ? editing : null;
  const settings = useMarketingSettings(open);
  const variables = useVariables(open);
  const activities = useActivityOptions(open);
  const [activityId, setActivityId] = useState<number | null>(null);
  const area = useRef<TextAreaRef>(null);
  const content = Form.useWatch("content", form) ?? "";
  const templateType = Form.useWatch("templateType", form) ?? SMS_MARKETING;
  const signName = Form.useWatch("signName", form) ?? "";
  const request = useDebounced<PreviewRequest>({
    content,
    templateType,
    signName: blank(signName.replace(/[\u3010\u3011]/g, "")),
    customerId: null,
    activityId,
  });

  const initial = useMemo<Partial<V>>(
    () =>
      tpl
        ? {
            templateName: tpl.templateName,
            templateType: tpl.templateType,
            content: tpl.content,
            providerCode: tpl.providerCode ?? "",
            signName: tpl.signName ?? "",
            isEnabled: tpl.isEnabled,
          }
        : { templateType: SMS_MARKETING, content: "", providerCode: "", signName: "", isEnabled: true },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [tpl?.id, open],
  );

  /** Put `${name}` where the cursor is (replacing a selection), then the cursor after it. */
  const insert = (name: string) => {
    const el = area.current?.resizableTextArea?.textArea ?? null;
    const current: string = form.getFieldValue("content") ?? "";
    const start = el?.selectionStart ?? current.length;
    const end = el?.selectionEnd ?? start;
    const next = insertAt(current, placeholder(name), start, end);
    form.setFields([{ name: "content", value: next.text, touched: true, errors: [] }]);
    setTimeout(() => {
      el?.focus();
      el?.setSelectionRange(next.caret, next.caret);
    });
  };

  const defaultSign = settings.data?.smsSign ?? "";
  const menu = (variables.data ?? []).map((v) => {
    const x = variableText(v, lang);
    return {
      key: v.name,
      label: (
        <div data-testid={`var-${v.name}`} style={{ maxWidth: 320 }}>
          <Space size={6}>
            <Typography.Text strong>{x.label}</Typography.Text>
            <Typography.Text code>{placeholder(v.name)}</Typography.Text>
          </Space>
          <div>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {x.source}
            </Typography.Text>
          </div>
        </div>
      ),
    };
  });

  return (
    <FormDrawer<V>
      open={open}
      title={tpl ? t("mkt.tpl.editTitle", { name: tpl.templateName }) : t("mkt.tpl.new")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={980}
      saveId="template-save"
      invalidates={["marketing"]}
      onClose={onClose}
      onSubmit={async (v) => {
        const input = toTemplateInput(v);
        if (tpl) await api.marketing.updateTemplate(tpl.id, input);
        else await api.marketing.createTemplate(input);
      }}
    >
      <div data-testid="template-editor">
        <Row gutter={20}>
          <Col xs={24} md={14}>
            <Form.Item
              name="templateName"
              label={t("mkt.tpl.name")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.tpl.name") }) }]}
            >
              <Input id="template-name" maxLength={100} placeholder={t("mkt.tpl.namePlaceholder")} />
            </Form.Item>
            <Form.Item
              name="templateType"
              label={t("mkt.tpl.type")}
              extra={templateType === SMS_MARKETING ? t("mkt.tpl.marketingHint") : t("mkt.tpl.noticeHint")}
            >
              <Radio.Group id="template-type" optionType="button" buttonStyle="solid">
                {SMS_TYPES.map((v) => (
                  <Radio.Button key={v} value={v}>
                    <span data-testid={`template-type-${v === SMS_MARKETING ? "marketing" : "notice"}`}>{smsTypeLabel(t, v)}</span>
                  </Radio.Button>
                ))}
              </Radio.Group>
            </Form.Item>
            <Form.Item
              label={
                <Space size={12}>
                  {t("mkt.tpl.content")}
                  <Dropdown
                    trigger={["click"]}
                    menu={{ items: menu, onClick: ({ key }) => insert(key) }}
                    disabled={!variables.data?.length}
                  >
                    <Button size="small" id="template-insert-var" onMouseDown={(e) => e.preventDefault()}>
                      {t("mkt.tpl.insertVar")} <DownOutlined />
                    </Button>
                  </Dropdown>
                </Space>
              }
              required
              extra={t("mkt.tpl.contentHint")}
            >
              <Form.Item
                name="content"
                noStyle
                rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.tpl.content") }) }]}
              >
                <Input.TextArea
                  ref={area}
                  id="template-content"
                  rows={7}
                  maxLength={500}
                  showCount
                  placeholder={t("mkt.tpl.contentPlaceholder")}
                />
              </Form.Item>
            </Form.Item>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name="signName" label={t("mkt.tpl.sign")} extra={t("mkt.tpl.signHint")}>
                  <Input
                    id="template-sign"
                    maxLength={14}
                    placeholder={defaultSign ? t("mkt.tpl.signDefault", { sign: defaultSign }) : t("mkt.tpl.signNoDefault")}
                  />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name="providerCode" label={t("mkt.tpl.providerCode")} extra={t("mkt.tpl.providerCodeHint")}>
                  <Input id="template-code" maxLength={50} placeholder="SMS_123456789" />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="isEnabled" label={t("mkt.tpl.enabled")} valuePropName="checked" extra={t("mkt.tpl.enabledHint")}>
              <Switch id="template-enabled" />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <div style={{ position: "sticky", top: 0 }}>
              <PreviewPanel request={request} active={open} />
              <Space orientation="vertical" size={4} style={{ width: "100%", marginTop: 12 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t("mkt.tpl.previewActivity")}
                </Typography.Text>
                <Select<number>
                  id="template-preview-activity"
                  allowClear
                  showSearch={{ optionFilterProp: "label" }}
                  style={{ width: "100%" }}
                  placeholder={t("mkt.tpl.previewActivityPlaceholder")}
                  value={activityId ?? undefined}
                  onChange={(v) => setActivityId(v ?? null)}
                  options={(activities.data ?? []).map((a) => ({ value: a.id, label: a.activityName }))}
                />
              </Space>
            </div>
          </Col>
        </Row>
      </div>
    </FormDrawer>
  );
}
