import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import dayjs from "dayjs";
import { afterEach, describe, expect, it } from "vitest";
import type { HandlerStats, WorkOrderFilter } from "../../api";
import { renderPage } from "../../test/render";
import { matrix } from "./Board";
import { inSeconds, order, page, SETTINGS } from "./fixtures";
import { periodRange } from "./Report";
import Service from "./Service";

afterEach(() => clearMocks());

type Calls = [string, Record<string, unknown>][];

const BOARD = {
  byStatusPriority: [
    { status: "pending", priority: "urgent", count: 2 },
    { status: "processing", priority: "normal", count: 3 },
    { status: "resolved", priority: "normal", count: 4 },
    { status: "closed", priority: "low", count: 1 },
  ],
  open: 5,
  unassigned: 2,
  atRisk: 1,
  breached: 1,
  breachedToday: 1,
  resolvedToday: 4,
  unrated: 3,
  myQueue: [order(1, { status: "processing", assigneeId: 1, slaDueAt: inSeconds(45 * 60), slaClock: "resolve" })],
  myOpen: 1,
};

const stats = (over: Partial<HandlerStats>): HandlerStats => ({
  assigneeId: 9,
  assigneeName: "褚客服",
  handled: 4,
  resolved: 3,
  medianResponseMinutes: 65,
  medianResolveMinutes: 1500,
  slaMetPct: 66.7,
  rated: 2,
  csatPct: 50,
  avgScore: 3.5,
  reopenPct: 33.3,
  ...over,
});

const REPORT = {
  rows: [
    stats({}),
    stats({
      assigneeId: null,
      assigneeName: null,
      handled: 1,
      resolved: 0,
      medianResponseMinutes: null,
      medianResolveMinutes: null,
      slaMetPct: null,
      rated: 0,
      csatPct: null,
      avgScore: null,
      reopenPct: null,
    }),
  ],
  total: stats({ assigneeId: null, assigneeName: null, handled: 5 }),
};

function backend() {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (cmd === "service_board") return BOARD;
    if (cmd === "service_report") return REPORT;
    if (cmd === "work_order_list") return page([order(2)]);
    if (cmd === "service_settings_get") return SETTINGS;
    return null;
  });
  return calls;
}

const lastFilter = (calls: Calls) => calls.filter(([c]) => c === "work_order_list").slice(-1)[0][1].filter as WorkOrderFilter;

describe("Service board", { timeout: 90_000 }, () => {
  it("shows the figures, asks for today in the desktop's time zone", async () => {
    const calls = backend();
    renderPage(<Service />, { route: "/service?tab=board" });
    expect(within(await screen.findByTestId("board-resolvedToday")).getByText("4")).toBeTruthy();
    expect(within(screen.getByTestId("board-unassigned")).getByText("2")).toBeTruthy();
    expect(within(screen.getByTestId("board-myOpen")).getByText("1")).toBeTruthy();
    expect(calls.find(([c]) => c === "service_board")![1]).toEqual({ tzOffsetMinutes: -new Date().getTimezoneOffset() });
    // My queue ticks like the list.
    expect(screen.getByTestId("board-sla-1").textContent).toBe("剩余 45分");
  });

  it("a card opens the list with its filter", async () => {
    const calls = backend();
    renderPage(<Service />, { route: "/service?tab=board" });
    await userEvent.click(await screen.findByTestId("board-unassigned"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "open", unassigned: true, mine: false }));
    expect(await screen.findByTestId("wo-open-2")).toBeTruthy();
    await userEvent.click(screen.getByTestId("service-tab-board"));
    await userEvent.click(await screen.findByTestId("board-atRisk"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "open", sla: "atRisk", unassigned: false }));
    await userEvent.click(screen.getByTestId("service-tab-board"));
    await userEvent.click(await screen.findByTestId("board-unrated"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "unrated" }));
    await userEvent.click(screen.getByTestId("service-tab-board"));
    await userEvent.click(await screen.findByTestId("board-myOpen"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "open", mine: true }));
  });

  it("a matrix cell opens the list of that status and priority", async () => {
    const calls = backend();
    renderPage(<Service />, { route: "/service?tab=board" });
    await userEvent.click(await screen.findByTestId("board-cell-pending-urgent"));
    await waitFor(() => expect(lastFilter(calls)).toMatchObject({ queue: "pending", priority: "urgent" }));
  });

  it("sums the status × priority matrix", () => {
    const rows = matrix(BOARD as never);
    expect(rows.map((r) => [r.status, r.urgent, r.normal, r.low, r.total])).toEqual([
      ["pending", 2, 0, 0, 2],
      ["processing", 0, 3, 0, 3],
      ["resolved", 0, 4, 0, 4],
      ["closed", 0, 0, 1, 1],
      ["total", 2, 7, 1, 10],
    ]);
  });
});

describe("Handler report", () => {
  it("asks for this month by default and formats minutes, percentages and the gaps", async () => {
    const calls = backend();
    renderPage(<Service />, { route: "/service?tab=report" });
    expect((await screen.findByTestId("report-response-9")).textContent).toBe("1小时5分");
    expect(screen.getByTestId("report-resolve-9").textContent).toBe("1天1小时");
    expect(screen.getByTestId("report-slaMet-9").textContent).toBe("66.7%");
    expect(screen.getByTestId("report-csat-9").textContent).toBe("50%");
    expect(screen.getByTestId("report-avg-9").textContent).toBe("3.5");
    expect(screen.getByTestId("report-reopen-9").textContent).toBe("33.3%");
    for (const k of ["response", "resolve", "slaMet", "csat", "avg", "reopen"])
      expect(screen.getByTestId(`report-${k}-none`).textContent).toBe("—");
    expect(within(screen.getByTestId("report-total")).getByText("5")).toBeTruthy();
    expect(within(screen.getByTestId("service-report")).getByText("未指派")).toBeTruthy();
    const [from, to] = periodRange("month");
    expect(calls.find(([c]) => c === "service_report")![1]).toEqual({ from, to, tzOffsetMinutes: -new Date().getTimezoneOffset() });
    await userEvent.click(screen.getByTestId("report-quarter"));
    const [qf, qt] = periodRange("quarter");
    await waitFor(() => expect(calls.filter(([c]) => c === "service_report").slice(-1)[0][1]).toMatchObject({ from: qf, to: qt }));
  });

  it("computes this month and this quarter", () => {
    const day = dayjs("2030-05-17");
    expect(periodRange("month", day)).toEqual(["2030-05-01", "2030-05-31"]);
    expect(periodRange("quarter", day)).toEqual(["2030-04-01", "2030-06-30"]);
    expect(periodRange("quarter", dayjs("2030-12-31"))).toEqual(["2030-10-01", "2030-12-31"]);
  });
});
