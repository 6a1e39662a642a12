import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { OpportunityFilter } from "../../api";
import { renderPage } from "../../test/render";
import Opportunities from "./Opportunities";

afterEach(() => clearMocks());

const last = <T,>(xs: T[]): T => xs[xs.length - 1];

const opp = (id: number, customerName: string) => ({
  id,
  lockVersion: 1,
  customerId: id,
  customerName,
  opportunityName: `商机${id}`,
  productIds: null,
  estimatedAmount: "100000.00",
  winProbability: 20,
  weightedAmount: "20000.00",
  stage: "初步接洽",
  expectedCloseTime: null,
  status: "in_progress",
  loseReason: null,
  ownerId: 1,
  ownerName: "管理员",
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
});

describe("Opportunities list view", () => {
  it("sorts amount and probability on the server, the customer within the page", { timeout: 60_000 }, async () => {
    const filters: OpportunityFilter[] = [];
    mockIPC((cmd, args) => {
      switch (cmd) {
        case "opportunity_list":
          filters.push((args as { filter: OpportunityFilter }).filter);
          return { items: [opp(1, "宁波海曙贸易有限公司"), opp(2, "杭州云帆科技有限公司")], total: 2, page: 1, pageSize: 50 };
        case "stage_list":
        case "user_options":
          return [];
        default:
          return null;
      }
    });
    renderPage(<Opportunities />, { route: "/opportunities?view=list" });
    await screen.findByTestId("opp-open-1");
    expect(filters[0]).toMatchObject({ sort: null, desc: null });
    const header = screen.getByTestId("list-opportunities").querySelector("thead")!;
    await userEvent.click(within(header).getByText("预计金额"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: "estimatedAmount", desc: false }));
    await userEvent.click(within(header).getByText("赢单概率"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: "winProbability", desc: false }));

    // The customer column has no server sort: the server's default order, sorted on screen.
    const count = filters.length;
    await userEvent.click(within(header).getByText("客户"));
    await waitFor(() => expect(last(filters)).toMatchObject({ sort: null, desc: null }));
    expect(filters.length).toBe(count + 1);
    const shown = () => [...document.querySelectorAll('[data-testid^="opp-open-"]')].map((a) => a.textContent);
    await waitFor(() => expect(shown()).toEqual(["商机2", "商机1"]));
  });
});
