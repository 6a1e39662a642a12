import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Empty, Popover, Space, Table } from "antd";
import type { TableColumnType, TableProps } from "antd";
import { SettingOutlined } from "@ant-design/icons";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import type { Page, PageReq } from "../api";
import { errorMessage } from "../hooks/useApiMutation";
import { useI18n } from "../i18n";

export type Sort = { field: string; desc: boolean } | null;

/**
 * A list column: `sorter: true` sorts on the server, a compare function (see sorters.ts) within the page.
 * `exportKeys`: the export columns it shows (default: its key and its dataIndex; [] for none).
 */
export type ListColumn<T> = TableColumnType<T> & { key: string; title: string; exportKeys?: readonly string[] };

/** What the list shows now: the sort its fetch gets and the export keys of the visible columns, in order. */
export type ListView = { sort: Sort; columns: string[] };

/** The export keys of columns, in order, each once. */
export function exportKeysOf<T>(columns: readonly ListColumn<T>[]): string[] {
  const keys = columns.flatMap((c) => c.exportKeys ?? [c.key, ...(typeof c.dataIndex === "string" ? [c.dataIndex] : [])]);
  return [...new Set(keys)];
}

type Props<T> = {
  /** Identifies the list's saved column settings (and its data-testid). */
  id: string;
  /** The list's query key from its area's factory (e.g. `customerKeys.list(filter)`); page and sort are appended. */
  queryKey: readonly unknown[];
  columns: ListColumn<T>[];
  /** Filters as plain data: a change refetches from page 1. */
  filters: unknown;
  fetch: (page: PageReq, sort: Sort) => Promise<Page<T>>;
  rowKey: (row: T) => number | string;
  onOpen?: (row: T) => void;
  /** A single click opens the row (a work queue); by default a click highlights it and a double click opens it. */
  openOnClick?: boolean;
  /** Reload the page this often (ms), for a queue others change all day; none by default. */
  refetchInterval?: number;
  toolbar?: ReactNode;
  /** Buttons at the toolbar's right end, before the column settings (import, export), given what the list shows. */
  actions?: (view: ListView) => ReactNode;
  emptyText?: string;
  defaultSort?: Sort;
  pageSize?: number;
  /** Columns hidden until the user picks their own (a wide list keeps its secondary columns one click away). */
  defaultHidden?: readonly string[];
  /**
   * A totals row under the rows (antd's table summary), given the columns on screen in
   * their order: usually a <SummaryRow> with a cell per column key.
   */
  summary?: (columns: ListColumn<T>[]) => ReactNode;
};

function loadHidden(id: string, fallback: readonly string[] = []): string[] {
  try {
    const saved = localStorage.getItem(`crm.cols.${id}`);
    return saved === null ? [...fallback] : JSON.parse(saved);
  } catch {
    return [...fallback];
  }
}

/**
 * One summary row aligned with the columns on screen: `cells` by column key (a hidden
 * column's cell is not shown, a column without one stays empty), each aligned like its column.
 */
