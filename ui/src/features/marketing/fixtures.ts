// Test data for the marketing tests: activities with their figures, templates, segments,
// tags, variables, settings (and the SMS gateway's status), campaigns with their
// recipients' log and preview, and opt-outs as the backend sends them, and a mocked
// backend that records every command.
import { mockIPC } from "@tauri-apps/api/mocks";
import type { Page } from "../../api";
import type { ActivityRow } from "../../api/types/ActivityRow";
import type { CampaignRow } from "../../api/types/CampaignRow";
import type { DetailRow } from "../../api/types/DetailRow";
import type { Figures } from "../../api/types/Figures";
import type { GatewayStatus } from "../../api/types/GatewayStatus";
import type { MarketingSettings } from "../../api/types/MarketingSettings";
import type { OptOut } from "../../api/types/OptOut";
import type { Preview } from "../../api/types/Preview";
import type { RecipientPreview } from "../../api/types/RecipientPreview";
import type { Segment } from "../../api/types/Segment";
import type { Tag } from "../../api/types/Tag";
import type { Template } from "../../api/types/Template";
import type { Variable } from "../../api/types/Variable";
import { SMS_MARKETING, SMS_NOTICE } from "./shared";

export const figures = (over: Partial<Figures> = {}): Figures => ({
  budget: "50000.00",
  cost: "40000.00",
  variance: "-10000.00",
  executionPct: "80.00",
  leads: 40,
  customers: 10,
  conversionPct: "25.00",
  opportunities: 6,
  opportunityAmount: "300000.00",
  wonContracts: 3,
  wonAmount: "125000.00",
  receivedAmount: "60000.00",
  costPerLead: "1000.00",
  costPerCustomer: "4000.00",
  roiPct: "212.50",
  ...over,
});

export const activity = (id: number, over: Partial<ActivityRow> = {}): ActivityRow => ({
  id,
  activityName: `Spring Expo ${id}`,
  activityType: "Expo",
  startTime: "2030-03-01T01:00:00",
  endTime: "2030-03-03T09:00:00",
  budget: "50000.00",
  actualCost: "40000.00",
  status: "ended",
  statusManual: false,
  description: "Booth A12, hall 3.",
  createdBy: 7,
  createdByName: "Wang",
  createdAt: "2030-02-01T02:00:00",
  lockVersion: 2,
  figures: figures(),
  ...over,
});

export const SETTINGS: MarketingSettings = {
  activityTypes: ["Expo", "Live stream", "Webinar"],
  attributionDays: 90,
  smsSign: "Yunfan",
  smsFallbacks: { name: "Customer" },
  smsDedupeDays: 7,
  sendWindowStart: 8,
  sendWindowEnd: 21,
  smsGateway: { kind: "outbox", endpoint: "", keyId: "", region: "ap-guangzhou", appId: "", perSecond: 10 },
  lockVersion: 4,
};

export const GATEWAY_STATUS: GatewayStatus = {
  kind: "outbox",
  endpoint: "",
  outboxPath: "/data/sms-outbox.jsonl",
  secretStored: false,
};

export const VARIABLES: Variable[] = [
  { name: "name", labelZh: "N-zh", labelEn: "Name", sourceZh: "S-zh", sourceEn: "The first contact's name" },
  { name: "company", labelZh: "C-zh", labelEn: "Customer", sourceZh: "S-zh", sourceEn: "The customer's name" },
  { name: "activity", labelZh: "A-zh", labelEn: "Activity", sourceZh: "S-zh", sourceEn: "The activity's name" },
];

export const template = (id: number, over: Partial<Template> = {}): Template => ({
  id,
  templateName: `Invitation ${id}`,
  content: "Dear ${name}, see you at the expo. Reply T to opt out",
  templateType: SMS_MARKETING,
  isEnabled: true,
  providerCode: "SMS_1001",
  signName: null,
  variables: ["name"],
  campaigns: 0,
  createdAt: "2030-01-01T00:00:00",
  ...over,
});

export const notice = (id: number, over: Partial<Template> = {}) =>
  template(id, { templateType: SMS_NOTICE, content: "Your order ships today, ${name}.", ...over });

export const preview = (over: Partial<Preview> = {}): Preview => ({
  problems: [],
  customerId: 31,
  customerName: "Yunfan Tech",
  rendered: "Hello Li Lei",
  renderError: null,
  length: 12,
  segments: 1,
  sign: "Yunfan",
  ...over,
});

