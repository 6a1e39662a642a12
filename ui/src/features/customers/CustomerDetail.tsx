import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Descriptions, Dropdown, Space, Tag, Typography } from "antd";
import { DownOutlined, EditOutlined, FieldTimeOutlined, PlusOutlined } from "@ant-design/icons";
import { useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { api, customerKeys, type CustomerRow } from "../../api";
import { useSession } from "../../app/session";
import DetailDrawer from "../../components/DetailDrawer";
import FollowUpTimeline from "../followUps/FollowUpTimeline";
import History from "../../components/History";
import RecycleTag from "../../components/RecycleTag";
import { CUSTOMER_TYPE } from "../../domain/enums";
import { localTime } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import BillingTab from "./BillingTab";
import ContactsTab from "./ContactsTab";
import { EditTagsModal, TagChips } from "./CustomerTags";
import { CustomerStatusTag, LevelTag } from "./labels";
import ReturnVisitsTab from "./ReturnVisitsTab";
import { CustomerContracts, CustomerOpportunities, CustomerQuotations } from "./SalesTabs";
import { CustomerWorkOrders, NewWorkOrderButton } from "../service/CustomerWorkOrders";
import SessionsTab from "./SessionsTab";
import { customerAbilities, type CustomerActions } from "./useCustomerActions";
import VisitsTab from "./VisitsTab";

function TabLabel({ label, n, testid }: { label: string; n?: number; testid?: string }) {
  return (
    <span data-testid={testid}>
      {label}
      {n !== undefined && n > 0 && <span className="tab-count">{n}</span>}
    </span>
  );
}

/** The public-sea clock of a customer: last follow-up, when it will be recycled, or why not. */
function SeaClock({ c }: { c: CustomerRow }) {
  const { t } = useI18n();
  if (c.inSea)
    return (
      <Descriptions
        size="small"
        column={2}
        items={[
          { key: "seaTime", label: t("sea.seaTime"), children: localTime(c.seaTime) },
          { key: "prev", label: t("sea.previousOwner"), children: c.ownerName ?? "-" },
        ]}
      />
    );
  return (
    <Descriptions
      size="small"
      column={3}
      items={[
        { key: "last", label: t("customer.lastFollowAt"), children: localTime(c.lastFollowAt) },
        {
          key: "at",
          label: t("customer.recycleAt"),
          children: c.recycleAt ? (
            localTime(c.recycleAt)
          ) : (
            <Typography.Text type="secondary">{t("customer.neverRecycled")}</Typography.Text>
          ),
        },
        { key: "days", label: t("customer.daysUntilRecycle"), children: <RecycleTag days={c.daysUntilRecycle} /> },
      ]}
    />
  );
}

function Overview({ c }: { c: CustomerRow }) {
  const { t } = useI18n();
  const nav = useNavigate();
  return (
    <Space orientation="vertical" size="middle" style={{ width: "100%" }}>
      <Descriptions
        column={2}
        bordered
        size="small"
        items={[
          { key: "type", label: t("customer.type"), children: CUSTOMER_TYPE.label(t, c.customerType) },
          { key: "status", label: t("customer.status"), children: <CustomerStatusTag status={c.status} /> },
          { key: "level", label: t("customer.level"), children: <LevelTag level={c.level} /> },
          { key: "owner", label: c.inSea ? t("sea.previousOwner") : t("customer.owner"), children: c.ownerName ?? "-" },
          { key: "industry", label: t("customer.industry"), children: c.industry ?? "-" },
          { key: "scale", label: t("customer.scale"), children: c.scale ?? "-" },
          { key: "address", label: t("customer.address"), span: 2, children: c.address ?? "-" },
          ...(c.sourceLeadId
            ? [
                {
                  key: "lead",
                  label: t("customer.sourceLead"),
                  span: 2,
                  children: <a onClick={() => nav(`/leads?id=${c.sourceLeadId}`)}>{t("customer.openLead")}</a>,
                },
              ]
            : []),
          { key: "created", label: t("customer.createdAt"), children: localTime(c.createdAt) },
          { key: "updated", label: t("customer.updatedAt"), children: localTime(c.updatedAt) },
        ]}
      />
      <Card
        size="small"
        title={
          <Space>
            <FieldTimeOutlined />
            {t("customer.seaClock")}
          </Space>
        }
      >
        <SeaClock c={c} />
      </Card>
    </Space>
  );
}

/** Its tags (editable by whoever may edit it) and the activity it came from, above the tabs. */
function Marketing({ c, canEdit, onEditTags }: { c: CustomerRow; canEdit: boolean; onEditTags: () => void }) {
  const { t } = useI18n();
  return (
    <Descriptions
      size="small"
      column={2}
      style={{ marginBottom: 8 }}
      items={[
        {
          key: "tags",
          label: t("customer.tags"),
          children: (
            <Space size={4} wrap>
              <TagChips tags={c.tags} testid="customer-detail-tags" />
              {canEdit && (
                <Button type="link" size="small" icon={<EditOutlined />} data-testid="customer-edit-tags" onClick={onEditTags}>
                  {t("customer.tag.edit")}
                </Button>
              )}
            </Space>
          ),
        },
        {
          key: "activity",
          label: t("customer.activity"),
          children: <span data-testid="customer-detail-activity">{c.activityName ?? "-"}</span>,
        },
      ]}
    />
  );
}

/** One customer: overview with the sea clock, contacts, follow-ups, sessions, visits, return visits, sales and history. */
export default function CustomerDetail({
  id,
  actions,
  onEdit,
  onClose,
}: {
  id: number | null;
  actions: CustomerActions;
  onEdit: (c: CustomerRow) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { user, can } = useSession();
  const q = useQuery({ queryKey: customerKeys.detail(id), queryFn: () => api.customers.get(id!), enabled: id !== null });
  const summary = useQuery({ queryKey: customerKeys.summary(id), queryFn: () => api.customers.summary(id!), enabled: id !== null });
  const c = q.data;
  const s = summary.data;
  const a = c ? customerAbilities(user.permissions, c) : null;
  const more = c ? actions.menu(c) : [];
  const writable = !!c && !c.inSea;
  const [editingTags, setEditingTags] = useState(false);

  const tab = (key: string, label: string, n: number | undefined, children: ReactNode) => ({
    key,
    label: <TabLabel label={label} n={n} testid={`customer-tab-${key}`} />,
    children,
  });

  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      width={980}
      loading={q.isLoading}
      title={
        c && (
          <Space>
            <span>{c.customerName}</span>
            <CustomerStatusTag status={c.status} />
            {c.inSea && <Tag color="purple">{t("sea.inSea")}</Tag>}
          </Space>
        )
      }
      extra={
        c &&
        a && (
          <Space>
            {a.claim && (
              <Button type="primary" id="customer-claim" onClick={() => actions.claim(c)}>
                {t("sea.claim")}
              </Button>
            )}
            {a.seaAssign && <Button onClick={() => actions.seaAssign(c)}>{t("sea.assign")}</Button>}
            {a.followUp && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => actions.followUp(c)} id="customer-follow">
                {t("follow.new")}
              </Button>
            )}
            <NewWorkOrderButton id="customer-wo-new" defaults={{ customerId: c.id, customerName: c.customerName }} />
            {a.edit && (
              <Button onClick={() => onEdit(c)} id="customer-edit">
                {t("common.edit")}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown menu={{ items: more }} trigger={["click"]}>
                <Button id="customer-more">
                  {t("common.more")} <DownOutlined />
                </Button>
              </Dropdown>
            )}
          </Space>
        )
      }
      header={
        q.error ? (
          <Alert
            type="error"
            showIcon
            title={errorMessage(t, q.error)}
            action={
              <Button size="small" onClick={() => q.refetch()}>
                {t("common.retry")}
              </Button>
            }
          />
        ) : (
          c && (
            <>
              {c.inSea && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t("sea.detailNotice")} />}
              <Marketing c={c} canEdit={!!a?.edit} onEditTags={() => setEditingTags(true)} />
              <EditTagsModal customer={editingTags ? c : null} onClose={() => setEditingTags(false)} />
            </>
          )
        )
      }
      tabs={
        c
          ? [
              tab("info", t("customer.tab.info"), undefined, <Overview c={c} />),
              ...(can("contact:read")
                ? [tab("contacts", t("customer.tab.contacts"), s?.contacts, <ContactsTab customerId={c.id} writable={writable} />)]
                : []),
              ...(can("follow_up:read")
                ? [
                    tab(
                      "follow",
                      t("follow.tab"),
                      s?.followUps,
                      <FollowUpTimeline
                        target={{ relationType: "customer", relationId: c.id, relationName: c.customerName }}
                        canAdd={writable}

                        addDisabledReason={c.inSea ? t("sea.claimFirst") : undefined}
                      />,
                    ),
                    tab("sessions", t("customer.tab.sessions"), s?.sessions, <SessionsTab customerId={c.id} writable={writable} />),
                    tab("visits", t("customer.tab.visits"), s?.visits, <VisitsTab customerId={c.id} writable={writable} />),
                    tab(
                      "returnVisits",
                      t("customer.tab.returnVisits"),
                      s?.returnVisits,
                      <ReturnVisitsTab customerId={c.id} writable={writable} />,
                    ),
                  ]
                : []),
              ...(can("opportunity:read")
                ? [
                    tab(
                      "opportunities",
                      t("customer.tab.opportunities"),
                      s?.opportunities,
                      <CustomerOpportunities c={c} writable={writable} />,
                    ),
                  ]
                : []),
              ...(can("quotation:read")
                ? [tab("quotations", t("customer.tab.quotations"), s?.quotations, <CustomerQuotations c={c} writable={writable} />)]
                : []),
              ...(can("contract:read")
                ? [tab("contracts", t("customer.tab.contracts"), s?.contracts, <CustomerContracts c={c} writable={writable} />)]
                : []),
              ...(can("service:read")
                ? [
                    tab(
                      "workOrders",
                      t("wo.customerTab"),
                      undefined,
                      <CustomerWorkOrders customerId={c.id} customerName={c.customerName} />,
                    ),
                  ]
                : []),
              ...(can("payment:read|invoice:read|invoice:request")
                ? [tab("billing", t("customer.tab.billing"), undefined, <BillingTab c={c} writable={writable} />)]
                : []),
              ...(can("oplog:read")
                ? [tab("history", t("customer.tab.history"), undefined, <History entityType="crm_customer" id={c.id} />)]
                : []),
            ]
          : []
      }
    />
  );
}
