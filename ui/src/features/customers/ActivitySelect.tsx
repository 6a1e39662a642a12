// The 来源活动 picker (the marketing activity a lead or customer came from), shared by the
// customer and lead forms and their list filters.
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import type { CSSProperties } from "react";
import { api, marketingKeys } from "../../api";
import { useI18n } from "../../i18n";

/**
 * A clearable, searchable Select of the activities (`value` / `onChange` as a Form.Item
 * gives them; clearing gives null). `current`: the record's activity, offered even when the
 * list no longer has it, so an edit form shows its name and sends it back unchanged.
 */
export default function ActivitySelect({
  id,
  value,
  onChange,
  current,
  placeholder,
  style,
  enabled = true,
}: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  current?: { id: number | null; name: string | null };
  placeholder?: string;
  style?: CSSProperties;
  /** Load the options (a closed form does not). */
  enabled?: boolean;
}) {
  const { t } = useI18n();
  const q = useQuery({ queryKey: marketingKeys.activityOptions(), queryFn: api.marketing.activityOptions, enabled });
  const list = q.data ?? [];
  const options = list.map((a) => ({
    value: a.id,
    label: a.status === "ended" ? `${a.activityName} (${t("customer.activity.ended")})` : a.activityName,
  }));
  if (current?.id != null && !list.some((a) => a.id === current.id))
    options.push({ value: current.id, label: current.name ?? `#${current.id}` });
  return (
    <Select<number>
      id={id}
      allowClear
      showSearch={{ optionFilterProp: "label" }}
      loading={q.isLoading}
      placeholder={placeholder}
      style={style}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      options={options}
    />
  );
}
