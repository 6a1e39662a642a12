import { Button, Input, Select, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { quotationKeys, api, type QuotationFilter, type QuotationRow, type QuotationStatus, type SessionUser } from "../../api";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { can } from "../../nav";
import { QUOTE_STATUSES, QuoteStatusTag } from "../sales/labels";
import QuotationDetail from "./QuotationDetail";
import QuotationEditor from "./QuotationEditor";

const EMPTY: QuotationFilter = { keyword: null, status: null, customerId: null, opportunityId: null };

/** Quotations: the list, the editor and the detail with its status flow and PDF. */
export default function Quotations({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const perms = user.permissions;
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState(EMPTY);
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<QuotationRow | "new" | null>(null);
  const set = (patch: Partial<QuotationFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const open = (id: number) => setParams({ id: String(id) });

  const columns: ListColumn<QuotationRow>[] = [
    {
      key: "quotationNo",
      title: t("quote.number"),
      dataIndex: "quotationNo",
      width: 170,
      render: (v: string, r) => (
        <a onClick={() => open(r.id)} data-testid={`quote-open-${r.id}`}>
          {v}
        </a>
      ),
    },
    {
      key: "customerName",
      title: t("opp.customer"),
      dataIndex: "customerName",
      width: 180,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "opportunityName",
      title: t("quote.opportunity"),
      dataIndex: "opportunityName",
      width: 180,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "totalAmount",
      title: t("quote.total"),
      dataIndex: "totalAmount",
      width: 150,
      align: "right",
      render: (v: string) => formatMoney(v),
    },
    {
      key: "status",
      title: t("quote.status"),
      dataIndex: "status",
      width: 90,
      render: (v: QuotationStatus) => <QuoteStatusTag status={v} />,
    },
    { key: "validUntil", title: t("quote.validUntil"), dataIndex: "validUntil", width: 110, render: (v: string | null) => v ?? "-" },
    { key: "createdByName", title: t("quote.createdBy"), dataIndex: "createdByName", width: 90, render: (v: string | null) => v ?? "-" },
    { key: "createdAt", title: t("customer.createdAt"), dataIndex: "createdAt", width: 150, render: localTime },
  ];

  return (
    <div data-testid="quotations-page">
      <ListPage<QuotationRow>
        id="quotations"
        queryKey={quotationKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page) => api.quotations.list(filter, page)}
        onOpen={(r) => open(r.id)}
        emptyText={t("quote.empty")}
        toolbar={
          <Space wrap>
            <Input.Search
              id="quote-keyword"
              allowClear
              placeholder={t("quote.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<QuotationStatus>
              allowClear
              placeholder={t("quote.status")}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={QUOTE_STATUSES.map((s) => ({ value: s, label: t(`quote.status.${s}`) }))}
            />
            {can(perms, "quotation:create") && (
              <Button type="primary" icon={<PlusOutlined />} id="quote-new" onClick={() => setEditing("new")}>
                {t("quote.new")}
              </Button>
            )}
          </Space>
        }
      />
      <QuotationDetail id={openId} user={user} onEdit={setEditing} onOpen={open} onClose={() => setParams({})} />
      <QuotationEditor editing={editing} onClose={() => setEditing(null)} onSaved={(q) => open(q.id)} />
    </div>
  );
}
