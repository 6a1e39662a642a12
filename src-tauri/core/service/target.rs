//! Sales targets (销售目标, an addition): a monthly amount per rep or per department,
//! set by managers (`report:target`) for the people and departments in their scope.
//! Completion is read from the seed's rows: the signed contracts (or, by a setting, the
//! confirmed receipts) of the rep, and for a department of everyone in it and in its
//! sub-departments. A department without a target of its own shows the sum of its
//! members' and sub-departments' targets (marked as rolled up).

use super::stats::{self, Audience, Who};
use super::{oplog, settings, util, Ctx};
use crate::entity::crm_sales_target::{self, Column};
use crate::entity::enums::DataScope;
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

pub const BASIS_KEY: &str = "report.target_basis";

/// What completes a target.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum TargetBasis {
    /// The amount of contracts signed in the month (by sign date).
    #[default]
    Contracts,
    /// The confirmed receipts of the month (by payment date).
    Receipts,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TargetSettings {
    pub basis: TargetBasis,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum TargetKind {
    User,
    Dept,
}

impl TargetKind {
    fn code(self) -> i8 {
        match self {
            TargetKind::User => 1,
            TargetKind::Dept => 2,
        }
    }
}

/// One line of the grid: a rep or a department, twelve months.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetRow {
    pub kind: TargetKind,
    pub id: i64,
    pub name: String,
    /// A rep's department, or a department's parent.
    pub parent_dept_id: Option<i64>,
    pub dept_name: Option<String>,
    /// The target per month (January first); None where none is set.
    pub months: Vec<Option<Dec>>,
    pub total: Dec,
    /// A department with no target of its own: `months` is the sum of its members'
    /// and sub-departments' targets.
    pub rolled_up: bool,
    pub achieved: Vec<Dec>,
    pub achieved_total: Dec,
    /// achieved ÷ target in % (None without a target).
    #[ts(type = "string | null")]
    pub completion: Option<Decimal>,
    pub editable: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetGrid {
    pub year: i32,
    pub basis: TargetBasis,
    pub rows: Vec<TargetRow>,
    /// The viewer may set targets (and the basis).
    pub can_edit: bool,
}

/// A row to save: None months remove that month's target.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TargetInput {
    pub kind: TargetKind,
    pub id: i64,
    pub months: Vec<Option<Dec>>,
}

pub async fn basis<C: ConnectionTrait>(conn: &C) -> AppResult<TargetBasis> {
    Ok(settings::read::<TargetSettings, _>(conn, BASIS_KEY).await?.basis)
}

pub async fn set_basis(ctx: &Ctx, basis: TargetBasis) -> AppResult<TargetBasis> {
    ctx.require("report:target")?;
    settings::write(ctx, BASIS_KEY, &TargetSettings { basis }).await?;
    Ok(basis)
}

fn check_year(year: i32) -> AppResult<()> {
    if !(2000..=2100).contains(&year) {
        return Err(AppError::validation("year", "年份须在 2000 到 2100 之间", "The year must be between 2000 and 2100"));
    }
    Ok(())
}

/// The departments a viewer may see in the grid: all for 全部, their own (and below for
/// 本部门及下级) for department scopes, none otherwise.
fn visible_depts(ctx: &Ctx, a: &Audience) -> BTreeSet<i64> {
    let role = ctx.user().map(|u| u.data_scope).unwrap_or(DataScope::All);
    let own = ctx.user().map(|u| u.dept_id);
    match (role, own) {
        (DataScope::All, _) => a.depts.keys().copied().collect(),
        (DataScope::DepartmentTree, Some(d)) => crate::auth::scope::descendants(d, &a.children()),
        (DataScope::Department, Some(d)) => [d].into_iter().collect(),
        _ => BTreeSet::new(),
    }
}

