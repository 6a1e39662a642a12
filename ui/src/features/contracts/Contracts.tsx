import { Button, Input, Select, Space } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useSearchParams } from "react-router";
import { contractKeys, api, type ContractFilter, type ContractRow, type ContractStatus, type SessionUser } from "../../api";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { can } from "../../nav";
import { CONTRACT_STATUSES, ContractStatusTag } from "../sales/labels";
import ContractDetail from "./ContractDetail";
import ContractForm from "./ContractForm";

const EMPTY: ContractFilter = { keyword: null, status: null, customerId: null };

/** Contracts: the list, the editor and the detail with approval, signing, attachments and PDF. */
export default function Contracts({ user }: { user: SessionUser }) {
  const { t } = useI18n();
  const perms = user.permissions;
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const [filter, setFilter] = useState(EMPTY);
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<ContractRow | "new" | null>(null);
  const set = (patch: Partial<ContractFilter>) => setFilter((f) => ({ ...f, ...patch }));
  const open = (id: number) => setParams({ id: String(id) });

  const columns: ListColumn<ContractRow>[] = [
    {
      key: "contractNo",
      title: t("contract.number"),
      dataIndex: "contractNo",
      width: 170,
      render: (v: string, r) => (
        <a onClick={() => open(r.id)} data-testid={`contract-open-${r.id}`}>
          {v}
        </a>
      ),
    },
    { key: "contractName", title: t("contract.name"), dataIndex: "contractName", width: 200, ellipsis: true },
    {
      key: "customerName",
      title: t("opp.customer"),
      dataIndex: "customerName",
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
      title: t("contract.statusLabel"),
      dataIndex: "status",
      width: 90,
      render: (v: ContractStatus) => <ContractStatusTag status={v} />,
    },
    { key: "signDate", title: t("contract.signDate"), dataIndex: "signDate", width: 110 },
    { key: "endDate", title: t("contract.endDate"), dataIndex: "endDate", width: 110, render: (v: string | null) => v ?? "-" },
    { key: "createdByName", title: t("quote.createdBy"), dataIndex: "createdByName", width: 90, render: (v: string | null) => v ?? "-" },
    { key: "createdAt", title: t("customer.createdAt"), dataIndex: "createdAt", width: 150, render: localTime },
  ];

  return (
    <div data-testid="contracts-page">
      <ListPage<ContractRow>
        id="contracts"
        queryKey={contractKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page) => api.contracts.list(filter, page)}
        onOpen={(r) => open(r.id)}
        emptyText={t("contract.empty")}
        toolbar={
          <Space wrap>
            <Input.Search
              id="contract-keyword"
              allowClear
              placeholder={t("contract.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<ContractStatus>
              allowClear
              placeholder={t("contract.statusLabel")}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={CONTRACT_STATUSES.map((s) => ({ value: s, label: t(`contract.status.${s}`) }))}
            />
            {can(perms, "contract:create") && (
              <Button type="primary" icon={<PlusOutlined />} id="contract-new" onClick={() => setEditing("new")}>
                {t("contract.new")}
              </Button>
            )}
          </Space>
        }
      />
      <ContractDetail id={openId} user={user} onEdit={setEditing} onClose={() => setParams({})} />
      <ContractForm editing={editing} onClose={() => setEditing(null)} onSaved={(c) => open(c.id)} />
    </div>
  );
}
