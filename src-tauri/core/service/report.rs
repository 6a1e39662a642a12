//! Reports (报表): performance against target, the funnel and win rate, customer
//! analysis, follow-up activity, products sold, receivables, and rankings. Each report
//! is a set of tables (the screen draws a chart from each) with the same figures in the
//! XLSX export. Every figure is limited to the chosen scope (capped by the role) and to
//! the department filter, read from the seed's rows, and summed exactly in integer units.

use super::stats::{self, Audience, StatsQuery, Who, Window};
use super::target::{self, TargetBasis};
use super::{opportunity, util, Ctx};
use crate::entity::enums::{ContractStatus, CustomerLevel, DataScope, OpportunityStatus};
use crate::entity::{crm_contract, crm_customer, crm_lead, crm_opportunity, crm_product, crm_product_category};
use crate::error::{AppError, AppResult, Locale};
use crate::money::Dec;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ReportKind {
    /// 销售简报: per rep and department, against target.
    Performance,
    /// 销售漏斗与赢率
    Funnel,
    /// 客户分析
    Customers,
    /// 跟进分析
    FollowUps,
    /// 产品销售
    Products,
    /// 回款与发票
    Receivables,
    /// 排行榜
    Rankings,
}

impl ReportKind {
    pub fn title(self, l: Locale) -> &'static str {
        let (zh, en) = match self {
            ReportKind::Performance => ("销售简报", "Sales performance"),
            ReportKind::Funnel => ("销售漏斗与赢率", "Funnel and win rate"),
            ReportKind::Customers => ("客户分析", "Customer analysis"),
            ReportKind::FollowUps => ("跟进分析", "Follow-up activity"),
            ReportKind::Products => ("产品销售", "Products sold"),
            ReportKind::Receivables => ("回款与发票", "Receipts and invoices"),
            ReportKind::Rankings => ("排行榜", "Rankings"),
        };
        if l == Locale::ZhCn {
            zh
        } else {
            en
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ColumnKind {
    Text,
    Count,
    /// Two decimals.
    Money,
    /// Quantities (up to four decimals).
    Quantity,
    /// Percent with two decimals ("33.33" is 33.33 %).
    Percent,
    /// Days with one decimal.
    Days,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportColumn {
    pub key: String,
    pub zh: String,
    pub en: String,
    pub kind: ColumnKind,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ChartKind {
    Bar,
    /// Bars for the first value column, a line for the others.
    BarLine,
    Line,
    Pie,
    Funnel,
    /// Rows × value columns, coloured by value.
    Heatmap,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ChartHint {
    pub kind: ChartKind,
    /// The column that labels each row.
    pub label: u32,
    /// The columns drawn.
    pub values: Vec<u32>,
}

/// One table of a report. Cells are text: money with two decimals, counts as integers,
/// percentages as "33.33"; None is an empty cell ("—" on screen).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportTable {
    pub key: String,
    pub title_zh: String,
    pub title_en: String,
    /// How a figure is defined (shown under the table).
    pub note_zh: Option<String>,
    pub note_en: Option<String>,
    pub columns: Vec<ReportColumn>,
    pub rows: Vec<Vec<Option<String>>>,
    pub total: Option<Vec<Option<String>>>,
    pub chart: Option<ChartHint>,
    /// Row ids (user, stage, product …) for opening the matching list; parallel to rows.
    pub row_keys: Vec<Option<String>>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub kind: ReportKind,
    pub scope: DataScope,
    pub scope_options: Vec<DataScope>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub tables: Vec<ReportTable>,
}

// ---------------------------------------------------------------- builders

fn col(key: &str, zh: &str, en: &str, kind: ColumnKind) -> ReportColumn {
    ReportColumn { key: key.into(), zh: zh.into(), en: en.into(), kind }
}

fn table(key: &str, zh: &str, en: &str, columns: Vec<ReportColumn>) -> ReportTable {
    ReportTable {
        key: key.into(),
        title_zh: zh.into(),
        title_en: en.into(),
        note_zh: None,
        note_en: None,
        columns,
        rows: vec![],
        total: None,
        chart: None,
        row_keys: vec![],
    }
}

impl ReportTable {
    fn push(&mut self, key: Option<String>, row: Vec<Option<String>>) {
        debug_assert_eq!(row.len(), self.columns.len());
        self.rows.push(row);
        self.row_keys.push(key);
    }
    fn chart(mut self, kind: ChartKind, label: u32, values: &[u32]) -> Self {
        self.chart = Some(ChartHint { kind, label, values: values.to_vec() });
        self
    }
    fn note(mut self, zh: &str, en: &str) -> Self {
        self.note_zh = Some(zh.into());
        self.note_en = Some(en.into());
        self
    }
}

fn t(s: impl Into<String>) -> Option<String> {
    Some(s.into())
}
fn n(x: i64) -> Option<String> {
    Some(x.to_string())
}
fn m(cents: i64) -> Option<String> {
    Some(stats::cents(cents).to_string())
}
fn p(x: Option<Decimal>) -> Option<String> {
    x.map(|d| format!("{:.2}", d))
}
fn ratio(part: i64, whole: i64) -> Option<String> {
    p(stats::pct(part.into(), whole.into()))
}

/// `SUM(col)` in units of 10^-scale, exact on both backends (see [`stats::cents_sum`]).
fn scaled_sum(be: sea_orm::DatabaseBackend, col: &str, scale: u32) -> String {
    let f = 10i64.pow(scale);
    match be {
        sea_orm::DatabaseBackend::Sqlite => format!("COALESCE(SUM(CAST(ROUND(CAST({col} AS REAL) * {f}) AS INTEGER)), 0)"),
        _ => format!("CAST(COALESCE(SUM({col}), 0) * {f} AS SIGNED)"),
    }
}

fn qty(units: i64) -> Option<String> {
    Some(Decimal::new(units, 4).normalize().to_string())
}

/// The users a per-person table lists: the scope's users (for 全部: those with any figure).
fn people(a: &Audience, any: &BTreeSet<i64>) -> Vec<i64> {
    let mut v: Vec<i64> = match &a.who {
        Who::All => any.iter().copied().collect(),
        Who::Users(u) => u.iter().copied().collect(),
    };
    v.sort_by_key(|u| (a.dept_of(*u).map(|d| a.dept_name(d)), a.user_name(*u), *u));
    v
}

fn dept_cell(a: &Audience, u: i64) -> Option<String> {
    a.dept_of(u).map(|d| a.dept_name(d))
}

// ---------------------------------------------------------------- reports

pub async fn report(ctx: &Ctx, kind: ReportKind, q: StatsQuery) -> AppResult<Report> {
    ctx.require("report:read")?;
    let w = stats::window(&q)?;
    let a = stats::audience(ctx, q.scope, q.dept_id).await?;
    let tables = match kind {
        ReportKind::Performance => performance(ctx, &a, &w, q.dept_id).await?,
        ReportKind::Funnel => funnel(ctx, &a, &w).await?,
        ReportKind::Customers => customers(ctx, &a, &w).await?,
        ReportKind::FollowUps => follow_ups(ctx, &a, &w).await?,
        ReportKind::Products => products(ctx, &a, &w).await?,
        ReportKind::Receivables => receivables(ctx, &a, &w).await?,
        ReportKind::Rankings => rankings(ctx, &a, &w).await?,
    };
    Ok(Report { kind, scope: a.scope, scope_options: a.options.clone(), from: w.from, to: w.to, tables })
}

/// 销售简报: per rep and per department.
async fn performance(ctx: &Ctx, a: &Audience, w: &Window, dept_filter: Option<i64>) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let customers = stats::created_per_user(db, "crm_customer", "owner_id", &a.who, w).await?;
    let opps = stats::created_per_user(db, "crm_opportunity", "owner_id", &a.who, w).await?;
    let follows = stats::follow_ups_per_user(db, a, w).await?;
    let won = stats::per_user(stats::won_by_user_month(db, &a.who, w.from, w.to).await?);
    let paid = stats::per_user(stats::receipts_by_user_month(db, &a.who, w.from, w.to).await?);
    let basis = target::basis(db).await?;
    // Targets of the months the period touches.
    let mfrom = NaiveDate::from_ymd_opt(w.from.year(), w.from.month(), 1).expect("valid");
    let mto = stats::month_end(w.to);
    let mut targets: HashMap<(target::TargetKind, i64), i64> = HashMap::new();
    let mut dept_targets: HashMap<i64, Option<i64>> = HashMap::new();
    let children = a.children();
    let mut year = mfrom.year();
    while year <= mto.year() {
        let all = target::targets_of(db, year).await?;
        let in_span = |i: usize| {
            let first = NaiveDate::from_ymd_opt(year, i as u32 + 1, 1).expect("valid");
            first >= mfrom && first <= mto
        };
        for ((k, id), months) in &all {
            if *k == target::TargetKind::User {
                for (i, v) in months.iter().enumerate() {
                    if let (true, Some(v)) = (in_span(i), v) {
                        *targets.entry((*k, *id)).or_default() += v;
                    }
                }
            }
        }
        for d in a.depts.keys() {
            let (months, _) = target::dept_targets(*d, a, &children, &all, 0);
            for (i, v) in months.iter().enumerate() {
                if let (true, Some(v)) = (in_span(i), v) {
                    *dept_targets.entry(*d).or_default().get_or_insert(0) += v;
                }
            }
        }
        year += 1;
    }
    let achieved = |u: i64| match basis {
        TargetBasis::Contracts => won.get(&u).map(|x| x.1).unwrap_or(0),
        TargetBasis::Receipts => paid.get(&u).map(|x| x.1).unwrap_or(0),
    };
    let cols = || {
        vec![
            col("customers", "新增客户", "New customers", ColumnKind::Count),
            col("followUps", "跟进次数", "Follow-ups", ColumnKind::Count),
            col("opportunities", "新增商机", "New opportunities", ColumnKind::Count),
            col("contracts", "签约合同", "Contracts signed", ColumnKind::Count),
            col("contractAmount", "合同金额", "Contract amount", ColumnKind::Money),
            col("receipts", "回款金额", "Receipts", ColumnKind::Money),
            col("target", "目标", "Target", ColumnKind::Money),
            col("completion", "完成率(%)", "Completion (%)", ColumnKind::Percent),
        ]
    };
    let mut any: BTreeSet<i64> = BTreeSet::new();
    for map in [&customers, &opps, &follows] {
        any.extend(map.keys().copied());
    }
    any.extend(won.keys().copied());
    any.extend(paid.keys().copied());
    any.extend(targets.keys().map(|k| k.1).filter(|u| a.who.allows(*u) && a.users.contains_key(u)));
    let mut reps = table(
        "reps",
        "按员工",
        "By rep",
        [vec![col("name", "员工", "Rep", ColumnKind::Text), col("dept", "部门", "Department", ColumnKind::Text)], cols()].concat(),
    )
    .chart(ChartKind::BarLine, 0, &[6, 8])
    .note(
        if basis == TargetBasis::Contracts {
            "完成率 = 期间签约合同金额 ÷ 期间所跨月份的目标之和"
        } else {
            "完成率 = 期间已确认回款 ÷ 期间所跨月份的目标之和"
        },
        if basis == TargetBasis::Contracts {
            "Completion = contract amount signed in the period ÷ the targets of the months it spans"
        } else {
            "Completion = confirmed receipts in the period ÷ the targets of the months it spans"
        },
    );
    let mut tot = [0i64; 7];
    let mut tot_target: Option<i64> = None;
    let mut per_dept: BTreeMap<i64, [i64; 7]> = BTreeMap::new();
    for u in people(a, &any) {
        let f = [
            customers.get(&u).copied().unwrap_or(0),
            follows.get(&u).copied().unwrap_or(0),
            opps.get(&u).copied().unwrap_or(0),
            won.get(&u).map(|x| x.0).unwrap_or(0),
            won.get(&u).map(|x| x.1).unwrap_or(0),
            paid.get(&u).map(|x| x.1).unwrap_or(0),
            achieved(u),
        ];
        let tg = targets.get(&(target::TargetKind::User, u)).copied();
        for i in 0..7 {
            tot[i] += f[i];
        }
        if let Some(tg) = tg {
            tot_target = Some(tot_target.unwrap_or(0) + tg);
        }
        if let Some(d) = a.dept_of(u) {
            let e = per_dept.entry(d).or_default();
            for i in 0..7 {
                e[i] += f[i];
            }
        }
        reps.push(
            Some(u.to_string()),
            vec![t(a.user_name(u)), dept_cell(a, u), n(f[0]), n(f[1]), n(f[2]), n(f[3]), m(f[4]), m(f[5]), tg.and_then(m), tg.and_then(|tg| ratio(f[6], tg))],
        );
    }
    reps.total = Some(vec![
        t("合计"),
        None,
        n(tot[0]),
        n(tot[1]),
        n(tot[2]),
        n(tot[3]),
        m(tot[4]),
        m(tot[5]),
        tot_target.and_then(m),
        tot_target.and_then(|tg| ratio(tot[6], tg)),
    ]);
    // Departments: each with everything below it (rolled up the tree).
    let mut depts = table(
        "depts",
        "按部门(含下级部门)",
        "By department (with sub-departments)",
        [vec![col("dept", "部门", "Department", ColumnKind::Text)], cols()].concat(),
    )
    .chart(ChartKind::BarLine, 0, &[5, 7]);
    let mut shown: Vec<i64> = a.depts.keys().copied().filter(|d| per_dept.keys().any(|x| crate::auth::scope::descendants(*d, &children).contains(x))).collect();
    if let Some(f) = dept_filter {
        let tree = crate::auth::scope::descendants(f, &children);
        shown.retain(|d| tree.contains(d));
    }
    shown.sort_by_key(|d| (a.dept_name(*d), *d));
    for d in shown {
        let tree = crate::auth::scope::descendants(d, &children);
        let mut f = [0i64; 7];
        for (x, v) in &per_dept {
            if tree.contains(x) {
                for i in 0..7 {
                    f[i] += v[i];
                }
            }
        }
        let tg = dept_targets.get(&d).copied().flatten();
        depts.push(
            Some(d.to_string()),
            vec![t(a.dept_name(d)), n(f[0]), n(f[1]), n(f[2]), n(f[3]), m(f[4]), m(f[5]), tg.and_then(m), tg.and_then(|tg| ratio(f[6], tg))],
        );
    }
    Ok(vec![reps, depts])
}

/// Opportunities created in the period: by stage, win rate, cycle time, lost reasons.
async fn funnel(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let q = crm_opportunity::Entity::find()
        .select_only()
        .column(crm_opportunity::Column::Id)
        .column(crm_opportunity::Column::Stage)
        .column(crm_opportunity::Column::Status)
        .column(crm_opportunity::Column::EstimatedAmount)
        .column(crm_opportunity::Column::WinProbability)
        .column(crm_opportunity::Column::LoseReason)
        .column(crm_opportunity::Column::CreatedAt)
        .column(crm_opportunity::Column::UpdatedAt)
        .filter(crm_opportunity::Column::CreatedAt.gte(w.start))
        .filter(crm_opportunity::Column::CreatedAt.lt(w.end));
    type Row = (i64, String, OpportunityStatus, Dec, Option<i32>, Option<String>, NaiveDateTime, NaiveDateTime);
    let list: Vec<Row> = a.who.filter(q, crm_opportunity::Column::OwnerId).into_tuple().all(db).await?;
    let stages = opportunity::stages(db).await?;
    let idx = |s: &str| stages.iter().position(|x| x.name == s);
    let to_cents = |d: Dec| -> i64 { (d.inner() * Decimal::ONE_HUNDRED).round().try_into().unwrap_or(0) };
    // Per configured stage: count, cents, weighted (cents × %), and how many reached it.
    let k = stages.len();
    let mut at = vec![(0i64, 0i64, 0i128); k];
    let mut reached = vec![0i64; k];
    let mut other: BTreeMap<String, (i64, i64, i128)> = BTreeMap::new();
    let (mut won, mut lost, mut open) = (0i64, 0i64, 0i64);
    let mut lost_reasons: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
    let mut won_ids: Vec<(i64, NaiveDateTime, NaiveDateTime)> = Vec::new();
    for (id, stage, status, amount, prob, reason, created, updated) in &list {
        let c = to_cents(*amount);
        let wc = c as i128 * prob.unwrap_or(0).clamp(0, 100) as i128;
        match status {
            OpportunityStatus::Won => {
                won += 1;
                won_ids.push((*id, *created, *updated));
            }
            OpportunityStatus::Lost => {
                lost += 1;
                let e = lost_reasons.entry(reason.clone().filter(|r| !r.trim().is_empty())).or_default();
                e.0 += 1;
                e.1 += c;
            }
            OpportunityStatus::InProgress => open += 1,
        }
        match idx(stage) {
            Some(i) => {
                at[i].0 += 1;
                at[i].1 += c;
                at[i].2 += wc;
                // A won opportunity passed every stage; others reached their own.
                let upto = if *status == OpportunityStatus::Won { k } else { i + 1 };
                for r in reached.iter_mut().take(upto) {
                    *r += 1;
                }
            }
            None => {
                let e = other.entry(stage.clone()).or_default();
                e.0 += 1;
                e.1 += c;
                e.2 += wc;
                if *status == OpportunityStatus::Won {
                    for r in reached.iter_mut() {
                        *r += 1;
                    }
                }
            }
        }
    }
    let weighted = |wc: i128| Some(stats::weighted(wc).to_string());
    let mut st = table(
        "stages",
        "按阶段",
        "By stage",
        vec![
            col("stage", "阶段", "Stage", ColumnKind::Text),
            col("count", "商机数", "Opportunities", ColumnKind::Count),
            col("amount", "预计金额", "Amount", ColumnKind::Money),
            col("weighted", "加权金额", "Weighted", ColumnKind::Money),
            col("reached", "到达此阶段", "Reached", ColumnKind::Count),
            col("conversion", "阶段转化率(%)", "Stage conversion (%)", ColumnKind::Percent),
        ],
    )
    .chart(ChartKind::Funnel, 0, &[4])
    .note(
        "期间新建的商机。到达此阶段 = 当前处于该阶段或之后阶段的商机(赢单商机计入每个阶段);阶段转化率 = 到达本阶段 ÷ 到达上一阶段",
        "Opportunities created in the period. Reached = at this stage or a later one (won ones count for every stage); conversion = reached here ÷ reached the stage before",
    );
    let (mut tn, mut tc, mut tw) = (0i64, 0i64, 0i128);
    for (i, s) in stages.iter().enumerate() {
        let (cnt, c, wc) = at[i];
        tn += cnt;
        tc += c;
        tw += wc;
        let conv = if i == 0 { None } else { ratio(reached[i], reached[i - 1]) };
        st.push(Some(s.name.clone()), vec![t(s.name.clone()), n(cnt), m(c), weighted(wc), n(reached[i]), conv]);
    }
    for (s, (cnt, c, wc)) in &other {
        tn += cnt;
        tc += c;
        tw += wc;
        st.push(Some(s.clone()), vec![t(s.clone()), n(*cnt), m(*c), weighted(*wc), None, None]);
    }
    st.total = Some(vec![t("合计"), n(tn), m(tc), weighted(tw), None, None]);

    // Cycle time of the won ones: created → the first signed contract's sign date (else
    // the last update), in days.
    let mut first_sign: HashMap<i64, NaiveDate> = HashMap::new();
    for chunk in won_ids.chunks(500) {
        let signs: Vec<(Option<i64>, NaiveDate)> = crm_contract::Entity::find()
            .select_only()
            .column(crm_contract::Column::OpportunityId)
            .column(crm_contract::Column::SignDate)
            .filter(crm_contract::Column::OpportunityId.is_in(chunk.iter().map(|x| x.0)))
            .filter(crm_contract::Column::Status.eq(ContractStatus::Signed))
            .into_tuple()
            .all(db)
            .await?;
        for (o, d) in signs {
            if let Some(o) = o {
                let e = first_sign.entry(o).or_insert(d);
                if d < *e {
                    *e = d;
                }
            }
        }
    }
    let mut days_total = 0i64;
    for (id, created, updated) in &won_ids {
        let start = w.local_day(*created);
        let end = first_sign.get(id).copied().unwrap_or_else(|| w.local_day(*updated));
        days_total += (end - start).num_days().max(0);
    }
    let cycle = if won_ids.is_empty() {
        None
    } else {
        Some(format!(
            "{:.1}",
            (Decimal::from(days_total) / Decimal::from(won_ids.len() as i64)).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        ))
    };
    let mut sum = table(
        "winRate",
        "赢率与成交周期",
        "Win rate and cycle time",
        vec![
            col("created", "新建商机", "Created", ColumnKind::Count),
            col("open", "进行中", "In progress", ColumnKind::Count),
            col("won", "赢单", "Won", ColumnKind::Count),
            col("lost", "输单", "Lost", ColumnKind::Count),
            col("winRate", "赢率(%)", "Win rate (%)", ColumnKind::Percent),
            col("cycle", "平均成交周期(天)", "Average cycle (days)", ColumnKind::Days),
        ],
    )
    .note(
        "赢率 = 赢单 ÷ (赢单 + 输单);成交周期 = 商机创建到首个已签约合同的签订日期(无合同时取最后更新日期)",
        "Win rate = won ÷ (won + lost); cycle = from creation to the first signed contract's sign date (the last update when there is none)",
    );
    sum.push(None, vec![n(list.len() as i64), n(open), n(won), n(lost), ratio(won, won + lost), cycle]);
    let mut lr = table(
        "lostReasons",
        "输单原因",
        "Lost reasons",
        vec![
            col("reason", "原因", "Reason", ColumnKind::Text),
            col("count", "数量", "Count", ColumnKind::Count),
            col("amount", "金额", "Amount", ColumnKind::Money),
        ],
    )
    .chart(ChartKind::Pie, 0, &[1]);
    let mut reasons: Vec<(Option<String>, (i64, i64))> = lost_reasons.into_iter().collect();
    reasons.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.0.cmp(&y.0)));
    for (r, (cnt, c)) in reasons {
        lr.push(r.clone(), vec![Some(r.unwrap_or_else(|| "未填写".into())), n(cnt), m(c)]);
    }
    Ok(vec![st, sum, lr])
}

/// New customers by source, industry and level with deal conversion; the public sea;
/// forgotten customers per rep.
async fn customers(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let q = crm_customer::Entity::find()
        .select_only()
        .column(crm_customer::Column::Id)
        .column(crm_customer::Column::SourceLeadId)
        .column(crm_customer::Column::Industry)
        .column(crm_customer::Column::Level)
        .filter(crm_customer::Column::CreatedAt.gte(w.start))
        .filter(crm_customer::Column::CreatedAt.lt(w.end));
    type NewCustomer = (i64, Option<i64>, Option<String>, Option<CustomerLevel>);
    let list: Vec<NewCustomer> = a.who.filter(q, crm_customer::Column::OwnerId).into_tuple().all(db).await?;
    let mut source: HashMap<i64, Option<String>> = HashMap::new();
    let mut dealt: BTreeSet<i64> = BTreeSet::new();
    for chunk in list.chunks(500) {
        let leads: Vec<i64> = chunk.iter().filter_map(|c| c.1).collect();
        if !leads.is_empty() {
            let rows: Vec<(i64, Option<String>)> = crm_lead::Entity::find()
                .select_only()
                .column(crm_lead::Column::Id)
                .column(crm_lead::Column::Source)
                .filter(crm_lead::Column::Id.is_in(leads))
                .into_tuple()
                .all(db)
                .await?;
            source.extend(rows);
        }
        let signed: Vec<i64> = crm_contract::Entity::find()
            .select_only()
            .column(crm_contract::Column::CustomerId)
            .filter(crm_contract::Column::CustomerId.is_in(chunk.iter().map(|c| c.0)))
            .filter(crm_contract::Column::Status.eq(ContractStatus::Signed))
            .distinct()
            .into_tuple()
            .all(db)
            .await?;
        dealt.extend(signed);
    }
    let conv_cols = |k: &str, zh: &str, en: &str| {
        vec![
            col(k, zh, en, ColumnKind::Text),
            col("customers", "新增客户", "New customers", ColumnKind::Count),
            col("deals", "已成交", "With a signed contract", ColumnKind::Count),
            col("conversion", "成交转化率(%)", "Deal conversion (%)", ColumnKind::Percent),
        ]
    };
    let mut tables = Vec::new();
    for (key, zh, en, chart) in [
        ("bySource", "按来源", "By source", ChartKind::Pie),
        ("byIndustry", "按行业", "By industry", ChartKind::Bar),
        ("byLevel", "按级别", "By level", ChartKind::Bar),
    ] {
        let mut groups: BTreeMap<Option<String>, (i64, i64)> = BTreeMap::new();
        for (id, lead, industry, level) in &list {
            let g = match key {
                "bySource" => match lead {
                    Some(l) => source.get(l).cloned().flatten().filter(|s| !s.trim().is_empty()).or(Some("未填写".into())),
                    None => Some("直接录入".into()),
                },
                "byIndustry" => industry.clone().filter(|s| !s.trim().is_empty()),
                _ => level.map(|l| l.label_zh().to_string()),
            };
            let e = groups.entry(g).or_default();
            e.0 += 1;
            if dealt.contains(id) {
                e.1 += 1;
            }
        }
        let mut tb = table(
            key,
            zh,
            en,
            conv_cols(
                "group",
                if key == "byLevel" {
                    "级别"
                } else if key == "bySource" {
                    "来源"
                } else {
                    "行业"
                },
                "Group",
            ),
        )
        .chart(chart, 0, &[1])
        .note(
            "新增客户 = 期间创建的客户;已成交 = 其中已有已签约合同的客户",
            "New = created in the period; with a deal = of those, customers with a signed contract",
        );
        let mut rows: Vec<(Option<String>, (i64, i64))> = groups.into_iter().collect();
        rows.sort_by(|x, y| y.1 .0.cmp(&x.1 .0).then(x.0.cmp(&y.0)));
        let (mut tn, mut td) = (0, 0);
        for (g, (cnt, d)) in rows {
            tn += cnt;
            td += d;
            tb.push(g.clone(), vec![Some(g.unwrap_or_else(|| "未填写".into())), n(cnt), n(d), ratio(d, cnt)]);
        }
        tb.total = Some(vec![t("合计"), n(tn), n(td), ratio(td, tn)]);
        tables.push(tb);
    }

    // The public sea: released (by the sweep or by hand) and claimed in the period.
    let users = a.user_list();
    let sql = format!(
        "SELECT l.action, COUNT(*) FROM sys_operation_log l JOIN crm_customer c ON c.id = l.entity_id \
         WHERE l.entity_type = 'crm_customer' AND l.action IN ('release', 'claim') AND l.created_at >= ? AND l.created_at < ?{} GROUP BY l.action",
        a.who.sql("c.owner_id")
    );
    let mut released = 0;
    let mut claimed = 0;
    for r in stats::rows(db, sql, vec![w.start.into(), w.end.into()]).await? {
        let act: String = r.try_get_by_index(0)?;
        let cnt: i64 = r.try_get_by_index(1)?;
        if act == "release" {
            released = cnt;
        } else {
            claimed = cnt;
        }
    }
    let in_sea: i64 = {
        let sql = "SELECT COUNT(*) FROM crm_customer WHERE is_in_sea = 1".to_string();
        stats::rows(db, sql, vec![]).await?.first().map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0)
    };
    let mut sea = table(
        "sea",
        "公海",
        "Public sea",
        vec![
            col("released", "期间进入公海", "Moved into the sea", ColumnKind::Count),
            col("claimed", "期间被领取", "Claimed", ColumnKind::Count),
            col("inSea", "当前公海客户", "In the sea now", ColumnKind::Count),
        ],
    )
    .note("进入公海按原负责人计入范围,领取按领取后的负责人计入", "Moves into the sea count for the former owner; claims for the new owner");
    sea.push(None, vec![n(released), n(claimed), n(in_sea)]);
    tables.push(sea);

