//! Follow-ups (crm_follow_up) on leads and customers, the reminders they schedule, and
//! the caller's to-do list (due follow-ups, visits, return visits, customers about to be
//! recycled into the public sea).

use super::{access, lead, oplog, util, Ctx, Page, PageReq};
use crate::entity::crm_follow_up::{self, Column};
use crate::entity::enums::LeadStatus;
use crate::entity::enums::RelationKind;
use crate::entity::{crm_customer, crm_lead, sys_user};
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const FOLLOW_TYPES: &[&str] = &["电话", "微信", "面谈", "邮件"];

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpRow {
    pub id: i64,
    pub relation_type: RelationKind,
    pub relation_id: i64,
    /// The lead's or customer's name.
    pub relation_name: Option<String>,
    pub follow_type: String,
    pub content: String,
    pub next_follow_time: Option<NaiveDateTime>,
    pub next_content: Option<String>,
    pub next_done: bool,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

async fn user_names<C: ConnectionTrait>(conn: &C, ids: Vec<i64>) -> AppResult<HashMap<i64, String>> {
    util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, ids).await
}

pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_follow_up::Model>) -> AppResult<Vec<FollowUpRow>> {
    let names = user_names(conn, list.iter().map(|f| f.created_by).collect()).await?;
    let lead_ids: Vec<i64> = list.iter().filter(|f| f.relation_type == RelationKind::Lead.as_str()).map(|f| f.relation_id).collect();
    let cust_ids: Vec<i64> = list.iter().filter(|f| f.relation_type == RelationKind::Customer.as_str()).map(|f| f.relation_id).collect();
    let leads = util::names_by_id::<crm_lead::Entity, _>(conn, crm_lead::Column::Id, crm_lead::Column::LeadName, lead_ids).await?;
    let customers = util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, cust_ids).await?;
    Ok(list
        .into_iter()
        .filter_map(|f| {
            let kind = RelationKind::parse(&f.relation_type)?;
            Some(FollowUpRow {
                relation_name: match kind {
                    RelationKind::Lead => leads.get(&f.relation_id).cloned(),
                    RelationKind::Customer => customers.get(&f.relation_id).cloned(),
                },
                created_by_name: names.get(&f.created_by).cloned(),
                relation_type: kind,
                id: f.id,
                relation_id: f.relation_id,
                follow_type: f.follow_type,
                content: f.content,
                next_follow_time: f.next_follow_time,
                next_content: f.next_content,
                next_done: f.next_done != 0,
                created_by: f.created_by,
                created_at: f.created_at,
                updated_at: f.updated_at,
            })
        })
        .collect())
}

/// Check the caller may read the record; for a customer also return its source lead.
async fn check_readable(ctx: &Ctx, kind: RelationKind, id: i64) -> AppResult<Option<i64>> {
    match kind {
        RelationKind::Lead => {
            lead::get(ctx, id).await?;
            Ok(None)
        }
        RelationKind::Customer => {
            ctx.require("customer:read")?;
            let scope = ctx.owner_scope().await?;
            let c = access::visible_customer(&ctx.db, &scope, id).await?;
            Ok(c.source_lead_id)
        }
    }
}

