//! Leads (crm_lead): CRUD, the status flow, claim / assign / return to pool. Pools are
//! in `lead_pool`, conversion into a customer in `lead_convert`.
//!
//! Who sees a lead: its owner's scope (as for customers); unowned leads sit in a pool,
//! where public pools are open to everyone who may read leads and private pools only to
//! those who may assign (`lead:assign`).

use super::{oplog, sea_rules, util, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::crm_lead::{self, Column};
use crate::entity::enums::RelationKind;
use crate::entity::enums::{IntentLevel, LeadStatus};
use crate::entity::{crm_customer, crm_lead_pool, sys_user};
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::lead_pool::{check_pool, default_pool, public_pool_ids};
// ---------------------------------------------------------------- leads

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub lead_name: String,
    pub phone: Option<String>,
    pub company: Option<String>,
    pub position: Option<String>,
    pub source: Option<String>,
    pub intent_product: Option<String>,
    pub intent_level: Option<IntentLevel>,
    pub status: LeadStatus,
    pub remark: Option<String>,
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    pub pool_id: i64,
    pub pool_name: Option<String>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The customer it became (status converted).
    pub customer_id: Option<i64>,
    /// The marketing activity it came from.
    pub activity_id: Option<i64>,
    pub activity_name: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum LeadSort {
    #[default]
    UpdatedAt,
    CreatedAt,
    LeadName,
    IntentLevel,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct LeadFilter {
    /// Matches name, phone and company.
    pub keyword: Option<String>,
    pub status: Option<LeadStatus>,
    pub source: Option<String>,
    pub intent_level: Option<IntentLevel>,
    pub owner_id: Option<i64>,
    pub pool_id: Option<i64>,
    /// Came from this marketing activity.
    pub activity_id: Option<i64>,
    /// true: the pool view (unowned leads); false: owned leads in the caller's scope.
    pub unassigned: bool,
    /// Created on or after this local date.
    pub created_from: Option<NaiveDate>,
    /// Created on or before this local date.
    pub created_to: Option<NaiveDate>,
    pub sort: LeadSort,
    pub desc: Option<bool>,
}

async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_lead::Model>) -> AppResult<Vec<LeadRow>> {
    let names =
        util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, list.iter().filter_map(|l| l.owner_id)).await?;
    let pools: HashMap<i64, String> = crm_lead_pool::Entity::find()
        .select_only()
        .column(crm_lead_pool::Column::Id)
        .column(crm_lead_pool::Column::PoolName)
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let activities = util::names_by_id::<crate::entity::crm_marketing_activity::Entity, _>(
        conn,
        crate::entity::crm_marketing_activity::Column::Id,
        crate::entity::crm_marketing_activity::Column::ActivityName,
        list.iter().filter_map(|l| l.activity_id),
    )
    .await?;
    let converted: Vec<i64> = list.iter().filter(|l| l.status == LeadStatus::Converted).map(|l| l.id).collect();
    let customers: HashMap<i64, i64> = if converted.is_empty() {
        HashMap::new()
    } else {
        crm_customer::Entity::find()
            .select_only()
            .column(crm_customer::Column::SourceLeadId)
            .column(crm_customer::Column::Id)
            .filter(crm_customer::Column::SourceLeadId.is_in(converted))
            .into_tuple::<(i64, i64)>()
            .all(conn)
            .await?
            .into_iter()
            .collect()
    };
    Ok(list
        .into_iter()
        .map(|l| LeadRow {
            lock_version: l.lock_version,
            owner_name: l.owner_id.and_then(|o| names.get(&o).cloned()),
            pool_name: pools.get(&l.pool_id).cloned(),
            customer_id: customers.get(&l.id).copied(),
            activity_name: l.activity_id.and_then(|a| activities.get(&a).cloned()),
            activity_id: l.activity_id,
            id: l.id,
            lead_name: l.lead_name,
            phone: l.phone,
            company: l.company,
            position: l.position,
            source: l.source,
            intent_product: l.intent_product,
            intent_level: l.intent_level,
            status: l.status,
            remark: l.remark,
            owner_id: l.owner_id,
            pool_id: l.pool_id,
            created_by: l.created_by,
            created_at: l.created_at,
            updated_at: l.updated_at,
        })
        .collect())
}

