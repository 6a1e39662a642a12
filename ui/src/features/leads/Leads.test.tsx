import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LeadRow } from "../../api";
import { renderPage } from "../../test/render";
import LeadForm from "./LeadForm";
import Leads from "./Leads";

afterEach(() => clearMocks());

const LEAD = {
  id: 5,
  lockVersion: 1,
  leadName: "王经理",
  phone: "13800000001",
  company: "杭州远航物流有限公司",
  position: null,
  source: "官网",
  intentProduct: null,
  intentLevel: "high",
  status: "new",
  remark: null,
  ownerId: 1,
  ownerName: "管理员",
  poolId: 1,
  poolName: "公共线索池",
  createdBy: 1,
  createdAt: "2030-01-01T00:00:00",
  updatedAt: "2030-01-01T00:00:00",
  customerId: null,
  activityId: 7,
  activityName: "2030 春季展会",
};

const ACTIVITIES = [
  { id: 7, activityName: "2030 春季展会", status: "running" },
  { id: 8, activityName: "线上直播", status: "planning" },
];

function backend(calls: [string, unknown][], create?: () => unknown) {
  mockIPC((cmd, args) => {
    calls.push([cmd, args]);
    switch (cmd) {
      case "pool_list":
        return [{ id: 1, poolName: "公共线索池", description: null, isPublic: true, waiting: 2, createdAt: "2030-01-01T00:00:00" }];
      case "lead_sources":
        return ["官网", "展会"];
      case "user_options":
        return [{ id: 1, fullName: "管理员", deptId: 1 }];
      case "lead_list":
        return { items: [LEAD], total: 1, page: 1, pageSize: 50 };
      case "lead_create":
        return create?.();
      case "lead_get":
        return LEAD;
      case "lead_update":
        return LEAD;
      case "marketing_activity_options":
        return ACTIVITIES;
      // The detail's timeline and history: empty pages.
      case "follow_up_list":
      case "oplog_history":
        return { items: [], total: 0, page: 1, pageSize: 20 };
      default:
        return null;
    }
  });
}

describe("Leads page", () => {
  it("lists my leads with status and intent", async () => {
    const calls: [string, unknown][] = [];
    backend(calls);
    renderPage(<Leads />, { route: "/leads" });
    expect(await screen.findByText("王经理")).toBeTruthy();
    expect(screen.getByTestId("leads-page")).toBeTruthy();
    const list = calls.find((c) => c[0] === "lead_list")![1] as { filter: { unassigned: boolean; sort: string } };
    expect(list.filter.unassigned).toBe(false);
    expect(list.filter.sort).toBe("updatedAt");
  });

  it("shows a duplicate phone on the phone field, naming the owner", async () => {
    const calls: [string, unknown][] = [];
    const msg = "手机号 13800000001 已存在线索「王经理」(负责人:张三)";
    backend(calls, () => {
      throw { code: "CONFLICT", message: msg, field: "phone" };
    });
    renderPage(<Leads />, { route: "/leads" });
    await userEvent.click(await screen.findByRole("button", { name: /新建线索/ }));
    await userEvent.type(document.getElementById("lead-name")!, "李四");
    await userEvent.type(document.getElementById("lead-phone")!, "13800000001");
    await userEvent.type(document.getElementById("lead-company")!, "宁波港务");
    await userEvent.click(document.getElementById("form-save")!);
    const err = await screen.findByText(msg);
    // On the phone field itself (Form.Item help), and the input is kept.
    expect(err.closest(".ant-form-item")!.querySelector("#lead-phone")).toBeTruthy();
    expect((document.getElementById("lead-phone") as HTMLInputElement).value).toBe("13800000001");
    const create = calls.find((c) => c[0] === "lead_create")![1] as { input: Record<string, unknown> };
    expect(create.input).toMatchObject({ leadName: "李四", phone: "13800000001", company: "宁波港务", toPool: false, poolId: null });
  });

  it("switches to the pool view (unowned leads)", async () => {
    const calls: [string, unknown][] = [];
    backend(calls);
    renderPage(<Leads />, { route: "/leads" });
    await screen.findByText("王经理");
    await userEvent.click(screen.getByTestId("leads-tab-pool"));
    await waitFor(() =>
      expect(calls.some((c) => c[0] === "lead_list" && (c[1] as { filter: { unassigned: boolean } }).filter.unassigned)).toBe(true),
    );
  });
});

describe("Leads: 来源活动", () => {
  type Input = { input: { activityId: number | null; leadName: string } };

  it("the list shows each lead's activity and filters by one", async () => {
    const calls: [string, unknown][] = [];
    backend(calls);
    renderPage(<Leads />, { route: "/leads" });
    await screen.findByText("王经理");
    const row = screen.getByTestId("lead-open-5").closest("tr")!;
    expect(row.textContent).toContain("2030 春季展会");
    fireEvent.mouseDown(document.getElementById("lead-filter-activity")!);
    await userEvent.click(await screen.findByTitle("线上直播"));
    await waitFor(() =>
      expect(calls.some((c) => c[0] === "lead_list" && (c[1] as { filter: { activityId: number | null } }).filter.activityId === 8)).toBe(
        true,
      ),
    );
  });

  it("the detail names the lead's activity", async () => {
    backend([]);
    renderPage(<Leads />, { route: "/leads?id=5" });
    expect((await screen.findByTestId("lead-activity")).textContent).toBe("2030 春季展会");
  });

  it("a new lead sends the activity chosen", async () => {
    const calls: [string, unknown][] = [];
    backend(calls, () => LEAD);
    const onClose = vi.fn();
    renderPage(<LeadForm editing="new" onClose={onClose} />);
    await waitFor(() => expect(document.getElementById("lead-name")).toBeTruthy());
    await userEvent.type(document.getElementById("lead-name")!, "李四");
    fireEvent.mouseDown(document.getElementById("lead-activity")!);
    await userEvent.click(await screen.findByTitle("2030 春季展会"));
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const create = calls.find((c) => c[0] === "lead_create")![1] as Input;
    expect(create.input).toMatchObject({ leadName: "李四", activityId: 7 });
  });

  it("an edit sends a newly chosen activity", async () => {
    const calls: [string, unknown][] = [];
    backend(calls);
    const onClose = vi.fn();
    renderPage(<LeadForm editing={LEAD as LeadRow} onClose={onClose} />);
    const select = await waitFor(() => {
      const s = document.getElementById("lead-activity")!.closest(".ant-select")!;
      expect(s.textContent).toContain("2030 春季展会");
      return s;
    });
    fireEvent.mouseDown(document.getElementById("lead-activity")!);
    await userEvent.click(await screen.findByTitle("线上直播"));
    await waitFor(() => expect(select.textContent).toContain("线上直播"));
    await userEvent.click(document.getElementById("form-save")!);
    await waitFor(() => expect(onClose).toHaveBeenCalled());
    const update = calls.find((c) => c[0] === "lead_update")![1] as Input;
    expect(update.input.activityId).toBe(8);
  });
});