/// The follow-ups of one lead or customer, newest first. A converted customer's list
/// includes those logged on the lead it came from.
pub async fn list(ctx: &Ctx, kind: RelationKind, id: i64, page: PageReq) -> AppResult<Page<FollowUpRow>> {
    ctx.require("follow_up:read")?;
    let page = page.normalized();
    let source_lead = check_readable(ctx, kind, id).await?;
    let mut cond = Condition::any().add(Condition::all().add(Column::RelationType.eq(kind.as_str())).add(Column::RelationId.eq(id)));
    if let Some(l) = source_lead {
        cond = cond.add(Condition::all().add(Column::RelationType.eq(RelationKind::Lead.as_str())).add(Column::RelationId.eq(l)));
    }
    let q = crm_follow_up::Entity::find().filter(cond);
    let total = q.clone().count(ctx.reader()).await?;
    let list = q.order_by_desc(Column::CreatedAt).order_by_desc(Column::Id).offset(page.offset()).limit(page.page_size).all(ctx.reader()).await?;
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpInput {
    pub relation_type: RelationKind,
    pub relation_id: i64,
    /// One of 电话 / 微信 / 面谈 / 邮件.
    pub follow_type: String,
    pub content: String,
    /// UTC.
    #[serde(default)]
    pub next_follow_time: Option<NaiveDateTime>,
    #[serde(default)]
    pub next_content: Option<String>,
}

struct Clean {
    follow_type: String,
    content: String,
    next_follow_time: Option<NaiveDateTime>,
    next_content: Option<String>,
}

fn clean(i: &FollowUpInput, now: NaiveDateTime) -> AppResult<Clean> {
    let t = i.follow_type.trim();
    if !FOLLOW_TYPES.contains(&t) {
        return Err(AppError::validation("followType", "请选择跟进方式(电话/微信/面谈/邮件)", "Choose how you followed up (phone, WeChat, meeting, email)"));
    }
    let next_content = util::optional("nextContent", "下次跟进内容", "Next step", i.next_content.as_deref(), 500)?;
    if let Some(n) = i.next_follow_time {
        util::datetime("nextFollowTime", n)?;
        if n < now - chrono::Duration::minutes(5) {
            return Err(AppError::validation("nextFollowTime", "下次跟进时间不能早于现在", "The next follow-up time cannot be in the past"));
        }
    } else if next_content.is_some() {
        return Err(AppError::validation("nextFollowTime", "填写了下次跟进内容,请同时选择下次跟进时间", "Choose when the next follow-up is due"));
    }
    Ok(Clean {
        follow_type: t.to_string(),
        content: util::required("content", "跟进内容", "Content", &i.content, 10_000)?,
        next_follow_time: i.next_follow_time.map(|t| t.with_nanosecond_zero()),
        next_content,
    })
}

trait NoNanos {
    fn with_nanosecond_zero(self) -> Self;
}
impl NoNanos for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

/// Log a follow-up. In one transaction it also closes the record's earlier pending
/// reminders, resets a customer's sea clock, and moves a new lead to "following".
pub async fn create(ctx: &Ctx, input: FollowUpInput) -> AppResult<FollowUpRow> {
    ctx.require("follow_up:create")?;
    let now = util::now();
    let c = clean(&input, now)?;
    let me = ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能记录跟进", "The CLI cannot log follow-ups"))?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let id = input.relation_id;
    let mut lead_before = None;
    match input.relation_type {
        RelationKind::Lead => {
            let l = lead::load_editable(&txn, ctx, &scope, id).await?;
            if l.status == LeadStatus::Converted {
                return Err(AppError::conflict(None, "线索已转化,请在客户下记录跟进", "The lead was converted; log follow-ups on the customer"));
            }
            lead_before = Some(l);
        }
        RelationKind::Customer => {
            access::owned_customer(&txn, &scope, id).await?;
        }
    }
    crm_follow_up::Entity::update_many()
        .col_expr(Column::NextDone, Expr::value(1))
        .filter(Column::RelationType.eq(input.relation_type.as_str()))
        .filter(Column::RelationId.eq(id))
        .filter(Column::NextDone.eq(0))
        .filter(Column::NextFollowTime.is_not_null())
        .exec(&txn)
        .await?;
    let m = crm_follow_up::ActiveModel {
        relation_type: Set(input.relation_type.as_str().to_string()),
        relation_id: Set(id),
        follow_type: Set(c.follow_type),
        content: Set(c.content),
        next_follow_time: Set(c.next_follow_time),
        next_content: Set(c.next_content),
        created_by: Set(me),
        created_at: Set(now),
        updated_at: Set(now),
        next_done: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    match (input.relation_type, lead_before) {
        (RelationKind::Customer, _) => {
            crm_customer::Entity::update_many()
                .col_expr(crm_customer::Column::LastFollowAt, Expr::value(now))
                .col_expr(crm_customer::Column::UpdatedAt, Expr::value(now))
                .filter(crm_customer::Column::Id.eq(id))
                .exec(&txn)
                .await?;
        }
        (RelationKind::Lead, Some(l)) => {
            if l.status == LeadStatus::New {
                lead::move_status(&txn, ctx, &l, LeadStatus::Following).await?;
            } else {
                crm_lead::Entity::update_many().col_expr(crm_lead::Column::UpdatedAt, Expr::value(now)).filter(crm_lead::Column::Id.eq(id)).exec(&txn).await?;
            }
        }
        _ => {}
    }
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_follow_up", m.id, oplog::diff(None, Some(&m)), Some(format!("{}:{}", m.follow_type, m.relation_type)))
        .await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

/// Load a follow-up the caller may change: their own, or one on a record within their scope.
async fn load_changeable<C: ConnectionTrait>(conn: &C, ctx: &Ctx, id: i64) -> AppResult<crm_follow_up::Model> {
    let f = crm_follow_up::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("跟进记录", "Follow-up"))?;
    if ctx.is_system() {
        return Ok(f);
    }
    // A follow-up follows its record: whoever may change the customer (or lead) now may
    // change its history; the author of a follow-up on a customer since transferred may not.
    let scope = ctx.owner_scope().await?;
    let allowed = match RelationKind::parse(&f.relation_type) {
        Some(RelationKind::Customer) => access::deals_of(conn, &scope, f.relation_id).await?,
        Some(RelationKind::Lead) => lead::load_editable(conn, ctx, &scope, f.relation_id).await.is_ok(),
        None => false,
    };
    if !allowed {
        return Err(AppError::not_found("跟进记录", "Follow-up"));
    }
    Ok(f)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FollowUpEdit {
    pub follow_type: String,
    pub content: String,
    #[serde(default)]
    pub next_follow_time: Option<NaiveDateTime>,
    #[serde(default)]
    pub next_content: Option<String>,
}

pub async fn update(ctx: &Ctx, id: i64, input: FollowUpEdit) -> AppResult<FollowUpRow> {
    ctx.require("follow_up:update")?;
    let txn = ctx.db.begin().await?;
    let before = load_changeable(&txn, ctx, id).await?;
    let kind = RelationKind::parse(&before.relation_type).unwrap_or(RelationKind::Customer);
    let probe = FollowUpInput {
        relation_type: kind,
        relation_id: before.relation_id,
        follow_type: input.follow_type,
        content: input.content,
        next_follow_time: input.next_follow_time,
        next_content: input.next_content,
    };
    // An unchanged reminder in the past is fine; a new one must be in the future.
    let now = util::now();
    let check_at = if probe.next_follow_time == before.next_follow_time { chrono::NaiveDateTime::MIN + chrono::Duration::days(1) } else { now };
    let c = clean(&probe, check_at)?;
    let mut am = before.clone().into_active_model();
    am.follow_type = Set(c.follow_type);
    am.content = Set(c.content);
    if c.next_follow_time != before.next_follow_time {
        am.next_done = Set(0);
    }
    am.next_follow_time = Set(c.next_follow_time);
    am.next_content = Set(c.next_content);
    am.updated_at = Set(now);
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_follow_up", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("follow_up:delete")?;
    let txn = ctx.db.begin().await?;
    let before = load_changeable(&txn, ctx, id).await?;
    crm_follow_up::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_follow_up", id, oplog::diff(Some(&before), None), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Tick off a reminder without logging a new follow-up.
pub async fn mark_done(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let txn = ctx.db.begin().await?;
    let before = load_changeable(&txn, ctx, id).await?;
    if before.next_follow_time.is_none() {
        return Err(AppError::validation("nextFollowTime", "这条跟进没有待办的下次跟进", "This follow-up has no pending next step"));
    }
    crm_follow_up::Entity::update_many().col_expr(Column::NextDone, Expr::value(1)).filter(Column::Id.eq(id)).exec(&txn).await?;
    let mut changes = serde_json::Map::new();
    changes.insert("nextDone".into(), serde_json::json!([before.next_done != 0, true]));
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_follow_up", id, changes, None).await?;
    txn.commit().await?;
    Ok(())
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct FollowUpFilter {
    /// Matches the content.
    pub keyword: Option<String>,
    pub follow_type: Option<String>,
    pub relation_type: Option<RelationKind>,
    /// Logged by this user (must be within the caller's scope).
    pub created_by: Option<i64>,
    /// Logged on or after this local date.
    pub from: Option<chrono::NaiveDate>,
    /// Logged on or before this local date.
    pub to: Option<chrono::NaiveDate>,
}

/// Follow-ups logged by the caller or people in their scope, newest first.
pub async fn recent(ctx: &Ctx, f: FollowUpFilter, tz_offset_minutes: i32, page: PageReq) -> AppResult<Page<FollowUpRow>> {
    ctx.require("follow_up:read")?;
    let page = page.normalized();
    let scope = ctx.owner_scope().await?;
    let mut q = scope.filter(crm_follow_up::Entity::find(), Column::CreatedBy);
    if let Some(c) = access::follow_ups_condition(&scope) {
        q = q.filter(c);
    }
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        q = q.filter(Column::Content.like(format!("%{k}%")));
    }
    if let Some(t) = f.follow_type.as_deref().filter(|t| !t.is_empty()) {
        q = q.filter(Column::FollowType.eq(t));
    }
    if let Some(r) = f.relation_type {
        q = q.filter(Column::RelationType.eq(r.as_str()));
    }
    if let Some(u) = f.created_by {
        q = q.filter(Column::CreatedBy.eq(u));
    }
    let off = chrono::Duration::minutes(tz_offset_minutes.clamp(-14 * 60, 14 * 60) as i64);
    util::opt_date("from", f.from)?;
    util::opt_date("to", f.to)?;
    if let Some(d) = f.from {
        q = q.filter(Column::CreatedAt.gte(d.and_hms_opt(0, 0, 0).expect("midnight") - off));
    }
    if let Some(d) = f.to {
        q = q.filter(Column::CreatedAt.lt((d + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight") - off));
    }
    let total = q.clone().count(&ctx.db).await?;
    let list = q.order_by_desc(Column::Id).offset(page.offset()).limit(page.page_size).all(&ctx.db).await?;
    Ok(Page { items: rows(&ctx.db, list).await?, total, page: page.page, page_size: page.page_size })
}
