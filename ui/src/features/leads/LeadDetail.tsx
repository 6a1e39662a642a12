import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Dropdown, Space, Typography } from "antd";
import { DownOutlined, SwapOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router";
import { api, leadKeys } from "../../api";
import { useSession } from "../../app/session";
import DetailDrawer from "../../components/DetailDrawer";
import FollowUpTimeline from "../followUps/FollowUpTimeline";
import History from "../../components/History";
import { localTime } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { IntentTag, LeadStatusTag, leadAbilities } from "./labels";
import type { LeadActions } from "./useLeadActions";

/** One lead: its facts on top, follow-ups and history below, and every action it allows. */
export default function LeadDetail({ id, actions, onClose }: { id: number | null; actions: LeadActions; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const q = useQuery({ queryKey: leadKeys.detail(id), queryFn: () => api.leads.get(id!), enabled: id !== null });
  const l = q.data;
  const { user, can } = useSession();
  const perms = user.permissions;
  const a = l ? leadAbilities(perms, l) : null;
  const more = l ? (actions.menu(l) ?? []) : [];

  const header = q.error ? (
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
    l && (
      <div style={{ marginBottom: 8 }}>
        {l.status === "converted" && l.customerId && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 12 }}
            title={t("lead.convertedNotice")}
            action={
              <Button size="small" type="link" id="lead-open-customer" onClick={() => nav(`/customers?id=${l.customerId}`)}>
                {t("convert.openCustomer")}
              </Button>
            }
          />
        )}
        {!a?.owned && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t("lead.poolNotice", { name: l.poolName ?? "" })} />}
        <Descriptions
          size="small"
          column={2}
          bordered
          items={[
            { key: "status", label: t("lead.status"), children: <LeadStatusTag status={l.status} /> },
            { key: "intent", label: t("lead.intentLevel"), children: <IntentTag level={l.intentLevel} /> },
            { key: "phone", label: t("lead.phone"), children: l.phone ?? "-" },
            { key: "company", label: t("lead.company"), children: l.company ?? "-" },
            { key: "position", label: t("lead.position"), children: l.position ?? "-" },
            { key: "source", label: t("lead.source"), children: l.source ?? "-" },
            { key: "activity", label: t("lead.activity"), children: <span data-testid="lead-activity">{l.activityName ?? "-"}</span> },
            { key: "product", label: t("lead.intentProduct"), children: l.intentProduct ?? "-" },
            {
              key: "owner",
              label: t("lead.owner"),
              children: l.ownerName ?? <Typography.Text type="secondary">{t("lead.unassigned")}</Typography.Text>,
            },
            { key: "pool", label: t("lead.pool"), children: l.poolName ?? "-" },
            { key: "created", label: t("customer.createdAt"), children: localTime(l.createdAt) },
            ...(l.remark
              ? [{ key: "remark", label: t("lead.remark"), span: 2, children: <span style={{ whiteSpace: "pre-wrap" }}>{l.remark}</span> }]
              : []),
          ]}
        />
      </div>
    )
  );

  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      width={760}
      loading={q.isLoading}
      title={
        l && (
          <Space>
            <span>{l.leadName}</span>
            <LeadStatusTag status={l.status} />
          </Space>
        )
      }
      extra={
        l &&
        a && (
          <Space>
            {a.claim && (
              <Button type="primary" id="lead-claim" onClick={() => actions.claim(l)}>
                {t("lead.claim")}
              </Button>
            )}
            {a.convert && (
              <Button type="primary" icon={<SwapOutlined />} id="lead-convert" onClick={() => actions.convert(l)}>
                {t("lead.convert")}
              </Button>
            )}
            {a.edit && (
              <Button id="lead-edit" onClick={() => actions.edit(l)}>
                {t("common.edit")}
              </Button>
            )}
            {more.length > 0 && (
              <Dropdown menu={{ items: more }} trigger={["click"]}>
                <Button id="lead-more">
                  {t("common.more")} <DownOutlined />
                </Button>
              </Dropdown>
            )}
          </Space>
        )
      }
      header={header}
      tabs={
        l
          ? [
              {
                key: "follow",
                label: t("follow.tab"),
                children: (
                  <FollowUpTimeline
                    target={{ relationType: "lead", relationId: l.id, relationName: l.leadName }}
                    canAdd={!!a?.followUp}
                    addDisabledReason={
                      !a?.owned ? t("lead.claimFirst") : l.status === "converted" ? t("lead.convertedNoFollow") : undefined
                    }
                  />
                ),
              },
              ...(can("oplog:read")
                ? [{ key: "history", label: t("customer.tab.history"), children: <History entityType="crm_lead" id={l.id} /> }]
                : []),
            ]
          : []
      }
    />
  );
}
