import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { contractKeys, staleKeys, type ContractFilter } from "../../api";
import { renderPage, userWith } from "../../test/render";
import { MAX_ATTACHMENT, viewable } from "../sales/doc/Attachments";
import ContractDetail from "./ContractDetail";
import Contracts from "./Contracts";

afterEach(() => clearMocks());

const last = <T,>(xs: T[]): T => xs[xs.length - 1];

const CONTRACT = {
  id: 4,
  lockVersion: 1,
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

const MONEY = {
  contractId: 4,
  total: "69350.40",
  planned: "69350.40",
  received: "20000.00",
  outstanding: "49350.40",
  progressPct: "28.84",
  invoiced: "30000.00",
  uninvoiced: "39350.40",
  invoicedUnpaid: "10000.00",
  paidUninvoiced: "0.00",
  pending: "0.00",
  nextPlanDate: "2030-02-01",
  overdueDays: 17,
};

describe("Contracts list: collection", () => {
  it(
    "shows each contract's money, filters by collection state, sorts by outstanding on the server and totals the whole filter",
    { timeout: 90_000 },
    async () => {
      const filters: ContractFilter[] = [];
      const totals: ContractFilter[] = [];
      mockIPC((cmd, args) => {
        const filter = (args as { filter: ContractFilter }).filter;
        if (cmd === "contract_list") {
          filters.push(filter);
          return { items: [{ ...CONTRACT, money: MONEY }], total: 1, page: 1, pageSize: 50 };
        }
        if (cmd === "contract_totals") {
          totals.push(filter);
          // The totals of every matching contract (not the page): 37 contracts.
          return filter.collection === "overdue"
            ? {
                count: 3,
                totalAmount: "150000.00",
                received: "50000.00",
                outstanding: "100000.00",
                invoiced: "60000.00",
                uninvoiced: "90000.00",
              }
            : {
                count: 37,
                totalAmount: "1234567.89",
                received: "1000000.00",
                outstanding: "234567.89",
                invoiced: "1234567.89",
                uninvoiced: "0.00",
              };
        }
        return null;
      });
      renderPage(<Contracts />, { route: "/contracts", user: userWith("contract:read") });

      // The row's money: received, outstanding, progress, invoiced, next date with the overdue tag.
      expect((await screen.findByTestId("contract-received-4")).textContent).toBe("¥ 20,000.00");
      expect(screen.getByTestId("contract-outstanding-4").textContent).toBe("¥ 49,350.40");
      expect(screen.getByTestId("contract-progress-4").textContent).toContain("28.84%");
      expect(screen.getByTestId("contract-invoiced-4").textContent).toBe("¥ 30,000.00");
      expect(screen.getByTestId("contract-next-4").textContent).toBe("2030-02-01");
      expect(screen.getByTestId("contract-overdue-4").textContent).toBe("逾期 17 天");

      // The totals row: contract_totals for the same filter, in the table's footer.
      const row = await screen.findByTestId("contract-totals");
      expect(row.closest("tfoot")).toBeTruthy();
      await waitFor(() => expect(within(row).getByTestId("contract-totals-count").textContent).toBe("合计(37 份)"));
      expect(within(row).getByTestId("contract-totals-total").textContent).toBe("¥ 1,234,567.89");
      expect(within(row).getByTestId("contract-totals-received").textContent).toBe("¥ 1,000,000.00");
      expect(within(row).getByTestId("contract-totals-outstanding").textContent).toBe("¥ 234,567.89");
      expect(within(row).getByTestId("contract-totals-invoiced").textContent).toBe("¥ 1,234,567.89");
      // Fully invoiced: no "not invoiced" line; collected 1,000,000.00 / 1,234,567.89 = 81.00 %.
      expect(within(row).queryByTestId("contract-totals-uninvoiced")).toBeNull();
      expect(within(row).getByTestId("contract-totals-progress").textContent).toContain("81.00%");
      expect(totals[0]).toMatchObject({ keyword: null, status: null, customerId: null, collection: null });
      expect(filters[0]).toMatchObject({ collection: null });

      // 已逾期: the list and the totals both get the filter; the totals follow.
      const seg = document.getElementById("contract-collection-filter")!;
      expect(within(seg).getByText("全部")).toBeTruthy();
      expect(within(seg).getByText("未完成回款")).toBeTruthy();
      expect(within(seg).getByText("未开完票")).toBeTruthy();
      await userEvent.click(within(seg).getByText("已逾期"));
      await waitFor(() => expect(last(filters)).toMatchObject({ collection: "overdue" }));
      await waitFor(() => expect(last(totals)).toMatchObject({ collection: "overdue" }));
      await waitFor(() =>
        expect(within(screen.getByTestId("contract-totals")).getByTestId("contract-totals-count").textContent).toBe("合计(3 份)"),
      );
      expect(screen.getByTestId("contract-totals-uninvoiced").textContent).toBe("未开票 ¥ 90,000.00");
      // The totals ignore the order: they are not fetched again for a sort.
      const totalsBefore = totals.length;

      // 未回款 sorts on the server ("outstanding"), keeping the filter.
      const header = screen.getByTestId("list-contracts").querySelector("thead")!;
      await userEvent.click(within(header).getByText("未回款"));
      await waitFor(() => expect(last(filters)).toMatchObject({ collection: "overdue", sort: "outstanding", desc: false }));
      await userEvent.click(within(header).getByText("未回款"));
      await waitFor(() => expect(last(filters)).toMatchObject({ sort: "outstanding", desc: true }));
      expect(totals.length).toBe(totalsBefore);

      await userEvent.click(within(seg).getByText("未开完票"));
      await waitFor(() => expect(last(filters)).toMatchObject({ collection: "notFullyInvoiced" }));
      await userEvent.click(within(seg).getByText("全部"));
      await waitFor(() => expect(last(filters)).toMatchObject({ collection: null }));
    },
  );
});

const full = (id: number, status: string, extra: Record<string, unknown> = {}) => ({
  ...CONTRACT,
  id,
  contractNo: `HT-2030-000${id}`,
  opportunityId: null,
  quotationNo: null,
  totalUpper: "陆万玖仟叁佰伍拾元肆角整",
  status,
  remark: null,
  createdBy: 7,
  createdByName: "张三",
  approvedBy: null,
  approvedByName: null,
  approvedAt: null,
  terminateReason: null,
  attachments: [],
  ...extra,
});

const page = (items: unknown[]) => ({ items, total: items.length, page: 1, pageSize: 50 });

describe("Awaiting my approval", () => {
  it("approvers switch to the drafts waiting for them, approve one, and the list and count refresh", { timeout: 60_000 }, async () => {
    const approved = new Set<number>();
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      const waiting = [full(4, "draft"), full(6, "draft")].filter((c) => !approved.has(c.id));
      switch (cmd) {
        case "contract_list":
          return page([full(4, "draft"), full(5, "signed"), full(6, "draft")]);
        case "contract_awaiting_approval":
          return page(waiting);
        case "contract_get": {
          const id = (args as { id: number }).id;
          return full(id, approved.has(id) ? "approved" : "draft");
        }
        case "contract_approve":
          approved.add((args as { id: number }).id);
          return full((args as { id: number }).id, "approved");
        default:
          return null;
      }
    });
    renderPage(<Contracts />, { route: "/contracts", user: userWith("contract:read", "contract:update", "contract:approve") });
    // The full list first (the end-to-end test opens its contract from there), with the count on the switch.
    await screen.findByTestId("contract-open-5");
    expect((await screen.findByTestId("contracts-view-awaiting-count")).textContent).toBe("2");
    expect(screen.getByTestId("contracts-view-awaiting").textContent).toContain("待我审批");

    await userEvent.click(screen.getByTestId("contracts-view-awaiting"));
    await waitFor(() => expect(screen.queryByTestId("contract-open-5")).toBeNull());
    expect(screen.getByTestId("contract-open-4")).toBeTruthy();
    expect(screen.getByTestId("contract-open-6")).toBeTruthy();
    // Same columns; the keyword and status filters belong to the full list.
    const header = screen.getByTestId("list-contracts").querySelector("thead")!;
    expect(within(header).getByText("合同编号")).toBeTruthy();
    expect(document.getElementById("contract-keyword")).toBeNull();
    expect(calls.some(([c, a]) => c === "contract_awaiting_approval" && (a.page as { pageSize: number }).pageSize === 50)).toBe(true);

    // The same detail drawer, where they approve.
    await userEvent.click(screen.getByTestId("contract-open-4"));
    await userEvent.click(await waitFor(() => document.getElementById("contract-approve")!));
    await waitFor(() => expect(calls.some(([c, a]) => c === "contract_approve" && a.id === 4 && a.lockVersion === 1)).toBe(true));
    await waitFor(() => expect(screen.getByTestId("contracts-view-awaiting-count").textContent).toBe("1"));
    await waitFor(() => expect(screen.queryByTestId("contract-open-4")).toBeNull());
    expect(screen.getByTestId("contract-open-6")).toBeTruthy();

    // Back to the full list.
    await userEvent.click(screen.getByTestId("contracts-view-all"));
    await screen.findByTestId("contract-open-5");
  });

  it("is not offered to users who cannot approve", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return cmd === "contract_list" ? page([full(4, "draft")]) : null;
    });
    renderPage(<Contracts />, { route: "/contracts", user: userWith("contract:read", "contract:update") });
    await screen.findByTestId("contract-open-4");
    expect(screen.queryByTestId("contracts-view-awaiting")).toBeNull();
    expect(calls).not.toContain("contract_awaiting_approval");
  });

  it("the contracts area refreshes the awaiting list and its count", () => {
    const keys = staleKeys("contracts").map((k) => JSON.stringify(k));
    expect(keys).toContain(JSON.stringify(contractKeys.awaiting()));
    // Both the list (page, sort appended) and the count sit under that prefix.
    expect(contractKeys.awaitingCount().slice(0, contractKeys.awaiting().length)).toEqual([...contractKeys.awaiting()]);
  });
});

