//! Marketing (市场营销): activities with budget, cost, attribution and ROI
//! ([`activity`]); manual customer tags ([`tag`]) and computed segments ([`segment`]),
//! which are what an SMS campaign targets; SMS templates with their validation, rendering
//! and billing preview ([`sms_template`]).
//!
//! Permissions: `marketing:read` (activities, figures, templates, segments),
//! `marketing:create` / `update` / `delete` (activities, templates, tags and segments),
//! `marketing:send` (create, send and cancel SMS campaigns).
//! Tagging customers needs `customer:update` and the customers in the caller's scope.
//! Figures count only the leads and customers in the caller's data scope.

pub mod activity;
pub mod campaign;
pub mod gateway;
pub mod segment;
pub mod sms_template;
pub mod tag;

use super::Ctx;
use crate::error::{AppError, AppResult};
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The marketing settings (one `sys_setting` row).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MarketingSettings {
    /// The activity types offered (展会 / 直播 / 促销 …).
    pub activity_types: Vec<String>,
    /// A contract counts as won by an activity when signed from its start up to this many
    /// days after its end.
    pub attribution_days: u32,
    /// The signature put in front of every SMS (without 【】), unless a template has its own.
    pub sms_sign: String,
    /// What a missing template variable becomes (variable → text); a variable missing
    /// without a fallback makes that message fail.
    pub sms_fallbacks: BTreeMap<String, String>,
    /// A number sent a template is not sent the same template again within this many days
    /// (0: no limit).
    pub sms_dedupe_days: u32,
    /// Marketing messages go out only from this hour (local time) …
    pub send_window_start: u32,
    /// … until this hour (exclusive). Notices are not limited.
    pub send_window_end: u32,
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

impl Default for MarketingSettings {
    fn default() -> Self {
        MarketingSettings {
            activity_types: ["展会", "直播", "促销", "研讨会", "线上广告"].iter().map(|s| s.to_string()).collect(),
            attribution_days: 90,
            sms_sign: String::new(),
            sms_fallbacks: [("name".to_string(), "客户".to_string())].into_iter().collect(),
            sms_dedupe_days: 7,
            send_window_start: 8,
            send_window_end: 21,
            lock_version: None,
        }
    }
}

pub const SETTINGS_KEY: &str = "marketing";

pub async fn settings_in<C: ConnectionTrait>(conn: &C) -> AppResult<MarketingSettings> {
    super::settings::read(conn, SETTINGS_KEY).await
}

pub async fn get_settings(ctx: &Ctx) -> AppResult<MarketingSettings> {
    ctx.require_login()?;
    let (mut s, v): (MarketingSettings, i32) = super::settings::read_versioned(&ctx.db, SETTINGS_KEY).await?;
    s.lock_version = Some(v);
    Ok(s)
}

pub async fn set_settings(ctx: &Ctx, mut s: MarketingSettings) -> AppResult<MarketingSettings> {
    ctx.require("marketing:update")?;
    let expected = s.lock_version.take();
    let mut types: Vec<String> = vec![];
    for t in &s.activity_types {
        let t = super::util::required("activityTypes", "活动类型", "Activity type", t, 50)?;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if types.is_empty() {
        return Err(AppError::validation("activityTypes", "至少要有一个活动类型", "At least one activity type is needed"));
    }
    s.activity_types = types;
    if s.attribution_days > 3650 {
        return Err(AppError::validation("attributionDays", "成交归因天数须在 0 到 3650 之间", "Attribution days must be between 0 and 3650"));
    }
    s.sms_sign = sms_template::check_sign("smsSign", &s.sms_sign)?;
    if s.sms_dedupe_days > 365 {
        return Err(AppError::validation("smsDedupeDays", "去重天数须在 0 到 365 之间", "Dedupe days must be between 0 and 365"));
    }
    if s.send_window_start >= s.send_window_end || s.send_window_end > 24 {
        return Err(AppError::validation(
            "sendWindowEnd",
            "发送时段须为同一天内的开始和结束整点(如 8 到 21)",
            "The send window is a start and an end hour of one day (such as 8 to 21)",
        ));
    }
    let mut fallbacks = BTreeMap::new();
    for (k, v) in &s.sms_fallbacks {
        if !sms_template::VARIABLES.iter().any(|d| d.name == k) {
            return Err(AppError::validation("smsFallbacks", format!("未知的变量 ${{{k}}}"), format!("Unknown variable ${{{k}}}")));
        }
        let v = v.trim();
        if v.chars().count() > 35 {
            return Err(AppError::validation("smsFallbacks", "变量的默认值不能超过 35 个字", "A fallback value can have at most 35 characters"));
        }
        if !v.is_empty() {
            fallbacks.insert(k.clone(), v.to_string());
        }
    }
    s.sms_fallbacks = fallbacks;
    s.lock_version = Some(super::settings::write_checked(ctx, SETTINGS_KEY, &s, expected).await?);
    Ok(s)
}

/// ` AND col IN (…)` for the caller's owner scope (nothing for everyone, never true for
/// no one). Ids are integers, written into the SQL as such.
pub(crate) fn scope_sql(scope: &crate::auth::OwnerScope, col: &str) -> String {
    match scope {
        crate::auth::OwnerScope::All => String::new(),
        crate::auth::OwnerScope::Owners(u) if u.is_empty() => " AND 1 = 0".to_string(),
        crate::auth::OwnerScope::Owners(u) => format!(" AND {col} IN ({})", u.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
    }
}
