//! Marketing activities (市场活动): plan an event with a budget, record its cost, and see
//! what it brought in.
//!
//! * Status 1 策划中 → 2 进行中 → 3 已结束 follows the dates (before the start / until the
//!   end / after it) unless someone sets it by hand (`status_manual`); "follow the dates"
//!   can be chosen again. Statuses that follow the dates are brought up to date whenever
//!   activities are read, so filters by status are right.
//! * Attribution: a lead carries the activity it came from (`crm_lead.activity_id`, set on
//!   the lead form or by the import's 来源活动 column); converting it carries the activity
//!   to the customer (`crm_customer.activity_id`, which the customer form can also set).
//!   Opportunities and contracts count through their customer.
//! * Figures ([`Figures`]), over the leads and customers in the caller's data scope:
//!   - 预算执行率 = cost ÷ budget; variance = cost − budget;
//!   - leads; customers; 转化率 = customers ÷ leads;
//!   - opportunities of those customers created from the start on, and their amount;
//!   - 成交金额 = Σ their contracts signed (status 已签约) from the start up to
//!     `attribution_days` after the end; received = what those contracts have received;
//!   - cost per lead, cost per customer, ROI = (成交金额 − cost) ÷ cost.
//!
//!   A figure whose divisor is 0 is `None` (the UI shows "—"), never NaN or ∞.

use super::{scope_sql, settings_in};
use crate::entity::crm_marketing_activity::{self as act, Column};
use crate::entity::enums::{ActivityStatus, ContractStatus};
use crate::entity::{crm_customer, crm_lead, crm_sms_marketing};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use crate::service::stats::{cents, cents_sum, int, rows};
use crate::service::{oplog, util, version, Ctx, Page, PageReq};
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const ENTITY: &str = "crm_marketing_activity";

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityInput {
    pub activity_name: String,
    pub activity_type: String,
    /// UTC.
    pub start_time: Option<NaiveDateTime>,
    /// UTC; not before the start.
    pub end_time: Option<NaiveDateTime>,
    #[ts(optional = nullable)]
    pub budget: Option<Dec>,
    #[ts(optional = nullable)]
    pub actual_cost: Option<Dec>,
    /// A status set by hand; None: the status follows the dates.
    #[ts(optional = nullable)]
    pub status: Option<ActivityStatus>,
    #[ts(optional = nullable)]
    pub description: Option<String>,
    /// The version the form loaded (edits only).
    #[ts(optional = nullable)]
    pub lock_version: Option<i32>,
}

/// What an activity brought in. Money has two places; ratios are percentages with two
/// places; None where the divisor is 0.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub budget: Dec,
    pub cost: Dec,
    /// cost − budget (positive: over budget).
    pub variance: Dec,
    /// cost ÷ budget, %.
    #[ts(type = "string | null")]
    pub execution_pct: Option<Decimal>,
    pub leads: i64,
    pub customers: i64,
    /// customers ÷ leads, %.
    #[ts(type = "string | null")]
    pub conversion_pct: Option<Decimal>,
    pub opportunities: i64,
    pub opportunity_amount: Dec,
    pub won_contracts: i64,
    pub won_amount: Dec,
    pub received_amount: Dec,
    /// cost ÷ leads.
    pub cost_per_lead: Option<Dec>,
    /// cost ÷ customers.
    pub cost_per_customer: Option<Dec>,
    /// (won − cost) ÷ cost, %.
    #[ts(type = "string | null")]
    pub roi_pct: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityRow {
    pub id: i64,
    pub activity_name: String,
    pub activity_type: String,
    pub start_time: NaiveDateTime,
    pub end_time: NaiveDateTime,
    #[ts(optional = nullable)]
    pub budget: Option<Dec>,
    #[ts(optional = nullable)]
    pub actual_cost: Option<Dec>,
    pub status: ActivityStatus,
    /// The status was set by hand (it no longer follows the dates).
    pub status_manual: bool,
    #[ts(optional = nullable)]
    pub description: Option<String>,
    pub created_by: i64,
    #[ts(optional = nullable)]
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub lock_version: i32,
    pub figures: Figures,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityFilter {
    #[ts(optional = nullable)]
    pub keyword: Option<String>,
    #[ts(optional = nullable)]
    pub activity_type: Option<String>,
    #[ts(optional = nullable)]
    pub status: Option<ActivityStatus>,
    /// Activities running on or after this local date.
    #[ts(optional = nullable)]
    pub from: Option<chrono::NaiveDate>,
    /// Activities starting on or before this local date.
    #[ts(optional = nullable)]
    pub to: Option<chrono::NaiveDate>,
}

/// An activity to pick (lead and customer forms, campaigns).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityOption {
    pub id: i64,
    pub activity_name: String,
    pub status: ActivityStatus,
}

