//! What the dashboard and the reports share: the viewer's chosen scope (capped by their
//! role), the period in the viewer's calendar, the previous period to compare with, and
//! exact money sums that read the same on SQLite and MySQL.
//!
//! Attribution (documented in README): leads, customers and opportunities count for
//! their owner; follow-ups for their author; contracts for the rep who drew them up
//! (`created_by`, the signer of the deal, kept when the customer moves on); receipts for
//! their contract's rep. Timestamps are UTC and are bucketed in the viewer's zone; the
//! seed's dates (`sign_date`, `payment_date`) are already calendar dates.

use super::Ctx;
use crate::auth::scope::{descendants, resolve};
use crate::auth::OwnerScope;
use crate::entity::enums::DataScope;
use crate::entity::{sys_dept, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// What a dashboard or report is asked for.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StatsQuery {
    /// 本人 / 本人及下属 / 本部门 / 本部门及下级 / 全部; capped by the viewer's role.
    pub scope: DataScope,
    /// First and last day of the period, in the viewer's calendar (inclusive).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Narrow to one department and its sub-departments (within the scope).
    #[ts(optional = nullable)]
    pub dept_id: Option<i64>,
    /// Minutes east of UTC of the viewer's calendar (480 for Beijing).
    pub tz_offset_minutes: i32,
}

/// A period: its calendar days and the UTC instants that bound it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// `from` 00:00 local, in UTC.
    pub start: NaiveDateTime,
    /// The day after `to`, 00:00 local, in UTC (exclusive).
    pub end: NaiveDateTime,
    pub tz: i32,
}

impl Window {
    pub fn new(from: NaiveDate, to: NaiveDate, tz: i32) -> Window {
        let at = |d: NaiveDate| d.and_hms_opt(0, 0, 0).expect("midnight") - Duration::minutes(tz as i64);
        Window { from, to, start: at(from), end: at(to + Duration::days(1)), tz }
    }

    /// The period just before, of the same shape: whole calendar months shift by their
    /// number of months (March → February, Q2 → Q1, a year → the year before); any other
    /// span shifts by its number of days.
    pub fn previous(&self) -> Window {
        let whole_months = self.from.day() == 1 && (self.to + Duration::days(1)).day() == 1;
        if whole_months {
            let months = (self.to.year() - self.from.year()) * 12 + self.to.month() as i32 - self.from.month() as i32 + 1;
            let from = add_months(self.from, -months);
            let to = add_months(self.from, 0) - Duration::days(1);
            Window::new(from, to, self.tz)
        } else {
            let days = (self.to - self.from).num_days() + 1;
            Window::new(self.from - Duration::days(days), self.from - Duration::days(1), self.tz)
        }
    }

    /// The local calendar day of a UTC instant.
    pub fn local_day(&self, utc: NaiveDateTime) -> NaiveDate {
        (utc + Duration::minutes(self.tz as i64)).date()
    }
}

/// The first of the month `n` months after the month of `d` (negative: before).
pub fn add_months(d: NaiveDate, n: i32) -> NaiveDate {
    let m0 = d.year() * 12 + d.month0() as i32 + n;
    NaiveDate::from_ymd_opt(m0.div_euclid(12), m0.rem_euclid(12) as u32 + 1, 1).expect("valid month")
}

/// The last day of `d`'s month.
pub fn month_end(d: NaiveDate) -> NaiveDate {
    add_months(d, 1) - Duration::days(1)
}

/// Whose records count: everyone, or these users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Who {
    All,
    Users(BTreeSet<i64>),
}

impl Who {
    pub fn allows(&self, id: i64) -> bool {
        match self {
            Who::All => true,
            Who::Users(u) => u.contains(&id),
        }
    }
    /// Narrow a query to records whose `col` is one of the users.
    pub fn filter<Q: QueryFilter, C: ColumnTrait>(&self, q: Q, col: C) -> Q {
        match self {
            Who::All => q,
            Who::Users(u) => q.filter(col.is_in(u.iter().copied())),
        }
    }
}

/// The scopes a viewer may choose, narrowest first (the role's own is the last).
pub fn scope_options(role: DataScope) -> Vec<DataScope> {
    use DataScope::*;
    match role {
        Own => vec![Own],
        OwnAndSubordinates => vec![Own, OwnAndSubordinates],
        Department => vec![Own, Department],
        DepartmentTree => vec![Own, Department, DepartmentTree],
        All => vec![Own, OwnAndSubordinates, Department, DepartmentTree, All],
    }
}

