// The service module's settings: the order types, the service-level targets per priority
// (entered in hours, kept in minutes) and the working-hours calendar the clocks count
// (weekdays, the working day, holidays and make-up working days, the company's UTC offset).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Skeleton,
  Space,
  Switch,
  Table,
  Tag,
  TimePicker,
  Typography,
} from "antd";
import type { NamePath } from "antd/es/form/interface";
import { PlusOutlined } from "@ant-design/icons";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { api, serviceKeys, type ServiceSettings, type WorkOrderPriority } from "../../api";
import { WORK_ORDER_PRIORITY } from "../../domain/enums";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey } from "../../i18n";

type Hours = { response: number | null; resolve: number | null };

/** The form's values: the targets in hours, the rest as stored. */
export type ServiceSettingsForm = {
  types: string[];
  sla: Record<WorkOrderPriority, Hours>;
  calendar: {
    enabled: boolean;
    weekdays: number[];
    start: string;
    end: string;
    holidays: string[];
    workdays: string[];
    utcOffsetMinutes: number;
  };
};

/** Minutes → hours for the form (90 → 1.5). */
export const toHours = (minutes: number) => Math.round((Number(minutes) / 60) * 100) / 100;
/** Hours typed → whole minutes for the backend (1.5 → 90). */
export const toMinutes = (hours: number | null | undefined) => Math.round(Number(hours ?? 0) * 60);

export function toForm(s: ServiceSettings): ServiceSettingsForm {
  const hours = (p: WorkOrderPriority): Hours => ({
    response: toHours(s.sla[p].responseMinutes),
    resolve: toHours(s.sla[p].resolveMinutes),
  });
  return {
    types: [...s.types],
    sla: { urgent: hours("urgent"), normal: hours("normal"), low: hours("low") },
    calendar: {
      enabled: s.calendar.enabled,
      weekdays: [...s.calendar.weekdays].map(Number),
      start: s.calendar.start,
      end: s.calendar.end,
      holidays: [...s.calendar.holidays],
      workdays: [...s.calendar.workdays],
      utcOffsetMinutes: s.calendar.utcOffsetMinutes,
    },
  };
}

export function fromForm(v: ServiceSettingsForm, lockVersion: number | undefined): ServiceSettings {
  const target = (p: WorkOrderPriority) => ({ responseMinutes: toMinutes(v.sla[p].response), resolveMinutes: toMinutes(v.sla[p].resolve) });
  const c = v.calendar;
  return {
    types: v.types.map((x) => x.trim()).filter(Boolean),
    sla: { urgent: target("urgent"), normal: target("normal"), low: target("low") },
    calendar: {
      enabled: !!c.enabled,
      weekdays: [...(c.weekdays ?? [])].sort((a, b) => a - b),
      start: c.start,
      end: c.end,
      holidays: [...(c.holidays ?? [])].sort(),
      workdays: [...(c.workdays ?? [])].sort(),
      utcOffsetMinutes: c.utcOffsetMinutes ?? 480,
    },
    lockVersion,
  };
}

/** Where a backend error on `field` ("sla.urgent.responseMinutes", "calendar.end" …) shows in this form. */
export function fieldPath(field: string | undefined): NamePath | null {
  if (!field) return null;
  if (field === "types") return ["types"];
  const [head, p, rest] = field.split(".");
  if (head === "sla" && (p === "urgent" || p === "normal" || p === "low"))
    return ["sla", p, rest === "responseMinutes" ? "response" : "resolve"];
  if (head === "calendar" && p) return ["calendar", p];
  return null;
}

/** "09:00" ⇄ a time picker's value. */
const timeValue = (v: string | null | undefined): Dayjs | null => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v ?? "");
  return m ? dayjs().hour(Number(m[1])).minute(Number(m[2])).second(0).millisecond(0) : null;
};

