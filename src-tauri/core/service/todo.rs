//! The to-do board and reminders: follow-ups due, planned visits and return visits,
//! customers about to be recycled into the public sea; the sidebar badge counts and the
//! desktop notifications.

use super::follow_up::{rows, FollowUpRow};
use super::sea_rules;
use super::{access, customer, util, Ctx};
use crate::auth::OwnerScope;
use crate::entity::crm_follow_up::{self, Column};
use crate::entity::enums::{ContractStatus, PaymentPlanStatus, ReturnVisitStatus, VisitPlanStatus};
use crate::entity::{crm_contract, crm_customer, crm_payment_plan, crm_return_visit, crm_visit_plan};
use crate::error::AppResult;
use chrono::NaiveDateTime;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
// ---------------------------------------------------------------- to-do

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TodoCounts {
    /// Follow-ups due before today ended and not done (overdue included).
    pub follow_ups: u64,
    /// Of those, already overdue.
    pub overdue: u64,
    /// Planned visits due by the end of today.
    pub visits: u64,
    /// Pending return visits due by the end of today.
    pub return_visits: u64,
    /// My customers the sea will take within the warning period.
    pub expiring: u64,
    /// Payment plans in my scope falling due from today to today + `dueSoonDays`, not fully paid.
    pub plans_due: u64,
    /// Payment plans in my scope dated before today and not fully paid.
    pub plans_overdue: u64,
    /// Invoice requests waiting for finance (those who issue invoices).
    pub invoice_requests: u64,
    /// Receipts waiting for confirmation (those who confirm).
    pub receipts_to_confirm: u64,
    /// Work orders: assigned to me and new, at risk, breached, resolved and not rated.
    pub service: super::work_order::ServiceTodo,
    pub total: u64,
}

/// A payment plan on the to-do board.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TodoPlan {
    pub id: i64,
    pub contract_id: i64,
    pub contract_no: String,
    pub customer_name: Option<String>,
    pub plan_date: chrono::NaiveDate,
    pub plan_amount: crate::money::Dec,
    pub payment_term: Option<String>,
    /// Days overdue (None: due today or later).
    pub overdue_days: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TodoVisit {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: Option<String>,
    pub title: String,
    pub due: NaiveDateTime,
    pub kind: TodoKind,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum TodoKind {
    Visit,
    ReturnVisit,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TodoBoard {
    pub counts: TodoCounts,
    pub follow_ups: Vec<FollowUpRow>,
    pub visits: Vec<TodoVisit>,
    pub expiring: Vec<customer::CustomerRow>,
    /// Overdue plans and plans falling due soon, oldest first.
    pub plans: Vec<TodoPlan>,
    /// Invoice requests waiting (for those who issue invoices).
    pub invoice_requests: Vec<super::receivable::InvoiceRequestRow>,
    /// My work orders needing attention, then those waiting for a satisfaction rating.
    pub work_orders: Vec<super::work_order::WorkOrderRow>,
}

/// The user's calendar day from the desktop's offset.
fn local_today(tz_offset_minutes: i32) -> chrono::NaiveDate {
    (util::now() + chrono::Duration::minutes(tz_offset_minutes.clamp(-14 * 60, 14 * 60) as i64)).date()
}

/// Plans not fully paid, dated before `until` (exclusive), on contracts in the caller's
/// scope that are not terminated.
fn open_plans(scope: &OwnerScope, until: chrono::NaiveDate) -> sea_orm::Select<crm_payment_plan::Entity> {
    use sea_orm::QueryTrait;
    let contracts = access::filter_deals(scope, crm_contract::Entity::find(), crm_contract::Column::CustomerId)
        .select_only()
        .column(crm_contract::Column::Id)
        .filter(crm_contract::Column::Status.ne(ContractStatus::Terminated))
        .into_query();
    crm_payment_plan::Entity::find()
        .filter(crm_payment_plan::Column::Status.ne(PaymentPlanStatus::Paid))
        .filter(crm_payment_plan::Column::PlanDate.lt(until))
        .filter(crm_payment_plan::Column::ContractId.in_subquery(contracts))
}

/// The caller's open reminders due before `until`, on records they still have.
fn due_follow_ups(me: i64, scope: &OwnerScope, until: NaiveDateTime) -> sea_orm::Select<crm_follow_up::Entity> {
    let q = crm_follow_up::Entity::find();
    let q = match access::follow_ups_condition(scope) {
        Some(c) => q.filter(c),
        None => q,
    };
    q.filter(Column::CreatedBy.eq(me)).filter(Column::NextDone.eq(0)).filter(Column::NextFollowTime.is_not_null()).filter(Column::NextFollowTime.lt(until))
}

fn my_visits(me: i64, until: NaiveDateTime) -> sea_orm::Select<crm_visit_plan::Entity> {
    crm_visit_plan::Entity::find()
        .filter(crm_visit_plan::Column::CreatedBy.eq(me))
        .filter(crm_visit_plan::Column::Status.eq(VisitPlanStatus::Planned))
        .filter(crm_visit_plan::Column::VisitTime.lt(until))
}

fn my_return_visits(me: i64, until: NaiveDateTime) -> sea_orm::Select<crm_return_visit::Entity> {
    crm_return_visit::Entity::find()
        .filter(crm_return_visit::Column::CreatedBy.eq(me))
        .filter(crm_return_visit::Column::Status.eq(ReturnVisitStatus::Pending))
        .filter(crm_return_visit::Column::PlanTime.lt(until))
}

async fn expiring_query(ctx: &Ctx, me: i64, now: NaiveDateTime) -> AppResult<Option<sea_orm::Select<crm_customer::Entity>>> {
    let r = sea_rules::rules(ctx.reader()).await?;
    Ok(sea_rules::expiring_condition(&r, now).map(|c| crm_customer::Entity::find().filter(crm_customer::Column::OwnerId.eq(me)).filter(c)))
}

/// Counts for the sidebar badge. `tz_offset_minutes`: the desktop's offset east of UTC,
/// so "today" is the user's day.
pub async fn todo_counts(ctx: &Ctx, tz_offset_minutes: i32) -> AppResult<TodoCounts> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Ok(TodoCounts::default()) };
    counts_for(ctx, me, &ctx.owner_scope().await?, tz_offset_minutes).await
}

