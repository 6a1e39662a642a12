import { useQuery } from "@tanstack/react-query";
import { Button, Checkbox, Dropdown, Input, Segmented, Select, Space } from "antd";
import { EllipsisOutlined, PlusOutlined, TagsOutlined } from "@ant-design/icons";
import { useState } from "react";
import { useSearchParams } from "react-router";
import {
  api,
  customerKeys,
  userKeys,
  type CustomerFilter,
  type CustomerLevel,
  type CustomerRow,
  type CustomerSort,
  type CustomerStatus,
  type CustomerType,
} from "../../api";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn, type Sort } from "../../components/ListPage";
import DrillTag, { useDrill } from "../../components/DrillTag";
import { undrill, type DrillSpec } from "../../components/drill";
import { actionsWidth } from "../../components/actionsWidth";
import RecycleTag from "../../components/RecycleTag";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { CUSTOMER_LEVEL, CUSTOMER_STATUS, CUSTOMER_TYPE } from "../../domain/enums";
import ExportButton from "../dataio/ExportButton";
import ImportButton from "../dataio/ImportButton";
import ActivitySelect from "./ActivitySelect";
import CustomerDetail from "./CustomerDetail";
import { BulkTagModal, TagChips, tagOptions, useTags, useTagSelectProps } from "./CustomerTags";
import CustomerForm from "./CustomerForm";
import { CustomerStatusTag, LevelTag } from "./labels";
import { customerAbilities, useCustomerActions } from "./useCustomerActions";

const EMPTY: CustomerFilter = {
  keyword: null,
  status: null,
  level: null,
  customerType: null,
  ownerId: null,
  tagId: null,
  activityId: null,
  inSea: false,
  expiring: false,
  sort: "updatedAt",
  desc: null,
};

/**
 * What the dashboard may open the list with: customers created in its period, of a level
 * and status (the customer mix), about to be recycled, or without a follow-up for N days;
 * all of one owner when the dashboard was about one user.
 */
const DRILL = {
  createdFrom: "date",
  createdTo: "date",
  level: CUSTOMER_LEVEL,
  status: CUSTOMER_STATUS,
  expiring: "flag",
  idleDays: "days",
  ownerId: "id",
} as const satisfies DrillSpec;

/**
 * Customers the user may see: list, detail, create and edit, transfer and release to the sea;
 * with `customer:update`, rows are selected (across pages, until the filters change) and tagged.
 */
