import { useQuery } from "@tanstack/react-query";
import {
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Row,
  Select,
  Space,
  Switch,
  Tree,
  TreeSelect,
  Typography,
} from "antd";
import { DeleteOutlined, EditOutlined, PlusOutlined } from "@ant-design/icons";
import { useState } from "react";
import {
  api,
  ApiError,
  productKeys,
  type CategoryInput,
  type CategoryNode,
  type ProductFilter,
  type ProductInput,
  type ProductRow,
  type ProductSort,
  type ProductStatus,
} from "../../api";
import { useSession } from "../../app/session";
import { byField } from "../../components/sorters";
import { PRODUCT_STATUS } from "../../domain/enums";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useFreshRecord } from "../../hooks/useFreshRecord";
import FormDrawer from "../../components/FormDrawer";
import FormModal from "../../components/FormModal";
import ListPage, { type ListColumn, type Sort } from "../../components/ListPage";
import { actionsWidth } from "../../components/actionsWidth";
import { blank, localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import ExportButton from "../dataio/ExportButton";
import ImportButton from "../dataio/ImportButton";
import { ProductStatusTag } from "../sales/labels";

type TreeItem = { key: number; value: number; title: string; children: TreeItem[] };

const toTree = (nodes: CategoryNode[], withCount: boolean): TreeItem[] =>
  nodes.map((n) => ({
    key: n.id,
    value: n.id,
    title: withCount ? `${n.categoryName} (${n.productCount})` : n.categoryName,
    children: toTree(n.children, withCount),
  }));

const findNode = (nodes: CategoryNode[], id: number | null): CategoryNode | null => {
  for (const n of nodes) {
    if (n.id === id) return n;
    const c = findNode(n.children, id);
    if (c) return c;
  }
  return null;
};

/** A price as typed: up to 4 decimals, not negative. */
export const PRICE_RE = /^\d{1,14}(\.\d{1,4})?$/;

const EMPTY: ProductFilter = { keyword: null, categoryId: null, status: null };
const PRODUCT_FIELDS = ["productName", "categoryId", "specification", "unit", "price", "costPrice", "status", "description"] as const;

type PV = Omit<ProductInput, "status"> & { onShelf: boolean };

/**
 * A product as stored now. There is no product_get: look it up by its name (the usual
 * case), else page through the catalogue (someone may have renamed it).
 */
async function loadProduct(p: ProductRow): Promise<ProductRow> {
  const byName = await api.products.list({ ...EMPTY, keyword: p.productName }, { page: 1, pageSize: 100 });
  const hit = byName.items.find((x) => x.id === p.id);
  if (hit) return hit;
  for (let page = 1; ; page++) {
    const r = await api.products.list(EMPTY, { page, pageSize: 500 });
    const found = r.items.find((x) => x.id === p.id);
    if (found) return found;
    if (!r.items.length || page * 500 >= Number(r.total)) break;
  }
  throw new ApiError({ code: "NOT_FOUND", message: "", field: null });
}

function ProductForm({
  editing,
  categories,
  defaultCategory,
  onClose,
}: {
  editing: ProductRow | "new" | null;
  categories: CategoryNode[];
  defaultCategory: number | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { can } = useSession();
  // Cost prices are only shown to (and changed by) roles with product:cost; others get null.
  const showCost = can("product:cost");
  const [form] = Form.useForm<PV>();
  const isNew = editing === "new";
  const { record: pr, reload } = useFreshRecord(editing, loadProduct);
  const initial: Partial<PV> = pr
    ? {
        productName: pr.productName,
        categoryId: pr.categoryId,
        specification: pr.specification,
        unit: pr.unit,
        price: pr.price,
        costPrice: pr.costPrice,
        description: pr.description,
        onShelf: pr.status === "on_shelf",
      }
    : { categoryId: defaultCategory ?? undefined, onShelf: true, price: "" };
  const priceRule = (label: string, required: boolean) => [
    ...(required ? [{ required: true, message: t("common.required", { label }) }] : []),
    { pattern: PRICE_RE, message: t("product.badPrice") },
  ];
  return (
    <FormDrawer<PV>
      open={editing !== null}
      title={isNew ? t("product.new") : t("product.edit")}
      form={form}
      fields={showCost ? PRODUCT_FIELDS : PRODUCT_FIELDS.filter((f) => f !== "costPrice")}
      initialValues={initial}
      onClose={onClose}
      invalidates={["products"]}
      onReload={reload}
      onSubmit={async (v) => {
        const input: ProductInput = {
          productName: v.productName.trim(),
          categoryId: v.categoryId,
          specification: blank(v.specification),
          unit: blank(v.unit),
          price: String(v.price).trim(),
          // Without product:cost the backend keeps the stored cost; send none.
          costPrice: showCost ? blank(v.costPrice) : null,
          status: v.onShelf ? "on_shelf" : "off_shelf",
          description: blank(v.description),
        };
        if (isNew) await api.products.create(input);
        else if (pr) await api.products.update(pr.id, input, pr.lockVersion);
      }}
    >
      <Form.Item
        name="productName"
        label={t("product.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("product.name") }) }]}
      >
        <Input id="product-name" maxLength={200} autoFocus />
      </Form.Item>
      <Form.Item
        name="categoryId"
        label={t("product.category")}
        rules={[{ required: true, message: t("common.required", { label: t("product.category") }) }]}
      >
        <TreeSelect
          id="product-category"
          treeData={toTree(categories, false)}
          treeDefaultExpandAll
          showSearch={{ treeNodeFilterProp: "title" }}
          placeholder={t("product.chooseCategory")}
        />
      </Form.Item>
      <Row gutter={16}>
        <Col span={12}>
          <Form.Item name="specification" label={t("product.spec")}>
            <Input id="product-spec" maxLength={200} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="unit" label={t("product.unit")}>
            <Input id="product-unit" maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="price" label={t("product.price")} rules={priceRule(t("product.price"), true)}>
            <Input id="product-price" prefix="¥" inputMode="decimal" />
          </Form.Item>
        </Col>
        {showCost && (
          <Col span={12}>
            <Form.Item name="costPrice" label={t("product.cost")} rules={priceRule(t("product.cost"), false)}>
              <Input id="product-cost" prefix="¥" inputMode="decimal" />
            </Form.Item>
          </Col>
        )}
      </Row>
      <Form.Item name="onShelf" label={t("product.onShelf")} valuePropName="checked">
        <Switch id="product-status" checkedChildren={t("product.status.on_shelf")} unCheckedChildren={t("product.status.off_shelf")} />
      </Form.Item>
      <Form.Item name="description" label={t("product.description")}>
        <Input.TextArea id="product-description" rows={4} maxLength={2000} showCount />
      </Form.Item>
    </FormDrawer>
  );
}

type CV = { categoryName: string; parentId: number | null; sort: number };

function CategoryForm({
  editing,
  categories,
  parentId,
  onClose,
}: {
  editing: CategoryNode | "new" | null;
  categories: CategoryNode[];
  parentId: number | null;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CV>();
  const isNew = editing === "new";
  const initial: Partial<CV> =
    editing && editing !== "new"
      ? { categoryName: editing.categoryName, parentId: editing.parentId, sort: editing.sort }
      : { parentId, sort: 0 };
  return (
    <FormModal<CV>
      open={editing !== null}
      title={isNew ? t("category.new") : t("category.edit")}
      form={form}
      fields={["categoryName", "parentId", "sort"]}
      initialValues={initial}
      okId="category-save"
      onClose={onClose}
      invalidates={["products"]}
      onSubmit={async (v) => {
        const input: CategoryInput = { categoryName: v.categoryName.trim(), parentId: v.parentId ?? null, sort: v.sort ?? 0 };
        if (isNew) await api.categories.create(input);
        else if (editing) await api.categories.update(editing.id, input);
      }}
    >
      <Form.Item
        name="categoryName"
        label={t("category.name")}
        rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("category.name") }) }]}
      >
        <Input id="category-name" maxLength={100} autoFocus />
      </Form.Item>
      <Form.Item name="parentId" label={t("category.parent")}>
        <TreeSelect
          id="category-parent"
          allowClear
          treeData={toTree(categories, false)}
          treeDefaultExpandAll
          placeholder={t("category.root")}
        />
      </Form.Item>
      <Form.Item name="sort" label={t("category.sort")}>
        <InputNumber id="category-sort" min={0} max={9999} precision={0} />
      </Form.Item>
    </FormModal>
  );
}

