import { useQuery } from "@tanstack/react-query";
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from "antd";
import type { Dayjs } from "dayjs";
import { stageKeys, api, type OpportunityInput, type OpportunityRow } from "../../api";
import FormDrawer from "../../components/FormDrawer";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { PRICE_RE } from "../products/Products";
import { CustomerSelect } from "../sales/Selects";

type V = {
  customerId: number;
  opportunityName: string;
  estimatedAmount: string;
  stage: string | null;
  winProbability: number | null;
  expectedClose: Dayjs | null;
};
const FIELDS = ["customerId", "opportunityName", "estimatedAmount", "stage", "winProbability", "expectedCloseTime"] as const;

/** Create or edit an opportunity. */
export default function OpportunityForm({
  editing,
  defaults,
  onClose,
  onSaved,
}: {
  editing: OpportunityRow | "new" | null;
  defaults?: { customerId: number; customerName: string } | null;
  onClose: () => void;
  onSaved?: (o: OpportunityRow) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const stages = useQuery({ queryKey: stageKeys.list(), queryFn: api.stages.list, enabled: editing !== null });
  const isNew = editing === "new";
  const { record: o, reload } = useFreshRecord(editing, (r) => api.opportunities.get(r.id));
  const initial: Partial<V> = o
    ? {
        customerId: o.customerId,
        opportunityName: o.opportunityName,
        estimatedAmount: o.estimatedAmount,
        stage: o.stage,
        winProbability: o.winProbability,
        expectedClose: fromDate(o.expectedCloseTime),
      }
    : { customerId: defaults?.customerId, stage: null, winProbability: null, expectedClose: null };
  return (
    <FormDrawer<V>
      open={editing !== null}
      title={isNew ? t("opp.new") : t("opp.edit")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      onClose={onClose}
      // The form edits the date as "expectedClose" (a picker value).
      fieldAliases={{ expectedCloseTime: "expectedClose" }}
      invalidates={["opportunities"]}
      onReload={reload}
      onSubmit={async (v) => {
        const input: OpportunityInput = {
          customerId: v.customerId,
          opportunityName: v.opportunityName.trim(),
          estimatedAmount: String(v.estimatedAmount ?? "").trim() || "0",
          stage: v.stage ?? null,
          winProbability: v.winProbability ?? null,
          expectedCloseTime: toDate(v.expectedClose),
          // Not edited here yet: keep what the opportunity has (stored as text, e.g. "1,2").
          productIds: (o?.productIds?.match(/\d+/g) ?? []).map(Number),
        };
        const saved = isNew ? await api.opportunities.create(input) : await api.opportunities.update(o!.id, input, o!.lockVersion);
        onSaved?.(saved);
      }}
    >
      <Form.Item
        name="customerId"
        label={t("opp.customer")}
        rules={[{ required: true, message: t("common.required", { label: t("opp.customer") }) }]}
      >
        <CustomerSelect
          id="opp-customer"
          initial={
            o
              ? { id: o.customerId, name: o.customerName ?? "" }
              : defaults
                ? { id: defaults.customerId, name: defaults.customerName }
                : null
          }
        />
      </Form.Item>
      <Form.Item
        name="opportunityName"
        label={t("opp.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("opp.name") }) }]}
      >
        <Input id="opp-name" maxLength={200} />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="estimatedAmount" label={t("opp.amount")} rules={[{ pattern: PRICE_RE, message: t("product.badPrice") }]}>
            <Input id="opp-amount" prefix="¥" inputMode="decimal" />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="expectedClose" label={t("opp.expectedClose")}>
            <DatePicker id="opp-close" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="stage" label={t("opp.stage")} extra={isNew ? t("opp.stageHint") : undefined}>
            <Select
              id="opp-stage"
              allowClear={isNew}
              placeholder={stages.data?.[0]?.name}
              options={(stages.data ?? []).map((s) => ({ value: s.name, label: `${s.name} (${s.probability}%)` }))}
              onChange={(v) => {
                const s = stages.data?.find((x) => x.name === v);
                if (s) form.setFieldValue("winProbability", s.probability);
              }}
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="winProbability" label={t("opp.probability")}>
            <InputNumber id="opp-probability" min={0} max={100} precision={0} suffix="%" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
    </FormDrawer>
  );
}