    // Forgotten customers per rep.
    let now = util::now();
    let mut forgotten: HashMap<i64, [i64; 4]> = HashMap::new();
    for (owner, v) in stats::idle_customers(db, &a.who, &super::dashboard::FORGOTTEN_DAYS, now, true).await? {
        if let Some(o) = owner {
            forgotten.insert(o, [v[0], v[1], v[2], v[3]]);
        }
    }
    let mut fg = table(
        "forgotten",
        "被遗忘的客户(按负责人)",
        "Forgotten customers (by owner)",
        vec![
            col("name", "负责人", "Owner", ColumnKind::Text),
            col("d7", "7 天未跟进", "7+ days", ColumnKind::Count),
            col("d15", "15 天未跟进", "15+ days", ColumnKind::Count),
            col("d30", "30 天未跟进", "30+ days", ColumnKind::Count),
            col("d90", "90 天未跟进", "90+ days", ColumnKind::Count),
        ],
    )
    .chart(ChartKind::Bar, 0, &[1, 2, 3, 4])
    .note("截至今天:名下客户(不含公海)最近一次跟进距今的天数", "As of today: owned customers (not in the sea) by days since their last follow-up");
    let any: BTreeSet<i64> = forgotten.keys().copied().collect();
    let mut tot = [0i64; 4];
    for u in people(a, &any).into_iter().filter(|u| users.contains(u) || matches!(a.who, Who::All)) {
        let f = forgotten.get(&u).copied().unwrap_or([0; 4]);
        for i in 0..4 {
            tot[i] += f[i];
        }
        fg.push(Some(u.to_string()), vec![t(a.user_name(u)), n(f[0]), n(f[1]), n(f[2]), n(f[3])]);
    }
    fg.total = Some(vec![t("合计"), n(tot[0]), n(tot[1]), n(tot[2]), n(tot[3])]);
    tables.push(fg);
    Ok(tables)
}