/** The order types as closable tags, with a box to add one. */
function TypeTags({ id, value = [], onChange }: { id?: string; value?: string[]; onChange?: (v: string[]) => void }) {
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
            closable
            onClose={() => onChange?.(value.filter((x) => x !== v))}
            data-testid={`svc-type-${v}`}
            style={{ fontSize: 13, padding: "2px 8px" }}
          >
            {v}
          </Tag>
        ))}
      </Space>
      <Space.Compact>
        <Input
          id="svc-type-input"
          value={text}
          maxLength={50}
          status={exists ? "warning" : undefined}
          placeholder={t("svc.typePlaceholder")}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={(e) => {
            e.preventDefault();
            add();
          }}
          style={{ width: 200 }}
        />
        <Button icon={<PlusOutlined />} onClick={add} disabled={!trimmed || exists} data-testid="svc-type-add">
          {t("svc.addType")}
        </Button>
      </Space.Compact>
      {exists && (
        <Typography.Text type="warning" style={{ marginInlineStart: 8 }}>
          {t("svc.typeExists")}
        </Typography.Text>
      )}
    </div>
  );
}

/** A list of dates ("YYYY-MM-DD") as closable tags, with a picker to add one. */
function DateList({
  id,
  value = [],
  onChange,
  disabled,
}: {
  id: string;
  value?: string[];
  onChange?: (v: string[]) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const sorted = [...value].sort();
  return (
    <div data-testid={id}>
      <Space size={[6, 8]} wrap style={{ marginBottom: sorted.length ? 8 : 0 }}>
        {sorted.length === 0 && <Typography.Text type="secondary">{t("svc.noDates")}</Typography.Text>}
        {sorted.map((d) => (
          <Tag key={d} closable={!disabled} onClose={() => onChange?.(value.filter((x) => x !== d))}>
            {d}
          </Tag>
        ))}
      </Space>
      <div>
        <DatePicker
          id={`${id}-add`}
          disabled={disabled}
          placeholder={t("svc.addDate")}
          value={null}
          onChange={(d: Dayjs | null) => {
            const s = d ? d.format("YYYY-MM-DD") : null;
            if (s && !value.includes(s)) onChange?.([...value, s].sort());
          }}
        />
      </div>
    </div>
  );
}

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];

