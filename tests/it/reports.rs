//! Dashboard, targets and reports against a reference computed here from the raw rows.
//! A fixed dataset is written with plain SQL (seed columns; times in UTC, around month
//! boundaries in Beijing time), then every card, chart series and report row is compared
//! with figures computed independently in Rust from the rows, for three viewers: a rep
//! (本人), a department manager (本部门及下级) and the administrator (全部). Both backends.
use crate::common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{ctx_for, dept, refusal, role, user};
use crm_core::entity::enums::DataScope;
use crm_core::error::{ErrorCode, Locale};
use crm_core::service::dashboard::{self, DashboardLayout};
use crm_core::service::report::{self, ReportKind, ReportTable};
use crm_core::service::stats::StatsQuery;
use crm_core::service::target::{self, TargetInput, TargetKind};
use crm_core::service::util;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::collections::{BTreeMap, BTreeSet, HashMap};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}
fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

async fn exec(db: &DatabaseConnection, sql: String) {
    db.execute_unprepared(&sql).await.unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_string())).await.unwrap()
}

/// Money read back as text on both backends.
fn money_sql(db: &DatabaseConnection, col: &str) -> String {
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::MySql => format!("CAST({col} AS CHAR)"),
        _ => format!("CAST({col} AS TEXT)"),
    }
}

struct World {
    admin: i64,
    mgr: i64,
    r1: i64,
    r2: i64,
    r3: i64,
    s1: i64,
    s2: i64,
}

/// A small deterministic generator (no dependency on rand's algorithm).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }
}

/// Instants around the boundaries of November 2026 in Beijing time (UTC+8), in UTC.
const TIMES: [&str; 10] = [
    "2026-10-31 15:30:00", // 23:30 on 31 Oct Beijing: October
    "2026-10-31 16:10:00", // 00:10 on 1 Nov Beijing: November
    "2026-11-05 02:00:00",
    "2026-11-15 09:00:00",
    "2026-11-30 15:30:00", // 23:30 on 30 Nov Beijing: November
    "2026-11-30 16:30:00", // 00:30 on 1 Dec Beijing: December
    "2026-10-10 03:00:00",
    "2026-11-20 12:00:00",
    "2025-11-11 05:00:00",
    "2026-12-05 01:00:00",
];
const DATES: [&str; 8] = ["2026-10-31", "2026-11-01", "2026-11-30", "2026-12-01", "2026-11-16", "2025-11-20", "2026-10-15", "2026-03-03"];

