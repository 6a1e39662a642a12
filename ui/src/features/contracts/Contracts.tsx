import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Progress, Segmented, Space, Tooltip, Typography } from "antd";
import type { ReactNode } from "react";
import {
  api,
  contractKeys,
  type CollectionFilter,
  type ContractFilter,
  type ContractMoney,
  type ContractRow,
  type ContractStatus,
} from "../../api";
import { useSession } from "../../app/session";
import { SummaryRow, type ListColumn } from "../../components/ListPage";
import { byField } from "../../components/sorters";
import type { DrillSpec } from "../../components/drill";
import { COLLECTION_FILTER, CONTRACT_STATUS } from "../../domain/enums";
import { localTime } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { compareDec, formatMoney, percentOf } from "../../money";
import { Amount, OverdueTag } from "../receivables/labels";
import DocListPage, { type DocView } from "../sales/doc/DocListPage";
import { ContractStatusTag } from "../sales/labels";
import ContractDetail from "./ContractDetail";
import ContractForm from "./ContractForm";

const EMPTY: ContractFilter = { keyword: null, status: null, customerId: null, collection: null };
/** What the dashboard may open the list with: signed in its period, by one rep. */
const DRILL = { status: CONTRACT_STATUS, signFrom: "date", signTo: "date", createdBy: "id" } as const satisfies DrillSpec;

/** The money columns (their cells and the totals row's). */
const MONEY_KEYS = ["totalAmount", "received", "outstanding", "progress", "invoiced"];

/** A page-local order on one money figure (the server sorts by total and outstanding only). */
const byMoney =
  (pick: (m: ContractMoney) => string | null) =>
  (a: ContractRow, b: ContractRow): number => {
    const x = a.money ? pick(a.money) : null;
    const y = b.money ? pick(b.money) : null;
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    return compareDec(x, y);
  };

/** Received / total as a small bar: green when collected, red while a plan is overdue. */
function CollectedBar({ pct, overdue, testid }: { pct: string; overdue: boolean; testid?: string }) {
  // A display value for the bar only; the label shows the backend's exact figure.
  const shown = Math.min(Math.max(Number(pct) || 0, 0), 100);
  return (
    <Progress
      data-testid={testid}
      percent={shown}
      size="small"
      style={{ margin: 0, minWidth: 100 }}
      status={compareDec(pct, "100") >= 0 ? "success" : overdue ? "exception" : "normal"}
      format={() => `${pct}%`}
    />
  );
}

/** The totals row: sums over every contract the filter matches (contract_totals), not just this page. */
function TotalsRow({ filter, columns }: { filter: ContractFilter; columns: ListColumn<ContractRow>[] }) {
  const { t } = useI18n();
  const q = useQuery({
    queryKey: contractKeys.totals(filter),
    queryFn: () => api.contracts.totals(filter),
    placeholderData: keepPreviousData,
  });
  const s = q.data;
  const label: ReactNode = q.error ? (
    <Tooltip title={errorMessage(t, q.error)}>
      <Typography.Text type="danger">{t("collection.totalsError")}</Typography.Text>
    </Tooltip>
  ) : s ? (
    <Typography.Text strong data-testid="contract-totals-count">
      {t("collection.totals", { n: Number(s.count) })}
    </Typography.Text>
  ) : (
    <Typography.Text type="secondary">{t("collection.totalsLoading")}</Typography.Text>
  );
  // The label goes in the first column on screen that is not a money column.
  const labelKey = columns.find((c) => !MONEY_KEYS.includes(c.key))?.key ?? columns[0]?.key;
  const progress = s ? percentOf(s.received, s.totalAmount) : null;
  const cells: Record<string, ReactNode> = s
    ? {
        totalAmount: <Amount value={s.totalAmount} strong testid="contract-totals-total" />,
        received: <Amount value={s.received} strong testid="contract-totals-received" />,
        outstanding: <Amount value={s.outstanding} strong testid="contract-totals-outstanding" />,
        progress: progress ? <CollectedBar pct={progress} overdue={false} testid="contract-totals-progress" /> : "-",
        invoiced: (
          <Space size={0} orientation="vertical" style={{ alignItems: "flex-end" }}>
            <Amount value={s.invoiced} strong testid="contract-totals-invoiced" />
            {compareDec(s.uninvoiced, "0") !== 0 && (
              <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }} data-testid="contract-totals-uninvoiced">
                {t("collection.uninvoicedOf", { amount: formatMoney(s.uninvoiced) })}
              </Typography.Text>
            )}
          </Space>
        ),
      }
    : {};
  if (labelKey) cells[labelKey] = label;
  return <SummaryRow columns={columns} cells={cells} testid="contract-totals" />;
}

