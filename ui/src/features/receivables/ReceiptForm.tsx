// "登记回款": a receipt awaiting finance's confirmation. The plan select starts on the next
// plan still waiting for money, with what it still waits for as the amount; what is left
// to collect on the contract shows live. Over-collection is refused unless the setting
// allows it — then the form warns instead. The bank slip (optional, one or more files) is
// uploaded once the receipt exists; a file that fails is named and the receipt stays.
import { Alert, App, AutoComplete, Col, DatePicker, Descriptions, Form, Input, Row, Select, type UploadFile } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { api, type ContractReceivables, type PlanRow } from "../../api";
import FormModal from "../../components/FormModal";
import { PAYMENT_METHOD } from "../../domain/enums";
import { blank, toDate } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";
import { atLeastZero, compareDec, formatMoney, isPositiveMoney, subtractAmounts } from "../../money";
import { FilePicker, MAX_ATTACHMENT_TEXT, pickedFiles, uploadPicked } from "../sales/doc/Attachments";
import { MoneyInput, moneyRules } from "./fields";
import { Amount, paymentMethodCode, paymentMethodSuggestions } from "./labels";
import { collectable, nextOpenPlan, planOpen } from "./rules";

type V = {
  planId: number | null;
  paymentAmount: string;
  paymentDate: Dayjs | null;
  paymentMethod: string | null;
  remark: string | null;
  /** The bank slip(s), sent after the receipt is created. */
  slips: UploadFile[];
};

const FIELDS = ["planId", "paymentAmount", "paymentDate", "paymentMethod", "remark"] as const;

/** A plan as the select shows it: term (or its number), date and what it still waits for. */
export function planLabel(t: T, p: PlanRow, index: number, open: string): string {
  const term = p.paymentTerm || t("plan.term.nth", { n: index + 1 });
  return `${term} · ${p.planDate} · ${compareDec(open, "0") > 0 ? t("plan.openAmount", { amount: formatMoney(open) }) : t("plan.fullyCovered")}`;
}

export default function ReceiptForm({
  open,
  contractId,
  total,
  data,
  onClose,
}: {
  open: boolean;
  contractId: number;
  total: string;
  data: ContractReceivables;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const left = collectable(total, data.receipts);
  const over = data.allowOverCollection;
  const plans = useMemo(() => [...data.plans].sort((a, b) => a.planDate.localeCompare(b.planDate) || a.id - b.id), [data.plans]);
  const openOf = (p: PlanRow) => planOpen(p, data.receipts);
  /** The amount to suggest for a plan: what it waits for, within what is left to collect (unless over-collection is allowed). */
  const suggest = (p: PlanRow | null | undefined): string => {
    const want = p ? openOf(p) : atLeastZero(left);
    const capped = !over && compareDec(want, left) > 0 ? atLeastZero(left) : want;
    return compareDec(capped, "0") > 0 ? capped : "";
  };

  const initial = useMemo<Partial<V>>(() => {
    const next = nextOpenPlan(data.plans, data.receipts);
    return {
      planId: next?.id ?? null,
      paymentAmount: suggest(next),
      paymentDate: dayjs().startOf("day"),
      // Shown in the user's language; stored as the backend's code (paymentMethodCode).
      paymentMethod: PAYMENT_METHOD.label(t, PAYMENT_METHOD.values[0]),
      remark: "",
      slips: [],
    };
    // Only when the form opens: later data changes must not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const amount = Form.useWatch("paymentAmount", form);
  const typed = blank(amount);
  const exceeds = !!typed && isPositiveMoney(typed) && compareDec(typed, left) > 0;

  return (
    <FormModal<V>
      open={open}
      title={t("receipt.new")}
      form={form}
      initialValues={initial}
      fields={FIELDS}
      invalidates={["receivables"]}
      successText={t("receipt.created")}
      onClose={onClose}
      okId="receipt-save"
      width={600}
      onSubmit={async (v) => {
        const r = await api.receivables.createReceipt(contractId, {
          planId: v.planId ?? null,
          paymentAmount: v.paymentAmount.trim(),
          paymentDate: toDate(v.paymentDate)!,
          paymentMethod: paymentMethodCode(t, blank(v.paymentMethod)),
          remark: blank(v.remark),
        });
        // The receipt exists now: a slip that fails is reported, never a reason to save it twice.
        await uploadPicked(
          v.slips,
          (u) => api.receivables.attach("receipt", r.id, u),
          (name, e) => message.error({ content: t("receipt.slipFailed", { name, error: errorMessage(t, e) }), duration: 8 }),
        );
        return r;
      }}
    >
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: "total", label: t("money.total"), children: formatMoney(total) },
          { key: "recorded", label: t("receipt.recorded"), children: formatMoney(subtractAmounts(total, [left])) },
          { key: "left", label: t("receipt.left"), children: <Amount value={atLeastZero(left)} testid="receipt-remaining" strong /> },
        ]}
      />
      <Form.Item name="planId" label={t("receipt.plan")} extra={plans.length === 0 ? t("receipt.noPlans") : undefined}>
        <Select<number | null>
          id="receipt-plan"
          allowClear
          placeholder={t("receipt.noPlan")}
          options={plans.map((p, i) => ({ value: p.id, label: planLabel(t, p, i, openOf(p)) }))}
          onChange={(id) => {
            const p = plans.find((x) => x.id === id);
            const s = suggest(p);
            if (p && s) form.setFieldValue("paymentAmount", s);
          }}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="paymentAmount"
            label={t("receipt.amount")}
            rules={moneyRules(
              t,
              t("receipt.amount"),
              over ? null : { max: atLeastZero(left), message: (m) => t("receipt.overLeft", { left: m }) },
            )}
          >
            <MoneyInput id="receipt-amount" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="paymentDate"
            label={t("receipt.date")}
            rules={[{ required: true, message: t("common.required", { label: t("receipt.date") }) }]}
          >
            <DatePicker id="receipt-date" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      {over && exceeds && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="receipt-over-warning"
          title={t("receipt.overWarning", { amount: formatMoney(subtractAmounts(typed, [atLeastZero(left)])) })}
        />
      )}
      <Form.Item name="paymentMethod" label={t("receipt.method")} extra={t("receipt.methodHint")}>
        <AutoComplete id="receipt-method" options={paymentMethodSuggestions(t)} maxLength={50} />
      </Form.Item>
      <Form.Item name="remark" label={t("receipt.remark")}>
        <Input.TextArea id="receipt-remark" rows={2} maxLength={2000} />
      </Form.Item>
      <Form.Item
        name="slips"
        label={t("receipt.slip")}
        extra={t("rcv.files.hint", { max: MAX_ATTACHMENT_TEXT })}
        valuePropName="fileList"
        getValueFromEvent={pickedFiles}
        style={{ marginBottom: 0 }}
      >
        <FilePicker id="receipt-slip-upload" label={t("rcv.files.pick")} />
      </Form.Item>
    </FormModal>
  );
}
