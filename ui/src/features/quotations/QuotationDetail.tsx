import { useQuery } from "@tanstack/react-query";
import { DatePicker, Form, Input, Space } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, quotationKeys, settingsKeys, type QuotationItemRow, type QuotationRow, type QuotationStatus } from "../../api";
import { useSession } from "../../app/session";
import FormModal from "../../components/FormModal";
import { QUOTATION_STATUS } from "../../domain/enums";
import { blank, localTime, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import DocShell, { type DocAction } from "../sales/doc/DocShell";
import { endAfterStart } from "../sales/doc/rules";
import { QuoteStatusTag } from "../sales/labels";

type CV = { contractName: string; signDate: Dayjs; startDate: Dayjs | null; endDate: Dayjs | null; remark: string | null };

/** One quotation: header, items and totals, and the actions its status allows (DocShell). */
export default function QuotationDetail({
  id,
  onEdit,
  onClose,
  onOpen,
}: {
  id: number | null;
  onEdit: (q: QuotationRow) => void;
  onClose: () => void;
  onOpen: (id: number) => void;
}) {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const [toContract, setToContract] = useState(false);
  const [cform] = Form.useForm<CV>();
  const q = useQuery({ queryKey: quotationKeys.detail(id), queryFn: () => api.quotations.get(id!), enabled: id !== null });
  const r = q.data;
  const upd = can("quotation:update");
  // The security policy may reserve "accepted by the customer" for quotation:approve (the backend refuses it otherwise).
  const policy = useQuery({ queryKey: settingsKeys.security(), queryFn: api.settings.securityPolicy, enabled: id !== null });
  const mayAccept = upd && (!policy.data?.quotationAcceptNeedsApproval || can("quotation:approve"));
  const status = (r: QuotationRow, s: QuotationStatus, id: string, type?: "primary", danger?: boolean): DocAction => ({
    key: s,
    id,
    type,
    danger,
    label: t(s === "sent" ? "quote.send" : s === "accepted" ? "quote.accept" : "quote.reject"),
    run: () => api.quotations.setStatus(r.id, s),
    success: QUOTATION_STATUS.label(t, s),
  });

  return (
    <DocShell<QuotationRow>
      id={id}
      query={q}
      invalidates={["quotations"]}
      print="quotation"
      historyEntity="crm_quotation"
      onClose={onClose}
      title={(r) => (
        <Space>
          <span data-testid="quote-no">{r.quotationNo}</span>
          <QuoteStatusTag status={r.status} />
        </Space>
      )}
      actions={(r) => [
        r.status === "draft" && upd && status(r, "sent", "quote-send", "primary"),
        r.status === "draft" && upd && { key: "edit", id: "quote-edit", label: t("common.edit"), onClick: () => onEdit(r) },
        r.status === "sent" && mayAccept && status(r, "accepted", "quote-accept", "primary"),
        r.status === "sent" && upd && status(r, "rejected", "quote-reject", undefined, true),
        r.status === "accepted" &&
          can("contract:create") && {
            key: "toContract",
            id: "quote-to-contract",
            type: "primary",
            label: t("quote.toContract"),
            onClick: () => setToContract(true),
          },
        can("quotation:create") && {
          key: "copy",
          id: "quote-copy",
          label: t("quote.copy"),
          run: () => api.quotations.copy(r.id),
          success: t("quote.copied"),
          onDone: (c) => onOpen((c as QuotationRow).id),
        },
        r.status === "draft" &&
          can("quotation:delete") && {
            key: "delete",
            id: "quote-delete",
            danger: true,
            text: true,
            label: t("common.delete"),
            run: () => api.quotations.remove(r.id),
            success: t("common.deleted"),
            confirm: { title: t("quote.deleteTitle", { no: r.quotationNo }), okText: t("common.delete"), danger: true },
            onDone: onClose,
          },
      ]}
      facts={(r) => [
        {
          key: "customer",
          label: t("opp.customer"),
          children: <a onClick={() => nav(`/customers?id=${r.customerId}`)}>{r.customerName ?? "-"}</a>,
        },
        {
          key: "opp",
          label: t("quote.opportunity"),
          children: <a onClick={() => nav(`/opportunities?id=${r.opportunityId}`)}>{r.opportunityName ?? "-"}</a>,
        },
        { key: "total", label: t("quote.total"), children: <strong>{formatMoney(r.totalAmount)}</strong> },
        { key: "upper", label: t("line.totalUpper"), children: <span data-testid="quote-total-upper">{r.totalUpper}</span> },
        { key: "valid", label: t("quote.validUntil"), children: r.validUntil ?? "-" },
        { key: "by", label: t("quote.createdBy"), children: r.createdByName ?? "-" },
        { key: "created", label: t("customer.createdAt"), children: localTime(r.createdAt) },
        { key: "updated", label: t("customer.updatedAt"), children: localTime(r.updatedAt) },
        ...(r.remark
          ? [{ key: "remark", label: t("quote.remark"), span: 2, children: <span style={{ whiteSpace: "pre-wrap" }}>{r.remark}</span> }]
          : []),
      ]}
      items={(r) => ({
        label: t("quote.items"),
        rows: r.items as QuotationItemRow[],
        withDiscount: true,
        total: r.totalAmount,
        totalUpper: r.totalUpper,
      })}
    >
      <FormModal<CV>
        open={toContract && !!r}
        title={t("quote.toContractTitle", { no: r?.quotationNo ?? "" })}
        form={cform}
        fields={["contractName", "signDate", "startDate", "endDate", "remark"]}
        initialValues={{
          contractName: r ? `${r.customerName ?? ""}${r.opportunityName ? ` - ${r.opportunityName}` : ""}` : "",
          signDate: dayjs().startOf("day"),
        }}
        okId="contract-from-quote-submit"
        okText={t("quote.toContract")}
        successText={t("contract.created")}
        invalidates={["quotations", "contracts"]}
        onClose={() => setToContract(false)}
        onSubmit={async (v) => {
          const c = await api.contracts.fromQuotation(r!.id, {
            contractName: blank(v.contractName),
            signDate: toDate(v.signDate)!,
            startDate: toDate(v.startDate),
            endDate: toDate(v.endDate),
            remark: blank(v.remark),
          });
          nav(`/contracts?id=${c.id}`);
        }}
      >
        <Form.Item name="contractName" label={t("contract.name")}>
          <Input id="contract-from-quote-name" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="signDate"
          label={t("contract.signDate")}
          rules={[{ required: true, message: t("common.required", { label: t("contract.signDate") }) }]}
        >
          <DatePicker id="contract-from-quote-sign" style={{ width: "100%" }} />
        </Form.Item>
        <Space>
          <Form.Item name="startDate" label={t("contract.startDate")}>
            <DatePicker id="contract-from-quote-start" />
          </Form.Item>
          <Form.Item
            name="endDate"
            label={t("contract.endDate")}
            dependencies={["startDate"]}
            rules={[endAfterStart(t("contract.endBeforeStart"))]}
          >
            <DatePicker id="contract-from-quote-end" />
          </Form.Item>
        </Space>
        <Form.Item name="remark" label={t("quote.remark")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </DocShell>
  );
}