const ALL = "all";

/** How many drafts wait for the caller's approval (the badge on the "awaiting my approval" switch). */
const COUNT_PAGE = { page: 1, pageSize: 1 };

/**
 * Contracts: the list (with each contract's collection: received, outstanding, progress,
 * invoiced, next due date and how late; a collection filter; a totals row over the whole
 * filter), the editor and the detail with approval, signing, receivables, attachments and
 * PDF. Approvers also get "awaiting my approval": the drafts in their scope that others created.
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
      exportKind="contract"
      views={views}
      defaultHidden={["endDate", "createdByName"]}
      drill={DRILL}
      extraFilters={(filter, set) => (
        <Space size={6}>
          <Typography.Text type="secondary">{t("collection.label")}</Typography.Text>
          <Segmented<CollectionFilter | typeof ALL>
            id="contract-collection-filter"
            value={filter.collection ?? ALL}
            onChange={(v) => set({ collection: v === ALL ? null : v })}
            options={[
              { value: ALL, label: <span data-testid="contract-collection-all">{t("collection.all")}</span> },
              ...COLLECTION_FILTER.values.map((v) => ({
                value: v,
                label: <span data-testid={`contract-collection-${v}`}>{COLLECTION_FILTER.label(t, v)}</span>,
              })),
            ]}
          />
        </Space>
      )}
      summary={(filter, columns) => <TotalsRow filter={filter} columns={columns} />}
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
          key: "received",
          title: t("money.received"),
          exportKeys: ["money.received"],
          width: 140,
          align: "right",
          sorter: byMoney((m) => m.received),
          render: (_: unknown, r) => (r.money ? <Amount value={r.money.received} testid={`contract-received-${r.id}`} /> : "-"),
        },
        {
          // The server sorts by it (total less confirmed receipts).
          key: "outstanding",
          title: t("money.outstanding"),
          exportKeys: ["money.outstanding"],
          width: 140,
          align: "right",
          sorter: true,
          render: (_: unknown, r) => (r.money ? <Amount value={r.money.outstanding} testid={`contract-outstanding-${r.id}`} /> : "-"),
        },
        {
          key: "progress",
          title: t("money.progress"),
          exportKeys: [],
          width: 140,
          sorter: byMoney((m) => m.progressPct),
          render: (_: unknown, r) =>
            r.money ? <CollectedBar pct={r.money.progressPct} overdue={!!r.money.overdueDays} testid={`contract-progress-${r.id}`} /> : "-",
        },
        {
          key: "invoiced",
          title: t("money.invoiced"),
          exportKeys: ["money.invoiced"],
          width: 140,
          align: "right",
          sorter: byMoney((m) => m.invoiced),
          render: (_: unknown, r) => (r.money ? <Amount value={r.money.invoiced} testid={`contract-invoiced-${r.id}`} /> : "-"),
        },
        {
          key: "nextPlanDate",
          title: t("money.nextPlanDate"),
          exportKeys: [],
          width: 190,
          sorter: (a, b) => (a.money?.nextPlanDate ?? "9999").localeCompare(b.money?.nextPlanDate ?? "9999"),
          render: (_: unknown, r) =>
            r.money?.nextPlanDate || r.money?.overdueDays ? (
              <Space size={4} wrap={false}>
                <span data-testid={`contract-next-${r.id}`}>{r.money.nextPlanDate ?? ""}</span>
                <OverdueTag days={r.money.overdueDays} testid={`contract-overdue-${r.id}`} />
              </Space>
            ) : (
              "-"
            ),
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
