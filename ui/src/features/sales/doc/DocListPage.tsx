// The list page every sales document uses: number / status filters, the list (ListPage),
// "new", and the detail and editor opened from the URL (`?id=`).
import { Badge, Button, Input, Segmented, Select, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { Page, PageReq } from "../../../api";
import type { ExportKind } from "../../../api/types/ExportKind";
import { useSession } from "../../../app/session";
import ListPage, { type ListColumn, type Sort } from "../../../components/ListPage";
import DrillTag, { useDrill } from "../../../components/DrillTag";
import { undrill, type DrillSpec } from "../../../components/drill";
import type { EnumTable } from "../../../domain/enums";
import { useI18n } from "../../../i18n";
import ExportButton from "../../dataio/ExportButton";

/** `sort` is the key of a `sorter: true` column (the server's sort value); null keeps the server's order (newest first). */
export type DocFilter<S extends string> = { keyword: string | null; status: S | null; sort?: string | null; desc?: boolean | null };

/**
 * Another list the page can show instead of the filtered one (e.g. "awaiting my approval"):
 * a switch above the list, with an optional count badge. It has the same columns and opens
 * the same detail; the keyword and status filters and the server sort do not apply to it.
 */
export type DocView<R> = {
  key: string;
  label: string;
  /** Shown as a badge next to the label (hidden when 0 or unknown). */
  count?: number;
  /** Its query key from the area's factory (ListPage appends page and sort). */
  queryKey: readonly unknown[];
  fetch: (page: PageReq) => Promise<Page<R>>;
  emptyText: string;
};

export type DocListPageProps<R extends { id: number }, S extends string, F extends DocFilter<S>> = {
  /** data-testid of the page ("quotations-page"). */
  testid: string;
  /** The list's id (saved columns, `list-<id>` test id). */
  listId: string;
  emptyFilter: F;
  queryKey: (filter: F) => readonly unknown[];
  fetch: (filter: F, page: PageReq) => Promise<Page<R>>;
  /**
   * The columns; `open(id)` opens a document (its number links there). A `sorter: true`
   * column sorts on the server: its key must be one of the filter's sort values.
   */
  columns: (open: (id: number) => void) => ListColumn<R>[];
  emptyText: string;
  keyword: { id: string; placeholder: string };
  status: { table: EnumTable<S>; placeholder: string };
  create: { id: string; label: string; permission: string };
  /** What "导出" exports: the filtered list with its sort (the other views have no export). */
  exportKind: ExportKind;
  /** Other lists to switch to (none: no switch); the filtered list is "all". */
  views?: DocView<R>[];
  /** More filters after the status (e.g. the contracts' collection state); `set` patches the filter (back to page 1). */
  extraFilters?: (filter: F, set: (patch: Partial<F>) => void) => ReactNode;
  /** A totals row for the filtered list (not shown on the other views), given the filter and the columns on screen. */
  summary?: (filter: F, columns: ListColumn<R>[]) => ReactNode;
  /** Columns hidden until the user picks their own. */
  defaultHidden?: readonly string[];
  /**
   * Filter fields the dashboard may open the list with (URL parameters, read when the list
   * opens; see components/drill.ts): the list starts filtered and says so in a closable tag.
   */
  drill?: DrillSpec;
  detail: (p: { id: number | null; onEdit: (r: R) => void; onOpen: (id: number) => void; onClose: () => void }) => ReactNode;
  editor: (p: { editing: R | "new" | null; onClose: () => void; onSaved: (r: R) => void }) => ReactNode;
};

const ALL = "all";
const NO_DRILL: DrillSpec = {};

export default function DocListPage<R extends { id: number }, S extends string, F extends DocFilter<S>>(p: DocListPageProps<R, S, F>) {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const { drill, dismiss } = useDrill(p.drill ?? NO_DRILL);
  const [filter, setFilter] = useState<F>(() => ({ ...p.emptyFilter, ...drill }));
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<R | "new" | null>(null);
  const [viewKey, setViewKey] = useState<string>(ALL);
  const set = (patch: Partial<DocFilter<S>>) => setFilter((f) => ({ ...f, ...patch }));
  const patchFilter = (patch: Partial<F>) => setFilter((f) => ({ ...f, ...patch }));
  const open = (id: number) => setParams({ id: String(id) });
  const views = p.views ?? [];
  const view = views.find((v) => v.key === viewKey) ?? null;
  // A view has no server sort: its `sorter: true` columns do not sort (compare functions still do).
  const columns = view ? p.columns(open).map((c) => (c.sorter === true ? { ...c, sorter: false } : c)) : p.columns(open);
  // What the filtered list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): F => ({ ...filter, sort: (sort?.field as F["sort"]) ?? null, desc: sort ? sort.desc : null });

  return (
    <div data-testid={p.testid}>
      <ListPage<R>
        // A fresh list (page 1, no sort) for each view.
        key={view?.key ?? ALL}
        id={p.listId}
        queryKey={view ? view.queryKey : p.queryKey(filter)}
        columns={columns}
        filters={view ? { view: view.key } : filter}
        rowKey={(r) => r.id}
        fetch={(page, sort) => (view ? view.fetch(page) : p.fetch(query(sort), page))}
        actions={view ? undefined : (v) => <ExportButton kind={p.exportKind} filter={query(v.sort)} columns={v.columns} />}
        onOpen={(r) => open(r.id)}
        emptyText={view ? view.emptyText : p.emptyText}
        defaultHidden={p.defaultHidden}
        summary={!view && p.summary ? (cols) => p.summary!(filter, cols) : undefined}
        toolbar={
          <Space wrap>
            {drill && !view && (
              <DrillTag
                drill={drill}
                spec={p.drill ?? NO_DRILL}
                onClose={() => {
                  setFilter((f) => undrill(f, drill, p.emptyFilter));
                  dismiss();
                }}
              />
            )}
            {views.length > 0 && (
              <Segmented<string>
                value={view?.key ?? ALL}
                onChange={setViewKey}
                options={[
                  { value: ALL, label: <span data-testid={`${p.listId}-view-${ALL}`}>{t("doc.view.all")}</span> },
                  ...views.map((v) => ({
                    value: v.key,
                    label: (
                      <Space size={4} data-testid={`${p.listId}-view-${v.key}`}>
                        {v.label}
                        {!!v.count && (
                          <Badge count={v.count} size="small" overflowCount={99} data-testid={`${p.listId}-view-${v.key}-count`} />
                        )}
                      </Space>
                    ),
                  })),
                ]}
              />
            )}
            {!view && (
              <Input.Search
                id={p.keyword.id}
                allowClear
                placeholder={p.keyword.placeholder}
                value={keyword}
                onChange={(e) => setKeyword(e.target.value)}
                onSearch={(v) => set({ keyword: v.trim() || null })}
                style={{ width: 220 }}
              />
            )}
            {!view && (
              <Select<S>
                allowClear
                placeholder={p.status.placeholder}
                style={{ width: 110 }}
                value={filter.status ?? undefined}
                onChange={(v) => set({ status: v ?? null })}
                options={p.status.table.options(t)}
              />
            )}
            {!view && p.extraFilters?.(filter, patchFilter)}
            {can(p.create.permission) && (
              <Button type="primary" icon={<PlusOutlined />} id={p.create.id} onClick={() => setEditing("new")}>
                {p.create.label}
              </Button>
            )}
          </Space>
        }
      />
      {p.detail({ id: openId, onEdit: setEditing, onOpen: open, onClose: () => setParams({}) })}
      {p.editor({ editing, onClose: () => setEditing(null), onSaved: (r) => open(r.id) })}
    </div>
  );
}