/// Local calendar date → UTC range bound.
use util::local_midnight_utc;

pub async fn list(ctx: &Ctx, f: LeadFilter, page: PageReq) -> AppResult<Page<LeadRow>> {
    ctx.require("lead:read")?;
    let page = page.normalized();
    let mut q = crm_lead::Entity::find();
    if f.unassigned {
        q = q.filter(Column::OwnerId.is_null());
        if !ctx.can("lead:assign") {
            q = q.filter(Column::PoolId.is_in(public_pool_ids(ctx.reader()).await?));
        }
    } else {
        q = q.filter(Column::OwnerId.is_not_null());
        q = ctx.owner_scope().await?.filter(q, Column::OwnerId);
    }
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        use super::search_index::{self, Kind};
        let plan = search_index::plan(ctx.reader(), Kind::Lead, k).await?;
        if let Some(c) = plan.condition(Kind::Lead, Column::Id, &[Column::LeadName, Column::Phone, Column::Company]) {
            q = q.filter(c);
        }
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    if let Some(s) = f.source.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q = q.filter(Column::Source.eq(s));
    }
    if let Some(l) = f.intent_level {
        q = q.filter(Column::IntentLevel.eq(l));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(Column::OwnerId.eq(o));
    }
    if let Some(p) = f.pool_id {
        q = q.filter(Column::PoolId.eq(p));
    }
    if let Some(a) = f.activity_id {
        q = q.filter(Column::ActivityId.eq(a));
    }
    util::opt_date("createdFrom", f.created_from)?;
    util::opt_date("createdTo", f.created_to)?;
    if let Some(d) = f.created_from {
        q = q.filter(Column::CreatedAt.gte(local_midnight_utc(d)));
    }
    if let Some(d) = f.created_to {
        q = q.filter(Column::CreatedAt.lt(local_midnight_utc(d + chrono::Duration::days(1))));
    }
    let total = q.clone().count(ctx.reader()).await?;
    let desc = f.desc.unwrap_or(!matches!(f.sort, LeadSort::LeadName));
    let col = match f.sort {
        LeadSort::UpdatedAt => Column::UpdatedAt,
        LeadSort::CreatedAt => Column::CreatedAt,
        LeadSort::LeadName => Column::LeadName,
        LeadSort::IntentLevel => Column::IntentLevel,
    };
    let order = if desc { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
    let list = q.order_by(col, order.clone()).order_by(Column::Id, order).offset(page.offset()).limit(page.page_size).all(ctx.reader()).await?;
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

/// May the caller see this lead?
async fn visible<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, l: &crm_lead::Model) -> AppResult<bool> {
    Ok(match l.owner_id {
        Some(o) => scope.allows(o),
        None => ctx.can("lead:assign") || public_pool_ids(conn).await?.contains(&l.pool_id),
    })
}

/// May the caller change this lead? Owned: within scope. Unowned: assigners only.
fn editable(ctx: &Ctx, scope: &OwnerScope, l: &crm_lead::Model) -> bool {
    match l.owner_id {
        Some(o) => scope.allows(o),
        None => ctx.can("lead:assign"),
    }
}

async fn load<C: ConnectionTrait>(conn: &C, id: i64, lock: bool) -> AppResult<crm_lead::Model> {
    let q = crm_lead::Entity::find_by_id(id);
    let q = if lock { q.lock_exclusive() } else { q };
    q.one(conn).await?.ok_or_else(|| AppError::not_found("线索", "Lead"))
}

