import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CustomerRow } from "../../api";
import { renderPage, userWith } from "../../test/render";
import Customers from "./Customers";

afterEach(() => clearMocks());

const VIP = { id: 10, tagName: "重点客户", color: "#ff4d4f" };
const EXPO = { id: 11, tagName: "展会", color: "#1677ff" };
const TAGS = [
  { ...VIP, sortOrder: 1, customers: 3 },
  { ...EXPO, sortOrder: 2, customers: 1 },
];

const customer = (id: number, name: string, patch: Partial<CustomerRow> = {}): CustomerRow => ({
  id,
  lockVersion: 1,
  customerName: name,
  customerType: "enterprise",
  industry: null,
  scale: null,
  address: null,
  status: "potential",
  level: null,
  sourceLeadId: null,
  ownerId: 1,
  ownerName: "管理员",
  inSea: false,
  seaTime: null,
  createdBy: 1,
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  lastFollowAt: null,
  recycleAt: null,
  daysUntilRecycle: null,
  tags: [],
  activityId: null,
  activityName: null,
  ...patch,
});

const ROWS = [
  customer(1, "杭州云帆科技有限公司", { tags: [VIP, EXPO], activityId: 7, activityName: "2030 春季展会" }),
  customer(2, "宁波港务集团"),
  customer(3, "苏州精工机械"),
];

type Calls = [string, Record<string, unknown>][];

function backend(calls: Calls, change?: (args: Record<string, unknown>) => unknown) {
  mockIPC((cmd, args) => {
    const a = args as Record<string, unknown>;
    calls.push([cmd, a]);
    switch (cmd) {
      case "customer_list":
        return { items: ROWS, total: ROWS.length, page: 1, pageSize: 50 };
      case "customer_get":
        return ROWS.find((c) => c.id === a.id);
      case "tag_list":
        return TAGS;
      case "marketing_activity_options":
        return [{ id: 7, activityName: "2030 春季展会", status: "running" }];
      case "user_options":
        return [{ id: 1, fullName: "管理员", deptId: 1 }];
      case "tag_change":
        return change?.(a);
      default:
        return null;
    }
  });
}

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

