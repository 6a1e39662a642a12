//! A local SQLite file: one writer connection and read-only readers in WAL. Readers see a
//! consistent snapshot while the writer commits, and lists and search keep answering
//! (never "database is locked") while a long write holds the writer.
use crate::common;

use crm_core::db;
use crm_core::entity::crm_customer;
use crm_core::entity::enums::{CustomerStatus, CustomerType};
use crm_core::service::customer::{self, CustomerFilter};
use crm_core::service::{search, Ctx, PageReq};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, Set, TransactionTrait};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

async fn open(dir: &std::path::Path) -> (DatabaseConnection, DatabaseConnection) {
    let path = dir.join("crm.db");
    let writer = db::open_ready(db::connect_sqlite(&path).await.unwrap()).await.unwrap();
    let readers = db::connect_sqlite_readers(&path).await.unwrap();
    (writer, readers)
}

fn customer_row(name: String, owner: i64) -> crm_customer::ActiveModel {
    let now = crm_core::service::util::now();
    crm_customer::ActiveModel {
        customer_name: Set(name),
        customer_type: Set(CustomerType::Enterprise),
        status: Set(CustomerStatus::Potential),
        owner_id: Set(owner),
        is_in_sea: Set(0),
        created_by: Set(owner),
        created_at: Set(now),
        updated_at: Set(now),
        lock_version: Set(0),
        ..Default::default()
    }
}

async fn admin(writer: &DatabaseConnection) -> i64 {
    let d = common::dept(writer, "总公司", None).await;
    let r = common::role(writer, "管理员", "*", crm_core::entity::enums::DataScope::All).await;
    common::user(writer, "boss", d, r, None).await
}

/// A read transaction keeps its snapshot while the writer commits; the next read sees it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_keeps_its_snapshot_while_the_writer_commits() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, readers) = open(dir.path()).await;
    let boss = admin(&writer).await;
    customer_row("甲公司".into(), boss).insert(&writer).await.unwrap();

    let snap = readers.begin().await.unwrap();
    assert_eq!(crm_customer::Entity::find().count(&snap).await.unwrap(), 1);
    let w = writer.begin().await.unwrap();
    for i in 0..50 {
        customer_row(format!("乙公司{i}"), boss).insert(&w).await.unwrap();
    }
    w.commit().await.unwrap();
    // Still the snapshot taken by the first read: neither half of the commit shows.
    assert_eq!(crm_customer::Entity::find().count(&snap).await.unwrap(), 1);
    snap.commit().await.unwrap();
    assert_eq!(crm_customer::Entity::find().count(&readers).await.unwrap(), 51);

    // The readers are read-only: a write sent to them by mistake fails instead of racing.
    let e = customer_row("丙公司".into(), boss).insert(&readers).await.unwrap_err();
    assert!(e.to_string().to_lowercase().contains("readonly") || e.to_string().contains("read-only"), "{e}");
}

/// Four readers (the customer list and global search, as a user) and one writer (long
/// transactions of 2,000 customers, as an import) for ten seconds: no call fails, and
/// the readers keep answering while a write transaction is open.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn four_readers_and_a_writer_for_ten_seconds_never_lock() {
    let dir = tempfile::tempdir().unwrap();
    let (writer, readers) = open(dir.path()).await;
    let boss = admin(&writer).await;
    let ctx = common::ctx_for(&writer, boss).await.with_reader(Some(readers.clone()));

    let stop = Arc::new(AtomicBool::new(false));
    let in_write = Arc::new(AtomicBool::new(false));
    let reads_during_write = Arc::new(AtomicU64::new(0));
    let deadline = Instant::now() + Duration::from_secs(10);

    let w = {
        let (writer, stop, in_write) = (writer.clone(), stop.clone(), in_write.clone());
        tokio::spawn(async move {
            let mut batches = 0u64;
            while Instant::now() < deadline {
                let txn = writer.begin().await.expect("writer begin");
                in_write.store(true, Ordering::SeqCst);
                for i in 0..2000 {
                    customer_row(format!("导入客户{batches}-{i}"), boss).insert(&txn).await.expect("writer insert");
                }
                in_write.store(false, Ordering::SeqCst);
                txn.commit().await.expect("writer commit");
                batches += 1;
            }
            stop.store(true, Ordering::SeqCst);
            batches
        })
    };
    let mut rs = vec![];
    for r in 0..4 {
        let (ctx, stop, in_write, during) = (ctx.clone(), stop.clone(), in_write.clone(), reads_during_write.clone());
        rs.push(tokio::spawn(async move {
            let mut n = 0u64;
            let mut last_total = 0u64;
            while !stop.load(Ordering::SeqCst) {
                let writing = in_write.load(Ordering::SeqCst);
                if r % 2 == 0 {
                    let page = customer::list(&ctx, CustomerFilter::default(), PageReq::default()).await.expect("list while writing");
                    // Committed batches only, and never fewer than before.
                    assert_eq!(page.total % 2000, 0, "a half-committed batch showed");
                    assert!(page.total >= last_total);
                    last_total = page.total;
                } else {
                    search::search(&ctx, "导入客户", 5).await.expect("search while writing");
                }
                if writing && in_write.load(Ordering::SeqCst) {
                    during.fetch_add(1, Ordering::SeqCst);
                }
                n += 1;
            }
            n
        }));
    }
    let batches = w.await.unwrap();
    let mut reads = 0;
    for r in rs {
        reads += r.await.unwrap();
    }
    assert!(batches >= 1, "the writer committed nothing");
    assert!(reads >= 40, "only {reads} reads in ten seconds");
    // With one shared connection every read waited for the write to commit: none ran inside one.
    assert!(reads_during_write.load(Ordering::SeqCst) > 0, "no read finished while a write transaction was open");
    let total = customer::list(&ctx, CustomerFilter::default(), PageReq::default()).await.unwrap().total;
    assert_eq!(total, batches * 2000);
    let _ = writer.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await;
}

/// The app's contexts read through the readers: a service that wrote through them would
/// fail on every SQLite case of the suite (see `common::fresh_db`).
#[tokio::test]
async fn contexts_read_through_the_readers() {
    let t = common::fresh_db(common::Backend::Sqlite).await.unwrap();
    let ctx: Ctx = t.system();
    assert!(!std::ptr::eq(ctx.reader(), &ctx.db), "the test contexts must carry the readers");
}
