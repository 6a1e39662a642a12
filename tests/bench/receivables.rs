//! Receivables at scale: 100,000 contracts with 300,000 payment plans and 300,000
//! receipts, on SQLite and, when reachable, MariaDB:
//! * the contract list with every roll-up: 50 rows, filter "unfinished collection",
//!   sorted by outstanding amount, data scope "department"; p50 / p95 over 100 runs
//!   (targets: p95 < 30 ms SQLite, < 50 ms MariaDB);
//! * the aging view by owner over all of it (target < 300 ms).
//!
//! ```text
//! cargo bench --bench receivables
//! CRM_BENCH_CONTRACTS=20000 cargo bench --bench receivables
//! CRM_BENCH_KEEP=1 cargo bench --bench receivables   # keep the MariaDB database to EXPLAIN
//! CRM_BENCH_REUSE=mysql://root@127.0.0.1:3306/NAME cargo bench --bench receivables   # measure it again
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::entity::enums::{DataScope, RoleStatus};
use crm_core::entity::{sys_role, sys_user};
use crm_core::service::contract::{self, CollectionFilter, ContractFilter, ContractSort};
use crm_core::service::receivable::{self, AgingBy};
use crm_core::service::{auth, demo, util, Ctx, PageReq};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, Statement, TransactionTrait};
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// A finance manager whose only role has data scope "department".
async fn dept_finance(db: &sea_orm::DatabaseConnection) -> Ctx {
    let now = util::now();
    let existing = sys_role::Entity::find().filter(sys_role::Column::RoleName.eq("部门财务(基准测试)")).one(db).await.unwrap();
    let role = match existing {
        Some(r) => r,
        None => sys_role::ActiveModel {
            role_name: Set("部门财务(基准测试)".into()),
            permissions: Set(Some("customer:read,contract:read,payment:*,invoice:*".into())),
            data_scope: Set(DataScope::Department),
            status: Set(RoleStatus::Enabled),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .unwrap(),
    };
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq("qian.lead1")).one(db).await.unwrap().unwrap();
    let mut am = m.clone().into_active_model();
    am.role_ids = Set(Some(role.id.to_string()));
    am.update(db).await.unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

/// `contracts` signed contracts spread over the demo customers, 3 plans and 3 receipts each
/// (some pending, some on plans), inserted in bulk.
async fn fill(db: &sea_orm::DatabaseConnection, contracts: u64) {
    let be = db.get_database_backend();
    let customers: Vec<i64> = db
        .query_all_raw(Statement::from_string(be, "SELECT id FROM crm_customer ORDER BY id"))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0).unwrap())
        .collect();
    let base_id: i64 =
        db.query_one_raw(Statement::from_string(be, "SELECT COALESCE(MAX(id), 0) FROM crm_contract")).await.unwrap().unwrap().try_get_by_index(0).unwrap();
    let max_id = |table: &'static str| async move {
        db.query_one_raw(Statement::from_string(be, format!("SELECT COALESCE(MAX(id), 0) FROM {table}")))
            .await
            .unwrap()
            .unwrap()
            .try_get_by_index::<i64>(0)
            .unwrap()
    };
    let (base_plan, base_receipt) = (max_id("crm_payment_plan").await, max_id("crm_payment_record").await);
    let today = chrono::Local::now().date_naive();
    let txn = db.begin().await.unwrap();
    let chunk = 500u64;
    let mut n = 0u64;
    while n < contracts {
        let upto = (n + chunk).min(contracts);
        let (mut cs, mut ps, mut rs) = (Vec::new(), Vec::new(), Vec::new());
        for i in n..upto {
            let id = base_id + 1 + i as i64;
            let cust = customers[(i as usize) % customers.len()];
            let total = 3000 + (i % 97) * 100;
            let sign = today - chrono::Duration::days((i % 400) as i64);
            cs.push(format!("({id}, 'BHT{id:08}', {cust}, '基准合同 {id}', '{sign}', '{total}.00', 3, 1, '{sign} 00:00:00', '{sign} 00:00:00', 0)"));
            for k in 0..3u64 {
                let seq = (i * 3 + k) as i64 + 1;
                let (pid, rid) = (base_plan + seq, base_receipt + seq);
                let date = sign + chrono::Duration::days(30 * (k as i64 + 1));
                ps.push(format!("({pid}, {id}, {}, '{date}', '第{}期', {}, '{sign} 00:00:00')", total / 3, k + 1, if k == 0 { 3 } else { 1 }));
                let amount = if k == 0 { total / 3 } else { 50 };
                let status = if k == 2 { 1 } else { 2 };
                let plan = if k == 0 { format!("{pid}") } else { "NULL".into() };
                rs.push(format!("({rid}, {id}, {plan}, 'BHK{rid:09}', {amount}, '{date}', '银行转账', 1, '{sign} 00:00:00', {status})"));
            }
        }
        let exec = |sql: String| {
            let txn = &txn;
            async move { txn.execute_unprepared(&sql).await.unwrap() }
        };
        exec(format!(
            "INSERT INTO crm_contract (id, contract_no, customer_id, contract_name, sign_date, total_amount, status, created_by, created_at, updated_at, lock_version) VALUES {}",
            cs.join(",")
        ))
        .await;
        exec(format!("INSERT INTO crm_payment_plan (id, contract_id, plan_amount, plan_date, payment_term, status, created_at) VALUES {}", ps.join(","))).await;
        exec(format!(
            "INSERT INTO crm_payment_record (id, contract_id, plan_id, payment_no, payment_amount, payment_date, payment_method, created_by, created_at, status) VALUES {}",
            rs.join(",")
        ))
        .await;
        n = upto;
    }
    txn.commit().await.unwrap();
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, contracts: u64, runs: usize) {
    let t = Instant::now();
    demo::seed_demo(&db, (contracts / 10).max(50), &|_, _, _| {}).await.expect("seed");
    fill(&db, contracts).await;
    measure(label, db, contracts, runs, t).await;
}

