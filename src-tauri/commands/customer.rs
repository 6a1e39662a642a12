use super::{call, AppState};
use crm_core::error::ApiError;
use crm_core::service::customer::{self, CustomerFilter, CustomerInput, CustomerRow};
use crm_core::service::{Page, PageReq};
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
pub async fn customer_update(state: State<'_, AppState>, id: i64, input: CustomerInput, lock_version: Option<i32>) -> Result<CustomerRow, ApiError> {
    call!(state, |ctx| customer::save(&ctx, id, input, lock_version))
}

#[tauri::command]
pub async fn customer_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| customer::delete(&ctx, id))
}

#[tauri::command]
pub async fn customer_transfer(state: State<'_, AppState>, id: i64, owner_id: i64) -> Result<CustomerRow, ApiError> {
    call!(state, |ctx| customer::transfer(&ctx, id, owner_id))
}
#[tauri::command]
pub async fn customer_summary(state: State<'_, AppState>, id: i64) -> Result<customer::CustomerSummary, ApiError> {
    call!(state, |ctx| customer::summary(&ctx, id))
}

// ---- public sea
use crm_core::service::sea::{self, SweepReport};
use crm_core::service::sea_rules::{self, SeaRules};

#[tauri::command]
pub async fn sea_claim(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| sea::claim(&ctx, id))
}
#[tauri::command]
pub async fn sea_assign(state: State<'_, AppState>, id: i64, owner_id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| sea::assign(&ctx, id, owner_id))
}
#[tauri::command]
pub async fn sea_release(state: State<'_, AppState>, id: i64, reason: String) -> Result<(), ApiError> {
    call!(state, |ctx| sea::release(&ctx, id, &reason))
}
#[tauri::command]
pub async fn sea_sweep(state: State<'_, AppState>) -> Result<SweepReport, ApiError> {
    call!(state, |ctx| sea::sweep_now(&ctx))
}
#[tauri::command]
pub async fn sea_rules_get(state: State<'_, AppState>) -> Result<SeaRules, ApiError> {
    call!(state, |ctx| sea_rules::get_rules(&ctx))
}
#[tauri::command]
pub async fn sea_rules_set(state: State<'_, AppState>, input: SeaRules) -> Result<SeaRules, ApiError> {
    call!(state, |ctx| sea_rules::set_rules(&ctx, input))
}

// ---- contacts
use crm_core::service::contact::{self, ContactInput, ContactRow};

#[tauri::command]
pub async fn contact_list(state: State<'_, AppState>, customer_id: i64) -> Result<Vec<ContactRow>, ApiError> {
    call!(state, |ctx| contact::list(&ctx, customer_id))
}
#[tauri::command]
pub async fn contact_create(state: State<'_, AppState>, customer_id: i64, input: ContactInput) -> Result<ContactRow, ApiError> {
    call!(state, |ctx| contact::create(&ctx, customer_id, input))
}
#[tauri::command]
pub async fn contact_update(state: State<'_, AppState>, id: i64, input: ContactInput, lock_version: Option<i32>) -> Result<ContactRow, ApiError> {
    call!(state, |ctx| contact::save(&ctx, id, input, lock_version))
}
#[tauri::command]
pub async fn contact_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| contact::delete(&ctx, id))
}

// ---- follow-ups and the to-do list
use crm_core::entity::enums::RelationKind;
use crm_core::service::follow_up::{self, FollowUpEdit, FollowUpInput, FollowUpRow};
use crm_core::service::todo::{self, TodoBoard, TodoCounts};

#[tauri::command]
pub async fn follow_up_list(state: State<'_, AppState>, relation_type: RelationKind, relation_id: i64, page: PageReq) -> Result<Page<FollowUpRow>, ApiError> {
    call!(state, |ctx| follow_up::list(&ctx, relation_type, relation_id, page))
}
#[tauri::command]
pub async fn follow_up_create(state: State<'_, AppState>, input: FollowUpInput) -> Result<FollowUpRow, ApiError> {
    call!(state, |ctx| follow_up::create(&ctx, input))
}
#[tauri::command]
pub async fn follow_up_update(state: State<'_, AppState>, id: i64, input: FollowUpEdit) -> Result<FollowUpRow, ApiError> {
    call!(state, |ctx| follow_up::update(&ctx, id, input))
}
#[tauri::command]
pub async fn follow_up_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| follow_up::delete(&ctx, id))
}
#[tauri::command]
pub async fn follow_up_done(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| follow_up::mark_done(&ctx, id))
}
#[tauri::command]
pub async fn todo_counts(state: State<'_, AppState>, tz_offset_minutes: i32) -> Result<TodoCounts, ApiError> {
    // The sidebar badge polls this: it is not the user's activity (the idle lock must still fire).
    let r = async {
        let ctx = state.ctx_quiet().await?;
        todo::todo_counts(&ctx, tz_offset_minutes).await
    }
    .await;
    match r {
        Ok(v) => Ok(v),
        Err(e) => Err(state.api_err(e).await),
    }
}
#[tauri::command]
pub async fn todo_board(state: State<'_, AppState>, tz_offset_minutes: i32) -> Result<TodoBoard, ApiError> {
    call!(state, |ctx| todo::todo_board(&ctx, tz_offset_minutes))
}

