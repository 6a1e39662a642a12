//! Administration commands: users, departments, roles, operation log.
use super::{call, AppState};
use crm_core::auth::permission::PermissionModule;
use crm_core::entity::enums::UserStatus;
use crm_core::error::ApiError;
use crm_core::service::dept::{self, DeptInput, DeptNode};
use crm_core::service::history;
use crm_core::service::oplog::LogEntry;
use crm_core::service::role::{self, RoleInput, RoleView};
use crm_core::service::user::{self, UserFilter, UserInput, UserOption, UserView};
use crm_core::service::{Page, PageReq};
use tauri::State;

#[tauri::command]
pub async fn user_list(state: State<'_, AppState>, filter: UserFilter, page: PageReq) -> Result<Page<UserView>, ApiError> {
    call!(state, |ctx| user::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn user_get(state: State<'_, AppState>, id: i64) -> Result<UserView, ApiError> {
    call!(state, |ctx| user::get(&ctx, id))
}
#[tauri::command]
pub async fn user_options(state: State<'_, AppState>) -> Result<Vec<UserOption>, ApiError> {
    call!(state, |ctx| user::options(&ctx))
}
#[tauri::command]
pub async fn user_create(state: State<'_, AppState>, input: UserInput) -> Result<UserView, ApiError> {
    call!(state, |ctx| user::create(&ctx, input))
}
#[tauri::command]
pub async fn user_update(state: State<'_, AppState>, id: i64, input: UserInput) -> Result<UserView, ApiError> {
    call!(state, |ctx| user::update(&ctx, id, input))
}
#[tauri::command]
pub async fn user_set_status(state: State<'_, AppState>, id: i64, status: UserStatus) -> Result<UserView, ApiError> {
    call!(state, |ctx| user::set_status(&ctx, id, status))
}
#[tauri::command]
pub async fn user_reset_password(state: State<'_, AppState>, id: i64, password: String) -> Result<(), ApiError> {
    call!(state, |ctx| user::reset_password(&ctx, id, &password))
}
#[tauri::command]
pub async fn dept_tree(state: State<'_, AppState>) -> Result<Vec<DeptNode>, ApiError> {
    call!(state, |ctx| dept::tree(&ctx))
}
#[tauri::command]
pub async fn dept_create(state: State<'_, AppState>, input: DeptInput) -> Result<i64, ApiError> {
    call!(state, |ctx| async { dept::create(&ctx, input).await.map(|d| d.id) })
}
#[tauri::command]
pub async fn dept_update(state: State<'_, AppState>, id: i64, input: DeptInput) -> Result<(), ApiError> {
    call!(state, |ctx| async { dept::update(&ctx, id, input).await.map(|_| ()) })
}
#[tauri::command]
pub async fn dept_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| dept::delete(&ctx, id))
}
#[tauri::command]
pub async fn role_list(state: State<'_, AppState>) -> Result<Vec<RoleView>, ApiError> {
    call!(state, |ctx| role::list(&ctx))
}
#[tauri::command]
pub async fn role_create(state: State<'_, AppState>, input: RoleInput) -> Result<RoleView, ApiError> {
    call!(state, |ctx| role::create(&ctx, input))
}
#[tauri::command]
pub async fn role_update(state: State<'_, AppState>, id: i64, input: RoleInput) -> Result<RoleView, ApiError> {
    call!(state, |ctx| role::update(&ctx, id, input))
}
#[tauri::command]
pub async fn role_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| role::delete(&ctx, id))
}
#[tauri::command]
pub async fn permission_catalog(state: State<'_, AppState>) -> Result<Vec<PermissionModule>, ApiError> {
    call!(state, |ctx| async move {
        ctx.require("role:read")?;
        Ok(role::catalog().to_vec())
    })
}
#[tauri::command]
pub async fn oplog_history(state: State<'_, AppState>, entity_type: String, entity_id: i64, page: PageReq) -> Result<Page<LogEntry>, ApiError> {
    call!(state, |ctx| history::of_record(&ctx, &entity_type, entity_id, page))
}
