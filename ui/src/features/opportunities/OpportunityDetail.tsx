import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Descriptions, Space, Table } from "antd";
import { FileAddOutlined } from "@ant-design/icons";
import { useNavigate } from "react-router";
import { api, opportunityKeys, quotationKeys, type OpportunityRow, type QuotationFilter, type QuotationRow } from "../../api";
import { useSession } from "../../app/session";
import DetailDrawer from "../../components/DetailDrawer";
import History from "../../components/History";
import { localTime } from "../../format";
import { errorMessage } from "../../hooks/useApiMutation";
import { byField } from "../../components/sorters";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { OppStatusTag, QuoteStatusTag } from "../sales/labels";
import type { OppActions } from "./useOppActions";

/** The quotations of one opportunity (or one customer). */
export function QuotationMiniList({ opportunityId, customerId }: { opportunityId?: number; customerId?: number }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const filter: QuotationFilter = {
    keyword: null,
    status: null,
    customerId: customerId ?? null,
    opportunityId: opportunityId ?? null,
    expired: false,
  };
  const q = useQuery({
    queryKey: quotationKeys.list(filter),
    queryFn: () => api.quotations.list(filter, { page: 1, pageSize: 100 }),
  });
  return (
    <Table<QuotationRow>
      rowKey="id"
      size="small"
      loading={q.isFetching}
      dataSource={q.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: t("quote.empty") }}
      columns={[
        {
          key: "no",
          title: t("quote.number"),
          dataIndex: "quotationNo",
          sorter: byField("quotationNo"),
          render: (v: string, r) => <a onClick={() => nav(`/quotations?id=${r.id}`)}>{v}</a>,
        },
        ...(opportunityId
          ? []
          : [
              {
                key: "opp",
                title: t("quote.opportunity"),
                dataIndex: "opportunityName",
                sorter: byField("opportunityName"),
                render: (v: string | null) => v ?? "-",
              },
            ]),
        {
          key: "total",
          title: t("quote.total"),
          dataIndex: "totalAmount",
          sorter: byField("totalAmount"),
          align: "right" as const,
          render: (v: string) => formatMoney(v),
        },
        {
          key: "status",
          title: t("quote.status"),
          dataIndex: "status",
          sorter: byField("status"),
          render: (v: QuotationRow["status"]) => <QuoteStatusTag status={v} />,
        },
        {
          key: "valid",
          title: t("quote.validUntil"),
          dataIndex: "validUntil",
          sorter: byField("validUntil"),
          render: (v: string | null) => v ?? "-",
        },
        { key: "created", title: t("customer.createdAt"), dataIndex: "createdAt", sorter: byField("createdAt"), render: localTime },
      ]}
    />
  );
}

/** One opportunity: facts, won / lost, edit, and a new quotation prefilled with it. */
export default function OpportunityDetail({
  id,
  actions,
  onEdit,
  onQuote,
  onClose,
}: {
  id: number | null;
  actions: OppActions;
  onEdit: (o: OpportunityRow) => void;
  onQuote: (o: OpportunityRow) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const q = useQuery({ queryKey: opportunityKeys.detail(id), queryFn: () => api.opportunities.get(id!), enabled: id !== null });
  const o = q.data;
  const open = o?.status === "in_progress";
  return (
    <DetailDrawer
      open={id !== null}
      onClose={onClose}
      width={860}
      loading={q.isLoading}
      title={
        o && (
          <Space>
            <span>{o.opportunityName}</span>
            <OppStatusTag status={o.status} />
          </Space>
        )
      }
      extra={
        o && (
          <Space wrap>
            {o.status !== "lost" && can("quotation:create") && (
              <Button type="primary" icon={<FileAddOutlined />} id="opp-quote" onClick={() => onQuote(o)}>
                {t("opp.newQuote")}
              </Button>
            )}
            {open && can("opportunity:update") && (
              <>
                <Button id="opp-won" onClick={() => actions.won(o)}>
                  {t("opp.won")}
                </Button>
                <Button id="opp-lost" danger onClick={() => actions.lost(o)}>
                  {t("opp.lost")}
                </Button>
                <Button id="opp-edit" onClick={() => onEdit(o)}>
                  {t("common.edit")}
                </Button>
              </>
            )}
            {can("opportunity:delete") && (
              <Button id="opp-delete" danger type="text" onClick={() => actions.remove(o)}>
                {t("common.delete")}
              </Button>
            )}
          </Space>
        )
      }
      header={
        q.error ? (
          <Alert type="error" showIcon title={errorMessage(t, q.error)} />
        ) : (
          o && (
            <Descriptions
              size="small"
              bordered
              column={2}
              style={{ marginBottom: 8 }}
              items={[
                {
                  key: "customer",
                  label: t("opp.customer"),
                  children: <a onClick={() => nav(`/customers?id=${o.customerId}`)}>{o.customerName ?? "-"}</a>,
                },
                { key: "owner", label: t("customer.owner"), children: o.ownerName ?? "-" },
                { key: "stage", label: t("opp.stage"), children: o.stage },
                { key: "prob", label: t("opp.probability"), children: o.winProbability === null ? "-" : `${o.winProbability}%` },
                { key: "amount", label: t("opp.amount"), children: formatMoney(o.estimatedAmount) },
                { key: "weighted", label: t("opp.weighted"), children: formatMoney(o.weightedAmount) },
                { key: "close", label: t("opp.expectedClose"), children: o.expectedCloseTime ?? "-" },
                { key: "status", label: t("opp.status"), children: <OppStatusTag status={o.status} /> },
                ...(o.loseReason ? [{ key: "reason", label: t("opp.loseReason"), span: 2, children: o.loseReason }] : []),
                { key: "created", label: t("customer.createdAt"), children: localTime(o.createdAt) },
                { key: "updated", label: t("customer.updatedAt"), children: localTime(o.updatedAt) },
              ]}
            />
          )
        )
      }
      tabs={
        o
          ? [
              ...(can("quotation:read")
                ? [{ key: "quotes", label: t("nav.quotations"), children: <QuotationMiniList opportunityId={o.id} /> }]
                : []),
              ...(can("oplog:read")
                ? [{ key: "history", label: t("customer.tab.history"), children: <History entityType="crm_opportunity" id={o.id} /> }]
                : []),
            ]
          : []
      }
    />
  );
}