/// Follow-ups per rep by type, by day (heat map), and customers not followed up.
async fn follow_ups(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let users = a.user_list();
    let who = Who::Users(users.iter().copied().collect());
    let sql = format!(
        "SELECT created_by, follow_type, COUNT(*) FROM {} WHERE created_at >= ? AND created_at < ?{} GROUP BY created_by, follow_type",
        stats::by_owner_and_time(db.get_database_backend(), "crm_follow_up"),
        who.sql("created_by")
    );
    let mut by_type: HashMap<i64, HashMap<String, i64>> = HashMap::new();
    let mut type_tot: HashMap<String, i64> = HashMap::new();
    for r in stats::rows(db, sql, vec![w.start.into(), w.end.into()]).await? {
        let u: i64 = r.try_get_by_index(0)?;
        let ty: Option<String> = r.try_get_by_index(1)?;
        let ty = ty.filter(|s| !s.trim().is_empty()).unwrap_or_else(|| "未填写".into());
        let c: i64 = r.try_get_by_index(2)?;
        *by_type.entry(u).or_default().entry(ty.clone()).or_default() += c;
        *type_tot.entry(ty).or_default() += c;
    }
    let mut types: Vec<(String, i64)> = type_tot.into_iter().collect();
    types.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
    let mut cols = vec![col("name", "员工", "Rep", ColumnKind::Text)];
    for (ty, _) in &types {
        cols.push(col(ty, ty, ty, ColumnKind::Count));
    }
    cols.push(col("total", "合计", "Total", ColumnKind::Count));
    let nvals: Vec<u32> = (1..=types.len() as u32).collect();
    let mut bt = table("byType", "按员工与方式", "By rep and type", cols).chart(ChartKind::Bar, 0, &nvals);
    let any: BTreeSet<i64> = by_type.keys().copied().collect();
    let reps = people(a, &any);
    let mut col_tot = vec![0i64; types.len() + 1];
    for u in &reps {
        let m0 = by_type.get(u).cloned().unwrap_or_default();
        let mut row = vec![t(a.user_name(*u))];
        let mut sum = 0;
        for (i, (ty, _)) in types.iter().enumerate() {
            let c = m0.get(ty).copied().unwrap_or(0);
            sum += c;
            col_tot[i] += c;
            row.push(n(c));
        }
        col_tot[types.len()] += sum;
        row.push(n(sum));
        bt.push(Some(u.to_string()), row);
    }
    let mut total = vec![t("合计")];
    total.extend(col_tot.iter().map(|c| n(*c)));
    bt.total = Some(total);

    // The heat map: per rep and day (per month over 62 days), in the viewer's calendar.
    let by_day = (w.to - w.from).num_days() < 62;
    let mut buckets: Vec<String> = Vec::new();
    let mut d = w.from;
    while d <= w.to {
        let key = if by_day { d.format("%Y-%m-%d").to_string() } else { d.format("%Y-%m").to_string() };
        if buckets.last() != Some(&key) {
            buckets.push(key);
        }
        d += Duration::days(1);
    }
    let mut grid: HashMap<(i64, String), i64> = HashMap::new();
    if w.tz % 60 == 0 {
        let sql = format!(
            "SELECT created_by, {h}, COUNT(*) FROM {t} WHERE created_at >= ? AND created_at < ?{f} GROUP BY created_by, {h}",
            t = stats::by_owner_and_time(db.get_database_backend(), "crm_follow_up"),
            h = stats::hour_of("created_at"),
            f = who.sql("created_by")
        );
        for r in stats::rows(db, sql, vec![w.start.into(), w.end.into()]).await? {
            let u: i64 = r.try_get_by_index(0)?;
            let h: String = r.try_get_by_index(1)?;
            let c: i64 = r.try_get_by_index(2)?;
            if let Some(at) = stats::parse_hour(&h) {
                let day = w.local_day(at);
                let key = if by_day { day.format("%Y-%m-%d").to_string() } else { day.format("%Y-%m").to_string() };
                *grid.entry((u, key)).or_default() += c;
            }
        }
    } else {
        let sql = format!("SELECT created_by, created_at FROM crm_follow_up WHERE created_at >= ? AND created_at < ?{}", who.sql("created_by"));
        for r in stats::rows(db, sql, vec![w.start.into(), w.end.into()]).await? {
            let u: i64 = r.try_get_by_index(0)?;
            let at: NaiveDateTime = r.try_get_by_index(1)?;
            let day = w.local_day(at);
            let key = if by_day { day.format("%Y-%m-%d").to_string() } else { day.format("%Y-%m").to_string() };
            *grid.entry((u, key)).or_default() += 1;
        }
    }
    let mut hcols = vec![col("name", "员工", "Rep", ColumnKind::Text)];
    for b in &buckets {
        let label = if by_day { b[5..].to_string() } else { b.clone() };
        hcols.push(col(b, &label, &label, ColumnKind::Count));
    }
    let hv: Vec<u32> = (1..=buckets.len() as u32).collect();
    let mut heat = table("heatmap", if by_day { "按日热力图" } else { "按月热力图" }, if by_day { "Heat map by day" } else { "Heat map by month" }, hcols)
        .chart(ChartKind::Heatmap, 0, &hv);
    for u in &reps {
        let mut row = vec![t(a.user_name(*u))];
        for b in &buckets {
            row.push(n(grid.get(&(*u, b.clone())).copied().unwrap_or(0)));
        }
        heat.push(Some(u.to_string()), row);
    }

    // Owned customers not followed up since the period began.
    let sql = format!(
        "SELECT owner_id, COUNT(*) FROM crm_customer WHERE is_in_sea = 0 AND (last_follow_at < ? OR (last_follow_at IS NULL AND created_at < ?)){} GROUP BY owner_id",
        a.who.sql("owner_id")
    );
    let mut idle: HashMap<i64, i64> = HashMap::new();
    for r in stats::rows(db, sql, vec![w.start.into(), w.start.into()]).await? {
        idle.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
    }
    let mut nf = table(
        "notFollowed",
        "期间未跟进的客户",
        "Customers not followed up in the period",
        vec![col("name", "负责人", "Owner", ColumnKind::Text), col("customers", "客户数", "Customers", ColumnKind::Count)],
    )
    .chart(ChartKind::Bar, 0, &[1])
    .note("名下客户(不含公海)中,自期间开始以来没有任何跟进的客户", "Owned customers (not in the sea) with no follow-up since the period began");
    let any: BTreeSet<i64> = idle.keys().copied().collect();
    let mut tot = 0;
    for u in people(a, &any) {
        let c = idle.get(&u).copied().unwrap_or(0);
        tot += c;
        nf.push(Some(u.to_string()), vec![t(a.user_name(u)), n(c)]);
    }
    nf.total = Some(vec![t("合计"), n(tot)]);
    Ok(vec![bt, heat, nf])
}