/// The viewer's resolved audience for one query.
#[derive(Clone, Debug)]
pub struct Audience {
    /// The scope actually used (the asked one, or the role's when it asked for more).
    pub scope: DataScope,
    pub options: Vec<DataScope>,
    pub who: Who,
    /// Every user id → (name, department id), for labelling rows.
    pub users: HashMap<i64, (String, i64)>,
    pub depts: HashMap<i64, (String, Option<i64>)>,
}

impl Audience {
    pub fn user_name(&self, id: i64) -> String {
        self.users.get(&id).map(|u| u.0.clone()).unwrap_or_else(|| format!("#{id}"))
    }
    pub fn dept_of(&self, user: i64) -> Option<i64> {
        self.users.get(&user).map(|u| u.1)
    }
    pub fn dept_name(&self, id: i64) -> String {
        self.depts.get(&id).map(|d| d.0.clone()).unwrap_or_else(|| format!("#{id}"))
    }
    /// The users that count, as a list (for `All`: every user), sorted.
    pub fn user_list(&self) -> Vec<i64> {
        let mut v: Vec<i64> = match &self.who {
            Who::All => self.users.keys().copied().collect(),
            Who::Users(u) => u.iter().copied().collect(),
        };
        v.sort_unstable();
        v
    }
    pub fn children(&self) -> HashMap<i64, Vec<i64>> {
        children_of(&self.depts)
    }
}

/// parent → children of a department map.
fn children_of(depts: &HashMap<i64, (String, Option<i64>)>) -> HashMap<i64, Vec<i64>> {
    let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
    for (id, (_, parent)) in depts {
        if let Some(p) = parent {
            children.entry(*p).or_default().push(*id);
        }
    }
    children
}

/// Resolve who counts for `scope` (capped by the viewer's role) and `dept_id`.
pub async fn audience(ctx: &Ctx, scope: DataScope, dept_id: Option<i64>) -> AppResult<Audience> {
    let conn = &ctx.db;
    let users: HashMap<i64, (String, i64)> = sys_user::Entity::find()
        .select_only()
        .column(sys_user::Column::Id)
        .column(sys_user::Column::FullName)
        .column(sys_user::Column::DeptId)
        .into_tuple::<(i64, String, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, n, d)| (id, (n, d)))
        .collect();
    let depts: HashMap<i64, (String, Option<i64>)> = sys_dept::Entity::find()
        .select_only()
        .column(sys_dept::Column::Id)
        .column(sys_dept::Column::DeptName)
        .column(sys_dept::Column::ParentId)
        .into_tuple::<(i64, String, Option<i64>)>()
        .all(conn)
        .await?
        .into_iter()
        .map(|(id, n, p)| (id, (n, p)))
        .collect();
    // The administrator CLI has no user of its own: it sees everything.
    let (scope, options, who) = match ctx.user() {
        None if ctx.is_system() => (DataScope::All, vec![DataScope::All], Who::All),
        None => return Err(AppError::Unauthenticated),
        Some(u) => {
            let options = scope_options(u.data_scope);
            let chosen = if options.contains(&scope) { scope } else { u.data_scope };
            let mut narrowed = u.clone();
            narrowed.data_scope = chosen;
            let wide = resolve(conn, u).await?;
            let narrow = resolve(conn, &narrowed).await?;
            let who = match (wide, narrow) {
                (OwnerScope::All, OwnerScope::All) => Who::All,
                (OwnerScope::All, OwnerScope::Owners(n)) => Who::Users(n),
                (OwnerScope::Owners(w), OwnerScope::All) => Who::Users(w),
                (OwnerScope::Owners(w), OwnerScope::Owners(n)) => Who::Users(w.intersection(&n).copied().collect()),
            };
            (chosen, options, who)
        }
    };
    let mut who = who;
    if let Some(d) = dept_id {
        if !depts.contains_key(&d) {
            return Err(AppError::validation("deptId", "部门不存在", "The department does not exist"));
        }
        let tree = descendants(d, &children_of(&depts));
        let in_dept: BTreeSet<i64> = users.iter().filter(|(_, (_, dept))| tree.contains(dept)).map(|(id, _)| *id).collect();
        who = match who {
            Who::All => Who::Users(in_dept),
            Who::Users(u) => Who::Users(u.intersection(&in_dept).copied().collect()),
        };
    }
    Ok(Audience { scope, options, who, users, depts })
}

