//! Marketing commands: activities and their figures, customer tags and segments, SMS
//! templates with their live preview, and the module's settings.
use super::{call, AppState};
use crm_core::error::ApiError;
use crm_core::service::marketing::activity::{self, ActivityFilter, ActivityInput, ActivityOption, ActivityRow};
use crm_core::service::marketing::campaign::{
    self as camp, CampaignInput, CampaignProgress, CampaignRow, DetailRow, OptOut, RecipientPreview, RunEnd, RunOptions, TestSend,
};
use crm_core::service::marketing::gateway::SmsGateway;
use crm_core::service::marketing::segment::{self, Segment, SegmentInput, SegmentPreview, SegmentRule};
use crm_core::service::marketing::sms_template::{self as tpl, Preview, PreviewRequest, Template, TemplateInput, Variable};
use crm_core::service::marketing::tag::{self, Tag, TagChange, TagChangeResult, TagInput};
use crm_core::service::marketing::{self, GatewayStatus, MarketingSettings};
use crm_core::service::{Page, PageReq};
use tauri::ipc::Channel;
use tauri::State;

/// The outbox file of this desktop (the default gateway).
pub fn outbox_path() -> std::path::PathBuf {
    crm_core::db::data_dir().join("sms-outbox.jsonl")
}

/// The gateway the company's settings name, with this desktop's secret.
pub async fn gateway(db: &sea_orm::DatabaseConnection) -> Result<Box<dyn SmsGateway>, crm_core::error::AppError> {
    marketing::gateway(db, outbox_path()).await
}

#[tauri::command]
pub async fn marketing_gateway_status(state: State<'_, AppState>) -> Result<GatewayStatus, ApiError> {
    call!(state, |ctx| async move { marketing::gateway_status(&ctx, &outbox_path()).await })
}
/// Keep the provider's secret in this desktop's keyring (empty: remove it).
#[tauri::command]
pub async fn marketing_gateway_secret_set(state: State<'_, AppState>, secret: String) -> Result<GatewayStatus, ApiError> {
    call!(state, |ctx| async move { marketing::set_gateway_secret(&ctx, &secret, &outbox_path()).await })
}
/// Send one template to one number through the configured gateway.
#[tauri::command]
pub async fn marketing_gateway_test(state: State<'_, AppState>, template_id: i64, phone: String) -> Result<TestSend, ApiError> {
    call!(state, |ctx| async move {
        let gw = gateway(&ctx.db).await?;
        camp::send_test(&ctx, gw.as_ref(), template_id, &phone).await
    })
}

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
#[tauri::command]
pub async fn campaign_preview(state: State<'_, AppState>, input: CampaignInput) -> Result<RecipientPreview, ApiError> {
    call!(state, |ctx| camp::preview(&ctx, input))
}
#[tauri::command]
pub async fn campaign_create(state: State<'_, AppState>, input: CampaignInput) -> Result<CampaignRow, ApiError> {
    call!(state, |ctx| camp::create(&ctx, input))
}
#[tauri::command]
pub async fn campaign_list(state: State<'_, AppState>, page: PageReq) -> Result<Page<CampaignRow>, ApiError> {
    call!(state, |ctx| camp::list(&ctx, page))
}
#[tauri::command]
pub async fn campaign_get(state: State<'_, AppState>, id: i64) -> Result<CampaignRow, ApiError> {
    call!(state, |ctx| camp::get(&ctx, id))
}
#[tauri::command]
pub async fn campaign_details(state: State<'_, AppState>, id: i64, status: Option<i8>, page: PageReq) -> Result<Page<DetailRow>, ApiError> {
    call!(state, |ctx| camp::details(&ctx, id, status, page))
}
#[tauri::command]
pub async fn campaign_cancel(state: State<'_, AppState>, id: i64) -> Result<CampaignRow, ApiError> {
    call!(state, |ctx| camp::cancel(&ctx, id))
}
/// Send what is left of a campaign now; progress goes to `on_progress`, `job_cancel(jobId)`
/// stops it after the current batch (it can be sent on later).
#[tauri::command]
pub async fn campaign_send(
    state: State<'_, AppState>,
    jobs: State<'_, super::dataio::Jobs>,
    id: i64,
    tz_offset_minutes: i32,
    job_id: String,
    on_progress: Channel<CampaignProgress>,
) -> Result<RunEnd, ApiError> {
    let flag = jobs.start(&job_id);
    let r = call!(state, |ctx| async move {
        ctx.require("marketing:send")?;
        let gw = gateway(&ctx.db).await?;
        let opts = RunOptions { tz_offset_minutes: tz_offset_minutes.clamp(-14 * 60, 14 * 60), ..RunOptions::default() };
        let mut progress = |p: CampaignProgress| {
            let _ = on_progress.send(p);
        };
        camp::send(&ctx, id, gw.as_ref(), opts, &flag, &mut progress).await
    });
    jobs.end(&job_id);
    r
}
#[tauri::command]
pub async fn optout_list(state: State<'_, AppState>, q: Option<String>, page: PageReq) -> Result<Page<OptOut>, ApiError> {
    call!(state, |ctx| camp::optouts(&ctx, q, page))
}
#[tauri::command]
pub async fn optout_add(state: State<'_, AppState>, phone: String) -> Result<bool, ApiError> {
    call!(state, |ctx| async move { camp::optout_add(&ctx, &phone).await })
}
#[tauri::command]
pub async fn optout_reply(state: State<'_, AppState>, phone: String, reply: String) -> Result<bool, ApiError> {
    call!(state, |ctx| async move { camp::optout_reply(&ctx, &phone, &reply).await })
}
#[tauri::command]
pub async fn optout_remove(state: State<'_, AppState>, id: i64) -> Result<(), ApiError> {
    call!(state, |ctx| camp::optout_remove(&ctx, id))
}
