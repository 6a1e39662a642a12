import { clearMocks } from "@tauri-apps/api/mocks";
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage, userWith } from "../../test/render";
import { activity, backend, figures, last, page, sent } from "./fixtures";
import Marketing from "./Marketing";

dayjs.extend(utc);
afterEach(() => clearMocks());

const byId = (id: string) => document.getElementById(id)!;
const findId = (id: string) =>
  waitFor(() => {
    const e = document.getElementById(id);
    if (!e) throw new Error(`#${id} not found`);
    return e;
  });
/** A local time typed into a picker as the backend's UTC string. */
const utcOf = (local: string) => dayjs(local, "YYYY-MM-DD HH:mm").utc().format("YYYY-MM-DDTHH:mm:ss");
/** The form item an error message is in. */
const fieldOf = (e: HTMLElement) => {
  const item = e.closest(".ant-form-item");
  if (!item) throw new Error("not in a form item (yet)");
  return item;
};
const RED = "rgb(207, 19, 34)";
const GREEN = "rgb(56, 158, 13)";

async function typeTime(id: string, text: string) {
  const picker = byId(id) as HTMLInputElement;
  await userEvent.click(picker);
  await userEvent.type(picker, `${text}{Enter}`);
}

const ROWS = [
  // No cost recorded: no ROI, no cost per lead.
  activity(1, {
    actualCost: null,
    figures: figures({ cost: "0.00", variance: "-50000.00", executionPct: "0.00", roiPct: null, costPerLead: null, costPerCustomer: null }),
  }),
  // Over budget and losing money, status set by hand.
  activity(2, {
    status: "running",
    statusManual: true,
    budget: "10000.00",
    actualCost: "12000.00",
    figures: figures({
      budget: "10000.00",
      cost: "12000.00",
      variance: "2000.00",
      executionPct: "120.00",
      wonAmount: "7740.00",
      roiPct: "-35.50",
    }),
  }),
  // No budget set.
  activity(3, { budget: null, figures: figures({ budget: "0.00", executionPct: null }) }),
];

describe("Marketing → activities list", { timeout: 90_000 }, () => {
  it("opens on the activities tab: figures per row, '—' for a missing ratio, ROI and over-budget coloured", async () => {
    const calls = backend({ marketing_activity_list: () => page(ROWS) });
    renderPage(<Marketing />, { route: "/marketing" });
    expect(await screen.findByTestId("marketing-activities")).toBeTruthy();
    expect(screen.getByTestId("marketing-tab-activities").closest(".ant-tabs-tab")!.className).toContain("ant-tabs-tab-active");
    const roi1 = await screen.findByTestId("activity-roiPct-1");
    expect(roi1.textContent).toBe("—");
    expect(screen.getByTestId("activity-cost-1").textContent).toBe("—");
    const roi2 = screen.getByTestId("activity-roiPct-2");
    expect(roi2.textContent).toBe("-35.50%");
    expect(roi2.style.color).toBe(RED);
    const roi3 = screen.getByTestId("activity-roiPct-3");
    expect(roi3.textContent).toBe("212.50%");
    expect(roi3.style.color).toBe(GREEN);
    expect(screen.getByTestId("activity-executionPct-2").textContent).toBe("120.00%");
    expect(screen.getByTestId("activity-executionPct-2").style.color).toBe(RED);
    expect(screen.getByTestId("activity-executionPct-1").style.color).toBe("");
    expect(screen.getByTestId("activity-executionPct-3").textContent).toBe("—");
    expect(screen.getByTestId("activity-budget-2").textContent).toBe("¥ 10,000.00");
    expect(screen.getByTestId("activity-budget-3").textContent).toBe("—");
    expect(screen.getByTestId("activity-wonAmount-2").textContent).toBe("¥ 7,740.00");
    expect(screen.getByTestId("activity-leads-2").textContent).toBe("40");
    expect(screen.getByTestId("activity-status-2").textContent).toBe("进行中");
    expect(screen.getByTestId("activity-status-2-manual").textContent).toBe("手动");
    expect(screen.queryByTestId("activity-status-1-manual")).toBeNull();
    // Nothing shows NaN, Infinity or null.
    expect(screen.getByTestId("list-marketingActivities").textContent).not.toMatch(/NaN|Infinity|null|undefined/);
    expect(last(calls, "marketing_activity_list")).toEqual({
      filter: { keyword: null, activityType: null, status: null, from: null, to: null },
      page: { page: 1, pageSize: 50 },
    });
  });

  it("filters by name, type and status", async () => {
    const calls = backend({ marketing_activity_list: () => page(ROWS) });
    renderPage(<Marketing />, { route: "/marketing" });
    await screen.findByTestId("activity-roiPct-1");
    await userEvent.type(byId("activity-search"), "Expo{Enter}");
    await waitFor(() => expect((last(calls, "marketing_activity_list").filter as { keyword: string }).keyword).toBe("Expo"));
    fireEvent.mouseDown(byId("activity-filter-type"));
    await userEvent.click(await screen.findByTitle("Webinar"));
    fireEvent.mouseDown(byId("activity-filter-status"));
    await userEvent.click(await screen.findByTitle("已结束"));
    await waitFor(() =>
      expect(last(calls, "marketing_activity_list").filter).toEqual({
        keyword: "Expo",
        activityType: "Webinar",
        status: "ended",
        from: null,
        to: null,
      }),
    );
  });

  it("a read-only user sees the list without new, edit or delete", async () => {
    backend({ marketing_activity_list: () => page(ROWS) });
    renderPage(<Marketing />, { route: "/marketing", user: userWith("marketing:read", "customer:read") });
    await screen.findByTestId("activity-roiPct-1");
    expect(document.getElementById("activity-new")).toBeNull();
    expect(screen.queryByTestId("activity-edit-1")).toBeNull();
    expect(screen.queryByTestId("activity-delete-1")).toBeNull();
    expect(screen.queryByTestId("marketing-tab-settings")).toBeNull();
  });
});

