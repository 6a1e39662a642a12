//! Data scope: a rep cannot read or change another rep's customer through any
//! service call; managers see what their scope covers.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope};
use crm_core::error::AppError;
use crm_core::service::customer::{self, CustomerFilter, CustomerInput};
use crm_core::service::PageReq;

fn input(name: &str, owner: Option<i64>) -> CustomerInput {
    CustomerInput {
        customer_name: name.into(),
        customer_type: CustomerType::Enterprise,
        industry: None,
        scale: None,
        address: None,
        status: CustomerStatus::Potential,
        level: None,
        owner_id: owner,
        activity_id: None,
    }
}

fn not_found(e: AppError) -> bool {
    matches!(e, AppError::NotFound { .. })
}

struct Org {
    rep_a: i64,
    rep_b: i64,
    rep_c: i64,
    lead1: i64,
    dept_mgr: i64,
    tree_mgr: i64,
    boss: i64,
}

/// company > sales (> team1 [lead1 supervises rep_a, rep_b], team2 [rep_c])
async fn org(db: &sea_orm::DatabaseConnection) -> Org {
    let company = dept(db, "公司", None).await;
    let sales = dept(db, "销售中心", Some(company)).await;
    let team1 = dept(db, "销售一部", Some(sales)).await;
    let team2 = dept(db, "销售二部", Some(sales)).await;
    let perms = "customer:*";
    let r_own = role(db, "rep", perms, DataScope::Own).await;
    let r_sub = role(db, "lead", perms, DataScope::OwnAndSubordinates).await;
    let r_dept = role(db, "dept", perms, DataScope::Department).await;
    let r_tree = role(db, "tree", perms, DataScope::DepartmentTree).await;
    let r_all = role(db, "all", perms, DataScope::All).await;
    let tree_mgr = user(db, "tree", sales, r_tree, None).await;
    let lead1 = user(db, "lead1", team1, r_sub, Some(tree_mgr)).await;
    let rep_a = user(db, "rep_a", team1, r_own, Some(lead1)).await;
    let rep_b = user(db, "rep_b", team1, r_own, Some(lead1)).await;
    let rep_c = user(db, "rep_c", team2, r_own, None).await;
    let dept_mgr = user(db, "deptmgr", team1, r_dept, None).await;
    let boss = user(db, "boss", company, r_all, None).await;
    Org { rep_a, rep_b, rep_c, lead1, dept_mgr, tree_mgr, boss }
}

both!(rep_cannot_touch_another_reps_customer, |t| {
    let db = &t.db;
    let o = org(db).await;
    let a = ctx_for(db, o.rep_a).await;
    let b = ctx_for(db, o.rep_b).await;
    let mine = customer::create(&a, input("甲公司", None)).await.unwrap();
    assert_eq!(mine.owner_id, o.rep_a);

    // Every service call by rep_b on rep_a's customer fails as if it did not exist.
    assert!(not_found(customer::get(&b, mine.id).await.unwrap_err()));
    assert!(not_found(customer::update(&b, mine.id, input("改名", None)).await.unwrap_err()));
    assert!(not_found(customer::delete(&b, mine.id).await.unwrap_err()));
    assert!(not_found(customer::transfer(&b, mine.id, o.rep_b).await.unwrap_err()));
    let list = customer::list(&b, CustomerFilter::default(), PageReq::default()).await.unwrap();
    assert_eq!(list.total, 0);
    assert!(list.items.is_empty());
    // Filtering by the other owner id does not widen the scope.
    let f = CustomerFilter { owner_id: Some(o.rep_a), ..Default::default() };
    assert_eq!(customer::list(&b, f, PageReq::default()).await.unwrap().total, 0);
    // Nor can rep_b create a customer in rep_a's name.
    let e = customer::create(&b, input("冒名", Some(o.rep_a))).await.unwrap_err();
    assert!(matches!(e, AppError::Validation { ref field, .. } if field == "ownerId"));

    // Unchanged.
    let still = customer::get(&a, mine.id).await.unwrap();
    assert_eq!(still.customer_name, "甲公司");
    assert_eq!(customer::list(&a, CustomerFilter::default(), PageReq::default()).await.unwrap().total, 1);
});

both!(managers_see_what_their_scope_covers, |t| {
    let db = &t.db;
    let o = org(db).await;
    let ca = customer::create(&ctx_for(db, o.rep_a).await, input("A客户", None)).await.unwrap();
    let cb = customer::create(&ctx_for(db, o.rep_b).await, input("B客户", None)).await.unwrap();
    let cc = customer::create(&ctx_for(db, o.rep_c).await, input("C客户", None)).await.unwrap();

    let visible = |ctx: crm_core::service::Ctx| async move {
        let mut ids: Vec<i64> = customer::list(&ctx, CustomerFilter::default(), PageReq::default()).await.unwrap().items.iter().map(|c| c.id).collect();
        ids.sort();
        ids
    };
    // own + subordinates: lead1 sees rep_a and rep_b, not rep_c
    assert_eq!(visible(ctx_for(db, o.lead1).await).await, vec![ca.id, cb.id]);
    // department: team1 only
    assert_eq!(visible(ctx_for(db, o.dept_mgr).await).await, vec![ca.id, cb.id]);
    // department + sub-departments: the whole sales centre
    assert_eq!(visible(ctx_for(db, o.tree_mgr).await).await, vec![ca.id, cb.id, cc.id]);
    // all
    assert_eq!(visible(ctx_for(db, o.boss).await).await, vec![ca.id, cb.id, cc.id]);

    // The department manager can read, change and transfer a rep's customer ...
    let m = ctx_for(db, o.dept_mgr).await;
    assert_eq!(customer::get(&m, ca.id).await.unwrap().customer_name, "A客户");
    let up = customer::update(&m, ca.id, input("A客户(已更新)", None)).await.unwrap();
    assert_eq!(up.customer_name, "A客户(已更新)");
    let moved = customer::transfer(&m, ca.id, o.rep_b).await.unwrap();
    assert_eq!(moved.owner_id, o.rep_b);
    // ... but not one outside the department, nor hand one to someone outside it.
    assert!(not_found(customer::get(&m, cc.id).await.unwrap_err()));
    let e = customer::transfer(&m, cb.id, o.rep_c).await.unwrap_err();
    assert!(matches!(e, AppError::Validation { ref field, .. } if field == "ownerId"));
    // rep_a lost the customer with the transfer.
    assert!(not_found(customer::get(&ctx_for(db, o.rep_a).await, ca.id).await.unwrap_err()));
    // The manager can delete in scope.
    customer::delete(&m, cb.id).await.unwrap();
    assert!(not_found(customer::get(&m, cb.id).await.unwrap_err()));
});

both!(permissions_are_enforced_in_rust, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let reader = role(db, "reader", "customer:read", DataScope::All).await;
    let u = user(db, "reader", d, reader, None).await;
    let ctx = ctx_for(db, u).await;
    assert!(customer::list(&ctx, CustomerFilter::default(), PageReq::default()).await.is_ok());
    let e = customer::create(&ctx, input("X", None)).await.unwrap_err();
    assert!(matches!(e, AppError::Forbidden { ref permission } if permission == "customer:create"));
    // Nobody logged in: UNAUTHENTICATED.
    let anon = crm_core::service::Ctx::anonymous(db.clone());
    let e = customer::list(&anon, CustomerFilter::default(), PageReq::default()).await.unwrap_err();
    assert!(matches!(e, AppError::Unauthenticated));
});
