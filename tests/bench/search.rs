//! Global search (Ctrl+K) at 100,000 customers: prints p50 / p95 / max latency on
//! SQLite and, when reachable, MariaDB. Target: results in under 100 ms.
//!
//!     cargo bench --bench search                 # 100,000 customers
//!     CRM_BENCH_SCALE=20000 cargo bench --bench search
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::service::{auth, demo, search, Ctx};
use std::time::{Duration, Instant};

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, scale: u64, rounds: usize) {
    let t = Instant::now();
    demo::seed_demo(&db, scale, &|_, _, _| {}).await.expect("seed");
    println!("[{label}] seeded {scale} customers (+ leads, contacts, ~10 follow-ups each) in {:.1}s", t.elapsed().as_secs_f64());
    // A sales manager (department tree scope) and the administrator view.
    use sea_orm::EntityTrait;
    let manager_id = crm_core::entity::sys_user::Entity::find().all(&db).await.unwrap().into_iter().find(|u| u.username == "zhao.manager").unwrap().id;
    let users = [
        ("manager (dept tree)", Ctx::for_user(db.clone(), auth::load_session_user(&db, manager_id).await.unwrap())),
        ("crm-admin (all)", Ctx::system(db.clone())),
    ];
    let terms = ["杭州", "华信", "科技", "王", "138", "CRM", "不存在的客户"];
    for (who, ctx) in users {
        let mut times = Vec::with_capacity(rounds * terms.len());
        let mut hits = 0;
        for _ in 0..rounds {
            for term in terms {
                let t = Instant::now();
                hits += search::search(&ctx, term, 6).await.unwrap().len();
                times.push(t.elapsed());
            }
        }
        times.sort();
        println!(
            "[{label}] global search as {who}: {} queries, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({} hits)",
            times.len(),
            pct(&times, 0.5),
            pct(&times, 0.95),
            pct(&times, 1.0),
            hits
        );
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let scale: u64 = std::env::var("CRM_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 100_000 } else { 300 });
    let rounds = if bench { 15 } else { 1 };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, scale, rounds).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_{}", std::process::id());
        use sea_orm::ConnectionTrait;
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db, scale, rounds).await;
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
            }
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
