import { Button, Input, Space, Table, Typography } from "antd";
import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import type { ContractItemInput, ContractItemRow, ProductRow, QuotationItemInput, QuotationItemRow } from "../../../api";
import { useI18n, type T } from "../../../i18n";
import { formatMoney, lineAmount, parseDec, sumAmounts } from "../../../money";
import ProductPicker from "./ProductPicker";

/** One editable line (all numbers kept as the typed decimal strings). */
export type Line = {
  key: string;
  productId: number;
  productName: string;
  specification: string;
  unit: string;
  quantity: string;
  unitPrice: string;
  discount: string;
};

let seq = 0;
const nextKey = () => `l${++seq}`;

export const lineFromProduct = (p: ProductRow): Line => ({
  key: nextKey(),
  productId: p.id,
  productName: p.productName,
  specification: p.specification ?? "",
  unit: p.unit ?? "",
  quantity: "1",
  unitPrice: p.price,
  discount: "100",
});

export const lineFromRow = (r: QuotationItemRow | ContractItemRow): Line => ({
  key: nextKey(),
  productId: r.productId,
  productName: r.productName ?? `#${r.productId}`,
  specification: r.specification ?? "",
  unit: r.unit,
  quantity: r.quantity,
  unitPrice: r.unitPrice,
  discount: "discount" in r ? r.discount : "100",
});

const trimDec = (s: string) => s.trim();

export const toQuotationItems = (lines: Line[]): QuotationItemInput[] =>
  lines.map((l) => ({
    productId: l.productId,
    specification: l.specification.trim() || null,
    quantity: trimDec(l.quantity),
    unit: l.unit.trim(),
    unitPrice: trimDec(l.unitPrice),
    discount: trimDec(l.discount),
  }));

export const toContractItems = (lines: Line[]): ContractItemInput[] =>
  lines.map((l) => ({
    productId: l.productId,
    specification: l.specification.trim() || null,
    quantity: trimDec(l.quantity),
    unit: l.unit.trim(),
    unitPrice: trimDec(l.unitPrice),
  }));

const QTY_RE = /^\d+(\.\d{1,4})?$/;
const DISC_RE = /^\d+(\.\d{1,2})?$/;

/** Client-side checks mirroring the backend's (which still decide), keyed "<row>.<field>". */
export function validateLines(lines: Line[], withDiscount: boolean, t: T): Record<string, string> {
  const errs: Record<string, string> = {};
  lines.forEach((l, i) => {
    const q = trimDec(l.quantity);
    if (!QTY_RE.test(q) || parseDec(q)!.int === 0n) errs[`${i}.quantity`] = t("line.badQuantity");
    if (!QTY_RE.test(trimDec(l.unitPrice))) errs[`${i}.unitPrice`] = t("line.badPrice");
    if (withDiscount) {
      const d = trimDec(l.discount);
      const x = DISC_RE.test(d) ? parseDec(d)! : null;
      if (!x || x.int === 0n || x.int > 100n * 10n ** BigInt(x.scale)) errs[`${i}.discount`] = t("line.badDiscount");
    }
  });
  return errs;
}

/** The amounts shown in the editor (null for a line with invalid input) and their total. */
export function lineTotals(lines: Line[], withDiscount: boolean) {
  const amounts = lines.map((l) => lineAmount(l.quantity.trim(), l.unitPrice.trim(), withDiscount ? l.discount.trim() : "100"));
  return { amounts, total: sumAmounts(amounts) };
}

/** A backend error field like "items[3].quantity" as the editor's "3.quantity" key (or null). */
export function lineErrorKey(field: string | undefined | null): string | null {
  const m = field ? /^items\[(\d+)\]\.(\w+)$/.exec(field) : null;
  return m ? `${m[1]}.${m[2]}` : null;
}

/**
 * Line items of a quotation (with discount) or a contract: add products from the
 * on-shelf picker, edit spec / unit / quantity / price (/ discount), live amounts and total
 * computed exactly (see money.ts). Used as a Form.Item control (value / onChange).
 */