const file = (id: number, fileName: string) => ({
  id,
  fileName,
  mimeType: "application/octet-stream",
  fileSize: 2048,
  createdBy: 1,
  createdAt: "2030-01-03T00:00:00",
});

describe("Contract attachments", () => {
  const backend = (status: string, calls: [string, Record<string, unknown>][]) =>
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      if (cmd === "contract_get")
        return full(4, status, {
          createdBy: 1,
          attachments: [
            file(1, "扫描件.PDF"),
            file(2, "报价.docx"),
            file(3, "发票.ofd"),
            file(4, "照片.jpeg"),
            file(5, "setup.exe"),
            file(6, "README"),
          ],
        });
      return null;
    });

  it("offers Open only for the types the system viewer may open; the rest are Save As only", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    backend("draft", calls);
    renderPage(<ContractDetail id={4} onEdit={() => {}} onClose={() => {}} />);
    await userEvent.click(await screen.findByRole("tab", { name: /附件/ }));
    await screen.findByTestId("attach-save-1");
    const open = (id: number) => screen.queryByTestId(`attach-open-${id}`);
    expect([1, 2, 3, 4, 5, 6].map((id) => !!open(id))).toEqual([true, false, true, true, false, false]);
    for (const id of [1, 2, 3, 4, 5, 6]) expect(screen.getByTestId(`attach-save-${id}`).textContent).toBe("另存为");
    // A draft's files can still be deleted.
    expect((screen.getByTestId("attach-delete-2") as HTMLButtonElement).disabled).toBe(false);
    expect(viewable("a.Jpg")).toBe(true);
    expect(viewable(".pdf")).toBe(false);
    expect(viewable("a.pdf.exe")).toBe(false);
    // The name opens the file as its type allows: a .docx is saved, never opened.
    await userEvent.click(screen.getByTestId("attach-name-2"));
    await waitFor(() => expect(calls.find(([c]) => c === "file_save_as")?.[1]).toEqual({ kind: "attachment", id: 2, period: null }));
    expect(calls.some(([c]) => c === "file_open" || c === "file_render")).toBe(false);
  });

  it("keeps the files of a signed contract: delete is disabled with the reason", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    backend("signed", calls);
    renderPage(<ContractDetail id={4} onEdit={() => {}} onClose={() => {}} />);
    await userEvent.click(await screen.findByRole("tab", { name: /附件/ }));
    const del = (await screen.findByTestId("attach-delete-1")) as HTMLButtonElement;
    expect(del.disabled).toBe(true);
    await userEvent.hover(screen.getByTestId("attach-locked-1"));
    expect(await screen.findByText(/已签约合同的附件会保留/)).toBeTruthy();
    // New versions can still be uploaded.
    expect(document.getElementById("attach-upload")).toBeTruthy();
    await userEvent.click(del).catch(() => {});
    expect(calls.some(([c]) => c === "attachment_delete")).toBe(false);
  });

  it("a terminated contract shows no upload and no delete", async () => {
    backend("terminated", []);
    renderPage(<ContractDetail id={4} onEdit={() => {}} onClose={() => {}} />);
    await userEvent.click(await screen.findByRole("tab", { name: /附件/ }));
    await screen.findByTestId("attach-save-1");
    expect(document.getElementById("attach-upload")).toBeNull();
    expect(screen.queryByTestId("attach-delete-1")).toBeNull();
  });

  it("checks the 15 MB limit before uploading", { timeout: 30_000 }, async () => {
    const calls: [string, Record<string, unknown>][] = [];
    backend("draft", calls);
    renderPage(<ContractDetail id={4} onEdit={() => {}} onClose={() => {}} />);
    await userEvent.click(await screen.findByRole("tab", { name: /附件/ }));
    expect((await screen.findByText("单个文件不超过 15 MB")).textContent).toBeTruthy();
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const big = new File(["x"], "大扫描件.pdf", { type: "application/pdf" });
    Object.defineProperty(big, "size", { value: MAX_ATTACHMENT + 3 * 1024 * 1024 });
    await userEvent.upload(input, big);
    expect(await screen.findByText("「大扫描件.pdf」有 18.0 MB,附件不能超过 15 MB")).toBeTruthy();
    expect(calls.some(([c]) => c === "contract_attach")).toBe(false);

    // A file within the limit goes to the backend.
    // (rc-upload renders a fresh input after each pick)
    const again = document.querySelector('input[type="file"]') as HTMLInputElement;
    await userEvent.upload(again, new File(["%PDF-1.4"], "合同.pdf", { type: "application/pdf" }));
    await waitFor(() => expect(calls.some(([c]) => c === "contract_attach")).toBe(true));
    const up = calls.find(([c]) => c === "contract_attach")![1].upload as Record<string, string>;
    expect(up).toMatchObject({ fileName: "合同.pdf", contentBase64: btoa("%PDF-1.4") });
  });
});
