// A contract's "回款与发票" tab: the money summary, then payment plans (add, split evenly,
// edit, delete), receipts (record; finance confirms, deletes unconfirmed, corrects
// confirmed) with their bank slips, invoices (finance issues, advances, voids) with their
// scans, and invoice requests (reps ask; finance issues or rejects). Every action the user
// may not take is hidden; receipts and invoices wait for an approved or signed contract.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Popconfirm, Skeleton, Space, Table, Tag, Tooltip, Typography } from "antd";
import { FilePdfOutlined, PlusOutlined, PrinterOutlined, ReloadOutlined, SplitCellsOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import {
  api,
  receivableKeys,
  type ContractReceivables,
  type ContractRow,
  type InvoiceRequestRow,
  type InvoiceRow,
  type PlanRow,
  type ReceiptRow,
} from "../../api";
import { useSession } from "../../app/session";
import ReasonModal from "../../components/ReasonModal";
import { localTime } from "../../format";
import { errorMessage, useApiAction } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";
import { formatMoney } from "../../money";
import { FileLinks, UploadButton } from "../sales/doc/Attachments";
import { usePdf } from "../sales/doc/PdfButtons";
import InvoiceForm, { type InvoiceTarget } from "./InvoiceForm";
import InvoiceRequestForm from "./InvoiceRequestForm";
import {
  Amount,
  invoiceTypeLabel,
  InvoiceStatusTag,
  OverdueTag,
  paymentMethodLabel,
  PlanStatusTag,
  ReceiptStatusTag,
  RequestStatusTag,
} from "./labels";
import MoneySummary from "./MoneySummary";
import PlanEditor, { type PlanMode } from "./PlanEditor";
import ReceiptForm from "./ReceiptForm";
import { collecting } from "./rules";

/** A plan's term, or its number in date order. */
export function planTerm(t: T, plans: readonly PlanRow[], id: number | null): string {
  if (id === null) return "-";
  const sorted = [...plans].sort((a, b) => a.planDate.localeCompare(b.planDate) || a.id - b.id);
  const i = sorted.findIndex((p) => p.id === id);
  if (i < 0) return "-";
  return sorted[i].paymentTerm || t("plan.term.nth", { n: i + 1 });
}

function Section({
  title,
  count,
  extra,
  children,
  testid,
}: {
  title: string;
  count: number;
  extra?: ReactNode;
  children: ReactNode;
  testid: string;
}) {
  return (
    <Card
      size="small"
      data-testid={testid}
      title={
        <Space>
          {title}
          {count > 0 && <span className="tab-count">{count}</span>}
        </Space>
      }
      extra={extra}
      style={{ marginBottom: 16 }}
    >
      {children}
    </Card>
  );
}

/** A button the contract's status does not allow yet: disabled, with the reason on hover. */
function Gated({ reason, children }: { reason: string | null; children: ReactNode }) {
  return reason ? (
    <Tooltip title={reason}>
      <span>{children}</span>
    </Tooltip>
  ) : (
    <>{children}</>
  );
}

const empty = (text: string) => ({ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={text} /> });

/**
 * The receipt actions a user has: confirm (not one's own), delete (unconfirmed), correct
 * (confirmed, not yet reversed), print the 收款确认单 (confirmed money that stands: not a
 * correcting entry, not reversed).
 */
export function receiptAbilities(r: ReceiptRow, me: number, can: (p: string) => boolean) {
  const confirmer = can("payment:confirm");
  return {
    print: can("payment:read") && r.status === "confirmed" && r.reversesId === null && !r.reversed,
    confirm: confirmer && r.status === "pending" && r.createdBy !== me,
    /** A finance user looking at a receipt they recorded themselves: someone else confirms it. */
    ownPending: confirmer && r.status === "pending" && r.createdBy === me,
    remove: can("payment:delete") && r.status === "pending",
    correct: confirmer && r.status === "confirmed" && r.reversesId === null && !r.reversed,
    /** Upload a bank slip (any time: evidence may come later). */
    attach: can("payment:create"),
    /** Delete a slip: only while the receipt awaits confirmation (afterwards the evidence stays). */
    detach: can("payment:create") && r.status === "pending",
  };
}

/** The invoice-scan actions: upload (any time), delete only while the invoice is still 已开票. */
export function invoiceFileAbilities(i: InvoiceRow, can: (p: string) => boolean) {
  return { attach: can("invoice:create"), detach: can("invoice:create") && i.status === "issued" };
}

export default function ReceivablesTab({ contract: c }: { contract: ContractRow }) {
  const { t } = useI18n();
  const { user, can } = useSession();
  const q = useQuery({ queryKey: receivableKeys.ofContract(c.id), queryFn: () => api.receivables.ofContract(c.id) });
  const { act, busy } = useApiAction({ invalidates: ["receivables"] });
  const pdf = usePdf();

  const [planEditor, setPlanEditor] = useState<{ mode: PlanMode; editing: PlanRow | null } | null>(null);
  const [recording, setRecording] = useState(false);
  const [invoicing, setInvoicing] = useState<InvoiceTarget | null>(null);
  const [requesting, setRequesting] = useState(false);
  const [correcting, setCorrecting] = useState<ReceiptRow | null>(null);
  const [voiding, setVoiding] = useState<InvoiceRow | null>(null);
  const [rejecting, setRejecting] = useState<InvoiceRequestRow | null>(null);

  if (q.isLoading) return <Skeleton active paragraph={{ rows: 8 }} />;
  if (q.error || !q.data)
    return (
      <Alert
        type="error"
        showIcon
        title={errorMessage(t, q.error)}
        action={
          <Button size="small" onClick={() => q.refetch()}>
            {t("common.retry")}
          </Button>
        }
      />
    );

  const d: ContractReceivables = q.data;
  const terminated = c.status === "terminated";
  // Why receipts, invoices and requests cannot be added yet (null: they can).
  const notCollecting = collecting(c.status) ? null : terminated ? t("rcv.terminatedHint") : t("rcv.draftHint");
  const readPayments = can("payment:read");
  const readInvoices = can("invoice:read|invoice:create");
  const mayRequest = can("invoice:request|invoice:create");
  const plansSorted = [...d.plans].sort((a, b) => a.planDate.localeCompare(b.planDate) || a.id - b.id);
  const receiptsByPlan = new Set(d.receipts.map((r) => r.planId));

  const planColumns = [
    {
      key: "term",
      title: t("plan.term"),
      render: (_: unknown, p: PlanRow) => planTerm(t, d.plans, p.id),
    },
    { key: "date", title: t("plan.date"), dataIndex: "planDate", width: 110 },
    {
      key: "amount",
      title: t("plan.amount"),
      align: "right" as const,
      width: 140,
      render: (_: unknown, p: PlanRow) => <Amount value={p.planAmount} />,
    },
    {
      key: "received",
      title: t("plan.received"),
      align: "right" as const,
      width: 140,
      render: (_: unknown, p: PlanRow) => <Amount value={p.received} />,
    },
    {
      key: "status",
      title: t("plan.status"),
      width: 170,
      render: (_: unknown, p: PlanRow) => (
        <Space size={4}>
          <PlanStatusTag status={p.status} />
          <OverdueTag days={p.overdueDays} testid={`plan-overdue-${p.id}`} />
        </Space>
      ),
    },
    ...(can("payment:update|payment:delete")
      ? [
          {
            key: "actions",
            title: t("common.actions"),
            width: 130,
            render: (_: unknown, p: PlanRow) => (
              <Space size={0}>
                {can("payment:update") && (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`plan-edit-${p.id}`}
                    onClick={() => setPlanEditor({ mode: "single", editing: p })}
                  >
                    {t("common.edit")}
                  </Button>
                )}
                {can("payment:delete") &&
                  (receiptsByPlan.has(p.id) ? (
                    <Tooltip title={t("plan.hasReceipts")}>
                      <Button type="link" size="small" danger disabled>
                        {t("common.delete")}
                      </Button>
                    </Tooltip>
                  ) : (
                    <Popconfirm
                      title={t("plan.deleteConfirm", { term: planTerm(t, d.plans, p.id) })}
                      okButtonProps={{ danger: true, id: "plan-delete-ok" }}
                      onConfirm={() => act(`plan-delete-${p.id}`, () => api.receivables.removePlan(p.id), t("common.deleted"))}
                    >
                      <Button type="link" size="small" danger data-testid={`plan-delete-${p.id}`} loading={busy === `plan-delete-${p.id}`}>
                        {t("common.delete")}
                      </Button>
                    </Popconfirm>
                  ))}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const receiptColumns = [
    {
      key: "no",
      title: t("receipt.no"),
      width: 160,
      render: (_: unknown, r: ReceiptRow) => (
        <Space size={4} orientation="vertical">
          <span data-testid={`receipt-no-${r.id}`}>{r.paymentNo}</span>
          {r.remark && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.remark }}>
              {r.remark}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { key: "date", title: t("receipt.date"), dataIndex: "paymentDate", width: 110 },
    {
      key: "amount",
      title: t("receipt.amount"),
      align: "right" as const,
      width: 140,
      render: (_: unknown, r: ReceiptRow) => <Amount value={r.paymentAmount} testid={`receipt-amount-${r.id}`} />,
    },
    {
      key: "method",
      title: t("receipt.method"),
      width: 100,
      render: (_: unknown, r: ReceiptRow) => paymentMethodLabel(t, r.paymentMethod),
    },
    { key: "plan", title: t("receipt.plan"), width: 100, render: (_: unknown, r: ReceiptRow) => planTerm(t, d.plans, r.planId) },
    {
      key: "status",
      title: t("receipt.status"),
      width: 150,
      render: (_: unknown, r: ReceiptRow) => (
        <Space size={4} wrap>
          <ReceiptStatusTag status={r.status} testid={`receipt-status-${r.id}`} />
          {r.reversed && (
            <Tag color="volcano" data-testid={`receipt-reversed-${r.id}`}>
              {t("receipt.reversed")}
            </Tag>
          )}
          {r.reversesId !== null && (
            <Tooltip title={r.correctionReason ? t("receipt.correctionReason", { reason: r.correctionReason }) : undefined}>
              <Tag color="red" data-testid={`receipt-correction-${r.id}`}>
                {t("receipt.correction")}
              </Tag>
            </Tooltip>
          )}
        </Space>
      ),
    },
    { key: "by", title: t("receipt.createdBy"), width: 90, render: (_: unknown, r: ReceiptRow) => r.createdByName ?? "-" },
    {
      key: "confirmed",
      title: t("receipt.confirmedBy"),
      width: 150,
      render: (_: unknown, r: ReceiptRow) =>
        r.confirmedBy ? (
          <Space size={0} orientation="vertical">
            <span>{r.confirmedByName ?? "-"}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {localTime(r.confirmedAt)}
            </Typography.Text>
          </Space>
        ) : (
          "-"
        ),
    },
    {
      key: "files",
      title: t("receipt.files"),
      width: 200,
      render: (_: unknown, r: ReceiptRow) => {
        const a = receiptAbilities(r, user.id, can);
        return (
          <div data-testid={`receipt-files-${r.id}`} style={{ minWidth: 0 }}>
            <FileLinks
              items={r.attachments}
              kind="receivableAttachment"
              remove={a.detach ? api.receivables.detach : null}
              invalidates={["receivables"]}
              testid="receipt-file"
              empty={a.attach ? null : "-"}
            />
            {a.attach && (
              <UploadButton
                small
                multiple
                upload={(u) => api.receivables.attach("receipt", r.id, u)}
                invalidates={["receivables"]}
                label={t("receipt.attach")}
                className="receipt-attach"
                testid={`receipt-attach-${r.id}`}
              />
            )}
          </div>
        );
      },
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: 190,
      render: (_: unknown, r: ReceiptRow) => receiptActions(r),
    },
  ];

  function receiptActions(r: ReceiptRow) {
    const a = receiptAbilities(r, user.id, can);
    return (
      <Space size={0} wrap>
        {a.confirm && (
          <Popconfirm
            title={t("receipt.confirmTitle", { no: r.paymentNo, amount: formatMoney(r.paymentAmount) })}
            okButtonProps={{ id: "receipt-confirm-ok" }}
            onConfirm={() => act(`confirm-${r.id}`, () => api.receivables.confirmReceipt(r.id), t("receipt.confirmed"))}
          >
            <Button type="link" size="small" data-testid={`receipt-confirm-${r.id}`} loading={busy === `confirm-${r.id}`}>
              {t("receipt.confirm")}
            </Button>
          </Popconfirm>
        )}
        {a.ownPending && (
          <Tooltip title={t("receipt.ownHint")}>
            <Typography.Text type="secondary" style={{ fontSize: 12, padding: "0 7px" }} data-testid={`receipt-own-${r.id}`}>
              {t("receipt.awaitingOther")}
            </Typography.Text>
          </Tooltip>
        )}
        {a.remove && (
          <Popconfirm
            title={t("receipt.deleteConfirm", { no: r.paymentNo })}
            okButtonProps={{ danger: true, id: "receipt-delete-ok" }}
            onConfirm={() => act(`delete-${r.id}`, () => api.receivables.removeReceipt(r.id), t("common.deleted"))}
          >
            <Button type="link" size="small" danger data-testid={`receipt-delete-${r.id}`} loading={busy === `delete-${r.id}`}>
              {t("common.delete")}
            </Button>
          </Popconfirm>
        )}
        {a.print && (
          <Tooltip title={t("receipt.printHint")}>
            <Button
              type="link"
              size="small"
              icon={<FilePdfOutlined />}
              data-testid={`receipt-print-${r.id}`}
              loading={pdf.busy?.what === "preview" && pdf.busy.target.kind === "receipt" && pdf.busy.target.id === r.id}
              onClick={() => pdf.run("preview", { kind: "receipt", id: r.id })}
            >
              {t("receipt.print")}
            </Button>
          </Tooltip>
        )}
        {a.print && (
          <Tooltip title={t("receipt.printPaperHint")}>
            <Button
              type="link"
              size="small"
              icon={<PrinterOutlined />}
              data-testid={`receipt-paper-${r.id}`}
              loading={pdf.busy?.what === "print" && pdf.busy.target.kind === "receipt" && pdf.busy.target.id === r.id}
              onClick={() => pdf.run("print", { kind: "receipt", id: r.id })}
            >
              {t("receipt.printPaper")}
            </Button>
          </Tooltip>
        )}
        {a.correct && (
          <Button type="link" size="small" danger data-testid={`receipt-correct-${r.id}`} onClick={() => setCorrecting(r)}>
            {t("receipt.correct")}
          </Button>
        )}
      </Space>
    );
  }

  const invoiceColumns = [
    { key: "no", title: t("invoice.no"), dataIndex: "invoiceNo", width: 130 },
    { key: "type", title: t("invoice.type"), width: 130, render: (_: unknown, i: InvoiceRow) => invoiceTypeLabel(t, i.invoiceType) },
    {
      key: "amount",
      title: t("invoice.amount"),
      align: "right" as const,
      width: 130,
      render: (_: unknown, i: InvoiceRow) => formatMoney(i.amount),
    },
    { key: "date", title: t("invoice.issueDate"), dataIndex: "issueDate", width: 110 },
    {
      key: "title",
      title: t("buyer.title"),
      render: (_: unknown, i: InvoiceRow) => (
        <Space size={0} orientation="vertical">
          <span>{i.title ?? "-"}</span>
          {i.taxNo && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {i.taxNo}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: "status",
      title: t("invoice.status"),
      width: 180,
      render: (_: unknown, i: InvoiceRow) => <InvoiceStatusTag status={i.status} reason={i.voidReason} testid={`invoice-status-${i.id}`} />,
    },
    {
      key: "files",
      title: t("invoice.files"),
      width: 200,
      render: (_: unknown, i: InvoiceRow) => {
        const a = invoiceFileAbilities(i, can);
        return (
          <div data-testid={`invoice-files-${i.id}`} style={{ minWidth: 0 }}>
            <FileLinks
              items={i.attachments}
              kind="receivableAttachment"
              remove={a.detach ? api.receivables.detach : null}
              invalidates={["receivables"]}
              testid="invoice-file"
              empty={a.attach ? null : "-"}
            />
            {a.attach && (
              <UploadButton
                small
                multiple
                upload={(u) => api.receivables.attach("invoice", i.id, u)}
                invalidates={["receivables"]}
                label={t("invoice.attach")}
                className="invoice-attach"
                testid={`invoice-attach-${i.id}`}
              />
            )}
          </div>
        );
      },
    },
    ...(can("invoice:update")
      ? [
          {
            key: "actions",
            title: t("common.actions"),
            width: 170,
            render: (_: unknown, i: InvoiceRow) => (
              <Space size={0} wrap>
                {i.status === "issued" && (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`invoice-deliver-${i.id}`}
                    loading={busy === `advance-${i.id}`}
                    onClick={() => act(`advance-${i.id}`, () => api.receivables.advanceInvoice(i.id, "delivered"), t("invoice.advanced"))}
                  >
                    {t("invoice.markDelivered")}
                  </Button>
                )}
                {i.status === "delivered" && (
                  <Button
                    type="link"
                    size="small"
                    data-testid={`invoice-certify-${i.id}`}
                    loading={busy === `advance-${i.id}`}
                    onClick={() => act(`advance-${i.id}`, () => api.receivables.advanceInvoice(i.id, "certified"), t("invoice.advanced"))}
                  >
                    {t("invoice.markCertified")}
                  </Button>
                )}
                {i.status !== "voided" && (
                  <Button type="link" size="small" danger data-testid={`invoice-void-${i.id}`} onClick={() => setVoiding(i)}>
                    {t("invoice.void")}
                  </Button>
                )}
              </Space>
            ),
          },
        ]
      : []),
  ];

  const requestColumns = [
    { key: "type", title: t("invoice.type"), width: 130, render: (_: unknown, r: InvoiceRequestRow) => invoiceTypeLabel(t, r.invoiceType) },
    {
      key: "amount",
      title: t("invoice.amount"),
      align: "right" as const,
      width: 130,
      render: (_: unknown, r: InvoiceRequestRow) => formatMoney(r.amount),
    },
    {
      key: "title",
      title: t("buyer.title"),
      render: (_: unknown, r: InvoiceRequestRow) => (
        <Space size={0} orientation="vertical">
          <span>{r.title}</span>
          {r.remark && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: r.remark }}>
              {r.remark}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    {
      key: "by",
      title: t("invReq.requestedBy"),
      width: 150,
      render: (_: unknown, r: InvoiceRequestRow) => (
        <Space size={0} orientation="vertical">
          <span>{r.requestedByName ?? "-"}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {localTime(r.createdAt)}
          </Typography.Text>
        </Space>
      ),
    },
    {
      key: "status",
      title: t("invReq.status"),
      width: 160,
      render: (_: unknown, r: InvoiceRequestRow) => (
        <Space size={4} wrap>
          <RequestStatusTag status={r.status} reason={r.rejectReason} />
          {r.status === "rejected" && r.rejectReason && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.rejectReason}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    ...(can("invoice:create")
      ? [
          {
            key: "actions",
            title: t("common.actions"),
            width: 130,
            render: (_: unknown, r: InvoiceRequestRow) =>
              r.status === "pending" && (
                <Space size={0}>
                  <Button
                    type="link"
                    size="small"
                    data-testid={`request-issue-${r.id}`}
                    disabled={!!notCollecting}
                    onClick={() => setInvoicing({ contractId: c.id, customerId: c.customerId, request: r })}
                  >
                    {t("invReq.issue")}
                  </Button>
                  <Button type="link" size="small" danger data-testid={`request-reject-${r.id}`} onClick={() => setRejecting(r)}>
                    {t("invReq.reject")}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];

  return (
    <div data-testid="receivables-tab">
      {notCollecting && (
        <Alert
          type={terminated ? "warning" : "info"}
          showIcon
          style={{ marginBottom: 12 }}
          title={notCollecting}
          data-testid="receivables-hint"
        />
      )}
      <div style={{ display: "flex", justifyContent: "flex-end", marginBottom: 8 }}>
        <Button size="small" icon={<ReloadOutlined />} onClick={() => q.refetch()} loading={q.isFetching}>
          {t("common.refresh")}
        </Button>
      </div>
      <MoneySummary m={d.money} />

      {readPayments && (
        <Section
          testid="plans-section"
          title={t("plan.section")}
          count={d.plans.length}
          extra={
            can("payment:create") &&
            !terminated && (
              <Space>
                <Button size="small" icon={<PlusOutlined />} id="plan-add" onClick={() => setPlanEditor({ mode: "single", editing: null })}>
                  {t("plan.new")}
                </Button>
                <Button
                  size="small"
                  icon={<SplitCellsOutlined />}
                  id="plan-split"
                  onClick={() => setPlanEditor({ mode: "split", editing: null })}
                >
                  {t("plan.split")}
                </Button>
              </Space>
            )
          }
        >
          <Table<PlanRow>
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={plansSorted}
            columns={planColumns}
            scroll={{ x: 760 }}
            locale={empty(t("plan.empty"))}
          />
        </Section>
      )}

      {readPayments && (
        <Section
          testid="receipts-section"
          title={t("receipt.section")}
          count={d.receipts.length}
          extra={
            can("payment:create") && (
              <Gated reason={notCollecting}>
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  id="receipt-add"
                  disabled={!!notCollecting}
                  onClick={() => setRecording(true)}
                >
                  {t("receipt.new")}
                </Button>
              </Gated>
            )
          }
        >
          <Table<ReceiptRow>
            rowKey="id"
            size="small"
            pagination={d.receipts.length > 20 ? { pageSize: 20, size: "small" } : false}
            dataSource={d.receipts}
            columns={receiptColumns}
            scroll={{ x: 1390 }}
            locale={empty(t("receipt.empty"))}
          />
        </Section>
      )}

      {readInvoices && (
        <Section
          testid="invoices-section"
          title={t("invoice.section")}
          count={d.invoices.length}
          extra={
            can("invoice:create") && (
              <Gated reason={notCollecting}>
                <Button
                  size="small"
                  type="primary"
                  icon={<PlusOutlined />}
                  id="invoice-add"
                  disabled={!!notCollecting}
                  onClick={() => setInvoicing({ contractId: c.id, customerId: c.customerId, request: null })}
                >
                  {t("invoice.new")}
                </Button>
              </Gated>
            )
          }
        >
          <Table<InvoiceRow>
            rowKey="id"
            size="small"
            pagination={d.invoices.length > 20 ? { pageSize: 20, size: "small" } : false}
            dataSource={d.invoices}
            columns={invoiceColumns}
            rowClassName={(i) => (i.status === "voided" ? "row-voided" : "")}
            scroll={{ x: 1200 }}
            locale={empty(t("invoice.empty"))}
          />
        </Section>
      )}

      {(readInvoices || mayRequest) && (
        <Section
          testid="requests-section"
          title={t("invReq.section")}
          count={d.requests.filter((r) => r.status === "pending").length}
          extra={
            mayRequest && (
              <Gated reason={notCollecting}>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  id="invoice-request-add"
                  disabled={!!notCollecting}
                  onClick={() => setRequesting(true)}
                >
                  {t("invReq.new")}
                </Button>
              </Gated>
            )
          }
        >
          <Table<InvoiceRequestRow>
            rowKey="id"
            size="small"
            pagination={d.requests.length > 20 ? { pageSize: 20, size: "small" } : false}
            dataSource={d.requests}
            columns={requestColumns}
            scroll={{ x: 860 }}
            locale={empty(t("invReq.empty"))}
          />
        </Section>
      )}

      {planEditor && (
        <PlanEditor
          open
          mode={planEditor.mode}
          onModeChange={(mode) => setPlanEditor((p) => (p ? { ...p, mode } : p))}
          contractId={c.id}
          total={d.money.total}
          plans={d.plans}
          editing={planEditor.editing}
          onClose={() => setPlanEditor(null)}
        />
      )}
      {recording && <ReceiptForm open contractId={c.id} total={d.money.total} data={d} onClose={() => setRecording(false)} />}
      <InvoiceForm target={invoicing} onClose={() => setInvoicing(null)} />
      {requesting && <InvoiceRequestForm open contractId={c.id} customerId={c.customerId} data={d} onClose={() => setRequesting(false)} />}
      <ReasonModal
        open={correcting !== null}
        title={t("receipt.correctTitle", { no: correcting?.paymentNo ?? "" })}
        hint={correcting ? t("receipt.correctHint", { amount: formatMoney(correcting.paymentAmount) }) : undefined}
        label={t("receipt.correctReason")}
        okText={t("receipt.correct")}
        danger
        maxLength={500}
        invalidates={["receivables"]}
        successText={t("receipt.corrected")}
        onClose={() => setCorrecting(null)}
        onSubmit={(reason) => api.receivables.correctReceipt(correcting!.id, reason)}
      />
      <ReasonModal
        open={voiding !== null}
        title={t("invoice.voidTitle", { no: voiding?.invoiceNo ?? "" })}
        hint={t("invoice.voidHint")}
        label={t("invoice.voidReason")}
        okText={t("invoice.void")}
        danger
        maxLength={500}
        invalidates={["receivables"]}
        successText={t("invoice.voided")}
        onClose={() => setVoiding(null)}
        onSubmit={(reason) => api.receivables.voidInvoice(voiding!.id, reason)}
      />
      <RejectRequest request={rejecting} onClose={() => setRejecting(null)} />
      {pdf.dialog}
    </div>
  );
}

/** 驳回: a reason the requester sees. */
export function RejectRequest({ request, onClose }: { request: InvoiceRequestRow | null; onClose: () => void }) {
  const { t } = useI18n();
  return (
    <ReasonModal
      open={request !== null}
      title={t("invReq.rejectTitle", { title: request?.title ?? "", amount: formatMoney(request?.amount) })}
      label={t("invReq.rejectReason")}
      okText={t("invReq.reject")}
      danger
      maxLength={500}
      invalidates={["receivables"]}
      successText={t("invReq.rejected")}
      onClose={onClose}
      onSubmit={(reason) => api.receivables.rejectRequest(request!.id, reason)}
    />
  );
}
