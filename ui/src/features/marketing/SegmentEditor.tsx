// Define a segment (a saved customer filter): its name, a description and the rule — any of
// some tags, the level, status and type, the industry, days without a follow-up, a signed
// contract, a contact's birthday this month, the activity it came from, and whether the
// public sea counts. Beside it the live size of the rule and its newest customers.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Card, Col, Empty, Form, Input, InputNumber, Row, Select, Space, Spin, Switch, Tag, Typography } from "antd";
import { TeamOutlined } from "@ant-design/icons";
import { useMemo } from "react";
import { api, marketingKeys, type CustomerLevel, type CustomerStatus, type CustomerType } from "../../api";
import type { Segment } from "../../api/types/Segment";
import type { SegmentRule } from "../../api/types/SegmentRule";
import FormDrawer from "../../components/FormDrawer";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS, CUSTOMER_TYPE } from "../../domain/enums";
import { blank } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { useActivityOptions, useDebounced, useTags } from "./shared";

export type RuleForm = {
  tagIds: number[];
  level: CustomerLevel | null;
  status: CustomerStatus | null;
  customerType: CustomerType | null;
  industry: string;
  idleDays: number | null;
  hasSignedContract: boolean;
  birthdayThisMonth: boolean;
  activityId: number | null;
  includeSea: boolean;
};

type V = { segmentName: string; description: string; rule: RuleForm };

/** A stored rule as the form's values (the backend leaves out empty conditions). */
export function fromRule(r: Partial<SegmentRule> | null | undefined): RuleForm {
  return {
    tagIds: [...(r?.tagIds ?? [])],
    level: r?.level ?? null,
    status: r?.status ?? null,
    customerType: r?.customerType ?? null,
    industry: r?.industry ?? "",
    idleDays: r?.idleDays ?? null,
    hasSignedContract: !!r?.hasSignedContract,
    birthdayThisMonth: !!r?.birthdayThisMonth,
    activityId: r?.activityId ?? null,
    includeSea: !!r?.includeSea,
  };
}

/** The form's rule as the backend's (every condition spelled out, none as null / false). */
export function toRule(r: Partial<RuleForm> | null | undefined): SegmentRule {
  return {
    tagIds: [...(r?.tagIds ?? [])],
    level: r?.level ?? null,
    status: r?.status ?? null,
    customerType: r?.customerType ?? null,
    industry: blank(r?.industry),
    idleDays: r?.idleDays ?? null,
    hasSignedContract: !!r?.hasSignedContract,
    birthdayThisMonth: !!r?.birthdayThisMonth,
    activityId: r?.activityId ?? null,
    includeSea: !!r?.includeSea,
  };
}

/** The rule's live size and its newest customers. */
function SegmentPreviewPanel({ rule, active }: { rule: SegmentRule | null; active: boolean }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: marketingKeys.segmentPreview(rule ?? toRule(null)),
    queryFn: () => api.marketing.previewSegment(rule!),
    enabled: active && rule !== null,
    placeholderData: keepPreviousData,
  });
  const p = q.data;
  return (
    <Card
      size="small"
      data-testid="segment-preview"
      title={
        <Space size={6}>
          <TeamOutlined />
          {t("mkt.seg.preview")}
        </Space>
      }
      extra={q.isFetching && <Spin size="small" />}
    >
      {q.error && !p ? (
        <Alert type="error" showIcon title={errorMessage(t, q.error)} />
      ) : !p ? (
        <Spin />
      ) : (
        <>
          <div style={{ marginBottom: 8 }}>
            <Typography.Text type="secondary">{t("mkt.seg.matching")}</Typography.Text>
            <div style={{ fontSize: 28, lineHeight: "36px", fontWeight: 600 }}>
              <span data-testid="segment-count">{p.customers}</span>
              <Typography.Text type="secondary" style={{ fontSize: 14, marginInlineStart: 4 }}>
                {t("mkt.seg.customersUnit")}
              </Typography.Text>
            </div>
          </div>
          {p.samples.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("mkt.seg.noSamples")} />
          ) : (
            <>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("mkt.seg.samples", { n: p.samples.length })}
              </Typography.Text>
              <div data-testid="segment-samples">
                {p.samples.map((s) => (
                  <div
                    key={s.id}
                    data-testid={`segment-sample-${s.id}`}
                    style={{
                      display: "flex",
                      justifyContent: "space-between",
                      gap: 8,
                      padding: "6px 0",
                      borderBottom: "1px solid rgba(5,5,5,0.06)",
                    }}
                  >
                    <Typography.Text ellipsis style={{ maxWidth: 200 }}>
                      {s.customerName}
                    </Typography.Text>
                    <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
                      {s.ownerName ?? t("mkt.seg.inSea")}
                    </Typography.Text>
                  </div>
                ))}
              </div>
            </>
          )}
        </>
      )}
    </Card>
  );
}