/// Per user: achieved cents per month (index 0 = January) of `year`.
pub async fn achieved_by_user<C: ConnectionTrait>(conn: &C, who: &Who, year: i32, basis: TargetBasis) -> AppResult<HashMap<i64, [i64; 12]>> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1).expect("valid");
    let to = NaiveDate::from_ymd_opt(year, 12, 31).expect("valid");
    let list = match basis {
        TargetBasis::Contracts => stats::won_by_user_month(conn, who, from, to).await?,
        TargetBasis::Receipts => stats::receipts_by_user_month(conn, who, from, to).await?,
    };
    let mut out: HashMap<i64, [i64; 12]> = HashMap::new();
    for um in list {
        if let Some(m) = um.month.get(5..7).and_then(|m| m.parse::<usize>().ok()).filter(|m| (1..=12).contains(m)) {
            out.entry(um.user).or_insert([0; 12])[m - 1] += um.cents;
        }
    }
    Ok(out)
}

/// Targets of a year: (kind, id) → cents per month (None = not set).
pub async fn targets_of<C: ConnectionTrait>(conn: &C, year: i32) -> AppResult<HashMap<(TargetKind, i64), [Option<i64>; 12]>> {
    let list = crm_sales_target::Entity::find().filter(Column::TargetYear.eq(year)).all(conn).await?;
    let mut out: HashMap<(TargetKind, i64), [Option<i64>; 12]> = HashMap::new();
    for t in list {
        let kind = if t.target_type == 2 { TargetKind::Dept } else { TargetKind::User };
        if (1..=12).contains(&t.target_month) {
            let c = (t.amount.inner() * Decimal::ONE_HUNDRED).round().try_into().unwrap_or(0i64);
            out.entry((kind, t.target_ref)).or_insert([None; 12])[t.target_month as usize - 1] = Some(c);
        }
    }
    Ok(out)
}

/// A department's targets: its own where it has any, else the sum of its members' and
/// its sub-departments' (recursively). Returns (months, rolled_up).
pub fn dept_targets(
    dept: i64,
    a: &Audience,
    children: &HashMap<i64, Vec<i64>>,
    targets: &HashMap<(TargetKind, i64), [Option<i64>; 12]>,
    depth: u32,
) -> ([Option<i64>; 12], bool) {
    if let Some(own) = targets.get(&(TargetKind::Dept, dept)) {
        if own.iter().any(|m| m.is_some()) {
            return (*own, false);
        }
    }
    let mut sum = [None; 12];
    let mut add = |m: &[Option<i64>; 12]| {
        for (i, v) in m.iter().enumerate() {
            if let Some(v) = v {
                sum[i] = Some(sum[i].unwrap_or(0) + v);
            }
        }
    };
    for (uid, (_, d)) in &a.users {
        if *d == dept {
            if let Some(m) = targets.get(&(TargetKind::User, *uid)) {
                add(m);
            }
        }
    }
    if depth < 64 {
        for c in children.get(&dept).cloned().unwrap_or_default() {
            add(&dept_targets(c, a, children, targets, depth + 1).0);
        }
    }
    (sum, true)
}

#[allow(clippy::too_many_arguments)]
fn row(
    kind: TargetKind,
    id: i64,
    name: String,
    parent: Option<i64>,
    dept_name: Option<String>,
    months: [Option<i64>; 12],
    rolled_up: bool,
    achieved: [i64; 12],
    editable: bool,
) -> TargetRow {
    let total: i64 = months.iter().flatten().sum();
    let got: i64 = achieved.iter().sum();
    let any = months.iter().any(|m| m.is_some());
    TargetRow {
        kind,
        id,
        name,
        parent_dept_id: parent,
        dept_name,
        months: months.iter().map(|m| m.map(stats::cents)).collect(),
        total: stats::cents(total),
        rolled_up,
        achieved: achieved.iter().map(|c| stats::cents(*c)).collect(),
        achieved_total: stats::cents(got),
        completion: if any { stats::pct(Decimal::from(got), Decimal::from(total)) } else { None },
        editable,
    }
}

