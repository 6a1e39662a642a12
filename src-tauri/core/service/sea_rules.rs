//! Public-sea policy (setting `sea_rules`): how long a customer may stay idle per
//! level, caps and cool-downs, and the conditions "due for recycling" and "expiring
//! soon". The sweep and claims that act on it are in `sea`; lists and the to-do board
//! read it from here.

use super::{settings, Ctx};
use crate::entity::crm_customer::{self, Column};
use crate::entity::enums::{CustomerLevel, CustomerStatus};
use crate::error::{AppError, AppResult};
use chrono::{Duration, NaiveDateTime};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait};
use serde::{Deserialize, Serialize};

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
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
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
            lock_version: None,
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
            return Err(AppError::validation("warnDays", "提前提醒天数须小于最短的回收天数", "Warning days must be fewer than the shortest recycling period"));
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
    let (mut r, v): (SeaRules, i32) = settings::read_versioned(&ctx.db, settings::SEA_RULES).await?;
    r.lock_version = Some(v);
    Ok(r)
}

pub async fn set_rules(ctx: &Ctx, mut r: SeaRules) -> AppResult<SeaRules> {
    ctx.require("settings:update")?;
    let expected = r.lock_version.take();
    r.validate()?;
    r.lock_version = Some(settings::write_checked(ctx, settings::SEA_RULES, &r, expected).await?);
    Ok(r)
}

/// The rows a sweep at `now` would recycle.
pub fn due_condition(r: &SeaRules, now: NaiveDateTime) -> Condition {
    let mut any = Condition::any();
    for (level, days) in [(Some(CustomerLevel::A), r.days_a), (Some(CustomerLevel::B), r.days_b), (Some(CustomerLevel::C), r.days_c), (None, r.days_unrated)] {
        let cutoff = now - Duration::days(days as i64);
        let level_cond = match level {
            Some(l) => Condition::all().add(Column::Level.eq(l)),
            None => Condition::all().add(Column::Level.is_null()),
        };
        let idle =
            Condition::any().add(Column::LastFollowAt.lt(cutoff)).add(Condition::all().add(Column::LastFollowAt.is_null()).add(Column::CreatedAt.lt(cutoff)));
        any = any.add(level_cond.add(idle));
    }
    let mut all = Condition::all().add(Column::IsInSea.eq(0)).add(any);
    if r.exempt_deal {
        all = all.add(Column::Status.ne(CustomerStatus::Deal));
    }
    all
}

/// Customers of `owners` that will be recycled before `until` (the warning list).
pub fn expiring_condition(r: &SeaRules, now: NaiveDateTime) -> Option<Condition> {
    if !r.enabled {
        return None;
    }
    // Due at `now + warn_days`: excludes the sea and exempt customers already.
    Some(due_condition(r, now + Duration::days(r.warn_days as i64)))
}