/// Load a lead the caller may change (locked for the transaction).
pub(crate) async fn load_editable<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, id: i64) -> AppResult<crm_lead::Model> {
    let l = load(conn, id, true).await?;
    if editable(ctx, scope, &l) {
        Ok(l)
    } else if visible(conn, ctx, scope, &l).await? {
        Err(AppError::conflict(None, "该线索尚未分配,请先领取", "This lead is unassigned; claim it first"))
    } else {
        Err(AppError::not_found("线索", "Lead"))
    }
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<LeadRow> {
    ctx.require("lead:read")?;
    let scope = ctx.owner_scope().await?;
    let l = load(ctx.reader(), id, false).await?;
    if !visible(ctx.reader(), ctx, &scope, &l).await? {
        return Err(AppError::not_found("线索", "Lead"));
    }
    Ok(rows(ctx.reader(), vec![l]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LeadInput {
    pub lead_name: String,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub position: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub intent_product: Option<String>,
    #[serde(default)]
    pub intent_level: Option<IntentLevel>,
    #[serde(default)]
    pub remark: Option<String>,
    /// Defaults to the first public pool.
    #[serde(default)]
    pub pool_id: Option<i64>,
    /// Create only: false (default) = the caller owns it; true = leave it unowned in the pool.
    #[serde(default)]
    pub to_pool: bool,
    /// The marketing activity it came from (来源活动).
    #[serde(default)]
    pub activity_id: Option<i64>,
}

struct CleanLead {
    name: String,
    phone: Option<String>,
    company: Option<String>,
    position: Option<String>,
    source: Option<String>,
    intent_product: Option<String>,
    remark: Option<String>,
}

fn clean(i: &LeadInput) -> AppResult<CleanLead> {
    Ok(CleanLead {
        name: util::required("leadName", "线索名称", "Lead name", &i.lead_name, 100)?,
        phone: util::phone("phone", i.phone.as_deref())?,
        company: util::optional("company", "公司名称", "Company", i.company.as_deref(), 200)?,
        position: util::optional("position", "职位", "Position", i.position.as_deref(), 100)?,
        source: util::optional("source", "来源渠道", "Source", i.source.as_deref(), 50)?,
        intent_product: util::optional("intentProduct", "意向产品", "Product of interest", i.intent_product.as_deref(), 200)?,
        remark: util::optional("remark", "备注", "Remark", i.remark.as_deref(), 5000)?,
    })
}

/// The CONFLICT for a phone another lead already has: who owns that lead, and its name
/// only if the caller may see it.
async fn phone_taken<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, phone: &str, except: Option<i64>) -> AppResult<Option<AppError>> {
    // Digits only: "+86 138-0000-0001" and "13800000001" are the same phone.
    let d = util::phone_digits(phone);
    let same = Expr::cust_with_values(format!("{} IN (?, ?, ?)", util::phone_digits_sql("phone")), [d.clone(), format!("86{d}"), format!("0086{d}")]);
    let mut q = crm_lead::Entity::find().filter(Column::Phone.is_not_null()).filter(same);
    if let Some(id) = except {
        q = q.filter(Column::Id.ne(id));
    }
    let Some(other) = q.one(conn).await? else { return Ok(None) };
    let owner = match other.owner_id {
        Some(o) => sys_user::Entity::find_by_id(o).one(conn).await?.map(|u| u.full_name),
        None => None,
    };
    let (who_zh, who_en) = match &owner {
        Some(n) => (format!("负责人:{n}"), format!("owner: {n}")),
        None => ("尚未分配,在线索池中".to_string(), "unassigned, waiting in a pool".to_string()),
    };
    // Who has it (and the lead's name) only for a caller who may see that lead.
    let e = if visible(conn, ctx, scope, &other).await? {
        AppError::conflict(
            Some("phone"),
            format!("手机号 {phone} 已存在线索「{}」({who_zh})", other.lead_name),
            format!("A lead with phone {phone} already exists: \"{}\" ({who_en})", other.lead_name),
        )
    } else {
        AppError::conflict(Some("phone"), format!("手机号 {phone} 已登记在他人的线索中"), format!("A lead with phone {phone} already exists (someone else's)"))
    };
    Ok(Some(e))
}

pub async fn create(ctx: &Ctx, input: LeadInput) -> AppResult<LeadRow> {
    ctx.require("lead:create")?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let pool = match input.pool_id {
        Some(p) => {
            check_pool(&txn, p).await?;
            p
        }
        None => default_pool(&txn).await?,
    };
    if let Some(p) = &c.phone {
        if let Some(e) = phone_taken(&txn, ctx, &scope, p, None).await? {
            return Err(e);
        }
    }
    let activity = super::marketing::activity::check_exists(&txn, input.activity_id).await?;
    let now = util::now();
    let owner = if input.to_pool { None } else { ctx.actor_id() };
    let creator = ctx.recorder(&txn).await?;
    let res = crm_lead::ActiveModel {
        lead_name: Set(c.name),
        phone: Set(c.phone.clone()),
        company: Set(c.company),
        position: Set(c.position),
        source: Set(c.source),
        intent_product: Set(c.intent_product),
        intent_level: Set(input.intent_level),
        status: Set(LeadStatus::New),
        remark: Set(c.remark),
        owner_id: Set(owner),
        pool_id: Set(pool),
        created_by: Set(creator),
        created_at: Set(now),
        updated_at: Set(now),
        activity_id: Set(activity),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    let m = match res {
        Ok(m) => m,
        Err(e) => {
            // Lost a race with another desktop inserting the same phone: say who has it.
            let err = AppError::from(e);
            drop(txn);
            if let (AppError::Conflict { field: Some(f), .. }, Some(p)) = (&err, &c.phone) {
                if f == "phone" {
                    if let Some(better) = phone_taken(&ctx.db, ctx, &scope, p, None).await? {
                        return Err(better);
                    }
                }
            }
            return Err(err);
        }
    };
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_lead", m.id, oplog::diff(None, Some(&m)), Some(m.lead_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

pub async fn update(ctx: &Ctx, id: i64, input: LeadInput) -> AppResult<LeadRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: LeadInput, version: Option<i32>) -> AppResult<LeadRow> {
    ctx.require("lead:update")?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_editable(&txn, ctx, &scope, id).await?;
    super::version::check(&txn, "crm_lead", id, version, before.lock_version).await?;
    if before.status == LeadStatus::Converted {
        return Err(AppError::conflict(None, "已转化的线索不能再修改", "A converted lead can no longer be edited"));
    }
    if let Some(p) = &c.phone {
        if let Some(e) = phone_taken(&txn, ctx, &scope, p, Some(id)).await? {
            return Err(e);
        }
    }
    let mut am = before.clone().into_active_model();
    am.lead_name = Set(c.name);
    am.phone = Set(c.phone);
    am.company = Set(c.company);
    am.position = Set(c.position);
    am.source = Set(c.source);
    am.intent_product = Set(c.intent_product);
    am.intent_level = Set(input.intent_level);
    am.remark = Set(c.remark);
    am.activity_id = Set(super::marketing::activity::check_exists(&txn, input.activity_id).await?);
    if let Some(p) = input.pool_id {
        check_pool(&txn, p).await?;
        am.pool_id = Set(p);
    }
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_lead", id, oplog::diff(Some(&before), Some(&after)), Some(after.lead_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("lead:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_editable(&txn, ctx, &scope, id).await?;
    if before.status == LeadStatus::Converted {
        return Err(AppError::conflict(None, "已转化的线索不能删除", "A converted lead cannot be deleted"));
    }
    crate::entity::crm_follow_up::Entity::delete_many()
        .filter(crate::entity::crm_follow_up::Column::RelationType.eq(RelationKind::Lead.as_str()))
        .filter(crate::entity::crm_follow_up::Column::RelationId.eq(id))
        .exec(&txn)
        .await?;
    crm_lead::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_lead", id, oplog::diff(Some(&before), None), Some(before.lead_name)).await?;
    txn.commit().await?;
    Ok(())
}

/// The legal status moves. Converted is reached only through [`convert`] and is final.
pub fn can_move(from: LeadStatus, to: LeadStatus) -> bool {
    use LeadStatus::*;
    matches!((from, to), (New, Following) | (New, Invalid) | (Following, Invalid) | (Invalid, Following))
}

pub async fn set_status(ctx: &Ctx, id: i64, to: LeadStatus) -> AppResult<LeadRow> {
    ctx.require("lead:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_editable(&txn, ctx, &scope, id).await?;
    if !can_move(before.status, to) {
        let msg_zh = if to == LeadStatus::Converted {
            "请使用「转化为客户」完成线索转化".to_string()
        } else {
            format!("线索状态不能从「{}」改为「{}」", before.status.label_zh(), to.label_zh())
        };
        let msg_en = if to == LeadStatus::Converted {
            "Use \"Convert to customer\" to convert a lead".to_string()
        } else {
            format!("A lead cannot move from {} to {}", before.status.label_en(), to.label_en())
        };
        return Err(AppError::validation("status", msg_zh, msg_en));
    }
    let after = move_status(&txn, ctx, &before, to).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// Conditional status change (only from the status read), logged.
pub(crate) async fn move_status<C: ConnectionTrait>(conn: &C, ctx: &Ctx, before: &crm_lead::Model, to: LeadStatus) -> AppResult<crm_lead::Model> {
    let now = util::now();
    let res = crm_lead::Entity::update_many()
        .col_expr(Column::Status, Expr::value(to))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(before.id))
        .filter(Column::Status.eq(before.status))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict(Some("status"), "线索状态已被他人修改,请刷新后重试", "Someone else changed this lead's status; refresh and retry"));
    }
    let mut after = before.clone();
    after.status = to;
    after.updated_at = now;
    oplog::record(conn, ctx, oplog::Action::Status, "crm_lead", before.id, oplog::diff(Some(before), Some(&after)), Some(before.lead_name.clone())).await?;
    Ok(after)
}

/// Take an unowned lead from a public pool. Race-safe (one conditional UPDATE: exactly
/// one of several simultaneous claimers wins, the others get CONFLICT), and limited to
/// `lead_daily_claim_cap` claims per user per local day.
pub async fn claim(ctx: &Ctx, id: i64) -> AppResult<LeadRow> {
    // A claim races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| claim_once(ctx, id)).await
}

async fn claim_once(ctx: &Ctx, id: i64) -> AppResult<LeadRow> {
    ctx.require("lead:claim")?;
    let me = ctx.actor_id().ok_or_else(|| AppError::validation("ownerId", "命令行不能领取线索", "The CLI cannot claim leads"))?;
    let rules = sea_rules::rules(&ctx.db).await?;
    let txn = ctx.db.begin().await?;
    util::lock_user(&txn, me).await?;
    let l = load(&txn, id, false).await?;
    if l.owner_id.is_some() {
        return Err(AppError::conflict(None, "该线索已被其他人领取", "Someone else has already claimed this lead"));
    }
    if !public_pool_ids(&txn).await?.contains(&l.pool_id) {
        return Err(AppError::conflict(None, "私有线索池的线索只能由主管分配", "Leads in a private pool can only be assigned by a manager"));
    }
    if l.status == LeadStatus::Converted {
        return Err(AppError::conflict(None, "该线索已转化", "This lead has already been converted"));
    }
    if rules.lead_daily_claim_cap > 0 {
        let n = oplog::count_since(&txn, me, oplog::Action::Claim, "crm_lead", util::local_day_start_utc()).await?;
        if n >= rules.lead_daily_claim_cap as u64 {
            let cap = rules.lead_daily_claim_cap;
            return Err(AppError::conflict(
                None,
                format!("今天已领取 {n} 条线索,达到每日上限 {cap} 条"),
                format!("You have claimed {n} leads today; the daily limit is {cap}"),
            ));
        }
    }
    let after = set_owner(&txn, ctx, &l, Some(me), oplog::Action::Claim, None).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

async fn set_owner<C: ConnectionTrait>(
    conn: &C,
    ctx: &Ctx,
    before: &crm_lead::Model,
    owner: Option<i64>,
    action: oplog::Action,
    note: Option<String>,
) -> AppResult<crm_lead::Model> {
    let now = util::now();
    let mut q = crm_lead::Entity::update_many()
        .col_expr(Column::OwnerId, Expr::value(owner))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(before.id));
    q = match before.owner_id {
        Some(o) => q.filter(Column::OwnerId.eq(o)),
        None => q.filter(Column::OwnerId.is_null()),
    };
    if q.exec(conn).await?.rows_affected != 1 {
        return Err(AppError::conflict(None, "该线索已被其他人领取", "Someone else has already claimed this lead"));
    }
    let mut after = before.clone();
    after.owner_id = owner;
    after.updated_at = now;
    let summary = match note {
        Some(n) => format!("{}:{n}", before.lead_name),
        None => before.lead_name.clone(),
    };
    oplog::record(conn, ctx, action, "crm_lead", before.id, oplog::diff(Some(before), Some(&after)), Some(summary)).await?;
    Ok(after)
}

/// A manager gives a lead (unowned, or owned within their scope) to a user in their scope.
pub async fn assign(ctx: &Ctx, id: i64, owner_id: i64) -> AppResult<LeadRow> {
    // An assignment races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| assign_once(ctx, id, owner_id)).await
}

async fn assign_once(ctx: &Ctx, id: i64, owner_id: i64) -> AppResult<LeadRow> {
    ctx.require("lead:assign")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let l = load_editable(&txn, ctx, &scope, id).await?;
    if l.status == LeadStatus::Converted {
        return Err(AppError::conflict(None, "该线索已转化", "This lead has already been converted"));
    }
    super::access::check_owner(&txn, &scope, owner_id).await?;
    if l.owner_id == Some(owner_id) {
        return Err(AppError::validation("ownerId", "新负责人与当前负责人相同", "The new owner is the current owner"));
    }
    let after = set_owner(&txn, ctx, &l, Some(owner_id), oplog::Action::Assign, None).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// The owner gives a lead back to a pool (its own, or another), with a reason.
pub async fn release(ctx: &Ctx, id: i64, reason: &str, pool_id: Option<i64>) -> AppResult<LeadRow> {
    ctx.require("lead:update")?;
    let reason = util::required("reason", "退回原因", "Reason", reason, 200)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let l = load_editable(&txn, ctx, &scope, id).await?;
    if l.owner_id.is_none() {
        return Err(AppError::conflict(None, "该线索已在线索池中", "This lead is already in a pool"));
    }
    if l.status == LeadStatus::Converted {
        return Err(AppError::conflict(None, "已转化的线索不能退回", "A converted lead cannot be returned"));
    }
    let mut after = set_owner(&txn, ctx, &l, None, oplog::Action::Release, Some(reason)).await?;
    if let Some(p) = pool_id.filter(|p| *p != l.pool_id) {
        check_pool(&txn, p).await?;
        crm_lead::Entity::update_many().col_expr(Column::PoolId, Expr::value(p)).filter(Column::Id.eq(id)).exec(&txn).await?;
        after.pool_id = p;
    }
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// Lead sources already in use (for the filter and the form's suggestions).
pub async fn sources(ctx: &Ctx) -> AppResult<Vec<String>> {
    ctx.require("lead:read")?;
    let mut v: Vec<Option<String>> = crm_lead::Entity::find().select_only().column(Column::Source).distinct().into_tuple().all(&ctx.db).await?;
    v.retain(|s| s.as_deref().is_some_and(|s| !s.is_empty()));
    let mut out: Vec<String> = v.into_iter().flatten().collect();
    for s in ["官网", "展会", "转介绍", "电话咨询", "广告投放"] {
        if !out.iter().any(|x| x == s) {
            out.push(s.to_string());
        }
    }
    Ok(out)
}
