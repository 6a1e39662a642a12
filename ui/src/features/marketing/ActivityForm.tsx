// Plan an activity or edit one: its name and type (from the settings), when it runs (the end
// not before the start), the budget and the actual cost (typed money, sent exactly as
// decimal strings), the status (follow the dates, or fixed by hand) and a description.
import { Col, Form, Input, Row, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useMemo } from "react";
import { api } from "../../api";
import type { ActivityInput } from "../../api/types/ActivityInput";
import type { ActivityRow } from "../../api/types/ActivityRow";
import type { ActivityStatus } from "../../api/types/ActivityStatus";
import DateTimePicker from "../../components/DateTimePicker";
import FormDrawer from "../../components/FormDrawer";
import { blank, fromUtc, toUtc } from "../../format";
import { useI18n } from "../../i18n";
import { MONEY_RE } from "../../money";
import { MoneyInput } from "../receivables/fields";
import { ACTIVITY_STATUS, statusByDates, useMarketingSettings } from "./shared";

/** "auto": the status follows the dates (sent as null). */
export type StatusChoice = "auto" | ActivityStatus;

type V = {
  activityName: string;
  activityType: string;
  startTime: Dayjs | null;
  endTime: Dayjs | null;
  budget: string;
  actualCost: string;
  status: StatusChoice;
  description: string;
};
const FIELDS = ["activityName", "activityType", "startTime", "endTime", "budget", "actualCost", "status", "description"] as const;

/** The form's values as the backend's input (`lockVersion` when editing). */
export function toInput(v: V, lockVersion?: number): ActivityInput {
  return {
    activityName: v.activityName.trim(),
    activityType: v.activityType,
    startTime: toUtc(v.startTime),
    endTime: toUtc(v.endTime),
    budget: blank(v.budget),
    actualCost: blank(v.actualCost),
    status: v.status === "auto" ? null : v.status,
    description: blank(v.description),
    ...(lockVersion !== undefined ? { lockVersion } : {}),
  };
}

export default function ActivityForm({
  editing,
  onClose,
  onSaved,
  onReload,
}: {
  editing: ActivityRow | "new" | null;
  onClose: () => void;
  onSaved?: (r: ActivityRow) => void;
  /** A stale save's "Reload": load the activity again (the form resets to it). */
  onReload?: () => Promise<unknown>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const open = editing !== null;
  const r = editing && editing !== "new" ? editing : null;
  const settings = useMarketingSettings(open);
  const types = settings.data?.activityTypes ?? [];
  const start = Form.useWatch("startTime", form) ?? null;
  const end = Form.useWatch("endTime", form) ?? null;
  const status = Form.useWatch("status", form);

  const initial = useMemo<Partial<V>>(
    () =>
      r
        ? {
            activityName: r.activityName,
            activityType: r.activityType,
            startTime: fromUtc(r.startTime),
            endTime: fromUtc(r.endTime),
            budget: r.budget ?? "",
            actualCost: r.actualCost ?? "",
            status: r.statusManual ? r.status : "auto",
            description: r.description ?? "",
          }
        : { status: "auto", budget: "", actualCost: "", description: "" },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [r?.id, r?.lockVersion, open],
  );

  // A new activity starts with the first configured type (the settings may arrive after opening).
  const firstType = types[0];
  useEffect(() => {
    if (open && !r && firstType && !form.getFieldValue("activityType")) form.setFieldValue("activityType", firstType);
  }, [open, r, firstType, form]);

  // A type the settings no longer offer still shows on an activity that has it.
  const typeOptions = [...types, ...(r && !types.includes(r.activityType) ? [r.activityType] : [])].map((v) => ({ value: v, label: v }));
  const required = (label: string) => ({ required: true, message: t("common.required", { label }) });
  const money = {
    validator: async (_: unknown, v: string | undefined) => {
      const s = (v ?? "").trim();
      if (s && !MONEY_RE.test(s)) throw new Error(t("mkt.act.badMoney"));
    },
  };
  const byDates = start && end && !end.isBefore(start) ? statusByDates(start, end, dayjs()) : null;

  return (
    <FormDrawer<V>
      open={open}
      title={r ? t("mkt.act.editTitle", { name: r.activityName }) : t("mkt.act.new")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={640}
      invalidates={["marketing"]}
      onReload={onReload}
      onClose={onClose}
      onSubmit={async (v) => {
        const input = toInput(v, r?.lockVersion);
        const saved = r ? await api.marketing.updateActivity(r.id, input) : await api.marketing.createActivity(input);
        onSaved?.(saved);
      }}
    >
      <Form.Item name="activityName" label={t("mkt.act.name")} rules={[{ ...required(t("mkt.act.name")), whitespace: true }]}>
        <Input id="activity-name" maxLength={200} placeholder={t("mkt.act.namePlaceholder")} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="activityType" label={t("mkt.act.type")} rules={[required(t("mkt.act.type"))]} extra={t("mkt.act.typeHint")}>
            <Select id="activity-type" loading={settings.isFetching} options={typeOptions} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="status"
            label={t("mkt.act.status")}
            extra={
              status === "auto"
                ? byDates
                  ? t("mkt.act.statusAutoNow", { status: ACTIVITY_STATUS.label(t, byDates) })
                  : t("mkt.act.statusAutoHint")
                : t("mkt.act.statusManualHint")
            }
          >
            <Select<StatusChoice>
              id="activity-status"
              options={[{ value: "auto", label: t("mkt.act.statusAuto") }, ...ACTIVITY_STATUS.options(t)]}
            />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="startTime" label={t("mkt.act.start")} rules={[required(t("mkt.act.start"))]}>
            <DateTimePicker id="activity-start" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="endTime"
            label={t("mkt.act.end")}
            dependencies={["startTime"]}
            rules={[
              required(t("mkt.act.end")),
              ({ getFieldValue }) => ({
                validator: async (_, v: Dayjs | null) => {
                  const s = getFieldValue("startTime") as Dayjs | null;
                  if (v && s && v.isBefore(s)) throw new Error(t("mkt.act.endBeforeStart"));
                },
              }),
            ]}
          >
            <DateTimePicker id="activity-end" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="budget" label={t("mkt.fig.budget")} rules={[money]}>
            <MoneyInput id="activity-budget" placeholder={t("mkt.act.moneyPlaceholder")} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="actualCost" label={t("mkt.act.actualCost")} rules={[money]} extra={t("mkt.act.costHint")}>
            <MoneyInput id="activity-cost" placeholder={t("mkt.act.moneyPlaceholder")} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="description" label={t("mkt.act.description")}>
        <Input.TextArea id="activity-description" rows={5} maxLength={5000} showCount placeholder={t("mkt.act.descriptionPlaceholder")} />
      </Form.Item>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
        {t("mkt.act.attributionNote", { days: settings.data?.attributionDays ?? 90 })}
      </Typography.Paragraph>
    </FormDrawer>
  );
}
