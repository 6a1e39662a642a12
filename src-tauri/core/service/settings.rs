//! Key/value settings stored as JSON in `sys_setting`: the company profile (printed
//! on quotations and contracts), public-sea rules, claim limits.

use super::{oplog, util, Ctx};
use crate::entity::sys_setting;
use crate::error::{AppError, AppResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionTrait};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const COMPANY_PROFILE: &str = "company_profile";
pub const SEA_RULES: &str = "sea_rules";

/// A stored value, or the default when the setting was never saved (or saved empty).
/// A value that cannot be read is an error naming the key, and is logged: silently
/// falling back to the defaults would quietly change the public-sea rules or the
/// letterhead. `crm-admin reset-setting KEY` removes a damaged value.
fn parse<T: DeserializeOwned + Default>(key: &str, raw: Option<String>) -> AppResult<T> {
    match raw.as_deref().map(str::trim) {
        None | Some("") => Ok(T::default()),
        Some(v) => serde_json::from_str(v).map_err(|e| {
            tracing::error!(key, error = %e, "a setting cannot be read");
            corrupt(key, &e.to_string())
        }),
    }
}

/// The error for a damaged setting (CONFLICT, field = the key).
pub fn corrupt(key: &str, why: &str) -> AppError {
    AppError::conflict(
        Some(key),
        format!("设置「{key}」已损坏,无法读取({why});请管理员运行 crm-admin reset-setting {key} 恢复默认值后重新设置"),
        format!("The setting “{key}” is damaged and cannot be read ({why}); an administrator can run crm-admin reset-setting {key} to restore the default, then set it again"),
    )
}

/// Read a setting (the default when never saved; an error when damaged).
pub async fn read<T: DeserializeOwned + Default, C: ConnectionTrait>(conn: &C, key: &str) -> AppResult<T> {
    let row = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).one(conn).await?;
    parse(key, row.and_then(|r| r.setting_value))
}

/// A setting with the version of its row (0 when never saved), for a settings form.
pub async fn read_versioned<T: DeserializeOwned + Default, C: ConnectionTrait>(conn: &C, key: &str) -> AppResult<(T, i32)> {
    let row = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).one(conn).await?;
    let version = row.as_ref().map(|r| r.lock_version).unwrap_or(0);
    Ok((parse(key, row.and_then(|r| r.setting_value))?, version))
}

/// Remove a setting's stored value (it reads as its default again), with an
/// operation-log entry keeping the old text. Returns whether there was one.
pub async fn reset(ctx: &Ctx, key: &str) -> AppResult<bool> {
    ctx.require("settings:update")?;
    let txn = ctx.db.begin().await?;
    let Some(row) = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).one(&txn).await? else {
        return Ok(false);
    };
    sys_setting::Entity::delete_by_id(row.id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "sys_setting", row.id, oplog::diff(Some(&row), None), Some(key.to_string())).await?;
    txn.commit().await?;
    Ok(true)
}

/// Write internal bookkeeping (upsert, no operation-log entry, no version check): values
/// no user edits, such as the roll-up catch-up watermark.
pub async fn write_raw<T: Serialize, C: ConnectionTrait>(conn: &C, key: &str, value: &T) -> AppResult<()> {
    let json = serde_json::to_string(value).map_err(AppError::internal)?;
    let res = sys_setting::Entity::update_many()
        .col_expr(sys_setting::Column::SettingValue, sea_orm::sea_query::Expr::value(json.clone()))
        .col_expr(sys_setting::Column::UpdatedAt, sea_orm::sea_query::Expr::value(util::now()))
        .filter(sys_setting::Column::SettingKey.eq(key))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        let row = sys_setting::ActiveModel {
            setting_key: Set(key.to_string()),
            setting_value: Set(Some(json)),
            updated_at: Set(util::now()),
            lock_version: Set(1),
            ..Default::default()
        };
        // Two desktops may insert at once: the loser's write is the same bookkeeping.
        if let Err(e) = sys_setting::Entity::insert(row).exec(conn).await {
            tracing::debug!("bookkeeping setting {key} raced: {e}");
        }
    }
    Ok(())
}

/// Write a setting (upsert) with an operation-log entry, in one transaction.
pub async fn write<T: Serialize>(ctx: &Ctx, key: &str, value: &T) -> AppResult<()> {
    write_checked(ctx, key, value, None).await.map(|_| ())
}

