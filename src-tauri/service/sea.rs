//! The public sea (公海): rules, the recycling sweep, claiming, returning and assigning.
//!
//! A customer is recycled when nobody has followed it up for N days (N per level).
//! `owner_id` is NOT NULL in the seed, so a customer in the sea keeps its previous
//! owner; `is_in_sea = 1` and `sea_time` say it is unowned. The sea clock
//! (`crm_customer.last_follow_at`) is reset by every follow-up, a claim and a transfer.

use super::{oplog, settings, util, Ctx};
use crate::entity::crm_customer::{self, Column};
use crate::entity::enums::{CustomerLevel, CustomerStatus};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDateTime};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Public-sea and claim rules (setting `sea_rules`). Every field has a default, so a
/// partial or older stored value still reads.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SeaRules {
    /// Recycle idle customers at all.
    pub enabled: bool,
    /// Days without a follow-up before an A / B / C / unrated customer is recycled.
    pub days_a: u32,
    pub days_b: u32,
    pub days_c: u32,
    pub days_unrated: u32,
    /// Deal (成交) customers are never recycled.
    pub exempt_deal: bool,
    /// Warn the owner this many days before recycling.
    pub warn_days: u32,
    /// How many customers one user may own (0 = no limit); checked on claim and assign.
    pub max_owned: u32,
    /// Days before the previous owner may reclaim a customer that went to the sea.
    pub reclaim_cooldown_days: u32,
    /// Leads one user may claim from pools per day (0 = no limit).
    pub lead_daily_claim_cap: u32,
}

impl Default for SeaRules {
    fn default() -> Self {
        SeaRules {
            enabled: true,
            days_a: 30,
            days_b: 30,
            days_c: 30,
            days_unrated: 30,
            exempt_deal: true,
            warn_days: 3,
            max_owned: 0,
            reclaim_cooldown_days: 7,
            lead_daily_claim_cap: 50,
        }
    }
}

impl SeaRules {
    pub fn days_for(&self, level: Option<CustomerLevel>) -> u32 {
        match level {
            Some(CustomerLevel::A) => self.days_a,
            Some(CustomerLevel::B) => self.days_b,
            Some(CustomerLevel::C) => self.days_c,
            None => self.days_unrated,
        }
    }

    /// When this customer will be recycled, or None if it never will be (in the sea
    /// already, rules off, exempt).
    pub fn recycle_at(&self, c: &crm_customer::Model) -> Option<NaiveDateTime> {
        if !self.enabled || c.is_in_sea != 0 || (self.exempt_deal && c.status == CustomerStatus::Deal) {
            return None;
        }
        let clock = c.last_follow_at.unwrap_or(c.created_at);
        Some(clock + Duration::days(self.days_for(c.level) as i64))
    }

    fn validate(&self) -> AppResult<()> {
        for (field, zh, en, v) in [
            ("daysA", "A 级客户回收天数", "Days for A customers", self.days_a),
            ("daysB", "B 级客户回收天数", "Days for B customers", self.days_b),
            ("daysC", "C 级客户回收天数", "Days for C customers", self.days_c),
            ("daysUnrated", "未分级客户回收天数", "Days for unrated customers", self.days_unrated),
        ] {
            if !(1..=3650).contains(&v) {
                return Err(AppError::validation(field, format!("{zh}须在 1 到 3650 之间"), format!("{en} must be between 1 and 3650")));
            }
        }
        let min_days = [self.days_a, self.days_b, self.days_c, self.days_unrated].into_iter().min().unwrap_or(1);
        if self.warn_days >= min_days {
            return Err(AppError::validation(
                "warnDays",
                "提前提醒天数须小于最短的回收天数",
                "Warning days must be fewer than the shortest recycling period",
            ));
        }
        if self.reclaim_cooldown_days > 365 {
            return Err(AppError::validation("reclaimCooldownDays", "重新领取冷却期不能超过 365 天", "The reclaim cool-down may be at most 365 days"));
        }
        if self.max_owned > 1_000_000 || self.lead_daily_claim_cap > 100_000 {
            return Err(AppError::validation("maxOwned", "上限数值过大", "The limit is too large"));
        }
        Ok(())
    }
}