export default function SegmentEditor({ editing, onClose }: { editing: Segment | "new" | null; onClose: () => void }) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const open = editing !== null;
  const seg = editing && editing !== "new" ? editing : null;
  const tags = useTags(open);
  const activities = useActivityOptions(open);
  // Until the form has its values (just opened) there is nothing to count.
  const watched = useDebounced<Partial<RuleForm> | undefined>(Form.useWatch("rule", form));
  const rule = watched ? toRule(watched) : null;

  const initial = useMemo<Partial<V>>(
    () =>
      seg
        ? { segmentName: seg.segmentName, description: seg.description ?? "", rule: fromRule(seg.rule) }
        : { segmentName: "", description: "", rule: fromRule(null) },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [seg?.id, open],
  );

  const switchItem = (name: keyof RuleForm, label: string, id: string, extra?: string) => (
    <Form.Item name={["rule", name]} label={label} valuePropName="checked" extra={extra} style={{ marginBottom: 12 }}>
      <Switch id={id} />
    </Form.Item>
  );

  return (
    <FormDrawer<V>
      open={open}
      title={seg ? t("mkt.seg.editTitle", { name: seg.segmentName }) : t("mkt.seg.new")}
      form={form}
      fields={["segmentName", "description"]}
      initialValues={initial}
      width={920}
      saveId="segment-save"
      invalidates={["marketing"]}
      // The backend names a rule's condition "rule.idleDays": mark that box.
      onError={(e) => {
        if (!e.field?.startsWith("rule.")) return false;
        form.setFields([{ name: ["rule", e.field.slice(5) as keyof RuleForm], errors: [e.message] }]);
        return true;
      }}
      onClose={onClose}
      onSubmit={async (v) => {
        const input = { segmentName: v.segmentName.trim(), rule: toRule(v.rule), description: blank(v.description) };
        if (seg) await api.marketing.updateSegment(seg.id, input);
        else await api.marketing.createSegment(input);
      }}
    >
      <div data-testid="segment-editor">
        <Row gutter={20}>
          <Col xs={24} md={15}>
            {seg?.builtin && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t("mkt.seg.builtinHint")} />}
            <Form.Item
              name="segmentName"
              label={t("mkt.seg.name")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("mkt.seg.name") }) }]}
            >
              <Input id="segment-name" maxLength={50} />
            </Form.Item>
            <Form.Item name="description" label={t("mkt.seg.description")}>
              <Input.TextArea id="segment-description" rows={2} maxLength={500} />
            </Form.Item>
            <Typography.Title level={5} style={{ marginTop: 0 }}>
              {t("mkt.seg.rule")}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t("mkt.seg.ruleHint")}</Typography.Paragraph>
            <Form.Item name={["rule", "tagIds"]} label={t("mkt.seg.tags")} extra={t("mkt.seg.tagsHint")}>
              <Select<number[]>
                id="segment-tags"
                mode="multiple"
                allowClear
                loading={tags.isFetching}
                placeholder={t("mkt.seg.any")}
                showSearch={{ optionFilterProp: "label" }}
                options={(tags.data ?? []).map((x) => ({ value: x.id, label: x.tagName }))}
                optionRender={(o) => {
                  const tag = (tags.data ?? []).find((x) => x.id === o.value);
                  return (
                    <Tag color={tag?.color} style={{ marginInlineEnd: 0 }}>
                      {o.label}
                    </Tag>
                  );
                }}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}>
                <Form.Item name={["rule", "level"]} label={t("mkt.seg.level")}>
                  <Select id="segment-level" allowClear placeholder={t("mkt.seg.any")} options={CUSTOMER_LEVEL.options(t)} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={["rule", "status"]} label={t("mkt.seg.status")}>
                  <Select id="segment-status" allowClear placeholder={t("mkt.seg.any")} options={CUSTOMER_STATUS.options(t)} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name={["rule", "customerType"]} label={t("mkt.seg.customerType")}>
                  <Select id="segment-customer-type" allowClear placeholder={t("mkt.seg.any")} options={CUSTOMER_TYPE.options(t)} />
                </Form.Item>
              </Col>
            </Row>
            <Row gutter={16}>
              <Col span={12}>
                <Form.Item name={["rule", "industry"]} label={t("mkt.seg.industry")}>
                  <Input id="segment-industry" maxLength={100} placeholder={t("mkt.seg.any")} />
                </Form.Item>
              </Col>
              <Col span={12}>
                <Form.Item name={["rule", "idleDays"]} label={t("mkt.seg.idleDays")} extra={t("mkt.seg.idleDaysHint")}>
                  <InputNumber
                    id="segment-idle-days"
                    min={1}
                    max={36500}
                    precision={0}
                    style={{ width: "100%" }}
                    suffix={t("common.days")}
                    placeholder={t("mkt.seg.any")}
                  />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name={["rule", "activityId"]} label={t("mkt.seg.activity")}>
              <Select<number>
                id="segment-activity"
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                loading={activities.isFetching}
                placeholder={t("mkt.seg.any")}
                options={(activities.data ?? []).map((a) => ({ value: a.id, label: a.activityName }))}
              />
            </Form.Item>
            <Row gutter={16}>
              <Col span={8}>{switchItem("hasSignedContract", t("mkt.seg.hasSignedContract"), "segment-signed")}</Col>
              <Col span={8}>{switchItem("birthdayThisMonth", t("mkt.seg.birthdayThisMonth"), "segment-birthday")}</Col>
              <Col span={8}>{switchItem("includeSea", t("mkt.seg.includeSea"), "segment-sea", t("mkt.seg.includeSeaHint"))}</Col>
            </Row>
          </Col>
          <Col xs={24} md={9}>
            <div style={{ position: "sticky", top: 0 }}>
              <SegmentPreviewPanel rule={rule} active={open} />
            </div>
          </Col>
        </Row>
      </div>
    </FormDrawer>
  );
}
