import { Tag } from "antd";
import type { CustomerLevel, CustomerStatus } from "../../api";
import { useI18n } from "../../i18n";

export const CUSTOMER_STATUSES: CustomerStatus[] = ["potential", "deal", "lost"];
export const LEVELS: CustomerLevel[] = ["a", "b", "c"];
const STATUS_COLOR: Record<CustomerStatus, string> = { potential: "blue", deal: "green", lost: "default" };
const LEVEL_COLOR: Record<CustomerLevel, string> = { a: "volcano", b: "gold", c: "default" };

export function CustomerStatusTag({ status }: { status: CustomerStatus }) {
  const { t } = useI18n();
  return <Tag color={STATUS_COLOR[status]}>{t(`customer.status.${status}`)}</Tag>;
}

export function LevelTag({ level }: { level: CustomerLevel | null }) {
  if (!level) return <span>-</span>;
  return <Tag color={LEVEL_COLOR[level]}>{level.toUpperCase()}</Tag>;
}
