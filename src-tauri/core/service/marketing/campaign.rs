//! SMS campaigns (短信营销): a template sent to a tag or a segment, optionally for an
//! activity.
//!
//! * **Recipients** are resolved in the creator's data scope. Each customer's number is its
//!   first contact's mobile (key decision-makers first), normalized to 11 digits (+86,
//!   0086 and 86 stripped) and checked against `^1[3-9]\d{9}$`. Removed, and logged with
//!   the reason: numbers on the opt-out list, invalid numbers, numbers already in the
//!   campaign, and numbers sent the same template within `sms_dedupe_days`.
//! * **Creating** a campaign writes one detail row per recipient (the snapshot, with the
//!   rendered text) in one transaction; a text that cannot be rendered (a variable without
//!   value or fallback) is a failed row naming the variable.
//! * **Sending** ([`run`]): a marketing template is sent only inside the send window
//!   (default 08:00–21:00 local time; outside it the campaign waits, status 3). Rows are
//!   marked 发送中 and committed before the gateway gets them, the outcome is recorded
//!   after; the counts on the campaign follow every batch. A campaign interrupted between
//!   the two (the app closed) resumes by asking the gateway what became of the rows in
//!   flight: known outcomes are recorded, messages the gateway never got are sent again,
//!   the rest are marked 结果未知 and never sent twice. Transient errors are retried with
//!   backoff (3 attempts); permanent ones fail the row.
//! * **Opt-outs** ([`optout_add`], [`optout_reply`]): a number added by hand or from a
//!   reply "T", "TD", "N" or "R" entered by staff is honoured by every campaign created
//!   afterwards.
//!
//! Creating, sending and cancelling need `marketing:send`; a rep with it reaches only the
//! customers in their own scope.

use super::gateway::{SmsGateway, SmsOutcome, SmsRequest};
use super::segment::{self, Target};
use super::settings_in;
use super::sms_template::{self as tpl, Piece};
use crate::entity::{
    crm_customer, crm_marketing_activity, crm_sms_marketing as mk, crm_sms_optout as optout, crm_sms_send_detail as detail, crm_sms_template, sys_user,
};
use crate::error::{AppError, AppResult};
use crate::service::{oplog, util, Ctx, Page, PageReq};
use chrono::{NaiveDateTime, Timelike};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};

const ENTITY: &str = "crm_sms_marketing";

/// Campaign statuses.
pub const SCHEDULED: i8 = 1;
pub const SENDING: i8 = 2;
pub const WAITING_WINDOW: i8 = 3;
pub const DONE: i8 = 4;
pub const CANCELLED: i8 = 5;

/// Detail statuses.
pub const D_PENDING: i8 = 0;
pub const D_SENDING: i8 = 1;
pub const D_SUBMITTED: i8 = 2;
pub const D_FAILED: i8 = 3;
pub const D_OPTED_OUT: i8 = 4;
pub const D_INVALID: i8 = 5;
pub const D_DUPLICATE: i8 = 6;
pub const D_RECENT: i8 = 7;
pub const D_UNKNOWN: i8 = 8;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignInput {
    pub campaign_name: String,
    pub template_id: i64,
    pub target: Target,
    #[ts(optional = nullable)]
    pub activity_id: Option<i64>,
    /// UTC; None: send now.
    #[ts(optional = nullable)]
    pub scheduled_at: Option<NaiveDateTime>,
}

/// Who a campaign would reach, before anything is written.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RecipientPreview {
    /// Customers of the target in the caller's scope.
    pub customers: i64,
    /// Messages that would be sent.
    pub recipients: i64,
    pub opted_out: i64,
    pub invalid: i64,
    pub duplicates: i64,
    /// Sent the same template within the dedupe days.
    pub recent: i64,
    /// Texts that cannot be rendered (a variable without a value).
    pub unrenderable: i64,
    /// Billed messages in all (signature included).
    pub billed: i64,
    pub samples: Vec<SampleMessage>,
    pub target_label: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SampleMessage {
    pub customer_name: String,
    pub phone: String,
    pub text: String,
    pub segments: u32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignRow {
    pub id: i64,
    #[ts(optional = nullable)]
    pub campaign_name: Option<String>,
    pub template_id: i64,
    #[ts(optional = nullable)]
    pub template_name: Option<String>,
    #[ts(optional = nullable)]
    pub activity_id: Option<i64>,
    #[ts(optional = nullable)]
    pub activity_name: Option<String>,
    #[ts(optional = nullable)]
    pub target_tag: Option<String>,
    /// 1 待发送 2 发送中 3 等待发送时段 4 已完成 5 已取消
    pub status: i8,
    #[ts(optional = nullable)]
    pub scheduled_at: Option<NaiveDateTime>,
    pub send_time: NaiveDateTime,
    pub total_count: i32,
    pub success_count: i32,
    pub fail_count: i32,
    pub skipped_count: i32,
    /// Rows still to send.
    pub pending: i64,
    #[ts(optional = nullable)]
    pub started_at: Option<NaiveDateTime>,
    #[ts(optional = nullable)]
    pub finished_at: Option<NaiveDateTime>,
    #[ts(optional = nullable)]
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DetailRow {
    pub id: i64,
    #[ts(optional = nullable)]
    pub customer_id: Option<i64>,
    #[ts(optional = nullable)]
    pub customer_name: Option<String>,
    pub phone: String,
    #[ts(optional = nullable)]
    pub content: Option<String>,
    pub status: i8,
    #[ts(optional = nullable)]
    pub provider_msg_id: Option<String>,
    #[ts(optional = nullable)]
    pub error_code: Option<String>,
    #[ts(optional = nullable)]
    pub error: Option<String>,
    pub attempts: i32,
    #[ts(optional = nullable)]
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CampaignProgress {
    pub done: i64,
    pub total: i64,
    pub success: i64,
    pub failed: i64,
}

/// Why a run stopped.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum RunEnd {
    Done,
    Cancelled,
    /// A marketing campaign outside the send window, or scheduled later.
    Waiting,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OptOut {
    pub id: i64,
    pub phone: String,
    pub source: String,
    #[ts(optional = nullable)]
    pub reply_text: Option<String>,
    pub created_at: NaiveDateTime,
}

// ------------------------------------------------------------------ numbers

/// A mainland mobile number as 11 digits, or None.
pub fn normalize_phone(raw: &str) -> Option<String> {
    let mut d: String = raw.chars().filter(|c| c.is_ascii_digit()).collect();
    if d.len() == 15 && d.starts_with("0086") {
        d = d[4..].to_string();
    } else if d.len() == 13 && d.starts_with("86") {
        d = d[2..].to_string();
    }
    let b = d.as_bytes();
    (d.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])).then_some(d)
}

/// Is this reply an opt-out (T, TD, N, R, 退订 …)?
pub fn is_optout_reply(text: &str) -> bool {
    let t = text.trim().to_uppercase();
    ["T", "TD", "N", "R", "退订", "拒收", "STOP", "UNSUBSCRIBE"].contains(&t.as_str()) || t.starts_with("退订")
}

// ------------------------------------------------------------------ recipients

struct Planned {
    customer_id: i64,
    phone: String,
    text: Option<String>,
    /// The variables' values (JSON), for provider templates.
    params: Option<String>,
    status: i8,
    error: Option<String>,
}

struct Cust<'a> {
    id: i64,
    customer_name: &'a String,
    owner_id: i64,
}

