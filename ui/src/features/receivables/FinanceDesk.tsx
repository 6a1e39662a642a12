// 财务工作台: what waits for finance — receipts to confirm (someone else recorded them) and
// invoice requests to issue or reject — each with its action and a link to the contract's
// "回款与发票" tab. The request list fits a 1440 px window: long texts end in an ellipsis
// (the full text on hover), the remark sits under the invoice title.
import { useQueries, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Popconfirm, Space, Table, Tooltip, Typography } from "antd";
import { ReloadOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { api, contractKeys, receivableKeys, type ContractRow, type InvoiceRequestRow, type ReceiptRow } from "../../api";
import { useSession } from "../../app/session";
import { localTime } from "../../format";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { formatMoney, sumAmounts } from "../../money";
import InvoiceForm, { type InvoiceTarget } from "./InvoiceForm";
import { Amount, invoiceTypeLabel, paymentMethodLabel } from "./labels";
import { RejectRequest } from "./ReceivablesTab";
import { receivablesPath } from "./rules";

function Panel({
  title,
  count,
  total,
  testid,
  onRefresh,
  refreshing,
  error,
  children,
}: {
  title: string;
  count: number;
  total: string | null;
  testid: string;
  onRefresh: () => void;
  refreshing: boolean;
  error: unknown;
  children: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Card
      data-testid={testid}
      title={
        <Space>
          {title}
          {count > 0 && <span className="tab-count">{count}</span>}
          {total && count > 0 && (
            <Typography.Text type="secondary" style={{ fontWeight: "normal", fontSize: 13 }}>
              {t("finance.sum", { amount: formatMoney(total) })}
            </Typography.Text>
          )}
        </Space>
      }
      extra={
        <Button size="small" icon={<ReloadOutlined />} onClick={onRefresh} loading={refreshing}>
          {t("common.refresh")}
        </Button>
      }
      style={{ marginBottom: 16 }}
    >
      {!!error && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorMessage(t, error)}
          action={
            <Button size="small" onClick={onRefresh}>
              {t("common.retry")}
            </Button>
          }
        />
      )}
      {children}
    </Card>
  );
}

/** Pending receipts name only their contract: its number and customer come from the contract (cached per contract). */
function useContracts(ids: number[]): Map<number, ContractRow> {
  const distinct = [...new Set(ids)];
  const results = useQueries({
    queries: distinct.map((id) => ({ queryKey: contractKeys.detail(id), queryFn: () => api.contracts.get(id), staleTime: 60_000 })),
  });
  const out = new Map<number, ContractRow>();
  results.forEach((r, i) => {
    if (r.data) out.set(distinct[i], r.data);
  });
  return out;
}