// ---- sessions, visits, return visits
use crm_core::entity::enums::VisitPlanStatus;
use crm_core::service::activity::{self, ReturnVisitInput, ReturnVisitResult, ReturnVisitRow, SessionInput, SessionRow, VisitInput, VisitRow};

#[tauri::command]
pub async fn session_list(state: State<'_, AppState>, customer_id: i64) -> Result<Vec<SessionRow>, ApiError> {
    call!(state, |ctx| activity::sessions(&ctx, customer_id))
}
#[tauri::command]
pub async fn session_create(state: State<'_, AppState>, customer_id: i64, input: SessionInput) -> Result<i64, ApiError> {
    call!(state, |ctx| activity::session_create(&ctx, customer_id, input))
}
#[tauri::command]
pub async fn session_update(state: State<'_, AppState>, id: i64, input: SessionInput) -> Result<(), ApiError> {
    call!(state, |ctx| activity::session_update(&ctx, id, input))
}
#[tauri::command]
pub async fn session_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| activity::session_delete(&ctx, id))
}
#[tauri::command]
pub async fn visit_list(state: State<'_, AppState>, customer_id: i64) -> Result<Vec<VisitRow>, ApiError> {
    call!(state, |ctx| activity::visits(&ctx, customer_id))
}
#[tauri::command]
pub async fn visit_create(state: State<'_, AppState>, customer_id: i64, input: VisitInput) -> Result<i64, ApiError> {
    call!(state, |ctx| activity::visit_create(&ctx, customer_id, input))
}
#[tauri::command]
pub async fn visit_update(state: State<'_, AppState>, id: i64, input: VisitInput) -> Result<(), ApiError> {
    call!(state, |ctx| activity::visit_update(&ctx, id, input))
}
#[tauri::command]
pub async fn visit_finish(state: State<'_, AppState>, id: i64, status: VisitPlanStatus, summary: String) -> Result<(), ApiError> {
    call!(state, |ctx| activity::visit_finish(&ctx, id, status, &summary))
}
#[tauri::command]
pub async fn visit_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| activity::visit_delete(&ctx, id))
}
#[tauri::command]
pub async fn return_visit_list(state: State<'_, AppState>, customer_id: i64) -> Result<Vec<ReturnVisitRow>, ApiError> {
    call!(state, |ctx| activity::return_visits(&ctx, customer_id))
}
#[tauri::command]
pub async fn return_visit_create(state: State<'_, AppState>, customer_id: i64, input: ReturnVisitInput) -> Result<i64, ApiError> {
    call!(state, |ctx| activity::return_visit_create(&ctx, customer_id, input))
}
#[tauri::command]
pub async fn return_visit_update(state: State<'_, AppState>, id: i64, input: ReturnVisitInput) -> Result<(), ApiError> {
    call!(state, |ctx| activity::return_visit_update(&ctx, id, input))
}
#[tauri::command]
pub async fn return_visit_complete(state: State<'_, AppState>, id: i64, input: ReturnVisitResult) -> Result<(), ApiError> {
    call!(state, |ctx| activity::return_visit_complete(&ctx, id, input))
}
#[tauri::command]
pub async fn return_visit_cancel(state: State<'_, AppState>, id: i64, reason: String) -> Result<(), ApiError> {
    call!(state, |ctx| activity::return_visit_cancel(&ctx, id, &reason))
}
#[tauri::command]
pub async fn contact_list_all(state: State<'_, AppState>, filter: contact::ContactFilter, page: PageReq) -> Result<Page<contact::ContactListRow>, ApiError> {
    call!(state, |ctx| contact::list_all(&ctx, filter, page))
}
#[tauri::command]
pub async fn follow_up_recent(
    state: State<'_, AppState>,
    filter: follow_up::FollowUpFilter,
    tz_offset_minutes: i32,
    page: PageReq,
) -> Result<Page<FollowUpRow>, ApiError> {
    call!(state, |ctx| follow_up::recent(&ctx, filter, tz_offset_minutes, page))
}
#[tauri::command]
pub async fn return_visit_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| activity::return_visit_delete(&ctx, id))
}
