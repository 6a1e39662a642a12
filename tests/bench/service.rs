//! The service desk at scale: 200,000 work orders (a year of them; about 5 % still open,
//! their deadlines around now), on SQLite and, when reachable, MariaDB:
//! * the service list: open orders sorted by nearest deadline with their SLA flags, 50
//!   rows, p50 / p95 over 100 runs, for a manager who sees everything and for a service
//!   agent with a department scope (targets: p95 < 30 ms SQLite, < 50 ms MariaDB);
//! * the per-handler report over a quarter (target < 300 ms);
//! * the service board.
//!
//! ```text
//! cargo bench --bench service
//! CRM_BENCH_ORDERS=50000 cargo bench --bench service
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use chrono::Duration as CDuration;
use crm_core::entity::enums::WorkOrderPriority;
use crm_core::entity::sys_user;
use crm_core::service::sla::{self, SlaTargets, WorkCalendar};
use crm_core::service::work_order::{self as wo, WorkOrderFilter};
use crm_core::service::{auth, demo, util, Ctx, PageReq};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, TransactionTrait};
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn ctx_of(db: &sea_orm::DatabaseConnection, username: &str) -> Ctx {
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await.unwrap().unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

fn ts(t: chrono::NaiveDateTime) -> String {
    format!("'{}'", t.format("%Y-%m-%d %H:%M:%S"))
}

fn opt(t: Option<chrono::NaiveDateTime>) -> String {
    t.map(ts).unwrap_or_else(|| "NULL".into())
}

/// `orders` work orders over the last year, inserted in bulk with their clocks.
async fn fill(db: &sea_orm::DatabaseConnection, orders: u64) {
    let be = db.get_database_backend();
    let ids = |sql: &'static str| async move {
        db.query_all_raw(Statement::from_string(be, sql)).await.unwrap().iter().map(|r| r.try_get_by_index::<i64>(0).unwrap()).collect::<Vec<i64>>()
    };
    let customers = ids("SELECT id FROM crm_customer ORDER BY id").await;
    let users = ids("SELECT id FROM sys_user ORDER BY id").await;
    let base: i64 =
        db.query_one_raw(Statement::from_string(be, "SELECT COALESCE(MAX(id), 0) FROM crm_work_order")).await.unwrap().unwrap().try_get_by_index(0).unwrap();
    let (targets, cal) = (SlaTargets::default(), WorkCalendar::default());
    let now = util::now();
    let txn = db.begin().await.unwrap();
    let chunk = 500u64;
    let mut n = 0u64;
    while n < orders {
        let upto = (n + chunk).min(orders);
        let mut rows = Vec::new();
        for i in n..upto {
            let id = base + 1 + i as i64;
            let cust = customers[(i as usize * 7) % customers.len()];
            let handler = users[(i as usize * 13) % users.len()];
            let creator = users[(i as usize * 3) % users.len()];
            let priority = match i % 10 {
                0 => WorkOrderPriority::Urgent,
                1..=6 => WorkOrderPriority::Normal,
                _ => WorkOrderPriority::Low,
            };
            let open = i % 20 == 0;
            // Open orders from the last three days; the others over the year.
            let created =
                if open { now - CDuration::minutes((i % (3 * 24 * 60)) as i64) } else { now - CDuration::minutes(((i * 2617) % (365 * 24 * 60)) as i64) };
            let c = sla::clocks(&targets, &cal, priority, created);
            let (status, first, resolved, closed, satisfaction, assignee) = if open {
                if i % 40 == 0 {
                    (1, None, None, None, "NULL".to_string(), if i % 80 == 0 { "NULL".to_string() } else { handler.to_string() })
                } else {
                    (2, Some(created + CDuration::minutes(20)), None, None, "NULL".into(), handler.to_string())
                }
            } else {
                let took = (i % 600) as i64;
                let solved = created + CDuration::minutes(30 + (i % 3000) as i64);
                let sat = if i % 3 == 0 { "NULL".to_string() } else { (1 + i % 5).to_string() };
                (
                    if i % 2 == 0 { 4 } else { 3 },
                    Some(created + CDuration::minutes(took)),
                    Some(solved),
                    (i % 2 == 0).then_some(solved + CDuration::hours(2)),
                    sat,
                    handler.to_string(),
                )
            };
            let (due, risk) = match (status, first) {
                (1, _) | (2, None) => (Some(c.response_due), Some(c.response_risk)),
                (2, Some(_)) => (Some(c.resolve_due), Some(c.resolve_risk)),
                _ => (None, None),
            };
            rows.push(format!(
                "({id}, 'BGD{id:09}', {cust}, '售后问题', '基准工单 {id}', '问题描述', {p}, {status}, {assignee}, {sol}, {satisfaction}, {creator}, {created}, {updated}, \
                 {rd}, {rsd}, {rr}, {rsr}, {due}, {risk}, {first}, {resolved}, {closed}, {reopen}, 0)",
                p = priority.code(),
                sol = if status >= 3 { "'已远程处理'" } else { "NULL" },
                created = ts(created),
                updated = ts(resolved.unwrap_or(created)),
                rd = ts(c.response_due),
                rsd = ts(c.resolve_due),
                rr = ts(c.response_risk),
                rsr = ts(c.resolve_risk),
                due = opt(due),
                risk = opt(risk),
                first = opt(first),
                resolved = opt(resolved),
                closed = opt(closed),
                reopen = if i % 17 == 0 { 1 } else { 0 },
            ));
        }
        txn.execute_unprepared(&format!(
            "INSERT INTO crm_work_order (id, order_no, customer_id, order_type, title, content, priority, status, assignee_id, solution, satisfaction, created_by, \
             created_at, updated_at, response_due_at, resolve_due_at, response_risk_at, resolve_risk_at, sla_due_at, sla_risk_at, first_response_at, resolved_at, \
             closed_at, reopen_count, lock_version) VALUES {}",
            rows.join(",")
        ))
        .await
        .unwrap();
        n = upto;
    }
    txn.commit().await.unwrap();
}