async fn world(db: &DatabaseConnection) -> World {
    let hq = dept(db, "总部", None).await;
    let s1 = dept(db, "销售一部", Some(hq)).await;
    let s2 = dept(db, "销售二部", Some(hq)).await;
    let ra = role(db, "admin", "*", DataScope::All).await;
    let rm = role(db, "经理", "customer:*,lead:*,opportunity:*,contract:*,report:read,report:target", DataScope::DepartmentTree).await;
    let rr = role(db, "代表", "customer:read,lead:read,opportunity:read,contract:read", DataScope::Own).await;
    let admin = user(db, "admin", hq, ra, None).await;
    let mgr = user(db, "mgr", s1, rm, None).await;
    let r1 = user(db, "r1", s1, rr, Some(mgr)).await;
    let r2 = user(db, "r2", s1, rr, Some(mgr)).await;
    let r3 = user(db, "r3", s2, rr, None).await;
    let owners = [r1, r2, r3, mgr, admin];

    exec(db, "INSERT INTO crm_lead_pool (pool_name) VALUES ('报表池')".into()).await;
    let pool: i64 = rows(db, "SELECT MAX(id) FROM crm_lead_pool").await[0].try_get_by_index(0).unwrap();
    exec(db, "INSERT INTO crm_product_category (category_name) VALUES ('软件')".into()).await;
    exec(db, "INSERT INTO crm_product_category (category_name) VALUES ('服务')".into()).await;
    let cat: i64 = rows(db, "SELECT MIN(id) FROM crm_product_category").await[0].try_get_by_index(0).unwrap();
    for (i, name) in ["CRM 标准版", "CRM 企业版", "实施服务"].iter().enumerate() {
        exec(db, format!("INSERT INTO crm_product (product_name, category_id, price) VALUES ('{name}', {}, 100.00)", cat + (i as i64 / 2))).await;
    }
    let prod0: i64 = rows(db, "SELECT MIN(id) FROM crm_product").await[0].try_get_by_index(0).unwrap();

    let mut g = Lcg(7);
    let sources = ["'展会'", "'官网'", "NULL", "'转介绍'", "''"];
    for i in 0..60 {
        let owner = if g.next(5) == 0 { "NULL".to_string() } else { owners[g.next(5) as usize].to_string() };
        let t = TIMES[g.next(10) as usize];
        exec(
            db,
            format!(
                "INSERT INTO crm_lead (lead_name, phone, source, owner_id, pool_id, created_by, created_at, updated_at) VALUES ('线索{i}', '1380000{i:04}', {}, {owner}, {pool}, {admin}, '{t}', '{t}')",
                sources[g.next(5) as usize]
            ),
        )
        .await;
    }
    let now = util::now();
    for i in 0..40 {
        let owner = owners[g.next(5) as usize];
        let t = TIMES[g.next(10) as usize];
        let sea = if g.next(8) == 0 { 1 } else { 0 };
        let level = ["1", "2", "3", "NULL"][g.next(4) as usize];
        let status = 1 + g.next(3);
        let idle = [3i64, 10, 20, 40, 100][g.next(5) as usize];
        let last = (now - Duration::days(idle)).format("%Y-%m-%d %H:%M:%S");
        exec(
            db,
            format!(
                "INSERT INTO crm_customer (customer_name, customer_type, industry, status, level, owner_id, is_in_sea, created_by, created_at, updated_at, last_follow_at) \
                 VALUES ('客户{i}', 2, {}, {status}, {level}, {owner}, {sea}, {owner}, '{t}', '{t}', '{last}')",
                ["'制造'", "'零售'", "NULL"][g.next(3) as usize]
            ),
        )
        .await;
    }
    let cust0: i64 = rows(db, "SELECT MIN(id) FROM crm_customer").await[0].try_get_by_index(0).unwrap();
    let stages = ["'初步接触'", "'需求分析'", "'方案报价'", "'商务谈判'", "'赢单'", "'旧阶段'"];
    for i in 0..40 {
        let owner = owners[g.next(5) as usize];
        let t = TIMES[g.next(10) as usize];
        let st = g.next(6) as usize;
        let status = if st == 4 { 2 } else { [1, 1, 1, 3][g.next(4) as usize] };
        let prob = ["10", "30", "55", "NULL"][g.next(4) as usize];
        let amount = format!("{}.{:02}", 1000 + g.next(90000), g.next(100));
        let reason = if status == 3 { ["'价格太高'", "'选了竞品'", "NULL"][g.next(3) as usize] } else { "NULL" };
        exec(
            db,
            format!(
                "INSERT INTO crm_opportunity (customer_id, opportunity_name, estimated_amount, win_probability, stage, status, lose_reason, owner_id, created_at, updated_at) \
                 VALUES ({}, '商机{i}', {amount}, {prob}, {}, {status}, {reason}, {owner}, '{t}', '{t}')",
                cust0 + g.next(40) as i64,
                stages[st]
            ),
        )
        .await;
    }
    let opp0: i64 = rows(db, "SELECT MIN(id) FROM crm_opportunity").await[0].try_get_by_index(0).unwrap();
    for i in 0..40 {
        let by = owners[g.next(5) as usize];
        let sign = DATES[g.next(8) as usize];
        let status = [1, 2, 3, 3, 3, 3, 4][g.next(7) as usize];
        let amount = format!("{}.{:02}", 500 + g.next(50000), g.next(100));
        exec(
            db,
            format!(
                "INSERT INTO crm_contract (contract_no, customer_id, opportunity_id, contract_name, sign_date, total_amount, status, created_by, created_at, updated_at) \
                 VALUES ('HT-R-{i}', {}, {}, '合同{i}', '{sign}', {amount}, {status}, {by}, '2026-10-01 00:00:00', '2026-10-01 00:00:00')",
                cust0 + g.next(40) as i64,
                opp0 + g.next(40) as i64
            ),
        )
        .await;
        let k: i64 = rows(db, "SELECT MAX(id) FROM crm_contract").await[0].try_get_by_index(0).unwrap();
        for j in 0..(1 + g.next(2)) {
            let q = format!("{}.{:04}", 1 + g.next(5), g.next(10000));
            exec(
                db,
                format!(
                    "INSERT INTO crm_contract_item (contract_id, product_id, quantity, unit, unit_price, amount) VALUES ({k}, {}, {q}, '套', 10.00, {}.{:02})",
                    prod0 + ((i + j as usize) % 3) as i64,
                    100 + g.next(9000),
                    g.next(100)
                ),
            )
            .await;
        }
        for p in 0..g.next(3) {
            let pay = DATES[g.next(8) as usize];
            let st = if g.next(4) == 0 { 1 } else { 2 };
            exec(
                db,
                format!(
                    "INSERT INTO crm_payment_record (contract_id, payment_no, payment_amount, payment_date, status, created_by) VALUES ({k}, 'PAY-R-{i}-{p}', {}.{:02}, '{pay}', {st}, {admin})",
                    100 + g.next(20000),
                    g.next(100)
                ),
            )
            .await;
        }
        if status == 3 {
            // Two plans, one long overdue and one not yet due (aging buckets).
            for (pd, amt) in [("2026-06-30", "300.00"), ("2099-01-31", "200.50")] {
                exec(db, format!("INSERT INTO crm_payment_plan (contract_id, plan_amount, plan_date) VALUES ({k}, {amt}, '{pd}')")).await;
            }
        }
        if g.next(2) == 0 {
            exec(
                db,
                format!(
                    "INSERT INTO crm_invoice (invoice_no, contract_id, invoice_type, amount, issue_date, status) VALUES ('FP-R-{i}', {k}, '普票', {}.{:02}, '{}', {})",
                    100 + g.next(9000),
                    g.next(100),
                    DATES[g.next(8) as usize],
                    [1, 2, 9][g.next(3) as usize]
                ),
            )
            .await;
        }
    }
    let types = ["'电话'", "'微信'", "'拜访'"];
    for i in 0..90 {
        let by = owners[g.next(5) as usize];
        let t = TIMES[g.next(10) as usize];
        exec(
            db,
            format!(
                "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, created_by, created_at, updated_at) VALUES ('customer', {}, {}, '跟进{i}', {by}, '{t}', '{t}')",
                cust0 + g.next(40) as i64,
                types[g.next(3) as usize]
            ),
        )
        .await;
    }
    // The plans' open amounts are derived columns: computed from the rows as the app does.
    crm_core::service::rollup::repair_all(db).await.unwrap();
    World { admin, mgr, r1, r2, r3, s1, s2 }
}

// ---------------------------------------------------------------- the reference

