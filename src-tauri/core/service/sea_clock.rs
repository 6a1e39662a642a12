//! The public-sea clock read from the seed's own rows. `crm_customer.last_follow_at` is a
//! cache the app keeps; other tools (a DBA's SQL, a call-center or WeChat Work
//! integration) write follow-ups without touching it. Before the sweep moves a customer,
//! its clock is recomputed from the rows: the newest follow-up on the customer, the newest
//! on the lead it was converted from, and the newest claim, assignment or transfer in the
//! operation log. Only the due candidates are checked (index lookups in chunks), and a
//! clock found stale is repaired in the sweep's transaction.

use super::sea_rules::SeaRules;
use crate::entity::enums::CustomerLevel;
use crate::entity::{crm_customer, crm_follow_up, sys_operation_log};
use crate::error::AppResult;
use chrono::{Duration, NaiveDateTime};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;

/// A customer the clock cache calls due: id, name, level, cached clock, created.
pub(crate) type Candidate = (i64, String, Option<CustomerLevel>, Option<NaiveDateTime>, NaiveDateTime);

fn newer(map: &mut HashMap<i64, NaiveDateTime>, id: i64, at: NaiveDateTime) {
    let e = map.entry(id).or_insert(at);
    if at > *e {
        *e = at;
    }
}

/// Newest follow-up per record of one kind.
async fn newest_follow_ups<C: ConnectionTrait>(conn: &C, kind: &str, ids: Vec<i64>) -> AppResult<Vec<(i64, NaiveDateTime)>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(crm_follow_up::Entity::find()
        .select_only()
        .column(crm_follow_up::Column::RelationId)
        .column_as(crm_follow_up::Column::CreatedAt.max(), "at")
        .filter(crm_follow_up::Column::RelationType.eq(kind))
        .filter(crm_follow_up::Column::RelationId.is_in(ids))
        .group_by(crm_follow_up::Column::RelationId)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The leads these customers were converted from (lead id → customer id), found in the
/// operation log by the conversion's time (the same transaction created the customer).
async fn source_leads<C: ConnectionTrait>(conn: &C, customers: &[&Candidate]) -> AppResult<HashMap<i64, i64>> {
    // The chunk is sorted by creation time: one range of the log's `idx_created` covers it.
    let (Some(from), Some(to)) = (customers.iter().map(|c| c.4).min(), customers.iter().map(|c| c.4).max()) else { return Ok(HashMap::new()) };
    let around = sys_operation_log::Column::CreatedAt.between(from - Duration::seconds(5), to + Duration::seconds(5));
    let logs: Vec<(i64, Option<String>)> = sys_operation_log::Entity::find()
        .select_only()
        .column(sys_operation_log::Column::EntityId)
        .column(sys_operation_log::Column::Changes)
        .filter(sys_operation_log::Column::EntityType.eq("crm_lead"))
        .filter(sys_operation_log::Column::Action.eq("convert"))
        .filter(around)
        .into_tuple()
        .all(conn)
        .await?;
    let wanted: std::collections::HashSet<i64> = customers.iter().map(|c| c.0).collect();
    let mut out = HashMap::new();
    for (lead, changes) in logs {
        let customer = changes
            .and_then(|c| serde_json::from_str::<serde_json::Value>(&c).ok())
            .and_then(|v| v.get("customerId").and_then(|p| p.get(1)).and_then(|x| x.as_i64()));
        if let Some(c) = customer.filter(|c| wanted.contains(c)) {
            out.insert(lead, c);
        }
    }
    Ok(out)
}

/// The clock of each candidate from the seed's rows (only where it is newer than the
/// cached one).
async fn true_clocks<C: ConnectionTrait>(conn: &C, chunk: &[&Candidate]) -> AppResult<HashMap<i64, NaiveDateTime>> {
    let ids: Vec<i64> = chunk.iter().map(|c| c.0).collect();
    let mut clock: HashMap<i64, NaiveDateTime> = HashMap::new();
    for (id, at) in newest_follow_ups(conn, "customer", ids.clone()).await? {
        newer(&mut clock, id, at);
    }
    let moves: Vec<(i64, NaiveDateTime)> = sys_operation_log::Entity::find()
        .select_only()
        .column(sys_operation_log::Column::EntityId)
        .column_as(sys_operation_log::Column::CreatedAt.max(), "at")
        .filter(sys_operation_log::Column::EntityType.eq("crm_customer"))
        .filter(sys_operation_log::Column::EntityId.is_in(ids))
        .filter(sys_operation_log::Column::Action.is_in(["claim", "assign", "owner"]))
        .group_by(sys_operation_log::Column::EntityId)
        .into_tuple()
        .all(conn)
        .await?;
    for (id, at) in moves {
        newer(&mut clock, id, at);
    }
    let leads = source_leads(conn, chunk).await?;
    for (lead, at) in newest_follow_ups(conn, "lead", leads.keys().copied().collect()).await? {
        if let Some(c) = leads.get(&lead) {
            newer(&mut clock, *c, at);
        }
    }
    Ok(chunk
        .iter()
        .filter_map(|c| {
            let cached = c.3.unwrap_or(c.4);
            clock.get(&c.0).filter(|at| **at > cached).map(|at| (c.0, *at))
        })
        .collect())
}

/// The candidates still due once their clocks are read from the rows; the clocks found
/// stale are repaired (in the caller's transaction).
pub(crate) async fn still_due<C: ConnectionTrait>(conn: &C, r: &SeaRules, now: NaiveDateTime, due: Vec<Candidate>) -> AppResult<Vec<Candidate>> {
    let mut keep = Vec::with_capacity(due.len());
    // Chunked in creation order, so each chunk's conversions are one narrow time range.
    let mut due = due;
    due.sort_by_key(|c| (c.4, c.0));
    for chunk in due.chunks(300) {
        let refs: Vec<&Candidate> = chunk.iter().collect();
        let fresh = true_clocks(conn, &refs).await?;
        for c in chunk {
            match fresh.get(&c.0) {
                Some(at) if *at >= now - Duration::days(r.days_for(c.2) as i64) => {}
                _ => keep.push(c.clone()),
            }
        }
        if !fresh.is_empty() {
            // One statement per chunk; a repaired cache is not an edit: keep `updated_at`
            // (MySQL's ON UPDATE would stamp it).
            let mut case = sea_orm::sea_query::CaseStatement::new();
            for (id, at) in &fresh {
                case = case.case(Expr::col(crm_customer::Column::Id).eq(*id), Expr::val(*at));
            }
            let case: Expr = case.into();
            crm_customer::Entity::update_many()
                .col_expr(crm_customer::Column::UpdatedAt, Expr::col(crm_customer::Column::UpdatedAt))
                .col_expr(crm_customer::Column::LastFollowAt, case)
                .filter(crm_customer::Column::Id.is_in(fresh.keys().copied()))
                .exec(conn)
                .await?;
        }
    }
    keep.sort_by_key(|c| c.0);
    Ok(keep)
}

/// Up to which follow-up id [`catch_up`] has looked.
#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct FollowWatermark {
    last_id: i64,
}

