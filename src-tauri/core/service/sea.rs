//! The public sea (公海): the recycling sweep, claiming, returning and assigning, by
//! the policy in `sea_rules`.
//!
//! A customer is recycled when nobody has followed it up for N days (N per level).
//! `owner_id` is NOT NULL in the seed, so a customer in the sea keeps its previous
//! owner; `is_in_sea = 1` and `sea_time` say it is unowned. The sea clock
//! (`crm_customer.last_follow_at`) is reset by every follow-up, a claim and a transfer.

use super::sea_rules::{days_until, due_condition, rules, SeaRules};
use super::{access, oplog, util, Ctx};
use crate::entity::crm_customer::{self, Column};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDateTime};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, TransactionTrait};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SweepReport {
    /// Customers moved into the sea by this sweep.
    pub recycled: u64,
    pub at: Option<NaiveDateTime>,
}

/// Move every idle customer into the sea. Idempotent (a second sweep finds nothing)
/// and safe when several desktops sweep one MySQL at once: rows are locked in id order
/// and moved only if still owned, so each is recycled, and logged, exactly once.
pub async fn sweep(db: &DatabaseConnection, now: NaiveDateTime) -> AppResult<SweepReport> {
    let r = rules(db).await?;
    if !r.enabled {
        return Ok(SweepReport { recycled: 0, at: Some(now) });
    }
    super::util::retry_contended(|| sweep_once(db, &r, now)).await
}

async fn sweep_once(db: &DatabaseConnection, r: &SeaRules, now: NaiveDateTime) -> AppResult<SweepReport> {
    let ctx = Ctx::system(db.clone());
    let txn = db.begin().await?;
    let due: Vec<super::sea_clock::Candidate> = crm_customer::Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::CustomerName)
        .column(Column::Level)
        .column(Column::LastFollowAt)
        .column(Column::CreatedAt)
        .filter(due_condition(r, now))
        .order_by_asc(Column::Id)
        .lock_exclusive()
        .into_tuple()
        .all(&txn)
        .await?;
    // The cache said due: read the clock from the seed's rows before moving anyone.
    let due = super::sea_clock::still_due(&txn, r, now, due).await?;
    let mut recycled = 0u64;
    for chunk in due.chunks(500) {
        let ids: Vec<i64> = chunk.iter().map(|c| c.0).collect();
        let res = crm_customer::Entity::update_many()
            .col_expr(Column::IsInSea, Expr::value(1))
            .col_expr(Column::SeaTime, Expr::value(now))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.is_in(ids))
            .filter(Column::IsInSea.eq(0))
            .exec(&txn)
            .await?;
        recycled += res.rows_affected;
        let entries = chunk
            .iter()
            .map(|(id, name, level, _, _)| {
                let mut changes = Map::new();
                changes.insert("inSea".into(), json!([false, true]));
                changes.insert("seaTime".into(), json!([Value::Null, now]));
                oplog::Entry {
                    action: oplog::Action::Release,
                    entity_type: "crm_customer",
                    entity_id: *id,
                    changes,
                    summary: Some(format!("{name}:超过 {} 天未跟进,自动回收到公海", r.days_for(*level))),
                }
            })
            .collect();
        oplog::record_many(&txn, &ctx, entries).await?;
    }
    txn.commit().await?;
    if recycled > 0 {
        tracing::info!(recycled, "public sea sweep");
    }
    Ok(SweepReport { recycled, at: Some(now) })
}

/// "Recycle now" from the public-sea page: for managers (`customer:transfer`).
pub async fn sweep_now(ctx: &Ctx) -> AppResult<SweepReport> {
    ctx.require("customer:transfer")?;
    sweep(&ctx.db, util::now()).await
}

/// How many customers `user_id` owns (outside the sea).
pub async fn owned_count<C: ConnectionTrait>(conn: &C, user_id: i64) -> AppResult<u64> {
    Ok(crm_customer::Entity::find().filter(Column::OwnerId.eq(user_id)).filter(Column::IsInSea.eq(0)).count(conn).await?)
}

async fn check_cap<C: ConnectionTrait>(conn: &C, r: &SeaRules, user_id: i64, for_self: bool) -> AppResult<()> {
    if r.max_owned == 0 {
        return Ok(());
    }
    let n = owned_count(conn, user_id).await?;
    if n >= r.max_owned as u64 {
        let max = r.max_owned;
        return Err(if for_self {
            AppError::conflict(
                None,
                format!("您已拥有 {n} 个客户,达到上限 {max},请先释放部分客户"),
                format!("You own {n} customers, the limit is {max}; release some first"),
            )
        } else {
            AppError::validation("ownerId", format!("该同事已拥有 {n} 个客户,达到上限 {max}"), format!("This colleague owns {n} customers, the limit is {max}"))
        });
    }
    Ok(())
}

fn taken() -> AppError {
    AppError::conflict(None, "该客户已被其他人领取", "Someone else has already claimed this customer")
}

