import { Table, Typography } from "antd";
import { useI18n } from "../../../i18n";
import { formatMoney, formatPrice, formatQuantity } from "../../../money";

/** What every sales document's line looks like when read (quotation, contract, and the next ones). */
export type DocItemRow = {
  id: number;
  productName: string | null;
  specification: string | null;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
  discount?: string;
};

/** Items of a sales document, read-only, with the total and its Chinese capitals. */
export default function ItemsTable<R extends DocItemRow>({
  items,
  withDiscount,
  total,
  totalUpper,
}: {
  items: R[];
  withDiscount: boolean;
  total: string;
  totalUpper: string;
}) {
  const { t } = useI18n();
  return (
    <Table<R>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={items}
      // A narrow drawer scrolls the lines sideways: the amount column stays reachable.
      scroll={{ x: "max-content" }}
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
        {
          key: "amount",
          title: t("line.amount"),
          dataIndex: "amount",
          align: "right",
          render: (v: string) => formatMoney(v),
          onHeaderCell: () => ({ "data-testid": "items-amount-header" }) as React.HTMLAttributes<HTMLElement>,
        },
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