/// [`write`] from a form that loaded the setting at `expected` (see [`read_versioned`]):
/// a stale save is refused with CONFLICT. Returns the new version.
pub async fn write_checked<T: Serialize>(ctx: &Ctx, key: &str, value: &T, expected: Option<i32>) -> AppResult<i32> {
    let json = serde_json::to_string(value).map_err(AppError::internal)?;
    let txn = ctx.db.begin().await?;
    let existing = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).lock_exclusive().one(&txn).await?;
    match &existing {
        Some(row) => super::version::check(&txn, "sys_setting", row.id, expected, row.lock_version).await?,
        None if expected.is_some_and(|v| v != 0) => return Err(super::version::stale(None, None)),
        None => {}
    }
    let before = existing.clone();
    let saved = match existing {
        Some(m) => {
            let mut am = m.into_active_model();
            am.setting_value = Set(Some(json));
            am.updated_by = Set(ctx.actor_id());
            am.updated_at = Set(util::now());
            am.update(&txn).await?
        }
        None => {
            sys_setting::ActiveModel {
                setting_key: Set(key.to_string()),
                setting_value: Set(Some(json)),
                updated_by: Set(ctx.actor_id()),
                updated_at: Set(util::now()),
                // A setting never saved reads as version 0: the first save makes it 1.
                lock_version: Set(1),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let action = if before.is_some() { oplog::Action::Update } else { oplog::Action::Create };
    oplog::record(&txn, ctx, action, "sys_setting", saved.id, oplog::diff(before.as_ref(), Some(&saved)), Some(key.to_string())).await?;
    txn.commit().await?;
    Ok(saved.lock_version)
}

/// The company letterhead printed on documents.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CompanyProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
    pub bank_name: String,
    pub bank_account: String,
    /// PNG or JPEG logo as a data URL (`data:image/png;base64,...`), at most 512 KB.
    pub logo: Option<String>,
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

pub async fn get_company_profile(ctx: &Ctx) -> AppResult<CompanyProfile> {
    ctx.require_login()?;
    let (mut p, v): (CompanyProfile, i32) = read_versioned(&ctx.db, COMPANY_PROFILE).await?;
    p.lock_version = Some(v);
    Ok(p)
}

pub async fn set_company_profile(ctx: &Ctx, mut p: CompanyProfile) -> AppResult<CompanyProfile> {
    ctx.require("settings:update")?;
    let expected = p.lock_version.take();
    p.name = util::required("name", "公司名称", "Company name", &p.name, 200)?;
    p.address = util::optional("address", "地址", "Address", Some(&p.address), 500)?.unwrap_or_default();
    p.phone = util::optional("phone", "电话", "Phone", Some(&p.phone), 50)?.unwrap_or_default();
    p.tax_id = util::optional("taxId", "税号", "Tax ID", Some(&p.tax_id), 50)?.unwrap_or_default();
    if !p.tax_id.is_empty() && !p.tax_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err(AppError::validation("taxId", "税号只能包含字母和数字", "The tax ID may contain only letters and digits"));
    }
    p.bank_name = util::optional("bankName", "开户行", "Bank", Some(&p.bank_name), 200)?.unwrap_or_default();
    p.bank_account = util::optional("bankAccount", "银行账号", "Bank account", Some(&p.bank_account), 50)?.unwrap_or_default();
    if let Some(logo) = &p.logo {
        if logo.is_empty() {
            p.logo = None;
        } else if !(logo.starts_with("data:image/png;base64,") || logo.starts_with("data:image/jpeg;base64,")) {
            return Err(AppError::validation("logo", "标志须为 PNG 或 JPEG 图片", "The logo must be a PNG or JPEG image"));
        } else if logo.len() > 700_000 {
            return Err(AppError::validation("logo", "标志图片不能超过 512 KB", "The logo may be at most 512 KB"));
        }
    }
    p.lock_version = Some(write_checked(ctx, COMPANY_PROFILE, &p, expected).await?);
    Ok(p)
}

pub const SECURITY_POLICY: &str = "security_policy";

/// Company-wide security policy (setting `security_policy`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SecurityPolicy {
    /// Minutes without activity before a desktop locks and asks for the password
    /// again (0 = never). Default 30.
    pub idle_lock_minutes: u32,
    /// Accepting a quotation (客户已接受) needs the `quotation:approve` permission.
    pub quotation_accept_needs_approval: bool,
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

impl Default for SecurityPolicy {
    fn default() -> Self {
        SecurityPolicy { idle_lock_minutes: 30, quotation_accept_needs_approval: false, lock_version: None }
    }
}

/// Longest idle time a policy may allow (a working day).
pub const MAX_IDLE_LOCK_MINUTES: u32 = 480;

pub async fn security_policy<C: ConnectionTrait>(conn: &C) -> AppResult<SecurityPolicy> {
    read(conn, SECURITY_POLICY).await
}

pub async fn get_security_policy(ctx: &Ctx) -> AppResult<SecurityPolicy> {
    ctx.require_login()?;
    let (mut p, v): (SecurityPolicy, i32) = read_versioned(&ctx.db, SECURITY_POLICY).await?;
    p.lock_version = Some(v);
    Ok(p)
}

pub async fn set_security_policy(ctx: &Ctx, mut p: SecurityPolicy) -> AppResult<SecurityPolicy> {
    ctx.require("settings:update")?;
    let expected = p.lock_version.take();
    if p.idle_lock_minutes > MAX_IDLE_LOCK_MINUTES {
        return Err(AppError::validation(
            "idleLockMinutes",
            format!("自动锁定时间最长 {MAX_IDLE_LOCK_MINUTES} 分钟(0 表示不锁定)"),
            format!("The idle lock may be at most {MAX_IDLE_LOCK_MINUTES} minutes (0 = never)"),
        ));
    }
    p.lock_version = Some(write_checked(ctx, SECURITY_POLICY, &p, expected).await?);
    Ok(p)
}
