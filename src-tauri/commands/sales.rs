//! Products, opportunities, quotations, contracts and their PDFs.
use super::{call, AppState};
use base64::Engine;
use crm_core::entity::enums::{OpportunityStatus, QuotationStatus};
use crm_core::error::{ApiError, AppError};
use crm_core::ipc::{FileOut, Period, PrintKind};
use crm_core::service::attachment::{AttachmentRow, AttachmentUpload};
use crm_core::service::contract::{self, ContractFilter, ContractInput, ContractRow, FromQuotationInput};
use crm_core::service::opportunity::{self, KanbanColumn, OpportunityFilter, OpportunityInput, OpportunityRow, Pipeline, Stage};
use crm_core::service::product::{self, CategoryInput, CategoryNode, ProductFilter, ProductInput, ProductRow};
use crm_core::service::quotation::{self, QuotationFilter, QuotationInput, QuotationRow};
use crm_core::service::{print, Page, PageReq};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn category_tree(state: State<'_, AppState>) -> Result<Vec<CategoryNode>, ApiError> {
    call!(state, |ctx| product::category_tree(&ctx))
}
#[tauri::command]
pub async fn category_create(state: State<'_, AppState>, input: CategoryInput) -> Result<i64, ApiError> {
    call!(state, |ctx| product::category_create(&ctx, input))
}
#[tauri::command]
pub async fn category_update(state: State<'_, AppState>, id: i64, input: CategoryInput) -> Result<(), ApiError> {
    call!(state, |ctx| product::category_update(&ctx, id, input))
}
#[tauri::command]
pub async fn category_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| product::category_delete(&ctx, id))
}
#[tauri::command]
pub async fn product_list(state: State<'_, AppState>, filter: ProductFilter, page: PageReq) -> Result<Page<ProductRow>, ApiError> {
    call!(state, |ctx| product::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn product_pick(state: State<'_, AppState>, keyword: Option<String>) -> Result<Vec<ProductRow>, ApiError> {
    call!(state, |ctx| product::pick(&ctx, keyword))
}
#[tauri::command]
pub async fn product_create(state: State<'_, AppState>, input: ProductInput) -> Result<ProductRow, ApiError> {
    call!(state, |ctx| product::create(&ctx, input))
}
#[tauri::command]
pub async fn product_update(state: State<'_, AppState>, id: i64, input: ProductInput, lock_version: Option<i32>) -> Result<ProductRow, ApiError> {
    call!(state, |ctx| product::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn product_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| product::delete(&ctx, id))
}

#[tauri::command]
pub async fn stage_list(state: State<'_, AppState>) -> Result<Vec<Stage>, ApiError> {
    call!(state, |ctx| opportunity::get_stages(&ctx))
}
#[tauri::command]
pub async fn stage_set(state: State<'_, AppState>, stages: Vec<Stage>) -> Result<Vec<Stage>, ApiError> {
    call!(state, |ctx| opportunity::set_stages(&ctx, stages))
}
#[tauri::command]
pub async fn opportunity_list(state: State<'_, AppState>, filter: OpportunityFilter, page: PageReq) -> Result<Page<OpportunityRow>, ApiError> {
    call!(state, |ctx| opportunity::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn opportunity_kanban(state: State<'_, AppState>, filter: OpportunityFilter) -> Result<Vec<KanbanColumn>, ApiError> {
    call!(state, |ctx| opportunity::kanban(&ctx, filter))
}
#[tauri::command]
pub async fn opportunity_pipeline(state: State<'_, AppState>) -> Result<Pipeline, ApiError> {
    call!(state, |ctx| opportunity::pipeline(&ctx))
}
#[tauri::command]
pub async fn opportunity_get(state: State<'_, AppState>, id: i64) -> Result<OpportunityRow, ApiError> {
    call!(state, |ctx| opportunity::get(&ctx, id))
}
#[tauri::command]
pub async fn opportunity_create(state: State<'_, AppState>, input: OpportunityInput) -> Result<OpportunityRow, ApiError> {
    call!(state, |ctx| opportunity::create(&ctx, input))
}
#[tauri::command]
pub async fn opportunity_update(state: State<'_, AppState>, id: i64, input: OpportunityInput, lock_version: Option<i32>) -> Result<OpportunityRow, ApiError> {
    call!(state, |ctx| opportunity::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn opportunity_move(state: State<'_, AppState>, id: i64, stage: String) -> Result<OpportunityRow, ApiError> {
    call!(state, |ctx| opportunity::move_stage(&ctx, id, &stage))
}
#[tauri::command]
pub async fn opportunity_close(
    state: State<'_, AppState>,
    id: i64,
    status: OpportunityStatus,
    lose_reason: Option<String>,
) -> Result<OpportunityRow, ApiError> {
    call!(state, |ctx| opportunity::close(&ctx, id, status, lose_reason))
}
#[tauri::command]
pub async fn opportunity_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| opportunity::delete(&ctx, id))
}

#[tauri::command]
pub async fn quotation_list(state: State<'_, AppState>, filter: QuotationFilter, page: PageReq) -> Result<Page<QuotationRow>, ApiError> {
    call!(state, |ctx| quotation::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn quotation_get(state: State<'_, AppState>, id: i64) -> Result<QuotationRow, ApiError> {
    call!(state, |ctx| quotation::get(&ctx, id))
}
#[tauri::command]
pub async fn quotation_create(state: State<'_, AppState>, input: QuotationInput) -> Result<QuotationRow, ApiError> {
    call!(state, |ctx| quotation::create(&ctx, input))
}
#[tauri::command]
pub async fn quotation_update(state: State<'_, AppState>, id: i64, input: QuotationInput, lock_version: Option<i32>) -> Result<QuotationRow, ApiError> {
    call!(state, |ctx| quotation::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn quotation_set_status(state: State<'_, AppState>, id: i64, status: QuotationStatus) -> Result<QuotationRow, ApiError> {
    call!(state, |ctx| quotation::set_status(&ctx, id, status))
}
#[tauri::command]
pub async fn quotation_copy(state: State<'_, AppState>, id: i64) -> Result<QuotationRow, ApiError> {
    call!(state, |ctx| quotation::copy(&ctx, id))
}
#[tauri::command]
pub async fn quotation_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| quotation::delete(&ctx, id))
}
#[tauri::command]
pub async fn quotation_accepted(state: State<'_, AppState>, customer_id: Option<i64>) -> Result<Vec<QuotationRow>, ApiError> {
    call!(state, |ctx| quotation::search_accepted(&ctx, customer_id))
}

#[tauri::command]
pub async fn contract_list(state: State<'_, AppState>, filter: ContractFilter, page: PageReq) -> Result<Page<ContractRow>, ApiError> {
    call!(state, |ctx| contract::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn contract_totals(state: State<'_, AppState>, filter: ContractFilter) -> Result<contract::ContractTotals, ApiError> {
    call!(state, |ctx| contract::totals(&ctx, filter))
}
#[tauri::command]
pub async fn contract_awaiting_approval(state: State<'_, AppState>, page: PageReq) -> Result<Page<ContractRow>, ApiError> {
    call!(state, |ctx| contract::awaiting_my_approval(&ctx, page))
}
#[tauri::command]
pub async fn contract_get(state: State<'_, AppState>, id: i64) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::get(&ctx, id))
}
#[tauri::command]
pub async fn contract_create(state: State<'_, AppState>, input: ContractInput) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::create(&ctx, input))
}
#[tauri::command]
pub async fn contract_from_quotation(state: State<'_, AppState>, quotation_id: i64, input: FromQuotationInput) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::create_from_quotation(&ctx, quotation_id, input))
}
#[tauri::command]
pub async fn contract_update(state: State<'_, AppState>, id: i64, input: ContractInput, lock_version: Option<i32>) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn contract_approve(state: State<'_, AppState>, id: i64, lock_version: Option<i32>) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::approve_seen(&ctx, id, lock_version))
}
#[tauri::command]
pub async fn contract_sign(state: State<'_, AppState>, id: i64) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::sign(&ctx, id))
}
#[tauri::command]
pub async fn contract_terminate(state: State<'_, AppState>, id: i64, reason: String) -> Result<ContractRow, ApiError> {
    call!(state, |ctx| contract::terminate(&ctx, id, &reason))
}
#[tauri::command]
pub async fn contract_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| contract::delete(&ctx, id))
}
#[tauri::command]
pub async fn contract_attach(state: State<'_, AppState>, id: i64, upload: AttachmentUpload) -> Result<AttachmentRow, ApiError> {
    call!(state, |ctx| contract::attach(&ctx, id, upload))
}
#[tauri::command]
pub async fn attachment_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| contract::detach(&ctx, id))
}

pub(crate) async fn produce(state: &State<'_, AppState>, kind: PrintKind, id: i64, period: Option<Period>) -> Result<(String, String, Vec<u8>), ApiError> {
    let locale = *state.locale.read().await;
    let pdf = |r: Result<(String, Vec<u8>), AppError>| r.map(|(n, b)| (n, "application/pdf".to_string(), b));
    call!(state, |ctx| async move {
        match kind {
            PrintKind::Quotation => pdf(print::quotation_pdf(&ctx, id, locale).await),
            PrintKind::Contract => pdf(print::contract_pdf(&ctx, id, locale).await),
            PrintKind::Attachment => contract::attachment(&ctx, id).await,
            PrintKind::Receipt => pdf(print::receipt_pdf(&ctx, id, locale).await),
            PrintKind::ReceivableAttachment => crm_core::service::receivable::attachment(&ctx, id).await,
            PrintKind::WorkOrderAttachment => crm_core::service::work_order::attachment(&ctx, id).await,
            PrintKind::Statement => {
                let p = period.ok_or_else(|| AppError::validation("period", "请选择对账期间", "Choose the statement period"))?;
                pdf(print::statement_pdf(&ctx, id, p.from, p.to, locale).await)
            }
        }
    })
}

/// The document's bytes, for the preview pane and printing.
#[tauri::command]
pub async fn file_render(state: State<'_, AppState>, kind: PrintKind, id: i64, period: Option<Period>) -> Result<FileOut, ApiError> {
    let (file_name, mime_type, bytes) = produce(&state, kind, id, period).await?;
    Ok(FileOut { file_name, mime_type, content_base64: base64::engine::general_purpose::STANDARD.encode(bytes) })
}

/// Save As: the native dialog, then the file. Returns the path, or None when cancelled.
#[tauri::command]
pub async fn file_save_as(app: AppHandle, state: State<'_, AppState>, kind: PrintKind, id: i64, period: Option<Period>) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let (file_name, _, bytes) = produce(&state, kind, id, period).await?;
    let file_name = crm_core::files::safe_file_name(&file_name);
    let ext = crm_core::files::extension(&file_name).unwrap_or_else(|| "bin".into());
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog().file().set_file_name(&file_name).add_filter(ext.to_uppercase(), &[ext.as_str()]).blocking_save_file()
    })
    .await
    .map_err(|e| AppError::internal(e).to_api(crm_core::error::Locale::ZhCn))?;
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else { return Ok(None) };
    std::fs::write(&path, bytes)
        .map_err(|e| AppError::validation("path", format!("无法保存文件:{e}"), format!("Cannot save the file: {e}")).to_api(crm_core::error::Locale::ZhCn))?;
    Ok(Some(path.display().to_string()))
}

/// Write the file to the exports folder and open it in the system viewer (to read or print).
#[tauri::command]
pub async fn file_open(app: AppHandle, state: State<'_, AppState>, kind: PrintKind, id: i64, period: Option<Period>) -> Result<String, ApiError> {
    use tauri_plugin_opener::OpenerExt;
    let (file_name, _, bytes) = produce(&state, kind, id, period).await?;
    let path = match crm_core::files::write_for_viewer(&file_name, &bytes) {
        Ok(p) => p,
        Err(e) => return Err(state.api_err(e).await),
    };
    if let Err(e) = app.opener().open_path(path.display().to_string(), None::<&str>) {
        tracing::warn!("no viewer opened {}: {e}", path.display());
        return Err(AppError::validation(
            "viewer",
            format!("没有可用的查看程序,文件已保存在 {}", path.display()),
            format!("No viewer could open it; the file is at {}", path.display()),
        )
        .to_api(*state.locale.read().await));
    }
    Ok(path.display().to_string())
}