export default function Customers() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const openId = Number(params.get("id")) || null;
  const { drill, dismiss } = useDrill(DRILL);
  const [filter, setFilter] = useState<CustomerFilter>(() => ({ ...EMPTY, ...drill }));
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<CustomerRow | "new" | null>(null);
  const owners = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options });
  const { user, can } = useSession();
  const perms = user.permissions;
  const open = (c: CustomerRow) => setParams({ id: String(c.id) });
  const close = () => setParams({});
  const actions = useCustomerActions({ onDeleted: (id) => id === openId && close() });
  const tags = useTags();
  const tagSelect = useTagSelectProps(tagOptions(tags.data));
  // Bulk tagging: the selected customers (ids, across pages) and the ids on the page shown.
  const canTag = can("customer:update");
  const [selected, setSelected] = useState<number[]>([]);
  const [pageIds, setPageIds] = useState<number[]>([]);
  const [tagging, setTagging] = useState(false);
  const onPage = pageIds.filter((id) => selected.includes(id)).length;
  const toggle = (id: number, on: boolean) => setSelected((s) => (on ? [...s.filter((x) => x !== id), id] : s.filter((x) => x !== id)));
  const selectPage = (on: boolean) =>
    setSelected((s) => (on ? [...s.filter((x) => !pageIds.includes(x)), ...pageIds] : s.filter((x) => !pageIds.includes(x))));
  // Other filters show other customers: what was selected is not tagged unseen.
  const changeFilter = (next: (f: CustomerFilter) => CustomerFilter) => {
    setFilter(next);
    setSelected([]);
  };
  const set = (patch: Partial<CustomerFilter>) => changeFilter((f) => ({ ...f, ...patch }));
  const filtered = JSON.stringify({ ...filter, expiring: false }) !== JSON.stringify(EMPTY);
  const clearDrill = () => {
    changeFilter((f) => undrill(f, drill, EMPTY));
    dismiss();
  };
  // What the list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): CustomerFilter => ({
    ...filter,
    sort: (sort?.field as CustomerSort) ?? "updatedAt",
    desc: sort ? sort.desc : null,
  });

  const selectColumn: ListColumn<CustomerRow> = {
    key: "select",
    title: t("customer.select"),
    width: 56,
    fixed: "left",
    align: "center",
    exportKeys: [],
    render: (_, c) => (
      // A click here selects the row; it neither highlights nor (double click) opens it.
      <span onClick={(e) => e.stopPropagation()} onDoubleClick={(e) => e.stopPropagation()}>
        <Checkbox
          data-testid={`customer-select-${c.id}`}
          aria-label={t("customer.selectRow", { name: c.customerName })}
          checked={selected.includes(c.id)}
          onChange={(e) => toggle(c.id, e.target.checked)}
        />
      </span>
    ),
  };

  const columns: ListColumn<CustomerRow>[] = [
    ...(canTag ? [selectColumn] : []),
    {
      key: "customerName",
      title: t("customer.name"),
      dataIndex: "customerName",
      width: 220,
      sorter: true,
      ellipsis: true,
      render: (v: string, c) => (
        <a onClick={() => open(c)} data-testid={`customer-open-${c.id}`}>
          {v}
        </a>
      ),
    },
    {
      key: "customerType",
      title: t("customer.type"),
      dataIndex: "customerType",
      width: 100,
      render: (v: CustomerType) => CUSTOMER_TYPE.label(t, v),
    },
    {
      key: "status",
      title: t("customer.status"),
      dataIndex: "status",
      width: 80,
      render: (v: CustomerStatus) => <CustomerStatusTag status={v} />,
    },
    {
      key: "level",
      title: t("customer.level"),
      dataIndex: "level",
      width: 80,
      sorter: true,
      render: (v: CustomerLevel | null) => <LevelTag level={v} />,
    },
    {
      key: "tags",
      title: t("customer.tags"),
      dataIndex: "tags",
      width: 180,
      exportKeys: [],
      render: (_, c) => <TagChips tags={c.tags} testid={`customer-tags-${c.id}`} />,
    },
    {
      key: "industry",
      title: t("customer.industry"),
      dataIndex: "industry",
      width: 120,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    { key: "ownerName", title: t("customer.owner"), dataIndex: "ownerName", width: 100, render: (v: string | null) => v ?? "-" },
    { key: "lastFollowAt", title: t("customer.lastFollowAt"), dataIndex: "lastFollowAt", width: 150, sorter: true, render: localTime },
    {
      key: "daysUntilRecycle",
      title: t("customer.daysUntilRecycle"),
      dataIndex: "daysUntilRecycle",
      exportKeys: ["recycleAt"],
      width: 130,
      render: (v: number | null) => <RecycleTag days={v} />,
    },
    { key: "updatedAt", title: t("customer.updatedAt"), dataIndex: "updatedAt", width: 150, sorter: true, render: localTime },
    {
      key: "actions",
      title: t("common.actions"),
      fixed: "right",
      width: actionsWidth([t("follow.new")], { icons: 1 }),
      render: (_, c) => {
        const a = customerAbilities(perms, c);
        const more = actions.menu(c);
        return (
          <Space size={0} wrap onDoubleClick={(e) => e.stopPropagation()}>
            {a.followUp && (
              <Button type="link" size="small" onClick={() => actions.followUp(c)}>
                {t("follow.new")}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown menu={{ items: more }} trigger={["click"]}>
                <Button type="text" size="small" icon={<EllipsisOutlined />} aria-label={t("common.more")} />
              </Dropdown>
            )}
          </Space>
        );
      },
    },
  ];

  return (
    <div data-testid="customers-page">
      <ListPage<CustomerRow>
        id="customers"
        queryKey={customerKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        defaultSort={{ field: "updatedAt", desc: true }}
        fetch={async (page, sort) => {
          const p = await api.customers.list(query(sort), page);
          setPageIds(p.items.map((c) => c.id));
          return p;
        }}
        actions={(view) => (
          <>
            <ImportButton kind="customer" />
            <ExportButton kind="customer" filter={query(view.sort)} columns={view.columns} />
          </>
        )}
        onOpen={open}
        emptyText={filter.expiring ? t("customer.expiringEmpty") : t("customer.empty")}
        toolbar={
          <Space wrap>
            {drill && <DrillTag drill={drill} spec={DRILL} onClose={clearDrill} />}
            <Segmented<"all" | "expiring">
              value={filter.expiring ? "expiring" : "all"}
              onChange={(v) => set({ expiring: v === "expiring" })}
              options={[
                { value: "all", label: t("customer.filter.all") },
                { value: "expiring", label: <span data-testid="customer-expiring">{t("customer.filter.expiring")}</span> },
              ]}
            />
            <Input.Search
              id="customer-keyword"
              allowClear
              placeholder={t("customer.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => set({ keyword: v.trim() || null })}
              style={{ width: 220 }}
            />
            <Select<CustomerStatus>
              allowClear
              placeholder={t("customer.status")}
              style={{ width: 110 }}
              value={filter.status ?? undefined}
              onChange={(v) => set({ status: v ?? null })}
              options={CUSTOMER_STATUS.options(t)}
            />
            <Select<CustomerLevel>
              allowClear
              placeholder={t("customer.level")}
              style={{ width: 90 }}
              value={filter.level ?? undefined}
              onChange={(v) => set({ level: v ?? null })}
              options={CUSTOMER_LEVEL.options(t)}
            />
            <Select<CustomerType>
              allowClear
              placeholder={t("customer.type")}
              style={{ width: 100 }}
              value={filter.customerType ?? undefined}
              onChange={(v) => set({ customerType: v ?? null })}
              options={CUSTOMER_TYPE.options(t)}
            />
            <Select
              allowClear
              showSearch={{ optionFilterProp: "label" }}
              placeholder={t("customer.owner")}
              style={{ width: 120 }}
              value={filter.ownerId ?? undefined}
              onChange={(v) => set({ ownerId: v ?? null })}
              options={(owners.data ?? []).map((o) => ({ value: o.id, label: o.fullName }))}
            />
            <Select<number>
              id="customer-filter-tag"
              allowClear
              placeholder={t("customer.tags")}
              style={{ width: 130 }}
              popupMatchSelectWidth={false}
              value={filter.tagId ?? undefined}
              onChange={(v) => set({ tagId: v ?? null })}
              loading={tags.isLoading}
              options={tagSelect.options}
              showSearch={tagSelect.showSearch}
              optionRender={tagSelect.optionRender}
            />
            <ActivitySelect
              id="customer-filter-activity"
              placeholder={t("customer.activity")}
              style={{ width: 150 }}
              value={filter.activityId}
              onChange={(v) => set({ activityId: v })}
            />
            {filtered && (
              <Button
                onClick={() => {
                  changeFilter(() => ({ ...EMPTY, expiring: filter.expiring }));
                  setKeyword("");
                  if (drill) dismiss();
                }}
              >
                {t("common.reset")}
              </Button>
            )}
            {canTag && (
              <>
                <Checkbox
                  id="customers-select-page"
                  checked={pageIds.length > 0 && onPage === pageIds.length}
                  indeterminate={onPage > 0 && onPage < pageIds.length}
                  disabled={pageIds.length === 0}
                  onChange={(e) => selectPage(e.target.checked)}
                >
                  {t("customer.selectPage")}
                </Checkbox>
                <Button id="customers-tag" icon={<TagsOutlined />} disabled={selected.length === 0} onClick={() => setTagging(true)}>
                  {selected.length > 0 ? `${t("customer.tag.bulk")} (${selected.length})` : t("customer.tag.bulk")}
                </Button>
                {selected.length > 0 && (
                  <Button type="link" id="customers-clear-selection" onClick={() => setSelected([])}>
                    {t("customer.clearSelection")}
                  </Button>
                )}
              </>
            )}
            {can("customer:create") && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing("new")} id="customer-new">
                {t("customer.new")}
              </Button>
            )}
          </Space>
        }
      />
      <CustomerDetail id={openId} actions={actions} onEdit={setEditing} onClose={close} />
      <CustomerForm editing={editing} onClose={() => setEditing(null)} />
      <BulkTagModal open={tagging} customerIds={selected} onClose={() => setTagging(false)} onDone={() => setSelected([])} />
      {actions.element}
    </div>
  );
}
