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
pub mod providers;
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
    /// Which gateway carries the messages and how to reach it. The secret is not here: it
    /// is in the OS keyring of each desktop that sends.
    pub sms_gateway: SmsGatewaySettings,
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
            sms_gateway: SmsGatewaySettings::default(),
            lock_version: None,
        }
    }
}

/// The SMS gateway of the company.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SmsGatewaySettings {
    /// `outbox` (the default: a local file, nothing leaves the computer), `aliyun` or
    /// `tencent`.
    pub kind: String,
    /// Empty: the provider's public endpoint.
    pub endpoint: String,
    /// AccessKey ID (Aliyun) or SecretId (Tencent).
    pub key_id: String,
    /// Tencent: the region of the SMS application (ap-guangzhou …).
    pub region: String,
    /// Tencent: the SMS application id (SmsSdkAppId).
    pub app_id: String,
    /// Requests per second at most.
    pub per_second: u32,
}

impl Default for SmsGatewaySettings {
    fn default() -> Self {
        SmsGatewaySettings {
            kind: GATEWAY_OUTBOX.into(),
            endpoint: String::new(),
            key_id: String::new(),
            region: "ap-guangzhou".into(),
            app_id: String::new(),
            per_second: 10,
        }
    }
}

pub const GATEWAY_OUTBOX: &str = "outbox";
pub const GATEWAY_ALIYUN: &str = "aliyun";
pub const GATEWAY_TENCENT: &str = "tencent";

impl SmsGatewaySettings {
    /// The endpoint requests go to.
    pub fn effective_endpoint(&self) -> String {
        if !self.endpoint.trim().is_empty() {
            return self.endpoint.trim().trim_end_matches('/').to_string();
        }
        match self.kind.as_str() {
            GATEWAY_ALIYUN => providers::ALIYUN_ENDPOINT.into(),
            GATEWAY_TENCENT => providers::TENCENT_ENDPOINT.into(),
            _ => String::new(),
        }
    }
    /// Whether messages leave this computer (a provider needs a template code).
    pub fn is_provider(&self) -> bool {
        self.kind != GATEWAY_OUTBOX
    }

    fn checked(mut self) -> AppResult<Self> {
        let v = |f: &str, zh: String, en: String| AppError::validation(f, zh, en);
        self.kind = self.kind.trim().to_string();
        if ![GATEWAY_OUTBOX, GATEWAY_ALIYUN, GATEWAY_TENCENT].contains(&self.kind.as_str()) {
            return Err(v(
                "smsGateway.kind",
                "短信通道只能是本地发件箱、阿里云或腾讯云".into(),
                "The SMS gateway is the outbox, Aliyun or Tencent Cloud".into(),
            ));
        }
        self.endpoint = self.endpoint.trim().to_string();
        if !self.endpoint.is_empty() {
            self.endpoint = providers::check_endpoint(&self.endpoint).map_err(|(zh, en)| v("smsGateway.endpoint", zh, en))?;
        }
        self.key_id = self.key_id.trim().to_string();
        self.region = self.region.trim().to_string();
        self.app_id = self.app_id.trim().to_string();
        if !(1..=1000).contains(&self.per_second) {
            return Err(v("smsGateway.perSecond", "每秒请求数须在 1 到 1000 之间".into(), "Requests per second must be between 1 and 1000".into()));
        }
        if self.kind == GATEWAY_OUTBOX {
            return Ok(self);
        }
        let id_ok = |s: &str| (4..=128).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok(&self.key_id) {
            return Err(v(
                "smsGateway.keyId",
                if self.kind == GATEWAY_ALIYUN { "请填写 AccessKey ID(字母和数字)" } else { "请填写 SecretId(字母和数字)" }.into(),
                "Enter the key id (letters and digits)".into(),
            ));
        }
        if self.kind == GATEWAY_TENCENT {
            if self.app_id.is_empty() || self.app_id.len() > 20 || !self.app_id.chars().all(|c| c.is_ascii_digit()) {
                return Err(v("smsGateway.appId", "请填写短信应用 SDK AppID(数字)".into(), "Enter the SMS SdkAppId (digits)".into()));
            }
            if self.region.is_empty() || self.region.len() > 40 || !self.region.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-') {
                return Err(v("smsGateway.region", "请填写地域,如 ap-guangzhou".into(), "Enter the region, such as ap-guangzhou".into()));
            }
        }
        Ok(self)
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
    s.sms_gateway = s.sms_gateway.checked()?;
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

/// The SMS gateway as this desktop sees it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct GatewayStatus {
    pub kind: String,
    /// Where requests go (empty for the outbox).
    pub endpoint: String,
    /// The outbox file (for the outbox).
    pub outbox_path: String,
    /// Whether this desktop's keyring holds the provider's secret.
    pub secret_stored: bool,
}

pub async fn gateway_status(ctx: &Ctx, outbox: &std::path::Path) -> AppResult<GatewayStatus> {
    ctx.require("marketing:read")?;
    let s = settings_in(&ctx.db).await?.sms_gateway;
    let secret_stored = s.is_provider() && !s.key_id.is_empty() && crate::db::secret::get_sms_secret(&s.kind, &s.key_id)?.is_some_and(|x| !x.is_empty());
    Ok(GatewayStatus {
        endpoint: s.effective_endpoint(),
        outbox_path: if s.is_provider() { String::new() } else { outbox.display().to_string() },
        kind: s.kind,
        secret_stored,
    })
}

/// Keep the provider's secret (for the key id in the settings) in this desktop's keyring;
/// an empty secret removes it.
pub async fn set_gateway_secret(ctx: &Ctx, secret: &str, outbox: &std::path::Path) -> AppResult<GatewayStatus> {
    ctx.require("marketing:update")?;
    let s = settings_in(&ctx.db).await?.sms_gateway;
    if !s.is_provider() || s.key_id.is_empty() {
        return Err(AppError::validation(
            "smsGateway.secret",
            "请先选择阿里云或腾讯云并保存密钥 ID,再保存密钥",
            "Choose Aliyun or Tencent Cloud and save the key id first, then the secret",
        ));
    }
    let secret = secret.trim();
    if secret.is_empty() {
        crate::db::secret::delete_sms_secret(&s.kind, &s.key_id)?;
    } else {
        if secret.len() > 200 || secret.chars().any(char::is_whitespace) {
            return Err(AppError::validation("smsGateway.secret", "密钥格式不正确", "The secret is not in the expected form"));
        }
        crate::db::secret::set_sms_secret(&s.kind, &s.key_id, secret)?;
    }
    let note = format!("{}短信通道密钥({} {},本机钥匙串)", if secret.is_empty() { "删除" } else { "保存" }, s.kind, s.key_id);
    super::oplog::record(&ctx.db, ctx, super::oplog::Action::Update, "sys_setting", 0, Default::default(), Some(note)).await?;
    gateway_status(ctx, outbox).await
}

/// The gateway the company's settings name, with this desktop's secret.
pub async fn gateway<C: ConnectionTrait>(conn: &C, outbox: std::path::PathBuf) -> AppResult<Box<dyn gateway::SmsGateway>> {
    providers::from_settings(&settings_in(conn).await?.sms_gateway, outbox)
}
