// A customer's "开票与回款" tab: the statement of account (对账单, a PDF for a period; with
// payment:read), the invoice details kept for it (抬头, tax number, address / phone,
// bank / account — prefilled on every invoice and request; editable with customer:update)
// and its contracts' collection, each linking to the contract's "回款与发票" tab.
import { useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Form, Skeleton, Space, Table, Typography } from "antd";
import { useEffect } from "react";
import { useNavigate } from "react-router";
import { api, contractKeys, receivableKeys, type ContractFilter, type ContractRow, type CustomerRow } from "../../api";
import { useSession } from "../../app/session";
import { errorMessage, useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { BUYER_FIELDS, BuyerFields, fromBuyer, toBuyer, type BuyerValues } from "../receivables/fields";
import { receivablesPath } from "../receivables/rules";
import { Amount, OverdueTag } from "../receivables/labels";
import StatementButton from "../receivables/Statement";
import { ContractStatusTag } from "../sales/labels";

function BuyerCard({ c, writable }: { c: CustomerRow; writable: boolean }) {
  const { t } = useI18n();
  const { can } = useSession();
  const editable = writable && can("customer:update");
  const q = useQuery({ queryKey: receivableKeys.buyer(c.id), queryFn: () => api.receivables.buyerOf(c.id) });
  const [form] = Form.useForm<BuyerValues>();
  useEffect(() => {
    if (q.data) form.setFieldsValue(fromBuyer(q.data));
  }, [q.data, form]);
  const save = useApiMutation((v: BuyerValues) => api.receivables.setBuyer(c.id, toBuyer(v)), {
    form,
    fields: BUYER_FIELDS,
    invalidates: ["buyers"],
    success: t("form.saved"),
    onSuccess: (saved) => form.setFieldsValue(fromBuyer(saved)),
  });

  return (
    <Card size="small" title={t("buyer.section")} data-testid="customer-buyer" style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t("buyer.hint")}</Typography.Paragraph>
      {q.isLoading ? (
        <Skeleton active />
      ) : q.error ? (
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
        <Form form={form} layout="vertical" requiredMark="optional" disabled={!editable} onFinish={save.run} style={{ maxWidth: 720 }}>
          <BuyerFields special={false} idPrefix="buyer" />
          {editable && (
            <Button type="primary" htmlType="submit" loading={save.busy} id="buyer-save">
              {t("form.save")}
            </Button>
          )}
        </Form>
      )}
    </Card>
  );
}

function ContractsCollection({ c }: { c: CustomerRow }) {
  const { t } = useI18n();
  const nav = useNavigate();
  const filter: ContractFilter = { keyword: null, status: null, customerId: c.id };
  const q = useQuery({ queryKey: contractKeys.list(filter), queryFn: () => api.contracts.list(filter, { page: 1, pageSize: 100 }) });
  const rows = q.data?.items ?? [];
  return (
    <Card size="small" title={t("customer.billing.contracts")} data-testid="customer-collection">
      {!!q.error && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={errorMessage(t, q.error)} />}
      <Table<ContractRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        pagination={false}
        dataSource={rows}
        scroll={{ x: 980 }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("customer.billing.noContracts")} /> }}
        columns={[
          {
            key: "no",
            title: t("contract.number"),
            dataIndex: "contractNo",
            width: 160,
            render: (v: string, r) => (
              <a onClick={() => nav(receivablesPath(r.id))} data-testid={`customer-contract-receivables-${r.id}`}>
                {v}
              </a>
            ),
          },
          { key: "name", title: t("contract.name"), dataIndex: "contractName", ellipsis: true },
          { key: "status", title: t("contract.statusLabel"), width: 90, render: (_, r) => <ContractStatusTag status={r.status} /> },
          { key: "total", title: t("money.total"), align: "right", width: 130, render: (_, r) => formatMoney(r.totalAmount) },
          {
            key: "received",
            title: t("money.received"),
            align: "right",
            width: 130,
            render: (_, r) => (r.money ? <Amount value={r.money.received} /> : "-"),
          },
          {
            key: "outstanding",
            title: t("money.outstanding"),
            align: "right",
            width: 130,
            render: (_, r) => (r.money ? <Amount value={r.money.outstanding} /> : "-"),
          },
          {
            key: "invoiced",
            title: t("money.invoiced"),
            align: "right",
            width: 130,
            render: (_, r) => (r.money ? formatMoney(r.money.invoiced) : "-"),
          },
          {
            key: "next",
            title: t("money.nextPlanDate"),
            width: 170,
            render: (_, r) =>
              r.money?.nextPlanDate ? (
                <Space size={4}>
                  {r.money.nextPlanDate}
                  <OverdueTag days={r.money.overdueDays} />
                </Space>
              ) : (
                "-"
              ),
          },
          {
            key: "open",
            title: "",
            width: 110,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => nav(receivablesPath(r.id))}>
                {t("customer.billing.open")}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

export default function BillingTab({ c, writable }: { c: CustomerRow; writable: boolean }) {
  const { can } = useSession();
  return (
    <div data-testid="billing-tab">
      {can("payment:read") && (
        <div style={{ display: "flex", justifyContent: "flex-end", marginBottom: 12 }}>
          <StatementButton customerId={c.id} customerName={c.customerName} />
        </div>
      )}
      <BuyerCard c={c} writable={writable} />
      {can("contract:read") && <ContractsCollection c={c} />}
    </div>
  );
}