/// The status the dates give at `now`.
pub fn status_by_dates(start: NaiveDateTime, end: NaiveDateTime, now: NaiveDateTime) -> ActivityStatus {
    if now < start {
        ActivityStatus::Planning
    } else if now <= end {
        ActivityStatus::Running
    } else {
        ActivityStatus::Ended
    }
}

/// Bring the statuses that follow the dates up to date (three small updates; idempotent).
pub async fn refresh_statuses<C: ConnectionTrait>(conn: &C, now: NaiveDateTime) -> AppResult<u64> {
    let mut n = 0;
    for (status, cond) in [
        (ActivityStatus::Planning, Condition::all().add(Column::StartTime.gt(now))),
        (ActivityStatus::Running, Condition::all().add(Column::StartTime.lte(now)).add(Column::EndTime.gte(now))),
        (ActivityStatus::Ended, Condition::all().add(Column::EndTime.lt(now))),
    ] {
        n += act::Entity::update_many()
            .col_expr(Column::Status, Expr::value(status.code()))
            .filter(Column::StatusManual.eq(0))
            .filter(Column::Status.ne(status.code()))
            .filter(cond)
            .exec(conn)
            .await?
            .rows_affected;
    }
    Ok(n)
}

/// An activity's input, checked.
struct Clean {
    name: String,
    ty: String,
    start: NaiveDateTime,
    end: NaiveDateTime,
    budget: Option<Dec>,
    cost: Option<Dec>,
    desc: Option<String>,
}

fn validate(i: &ActivityInput, types: &[String]) -> AppResult<Clean> {
    let name = util::required("activityName", "活动名称", "Activity name", &i.activity_name, 200)?;
    let ty = util::required("activityType", "活动类型", "Activity type", &i.activity_type, 50)?;
    if !types.contains(&ty) {
        return Err(AppError::validation(
            "activityType",
            format!("活动类型「{ty}」不在设置的类型中({})", types.join("、")),
            format!("The activity type \"{ty}\" is not one of the configured types ({})", types.join(", ")),
        ));
    }
    let start = i.start_time.ok_or_else(|| AppError::validation("startTime", "开始时间不能为空", "The start time is required"))?;
    let end = i.end_time.ok_or_else(|| AppError::validation("endTime", "结束时间不能为空", "The end time is required"))?;
    util::datetime("startTime", start)?;
    util::datetime("endTime", end)?;
    if end < start {
        return Err(AppError::validation("endTime", "结束时间不能早于开始时间", "The end cannot be before the start"));
    }
    let budget = i.budget.map(|b| util::money("budget", "预算金额", "Budget", b)).transpose()?;
    let cost = i.actual_cost.map(|c| util::money("actualCost", "实际成本", "Actual cost", c)).transpose()?;
    let desc = util::optional("description", "活动描述", "Description", i.description.as_deref(), 5000)?;
    Ok(Clean { name, ty, start, end, budget, cost, desc })
}