const WATERMARK_KEY: &str = "follow_up.watermark";

/// The incremental pass over follow-ups written since the last one (by id), whoever wrote
/// them: a newer follow-up marks the earlier reminders on the same record done, and moves
/// its customer's sea clock forward. The first run only sets the watermark (the app's own
/// rows are right; the sweep reads the rows anyway). Returns the follow-ups looked at.
pub async fn catch_up(db: &sea_orm::DatabaseConnection) -> AppResult<u64> {
    use sea_orm::TransactionTrait;
    let top: i64 = crm_follow_up::Entity::find()
        .select_only()
        .column_as(crm_follow_up::Column::Id.max(), "m")
        .into_tuple::<Option<i64>>()
        .one(db)
        .await?
        .flatten()
        .unwrap_or(0);
    let row = crate::entity::sys_setting::Entity::find().filter(crate::entity::sys_setting::Column::SettingKey.eq(WATERMARK_KEY)).one(db).await?;
    let Some(_) = row else {
        super::settings::write_raw(db, WATERMARK_KEY, &FollowWatermark { last_id: top }).await?;
        return Ok(0);
    };
    let mut wm: FollowWatermark = super::settings::read(db, WATERMARK_KEY).await?;
    let mut seen = 0u64;
    while wm.last_id < top {
        let upto = std::cmp::min(wm.last_id + 5000, top);
        let groups: Vec<(String, i64, NaiveDateTime, i64)> = crm_follow_up::Entity::find()
            .select_only()
            .column(crm_follow_up::Column::RelationType)
            .column(crm_follow_up::Column::RelationId)
            .column_as(crm_follow_up::Column::CreatedAt.max(), "at")
            .column_as(Expr::cust("COUNT(*)"), "n")
            .filter(crm_follow_up::Column::Id.gt(wm.last_id))
            .filter(crm_follow_up::Column::Id.lte(upto))
            .group_by(crm_follow_up::Column::RelationType)
            .group_by(crm_follow_up::Column::RelationId)
            .into_tuple()
            .all(db)
            .await?;
        let txn = db.begin().await?;
        for (kind, id, at, n) in groups {
            seen += n as u64;
            crm_follow_up::Entity::update_many()
                .col_expr(crm_follow_up::Column::UpdatedAt, Expr::col(crm_follow_up::Column::UpdatedAt))
                .col_expr(crm_follow_up::Column::NextDone, Expr::value(1))
                .filter(crm_follow_up::Column::RelationType.eq(kind.as_str()))
                .filter(crm_follow_up::Column::RelationId.eq(id))
                .filter(crm_follow_up::Column::NextDone.eq(0))
                .filter(crm_follow_up::Column::NextFollowTime.is_not_null())
                .filter(crm_follow_up::Column::CreatedAt.lt(at))
                .exec(&txn)
                .await?;
            if kind == "customer" {
                crm_customer::Entity::update_many()
                    .col_expr(crm_customer::Column::UpdatedAt, Expr::col(crm_customer::Column::UpdatedAt))
                    .col_expr(crm_customer::Column::LastFollowAt, Expr::value(at))
                    .filter(crm_customer::Column::Id.eq(id))
                    .filter(Condition::any().add(crm_customer::Column::LastFollowAt.is_null()).add(crm_customer::Column::LastFollowAt.lt(at)))
                    .exec(&txn)
                    .await?;
            }
        }
        super::settings::write_raw(&txn, WATERMARK_KEY, &FollowWatermark { last_id: upto }).await?;
        txn.commit().await?;
        wm.last_id = upto;
    }
    Ok(seen)
}
