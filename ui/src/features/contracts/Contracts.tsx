import { useQuery } from "@tanstack/react-query";
import { api, contractKeys, type ContractFilter, type ContractRow, type ContractStatus } from "../../api";
import { useSession } from "../../app/session";
import { byField } from "../../components/sorters";
import { CONTRACT_STATUS } from "../../domain/enums";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import DocListPage, { type DocView } from "../sales/doc/DocListPage";
import { ContractStatusTag } from "../sales/labels";
import ContractDetail from "./ContractDetail";
import ContractForm from "./ContractForm";

const EMPTY: ContractFilter = { keyword: null, status: null, customerId: null };

/** How many drafts wait for the caller's approval (the badge on the "awaiting my approval" switch). */
const COUNT_PAGE = { page: 1, pageSize: 1 };

/**
 * Contracts: the list, the editor and the detail with approval, signing, attachments and PDF.
 * Approvers also get "awaiting my approval": the drafts in their scope that others created.
 */
export default function Contracts() {
  const { t } = useI18n();
  const { can } = useSession();
  const approver = can("contract:approve");
  const awaiting = useQuery({
    queryKey: contractKeys.awaitingCount(),
    queryFn: () => api.contracts.awaitingApproval(COUNT_PAGE),
    enabled: approver,
    refetchInterval: 60_000,
  });
  const views: DocView<ContractRow>[] = approver
    ? [
        {
          key: "awaiting",
          label: t("contract.awaiting"),
          count: Number(awaiting.data?.total ?? 0),
          queryKey: contractKeys.awaiting(),
          fetch: api.contracts.awaitingApproval,
          emptyText: t("contract.awaitingEmpty"),
        },
      ]
    : [];
  return (
    <DocListPage<ContractRow, ContractStatus, ContractFilter>
      testid="contracts-page"
      listId="contracts"
      emptyFilter={EMPTY}
      queryKey={contractKeys.list}
      fetch={api.contracts.list}
      emptyText={t("contract.empty")}
      keyword={{ id: "contract-keyword", placeholder: t("contract.keyword") }}
      status={{ table: CONTRACT_STATUS, placeholder: t("contract.statusLabel") }}
      create={{ id: "contract-new", label: t("contract.new"), permission: "contract:create" }}
      views={views}
      columns={(open) => [
        {
          key: "contractNo",
          title: t("contract.number"),
          dataIndex: "contractNo",
          width: 170,
          sorter: true,
          render: (v: string, r) => (
            <a onClick={() => open(r.id)} data-testid={`contract-open-${r.id}`}>
              {v}
            </a>
          ),
        },
        {
          key: "contractName",
          title: t("contract.name"),
          dataIndex: "contractName",
          width: 200,
          ellipsis: true,
          sorter: true,
        },
        {
          key: "customerName",
          title: t("opp.customer"),
          dataIndex: "customerName",
          width: 180,
          ellipsis: true,
          sorter: byField("customerName"),
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "totalAmount",
          title: t("quote.total"),
          dataIndex: "totalAmount",
          width: 150,
          align: "right",
          sorter: true,
          render: (v: string) => formatMoney(v),
        },
        {
          key: "status",
          title: t("contract.statusLabel"),
          dataIndex: "status",
          width: 90,
          sorter: true,
          render: (v: ContractStatus) => <ContractStatusTag status={v} />,
        },
        { key: "signDate", title: t("contract.signDate"), dataIndex: "signDate", width: 110, sorter: true },
        {
          key: "endDate",
          title: t("contract.endDate"),
          dataIndex: "endDate",
          width: 110,
          sorter: true,
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "createdByName",
          title: t("quote.createdBy"),
          dataIndex: "createdByName",
          width: 90,
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "createdAt",
          title: t("customer.createdAt"),
          dataIndex: "createdAt",
          width: 150,
          sorter: true,
          render: localTime,
        },
      ]}
      detail={(d) => <ContractDetail id={d.id} onEdit={d.onEdit} onClose={d.onClose} />}
      editor={(e) => <ContractForm editing={e.editing} onClose={e.onClose} onSaved={e.onSaved} />}
    />
  );
}
