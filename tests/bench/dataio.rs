//! Data in and out at scale, on SQLite and (when reachable) MariaDB, over `seed-demo`
//! data (100,000 customers by default):
//! * export of every customer to xlsx (target: under 20 s for 100,000 rows);
//! * import of 50,000 new customers with their first contact, deduplicated against the
//!   existing ones (5% of the file are existing names and are skipped); targets: under
//!   60 s on SQLite, 120 s on MariaDB, memory under 500 MB;
//! * the transfer of the SQLite database into an empty MariaDB, with its verification.
//!
//! Peak memory is the process's high-water mark (VmHWM) after each step.
//!
//! ```text
//! cargo bench --bench dataio
//! CRM_BENCH_SCALE=20000 cargo bench --bench dataio
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.
//! `CRM_BENCH_STEPS=export` (a comma list of export, import, transfer) runs only those.

use crm_core::entity::sys_user;
use crm_core::service::export::{self, ExportKind, ExportRequest};
use crm_core::service::import::{self, DupPolicy, ImportKind, ImportOptions, OwnerMode};
use crm_core::service::{auth, demo, transfer, Ctx};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| l.split_whitespace().nth(1).and_then(|k| k.parse::<f64>().ok())))
        .map(|kb| kb / 1024.0)
        .unwrap_or(0.0)
}

async fn ctx_of(db: &sea_orm::DatabaseConnection, username: &str) -> Ctx {
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await.unwrap().unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

/// A file of `n` customers with a contact each; every 20th row names an existing customer.
fn import_file(n: usize, existing: &[String]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet_with_constant_memory().unwrap();
    for (c, h) in ["客户名称", "客户类型", "所属行业", "客户级别", "负责人", "联系人", "联系人手机", "地址"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for i in 0..n {
        let r = i as u32 + 1;
        let name = if i % 20 == 0 && !existing.is_empty() { existing[i % existing.len()].clone() } else { format!("导入客户{i:06}有限公司") };
        ws.write_string(r, 0, &name).unwrap();
        ws.write_string(r, 1, "企业").unwrap();
        ws.write_string(r, 2, ["制造业", "零售", "互联网", "教育"][i % 4]).unwrap();
        ws.write_string(r, 3, ["A级", "B级", "C级"][i % 3]).unwrap();
        ws.write_string(r, 4, ["李销售", "li.sales", "王销售"][i % 3]).unwrap();
        ws.write_string(r, 5, format!("联系人{i}")).unwrap();
        ws.write_string(r, 6, format!("186{i:08}")).unwrap();
        ws.write_string(r, 7, format!("上海市浦东新区导入路 {i} 号")).unwrap();
    }
    wb.save_to_buffer().unwrap()
}

fn step(name: &str) -> bool {
    std::env::var("CRM_BENCH_STEPS").map(|s| s.split(',').any(|x| x.trim() == name)).unwrap_or(true)
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, scale: u64) {
    let t = Instant::now();
    demo::seed_demo(&db, scale, &|_, _, _| {}).await.expect("seed");
    println!("[{label}] seed-demo --scale {scale}: {:.1}s", t.elapsed().as_secs_f64());
    let admin = ctx_of(&db, "zhao.manager").await;
    let dir = tempfile::tempdir().unwrap();
    let cancel = AtomicBool::new(false);
    // Export every customer (the list's default sort).
    if step("export") {
        export_step(label, &admin, dir.path(), &cancel).await;
    }
    if step("import") {
        import_step(label, &db, &admin, scale, &cancel).await;
    }
}

async fn export_step(label: &str, admin: &Ctx, dir: &std::path::Path, cancel: &AtomicBool) {
    // What the reading alone costs: the list's pages, as the export reads them.
    let t = Instant::now();
    let (mut page, mut n) = (1, 0usize);
    loop {
        let p = crm_core::service::customer::list(admin, Default::default(), crm_core::service::PageReq { page, page_size: export::PAGE }).await.unwrap();
        n += p.items.len();
        if (p.items.len() as u64) < export::PAGE {
            break;
        }
        page += 1;
    }
    println!("[{label}] reading the customer list's {n} rows page by page: {:.1}s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let path = dir.join("customers.xlsx");
    let rows = export::write(admin, ExportKind::Customer, &ExportRequest::default(), &path, cancel, &mut |_| {}).await.unwrap();
    println!(
        "[{label}] export of {rows} customers to xlsx: {:.1}s, {:.1} MB file, peak memory {:.0} MB",
        t.elapsed().as_secs_f64(),
        std::fs::metadata(&path).unwrap().len() as f64 / 1e6,
        peak_mb()
    );
}

async fn import_step(label: &str, db: &sea_orm::DatabaseConnection, admin: &Ctx, scale: u64, cancel: &AtomicBool) {
    // Import 50,000 (a twentieth of the file duplicates existing customers).
    let n = if scale >= 100_000 { 50_000 } else { (scale as usize / 2).max(100) };
    let existing: Vec<String> = db
        .query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT customer_name FROM crm_customer ORDER BY id LIMIT 5000"))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect();
    let file = import_file(n, &existing);
    let opts = ImportOptions {
        mapping: ["customerName", "customerType", "industry", "level", "owner", "contactName", "contactPhone", "address"]
            .iter()
            .map(|k| Some(k.to_string()))
            .collect(),
        policy: DupPolicy::Skip,
        owner_mode: OwnerMode::Column,
        owner_id: None,
        pool_id: None,
    };
    let t = Instant::now();
    let p = import::preview(admin, ImportKind::Customer, "bench.xlsx", &file, &opts).await.unwrap();
    let preview_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let r = import::run(admin, ImportKind::Customer, "bench.xlsx", &file, &opts, cancel, &mut |_| {}).await.unwrap();
    println!(
        "[{label}] import of {n} customers + contacts against {} existing: preview {:.1}s, import {:.1}s (created {}, skipped {}, errors {}), peak memory {:.0} MB",
        scale,
        preview_s,
        t.elapsed().as_secs_f64(),
        r.counts.create,
        r.counts.skip,
        r.counts.error,
        peak_mb()
    );
    assert_eq!(p.counts.create, r.counts.create);
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let scale: u64 = std::env::var("CRM_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 100_000 } else { 200 });
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let sqlite_path = dir.path().join("bench.db");
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&sqlite_path).await.unwrap()).await.unwrap();
        run("SQLite", db.clone(), scale).await;
        db.close().await.unwrap();
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) if step("export") || step("import") || step("transfer") => {
                let name = format!("crm_t_bench_io_{}", std::process::id());
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db.clone(), scale).await;
                db.close().await.ok();
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
                if !step("transfer") {
                    return;
                }
                // The SQLite database (seeded and imported into) moves into an empty MariaDB.
                let name = format!("crm_t_bench_tr_{}", std::process::id());
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let target = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&target).await.unwrap();
                let t = Instant::now();
                let report = transfer::copy_into(&sqlite_path, &target, &mut |_, _| {}).await.unwrap();
                println!(
                    "[transfer] SQLite → empty MariaDB: {} rows in {:.1}s ({} tables), verified: {}, peak memory {:.0} MB",
                    report.rows,
                    t.elapsed().as_secs_f64(),
                    report.tables.len(),
                    report.verified,
                    peak_mb()
                );
                print!("{}", report.render());
                assert!(report.verified);
                target.close().await.ok();
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
            }
            Ok(_) => {}
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
