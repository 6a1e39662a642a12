// The suggestions free-text fields offer (AutoComplete options), one table per language.
// These are not codes: what the user picks or types is stored as text, so they are offered
// in the user's language. Values the backend keeps as codes (follow-up channels, invoice
// types, payment methods …) are enum tables in domain/enums.ts instead.
import { useI18n, type Lang } from "../i18n";

export type Suggestions = {
  /** A conversation's channel (customer → 沟通记录). */
  sessionChannels: readonly string[];
  /** A conversation's topic. */
  sessionTags: readonly string[];
  /** How a return visit is made. */
  returnVisitChannels: readonly string[];
  /** A contact's preferred way to be reached. */
  contactPreferences: readonly string[];
  /** Where a lead came from (offered with the sources already in use). */
  leadSources: readonly string[];
};

export const SUGGESTIONS: Record<Lang, Suggestions> = {
  "zh-CN": {
    sessionChannels: ["电话", "微信", "邮件", "面谈"],
    sessionTags: ["需求沟通", "报价讨论", "售后咨询", "投诉建议"],
    returnVisitChannels: ["电话", "上门", "问卷"],
    contactPreferences: ["电话", "微信", "邮件", "面谈"],
    leadSources: ["官网", "展会", "转介绍", "电话咨询", "广告投放"],
  },
  "en-US": {
    sessionChannels: ["Phone", "WeChat", "Email", "Meeting"],
    sessionTags: ["Requirements", "Quotation", "After-sales question", "Complaint or suggestion"],
    returnVisitChannels: ["Phone", "On-site visit", "Survey"],
    contactPreferences: ["Phone", "WeChat", "Email", "Meeting"],
    leadSources: ["Website", "Trade show", "Referral", "Phone inquiry", "Advertising"],
  },
};

/**
 * The sources the backend adds to lead_sources whether or not a lead uses them (its own
 * defaults, in Chinese). Outside Chinese they are replaced by the user's language's list.
 */
const BACKEND_LEAD_SOURCES: readonly string[] = SUGGESTIONS["zh-CN"].leadSources;

/** AutoComplete options from a list of texts. */
export const textOptions = (xs: readonly string[]) => xs.map((value) => ({ value }));

/**
 * The lead sources to offer: the user's language's list, then the sources leads already
 * use (from the backend; its own Chinese defaults only when the user reads Chinese).
 */
export function leadSourceSuggestions(lang: Lang, inUse: readonly string[] | undefined): string[] {
  const out = [...SUGGESTIONS[lang].leadSources];
  for (const s of inUse ?? []) {
    if (lang !== "zh-CN" && BACKEND_LEAD_SOURCES.includes(s)) continue;
    if (!out.includes(s)) out.push(s);
  }
  return out;
}

/** The suggestion lists in the current language. */
export function useSuggestions(): Suggestions {
  return SUGGESTIONS[useI18n().lang];
}
