//! Key/value settings stored as JSON in `sys_setting`: the company profile (printed
//! on quotations and contracts), public-sea rules, claim limits.

use super::{oplog, util, Ctx};
use crate::entity::sys_setting;
use crate::error::{AppError, AppResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub const COMPANY_PROFILE: &str = "company_profile";
pub const SEA_RULES: &str = "sea_rules";

/// Read a setting; a missing or unreadable value gives the type's default.
pub async fn read<T: DeserializeOwned + Default, C: ConnectionTrait>(conn: &C, key: &str) -> AppResult<T> {
    let row = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).one(conn).await?;
    Ok(row.and_then(|r| r.setting_value).and_then(|v| serde_json::from_str(&v).ok()).unwrap_or_default())
}

/// Write a setting (upsert) with an operation-log entry, in one transaction.
pub async fn write<T: Serialize>(ctx: &Ctx, key: &str, value: &T) -> AppResult<()> {
    let json = serde_json::to_string(value).map_err(AppError::internal)?;
    let txn = ctx.db.begin().await?;
    let existing = sys_setting::Entity::find().filter(sys_setting::Column::SettingKey.eq(key)).one(&txn).await?;
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
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let action = if before.is_some() { oplog::Action::Update } else { oplog::Action::Create };
    oplog::record(&txn, ctx, action, "sys_setting", saved.id, oplog::diff(before.as_ref(), Some(&saved)), Some(key.to_string())).await?;
    txn.commit().await?;
    Ok(())
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
}

pub async fn get_company_profile(ctx: &Ctx) -> AppResult<CompanyProfile> {
    ctx.require_login()?;
    read(&ctx.db, COMPANY_PROFILE).await
}

pub async fn set_company_profile(ctx: &Ctx, mut p: CompanyProfile) -> AppResult<CompanyProfile> {
    ctx.require("settings:update")?;
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
    write(ctx, COMPANY_PROFILE, &p).await?;
    Ok(p)
}