async fn counts_for(ctx: &Ctx, me: i64, scope: &OwnerScope, tz_offset_minutes: i32) -> AppResult<TodoCounts> {
    let now = util::now();
    let end = util::day_end_utc(now, tz_offset_minutes);
    let follow_ups = due_follow_ups(me, scope, end).count(ctx.reader()).await?;
    let overdue = due_follow_ups(me, scope, now).count(ctx.reader()).await?;
    let visits = my_visits(me, end).count(ctx.reader()).await?;
    let return_visits = my_return_visits(me, end).count(ctx.reader()).await?;
    let expiring = match expiring_query(ctx, me, now).await? {
        Some(q) if ctx.can("customer:read") => q.count(ctx.reader()).await?,
        _ => 0,
    };
    let (mut plans_due, mut plans_overdue, mut invoice_requests, mut receipts_to_confirm) = (0, 0, 0, 0);
    if ctx.can("payment:read") {
        let today = local_today(tz_offset_minutes);
        let soon = super::receivable::settings(ctx.reader()).await?.due_soon_days;
        plans_overdue = open_plans(scope, today).count(ctx.reader()).await?;
        plans_due = open_plans(scope, today + chrono::Duration::days(i64::from(soon) + 1)).count(ctx.reader()).await? - plans_overdue;
    }
    if ctx.can("invoice:create") {
        invoice_requests = super::receivable::requests_pending(ctx).await?.len() as u64;
    }
    if ctx.can("payment:confirm") {
        let me_id = me;
        receipts_to_confirm = super::receivable::receipts_pending(ctx).await?.iter().filter(|r| r.created_by != me_id).count() as u64;
    }
    let service = super::work_order::todo_counts(ctx.reader(), ctx).await?;
    Ok(TodoCounts {
        total: follow_ups + visits + return_visits + expiring + plans_due + plans_overdue + invoice_requests + receipts_to_confirm + service.total,
        service,
        follow_ups,
        overdue,
        visits,
        return_visits,
        expiring,
        plans_due,
        plans_overdue,
        invoice_requests,
        receipts_to_confirm,
    })
}

/// Overdue plans and plans due within the setting's days, oldest first (at most 200).
async fn todo_plans(ctx: &Ctx, scope: &OwnerScope, tz_offset_minutes: i32) -> AppResult<Vec<TodoPlan>> {
    if !ctx.can("payment:read") {
        return Ok(vec![]);
    }
    let today = local_today(tz_offset_minutes);
    let soon = super::receivable::settings(ctx.reader()).await?.due_soon_days;
    let list = open_plans(scope, today + chrono::Duration::days(i64::from(soon) + 1))
        .order_by_asc(crm_payment_plan::Column::PlanDate)
        .order_by_asc(crm_payment_plan::Column::Id)
        .limit(200)
        .all(ctx.reader())
        .await?;
    let contract_ids: Vec<i64> = list.iter().map(|p| p.contract_id).collect();
    let contracts: HashMap<i64, crm_contract::Model> =
        crm_contract::Entity::find().filter(crm_contract::Column::Id.is_in(contract_ids)).all(ctx.reader()).await?.into_iter().map(|c| (c.id, c)).collect();
    let customer_ids: Vec<i64> = contracts.values().map(|c| c.customer_id).collect();
    let names = util::names_by_id::<crm_customer::Entity, _>(ctx.reader(), crm_customer::Column::Id, crm_customer::Column::CustomerName, customer_ids).await?;
    Ok(list
        .into_iter()
        .map(|p| TodoPlan {
            contract_no: contracts.get(&p.contract_id).map(|c| c.contract_no.clone()).unwrap_or_default(),
            customer_name: contracts.get(&p.contract_id).and_then(|c| names.get(&c.customer_id).cloned()),
            overdue_days: super::rollup::overdue_days(p.plan_date, p.status, today),
            id: p.id,
            contract_id: p.contract_id,
            plan_date: p.plan_date,
            plan_amount: p.plan_amount,
            payment_term: p.payment_term,
        })
        .collect())
}