export default function LineEditor({
  value = [],
  onChange,
  withDiscount,
  errors = {},
  addId,
  totalId,
}: {
  value?: Line[];
  onChange?: (lines: Line[]) => void;
  withDiscount: boolean;
  /** Errors keyed "<row>.<field>" (client or backend). */
  errors?: Record<string, string>;
  addId: string;
  totalId: string;
}) {
  const { t } = useI18n();
  const [picking, setPicking] = useState(false);
  const lines = value;
  const { amounts, total } = lineTotals(lines, withDiscount);
  const local = validateLines(lines, withDiscount, t);
  const set = (i: number, patch: Partial<Line>) => onChange?.(lines.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  const cell = (
    i: number,
    field: "specification" | "unit" | "quantity" | "unitPrice" | "discount",
    id: string,
    width: number,
    suffix?: string,
  ) => {
    const err = errors[`${i}.${field}`] ?? (field === "specification" || field === "unit" ? undefined : local[`${i}.${field}`]);
    return (
      <div>
        <Input
          id={id}
          size="small"
          style={{ width }}
          value={lines[i][field]}
          status={err ? "error" : undefined}
          suffix={suffix}
          inputMode={field === "specification" || field === "unit" ? undefined : "decimal"}
          onChange={(e) => set(i, { [field]: e.target.value })}
          aria-label={`${t(`line.${field}`)} ${i + 1}`}
        />
        {err && (
          <div className="ant-form-item-explain-error" style={{ fontSize: 12, maxWidth: width + 40 }}>
            {err}
          </div>
        )}
      </div>
    );
  };

  return (
    <div>
      <Table<Line>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={lines}
        scroll={{ x: withDiscount ? 900 : 800 }}
        locale={{ emptyText: t("line.empty") }}
        columns={[
          { key: "no", title: "#", width: 40, render: (_, __, i) => i + 1 },
          {
            key: "product",
            title: t("line.product"),
            width: 160,
            render: (_, l, i) => (
              <div>
                {l.productName}
                {errors[`${i}.productId`] && (
                  <div className="ant-form-item-explain-error" style={{ fontSize: 12 }}>
                    {errors[`${i}.productId`]}
                  </div>
                )}
              </div>
            ),
          },
          {
            key: "spec",
            title: t("line.specification"),
            width: 130,
            render: (_, __, i) => cell(i, "specification", `line-${i}-spec`, 120),
          },
          { key: "unit", title: t("line.unit"), width: 70, render: (_, __, i) => cell(i, "unit", `line-${i}-unit`, 60) },
          { key: "qty", title: t("line.quantity"), width: 100, render: (_, __, i) => cell(i, "quantity", `line-${i}-quantity`, 90) },
          { key: "price", title: t("line.unitPrice"), width: 120, render: (_, __, i) => cell(i, "unitPrice", `line-${i}-price`, 110) },
          ...(withDiscount
            ? [
                {
                  key: "discount",
                  title: t("line.discount"),
                  width: 100,
                  render: (_: unknown, __: Line, i: number) => cell(i, "discount", `line-${i}-discount`, 90, "%"),
                },
              ]
            : []),
          {
            key: "amount",
            title: t("line.amount"),
            width: 130,
            align: "right" as const,
            render: (_, __, i) => <span data-testid={`line-${i}-amount`}>{amounts[i] === null ? "-" : formatMoney(amounts[i])}</span>,
          },
          {
            key: "remove",
            title: "",
            width: 48,
            render: (_, __, i) => (
              <Button
                type="text"
                danger
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t("line.remove")}
                data-testid={`line-${i}-remove`}
                onClick={() => onChange?.(lines.filter((_, j) => j !== i))}
              />
            ),
          },
        ]}
      />
      <div style={{ display: "flex", justifyContent: "space-between", alignItems: "center", marginTop: 12 }}>
        <Button icon={<PlusOutlined />} id={addId} onClick={() => setPicking(true)}>
          {t("line.add")}
        </Button>
        <Space>
          <Typography.Text type="secondary">{t("line.total")}</Typography.Text>
          <Typography.Text strong style={{ fontSize: 18 }} id={totalId}>
            {formatMoney(total)}
          </Typography.Text>
        </Space>
      </div>
      <ProductPicker
        open={picking}
        onClose={() => setPicking(false)}
        onPick={(p) => {
          onChange?.([...lines, lineFromProduct(p)]);
          setPicking(false);
        }}
      />
    </div>
  );
}