async fn measure(label: &str, db: sea_orm::DatabaseConnection, contracts: u64, runs: usize, t: Instant) {
    println!("[{label}] seeded {contracts} contracts, {} plans, {} receipts in {:.1}s", contracts * 3, contracts * 3, t.elapsed().as_secs_f64());
    let t = Instant::now();
    let r = crm_core::service::rollup::catch_up(&db).await.unwrap();
    println!("[{label}] roll-up catch-up of rows written by SQL: {} contracts checked, {} fixed in {:.1}s", r.checked, r.fixed, t.elapsed().as_secs_f64());
    let t = Instant::now();
    let r = crm_core::service::rollup::catch_up(&db).await.unwrap();
    println!("[{label}] roll-up catch-up with nothing new: {} checked in {:.1} ms", r.checked, t.elapsed().as_secs_f64() * 1000.0);
    let ctx = dept_finance(&db).await;
    let filter =
        ContractFilter { collection: Some(CollectionFilter::Unfinished), sort: Some(ContractSort::Outstanding), desc: Some(true), ..Default::default() };
    let mut times = Vec::with_capacity(runs);
    let mut total = 0;
    for i in 0..runs {
        let page = PageReq { page: (i % 10) as u64 + 1, page_size: 50 };
        let t = Instant::now();
        let p = contract::list(&ctx, filter.clone(), page).await.unwrap();
        times.push(t.elapsed());
        total = p.total;
        assert!(p.items.iter().all(|c| c.money.is_some()));
    }
    times.sort();
    println!(
        "[{label}] contract list (unfinished collection, by outstanding, 50 rows with roll-ups, dept scope, {total} matches): {runs} runs, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        pct(&times, 0.5),
        pct(&times, 0.95),
        pct(&times, 1.0)
    );
    let mut times = Vec::new();
    for _ in 0..runs.min(10) {
        let t = Instant::now();
        let a = receivable::aging(&ctx, AgingBy::Owner).await.unwrap();
        times.push(t.elapsed());
        assert!(a.totals.total.inner() >= rust_decimal::Decimal::ZERO);
    }
    times.sort();
    println!("[{label}] aging by owner (dept scope): {} runs, p50 {:.0} ms, max {:.0} ms", times.len(), pct(&times, 0.5), pct(&times, 1.0));
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let contracts: u64 = std::env::var("CRM_BENCH_CONTRACTS").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 100_000 } else { 600 });
    let runs = if bench { 100 } else { 5 };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        // Measure again on a database kept by CRM_BENCH_KEEP (no seeding).
        if let Ok(url) = std::env::var("CRM_BENCH_REUSE") {
            let db = crm_core::db::connect_url(&url).await.unwrap();
            measure("reused", db, contracts, runs, Instant::now()).await;
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, contracts, runs).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_rcv_{}", std::process::id());
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db, contracts, runs).await;
                if std::env::var_os("CRM_BENCH_KEEP").is_some() {
                    println!("[MariaDB] kept database {name} (CRM_BENCH_KEEP)");
                } else {
                    admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
                }
            }
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
