// The list page every sales document uses: number / status filters, the list (ListPage),
// "new", and the detail and editor opened from the URL (`?id=`).
import { Button, Input, Select, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useSearchParams } from "react-router";
import type { Page, PageReq } from "../../../api";
import { useSession } from "../../../app/session";
import ListPage, { type ListColumn } from "../../../components/ListPage";
import type { EnumTable } from "../../../domain/enums";
import { useI18n } from "../../../i18n";

/** `sort` is the key of a `sorter: true` column (the server's sort value); null keeps the server's order (newest first). */
export type DocFilter<S extends string> = { keyword: string | null; status: S | null; sort?: string | null; desc?: boolean | null };

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
  detail: (p: { id: number | null; onEdit: (r: R) => void; onOpen: (id: number) => void; onClose: () => void }) => ReactNode;
  editor: (p: { editing: R | "new" | null; onClose: () => void; onSaved: (r: R) => void }) => ReactNode;
};

export default function DocListPage<R extends { id: number }, S extends string, F extends DocFilter<S>>(p: DocListPageProps<R, S, F>) {
  const { t } = useI18n();
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState<F>(p.emptyFilter);
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<R | "new" | null>(null);
  const set = (patch: Partial<DocFilter<S>>) => setFilter((f) => ({ ...f, ...patch }));
  const open = (id: number) => setParams({ id: String(id) });

  return (
    <div data-testid={p.testid}>
      <ListPage<R>
        id={p.listId}
        queryKey={p.queryKey(filter)}
        columns={p.columns(open)}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page, sort) => p.fetch({ ...filter, sort: (sort?.field as F["sort"]) ?? null, desc: sort ? sort.desc : null }, page)}
        onOpen={(r) => open(r.id)}
        emptyText={p.emptyText}
        toolbar={
          <Space wrap>
            <Input.Search
              id={p.keyword.id}
              allowClear
              placeholder={p.keyword.placeholder}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<S>
              allowClear
              placeholder={p.status.placeholder}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={p.status.table.options(t)}
            />
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