pub async fn create(ctx: &Ctx, i: ActivityInput) -> AppResult<ActivityRow> {
    ctx.require("marketing:create")?;
    let types = settings_in(&ctx.db).await?.activity_types;
    let Clean { name, ty, start, end, budget, cost, desc } = validate(&i, &types)?;
    let now = util::now();
    let status = i.status.unwrap_or_else(|| status_by_dates(start, end, now));
    let txn = ctx.db.begin().await?;
    let by = ctx.recorder(&txn).await?;
    let m = act::ActiveModel {
        activity_name: Set(name.clone()),
        activity_type: Set(ty),
        start_time: Set(start),
        end_time: Set(end),
        budget: Set(budget),
        actual_cost: Set(cost),
        status: Set(status),
        status_manual: Set(i.status.is_some() as i8),
        description: Set(desc),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, ENTITY, m.id, oplog::diff(None, Some(&m)), Some(format!("新建市场活动 {name}"))).await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

pub async fn update(ctx: &Ctx, id: i64, i: ActivityInput) -> AppResult<ActivityRow> {
    ctx.require("marketing:update")?;
    let types = settings_in(&ctx.db).await?.activity_types;
    let Clean { name, ty, start, end, budget, cost, desc } = validate(&i, &types)?;
    let now = util::now();
    let txn = ctx.db.begin().await?;
    let before = act::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    version::check(&txn, ENTITY, id, i.lock_version, before.lock_version).await?;
    let status = i.status.unwrap_or_else(|| status_by_dates(start, end, now));
    let mut m: act::ActiveModel = before.clone().into();
    m.activity_name = Set(name);
    m.activity_type = Set(ty);
    m.start_time = Set(start);
    m.end_time = Set(end);
    m.budget = Set(budget);
    m.actual_cost = Set(cost);
    m.status = Set(status);
    m.status_manual = Set(i.status.is_some() as i8);
    m.description = Set(desc);
    m.updated_at = Set(Some(now));
    let after = m.update(&txn).await?;
    let changes = oplog::diff(Some(&before), Some(&after));
    if !changes.is_empty() {
        oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, id, changes, None).await?;
    }
    txn.commit().await?;
    get(ctx, id).await
}

/// Delete an activity nothing refers to yet; one with attributed leads or customers, or
/// with SMS campaigns, is refused (its figures would be lost).
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("marketing:delete")?;
    let txn = ctx.db.begin().await?;
    let m = act::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    let leads = crm_lead::Entity::find().filter(crm_lead::Column::ActivityId.eq(id)).count(&txn).await?;
    let customers = crm_customer::Entity::find().filter(crm_customer::Column::ActivityId.eq(id)).count(&txn).await?;
    let sms = crm_sms_marketing::Entity::find().filter(crm_sms_marketing::Column::ActivityId.eq(id)).count(&txn).await?;
    if leads + customers + sms > 0 {
        return Err(AppError::conflict(
            Some("id"),
            format!("该活动已有 {leads} 条线索、{customers} 个客户、{sms} 次短信营销归属,不能删除;可把它标记为已结束"),
            format!("{leads} leads, {customers} customers and {sms} SMS campaigns belong to this activity: it cannot be deleted; mark it ended instead"),
        ));
    }
    act::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, ENTITY, id, oplog::diff(Some(&m), None), Some(format!("删除市场活动 {}", m.activity_name))).await?;
    txn.commit().await?;
    Ok(())
}

fn not_found() -> AppError {
    AppError::not_found("市场活动不存在", "The activity does not exist")
}