export default function ServiceSettingsTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: serviceKeys.settings(), queryFn: api.service.settings });
  const [form] = Form.useForm<ServiceSettingsForm>();
  const calendarOn = Form.useWatch(["calendar", "enabled"], form);
  useEffect(() => {
    if (q.data) form.setFieldsValue(toForm(q.data));
  }, [q.data, form]);

  // The version loaded travels back with the save (a newer one: the stale-save dialog).
  const save = useApiMutation((v: ServiceSettingsForm) => api.service.setSettings(fromForm(v, q.data?.lockVersion)), {
    invalidates: ["serviceSettings"],
    success: t("form.saved"),
    onSuccess: (saved) => {
      form.setFieldsValue(toForm(saved));
      qc.setQueryData(serviceKeys.settings(), saved);
    },
    // The backend names nested fields ("sla.urgent.responseMinutes"): mark the box they are in.
    onError: (e) => {
      const path = fieldPath(e.field);
      if (!path) return false;
      form.setFields([{ name: path, errors: [e.message] }]);
      return true;
    },
    reload: async () => {
      const { data } = await q.refetch();
      if (data) {
        form.resetFields();
        form.setFieldsValue(toForm(data));
      }
    },
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

  const hoursRules = (p: WorkOrderPriority, which: keyof Hours) => [
    { required: true, message: t("svc.positive") },
    {
      validator: (_: unknown, v: number | null) =>
        v !== null && v !== undefined && toMinutes(v) > 0 ? Promise.resolve() : Promise.reject(new Error(t("svc.positive"))),
    },
    ...(which === "response"
      ? [
          ({ getFieldValue }: { getFieldValue: (n: NamePath) => unknown }) => ({
            validator: (_: unknown, v: number | null) => {
              const resolve = getFieldValue(["sla", p, "resolve"]) as number | null;
              return v === null || resolve === null || resolve === undefined || toMinutes(v) <= toMinutes(resolve)
                ? Promise.resolve()
                : Promise.reject(new Error(t("svc.responseLonger")));
            },
          }),
        ]
      : []),
  ];

  return (
    <Card data-testid="service-settings">
      <Typography.Paragraph type="secondary">{t("svc.hint")}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={save.run} disabled={!editable} style={{ maxWidth: 760 }}>
        <Typography.Title level={5}>{t("svc.types")}</Typography.Title>
        <Form.Item
          name="types"
          extra={t("svc.typesHint")}
          rules={[{ validator: (_, v: string[]) => (v?.length ? Promise.resolve() : Promise.reject(new Error(t("svc.typesRequired")))) }]}
        >
          <TypeTags id="svc-types" />
        </Form.Item>

        <Typography.Title level={5}>{t("svc.sla")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("svc.slaHint")}</Typography.Paragraph>
        <Table<WorkOrderPriority>
          rowKey={(p) => p}
          size="small"
          pagination={false}
          dataSource={[...WORK_ORDER_PRIORITY.values]}
          style={{ marginBottom: 24, maxWidth: 560 }}
          columns={[
            {
              key: "priority",
              title: t("svc.priority"),
              width: 100,
              render: (_, p) => <Tag color={WORK_ORDER_PRIORITY.color(p)}>{WORK_ORDER_PRIORITY.label(t, p)}</Tag>,
            },
            ...(["response", "resolve"] as const).map((which) => ({
              key: which,
              title: t(which === "response" ? "svc.response" : "svc.resolve"),
              render: (_: unknown, p: WorkOrderPriority) => (
                <Form.Item
                  name={["sla", p, which]}
                  style={{ margin: 0 }}
                  dependencies={which === "response" ? [["sla", p, "resolve"]] : undefined}
                  rules={hoursRules(p, which)}
                >
                  <InputNumber id={`svc-${p}-${which}`} min={0} max={24 * 365} step={1} suffix={t("svc.hours")} style={{ width: 150 }} />
                </Form.Item>
              ),
            })),
          ]}
        />

        <Typography.Title level={5}>{t("svc.calendar")}</Typography.Title>
        <Form.Item name={["calendar", "enabled"]} label={t("svc.calendarEnabled")} valuePropName="checked" extra={t("svc.calendarHint")}>
          <Switch id="svc-calendar-enabled" />
        </Form.Item>
        <Form.Item name={["calendar", "weekdays"]} label={t("svc.weekdays")}>
          <Checkbox.Group
            data-testid="svc-weekdays"
            disabled={!editable || !calendarOn}
            options={WEEKDAYS.map((d) => ({ value: d, label: t(`svc.weekday.${d}` as MessageKey) }))}
          />
        </Form.Item>
        <Space size="large" wrap align="start">
          <Form.Item
            name={["calendar", "start"]}
            label={t("svc.start")}
            getValueProps={(v: string) => ({ value: timeValue(v) })}
            normalize={(d: Dayjs | null) => (d ? d.format("HH:mm") : null)}
            rules={[{ required: true, message: t("common.required", { label: t("svc.start") }) }]}
          >
            <TimePicker id="svc-start" format="HH:mm" minuteStep={5} disabled={!editable || !calendarOn} allowClear={false} />
          </Form.Item>
          <Form.Item
            name={["calendar", "end"]}
            label={t("svc.end")}
            dependencies={[["calendar", "start"]]}
            getValueProps={(v: string) => ({ value: timeValue(v) })}
            normalize={(d: Dayjs | null) => (d ? d.format("HH:mm") : null)}
            rules={[
              { required: true, message: t("common.required", { label: t("svc.end") }) },
              ({ getFieldValue }) => ({
                validator: (_, v: string | null) => {
                  const start = getFieldValue(["calendar", "start"]) as string | null;
                  return !v || !start || v > start ? Promise.resolve() : Promise.reject(new Error(t("svc.endBeforeStart")));
                },
              }),
            ]}
          >
            <TimePicker id="svc-end" format="HH:mm" minuteStep={5} disabled={!editable || !calendarOn} allowClear={false} />
          </Form.Item>
          <Form.Item name={["calendar", "utcOffsetMinutes"]} label={t("svc.utcOffset")} extra={t("svc.utcOffsetHint")}>
            <InputNumber id="svc-utc-offset" min={-840} max={840} step={60} precision={0} style={{ width: 140 }} />
          </Form.Item>
        </Space>
        <Form.Item name={["calendar", "holidays"]} label={t("svc.holidays")} extra={t("svc.holidaysHint")}>
          <DateList id="svc-holidays" disabled={!editable || !calendarOn} />
        </Form.Item>
        <Form.Item name={["calendar", "workdays"]} label={t("svc.workdays")} extra={t("svc.workdaysHint")}>
          <DateList id="svc-workdays" disabled={!editable || !calendarOn} />
        </Form.Item>
        {editable && (
          <Button type="primary" htmlType="submit" loading={save.busy} id="svc-settings-save">
            {t("form.save")}
          </Button>
        )}
      </Form>
    </Card>
  );
}
