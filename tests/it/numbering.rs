//! Document numbers: patterns, resets, uniqueness and no gaps under concurrency.

use chrono::NaiveDate;
use crm_core::entity::enums::ResetPeriod;
use crm_core::service::numbering::{self, DocType, UpdateRule};
use crm_core::service::Ctx;
use sea_orm::TransactionTrait;
use std::collections::BTreeSet;

both!(eight_clients_two_hundred_numbers_each, |t| {
    // 8 separate connection pools, as 8 desktops would have.
    let mut handles = vec![];
    for _ in 0..8 {
        let conn = crm_core::db::connect_url(&t.url).await.unwrap();
        handles.push(tokio::spawn(async move {
            let ctx = Ctx::system(conn);
            let mut v = Vec::with_capacity(200);
            for _ in 0..200 {
                v.push(numbering::issue(&ctx, DocType::Quotation).await.unwrap());
            }
            v
        }));
    }
    let mut all = vec![];
    for h in handles {
        all.extend(h.await.unwrap());
    }
    assert_eq!(all.len(), 1600);
    let distinct: BTreeSet<&String> = all.iter().collect();
    assert_eq!(distinct.len(), 1600, "duplicates issued");
    // Gap-free: the sequences are exactly 1..=1600 (same day; all share the QTyyyyMMdd prefix).
    let mut seqs: Vec<u32> = all.iter().map(|n| n[10..].parse().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=1600).collect::<Vec<_>>());
    assert!(all.iter().all(|n| n.starts_with("QT") && n.len() == 14), "{:?}", &all[..3]);
});

both!(rolled_back_numbers_are_reused_so_there_are_no_gaps, |t| {
    let day = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap().and_hms_opt(10, 0, 0).unwrap();
    let txn = t.db.begin().await.unwrap();
    assert_eq!(numbering::next_at(&txn, DocType::Contract, day).await.unwrap(), "HT202611290001");
    txn.rollback().await.unwrap();
    let txn = t.db.begin().await.unwrap();
    assert_eq!(numbering::next_at(&txn, DocType::Contract, day).await.unwrap(), "HT202611290001");
    assert_eq!(numbering::next_at(&txn, DocType::Contract, day).await.unwrap(), "HT202611290002");
    txn.commit().await.unwrap();
    // Daily reset: a new day starts at 1 again; other document types are independent.
    let next_day = day + chrono::Duration::days(1);
    assert_eq!(numbering::next_at(&t.db, DocType::Contract, next_day).await.unwrap(), "HT202611300001");
    assert_eq!(numbering::next_at(&t.db, DocType::Payment, day).await.unwrap(), "HK202611290001");
});

both!(rules_are_configurable, |t| {
    let ctx = Ctx::system(t.db.clone());
    let rules = numbering::list_rules(&ctx).await.unwrap();
    assert_eq!(rules.len(), 5);
    numbering::update_rule(&ctx, UpdateRule { doc_type: DocType::Invoice, pattern: "INV-{yyyy}-{seq:5}".into(), reset_period: ResetPeriod::Yearly })
        .await
        .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(numbering::next_at(&t.db, DocType::Invoice, day).await.unwrap(), "INV-2026-00001");
    let later = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(numbering::next_at(&t.db, DocType::Invoice, later).await.unwrap(), "INV-2026-00002");
    let next_year = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap().and_hms_opt(0, 0, 0).unwrap();
    assert_eq!(numbering::next_at(&t.db, DocType::Invoice, next_year).await.unwrap(), "INV-2027-00001");
    // never reset
    numbering::update_rule(&ctx, UpdateRule { doc_type: DocType::WorkOrder, pattern: "GD{seq:6}".into(), reset_period: ResetPeriod::Never }).await.unwrap();
    assert_eq!(numbering::next_at(&t.db, DocType::WorkOrder, day).await.unwrap(), "GD000001");
    assert_eq!(numbering::next_at(&t.db, DocType::WorkOrder, next_year).await.unwrap(), "GD000002");
    // a bad pattern is refused naming the field, and the old rule stays
    let e = numbering::update_rule(&ctx, UpdateRule { doc_type: DocType::WorkOrder, pattern: "GD{yyyy}".into(), reset_period: ResetPeriod::Never })
        .await
        .unwrap_err();
    assert_eq!(e.to_api(crm_core::error::Locale::EnUs).field.as_deref(), Some("pattern"));
    assert_eq!(numbering::next_at(&t.db, DocType::WorkOrder, day).await.unwrap(), "GD000003");
});
