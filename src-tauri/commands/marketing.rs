//! Marketing commands: activities and their figures, customer tags and segments, SMS
//! templates with their live preview, and the module's settings.
use super::{call, AppState};
use crm_core::error::ApiError;
use crm_core::service::marketing::activity::{self, ActivityFilter, ActivityInput, ActivityOption, ActivityRow};
use crm_core::service::marketing::segment::{self, Segment, SegmentInput, SegmentPreview, SegmentRule};
use crm_core::service::marketing::sms_template::{self as tpl, Preview, PreviewRequest, Template, TemplateInput, Variable};
use crm_core::service::marketing::tag::{self, Tag, TagChange, TagChangeResult, TagInput};
use crm_core::service::marketing::{self, MarketingSettings};
use crm_core::service::{Page, PageReq};
use tauri::State;

#[tauri::command]
pub async fn marketing_activity_list(state: State<'_, AppState>, filter: ActivityFilter, page: PageReq) -> Result<Page<ActivityRow>, ApiError> {
    call!(state, |ctx| activity::list(&ctx, filter, page))
}
#[tauri::command]
pub async fn marketing_activity_get(state: State<'_, AppState>, id: i64) -> Result<ActivityRow, ApiError> {
    call!(state, |ctx| activity::get(&ctx, id))
}
#[tauri::command]
pub async fn marketing_activity_create(state: State<'_, AppState>, input: ActivityInput) -> Result<ActivityRow, ApiError> {
    call!(state, |ctx| activity::create(&ctx, input))
}
#[tauri::command]
pub async fn marketing_activity_update(state: State<'_, AppState>, id: i64, input: ActivityInput) -> Result<ActivityRow, ApiError> {
    call!(state, |ctx| activity::update(&ctx, id, input))
}
#[tauri::command]
pub async fn marketing_activity_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| activity::delete(&ctx, id))
}
#[tauri::command]
pub async fn marketing_activity_options(state: State<'_, AppState>) -> Result<Vec<ActivityOption>, ApiError> {
    call!(state, |ctx| activity::options(&ctx))
}
#[tauri::command]
pub async fn tag_list(state: State<'_, AppState>) -> Result<Vec<Tag>, ApiError> {
    call!(state, |ctx| tag::list(&ctx))
}
#[tauri::command]
pub async fn tag_create(state: State<'_, AppState>, input: TagInput) -> Result<Tag, ApiError> {
    call!(state, |ctx| tag::create(&ctx, input))
}
#[tauri::command]
pub async fn tag_update(state: State<'_, AppState>, id: i64, input: TagInput) -> Result<(), ApiError> {
    call!(state, |ctx| tag::update(&ctx, id, input))
}
#[tauri::command]
pub async fn tag_delete(state: State<'_, AppState>, id: i64) -> Result<u64, ApiError> {
    call!(state, |ctx| tag::delete(&ctx, id))
}
#[tauri::command]
pub async fn tag_change(state: State<'_, AppState>, change: TagChange) -> Result<TagChangeResult, ApiError> {
    call!(state, |ctx| tag::change(&ctx, change))
}
#[tauri::command]
pub async fn segment_list(state: State<'_, AppState>) -> Result<Vec<Segment>, ApiError> {
    call!(state, |ctx| segment::list(&ctx))
}
#[tauri::command]
pub async fn segment_preview(state: State<'_, AppState>, rule: SegmentRule) -> Result<SegmentPreview, ApiError> {
    call!(state, |ctx| segment::preview(&ctx, rule))
}
#[tauri::command]
pub async fn segment_create(state: State<'_, AppState>, input: SegmentInput) -> Result<i64, ApiError> {
    call!(state, |ctx| segment::create(&ctx, input))
}
#[tauri::command]
pub async fn segment_update(state: State<'_, AppState>, id: i64, input: SegmentInput) -> Result<(), ApiError> {
    call!(state, |ctx| segment::update(&ctx, id, input))
}
#[tauri::command]
pub async fn segment_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| segment::delete(&ctx, id))
}
#[tauri::command]
pub async fn sms_template_list(state: State<'_, AppState>) -> Result<Vec<Template>, ApiError> {
    call!(state, |ctx| tpl::list(&ctx))
}
#[tauri::command]
pub async fn sms_template_create(state: State<'_, AppState>, input: TemplateInput) -> Result<Template, ApiError> {
    call!(state, |ctx| tpl::create(&ctx, input))
}
#[tauri::command]
pub async fn sms_template_update(state: State<'_, AppState>, id: i64, input: TemplateInput) -> Result<Template, ApiError> {
    call!(state, |ctx| tpl::update(&ctx, id, input))
}
#[tauri::command]
pub async fn sms_template_delete(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| tpl::delete(&ctx, id))
}
#[tauri::command]
pub async fn sms_template_preview(state: State<'_, AppState>, request: PreviewRequest) -> Result<Preview, ApiError> {
    call!(state, |ctx| tpl::preview(&ctx, request))
}
#[tauri::command]
pub async fn sms_variables() -> Result<Vec<Variable>, ApiError> {
    Ok(tpl::variables())
}
#[tauri::command]
pub async fn marketing_settings_get(state: State<'_, AppState>) -> Result<MarketingSettings, ApiError> {
    call!(state, |ctx| marketing::get_settings(&ctx))
}
#[tauri::command]
pub async fn marketing_settings_set(state: State<'_, AppState>, settings: MarketingSettings) -> Result<MarketingSettings, ApiError> {
    call!(state, |ctx| marketing::set_settings(&ctx, settings))
}
