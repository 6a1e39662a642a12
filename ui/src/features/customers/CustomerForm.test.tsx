import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { CustomerRow } from "../../api";
import { renderPage } from "../../test/render";
import CustomerForm from "./CustomerForm";

afterEach(() => clearMocks());

const customer = (status: CustomerRow["status"]): CustomerRow => ({
  id: 3,
  lockVersion: 1,
  customerName: "杭州云帆科技有限公司",
  customerType: "enterprise",
  industry: null,
  scale: null,
  address: null,
  status,
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
});

const HINT = "「成交」在签约合同后自动设置,不能手工选择";

/** The status select's options (opened), by label. */
async function statusOptions() {
  fireEvent.mouseDown(document.getElementById("customer-status")!);
  await waitFor(() => expect(document.querySelectorAll(".ant-select-item-option").length).toBe(3));
  return Object.fromEntries(
    [...document.querySelectorAll(".ant-select-item-option")].map((o) => [
      o.textContent,
      o.classList.contains("ant-select-item-option-disabled"),
    ]),
  );
}

describe("Customer form status", () => {
  it("does not offer Deal by hand: it is set by signing a contract", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args as Record<string, unknown>]);
      return cmd === "customer_update" ? customer("lost") : null;
    });
    renderPage(<CustomerForm editing={customer("potential")} onClose={() => {}} />);
    expect(await screen.findByText(HINT)).toBeTruthy();
    expect(await statusOptions()).toEqual({ 潜在: false, 成交: true, 流失: false });
    const deal = [...document.querySelectorAll(".ant-select-item-option")].find((o) => o.textContent === "成交")!;
    expect(deal.getAttribute("title")).toBe(HINT);
    await userEvent.click(deal);
    // Still potential: a disabled option cannot be chosen.
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "customer_update")).toBe(true));
    expect((calls.find(([c]) => c === "customer_update")![1].input as { status: string }).status).toBe("potential");
  });

  it("new customers cannot start as Deal either", async () => {
    mockIPC((cmd) => (cmd === "user_options" ? [{ id: 1, fullName: "管理员", deptId: 1 }] : null));
    renderPage(<CustomerForm editing="new" onClose={() => {}} />);
    expect(await screen.findByText(HINT)).toBeTruthy();
    expect(await statusOptions()).toEqual({ 潜在: false, 成交: true, 流失: false });
  });

  it("a customer already in Deal keeps the option (and may leave it)", async () => {
    mockIPC(() => null);
    renderPage(<CustomerForm editing={customer("deal")} onClose={() => {}} />);
    expect(await statusOptions()).toEqual({ 潜在: false, 成交: false, 流失: false });
    expect(screen.queryByText(HINT)).toBeNull();
  });

  it("marks the status field when the backend refuses Deal", async () => {
    const msg = "「成交」状态由签约合同自动设置,不能手工选择";
    mockIPC((cmd) => {
      if (cmd === "customer_update") throw { code: "VALIDATION", message: msg, field: "status" };
      return null;
    });
    renderPage(<CustomerForm editing={customer("deal")} onClose={() => {}} />);
    await screen.findByText("编辑客户");
    await userEvent.click(document.getElementById("form-save")!);
    const err = await screen.findByText(msg);
    expect(err.closest(".ant-form-item")!.querySelector("#customer-status")).toBeTruthy();
  });
});

