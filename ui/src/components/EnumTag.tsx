import { Tag } from "antd";
import type { EnumTable } from "../domain/enums";
import { useI18n } from "../i18n";

/** A value of a shared enum table as a coloured tag ("-" when empty). */
export default function EnumTag<E extends string>({
  table,
  value,
  testid,
}: {
  table: EnumTable<E>;
  value: E | null | undefined;
  testid?: string;
}) {
  const { t } = useI18n();
  if (value === null || value === undefined) return <span>-</span>;
  return (
    <Tag color={table.color(value)} data-testid={testid}>
      {table.label(t, value)}
    </Tag>
  );
}