pub async fn list(ctx: &Ctx, f: ActivityFilter, page: PageReq) -> AppResult<Page<ActivityRow>> {
    ctx.require("marketing:read")?;
    let page = page.normalized();
    refresh_statuses(&ctx.db, util::now()).await?;
    let mut q = act::Entity::find();
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        q = q.filter(Column::ActivityName.like(format!("%{k}%")));
    }
    if let Some(t) = f.activity_type.as_deref().filter(|t| !t.is_empty()) {
        q = q.filter(Column::ActivityType.eq(t));
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    util::opt_date("from", f.from)?;
    util::opt_date("to", f.to)?;
    if let Some(d) = f.from {
        q = q.filter(Column::EndTime.gte(util::local_midnight_utc(d)));
    }
    if let Some(d) = f.to {
        q = q.filter(Column::StartTime.lt(util::local_midnight_utc(d + chrono::Duration::days(1))));
    }
    let total = q.clone().count(&ctx.db).await?;
    let list = q.order_by_desc(Column::StartTime).order_by_desc(Column::Id).offset(page.offset()).limit(page.page_size).all(&ctx.db).await?;
    Ok(Page { items: to_rows(ctx, list).await?, total, page: page.page, page_size: page.page_size })
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<ActivityRow> {
    ctx.require("marketing:read")?;
    refresh_statuses(&ctx.db, util::now()).await?;
    let m = act::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(not_found)?;
    Ok(to_rows(ctx, vec![m]).await?.remove(0))
}

/// Activities to pick from (newest first; ended ones too, a lead can arrive late).
pub async fn options(ctx: &Ctx) -> AppResult<Vec<ActivityOption>> {
    ctx.require_login()?;
    refresh_statuses(&ctx.db, util::now()).await?;
    let list: Vec<(i64, String, ActivityStatus)> = act::Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::ActivityName)
        .column(Column::Status)
        .order_by_desc(Column::StartTime)
        .order_by_desc(Column::Id)
        .limit(500)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(list.into_iter().map(|(id, activity_name, status)| ActivityOption { id, activity_name, status }).collect())
}

/// Check that an activity a lead or customer is attributed to exists.
pub(crate) async fn check_exists<C: ConnectionTrait>(conn: &C, id: Option<i64>) -> AppResult<Option<i64>> {
    let Some(id) = id else { return Ok(None) };
    if act::Entity::find_by_id(id).count(conn).await? == 0 {
        return Err(AppError::validation("activityId", "来源活动不存在", "The source activity does not exist"));
    }
    Ok(Some(id))
}

async fn to_rows(ctx: &Ctx, list: Vec<act::Model>) -> AppResult<Vec<ActivityRow>> {
    let figs = figures(ctx, &list).await?;
    use crate::entity::sys_user;
    let names = util::names_by_id::<sys_user::Entity, _>(&ctx.db, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|a| a.created_by)).await?;
    Ok(list
        .into_iter()
        .map(|a| ActivityRow {
            figures: figs.get(&a.id).cloned().unwrap_or_default(),
            created_by_name: names.get(&a.created_by).cloned(),
            id: a.id,
            activity_name: a.activity_name,
            activity_type: a.activity_type,
            start_time: a.start_time,
            end_time: a.end_time,
            budget: a.budget,
            actual_cost: a.actual_cost,
            status: a.status,
            status_manual: a.status_manual != 0,
            description: a.description,
            created_by: a.created_by,
            created_at: a.created_at,
            lock_version: a.lock_version,
        })
        .collect())
}