export const TAGS: Tag[] = [
  { id: 1, tagName: "VIP", color: "#f5222d", sortOrder: 1, customers: 12 },
  { id: 2, tagName: "Returning", color: "#1677ff", sortOrder: 2, customers: 0 },
];

export const SEGMENTS: Segment[] = [
  {
    id: 1,
    segmentName: "Dormant",
    rule: { tagIds: [], idleDays: 90, hasSignedContract: false, birthdayThisMonth: false, includeSea: false },
    builtin: "dormant",
    description: "No follow-up for 90 days",
    customers: 37,
  },
  {
    id: 5,
    segmentName: "VIP in A",
    rule: { tagIds: [1], level: "a", hasSignedContract: true, birthdayThisMonth: false, includeSea: false },
    builtin: null,
    description: null,
    customers: 4,
  },
];

/** A campaign as the list and the detail show it (by default: created, nothing sent yet). */
export const campaign = (id: number, over: Partial<CampaignRow> = {}): CampaignRow => ({
  id,
  campaignName: `Spring launch ${id}`,
  templateId: 3,
  templateName: "Invitation 3",
  activityId: null,
  activityName: null,
  targetTag: "VIP",
  status: 1,
  scheduledAt: null,
  sendTime: "2030-03-01T01:00:00",
  totalCount: 10,
  successCount: 0,
  failCount: 0,
  skippedCount: 2,
  pending: 10,
  startedAt: null,
  finishedAt: null,
  createdByName: "Wang",
  createdAt: "2030-03-01T01:00:00",
  ...over,
});

/** One recipient's log line (by default: submitted). */
export const detail = (id: number, over: Partial<DetailRow> = {}): DetailRow => ({
  id,
  customerId: 100 + id,
  customerName: `Customer ${id}`,
  phone: `1380013800${id % 10}`,
  content: "【Yunfan】Dear Li, see you at the expo. Reply T to opt out",
  status: 2,
  providerMsgId: `MSG-${id}`,
  errorCode: null,
  error: null,
  attempts: 1,
  sentAt: "2030-03-01T02:00:00",
  ...over,
});

export const recipientPreview = (over: Partial<RecipientPreview> = {}): RecipientPreview => ({
  customers: 12,
  recipients: 7,
  optedOut: 1,
  invalid: 2,
  duplicates: 1,
  recent: 1,
  unrenderable: 0,
  billed: 14,
  samples: [
    {
      customerName: "Yunfan Tech",
      phone: "138****8000",
      text: "【Yunfan】Dear Li Lei, see you at the expo. Reply T to opt out",
      segments: 2,
    },
  ],
  targetLabel: "VIP",
  ...over,
});

export const optout = (id: number, over: Partial<OptOut> = {}): OptOut => ({
  id,
  phone: `1390000000${id % 10}`,
  source: "manual",
  replyText: null,
  createdAt: "2030-03-02T03:00:00",
  ...over,
});

export const page = <T>(items: T[]): Page<T> => ({ items, total: items.length, page: 1, pageSize: 50 });

export type Calls = [string, Record<string, unknown>][];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Handler = (args: any) => unknown;

/** The marketing backend with test data; `over` answers (or throws for) some commands. Returns every call made. */
export function backend(over: Record<string, Handler> = {}) {
  const calls: Calls = [];
  mockIPC((cmd, args) => {
    calls.push([cmd, args as Record<string, unknown>]);
    if (over[cmd]) return over[cmd](args);
    switch (cmd) {
      case "marketing_activity_list":
        return page([]);
      case "marketing_settings_get":
        return SETTINGS;
      case "marketing_gateway_status":
        return GATEWAY_STATUS;
      case "marketing_activity_options":
        return [{ id: 1, activityName: "Spring Expo 1", status: "ended" }];
      case "sms_variables":
        return VARIABLES;
      case "sms_template_list":
        return [];
      case "sms_template_preview":
        return preview();
      case "tag_list":
        return TAGS;
      case "segment_list":
        return SEGMENTS;
      case "segment_preview":
        return { customers: 0, samples: [] };
      case "campaign_list":
        return page([]);
      case "campaign_preview":
        return recipientPreview();
      case "campaign_details":
        return page([]);
      case "optout_list":
        return page([]);
      default:
        return null;
    }
  });
  return calls;
}

/** The arguments of every call of `cmd`, in order. */
export const sent = (calls: Calls, cmd: string) => calls.filter(([c]) => c === cmd).map(([, a]) => a);
/** The arguments of the last call of `cmd`. */
export const last = (calls: Calls, cmd: string) => sent(calls, cmd).slice(-1)[0];
