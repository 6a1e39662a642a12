//! Lead and lead-pool commands.
use super::{call, AppState};
use crm_core::entity::enums::LeadStatus;
use crm_core::error::ApiError;
use crm_core::service::lead::{self, LeadFilter, LeadInput, LeadRow};
use crm_core::service::lead_convert::{self, ConvertInput, ConvertResult};
use crm_core::service::lead_pool::{self, PoolInput, PoolRow};
use crm_core::service::{Page, PageReq};
use tauri::State;

#[tauri::command]
pub async fn lead_list(state: State<'_, AppState>, filter: LeadFilter, page: PageReq) -> Result<Page<LeadRow>, ApiError> {
    call!(state, |ctx| lead::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn lead_get(state: State<'_, AppState>, id: i64) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::get(&ctx, id))
}
#[tauri::command]
pub async fn lead_create(state: State<'_, AppState>, input: LeadInput) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::create(&ctx, input))
}
#[tauri::command]
pub async fn lead_update(state: State<'_, AppState>, id: i64, input: LeadInput, lock_version: Option<i32>) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn lead_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| lead::delete(&ctx, id))
}
#[tauri::command]
pub async fn lead_set_status(state: State<'_, AppState>, id: i64, status: LeadStatus) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::set_status(&ctx, id, status))
}
#[tauri::command]
pub async fn lead_claim(state: State<'_, AppState>, id: i64) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::claim(&ctx, id))
}
#[tauri::command]
pub async fn lead_assign(state: State<'_, AppState>, id: i64, owner_id: i64) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::assign(&ctx, id, owner_id))
}
#[tauri::command]
pub async fn lead_release(state: State<'_, AppState>, id: i64, reason: String, pool_id: Option<i64>) -> Result<LeadRow, ApiError> {
    call!(state, |ctx| lead::release(&ctx, id, &reason, pool_id))
}
#[tauri::command]
pub async fn lead_convert(state: State<'_, AppState>, id: i64, input: ConvertInput) -> Result<ConvertResult, ApiError> {
    call!(state, |ctx| lead_convert::convert(&ctx, id, input))
}
#[tauri::command]
pub async fn lead_sources(state: State<'_, AppState>) -> Result<Vec<String>, ApiError> {
    call!(state, |ctx| lead::sources(&ctx))
}
#[tauri::command]
pub async fn pool_list(state: State<'_, AppState>) -> Result<Vec<PoolRow>, ApiError> {
    call!(state, |ctx| lead_pool::pools(&ctx))
}
#[tauri::command]
pub async fn pool_create(state: State<'_, AppState>, input: PoolInput) -> Result<PoolRow, ApiError> {
    call!(state, |ctx| lead_pool::pool_create(&ctx, input))
}
#[tauri::command]
pub async fn pool_update(state: State<'_, AppState>, id: i64, input: PoolInput) -> Result<PoolRow, ApiError> {
    call!(state, |ctx| lead_pool::pool_update(&ctx, id, input))
}
#[tauri::command]
pub async fn pool_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| lead_pool::pool_delete(&ctx, id))
}
