//! After-sales service commands: work orders, their timeline and attachments, the
//! board, the per-handler report and the service settings.
use super::{call, AppState};
use crm_core::entity::enums::WorkOrderStatus;
use crm_core::error::ApiError;
use crm_core::service::attachment::{AttachmentRow, AttachmentUpload};
use crm_core::service::work_order::{
    self as wo, CustomerRefs, HandlerReport, RefOption, ServiceBoard, ServiceSettings, WorkOrderDetail, WorkOrderEventRow, WorkOrderFilter, WorkOrderInput,
    WorkOrderRow,
};
use crm_core::service::{Page, PageReq};
use tauri::State;

#[tauri::command]
pub async fn work_order_list(state: State<'_, AppState>, filter: WorkOrderFilter, page: PageReq) -> Result<Page<WorkOrderRow>, ApiError> {
    call!(state, |ctx| wo::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn work_order_get(state: State<'_, AppState>, id: i64) -> Result<WorkOrderDetail, ApiError> {
    call!(state, |ctx| wo::get(&ctx, id))
}
#[tauri::command]
pub async fn work_order_create(state: State<'_, AppState>, input: WorkOrderInput) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::create(&ctx, input))
}
#[tauri::command]
pub async fn work_order_update(state: State<'_, AppState>, id: i64, input: WorkOrderInput) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::update(&ctx, id, input))
}
#[tauri::command]
pub async fn work_order_take(state: State<'_, AppState>, id: i64) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::take(&ctx, id))
}
#[tauri::command]
pub async fn work_order_assign(state: State<'_, AppState>, id: i64, assignee_id: i64, reason: Option<String>) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::assign(&ctx, id, assignee_id, reason))
}
#[tauri::command]
pub async fn work_order_transition(state: State<'_, AppState>, id: i64, to: WorkOrderStatus, text: Option<String>) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::transition(&ctx, id, to, text))
}
#[tauri::command]
pub async fn work_order_note(state: State<'_, AppState>, id: i64, content: String) -> Result<WorkOrderEventRow, ApiError> {
    call!(state, |ctx| wo::note(&ctx, id, &content))
}
#[tauri::command]
pub async fn work_order_rate(state: State<'_, AppState>, id: i64, score: i8, comment: Option<String>) -> Result<WorkOrderRow, ApiError> {
    call!(state, |ctx| wo::rate(&ctx, id, score, comment))
}
#[tauri::command]
pub async fn work_order_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| wo::delete(&ctx, id))
}
#[tauri::command]
pub async fn work_order_attach(state: State<'_, AppState>, id: i64, upload: AttachmentUpload) -> Result<AttachmentRow, ApiError> {
    call!(state, |ctx| wo::attach(&ctx, id, upload))
}
#[tauri::command]
pub async fn work_order_detach(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| wo::detach(&ctx, id))
}
#[tauri::command]
pub async fn work_order_customers(state: State<'_, AppState>, q: String) -> Result<Vec<RefOption>, ApiError> {
    call!(state, |ctx| wo::customer_options(&ctx, &q))
}
#[tauri::command]
pub async fn work_order_customer_refs(state: State<'_, AppState>, customer_id: i64) -> Result<CustomerRefs, ApiError> {
    call!(state, |ctx| wo::customer_refs(&ctx, customer_id))
}
#[tauri::command]
pub async fn work_order_handlers(state: State<'_, AppState>) -> Result<Vec<RefOption>, ApiError> {
    call!(state, |ctx| wo::handlers(&ctx))
}
#[tauri::command]
pub async fn service_board(state: State<'_, AppState>, tz_offset_minutes: i32) -> Result<ServiceBoard, ApiError> {
    call!(state, |ctx| wo::board(&ctx, tz_offset_minutes))
}
#[tauri::command]
pub async fn service_report(
    state: State<'_, AppState>,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    tz_offset_minutes: i32,
) -> Result<HandlerReport, ApiError> {
    call!(state, |ctx| wo::report(&ctx, from, to, tz_offset_minutes))
}
#[tauri::command]
pub async fn service_settings_get(state: State<'_, AppState>) -> Result<ServiceSettings, ApiError> {
    call!(state, |ctx| wo::get_settings(&ctx))
}
#[tauri::command]
pub async fn service_settings_set(state: State<'_, AppState>, settings: ServiceSettings) -> Result<ServiceSettings, ApiError> {
    call!(state, |ctx| wo::set_settings(&ctx, settings))
}