async fn list_times(ctx: &Ctx, filter: &WorkOrderFilter, runs: usize) -> (Vec<Duration>, u64) {
    let mut times = Vec::with_capacity(runs);
    let mut total = 0;
    for i in 0..runs {
        let page = PageReq { page: (i % 10) as u64 + 1, page_size: 50 };
        let t = Instant::now();
        let p = wo::list(ctx, filter.clone(), page).await.unwrap();
        times.push(t.elapsed());
        total = p.total;
    }
    times.sort();
    (times, total)
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, orders: u64, runs: usize) {
    let t = Instant::now();
    demo::seed_demo(&db, 200, &|_, _, _| {}).await.expect("seed");
    fill(&db, orders).await;
    println!("[{label}] seeded {orders} work orders in {:.1}s", t.elapsed().as_secs_f64());
    for pass in ["first (sets the watermark)", "hourly, nothing new"] {
        let t = Instant::now();
        let fixed = wo::catch_up(&db).await.unwrap();
        println!("[{label}] clock catch-up, {pass}: {fixed} fixed in {:.1} ms", t.elapsed().as_secs_f64() * 1000.0);
    }

    let admin = Ctx::system(db.clone());
    let agent = ctx_of(&db, "chen.service").await;
    for (who, ctx) in [("manager, all orders", &admin), ("service agent, department scope", &agent)] {
        let (times, total) = list_times(ctx, &WorkOrderFilter::default(), runs).await;
        println!(
            "[{label}] service list (open, nearest deadline first, 50 rows with flags; {who}; {total} open): {runs} runs, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            pct(&times, 0.5),
            pct(&times, 0.95),
            pct(&times, 1.0)
        );
    }
    let (times, total) = list_times(&agent, &WorkOrderFilter { mine: true, ..Default::default() }, runs).await;
    println!("[{label}] my queue (agent, {total} open): p50 {:.1} ms, p95 {:.1} ms", pct(&times, 0.5), pct(&times, 0.95));

    let today = (util::now() + CDuration::hours(8)).date();
    let mut times = Vec::new();
    let mut handled = 0;
    for _ in 0..runs.min(10) {
        let t = Instant::now();
        let r = wo::report(&admin, today - CDuration::days(90), today, 480).await.unwrap();
        times.push(t.elapsed());
        handled = r.total.handled;
    }
    times.sort();
    println!("[{label}] per-handler report, one quarter ({handled} orders): p50 {:.0} ms, max {:.0} ms", pct(&times, 0.5), pct(&times, 1.0));
    let mut times = Vec::new();
    for _ in 0..runs.min(10) {
        let t = Instant::now();
        let b = wo::board(&admin, 480).await.unwrap();
        times.push(t.elapsed());
        assert!(b.open > 0);
    }
    times.sort();
    println!("[{label}] service board: p50 {:.0} ms, max {:.0} ms", pct(&times, 0.5), pct(&times, 1.0));
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let orders: u64 = std::env::var("CRM_BENCH_ORDERS").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 200_000 } else { 2_000 });
    let runs = if bench { 100 } else { 5 };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, orders, runs).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_svc_{}", std::process::id());
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db, orders, runs).await;
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
            }
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