/// Local (UTC+8) date of a stored UTC time.
fn local(t: &str) -> NaiveDate {
    let t = NaiveDateTime::parse_from_str(&t[..19].replace('T', " "), "%Y-%m-%d %H:%M:%S").unwrap();
    (t + Duration::hours(8)).date()
}

struct Raw {
    leads: Vec<(Option<i64>, Option<String>, NaiveDate)>,
    customers: Vec<(i64, i64, NaiveDate, i64, Option<i64>, i64)>,
    opps: Vec<(i64, String, i64, Decimal, Option<i64>, NaiveDate)>,
    contracts: Vec<(i64, i64, NaiveDate, i64, Decimal)>,
    items: Vec<(i64, i64, Decimal, Decimal)>,
    receipts: Vec<(i64, NaiveDate, i64, Decimal)>,
    follows: Vec<(i64, String, NaiveDate)>,
}

async fn raw(db: &DatabaseConnection) -> Raw {
    let s = |r: &sea_orm::QueryResult, i: usize| -> String { r.try_get_by_index::<String>(i).unwrap() };
    let leads = rows(db, "SELECT owner_id, source, CAST(created_at AS CHAR) FROM crm_lead")
        .await
        .iter()
        .map(|r| (r.try_get_by_index::<Option<i64>>(0).unwrap(), r.try_get_by_index::<Option<String>>(1).unwrap(), local(&s(r, 2))))
        .collect();
    let customers = rows(db, "SELECT id, owner_id, CAST(created_at AS CHAR), is_in_sea, level, status FROM crm_customer")
        .await
        .iter()
        .map(|r| {
            (
                r.try_get_by_index::<i64>(0).unwrap(),
                r.try_get_by_index::<i64>(1).unwrap(),
                local(&s(r, 2)),
                r.try_get_by_index::<i64>(3).unwrap(),
                r.try_get_by_index::<Option<i64>>(4).unwrap(),
                r.try_get_by_index::<i64>(5).unwrap(),
            )
        })
        .collect();
    let opps = rows(
        db,
        &format!("SELECT owner_id, stage, status, {}, win_probability, CAST(created_at AS CHAR) FROM crm_opportunity", money_sql(db, "estimated_amount")),
    )
    .await
    .iter()
    .map(|r| {
        (
            r.try_get_by_index::<i64>(0).unwrap(),
            s(r, 1),
            r.try_get_by_index::<i64>(2).unwrap(),
            dec(&s(r, 3)),
            r.try_get_by_index::<Option<i64>>(4).unwrap(),
            local(&s(r, 5)),
        )
    })
    .collect();
    let contracts = rows(db, &format!("SELECT id, created_by, CAST(sign_date AS CHAR), status, {} FROM crm_contract", money_sql(db, "total_amount")))
        .await
        .iter()
        .map(|r| {
            (r.try_get_by_index::<i64>(0).unwrap(), r.try_get_by_index::<i64>(1).unwrap(), d(&s(r, 2)), r.try_get_by_index::<i64>(3).unwrap(), dec(&s(r, 4)))
        })
        .collect();
    let items = rows(db, &format!("SELECT contract_id, product_id, {}, {} FROM crm_contract_item", money_sql(db, "quantity"), money_sql(db, "amount")))
        .await
        .iter()
        .map(|r| (r.try_get_by_index::<i64>(0).unwrap(), r.try_get_by_index::<i64>(1).unwrap(), dec(&s(r, 2)), dec(&s(r, 3))))
        .collect();
    let receipts = rows(db, &format!("SELECT contract_id, CAST(payment_date AS CHAR), status, {} FROM crm_payment_record", money_sql(db, "payment_amount")))
        .await
        .iter()
        .map(|r| (r.try_get_by_index::<i64>(0).unwrap(), d(&s(r, 1)), r.try_get_by_index::<i64>(2).unwrap(), dec(&s(r, 3))))
        .collect();
    let follows = rows(db, "SELECT created_by, follow_type, CAST(created_at AS CHAR) FROM crm_follow_up")
        .await
        .iter()
        .map(|r| (r.try_get_by_index::<i64>(0).unwrap(), s(r, 1), local(&s(r, 2))))
        .collect();
    Raw { leads, customers, opps, contracts, items, receipts, follows }
}

fn q(scope: DataScope, from: &str, to: &str) -> StatsQuery {
    StatsQuery { scope, from: d(from), to: d(to), dept_id: None, tz_offset_minutes: 480 }
}

fn inside(x: NaiveDate, from: NaiveDate, to: NaiveDate) -> bool {
    x >= from && x <= to
}

/// The reference figures of one viewer (`who` None = everyone) over a period.
struct Ref {
    leads: i64,
    customers: i64,
    opps: i64,
    contracts: (i64, Decimal),
    receipts: (i64, Decimal),
    follows: i64,
    won_by_user: BTreeMap<i64, Decimal>,
    paid_by_user: BTreeMap<i64, Decimal>,
    follows_by_user: BTreeMap<i64, i64>,
}

