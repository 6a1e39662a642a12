// Form pieces the receivables forms share: a money box (a decimal string, never a float),
// its rules, and the buyer's invoice details (抬头, tax number, address / phone, bank /
// account), which a special VAT invoice (专票) requires in full.
import { Col, Form, Input, Row, type InputProps } from "antd";
import type { Rule } from "antd/es/form";
import type { BuyerInfo } from "../../api";
import { blank } from "../../format";
import { useI18n, type T } from "../../i18n";
import { compareDec, formatMoney, isPositiveMoney, MONEY_RE } from "../../money";

/** A money amount typed as text (kept exactly as typed; sent as the backend's decimal string). */
export function MoneyInput(props: InputProps) {
  return <Input prefix="¥" inputMode="decimal" autoComplete="off" {...props} />;
}

export type MoneyLimit = { max: string; message: (max: string) => string } | null;

/** What is wrong with a typed amount (null: fine): not a decimal with at most two places, not above zero, above `limit.max`. */
export function moneyProblem(t: T, s: string, limit?: MoneyLimit): string | null {
  if (!MONEY_RE.test(s)) return t("money.badAmount");
  if (!isPositiveMoney(s)) return t("money.notPositive");
  if (limit && compareDec(s, limit.max) > 0) return limit.message(formatMoney(limit.max));
  return null;
}

/**
 * Required, a decimal with at most two places, above zero and (when a limit is given) at
 * most `limit.max`, which the message names ("剩余可回款 ¥ 1,000.00").
 */
export function moneyRules(t: T, label: string, limit?: MoneyLimit): Rule[] {
  return [
    { required: true, whitespace: true, message: t("common.required", { label }) },
    {
      validator: async (_, v: string | undefined) => {
        const s = (v ?? "").trim();
        const problem = s ? moneyProblem(t, s, limit) : null;
        if (problem) throw new Error(problem);
      },
    },
  ];
}

export type BuyerValues = { title: string; taxNo?: string | null; buyerAddressPhone?: string | null; buyerBankAccount?: string | null };

/** The backend field names of the buyer (its errors name them). */
export const BUYER_FIELDS = ["title", "taxNo", "buyerAddressPhone", "buyerBankAccount"] as const;

/** The form's buyer fields as the backend's BuyerInfo (blank → null). */
export const toBuyer = (v: BuyerValues): BuyerInfo => ({
  title: v.title.trim(),
  taxNo: blank(v.taxNo)?.toUpperCase() ?? null,
  buyerAddressPhone: blank(v.buyerAddressPhone),
  buyerBankAccount: blank(v.buyerBankAccount),
});

/** A BuyerInfo as the form's values. */
export const fromBuyer = (b: BuyerInfo | null | undefined): Partial<BuyerValues> =>
  b
    ? { title: b.title, taxNo: b.taxNo ?? "", buyerAddressPhone: b.buyerAddressPhone ?? "", buyerBankAccount: b.buyerBankAccount ?? "" }
    : {};

/**
 * The buyer's fields (inside a Form). `special`: a special VAT invoice, for which the tax
 * number, address / phone and bank / account are required. The backend checks the tax
 * number's check character and names the field it refuses.
 */
export function BuyerFields({ special, idPrefix }: { special: boolean; idPrefix: string }) {
  const { t } = useI18n();
  const need = (label: string): Rule[] =>
    special ? [{ required: true, whitespace: true, message: t("buyer.requiredSpecial", { label }) }] : [];
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item
          name="title"
          label={t("buyer.title")}
          rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("buyer.title") }) }]}
        >
          <Input id={`${idPrefix}-title`} maxLength={200} />
        </Form.Item>
      </Col>
      <Col span={24}>
        <Form.Item name="taxNo" label={t("buyer.taxNo")} extra={t("buyer.taxNoHint")} rules={need(t("buyer.taxNo"))} required={special}>
          <Input id={`${idPrefix}-tax-no`} maxLength={20} style={{ textTransform: "uppercase" }} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="buyerAddressPhone" label={t("buyer.addressPhone")} rules={need(t("buyer.addressPhone"))} required={special}>
          <Input id={`${idPrefix}-address-phone`} maxLength={300} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="buyerBankAccount" label={t("buyer.bankAccount")} rules={need(t("buyer.bankAccount"))} required={special}>
          <Input id={`${idPrefix}-bank-account`} maxLength={300} />
        </Form.Item>
      </Col>
    </Row>
  );
}