/// Whole days left until `at` (rounded up; 0 = today or overdue).
pub fn days_until(at: NaiveDateTime, now: NaiveDateTime) -> i64 {
    let secs = (at - now).num_seconds();
    if secs <= 0 {
        0
    } else {
        (secs + 86_399) / 86_400
    }
}

pub async fn rules<C: ConnectionTrait>(conn: &C) -> AppResult<SeaRules> {
    settings::read(conn, settings::SEA_RULES).await
}

pub async fn get_rules(ctx: &Ctx) -> AppResult<SeaRules> {
    ctx.require_login()?;
    rules(&ctx.db).await
}

pub async fn set_rules(ctx: &Ctx, r: SeaRules) -> AppResult<SeaRules> {
    ctx.require("settings:update")?;
    r.validate()?;
    settings::write(ctx, settings::SEA_RULES, &r).await?;
    Ok(r)
}

/// The rows a sweep at `now` would recycle.
fn due_condition(r: &SeaRules, now: NaiveDateTime) -> Condition {
    let mut any = Condition::any();
    for (level, days) in [
        (Some(CustomerLevel::A), r.days_a),
        (Some(CustomerLevel::B), r.days_b),
        (Some(CustomerLevel::C), r.days_c),
        (None, r.days_unrated),
    ] {
        let cutoff = now - Duration::days(days as i64);
        let level_cond = match level {
            Some(l) => Condition::all().add(Column::Level.eq(l)),
            None => Condition::all().add(Column::Level.is_null()),
        };
        let idle = Condition::any()
            .add(Column::LastFollowAt.lt(cutoff))
            .add(Condition::all().add(Column::LastFollowAt.is_null()).add(Column::CreatedAt.lt(cutoff)));
        any = any.add(level_cond.add(idle));
    }
    let mut all = Condition::all().add(Column::IsInSea.eq(0)).add(any);
    if r.exempt_deal {
        all = all.add(Column::Status.ne(CustomerStatus::Deal));
    }
    all
}

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
    let mut attempt = 0;
    loop {
        attempt += 1;
        match sweep_once(db, &r, now).await {
            Err(AppError::Internal(msg)) if attempt < 5 && (msg.contains("1213") || msg.contains("Deadlock") || msg.contains("1205")) => {
                tokio::time::sleep(std::time::Duration::from_millis(50 * attempt)).await;
            }
            other => return other,
        }
    }
}

async fn sweep_once(db: &DatabaseConnection, r: &SeaRules, now: NaiveDateTime) -> AppResult<SweepReport> {
    let ctx = Ctx::system(db.clone());
    let txn = db.begin().await?;
    let due: Vec<(i64, String, Option<CustomerLevel>)> = crm_customer::Entity::find()
        .select_only()
        .column(Column::Id)
        .column(Column::CustomerName)
        .column(Column::Level)
        .filter(due_condition(r, now))
        .order_by_asc(Column::Id)
        .lock_exclusive()
        .into_tuple()
        .all(&txn)
        .await?;
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
            .map(|(id, name, level)| {
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
            AppError::conflict(None, format!("您已拥有 {n} 个客户,达到上限 {max},请先释放部分客户"), format!("You own {n} customers, the limit is {max}; release some first"))
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
    ctx.require("customer:transfer")?;
    let scope = ctx.owner_scope().await?;
    let r = rules(&ctx.db).await?;
    let now = util::now();
    let txn = ctx.db.begin().await?;
    super::customer::check_owner(&txn, &scope, owner_id).await?;
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

/// Customers of `owners` that will be recycled before `until` (the warning list).
pub fn expiring_condition(r: &SeaRules, now: NaiveDateTime) -> Option<Condition> {
    if !r.enabled {
        return None;
    }
    // Due at `now + warn_days`: excludes the sea and exempt customers already.
    Some(due_condition(r, now + Duration::days(r.warn_days as i64)))
}
