// 销售目标: the year's monthly targets per department (tree order) and per rep, with what
// was achieved and the completion under each month. Managers (report:target) edit the
// months and the completion basis; everyone else reads. Saving sends only the rows that
// changed (targetGrid.ts holds the grid logic, exact decimal math).
import { ApartmentOutlined, UndoOutlined, UserOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Empty, InputNumber, Segmented, Skeleton, Space, Table, Tooltip, Typography } from "antd";
import type { ColumnType } from "antd/es/table";
import dayjs from "dayjs";
import { useMemo, useState, type CSSProperties } from "react";
import { api, reportKeys } from "../../api";
import type { TargetBasis } from "../../api/types/TargetBasis";
import type { TargetGrid } from "../../api/types/TargetGrid";
import { TARGET_BASIS } from "../../domain/enums";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type Lang } from "../../i18n";
import { compareDec } from "../../money";
import { groupDigits, NONE } from "./cells";
import {
  diff,
  isChanged,
  monthCompletion,
  monthTotals,
  MONTHS,
  rowTotal,
  setMonth,
  shownMonths,
  showsRolled,
  toEditRows,
  totalOf,
  yearCompletion,
  withEdits,
  type EditRow,
  type RowKey,
} from "./targetGrid";

const ROLLED: CSSProperties = { color: "#8c8c8c", fontStyle: "italic" };

/** An amount in the grid: grouped, two decimals, no currency sign (the columns are all money). */
const amount = (v: string | null) => (v === null ? NONE : groupDigits(v));

const monthName = (lang: Lang, i: number) => new Intl.DateTimeFormat(lang, { month: "short" }).format(new Date(2000, i, 1));

/** Achieved and completion under a target. */
function Achieved({ achieved, pct, testid }: { achieved: string; pct: string | null; testid: string }) {
  const { t } = useI18n();
  return (
    <div style={{ fontSize: 12, lineHeight: "18px", whiteSpace: "nowrap" }} data-testid={testid}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }} title={t("targets.achieved")}>
        {amount(achieved)}
      </Typography.Text>
      {pct !== null && (
        <Typography.Text
          style={{ fontSize: 12, marginLeft: 6 }}
          type={compareDec(pct, "100") >= 0 ? "success" : "warning"}
          title={t("targets.completion")}
        >
          {pct}%
        </Typography.Text>
      )}
    </div>
  );
}