/// The grid of a year: the departments the viewer sees (tree order), then the reps in
/// their scope, each with target and completion per month.
pub async fn grid(ctx: &Ctx, year: i32) -> AppResult<TargetGrid> {
    ctx.require_login()?;
    check_year(year)?;
    let role = ctx.user().map(|u| u.data_scope).unwrap_or(DataScope::All);
    let a = stats::audience(ctx, role, None).await?;
    let can_edit = ctx.can("report:target");
    let basis = basis(&ctx.db).await?;
    let targets = targets_of(&ctx.db, year).await?;
    let users = a.user_list();
    let achieved = achieved_by_user(&ctx.db, &Who::Users(users.iter().copied().collect()), year, basis).await?;
    let children = a.children();
    let depts = visible_depts(ctx, &a);
    let mut rows = Vec::new();
    // Departments, parents before children.
    let mut ordered: Vec<i64> = Vec::new();
    let roots: Vec<i64> = {
        let mut r: Vec<i64> = depts.iter().copied().filter(|d| a.depts.get(d).and_then(|x| x.1).is_none_or(|p| !depts.contains(&p))).collect();
        r.sort_unstable();
        r
    };
    fn walk(d: i64, depts: &BTreeSet<i64>, children: &HashMap<i64, Vec<i64>>, out: &mut Vec<i64>, depth: u32) {
        if out.contains(&d) || depth > 64 {
            return;
        }
        out.push(d);
        let mut cs: Vec<i64> = children.get(&d).cloned().unwrap_or_default().into_iter().filter(|c| depts.contains(c)).collect();
        cs.sort_unstable();
        for c in cs {
            walk(c, depts, children, out, depth + 1);
        }
    }
    for r in roots {
        walk(r, &depts, &children, &mut ordered, 0);
    }
    for d in ordered {
        let (months, rolled) = dept_targets(d, &a, &children, &targets, 0);
        let tree = crate::auth::scope::descendants(d, &children);
        let mut got = [0i64; 12];
        for (uid, m) in &achieved {
            if a.dept_of(*uid).is_some_and(|x| tree.contains(&x)) {
                for i in 0..12 {
                    got[i] += m[i];
                }
            }
        }
        let parent = a.depts.get(&d).and_then(|x| x.1);
        rows.push(row(TargetKind::Dept, d, a.dept_name(d), parent, parent.map(|p| a.dept_name(p)), months, rolled, got, can_edit));
    }
    let mut people: Vec<i64> = users.clone();
    people.sort_by_key(|u| (a.dept_of(*u), a.user_name(*u)));
    for u in people {
        let months = targets.get(&(TargetKind::User, u)).copied().unwrap_or([None; 12]);
        let d = a.dept_of(u);
        rows.push(row(
            TargetKind::User,
            u,
            a.user_name(u),
            d,
            d.map(|d| a.dept_name(d)),
            months,
            false,
            achieved.get(&u).copied().unwrap_or([0; 12]),
            can_edit,
        ));
    }
    Ok(TargetGrid { year, basis, rows, can_edit })
}

