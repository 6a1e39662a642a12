//! Settings commands: company profile, document numbers, database status.
use super::{call, AppState};
use crm_core::error::ApiError;
use crm_core::service::numbering::{self, NumberRule, UpdateRule};
use crm_core::service::settings::{self, CompanyProfile, SecurityPolicy};
use crm_core::service::status::{self, DbStatus};
use tauri::State;

#[tauri::command]
pub async fn company_get(state: State<'_, AppState>) -> Result<CompanyProfile, ApiError> {
    call!(state, |ctx| settings::get_company_profile(&ctx))
}
#[tauri::command]
pub async fn company_set(state: State<'_, AppState>, input: CompanyProfile) -> Result<CompanyProfile, ApiError> {
    call!(state, |ctx| settings::set_company_profile(&ctx, input))
}
#[tauri::command]
pub async fn number_rules(state: State<'_, AppState>) -> Result<Vec<NumberRule>, ApiError> {
    call!(state, |ctx| numbering::list_rules(&ctx))
}
#[tauri::command]
pub async fn number_rule_update(state: State<'_, AppState>, input: UpdateRule) -> Result<NumberRule, ApiError> {
    call!(state, |ctx| numbering::update_rule(&ctx, input))
}
#[tauri::command]
pub async fn db_status(state: State<'_, AppState>) -> Result<DbStatus, ApiError> {
    call!(state, |ctx| async move {
        ctx.require("settings:read")?;
        status::status(&ctx.db).await
    })
}

#[tauri::command]
pub async fn security_policy_get(state: State<'_, AppState>) -> Result<SecurityPolicy, ApiError> {
    call!(state, |ctx| settings::get_security_policy(&ctx))
}
#[tauri::command]
pub async fn security_policy_set(state: State<'_, AppState>, input: SecurityPolicy) -> Result<SecurityPolicy, ApiError> {
    let r = call!(state, |ctx| settings::set_security_policy(&ctx, input));
    state.forget_policy().await;
    r
}
