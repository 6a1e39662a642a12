//! Global search respects the data scope.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::search::{search, HitKind};

both!(search_finds_only_what_the_user_may_see, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let rep = role(db, "rep", "customer:*,lead:read,contact:read,opportunity:read", DataScope::Own).await;
    let a = user(db, "a", d, rep, None).await;
    let b = user(db, "b", d, rep, None).await;
    let (ca, cb) = (ctx_for(db, a).await, ctx_for(db, b).await);
    let mk = |n: &str| CustomerInput {
        customer_name: n.into(),
        customer_type: CustomerType::Enterprise,
        industry: None,
        scale: None,
        address: None,
        status: CustomerStatus::Potential,
        level: None,
        owner_id: None,
        activity_id: None,
    };
    customer::create(&ca, mk("杭州星辰科技有限公司")).await.unwrap();
    customer::create(&cb, mk("杭州远航物流有限公司")).await.unwrap();
    let hits = search(&ca, "杭州", 6).await.unwrap();
    let names: Vec<&str> = hits.iter().filter(|h| h.kind == HitKind::Customer).map(|h| h.title.as_str()).collect();
    assert_eq!(names, vec!["杭州星辰科技有限公司"]);
    assert!(search(&ca, "远航", 6).await.unwrap().is_empty());
    assert_eq!(search(&cb, "远航", 6).await.unwrap().len(), 1);
    assert!(search(&ca, "  ", 6).await.unwrap().is_empty());
});
