import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { useEffect, useState } from "react";
import { opportunityKeys, customerKeys, api } from "../../api";
import { useI18n } from "../../i18n";

function useDebounced(v: string, ms = 250) {
  const [d, setD] = useState(v);
  useEffect(() => {
    const h = setTimeout(() => setD(v), ms);
    return () => clearTimeout(h);
  }, [v, ms]);
  return d;
}

/** A customer chosen by typing part of its name (server-side search). */
export function CustomerSelect({
  id,
  value,
  onChange,
  initial,
  disabled,
}: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  /** Label of the current value (so it shows before any search). */
  initial?: { id: number; name: string } | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const keyword = useDebounced(text);
  const q = useQuery({
    queryKey: customerKeys.options(keyword),
    queryFn: () =>
      api.customers.list(
        {
          keyword: keyword.trim() || null,
          status: null,
          level: null,
          customerType: null,
          ownerId: null,
          inSea: false,
          expiring: false,
          sort: "updatedAt",
          desc: true,
        },
        { page: 1, pageSize: 30 },
      ),
  });
  const options = (q.data?.items ?? []).map((c) => ({ value: c.id, label: c.customerName }));
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      allowClear
      disabled={disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={q.isFetching}
      placeholder={t("sales.searchCustomer")}
      options={options}
      notFoundContent={q.isFetching ? undefined : t("list.empty")}
    />
  );
}

/** An opportunity chosen by typing part of its name (server-side search, in progress and won). */
export function OpportunitySelect({
  id,
  value,
  onChange,
  initial,
  customerId,
  disabled,
}: {
  id?: string;
  value?: number | null;
  onChange?: (v: number | null) => void;
  initial?: { id: number; name: string } | null;
  customerId?: number | null;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const keyword = useDebounced(text);
  const q = useQuery({
    queryKey: opportunityKeys.options(keyword, customerId ?? null),
    queryFn: () =>
      api.opportunities.list(
        { keyword: keyword.trim() || null, customerId: customerId ?? null, stage: null, status: null, ownerId: null, closeBefore: null },
        { page: 1, pageSize: 30 },
      ),
  });
  const options = (q.data?.items ?? [])
    .filter((o) => o.status !== "lost")
    .map((o) => ({ value: o.id, label: `${o.opportunityName}${o.customerName ? ` · ${o.customerName}` : ""}` }));
  if (initial && !options.some((o) => o.value === initial.id)) options.unshift({ value: initial.id, label: initial.name });
  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setText }}
      disabled={disabled}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v ?? null)}
      loading={q.isFetching}
      placeholder={t("sales.searchOpportunity")}
      options={options}
    />
  );
}