/// Plans falling due today in the caller's scope (the day's desktop notification).
pub async fn plans_due_today(ctx: &Ctx, tz_offset_minutes: i32) -> AppResult<u64> {
    ctx.require_login()?;
    if !ctx.can("payment:read") {
        return Ok(0);
    }
    let scope = ctx.owner_scope().await?;
    let today = local_today(tz_offset_minutes);
    Ok(open_plans(&scope, today + chrono::Duration::days(1)).filter(crm_payment_plan::Column::PlanDate.gte(today)).count(ctx.reader()).await?)
}

/// The to-do board: everything due by the end of the user's today, oldest first.
pub async fn todo_board(ctx: &Ctx, tz_offset_minutes: i32) -> AppResult<TodoBoard> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else {
        return Ok(TodoBoard {
            counts: TodoCounts::default(),
            follow_ups: vec![],
            visits: vec![],
            expiring: vec![],
            plans: vec![],
            invoice_requests: vec![],
            work_orders: vec![],
        });
    };
    // The scope is resolved once for the counts and the lists.
    let scope = ctx.owner_scope().await?;
    let counts = counts_for(ctx, me, &scope, tz_offset_minutes).await?;
    let now = util::now();
    let end = util::day_end_utc(now, tz_offset_minutes);
    let f = due_follow_ups(me, &scope, end).order_by_asc(Column::NextFollowTime).limit(200).all(ctx.reader()).await?;
    let follow_ups = rows(ctx.reader(), f).await?;
    let mut visits: Vec<TodoVisit> = my_visits(me, end)
        .order_by_asc(crm_visit_plan::Column::VisitTime)
        .limit(100)
        .all(ctx.reader())
        .await?
        .into_iter()
        .map(|v| TodoVisit { id: v.id, customer_id: v.customer_id, customer_name: None, title: v.visit_purpose, due: v.visit_time, kind: TodoKind::Visit })
        .collect();
    visits.extend(my_return_visits(me, end).order_by_asc(crm_return_visit::Column::PlanTime).limit(100).all(ctx.reader()).await?.into_iter().map(|v| {
        TodoVisit {
            id: v.id,
            customer_id: v.customer_id,
            customer_name: None,
            title: v.content.unwrap_or_else(|| v.visit_type.clone()),
            due: v.plan_time,
            kind: TodoKind::ReturnVisit,
        }
    }));
    visits.sort_by_key(|v| v.due);
    let ids: Vec<i64> = visits.iter().map(|v| v.customer_id).collect();
    if !ids.is_empty() {
        let names: HashMap<i64, String> = crm_customer::Entity::find()
            .select_only()
            .column(crm_customer::Column::Id)
            .column(crm_customer::Column::CustomerName)
            .filter(crm_customer::Column::Id.is_in(ids))
            .into_tuple::<(i64, String)>()
            .all(ctx.reader())
            .await?
            .into_iter()
            .collect();
        for v in &mut visits {
            v.customer_name = names.get(&v.customer_id).cloned();
        }
    }
    let expiring = match expiring_query(ctx, me, now).await? {
        Some(q) if ctx.can("customer:read") => {
            let list = q.order_by_asc(crm_customer::Column::LastFollowAt).limit(100).all(ctx.reader()).await?;
            customer::rows(ctx.reader(), list).await?
        }
        _ => vec![],
    };
    let plans = todo_plans(ctx, &scope, tz_offset_minutes).await?;
    let invoice_requests = if ctx.can("invoice:create") { super::receivable::requests_pending(ctx).await? } else { vec![] };
    let work_orders = super::work_order::todo_list(ctx).await?;
    Ok(TodoBoard { counts, follow_ups, visits, expiring, plans, invoice_requests, work_orders })
}

/// Reminders that fell due in `(since, now]` for the caller (desktop notifications).
pub async fn due_between(ctx: &Ctx, since: NaiveDateTime, now: NaiveDateTime) -> AppResult<Vec<FollowUpRow>> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Ok(vec![]) };
    let scope = ctx.owner_scope().await?;
    let list = due_follow_ups(me, &scope, now + chrono::Duration::seconds(1))
        .filter(Column::NextFollowTime.gt(since))
        .order_by_asc(Column::NextFollowTime)
        .limit(20)
        .all(ctx.reader())
        .await?;
    rows(ctx.reader(), list).await
}

/// Overdue reminders (for the start-up notification).
pub async fn overdue_count(ctx: &Ctx) -> AppResult<u64> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Ok(0) };
    let scope = ctx.owner_scope().await?;
    Ok(due_follow_ups(me, &scope, util::now()).count(ctx.reader()).await?)
}
