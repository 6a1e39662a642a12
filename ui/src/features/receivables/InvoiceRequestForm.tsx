// "申请开票" (a rep asks finance for an invoice): type, amount, buyer (prefilled from the
// customer's kept details) and a remark. It waits in finance's to-do until issued or rejected.
import { useQuery } from "@tanstack/react-query";
import { Col, Descriptions, Divider, Form, Input, Row, Select } from "antd";
import { useMemo } from "react";
import { api, receivableKeys, type ContractReceivables } from "../../api";
import FormModal from "../../components/FormModal";
import { INVOICE_TYPE, NORMAL_VAT, SPECIAL_VAT, type InvoiceType } from "../../domain/enums";
import { blank } from "../../format";
import { useI18n } from "../../i18n";
import { compareDec, formatMoney, subtractAmounts } from "../../money";
import { BUYER_FIELDS, BuyerFields, fromBuyer, MoneyInput, moneyRules, toBuyer, type BuyerValues } from "./fields";
import { Amount } from "./labels";
import { requestable } from "./rules";

type V = BuyerValues & { invoiceType: InvoiceType; amount: string; remark: string | null };

const FIELDS = ["invoiceType", "amount", "remark", ...BUYER_FIELDS] as const;

export default function InvoiceRequestForm({
  open,
  contractId,
  customerId,
  data,
  onClose,
}: {
  open: boolean;
  contractId: number;
  customerId: number;
  data: ContractReceivables;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const buyer = useQuery({
    queryKey: receivableKeys.buyer(customerId),
    queryFn: () => api.receivables.buyerOf(customerId),
    enabled: open,
  });
  const left = requestable(data.money, data.requests);
  const waiting = subtractAmounts(data.money.uninvoiced, [left]);

  const initial = useMemo<Partial<V>>(() => {
    const b = buyer.data;
    const special = !!(b?.taxNo && b.buyerAddressPhone && b.buyerBankAccount);
    return {
      invoiceType: special ? SPECIAL_VAT : NORMAL_VAT,
      amount: compareDec(left, "0") > 0 ? left : "",
      remark: "",
      ...fromBuyer(b),
    };
    // When the form opens and once the buyer has loaded.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, buyer.data]);

  const type = Form.useWatch("invoiceType", form);

  return (
    <FormModal<V>
      open={open}
      title={t("invReq.new")}
      form={form}
      initialValues={initial}
      fields={FIELDS}
      invalidates={["receivables"]}
      successText={t("invReq.created")}
      onClose={onClose}
      okId="invoice-request-save"
      okText={t("invReq.submit")}
      width={680}
      onSubmit={(v) =>
        api.receivables.requestInvoice(contractId, {
          invoiceType: v.invoiceType,
          amount: v.amount.trim(),
          buyer: toBuyer(v),
          remark: blank(v.remark),
        })
      }
    >
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: "uninvoiced", label: t("money.uninvoiced"), children: formatMoney(data.money.uninvoiced) },
          { key: "waiting", label: t("invReq.waiting"), children: formatMoney(waiting) },
          { key: "left", label: t("invReq.left"), children: <Amount value={left} testid="request-remaining" strong /> },
        ]}
      />
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="invoiceType" label={t("invoice.type")} rules={[{ required: true, message: t("invoice.pickType") }]}>
            <Select<InvoiceType> id="request-type" options={INVOICE_TYPE.options(t)} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="amount"
            label={t("invoice.amount")}
            rules={moneyRules(t, t("invoice.amount"), { max: left, message: (m) => t("invReq.overLeft", { left: m }) })}
          >
            <MoneyInput id="request-amount" />
          </Form.Item>
        </Col>
      </Row>
      <Divider titlePlacement="start" plain style={{ marginTop: 0 }}>
        {t("buyer.section")}
      </Divider>
      <BuyerFields special={type === SPECIAL_VAT} idPrefix="request" />
      <Form.Item name="remark" label={t("invReq.remark")} extra={t("invReq.remarkHint")}>
        <Input.TextArea id="request-remark" rows={2} maxLength={500} showCount />
      </Form.Item>
    </FormModal>
  );
}
