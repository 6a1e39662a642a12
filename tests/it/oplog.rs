//! Every create, update, delete, status change and owner change is logged with
//! who, when, which record and the changed fields old -> new.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::{history, PageReq};
use serde_json::json;

fn input(name: &str, status: CustomerStatus) -> CustomerInput {
    CustomerInput {
        customer_name: name.into(),
        customer_type: CustomerType::Personal,
        industry: None,
        scale: None,
        address: None,
        status,
        level: None,
        owner_id: None,
        activity_id: None,
    }
}

both!(customer_changes_are_logged, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "mgr", "customer:*,oplog:read", DataScope::All).await;
    let u1 = user(db, "u1", d, r, None).await;
    let u2 = user(db, "u2", d, r, None).await;
    let ctx = ctx_for(db, u1).await;

    let c = customer::create(&ctx, input("老王", CustomerStatus::Potential)).await.unwrap();
    customer::update(&ctx, c.id, input("王先生", CustomerStatus::Potential)).await.unwrap();
    customer::update(&ctx, c.id, input("王先生", CustomerStatus::Lost)).await.unwrap();
    customer::transfer(&ctx, c.id, u2).await.unwrap();
    customer::delete(&ctx, c.id).await.unwrap();

    let h = history::of_record(&ctx, "crm_customer", c.id, PageReq::default()).await.unwrap();
    let actions: Vec<&str> = h.items.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["create", "update", "status", "owner", "delete"]);
    let by_action = |a: &str| h.items.iter().find(|e| e.action == a).unwrap().clone();
    assert!(h.items.iter().all(|e| e.user_id == Some(u1) && e.entity_id == c.id && e.user_name.as_deref() == Some("用户u1")));
    assert_eq!(by_action("update").changes, json!({"customerName": ["老王", "王先生"]}));
    assert_eq!(by_action("status").changes, json!({"status": ["potential", "lost"]}));
    assert_eq!(by_action("owner").changes, json!({"ownerId": [u1, u2]}));
    assert_eq!(by_action("create").changes["customerName"], json!([null, "老王"]));
    assert_eq!(by_action("delete").changes["customerName"], json!(["王先生", null]));
    // A refused change writes nothing: not the row, not the log.
    let e = customer::update(&ctx, c.id, input("", CustomerStatus::Lost)).await;
    assert_eq!(crate::common::refusal(e), (crm_core::error::ErrorCode::Validation, Some("customerName".into())));
    assert_eq!(history::of_record(&ctx, "crm_customer", c.id, PageReq::default()).await.unwrap().total, 5);
});

both!(reading_the_log_needs_permission, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "rep", "customer:*", DataScope::Own).await;
    let u = user(db, "u", d, r, None).await;
    let ctx = ctx_for(db, u).await;
    let e = history::of_record(&ctx, "crm_customer", 1, PageReq::default()).await.unwrap_err();
    assert!(matches!(e, crm_core::error::AppError::Forbidden { .. }));
});
