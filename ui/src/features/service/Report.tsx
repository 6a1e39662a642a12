// The per-handler report over the orders created in a period (this month by default, this
// quarter, or any range): handled, resolved, median first response and resolution, SLA
// met, ratings, CSAT, average score and reopen rate, with a total row.
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, DatePicker, Empty, Segmented, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { api, serviceKeys, type HandlerStats } from "../../api";
import { tzOffset } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";
import { formatMinutes } from "./sla";

type Period = "month" | "quarter" | "custom";

/** The first and last day of this month or quarter ("YYYY-MM-DD"). */
export function periodRange(p: Exclude<Period, "custom">, today: Dayjs = dayjs()): [string, string] {
  const start = p === "month" ? today.startOf("month") : today.month(Math.floor(today.month() / 3) * 3).startOf("month");
  const end = p === "month" ? start.endOf("month") : start.add(2, "month").endOf("month");
  return [start.format("YYYY-MM-DD"), end.format("YYYY-MM-DD")];
}

const NONE = "—";
/** A percentage as the backend rounded it ("92.5%"), or "—". */
export const pct = (v: number | null | undefined) => (v === null || v === undefined ? NONE : `${v}%`);
/** Minutes as "1小时5分" / "1h 5m", or "—". */
export const minutes = (t: T, v: number | null | undefined) => (v === null || v === undefined ? NONE : formatMinutes(t, Number(v)));
const score = (v: number | null | undefined) => (v === null || v === undefined ? NONE : String(Number(v.toFixed(2))));

export default function Report() {
  const { t } = useI18n();
  const [period, setPeriod] = useState<Period>("month");
  const [custom, setCustom] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf("month"), dayjs()]);
  const [from, to] = period === "custom" ? [custom[0].format("YYYY-MM-DD"), custom[1].format("YYYY-MM-DD")] : periodRange(period);
  const q = useQuery({
    queryKey: serviceKeys.report(from, to),
    queryFn: () => api.service.report(from, to, tzOffset()),
    placeholderData: keepPreviousData,
  });
  const rows = q.data?.rows ?? [];
  const total = q.data?.total;
  const handler = (r: HandlerStats) =>
    r.assigneeId === null ? (
      <Typography.Text type="secondary">{t("wo.unassigned")}</Typography.Text>
    ) : (
      (r.assigneeName ?? `#${r.assigneeId}`)
    );
  const cells = (r: HandlerStats) => [
    Number(r.handled),
    Number(r.resolved),
    minutes(t, r.medianResponseMinutes),
    minutes(t, r.medianResolveMinutes),
    pct(r.slaMetPct),
    Number(r.rated),
    pct(r.csatPct),
    score(r.avgScore),
    pct(r.reopenPct),
  ];
  const metric = (key: string, title: string, width: number, i: number, hint?: string) => ({
    key,
    title: hint ? <span title={hint}>{title}</span> : title,
    width,
    align: "right" as const,
    render: (_: unknown, r: HandlerStats) => <span data-testid={`report-${key}-${r.assigneeId ?? "none"}`}>{cells(r)[i]}</span>,
  });

  return (
    <Card size="small" data-testid="service-report">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<Period>
          value={period}
          onChange={setPeriod}
          options={[
            { value: "month", label: <span data-testid="report-month">{t("report.thisMonth")}</span> },
            { value: "quarter", label: <span data-testid="report-quarter">{t("report.thisQuarter")}</span> },
            { value: "custom", label: <span data-testid="report-custom">{t("report.custom")}</span> },
          ]}
        />
        {period === "custom" && (
          <DatePicker.RangePicker
            id="report-range"
            allowClear={false}
            value={custom}
            onChange={(v) => v && v[0] && v[1] && setCustom([v[0], v[1]])}
          />
        )}
        <Typography.Text type="secondary" data-testid="report-period">
          {t("report.period", { from, to })}
        </Typography.Text>
      </Space>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      <Table<HandlerStats>
        rowKey={(r) => r.assigneeId ?? "none"}
        size="small"
        pagination={false}
        loading={q.isFetching}
        dataSource={rows}
        scroll={{ x: 920 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("report.empty")} /> }}
        columns={[
          { key: "handler", title: t("report.handler"), width: 120, ellipsis: true, render: (_, r) => handler(r) },
          metric("handled", t("report.handled"), 80, 0, t("report.handledHint")),
          metric("resolved", t("report.resolved"), 90, 1),
          metric("response", t("report.medianResponse"), 110, 2),
          metric("resolve", t("report.medianResolve"), 110, 3),
          metric("slaMet", t("report.slaMet"), 90, 4, t("report.slaMetHint")),
          metric("rated", t("report.rated"), 70, 5),
          metric("csat", t("report.csat"), 80, 6, t("report.csatHint")),
          metric("avg", t("report.avgScore"), 80, 7),
          metric("reopen", t("report.reopen"), 80, 8, t("report.reopenHint")),
        ]}
        summary={() =>
          total && rows.length > 0 ? (
            <Table.Summary.Row className="list-summary" data-testid="report-total">
              <Table.Summary.Cell index={0}>
                <strong>{t("board.total")}</strong>
              </Table.Summary.Cell>
              {cells(total).map((c, i) => (
                <Table.Summary.Cell key={i} index={i + 1} align="right">
                  <strong>{c}</strong>
                </Table.Summary.Cell>
              ))}
            </Table.Summary.Row>
          ) : null
        }
      />
    </Card>
  );
}
