// "开具发票" (finance): number as printed on the invoice, type, amount, issue date, an
// optional receipt it belongs to, and the buyer — prefilled from the customer's kept
// details, or from the request being issued (sent as requestId, which marks it issued).
// The invoice scan (optional) is uploaded once the invoice exists; a file that fails is
// named and the invoice stays.
import { useQuery } from "@tanstack/react-query";
import { Alert, App, Col, DatePicker, Descriptions, Divider, Form, Input, Row, Select, type UploadFile } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { api, receivableKeys, type InvoiceRequestRow } from "../../api";
import FormModal from "../../components/FormModal";
import { INVOICE_TYPE, NORMAL_VAT, SPECIAL_VAT, type InvoiceType } from "../../domain/enums";
import { toDate } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { compareDec, formatMoney } from "../../money";
import { FilePicker, MAX_ATTACHMENT_TEXT, pickedFiles, uploadPicked } from "../sales/doc/Attachments";
import { BUYER_FIELDS, BuyerFields, fromBuyer, MoneyInput, moneyRules, toBuyer, type BuyerValues } from "./fields";
import { Amount } from "./labels";
import { invoiceable } from "./rules";

type V = BuyerValues & {
  invoiceNo: string;
  invoiceType: InvoiceType;
  amount: string;
  issueDate: Dayjs | null;
  paymentId: number | null;
  /** The invoice scan(s), sent after the invoice is created. */
  scans: UploadFile[];
};

const FIELDS = ["invoiceNo", "invoiceType", "amount", "issueDate", "paymentId", ...BUYER_FIELDS] as const;

/** What opens the form: a contract (and its customer, for the buyer), or a request to issue. */
export type InvoiceTarget = { contractId: number; customerId: number | null; request?: InvoiceRequestRow | null };

export default function InvoiceForm({ target, onClose }: { target: InvoiceTarget | null; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const open = target !== null;
  const request = target?.request ?? null;
  const contractId = target?.contractId ?? null;
  const customerId = target?.customerId ?? null;
  const data = useQuery({
    queryKey: receivableKeys.ofContract(contractId),
    queryFn: () => api.receivables.ofContract(contractId!),
    enabled: contractId !== null,
  });
  const buyer = useQuery({
    queryKey: receivableKeys.buyer(customerId),
    queryFn: () => api.receivables.buyerOf(customerId!),
    enabled: open && !request && customerId !== null,
  });
  const money = data.data?.money;
  const left = money ? invoiceable(money) : null;

  const initial = useMemo<Partial<V>>(() => {
    if (request)
      return {
        invoiceNo: "",
        invoiceType: request.invoiceType as InvoiceType,
        amount: request.amount,
        issueDate: dayjs().startOf("day"),
        paymentId: null,
        scans: [],
        title: request.title,
        taxNo: request.taxNo ?? "",
        buyerAddressPhone: request.buyerAddressPhone ?? "",
        buyerBankAccount: request.buyerBankAccount ?? "",
      };
    const b = buyer.data;
    // A customer with full tax details usually takes a special VAT invoice.
    const special = !!(b?.taxNo && b.buyerAddressPhone && b.buyerBankAccount);
    return {
      invoiceNo: "",
      invoiceType: special ? SPECIAL_VAT : NORMAL_VAT,
      amount: left && compareDec(left, "0") > 0 ? left : "",
      issueDate: dayjs().startOf("day"),
      paymentId: null,
      scans: [],
      ...fromBuyer(b),
    };
    // When the form opens, and once the buyer and the contract's money have loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, request?.id, buyer.data, left === null]);

  const type = Form.useWatch("invoiceType", form);
  const receipts = (data.data?.receipts ?? []).filter((r) => r.status === "confirmed" && !r.reversesId && !r.reversed);

  return (
    <FormModal<V>
      open={open}
      title={request ? t("invoice.issueRequest", { title: request.title }) : t("invoice.new")}
      form={form}
      initialValues={initial}
      fields={FIELDS}
      invalidates={["receivables"]}
      successText={t("invoice.created")}
      onClose={onClose}
      okId="invoice-save"
      width={680}
      onSubmit={async (v) => {
        const inv = await api.receivables.createInvoice(contractId!, {
          invoiceNo: v.invoiceNo.trim(),
          invoiceType: v.invoiceType,
          amount: v.amount.trim(),
          issueDate: toDate(v.issueDate)!,
          paymentId: v.paymentId ?? null,
          buyer: toBuyer(v),
          requestId: request?.id ?? null,
        });
        // The invoice exists now: a scan that fails is reported, never a reason to save it twice.
        await uploadPicked(
          v.scans,
          (u) => api.receivables.attach("invoice", inv.id, u),
          (name, e) => message.error({ content: t("invoice.scanFailed", { name, error: errorMessage(t, e) }), duration: 8 }),
        );
        return inv;
      }}
    >
      {request && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t("invoice.fromRequest", { who: request.requestedByName ?? "-", amount: formatMoney(request.amount) })}
          description={request.remark || undefined}
        />
      )}
      {money && (
        <Descriptions
          size="small"
          column={3}
          style={{ marginBottom: 16 }}
          items={[
            { key: "total", label: t("money.total"), children: formatMoney(money.total) },
            { key: "invoiced", label: t("money.invoiced"), children: formatMoney(money.invoiced) },
            { key: "left", label: t("invoice.left"), children: <Amount value={left} testid="invoice-remaining" strong /> },
          ]}
        />
      )}
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="invoiceNo"
            label={t("invoice.no")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("invoice.no") }) }]}
          >
            <Input id="invoice-no" maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="invoiceType" label={t("invoice.type")} rules={[{ required: true, message: t("invoice.pickType") }]}>
            <Select<InvoiceType> id="invoice-type" options={INVOICE_TYPE.options(t)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="amount"
            label={t("invoice.amount")}
            rules={moneyRules(t, t("invoice.amount"), left ? { max: left, message: (m) => t("invoice.overLeft", { left: m }) } : null)}
          >
            <MoneyInput id="invoice-amount" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="issueDate"
            label={t("invoice.issueDate")}
            rules={[{ required: true, message: t("common.required", { label: t("invoice.issueDate") }) }]}
          >
            <DatePicker id="invoice-date" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col span={24}>
          <Form.Item name="paymentId" label={t("invoice.receipt")} extra={t("invoice.receiptHint")}>
            <Select<number | null>
              id="invoice-receipt"
              allowClear
              placeholder={t("invoice.noReceipt")}
              options={receipts.map((r) => ({ value: r.id, label: `${r.paymentNo} · ${r.paymentDate} · ${formatMoney(r.paymentAmount)}` }))}
            />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t("buyer.section")}
      </Divider>
      <BuyerFields special={type === SPECIAL_VAT} idPrefix="invoice" />
      <Form.Item
        name="scans"
        label={t("invoice.scan")}
        extra={t("rcv.files.hint", { max: MAX_ATTACHMENT_TEXT })}
        valuePropName="fileList"
        getValueFromEvent={pickedFiles}
        style={{ marginBottom: 0 }}
      >
        <FilePicker id="invoice-scan-upload" label={t("rcv.files.pick")} />
      </Form.Item>
    </FormModal>
  );
}
