import { Tag } from "antd";
import type { ContractStatus, OpportunityStatus, ProductStatus, QuotationStatus } from "../../api";
import { useI18n } from "../../i18n";

export const OPP_STATUSES: OpportunityStatus[] = ["in_progress", "won", "lost"];
export const QUOTE_STATUSES: QuotationStatus[] = ["draft", "sent", "accepted", "rejected"];
export const CONTRACT_STATUSES: ContractStatus[] = ["draft", "approved", "signed", "terminated"];

const OPP_COLOR: Record<OpportunityStatus, string> = { in_progress: "processing", won: "success", lost: "default" };
const QUOTE_COLOR: Record<QuotationStatus, string> = { draft: "default", sent: "blue", accepted: "green", rejected: "red" };
const CONTRACT_COLOR: Record<ContractStatus, string> = { draft: "default", approved: "blue", signed: "green", terminated: "red" };

export function OppStatusTag({ status }: { status: OpportunityStatus }) {
  const { t } = useI18n();
  return <Tag color={OPP_COLOR[status]}>{t(`opp.status.${status}`)}</Tag>;
}

export function QuoteStatusTag({ status }: { status: QuotationStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={QUOTE_COLOR[status]} data-testid="quote-status">
      {t(`quote.status.${status}`)}
    </Tag>
  );
}

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={CONTRACT_COLOR[status]} data-testid="contract-status">
      {t(`contract.status.${status}`)}
    </Tag>
  );
}

export function ProductStatusTag({ status }: { status: ProductStatus }) {
  const { t } = useI18n();
  return <Tag color={status === "on_shelf" ? "green" : "default"}>{t(`product.status.${status}`)}</Tag>;
}
