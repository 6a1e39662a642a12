import type { ContractStatus, OpportunityStatus, ProductStatus, QuotationStatus } from "../../api";
import EnumTag from "../../components/EnumTag";
import { CONTRACT_STATUS, OPPORTUNITY_STATUS, PRODUCT_STATUS, QUOTATION_STATUS } from "../../domain/enums";

export function OppStatusTag({ status }: { status: OpportunityStatus }) {
  return <EnumTag table={OPPORTUNITY_STATUS} value={status} />;
}

export function QuoteStatusTag({ status }: { status: QuotationStatus }) {
  return <EnumTag table={QUOTATION_STATUS} value={status} testid="quote-status" />;
}

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  return <EnumTag table={CONTRACT_STATUS} value={status} testid="contract-status" />;
}

export function ProductStatusTag({ status }: { status: ProductStatus }) {
  return <EnumTag table={PRODUCT_STATUS} value={status} />;
}
