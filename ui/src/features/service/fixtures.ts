// Test data for the service desk's tests: work orders, details, events and settings as the
// backend sends them.
import dayjs from "dayjs";
import utc from "dayjs/plugin/utc";
import type { ServiceSettings, WorkOrderDetail, WorkOrderEventRow, WorkOrderRow } from "../../api";

dayjs.extend(utc);

/** A backend UTC time `seconds` from now. */
export const inSeconds = (seconds: number) => dayjs.utc().add(seconds, "second").format("YYYY-MM-DDTHH:mm:ss");

export const order = (id: number, over: Partial<WorkOrderRow> = {}): WorkOrderRow => ({
  id,
  orderNo: `GD2030010${id}0001`,
  customerId: 3,
  customerName: "杭州云帆科技有限公司",
  contactId: null,
  contactName: null,
  contractId: null,
  contractNo: null,
  orderType: "售后问题",
  title: `打印机无法连接 ${id}`,
  priority: "normal",
  status: "pending",
  assigneeId: null,
  assigneeName: null,
  createdBy: 7,
  createdByName: "王销售",
  createdAt: inSeconds(-3600),
  updatedAt: inSeconds(-3600),
  responseDueAt: inSeconds(3600),
  resolveDueAt: inSeconds(20 * 3600),
  firstResponseAt: null,
  resolvedAt: null,
  closedAt: null,
  slaDueAt: inSeconds(3600),
  slaClock: "response",
  slaState: "onTrack",
  slaSecondsLeft: 3600,
  responseBreached: false,
  reopenCount: 0,
  satisfaction: null,
  lockVersion: 1,
  ...over,
});

export const event = (id: number, kind: string, over: Partial<WorkOrderEventRow> = {}): WorkOrderEventRow => ({
  id,
  kind,
  fromStatus: null,
  toStatus: null,
  assigneeId: null,
  assigneeName: null,
  content: null,
  actorId: 7,
  actorName: "王销售",
  createdAt: inSeconds(-1800),
  ...over,
});

export const detail = (o: WorkOrderRow, over: Partial<WorkOrderDetail> = {}): WorkOrderDetail => ({
  order: o,
  content: "客户反馈打印机无法连接到网络。",
  solution: null,
  closeReason: null,
  satisfactionComment: null,
  ratedAt: null,
  returnVisitId: null,
  events: [event(1, "create", { toStatus: "pending" })],
  attachments: [],
  canWork: true,
  canAssign: true,
  canTake: false,
  ...over,
});

export const SETTINGS: ServiceSettings = {
  types: ["售后问题", "产品咨询", "投诉"],
  sla: {
    urgent: { responseMinutes: 60, resolveMinutes: 240 },
    normal: { responseMinutes: 480, resolveMinutes: 1440 },
    low: { responseMinutes: 1440, resolveMinutes: 4320 },
  },
  calendar: { enabled: false, weekdays: [1, 2, 3, 4, 5], start: "09:00", end: "18:00", holidays: [], workdays: [], utcOffsetMinutes: 480 },
  lockVersion: 3,
};

export const page = <T>(items: T[]) => ({ items, total: items.length, page: 1, pageSize: 50 });
