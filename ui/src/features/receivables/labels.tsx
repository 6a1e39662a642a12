// How receivables show: status tags, the overdue tag, amounts (negative corrections in
// red) and the stored invoice-type / method texts in the user's language.
import { Tag, Tooltip, Typography } from "antd";
import type { InvoiceRequestStatus, InvoiceStatus, PaymentPlanStatus, ReceiptStatus } from "../../api";
import EnumTag from "../../components/EnumTag";
import {
  INVOICE_REQUEST_STATUS,
  INVOICE_STATUS,
  INVOICE_TYPE,
  PAYMENT_METHOD,
  PAYMENT_PLAN_STATUS,
  RECEIPT_STATUS,
} from "../../domain/enums";
import { useI18n, type T } from "../../i18n";
import { compareDec, formatMoney } from "../../money";

export function PlanStatusTag({ status }: { status: PaymentPlanStatus }) {
  return <EnumTag table={PAYMENT_PLAN_STATUS} value={status} />;
}

export function ReceiptStatusTag({ status, testid }: { status: ReceiptStatus; testid?: string }) {
  return <EnumTag table={RECEIPT_STATUS} value={status} testid={testid} />;
}

/** A voided invoice shows grey with its reason. */
export function InvoiceStatusTag({ status, reason, testid }: { status: InvoiceStatus; reason?: string | null; testid?: string }) {
  const { t } = useI18n();
  const tag = <EnumTag table={INVOICE_STATUS} value={status} testid={testid} />;
  if (status !== "voided" || !reason) return tag;
  return (
    <span>
      {tag}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t("invoice.voidReasonShort", { reason })}
      </Typography.Text>
    </span>
  );
}

/** A rejected request shows its reason on hover. */
export function RequestStatusTag({ status, reason }: { status: InvoiceRequestStatus; reason?: string | null }) {
  const tag = <EnumTag table={INVOICE_REQUEST_STATUS} value={status} />;
  return status === "rejected" && reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

/** "逾期 N 天" in red (nothing when not overdue). */
export function OverdueTag({ days, testid }: { days: number | null | undefined; testid?: string }) {
  const { t } = useI18n();
  if (days === null || days === undefined || days <= 0) return null;
  return (
    <Tag color="red" data-testid={testid}>
      {t("money.overdueDays", { n: days })}
    </Tag>
  );
}

/** An amount; a negative one (a correcting entry) in red. */
export function Amount({ value, testid, strong }: { value: string | null | undefined; testid?: string; strong?: boolean }) {
  const negative = compareDec(value, "0") < 0;
  return (
    <Typography.Text type={negative ? "danger" : undefined} strong={strong} data-testid={testid} style={{ whiteSpace: "nowrap" }}>
      {formatMoney(value)}
    </Typography.Text>
  );
}

/** A stored invoice type in the user's language (an unknown text as stored). */
export function invoiceTypeLabel(t: T, v: string | null | undefined): string {
  if (!v) return "-";
  return INVOICE_TYPE.has(v) ? INVOICE_TYPE.label(t, v) : v;
}

/** A stored receipt method in the user's language (a typed one as stored). */
export function paymentMethodLabel(t: T, v: string | null | undefined): string {
  if (!v) return "-";
  return PAYMENT_METHOD.has(v) ? PAYMENT_METHOD.label(t, v) : v;
}

/**
 * What to store for a method as the receipt form shows it: a known method (its code or
 * its name in the user's language) as the backend's code, anything typed as typed.
 */
export function paymentMethodCode(t: T, shown: string | null): string | null {
  if (!shown || PAYMENT_METHOD.has(shown)) return shown;
  return PAYMENT_METHOD.values.find((v) => PAYMENT_METHOD.label(t, v) === shown) ?? shown;
}

/** The receipt form's method suggestions: the known methods by their names in the user's language. */
export const paymentMethodSuggestions = (t: T) => PAYMENT_METHOD.values.map((v) => ({ value: PAYMENT_METHOD.label(t, v) }));
