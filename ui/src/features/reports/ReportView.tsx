// One report: the shared filter bar (scope, department, period), the export, and each of
// the report's tables as a chart (from its hint) above the table, with its totals row and
// the note that defines its figures. Rows of a rep or a stage open the matching list.
import { DownloadOutlined, ReloadOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Row,
  Segmented,
  Select,
  Skeleton,
  Space,
  Spin,
  Table,
  TreeSelect,
  Typography,
} from "antd";
import type { ColumnType } from "antd/es/table";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { api, deptKeys, reportKeys } from "../../api";
import type { DataScope } from "../../api/types/DataScope";
import type { Report } from "../../api/types/Report";
import type { ReportKind } from "../../api/types/ReportKind";
import type { ReportTable } from "../../api/types/ReportTable";
import type { StatsQuery } from "../../api/types/StatsQuery";
import { useSession } from "../../app/session";
import EChart from "../../components/charts/EChart";
import { DATA_SCOPE } from "../../domain/enums";
import { tzOffset } from "../../format";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type Lang } from "../../i18n";
import { compareDec } from "../../money";
import { deptTreeData } from "../admin/Users";
import { formatCell, isNumeric, columnTitle, tableNote, tableTitle } from "./cells";
import { chartHeight, clickedRow, reportChartOption } from "./chartOptions";
import { rowLink } from "./links";
import { PRESETS, presetRange, type Preset } from "./period";

/** The filter every report shares (kept while switching between reports). */
export type ReportFilter = {
  scope: DataScope;
  deptId: number | null;
  preset: Preset;
  range: [Dayjs, Dayjs] | null;
};

export function useReportFilter() {
  const { user } = useSession();
  return useState<ReportFilter>({ scope: user.dataScope, deptId: null, preset: "month", range: null });
}

/** The query a filter stands for (the desktop's calendar and time zone). */
export function toQuery(f: ReportFilter): StatsQuery {
  const { from, to } = presetRange(f.preset, undefined, f.range);
  return { scope: f.scope, from, to, deptId: f.deptId, tzOffsetMinutes: tzOffset() };
}

type RowData = { key: number; cells: (string | null)[]; rowKey: string | null };

/** The column that names a row: the chart's label column, else the first text column. */
const labelColumn = (t: ReportTable) =>
  t.chart?.label ??
  Math.max(
    0,
    t.columns.findIndex((c) => c.kind === "text"),
  );

function compareCells(kind: ReportTable["columns"][number]["kind"], a: string | null, b: string | null, lang: Lang) {
  if (a === null || b === null) return a === b ? 0 : a === null ? -1 : 1;
  return isNumeric(kind) ? compareDec(a, b) : a.localeCompare(b, lang);
}

/** A table of a report: its chart, the table with totals, and its note. */
function TableCard({ report, table }: { report: Report; table: ReportTable }) {
  const { t, lang } = useI18n();
  const { can } = useSession();
  const nav = useNavigate();
  const label = labelColumn(table);
  const linkOf = (rowKey: string | null) => {
    const l = rowLink(report.kind, table.key, rowKey, report.from, report.to);
    return l && can(l.permission) ? l : null;
  };
  const linkable = table.rowKeys.some((k) => linkOf(k) !== null);
  const option = useMemo(() => (table.rows.length ? reportChartOption(table, lang) : null), [table, lang]);
  const data: RowData[] = table.rows.map((cells, i) => ({ key: i, cells, rowKey: table.rowKeys[i] ?? null }));
  const note = tableNote(table, lang);
  const hint = report.kind === "funnel" ? t("reports.openStage") : t("reports.openContracts");

  const columns: ColumnType<RowData>[] = table.columns.map((c, i) => ({
    key: `${c.key}-${i}`,
    title: columnTitle(c, lang),
    align: isNumeric(c.kind) ? "right" : "left",
    fixed: i === label && table.columns.length > 6 ? "left" : undefined,
    onHeaderCell: () => ({ style: { whiteSpace: "nowrap" } }),
    sorter: (a, b) => compareCells(c.kind, a.cells[i], b.cells[i], lang),
    render: (_, r) => {
      const text = formatCell(c.kind, r.cells[i], lang);
      if (i === label && linkOf(r.rowKey))
        return (
          <a title={hint} data-testid={`report-link-${table.key}-${r.rowKey}`}>
            {text}
          </a>
        );
      return <span style={{ whiteSpace: "nowrap" }}>{text}</span>;
    },
  }));

  const open = (row: number | null) => {
    if (row === null) return;
    const l = linkOf(table.rowKeys[row] ?? null);
    if (l) nav(l.path);
  };

  return (
    <Card size="small" style={{ height: "100%" }} data-testid={`report-card-${table.key}`}>
      {option ? (
        <EChart
          option={option}
          height={chartHeight(table)}
          testid={`report-chart-${table.key}`}
          onItemClick={linkable ? (e) => open(clickedRow(table, lang, e)) : undefined}
        />
      ) : (
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {tableTitle(table, lang)}
        </Typography.Title>
      )}
      <div data-testid={`report-table-${table.key}`} style={{ marginTop: option ? 12 : 0 }}>
        <Table<RowData>
          size="small"
          rowKey="key"
          dataSource={data}
          columns={columns}
          scroll={{ x: "max-content" }}
          pagination={data.length > 50 ? { pageSize: 50, showSizeChanger: false, showTotal: (n) => t("common.total", { n }) } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("reports.empty")} /> }}
          onRow={(r) => (linkOf(r.rowKey) ? { onClick: () => open(r.key), style: { cursor: "pointer" } } : {})}
          summary={() =>
            table.total && data.length > 0 ? (
              <Table.Summary fixed={false}>
                <Table.Summary.Row className="list-summary" data-testid={`report-total-${table.key}`}>
                  {table.columns.map((c, i) => (
                    <Table.Summary.Cell key={i} index={i} align={isNumeric(c.kind) ? "right" : "left"}>
                      <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
                        {table.total![i] === null && i === label ? t("reports.total") : formatCell(c.kind, table.total![i], lang)}
                      </Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      </div>
      {note && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }} data-testid={`report-note-${table.key}`}>
          {note}
        </Typography.Paragraph>
      )}
    </Card>
  );
}

