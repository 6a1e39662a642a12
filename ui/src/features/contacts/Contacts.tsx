import { Button, Checkbox, Input, Popconfirm, Space, Tag, Tooltip } from "antd";
import { GiftOutlined, StarFilled } from "@ant-design/icons";
import dayjs from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, contactKeys, type ContactFilter, type ContactListRow } from "../../api";
import { useSession } from "../../app/session";
import ListPage, { type ListColumn } from "../../components/ListPage";
import { actionsWidth } from "../../components/actionsWidth";
import { byField } from "../../components/sorters";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import ExportButton from "../dataio/ExportButton";
import ImportButton from "../dataio/ImportButton";
import { NewWorkOrderButton } from "../service/CustomerWorkOrders";
import ContactModal from "./ContactModal";

/** Days from today to the next anniversary of a "YYYY-MM-DD" birthday (29 Feb counts as 28 Feb). */
export function daysToBirthday(birthday: string, today = dayjs().startOf("day")): number {
  const [, m, d] = birthday.split("-").map(Number);
  const on = (y: number) => {
    const x = dayjs(new Date(y, m - 1, d));
    return x.month() === m - 1 ? x : dayjs(new Date(y, 1, 28));
  };
  let next = on(today.year());
  if (next.isBefore(today)) next = on(today.year() + 1);
  return next.diff(today, "day");
}

function Birthday({ v }: { v: string | null }) {
  const { t } = useI18n();
  if (!v) return <span>-</span>;
  const n = daysToBirthday(v);
  return (
    <Space size={4}>
      {v}
      {n <= 30 && (
        <Tag color={n <= 3 ? "magenta" : "pink"} icon={<GiftOutlined />}>
          {n === 0 ? t("contact.birthdayToday") : t("contact.birthdayIn", { n })}
        </Tag>
      )}
    </Space>
  );
}

/** Every contact of the customers I own or manage. */
export default function Contacts() {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const [filter, setFilter] = useState<ContactFilter>({ keyword: null, keyOnly: false, birthdaySoon: false });
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<ContactListRow | null>(null);

  const remove = useApiMutation((c: ContactListRow) => api.contacts.remove(c.id), {
    invalidates: ["contacts"],
    success: t("common.deleted"),
  });

  const columns: ListColumn<ContactListRow>[] = [
    {
      key: "contactName",
      title: t("contact.name"),
      dataIndex: "contactName",
      sorter: byField("contactName"),
      width: 140,
      render: (v: string, c) => (
        <Space size={4}>
          {c.isKey && (
            <Tooltip title={t("contact.isKey")}>
              <StarFilled style={{ color: "#faad14" }} aria-label={t("contact.isKey")} />
            </Tooltip>
          )}
          {v}
        </Space>
      ),
    },
    {
      key: "customerName",
      title: t("contact.customer"),
      dataIndex: "customerName",
      sorter: byField("customerName"),
      width: 200,
      ellipsis: true,
      render: (v: string, c) => <a onClick={() => nav(`/customers?id=${c.customerId}`)}>{v}</a>,
    },
    {
      key: "position",
      title: t("contact.position"),
      dataIndex: "position",
      sorter: byField("position"),
      width: 110,
      render: (v: string | null) => v ?? "-",
    },
    { key: "phone", title: t("contact.phone"), dataIndex: "phone", width: 130 },
    { key: "email", title: t("contact.email"), dataIndex: "email", width: 180, ellipsis: true, render: (v: string | null) => v ?? "-" },
    {
      key: "isKey",
      title: t("contact.keyShort"),
      dataIndex: "isKey",
      width: 90,
      render: (v: boolean) => (v ? <Tag color="gold">{t("contact.keyShort")}</Tag> : "-"),
    },
    {
      key: "preference",
      title: t("contact.preference"),
      dataIndex: "communicationPreference",
      width: 90,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "birthday",
      title: t("contact.birthday"),
      dataIndex: "birthday",
      sorter: byField("birthday"),
      width: 190,
      render: (v: string | null) => <Birthday v={v} />,
    },
    {
      key: "owner",
      title: t("customer.owner"),
      dataIndex: "ownerName",
      sorter: byField("ownerName"),
      width: 90,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "actions",
      title: t("common.actions"),
      fixed: "right",
      width: actionsWidth([
        can("service:create") && t("wo.new"),
        can("contact:update") && t("common.edit"),
        can("contact:delete") && t("common.delete"),
      ]),
      render: (_, c) => (
        <Space size={0} wrap onDoubleClick={(e) => e.stopPropagation()}>
          <NewWorkOrderButton
            id={`contact-wo-new-${c.id}`}
            size="small"
            type="link"
            icon={false}
            defaults={{ customerId: c.customerId, customerName: c.customerName, contactId: c.id }}
          />
          {can("contact:update") && (
            <Button type="link" size="small" onClick={() => setEditing(c)}>
              {t("common.edit")}
            </Button>
          )}
          {can("contact:delete") && (
            <Popconfirm
              title={t("contact.deleteConfirm", { name: c.contactName })}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove.run(c)}
            >
              <Button type="link" size="small" danger>
                {t("common.delete")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="contacts-page">
      <ListPage<ContactListRow>
        id="allContacts"
        queryKey={contactKeys.list(filter)}
        columns={columns}
        filters={filter}
        rowKey={(r) => r.id}
        fetch={(page) => api.contacts.listAll(filter, page)}
        actions={(v) => (
          <>
            <ImportButton kind="contact" />
            <ExportButton kind="contact" filter={filter} columns={v.columns} />
          </>
        )}
        onOpen={(c) => nav(`/customers?id=${c.customerId}`)}
        emptyText={filter.birthdaySoon ? t("contact.noBirthdays") : t("contact.emptyAll")}
        toolbar={
          <Space wrap size="middle">
            <Input.Search
              id="contact-keyword"
              allowClear
              placeholder={t("contact.keyword")}
              value={keyword}
              onChange={(e) => setKeyword(e.target.value)}
              onSearch={(v) => setFilter((f) => ({ ...f, keyword: v.trim() || null }))}
              style={{ width: 240 }}
            />
            <Checkbox checked={filter.keyOnly} onChange={(e) => setFilter((f) => ({ ...f, keyOnly: e.target.checked }))}>
              {t("contact.keyOnly")}
            </Checkbox>
            <Checkbox checked={filter.birthdaySoon} onChange={(e) => setFilter((f) => ({ ...f, birthdaySoon: e.target.checked }))}>
              {t("contact.birthdaySoon")}
            </Checkbox>
          </Space>
        }
      />
      <ContactModal customerId={editing?.customerId ?? 0} editing={editing} onClose={() => setEditing(null)} />
    </div>
  );
}
