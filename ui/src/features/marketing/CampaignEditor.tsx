// A new SMS campaign: its name, an enabled template, who it goes to (a tag or a segment, with
// their sizes), an optional activity (its name and date fill ${activity} …) and when (now, or
// at a time the creator's desktop sends it). Beside it the recipient preview the backend
// computes ~300 ms after the last change: customers targeted, messages that will go out, the
// numbers left out and why, billed messages and sample texts. Saving writes the campaign; the
// caller then starts sending it (now) or tells when it will be sent (scheduled).
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, Form, Input, Radio, Row, Select, Space, Spin, Statistic, Typography } from "antd";
import { TeamOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { api, marketingKeys } from "../../api";
import type { CampaignInput } from "../../api/types/CampaignInput";
import type { CampaignRow } from "../../api/types/CampaignRow";
import DateTimePicker from "../../components/DateTimePicker";
import FormDrawer from "../../components/FormDrawer";
import { toUtc } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import {
  hourText,
  SMS_MARKETING,
  SmsTypeTag,
  useActivityOptions,
  useDebounced,
  useMarketingSettings,
  useSegments,
  useTags,
  useTemplates,
} from "./shared";

export type TargetKind = "tag" | "segment";
export type SendMode = "now" | "later";

export type CampaignForm = {
  campaignName: string;
  templateId: number | null;
  targetKind: TargetKind;
  targetId: number | null;
  activityId: number | null;
  sendMode: SendMode;
  scheduledAt: Dayjs | null;
};

const FIELDS = ["campaignName", "templateId", "target", "targetKind", "targetId", "activityId", "sendMode", "scheduledAt"] as const;
const INITIAL: Partial<CampaignForm> = {
  campaignName: "",
  templateId: null,
  targetKind: "tag",
  targetId: null,
  activityId: null,
  sendMode: "now",
  scheduledAt: null,
};

/** The form as the backend's input: the name trimmed, the time as UTC (null: send now). */
export function toCampaignInput(v: CampaignForm): CampaignInput {
  return {
    campaignName: (v.campaignName ?? "").trim(),
    templateId: v.templateId!,
    target: { kind: v.targetKind, id: v.targetId! },
    activityId: v.activityId ?? null,
    scheduledAt: v.sendMode === "later" ? toUtc(v.scheduledAt) : null,
  };
}

/** Who the campaign would reach, asked of the backend (nothing written). */
function RecipientPreviewPanel({ input, active }: { input: CampaignInput | null; active: boolean }) {
  const { t } = useI18n();
  const settings = useMarketingSettings(active);
  const q = useQuery({
    queryKey: marketingKeys.campaignPreview(input ?? ({} as CampaignInput)),
    queryFn: () => api.marketing.previewCampaign(input!),
    enabled: active && input !== null,
    placeholderData: keepPreviousData,
  });
  const p = input ? q.data : undefined;
  return (
    <Card
      size="small"
      data-testid="campaign-preview"
      title={
        <Space size={6}>
          <TeamOutlined />
          {t("mkt.cmp.preview")}
        </Space>
      }
      extra={input && q.isFetching && <Spin size="small" />}
    >
      {!input ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("mkt.cmp.previewEmpty")} />
      ) : q.isError ? (
        <Alert type="error" showIcon title={errorMessage(t, q.error)} data-testid="preview-error" />
      ) : !p ? (
        <Spin />
      ) : (
        <>
          <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="preview-target">
            {t("mkt.cmp.previewTarget", { label: p.targetLabel })}
          </Typography.Text>
          <Row gutter={12} style={{ margin: "8px 0" }} align="bottom">
            <Col span={12}>
              <Statistic
                data-testid="preview-recipients"
                title={t("mkt.cmp.previewRecipients")}
                value={p.recipients}
                suffix={t("mkt.cmp.previewUnit")}
                styles={{ content: { fontSize: 30, lineHeight: "38px", color: p.recipients > 0 ? undefined : "#cf1322" } }}
              />
            </Col>
            <Col span={12}>
              <div data-testid="preview-customers">{t("mkt.cmp.previewCustomers", { n: p.customers })}</div>
              <Typography.Text strong data-testid="preview-billed">
                {t("mkt.cmp.previewBilled", { n: p.billed })}
              </Typography.Text>
            </Col>
          </Row>
          <div data-testid="preview-excluded" style={{ marginBottom: 4 }}>
            {t("mkt.cmp.previewExcluded", {
              optedOut: p.optedOut,
              invalid: p.invalid,
              duplicates: p.duplicates,
              recent: p.recent,
              unrenderable: p.unrenderable,
            })}
          </div>
          <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 8 }}>
            {t("mkt.cmp.previewRecentHint", { days: settings.data?.smsDedupeDays ?? 0 })} {t("mkt.cmp.previewBilledHint")}
          </Typography.Paragraph>
          {p.recipients === 0 && (
            <Alert type="warning" showIcon style={{ marginBottom: 8 }} title={t("mkt.cmp.previewNone")} data-testid="preview-none" />
          )}
          {p.samples.length > 0 && (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("mkt.cmp.previewSamples")}
              </Typography.Text>
              {p.samples.map((s, i) => (
                <div key={i} data-testid="preview-sample" style={{ marginTop: 8 }}>
                  <Space size={8} style={{ fontSize: 12 }}>
                    <Typography.Text strong data-testid="preview-sample-customer">
                      {s.customerName}
                    </Typography.Text>
                    <Typography.Text type="secondary" data-testid="preview-sample-phone">
                      {s.phone}
                    </Typography.Text>
                    <Typography.Text type="secondary" data-testid="preview-sample-segments">
                      {t("mkt.cmp.previewSegments", { n: s.segments })}
                    </Typography.Text>
                  </Space>
                  <div
                    data-testid="preview-sample-text"
                    style={{
                      marginTop: 4,
                      padding: "8px 12px",
                      background: "#f0f5ff",
                      borderRadius: 12,
                      borderTopLeftRadius: 2,
                      whiteSpace: "pre-wrap",
                      wordBreak: "break-word",
                    }}
                  >
                    {s.text}
                  </div>
                </div>
              ))}
            </>
          )}
        </>
      )}
    </Card>
  );
}