describe("Marketing → activity form", { timeout: 90_000 }, () => {
  it("creates an activity: exact money strings, the first type, UTC times and status null (by the dates); then opens it", async () => {
    const calls = backend({
      marketing_activity_create: () => activity(9),
      marketing_activity_get: () => activity(9),
    });
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await findId("activity-new"));
    await userEvent.type(await findId("activity-name"), "春季新品发布会");
    // The first configured type is preset once the settings arrive.
    await waitFor(() => expect(byId("activity-type").closest(".ant-select")!.textContent).toContain("Expo"));
    // "By the dates" is the default status.
    expect(byId("activity-status").closest(".ant-select")!.textContent).toContain("按日期自动");
    await typeTime("activity-start", "2030-05-01 09:00");
    await typeTime("activity-end", "2030-05-03 18:00");
    await userEvent.type(byId("activity-budget"), "12000.50");
    await userEvent.type(byId("activity-cost"), "9999999999999.99");
    await userEvent.click(byId("form-save"));
    await waitFor(() => expect(sent(calls, "marketing_activity_create")).toHaveLength(1));
    expect(last(calls, "marketing_activity_create")).toEqual({
      input: {
        activityName: "春季新品发布会",
        activityType: "Expo",
        startTime: utcOf("2030-05-01 09:00"),
        endTime: utcOf("2030-05-03 18:00"),
        budget: "12000.50",
        actualCost: "9999999999999.99",
        status: null,
        description: null,
      },
    });
    // The new activity opens.
    expect(await screen.findByTestId("activity-detail")).toBeTruthy();
    expect(last(calls, "marketing_activity_get")).toEqual({ id: 9 });
  });

  it("checks the end against the start and the amounts before calling the backend", async () => {
    const calls = backend();
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await findId("activity-new"));
    await userEvent.type(await findId("activity-name"), "Roadshow");
    await typeTime("activity-start", "2030-05-03 09:00");
    await typeTime("activity-end", "2030-05-01 18:00");
    await userEvent.type(byId("activity-budget"), "12.345");
    await userEvent.click(byId("form-save"));
    // Each error under its own field (found again until the error list settles).
    await waitFor(() => expect(fieldOf(screen.getByText("结束时间不能早于开始时间")).querySelector("#activity-end")).toBeTruthy());
    await waitFor(() =>
      expect(fieldOf(screen.getByText("请输入不小于 0 的金额,最多两位小数")).querySelector("#activity-budget")).toBeTruthy(),
    );
    expect(sent(calls, "marketing_activity_create")).toHaveLength(0);
  });

  it("edits with the version loaded: a hand-set status can go back to 'by the dates'; a stale save offers to reload", async () => {
    const row = activity(2, { status: "running", statusManual: true, lockVersion: 5 });
    const calls = backend({
      marketing_activity_list: () => page([row]),
      marketing_activity_get: () => ({ ...row, activityName: "Renamed elsewhere", lockVersion: 6 }),
      marketing_activity_update: () => {
        throw { code: "CONFLICT", field: "lockVersion", message: "该记录已被 王经理 修改" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await screen.findByTestId("activity-edit-2"));
    await waitFor(() => expect((byId("activity-name") as HTMLInputElement).value).toBe("Spring Expo 2"));
    // The detail did not open: the button's click is not the row's.
    expect(screen.queryByTestId("activity-detail")).toBeNull();
    expect(byId("activity-status").closest(".ant-select")!.textContent).toContain("进行中");
    expect((byId("activity-budget") as HTMLInputElement).value).toBe("50000.00");
    fireEvent.mouseDown(byId("activity-status"));
    await userEvent.click(await screen.findByTitle("按日期自动"));
    await userEvent.click(byId("form-save"));
    await waitFor(() => expect(sent(calls, "marketing_activity_update")).toHaveLength(1));
    expect(last(calls, "marketing_activity_update")).toMatchObject({
      id: 2,
      input: { activityName: "Spring Expo 2", budget: "50000.00", actualCost: "40000.00", status: null, lockVersion: 5 },
    });
    expect((await screen.findByTestId("stale-message")).textContent).toBe("该记录已被 王经理 修改");
    await userEvent.click(byId("stale-reload"));
    await waitFor(() => expect((byId("activity-name") as HTMLInputElement).value).toBe("Renamed elsewhere"));
  });

  it("shows the backend's refusal on the field it names", async () => {
    backend({
      marketing_activity_create: () => {
        throw { code: "VALIDATION", field: "activityType", message: "活动类型「Fair」不在设置的类型中" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await findId("activity-new"));
    await userEvent.type(await findId("activity-name"), "Roadshow");
    await waitFor(() => expect(byId("activity-type").closest(".ant-select")!.textContent).toContain("Expo"));
    await typeTime("activity-start", "2030-05-01 09:00");
    await typeTime("activity-end", "2030-05-01 18:00");
    await userEvent.click(byId("form-save"));
    await waitFor(() => expect(fieldOf(screen.getByText("活动类型「Fair」不在设置的类型中")).querySelector("#activity-type")).toBeTruthy());
    expect((byId("activity-name") as HTMLInputElement).value).toBe("Roadshow");
  });
});

describe("Marketing → activity detail", { timeout: 90_000 }, () => {
  const figure = (key: string) => screen.getByTestId(`fig-${key}`).querySelector(".ant-statistic-content")!.textContent;

  it("a click on a row opens its figures, '—' where a ratio has no divisor", async () => {
    const row = activity(4, {
      figures: figures({ leads: 0, customers: 0, conversionPct: null, costPerLead: null, costPerCustomer: null, roiPct: "-20.00" }),
    });
    const calls = backend({ marketing_activity_list: () => page([row]), marketing_activity_get: () => row });
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await screen.findByTestId("activity-open-4"));
    const detail = await screen.findByTestId("activity-detail");
    expect(last(calls, "marketing_activity_get")).toEqual({ id: 4 });
    expect(figure("budget")).toBe("¥ 50,000.00");
    expect(figure("cost")).toBe("¥ 40,000.00");
    expect(figure("variance")).toBe("-¥ 10,000.00");
    expect(figure("executionPct")).toBe("80.00%");
    expect(figure("leads")).toBe("0");
    expect(figure("customers")).toBe("0");
    expect(figure("conversionPct")).toBe("—");
    expect(figure("costPerLead")).toBe("—");
    expect(figure("costPerCustomer")).toBe("—");
    expect(figure("opportunities")).toBe("6");
    expect(figure("opportunityAmount")).toBe("¥ 300,000.00");
    expect(figure("wonContracts")).toBe("3");
    expect(figure("wonAmount")).toBe("¥ 125,000.00");
    expect(figure("receivedAmount")).toBe("¥ 60,000.00");
    expect(figure("roiPct")).toBe("-20.00%");
    expect((screen.getByTestId("fig-roiPct").querySelector(".ant-statistic-content") as HTMLElement).style.color).toBe(RED);
    expect(within(detail).getByTestId("activity-description").textContent).toBe("Booth A12, hall 3.");
    expect(within(detail).getByTestId("activity-detail-window").textContent).toContain("90 天");
    expect(detail.textContent).not.toMatch(/NaN|Infinity|null|undefined/);
  });

  it("over budget: the variance is red and signed, the figures follow the row", async () => {
    const row = activity(5, {
      budget: "10000.00",
      actualCost: "12000.00",
      figures: figures({ budget: "10000.00", cost: "12000.00", variance: "2000.00", executionPct: "120.00", costPerLead: "300.00" }),
    });
    backend({ marketing_activity_get: () => row });
    renderPage(<Marketing />, { route: "/marketing?id=5" });
    await screen.findByTestId("activity-detail");
    expect(figure("variance")).toBe("+¥ 2,000.00");
    expect((screen.getByTestId("fig-variance").querySelector(".ant-statistic-content") as HTMLElement).style.color).toBe(RED);
    expect(figure("executionPct")).toBe("120.00%");
    expect(figure("costPerLead")).toBe("¥ 300.00");
    expect(figure("roiPct")).toBe("212.50%");
  });

  it("delete asks first; a refusal (activity in use) is shown", async () => {
    const calls = backend({
      marketing_activity_list: () => page([activity(1)]),
      marketing_activity_delete: () => {
        throw { code: "CONFLICT", field: "id", message: "该活动已有 3 条线索、1 个客户、0 次短信营销归属,不能删除;可把它标记为已结束" };
      },
    });
    renderPage(<Marketing />, { route: "/marketing" });
    await userEvent.click(await screen.findByTestId("activity-delete-1"));
    await userEvent.click(await findId("confirm-delete"));
    await waitFor(() => expect(last(calls, "marketing_activity_delete")).toEqual({ id: 1 }));
    expect(await screen.findByText("数据冲突: 该活动已有 3 条线索、1 个客户、0 次短信营销归属,不能删除;可把它标记为已结束")).toBeTruthy();
  });
});
