//! Global search (Ctrl+K) and the customer list's "name contains" filter at 100,000
//! customers: p50 / p95 / max on SQLite and, when reachable, MariaDB, through the token
//! index ("index") beside the LIKE scan it replaced ("scan"), side by side. Then, on
//! SQLite, the customer list while seed-demo writes 50,000 more customers: through the
//! read-only readers (the app) and through the one writer connection (before).
//!
//!     cargo bench --bench search                 # 100,000 customers
//!     CRM_BENCH_SCALE=1000000 cargo bench --bench search
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::service::customer::{self, CustomerFilter};
use crm_core::service::search::Strategy;
use crm_core::service::{auth, demo, search, Ctx, PageReq};
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
    let terms = ["杭州", "华信", "科技", "王", "138", "CRM", "不存在的客户", "0138", "华信科技"];
    for (who, ctx) in &users {
        for strategy in [Strategy::Scan, Strategy::Index] {
            let mut times = Vec::with_capacity(rounds * terms.len());
            let mut hits = 0;
            for _ in 0..rounds {
                for term in terms {
                    let t = Instant::now();
                    hits += search::search_using(ctx, term, 6, strategy).await.unwrap().len();
                    times.push(t.elapsed());
                }
            }
            report(label, &format!("global search as {who}, {}", name(strategy)), &mut times, hits);
        }
    }
    // The customer list filtered by "name contains", first page of 50 with its total: the
    // old filter (LIKE over the table) beside the app's (token index, then LIKE).
    let words = ["杭州", "科技", "华信", "王", "不存在的客户", "华信科技"];
    let (_, ctx) = &users[0];
    let mut times = vec![];
    let mut rows = 0u64;
    for _ in 0..rounds {
        for w in words {
            let t = Instant::now();
            rows += old_list(&db, w).await;
            times.push(t.elapsed());
        }
    }
    report(label, "customer list \"name contains\" (all customers), scan", &mut times, rows as usize);
    let mut times = vec![];
    let mut rows = 0u64;
    for _ in 0..rounds {
        for w in words {
            let t = Instant::now();
            rows += customer::list(&Ctx::system(db.clone()), CustomerFilter { keyword: Some(w.into()), ..Default::default() }, PageReq::default())
                .await
                .unwrap()
                .total;
            times.push(t.elapsed());
        }
    }
    report(label, "customer list \"name contains\" (all customers), index", &mut times, rows as usize);
    let _ = ctx;
}

fn name(s: Strategy) -> &'static str {
    match s {
        Strategy::Scan => "scan",
        Strategy::Index => "index",
    }
}

fn report(label: &str, what: &str, times: &mut [Duration], hits: usize) {
    times.sort();
    println!(
        "[{label}] {what}: {} queries, p50 {:.1} ms, p95 {:.1} ms, max {:.1} ms ({hits} rows)",
        times.len(),
        pct(times, 0.5),
        pct(times, 0.95),
        pct(times, 1.0),
    );
}

/// The list's old keyword filter: count and first page of `customer_name LIKE '%w%'`.
async fn old_list(db: &sea_orm::DatabaseConnection, w: &str) -> u64 {
    use crm_core::entity::crm_customer::{Column, Entity};
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
    let q = Entity::find().filter(Column::IsInSea.eq(0)).filter(Column::CustomerName.like(format!("%{w}%")));
    let total = q.clone().select_only().column(Column::Id).count(db).await.unwrap();
    let ids: Vec<i64> =
        q.select_only().column(Column::Id).order_by_desc(Column::UpdatedAt).order_by_desc(Column::Id).limit(50).into_tuple().all(db).await.unwrap();
    if !ids.is_empty() {
        Entity::find().filter(Column::Id.is_in(ids)).all(db).await.unwrap();
    }
    total
}

/// The customer list (first page, no filter) while seed-demo writes `more` customers in
/// one long transaction: through the readers, then through the writer alone.
async fn while_writing(path: &std::path::Path, more: u64) {
    let writer = crm_core::db::open_ready(crm_core::db::connect_sqlite(path).await.unwrap()).await.unwrap();
    let readers = crm_core::db::connect_sqlite_readers(path).await.unwrap();
    for (how, ctx) in
        [("readers (WAL)", Ctx::system(writer.clone()).with_reader(Some(readers.clone()))), ("one connection (before)", Ctx::system(writer.clone()))]
    {
        let w = writer.clone();
        let seeding = tokio::spawn(async move {
            let t = Instant::now();
            demo::seed_demo(&w, more, &|_, _, _| {}).await.expect("seed");
            t.elapsed()
        });
        let mut times = vec![];
        while !seeding.is_finished() {
            let t = Instant::now();
            customer::list(&ctx, CustomerFilter::default(), PageReq::default()).await.unwrap();
            times.push(t.elapsed());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        let took = seeding.await.unwrap();
        report("SQLite", &format!("customer list during seed-demo of {more} (took {:.1} s), {how}", took.as_secs_f64()), &mut times, 0);
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
        while_writing(&dir.path().join("bench.db"), if bench { 50_000 } else { 200 }).await;
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
