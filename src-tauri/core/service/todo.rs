//! The to-do board and reminders: follow-ups due, planned visits and return visits,
//! customers about to be recycled into the public sea; the sidebar badge counts and the
//! desktop notifications.

use super::follow_up::{rows, FollowUpRow};
use super::sea_rules;
use super::{access, customer, util, Ctx};
use crate::auth::OwnerScope;
use crate::entity::crm_follow_up::{self, Column};
use crate::entity::enums::{ReturnVisitStatus, VisitPlanStatus};
use crate::entity::{crm_customer, crm_return_visit, crm_visit_plan};
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
    pub total: u64,
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
    let r = sea_rules::rules(&ctx.db).await?;
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
    let follow_ups = due_follow_ups(me, scope, end).count(&ctx.db).await?;
    let overdue = due_follow_ups(me, scope, now).count(&ctx.db).await?;
    let visits = my_visits(me, end).count(&ctx.db).await?;
    let return_visits = my_return_visits(me, end).count(&ctx.db).await?;
    let expiring = match expiring_query(ctx, me, now).await? {
        Some(q) if ctx.can("customer:read") => q.count(&ctx.db).await?,
        _ => 0,
    };
    Ok(TodoCounts { follow_ups, overdue, visits, return_visits, expiring, total: follow_ups + visits + return_visits + expiring })
}

/// The to-do board: everything due by the end of the user's today, oldest first.
pub async fn todo_board(ctx: &Ctx, tz_offset_minutes: i32) -> AppResult<TodoBoard> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else {
        return Ok(TodoBoard { counts: TodoCounts::default(), follow_ups: vec![], visits: vec![], expiring: vec![] });
    };
    // The scope is resolved once for the counts and the lists.
    let scope = ctx.owner_scope().await?;
    let counts = counts_for(ctx, me, &scope, tz_offset_minutes).await?;
    let now = util::now();
    let end = util::day_end_utc(now, tz_offset_minutes);
    let f = due_follow_ups(me, &scope, end).order_by_asc(Column::NextFollowTime).limit(200).all(&ctx.db).await?;
    let follow_ups = rows(&ctx.db, f).await?;
    let mut visits: Vec<TodoVisit> = my_visits(me, end)
        .order_by_asc(crm_visit_plan::Column::VisitTime)
        .limit(100)
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|v| TodoVisit { id: v.id, customer_id: v.customer_id, customer_name: None, title: v.visit_purpose, due: v.visit_time, kind: TodoKind::Visit })
        .collect();
    visits.extend(my_return_visits(me, end).order_by_asc(crm_return_visit::Column::PlanTime).limit(100).all(&ctx.db).await?.into_iter().map(|v| TodoVisit {
        id: v.id,
        customer_id: v.customer_id,
        customer_name: None,
        title: v.content.unwrap_or_else(|| v.visit_type.clone()),
        due: v.plan_time,
        kind: TodoKind::ReturnVisit,
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
            .all(&ctx.db)
            .await?
            .into_iter()
            .collect();
        for v in &mut visits {
            v.customer_name = names.get(&v.customer_id).cloned();
        }
    }
    let expiring = match expiring_query(ctx, me, now).await? {
        Some(q) if ctx.can("customer:read") => {
            let list = q.order_by_asc(crm_customer::Column::LastFollowAt).limit(100).all(&ctx.db).await?;
            customer::rows(&ctx.db, list).await?
        }
        _ => vec![],
    };
    Ok(TodoBoard { counts, follow_ups, visits, expiring })
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
        .all(&ctx.db)
        .await?;
    rows(&ctx.db, list).await
}

/// Overdue reminders (for the start-up notification).
pub async fn overdue_count(ctx: &Ctx) -> AppResult<u64> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Ok(0) };
    let scope = ctx.owner_scope().await?;
    Ok(due_follow_ups(me, &scope, util::now()).count(&ctx.db).await?)
}
