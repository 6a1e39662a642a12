import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import { afterEach, describe, expect, it } from "vitest";
import { renderPage } from "../../test/render";
import Todo from "./Todo";

dayjs.extend(utc);
afterEach(() => clearMocks());

const at = (d: dayjs.Dayjs) => d.utc().format("YYYY-MM-DDTHH:mm:ss");
const follow = (id: number, next: dayjs.Dayjs, over: object = {}) => ({
  id,
  relationType: "customer",
  relationId: 7,
  relationName: "杭州远航物流有限公司",
  followType: "电话",
  content: "介绍了产品",
  nextFollowTime: at(next),
  nextContent: "发送报价单",
  nextDone: false,
  createdBy: 1,
  createdByName: "管理员",
  createdAt: at(dayjs().subtract(3, "day")),
  updatedAt: at(dayjs().subtract(3, "day")),
  ...over,
});

const BOARD = {
  counts: { followUps: 2, overdue: 1, visits: 1, returnVisits: 0, expiring: 1, total: 4 },
  followUps: [
    follow(11, dayjs().subtract(1, "day")),
    follow(12, dayjs().add(2, "hour"), { relationType: "lead", relationId: 3, relationName: "王经理", nextContent: "约见面谈" }),
  ],
  visits: [
    { id: 4, customerId: 7, customerName: "杭州远航物流有限公司", title: "上门演示", due: at(dayjs().add(1, "hour")), kind: "visit" },
  ],
  expiring: [
    {
      id: 8,
      customerName: "宁波港务集团",
      customerType: "enterprise",
      industry: null,
      scale: null,
      address: null,
      status: "potential",
      level: "b",
      sourceLeadId: null,
      ownerId: 1,
      ownerName: "管理员",
      inSea: false,
      seaTime: null,
      createdBy: 1,
      createdAt: at(dayjs().subtract(40, "day")),
      updatedAt: at(dayjs().subtract(28, "day")),
      lastFollowAt: at(dayjs().subtract(28, "day")),
      recycleAt: at(dayjs().add(2, "day")),
      daysUntilRecycle: 2,
    },
  ],
};

describe("To-do page", () => {
  it("shows the counts and every item, overdue ones marked", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "todo_board") return BOARD;
      return null;
    });
    renderPage(<Todo />, { route: "/todo" });
    const page = await screen.findByTestId("todo-page");
    await waitFor(() => expect(within(page).getByTestId("todo-follow-11")).toBeTruthy());
    expect(within(screen.getByTestId("todo-count-follow")).getByText("2")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-follow")).getByText("其中已逾期 1")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-visits")).getByText("1")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-return")).getByText("0")).toBeTruthy();
    expect(within(screen.getByTestId("todo-count-expiring")).getByText("1")).toBeTruthy();

    const overdue = screen.getByTestId("todo-follow-11");
    expect(within(overdue).getByText("已逾期")).toBeTruthy();
    expect(within(overdue).getByText("发送报价单")).toBeTruthy();
    const later = screen.getByTestId("todo-follow-12");
    expect(within(later).queryByText("已逾期")).toBeNull();
    expect(within(later).getByText("王经理")).toBeTruthy();
    expect(within(screen.getByTestId("todo-visit-4")).getByText("上门演示")).toBeTruthy();
    expect(within(screen.getByTestId("todo-expiring-8")).getByText("2 天后回收")).toBeTruthy();

    const tz = (calls.find((c) => c[0] === "todo_board")![1] as { tzOffsetMinutes: number }).tzOffsetMinutes;
    expect(tz).toBe(-new Date().getTimezoneOffset());
  });

  it("completes a follow-up and reloads the board", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "todo_board") return BOARD;
      return null;
    });
    renderPage(<Todo />, { route: "/todo" });
    await userEvent.click(await screen.findByTestId("todo-done-11"));
    await waitFor(() => expect(calls).toContain("follow_up_done"));
    await waitFor(() => expect(calls.filter((c) => c === "todo_board").length).toBeGreaterThan(1));
  });

  it("opens the follow-up form for the item's customer", async () => {
    mockIPC((cmd) => (cmd === "todo_board" ? BOARD : null));
    renderPage(<Todo />, { route: "/todo" });
    const item = await screen.findByTestId("todo-follow-11");
    await userEvent.click(within(item).getByRole("button", { name: /写跟进/ }));
    expect(await screen.findByText("写跟进", { selector: ".ant-modal-title span" })).toBeTruthy();
    expect(document.getElementById("follow-content")).toBeTruthy();
  });
});
