//! Customer sessions (crm_customer_session), visit plans (crm_visit_plan) and return
//! visits (crm_return_visit). All hang off a customer: readable with it, written by
//! whoever may change it (`follow_up:*` permissions).

use super::{access, oplog, util, Ctx};
use crate::entity::enums::{ReturnVisitStatus, VisitPlanStatus};
use crate::entity::{crm_contact, crm_contract, crm_customer_session, crm_return_visit, crm_visit_plan, sys_user};
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

async fn readable(ctx: &Ctx, customer_id: i64) -> AppResult<()> {
    ctx.require("customer:read")?;
    let scope = ctx.owner_scope().await?;
    access::visible_customer(&ctx.db, &scope, customer_id).await?;
    Ok(())
}

async fn writable<C: ConnectionTrait>(conn: &C, ctx: &Ctx, customer_id: i64) -> AppResult<()> {
    let scope = ctx.owner_scope().await?;
    access::owned_customer(conn, &scope, customer_id).await?;
    Ok(())
}

async fn names<C: ConnectionTrait>(conn: &C, ids: Vec<i64>) -> AppResult<HashMap<i64, String>> {
    util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, ids).await
}

fn me(ctx: &Ctx) -> AppResult<i64> {
    ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能执行此操作", "The CLI cannot do this"))
}

fn no_secs(t: NaiveDateTime) -> NaiveDateTime {
    use chrono::Timelike;
    t.with_nanosecond(0).unwrap_or(t)
}