/** Opens a Select by its input id and picks the option titled `title`. */
async function pick(id: string, title: string) {
  fireEvent.mouseDown(document.getElementById(id)!);
  const option = await waitFor(() => {
    const o = [
      ...document.querySelectorAll<HTMLElement>(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option"),
    ].find((x) => x.getAttribute("title") === title);
    expect(o).toBeTruthy();
    return o!;
  });
  await userEvent.click(option);
}

const tagChanges = (calls: Calls) => calls.filter(([c]) => c === "tag_change").map(([, a]) => a.change);

describe("Customer list: tags", { timeout: 60_000 }, () => {
  it("shows each customer's tags as chips in their colours", async () => {
    backend([]);
    renderPage(<Customers />, { route: "/customers" });
    const chips = within(await screen.findByTestId("customer-tags-1")).getAllByText(/重点客户|展会/);
    expect(chips.map((c) => c.textContent)).toEqual(["重点客户", "展会"]);
    const vip = chips[0].closest(".ant-tag") as HTMLElement;
    const expo = chips[1].closest(".ant-tag") as HTMLElement;
    expect(vip.style.color).toBe(rgb(VIP.color));
    expect(expo.style.color).toBe(rgb(EXPO.color));
    // A customer without tags shows none.
    expect(screen.getByTestId("customer-tags-2").querySelector(".ant-tag")).toBeNull();
  });

  it("filters by a tag and by the source activity", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<Customers />, { route: "/customers" });
    await screen.findByTestId("customer-tags-1");
    await pick("customer-filter-tag", "展会");
    await waitFor(() =>
      expect(calls.some(([c, a]) => c === "customer_list" && (a.filter as { tagId: number | null }).tagId === EXPO.id)).toBe(true),
    );
    await pick("customer-filter-activity", "2030 春季展会");
    await waitFor(() =>
      expect(
        calls.some(([c, a]) => {
          const f = a.filter as { tagId: number | null; activityId: number | null };
          return c === "customer_list" && f.tagId === EXPO.id && f.activityId === 7;
        }),
      ).toBe(true),
    );
  });

  it("tags the selected customers: sends the ids and tags, reports the counts, clears the selection", async () => {
    const calls: Calls = [];
    backend(calls, () => ({ added: 2, removed: 0 }));
    renderPage(<Customers />, { route: "/customers" });
    await screen.findByTestId("customer-tags-1");
    const button = document.getElementById("customers-tag") as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    await userEvent.click(screen.getByTestId("customer-select-1"));
    await userEvent.click(screen.getByTestId("customer-select-3"));
    await waitFor(() => expect(button.disabled).toBe(false));
    await userEvent.click(button);

    const modal = await screen.findByTestId("tag-modal");
    expect(modal.textContent).toContain("已选择 2 个客户");
    await pick("tag-add", "重点客户");
    await userEvent.click(document.getElementById("tag-save")!);

    expect(await screen.findByText("已为 2 个客户添加 2 个、移除 0 个标签")).toBeTruthy();
    expect(tagChanges(calls)).toEqual([{ customerIds: [1, 3], add: [VIP.id], remove: [] }]);
    await waitFor(() => expect(screen.queryByTestId("tag-modal")).toBeNull());
    // The selection is cleared: nothing to tag until rows are chosen again.
    await waitFor(() => expect((document.getElementById("customers-tag") as HTMLButtonElement).disabled).toBe(true));
    expect((screen.getByTestId("customer-select-1") as HTMLInputElement).checked).toBe(false);
    // The list is reloaded (the rows show their new tags).
    await waitFor(() => expect(calls.filter(([c]) => c === "customer_list").length).toBeGreaterThan(1));
  });

  it("a refusal keeps the dialog open with the server's message on the customers line", async () => {
    const msg = "其中 1 个客户不在您的数据范围内(或已在公海),未做任何修改";
    const calls: Calls = [];
    backend(calls, () => {
      throw { code: "VALIDATION", message: msg, field: "customerIds" };
    });
    renderPage(<Customers />, { route: "/customers" });
    await screen.findByTestId("customer-tags-1");
    await userEvent.click(screen.getByTestId("customer-select-1"));
    await userEvent.click(screen.getByTestId("customer-select-2"));
    await userEvent.click(document.getElementById("customers-tag")!);
    await screen.findByTestId("tag-modal");
    await pick("tag-remove", "展会");
    await userEvent.click(document.getElementById("tag-save")!);

    const err = await within(screen.getByTestId("tag-modal")).findByText(msg);
    expect(err.closest(".ant-form-item")!.querySelector("[data-testid=tag-modal-customers]")).toBeTruthy();
    expect(tagChanges(calls)).toEqual([{ customerIds: [1, 2], add: [], remove: [EXPO.id] }]);
    expect(screen.getByTestId("tag-modal")).toBeTruthy();
    // Nothing changed: the selection stays for another try.
    expect((document.getElementById("customers-tag") as HTMLButtonElement).disabled).toBe(false);
  });

  it("asks for a tag to add or remove before sending anything", async () => {
    const calls: Calls = [];
    backend(calls, () => ({ added: 0, removed: 0 }));
    renderPage(<Customers />, { route: "/customers" });
    await screen.findByTestId("customer-tags-1");
    await userEvent.click(screen.getByTestId("customer-select-2"));
    await userEvent.click(document.getElementById("customers-tag")!);
    await screen.findByTestId("tag-modal");
    await userEvent.click(document.getElementById("tag-save")!);
    expect(await screen.findByText("请选择要添加或移除的标签")).toBeTruthy();
    expect(tagChanges(calls)).toEqual([]);
  });

  it("selects the whole page at once", async () => {
    const calls: Calls = [];
    backend(calls, () => ({ added: 3, removed: 0 }));
    renderPage(<Customers />, { route: "/customers" });
    await screen.findByTestId("customer-tags-1");
    await userEvent.click(document.getElementById("customers-select-page")!);
    await waitFor(() => expect(document.getElementById("customers-tag")!.textContent).toContain("3"));
    await userEvent.click(document.getElementById("customers-tag")!);
    expect((await screen.findByTestId("tag-modal")).textContent).toContain("已选择 3 个客户");
  });

  it("without customer:update there is no selection and no tagging", async () => {
    backend([]);
    renderPage(<Customers />, { route: "/customers", user: userWith("customer:read") });
    await screen.findByTestId("customer-tags-1");
    expect(screen.queryByTestId("customer-select-1")).toBeNull();
    expect(document.getElementById("customers-tag")).toBeNull();
  });
});

describe("Customer detail: tags and source activity", { timeout: 60_000 }, () => {
  it("shows them near the header; 编辑标签 sends what was added and removed", async () => {
    const calls: Calls = [];
    backend(calls, () => ({ added: 0, removed: 1 }));
    renderPage(<Customers />, { route: "/customers?id=1" });
    const tags = await screen.findByTestId("customer-detail-tags");
    expect(tags.textContent).toBe("重点客户展会");
    expect(screen.getByTestId("customer-detail-activity").textContent).toBe("2030 春季展会");

    await userEvent.click(screen.getByTestId("customer-edit-tags"));
    const modal = await screen.findByTestId("tag-modal");
    // The picker starts with the customer's tags; take one off.
    const select = modal.querySelector("#customer-tags-edit")!.closest(".ant-select")!;
    await waitFor(() => expect(select.textContent).toContain("展会"));
    const expoChip = [...select.querySelectorAll<HTMLElement>(".ant-tag")].find((x) => x.textContent === "展会")!;
    await userEvent.click(expoChip.querySelector(".ant-tag-close-icon")!);
    await waitFor(() => expect(select.textContent).not.toContain("展会"));
    await userEvent.click(document.getElementById("tag-save")!);

    expect(await screen.findByText("已为 1 个客户添加 0 个、移除 1 个标签")).toBeTruthy();
    expect(tagChanges(calls)).toEqual([{ customerIds: [1], add: [], remove: [EXPO.id] }]);
  });

  it("a customer in the sea shows its tags but cannot edit them", async () => {
    const calls: Calls = [];
    ROWS[1] = customer(2, "宁波港务集团", { inSea: true, tags: [VIP] });
    try {
      backend(calls);
      renderPage(<Customers />, { route: "/customers?id=2" });
      expect((await screen.findByTestId("customer-detail-tags")).textContent).toBe("重点客户");
      expect(screen.queryByTestId("customer-edit-tags")).toBeNull();
    } finally {
      ROWS[1] = customer(2, "宁波港务集团");
    }
  });
});