/// Quantity and amount sold per product and per category (lines of contracts signed in
/// the period).
async fn products(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let be = db.get_database_backend();
    let sql = format!(
        "SELECT i.product_id, COUNT(DISTINCT i.contract_id), {q}, {s} FROM crm_contract_item i JOIN crm_contract c ON c.id = i.contract_id \
         WHERE c.status = 3 AND c.sign_date >= ? AND c.sign_date <= ?{f} GROUP BY i.product_id",
        q = scaled_sum(be, "i.quantity", 4),
        s = stats::cents_sum(be, "i.amount"),
        f = a.who.sql("c.created_by")
    );
    let mut lines: Vec<(i64, i64, i64, i64)> = Vec::new();
    for r in stats::rows(db, sql, vec![w.from.into(), w.to.into()]).await? {
        lines.push((r.try_get_by_index(0)?, r.try_get_by_index(1)?, r.try_get_by_index(2)?, r.try_get_by_index(3)?));
    }
    let prods: HashMap<i64, (String, i64)> = crm_product::Entity::find()
        .select_only()
        .column(crm_product::Column::Id)
        .column(crm_product::Column::ProductName)
        .column(crm_product::Column::CategoryId)
        .filter(crm_product::Column::Id.is_in(lines.iter().map(|l| l.0)))
        .into_tuple::<(i64, String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .map(|(id, nm, c)| (id, (nm, c)))
        .collect();
    let cats: HashMap<i64, String> = crm_product_category::Entity::find()
        .select_only()
        .column(crm_product_category::Column::Id)
        .column(crm_product_category::Column::CategoryName)
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    lines.sort_by(|x, y| y.3.cmp(&x.3).then(x.0.cmp(&y.0)));
    let mut pt = table(
        "byProduct",
        "按产品",
        "By product",
        vec![
            col("product", "产品", "Product", ColumnKind::Text),
            col("category", "分类", "Category", ColumnKind::Text),
            col("contracts", "合同数", "Contracts", ColumnKind::Count),
            col("quantity", "数量", "Quantity", ColumnKind::Quantity),
            col("amount", "金额", "Amount", ColumnKind::Money),
        ],
    )
    .chart(ChartKind::Bar, 0, &[4])
    .note("期间签约(已签约状态)合同的明细行", "Lines of contracts signed in the period (status signed)");
    let mut by_cat: BTreeMap<Option<i64>, (i64, i64)> = BTreeMap::new();
    let (mut tq, mut ta) = (0i64, 0i64);
    for (pid, k, q, c) in &lines {
        let (name, cat) = prods.get(pid).cloned().map(|(nm, c)| (nm, Some(c))).unwrap_or_else(|| (format!("#{pid}"), None));
        let e = by_cat.entry(cat).or_default();
        e.0 += q;
        e.1 += c;
        tq += q;
        ta += c;
        pt.push(Some(pid.to_string()), vec![t(name), cat.and_then(|c| cats.get(&c).cloned()), n(*k), qty(*q), m(*c)]);
    }
    pt.total = Some(vec![t("合计"), None, None, qty(tq), m(ta)]);
    let mut ct = table(
        "byCategory",
        "按分类",
        "By category",
        vec![
            col("category", "分类", "Category", ColumnKind::Text),
            col("quantity", "数量", "Quantity", ColumnKind::Quantity),
            col("amount", "金额", "Amount", ColumnKind::Money),
        ],
    )
    .chart(ChartKind::Pie, 0, &[2]);
    let mut cl: Vec<(Option<i64>, (i64, i64))> = by_cat.into_iter().collect();
    cl.sort_by_key(|x| std::cmp::Reverse(x.1 .1));
    for (c, (q, amt)) in cl {
        ct.push(c.map(|c| c.to_string()), vec![Some(c.and_then(|c| cats.get(&c).cloned()).unwrap_or_else(|| "未分类".into())), qty(q), m(amt)]);
    }
    ct.total = Some(vec![t("合计"), qty(tq), m(ta)]);
    Ok(vec![pt, ct])
}

/// Receipts, invoices and collection: by month, the collection rate, outstanding and
/// aging per rep.
async fn receivables(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let be = db.get_database_backend();
    let mut months: BTreeMap<String, [i64; 3]> = BTreeMap::new();
    let mut d = NaiveDate::from_ymd_opt(w.from.year(), w.from.month(), 1).expect("valid");
    while d <= w.to {
        months.insert(d.format("%Y-%m").to_string(), [0; 3]);
        d = stats::add_months(d, 1);
    }
    for um in stats::won_by_user_month(db, &a.who, w.from, w.to).await? {
        months.entry(um.month).or_insert([0; 3])[0] += um.cents;
    }
    for um in stats::receipts_by_user_month(db, &a.who, w.from, w.to).await? {
        months.entry(um.month).or_insert([0; 3])[1] += um.cents;
    }
    let sql = format!(
        "SELECT {mo}, {s} FROM crm_invoice i JOIN crm_contract c ON c.id = i.contract_id WHERE i.status <> 9 AND i.issue_date >= ? AND i.issue_date <= ?{f} GROUP BY {mo}",
        mo = stats::month_of("i.issue_date"),
        s = stats::cents_sum(be, "i.amount"),
        f = a.who.sql("c.created_by")
    );
    for r in stats::rows(db, sql, vec![w.from.into(), w.to.into()]).await? {
        let mo: String = r.try_get_by_index(0)?;
        months.entry(mo).or_insert([0; 3])[2] += r.try_get_by_index::<i64>(1)?;
    }
    let mut bm = table(
        "byMonth",
        "按月",
        "By month",
        vec![
            col("month", "月份", "Month", ColumnKind::Text),
            col("signed", "签约金额", "Signed", ColumnKind::Money),
            col("received", "回款金额", "Received", ColumnKind::Money),
            col("invoiced", "开票金额", "Invoiced", ColumnKind::Money),
        ],
    )
    .chart(ChartKind::Bar, 0, &[1, 2, 3])
    .note("回款为已确认的回款(按回款日期),开票不含已作废发票(按开票日期)", "Confirmed receipts by payment date; invoices by issue date, voided ones excluded");
    let mut tot = [0i64; 3];
    for (mo, v) in &months {
        for i in 0..3 {
            tot[i] += v[i];
        }
        bm.push(Some(mo.clone()), vec![t(mo.clone()), m(v[0]), m(v[1]), m(v[2])]);
    }
    bm.total = Some(vec![t("合计"), m(tot[0]), m(tot[1]), m(tot[2])]);

    // Collection rate of the contracts signed in the period.
    let sql = format!(
        "SELECT c.created_by, COUNT(*), {s} FROM crm_contract c WHERE c.status = 3 AND c.sign_date >= ? AND c.sign_date <= ?{f} GROUP BY c.created_by",
        s = stats::cents_sum(be, "c.total_amount"),
        f = a.who.sql("c.created_by")
    );
    let mut signed: HashMap<i64, (i64, i64)> = HashMap::new();
    for r in stats::rows(db, sql, vec![w.from.into(), w.to.into()]).await? {
        signed.insert(r.try_get_by_index(0)?, (r.try_get_by_index(1)?, r.try_get_by_index(2)?));
    }
    let sql = format!(
        "SELECT c.created_by, {s} FROM crm_payment_record p JOIN crm_contract c ON c.id = p.contract_id \
         WHERE p.status = 2 AND c.status = 3 AND c.sign_date >= ? AND c.sign_date <= ?{f} GROUP BY c.created_by",
        s = stats::cents_sum(be, "p.payment_amount"),
        f = a.who.sql("c.created_by")
    );
    let mut collected: HashMap<i64, i64> = HashMap::new();
    for r in stats::rows(db, sql, vec![w.from.into(), w.to.into()]).await? {
        collected.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
    }
    // Outstanding and aging of every signed contract's open plans, as of today.
    let today = w.local_day(util::now());
    let sql = format!(
        "SELECT c.created_by, pl.plan_date, CAST(SUM(pl.open_cents) AS SIGNED) FROM crm_payment_plan pl JOIN crm_contract c ON c.id = pl.contract_id \
         WHERE c.status = 3 AND pl.open_cents > 0{f} GROUP BY c.created_by, pl.plan_date",
        f = a.who.sql("c.created_by")
    );
    let mut aging: HashMap<i64, [i64; 5]> = HashMap::new();
    for r in stats::rows(db, sql, vec![]).await? {
        let u: i64 = r.try_get_by_index(0)?;
        let due: NaiveDate = r.try_get_by_index(1)?;
        let c: i64 = r.try_get_by_index::<Option<i64>>(2)?.unwrap_or(0);
        let late = (today - due).num_days();
        let b = match late {
            i64::MIN..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        aging.entry(u).or_insert([0; 5])[b] += c;
    }
    let mut cr = table(
        "collection",
        "回款率与账龄(按员工)",
        "Collection and aging (by rep)",
        vec![
            col("name", "员工", "Rep", ColumnKind::Text),
            col("contracts", "期间签约合同", "Contracts signed", ColumnKind::Count),
            col("signed", "签约金额", "Signed amount", ColumnKind::Money),
            col("collected", "已回款", "Collected", ColumnKind::Money),
            col("rate", "回款率(%)", "Collection rate (%)", ColumnKind::Percent),
            col("notDue", "未到期", "Not yet due", ColumnKind::Money),
            col("d30", "逾期1-30天", "1-30 days late", ColumnKind::Money),
            col("d60", "逾期31-60天", "31-60 days late", ColumnKind::Money),
            col("d90", "逾期61-90天", "61-90 days late", ColumnKind::Money),
            col("d90plus", "逾期90天以上", "Over 90 days late", ColumnKind::Money),
        ],
    )
    .chart(ChartKind::BarLine, 0, &[2, 3])
    .note(
        "回款率 = 期间签约合同至今的已确认回款 ÷ 这些合同的金额;账龄为截至今天全部已签约合同未回款计划按计划日期的逾期天数",
        "Collection rate = confirmed receipts to date on the contracts signed in the period ÷ their amount; aging = open plan amounts of every signed contract by days past their plan date, as of today",
    );
    let mut any: BTreeSet<i64> = signed.keys().copied().collect();
    any.extend(aging.keys().copied());
    let mut tot = [0i64; 8];
    for u in people(a, &any) {
        let (k, s) = signed.get(&u).copied().unwrap_or((0, 0));
        let c = collected.get(&u).copied().unwrap_or(0);
        let ag = aging.get(&u).copied().unwrap_or([0; 5]);
        let f = [k, s, c, ag[0], ag[1], ag[2], ag[3], ag[4]];
        for i in 0..8 {
            tot[i] += f[i];
        }
        cr.push(Some(u.to_string()), vec![t(a.user_name(u)), n(k), m(s), m(c), ratio(c, s), m(ag[0]), m(ag[1]), m(ag[2]), m(ag[3]), m(ag[4])]);
    }
    cr.total = Some(vec![t("合计"), n(tot[0]), m(tot[1]), m(tot[2]), ratio(tot[2], tot[1]), m(tot[3]), m(tot[4]), m(tot[5]), m(tot[6]), m(tot[7])]);
    Ok(vec![bm, cr])
}

/// Top 10 reps by contract amount, receipts, new customers and follow-ups.
async fn rankings(ctx: &Ctx, a: &Audience, w: &Window) -> AppResult<Vec<ReportTable>> {
    let db = &ctx.db;
    let won = stats::per_user(stats::won_by_user_month(db, &a.who, w.from, w.to).await?);
    let paid = stats::per_user(stats::receipts_by_user_month(db, &a.who, w.from, w.to).await?);
    let customers = stats::created_per_user(db, "crm_customer", "owner_id", &a.who, w).await?;
    let follows = stats::follow_ups_per_user(db, a, w).await?;
    let mut out = Vec::new();
    type Ranking<'a> = (&'a str, &'a str, &'a str, ColumnKind, HashMap<i64, i64>);
    let lists: [Ranking; 4] = [
        ("contractAmount", "合同金额排行", "Contract amount", ColumnKind::Money, won.iter().map(|(u, v)| (*u, v.1)).collect()),
        ("receipts", "回款金额排行", "Receipts", ColumnKind::Money, paid.iter().map(|(u, v)| (*u, v.1)).collect()),
        ("customers", "新增客户排行", "New customers", ColumnKind::Count, customers),
        ("followUps", "跟进次数排行", "Follow-ups", ColumnKind::Count, follows),
    ];
    for (key, zh, en, kind, map) in lists {
        let mut v: Vec<(i64, i64)> = map.into_iter().filter(|(_, x)| *x != 0).collect();
        v.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        v.truncate(10);
        let mut tb = table(
            key,
            zh,
            en,
            vec![
                col("rank", "名次", "Rank", ColumnKind::Count),
                col("name", "员工", "Rep", ColumnKind::Text),
                col("dept", "部门", "Department", ColumnKind::Text),
                col("value", zh.trim_end_matches("排行"), en, kind),
            ],
        )
        .chart(ChartKind::Bar, 1, &[3]);
        for (i, (u, x)) in v.into_iter().enumerate() {
            let val = if kind == ColumnKind::Money { m(x) } else { n(x) };
            tb.push(Some(u.to_string()), vec![n(i as i64 + 1), t(a.user_name(u)), dept_cell(a, u), val]);
        }
        out.push(tb);
    }
    Ok(out)
}

// ---------------------------------------------------------------- export

fn scope_label(s: DataScope, l: Locale) -> &'static str {
    if l == Locale::ZhCn {
        s.label_zh()
    } else {
        s.label_en()
    }
}

