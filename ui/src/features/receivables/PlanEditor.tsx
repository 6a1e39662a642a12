// The payment-plan editor: one plan (add or edit), or "split evenly into N periods"
// (periods, first date, months between, and optionally the amount — by default all that
// is not planned yet). What is left to plan is shown live, computed exactly, and a
// preview lists the periods as the backend will create them (rounding cent on the last),
// each with its term (首付 / 第N期 / 尾款 by default) editable there and sent as shown.
import { Alert, Col, DatePicker, Descriptions, Form, Input, InputNumber, Row, Segmented, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { api, type PlanRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank, fromDate, toDate } from "../../format";
import { useI18n, type T } from "../../i18n";
import { compareDec, formatMoney, isPositiveMoney, splitEvenly, subtractAmounts } from "../../money";
import { MoneyInput, moneyProblem, moneyRules } from "./fields";
import { Amount } from "./labels";
import { plannable } from "./rules";

export type PlanMode = "single" | "split";

type V = {
  planAmount: string;
  planDate: Dayjs | null;
  paymentTerm: string | null;
  periods: number | null;
  firstDate: Dayjs | null;
  intervalMonths: number | null;
  amount: string | null;
};

const SINGLE_FIELDS = ["planAmount", "planDate", "paymentTerm"] as const;
const SPLIT_FIELDS = ["periods", "firstDate", "intervalMonths", "amount"] as const;
/** The split's total is checked as a plan amount ("剩余可计划 X 元"): show it on the split's amount. */
const SPLIT_ALIASES = { planAmount: "amount" };

export const MAX_PERIODS = 60;
export const MAX_INTERVAL_MONTHS = 24;

/** The term the backend writes on each split period (全款 / 首付 / 第N期 / 尾款), in the user's language. */
export function splitTerm(t: T, i: number, n: number): string {
  if (n === 1) return t("plan.term.full");
  if (i === 0) return t("plan.term.first");
  if (i === n - 1) return t("plan.term.last");
  return t("plan.term.nth", { n: i + 1 });
}

/**
 * The term of each previewed period as sent: what the user typed there, or (blank or
 * untouched) the default shown, so what is saved is what the preview showed.
 */
export function splitTerms(t: T, periods: number, edited: Readonly<Record<number, string>>): string[] {
  return Array.from({ length: periods }, (_, i) => edited[i]?.trim() || splitTerm(t, i, periods));
}

/** The periods a split creates: amount each (the rounding cents on the last) and date. */
export function splitPreview(amount: string, periods: number, first: Dayjs, intervalMonths: number) {
  return splitEvenly(amount, periods).map((a, i) => ({
    key: i,
    i,
    amount: a,
    // dayjs, like the backend, ends on the month's last day when the day does not exist (31 Jan + 1 month → 28/29 Feb).
    date: first.add(intervalMonths * i, "month").format("YYYY-MM-DD"),
  }));
}

export default function PlanEditor({
  open,
  mode,
  onModeChange,
  contractId,
  total,
  plans,
  editing,
  onClose,
}: {
  open: boolean;
  mode: PlanMode;
  onModeChange: (m: PlanMode) => void;
  contractId: number;
  /** The contract total. */
  total: string;
  plans: readonly PlanRow[];
  /** The plan being edited (null: adding). */
  editing: PlanRow | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const split = mode === "split" && !editing;
  const left = plannable(total, plans, editing?.id);
  const planned = subtractAmounts(total, [left]);
  const leftPositive = compareDec(left, "0") > 0;
  // The preview's terms the user changed, by period index (the others show their default).
  const [terms, setTerms] = useState<Record<number, string>>({});

  const initial = useMemo<Partial<V>>(
    () =>
      editing
        ? { planAmount: editing.planAmount, planDate: fromDate(editing.planDate), paymentTerm: editing.paymentTerm ?? "" }
        : {
            planAmount: leftPositive ? left : "",
            planDate: dayjs().startOf("day"),
            paymentTerm: "",
            periods: 3,
            firstDate: dayjs().startOf("day"),
            intervalMonths: 1,
            amount: "",
          },
    // Only when the editor opens (for another plan): the live figures below follow the data.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [open, editing?.id],
  );

  const planAmount = Form.useWatch("planAmount", form);
  const periods = Form.useWatch("periods", form);
  const firstDate = Form.useWatch("firstDate", form);
  const intervalMonths = Form.useWatch("intervalMonths", form);
  const splitAmount = Form.useWatch("amount", form);

  // What this entry would plan, and what would be left after it.
  const typed = split ? (blank(splitAmount) ?? (leftPositive ? left : null)) : blank(planAmount);
  const after = typed && isPositiveMoney(typed) ? subtractAmounts(left, [typed]) : null;
  const preview =
    split && typed && isPositiveMoney(typed) && periods && periods >= 1 && periods <= MAX_PERIODS && firstDate
      ? splitPreview(typed, periods, firstDate, Math.min(Math.max(intervalMonths ?? 0, 0), MAX_INTERVAL_MONTHS))
      : [];
  const tooSmall = preview.some((p) => compareDec(p.amount, "0") <= 0);

  const overLeft = (max: string) => t("plan.overLeft", { left: max });

  return (
    <FormModal<V>
      open={open}
      title={editing ? t("plan.edit") : split ? t("plan.splitTitle") : t("plan.new")}
      form={form}
      initialValues={initial}
      fields={split ? SPLIT_FIELDS : SINGLE_FIELDS}
      fieldAliases={split ? SPLIT_ALIASES : undefined}
      invalidates={["receivables"]}
      successText={split ? t("plan.splitDone") : t("form.saved")}
      onClose={onClose}
      okId="plan-save"
      width={620}
      onSubmit={async (v) => {
        if (split) {
          await api.receivables.splitPlans(contractId, {
            periods: v.periods!,
            firstDate: toDate(v.firstDate)!,
            intervalMonths: v.intervalMonths ?? 0,
            amount: blank(v.amount),
            terms: splitTerms(t, v.periods!, terms),
          });
          return;
        }
        const input = { planAmount: v.planAmount.trim(), planDate: toDate(v.planDate)!, paymentTerm: blank(v.paymentTerm) };
        if (editing) await api.receivables.updatePlan(editing.id, input);
        else await api.receivables.createPlan(contractId, input);
      }}
    >
      {!editing && (
        <Segmented<PlanMode>
          block
          style={{ marginBottom: 16 }}
          value={mode}
          onChange={onModeChange}
          options={[
            { value: "single", label: <span data-testid="plan-mode-single">{t("plan.modeSingle")}</span> },
            { value: "split", label: <span data-testid="plan-mode-split">{t("plan.modeSplit")}</span> },
          ]}
        />
      )}
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: "total", label: t("money.total"), children: formatMoney(total) },
          { key: "planned", label: editing ? t("plan.plannedOthers") : t("plan.planned"), children: formatMoney(planned) },
          {
            key: "left",
            label: t("plan.left"),
            children: <Amount value={left} testid="plan-remaining" strong />,
          },
        ]}
      />
      {split ? (
        <>
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item
                name="periods"
                label={t("plan.periods")}
                rules={[{ required: true, message: t("common.required", { label: t("plan.periods") }) }]}
              >
                <InputNumber
                  id="plan-periods"
                  min={1}
                  max={MAX_PERIODS}
                  precision={0}
                  style={{ width: "100%" }}
                  suffix={t("plan.periodUnit")}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="firstDate"
                label={t("plan.firstDate")}
                rules={[{ required: true, message: t("common.required", { label: t("plan.firstDate") }) }]}
              >
                <DatePicker id="plan-first-date" style={{ width: "100%" }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="intervalMonths"
                label={t("plan.intervalMonths")}
                extra={t("plan.intervalHint")}
                rules={[{ required: true, message: t("common.required", { label: t("plan.intervalMonths") }) }]}
              >
                <InputNumber
                  id="plan-interval"
                  min={0}
                  max={MAX_INTERVAL_MONTHS}
                  precision={0}
                  style={{ width: "100%" }}
                  suffix={t("plan.monthUnit")}
                />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="amount"
            label={t("plan.splitAmount")}
            extra={t("plan.splitAmountHint")}
            rules={[
              {
                validator: async (_, v: string | null | undefined) => {
                  const s = blank(v);
                  if (!s) {
                    if (!leftPositive) throw new Error(t("plan.nothingLeft"));
                    return;
                  }
                  const problem = moneyProblem(t, s, { max: left, message: overLeft });
                  if (problem) throw new Error(problem);
                },
              },
            ]}
          >
            <MoneyInput id="plan-split-amount" placeholder={leftPositive ? left : undefined} />
          </Form.Item>
          {tooSmall && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t("plan.tooManyPeriods")} />}
          {preview.length > 0 && !tooSmall && (
            <>
              <Typography.Text type="secondary" style={{ display: "block", fontSize: 12, marginBottom: 4 }}>
                {t("plan.termsHint")}
              </Typography.Text>
              <Table
                size="small"
                data-testid="plan-split-preview"
                rowKey="key"
                pagination={false}
                scroll={{ y: 240 }}
                dataSource={preview}
                columns={[
                  {
                    key: "term",
                    title: t("plan.term"),
                    render: (_, p) => (
                      <Input
                        size="small"
                        id={`plan-split-term-${p.i}`}
                        aria-label={t("plan.termOf", { n: p.i + 1 })}
                        maxLength={100}
                        value={terms[p.i] ?? splitTerm(t, p.i, preview.length)}
                        placeholder={splitTerm(t, p.i, preview.length)}
                        onChange={(e) => {
                          const v = e.target.value;
                          setTerms((m) => ({ ...m, [p.i]: v }));
                          // Not a form field: mark the split touched so closing asks before dropping the edit.
                          form.setFields([{ name: "periods", touched: true }]);
                        }}
                      />
                    ),
                  },
                  { key: "date", title: t("plan.date"), dataIndex: "date", width: 120 },
                  { key: "amount", title: t("plan.amount"), align: "right", width: 150, render: (_, p) => formatMoney(p.amount) },
                ]}
              />
            </>
          )}
        </>
      ) : (
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="planAmount" label={t("plan.amount")} rules={moneyRules(t, t("plan.amount"), { max: left, message: overLeft })}>
              <MoneyInput id="plan-amount" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item
              name="planDate"
              label={t("plan.date")}
              rules={[{ required: true, message: t("common.required", { label: t("plan.date") }) }]}
            >
              <DatePicker id="plan-date" style={{ width: "100%" }} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="paymentTerm" label={t("plan.paymentTerm")} extra={t("plan.paymentTermHint")}>
              <Input id="plan-term" maxLength={100} />
            </Form.Item>
          </Col>
        </Row>
      )}
      {after !== null && (
        <Typography.Paragraph type={compareDec(after, "0") < 0 ? "danger" : "secondary"} style={{ marginTop: 8, marginBottom: 0 }}>
          {t("plan.leftAfter")} <span data-testid="plan-remaining-after">{formatMoney(after)}</span>
        </Typography.Paragraph>
      )}
    </FormModal>
  );
}
