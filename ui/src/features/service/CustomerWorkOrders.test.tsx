import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import type { CustomerRow, WorkOrderFilter } from "../../api";
import { renderPage, userWith } from "../../test/render";
import CustomerDetail from "../customers/CustomerDetail";
import { useCustomerActions } from "../customers/useCustomerActions";
import { order, page, SETTINGS } from "./fixtures";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const CUSTOMER: CustomerRow = {
  id: 3,
  lockVersion: 1,
  customerName: "杭州云帆科技有限公司",
  customerType: "enterprise",
  industry: null,
  scale: null,
  address: null,
  status: "deal",
  level: null,
  sourceLeadId: null,
  ownerId: 2,
  ownerName: "销售代表",
  inSea: false,
  seaTime: null,
  createdBy: 2,
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  lastFollowAt: null,
  recycleAt: null,
  daysUntilRecycle: null,
  tags: [],
  activityId: null,
  activityName: null,
};
const SUMMARY = {
  contacts: 0,
  followUps: 0,
  sessions: 0,
  visits: 0,
  returnVisits: 0,
  opportunities: 0,
  quotations: 0,
  contracts: 0,
  payments: 0,
};

function Harness() {
  const actions = useCustomerActions();
  return (
    <>
      <CustomerDetail id={3} actions={actions} onEdit={() => {}} onClose={() => {}} />
      {actions.element}
    </>
  );
}

function backend() {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "customer_get") return CUSTOMER;
    if (cmd === "customer_summary") return SUMMARY;
    if (cmd === "work_order_list")
      return page([order(1, { status: "resolved", slaState: "met", slaDueAt: null, slaClock: null, satisfaction: 5 })]);
    if (cmd === "service_settings_get") return SETTINGS;
    if (cmd === "work_order_customer_refs") return { customerName: CUSTOMER.customerName, contacts: [], contracts: [] };
    if (cmd === "work_order_create") return order(2);
    return null;
  });
  return calls;
}

const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });

const REP = userWith("customer:read", "customer:update", "service:read", "service:create");

describe("Work orders on a customer", () => {
  it("新建工单 on the customer opens the form with the customer preset and locked", async () => {
    const calls = backend();
    renderPage(<Harness />, { user: REP });
    await userEvent.click(await findId("customer-wo-new"));
    const customer = await findId("wo-customer");
    expect(customer.closest(".ant-select")!.className).toContain("ant-select-disabled");
    expect(customer.closest(".ant-select")!.textContent).toContain("杭州云帆科技有限公司");
    await userEvent.type(document.getElementById("wo-title")!, "无法登录");
    await userEvent.type(document.getElementById("wo-content")!, "客户无法登录系统");
    await userEvent.click(screen.getByTestId("wo-priority-urgent"));
    await userEvent.click(document.getElementById("wo-save")!);
    await waitFor(() =>
      expect(calls.find(([c]) => c === "work_order_create")?.[1]).toMatchObject({
        input: { customerId: 3, priority: "urgent", title: "无法登录" },
      }),
    );
  });

  it("the 服务工单 tab lists every order of the customer", async () => {
    const calls = backend();
    renderPage(<Harness />, { user: REP });
    await userEvent.click(await screen.findByTestId("customer-tab-workOrders"));
    const list = await screen.findByTestId("customer-work-orders");
    await waitFor(() => expect(within(list).getByTestId("wo-sla-1").textContent).toBe("达标"));
    const filter = calls.find(([c]) => c === "work_order_list")![1].filter as WorkOrderFilter;
    expect(filter).toMatchObject({ queue: "all", customerId: 3, sort: "created" });
  });

  it("without the service permissions there is neither the button nor the tab", async () => {
    backend();
    renderPage(<Harness />, { user: userWith("customer:read") });
    await screen.findByTestId("customer-tab-info");
    expect(document.getElementById("customer-wo-new")).toBeNull();
    expect(screen.queryByTestId("customer-tab-workOrders")).toBeNull();
  });
});
