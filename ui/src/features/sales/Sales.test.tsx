import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage } from "../../test/render";
import ContractDetail from "../contracts/ContractDetail";
import Opportunities from "../opportunities/Opportunities";
import QuotationEditor from "../quotations/QuotationEditor";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const product = (id: number, name: string, price: string) => ({
  id,
  lockVersion: 1,
  productName: name,
  categoryId: 1,
  categoryName: "软件",
  specification: `规格${id}`,
  unit: "套",
  price,
  costPrice: null,
  status: "on_shelf",
  description: null,
  createdAt: "2030-01-01T00:00:00",
});

const opp = (id: number, stage: string) => ({
  id,
  lockVersion: 1,
  customerId: 3,
  customerName: "杭州远航物流有限公司",
  opportunityName: `商机${id}`,
  productIds: null,
  estimatedAmount: "100000.00",
  winProbability: 20,
  weightedAmount: "20000.00",
  stage,
  expectedCloseTime: null,
  status: "in_progress",
  loseReason: null,
  ownerId: 1,
  ownerName: "管理员",
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
});

describe("Quotation editor", () => {
  it("shows the live exact total for 3 lines and sends decimal strings", { timeout: 90_000 }, async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      switch (cmd) {
        case "opportunity_list":
          return { items: [opp(7, "初步接洽")], total: 1, page: 1, pageSize: 30 };
        case "product_pick":
          return [product(1, "CRM 标准版", "19.99"), product(2, "ERP 企业版", "2000"), product(3, "短信包", "0.005")];
        case "quotation_create":
          return { id: 9, quotationNo: "QT-1", items: [] };
        default:
          return null;
      }
    });
    renderPage(<QuotationEditor editing="new" preset={{ id: 7, name: "商机7" }} onClose={() => {}} />);
    for (const id of [1, 2, 3]) {
      await userEvent.click(await screen.findByRole("button", { name: /添加产品/ }));
      await userEvent.click(await screen.findByTestId(`pick-${id}`));
      await waitFor(() => expect(document.getElementById(`line-${id - 1}-quantity`)).toBeTruthy());
    }
    const type = async (id: string, v: string) => {
      fireEvent.change(document.getElementById(id)!, { target: { value: v } });
      await waitFor(() => expect((document.getElementById(id) as HTMLInputElement).value).toBe(v));
    };
    await type("line-0-quantity", "3"); // 3 × 19.99 = 59.97
    await type("line-1-quantity", "20");
    await type("line-1-price", "1999.90");
    await type("line-1-discount", "85.5"); // 39998 × 85.5% = 34198.29
    // line 2: 1 × 0.005 = 0.01 (half-up)
    expect(document.getElementById("quote-total")!.textContent).toBe("¥ 34,258.27");
    expect(screen.getByTestId("line-2-amount").textContent).toBe("¥ 0.01");

    await userEvent.click(document.getElementById("quote-save")!);
    await waitFor(() => expect(calls.some((c) => c[0] === "quotation_create")).toBe(true));
    const input = calls.find((c) => c[0] === "quotation_create")![1].input as Record<string, unknown>;
    expect(input).toEqual({
      opportunityId: 7,
      validUntil: null,
      remark: null,
      items: [
        { productId: 1, specification: "规格1", quantity: "3", unit: "套", unitPrice: "19.99", discount: "100" },
        { productId: 2, specification: "规格2", quantity: "20", unit: "套", unitPrice: "1999.90", discount: "85.5" },
        { productId: 3, specification: "规格3", quantity: "1", unit: "套", unitPrice: "0.005", discount: "100" },
      ],
    });
  });
});

describe("Contract detail", () => {
  it("shows the backend's refusal when the creator approves", async () => {
    const msg = "不能审核自己创建的合同,请由其他有审核权限的同事审核";
    mockIPC((cmd) => {
      switch (cmd) {
        case "contract_get":
          return {
            id: 5,
            lockVersion: 1,
            contractNo: "HT-2030-0001",
            customerId: 3,
            customerName: "杭州远航物流有限公司",
            opportunityId: null,
            quotationId: null,
            quotationNo: null,
            contractName: "年度服务合同",
            signDate: "2030-01-02",
            startDate: null,
            endDate: null,
            totalAmount: "1200.00",
            totalUpper: "壹仟贰佰元整",
            status: "draft",
            remark: null,
            createdBy: 1,
            createdByName: "管理员",
            approvedBy: null,
            approvedByName: null,
            approvedAt: null,
            terminateReason: null,
            createdAt: "2030-01-02T00:00:00",
            updatedAt: "2030-01-02T00:00:00",
            items: [
              {
                id: 1,
                productId: 1,
                productName: "CRM 标准版",
                specification: null,
                quantity: "1",
                unit: "套",
                unitPrice: "1200",
                amount: "1200.00",
              },
            ],
            attachments: [],
          };
        case "contract_approve":
          throw { code: "VALIDATION", message: msg, field: "approvedBy" };
        default:
          return [];
      }
    });
    renderPage(<ContractDetail id={5} onEdit={() => {}} onClose={() => {}} />);
    expect((await screen.findByTestId("contract-total-upper")).textContent).toBe("壹仟贰佰元整");
    await userEvent.click(document.getElementById("contract-approve")!);
    const alert = await screen.findByTestId("contract-error");
    expect(alert.textContent).toContain(msg);
  });
});

describe("Opportunity kanban", () => {
  it("renders the stage columns and moves a card with the move menu", async () => {
    const calls: Calls = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      switch (cmd) {
        case "stage_list":
          return [
            { name: "初步接洽", probability: 10 },
            { name: "方案报价", probability: 50 },
          ];
        case "user_options":
          return [{ id: 1, fullName: "管理员", deptId: 1 }];
        case "opportunity_kanban":
          return [
            { stage: "初步接洽", probability: 10, count: 1, amount: "100000.00", weightedAmount: "10000.00", cards: [opp(11, "初步接洽")] },
            { stage: "方案报价", probability: 50, count: 0, amount: "0.00", weightedAmount: "0.00", cards: [] },
          ];
        case "opportunity_move":
          return { ...opp(11, "方案报价") };
        default:
          return null;
      }
    });
    renderPage(<Opportunities />, { route: "/opportunities" });
    const col = await screen.findByTestId("kanban-col-初步接洽");
    expect(within(col).getByTestId("opp-card-11")).toBeTruthy();
    expect(screen.getByTestId("kanban-col-方案报价")).toBeTruthy();
    expect(screen.getByTestId("kanban-sum-初步接洽").textContent).toContain("¥ 100,000.00");
    await userEvent.click(screen.getByTestId("opp-move-11"));
    await userEvent.click(await screen.findByTestId("opp-move-11-方案报价"));
    await waitFor(() => expect(calls.find((c) => c[0] === "opportunity_move")?.[1]).toMatchObject({ id: 11, stage: "方案报价" }));
  });
});
