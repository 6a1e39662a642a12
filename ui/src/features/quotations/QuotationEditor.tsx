import { Col, DatePicker, Form, Input, Row } from "antd";
import type { Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { api, type QuotationInput, type QuotationRow } from "../../api";
import FormDrawer from "../../components/FormDrawer";
import { blank, fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { useRefresh } from "../../queries";
import LineEditor, { lineErrorKey, lineFromRow, toQuotationItems, validateLines, type Line } from "../sales/LineEditor";
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
  const refresh = useRefresh();
  const [form] = Form.useForm<V>();
  const [lineErrs, setLineErrs] = useState<Record<string, string>>({});
  const isNew = editing === "new";
  const q = editing && editing !== "new" ? editing : null;
  const initial = useMemo<Partial<V>>(
    () =>
      q
        ? { opportunityId: q.opportunityId, validUntil: fromDate(q.validUntil), remark: q.remark, items: q.items.map(lineFromRow) }
        : { opportunityId: preset?.id, validUntil: null, remark: null, items: [] },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [q?.id, q?.updatedAt, preset?.id, editing === null],
  );

  return (
    <FormDrawer<V>
      open={editing !== null}
      title={isNew ? t("quote.new") : t("quote.edit", { no: q?.quotationNo ?? "" })}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={1080}
      saveId="quote-save"
      onClose={() => {
        setLineErrs({});
        onClose();
      }}
      onError={(e) => {
        const k = lineErrorKey((e as { field?: string }).field);
        if (k) setLineErrs({ [k]: (e as Error).message });
      }}
      onSubmit={async (v) => {
        setLineErrs({});
        const input: QuotationInput = {
          opportunityId: v.opportunityId,
          validUntil: toDate(v.validUntil),
          remark: blank(v.remark),
          items: toQuotationItems(v.items ?? []),
        };
        const saved = q ? await api.quotations.update(q.id, input) : await api.quotations.create(input);
        refresh("quotations", "opportunities");
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
      <Form.Item
        name="items"
        label={t("quote.items")}
        required
        rules={[
          {
            validator: async (_, lines: Line[] | undefined) => {
              if (!lines?.length) throw new Error(t("line.none"));
              if (Object.keys(validateLines(lines, true, t)).length) throw new Error(t("line.fixErrors"));
            },
          },
        ]}
      >
        <LineEditor withDiscount errors={lineErrs} addId="quote-add-line" totalId="quote-total" />
      </Form.Item>
      <Form.Item name="remark" label={t("quote.remark")}>
        <Input.TextArea id="quote-remark" rows={3} maxLength={2000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
