//! The home page after login (工作台): cards for the period against the previous one,
//! the sales funnel, twelve months of contracts and receipts against last year, target
//! completion, lead sources, the customer mix, the top reps, the to-do summary, customers
//! about to go to the public sea and forgotten customers. Every figure is limited to the
//! chosen scope (capped by the role) and computed from the seed's rows; money is summed in
//! integer cents on both backends.

use super::opportunity;
use super::sea_rules;
use super::stats::{self, Audience, StatsQuery, Who, Window};
use super::target::{self, TargetBasis};
use super::todo::{self, TodoCounts};
use super::{settings, util, Ctx};
use crate::entity::crm_customer;
use crate::entity::enums::{CustomerLevel, CustomerStatus, DataScope};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A card: the period's figure, the previous period's, and the change in %.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardCard {
    /// leads / customers / opportunities / contracts / receipts / followUps
    pub key: String,
    pub count: i64,
    /// Contracts and receipts: their amount.
    pub amount: Option<Dec>,
    pub prev_count: i64,
    pub prev_amount: Option<Dec>,
    /// 较上期: the amount's change where there is one, else the count's; None when the
    /// previous figure is 0.
    #[ts(type = "string | null")]
    pub change_pct: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FunnelStage {
    pub stage: String,
    /// The stage's configured win probability (None: a stage no longer configured).
    pub probability: Option<i32>,
    pub count: i64,
    pub amount: Dec,
    /// Σ amount × the opportunity's own win probability.
    pub weighted: Dec,
    /// Opportunities at this stage or beyond ÷ those at the previous stage or beyond, in
    /// %; None for the first stage and unconfigured ones.
    #[ts(type = "string | null")]
    pub conversion: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MonthlySeries {
    pub year: i32,
    /// Signed contract amount per month (January first), this year and last year.
    pub contracts: Vec<Dec>,
    pub contracts_last_year: Vec<Dec>,
    /// Confirmed receipts per month.
    pub receipts: Vec<Dec>,
    pub receipts_last_year: Vec<Dec>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetGauge {
    pub basis: TargetBasis,
    /// The target of the months the period touches (None: no target set).
    pub target: Option<Dec>,
    pub achieved: Dec,
    #[ts(type = "string | null")]
    pub completion: Option<Decimal>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NameCount {
    /// None: not filled in.
    pub name: Option<String>,
    pub count: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LevelStatusCount {
    pub level: Option<CustomerLevel>,
    pub status: CustomerStatus,
    pub count: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RepAmount {
    pub user_id: i64,
    pub name: String,
    pub count: i64,
    pub amount: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SeaSoonRow {
    pub id: i64,
    pub customer_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub recycle_at: Option<NaiveDateTime>,
    pub days_left: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ForgottenBucket {
    /// No follow-up for at least this many days.
    pub days: u32,
    pub count: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    pub scope: DataScope,
    pub scope_options: Vec<DataScope>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub prev_from: NaiveDate,
    pub prev_to: NaiveDate,
    /// The one user the figures are about (本人, or a department of one): lists opened
    /// from the dashboard filter by them.
    pub single_owner: Option<i64>,
    pub cards: Vec<DashboardCard>,
    /// The open pipeline (opportunities in progress) by stage, in the configured order.
    pub funnel: Vec<FunnelStage>,
    pub monthly: MonthlySeries,
    pub target: TargetGauge,
    /// Leads created in the period by source.
    pub lead_sources: Vec<NameCount>,
    /// Customers owned now (not in the public sea) by level and status.
    pub customer_mix: Vec<LevelStatusCount>,
    /// Reps by signed contract amount in the period (top 10).
    pub top_reps: Vec<RepAmount>,
    /// The viewer's own to-do.
    pub todo: TodoCounts,
    pub sea_soon: Vec<SeaSoonRow>,
    pub sea_soon_total: u64,
    pub forgotten: Vec<ForgottenBucket>,
}

pub const FORGOTTEN_DAYS: [u32; 4] = [7, 15, 30, 90];

async fn cards(ctx: &Ctx, a: &Audience, w: &Window, p: &Window) -> AppResult<Vec<DashboardCard>> {
    let db = ctx.reader();
    let mut out = Vec::new();
    for (key, table) in [("leads", "crm_lead"), ("customers", "crm_customer"), ("opportunities", "crm_opportunity")] {
        let now = stats::created_count(db, table, "owner_id", &a.who, w).await?;
        let before = stats::created_count(db, table, "owner_id", &a.who, p).await?;
        out.push(DashboardCard {
            key: key.into(),
            count: now,
            amount: None,
            prev_count: before,
            prev_amount: None,
            change_pct: stats::change(now.into(), before.into()),
        });
    }
    let sum = |v: Vec<stats::UserMonth>| stats::per_user(v).values().fold((0i64, 0i64), |(n, c), x| (n + x.0, c + x.1));
    for key in ["contracts", "receipts"] {
        let (now, before) = if key == "contracts" {
            (sum(stats::won_by_user_month(db, &a.who, w.from, w.to).await?), sum(stats::won_by_user_month(db, &a.who, p.from, p.to).await?))
        } else {
            (sum(stats::receipts_by_user_month(db, &a.who, w.from, w.to).await?), sum(stats::receipts_by_user_month(db, &a.who, p.from, p.to).await?))
        };
        out.push(DashboardCard {
            key: key.into(),
            count: now.0,
            amount: Some(stats::cents(now.1)),
            prev_count: before.0,
            prev_amount: Some(stats::cents(before.1)),
            change_pct: stats::change(now.1.into(), before.1.into()),
        });
    }
    let now: i64 = stats::follow_ups_per_user(db, a, w).await?.values().sum();
    let before: i64 = stats::follow_ups_per_user(db, a, p).await?.values().sum();
    out.push(DashboardCard {
        key: "followUps".into(),
        count: now,
        amount: None,
        prev_count: before,
        prev_amount: None,
        change_pct: stats::change(now.into(), before.into()),
    });
    Ok(out)
}

/// The open pipeline by stage.
pub async fn funnel(ctx: &Ctx, who: &Who) -> AppResult<Vec<FunnelStage>> {
    let be = ctx.db.get_database_backend();
    let sql = format!(
        "SELECT stage, win_probability, COUNT(*), {s} FROM crm_opportunity WHERE status = 1{w} GROUP BY stage, win_probability",
        s = stats::cents_sum(be, "estimated_amount"),
        w = who.sql("owner_id")
    );
    // stage → (count, cents, weighted cents × 100)
    let mut by: HashMap<String, (i64, i64, i128)> = HashMap::new();
    for r in stats::rows(ctx.reader(), sql, vec![]).await? {
        let stage: String = r.try_get_by_index(0)?;
        let p: Option<i32> = r.try_get_by_index(1)?;
        let n: i64 = r.try_get_by_index(2)?;
        let c: i64 = r.try_get_by_index(3)?;
        let e = by.entry(stage).or_default();
        e.0 += n;
        e.1 += c;
        e.2 += c as i128 * p.unwrap_or(0).clamp(0, 100) as i128;
    }
    let stages = opportunity::stages(ctx.reader()).await?;
    let won = opportunity::won_stage(&stages).map(|s| s.name.clone());
    let mut list: Vec<(String, Option<i32>)> =
        stages.iter().filter(|s| Some(&s.name) != won.as_ref() || by.contains_key(&s.name)).map(|s| (s.name.clone(), Some(s.probability))).collect();
    let mut extra: Vec<String> = by.keys().filter(|k| !stages.iter().any(|s| &s.name == *k)).cloned().collect();
    extra.sort();
    let configured = list.len();
    list.extend(extra.into_iter().map(|e| (e, None)));
    let counts: Vec<i64> = list.iter().map(|(s, _)| by.get(s).map(|x| x.0).unwrap_or(0)).collect();
    let mut out = Vec::new();
    for (i, (stage, prob)) in list.into_iter().enumerate() {
        let (n, c, wc) = by.get(&stage).copied().unwrap_or_default();
        let conversion = if i == 0 || i >= configured {
            None
        } else {
            let here: i64 = counts[i..configured].iter().sum();
            let prev: i64 = counts[i - 1..configured].iter().sum();
            stats::pct(here.into(), prev.into())
        };
        let weighted = stats::weighted(wc);
        out.push(FunnelStage { stage, probability: prob, count: n, amount: stats::cents(c), weighted, conversion });
    }
    Ok(out)
}

pub async fn monthly(ctx: &Ctx, who: &Who, year: i32) -> AppResult<MonthlySeries> {
    let from = NaiveDate::from_ymd_opt(year - 1, 1, 1).expect("valid");
    let to = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
    let bucket = |list: Vec<stats::UserMonth>| {
        let mut this = [0i64; 12];
        let mut last = [0i64; 12];
        for um in list {
            let (Some(y), Some(m)) = (um.month.get(0..4).and_then(|y| y.parse::<i32>().ok()), um.month.get(5..7).and_then(|m| m.parse::<usize>().ok())) else {
                continue;
            };
            if (1..=12).contains(&m) {
                if y == year {
                    this[m - 1] += um.cents;
                } else if y == year - 1 {
                    last[m - 1] += um.cents;
                }
            }
        }
        (this.iter().map(|c| stats::cents(*c)).collect::<Vec<_>>(), last.iter().map(|c| stats::cents(*c)).collect::<Vec<_>>())
    };
    let (contracts, contracts_last_year) = bucket(stats::won_by_user_month(ctx.reader(), who, from, to).await?);
    let (receipts, receipts_last_year) = bucket(stats::receipts_by_user_month(ctx.reader(), who, from, to).await?);
    Ok(MonthlySeries { year, contracts, contracts_last_year, receipts, receipts_last_year })
}

/// Target against completion for the audience over the months the period touches.
pub async fn gauge(ctx: &Ctx, a: &Audience, dept: Option<i64>, w: &Window) -> AppResult<TargetGauge> {
    let basis = target::basis(ctx.reader()).await?;
    // Whole months, like the targets themselves.
    let from = NaiveDate::from_ymd_opt(w.from.year(), w.from.month(), 1).expect("valid");
    let to = stats::month_end(w.to);
    let list = match basis {
        TargetBasis::Contracts => stats::won_by_user_month(ctx.reader(), &a.who, from, to).await?,
        TargetBasis::Receipts => stats::receipts_by_user_month(ctx.reader(), &a.who, from, to).await?,
    };
    let got: i64 = list.iter().map(|x| x.cents).sum();
    let t = target::target_for(ctx, a, dept, from, to).await?;
    Ok(TargetGauge {
        basis,
        completion: t.and_then(|t| stats::pct(Decimal::from(got), t.inner() * Decimal::ONE_HUNDRED)),
        target: t,
        achieved: stats::cents(got),
    })
}

/// The department a scope means for the viewer, when it means one (for its own target).
fn scope_dept(ctx: &Ctx, q: &StatsQuery, a: &Audience) -> Option<i64> {
    q.dept_id.or_else(|| match a.scope {
        DataScope::Department | DataScope::DepartmentTree => ctx.user().map(|u| u.dept_id),
        _ => None,
    })
}

pub async fn dashboard(ctx: &Ctx, q: StatsQuery) -> AppResult<Dashboard> {
    ctx.require_login()?;
    let w = stats::window(&q)?;
    let p = w.previous();
    let a = stats::audience(ctx, q.scope, q.dept_id).await?;
    let db = ctx.reader();
    let now = util::now();
    let single_owner = match &a.who {
        Who::Users(u) if u.len() == 1 => u.iter().next().copied(),
        _ => None,
    };

    let cards = cards(ctx, &a, &w, &p).await?;
    let funnel = funnel(ctx, &a.who).await?;
    let monthly = monthly(ctx, &a.who, w.to.year()).await?;
    let target = gauge(ctx, &a, scope_dept(ctx, &q, &a), &w).await?;

    let sql = format!("SELECT source, COUNT(*) FROM crm_lead WHERE created_at >= ? AND created_at < ?{} GROUP BY source", a.who.sql("owner_id"));
    let mut lead_sources: Vec<NameCount> = Vec::new();
    for r in stats::rows(db, sql, vec![w.start.into(), w.end.into()]).await? {
        let name: Option<String> = r.try_get_by_index(0)?;
        lead_sources.push(NameCount { name: name.filter(|n| !n.trim().is_empty()), count: r.try_get_by_index(1)? });
    }
    // Blank and NULL sources are one slice.
    let mut merged: Vec<NameCount> = Vec::new();
    for s in lead_sources {
        match merged.iter_mut().find(|m| m.name == s.name) {
            Some(m) => m.count += s.count,
            None => merged.push(s),
        }
    }
    merged.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));

    let mix_q = crm_customer::Entity::find()
        .select_only()
        .column(crm_customer::Column::Level)
        .column(crm_customer::Column::Status)
        .column_as(crm_customer::Column::Id.count(), "n")
        .filter(crm_customer::Column::IsInSea.eq(0))
        .group_by(crm_customer::Column::Level)
        .group_by(crm_customer::Column::Status);
    let customer_mix: Vec<LevelStatusCount> = a
        .who
        .filter(mix_q, crm_customer::Column::OwnerId)
        .into_tuple::<(Option<CustomerLevel>, CustomerStatus, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(level, status, count)| LevelStatusCount { level, status, count })
        .collect();

    let per = stats::per_user(stats::won_by_user_month(db, &a.who, w.from, w.to).await?);
    let mut top_reps: Vec<RepAmount> =
        per.into_iter().map(|(u, (n, c))| RepAmount { user_id: u, name: a.user_name(u), count: n, amount: stats::cents(c) }).collect();
    top_reps.sort_by(|x, y| y.amount.inner().cmp(&x.amount.inner()).then(x.user_id.cmp(&y.user_id)));
    top_reps.truncate(10);

    let todo = todo::todo_counts(ctx, q.tz_offset_minutes).await?;

    let rules = sea_rules::rules(db).await?;
    let (sea_soon, sea_soon_total) = match sea_rules::expiring_condition(&rules, now) {
        Some(cond) => {
            let base = a.who.filter(crm_customer::Entity::find().filter(cond), crm_customer::Column::OwnerId);
            let total = base.clone().count(db).await?;
            let list = base.order_by_asc(crm_customer::Column::LastFollowAt).order_by_asc(crm_customer::Column::Id).limit(20).all(db).await?;
            let mut rows: Vec<SeaSoonRow> = list
                .into_iter()
                .map(|c| {
                    let at = rules.recycle_at(&c);
                    SeaSoonRow {
                        id: c.id,
                        customer_name: c.customer_name.clone(),
                        owner_id: c.owner_id,
                        owner_name: a.user_name(c.owner_id),
                        recycle_at: at,
                        days_left: at.map(|t| sea_rules::days_until(t, now)),
                    }
                })
                .collect();
            rows.sort_by_key(|r| (r.recycle_at, r.id));
            rows.truncate(10);
            (rows, total)
        }
        None => (vec![], 0),
    };

    let idle = stats::idle_customers(db, &a.who, &FORGOTTEN_DAYS, now, false).await?.remove(&None).unwrap_or_default();
    let forgotten: Vec<ForgottenBucket> =
        FORGOTTEN_DAYS.iter().enumerate().map(|(i, d)| ForgottenBucket { days: *d, count: idle.get(i).copied().unwrap_or(0) }).collect();

    Ok(Dashboard {
        scope: a.scope,
        scope_options: a.options.clone(),
        from: w.from,
        to: w.to,
        prev_from: p.from,
        prev_to: p.to,
        single_owner,
        cards,
        funnel,
        monthly,
        target,
        lead_sources: merged,
        customer_mix,
        top_reps,
        todo,
        sea_soon,
        sea_soon_total,
        forgotten,
    })
}

// ---------------------------------------------------------------- per-user layout

/// The blocks of the dashboard a user can hide and reorder.
pub const BLOCKS: [&str; 15] = [
    "leads",
    "customers",
    "opportunities",
    "contracts",
    "receipts",
    "followUps",
    "funnel",
    "monthly",
    "target",
    "leadSources",
    "customerMix",
    "topReps",
    "todo",
    "seaSoon",
    "forgotten",
];

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct DashboardLayout {
    /// Blocks in display order (blocks missing here follow in the default order).
    pub order: Vec<String>,
    pub hidden: Vec<String>,
}

fn layout_key(user: i64) -> String {
    format!("dashboard.layout.{user}")
}

/// The user's layout with every block named once (new blocks appended).
pub fn normalized(l: DashboardLayout) -> DashboardLayout {
    let mut order: Vec<String> = Vec::new();
    for b in l.order.into_iter().chain(BLOCKS.iter().map(|s| s.to_string())) {
        if BLOCKS.contains(&b.as_str()) && !order.contains(&b) {
            order.push(b);
        }
    }
    let mut hidden: Vec<String> = l.hidden.into_iter().filter(|b| BLOCKS.contains(&b.as_str())).collect();
    hidden.dedup();
    DashboardLayout { order, hidden }
}

pub async fn layout(ctx: &Ctx) -> AppResult<DashboardLayout> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Ok(normalized(DashboardLayout::default())) };
    Ok(normalized(settings::read(ctx.reader(), &layout_key(me)).await?))
}

pub async fn set_layout(ctx: &Ctx, l: DashboardLayout) -> AppResult<DashboardLayout> {
    ctx.require_login()?;
    let Some(me) = ctx.actor_id() else { return Err(AppError::Unauthenticated) };
    if let Some(b) = l.order.iter().chain(l.hidden.iter()).find(|b| !BLOCKS.contains(&b.as_str())) {
        return Err(AppError::validation("layout", format!("未知的工作台模块「{b}」"), format!("Unknown dashboard block \"{b}\"")));
    }
    let l = normalized(l);
    settings::write_raw(&ctx.db, &layout_key(me), &l).await?;
    Ok(l)
}
