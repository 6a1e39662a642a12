//! Customer lifecycle at 100,000 customers (~1,000,000 follow-ups), on SQLite and, when
//! reachable, MariaDB:
//! * the customer list page: 50 rows, one filter, one sort, data scope "department";
//!   p50 / p95 over 200 runs (targets: p95 < 30 ms SQLite, < 50 ms MariaDB);
//! * the public-sea sweep over all customers (target < 1 s), then a second, idle sweep.
//!
//! ```text
//! cargo bench --bench lifecycle
//! CRM_BENCH_SCALE=20000 cargo bench --bench lifecycle
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::entity::enums::{CustomerLevel, CustomerStatus, DataScope, RoleStatus};
use crm_core::entity::{sys_role, sys_user};
use crm_core::service::customer::{self, CustomerFilter, CustomerSort};
use crm_core::service::{auth, demo, sea, util, Ctx, PageReq};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// A sales manager whose only role has data scope "department".
async fn dept_manager(db: &sea_orm::DatabaseConnection) -> Ctx {
    let now = util::now();
    let role = sys_role::ActiveModel {
        role_name: Set("部门经理(基准测试)".into()),
        permissions: Set(Some("customer:*,follow_up:*,contact:*".into())),
        data_scope: Set(DataScope::Department),
        status: Set(RoleStatus::Enabled),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap();
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq("qian.lead1")).one(db).await.unwrap().unwrap();
    let mut am = m.clone().into_active_model();
    am.role_ids = Set(Some(role.id.to_string()));
    am.update(db).await.unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, scale: u64, runs: usize) {
    let t = Instant::now();
    demo::seed_demo(&db, scale, &|_, _, _| {}).await.expect("seed");
    println!("[{label}] seeded {scale} customers (+ leads, contacts, ~10 follow-ups each) in {:.1}s", t.elapsed().as_secs_f64());
    let ctx = dept_manager(&db).await;
    let cases: [(&str, CustomerFilter); 3] = [
        ("level A, newest updated first", CustomerFilter { level: Some(CustomerLevel::A), sort: CustomerSort::UpdatedAt, ..Default::default() }),
        (
            "potential, recycled soonest first",
            CustomerFilter { status: Some(CustomerStatus::Potential), sort: CustomerSort::LastFollowAt, ..Default::default() },
        ),
        ("name contains 科技, by name", CustomerFilter { keyword: Some("科技".into()), sort: CustomerSort::CustomerName, ..Default::default() }),
    ];
    for (name, filter) in cases {
        let mut times = Vec::with_capacity(runs);
        let mut total = 0;
        for i in 0..runs {
            // Pages 1..10 in turn: a user paging through the list.
            let page = PageReq { page: (i % 10) as u64 + 1, page_size: 50 };
            let t = Instant::now();
            let p = customer::list(&ctx, filter.clone(), page).await.unwrap();
            times.push(t.elapsed());
            total = p.total;
            assert!(p.items.len() <= 50);
        }
        times.sort();
        println!(
            "[{label}] customer list ({name}; 50 rows, dept scope, {total} matches): {runs} runs, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms",
            pct(&times, 0.5),
            pct(&times, 0.95),
            pct(&times, 1.0)
        );
    }
    let t = Instant::now();
    let r = sea::sweep(&db, util::now()).await.unwrap();
    println!("[{label}] sea sweep over {scale} customers: {} recycled in {:.0} ms", r.recycled, t.elapsed().as_secs_f64() * 1000.0);
    let t = Instant::now();
    let r = sea::sweep(&db, util::now()).await.unwrap();
    println!("[{label}] second sea sweep (nothing due): {} recycled in {:.0} ms", r.recycled, t.elapsed().as_secs_f64() * 1000.0);
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let scale: u64 = std::env::var("CRM_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 100_000 } else { 300 });
    let runs = if bench { 200 } else { 5 };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, scale, runs).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_lc_{}", std::process::id());
        use sea_orm::ConnectionTrait;
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
