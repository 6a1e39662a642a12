// The CRUD table of a record's children (a customer's contacts, sessions, visits, return
// visits …): a "new" button, the load error with retry, the rows with an empty text, row
// actions and a confirmed delete that goes through useApiMutation.
import type { UseQueryResult } from "@tanstack/react-query";
import { Alert, Button, Empty, Popconfirm, Space, Table, type TableProps } from "antd";
import type { ColumnsType } from "antd/es/table";
import { PlusOutlined } from "@ant-design/icons";
import type { ReactNode } from "react";
import type { Area } from "../api";
import { errorMessage, useApiMutation } from "../hooks/useApiMutation";
import { useI18n } from "../i18n";

export type ChildTableProps<R extends { id: number }> = {
  /** data-testid of the wrapper (e.g. "contacts-tab"). */
  testid: string;
  /** The rows' query (its key from the area's factory). */
  query: Pick<UseQueryResult<R[]>, "data" | "error" | "isFetching" | "refetch">;
  columns: ColumnsType<R>;
  emptyText: string;
  /** The "new" button (absent: the user may not add). */
  create?: { id: string; label: string; onClick: () => void } | null;
  /** Row actions before the delete link (edit, finish …). */
  actions?: (row: R) => ReactNode;
  /** Delete with a confirmation (absent: the user may not delete). */
  remove?: { confirm: (row: R) => string; run: (row: R) => Promise<unknown>; invalidates: readonly Area[] } | null;
  actionsWidth?: number;
  /** Row order before the user sorts a column. */
  order?: (a: R, b: R) => number;
  onOpen?: (row: R) => void;
  expandable?: TableProps<R>["expandable"];
  scrollX?: number;
  /** Paginate past 20 rows (default true). */
  paginate?: boolean;
};

export default function ChildTable<R extends { id: number }>(p: ChildTableProps<R>) {
  const { t } = useI18n();
  const remove = useApiMutation((row: R) => p.remove!.run(row), { invalidates: p.remove?.invalidates, success: t("common.deleted") });
  const rows = p.order ? [...(p.query.data ?? [])].sort(p.order) : (p.query.data ?? []);
  const withActions = !!p.actions || !!p.remove;
  const columns: ColumnsType<R> = withActions
    ? [
        ...p.columns,
        {
          title: t("common.actions"),
          key: "actions",
          width: p.actionsWidth ?? 110,
          render: (_, row) => (
            <Space size={0} wrap>
              {p.actions?.(row)}
              {p.remove && (
                <Popconfirm title={p.remove.confirm(row)} okButtonProps={{ danger: true }} onConfirm={() => remove.run(row)}>
                  <Button type="link" size="small" danger data-testid={`${p.testid}-delete-${row.id}`}>
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              )}
            </Space>
          ),
        },
      ]
    : p.columns;

  return (
    <div data-testid={p.testid}>
      {p.create && (
        <div style={{ textAlign: "right", marginBottom: 12 }}>
          <Button type="primary" icon={<PlusOutlined />} onClick={p.create.onClick} id={p.create.id}>
            {p.create.label}
          </Button>
        </div>
      )}
      {p.query.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, p.query.error)}
          action={
            <Button size="small" onClick={() => p.query.refetch()}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      <Table<R>
        rowKey="id"
        size="small"
        loading={p.query.isFetching}
        dataSource={rows}
        columns={columns}
        pagination={p.paginate !== false && rows.length > 20 ? { pageSize: 20, size: "small" } : false}
        scroll={p.scrollX ? { x: p.scrollX } : undefined}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={p.emptyText} /> }}
        onRow={p.onOpen ? (row) => ({ onDoubleClick: () => p.onOpen!(row) }) : undefined}
        expandable={p.expandable}
      />
    </div>
  );
}
