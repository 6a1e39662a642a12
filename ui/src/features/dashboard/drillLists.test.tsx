// The lists the dashboard opens read its URL filter: the first list call carries it, a tag
// says why the list is narrowed, and closing the tag lists without it.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage } from "../../test/render";
import Contracts from "../contracts/Contracts";
import Customers from "../customers/Customers";
import FollowUps from "../followUps/FollowUps";
import Leads from "../leads/Leads";
import Opportunities from "../opportunities/Opportunities";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];
const EMPTY_PAGE = { items: [], total: 0, page: 1, pageSize: 50 };

function backend(calls: Calls) {
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (
      cmd === "stage_list" ||
      cmd === "pool_list" ||
      cmd === "lead_sources" ||
      cmd === "tag_list" ||
      cmd === "segment_list" ||
      cmd === "marketing_activity_options"
    )
      return [];
    if (cmd.endsWith("_list") || cmd === "follow_up_recent" || cmd === "contract_awaiting_approval") return EMPTY_PAGE;
    if (cmd === "user_options") return [{ id: 7, fullName: "张三", deptId: 1 }];
    if (cmd === "contract_totals")
      return { count: 0, totalAmount: "0.00", received: "0.00", outstanding: "0.00", invoiced: "0.00", uninvoiced: "0.00" };
    return null;
  });
}

/** The filter of every call of `cmd` so far. */
const filters = (calls: Calls, cmd: string) => calls.filter((c) => c[0] === cmd).map((c) => c[1].filter as Record<string, unknown>);
/** The filter of the latest call of `cmd`. */
const latest = (calls: Calls, cmd: string) => filters(calls, cmd).slice(-1)[0];

describe("lists opened from the dashboard", { timeout: 60_000 }, () => {
  it("leads: the period, the source and the owner reach lead_list; closing the tag lifts them", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<Leads />, { route: "/leads?source=%E5%B1%95%E4%BC%9A&createdFrom=2030-05-01&createdTo=2030-05-31&ownerId=7" });
    await waitFor(() => expect(filters(calls, "lead_list").length).toBeGreaterThan(0));
    expect(filters(calls, "lead_list")[0]).toMatchObject({
      createdFrom: "2030-05-01",
      createdTo: "2030-05-31",
      source: "展会",
      ownerId: 7,
    });
    const tag = await screen.findByTestId("drill-tag");
    expect(tag.textContent).toContain("来自工作台");
    expect(tag.textContent).toContain("2030-05-01 ~ 2030-05-31");
    expect(tag.textContent).toContain("来源:展会");
    await waitFor(() => expect(tag.textContent).toContain("负责人:张三"));

    await userEvent.click(screen.getByTestId("drill-tag-close"));
    await waitFor(() => expect(screen.queryByTestId("drill-tag")).toBeNull());
    await waitFor(() =>
      expect(latest(calls, "lead_list")).toMatchObject({ createdFrom: null, createdTo: null, source: null, ownerId: null }),
    );
  });

  it("customers: level × status, forgotten days and the sea's warning list", async () => {
    const calls: Calls = [];
    backend(calls);
    const r = renderPage(<Customers />, { route: "/customers?level=a&status=potential&ownerId=7" });
    await waitFor(() => expect(filters(calls, "customer_list").length).toBeGreaterThan(0));
    expect(filters(calls, "customer_list")[0]).toMatchObject({ level: "a", status: "potential", ownerId: 7, expiring: false });
    expect((await screen.findByTestId("drill-tag")).textContent).toContain("等级:A");
    r.unmount();

    const calls2: Calls = [];
    backend(calls2);
    const r2 = renderPage(<Customers />, { route: "/customers?idleDays=30" });
    await waitFor(() => expect(filters(calls2, "customer_list").length).toBeGreaterThan(0));
    expect(filters(calls2, "customer_list")[0]).toMatchObject({ idleDays: 30 });
    expect((await screen.findByTestId("drill-tag")).textContent).toContain("超过 30 天未跟进");
    r2.unmount();

    const calls3: Calls = [];
    backend(calls3);
    renderPage(<Customers />, { route: "/customers?expiring=1" });
    await waitFor(() => expect(filters(calls3, "customer_list").length).toBeGreaterThan(0));
    expect(filters(calls3, "customer_list")[0]).toMatchObject({ expiring: true });
  });

  it("customers: a malformed parameter is ignored (no tag, no filter)", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<Customers />, { route: "/customers?level=zz&createdFrom=yesterday" });
    await waitFor(() => expect(filters(calls, "customer_list").length).toBeGreaterThan(0));
    expect(filters(calls, "customer_list")[0]).toMatchObject({ level: null });
    expect(filters(calls, "customer_list")[0].createdFrom ?? null).toBeNull();
    expect(screen.queryByTestId("drill-tag")).toBeNull();
  });

  it("opportunities: a funnel stage opens the list view of the open ones at that stage", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<Opportunities />, { route: "/opportunities?stage=%E9%9C%80%E6%B1%82%E7%A1%AE%E8%AE%A4&status=in_progress" });
    await waitFor(() => expect(filters(calls, "opportunity_list").length).toBeGreaterThan(0));
    expect(filters(calls, "opportunity_list")[0]).toMatchObject({ stage: "需求确认", status: "in_progress" });
    expect(calls.some((c) => c[0] === "opportunity_kanban")).toBe(false);
    expect((await screen.findByTestId("drill-tag")).textContent).toContain("阶段:需求确认");
  });

  it("contracts: signed in the period by one rep", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<Contracts />, { route: "/contracts?status=signed&signFrom=2030-05-01&signTo=2030-05-31&createdBy=7" });
    await waitFor(() => expect(filters(calls, "contract_list").length).toBeGreaterThan(0));
    expect(filters(calls, "contract_list")[0]).toMatchObject({
      status: "signed",
      signFrom: "2030-05-01",
      signTo: "2030-05-31",
      createdBy: 7,
    });
    const tag = await screen.findByTestId("drill-tag");
    await waitFor(() => expect(tag.textContent).toContain("销售:张三"));
    await userEvent.click(screen.getByTestId("drill-tag-close"));
    await waitFor(() => expect(latest(calls, "contract_list")).toMatchObject({ status: null }));
    expect(latest(calls, "contract_list").signFrom ?? null).toBeNull();
  });

  it("follow-ups: the history tab, logged in the period by one user", async () => {
    const calls: Calls = [];
    backend(calls);
    renderPage(<FollowUps />, { route: "/follow-ups?from=2030-05-01&to=2030-05-31&createdBy=7" });
    await waitFor(() => expect(filters(calls, "follow_up_recent").length).toBeGreaterThan(0));
    expect(filters(calls, "follow_up_recent")[0]).toMatchObject({ from: "2030-05-01", to: "2030-05-31", createdBy: 7 });
    expect(await screen.findByTestId("drill-tag")).toBeTruthy();
  });
});
