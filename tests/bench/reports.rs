//! The dashboard and the reports at scale: `seed-demo` data (100,000 customers, about a
//! million follow-ups, with their opportunities, contracts and receipts), on SQLite and,
//! when reachable, MariaDB:
//! * the whole dashboard (every card and chart, one scope, this month), p50 / max over
//!   20 runs, for the administrator (全部), a sales manager (本部门及下级) and a rep (本人);
//!   targets: under 300 ms on SQLite and 500 ms on MariaDB;
//! * each report over this year for the administrator (target: under 1 s each);
//! * the XLSX export of the performance report.
//!
//! ```text
//! cargo bench --bench reports
//! CRM_BENCH_SCALE=20000 cargo bench --bench reports
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use chrono::Datelike;
use crm_core::entity::enums::DataScope;
use crm_core::entity::sys_user;
use crm_core::error::Locale;
use crm_core::service::report::{self, ReportKind};
use crm_core::service::stats::StatsQuery;
use crm_core::service::{auth, dashboard, demo, util, Ctx};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn ctx_of(db: &sea_orm::DatabaseConnection, username: &str) -> Ctx {
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await.unwrap().unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, scale: u64, runs: usize) {
    let t = Instant::now();
    demo::seed_demo(&db, scale, &|_, _, _| {}).await.expect("seed");
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap().try_get_by_index::<i64>(0).unwrap() }
    };
    println!(
        "[{label}] seed-demo --scale {scale}: {:.1}s ({} customers, {} follow-ups, {} opportunities, {} contracts, {} receipts)",
        t.elapsed().as_secs_f64(),
        count("SELECT COUNT(*) FROM crm_customer").await,
        count("SELECT COUNT(*) FROM crm_follow_up").await,
        count("SELECT COUNT(*) FROM crm_opportunity").await,
        count("SELECT COUNT(*) FROM crm_contract").await,
        count("SELECT COUNT(*) FROM crm_payment_record").await,
    );
    let today = (util::now() + chrono::Duration::hours(8)).date();
    // The last whole month (this one may be a day old), and this year.
    let month_end = chrono::NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap() - chrono::Duration::days(1);
    let month = chrono::NaiveDate::from_ymd_opt(month_end.year(), month_end.month(), 1).unwrap();
    let year = chrono::NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap();
    let q = |scope: DataScope, from: chrono::NaiveDate, to: chrono::NaiveDate| StatsQuery { scope, from, to, dept_id: None, tz_offset_minutes: 480 };
    let admin = ctx_of(&db, "wei.finance").await;
    let manager = ctx_of(&db, "zhao.manager").await;
    let rep = ctx_of(&db, "li.sales").await;
    for (who, ctx, scope) in
        [("finance, 全部", &admin, DataScope::All), ("sales manager, 本部门及下级", &manager, DataScope::DepartmentTree), ("rep, 本人", &rep, DataScope::Own)]
    {
        let mut times = Vec::new();
        let mut amount = String::new();
        for _ in 0..runs {
            let t = Instant::now();
            let d = dashboard::dashboard(ctx, q(scope, month, month_end)).await.unwrap();
            times.push(t.elapsed());
            amount = d.cards.iter().find(|c| c.key == "contracts").and_then(|c| c.amount).map(|a| a.to_string()).unwrap_or_default();
        }
        times.sort();
        println!("[{label}] dashboard, last month ({who}; contracts {amount}): {runs} runs, p50 {:.0} ms, max {:.0} ms", pct(&times, 0.5), pct(&times, 1.0));
    }
    let kinds = [
        ReportKind::Performance,
        ReportKind::Funnel,
        ReportKind::Customers,
        ReportKind::FollowUps,
        ReportKind::Products,
        ReportKind::Receivables,
        ReportKind::Rankings,
    ];
    for (span, from, to) in [("last month", month, month_end), ("this year", year, today)] {
        for kind in kinds {
            let mut times = Vec::new();
            let mut rows = 0;
            for _ in 0..runs.min(5) {
                let t = Instant::now();
                let r = report::report(&admin, kind, q(DataScope::All, from, to)).await.unwrap();
                times.push(t.elapsed());
                rows = r.tables.iter().map(|t| t.rows.len()).sum();
            }
            times.sort();
            println!("[{label}] report {:?}, {span} (全部; {rows} rows): p50 {:.0} ms, max {:.0} ms", kind, pct(&times, 0.5), pct(&times, 1.0));
        }
    }
    let t = Instant::now();
    let (_, bytes) = report::export_xlsx(&admin, ReportKind::Performance, q(DataScope::All, year, today), Locale::ZhCn).await.unwrap();
    println!("[{label}] XLSX export of the performance report: {} bytes in {:.0} ms", bytes.len(), t.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let scale: u64 = std::env::var("CRM_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 100_000 } else { 300 });
    let runs = if bench { 20 } else { 2 };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, scale, runs).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_rep_{}", std::process::id());
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db, scale, runs).await;
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
            }
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