/// Take a customer from the sea. Race-safe: the move is one conditional UPDATE, so of
/// several simultaneous claimers exactly one wins and the others get CONFLICT.
pub async fn claim(ctx: &Ctx, id: i64) -> AppResult<()> {
    // A claim races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| claim_once(ctx, id)).await
}

async fn claim_once(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("customer:claim")?;
    let me = ctx.actor_id().ok_or_else(|| AppError::validation("ownerId", "命令行不能领取客户", "The CLI cannot claim customers"))?;
    let r = rules(&ctx.db).await?;
    let now = util::now();
    let txn = ctx.db.begin().await?;
    util::lock_user(&txn, me).await?;
    let c = crm_customer::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("客户", "Customer"))?;
    if c.is_in_sea == 0 {
        return Err(taken());
    }
    if c.owner_id == me && r.reclaim_cooldown_days > 0 {
        if let Some(t) = c.sea_time {
            let free_at = t + Duration::days(r.reclaim_cooldown_days as i64);
            if free_at > now {
                let d = days_until(free_at, now);
                return Err(AppError::conflict(
                    None,
                    format!("该客户由您释放到公海,冷却期内不能重新领取,还需 {d} 天"),
                    format!("You released this customer; you can reclaim it in {d} day(s)"),
                ));
            }
        }
    }
    check_cap(&txn, &r, me, true).await?;
    move_out(&txn, ctx, &c, me, now, oplog::Action::Claim, None).await?;
    txn.commit().await?;
    Ok(())
}

/// A manager hands a sea customer to a user in their scope (no cool-down, cap applies).
pub async fn assign(ctx: &Ctx, id: i64, owner_id: i64) -> AppResult<()> {
    // An assignment races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| assign_once(ctx, id, owner_id)).await
}

async fn assign_once(ctx: &Ctx, id: i64, owner_id: i64) -> AppResult<()> {
    ctx.require("customer:transfer")?;
    let scope = ctx.owner_scope().await?;
    let r = rules(&ctx.db).await?;
    let now = util::now();
    let txn = ctx.db.begin().await?;
    access::check_owner(&txn, &scope, owner_id).await?;
    util::lock_user(&txn, owner_id).await?;
    let c = crm_customer::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("客户", "Customer"))?;
    if c.is_in_sea == 0 {
        return Err(taken());
    }
    check_cap(&txn, &r, owner_id, false).await?;
    move_out(&txn, ctx, &c, owner_id, now, oplog::Action::Assign, None).await?;
    txn.commit().await?;
    Ok(())
}

async fn move_out<C: ConnectionTrait>(
    conn: &C,
    ctx: &Ctx,
    c: &crm_customer::Model,
    owner: i64,
    now: NaiveDateTime,
    action: oplog::Action,
    summary: Option<String>,
) -> AppResult<()> {
    let res = crm_customer::Entity::update_many()
        .col_expr(Column::IsInSea, Expr::value(0))
        .col_expr(Column::OwnerId, Expr::value(owner))
        .col_expr(Column::SeaTime, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(Column::LastFollowAt, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(c.id))
        .filter(Column::IsInSea.eq(1))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(taken());
    }
    // The new owner takes over the customer's open opportunities.
    access::move_open_deals(conn, c.id, owner).await?;
    let mut changes = Map::new();
    changes.insert("inSea".into(), json!([true, false]));
    if c.owner_id != owner {
        changes.insert("ownerId".into(), json!([c.owner_id, owner]));
    }
    oplog::record(conn, ctx, action, "crm_customer", c.id, changes, Some(summary.unwrap_or_else(|| c.customer_name.clone()))).await
}

/// The owner (or a manager over them) puts a customer back into the sea, with a reason.
pub async fn release(ctx: &Ctx, id: i64, reason: &str) -> AppResult<()> {
    ctx.require("customer:update")?;
    let reason = util::required("reason", "放入公海的原因", "Reason", reason, 200)?;
    let scope = ctx.owner_scope().await?;
    let now = util::now();
    let txn = ctx.db.begin().await?;
    let c = crm_customer::Entity::find_by_id(id).lock_exclusive().one(&txn).await?;
    let c = match c {
        Some(c) if c.is_in_sea == 0 && scope.allows(c.owner_id) => c,
        Some(c) if c.is_in_sea != 0 => return Err(AppError::conflict(None, "该客户已在公海中", "This customer is already in the public sea")),
        _ => return Err(AppError::not_found("客户", "Customer")),
    };
    crm_customer::Entity::update_many()
        .col_expr(Column::IsInSea, Expr::value(1))
        .col_expr(Column::SeaTime, Expr::value(now))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let mut changes = Map::new();
    changes.insert("inSea".into(), json!([false, true]));
    changes.insert("seaTime".into(), json!([Value::Null, now]));
    oplog::record(&txn, ctx, oplog::Action::Release, "crm_customer", id, changes, Some(format!("{}:{reason}", c.customer_name))).await?;
    txn.commit().await?;
    Ok(())
}
