import { useQuery, keepPreviousData } from "@tanstack/react-query";
import { Alert, Button, Empty, Input, Select, Space, Table, Tag } from "antd";
import type { TableProps } from "antd";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { useState } from "react";
import { api, ApiError, type CustomerFilter, type CustomerRow } from "../api";
import type { CustomerStatus } from "../api/types/CustomerStatus";
import type { CustomerSort } from "../api/types/CustomerSort";
import { useI18n } from "../i18n";

dayjs.extend(utc);

const emptyFilter: CustomerFilter = { keyword: null, status: null, level: null, customerType: null, ownerId: null, inSea: false, sort: "updatedAt", desc: null };

/** Customers the user may see: server-side paging, sorting and filters. */
export default function Customers({ inSea = false }: { inSea?: boolean }) {
  const { t } = useI18n();
  const [filter, setFilter] = useState<CustomerFilter>({ ...emptyFilter, inSea });
  const [keyword, setKeyword] = useState("");
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const q = useQuery({
    queryKey: ["customers", filter, page],
    queryFn: () => api.customers.list(filter, page),
    placeholderData: keepPreviousData,
  });

  const statusColor: Record<CustomerStatus, string> = { potential: "blue", deal: "green", lost: "default" };
  const columns: TableProps<CustomerRow>["columns"] = [
    { title: t("customer.name"), dataIndex: "customerName", key: "customerName", sorter: true, ellipsis: true },
    { title: t("customer.type"), dataIndex: "customerType", width: 90, render: (v: CustomerRow["customerType"]) => t(`customer.type.${v}`) },
    { title: t("customer.status"), dataIndex: "status", width: 90, render: (v: CustomerStatus) => <Tag color={statusColor[v]}>{t(`customer.status.${v}`)}</Tag> },
    { title: t("customer.level"), dataIndex: "level", key: "level", width: 80, sorter: true, render: (v: CustomerRow["level"]) => (v ? v.toUpperCase() : "-") },
    { title: t("customer.industry"), dataIndex: "industry", width: 160, ellipsis: true, render: (v: string | null) => v ?? "-" },
    { title: t("customer.owner"), dataIndex: "ownerName", width: 110 },
    { title: t("customer.updatedAt"), dataIndex: "updatedAt", key: "updatedAt", width: 170, sorter: true, defaultSortOrder: "descend", render: (v: string) => dayjs.utc(v).local().format("YYYY-MM-DD HH:mm") },
  ];

  const onChange: TableProps<CustomerRow>["onChange"] = (p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    const sort = (s?.order ? (s.columnKey as CustomerSort) : "updatedAt") ?? "updatedAt";
    setFilter((f) => ({ ...f, sort, desc: s?.order ? s.order === "descend" : null }));
    setPage({ page: p.current ?? 1, pageSize: p.pageSize ?? 50 });
  };

  return (
    <div data-testid={inSea ? "sea-page" : "customers-page"}>
      <Space wrap style={{ marginBottom: 16 }}>
        <Input.Search
          id="customer-keyword"
          allowClear
          placeholder={t("customer.keyword")}
          value={keyword}
          onChange={(e) => setKeyword(e.target.value)}
          onSearch={(v) => {
            setFilter((f) => ({ ...f, keyword: v || null }));
            setPage((p) => ({ ...p, page: 1 }));
          }}
          style={{ width: 260 }}
        />
        <Select<CustomerStatus>
          allowClear
          placeholder={t("customer.status")}
          style={{ width: 140 }}
          value={filter.status ?? undefined}
          onChange={(v) => {
            setFilter((f) => ({ ...f, status: v ?? null }));
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={(["potential", "deal", "lost"] as const).map((s) => ({ value: s, label: t(`customer.status.${s}`) }))}
        />
        <Button
          onClick={() => {
            setKeyword("");
            setFilter({ ...emptyFilter, inSea });
            setPage({ page: 1, pageSize: page.pageSize });
          }}
        >
          {t("common.reset")}
        </Button>
      </Space>
      {q.error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          message={q.error instanceof ApiError ? q.error.message : String(q.error)}
          action={<Button onClick={() => q.refetch()}>{t("common.retry")}</Button>}
        />
      )}
      <Table<CustomerRow>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={q.data?.items ?? []}
        loading={q.isFetching}
        onChange={onChange}
        locale={{ emptyText: <Empty description={t("customer.empty")} /> }}
        pagination={{ current: page.page, pageSize: page.pageSize, total: Number(q.data?.total ?? 0), showSizeChanger: true, pageSizeOptions: [20, 50, 100], showTotal: (n) => t("common.total", { n }) }}
        scroll={{ y: "calc(100vh - 300px)" }}
      />
    </div>
  );
}
