import { Col, DatePicker, Form, Input, Row } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useMemo } from "react";
import { api, type ContractInput, type ContractRow } from "../../api";
import { blank, fromDate, toDate } from "../../format";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import { useI18n } from "../../i18n";
import DocEditor from "../sales/doc/DocEditor";
import { lineFromRow, toContractItems, type Line } from "../sales/doc/LineEditor";
import { endAfterStart } from "../sales/doc/rules";
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
  const [form] = Form.useForm<V>();
  const { record: c, reload } = useFreshRecord(editing, (r) => api.contracts.get(r.id));
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
    [c?.id, c?.lockVersion, c?.updatedAt, defaults?.customerId, editing === null],
  );

  return (
    <DocEditor<V>
      open={editing !== null}
      title={c ? t("contract.edit", { no: c.contractNo }) : t("contract.new")}
      form={form}
      fields={FIELDS}
      initialValues={initial}
      width={1000}
      withDiscount={false}
      itemsLabel={t("contract.items")}
      addId="contract-add-line"
      totalId="contract-total"
      remarkId="contract-remark"
      invalidates={["contracts"]}
      onReload={reload}
      onClose={onClose}
      onSubmit={async (v) => {
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
        const saved = c ? await api.contracts.update(c.id, input, c.lockVersion) : await api.contracts.create(input);
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
            rules={[endAfterStart(t("contract.endBeforeStart"))]}
          >
            <DatePicker id="contract-end" style={{ width: "100%" }} />
          </Form.Item>
        </Col>
      </Row>
    </DocEditor>
  );
}
