import { useQuery } from "@tanstack/react-query";
import { Button, Space, Table } from "antd";
import { PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useNavigate } from "react-router";
import { opportunityKeys, contractKeys, api, type ContractRow, type CustomerRow, type OpportunityRow } from "../../api";
import { localTime } from "../../format";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { useSession } from "../../app/session";
import ContractForm from "../contracts/ContractForm";
import { QuotationMiniList } from "../opportunities/OpportunityDetail";
import OpportunityForm from "../opportunities/OpportunityForm";
import QuotationEditor from "../quotations/QuotationEditor";
import { ContractStatusTag, OppStatusTag } from "../sales/labels";

/** The customer's opportunities, with "new opportunity". */
export function CustomerOpportunities({ c, writable }: { c: CustomerRow; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const nav = useNavigate();
  const [creating, setCreating] = useState(false);
  const q = useQuery({
    queryKey: opportunityKeys.list({ keyword: null, customerId: c.id, stage: null, status: null, ownerId: null, closeBefore: null }),
    queryFn: () =>
      api.opportunities.list(
        { keyword: null, customerId: c.id, stage: null, status: null, ownerId: null, closeBefore: null },
        { page: 1, pageSize: 100 },
      ),
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {writable && can("opportunity:create") && (
        <Button icon={<PlusOutlined />} id="customer-opp-new" onClick={() => setCreating(true)}>
          {t("opp.new")}
        </Button>
      )}
      <Table<OpportunityRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t("opp.empty") }}
        columns={[
          {
            key: "name",
            title: t("opp.name"),
            dataIndex: "opportunityName",
            sorter: byField("opportunityName"),
            render: (v: string, o) => <a onClick={() => nav(`/opportunities?view=list&id=${o.id}`)}>{v}</a>,
          },
          { key: "stage", title: t("opp.stage"), dataIndex: "stage" },
          {
            key: "amount",
            title: t("opp.amount"),
            dataIndex: "estimatedAmount",
            sorter: byField("estimatedAmount"),
            align: "right",
            render: (v: string) => formatMoney(v),
          },
          {
            key: "status",
            title: t("opp.status"),
            dataIndex: "status",
            sorter: byField("status"),
            render: (v: OpportunityRow["status"]) => <OppStatusTag status={v} />,
          },
          {
            key: "close",
            title: t("opp.expectedClose"),
            dataIndex: "expectedCloseTime",
            sorter: byField("expectedCloseTime"),
            render: (v: string | null) => v ?? "-",
          },
          {
            key: "owner",
            title: t("customer.owner"),
            dataIndex: "ownerName",
            sorter: byField("ownerName"),
            render: (v: string | null) => v ?? "-",
          },
        ]}
      />
      <OpportunityForm
        editing={creating ? "new" : null}
        defaults={{ customerId: c.id, customerName: c.customerName }}
        onClose={() => setCreating(false)}
      />
    </Space>
  );
}

/** The customer's quotations, with "new quotation" (for one of its opportunities). */
export function CustomerQuotations({ c, writable }: { c: CustomerRow; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const nav = useNavigate();
  const [creating, setCreating] = useState(false);
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {writable && can("quotation:create") && (
        <Button icon={<PlusOutlined />} id="customer-quote-new" onClick={() => setCreating(true)}>
          {t("quote.new")}
        </Button>
      )}
      <QuotationMiniList customerId={c.id} />
      <QuotationEditor
        editing={creating ? "new" : null}
        customerId={c.id}
        onClose={() => setCreating(false)}
        onSaved={(q) => nav(`/quotations?id=${q.id}`)}
      />
    </Space>
  );
}

/** The customer's contracts, with "new contract". */
export function CustomerContracts({ c, writable }: { c: CustomerRow; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const nav = useNavigate();
  const [creating, setCreating] = useState(false);
  const q = useQuery({
    queryKey: contractKeys.list({ keyword: null, status: null, customerId: c.id }),
    queryFn: () => api.contracts.list({ keyword: null, status: null, customerId: c.id }, { page: 1, pageSize: 100 }),
  });
  return (
    <Space orientation="vertical" style={{ width: "100%" }}>
      {writable && can("contract:create") && (
        <Button icon={<PlusOutlined />} id="customer-contract-new" onClick={() => setCreating(true)}>
          {t("contract.new")}
        </Button>
      )}
      <Table<ContractRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        pagination={false}
        dataSource={q.data?.items ?? []}
        locale={{ emptyText: t("contract.empty") }}
        columns={[
          {
            key: "no",
            title: t("contract.number"),
            dataIndex: "contractNo",
            sorter: byField("contractNo"),
            render: (v: string, r) => <a onClick={() => nav(`/contracts?id=${r.id}`)}>{v}</a>,
          },
          { key: "name", title: t("contract.name"), dataIndex: "contractName", sorter: byField("contractName"), ellipsis: true },
          {
            key: "total",
            title: t("quote.total"),
            dataIndex: "totalAmount",
            sorter: byField("totalAmount"),
            align: "right",
            render: (v: string) => formatMoney(v),
          },
          {
            key: "status",
            title: t("contract.statusLabel"),
            dataIndex: "status",
            sorter: byField("status"),
            render: (v: ContractRow["status"]) => <ContractStatusTag status={v} />,
          },
          { key: "sign", title: t("contract.signDate"), dataIndex: "signDate" },
          { key: "created", title: t("customer.createdAt"), dataIndex: "createdAt", sorter: byField("createdAt"), render: localTime },
        ]}
      />
      <ContractForm
        editing={creating ? "new" : null}
        defaults={{ customerId: c.id, customerName: c.customerName }}
        onClose={() => setCreating(false)}
        onSaved={(r) => nav(`/contracts?id=${r.id}`)}
      />
    </Space>
  );
}
