import { Tag } from "antd";
import { useI18n } from "../i18n";

/** How urgent a recycle deadline is: red within 3 days, orange within 7, else neutral. */
export function recycleColor(days: number): "red" | "orange" | "default" {
  if (days <= 3) return "red";
  if (days <= 7) return "orange";
  return "default";
}

/** "N 天后回收" / "今日回收" as a coloured tag; "-" when the customer is never recycled. */
export default function RecycleTag({ days }: { days: number | null | undefined }) {
  const { t } = useI18n();
  if (days === null || days === undefined) return <span data-testid="recycle-none">-</span>;
  const color = recycleColor(days);
  return (
    <Tag color={color === "default" ? undefined : color} data-color={color} data-testid="recycle-tag" style={{ marginInlineEnd: 0 }}>
      {days <= 0 ? t("recycle.today") : t("recycle.inDays", { n: days })}
    </Tag>
  );
}