export default function CampaignEditor({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose: () => void;
  /** The campaign was written; `sendNow`: start sending it. */
  onCreated: (row: CampaignRow, sendNow: boolean) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CampaignForm>();
  const templates = useTemplates(open);
  const tags = useTags(open);
  const segments = useSegments(open);
  const activities = useActivityOptions(open);
  const settings = useMarketingSettings(open);
  const templateId = Form.useWatch("templateId", form) ?? null;
  const targetKind = Form.useWatch("targetKind", form) ?? "tag";
  const targetId = Form.useWatch("targetId", form) ?? null;
  const activityId = Form.useWatch("activityId", form) ?? null;
  const sendMode = Form.useWatch("sendMode", form) ?? "now";

  const chosen = useDebounced<CampaignInput | null>(
    templateId !== null && targetId !== null
      ? { campaignName: "", templateId, target: { kind: targetKind, id: targetId }, activityId, scheduledAt: null }
      : null,
  );
  // Nothing to preview once the template or the target is cleared (without waiting for the debounce).
  const input = templateId !== null && targetId !== null ? chosen : null;

  const enabled = (templates.data ?? []).filter((x) => x.isEnabled);
  const template = enabled.find((x) => x.id === templateId);
  const start = settings.data?.sendWindowStart ?? 8;
  const end = settings.data?.sendWindowEnd ?? 21;
  const targetOptions =
    targetKind === "tag"
      ? (tags.data ?? []).map((x) => ({ value: x.id, label: t("mkt.cmp.targetOption", { name: x.tagName, n: x.customers }) }))
      : (segments.data ?? []).map((x) => ({ value: x.id, label: t("mkt.cmp.targetOption", { name: x.segmentName, n: x.customers }) }));

  return (
    <FormDrawer<CampaignForm>
      open={open}
      title={t("mkt.cmp.new")}
      form={form}
      fields={FIELDS}
      fieldAliases={{ target: "targetId" }}
      initialValues={INITIAL}
      width={980}
      saveId="campaign-save"
      invalidates={["marketing"]}
      successText={null}
      onClose={onClose}
      onSubmit={async (v) => {
        const row = await api.marketing.createCampaign(toCampaignInput(v));
        onCreated(row, v.sendMode !== "later");
      }}
    >
      <div data-testid="campaign-editor">
        <Row gutter={20}>
          <Col xs={24} md={14}>
            <Form.Item
              name="campaignName"
              label={t("mkt.cmp.name")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.cmp.name") }) }]}
            >
              <Input id="campaign-name" maxLength={100} placeholder={t("mkt.cmp.namePlaceholder")} />
            </Form.Item>
            <Form.Item
              name="templateId"
              label={t("mkt.cmp.template")}
              rules={[{ required: true, message: t("common.required", { label: t("mkt.cmp.template") }) }]}
              extra={templates.isSuccess && enabled.length === 0 ? t("mkt.cmp.noTemplates") : undefined}
            >
              <Select<number>
                id="campaign-template"
                showSearch={{ optionFilterProp: "label" }}
                loading={templates.isLoading}
                placeholder={t("mkt.cmp.templatePlaceholder")}
                options={enabled.map((x) => ({ value: x.id, label: x.templateName, type: x.templateType }))}
                optionRender={(o) => (
                  <Space size={8} data-testid={`campaign-template-option-${o.value}`}>
                    <span>{o.label}</span>
                    <SmsTypeTag t={t} value={String(o.data.type)} />
                  </Space>
                )}
              />
            </Form.Item>
            {template && (
              <div style={{ margin: "-12px 0 16px" }}>
                <Space size={8} align="start">
                  <SmsTypeTag t={t} value={template.templateType} testid="campaign-template-type" />
                  <Typography.Paragraph type="secondary" style={{ marginBottom: 0, fontSize: 12 }} ellipsis={{ rows: 2 }}>
                    {template.content}
                  </Typography.Paragraph>
                </Space>
              </div>
            )}
            {template?.templateType === SMS_MARKETING && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 16 }}
                data-testid="campaign-window-note"
                title={t("mkt.cmp.windowNote", { start: hourText(start), end: hourText(end) })}
              />
            )}
            <Form.Item label={t("mkt.cmp.target")} required>
              <Form.Item name="targetKind" noStyle>
                <Radio.Group
                  id="campaign-target-kind"
                  optionType="button"
                  onChange={() => form.setFieldValue("targetId", null)}
                  options={[
                    { value: "tag", label: t("mkt.cmp.targetKind.tag") },
                    { value: "segment", label: t("mkt.cmp.targetKind.segment") },
                  ]}
                />
              </Form.Item>
              <Form.Item
                name="targetId"
                noStyle
                rules={[{ required: true, message: t("common.required", { label: t("mkt.cmp.target") }) }]}
              >
                <Select<number>
                  id="campaign-target"
                  style={{ width: "100%", marginTop: 8 }}
                  showSearch={{ optionFilterProp: "label" }}
                  loading={targetKind === "tag" ? tags.isLoading : segments.isLoading}
                  placeholder={targetKind === "tag" ? t("mkt.cmp.targetPlaceholderTag") : t("mkt.cmp.targetPlaceholderSegment")}
                  options={targetOptions}
                />
              </Form.Item>
            </Form.Item>
            <Form.Item name="activityId" label={t("mkt.cmp.activity")} extra={t("mkt.cmp.activityHint")}>
              <Select<number>
                id="campaign-activity"
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                placeholder={t("mkt.cmp.activityPlaceholder")}
                options={(activities.data ?? []).map((a) => ({ value: a.id, label: a.activityName }))}
              />
            </Form.Item>
            <Form.Item
              name="sendMode"
              label={t("mkt.cmp.sendTime")}
              extra={sendMode === "now" ? t("mkt.cmp.sendNowHint") : undefined}
              style={sendMode === "later" ? { marginBottom: 8 } : undefined}
            >
              <Radio.Group
                id="campaign-send-mode"
                options={[
                  { value: "now", label: <span data-testid="campaign-send-now">{t("mkt.cmp.sendNow")}</span> },
                  { value: "later", label: <span data-testid="campaign-send-later">{t("mkt.cmp.sendLater")}</span> },
                ]}
              />
            </Form.Item>
            {sendMode === "later" && (
              <Form.Item
                name="scheduledAt"
                extra={t("mkt.cmp.scheduleHint")}
                rules={[
                  { required: true, message: t("common.required", { label: t("mkt.cmp.schedule") }) },
                  {
                    validator: async (_, v: Dayjs | null | undefined) => {
                      if (v && !dayjs(v).isAfter(dayjs())) throw new Error(t("mkt.cmp.schedulePast"));
                    },
                  },
                ]}
              >
                <DateTimePicker
                  id="campaign-schedule"
                  style={{ width: 240 }}
                  placeholder={t("mkt.cmp.schedulePlaceholder")}
                  disabledDate={(d) => d.isBefore(dayjs(), "day")}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={10}>
            <div style={{ position: "sticky", top: 0 }}>
              <RecipientPreviewPanel input={input} active={open} />
            </div>
          </Col>
        </Row>
      </div>
    </FormDrawer>
  );
}