/// The figures of some activities, in a handful of grouped queries.
async fn figures(ctx: &Ctx, list: &[act::Model]) -> AppResult<HashMap<i64, Figures>> {
    let mut out: HashMap<i64, Figures> = HashMap::new();
    if list.is_empty() {
        return Ok(out);
    }
    let be = ctx.db.get_database_backend();
    let scope = ctx.owner_scope().await?;
    let days = settings_in(&ctx.db).await?.attribution_days as i64;
    let idl = list.iter().map(|a| a.id.to_string()).collect::<Vec<_>>().join(",");
    let count = int(be, "COUNT(*)");
    // Leads: owned ones by scope; unassigned pool leads only for whoever sees everything.
    let lead_scope = scope_sql(&scope, "owner_id");
    let mut leads: HashMap<i64, i64> = HashMap::new();
    for r in rows(&ctx.db, format!("SELECT activity_id, {count} FROM crm_lead WHERE activity_id IN ({idl}){lead_scope} GROUP BY activity_id"), vec![]).await? {
        leads.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
    }
    let cust_scope = scope_sql(&scope, "owner_id");
    let mut customers: HashMap<i64, i64> = HashMap::new();
    for r in
        rows(&ctx.db, format!("SELECT activity_id, {count} FROM crm_customer WHERE activity_id IN ({idl}){cust_scope} GROUP BY activity_id"), vec![]).await?
    {
        customers.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
    }
    // Opportunities and contracts of the attributed customers, per activity, each within
    // the activity's own window (joined against the activity row).
    let opp_sum = cents_sum(be, "o.estimated_amount");
    let mut opps: HashMap<i64, (i64, i64)> = HashMap::new();
    for r in rows(
        &ctx.db,
        format!(
            "SELECT a.id, {count}, {opp_sum} FROM crm_marketing_activity a JOIN crm_customer c ON c.activity_id = a.id \
             JOIN crm_opportunity o ON o.customer_id = c.id AND o.created_at >= a.start_time \
             WHERE a.id IN ({idl}){s} GROUP BY a.id",
            s = scope_sql(&scope, "c.owner_id")
        ),
        vec![],
    )
    .await?
    {
        opps.insert(r.try_get_by_index(0)?, (r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    let won_sum = cents_sum(be, "k.total_amount");
    let rec_sum = cents_sum(be, "k.received_amount");
    let window_end = match be {
        sea_orm::DatabaseBackend::MySql => format!("DATE_ADD(DATE(a.end_time), INTERVAL {days} DAY)"),
        _ => format!("date(a.end_time, '+{days} days')"),
    };
    let start_day = match be {
        sea_orm::DatabaseBackend::MySql => "DATE(a.start_time)".to_string(),
        _ => "date(a.start_time)".to_string(),
    };
    let mut won: HashMap<i64, (i64, i64, i64)> = HashMap::new();
    for r in rows(
        &ctx.db,
        format!(
            "SELECT a.id, {count}, {won_sum}, {rec_sum} FROM crm_marketing_activity a JOIN crm_customer c ON c.activity_id = a.id \
             JOIN crm_contract k ON k.customer_id = c.id AND k.status = {signed} AND k.sign_date >= {start_day} AND k.sign_date <= {window_end} \
             WHERE a.id IN ({idl}){s} GROUP BY a.id",
            signed = ContractStatus::Signed.code(),
            s = scope_sql(&scope, "c.owner_id")
        ),
        vec![],
    )
    .await?
    {
        won.insert(r.try_get_by_index(0)?, (r.try_get_by_index(1)?, r.try_get_by_index(2)?, r.try_get_by_index(3)?));
    }
    for a in list {
        let budget = a.budget.unwrap_or_default().with_scale(2);
        let cost = a.actual_cost.unwrap_or_default().with_scale(2);
        let l = leads.get(&a.id).copied().unwrap_or(0);
        let c = customers.get(&a.id).copied().unwrap_or(0);
        let (oc, ocents) = opps.get(&a.id).copied().unwrap_or((0, 0));
        let (wc, wcents, rcents) = won.get(&a.id).copied().unwrap_or((0, 0, 0));
        let won_amount = cents(wcents);
        out.insert(a.id, compute(budget, cost, l, c, oc, cents(ocents), wc, won_amount, cents(rcents)));
    }
    Ok(out)
}

/// The derived figures from the counted ones (pure; the reference computation of the tests).
#[allow(clippy::too_many_arguments)]
pub fn compute(
    budget: Dec,
    cost: Dec,
    leads: i64,
    customers: i64,
    opportunities: i64,
    opportunity_amount: Dec,
    won_contracts: i64,
    won_amount: Dec,
    received_amount: Dec,
) -> Figures {
    use crate::service::stats::pct;
    let per = |n: i64| -> Option<Dec> {
        (n != 0)
            .then(|| Dec::new((cost.inner() / Decimal::from(n)).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)).with_scale(2))
    };
    Figures {
        budget,
        cost,
        variance: (cost - budget).with_scale(2),
        execution_pct: pct(cost.inner(), budget.inner()),
        leads,
        customers,
        conversion_pct: pct(Decimal::from(customers), Decimal::from(leads)),
        opportunities,
        opportunity_amount,
        won_contracts,
        won_amount,
        received_amount,
        cost_per_lead: per(leads),
        cost_per_customer: per(customers),
        roi_pct: pct(won_amount.inner() - cost.inner(), cost.inner()),
    }
}
