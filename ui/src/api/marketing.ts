// Marketing (市场营销): activities with budget, cost, attribution and ROI; customer tags
// (managed here, put on customers from the customer list and page) and segments (saved
// customer filters, four built in); SMS templates with their live preview; the module's
// settings (activity types, attribution days, default signature, variable fallbacks).
import { call, channel } from "./client";
import type { ActivityFilter } from "./types/ActivityFilter";
import type { ActivityInput } from "./types/ActivityInput";
import type { ActivityOption } from "./types/ActivityOption";
import type { ActivityRow } from "./types/ActivityRow";
import type { CampaignInput } from "./types/CampaignInput";
import type { CampaignProgress } from "./types/CampaignProgress";
import type { CampaignRow } from "./types/CampaignRow";
import type { DetailRow } from "./types/DetailRow";
import type { GatewayStatus } from "./types/GatewayStatus";
import type { MarketingSettings } from "./types/MarketingSettings";
import type { OptOut } from "./types/OptOut";
import type { RecipientPreview } from "./types/RecipientPreview";
import type { RunEnd } from "./types/RunEnd";
import type { Page } from "./types/Page";
import type { PageReq } from "./types/PageReq";
import type { Preview } from "./types/Preview";
import type { PreviewRequest } from "./types/PreviewRequest";
import type { Segment } from "./types/Segment";
import type { SegmentInput } from "./types/SegmentInput";
import type { SegmentPreview } from "./types/SegmentPreview";
import type { SegmentRule } from "./types/SegmentRule";
import type { Tag } from "./types/Tag";
import type { TagChange } from "./types/TagChange";
import type { TagChangeResult } from "./types/TagChangeResult";
import type { TagInput } from "./types/TagInput";
import type { Template } from "./types/Template";
import type { TemplateInput } from "./types/TemplateInput";
import type { TestSend } from "./types/TestSend";
import type { Variable } from "./types/Variable";

export const marketingKeys = {
  all: ["marketing"] as const,
  /** The activity list; ListPage appends page and sort. */
  activities: (filter: ActivityFilter) => [...marketingKeys.all, "activities", filter] as const,
  activity: (id: number | null) => [...marketingKeys.all, "activity", id] as const,
  activityOptions: () => [...marketingKeys.all, "activityOptions"] as const,
  tags: () => [...marketingKeys.all, "tags"] as const,
  segments: () => [...marketingKeys.all, "segments"] as const,
  segmentPreview: (rule: SegmentRule) => [...marketingKeys.all, "segmentPreview", rule] as const,
  templates: () => [...marketingKeys.all, "templates"] as const,
  templatePreview: (request: PreviewRequest) => [...marketingKeys.all, "templatePreview", request] as const,
  variables: () => [...marketingKeys.all, "variables"] as const,
  settings: () => [...marketingKeys.all, "settings"] as const,
  /** The campaign list; ListPage appends page. */
  campaigns: () => [...marketingKeys.all, "campaigns"] as const,
  campaign: (id: number | null) => [...marketingKeys.all, "campaign", id] as const,
  campaignDetails: (id: number | null, status: number | null) => [...marketingKeys.all, "campaignDetails", id, status] as const,
  campaignPreview: (input: CampaignInput) => [...marketingKeys.all, "campaignPreview", input] as const,
  optouts: (q: string) => [...marketingKeys.all, "optouts", q] as const,
};

