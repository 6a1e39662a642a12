import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage, userWith } from "../../test/render";
import { detail, order, SETTINGS } from "./fixtures";
import WorkOrderForm from "./WorkOrderForm";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const byId = (id: string) => document.getElementById(id)!;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });

const REFS = {
  customerName: "杭州云帆科技有限公司",
  contacts: [{ id: 21, label: "王建国", hint: "13912345678" }],
  contracts: [{ id: 31, label: "HT-2030-0004", hint: "CRM 升级合同" }],
};

function backend(fail?: object) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "service_settings_get") return SETTINGS;
    if (cmd === "work_order_customers") return [{ id: 3, label: "杭州云帆科技有限公司", hint: null }];
    if (cmd === "work_order_customer_refs") return REFS;
    if (cmd === "work_order_handlers") return [{ id: 9, label: "褚客服", hint: "chukf" }];
    if (cmd === "work_order_create" || cmd === "work_order_update") {
      if (fail) throw fail;
      return order(40, { orderNo: "GD203001010001" });
    }
    return null;
  });
  return calls;
}

const sent = (calls: Calls, cmd: string) => calls.find(([c]) => c === cmd)?.[1];

describe("Work-order form", () => {
  it("opened from a customer: the customer is preset and locked; sends the order with the first type and the priority chosen", async () => {
    const calls = backend();
    renderPage(
      <WorkOrderForm editing="new" defaults={{ customerId: 3, customerName: "杭州云帆科技有限公司", contactId: 21 }} onClose={() => {}} />,
      { user: userWith("service:read", "service:create") },
    );
    await waitFor(() => expect(screen.getAllByText("售后问题").length).toBeGreaterThan(0));
    expect(byId("wo-customer").closest(".ant-select")!.className).toContain("ant-select-disabled");
    // A sales rep cannot give it to a handler.
    expect(document.getElementById("wo-form-assignee")).toBeNull();
    await waitFor(() => expect(sent(calls, "work_order_customer_refs")).toEqual({ customerId: 3 }));
    await userEvent.type(byId("wo-title"), "打印机无法连接");
    await userEvent.type(byId("wo-content"), "客户反馈打印机无法连接到网络");
    await userEvent.click(screen.getByTestId("wo-priority-urgent"));
    await userEvent.click(byId("wo-save"));
    await waitFor(() => expect(sent(calls, "work_order_create")).toBeTruthy());
    expect(sent(calls, "work_order_create")).toEqual({
      input: {
        customerId: 3,
        contactId: 21,
        contractId: null,
        orderType: "售后问题",
        title: "打印机无法连接",
        content: "客户反馈打印机无法连接到网络",
        priority: "urgent",
        assigneeId: null,
      },
    });
    expect(await screen.findByText("工单 GD203001010001 已创建")).toBeTruthy();
  });

  it("searches the customer, then offers its contacts and contracts; a handler can be given at once", async () => {
    const calls = backend();
    renderPage(<WorkOrderForm editing="new" onClose={() => {}} />);
    const customer = await findId("wo-customer");
    fireEvent.mouseDown(customer);
    fireEvent.change(customer, { target: { value: "云帆" } });
    await waitFor(() => expect(calls.some(([c, a]) => c === "work_order_customers" && a.q === "云帆")).toBe(true));
    await userEvent.click(await screen.findByTitle("杭州云帆科技有限公司"));
    await waitFor(() => expect(sent(calls, "work_order_customer_refs")).toEqual({ customerId: 3 }));
    fireEvent.mouseDown(byId("wo-contract"));
    await userEvent.click(await screen.findByTitle("HT-2030-0004 · CRM 升级合同"));
    fireEvent.mouseDown(byId("wo-form-assignee"));
    await userEvent.click(await screen.findByTitle("褚客服"));
    await userEvent.type(byId("wo-title"), "咨询");
    await userEvent.type(byId("wo-content"), "如何导出报表");
    await userEvent.click(byId("wo-save"));
    await waitFor(() => expect(sent(calls, "work_order_create")).toBeTruthy());
    expect(sent(calls, "work_order_create")).toMatchObject({
      input: { customerId: 3, contactId: null, contractId: 31, priority: "normal", assigneeId: 9, orderType: "售后问题" },
    });
  });

  it("shows the backend's refusal on its field and keeps the input", async () => {
    backend({ code: "VALIDATION", message: "工单类型「旧类型」不在设置的类型中", field: "orderType" });
    renderPage(<WorkOrderForm editing="new" defaults={{ customerId: 3, customerName: "杭州云帆科技有限公司" }} onClose={() => {}} />);
    await waitFor(() => expect(screen.getAllByText("售后问题").length).toBeGreaterThan(0));
    await userEvent.type(byId("wo-title"), "标题");
    await userEvent.type(byId("wo-content"), "描述");
    await userEvent.click(byId("wo-save"));
    const err = await screen.findByText("工单类型「旧类型」不在设置的类型中");
    expect(err.closest(".ant-form-item")!.querySelector("#wo-type")).toBeTruthy();
    expect((byId("wo-title") as HTMLInputElement).value).toBe("标题");
  });

  it("edits an order with the version it loaded; the customer cannot change", async () => {
    const calls = backend();
    const o = order(40, { priority: "low", title: "旧标题", lockVersion: 6, contactId: 21, contactName: "王建国" });
    renderPage(<WorkOrderForm editing={detail(o, { content: "旧描述" })} onClose={() => {}} />);
    await waitFor(() => expect((byId("wo-title") as HTMLInputElement).value).toBe("旧标题"));
    expect(byId("wo-customer").closest(".ant-select")!.className).toContain("ant-select-disabled");
    expect(document.getElementById("wo-form-assignee")).toBeNull();
    await userEvent.clear(byId("wo-title"));
    await userEvent.type(byId("wo-title"), "新标题");
    await userEvent.click(screen.getByTestId("wo-priority-urgent"));
    await userEvent.click(byId("wo-save"));
    await waitFor(() => expect(sent(calls, "work_order_update")).toBeTruthy());
    expect(sent(calls, "work_order_update")).toEqual({
      id: 40,
      input: {
        customerId: 3,
        contactId: 21,
        contractId: null,
        orderType: "售后问题",
        title: "新标题",
        content: "旧描述",
        priority: "urgent",
        assigneeId: null,
        lockVersion: 6,
      },
    });
  });
});