export function SummaryRow<T>({
  columns,
  cells,
  testid,
}: {
  columns: ListColumn<T>[];
  cells: Partial<Record<string, ReactNode>>;
  testid: string;
}) {
  return (
    <Table.Summary.Row data-testid={testid} className="list-summary">
      {columns.map((c, i) => (
        <Table.Summary.Cell key={c.key} index={i} align={c.align}>
          {cells[c.key] ?? null}
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

/**
 * The list pattern every module uses: server-side paging, sorting and filters, saved
 * column settings, loading / empty / error states, and keyboard navigation
 * (↑/↓ move the highlighted row, Enter opens it).
 */
export default function ListPage<T extends object>(p: Props<T>) {
  const { t } = useI18n();
  const [page, setPage] = useState<PageReq>({ page: 1, pageSize: p.pageSize ?? 50 });
  const [sort, setSort] = useState<Sort>(p.defaultSort ?? null);
  const [hidden, setHidden] = useState<string[]>(() => loadHidden(p.id, p.defaultHidden));
  const [active, setActive] = useState(0);
  const wrap = useRef<HTMLDivElement>(null);
  const filterKey = JSON.stringify(p.filters);

  useEffect(() => setPage((pg) => ({ ...pg, page: 1 })), [filterKey]);
  // `sorter: true` columns sort on the server (the fetch gets the sort); a compare function
  // sorts the rows of the current page (a column the command cannot sort by).
  const toServer = (s: Sort): Sort => (s && p.columns.find((c) => c.key === s.field)?.sorter === true ? s : (p.defaultSort ?? null));
  const serverSort = toServer(sort);
  const q = useQuery({
    queryKey: [...p.queryKey, page, serverSort],
    queryFn: () => p.fetch(page, serverSort),
    placeholderData: keepPreviousData,
    refetchInterval: p.refetchInterval,
  });
  const rows = useMemo(() => q.data?.items ?? [], [q.data]);
  useEffect(() => setActive(0), [q.data]);

  const toggleColumn = (key: string, visible: boolean) => {
    const next = visible ? hidden.filter((k) => k !== key) : [...hidden, key];
    setHidden(next);
    localStorage.setItem(`crm.cols.${p.id}`, JSON.stringify(next));
  };

  const visible = p.columns.filter((c) => !hidden.includes(c.key));
  const columns = visible.map(({ exportKeys: _, ...c }) =>
    c.sorter ? { ...c, sortOrder: sort?.field === c.key ? (sort.desc ? ("descend" as const) : ("ascend" as const)) : null } : c,
  );

  // Narrow windows scroll the table sideways instead of squeezing the flexible columns to nothing.
  const scrollX = columns.reduce((n, c) => n + (typeof c.width === "number" ? c.width : 160), 0);

  const onChange: TableProps<T>["onChange"] = (pg, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const next: Sort = s?.order ? { field: String(s.columnKey), desc: s.order === "descend" } : (p.defaultSort ?? null);
    // A new server order starts again from page 1 (antd keeps the page on a sort change);
    // a compare-function column only reorders the page on screen.
    const reordered = JSON.stringify(toServer(next)) !== JSON.stringify(serverSort);
    setSort(next);
    setPage({ page: reordered ? 1 : (pg.current ?? 1), pageSize: pg.pageSize ?? page.pageSize });
  };

  const onKeyDown = useCallback(
    (e: React.KeyboardEvent) => {
      if (!rows.length) return;
      if (e.key === "ArrowDown") {
        setActive((a) => Math.min(a + 1, rows.length - 1));
        e.preventDefault();
      } else if (e.key === "ArrowUp") {
        setActive((a) => Math.max(a - 1, 0));
        e.preventDefault();
      } else if (e.key === "Enter" && p.onOpen && rows[active]) {
        p.onOpen(rows[active]);
        e.preventDefault();
      }
    },
    [rows, active, p],
  );

  const settings = (
    <Space orientation="vertical">
      {p.columns.map((c) => (
        <Checkbox key={c.key} checked={!hidden.includes(c.key)} onChange={(e) => toggleColumn(c.key, e.target.checked)}>
          {c.title}
        </Checkbox>
      ))}
    </Space>
  );

  return (
    <div ref={wrap} tabIndex={0} onKeyDown={onKeyDown} style={{ outline: "none" }} data-testid={`list-${p.id}`}>
      <div style={{ display: "flex", justifyContent: "space-between", marginBottom: 12, gap: 12, flexWrap: "wrap" }}>
        <div style={{ flex: 1 }}>{p.toolbar}</div>
        <Space align="start">
          {p.actions?.({ sort: serverSort, columns: exportKeysOf(visible) })}
          <Popover content={settings} title={t("list.columns")} trigger="click" placement="bottomRight">
            <Button icon={<SettingOutlined />} aria-label={t("list.columns")} />
          </Popover>
        </Space>
      </div>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, q.error)}
          action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
        />
      )}
      <Table<T>
        rowKey={p.rowKey}
        size="middle"
        columns={columns}
        scroll={{ x: scrollX }}
        dataSource={rows}
        loading={q.isFetching}
        onChange={onChange}
        rowClassName={(_, i) => [i === active ? "row-active" : "", p.openOnClick ? "row-clickable" : ""].join(" ").trim()}
        onRow={(row, i) => ({
          onClick: () => {
            setActive(i ?? 0);
            if (p.openOnClick) p.onOpen?.(row);
          },
          onDoubleClick: () => {
            if (!p.openOnClick) p.onOpen?.(row);
          },
        })}
        locale={{ emptyText: <Empty description={p.emptyText ?? t("list.empty")} /> }}
        // An empty list shows its empty state alone (no row of zeros under it).
        summary={p.summary && rows.length > 0 ? () => p.summary!(columns) : undefined}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: Number(q.data?.total ?? 0),
          showSizeChanger: true,
          pageSizeOptions: [20, 50, 100],
          showTotal: (n) => t("common.total", { n }),
        }}
      />
    </div>
  );
}