export const marketing = {
  /** Activities with their figures (counted in the caller's data scope). */
  activities: (filter: ActivityFilter, page: PageReq) => call<Page<ActivityRow>>("marketing_activity_list", { filter, page }),
  activity: (id: number) => call<ActivityRow>("marketing_activity_get", { id }),
  /** `input.status` null: the status follows the dates; set: fixed by hand. */
  createActivity: (input: ActivityInput) => call<ActivityRow>("marketing_activity_create", { input }),
  /** `input.lockVersion` is the version the form loaded (a newer one: the stale-save dialog). */
  updateActivity: (id: number, input: ActivityInput) => call<ActivityRow>("marketing_activity_update", { id, input }),
  /** Refused (CONFLICT) once leads, customers or campaigns belong to it. */
  removeActivity: (id: number) => call<void>("marketing_activity_delete", { id }),
  /** Activities to pick on the lead and customer forms (来源活动). */
  activityOptions: () => call<ActivityOption[]>("marketing_activity_options"),
  /** Every tag with how many customers in the caller's scope carry it. */
  tags: () => call<Tag[]>("tag_list"),
  createTag: (input: TagInput) => call<Tag>("tag_create", { input }),
  updateTag: (id: number, input: TagInput) => call<void>("tag_update", { id, input }),
  /** Takes the tag off every customer; returns how many. */
  removeTag: (id: number) => call<number>("tag_delete", { id }),
  /** Put tags on / take them off customers, all or nothing (every customer must be editable by the caller). */
  changeTags: (change: TagChange) => call<TagChangeResult>("tag_change", { change }),
  segments: () => call<Segment[]>("segment_list"),
  /** The size of a rule being edited and its newest customers. */
  previewSegment: (rule: SegmentRule) => call<SegmentPreview>("segment_preview", { rule }),
  createSegment: (input: SegmentInput) => call<number>("segment_create", { input }),
  updateSegment: (id: number, input: SegmentInput) => call<void>("segment_update", { id, input }),
  /** Built-in segments are refused (CONFLICT). */
  removeSegment: (id: number) => call<void>("segment_delete", { id }),
  templates: () => call<Template[]>("sms_template_list"),
  /** Refused (VALIDATION on `content`) with the first problem the preview lists. */
  createTemplate: (input: TemplateInput) => call<Template>("sms_template_create", { input }),
  updateTemplate: (id: number, input: TemplateInput) => call<Template>("sms_template_update", { id, input }),
  /** Refused (CONFLICT) once a campaign used it: disable it instead. */
  removeTemplate: (id: number) => call<void>("sms_template_delete", { id }),
  /** The editor's live preview: problems, the text for a real customer, length and billed messages. */
  previewTemplate: (request: PreviewRequest) => call<Preview>("sms_template_preview", { request }),
  /** The documented `${var}` variables. */
  variables: () => call<Variable[]>("sms_variables"),
  /** Who a campaign would reach (opt-outs, invalid, duplicate and recent numbers removed) and sample texts; nothing written. */
  previewCampaign: (input: CampaignInput) => call<RecipientPreview>("campaign_preview", { input }),
  /** Writes the campaign and its recipients' snapshot (status 1 待发送); send it with `sendCampaign`. */
  createCampaign: (input: CampaignInput) => call<CampaignRow>("campaign_create", { input }),
  campaigns: (page: PageReq) => call<Page<CampaignRow>>("campaign_list", { page }),
  campaign: (id: number) => call<CampaignRow>("campaign_get", { id }),
  /** The per-recipient log; `status` one of the detail statuses (0 待发送 … 8 结果未知) or null for all. */
  campaignDetails: (id: number, status: number | null, page: PageReq) => call<Page<DetailRow>>("campaign_details", { id, status, page }),
  cancelCampaign: (id: number) => call<CampaignRow>("campaign_cancel", { id }),
  /**
   * Send what is left now (through this desktop's gateway); progress per batch. `cancelJob(jobId)` (api.dataio) stops
   * it after the current batch. "waiting": scheduled later, or a marketing text outside the send window.
   */
  sendCampaign: (id: number, tzOffsetMinutes: number, jobId: string, onProgress?: (p: CampaignProgress) => void) =>
    call<RunEnd>("campaign_send", { id, tzOffsetMinutes, jobId, onProgress: channel(onProgress) }),
  optouts: (q: string | null, page: PageReq) => call<Page<OptOut>>("optout_list", { q, page }),
  /** false: the number was already on the list. */
  addOptout: (phone: string) => call<boolean>("optout_add", { phone }),
  /** A customer's reply entered by staff; refused (field `reply`) unless it is T, TD, N, R or 退订. */
  optoutReply: (phone: string, reply: string) => call<boolean>("optout_reply", { phone, reply }),
  removeOptout: (id: number) => call<void>("optout_remove", { id }),
  settings: () => call<MarketingSettings>("marketing_settings_get"),
  /** Send back the settings as loaded: their `lockVersion` travels inside. */
  setSettings: (settings: MarketingSettings) => call<MarketingSettings>("marketing_settings_set", { settings }),
  /** The SMS gateway as this desktop sees it: kind, endpoint, whether its keyring holds the secret. */
  gatewayStatus: () => call<GatewayStatus>("marketing_gateway_status"),
  /** Keep the provider's secret in this desktop's OS keyring (never in the database); "" removes it. */
  setGatewaySecret: (secret: string) => call<GatewayStatus>("marketing_gateway_secret_set", { secret }),
  /** Send one template to one number through the configured gateway (sample values fill the variables). */
  testGateway: (templateId: number, phone: string) => call<TestSend>("marketing_gateway_test", { templateId, phone }),
};