// ---------------------------------------------------------------- sessions

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionRow {
    pub id: i64,
    pub customer_id: i64,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub session_type: String,
    pub session_time: NaiveDateTime,
    pub content: Option<String>,
    pub tag: Option<String>,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInput {
    #[serde(default)]
    pub contact_id: Option<i64>,
    /// 电话 / 微信 / 邮件 / 面谈 …
    pub session_type: String,
    pub session_time: NaiveDateTime,
    #[serde(default)]
    pub content: Option<String>,
    /// 需求沟通 / 报价讨论 / 售后咨询 …
    #[serde(default)]
    pub tag: Option<String>,
}

pub async fn sessions(ctx: &Ctx, customer_id: i64) -> AppResult<Vec<SessionRow>> {
    readable(ctx, customer_id).await?;
    let list = crm_customer_session::Entity::find()
        .filter(crm_customer_session::Column::CustomerId.eq(customer_id))
        .order_by_desc(crm_customer_session::Column::SessionTime)
        .limit(500)
        .all(&ctx.db)
        .await?;
    let users = names(&ctx.db, list.iter().map(|s| s.created_by).collect()).await?;
    let contacts: HashMap<i64, String> = crm_contact::Entity::find()
        .select_only()
        .column(crm_contact::Column::Id)
        .column(crm_contact::Column::ContactName)
        .filter(crm_contact::Column::CustomerId.eq(customer_id))
        .into_tuple::<(i64, String)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    Ok(list
        .into_iter()
        .map(|s| SessionRow {
            contact_name: s.contact_id.and_then(|c| contacts.get(&c).cloned()),
            created_by_name: users.get(&s.created_by).cloned(),
            id: s.id,
            customer_id: s.customer_id,
            contact_id: s.contact_id,
            session_type: s.session_type,
            session_time: s.session_time,
            content: s.content,
            tag: s.tag,
            created_by: s.created_by,
            created_at: s.created_at,
        })
        .collect())
}

async fn check_contact<C: ConnectionTrait>(conn: &C, customer_id: i64, contact_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = contact_id {
        let ok = crm_contact::Entity::find_by_id(id).one(conn).await?.is_some_and(|c| c.customer_id == customer_id);
        if !ok {
            return Err(AppError::validation("contactId", "联系人不属于该客户", "The contact does not belong to this customer"));
        }
    }
    Ok(())
}

struct CleanSession {
    session_type: String,
    content: Option<String>,
    tag: Option<String>,
}

fn clean_session(i: &SessionInput) -> AppResult<CleanSession> {
    Ok(CleanSession {
        session_type: util::required("sessionType", "会话类型", "Channel", &i.session_type, 20)?,
        content: util::optional("content", "会话内容", "Content", i.content.as_deref(), 10_000)?,
        tag: util::optional("tag", "会话标签", "Tag", i.tag.as_deref(), 50)?,
    })
}

pub async fn session_create(ctx: &Ctx, customer_id: i64, input: SessionInput) -> AppResult<i64> {
    ctx.require("follow_up:create")?;
    let c = clean_session(&input)?;
    let me = me(ctx)?;
    let txn = ctx.db.begin().await?;
    writable(&txn, ctx, customer_id).await?;
    check_contact(&txn, customer_id, input.contact_id).await?;
    let m = crm_customer_session::ActiveModel {
        customer_id: Set(customer_id),
        contact_id: Set(input.contact_id),
        session_type: Set(c.session_type),
        session_time: Set(no_secs(input.session_time)),
        content: Set(c.content),
        tag: Set(c.tag),
        created_by: Set(me),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_customer_session", m.id, oplog::diff(None, Some(&m)), None).await?;
    txn.commit().await?;
    Ok(m.id)
}

pub async fn session_update(ctx: &Ctx, id: i64, input: SessionInput) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let c = clean_session(&input)?;
    let txn = ctx.db.begin().await?;
    let before = crm_customer_session::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("会话记录", "Session"))?;
    writable(&txn, ctx, before.customer_id).await?;
    check_contact(&txn, before.customer_id, input.contact_id).await?;
    let mut am = before.clone().into_active_model();
    am.contact_id = Set(input.contact_id);
    am.session_type = Set(c.session_type);
    am.session_time = Set(no_secs(input.session_time));
    am.content = Set(c.content);
    am.tag = Set(c.tag);
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_customer_session", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn session_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("follow_up:delete")?;
    let txn = ctx.db.begin().await?;
    let before = crm_customer_session::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("会话记录", "Session"))?;
    writable(&txn, ctx, before.customer_id).await?;
    crm_customer_session::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_customer_session", id, oplog::diff(Some(&before), None), None).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- visit plans

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitRow {
    pub id: i64,
    pub customer_id: i64,
    pub visit_purpose: String,
    pub visit_time: NaiveDateTime,
    pub address: Option<String>,
    pub participants: Option<String>,
    pub materials: Option<String>,
    pub status: VisitPlanStatus,
    pub summary: Option<String>,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct VisitInput {
    pub visit_purpose: String,
    pub visit_time: NaiveDateTime,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub participants: Option<String>,
    #[serde(default)]
    pub materials: Option<String>,
}

pub async fn visits(ctx: &Ctx, customer_id: i64) -> AppResult<Vec<VisitRow>> {
    readable(ctx, customer_id).await?;
    let list = crm_visit_plan::Entity::find()
        .filter(crm_visit_plan::Column::CustomerId.eq(customer_id))
        .order_by_desc(crm_visit_plan::Column::VisitTime)
        .limit(500)
        .all(&ctx.db)
        .await?;
    let users = names(&ctx.db, list.iter().map(|s| s.created_by).collect()).await?;
    Ok(list
        .into_iter()
        .map(|v| VisitRow {
            created_by_name: users.get(&v.created_by).cloned(),
            id: v.id,
            customer_id: v.customer_id,
            visit_purpose: v.visit_purpose,
            visit_time: v.visit_time,
            address: v.address,
            participants: v.participants,
            materials: v.materials,
            status: v.status,
            summary: v.summary,
            created_by: v.created_by,
            created_at: v.created_at,
            updated_at: v.updated_at,
        })
        .collect())
}

struct CleanVisit {
    purpose: String,
    address: Option<String>,
    participants: Option<String>,
    materials: Option<String>,
}

fn clean_visit(i: &VisitInput) -> AppResult<CleanVisit> {
    Ok(CleanVisit {
        purpose: util::required("visitPurpose", "拜访目的", "Purpose", &i.visit_purpose, 500)?,
        address: util::optional("address", "拜访地点", "Place", i.address.as_deref(), 500)?,
        participants: util::optional("participants", "参与人", "Participants", i.participants.as_deref(), 500)?,
        materials: util::optional("materials", "携带资料", "Materials", i.materials.as_deref(), 500)?,
    })
}

pub async fn visit_create(ctx: &Ctx, customer_id: i64, input: VisitInput) -> AppResult<i64> {
    ctx.require("follow_up:create")?;
    let c = clean_visit(&input)?;
    let me = me(ctx)?;
    let txn = ctx.db.begin().await?;
    writable(&txn, ctx, customer_id).await?;
    let now = util::now();
    let m = crm_visit_plan::ActiveModel {
        customer_id: Set(customer_id),
        visit_purpose: Set(c.purpose),
        visit_time: Set(no_secs(input.visit_time)),
        address: Set(c.address),
        participants: Set(c.participants),
        materials: Set(c.materials),
        status: Set(VisitPlanStatus::Planned),
        summary: Set(None),
        created_by: Set(me),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_visit_plan", m.id, oplog::diff(None, Some(&m)), Some(m.visit_purpose.clone())).await?;
    txn.commit().await?;
    Ok(m.id)
}

async fn load_visit<C: ConnectionTrait>(conn: &C, ctx: &Ctx, id: i64) -> AppResult<crm_visit_plan::Model> {
    let v = crm_visit_plan::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or_else(|| AppError::not_found("拜访计划", "Visit plan"))?;
    writable(conn, ctx, v.customer_id).await?;
    Ok(v)
}

fn only_planned(v: &crm_visit_plan::Model) -> AppResult<()> {
    if v.status != VisitPlanStatus::Planned {
        return Err(AppError::conflict(
            Some("status"),
            format!("拜访计划已{},不能再修改", v.status.label_zh()),
            format!("The visit is already {}", v.status.label_en().to_lowercase()),
        ));
    }
    Ok(())
}

pub async fn visit_update(ctx: &Ctx, id: i64, input: VisitInput) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let c = clean_visit(&input)?;
    let txn = ctx.db.begin().await?;
    let before = load_visit(&txn, ctx, id).await?;
    only_planned(&before)?;
    let mut am = before.clone().into_active_model();
    am.visit_purpose = Set(c.purpose);
    am.visit_time = Set(no_secs(input.visit_time));
    am.address = Set(c.address);
    am.participants = Set(c.participants);
    am.materials = Set(c.materials);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_visit_plan", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

/// planned → done (a summary is required) or planned → cancelled (a reason is kept as the summary).
pub async fn visit_finish(ctx: &Ctx, id: i64, to: VisitPlanStatus, summary: &str) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let summary = match to {
        VisitPlanStatus::Done => util::required("summary", "拜访总结", "Summary", summary, 10_000)?,
        VisitPlanStatus::Cancelled => util::required("summary", "取消原因", "Reason", summary, 10_000)?,
        VisitPlanStatus::Planned => {
            return Err(AppError::validation("status", "拜访计划只能完成或取消", "A visit can only be completed or cancelled"));
        }
    };
    let txn = ctx.db.begin().await?;
    let before = load_visit(&txn, ctx, id).await?;
    only_planned(&before)?;
    let mut am = before.clone().into_active_model();
    am.status = Set(to);
    am.summary = Set(Some(summary));
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_visit_plan", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn visit_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("follow_up:delete")?;
    let txn = ctx.db.begin().await?;
    let before = load_visit(&txn, ctx, id).await?;
    crm_visit_plan::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_visit_plan", id, oplog::diff(Some(&before), None), None).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- return visits

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnVisitRow {
    pub id: i64,
    pub customer_id: i64,
    pub contract_id: Option<i64>,
    pub contract_no: Option<String>,
    pub visit_type: String,
    pub plan_time: NaiveDateTime,
    pub actual_time: Option<NaiveDateTime>,
    pub content: Option<String>,
    /// The customer's feedback (done visits).
    pub feedback: Option<String>,
    /// Why it was cancelled (cancelled visits). The seed has one column for both: a
    /// cancelled visit's `feedback` holds its cancel reason, shown here under its name.
    pub cancel_reason: Option<String>,
    pub status: ReturnVisitStatus,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnVisitInput {
    #[serde(default)]
    pub contract_id: Option<i64>,
    /// 电话 / 上门 / 问卷
    pub visit_type: String,
    pub plan_time: NaiveDateTime,
    #[serde(default)]
    pub content: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReturnVisitResult {
    /// Defaults to now.
    #[serde(default)]
    pub actual_time: Option<NaiveDateTime>,
    pub feedback: String,
    #[serde(default)]
    pub content: Option<String>,
}

pub async fn return_visits(ctx: &Ctx, customer_id: i64) -> AppResult<Vec<ReturnVisitRow>> {
    readable(ctx, customer_id).await?;
    let list = crm_return_visit::Entity::find()
        .filter(crm_return_visit::Column::CustomerId.eq(customer_id))
        .order_by_desc(crm_return_visit::Column::PlanTime)
        .limit(500)
        .all(&ctx.db)
        .await?;
    let users = names(&ctx.db, list.iter().map(|s| s.created_by).collect()).await?;
    let contracts: HashMap<i64, String> = crm_contract::Entity::find()
        .select_only()
        .column(crm_contract::Column::Id)
        .column(crm_contract::Column::ContractNo)
        .filter(crm_contract::Column::CustomerId.eq(customer_id))
        .into_tuple::<(i64, String)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    Ok(list
        .into_iter()
        .map(|r| ReturnVisitRow {
            contract_no: r.contract_id.and_then(|c| contracts.get(&c).cloned()),
            created_by_name: users.get(&r.created_by).cloned(),
            id: r.id,
            customer_id: r.customer_id,
            contract_id: r.contract_id,
            visit_type: r.visit_type,
            plan_time: r.plan_time,
            actual_time: r.actual_time,
            content: r.content,
            cancel_reason: if r.status == ReturnVisitStatus::Cancelled { r.feedback.clone() } else { None },
            feedback: if r.status == ReturnVisitStatus::Cancelled { None } else { r.feedback },
            status: r.status,
            created_by: r.created_by,
            created_at: r.created_at,
        })
        .collect())
}

pub async fn return_visit_create(ctx: &Ctx, customer_id: i64, input: ReturnVisitInput) -> AppResult<i64> {
    ctx.require("follow_up:create")?;
    let visit_type = util::required("visitType", "回访方式", "Channel", &input.visit_type, 20)?;
    let content = util::optional("content", "回访内容", "Content", input.content.as_deref(), 10_000)?;
    let me = me(ctx)?;
    let txn = ctx.db.begin().await?;
    writable(&txn, ctx, customer_id).await?;
    if let Some(cid) = input.contract_id {
        let ok = crm_contract::Entity::find_by_id(cid).one(&txn).await?.is_some_and(|c| c.customer_id == customer_id);
        if !ok {
            return Err(AppError::validation("contractId", "合同不属于该客户", "The contract does not belong to this customer"));
        }
    }
    let m = crm_return_visit::ActiveModel {
        customer_id: Set(customer_id),
        contract_id: Set(input.contract_id),
        visit_type: Set(visit_type),
        plan_time: Set(no_secs(input.plan_time)),
        actual_time: Set(None),
        content: Set(content),
        feedback: Set(None),
        status: Set(ReturnVisitStatus::Pending),
        created_by: Set(me),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_return_visit", m.id, oplog::diff(None, Some(&m)), None).await?;
    txn.commit().await?;
    Ok(m.id)
}

async fn load_return<C: ConnectionTrait>(conn: &C, ctx: &Ctx, id: i64) -> AppResult<crm_return_visit::Model> {
    let v = crm_return_visit::Entity::find_by_id(id).lock_exclusive().one(conn).await?.ok_or_else(|| AppError::not_found("回访计划", "Return visit"))?;
    writable(conn, ctx, v.customer_id).await?;
    if v.status != ReturnVisitStatus::Pending {
        return Err(AppError::conflict(
            Some("status"),
            format!("回访已{},不能再修改", v.status.label_zh()),
            format!("The return visit is already {}", v.status.label_en().to_lowercase()),
        ));
    }
    Ok(v)
}

/// Edit a pending return visit: channel, planned time, contract and what to ask.
pub async fn return_visit_update(ctx: &Ctx, id: i64, input: ReturnVisitInput) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let visit_type = util::required("visitType", "回访方式", "Channel", &input.visit_type, 20)?;
    let content = util::optional("content", "回访内容", "Content", input.content.as_deref(), 10_000)?;
    let txn = ctx.db.begin().await?;
    let before = load_return(&txn, ctx, id).await?;
    if let Some(cid) = input.contract_id {
        let ok = crm_contract::Entity::find_by_id(cid).one(&txn).await?.is_some_and(|c| c.customer_id == before.customer_id);
        if !ok {
            return Err(AppError::validation("contractId", "合同不属于该客户", "The contract does not belong to this customer"));
        }
    }
    let mut am = before.clone().into_active_model();
    am.visit_type = Set(visit_type);
    am.plan_time = Set(no_secs(input.plan_time));
    am.contract_id = Set(input.contract_id);
    am.content = Set(content);
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_return_visit", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

/// pending → done, with the customer's feedback.
pub async fn return_visit_complete(ctx: &Ctx, id: i64, input: ReturnVisitResult) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let feedback = util::required("feedback", "客户反馈", "Feedback", &input.feedback, 10_000)?;
    let content = util::optional("content", "回访内容", "Content", input.content.as_deref(), 10_000)?;
    let now = util::now();
    let actual = no_secs(input.actual_time.unwrap_or(now));
    if actual > now + chrono::Duration::minutes(5) {
        return Err(AppError::validation("actualTime", "实际回访时间不能晚于现在", "The actual time cannot be in the future"));
    }
    let txn = ctx.db.begin().await?;
    let before = load_return(&txn, ctx, id).await?;
    let mut am = before.clone().into_active_model();
    am.status = Set(ReturnVisitStatus::Done);
    am.actual_time = Set(Some(actual));
    am.feedback = Set(Some(feedback));
    if content.is_some() {
        am.content = Set(content);
    }
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_return_visit", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn return_visit_cancel(ctx: &Ctx, id: i64, reason: &str) -> AppResult<()> {
    ctx.require("follow_up:update")?;
    let reason = util::required("reason", "取消原因", "Reason", reason, 2000)?;
    let txn = ctx.db.begin().await?;
    let before = load_return(&txn, ctx, id).await?;
    let mut am = before.clone().into_active_model();
    am.status = Set(ReturnVisitStatus::Cancelled);
    am.feedback = Set(Some(reason));
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_return_visit", id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(())
}

/// Remove a return visit (planned by mistake, or no longer wanted).
pub async fn return_visit_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("follow_up:delete")?;
    let txn = ctx.db.begin().await?;
    let before = crm_return_visit::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("回访计划", "Return visit"))?;
    writable(&txn, ctx, before.customer_id).await?;
    crm_return_visit::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_return_visit", id, oplog::diff(Some(&before), None), None).await?;
    txn.commit().await?;
    Ok(())
}