struct Plan {
    template: crm_sms_template::Model,
    label: String,
    customers: i64,
    rows: Vec<Planned>,
    names: HashMap<i64, String>,
}

async fn plan(ctx: &Ctx, input: &CampaignInput) -> AppResult<Plan> {
    let db = &ctx.db;
    let template = crm_sms_template::Entity::find_by_id(input.template_id)
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("templateId", "短信模板不存在", "The template does not exist"))?;
    if template.is_enabled == 0 {
        return Err(AppError::validation("templateId", "该短信模板已停用", "The template is disabled"));
    }
    let settings = settings_in(db).await?;
    let sign = template.sign_name.clone().unwrap_or_else(|| settings.sms_sign.clone());
    if sign.is_empty() {
        return Err(AppError::validation("templateId", "请先在营销设置中填写短信签名", "Set the SMS signature in the marketing settings first"));
    }
    let ty = template.template_type.clone().unwrap_or_default();
    if let Some((zh, en)) = tpl::problems(&template.content, &ty, &sign).into_iter().next() {
        return Err(AppError::validation("templateId", format!("模板不符合规则:{zh}"), format!("The template breaks a rule: {en}")));
    }
    let pieces: Vec<Piece> = tpl::parse(&template.content).map_err(|(zh, en)| AppError::validation("templateId", zh, en))?;
    let (rule, label) = segment::target_rule(db, &input.target).await?;
    let activity = match input.activity_id {
        Some(a) => Some(
            crm_marketing_activity::Entity::find_by_id(a)
                .one(db)
                .await?
                .ok_or_else(|| AppError::validation("activityId", "市场活动不存在", "The activity does not exist"))?,
        ),
        None => None,
    };
    let ids = segment::resolve(ctx, &rule).await?;
    let customers = ids.len() as i64;
    // Bulk lookups: customers, their first contacts, owners.
    // (name, owner) of each customer: only the columns the texts need.
    let mut cust: HashMap<i64, (String, i64)> = HashMap::new();
    let mut first: HashMap<i64, (String, String)> = HashMap::new();
    for chunk in ids.chunks(1000) {
        let rows: Vec<(i64, String, i64)> = crm_customer::Entity::find()
            .select_only()
            .column(crm_customer::Column::Id)
            .column(crm_customer::Column::CustomerName)
            .column(crm_customer::Column::OwnerId)
            .filter(crm_customer::Column::Id.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        for (id, name, owner) in rows {
            cust.insert(id, (name, owner));
        }
        let contacts: Vec<(i64, String, String, i8, i64)> = crate::entity::crm_contact::Entity::find()
            .select_only()
            .column(crate::entity::crm_contact::Column::CustomerId)
            .column(crate::entity::crm_contact::Column::ContactName)
            .column(crate::entity::crm_contact::Column::Phone)
            .column(crate::entity::crm_contact::Column::IsKey)
            .column(crate::entity::crm_contact::Column::Id)
            .filter(crate::entity::crm_contact::Column::CustomerId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        let mut best: HashMap<i64, (i8, i64, String, String)> = HashMap::new();
        for (c, name, phone, key, id) in contacts {
            let better = match best.get(&c) {
                None => true,
                Some((k, i, _, _)) => (key, -id) > (*k, -*i),
            };
            if better {
                best.insert(c, (key, id, name, phone));
            }
        }
        for (c, (_, _, n, p)) in best {
            first.insert(c, (n, p));
        }
    }
    let owners: HashMap<i64, (String, Option<String>)> = {
        let ids: Vec<i64> = cust.values().map(|c| c.1).collect::<HashSet<_>>().into_iter().collect();
        sys_user::Entity::find().filter(sys_user::Column::Id.is_in(ids)).all(db).await?.into_iter().map(|u| (u.id, (u.full_name, u.phone))).collect()
    };
    let profile: crate::service::settings::CompanyProfile = crate::service::settings::read(db, crate::service::settings::COMPANY_PROFILE).await?;
    let opted: HashSet<String> = optout::Entity::find().select_only().column(optout::Column::Phone).into_tuple::<String>().all(db).await?.into_iter().collect();
    let since = util::now() - chrono::Duration::days(settings.sms_dedupe_days as i64);
    let recent: HashSet<String> = if settings.sms_dedupe_days == 0 {
        HashSet::new()
    } else {
        crate::service::stats::rows(
            db,
            "SELECT DISTINCT d.phone FROM crm_sms_send_detail d JOIN crm_sms_marketing m ON m.id = d.marketing_id \
             WHERE m.template_id = ? AND d.status = 2 AND d.sent_at >= ?"
                .into(),
            vec![template.id.into(), since.into()],
        )
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<String>(0))
        .collect::<Result<_, _>>()?
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut rows = Vec::with_capacity(ids.len());
    let mut names = HashMap::new();
    for id in &ids {
        let Some((customer_name, owner_id)) = cust.get(id) else { continue };
        let c = Cust { id: *id, customer_name, owner_id: *owner_id };
        names.insert(c.id, c.customer_name.clone());
        let contact = first.get(id);
        let raw = contact.map(|(_, p)| p.as_str()).unwrap_or("");
        let Some(phone) = normalize_phone(raw) else {
            rows.push(Planned {
                customer_id: c.id,
                phone: raw.chars().take(20).collect(),
                text: None,
                params: None,
                status: D_INVALID,
                error: Some("号码无效或没有联系人手机".into()),
            });
            continue;
        };
        let status = if opted.contains(&phone) {
            D_OPTED_OUT
        } else if !seen.insert(phone.clone()) {
            D_DUPLICATE
        } else if recent.contains(&phone) {
            D_RECENT
        } else {
            D_PENDING
        };
        if status != D_PENDING {
            rows.push(Planned { customer_id: c.id, phone, text: None, params: None, status, error: None });
            continue;
        }
        let mut v: BTreeMap<String, String> = BTreeMap::new();
        v.insert("company".into(), c.customer_name.clone());
        match contact {
            Some((n, _)) => {
                v.insert("contact".into(), n.clone());
                v.insert("name".into(), n.clone());
            }
            None => {
                v.insert("name".into(), c.customer_name.clone());
            }
        }
        if let Some((n, p)) = owners.get(&c.owner_id) {
            v.insert("owner".into(), n.clone());
            if let Some(p) = p.as_ref().filter(|p| !p.trim().is_empty()) {
                v.insert("owner_phone".into(), p.clone());
            }
        }
        if !profile.name.trim().is_empty() {
            v.insert("my_company".into(), profile.name.trim().to_string());
        }
        if let Some(a) = &activity {
            v.insert("activity".into(), a.activity_name.clone());
            v.insert("activity_date".into(), util::local_date(a.start_time).format("%Y-%m-%d").to_string());
        }
        match tpl::resolve(&pieces, &v, &settings.sms_fallbacks) {
            Ok(params) => rows.push(Planned {
                customer_id: c.id,
                phone,
                text: Some(tpl::signed(&sign, &tpl::fill(&pieces, &params))),
                params: Some(serde_json::to_string(&params).unwrap_or_default()),
                status: D_PENDING,
                error: None,
            }),
            Err(var) => rows.push(Planned {
                customer_id: c.id,
                phone,
                text: None,
                params: None,
                status: D_FAILED,
                error: Some(format!("缺少变量 ${{{var}}} 的值 (TEMPLATE_MISSING_PARAMETERS)")),
            }),
        }
    }
    Ok(Plan { template, label, customers, rows, names })
}

/// Who a campaign would reach, and sample texts; nothing is written.
pub async fn preview(ctx: &Ctx, input: CampaignInput) -> AppResult<RecipientPreview> {
    ctx.require("marketing:read")?;
    let p = plan(ctx, &input).await?;
    let count = |s: i8| p.rows.iter().filter(|r| r.status == s).count() as i64;
    let billed = p.rows.iter().filter_map(|r| r.text.as_ref()).map(|t| tpl::segments(t.chars().count()) as i64).sum();
    let samples = p
        .rows
        .iter()
        .filter(|r| r.status == D_PENDING)
        .take(5)
        .map(|r| {
            let text = r.text.clone().unwrap_or_default();
            SampleMessage {
                customer_name: p.names.get(&r.customer_id).cloned().unwrap_or_default(),
                phone: mask(&r.phone),
                segments: tpl::segments(text.chars().count()),
                text,
            }
        })
        .collect();
    Ok(RecipientPreview {
        customers: p.customers,
        recipients: count(D_PENDING),
        opted_out: count(D_OPTED_OUT),
        invalid: count(D_INVALID),
        duplicates: count(D_DUPLICATE),
        recent: count(D_RECENT),
        unrenderable: count(D_FAILED),
        billed,
        samples,
        target_label: p.label,
    })
}

fn mask(p: &str) -> String {
    if p.len() == 11 {
        format!("{}****{}", &p[..3], &p[7..])
    } else {
        p.to_string()
    }
}

/// A provider (Aliyun, Tencent) fills its registered template: ours needs its code.
fn no_provider_code() -> AppError {
    AppError::validation(
        "templateId",
        "短信通道为阿里云或腾讯云时,模板须填写服务商审核通过的模板编号",
        "With Aliyun or Tencent Cloud, the template needs the provider's approved template code",
    )
}

/// Create a campaign: the recipients' snapshot and their texts, in one transaction.
pub async fn create(ctx: &Ctx, input: CampaignInput) -> AppResult<CampaignRow> {
    ctx.require("marketing:send")?;
    let name = util::required("campaignName", "营销名称", "Campaign name", &input.campaign_name, 100)?;
    if let Some(t) = input.scheduled_at {
        util::datetime("scheduledAt", t)?;
    }
    let p = plan(ctx, &input).await?;
    let gw = settings_in(&ctx.db).await?.sms_gateway;
    if gw.is_provider() && p.template.provider_code.as_deref().map(str::trim).unwrap_or_default().is_empty() {
        return Err(no_provider_code());
    }
    if !p.rows.iter().any(|r| r.status == D_PENDING) {
        return Err(AppError::validation(
            "target",
            "排除退订、无效、重复和近期已发的号码后,没有可发送的客户",
            "No one is left to send to once opt-outs, invalid, duplicate and recent numbers are removed",
        ));
    }
    let now = util::now();
    let txn = ctx.db.begin().await?;
    let by = ctx.recorder(&txn).await?;
    let (kind, target_id) = match input.target {
        Target::Tag(i) => ("tag", i),
        Target::Segment(i) => ("segment", i),
    };
    let pending = p.rows.iter().filter(|r| r.status == D_PENDING).count() as i32;
    let failed = p.rows.iter().filter(|r| r.status == D_FAILED).count() as i32;
    let skipped = p.rows.len() as i32 - pending - failed;
    let m = mk::ActiveModel {
        template_id: Set(p.template.id),
        activity_id: Set(input.activity_id),
        send_time: Set(input.scheduled_at.unwrap_or(now)),
        target_tag: Set(Some(p.label.chars().take(255).collect())),
        total_count: Set(pending + failed),
        success_count: Set(Some(0)),
        fail_count: Set(Some(failed)),
        created_by: Set(by),
        created_at: Set(now),
        campaign_name: Set(Some(name.clone())),
        target_kind: Set(Some(kind.into())),
        target_id: Set(Some(target_id)),
        status: Set(SCHEDULED),
        scheduled_at: Set(input.scheduled_at),
        skipped_count: Set(skipped),
        updated_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut it = p.rows.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<detail::ActiveModel> = it
            .by_ref()
            .take(500)
            .map(|r| detail::ActiveModel {
                marketing_id: Set(m.id),
                customer_id: Set(Some(r.customer_id)),
                phone: Set(r.phone),
                content: Set(r.text),
                params: Set(r.params),
                status: Set(r.status),
                error: Set(r.error),
                attempts: Set(0),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        detail::Entity::insert_many(chunk).exec(&txn).await?;
    }
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Create,
        ENTITY,
        m.id,
        oplog::diff(None, Some(&m)),
        Some(format!("新建短信营销 {name}:{} 人待发送,{skipped} 人被排除", pending)),
    )
    .await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

fn not_found() -> AppError {
    AppError::not_found("短信营销不存在", "The campaign does not exist")
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<CampaignRow> {
    ctx.require("marketing:read")?;
    let m = mk::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(not_found)?;
    Ok(to_rows(&ctx.db, vec![m]).await?.remove(0))
}

pub async fn list(ctx: &Ctx, page: PageReq) -> AppResult<Page<CampaignRow>> {
    ctx.require("marketing:read")?;
    let page = page.normalized();
    let total = mk::Entity::find().count(&ctx.db).await?;
    let list = mk::Entity::find().order_by_desc(mk::Column::Id).offset(page.offset()).limit(page.page_size).all(&ctx.db).await?;
    Ok(Page { items: to_rows(&ctx.db, list).await?, total, page: page.page, page_size: page.page_size })
}

async fn to_rows(db: &DatabaseConnection, list: Vec<mk::Model>) -> AppResult<Vec<CampaignRow>> {
    let tpls = util::names_by_id::<crm_sms_template::Entity, _>(
        db,
        crm_sms_template::Column::Id,
        crm_sms_template::Column::TemplateName,
        list.iter().map(|m| m.template_id),
    )
    .await?;
    let acts = util::names_by_id::<crm_marketing_activity::Entity, _>(
        db,
        crm_marketing_activity::Column::Id,
        crm_marketing_activity::Column::ActivityName,
        list.iter().filter_map(|m| m.activity_id),
    )
    .await?;
    let users = util::names_by_id::<sys_user::Entity, _>(db, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|m| m.created_by)).await?;
    // What is still to send, for the whole page in one grouped query.
    let pending_by: HashMap<i64, i64> = if list.is_empty() {
        HashMap::new()
    } else {
        detail::Entity::find()
            .select_only()
            .column(detail::Column::MarketingId)
            .column_as(detail::Column::Id.count(), "n")
            .filter(detail::Column::MarketingId.is_in(list.iter().map(|m| m.id)))
            .filter(detail::Column::Status.is_in([D_PENDING, D_SENDING]))
            .group_by(detail::Column::MarketingId)
            .into_tuple::<(i64, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let mut out = vec![];
    for m in list {
        let pending = pending_by.get(&m.id).copied().unwrap_or(0);
        out.push(CampaignRow {
            template_name: tpls.get(&m.template_id).cloned(),
            activity_name: m.activity_id.and_then(|a| acts.get(&a).cloned()),
            created_by_name: users.get(&m.created_by).cloned(),
            pending,
            id: m.id,
            campaign_name: m.campaign_name,
            template_id: m.template_id,
            activity_id: m.activity_id,
            target_tag: m.target_tag,
            status: m.status,
            scheduled_at: m.scheduled_at,
            send_time: m.send_time,
            total_count: m.total_count,
            success_count: m.success_count.unwrap_or(0),
            fail_count: m.fail_count.unwrap_or(0),
            skipped_count: m.skipped_count,
            started_at: m.started_at,
            finished_at: m.finished_at,
            created_at: m.created_at,
        });
    }
    Ok(out)
}

/// The per-recipient log, optionally of one status.
pub async fn details(ctx: &Ctx, id: i64, status: Option<i8>, page: PageReq) -> AppResult<Page<DetailRow>> {
    ctx.require("marketing:read")?;
    let page = page.normalized();
    let mut q = detail::Entity::find().filter(detail::Column::MarketingId.eq(id));
    if let Some(s) = status {
        q = q.filter(detail::Column::Status.eq(s));
    }
    let total = q.clone().count(&ctx.db).await?;
    let list = q.order_by_asc(detail::Column::Id).offset(page.offset()).limit(page.page_size).all(&ctx.db).await?;
    let names = util::names_by_id::<crm_customer::Entity, _>(
        &ctx.db,
        crm_customer::Column::Id,
        crm_customer::Column::CustomerName,
        list.iter().filter_map(|d| d.customer_id),
    )
    .await?;
    let items = list
        .into_iter()
        .map(|d| DetailRow {
            customer_name: d.customer_id.and_then(|c| names.get(&c).cloned()),
            id: d.id,
            customer_id: d.customer_id,
            phone: d.phone,
            content: d.content,
            status: d.status,
            provider_msg_id: d.provider_msg_id,
            error_code: d.error_code,
            error: d.error,
            attempts: d.attempts,
            sent_at: d.sent_at,
        })
        .collect();
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

/// Stop a campaign: what was not sent stays unsent.
pub async fn cancel(ctx: &Ctx, id: i64) -> AppResult<CampaignRow> {
    ctx.require("marketing:send")?;
    let txn = ctx.db.begin().await?;
    let m = mk::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    if m.status == DONE || m.status == CANCELLED {
        return Err(AppError::conflict(Some("status"), "该短信营销已结束", "The campaign has already ended"));
    }
    mk::Entity::update_many()
        .col_expr(mk::Column::Status, Expr::value(CANCELLED))
        .col_expr(mk::Column::FinishedAt, Expr::value(util::now()))
        .col_expr(mk::Column::UpdatedAt, Expr::value(util::now()))
        .filter(mk::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    oplog::record(&txn, ctx, oplog::Action::Status, ENTITY, id, Default::default(), Some("取消短信营销".into())).await?;
    txn.commit().await?;
    get(ctx, id).await
}

// ------------------------------------------------------------------ sending

/// Is `local` (the desktop's time) inside the send window of marketing messages?
pub fn in_window(local: NaiveDateTime, start_hour: u32, end_hour: u32) -> bool {
    let h = local.hour();
    h >= start_hour && h < end_hour
}

async fn counts<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<(i64, i64, i64)> {
    let by = |s: Vec<i8>| detail::Entity::find().filter(detail::Column::MarketingId.eq(id)).filter(detail::Column::Status.is_in(s)).count(conn);
    Ok((by(vec![D_SUBMITTED]).await? as i64, by(vec![D_FAILED, D_UNKNOWN]).await? as i64, by(vec![D_PENDING, D_SENDING]).await? as i64))
}

async fn record<C: ConnectionTrait>(conn: &C, row: i64, outcome: &SmsOutcome, now: NaiveDateTime) -> AppResult<()> {
    let mut q = detail::Entity::update_many().filter(detail::Column::Id.eq(row));
    match outcome {
        SmsOutcome::Submitted { provider_msg_id } => {
            q = q
                .col_expr(detail::Column::Status, Expr::value(D_SUBMITTED))
                .col_expr(detail::Column::ProviderMsgId, Expr::value(provider_msg_id.clone()))
                .col_expr(detail::Column::SentAt, Expr::value(now))
                .col_expr(detail::Column::ErrorCode, Expr::value(Option::<String>::None))
                .col_expr(detail::Column::Error, Expr::value(Option::<String>::None));
        }
        SmsOutcome::Rejected { code, message, .. } => {
            q = q
                .col_expr(detail::Column::Status, Expr::value(D_FAILED))
                .col_expr(detail::Column::ErrorCode, Expr::value(code.chars().take(64).collect::<String>()))
                .col_expr(detail::Column::Error, Expr::value(message.chars().take(500).collect::<String>()));
        }
    }
    q.exec(conn).await?;
    Ok(())
}

async fn sync_counts(db: &DatabaseConnection, id: i64, status: Option<i8>) -> AppResult<(i64, i64, i64)> {
    let (ok, failed, pending) = counts(db, id).await?;
    let mut q = mk::Entity::update_many()
        .col_expr(mk::Column::SuccessCount, Expr::value(ok as i32))
        .col_expr(mk::Column::FailCount, Expr::value(failed as i32))
        .col_expr(mk::Column::UpdatedAt, Expr::value(util::now()))
        .filter(mk::Column::Id.eq(id));
    if let Some(s) = status {
        q = q.col_expr(mk::Column::Status, Expr::value(s));
        if s == DONE {
            q = q.col_expr(mk::Column::FinishedAt, Expr::value(util::now()));
        }
    }
    q.exec(db).await?;
    Ok((ok, failed, pending))
}

/// How the runner waits between retries (tests pass zero).
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    pub retry_base_ms: u64,
    pub attempts: u32,
    /// The desktop's offset from UTC, for the send window.
    pub tz_offset_minutes: i32,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions { retry_base_ms: 500, attempts: 3, tz_offset_minutes: 480 }
    }
}

/// Send what is left of a campaign through `gateway`, batch by batch, until it is done,
/// cancelled (`cancel`), or has to wait (schedule, send window). Safe to call again after
/// an interruption: rows in flight are settled through the gateway's lookup first.
pub async fn run(
    db: &DatabaseConnection,
    id: i64,
    gateway: &dyn SmsGateway,
    opts: RunOptions,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(CampaignProgress) + Send),
) -> AppResult<RunEnd> {
    let m = mk::Entity::find_by_id(id).one(db).await?.ok_or_else(not_found)?;
    if m.status == DONE {
        return Ok(RunEnd::Done);
    }
    if m.status == CANCELLED {
        return Ok(RunEnd::Cancelled);
    }
    let now = util::now();
    if m.scheduled_at.is_some_and(|t| t > now) {
        return Ok(RunEnd::Waiting);
    }
    let template = crm_sms_template::Entity::find_by_id(m.template_id).one(db).await?;
    let marketing = template.as_ref().and_then(|t| t.template_type.as_deref()) == Some(tpl::TYPE_MARKETING);
    let settings = settings_in(db).await?;
    let total = m.total_count as i64;
    // Settle the rows that were in flight when the last run stopped.
    let in_flight = detail::Entity::find().filter(detail::Column::MarketingId.eq(id)).filter(detail::Column::Status.eq(D_SENDING)).all(db).await?;
    if !in_flight.is_empty() {
        let ids: Vec<String> = in_flight.iter().map(|d| d.id.to_string()).collect();
        let known = gateway.lookup(&ids).await;
        let txn = db.begin().await?;
        for (d, k) in in_flight.iter().zip(known) {
            match k {
                Some(SmsOutcome::Rejected { retryable: true, .. }) => {
                    detail::Entity::update_many()
                        .col_expr(detail::Column::Status, Expr::value(D_PENDING))
                        .filter(detail::Column::Id.eq(d.id))
                        .exec(&txn)
                        .await?;
                }
                Some(o) => record(&txn, d.id, &o, util::now()).await?,
                None => {
                    detail::Entity::update_many()
                        .col_expr(detail::Column::Status, Expr::value(D_UNKNOWN))
                        .col_expr(detail::Column::Error, Expr::value("发送中断,结果未知;为避免重复发送,不再重发".to_string()))
                        .filter(detail::Column::Id.eq(d.id))
                        .exec(&txn)
                        .await?;
                }
            }
        }
        txn.commit().await?;
    }
    let mut last_request: Option<std::time::Instant> = None;
    loop {
        if cancel.load(Ordering::SeqCst) {
            sync_counts(db, id, None).await?;
            return Ok(RunEnd::Cancelled);
        }
        // A cancel from another desktop ends this run too.
        let status = mk::Entity::find_by_id(id).select_only().column(mk::Column::Status).into_tuple::<i8>().one(db).await?;
        if status == Some(CANCELLED) {
            return Ok(RunEnd::Cancelled);
        }
        if marketing {
            let local = util::now() + chrono::Duration::minutes(opts.tz_offset_minutes as i64);
            if !in_window(local, settings.send_window_start, settings.send_window_end) {
                sync_counts(db, id, Some(WAITING_WINDOW)).await?;
                return Ok(RunEnd::Waiting);
            }
        }
        let batch = detail::Entity::find()
            .filter(detail::Column::MarketingId.eq(id))
            .filter(detail::Column::Status.eq(D_PENDING))
            .order_by_asc(detail::Column::Id)
            .limit(gateway.max_batch() as u64)
            .all(db)
            .await?;
        if batch.is_empty() {
            // Rows another desktop holds in flight: that run finishes the campaign.
            let elsewhere = detail::Entity::find().filter(detail::Column::MarketingId.eq(id)).filter(detail::Column::Status.eq(D_SENDING)).count(db).await?;
            if elsewhere > 0 {
                return Ok(RunEnd::Waiting);
            }
            let (ok, failed, _) = sync_counts(db, id, Some(DONE)).await?;
            progress(CampaignProgress { done: ok + failed, total, success: ok, failed });
            return Ok(RunEnd::Done);
        }
        // In flight: claimed row by row (another desktop running the same campaign claims
        // the others) and committed before the gateway sees them.
        let txn = db.begin().await?;
        let mut claimed = Vec::with_capacity(batch.len());
        for d in batch {
            let n = detail::Entity::update_many()
                .col_expr(detail::Column::Status, Expr::value(D_SENDING))
                .col_expr(detail::Column::Attempts, Expr::col(detail::Column::Attempts).add(1))
                .filter(detail::Column::Id.eq(d.id))
                .filter(detail::Column::Status.eq(D_PENDING))
                .exec(&txn)
                .await?
                .rows_affected;
            if n == 1 {
                claimed.push(d);
            }
        }
        let batch = claimed;
        mk::Entity::update_many()
            .col_expr(mk::Column::Status, Expr::value(SENDING))
            .col_expr(mk::Column::StartedAt, Expr::cust_with_values("COALESCE(started_at, ?)", [util::now()]))
            .filter(mk::Column::Id.eq(id))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        if batch.is_empty() {
            continue;
        }
        let sign = template.as_ref().and_then(|t| t.sign_name.clone()).unwrap_or_else(|| settings.sms_sign.clone());
        let code = template.as_ref().and_then(|t| t.provider_code.clone());
        let requests: Vec<SmsRequest> = batch
            .iter()
            .map(|d| SmsRequest {
                phone: d.phone.clone(),
                sign_name: sign.clone(),
                template_code: code.clone(),
                params: d.params.as_deref().and_then(|p| serde_json::from_str(p).ok()).unwrap_or_default(),
                rendered: d.content.clone().unwrap_or_default(),
                out_id: d.id.to_string(),
            })
            .collect();
        // Recipients that go in one request: all of them, or (for a gateway whose request
        // shares one set of values) those whose values are equal.
        let groups: Vec<Vec<usize>> = if gateway.shared_params() {
            let mut g: Vec<Vec<usize>> = vec![];
            for (i, r) in requests.iter().enumerate() {
                match g.iter_mut().find(|v| requests[v[0]].params == r.params) {
                    Some(v) => v.push(i),
                    None => g.push(vec![i]),
                }
            }
            g
        } else {
            vec![(0..requests.len()).collect()]
        };
        let mut outcomes: Vec<Option<SmsOutcome>> = vec![None; requests.len()];
        for group in groups {
            deliver(gateway, &requests, group, &opts, &mut last_request, &mut outcomes).await;
        }
        let now = util::now();
        let txn = db.begin().await?;
        for (d, o) in batch.iter().zip(outcomes) {
            let o = o.unwrap_or(SmsOutcome::Rejected { code: "no_answer".into(), message: "the gateway gave no outcome".into(), retryable: false });
            record(&txn, d.id, &o, now).await?;
        }
        txn.commit().await?;
        let (ok, failed, _) = sync_counts(db, id, None).await?;
        progress(CampaignProgress { done: ok + failed, total, success: ok, failed });
        tokio::task::yield_now().await;
    }
}

/// Hand `todo` (indexes into `requests`) to the gateway: throttled to its rate, retried
/// with backoff on transient errors only, outcomes written into `outcomes`.
async fn deliver(
    gateway: &dyn SmsGateway,
    requests: &[SmsRequest],
    mut todo: Vec<usize>,
    opts: &RunOptions,
    last_request: &mut Option<std::time::Instant>,
    outcomes: &mut [Option<SmsOutcome>],
) {
    for attempt in 0..std::cmp::max(opts.attempts, 1) {
        if todo.is_empty() {
            break;
        }
        if attempt > 0 && opts.retry_base_ms > 0 {
            tokio::time::sleep(std::time::Duration::from_millis(opts.retry_base_ms << (attempt - 1))).await;
        }
        if let (Some(t), ps) = (*last_request, gateway.per_second()) {
            if ps > 0 {
                let gap = std::time::Duration::from_secs_f64(1.0 / ps as f64);
                if t.elapsed() < gap {
                    tokio::time::sleep(gap - t.elapsed()).await;
                }
            }
        }
        *last_request = Some(std::time::Instant::now());
        let part: Vec<SmsRequest> = todo.iter().map(|i| requests[*i].clone()).collect();
        match gateway.send(&part).await {
            Ok(res) => {
                let mut again = vec![];
                for (k, o) in todo.iter().zip(res) {
                    let retry = matches!(o, SmsOutcome::Rejected { retryable: true, .. });
                    outcomes[*k] = Some(o);
                    if retry {
                        again.push(*k);
                    }
                }
                todo = again;
            }
            Err(e) => {
                for k in &todo {
                    outcomes[*k] = Some(SmsOutcome::Rejected { code: e.code.clone(), message: e.message.clone(), retryable: e.transient });
                }
                if !e.transient {
                    break;
                }
            }
        }
    }
}

/// [`run`] for a user: needs `marketing:send`.
pub async fn send(
    ctx: &Ctx,
    id: i64,
    gateway: &dyn SmsGateway,
    opts: RunOptions,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(CampaignProgress) + Send),
) -> AppResult<RunEnd> {
    ctx.require("marketing:send")?;
    if mk::Entity::find_by_id(id).count(&ctx.db).await? == 0 {
        return Err(not_found());
    }
    run(&ctx.db, id, gateway, opts, cancel, progress).await
}

/// The outcome of a test message.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TestSend {
    pub gateway: String,
    pub phone: String,
    /// The text as sent, signature included.
    pub text: String,
    pub submitted: bool,
    #[ts(optional = nullable)]
    pub provider_msg_id: Option<String>,
    #[ts(optional = nullable)]
    pub error_code: Option<String>,
    #[ts(optional = nullable)]
    pub error: Option<String>,
}

/// Send one template to one number (the sender's own, typically) to check the gateway:
/// variables are filled with sample values (the sender as name and owner). Opt-outs are
/// honoured; nothing is written but the operation log.
pub async fn send_test(ctx: &Ctx, gateway: &dyn SmsGateway, template_id: i64, phone: &str) -> AppResult<TestSend> {
    ctx.require("marketing:send")?;
    let phone = normalize_phone(phone).ok_or_else(|| AppError::validation("phone", "请输入有效的手机号(11 位)", "Enter a valid mobile number (11 digits)"))?;
    if optout::Entity::find().filter(optout::Column::Phone.eq(&phone)).count(&ctx.db).await? > 0 {
        return Err(AppError::validation("phone", "这个号码已退订,不会发送", "This number has opted out and is not sent to"));
    }
    let t = crm_sms_template::Entity::find_by_id(template_id)
        .one(&ctx.db)
        .await?
        .ok_or_else(|| AppError::validation("templateId", "请选择短信模板", "Choose an SMS template"))?;
    let settings = settings_in(&ctx.db).await?;
    let code = t.provider_code.clone().filter(|c| !c.trim().is_empty());
    if gateway.kind() != "outbox" && code.is_none() {
        return Err(no_provider_code());
    }
    let pieces = tpl::parse(&t.content).map_err(|(zh, en)| AppError::validation("templateId", zh, en))?;
    let me = ctx.user().cloned();
    let me_name = me.as_ref().map(|u| u.full_name.clone()).unwrap_or_default();
    let me_phone = match &me {
        Some(u) => sys_user::Entity::find_by_id(u.id).one(&ctx.db).await?.and_then(|u| u.phone).unwrap_or_default(),
        None => String::new(),
    };
    let profile: crate::service::settings::CompanyProfile = crate::service::settings::read(&ctx.db, crate::service::settings::COMPANY_PROFILE).await?;
    let mut v: BTreeMap<String, String> = BTreeMap::new();
    v.insert("name".into(), me_name.clone());
    v.insert("contact".into(), me_name.clone());
    v.insert("owner".into(), me_name);
    v.insert("owner_phone".into(), me_phone);
    v.insert("company".into(), "测试客户".into());
    v.insert("my_company".into(), profile.name.trim().to_string());
    v.insert("activity".into(), "测试活动".into());
    v.insert("activity_date".into(), util::local_date(util::now()).format("%Y-%m-%d").to_string());
    let params = tpl::resolve(&pieces, &v, &settings.sms_fallbacks).map_err(|var| {
        AppError::validation("templateId", format!("变量 ${{{var}}} 没有值,也没有默认值"), format!("The variable ${{{var}}} has no value and no fallback"))
    })?;
    let sign = t.sign_name.clone().filter(|s| !s.trim().is_empty()).unwrap_or_else(|| settings.sms_sign.clone());
    let text = tpl::signed(&sign, &tpl::fill(&pieces, &params));
    let req = SmsRequest {
        phone: phone.clone(),
        sign_name: sign,
        template_code: code,
        params,
        rendered: text.clone(),
        out_id: format!("test-{}", util::now().and_utc().timestamp_millis()),
    };
    let outcome = match gateway.send(std::slice::from_ref(&req)).await {
        Ok(mut o) if !o.is_empty() => o.remove(0),
        Ok(_) => SmsOutcome::Rejected { code: "no_answer".into(), message: "the gateway gave no outcome".into(), retryable: false },
        Err(e) => SmsOutcome::Rejected { code: e.code, message: e.message, retryable: e.transient },
    };
    let r = match outcome {
        SmsOutcome::Submitted { provider_msg_id } => {
            TestSend { gateway: gateway.kind().into(), phone: mask(&phone), text, submitted: true, provider_msg_id, error_code: None, error: None }
        }
        SmsOutcome::Rejected { code, message, .. } => TestSend {
            gateway: gateway.kind().into(),
            phone: mask(&phone),
            text,
            submitted: false,
            provider_msg_id: None,
            error_code: Some(code),
            error: Some(message),
        },
    };
    let note = format!("测试短信 {} 经 {}:{}", r.phone, r.gateway, if r.submitted { "已提交".to_string() } else { r.error_code.clone().unwrap_or_default() });
    oplog::record(&ctx.db, ctx, oplog::Action::Update, "crm_sms_template", template_id, Default::default(), Some(note)).await?;
    Ok(r)
}

/// The due campaigns a user created (what their desktop resumes on its own).
pub async fn due_for(db: &DatabaseConnection, user_id: i64) -> AppResult<Vec<i64>> {
    let ids = due(db).await?;
    if ids.is_empty() {
        return Ok(ids);
    }
    Ok(mk::Entity::find()
        .select_only()
        .column(mk::Column::Id)
        .filter(mk::Column::Id.is_in(ids))
        .filter(mk::Column::CreatedBy.eq(user_id))
        .into_tuple()
        .all(db)
        .await?)
}

/// Campaigns due now (scheduled in the past, sending or waiting for the window).
pub async fn due(db: &DatabaseConnection) -> AppResult<Vec<i64>> {
    let now = util::now();
    Ok(mk::Entity::find()
        .select_only()
        .column(mk::Column::Id)
        .filter(mk::Column::Status.is_in([SCHEDULED, SENDING, WAITING_WINDOW]))
        .filter(sea_orm::Condition::any().add(mk::Column::ScheduledAt.is_null()).add(mk::Column::ScheduledAt.lte(now)))
        .order_by_asc(mk::Column::Id)
        .into_tuple()
        .all(db)
        .await?)
}

// ------------------------------------------------------------------ opt-outs

pub async fn optouts(ctx: &Ctx, q: Option<String>, page: PageReq) -> AppResult<Page<OptOut>> {
    ctx.require("marketing:read")?;
    let page = page.normalized();
    let mut s = optout::Entity::find();
    if let Some(q) = q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        s = s.filter(optout::Column::Phone.contains(q));
    }
    let total = s.clone().count(&ctx.db).await?;
    let items = s
        .order_by_desc(optout::Column::Id)
        .offset(page.offset())
        .limit(page.page_size)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|o| OptOut { id: o.id, phone: o.phone, source: o.source, reply_text: o.reply_text, created_at: o.created_at })
        .collect();
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

async fn add_optout(ctx: &Ctx, phone: &str, source: &str, reply: Option<String>) -> AppResult<bool> {
    let p = normalize_phone(phone).ok_or_else(|| AppError::validation("phone", "请输入有效的手机号(11 位)", "Enter a valid mobile number (11 digits)"))?;
    let txn = ctx.db.begin().await?;
    if optout::Entity::find().filter(optout::Column::Phone.eq(&p)).count(&txn).await? > 0 {
        return Ok(false);
    }
    let by = ctx.recorder(&txn).await?;
    let m = optout::ActiveModel {
        phone: Set(p.clone()),
        source: Set(source.into()),
        reply_text: Set(reply),
        created_by: Set(Some(by)),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_sms_optout", m.id, Default::default(), Some(format!("退订登记 {}", mask(&p)))).await?;
    txn.commit().await?;
    Ok(true)
}

/// Add a number to the opt-out list by hand; false when it was already there.
pub async fn optout_add(ctx: &Ctx, phone: &str) -> AppResult<bool> {
    ctx.require("marketing:update")?;
    add_optout(ctx, phone, "manual", None).await
}

/// A customer's reply entered by staff: an opt-out word (T, TD, N, R, 退订) puts the number
/// on the list; anything else is refused naming the reply.
pub async fn optout_reply(ctx: &Ctx, phone: &str, reply: &str) -> AppResult<bool> {
    ctx.require("marketing:update")?;
    if !is_optout_reply(reply) {
        return Err(AppError::validation("reply", "这条回复不是退订指令(T、TD、N、R 或“退订”)", "This reply is not an opt-out (T, TD, N, R or 退订)"));
    }
    add_optout(ctx, phone, "reply", Some(reply.trim().chars().take(100).collect())).await
}

pub async fn optout_remove(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("marketing:delete")?;
    let txn = ctx.db.begin().await?;
    let o = optout::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("退订记录不存在", "The opt-out does not exist"))?;
    optout::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_sms_optout", id, Default::default(), Some(format!("移除退订 {}", mask(&o.phone)))).await?;
    txn.commit().await?;
    Ok(())
}