/// Save targets for a year (one transaction): each row's twelve months are written as
/// given; an empty month removes its target.
pub async fn save(ctx: &Ctx, year: i32, input: Vec<TargetInput>) -> AppResult<TargetGrid> {
    ctx.require("report:target")?;
    check_year(year)?;
    let role = ctx.user().map(|u| u.data_scope).unwrap_or(DataScope::All);
    let a = stats::audience(ctx, role, None).await?;
    let depts = visible_depts(ctx, &a);
    for r in &input {
        if r.months.len() != 12 {
            return Err(AppError::validation("months", "每行须有 12 个月的目标", "Each row needs twelve months"));
        }
        let ok = match r.kind {
            TargetKind::User => a.users.contains_key(&r.id) && a.who.allows(r.id),
            TargetKind::Dept => depts.contains(&r.id),
        };
        if !ok {
            return Err(AppError::validation(
                "id",
                "只能为您管辖范围内的员工和部门设定目标",
                "You can only set targets for people and departments in your scope",
            ));
        }
        for m in r.months.iter().flatten() {
            if m.inner().is_sign_negative() || !m.fits(18, 2) {
                return Err(AppError::validation(
                    "months",
                    "目标金额须为不小于 0 的金额,最多两位小数",
                    "A target must be an amount of at least 0 with at most two decimals",
                ));
            }
        }
    }
    let me = ctx.actor_id();
    let now = util::now();
    let txn = ctx.db.begin().await?;
    let mut changed = 0;
    for r in &input {
        let existing: HashMap<i8, crm_sales_target::Model> = crm_sales_target::Entity::find()
            .filter(Column::TargetType.eq(r.kind.code()))
            .filter(Column::TargetRef.eq(r.id))
            .filter(Column::TargetYear.eq(year))
            .all(&txn)
            .await?
            .into_iter()
            .map(|t| (t.target_month, t))
            .collect();
        for (i, m) in r.months.iter().enumerate() {
            let month = i as i8 + 1;
            match (existing.get(&month), m) {
                (Some(old), None) => {
                    crm_sales_target::Entity::delete_by_id(old.id).exec(&txn).await?;
                    changed += 1;
                }
                (Some(old), Some(v)) if old.amount.inner() != v.inner() => {
                    let mut am: crm_sales_target::ActiveModel = old.clone().into();
                    am.amount = Set(v.with_scale(2));
                    am.updated_by = Set(me);
                    am.updated_at = Set(now);
                    am.update(&txn).await?;
                    changed += 1;
                }
                (None, Some(v)) => {
                    crm_sales_target::ActiveModel {
                        target_type: Set(r.kind.code()),
                        target_ref: Set(r.id),
                        target_year: Set(year),
                        target_month: Set(month),
                        amount: Set(v.with_scale(2)),
                        updated_by: Set(me),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    }
                    .insert(&txn)
                    .await?;
                    changed += 1;
                }
                _ => {}
            }
        }
    }
    if changed > 0 {
        let mut ch = serde_json::Map::new();
        ch.insert("year".into(), serde_json::json!(year));
        ch.insert("rows".into(), serde_json::json!(input.len()));
        ch.insert("months".into(), serde_json::json!(changed));
        oplog::record(&txn, ctx, oplog::Action::Update, "crm_sales_target", year as i64, ch, Some(format!("{year} 年销售目标"))).await?;
    }
    txn.commit().await?;
    grid(ctx, year).await
}

/// The target that applies to an audience over a span of months: a department's own
/// (or rolled-up) target when the audience is one department, else the sum of its
/// reps' targets. `months` are (year, month) pairs.
pub async fn target_for(ctx: &Ctx, a: &Audience, dept: Option<i64>, from: NaiveDate, to: NaiveDate) -> AppResult<Option<Dec>> {
    let mut total: Option<i64> = None;
    let mut y = from.year();
    while y <= to.year() {
        let targets = targets_of(&ctx.db, y).await?;
        let months: Vec<usize> = (1..=12usize)
            .filter(|m| {
                let first = NaiveDate::from_ymd_opt(y, *m as u32, 1).expect("valid");
                first <= to && stats::month_end(first) >= from
            })
            .collect();
        let per: [Option<i64>; 12] = match dept {
            Some(d) => dept_targets(d, a, &a.children(), &targets, 0).0,
            None => {
                let mut sum = [None; 12];
                for u in a.user_list() {
                    if let Some(m) = targets.get(&(TargetKind::User, u)) {
                        for i in 0..12 {
                            if let Some(v) = m[i] {
                                sum[i] = Some(sum[i].unwrap_or(0) + v);
                            }
                        }
                    }
                }
                sum
            }
        };
        for m in months {
            if let Some(v) = per[m - 1] {
                total = Some(total.unwrap_or(0) + v);
            }
        }
        y += 1;
    }
    Ok(total.map(stats::cents))
}
