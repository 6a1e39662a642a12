import { Button, Col, DatePicker, Divider, Form, Input, InputNumber, Modal, Radio, Result, Row, Select, Switch, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api, type ConvertInput, type ConvertResult, type CustomerLevel, type CustomerType, type LeadRow } from "../../api";
import FormModal from "../../components/FormModal";
import { blank, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { useSession } from "../../app/session";
import { CUSTOMER_LEVEL, CUSTOMER_TYPE } from "../../domain/enums";

type V = {
  customerName: string;
  customerType: CustomerType;
  level: CustomerLevel | null;
  industry: string | null;
  address: string | null;
  contactPhone: string | null;
  withOpportunity: boolean;
  opportunityName: string;
  estimatedAmount: string | null;
  expectedCloseTime: Dayjs | null;
};

const FIELDS = [
  "customerName",
  "customerType",
  "level",
  "industry",
  "address",
  "contactPhone",
  "opportunityName",
  "estimatedAmount",
  "winProbability",
  "expectedCloseTime",
] as const;

/**
 * Turn a lead into a customer, its first contact and optionally an opportunity, in
 * one step; then offer to open the new customer.
 */
export default function ConvertModal({ lead, onClose }: { lead: LeadRow | null; onClose: () => void }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const { can } = useSession();
  const [form] = Form.useForm<V>();
  const withOpp = Form.useWatch("withOpportunity", form);
  const [done, setDone] = useState<{ result: ConvertResult; name: string } | null>(null);
  const doneRef = useRef(false);
  const mayOpp = can("opportunity:create");

  const initial: Partial<V> = lead
    ? {
        customerName: lead.company || lead.leadName,
        customerType: lead.company ? "enterprise" : "personal",
        level: null,
        industry: null,
        address: null,
        contactPhone: null,
        withOpportunity: false,
        opportunityName: lead.intentProduct ? `${lead.company || lead.leadName} - ${lead.intentProduct}` : "",
        estimatedAmount: null,
        expectedCloseTime: null,
      }
    : {};

  const finish = () => {
    doneRef.current = false;
    setDone(null);
    onClose();
  };

  return (
    <>
      <FormModal<V>
        open={lead !== null && done === null}
        title={t("convert.title", { name: lead?.leadName ?? "" })}
        form={form}
        initialValues={initial}
        // A lead with a phone shows no contact-phone box: its errors then come as a message.
        fields={lead?.phone ? FIELDS.filter((f) => f !== "contactPhone") : FIELDS}
        okText={t("convert.submit")}
        okId="convert-submit"
        successText={null}
        invalidates={["leads", "customers"]}
        width={620}
        onClose={() => {
          if (!doneRef.current) onClose();
        }}
        onSubmit={async (v) => {
          if (!lead) return;
          const input: ConvertInput = {
            customerName: v.customerName.trim(),
            customerType: v.customerType,
            level: v.level ?? null,
            industry: blank(v.industry),
            address: blank(v.address),
            contactPhone: lead.phone ? null : blank(v.contactPhone),
            opportunity:
              mayOpp && v.withOpportunity
                ? {
                    opportunityName: v.opportunityName.trim(),
                    estimatedAmount: v.estimatedAmount ?? "0",
                    stage: null,
                    winProbability: null,
                    expectedCloseTime: toDate(v.expectedCloseTime),
                  }
                : null,
          };
          const result = await api.leads.convert(lead.id, input);
          doneRef.current = true;
          setDone({ result, name: input.customerName ?? "" });
        }}
      >
        <Typography.Paragraph type="secondary">{t("convert.hint")}</Typography.Paragraph>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item
              name="customerName"
              label={t("customer.name")}
              rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("customer.name") }) }]}
            >
              <Input id="convert-customer-name" maxLength={200} autoFocus />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="customerType" label={t("customer.type")}>
              <Radio.Group optionType="button" options={CUSTOMER_TYPE.options(t)} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="level" label={t("customer.level")}>
              <Select allowClear placeholder={t("customer.level.none")} options={CUSTOMER_LEVEL.options(t)} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="industry" label={t("customer.industry")}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        {!lead?.phone && (
          <Form.Item
            name="contactPhone"
            label={t("convert.contactPhone")}
            extra={t("convert.contactPhoneHint")}
            rules={[
              { required: true, whitespace: true, message: t("common.required", { label: t("convert.contactPhone") }) },
              { pattern: /^[0-9+\-() ]{5,20}$/, message: t("common.badPhone") },
            ]}
          >
            <Input id="convert-contact-phone" maxLength={20} inputMode="tel" />
          </Form.Item>
        )}
        {mayOpp && (
          <>
            <Divider style={{ margin: "4px 0 12px" }} />
            <Form.Item
              name="withOpportunity"
              valuePropName="checked"
              label={t("convert.withOpportunity")}
              style={{ marginBottom: withOpp ? 12 : 0 }}
            >
              <Switch id="convert-with-opportunity" />
            </Form.Item>
            {withOpp && (
              <Row gutter={16}>
                <Col span={24}>
                  <Form.Item
                    name="opportunityName"
                    label={t("convert.opportunityName")}
                    rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("convert.opportunityName") }) }]}
                  >
                    <Input id="convert-opportunity-name" maxLength={200} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item
                    name="estimatedAmount"
                    label={t("convert.estimatedAmount")}
                    rules={[{ required: true, message: t("common.required", { label: t("convert.estimatedAmount") }) }]}
                  >
                    <InputNumber<string> id="convert-amount" stringMode min="0" precision={2} style={{ width: "100%" }} prefix="¥" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="expectedCloseTime" label={t("convert.expectedClose")}>
                    <DatePicker id="convert-close-date" style={{ width: "100%" }} />
                  </Form.Item>
                </Col>
              </Row>
            )}
          </>
        )}
      </FormModal>
      <Modal open={done !== null} footer={null} onCancel={finish} width={480} destroyOnHidden>
        <Result
          status="success"
          title={t("convert.done")}
          subTitle={t("convert.doneDesc", { name: done?.name ?? "" })}
          extra={[
            <Button
              key="open"
              type="primary"
              id="convert-open-customer"
              onClick={() => {
                const id = done?.result.customerId;
                finish();
                if (id) nav(`/customers?id=${id}`);
              }}
            >
              {t("convert.openCustomer")}
            </Button>,
            <Button key="close" onClick={finish}>
              {t("common.close")}
            </Button>,
          ]}
        />
      </Modal>
    </>
  );
}