fn reference(r: &Raw, who: Option<&BTreeSet<i64>>, from: NaiveDate, to: NaiveDate) -> Ref {
    let ok = |u: i64| who.is_none_or(|w| w.contains(&u));
    let signer: HashMap<i64, i64> = r.contracts.iter().map(|c| (c.0, c.1)).collect();
    let mut won_by_user = BTreeMap::new();
    let mut paid_by_user = BTreeMap::new();
    let mut follows_by_user = BTreeMap::new();
    let won: Vec<_> = r.contracts.iter().filter(|c| c.3 == 3 && inside(c.2, from, to) && ok(c.1)).collect();
    for c in &won {
        *won_by_user.entry(c.1).or_insert(Decimal::ZERO) += c.4;
    }
    let paid: Vec<_> = r.receipts.iter().filter(|p| p.2 == 2 && inside(p.1, from, to) && ok(signer[&p.0])).collect();
    for p in &paid {
        *paid_by_user.entry(signer[&p.0]).or_insert(Decimal::ZERO) += p.3;
    }
    let fl: Vec<_> = r.follows.iter().filter(|f| who.is_none_or(|w| w.contains(&f.0)) && inside(f.2, from, to)).collect();
    for f in &fl {
        *follows_by_user.entry(f.0).or_insert(0) += 1;
    }
    Ref {
        leads: r
            .leads
            .iter()
            .filter(|l| {
                inside(l.2, from, to)
                    && match who {
                        None => true,
                        Some(w) => l.0.is_some_and(|o| w.contains(&o)),
                    }
            })
            .count() as i64,
        customers: r.customers.iter().filter(|c| inside(c.2, from, to) && ok(c.1)).count() as i64,
        opps: r.opps.iter().filter(|o| inside(o.5, from, to) && ok(o.0)).count() as i64,
        contracts: (won.len() as i64, won.iter().map(|c| c.4).sum()),
        receipts: (paid.len() as i64, paid.iter().map(|p| p.3).sum()),
        follows: fl.len() as i64,
        won_by_user,
        paid_by_user,
        follows_by_user,
    }
}

fn card<'a>(dash: &'a dashboard::Dashboard, key: &str) -> &'a dashboard::DashboardCard {
    dash.cards.iter().find(|c| c.key == key).unwrap_or_else(|| panic!("card {key}"))
}

fn column(t: &ReportTable, key: &str) -> usize {
    t.columns.iter().position(|c| c.key == key).unwrap_or_else(|| panic!("column {key} in {}", t.key))
}

fn table<'a>(r: &'a report::Report, key: &str) -> &'a ReportTable {
    r.tables.iter().find(|t| t.key == key).unwrap_or_else(|| panic!("table {key}"))
}

fn cell_dec(c: &Option<String>) -> Decimal {
    c.as_deref().map(dec).unwrap_or(Decimal::ZERO)
}