/// Validate a period: from ≤ to, at most ten years.
pub fn window(q: &StatsQuery) -> AppResult<Window> {
    if q.to < q.from {
        return Err(AppError::validation("to", "结束日期不能早于开始日期", "The end date cannot be before the start date"));
    }
    if (q.to - q.from).num_days() > 3660 {
        return Err(AppError::validation("from", "统计期间不能超过十年", "The period may span at most ten years"));
    }
    if !(-14 * 60..=14 * 60).contains(&q.tz_offset_minutes) {
        return Err(AppError::validation("tzOffsetMinutes", "时区偏移无效", "The time-zone offset is not valid"));
    }
    Ok(Window::new(q.from, q.to, q.tz_offset_minutes))
}

/// `SUM(col)` in whole cents as an integer, exact on both backends: SQLite keeps
/// decimals as text, so each value is turned into integer cents before adding (exact for
/// every `decimal(18,2)` value below 2^53 cents), never summed as REAL.
pub fn cents_sum(be: DatabaseBackend, col: &str) -> String {
    match be {
        DatabaseBackend::Sqlite => format!("COALESCE(SUM(CAST(ROUND(CAST({col} AS REAL) * 100) AS INTEGER)), 0)"),
        _ => format!("CAST(COALESCE(SUM({col}), 0) * 100 AS SIGNED)"),
    }
}

/// An integer result on both backends (MySQL sums integers as DECIMAL).
pub fn int(be: DatabaseBackend, expr: &str) -> String {
    match be {
        DatabaseBackend::MySql => format!("CAST({expr} AS SIGNED)"),
        _ => format!("CAST({expr} AS INTEGER)"),
    }
}

/// Per owner (or in all, owner None): owned customers not in the sea with no follow-up
/// for at least each of `days`, in one pass over the (is_in_sea, owner, …,
/// last_follow_at) index.
pub async fn idle_customers<C: ConnectionTrait>(
    conn: &C,
    who: &Who,
    days: &[u32],
    now: NaiveDateTime,
    per_owner: bool,
) -> AppResult<HashMap<Option<i64>, Vec<i64>>> {
    let be = conn.get_database_backend();
    let cols: Vec<String> = days.iter().map(|_| int(be, "COALESCE(SUM(CASE WHEN COALESCE(last_follow_at, created_at) < ? THEN 1 ELSE 0 END), 0)")).collect();
    let sql = format!(
        "SELECT {o}{c} FROM crm_customer WHERE is_in_sea = 0{w}{g}",
        o = if per_owner { "owner_id, " } else { "" },
        c = cols.join(", "),
        w = who.sql("owner_id"),
        g = if per_owner { " GROUP BY owner_id" } else { "" }
    );
    let values: Vec<sea_orm::Value> = days.iter().map(|d| (now - Duration::days(*d as i64)).into()).collect();
    let mut out = HashMap::new();
    for r in rows(conn, sql, values).await? {
        let (key, skip) = if per_owner { (Some(r.try_get_by_index::<i64>(0)?), 1) } else { (None, 0) };
        let mut v = Vec::with_capacity(days.len());
        for i in 0..days.len() {
            v.push(r.try_get_by_index::<i64>(skip + i)?);
        }
        out.insert(key, v);
    }
    Ok(out)
}

/// (count, cents) per user of a per-month list.
pub fn per_user(list: Vec<UserMonth>) -> HashMap<i64, (i64, i64)> {
    let mut out: HashMap<i64, (i64, i64)> = HashMap::new();
    for um in list {
        let e = out.entry(um.user).or_default();
        e.0 += um.count;
        e.1 += um.cents;
    }
    out
}

