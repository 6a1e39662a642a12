import { useQuery } from "@tanstack/react-query";
import { Button, Space, Tag, Tooltip } from "antd";
import { StarFilled } from "@ant-design/icons";
import { useState } from "react";
import { api, contactKeys, type ContactRow } from "../../api";
import { useSession } from "../../app/session";
import ChildTable from "../../components/ChildTable";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";
import ContactModal from "../contacts/ContactModal";
import { NewWorkOrderButton } from "../service/CustomerWorkOrders";

/** The contacts of one customer, key decision-makers first. */
export default function ContactsTab({ customerId, writable }: { customerId: number; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [editing, setEditing] = useState<ContactRow | "new" | null>(null);
  const q = useQuery({ queryKey: contactKeys.ofCustomer(customerId), queryFn: () => api.contacts.list(customerId) });
  const mayEdit = writable && can("contact:update");

  return (
    <>
      <ChildTable<ContactRow>
        testid="contacts-tab"
        query={q}
        emptyText={t("contact.empty")}
        order={(a, b) => Number(b.isKey) - Number(a.isKey)}
        paginate={false}
        scrollX={760}
        create={writable && can("contact:create") ? { id: "contact-new", label: t("contact.new"), onClick: () => setEditing("new") } : null}
        onOpen={mayEdit ? setEditing : undefined}
        actionsWidth={can("service:create") ? 190 : 110}
        actions={
          can("service:create") || mayEdit
            ? (c) => (
                <>
                  <NewWorkOrderButton
                    id={`contact-wo-new-${c.id}`}
                    size="small"
                    type="link"
                    icon={false}
                    defaults={{ customerId, contactId: c.id }}
                  />
                  {mayEdit && (
                    <Button type="link" size="small" onClick={() => setEditing(c)}>
                      {t("common.edit")}
                    </Button>
                  )}
                </>
              )
            : undefined
        }
        remove={
          writable && can("contact:delete")
            ? {
                confirm: (c) => t("contact.deleteConfirm", { name: c.contactName }),
                run: (c) => api.contacts.remove(c.id),
                invalidates: ["contacts"],
              }
            : null
        }
        columns={[
          {
            title: t("contact.name"),
            dataIndex: "contactName",
            width: 130,
            sorter: byField("contactName"),
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
            title: t("contact.position"),
            dataIndex: "position",
            width: 110,
            sorter: byField("position"),
            render: (v: string | null) => v ?? "-",
          },
          { title: t("contact.phone"), dataIndex: "phone", width: 130 },
          { title: t("contact.email"), dataIndex: "email", ellipsis: true, render: (v: string | null) => v ?? "-" },
          {
            title: t("contact.preference"),
            dataIndex: "communicationPreference",
            width: 90,
            render: (v: string | null) => (v ? <Tag>{v}</Tag> : "-"),
          },
          {
            title: t("contact.birthday"),
            dataIndex: "birthday",
            width: 110,
            sorter: byField("birthday"),
            render: (v: string | null) => v ?? "-",
          },
        ]}
      />
      <ContactModal customerId={customerId} editing={editing} onClose={() => setEditing(null)} />
    </>
  );
}
