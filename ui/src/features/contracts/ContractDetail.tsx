import { useQuery } from "@tanstack/react-query";
import { Space } from "antd";
import { useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { api, contractKeys, type ContractRow } from "../../api";
import { useSession } from "../../app/session";
import ReasonModal from "../../components/ReasonModal";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import ReceivablesTab from "../receivables/ReceivablesTab";
import WorkOrderForm from "../service/WorkOrderForm";
import Attachments from "../sales/doc/Attachments";
import DocShell from "../sales/doc/DocShell";
import { ContractStatusTag } from "../sales/labels";

/** One contract: terms, items, totals, approval / signing / termination, receivables and invoices, attachments and PDF (DocShell). */
export default function ContractDetail({
  id,
  onEdit,
  onClose,
}: {
  id: number | null;
  onEdit: (c: ContractRow) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const [terminating, setTerminating] = useState(false);
  const [ordering, setOrdering] = useState(false);
  // The open tab: the one a link asks for (`?tab=receivables`), until the user picks another.
  const [params] = useSearchParams();
  const [picked, setPicked] = useState<{ id: number | null; tab: string } | null>(null);
  const tab = picked && picked.id === id ? picked.tab : (params.get("tab") ?? "items");
  const q = useQuery({ queryKey: contractKeys.detail(id), queryFn: () => api.contracts.get(id!), enabled: id !== null });
  const c = q.data;
  const upd = can("contract:update");

  return (
    <DocShell<ContractRow>
      id={id}
      query={q}
      invalidates={["contracts"]}
      // Shown on the drawer too: e.g. "you cannot approve a contract you created".
      refusalTestId="contract-error"
      print="contract"
      historyEntity="crm_contract"
      tab={tab}
      onTabChange={(k) => setPicked({ id, tab: k })}
      onClose={() => {
        setPicked(null);
        onClose();
      }}
      title={(c) => (
        <Space>
          <span data-testid="contract-no">{c.contractNo}</span>
          <span>{c.contractName}</span>
          <ContractStatusTag status={c.status} />
        </Space>
      )}
      actions={(c) => [
        c.status === "draft" &&
          can("contract:approve") && {
            key: "approve",
            id: "contract-approve",
            type: "primary",
            label: t("contract.approve"),
            // The version on screen: approving one someone changed since is refused (stale-save dialog).
            run: () => api.contracts.approve(c.id, c.lockVersion),
            success: t("contract.approved"),
          },
        c.status === "draft" && upd && { key: "edit", id: "contract-edit", label: t("common.edit"), onClick: () => onEdit(c) },
        c.status === "approved" &&
          upd && {
            key: "sign",
            id: "contract-sign",
            type: "primary",
            label: t("contract.sign"),
            run: () => api.contracts.sign(c.id),
            success: t("contract.signed"),
          },
        (c.status === "approved" || c.status === "signed") &&
          upd && {
            key: "terminate",
            id: "contract-terminate",
            danger: true,
            label: t("contract.terminate"),
            onClick: () => setTerminating(true),
          },
        // An after-sales work order about this contract (its customer preset).
        c.status !== "draft" &&
          can("service:create") && {
            key: "workOrder",
            id: "contract-wo-new",
            label: t("wo.new"),
            onClick: () => setOrdering(true),
          },
        c.status === "draft" &&
          can("contract:delete") && {
            key: "delete",
            id: "contract-delete",
            danger: true,
            text: true,
            label: t("common.delete"),
            run: () => api.contracts.remove(c.id),
            success: t("common.deleted"),
            confirm: { title: t("contract.deleteTitle", { no: c.contractNo }), okText: t("common.delete"), danger: true },
            onDone: onClose,
          },
      ]}
      facts={(c) => [
        {
          key: "customer",
          label: t("opp.customer"),
          children: <a onClick={() => nav(`/customers?id=${c.customerId}`)}>{c.customerName ?? "-"}</a>,
        },
        {
          key: "quote",
          label: t("contract.quotation"),
          children: c.quotationId ? (
            <a onClick={() => nav(`/quotations?id=${c.quotationId}`)}>{c.quotationNo ?? `#${c.quotationId}`}</a>
          ) : (
            "-"
          ),
        },
        { key: "total", label: t("quote.total"), children: <strong>{formatMoney(c.totalAmount)}</strong> },
        { key: "upper", label: t("line.totalUpper"), children: <span data-testid="contract-total-upper">{c.totalUpper}</span> },
        { key: "sign", label: t("contract.signDate"), children: c.signDate },
        { key: "period", label: t("contract.period"), children: `${c.startDate ?? "-"} ~ ${c.endDate ?? "-"}` },
        { key: "status", label: t("contract.statusLabel"), children: <ContractStatusTag status={c.status} /> },
        {
          key: "approver",
          label: t("contract.approver"),
          children: c.approvedByName ? `${c.approvedByName} (${localTime(c.approvedAt)})` : "-",
        },
        { key: "by", label: t("quote.createdBy"), children: c.createdByName ?? "-" },
        { key: "created", label: t("customer.createdAt"), children: localTime(c.createdAt) },
        ...(c.terminateReason ? [{ key: "reason", label: t("contract.terminateReason"), span: 2, children: c.terminateReason }] : []),
        ...(c.remark
          ? [{ key: "remark", label: t("quote.remark"), span: 2, children: <span style={{ whiteSpace: "pre-wrap" }}>{c.remark}</span> }]
          : []),
      ]}
      items={(c) => ({ label: t("contract.items"), rows: c.items, withDiscount: false, total: c.totalAmount, totalUpper: c.totalUpper })}
      extraTabs={(c) => [
        ...(can("payment:read|invoice:read|invoice:request")
          ? [
              {
                key: "receivables",
                label: <span data-testid="contract-tab-receivables">{t("rcv.tab")}</span>,
                children: <ReceivablesTab contract={c} />,
              },
            ]
          : []),
        {
          key: "attachments",
          label: `${t("attach.title")}${c.attachments.length ? ` (${c.attachments.length})` : ""}`,
          children: (
            <Attachments
              items={c.attachments}
              editable={upd && c.status !== "terminated"}
              // The backend keeps the files of a signed (or terminated) contract.
              locked={c.status === "signed" || c.status === "terminated" ? t("attach.keptSigned") : null}
              upload={(u) => api.contracts.attach(c.id, u)}
              invalidates={["contracts"]}
            />
          ),
        },
      ]}
    >
      <ReasonModal
        open={terminating}
        title={t("contract.terminateTitle", { no: c?.contractNo ?? "" })}
        label={t("contract.terminateReason")}
        okText={t("contract.terminate")}
        danger
        onClose={() => setTerminating(false)}
        invalidates={["contracts"]}
        onSubmit={(reason) => api.contracts.terminate(c!.id, reason)}
      />
      <WorkOrderForm
        editing={ordering && c ? "new" : null}
        defaults={c ? { customerId: c.customerId, customerName: c.customerName, contractId: c.id } : null}
        onClose={() => setOrdering(false)}
      />
    </DocShell>
  );
}
