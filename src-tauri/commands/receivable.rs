//! Receivables commands: payment plans, receipts, invoices and invoice requests.
use super::{call, AppState};
use crm_core::entity::enums::InvoiceStatus;
use crm_core::error::ApiError;
use crm_core::service::attachment::{AttachmentRow, AttachmentUpload};
use crm_core::service::receivable::{
    self as rcv, BuyerInfo, ContractReceivables, InvoiceInput, InvoiceRequestInput, InvoiceRequestRow, InvoiceRow, PlanInput, PlanRow, ReceiptInput,
    ReceiptRow, ReceivableDoc, ReceivableSettings, SplitInput,
};
use tauri::State;

#[tauri::command]
pub async fn receivables_of(state: State<'_, AppState>, contract_id: i64) -> Result<ContractReceivables, ApiError> {
    call!(state, |ctx| rcv::of_contract(&ctx, contract_id))
}
#[tauri::command]
pub async fn plan_create(state: State<'_, AppState>, contract_id: i64, input: PlanInput) -> Result<PlanRow, ApiError> {
    call!(state, |ctx| rcv::plan_create(&ctx, contract_id, input))
}
#[tauri::command]
pub async fn plan_split(state: State<'_, AppState>, contract_id: i64, input: SplitInput) -> Result<Vec<PlanRow>, ApiError> {
    call!(state, |ctx| rcv::plan_split(&ctx, contract_id, input))
}
#[tauri::command]
pub async fn plan_update(state: State<'_, AppState>, id: i64, input: PlanInput) -> Result<(), ApiError> {
    call!(state, |ctx| rcv::plan_update(&ctx, id, input))
}
#[tauri::command]
pub async fn plan_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| rcv::plan_delete(&ctx, id))
}
#[tauri::command]
pub async fn receipt_create(state: State<'_, AppState>, contract_id: i64, input: ReceiptInput) -> Result<ReceiptRow, ApiError> {
    call!(state, |ctx| rcv::receipt_create(&ctx, contract_id, input))
}
#[tauri::command]
pub async fn receipt_confirm(state: State<'_, AppState>, id: i64) -> Result<ReceiptRow, ApiError> {
    call!(state, |ctx| rcv::receipt_confirm(&ctx, id))
}
#[tauri::command]
pub async fn receipt_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| rcv::receipt_delete(&ctx, id))
}
#[tauri::command]
pub async fn receipt_correct(state: State<'_, AppState>, id: i64, reason: String) -> Result<ReceiptRow, ApiError> {
    call!(state, |ctx| rcv::receipt_correct(&ctx, id, &reason))
}
#[tauri::command]
pub async fn receipts_pending(state: State<'_, AppState>) -> Result<Vec<ReceiptRow>, ApiError> {
    call!(state, |ctx| rcv::receipts_pending(&ctx))
}
#[tauri::command]
pub async fn invoice_create(state: State<'_, AppState>, contract_id: i64, input: InvoiceInput) -> Result<InvoiceRow, ApiError> {
    call!(state, |ctx| rcv::invoice_create(&ctx, contract_id, input))
}
#[tauri::command]
pub async fn invoice_advance(state: State<'_, AppState>, id: i64, to: InvoiceStatus) -> Result<InvoiceRow, ApiError> {
    call!(state, |ctx| rcv::invoice_advance(&ctx, id, to))
}
#[tauri::command]
pub async fn invoice_void(state: State<'_, AppState>, id: i64, reason: String) -> Result<InvoiceRow, ApiError> {
    call!(state, |ctx| rcv::invoice_void(&ctx, id, &reason))
}
#[tauri::command]
pub async fn invoice_request_create(state: State<'_, AppState>, contract_id: i64, input: InvoiceRequestInput) -> Result<InvoiceRequestRow, ApiError> {
    call!(state, |ctx| rcv::request_create(&ctx, contract_id, input))
}
#[tauri::command]
pub async fn invoice_request_reject(state: State<'_, AppState>, id: i64, reason: String) -> Result<(), ApiError> {
    call!(state, |ctx| rcv::request_reject(&ctx, id, &reason))
}
#[tauri::command]
pub async fn invoice_requests_pending(state: State<'_, AppState>) -> Result<Vec<InvoiceRequestRow>, ApiError> {
    call!(state, |ctx| rcv::requests_pending(&ctx))
}
#[tauri::command]
pub async fn customer_buyer_get(state: State<'_, AppState>, customer_id: i64) -> Result<BuyerInfo, ApiError> {
    call!(state, |ctx| rcv::buyer_of(&ctx, customer_id))
}
#[tauri::command]
pub async fn customer_buyer_set(state: State<'_, AppState>, customer_id: i64, input: BuyerInfo) -> Result<BuyerInfo, ApiError> {
    call!(state, |ctx| rcv::set_buyer(&ctx, customer_id, input))
}
#[tauri::command]
pub async fn receivable_settings_get(state: State<'_, AppState>) -> Result<ReceivableSettings, ApiError> {
    call!(state, |ctx| async move {
        ctx.require_login()?;
        rcv::settings(&ctx.db).await
    })
}
#[tauri::command]
pub async fn receivable_settings_set(state: State<'_, AppState>, input: ReceivableSettings) -> Result<ReceivableSettings, ApiError> {
    call!(state, |ctx| rcv::set_settings(&ctx, input))
}
#[tauri::command]
pub async fn receivable_aging(state: State<'_, AppState>, by: rcv::AgingBy) -> Result<rcv::Aging, ApiError> {
    call!(state, |ctx| rcv::aging(&ctx, by))
}
#[tauri::command]
pub async fn receivable_attach(state: State<'_, AppState>, doc: ReceivableDoc, id: i64, upload: AttachmentUpload) -> Result<AttachmentRow, ApiError> {
    call!(state, |ctx| rcv::attach(&ctx, doc, id, upload))
}
#[tauri::command]
pub async fn receivable_detach(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| rcv::detach(&ctx, id))
}
