import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../../api";
import { renderPage, userWith } from "../../../test/render";
import QuotationDetail from "../../quotations/QuotationDetail";
import DocShell, { type DocShellProps } from "./DocShell";

afterEach(() => clearMocks());

/** A document type the core knows nothing about (as receivables / invoices will be). */
type Receipt = { id: number; no: string; status: "open" | "paid"; total: string; upper: string };
const DOC: Receipt = { id: 3, no: "HK-0003", status: "open", total: "1200.00", upper: "壹仟贰佰元整" };
const ITEMS = [{ id: 1, productName: "CRM 标准版", specification: null, quantity: "1", unit: "套", unitPrice: "1200", amount: "1200.00" }];

function receipt(over: Partial<DocShellProps<Receipt>> = {}): DocShellProps<Receipt> {
  return {
    id: DOC.id,
    query: { data: DOC, error: null, isLoading: false },
    title: (r) => <span data-testid="doc-no">{r.no}</span>,
    invalidates: ["contracts"],
    print: "contract",
    historyEntity: "crm_receipt",
    onClose: () => {},
    facts: (r) => [{ key: "total", label: "合计", children: r.total }],
    items: (r) => ({ label: "明细", rows: ITEMS, withDiscount: false, total: r.total, totalUpper: r.upper }),
    actions: () => [],
    ...over,
  };
}

describe("DocShell (the sales-document core)", () => {
  it("shows the number, facts, PDF buttons, line items with totals and history", async () => {
    mockIPC(() => ({ items: [], total: 0, page: 1, pageSize: 100 }));
    renderPage(<DocShell<Receipt> {...receipt()} />);
    expect((await screen.findByTestId("doc-no")).textContent).toBe("HK-0003");
    expect(screen.getByTestId("total-upper").textContent).toContain("壹仟贰佰元整");
    expect(screen.getByTestId("detail-total").textContent).toBe("¥ 1,200.00");
    expect(document.getElementById("pdf-open")).toBeTruthy();
    expect(screen.getByText("CRM 标准版")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "操作记录" })).toBeTruthy();
  });

  it("offers only the actions the config returns, runs one through the mutation policy and reports success", async () => {
    mockIPC(() => null);
    const pay = vi.fn().mockResolvedValue({ ...DOC, status: "paid" });
    const edit = vi.fn();
    renderPage(
      <DocShell<Receipt>
        {...receipt({
          actions: (r) => [
            r.status === "open" && { key: "pay", id: "doc-pay", type: "primary", label: "确认收款", run: pay, success: "已收款" },
            { key: "edit", id: "doc-edit", label: "编辑", onClick: edit },
            r.status === "paid" && { key: "refund", id: "doc-refund", label: "退款", run: pay },
          ],
        })}
      />,
    );
    await screen.findByTestId("doc-no");
    expect(document.getElementById("doc-refund")).toBeNull();
    await userEvent.click(document.getElementById("doc-edit")!);
    expect(edit).toHaveBeenCalled();
    await userEvent.click(document.getElementById("doc-pay")!);
    expect(await screen.findByText("已收款")).toBeTruthy();
    expect(pay).toHaveBeenCalledTimes(1);
  });

  it("asks before a confirmed action and shows a refusal on the drawer when configured", async () => {
    mockIPC(() => null);
    const remove = vi.fn().mockRejectedValue(new ApiError({ code: "VALIDATION", message: "已收款的单据不能删除", field: null }));
    renderPage(
      <DocShell<Receipt>
        {...receipt({
          refusalTestId: "doc-error",
          actions: () => [
            {
              key: "delete",
              id: "doc-delete",
              danger: true,
              text: true,
              label: "删除",
              run: remove,
              confirm: { title: "删除 HK-0003?", okText: "删除", danger: true },
            },
          ],
        })}
      />,
    );
    await userEvent.click(await screen.findByRole("button", { name: /删\s*除/ }));
    expect(remove).not.toHaveBeenCalled();
    expect((await screen.findAllByText("删除 HK-0003?")).length).toBeGreaterThan(0);
    fireEvent.click(document.getElementById("confirm-delete")!);
    await waitFor(() => expect(remove).toHaveBeenCalled());
    expect((await screen.findByTestId("doc-error")).textContent).toContain("已收款的单据不能删除");
  });
});

describe("Quotations as a DocShell configuration", () => {
  const QUOTE = {
    id: 9,
    lockVersion: 1,
    quotationNo: "QT-2030-0009",
    opportunityId: 7,
    opportunityName: "CRM 升级项目",
    customerId: 3,
    customerName: "杭州云帆科技有限公司",
    validUntil: null,
    totalAmount: "39998.00",
    totalUpper: "叁万玖仟玖佰玖拾捌元整",
    status: "draft",
    remark: null,
    createdBy: 1,
    createdByName: "管理员",
    createdAt: "2030-01-01T00:00:00",
    updatedAt: "2030-01-01T00:00:00",
    items: [
      {
        id: 1,
        productId: 1,
        productName: "CRM 企业版",
        specification: null,
        quantity: "2",
        unit: "套",
        unitPrice: "19999",
        discount: "100",
        amount: "39998.00",
      },
    ],
  };

  it("a draft offers send / edit / copy / delete; sending calls quotation_set_status", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "quotation_get") return QUOTE;
      if (cmd === "quotation_set_status") return { ...QUOTE, status: "sent" };
      return { items: [], total: 0, page: 1, pageSize: 100 };
    });
    renderPage(<QuotationDetail id={9} onEdit={() => {}} onOpen={() => {}} onClose={() => {}} />);
    expect((await screen.findByTestId("quote-no")).textContent).toBe("QT-2030-0009");
    for (const id of ["quote-send", "quote-edit", "quote-copy", "quote-delete"]) expect(document.getElementById(id), id).toBeTruthy();
    expect(document.getElementById("quote-accept")).toBeNull();
    await userEvent.click(document.getElementById("quote-send")!);
    await waitFor(() => expect(calls.find((c) => c[0] === "quotation_set_status")?.[1]).toEqual({ id: 9, status: "sent" }));
  });

  it("a user without quotation:update sees no status actions", async () => {
    mockIPC((cmd) => (cmd === "quotation_get" ? QUOTE : null));
    renderPage(<QuotationDetail id={9} onEdit={() => {}} onOpen={() => {}} onClose={() => {}} />, { user: userWith("quotation:read") });
    const title = await screen.findByTestId("quote-no");
    expect(within(title.closest(".ant-drawer")!).queryByText(/标记为已发送|Mark as sent/)).toBeNull();
    expect(document.getElementById("quote-send")).toBeNull();
    expect(document.getElementById("quote-delete")).toBeNull();
  });
});
