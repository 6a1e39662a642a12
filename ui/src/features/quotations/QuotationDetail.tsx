import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, DatePicker, Descriptions, Form, Input, Space, Table, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { quotationKeys, api, type QuotationItemRow, type QuotationRow, type QuotationStatus, type SessionUser } from "../../api";
import DetailDrawer from "../../components/DetailDrawer";
import FormModal from "../../components/FormModal";
import History from "../../components/History";
import { blank, errorText, localTime, toDate } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney, formatPrice, formatQuantity } from "../../money";
import { can } from "../../nav";
import { useRefresh } from "../../queries";
import { QuoteStatusTag } from "../sales/labels";
import PdfButtons from "../sales/PdfButtons";

type CV = { contractName: string; signDate: Dayjs; startDate: Dayjs | null; endDate: Dayjs | null; remark: string | null };

/** Items of a quotation or contract, read-only, with the total and its Chinese capitals. */
export function ItemsTable<
  R extends {
    id: number;
    productName: string | null;
    specification: string | null;
    quantity: string;
    unit: string;
    unitPrice: string;
    amount: string;
    discount?: string;
  },
>({ items, withDiscount, total, totalUpper }: { items: R[]; withDiscount: boolean; total: string; totalUpper: string }) {
  const { t } = useI18n();
  return (
    <Table<R>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      columns={[
        { key: "no", title: "#", width: 40, render: (_, __, i) => i + 1 },
        { key: "product", title: t("line.product"), dataIndex: "productName", render: (v: string | null) => v ?? "-" },
        { key: "spec", title: t("line.specification"), dataIndex: "specification", render: (v: string | null) => v ?? "-" },
        { key: "qty", title: t("line.quantity"), dataIndex: "quantity", align: "right", render: (v: string) => formatQuantity(v) },
        { key: "unit", title: t("line.unit"), dataIndex: "unit" },
        { key: "price", title: t("line.unitPrice"), dataIndex: "unitPrice", align: "right", render: (v: string) => formatPrice(v) },
        ...(withDiscount
          ? [{ key: "discount", title: t("line.discount"), dataIndex: "discount", align: "right" as const, render: (v: string) => `${v}%` }]
          : []),
        { key: "amount", title: t("line.amount"), dataIndex: "amount", align: "right", render: (v: string) => formatMoney(v) },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={withDiscount ? 7 : 6} align="right">
            <Typography.Text type="secondary" data-testid="total-upper">
              {t("line.totalUpper")}: {totalUpper}
            </Typography.Text>
          </Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            <strong data-testid="detail-total">{formatMoney(total)}</strong>
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/** One quotation: header, items and totals, and the actions its status allows. */
export default function QuotationDetail({
  id,
  user,
  onEdit,
  onClose,
  onOpen,
}: {
  id: number | null;
  user: SessionUser;
  onEdit: (q: QuotationRow) => void;
  onClose: () => void;
  onOpen: (id: number) => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const nav = useNavigate();
  const refresh = useRefresh();
  const perms = user.permissions;
  const [toContract, setToContract] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const [cform] = Form.useForm<CV>();
  const q = useQuery({ queryKey: quotationKeys.detail(id), queryFn: () => api.quotations.get(id!), enabled: id !== null });
  const r = q.data;
  const upd = can(perms, "quotation:update");

  const act = async (key: string, f: () => Promise<unknown>, done: string) => {
    setBusy(key);
    try {
      await f();
      message.success(done);
      refresh("quotations");
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const setStatus = (s: QuotationStatus) => act(s, () => api.quotations.setStatus(r!.id, s), t(`quote.status.${s}`));
  const copy = () =>
    act(
      "copy",
      async () => {
        const c = await api.quotations.copy(r!.id);
        onOpen(c.id);
      },
      t("quote.copied"),
    );
  const remove = () =>
    modal.confirm({
      title: t("quote.deleteTitle", { no: r!.quotationNo }),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: async () => {
        try {
          await api.quotations.remove(r!.id);
          message.success(t("common.deleted"));
          refresh("quotations");
          onClose();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  return (
    <>
      <DetailDrawer
        open={id !== null}
        onClose={onClose}
        width={980}
        loading={q.isLoading}
        title={
          r && (
            <Space>
              <span data-testid="quote-no">{r.quotationNo}</span>
              <QuoteStatusTag status={r.status} />
            </Space>
          )
        }
        extra={
          r && (
            <Space wrap>
              {r.status === "draft" && upd && (
                <>
                  <Button type="primary" id="quote-send" loading={busy === "sent"} onClick={() => setStatus("sent")}>
                    {t("quote.send")}
                  </Button>
                  <Button id="quote-edit" onClick={() => onEdit(r)}>
                    {t("common.edit")}
                  </Button>
                </>
              )}
              {r.status === "sent" && upd && (
                <>
                  <Button type="primary" id="quote-accept" loading={busy === "accepted"} onClick={() => setStatus("accepted")}>
                    {t("quote.accept")}
                  </Button>
                  <Button danger id="quote-reject" loading={busy === "rejected"} onClick={() => setStatus("rejected")}>
                    {t("quote.reject")}
                  </Button>
                </>
              )}
              {r.status === "accepted" && can(perms, "contract:create") && (
                <Button type="primary" id="quote-to-contract" onClick={() => setToContract(true)}>
                  {t("quote.toContract")}
                </Button>
              )}
              {can(perms, "quotation:create") && (
                <Button id="quote-copy" loading={busy === "copy"} onClick={copy}>
                  {t("quote.copy")}
                </Button>
              )}
              {r.status === "draft" && can(perms, "quotation:delete") && (
                <Button danger type="text" id="quote-delete" onClick={remove}>
                  {t("common.delete")}
                </Button>
              )}
            </Space>
          )
        }
        header={
          q.error ? (
            <Alert type="error" showIcon title={errorText(q.error)} />
          ) : (
            r && (
              <Space orientation="vertical" style={{ width: "100%", marginBottom: 8 }}>
                <Descriptions
                  size="small"
                  bordered
                  column={2}
                  items={[
                    {
                      key: "customer",
                      label: t("opp.customer"),
                      children: <a onClick={() => nav(`/customers?id=${r.customerId}`)}>{r.customerName ?? "-"}</a>,
                    },
                    {
                      key: "opp",
                      label: t("quote.opportunity"),
                      children: <a onClick={() => nav(`/opportunities?id=${r.opportunityId}`)}>{r.opportunityName ?? "-"}</a>,
                    },
                    { key: "total", label: t("quote.total"), children: <strong>{formatMoney(r.totalAmount)}</strong> },
                    { key: "upper", label: t("line.totalUpper"), children: <span data-testid="quote-total-upper">{r.totalUpper}</span> },
                    { key: "valid", label: t("quote.validUntil"), children: r.validUntil ?? "-" },
                    { key: "by", label: t("quote.createdBy"), children: r.createdByName ?? "-" },
                    { key: "created", label: t("customer.createdAt"), children: localTime(r.createdAt) },
                    { key: "updated", label: t("customer.updatedAt"), children: localTime(r.updatedAt) },
                    ...(r.remark
                      ? [
                          {
                            key: "remark",
                            label: t("quote.remark"),
                            span: 2,
                            children: <span style={{ whiteSpace: "pre-wrap" }}>{r.remark}</span>,
                          },
                        ]
                      : []),
                  ]}
                />
                <PdfButtons kind="quotation" id={r.id} />
              </Space>
            )
          )
        }
        tabs={
          r
            ? [
                {
                  key: "items",
                  label: t("quote.items"),
                  children: (
                    <ItemsTable items={r.items as QuotationItemRow[]} withDiscount total={r.totalAmount} totalUpper={r.totalUpper} />
                  ),
                },
                ...(can(perms, "oplog:read")
                  ? [{ key: "history", label: t("customer.tab.history"), children: <History entityType="crm_quotation" id={r.id} /> }]
                  : []),
              ]
            : []
        }
      />
      <FormModal<CV>
        open={toContract && !!r}
        title={t("quote.toContractTitle", { no: r?.quotationNo ?? "" })}
        form={cform}
        fields={["contractName", "signDate", "startDate", "endDate", "remark"]}
        initialValues={{
          contractName: r ? `${r.customerName ?? ""}${r.opportunityName ? ` - ${r.opportunityName}` : ""}` : "",
          signDate: dayjs().startOf("day"),
        }}
        okId="contract-from-quote-submit"
        okText={t("quote.toContract")}
        successText={t("contract.created")}
        onClose={() => setToContract(false)}
        onSubmit={async (v) => {
          const c = await api.contracts.fromQuotation(r!.id, {
            contractName: blank(v.contractName),
            signDate: toDate(v.signDate)!,
            startDate: toDate(v.startDate),
            endDate: toDate(v.endDate),
            remark: blank(v.remark),
          });
          refresh("quotations", "contracts");
          nav(`/contracts?id=${c.id}`);
        }}
      >
        <Form.Item name="contractName" label={t("contract.name")}>
          <Input id="contract-from-quote-name" maxLength={200} />
        </Form.Item>
        <Form.Item
          name="signDate"
          label={t("contract.signDate")}
          rules={[{ required: true, message: t("common.required", { label: t("contract.signDate") }) }]}
        >
          <DatePicker id="contract-from-quote-sign" style={{ width: "100%" }} />
        </Form.Item>
        <Space>
          <Form.Item name="startDate" label={t("contract.startDate")}>
            <DatePicker id="contract-from-quote-start" />
          </Form.Item>
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
            <DatePicker id="contract-from-quote-end" />
          </Form.Item>
        </Space>
        <Form.Item name="remark" label={t("quote.remark")}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </FormModal>
    </>
  );
}