function PendingReceipts() {
  const { t } = useI18n();
  const { user } = useSession();
  const nav = useNavigate();
  const q = useQuery({ queryKey: receivableKeys.receiptsPending(), queryFn: api.receivables.pendingReceipts, refetchInterval: 60_000 });
  const rows = q.data ?? [];
  const contracts = useContracts(rows.map((r) => r.contractId));
  const { act, busy } = useApiAction({ invalidates: ["receivables"] });
  const contractCell = (id: number) => {
    const c = contracts.get(id);
    return (
      <Space size={0} orientation="vertical">
        <a onClick={() => nav(receivablesPath(id))} data-testid={`finance-receipt-contract-${id}`}>
          {c?.contractNo ?? t("finance.contractN", { id })}
        </a>
        {c?.customerName && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {c.customerName}
          </Typography.Text>
        )}
      </Space>
    );
  };
  return (
    <Panel
      title={t("finance.receipts")}
      count={rows.length}
      total={sumAmounts(rows.map((r) => r.paymentAmount))}
      testid="finance-receipts"
      onRefresh={() => q.refetch()}
      refreshing={q.isFetching}
      error={q.error}
    >
      <Table<ReceiptRow>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, size: "small" } : false}
        scroll={{ x: 980 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("finance.noReceipts")} /> }}
        columns={[
          {
            key: "no",
            title: t("receipt.no"),
            width: 160,
            render: (_, r) => <span data-testid={`finance-receipt-${r.id}`}>{r.paymentNo}</span>,
          },
          { key: "contract", title: t("finance.contract"), width: 200, render: (_, r) => contractCell(r.contractId) },
          { key: "date", title: t("receipt.date"), dataIndex: "paymentDate", width: 110 },
          { key: "amount", title: t("receipt.amount"), align: "right", width: 140, render: (_, r) => <Amount value={r.paymentAmount} /> },
          { key: "method", title: t("receipt.method"), width: 100, render: (_, r) => paymentMethodLabel(t, r.paymentMethod) },
          {
            key: "by",
            title: t("receipt.createdBy"),
            width: 150,
            render: (_, r) => (
              <Space size={0} orientation="vertical">
                <span>{r.createdByName ?? "-"}</span>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {localTime(r.createdAt)}
                </Typography.Text>
              </Space>
            ),
          },
          {
            key: "remark",
            title: t("receipt.remark"),
            ellipsis: true,
            render: (_, r) => r.remark ?? "-",
          },
          {
            key: "actions",
            title: t("common.actions"),
            width: 120,
            fixed: "right",
            render: (_, r) =>
              r.createdBy === user.id ? (
                <Tooltip title={t("receipt.ownHint")}>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid={`receipt-own-${r.id}`}>
                    {t("receipt.awaitingOther")}
                  </Typography.Text>
                </Tooltip>
              ) : (
                <Popconfirm
                  title={t("receipt.confirmTitle", { no: r.paymentNo, amount: formatMoney(r.paymentAmount) })}
                  okButtonProps={{ id: "receipt-confirm-ok" }}
                  onConfirm={() => act(`confirm-${r.id}`, () => api.receivables.confirmReceipt(r.id), t("receipt.confirmed"))}
                >
                  <Button type="primary" size="small" data-testid={`receipt-confirm-${r.id}`} loading={busy === `confirm-${r.id}`}>
                    {t("receipt.confirm")}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
    </Panel>
  );
}

function PendingRequests() {
  const { t } = useI18n();
  const nav = useNavigate();
  const q = useQuery({ queryKey: receivableKeys.requestsPending(), queryFn: api.receivables.pendingRequests, refetchInterval: 60_000 });
  const rows = q.data ?? [];
  const [issuing, setIssuing] = useState<InvoiceTarget | null>(null);
  const [rejecting, setRejecting] = useState<InvoiceRequestRow | null>(null);
  return (
    <Panel
      title={t("finance.requests")}
      count={rows.length}
      total={sumAmounts(rows.map((r) => r.amount))}
      testid="finance-requests"
      onRefresh={() => q.refetch()}
      refreshing={q.isFetching}
      error={q.error}
    >
      <Table<InvoiceRequestRow>
        rowKey="id"
        size="small"
        loading={q.isLoading}
        dataSource={rows}
        pagination={rows.length > 20 ? { pageSize: 20, size: "small" } : false}
        // Fits the desk at a 1440 px window; narrower, it scrolls with the actions kept in view.
        scroll={{ x: 860 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("finance.noRequests")} /> }}
        columns={[
          {
            key: "contract",
            title: t("finance.contract"),
            width: 180,
            render: (_, r) => (
              <div style={{ minWidth: 0 }}>
                <Typography.Link
                  ellipsis
                  style={{ display: "block" }}
                  onClick={() => nav(receivablesPath(r.contractId))}
                  data-testid={`finance-request-contract-${r.id}`}
                >
                  {r.contractNo ?? t("finance.contractN", { id: r.contractId })}
                </Typography.Link>
                {r.customerName && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} ellipsis={{ tooltip: r.customerName }}>
                    {r.customerName}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            key: "title",
            title: t("buyer.title"),
            render: (_, r) => (
              <div style={{ minWidth: 0 }} data-testid={`finance-request-${r.id}`}>
                <Typography.Text style={{ display: "block" }} ellipsis={{ tooltip: r.title }}>
                  {r.title}
                </Typography.Text>
                {r.taxNo && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} ellipsis>
                    {r.taxNo}
                  </Typography.Text>
                )}
                {r.remark && (
                  <Typography.Text type="secondary" style={{ fontSize: 12, display: "block" }} ellipsis={{ tooltip: r.remark }}>
                    {r.remark}
                  </Typography.Text>
                )}
              </div>
            ),
          },
          {
            key: "type",
            title: t("invoice.type"),
            width: 130,
            ellipsis: { showTitle: true },
            render: (_, r) => invoiceTypeLabel(t, r.invoiceType),
          },
          {
            key: "amount",
            title: t("invoice.amount"),
            align: "right",
            width: 130,
            render: (_, r) => (
              <span data-testid={`finance-request-amount-${r.id}`} style={{ whiteSpace: "nowrap" }}>
                {formatMoney(r.amount)}
              </span>
            ),
          },
          {
            key: "by",
            title: t("invReq.requestedBy"),
            width: 140,
            render: (_, r) => (
              <div style={{ minWidth: 0 }}>
                <Typography.Text style={{ display: "block" }} ellipsis>
                  {r.requestedByName ?? "-"}
                </Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
                  {localTime(r.createdAt)}
                </Typography.Text>
              </div>
            ),
          },
          {
            key: "actions",
            title: t("common.actions"),
            width: 140,
            fixed: "right",
            render: (_, r) => (
              <Space size={4}>
                <Button
                  type="primary"
                  size="small"
                  data-testid={`request-issue-${r.id}`}
                  onClick={() => setIssuing({ contractId: r.contractId, customerId: null, request: r })}
                >
                  {t("invReq.issue")}
                </Button>
                <Button size="small" danger data-testid={`request-reject-${r.id}`} onClick={() => setRejecting(r)}>
                  {t("invReq.reject")}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <InvoiceForm target={issuing} onClose={() => setIssuing(null)} />
      <RejectRequest request={rejecting} onClose={() => setRejecting(null)} />
    </Panel>
  );
}

export default function FinanceDesk() {
  const { t } = useI18n();
  const { can } = useSession();
  const confirmer = can("payment:confirm");
  const issuer = can("invoice:create");
  return (
    <div data-testid="finance-page">
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 4 }} data-testid="finance-title">
        {t("finance.title")}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t("finance.hint")}</Typography.Paragraph>
      {confirmer && <PendingReceipts />}
      {issuer && <PendingRequests />}
    </div>
  );
}
