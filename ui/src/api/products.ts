// Products and their category tree.
import { call } from "./client";
import type { CategoryInput } from "./types/CategoryInput";
import type { CategoryNode } from "./types/CategoryNode";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { ProductFilter } from "./types/ProductFilter";
import type { ProductInput } from "./types/ProductInput";
import type { ProductRow } from "./types/ProductRow";

export const productKeys = {
  all: ["products"] as const,
  list: (filter: ProductFilter) => [...productKeys.all, "list", filter] as const,
  /** On-shelf products for the line pickers. */
  pick: (keyword: string | null) => [...productKeys.all, "pick", keyword] as const,
  categories: () => [...productKeys.all, "categories"] as const,
};

export const categories = {
  tree: () => call<CategoryNode[]>("category_tree"),
  create: (input: CategoryInput) => call<number>("category_create", { input }),
  update: (id: number, input: CategoryInput) => call<void>("category_update", { id, input }),
  remove: (id: number) => call<void>("category_delete", { id }),
};

export const products = {
  list: (filter: ProductFilter, page: PageReq) => call<Page<ProductRow>>("product_list", { filter, page }),
  /** On-shelf products for the quotation / contract line pickers. */
  pick: (keyword: string | null) => call<ProductRow[]>("product_pick", { keyword }),
  create: (input: ProductInput) => call<ProductRow>("product_create", { input }),
  update: (id: number, input: ProductInput, lockVersion: number) => call<ProductRow>("product_update", { id, input, lockVersion }),
  remove: (id: number) => call<void>("product_delete", { id }),
};
