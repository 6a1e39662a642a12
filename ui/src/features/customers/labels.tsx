import type { CustomerLevel, CustomerStatus } from "../../api";
import EnumTag from "../../components/EnumTag";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS } from "../../domain/enums";

export function CustomerStatusTag({ status }: { status: CustomerStatus }) {
  return <EnumTag table={CUSTOMER_STATUS} value={status} />;
}

export function LevelTag({ level }: { level: CustomerLevel | null }) {
  return <EnumTag table={CUSTOMER_LEVEL} value={level} />;
}
