import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ProductFilter, ProductRow } from "../../api";
import { renderPage, userWith } from "../../test/render";
import Products from "./Products";

afterEach(() => clearMocks());

const last = <T,>(xs: T[]): T => xs[xs.length - 1];

const product = (id: number, name: string, price: string): ProductRow => ({
  id,
  lockVersion: 1,
  productName: name,
  categoryId: 1,
  categoryName: "软件",
  specification: null,
  unit: "套",
  price,
  costPrice: null,
  status: "on_shelf",
  description: null,
  createdAt: `2030-01-0${id}T00:00:00`,
});

const ROWS = [product(1, "CRM 企业版", "19999.00"), product(2, "短信包", "0.005"), product(3, "实施服务", "800.00")];

type ListArgs = { filter: ProductFilter; page: { page: number; pageSize: number } };

function backend(lists: ListArgs[]) {
  mockIPC((cmd, args) => {
    switch (cmd) {
      case "category_tree":
        return [{ id: 1, categoryName: "软件", parentId: null, sort: 0, productCount: 3, children: [] }];
      case "product_list": {
        const a = args as unknown as ListArgs;
        lists.push(a);
        // The server's order (by category by default); the page shows it as it comes.
        const byPrice = [ROWS[1], ROWS[2], ROWS[0]];
        const items = a.filter.sort === "price" ? (a.filter.desc ? byPrice.reverse() : byPrice) : ROWS;
        return { items, total: 3, page: a.page.page, pageSize: a.page.pageSize };
      }
      default:
        return null;
    }
  });
}

const shown = () => [...document.querySelectorAll('[data-testid^="product-open-"]')].map((a) => a.textContent);

describe("Products list", () => {
  it("sorts by price on the server", { timeout: 60_000 }, async () => {
    const lists: ListArgs[] = [];
    backend(lists);
    renderPage(<Products />, { route: "/products" });
    await screen.findByTestId("product-open-1");
    expect(lists[0].filter).toMatchObject({ keyword: null, categoryId: null, status: null, sort: null, desc: null });

    // The category filter is kept alongside the sort.
    await userEvent.click(await screen.findByText("软件 (3)"));
    await waitFor(() => expect(last(lists).filter.categoryId).toBe(1));

    const header = screen.getByTestId("list-products").querySelector("thead")!;
    await userEvent.click(within(header).getByText("标准价"));
    await waitFor(() => expect(last(lists).filter).toMatchObject({ categoryId: 1, sort: "price", desc: false }));
    await waitFor(() => expect(shown()).toEqual(["短信包", "实施服务", "CRM 企业版"]));

    await userEvent.click(within(header).getByText("标准价"));
    await waitFor(() => expect(last(lists).filter).toMatchObject({ categoryId: 1, sort: "price", desc: true }));
    await waitFor(() => expect(shown()).toEqual(["CRM 企业版", "实施服务", "短信包"]));
    expect(lists.every((l) => l.page.page === 1)).toBe(true);
  });
});

describe("Product cost prices", () => {
  const withCost = { ...ROWS[0], costPrice: "12000.00" };
  function costBackend(calls: [string, Record<string, unknown>][], row: ProductRow) {
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      switch (cmd) {
        case "category_tree":
          return [{ id: 1, categoryName: "软件", parentId: null, sort: 0, productCount: 1, children: [] }];
        case "product_list":
          return { items: [row], total: 1, page: 1, pageSize: 50 };
        case "product_update":
          return row;
        default:
          return null;
      }
    });
  }

  it("roles with product:cost see the column and the field", { timeout: 60_000 }, async () => {
    const calls: [string, Record<string, unknown>][] = [];
    costBackend(calls, withCost);
    renderPage(<Products />, { route: "/products", user: userWith("product:*") });
    await screen.findByTestId("product-open-1");
    const header = screen.getByTestId("list-products").querySelector("thead")!;
    expect(within(header).getByText("成本价")).toBeTruthy();
    expect(screen.getByText("¥ 12,000.00")).toBeTruthy();
    await userEvent.click(screen.getByTestId("product-open-1"));
    await waitFor(() => expect((document.getElementById("product-cost") as HTMLInputElement).value).toBe("12000.00"));
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "product_update")).toBe(true));
    expect(calls.find(([c]) => c === "product_update")![1].input).toMatchObject({ costPrice: "12000.00" });
  });

  it("others see neither, and send no cost (the backend keeps the stored one)", { timeout: 60_000 }, async () => {
    const calls: [string, Record<string, unknown>][] = [];
    costBackend(calls, ROWS[0]);
    renderPage(<Products />, { route: "/products", user: userWith("product:read", "product:create", "product:update") });
    await screen.findByTestId("product-open-1");
    const header = screen.getByTestId("list-products").querySelector("thead")!;
    expect(within(header).queryByText("成本价")).toBeNull();
    expect(within(header).getByText("标准价")).toBeTruthy();
    // Not in the column settings either.
    await userEvent.click(screen.getByRole("button", { name: "显示列" }));
    expect(await screen.findByText("标准价", { selector: ".ant-checkbox-label, .ant-checkbox-wrapper span" })).toBeTruthy();
    expect(screen.queryByText("成本价")).toBeNull();

    await userEvent.click(screen.getByTestId("product-open-1"));
    await waitFor(() => expect((document.getElementById("product-name") as HTMLInputElement).value).toBe("CRM 企业版"));
    expect(document.getElementById("product-cost")).toBeNull();
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "product_update")).toBe(true));
    expect(calls.find(([c]) => c === "product_update")![1].input).toMatchObject({ productName: "CRM 企业版", costPrice: null });
  });
});