/// The report as an XLSX workbook: one sheet per table, with the same figures (money as
/// numbers formatted with two decimals; exact up to 15 significant digits, which covers
/// every amount below 10^13).
pub async fn export_xlsx(ctx: &Ctx, kind: ReportKind, q: StatsQuery, l: Locale) -> AppResult<(String, Vec<u8>)> {
    use rust_xlsxwriter::{Format, Workbook};
    let r = report(ctx, kind, q).await?;
    let zh = l == Locale::ZhCn;
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title_f = Format::new().set_bold().set_font_size(14);
    let money = Format::new().set_num_format("#,##0.00");
    let money_b = Format::new().set_num_format("#,##0.00").set_bold();
    let pctf = Format::new().set_num_format("0.00\"%\"");
    let pct_b = Format::new().set_num_format("0.00\"%\"").set_bold();
    let xerr = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut used: Vec<String> = Vec::new();
    for tb in &r.tables {
        let ws = wb.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\ and unique.
        let mut name: String = (if zh { &tb.title_zh } else { &tb.title_en }).chars().filter(|c| !"[]:*?/\\".contains(*c)).take(28).collect();
        if used.contains(&name) {
            name = format!("{name}{}", used.len() + 1);
        }
        used.push(name.clone());
        ws.set_name(&name).map_err(xerr)?;
        ws.write_string_with_format(0, 0, format!("{} — {}", r.kind.title(l), if zh { &tb.title_zh } else { &tb.title_en }), &title_f).map_err(xerr)?;
        ws.write_string(
            1,
            0,
            if zh {
                format!("期间 {} 至 {}  范围 {}", r.from, r.to, scope_label(r.scope, l))
            } else {
                format!("Period {} to {}  Scope {}", r.from, r.to, scope_label(r.scope, l))
            },
        )
        .map_err(xerr)?;
        let head = 3u32;
        for (c, column) in tb.columns.iter().enumerate() {
            ws.write_string_with_format(head, c as u16, if zh { &column.zh } else { &column.en }, &bold).map_err(xerr)?;
            ws.set_column_width(c as u16, if column.kind == ColumnKind::Text { 18 } else { 14 }).map_err(xerr)?;
        }
        let write_row = |ws: &mut rust_xlsxwriter::Worksheet, row: u32, cells: &[Option<String>], total: bool| -> AppResult<()> {
            for (c, cell) in cells.iter().enumerate() {
                let Some(v) = cell else { continue };
                let kind = tb.columns.get(c).map(|x| x.kind).unwrap_or(ColumnKind::Text);
                let num = v.parse::<f64>().ok();
                match (kind, num) {
                    (ColumnKind::Money, Some(x)) => ws.write_number_with_format(row, c as u16, x, if total { &money_b } else { &money }).map(|_| ()),
                    (ColumnKind::Percent, Some(x)) => ws.write_number_with_format(row, c as u16, x, if total { &pct_b } else { &pctf }).map(|_| ()),
                    (ColumnKind::Count | ColumnKind::Quantity | ColumnKind::Days, Some(x)) => {
                        if total {
                            ws.write_number_with_format(row, c as u16, x, &bold).map(|_| ())
                        } else {
                            ws.write_number(row, c as u16, x).map(|_| ())
                        }
                    }
                    _ => {
                        if total {
                            ws.write_string_with_format(row, c as u16, if zh || v != "合计" { v.as_str() } else { "Total" }, &bold).map(|_| ())
                        } else {
                            ws.write_string(row, c as u16, v).map(|_| ())
                        }
                    }
                }
                .map_err(xerr)?;
            }
            Ok(())
        };
        let mut row = head + 1;
        for cells in &tb.rows {
            write_row(ws, row, cells, false)?;
            row += 1;
        }
        if let Some(total) = &tb.total {
            write_row(ws, row, total, true)?;
            row += 1;
        }
        if let Some(note) = if zh { &tb.note_zh } else { &tb.note_en } {
            ws.write_string(row + 1, 0, note).map_err(xerr)?;
        }
    }
    let bytes = wb.save_to_buffer().map_err(xerr)?;
    let name = format!("{}_{}_{}.xlsx", r.kind.title(l), r.from.format("%Y%m%d"), r.to.format("%Y%m%d"));
    Ok((name, bytes))
}
