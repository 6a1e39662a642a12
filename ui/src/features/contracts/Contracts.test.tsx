import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { ContractFilter } from "../../api";
import { renderPage } from "../../test/render";
import Contracts from "./Contracts";

afterEach(() => clearMocks());

const last = <T,>(xs: T[]): T => xs[xs.length - 1];

const CONTRACT = {
  id: 4,
  contractNo: "HT-2030-0001",
  contractName: "CRM 升级合同",
  customerId: 3,
  customerName: "杭州云帆科技有限公司",
  quotationId: null,
  totalAmount: "69350.40",
  signDate: "2030-01-02",
  startDate: null,
  endDate: null,
  status: "draft",
  createdBy: 1,
  createdByName: "管理员",
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  items: [],
};

describe("Contracts list", () => {
  it("sorts its main columns on the server (the shared sales-document list)", { timeout: 60_000 }, async () => {
    const filters: ContractFilter[] = [];
    mockIPC((cmd, args) => {
      if (cmd !== "contract_list") return null;
      filters.push((args as { filter: ContractFilter }).filter);
      return { items: [CONTRACT], total: 1, page: 1, pageSize: 50 };
    });
    renderPage(<Contracts />, { route: "/contracts" });
    await screen.findByTestId("contract-open-4");
    expect(filters[0]).toMatchObject({ sort: null, desc: null });
    const header = screen.getByTestId("list-contracts").querySelector("thead")!;
    await userEvent.click(within(header).getByText("签订日期"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: "signDate", desc: false }));
    await userEvent.click(within(header).getByText("总金额"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: "totalAmount", desc: false }));
    await userEvent.click(within(header).getByText("总金额"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: "totalAmount", desc: true }));
  });
});
