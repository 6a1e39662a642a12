// Company profile, document numbering, database status, the security policy and the sales stages.
import { call } from "./client";
import type { CompanyProfile } from "./types/CompanyProfile";
import type { DbStatus } from "./types/DbStatus";
import type { NumberRule } from "./types/NumberRule";
import type { SecurityPolicy } from "./types/SecurityPolicy";
import type { Stage } from "./types/Stage";
import type { UpdateRule } from "./types/UpdateRule";

export type { SecurityPolicy };

export const settingsKeys = {
  all: ["settings"] as const,
  company: () => [...settingsKeys.all, "company"] as const,
  numberRules: () => [...settingsKeys.all, "numberRules"] as const,
  dbStatus: () => [...settingsKeys.all, "dbStatus"] as const,
  security: () => [...settingsKeys.all, "security"] as const,
};
export const stageKeys = {
  all: ["stages"] as const,
  list: () => [...stageKeys.all, "list"] as const,
};

export const settings = {
  company: () => call<CompanyProfile>("company_get"),
  setCompany: (input: CompanyProfile) => call<CompanyProfile>("company_set", { input }),
  numberRules: () => call<NumberRule[]>("number_rules"),
  updateNumberRule: (input: UpdateRule) => call<NumberRule>("number_rule_update", { input }),
  dbStatus: () => call<DbStatus>("db_status"),
  securityPolicy: () => call<SecurityPolicy>("security_policy_get"),
  /** Send back the policy as loaded: its `lockVersion` travels inside. */
  setSecurityPolicy: (input: SecurityPolicy) => call<SecurityPolicy>("security_policy_set", { input }),
};

export const stages = {
  list: () => call<Stage[]>("stage_list"),
  set: (stages: Stage[]) => call<Stage[]>("stage_set", { stages }),
};
