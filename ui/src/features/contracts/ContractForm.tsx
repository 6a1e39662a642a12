import { Col, DatePicker, Form, Input, Row } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo, useState } from "react";
import { api, type ContractInput, type ContractRow } from "../../api";
import FormDrawer from "../../components/FormDrawer";
import { blank, fromDate, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { useRefresh } from "../../queries";
import LineEditor, { lineErrorKey, lineFromRow, toContractItems, validateLines, type Line } from "../sales/LineEditor";
import { CustomerSelect } from "../sales/Selects";

type V = {
  customerId: number;
  contractName: string;
  signDate: Dayjs;
  startDate: Dayjs | null;
  endDate: Dayjs | null;
  remark: string | null;
  items: Line[];
};
const FIELDS = ["customerId", "contractName", "signDate", "startDate", "endDate", "remark", "items"] as const;

/** Create a contract from scratch or edit a draft: terms, dates and the line items (no discount). */
export default function ContractForm({
  editing,
  defaults,
  onClose,
  onSaved,
}: {
  editing: ContractRow | "new" | null;
  defaults?: { customerId: number; customerName: string } | null;
  onClose: () => void;
  onSaved?: (c: ContractRow) => void;
}) {
  const { t } = useI18n();
  const refresh = useRefresh();
  const [form] = Form.useForm<V>();
  const [lineErrs, setLineErrs] = useState<Record<string, string>>({});
  const c = editing && editing !== "new" ? editing : null;
  const initial = useMemo<Partial<V>>(
    () =>
      c
        ? {
            customerId: c.customerId,
            contractName: c.contractName,
            signDate: fromDate(c.signDate) ?? undefined,
            startDate: fromDate(c.startDate),
            endDate: fromDate(c.endDate),
            remark: c.remark,
            items: c.items.map(lineFromRow),
          }
        : { customerId: defaults?.customerId, signDate: dayjs().startOf("day"), startDate: null, endDate: null, remark: null, items: [] },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [c?.id, c?.updatedAt, defaults?.customerId, editing === null],
  );

  return (
    <FormDrawer<V>
      open={editing !== null}
      title={c ? t("contract.edit", { no: c.contractNo }) : t("contract.new")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={1000}
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
        const input: ContractInput = {
          customerId: v.customerId,
          opportunityId: c?.opportunityId ?? null,
          contractName: v.contractName.trim(),
          signDate: toDate(v.signDate)!,
          startDate: toDate(v.startDate),
          endDate: toDate(v.endDate),
          remark: blank(v.remark),
          items: toContractItems(v.items ?? []),
        };
        const saved = c ? await api.contracts.update(c.id, input) : await api.contracts.create(input);
        refresh("contracts");
        onSaved?.(saved);
      }}
    >
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item
            name="customerId"
            label={t("opp.customer")}
            rules={[{ required: true, message: t("common.required", { label: t("opp.customer") }) }]}
          >
            <CustomerSelect
              id="contract-customer"
              initial={
                c
                  ? { id: c.customerId, name: c.customerName ?? "" }
                  : defaults
                    ? { id: defaults.customerId, name: defaults.customerName }
                    : null
              }
            />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item
            name="contractName"
            label={t("contract.name")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("contract.name") }) }]}
          >
            <Input id="contract-name" maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="signDate"
            label={t("contract.signDate")}
            rules={[{ required: true, message: t("common.required", { label: t("contract.signDate") }) }]}
          >
            <DatePicker id="contract-sign-date" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="startDate" label={t("contract.startDate")}>
            <DatePicker id="contract-start" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item
            name="endDate"
            label={t("contract.endDate")}
            dependencies={["startDate"]}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, v: Dayjs | null) => {
                  const s = getFieldValue("startDate") as Dayjs | null;
                  if (v && s && v.isBefore(s, "day")) throw new Error(t("contract.endBeforeStart"));
                },
              }),
            ]}
          >
            <DatePicker id="contract-end" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item
        name="items"
        label={t("contract.items")}
        required
        rules={[
          {
            validator: async (_, lines: Line[] | undefined) => {
              if (!lines?.length) throw new Error(t("line.none"));
              if (Object.keys(validateLines(lines, false, t)).length) throw new Error(t("line.fixErrors"));
            },
          },
        ]}
      >
        <LineEditor withDiscount={false} errors={lineErrs} addId="contract-add-line" totalId="contract-total" />
      </Form.Item>
      <Form.Item name="remark" label={t("quote.remark")}>
        <Input.TextArea id="contract-remark" rows={3} maxLength={2000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}