both!(every_figure_equals_the_reference_for_three_viewers, |t| {
    let db = &t.db;
    let w = world(db).await;
    let raw = raw(db).await;
    let s1_users: BTreeSet<i64> = [w.mgr, w.r1, w.r2].into_iter().collect();
    let viewers: [(i64, DataScope, Option<BTreeSet<i64>>); 3] = [
        (w.admin, DataScope::All, None),
        (w.mgr, DataScope::DepartmentTree, Some(s1_users.clone())),
        (w.r1, DataScope::Own, Some([w.r1].into_iter().collect())),
    ];
    let (from, to) = (d("2026-11-01"), d("2026-11-30"));
    for (viewer, scope, who) in &viewers {
        let ctx = ctx_for(db, *viewer).await;
        let dash = dashboard::dashboard(&ctx, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        assert_eq!(dash.scope, *scope);
        assert_eq!((dash.prev_from, dash.prev_to), (d("2026-10-01"), d("2026-10-31")));
        let now = reference(&raw, who.as_ref(), from, to);
        let before = reference(&raw, who.as_ref(), d("2026-10-01"), d("2026-10-31"));
        let tag = format!("viewer {viewer} ({scope:?})");
        if who.is_none() {
            // The dataset is not trivial: every figure has something to count.
            assert!(
                now.contracts.0 >= 2 && before.contracts.0 >= 1 && now.receipts.0 >= 2 && now.follows >= 10 && now.leads >= 5 && now.customers >= 3,
                "{tag}: {:?}",
                (now.contracts, before.contracts, now.receipts, now.follows, now.leads, now.customers, now.opps)
            );
        }
        assert_eq!((card(&dash, "leads").count, card(&dash, "leads").prev_count), (now.leads, before.leads), "{tag} leads");
        assert_eq!((card(&dash, "customers").count, card(&dash, "customers").prev_count), (now.customers, before.customers), "{tag} customers");
        assert_eq!((card(&dash, "opportunities").count, card(&dash, "opportunities").prev_count), (now.opps, before.opps), "{tag} opportunities");
        let c = card(&dash, "contracts");
        assert_eq!((c.count, c.amount.unwrap().inner()), now.contracts, "{tag} contracts");
        assert_eq!((c.prev_count, c.prev_amount.unwrap().inner()), before.contracts, "{tag} contracts before");
        let expected_change = if before.contracts.1.is_zero() {
            None
        } else {
            Some(
                ((now.contracts.1 - before.contracts.1) * Decimal::ONE_HUNDRED / before.contracts.1)
                    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero),
            )
        };
        assert_eq!(c.change_pct, expected_change, "{tag} change");
        let p = card(&dash, "receipts");
        assert_eq!((p.count, p.amount.unwrap().inner()), now.receipts, "{tag} receipts");
        assert_eq!(card(&dash, "followUps").count, now.follows, "{tag} follow-ups");

        // The funnel: open opportunities by stage.
        let ok = |u: i64| who.as_ref().is_none_or(|w| w.contains(&u));
        let mut open: BTreeMap<String, (i64, Decimal, Decimal)> = BTreeMap::new();
        for o in raw.opps.iter().filter(|o| o.2 == 1 && ok(o.0)) {
            let e = open.entry(o.1.clone()).or_insert((0, Decimal::ZERO, Decimal::ZERO));
            e.0 += 1;
            e.1 += o.3;
            e.2 += o.3 * Decimal::from(o.4.unwrap_or(0)) / Decimal::ONE_HUNDRED;
        }
        for f in &dash.funnel {
            let (n, a, wt) = open.get(&f.stage).copied().unwrap_or_default();
            assert_eq!((f.count, f.amount.inner()), (n, a), "{tag} funnel {}", f.stage);
            assert_eq!(f.weighted.inner(), wt.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero), "{tag} weighted {}", f.stage);
        }
        assert_eq!(dash.funnel.iter().map(|f| f.count).sum::<i64>(), open.values().map(|x| x.0).sum::<i64>(), "{tag}: every open opportunity is in the funnel");
        assert_eq!(dash.funnel[0].stage, "初步接触");
        assert!(dash.funnel.iter().any(|f| f.stage == "旧阶段" && f.probability.is_none() && f.conversion.is_none()) || !open.contains_key("旧阶段"));

        // Twelve months: November this year and last year.
        let nov_2025 = reference(&raw, who.as_ref(), d("2025-11-01"), d("2025-11-30"));
        assert_eq!(dash.monthly.year, 2026);
        assert_eq!(dash.monthly.contracts[10].inner(), now.contracts.1, "{tag} monthly");
        assert_eq!(dash.monthly.contracts_last_year[10].inner(), nov_2025.contracts.1, "{tag} monthly last year");
        assert_eq!(dash.monthly.receipts[10].inner(), now.receipts.1, "{tag} monthly receipts");
        let march = reference(&raw, who.as_ref(), d("2026-03-01"), d("2026-03-31"));
        assert_eq!(dash.monthly.contracts[2].inner(), march.contracts.1);

        // Top reps.
        let mut top: Vec<(i64, Decimal)> = now.won_by_user.iter().map(|(u, a)| (*u, *a)).collect();
        top.sort_by(|x, y| y.1.cmp(&x.1).then(x.0.cmp(&y.0)));
        assert_eq!(dash.top_reps.iter().map(|r| (r.user_id, r.amount.inner())).collect::<Vec<_>>(), top, "{tag} top reps");

        // Lead sources (blank and NULL are one slice) and the customer mix.
        let mut src: BTreeMap<Option<String>, i64> = BTreeMap::new();
        for l in raw.leads.iter().filter(|l| {
            inside(l.2, from, to)
                && match who {
                    None => true,
                    Some(w) => l.0.is_some_and(|o| w.contains(&o)),
                }
        }) {
            *src.entry(l.1.clone().filter(|s| !s.is_empty())).or_default() += 1;
        }
        let got: BTreeMap<Option<String>, i64> = dash.lead_sources.iter().map(|s| (s.name.clone(), s.count)).collect();
        assert_eq!(got, src, "{tag} lead sources");
        let mix_total: i64 = dash.customer_mix.iter().map(|m| m.count).sum();
        assert_eq!(mix_total, raw.customers.iter().filter(|c| c.3 == 0 && ok(c.1)).count() as i64, "{tag} customer mix");

        // Forgotten customers: idle 3/10/20/40/100 days.
        let owned: Vec<_> = raw.customers.iter().filter(|c| c.3 == 0 && ok(c.1)).collect();
        let f7 = dash.forgotten.iter().find(|b| b.days == 7).unwrap().count;
        assert!(f7 <= owned.len() as i64);
        let f90 = dash.forgotten.iter().find(|b| b.days == 90).unwrap().count;
        assert!(f90 <= f7);

        // Reports, where the viewer may read them.
        if *viewer == w.r1 {
            assert_eq!(refusal(report::report(&ctx, ReportKind::Performance, q(*scope, "2026-11-01", "2026-11-30")).await).0, ErrorCode::Forbidden);
            continue;
        }
        let perf = report::report(&ctx, ReportKind::Performance, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let reps = table(&perf, "reps");
        let (ca, rc, fu) = (column(reps, "contractAmount"), column(reps, "receipts"), column(reps, "followUps"));
        for (i, key) in reps.row_keys.iter().enumerate() {
            let u: i64 = key.as_deref().unwrap().parse().unwrap();
            assert_eq!(cell_dec(&reps.rows[i][ca]), now.won_by_user.get(&u).copied().unwrap_or_default(), "{tag} perf amount of {u}");
            assert_eq!(cell_dec(&reps.rows[i][rc]), now.paid_by_user.get(&u).copied().unwrap_or_default(), "{tag} perf receipts of {u}");
            assert_eq!(cell_dec(&reps.rows[i][fu]), Decimal::from(now.follows_by_user.get(&u).copied().unwrap_or_default()), "{tag} perf follow-ups of {u}");
        }
        let total = reps.total.as_ref().unwrap();
        assert_eq!(cell_dec(&total[ca]), now.contracts.1, "{tag} perf total");
        assert_eq!(cell_dec(&total[rc]), now.receipts.1, "{tag} perf receipts total");

        // Products: lines of the contracts signed in the period.
        let prods = report::report(&ctx, ReportKind::Products, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let pt = table(&prods, "byProduct");
        let won_ids: BTreeSet<i64> = raw.contracts.iter().filter(|c| c.3 == 3 && inside(c.2, from, to) && ok(c.1)).map(|c| c.0).collect();
        let mut per: BTreeMap<i64, (Decimal, Decimal)> = BTreeMap::new();
        for it in raw.items.iter().filter(|i| won_ids.contains(&i.0)) {
            let e = per.entry(it.1).or_default();
            e.0 += it.2;
            e.1 += it.3;
        }
        let (qc, ac) = (column(pt, "quantity"), column(pt, "amount"));
        for (i, key) in pt.row_keys.iter().enumerate() {
            let pid: i64 = key.as_deref().unwrap().parse().unwrap();
            assert_eq!((cell_dec(&pt.rows[i][qc]), cell_dec(&pt.rows[i][ac])), per[&pid], "{tag} product {pid}");
        }
        assert_eq!(pt.rows.len(), per.len());

        // Funnel report: the period's cohort by stage and the win rate.
        let fr = report::report(&ctx, ReportKind::Funnel, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let cohort: Vec<_> = raw.opps.iter().filter(|o| inside(o.5, from, to) && ok(o.0)).collect();
        let wr = table(&fr, "winRate");
        let (won, lost) = (cohort.iter().filter(|o| o.2 == 2).count() as i64, cohort.iter().filter(|o| o.2 == 3).count() as i64);
        assert_eq!(cell_dec(&wr.rows[0][column(wr, "created")]), Decimal::from(cohort.len() as i64));
        assert_eq!(cell_dec(&wr.rows[0][column(wr, "won")]), Decimal::from(won));
        let rate = wr.rows[0][column(wr, "winRate")].clone();
        if won + lost == 0 {
            assert_eq!(rate, None);
        } else {
            assert_eq!(
                dec(rate.as_deref().unwrap()),
                (Decimal::from(won) * Decimal::ONE_HUNDRED / Decimal::from(won + lost))
                    .round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
            );
        }
        let st = table(&fr, "stages");
        assert_eq!(st.total.as_ref().unwrap()[column(st, "count")], Some(cohort.len().to_string()));

        // Follow-ups by type, rankings, receivables and customers run and agree on totals.
        let fr = report::report(&ctx, ReportKind::FollowUps, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let bt = table(&fr, "byType");
        assert_eq!(cell_dec(&bt.total.as_ref().unwrap()[column(bt, "total")]), Decimal::from(now.follows), "{tag} follow-up total");
        let heat = table(&fr, "heatmap");
        let heat_sum: Decimal = heat.rows.iter().flat_map(|r| r.iter().skip(1)).map(cell_dec).sum();
        assert_eq!(heat_sum, Decimal::from(now.follows), "{tag} heat map");
        let rk = report::report(&ctx, ReportKind::Rankings, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let first = &table(&rk, "contractAmount").rows;
        if let Some((_, best)) = now.won_by_user.iter().max_by(|x, y| x.1.cmp(y.1).then(y.0.cmp(x.0))) {
            assert_eq!(cell_dec(&first[0][3]), *best);
        }
        let rv = report::report(&ctx, ReportKind::Receivables, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let bm = table(&rv, "byMonth");
        // Aging: every open plan amount of the viewer's signed contracts, in one bucket or another.
        let cr = table(&rv, "collection");
        let open: i64 = rows(
            db,
            &format!(
                "SELECT {} FROM crm_payment_plan pl JOIN crm_contract c ON c.id = pl.contract_id WHERE c.status = 3{}",
                crm_core::service::stats::int(db.get_database_backend(), "COALESCE(SUM(pl.open_cents), 0)"),
                match who {
                    None => String::new(),
                    Some(w) => format!(" AND c.created_by IN ({})", w.iter().map(|x| x.to_string()).collect::<Vec<_>>().join(",")),
                }
            ),
        )
        .await[0]
            .try_get_by_index(0)
            .unwrap();
        let aged: Decimal = ["notDue", "d30", "d60", "d90", "d90plus"].iter().map(|k| cell_dec(&cr.total.as_ref().unwrap()[column(cr, k)])).sum();
        assert!(open > 0, "{tag}: open plans exist");
        assert_eq!(aged, Decimal::new(open, 2), "{tag} aging total");
        assert_eq!(cell_dec(&bm.total.as_ref().unwrap()[column(bm, "received")]), now.receipts.1);
        assert_eq!(cell_dec(&bm.total.as_ref().unwrap()[column(bm, "signed")]), now.contracts.1);
        let cu = report::report(&ctx, ReportKind::Customers, q(*scope, "2026-11-01", "2026-11-30")).await.unwrap();
        let by_level = table(&cu, "byLevel");
        assert_eq!(cell_dec(&by_level.total.as_ref().unwrap()[1]), Decimal::from(now.customers));

        // The export holds the same totals.
        let (name, bytes) = report::export_xlsx(&ctx, ReportKind::Performance, q(*scope, "2026-11-01", "2026-11-30"), Locale::ZhCn).await.unwrap();
        assert!(name.ends_with(".xlsx") && name.starts_with("销售简报"));
        let sheet = xlsx_sheet(&bytes, 0);
        let total_row = sheet.iter().find(|r| r.first().map(|c| c.as_str()) == Some("合计")).expect("a totals row");
        let got: f64 = total_row[ca].parse().unwrap();
        assert_eq!(Decimal::try_from(got).unwrap().round_dp(2), now.contracts.1, "{tag} xlsx total");
    }

    // The scope is capped by the role: a rep asking for everything gets their own.
    let ctx = ctx_for(db, w.r1).await;
    let dash = dashboard::dashboard(&ctx, q(DataScope::All, "2026-11-01", "2026-11-30")).await.unwrap();
    assert_eq!((dash.scope, dash.scope_options.clone(), dash.single_owner), (DataScope::Own, vec![DataScope::Own], Some(w.r1)));
    // The manager may narrow to themself; the department filter narrows the administrator.
    let mctx = ctx_for(db, w.mgr).await;
    let own = dashboard::dashboard(&mctx, q(DataScope::Own, "2026-11-01", "2026-11-30")).await.unwrap();
    let mine = reference(&raw, Some(&[w.mgr].into_iter().collect()), from, to);
    assert_eq!(card(&own, "contracts").amount.unwrap().inner(), mine.contracts.1);
    let actx = ctx_for(db, w.admin).await;
    let mut dq = q(DataScope::All, "2026-11-01", "2026-11-30");
    dq.dept_id = Some(w.s2);
    let s2 = dashboard::dashboard(&actx, dq).await.unwrap();
    let r3 = reference(&raw, Some(&[w.r3].into_iter().collect()), from, to);
    assert_eq!((card(&s2, "contracts").amount.unwrap().inner(), card(&s2, "followUps").count), (r3.contracts.1, r3.follows));
    // Bad periods name their field.
    assert_eq!(refusal(dashboard::dashboard(&actx, q(DataScope::All, "2026-11-30", "2026-11-01")).await), (ErrorCode::Validation, Some("to".into())));
    let _ = w.s1;
});

both!(month_boundaries_in_beijing_time, |t| {
    let db = &t.db;
    let hq = dept(db, "总部", None).await;
    let ra = role(db, "admin", "*", DataScope::All).await;
    let admin = user(db, "admin", hq, ra, None).await;
    exec(db, format!("INSERT INTO crm_customer (customer_name, customer_type, owner_id, created_by) VALUES ('边界客户', 2, {admin}, {admin})")).await;
    let cust: i64 = rows(db, "SELECT MAX(id) FROM crm_customer").await[0].try_get_by_index(0).unwrap();
    // Signed on the last day of November (a date), and follow-ups at 23:30 and 00:30
    // Beijing time around the end of the month (15:30 and 16:30 UTC).
    exec(
        db,
        format!(
            "INSERT INTO crm_contract (contract_no, customer_id, contract_name, sign_date, total_amount, status, created_by) VALUES ('B-1', {cust}, '月末合同', '2026-11-30', 1000.01, 3, {admin})"
        ),
    )
    .await;
    for (t, txt) in [("2026-11-30 15:30:00", "23:30"), ("2026-11-30 16:30:00", "00:30"), ("2026-10-31 16:10:00", "00:10")] {
        exec(
            db,
            format!("INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, created_by, created_at) VALUES ('customer', {cust}, '电话', '{txt}', {admin}, '{t}')"),
        )
        .await;
    }
    let ctx = ctx_for(db, admin).await;
    let nov = dashboard::dashboard(&ctx, q(DataScope::All, "2026-11-01", "2026-11-30")).await.unwrap();
    assert_eq!(card(&nov, "contracts").amount.unwrap().inner(), dec("1000.01"));
    assert_eq!(card(&nov, "followUps").count, 2, "23:30 on 30 Nov and 00:10 on 1 Nov belong to November");
    let dec_ = dashboard::dashboard(&ctx, q(DataScope::All, "2026-12-01", "2026-12-31")).await.unwrap();
    assert_eq!((card(&dec_, "followUps").count, card(&dec_, "followUps").prev_count), (1, 2));
    assert_eq!(card(&dec_, "contracts").prev_amount.unwrap().inner(), dec("1000.01"));
    assert_eq!(card(&dec_, "contracts").change_pct, Some(dec("-100")));
    // A year and its previous; a week and its previous.
    let y = dashboard::dashboard(&ctx, q(DataScope::All, "2027-01-01", "2027-12-31")).await.unwrap();
    assert_eq!((y.prev_from, y.prev_to), (d("2026-01-01"), d("2026-12-31")));
    assert_eq!(card(&y, "contracts").prev_amount.unwrap().inner(), dec("1000.01"));
    assert_eq!(card(&y, "contracts").change_pct, Some(dec("-100")));
    // In a UTC calendar the 00:30 follow-up is still November.
    let mut utc = q(DataScope::All, "2026-11-01", "2026-11-30");
    utc.tz_offset_minutes = 0;
    assert_eq!(card(&dashboard::dashboard(&ctx, utc).await.unwrap(), "followUps").count, 2);
    // The heat map puts them on the right local days.
    let fr = report::report(&ctx, ReportKind::FollowUps, q(DataScope::All, "2026-11-01", "2026-11-30")).await.unwrap();
    let heat = table(&fr, "heatmap");
    let row = heat.rows.iter().find(|r| r.iter().skip(1).any(|c| c.as_deref() != Some("0"))).unwrap();
    assert_eq!(row[column(heat, "2026-11-30")].as_deref(), Some("1"));
    assert_eq!(row[column(heat, "2026-11-01")].as_deref(), Some("1"));
});

both!(targets_roll_up_and_complete, |t| {
    let db = &t.db;
    let w = world(db).await;
    let raw = raw(db).await;
    let mctx = ctx_for(db, w.mgr).await;
    let month = |m: usize, v: &str| -> Vec<Option<crm_core::money::Dec>> { (1..=12).map(|i| if i == m { Some(v.parse().unwrap()) } else { None }).collect() };
    let grid = target::save(
        &mctx,
        2026,
        vec![
            TargetInput { kind: TargetKind::User, id: w.r1, months: month(11, "10000.00") },
            TargetInput { kind: TargetKind::User, id: w.r2, months: month(11, "5000.50") },
        ],
    )
    .await
    .unwrap();
    // The manager sees their department (rolled up from the reps) and their reps.
    let s1 = grid.rows.iter().find(|r| r.kind == TargetKind::Dept && r.id == w.s1).expect("the department row");
    assert!(s1.rolled_up);
    assert_eq!(s1.months[10].map(|m| m.inner()), Some(dec("15000.50")));
    assert!(!grid.rows.iter().any(|r| r.kind == TargetKind::User && r.id == w.r3), "another department's rep is not in the grid");
    let r1 = grid.rows.iter().find(|r| r.kind == TargetKind::User && r.id == w.r1).unwrap();
    let won_r1 = reference(&raw, Some(&[w.r1].into_iter().collect()), d("2026-11-01"), d("2026-11-30")).contracts.1;
    assert_eq!(r1.achieved[10].inner(), won_r1);
    assert_eq!(
        r1.completion,
        Some((won_r1 * Decimal::ONE_HUNDRED / dec("10000")).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    );
    // A target of its own replaces the roll-up; the gauge of the department uses it.
    target::save(&mctx, 2026, vec![TargetInput { kind: TargetKind::Dept, id: w.s1, months: month(11, "20000") }]).await.unwrap();
    let dash = dashboard::dashboard(&mctx, q(DataScope::DepartmentTree, "2026-11-01", "2026-11-30")).await.unwrap();
    assert_eq!(dash.target.target.map(|t| t.inner()), Some(dec("20000.00")));
    let s1_won = reference(&raw, Some(&[w.mgr, w.r1, w.r2].into_iter().collect()), d("2026-11-01"), d("2026-11-30")).contracts.1;
    assert_eq!(dash.target.achieved.inner(), s1_won);
    // The rep's own gauge: their target.
    let rctx = ctx_for(db, w.r1).await;
    let mine = dashboard::dashboard(&rctx, q(DataScope::Own, "2026-11-01", "2026-11-30")).await.unwrap();
    assert_eq!(mine.target.target.map(|t| t.inner()), Some(dec("10000.00")));
    // Removing a month; refusals name their field.
    target::save(&mctx, 2026, vec![TargetInput { kind: TargetKind::User, id: w.r2, months: vec![None; 12] }]).await.unwrap();
    let again = target::grid(&mctx, 2026).await.unwrap();
    assert_eq!(again.rows.iter().find(|r| r.id == w.r2 && r.kind == TargetKind::User).unwrap().months[10], None);
    assert_eq!(refusal(target::save(&rctx, 2026, vec![]).await).0, ErrorCode::Forbidden);
    assert_eq!(
        refusal(target::save(&mctx, 2026, vec![TargetInput { kind: TargetKind::User, id: w.r3, months: month(1, "1") }]).await),
        (ErrorCode::Validation, Some("id".into()))
    );
    assert_eq!(
        refusal(target::save(&mctx, 2026, vec![TargetInput { kind: TargetKind::User, id: w.r1, months: month(1, "-1") }]).await),
        (ErrorCode::Validation, Some("months".into()))
    );
    assert_eq!(refusal(target::grid(&mctx, 1900).await), (ErrorCode::Validation, Some("year".into())));
    // The rep reads only their own row.
    let rg = target::grid(&rctx, 2026).await.unwrap();
    assert_eq!((rg.rows.len(), rg.can_edit), (1, false));
    // The receipts basis changes what completes a target.
    let actx = ctx_for(db, w.admin).await;
    target::set_basis(&actx, target::TargetBasis::Receipts).await.unwrap();
    let g = target::grid(&mctx, 2026).await.unwrap();
    let paid_r1: Decimal = reference(&raw, Some(&[w.r1].into_iter().collect()), d("2026-11-01"), d("2026-11-30")).receipts.1;
    assert_eq!(g.rows.iter().find(|r| r.id == w.r1 && r.kind == TargetKind::User).unwrap().achieved[10].inner(), paid_r1);
    assert_eq!(refusal(target::set_basis(&rctx, target::TargetBasis::Contracts).await).0, ErrorCode::Forbidden);
});

both!(the_layout_is_per_user, |t| {
    let db = &t.db;
    let hq = dept(db, "总部", None).await;
    let rr = role(db, "代表", "customer:read", DataScope::Own).await;
    let a = user(db, "a", hq, rr, None).await;
    let b = user(db, "b", hq, rr, None).await;
    let actx = ctx_for(db, a).await;
    let l = dashboard::set_layout(&actx, DashboardLayout { order: vec!["funnel".into(), "leads".into()], hidden: vec!["topReps".into()] }).await.unwrap();
    assert_eq!(&l.order[..2], &["funnel".to_string(), "leads".to_string()]);
    assert_eq!(l.order.len(), dashboard::BLOCKS.len(), "every block is named once");
    assert_eq!(dashboard::layout(&actx).await.unwrap(), l);
    let other = dashboard::layout(&ctx_for(db, b).await).await.unwrap();
    assert_eq!((other.order[0].as_str(), other.hidden.len()), ("leads", 0), "another user keeps the default");
    assert_eq!(
        refusal(dashboard::set_layout(&actx, DashboardLayout { order: vec!["nope".into()], hidden: vec![] }).await),
        (ErrorCode::Validation, Some("layout".into()))
    );
});

/// The cells of one sheet of an XLSX workbook as text (numbers in their shortest form).
fn xlsx_sheet(bytes: &[u8], index: usize) -> Vec<Vec<String>> {
    use calamine::{Data, Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an XLSX");
    let name = wb.sheet_names()[index].clone();
    let range = wb.worksheet_range(&name).expect("the sheet");
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    Data::Float(f) => f.to_string(),
                    Data::Int(i) => i.to_string(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}
