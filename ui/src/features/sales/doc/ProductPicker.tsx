import { useQuery } from "@tanstack/react-query";
import { Button, Input, Modal, Table } from "antd";
import { useEffect, useState } from "react";
import { productKeys, api, type ProductRow } from "../../../api";
import { useI18n } from "../../../i18n";
import { formatMoney } from "../../../money";

/** Choose an on-shelf product for a line (search by name or specification). */
export default function ProductPicker({ open, onClose, onPick }: { open: boolean; onClose: () => void; onPick: (p: ProductRow) => void }) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [keyword, setKeyword] = useState<string | null>(null);
  useEffect(() => {
    const h = setTimeout(() => setKeyword(text.trim() || null), 250);
    return () => clearTimeout(h);
  }, [text]);
  const q = useQuery({ queryKey: productKeys.pick(keyword), queryFn: () => api.products.pick(keyword), enabled: open });
  return (
    <Modal open={open} title={t("line.pickTitle")} onCancel={onClose} footer={null} width={760} destroyOnHidden>
      <Input.Search
        id="product-pick-search"
        allowClear
        autoFocus
        placeholder={t("product.keyword")}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onSearch={(v) => setKeyword(v.trim() || null)}
        style={{ marginBottom: 12 }}
      />
      <Table<ProductRow>
        rowKey="id"
        size="small"
        loading={q.isFetching}
        dataSource={q.data ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: t("line.pickEmpty") }}
        onRow={(p) => ({ onDoubleClick: () => onPick(p) })}
        columns={[
          { key: "name", title: t("product.name"), dataIndex: "productName", ellipsis: true },
          { key: "category", title: t("product.category"), dataIndex: "categoryName", width: 110, render: (v: string | null) => v ?? "-" },
          { key: "spec", title: t("product.spec"), dataIndex: "specification", width: 130, render: (v: string | null) => v ?? "-" },
          { key: "unit", title: t("product.unit"), dataIndex: "unit", width: 60, render: (v: string | null) => v ?? "-" },
          {
            key: "price",
            title: t("product.price"),
            dataIndex: "price",
            width: 120,
            align: "right",
            render: (v: string) => formatMoney(v),
          },
          {
            key: "pick",
            title: "",
            width: 80,
            render: (_, p) => (
              <Button size="small" type="primary" data-testid={`pick-${p.id}`} onClick={() => onPick(p)}>
                {t("line.pick")}
              </Button>
            ),
          },
        ]}
      />
    </Modal>
  );
}