/** Products: the category tree on the left, the product list on the right. */
export default function Products() {
  const { t } = useI18n();
  const { can } = useSession();
  const [filter, setFilter] = useState<ProductFilter>(EMPTY);
  const [keyword, setKeyword] = useState("");
  const [editing, setEditing] = useState<ProductRow | "new" | null>(null);
  const [editingCat, setEditingCat] = useState<CategoryNode | "new" | null>(null);
  const tree = useQuery({ queryKey: productKeys.categories(), queryFn: api.categories.tree });
  const categories = tree.data ?? [];
  const selected = findNode(categories, filter.categoryId);
  const set = (patch: Partial<ProductFilter>) => setFilter((f) => ({ ...f, ...patch }));
  // What the list asks for, with its sort (the export sends the same).
  const query = (sort: Sort): ProductFilter => ({
    ...filter,
    sort: (sort?.field as ProductSort | undefined) ?? null,
    desc: sort ? sort.desc : null,
  });
  const manage = can("product:update") || can("product:create");

  const removeProduct = useApiMutation((p: ProductRow) => api.products.remove(p.id), {
    invalidates: ["products"],
    success: t("common.deleted"),
  });
  const removeCategory = useApiMutation((c: CategoryNode) => api.categories.remove(c.id), {
    invalidates: ["products"],
    success: t("common.deleted"),
    onSuccess: () => set({ categoryId: null }),
  });

  const columns: (ListColumn<ProductRow> | false)[] = [
    {
      key: "productName",
      title: t("product.name"),
      dataIndex: "productName",
      sorter: true,
      width: 200,
      ellipsis: true,
      render: (v: string, p) =>
        can("product:update") ? (
          <a onClick={() => setEditing(p)} data-testid={`product-open-${p.id}`}>
            {v}
          </a>
        ) : (
          v
        ),
    },
    {
      key: "categoryName",
      title: t("product.category"),
      dataIndex: "categoryName",
      sorter: byField("categoryName"),
      width: 120,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "specification",
      title: t("product.spec"),
      dataIndex: "specification",
      sorter: byField("specification"),
      width: 150,
      ellipsis: true,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "unit",
      title: t("product.unit"),
      dataIndex: "unit",
      sorter: byField("unit"),
      width: 70,
      render: (v: string | null) => v ?? "-",
    },
    {
      key: "price",
      title: t("product.price"),
      dataIndex: "price",
      sorter: true,
      width: 130,
      align: "right",
      render: (v: string) => formatMoney(v),
    },
    can("product:cost") && {
      key: "costPrice",
      title: t("product.cost"),
      dataIndex: "costPrice",
      sorter: byField("costPrice"),
      width: 130,
      align: "right",
      render: (v: string | null) => (v ? formatMoney(v) : "-"),
    },
    {
      key: "status",
      title: t("product.status"),
      dataIndex: "status",
      sorter: true,
      width: 80,
      render: (v: ProductStatus) => <ProductStatusTag status={v} />,
    },
    {
      key: "createdAt",
      title: t("customer.createdAt"),
      dataIndex: "createdAt",
      sorter: true,
      width: 150,
      render: localTime,
    },
    {
      key: "actions",
      title: t("common.actions"),
      width: actionsWidth([can("product:update") && t("common.edit"), can("product:delete") && t("common.delete")]),
      fixed: "right",
      render: (_, p) => (
        <Space size={0} wrap>
          {can("product:update") && (
            <Button type="link" size="small" onClick={() => setEditing(p)}>
              {t("common.edit")}
            </Button>
          )}
          {can("product:delete") && (
            <Popconfirm
              title={t("product.deleteConfirm", { name: p.productName })}
              okButtonProps={{ danger: true, id: "confirm-delete" }}
              onConfirm={() => removeProduct.run(p)}
            >
              <Button type="link" size="small" danger data-testid={`product-delete-${p.id}`}>
                {t("common.delete")}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <div data-testid="products-page">
      <Row gutter={16} wrap={false}>
        <Col flex="260px">
          <Card
            size="small"
            title={t("category.title")}
            extra={
              manage && (
                <Button size="small" type="link" icon={<PlusOutlined />} id="category-new" onClick={() => setEditingCat("new")}>
                  {t("category.new")}
                </Button>
              )
            }
          >
            <Typography.Link onClick={() => set({ categoryId: null })} strong={filter.categoryId === null} data-testid="category-all">
              {t("category.all")}
            </Typography.Link>
            {categories.length ? (
              <Tree<TreeItem>
                style={{ marginTop: 8 }}
                defaultExpandAll
                blockNode
                treeData={toTree(categories, true)}
                selectedKeys={filter.categoryId ? [filter.categoryId] : []}
                onSelect={(keys) => set({ categoryId: keys.length ? Number(keys[0]) : null })}
              />
            ) : (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("category.empty")} />
            )}
            {selected && manage && (
              <Space style={{ marginTop: 12 }}>
                <Button size="small" icon={<EditOutlined />} id="category-edit" onClick={() => setEditingCat(selected)}>
                  {t("common.edit")}
                </Button>
                <Popconfirm
                  title={t("category.deleteConfirm", { name: selected.categoryName })}
                  okButtonProps={{ danger: true, id: "confirm-delete" }}
                  onConfirm={() => removeCategory.run(selected)}
                >
                  <Button size="small" danger icon={<DeleteOutlined />} id="category-delete">
                    {t("common.delete")}
                  </Button>
                </Popconfirm>
              </Space>
            )}
          </Card>
        </Col>
        <Col flex="auto" style={{ minWidth: 0 }}>
          <ListPage<ProductRow>
            id="products"
            queryKey={productKeys.list(filter)}
            columns={columns.filter((c): c is ListColumn<ProductRow> => !!c)}
            filters={filter}
            rowKey={(r) => r.id}
            fetch={(page, sort) => api.products.list(query(sort), page)}
            actions={(v) => (
              <>
                <ImportButton kind="product" />
                <ExportButton kind="product" filter={query(v.sort)} columns={v.columns} />
              </>
            )}
            onOpen={(p) => can("product:update") && setEditing(p)}
            emptyText={t("product.empty")}
            toolbar={
              <Space wrap>
                <Input.Search
                  id="product-keyword"
                  allowClear
                  placeholder={t("product.keyword")}
                  value={keyword}
                  onChange={(e) => setKeyword(e.target.value)}
                  onSearch={(v) => set({ keyword: v.trim() || null })}
                  style={{ width: 220 }}
                />
                <Select<ProductStatus>
                  allowClear
                  placeholder={t("product.status")}
                  style={{ width: 110 }}
                  value={filter.status ?? undefined}
                  onChange={(v) => set({ status: v ?? null })}
                  options={PRODUCT_STATUS.options(t)}
                />
                {can("product:create") && (
                  <Button type="primary" icon={<PlusOutlined />} id="product-new" onClick={() => setEditing("new")}>
                    {t("product.new")}
                  </Button>
                )}
              </Space>
            }
          />
        </Col>
      </Row>
      <ProductForm editing={editing} categories={categories} defaultCategory={filter.categoryId} onClose={() => setEditing(null)} />
      <CategoryForm editing={editingCat} categories={categories} parentId={filter.categoryId} onClose={() => setEditingCat(null)} />
    </div>
  );
}