describe("Customer form: a stale save", () => {
  const STALE = "该记录已被 李四 于 2030-01-02 10:00 修改,请重新加载后再保存";

  it("shows who changed it; Cancel keeps the edits, Reload loads the newest version and saves with it", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    const fresh = { ...customer("potential"), lockVersion: 2, customerName: "杭州云帆科技股份有限公司", address: "杭州市西湖区" };
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      calls.push([cmd, a]);
      if (cmd === "customer_update") {
        if (a.lockVersion !== 2) throw { code: "CONFLICT", message: STALE, field: "lockVersion" };
        return { ...fresh, lockVersion: 3 };
      }
      if (cmd === "customer_get") return fresh;
      return null;
    });
    const onClose = vi.fn();
    renderPage(<CustomerForm editing={customer("potential")} onClose={onClose} />);
    const name = (await screen.findByDisplayValue("杭州云帆科技有限公司")) as HTMLInputElement;
    await userEvent.type(name, "(改)");
    await userEvent.click(document.getElementById("form-save")!);

    expect((await screen.findByTestId("stale-message")).textContent).toContain(STALE);
    expect(calls.find(([c]) => c === "customer_update")![1]).toMatchObject({ id: 3, lockVersion: 1 });
    // Cancel: nothing reloaded, the edits stay.
    fireEvent.click(document.getElementById("stale-cancel")!);
    await waitFor(() => expect(screen.queryByTestId("stale-message")).toBeNull());
    expect(name.value).toBe("杭州云帆科技有限公司(改)");
    expect(calls.map(([c]) => c)).not.toContain("customer_get");

    // Save again, then Reload: the form shows the newest version (the edits are discarded).
    await userEvent.click(document.getElementById("form-save")!);
    await screen.findByTestId("stale-message");
    fireEvent.click(document.getElementById("stale-reload")!);
    await waitFor(() => expect(calls.filter(([c]) => c === "customer_get")).toEqual([["customer_get", { id: 3 }]]));
    await waitFor(() => expect((document.getElementById("customer-name") as HTMLInputElement).value).toBe("杭州云帆科技股份有限公司"));
    expect(onClose).not.toHaveBeenCalled();

    // The next save sends the version it reloaded.
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const updates = calls.filter(([c]) => c === "customer_update");
    const last = updates[updates.length - 1][1];
    expect(last).toMatchObject({ id: 3, lockVersion: 2 });
    expect((last.input as { customerName: string; address: string }).customerName).toBe("杭州云帆科技股份有限公司");
  });
});

describe("Customer form: 来源活动", () => {
  const ACTIVITIES = [
    { id: 7, activityName: "2030 春季展会", status: "running" },
    { id: 8, activityName: "线上直播", status: "planning" },
  ];

  function backend(calls: [string, Record<string, unknown>][]) {
    mockIPC((cmd, args) => {
      const a = args as Record<string, unknown>;
      calls.push([cmd, a]);
      if (cmd === "marketing_activity_options") return ACTIVITIES;
      if (cmd === "user_options") return [{ id: 1, fullName: "管理员", deptId: 1 }];
      if (cmd === "customer_create" || cmd === "customer_update") return customer("potential");
      return null;
    });
  }
  const sent = (calls: [string, Record<string, unknown>][], cmd: string) =>
    (calls.find(([c]) => c === cmd)![1].input as { activityId: number | null }).activityId;

  it("a new customer sends the activity chosen", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    backend(calls);
    const onClose = vi.fn();
    renderPage(<CustomerForm editing="new" onClose={onClose} />);
    await waitFor(() => expect(document.getElementById("customer-name")).toBeTruthy());
    await userEvent.type(document.getElementById("customer-name")!, "宁波港务");
    fireEvent.mouseDown(document.getElementById("customer-activity")!);
    await userEvent.click(await screen.findByTitle("线上直播"));
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    expect(sent(calls, "customer_create")).toBe(8);
  });

  it("an edit sends the current activity back unchanged, and null once cleared", async () => {
    const calls: [string, Record<string, unknown>][] = [];
    backend(calls);
    const withActivity = { ...customer("potential"), activityId: 7, activityName: "2030 春季展会" };
    const first = renderPage(<CustomerForm editing={withActivity} onClose={() => {}} />);
    // The select shows the activity by name.
    await waitFor(() =>
      expect(document.getElementById("customer-activity")!.closest(".ant-select")!.textContent).toContain("2030 春季展会"),
    );
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "customer_update")).toBe(true));
    expect(sent(calls, "customer_update")).toBe(7);
    first.unmount();

    calls.length = 0;
    renderPage(<CustomerForm editing={withActivity} onClose={() => {}} />);
    const select = await waitFor(() => {
      const s = document.getElementById("customer-activity")!.closest(".ant-select")!;
      expect(s.textContent).toContain("2030 春季展会");
      return s;
    });
    await userEvent.click(select.querySelector(".ant-select-clear")!);
    await waitFor(() => expect(select.textContent).not.toContain("2030 春季展会"));
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(calls.some(([c]) => c === "customer_update")).toBe(true));
    expect(sent(calls, "customer_update")).toBeNull();
  });
});