/** Tables of few columns sit two to a row on a wide window. */
const narrow = (t: ReportTable) => t.columns.length <= 4;

export default function ReportView({
  kind,
  filter,
  onFilter,
}: {
  kind: ReportKind;
  filter: ReportFilter;
  onFilter: (f: ReportFilter) => void;
}) {
  const { t } = useI18n();
  const query = useMemo(() => toQuery(filter), [filter]);
  const q = useQuery({
    queryKey: reportKeys.report(kind, query),
    queryFn: () => api.reports.get(kind, query),
    placeholderData: keepPreviousData,
  });
  // While another report loads, the previous one is not shown as this one.
  const report = q.data && q.data.kind === kind ? q.data : undefined;
  const depts = useQuery({ queryKey: deptKeys.tree(), queryFn: api.depts.tree });
  const [exported, setExported] = useState<string | null>(null);
  const exp = useApiMutation((v: { kind: ReportKind; query: StatsQuery }) => api.reports.exportXlsx(v.kind, v.query), {
    onSuccess: (path) => setExported(path),
  });
  const openFile = useApiMutation((path: string) => api.reports.openExport(path));
  const set = (patch: Partial<ReportFilter>) => onFilter({ ...filter, ...patch });
  const scopes = report?.scopeOptions ?? [filter.scope];

  return (
    <div data-testid={`report-${kind}`}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
          <Space wrap size={[12, 8]}>
            <Select<DataScope>
              id="report-scope"
              aria-label={t("reports.scope")}
              style={{ minWidth: 150 }}
              value={report?.scope ?? filter.scope}
              onChange={(scope) => set({ scope })}
              options={scopes.map((s) => ({ value: s, label: DATA_SCOPE.label(t, s) }))}
              prefix={t("reports.scope")}
            />
            <TreeSelect<number>
              id="report-dept"
              aria-label={t("reports.dept")}
              style={{ minWidth: 180 }}
              allowClear
              treeDefaultExpandAll
              placeholder={t("reports.allDepts")}
              value={filter.deptId ?? undefined}
              onChange={(v) => set({ deptId: v ?? null })}
              treeData={deptTreeData(depts.data ?? [])}
              loading={depts.isLoading}
              prefix={t("reports.dept")}
            />
            <Segmented<Preset>
              id="report-period"
              value={filter.preset}
              onChange={(preset) => set({ preset })}
              options={PRESETS.map((p) => ({
                value: p,
                label: <span data-testid={`report-period-${p}`}>{t(`reports.period.${p}`)}</span>,
              }))}
            />
            {filter.preset === "custom" && (
              <DatePicker.RangePicker
                id="report-range"
                allowClear={false}
                value={filter.range ?? undefined}
                onChange={(v) => v && v[0] && v[1] && set({ range: [v[0], v[1]] })}
              />
            )}
            <Typography.Text type="secondary" data-testid="report-period-text" style={{ whiteSpace: "nowrap" }}>
              {t("reports.periodText", { from: query.from, to: query.to })}
            </Typography.Text>
          </Space>
          <Space>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => q.refetch()}
              loading={q.isFetching && !!report}
              aria-label={t("common.refresh")}
            />
            <Button
              type="primary"
              icon={<DownloadOutlined />}
              data-testid="report-export"
              loading={exp.busy}
              onClick={() => {
                setExported(null);
                void exp.run({ kind, query });
              }}
            >
              {t("reports.export")}
            </Button>
          </Space>
        </div>
      </Card>
      {exported && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setExported(null)}
          style={{ marginBottom: 16 }}
          data-testid="report-exported"
          title={
            <span>
              {t("reports.exported")}{" "}
              <Typography.Text code copyable={{ text: exported }} data-testid="report-export-path" style={{ wordBreak: "break-all" }}>
                {exported}
              </Typography.Text>
            </span>
          }
          action={
            <Button size="small" data-testid="report-export-open" loading={openFile.busy} onClick={() => void openFile.run(exported)}>
              {t("reports.open")}
            </Button>
          }
        />
      )}
      {!!q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="report-error"
          title={errorMessage(t, q.error)}
          action={
            <Button size="small" onClick={() => q.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      {!report ? (
        q.isError ? null : (
          <Card data-testid="report-loading">
            <Skeleton active paragraph={{ rows: 8 }} />
          </Card>
        )
      ) : report.tables.length === 0 ? (
        <Card>
          <Empty description={t("reports.noTables")} />
        </Card>
      ) : (
        <Spin spinning={q.isFetching}>
          <Row gutter={[16, 16]}>
            {report.tables.map((tb) => (
              <Col key={tb.key} xs={24} xl={narrow(tb) ? 12 : 24}>
                <TableCard report={report} table={tb} />
              </Col>
            ))}
          </Row>
        </Spin>
      )}
    </div>
  );
}
