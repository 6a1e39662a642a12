use super::{call, AppState};
use crate::error::ApiError;
use crate::service::customer::{self, CustomerFilter, CustomerInput, CustomerRow};
use crate::service::{Page, PageReq};
use tauri::State;

#[tauri::command]
pub async fn customer_list(state: State<'_, AppState>, filter: CustomerFilter, page: PageReq) -> Result<Page<CustomerRow>, ApiError> {
    call!(state, |ctx| customer::list(&ctx, filter, page))
}

#[tauri::command]
pub async fn customer_get(state: State<'_, AppState>, id: i64) -> Result<CustomerRow, ApiError> {
    call!(state, |ctx| customer::get(&ctx, id))
}

#[tauri::command]
pub async fn customer_create(state: State<'_, AppState>, input: CustomerInput) -> Result<CustomerRow, ApiError> {
    call!(state, |ctx| customer::create(&ctx, input))
}

#[tauri::command]
pub async fn customer_update(state: State<'_, AppState>, id: i64, input: CustomerInput) -> Result<CustomerRow, ApiError> {
    call!(state, |ctx| customer::update(&ctx, id, input))
}

#[tauri::command]
pub async fn customer_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| customer::delete(&ctx, id))
}
