import { Col, DatePicker, Form, Row } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo } from "react";
import { api, type QuotationInput, type QuotationRow } from "../../api";
import { blank, fromDate, toDate } from "../../format";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";
import DocEditor from "../sales/doc/DocEditor";
import { lineFromRow, toQuotationItems, type Line } from "../sales/doc/LineEditor";
import { OpportunitySelect } from "../sales/Selects";

type V = { opportunityId: number; validUntil: Dayjs | null; remark: string | null; items: Line[] };
const FIELDS = ["opportunityId", "validUntil", "remark", "items"] as const;

/**
 * Create or edit a draft quotation: the opportunity, validity, remark and the line items
 * with live amounts and total (exact decimals, the same rounding as the backend).
 */
export default function QuotationEditor({
  editing,
  preset,
  customerId,
  onClose,
  onSaved,
}: {
  editing: QuotationRow | "new" | null;
  /** The opportunity of a new quotation (from the opportunity's "new quotation"). */
  preset?: { id: number; name: string } | null;
  /** Only this customer's opportunities (from the customer detail). */
  customerId?: number | null;
  onClose: () => void;
  onSaved?: (q: QuotationRow) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const isNew = editing === "new";
  const { record: q, reload } = useFreshRecord(editing, (r) => api.quotations.get(r.id));
  const initial = useMemo<Partial<V>>(
    () =>
      q
        ? { opportunityId: q.opportunityId, validUntil: fromDate(q.validUntil), remark: q.remark, items: q.items.map(lineFromRow) }
        : { opportunityId: preset?.id, validUntil: null, remark: null, items: [] },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [q?.id, q?.lockVersion, q?.updatedAt, preset?.id, editing === null],
  );

  return (
    <DocEditor<V>
      open={editing !== null}
      title={isNew ? t("quote.new") : t("quote.edit", { no: q?.quotationNo ?? "" })}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={1080}
      saveId="quote-save"
      withDiscount
      itemsLabel={t("quote.items")}
      addId="quote-add-line"
      totalId="quote-total"
      remarkId="quote-remark"
      invalidates={["quotations", "opportunities"]}
      onReload={reload}
      onClose={onClose}
      onSubmit={async (v) => {
        const input: QuotationInput = {
          opportunityId: v.opportunityId,
          validUntil: toDate(v.validUntil),
          remark: blank(v.remark),
          items: toQuotationItems(v.items ?? []),
        };
        const saved = q ? await api.quotations.update(q.id, input, q.lockVersion) : await api.quotations.create(input);
        onSaved?.(saved);
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="opportunityId"
            label={t("quote.opportunity")}
            rules={[{ required: true, message: t("common.required", { label: t("quote.opportunity") }) }]}
          >
            <OpportunitySelect
              id="quote-opportunity"
              customerId={q ? null : customerId}
              initial={q ? { id: q.opportunityId, name: q.opportunityName ?? "" } : (preset ?? null)}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="validUntil" label={t("quote.validUntil")}>
            <DatePicker id="quote-valid" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
    </DocEditor>
  );
}
