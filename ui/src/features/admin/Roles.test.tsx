import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { PermissionModule, RoleInput } from "../../api";
import { renderPage } from "../../test/render";
import Roles, { PermissionMatrix } from "./Roles";

afterEach(() => clearMocks());

const CRUD = ["read", "create", "update", "delete"];
// As the backend's PERMISSION_CATALOG lists them: products gained "cost" (see cost prices).
const CATALOG: PermissionModule[] = [
  { module: "contract", labelZh: "合同", labelEn: "Contracts", actions: [...CRUD, "approve"] },
  { module: "product", labelZh: "产品", labelEn: "Products", actions: [...CRUD, "cost"] },
];

const box = (perm: string) => document.querySelector(`[data-perm="${perm}"] input`) as HTMLInputElement | null;

describe("Roles: the product cost permission", () => {
  it("the matrix offers product:cost and saves it", { timeout: 60_000 }, async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      switch (cmd) {
        case "role_list":
          return [];
        case "permission_catalog":
          return CATALOG;
        case "role_create":
          return { id: 9, ...(args as { input: RoleInput }).input, userCount: 0 };
        default:
          return null;
      }
    });
    renderPage(<Roles canEdit />);
    await userEvent.click(await screen.findByRole("button", { name: /新建角色/ }));
    await waitFor(() => expect(box("product:cost")).toBeTruthy());
    // Its own column ("看成本价"), only on the product row.
    const drawer = document.querySelector(".ant-drawer-open")!;
    expect(within(drawer as HTMLElement).getByText("看成本价")).toBeTruthy();
    expect(box("contract:cost")).toBeNull();
    expect(box("product:cost")!.checked).toBe(false);

    await userEvent.type(document.getElementById("role-name")!, "财务");
    await userEvent.click(box("product:read")!);
    await userEvent.click(box("product:cost")!);
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "role_create")).toBe(true));
    const input = calls.find(([c]) => c === "role_create")![1].input as RoleInput;
    expect(input).toMatchObject({ roleName: "财务", permissions: ["product:cost", "product:read"] });
  });

  it("product:* and * include it", () => {
    const { unmount } = renderPage(<PermissionMatrix catalog={CATALOG} value={["product:*"]} />);
    expect(box("product:cost")!.checked).toBe(true);
    expect(box("product:cost")!.disabled).toBe(true);
    unmount();
    renderPage(<PermissionMatrix catalog={CATALOG} value={["*"]} />);
    expect(box("product:cost")!.checked).toBe(true);
  });
});

describe("Roles: every action of the catalog has a column title", () => {
  // As the backend lists them since spreadsheet import and export (and payments / invoices).
  const FULL: PermissionModule[] = [
    { module: "customer", labelZh: "客户", labelEn: "Customers", actions: [...CRUD, "transfer", "claim", "import", "export"] },
    { module: "payment", labelZh: "回款", labelEn: "Payments", actions: [...CRUD, "confirm"] },
    { module: "invoice", labelZh: "发票", labelEn: "Invoices", actions: [...CRUD, "request"] },
  ];
  const titles = () => Array.from(document.querySelectorAll("thead th")).map((th) => th.textContent);

  it("import and export (and confirm, request) are named in both languages", () => {
    const { unmount } = renderPage(<PermissionMatrix catalog={FULL} value={["customer:import"]} />);
    expect(titles()).toEqual(["模块", "全部", "查看", "新建", "编辑", "删除", "转移", "领取", "导入", "导出", "确认", "申请"]);
    expect(box("customer:import")!.checked).toBe(true);
    expect(box("customer:export")!.checked).toBe(false);
    expect(box("payment:import")).toBeNull();
    unmount();
    renderPage(<PermissionMatrix catalog={FULL} />, { lang: "en-US" });
    expect(titles()).toContain("Import");
    expect(titles()).toContain("Export");
    expect(titles().some((x) => x?.startsWith("perm."))).toBe(false);
  });
});
