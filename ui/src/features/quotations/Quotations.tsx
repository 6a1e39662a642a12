import { Checkbox, Space, Tag } from "antd";
import { api, quotationKeys, type QuotationFilter, type QuotationRow, type QuotationStatus } from "../../api";
import { byField } from "../../components/sorters";
import { QUOTATION_STATUS } from "../../domain/enums";
import { localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import DocListPage from "../sales/doc/DocListPage";
import { QuoteStatusTag } from "../sales/labels";
import QuotationDetail from "./QuotationDetail";
import QuotationEditor from "./QuotationEditor";

const EMPTY: QuotationFilter = { keyword: null, status: null, customerId: null, opportunityId: null, expired: false };

/** Quotations: the list, the editor and the detail with its status flow and PDF. */
export default function Quotations() {
  const { t } = useI18n();
  return (
    <DocListPage<QuotationRow, QuotationStatus, QuotationFilter>
      testid="quotations-page"
      listId="quotations"
      emptyFilter={EMPTY}
      queryKey={quotationKeys.list}
      fetch={api.quotations.list}
      emptyText={t("quote.empty")}
      keyword={{ id: "quote-keyword", placeholder: t("quote.keyword") }}
      status={{ table: QUOTATION_STATUS, placeholder: t("quote.status") }}
      create={{ id: "quote-new", label: t("quote.new"), permission: "quotation:create" }}
      exportKind="quotation"
      extraFilters={(f, set) => (
        <Checkbox id="quote-expired" checked={f.expired} onChange={(e) => set({ expired: e.target.checked })}>
          {t("quote.expiredOnly")}
        </Checkbox>
      )}
      columns={(open) => [
        {
          key: "quotationNo",
          title: t("quote.number"),
          dataIndex: "quotationNo",
          width: 170,
          sorter: true,
          render: (v: string, r) => (
            <a onClick={() => open(r.id)} data-testid={`quote-open-${r.id}`}>
              {v}
            </a>
          ),
        },
        {
          key: "customerName",
          title: t("opp.customer"),
          dataIndex: "customerName",
          width: 180,
          ellipsis: true,
          sorter: byField("customerName"),
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "opportunityName",
          title: t("quote.opportunity"),
          dataIndex: "opportunityName",
          width: 180,
          ellipsis: true,
          sorter: byField("opportunityName"),
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "totalAmount",
          title: t("quote.total"),
          dataIndex: "totalAmount",
          width: 150,
          align: "right",
          sorter: true,
          render: (v: string) => formatMoney(v),
        },
        {
          key: "status",
          title: t("quote.status"),
          dataIndex: "status",
          width: 150,
          sorter: true,
          render: (v: QuotationStatus, r) => (
            <Space size={4}>
              <QuoteStatusTag status={v} />
              {r.expired && (
                <Tag color="default" data-testid={`quote-expired-${r.id}`}>
                  {t("quote.expired")}
                </Tag>
              )}
            </Space>
          ),
        },
        {
          key: "validUntil",
          title: t("quote.validUntil"),
          dataIndex: "validUntil",
          width: 110,
          sorter: true,
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "createdByName",
          title: t("quote.createdBy"),
          dataIndex: "createdByName",
          width: 90,
          render: (v: string | null) => v ?? "-",
        },
        {
          key: "createdAt",
          title: t("customer.createdAt"),
          dataIndex: "createdAt",
          width: 150,
          sorter: true,
          render: localTime,
        },
      ]}
      detail={(d) => <QuotationDetail id={d.id} onEdit={d.onEdit} onOpen={d.onOpen} onClose={d.onClose} />}
      editor={(e) => <QuotationEditor editing={e.editing} onClose={e.onClose} onSaved={e.onSaved} />}
    />
  );
}