export default function Targets() {
  const { t, lang } = useI18n();
  const { modal } = App.useApp();
  const qc = useQueryClient();
  const [year, setYear] = useState(() => dayjs().year());
  const q = useQuery({ queryKey: reportKeys.targets(year), queryFn: () => api.reports.targets(year) });
  // The edited months per row, laid over the grid as loaded (so a refresh keeps them).
  const [edits, setEdits] = useState<Partial<Record<RowKey, (string | null)[]>>>({});
  const base = useMemo(() => (q.data ? toEditRows(q.data) : []), [q.data]);
  const rows = useMemo(() => withEdits(base, edits), [base, edits]);
  const changes = useMemo(() => diff(rows), [rows]);
  const canEdit = !!q.data?.canEdit;

  const save = useApiMutation((v: { year: number; rows: ReturnType<typeof diff> }) => api.reports.saveTargets(v.year, v.rows), {
    invalidates: ["targets"],
    success: t("targets.saved"),
    onSuccess: (grid: TargetGrid) => {
      qc.setQueryData(reportKeys.targets(grid.year), grid);
      setEdits({});
    },
  });
  const basis = useApiMutation((b: TargetBasis) => api.reports.setBasis(b), { invalidates: ["targets"], success: t("form.saved") });

  const changeYear = (y: number) => {
    if (y === year) return;
    const go = () => {
      setEdits({});
      setYear(y);
    };
    if (!changes.length) return go();
    modal.confirm({
      title: t("targets.discardTitle"),
      content: t("targets.discardBody"),
      okText: t("form.discard"),
      cancelText: t("form.keepEditing"),
      onOk: go,
    });
  };

  const edit = (key: RowKey, m: number, v: string | null) => {
    const row = setMonth(rows, key, m, v).find((r) => r.key === key);
    if (row) setEdits((e) => ({ ...e, [key]: row.months }));
  };

  const monthCell = (r: EditRow, m: number) => {
    const shown = shownMonths(r)[m];
    const rolled = showsRolled(r);
    const id = `target-${r.key}-${m + 1}`;
    const input = r.editable ? (
      <InputNumber<string>
        id={id}
        size="small"
        stringMode
        min="0"
        precision={2}
        controls={false}
        style={{ width: 112, ...(rolled ? ROLLED : {}) }}
        value={r.months[m]}
        placeholder={rolled && shown !== null ? amount(shown) : undefined}
        onChange={(v) => edit(r.key, m, v)}
      />
    ) : (
      <span id={id} style={{ whiteSpace: "nowrap", ...(rolled ? ROLLED : {}) }}>
        {amount(shown)}
      </span>
    );
    return (
      <div>
        {rolled ? <Tooltip title={t("targets.rolledUp")}>{input}</Tooltip> : input}
        <Achieved achieved={r.achieved[m]} pct={monthCompletion(r, m)} testid={`achieved-${r.key}-${m + 1}`} />
      </div>
    );
  };

  const columns: ColumnType<EditRow>[] = [
    {
      key: "name",
      title: t("targets.name"),
      fixed: "left",
      width: 200,
      render: (_, r) => (
        <div style={{ paddingLeft: r.depth * 16, minWidth: 0 }} data-testid={`target-row-${r.key}`}>
          <Space size={6} style={{ maxWidth: "100%" }}>
            {r.kind === "dept" ? <ApartmentOutlined title={t("targets.dept")} /> : <UserOutlined title={t("targets.rep")} />}
            <Typography.Text strong={r.kind === "dept"} ellipsis={{ tooltip: r.name }} style={{ maxWidth: 150 }}>
              {r.name}
            </Typography.Text>
            {isChanged(r) && <Typography.Text type="warning">*</Typography.Text>}
          </Space>
          {r.kind === "user" && r.deptName && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {r.deptName}
              </Typography.Text>
            </div>
          )}
          {canEdit && !r.editable && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t("targets.rowReadOnly")}
              </Typography.Text>
            </div>
          )}
        </div>
      ),
    },
    ...Array.from({ length: MONTHS }, (_, m): ColumnType<EditRow> => ({
      key: `m${m + 1}`,
      title: monthName(lang, m),
      width: 128,
      align: "right",
      render: (_, r) => monthCell(r, m),
    })),
    {
      key: "total",
      title: t("targets.total"),
      fixed: "right",
      width: 150,
      align: "right",
      render: (_, r) => {
        const rolled = showsRolled(r);
        const text = (
          <Typography.Text strong style={rolled ? ROLLED : undefined} data-testid={`target-total-${r.key}`}>
            {shownMonths(r).some((x) => x !== null) ? amount(rowTotal(r)) : NONE}
          </Typography.Text>
        );
        return (
          <div>
            {rolled ? <Tooltip title={t("targets.rolledUp")}>{text}</Tooltip> : text}
            <Achieved achieved={r.achievedTotal} pct={yearCompletion(r)} testid={`achieved-${r.key}-total`} />
          </div>
        );
      },
    },
  ];

  const repTotals = monthTotals(rows, "user");

  return (
    <div data-testid="targets-page">
      <Card size="small" style={{ marginBottom: 16 }}>
        <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 12, flexWrap: "wrap" }}>
          <Space wrap size={[16, 8]}>
            <Space size={8}>
              <Typography.Text>{t("targets.year")}</Typography.Text>
              <DatePicker
                id="targets-year"
                picker="year"
                allowClear={false}
                value={dayjs().year(year).startOf("year")}
                onChange={(d) => d && changeYear(d.year())}
              />
            </Space>
            <Space size={8}>
              <Typography.Text>{t("targets.basis")}</Typography.Text>
              <Segmented<TargetBasis>
                id="targets-basis"
                disabled={!canEdit || basis.busy}
                value={q.data?.basis ?? "contracts"}
                onChange={(b) => void basis.run(b)}
                options={TARGET_BASIS.values.map((b) => ({
                  value: b,
                  label: <span data-testid={`targets-basis-${b}`}>{TARGET_BASIS.label(t, b)}</span>,
                }))}
              />
            </Space>
          </Space>
          {canEdit && (
            <Space>
              {changes.length > 0 && (
                <Typography.Text type="warning" data-testid="targets-changed">
                  {t("targets.changed", { n: changes.length })}
                </Typography.Text>
              )}
              <Button icon={<UndoOutlined />} disabled={!changes.length || save.busy} onClick={() => setEdits({})}>
                {t("targets.reset")}
              </Button>
              <Button
                type="primary"
                id="targets-save"
                data-testid="targets-save"
                disabled={!changes.length}
                loading={save.busy}
                onClick={() => void save.run({ year, rows: changes })}
              >
                {t("targets.save")}
              </Button>
            </Space>
          )}
        </div>
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: "8px 0 0" }}>
          {t("targets.hint")} {t("targets.basisHint")}
        </Typography.Paragraph>
      </Card>
      {q.data && !canEdit && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }} data-testid="targets-read-only" title={t("targets.readOnly")} />
      )}
      {q.error ? (
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
      ) : !q.data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 8 }} />
        </Card>
      ) : (
        <Table<EditRow>
          size="small"
          bordered
          rowKey="key"
          dataSource={rows}
          columns={columns}
          loading={q.isFetching}
          pagination={false}
          scroll={{ x: 200 + MONTHS * 128 + 150, y: "calc(100vh - 360px)" }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("targets.empty")} /> }}
          rowClassName={(r) => (r.kind === "dept" ? "target-dept-row" : "")}
          summary={() =>
            rows.some((r) => r.kind === "user") ? (
              <Table.Summary fixed="bottom">
                <Table.Summary.Row className="list-summary" data-testid="targets-rep-total">
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t("targets.repTotal")}</Typography.Text>
                  </Table.Summary.Cell>
                  {repTotals.map((v, i) => (
                    <Table.Summary.Cell key={i} index={i + 1} align="right">
                      <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
                        {amount(v)}
                      </Typography.Text>
                    </Table.Summary.Cell>
                  ))}
                  <Table.Summary.Cell index={MONTHS + 1} align="right">
                    <Typography.Text strong style={{ whiteSpace: "nowrap" }}>
                      {amount(totalOf(repTotals))}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              </Table.Summary>
            ) : null
          }
        />
      )}
    </div>
  );
}