/// Σ cents × win probability % (units of 10^-4) as money, rounded half up to the cent.
pub fn weighted(cents_times_pct: i128) -> Dec {
    Dec::new(rust_decimal::Decimal::from_i128_with_scale(cents_times_pct, 4).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
        .with_scale(2)
}

/// Whole cents as money with two places.
pub fn cents(c: i64) -> Dec {
    super::rollup::from_cents(c).with_scale(2)
}

/// `part ÷ whole` as a percentage with two places; None where the divisor is 0.
pub fn pct(part: rust_decimal::Decimal, whole: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    if whole.is_zero() {
        None
    } else {
        Some((part * rust_decimal::Decimal::ONE_HUNDRED / whole).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }
}

/// Change against the previous figure in % (None when the previous one is 0).
pub fn change(now: rust_decimal::Decimal, before: rust_decimal::Decimal) -> Option<rust_decimal::Decimal> {
    pct(now - before, before)
}

/// The first 7 characters of a date or datetime column as text ('YYYY-MM'), the same
/// SQL on both backends.
pub fn month_of(col: &str) -> String {
    format!("SUBSTR(CAST({col} AS CHAR), 1, 7)")
}

/// The first 13 characters of a datetime column as text ('YYYY-MM-DD HH'): an hour
/// bucket in UTC that Rust moves into the viewer's zone.
pub fn hour_of(col: &str) -> String {
    format!("SUBSTR(CAST({col} AS CHAR), 1, 13)")
}

/// Parse an hour bucket ('YYYY-MM-DD HH', or 'YYYY-MM-DDTHH') back into its UTC instant.
pub fn parse_hour(s: &str) -> Option<NaiveDateTime> {
    let s = s.replace('T', " ");
    NaiveDateTime::parse_from_str(&format!("{s}:00:00"), "%Y-%m-%d %H:%M:%S").ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn previous_periods() {
        let w = Window::new(d("2026-03-01"), d("2026-03-31"), 480);
        assert_eq!((w.previous().from, w.previous().to), (d("2026-02-01"), d("2026-02-28")));
        let q = Window::new(d("2026-04-01"), d("2026-06-30"), 480);
        assert_eq!((q.previous().from, q.previous().to), (d("2026-01-01"), d("2026-03-31")));
        let y = Window::new(d("2026-01-01"), d("2026-12-31"), 480);
        assert_eq!((y.previous().from, y.previous().to), (d("2025-01-01"), d("2025-12-31")));
        let wk = Window::new(d("2026-11-30"), d("2026-12-06"), 480);
        assert_eq!((wk.previous().from, wk.previous().to), (d("2026-11-23"), d("2026-11-29")));
        // 00:00 Beijing on 1 March is 16:00 UTC on 28 February.
        assert_eq!(w.start, "2026-02-28T16:00:00".parse().unwrap());
        assert_eq!(w.end, "2026-03-31T16:00:00".parse().unwrap());
        assert_eq!(w.local_day("2026-03-31T15:30:00".parse().unwrap()), d("2026-03-31"));
        assert_eq!(w.local_day("2026-03-31T16:30:00".parse().unwrap()), d("2026-04-01"));
    }

    #[test]
    fn percentages_never_divide_by_zero() {
        use rust_decimal_macros::dec;
        assert_eq!(pct(dec!(1), dec!(3)), Some(dec!(33.33)));
        assert_eq!(pct(dec!(1), dec!(0)), None);
        assert_eq!(change(dec!(150), dec!(100)), Some(dec!(50)));
        assert_eq!(change(dec!(50), dec!(0)), None);
        assert_eq!(add_months(d("2026-01-15"), -1), d("2025-12-01"));
        assert_eq!(month_end(d("2024-02-10")), d("2024-02-29"));
    }
}

// ---------------------------------------------------------------- shared figures

impl Who {
    /// ` AND col IN (…)` (nothing for everyone; never true for no one). Ids are integers,
    /// written into the SQL as such.
    pub fn sql(&self, col: &str) -> String {
        match self {
            Who::All => String::new(),
            Who::Users(u) if u.is_empty() => " AND 1 = 0".to_string(),
            Who::Users(u) => format!(" AND {col} IN ({})", u.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")),
        }
    }
}

/// Rows of a raw statement.
pub async fn rows<C: ConnectionTrait>(conn: &C, sql: String, values: Vec<sea_orm::Value>) -> AppResult<Vec<sea_orm::QueryResult>> {
    Ok(conn.query_all_raw(sea_orm::Statement::from_sql_and_values(conn.get_database_backend(), sql, values)).await?)
}

/// One figure per (user, month 'YYYY-MM'): a count and a sum in cents.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserMonth {
    pub user: i64,
    pub month: String,
    pub count: i64,
    pub cents: i64,
}

async fn user_months<C: ConnectionTrait>(conn: &C, sql: String, values: Vec<sea_orm::Value>) -> AppResult<Vec<UserMonth>> {
    let mut out = Vec::new();
    for r in rows(conn, sql, values).await? {
        out.push(UserMonth {
            user: r.try_get_by_index::<i64>(0)?,
            month: r.try_get_by_index::<Option<String>>(1)?.unwrap_or_default(),
            count: r.try_get_by_index::<i64>(2)?,
            cents: r.try_get_by_index::<i64>(3)?,
        });
    }
    Ok(out)
}

/// Signed contracts (status 已签约) by their rep and the month of `sign_date`.
pub async fn won_by_user_month<C: ConnectionTrait>(conn: &C, who: &Who, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<UserMonth>> {
    let be = conn.get_database_backend();
    let sql = format!(
        "SELECT created_by, {m}, COUNT(*), {s} FROM crm_contract WHERE status = 3 AND sign_date >= ? AND sign_date <= ?{w} GROUP BY created_by, {m}",
        m = month_of("sign_date"),
        s = cents_sum(be, "total_amount"),
        w = who.sql("created_by"),
    );
    user_months(conn, sql, vec![from.into(), to.into()]).await
}

/// Confirmed receipts by their contract's rep and the month of `payment_date`.
pub async fn receipts_by_user_month<C: ConnectionTrait>(conn: &C, who: &Who, from: NaiveDate, to: NaiveDate) -> AppResult<Vec<UserMonth>> {
    let be = conn.get_database_backend();
    let sql = format!(
        "SELECT c.created_by, {m}, COUNT(*), {s} FROM crm_payment_record p JOIN crm_contract c ON c.id = p.contract_id \
         WHERE p.status = 2 AND p.payment_date >= ? AND p.payment_date <= ?{w} GROUP BY c.created_by, {m}",
        m = month_of("p.payment_date"),
        s = cents_sum(be, "p.payment_amount"),
        w = who.sql("c.created_by"),
    );
    user_months(conn, sql, vec![from.into(), to.into()]).await
}

/// The (owner, created_at) index of a table: MariaDB, given a prepared statement, has been
/// seen to pick the owner-only index and read every row (5 s over a million follow-ups),
/// so on MySQL the covering index is named.
pub fn by_owner_and_time(be: DatabaseBackend, table: &str) -> String {
    let index = match table {
        "crm_follow_up" => "idx_creator_time",
        _ => "idx_owner_created",
    };
    match be {
        DatabaseBackend::MySql => format!("{table} FORCE INDEX ({index})"),
        _ => table.to_string(),
    }
}

/// Rows created in the window per owner: `table.col_owner` and `created_at`.
pub async fn created_per_user<C: ConnectionTrait>(conn: &C, table: &str, owner: &str, who: &Who, w: &Window) -> AppResult<HashMap<i64, i64>> {
    let sql = format!(
        "SELECT {owner}, COUNT(*) FROM {t} WHERE created_at >= ? AND created_at < ? AND {owner} IS NOT NULL{f} GROUP BY {owner}",
        t = by_owner_and_time(conn.get_database_backend(), table),
        f = who.sql(owner)
    );
    let mut out = HashMap::new();
    for r in rows(conn, sql, vec![w.start.into(), w.end.into()]).await? {
        out.insert(r.try_get_by_index::<i64>(0)?, r.try_get_by_index::<i64>(1)?);
    }
    Ok(out)
}

/// Rows created in the window (all of them for everyone, including unowned ones).
pub async fn created_count<C: ConnectionTrait>(conn: &C, table: &str, owner: &str, who: &Who, w: &Window) -> AppResult<i64> {
    let sql = format!(
        "SELECT COUNT(*) FROM {t} WHERE created_at >= ? AND created_at < ?{f}",
        t = by_owner_and_time(conn.get_database_backend(), table),
        f = who.sql(owner)
    );
    Ok(rows(conn, sql, vec![w.start.into(), w.end.into()]).await?.first().map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Follow-ups written in the window per author. Always by an explicit author list, so the
/// `(created_by, created_at)` index answers it.
pub async fn follow_ups_per_user<C: ConnectionTrait>(conn: &C, a: &Audience, w: &Window) -> AppResult<HashMap<i64, i64>> {
    let who = Who::Users(a.user_list().into_iter().collect());
    created_per_user(conn, "crm_follow_up", "created_by", &who, w).await
}
