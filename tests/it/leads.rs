//! Leads and lead pools: CRUD and filters, phone duplicates, the status flow, race-safe
//! claims with a daily cap, assign / return, and all-or-nothing conversion.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerType, DataScope, IntentLevel, LeadStatus};
use crm_core::entity::{crm_contact, crm_customer, crm_lead, crm_opportunity};
use crm_core::error::{AppError, Locale};
use crm_core::money::Dec;
use crm_core::service::lead::{self, LeadFilter, LeadInput};
use crm_core::service::lead_convert::{self, ConvertInput, ConvertOpportunity};
use crm_core::service::lead_pool::{self, PoolInput};
use crm_core::service::sea_rules::{self, SeaRules};
use crm_core::service::{Ctx, PageReq};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

const REP: &str = "lead:read,lead:create,lead:update,lead:delete,lead:claim,customer:*,contact:*,follow_up:*,opportunity:*";
const MGR: &str = "lead:*,customer:*,contact:*,follow_up:*,opportunity:*";

struct Org {
    rep_a: i64,
    rep_b: i64,
    mgr: i64,
}

async fn org(db: &DatabaseConnection) -> Org {
    let d = dept(db, "销售一部", None).await;
    let r_rep = role(db, "rep", REP, DataScope::Own).await;
    let r_mgr = role(db, "mgr", MGR, DataScope::Department).await;
    let mgr = user(db, "mgr", d, r_mgr, None).await;
    let rep_a = user(db, "rep_a", d, r_rep, Some(mgr)).await;
    let rep_b = user(db, "rep_b", d, r_rep, Some(mgr)).await;
    Org { rep_a, rep_b, mgr }
}

fn input(name: &str, phone: Option<&str>) -> LeadInput {
    LeadInput {
        lead_name: name.into(),
        phone: phone.map(str::to_string),
        company: Some(format!("{name}科技有限公司")),
        position: Some("采购经理".into()),
        source: Some("展会".into()),
        intent_product: None,
        intent_level: Some(IntentLevel::High),
        remark: None,
        pool_id: None,
        to_pool: false,
        activity_id: None,
    }
}

fn conflict_msg(e: AppError, locale: Locale) -> String {
    assert!(matches!(e, AppError::Conflict { .. }), "expected CONFLICT, got {e:?}");
    e.to_api(locale).message
}

async fn status_of(db: &DatabaseConnection, id: i64) -> LeadStatus {
    crm_lead::Entity::find_by_id(id).one(db).await.unwrap().unwrap().status
}

both!(crud_filters_and_scope, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let b = ctx_for(&t.db, o.rep_b).await;
    let m = ctx_for(&t.db, o.mgr).await;
    let l1 = lead::create(&a, input("王伟", Some("13800000001"))).await.unwrap();
    assert_eq!(l1.owner_id, Some(o.rep_a));
    assert_eq!(l1.status, LeadStatus::New);
    assert_eq!(l1.pool_name.as_deref(), Some(migrations::DEFAULT_LEAD_POOL));
    let mut i2 = input("李娜", Some("13800000002"));
    i2.source = Some("官网".into());
    i2.intent_level = Some(IntentLevel::Low);
    lead::create(&a, i2).await.unwrap();
    lead::create(&b, input("张敏", Some("13800000003"))).await.unwrap();

    // Scope: each rep sees their own; the manager sees the department.
    let page = PageReq::default();
    assert_eq!(lead::list(&a, LeadFilter::default(), page).await.unwrap().total, 2);
    assert_eq!(lead::list(&b, LeadFilter::default(), page).await.unwrap().total, 1);
    assert_eq!(lead::list(&m, LeadFilter::default(), page).await.unwrap().total, 3);
    assert!(matches!(lead::get(&b, l1.id).await, Err(AppError::NotFound { .. })));
    assert!(matches!(lead::update(&b, l1.id, input("x", None)).await, Err(AppError::NotFound { .. })));

    // Filters: keyword over name / phone / company, source, intent level, status, dates.
    let f = |k: &str| LeadFilter { keyword: Some(k.into()), ..Default::default() };
    assert_eq!(lead::list(&m, f("0000002"), page).await.unwrap().items[0].lead_name, "李娜");
    assert_eq!(lead::list(&m, f("张敏科技"), page).await.unwrap().total, 1);
    assert_eq!(lead::list(&m, LeadFilter { source: Some("官网".into()), ..Default::default() }, page).await.unwrap().total, 1);
    assert_eq!(lead::list(&m, LeadFilter { intent_level: Some(IntentLevel::High), ..Default::default() }, page).await.unwrap().total, 2);
    assert_eq!(lead::list(&m, LeadFilter { owner_id: Some(o.rep_b), ..Default::default() }, page).await.unwrap().total, 1);
    let today = chrono::Local::now().date_naive();
    let range = LeadFilter { created_from: Some(today - chrono::Duration::days(1)), created_to: Some(today + chrono::Duration::days(1)), ..Default::default() };
    assert_eq!(lead::list(&m, range, page).await.unwrap().total, 3);
    let past = LeadFilter { created_to: Some(today - chrono::Duration::days(2)), ..Default::default() };
    assert_eq!(lead::list(&m, past, page).await.unwrap().total, 0);
    let sorted = lead::list(&m, LeadFilter { sort: lead::LeadSort::LeadName, ..Default::default() }, page).await.unwrap();
    assert_eq!(sorted.items.len(), 3);

    // Update and delete, with validation naming the field.
    let e = lead::create(&a, input(" ", None)).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("leadName"));
    let e = lead::create(&a, input("坏号码", Some("abc"))).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("phone"));
    let mut up = input("王伟(已更新)", Some("13800000001"));
    up.remark = Some("关注价格".into());
    let l1b = lead::update(&a, l1.id, up).await.unwrap();
    assert_eq!(l1b.lead_name, "王伟(已更新)");
    lead::delete(&a, l1.id).await.unwrap();
    assert!(matches!(lead::get(&a, l1.id).await, Err(AppError::NotFound { .. })));
});

both!(duplicate_phone_names_the_owner_only, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let b = ctx_for(&t.db, o.rep_b).await;
    lead::create(&a, input("王伟", Some("13900000009"))).await.unwrap();
    // rep_b cannot see rep_a's lead: neither the lead nor its owner is named. The same
    // phone written another way (spaces, dashes, +86) is still the same phone.
    let e = lead::create(&b, input("另一个", Some("+86 139-0000-0009"))).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("phone"));
    let msg = conflict_msg(e, Locale::ZhCn);
    assert!(msg.contains("+86 139-0000-0009") && msg.contains("他人"), "{msg}");
    assert!(!msg.contains("王伟") && !msg.contains("rep_a"), "must not reveal the lead or its owner: {msg}");
    assert!(matches!(lead::create(&b, input("x", Some("0086 13900000009"))).await, Err(AppError::Conflict { .. })));
    assert!(matches!(lead::create(&b, input("x", Some("(139) 0000 0009"))).await, Err(AppError::Conflict { .. })));
    // The owner sees which lead it is.
    let msg = conflict_msg(lead::create(&a, input("再来", Some("13900000009"))).await.unwrap_err(), Locale::EnUs);
    assert!(msg.contains("王伟") && msg.contains("owner: 用户rep_a"), "{msg}");
    // Editing another lead onto the same phone is refused the same way.
    let other = lead::create(&a, input("赵强", Some("13900000010"))).await.unwrap();
    let e = lead::update(&a, other.id, input("赵强", Some("13900000009"))).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }));
    assert_eq!(lead::list(&a, LeadFilter::default(), PageReq::default()).await.unwrap().total, 2);
});

both!(status_flow_is_enforced, |t| {
    use LeadStatus::*;
    let all = [New, Following, Converted, Invalid];
    let legal = [(New, Following), (New, Invalid), (Following, Invalid), (Invalid, Following)];
    for from in all {
        for to in all {
            assert_eq!(lead::can_move(from, to), legal.contains(&(from, to)), "{from:?} -> {to:?}");
        }
    }
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let l = lead::create(&a, input("周杰", Some("13700000001"))).await.unwrap();
    // Converted only through conversion.
    let e = lead::set_status(&a, l.id, Converted).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("status"));
    assert_eq!(lead::set_status(&a, l.id, Following).await.unwrap().status, Following);
    assert_eq!(
        crate::common::refusal(lead::set_status(&a, l.id, New).await),
        (crm_core::error::ErrorCode::Validation, Some("status".into())),
        "no way back to new"
    );
    assert_eq!(lead::set_status(&a, l.id, Invalid).await.unwrap().status, Invalid);
    // An invalid lead cannot be converted until reactivated.
    assert!(matches!(lead_convert::convert(&a, l.id, convert_plain()).await, Err(AppError::Validation { .. })));
    assert_eq!(lead::set_status(&a, l.id, Following).await.unwrap().status, Following);
    lead_convert::convert(&a, l.id, convert_plain()).await.unwrap();
    for to in all {
        assert_eq!(
            crate::common::refusal(lead::set_status(&a, l.id, to).await),
            (crm_core::error::ErrorCode::Validation, Some("status".into())),
            "converted is final ({to:?})"
        );
    }
    assert_eq!(crate::common::refusal(lead::update(&a, l.id, input("周杰", Some("13700000001"))).await), (crm_core::error::ErrorCode::Conflict, None));
    assert_eq!(status_of(&t.db, l.id).await, Converted);
});

fn convert_plain() -> ConvertInput {
    ConvertInput { customer_name: None, customer_type: None, level: None, industry: None, address: None, contact_phone: None, opportunity: None }
}

async fn pool_lead(t: &common::TestDb, creator: &Ctx, name: &str, phone: &str, pool: Option<i64>) -> i64 {
    let mut i = input(name, Some(phone));
    i.to_pool = true;
    i.pool_id = pool;
    let l = lead::create(creator, i).await.unwrap();
    assert_eq!(l.owner_id, None);
    let _ = t;
    l.id
}

both!(eight_concurrent_claims_one_winner, |t| {
    let d = dept(&t.db, "销售部", None).await;
    let r = role(&t.db, "rep", REP, DataScope::Own).await;
    let mut reps = vec![];
    for i in 0..8 {
        reps.push(user(&t.db, &format!("r{i}"), d, r, None).await);
    }
    let first = ctx_for(&t.db, reps[0]).await;
    let id = pool_lead(t, &first, "抢手线索", "13600000001", None).await;
    let mut handles = vec![];
    for u in &reps {
        let c = ctx_for(&t.db, *u).await;
        handles.push(tokio::spawn(async move { lead::claim(&c, id).await.map(|l| l.owner_id) }));
    }
    let mut winners = vec![];
    let mut conflicts = 0;
    for h in handles {
        match h.await.unwrap() {
            Ok(owner) => winners.push(owner.unwrap()),
            Err(AppError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("unexpected {e:?}"),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one claimer wins");
    assert_eq!(conflicts, 7);
    let owner = crm_lead::Entity::find_by_id(id).one(&t.db).await.unwrap().unwrap().owner_id;
    assert_eq!(owner, Some(winners[0]));
    let n =
        crm_core::entity::sys_operation_log::Entity::find().filter(crm_core::entity::sys_operation_log::Column::Action.eq("claim")).count(&t.db).await.unwrap();
    assert_eq!(n, 1, "one claim logged");
});

both!(daily_cap_private_pools_assign_and_return, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let b = ctx_for(&t.db, o.rep_b).await;
    let m = ctx_for(&t.db, o.mgr).await;
    let admin = t.system();
    sea_rules::set_rules(&admin, SeaRules { lead_daily_claim_cap: 2, ..Default::default() }).await.unwrap();
    let ids = [
        pool_lead(t, &a, "甲", "13500000001", None).await,
        pool_lead(t, &a, "乙", "13500000002", None).await,
        pool_lead(t, &a, "丙", "13500000003", None).await,
    ];
    // The pool view shows unowned leads to every rep.
    let pool_view = LeadFilter { unassigned: true, ..Default::default() };
    assert_eq!(lead::list(&b, pool_view.clone(), PageReq::default()).await.unwrap().total, 3);
    lead::claim(&b, ids[0]).await.unwrap();
    lead::claim(&b, ids[1]).await.unwrap();
    let msg = conflict_msg(lead::claim(&b, ids[2]).await.unwrap_err(), Locale::ZhCn);
    assert!(msg.contains("每日上限 2"), "{msg}");
    lead::claim(&a, ids[2]).await.unwrap();
    assert_eq!(lead::list(&b, pool_view.clone(), PageReq::default()).await.unwrap().total, 0);

    // A private pool: invisible to reps, managed and assigned by the manager.
    assert!(matches!(
        lead_pool::pool_create(&a, PoolInput { pool_name: "x".into(), description: None, is_public: false }).await,
        Err(AppError::Forbidden { .. })
    ));
    let vip = lead_pool::pool_create(&m, PoolInput { pool_name: "大客户池".into(), description: Some("重点".into()), is_public: false }).await.unwrap();
    let dup = lead_pool::pool_create(&m, PoolInput { pool_name: "大客户池".into(), description: None, is_public: true }).await.unwrap_err();
    assert_eq!(dup.to_api(Locale::ZhCn).field.as_deref(), Some("poolName"));
    let hidden = pool_lead(t, &m, "丁", "13500000004", Some(vip.id)).await;
    assert!(lead_pool::pools(&a).await.unwrap().iter().all(|p| p.id != vip.id));
    assert_eq!(lead_pool::pools(&m).await.unwrap().iter().find(|p| p.id == vip.id).unwrap().waiting, 1);
    assert!(matches!(lead::get(&a, hidden).await, Err(AppError::NotFound { .. })));
    assert_eq!(crate::common::refusal(lead::claim(&a, hidden).await), (crm_core::error::ErrorCode::Conflict, None));
    assert!(matches!(lead::assign(&a, hidden, o.rep_a).await, Err(AppError::Forbidden { .. })));
    let assigned = lead::assign(&m, hidden, o.rep_a).await.unwrap();
    assert_eq!(assigned.owner_id, Some(o.rep_a));
    assert_eq!(
        crate::common::refusal(lead_pool::pool_delete(&m, vip.id).await),
        (crm_core::error::ErrorCode::Conflict, None),
        "a pool with leads cannot be deleted"
    );

    // Return to a pool needs a reason; the lead becomes unowned again and the reason is logged.
    let e = lead::release(&a, hidden, "  ", None).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("reason"));
    let back = lead::release(&a, hidden, "客户暂无预算", None).await.unwrap();
    assert_eq!(back.owner_id, None);
    let log = crm_core::entity::sys_operation_log::Entity::find()
        .filter(crm_core::entity::sys_operation_log::Column::Action.eq("release"))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(log.summary.unwrap().contains("客户暂无预算"));
    assert!(matches!(lead::release(&a, hidden, "again", None).await, Err(AppError::NotFound { .. })), "no longer a's lead");
});

both!(conversion_is_one_transaction, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let l = lead::create(&a, input("陈静", Some("13300000001"))).await.unwrap();
    let reminder = crm_core::service::follow_up::create(
        &a,
        crm_core::service::follow_up::FollowUpInput {
            relation_type: crm_core::entity::enums::RelationKind::Lead,
            relation_id: l.id,
            follow_type: "电话".into(),
            content: "约了下周演示".into(),
            next_follow_time: Some(crm_core::service::util::now() + chrono::Duration::days(2)),
            next_content: Some("产品演示".into()),
        },
    )
    .await
    .unwrap();
    let r = lead_convert::convert(
        &a,
        l.id,
        ConvertInput {
            level: Some(crm_core::entity::enums::CustomerLevel::A),
            opportunity: Some(ConvertOpportunity {
                opportunity_name: "CRM 采购".into(),
                estimated_amount: "128000.50".parse::<Dec>().unwrap(),
                stage: None,
                win_probability: Some(20),
                expected_close_time: None,
            }),
            ..convert_plain()
        },
    )
    .await
    .unwrap();
    let c = crm_customer::Entity::find_by_id(r.customer_id).one(&t.db).await.unwrap().unwrap();
    assert_eq!(c.customer_name, "陈静科技有限公司");
    assert_eq!(c.customer_type, CustomerType::Enterprise);
    assert_eq!(c.source_lead_id, Some(l.id));
    assert_eq!(c.owner_id, o.rep_a);
    let ct = crm_contact::Entity::find_by_id(r.contact_id).one(&t.db).await.unwrap().unwrap();
    assert_eq!((ct.contact_name.as_str(), ct.phone.as_str(), ct.position.as_deref(), ct.customer_id), ("陈静", "13300000001", Some("采购经理"), c.id));
    let op = crm_opportunity::Entity::find_by_id(r.opportunity_id.unwrap()).one(&t.db).await.unwrap().unwrap();
    assert_eq!(op.estimated_amount.to_string(), "128000.50");
    assert_eq!(status_of(&t.db, l.id).await, LeadStatus::Converted);
    assert_eq!(lead::get(&a, l.id).await.unwrap().customer_id, Some(c.id));
    // The open reminder now belongs to the customer, where the next follow-up is logged.
    let moved = crm_core::entity::crm_follow_up::Entity::find_by_id(reminder.id).one(&t.db).await.unwrap().unwrap();
    assert_eq!((moved.relation_type.as_str(), moved.relation_id, moved.next_done), ("customer", c.id, 0));
    // Twice: refused, nothing more written.
    let msg = conflict_msg(lead_convert::convert(&a, l.id, convert_plain()).await.unwrap_err(), Locale::ZhCn);
    assert!(msg.contains("已转化"), "{msg}");
    assert_eq!(crm_customer::Entity::find().count(&t.db).await.unwrap(), 1);

    // A lead without phone needs the contact's phone.
    let np = lead::create(&a, input("无号码", None)).await.unwrap();
    let e = lead_convert::convert(&a, np.id, convert_plain()).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("contactPhone"));
    assert_eq!(crm_customer::Entity::find().count(&t.db).await.unwrap(), 1);

    // A failure after the customer and contact were written leaves nothing behind.
    let l2 = lead::create(&a, input("刘洋", Some("13300000002"))).await.unwrap();
    t.db.execute_unprepared("DROP TABLE crm_opportunity").await.unwrap();
    let with_opp = ConvertInput {
        opportunity: Some(ConvertOpportunity {
            opportunity_name: "x".into(),
            estimated_amount: Dec::ZERO,
            stage: None,
            win_probability: None,
            expected_close_time: None,
        }),
        ..convert_plain()
    };
    assert_eq!(crate::common::refusal(lead_convert::convert(&a, l2.id, with_opp).await), (crm_core::error::ErrorCode::Internal, None));
    assert_eq!(crm_customer::Entity::find().count(&t.db).await.unwrap(), 1, "no customer from the failed conversion");
    assert_eq!(crm_contact::Entity::find().count(&t.db).await.unwrap(), 1, "no contact from the failed conversion");
    assert_eq!(status_of(&t.db, l2.id).await, LeadStatus::New);
});

// Optimistic concurrency on the lead form: the second of two saves from the same loaded
// version is refused, naming who saved first; the first save stands.
both!(stale_lead_save_is_refused, |t| {
    let o = org(&t.db).await;
    let (a, m) = (ctx_for(&t.db, o.rep_a).await, ctx_for(&t.db, o.mgr).await);
    let l = lead::create(&a, input("王五", Some("13700001111"))).await.unwrap();
    let v = l.lock_version;
    let saved = lead::save(&m, l.id, input("王五(经理改)", Some("13700001111")), Some(v)).await.unwrap();
    assert_eq!(saved.lock_version, v + 1);
    let msg = conflict_msg(lead::save(&a, l.id, input("王五(代表改)", Some("13700001111")), Some(v)).await.unwrap_err(), Locale::ZhCn);
    assert!(msg.contains("用户mgr"), "{msg}");
    assert_eq!(lead::get(&a, l.id).await.unwrap().lead_name, "王五(经理改)");
    // Without a version (CLI, imports) the save is unconditional, as before.
    lead::update(&a, l.id, input("王五", Some("13700001111"))).await.unwrap();
});

// Conversion makes a proper opportunity: the first configured stage and its probability
// (not a hard-coded "初步接触" with no probability), or a chosen configured stage; and the
// migration repairs rows an older conversion wrote.
both!(conversion_uses_the_configured_stages, |t| {
    use crm_core::service::opportunity::{self, Stage};
    let o = org(&t.db).await;
    let (a, m) = (ctx_for(&t.db, o.rep_a).await, ctx_for(&t.db, o.mgr).await);
    let admin = t.system();
    opportunity::set_stages(
        &admin,
        vec![Stage { name: "接洽".into(), probability: 15 }, Stage { name: "报价".into(), probability: 50 }, Stage { name: "成交".into(), probability: 100 }],
    )
    .await
    .unwrap();
    let with = |stage: Option<&str>| ConvertInput {
        opportunity: Some(ConvertOpportunity {
            opportunity_name: "试点项目".into(),
            estimated_amount: "10000".parse().unwrap(),
            stage: stage.map(str::to_string),
            win_probability: None,
            expected_close_time: None,
        }),
        ..convert_plain()
    };
    let l1 = lead::create(&a, input("赵一", Some("13300000011"))).await.unwrap();
    let r1 = lead_convert::convert(&a, l1.id, with(None)).await.unwrap();
    let o1 = opportunity::get(&a, r1.opportunity_id.unwrap()).await.unwrap();
    assert_eq!((o1.stage.as_str(), o1.win_probability), ("接洽", Some(15)));
    let l2 = lead::create(&a, input("钱二", Some("13300000012"))).await.unwrap();
    let r2 = lead_convert::convert(&a, l2.id, with(Some("报价"))).await.unwrap();
    let o2 = opportunity::get(&a, r2.opportunity_id.unwrap()).await.unwrap();
    assert_eq!((o2.stage.as_str(), o2.win_probability), ("报价", Some(50)));
    let l3 = lead::create(&a, input("孙三", Some("13300000013"))).await.unwrap();
    let e = lead_convert::convert(&a, l3.id, with(Some("初步接触"))).await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (crm_core::error::ErrorCode::Validation, Some("stage")));
    assert_eq!(status_of(&t.db, l3.id).await, LeadStatus::New, "nothing written");
    // It counts in the weighted pipeline and sits on the kanban.
    let board = opportunity::kanban(&m, Default::default()).await.unwrap();
    assert_eq!(board.iter().find(|c| c.stage == "接洽").unwrap().weighted_amount.to_string(), "1500.00");

    // Rows written by the old conversion: stage 初步接触 (no longer configured) or a
    // configured one, probability NULL; won / lost ones too. The repair fixes exactly them.
    let be = t.db.get_database_backend();
    let old = "2026-01-02 03:04:05";
    for (name, stage, status) in [("旧一", "初步接触", 1), ("旧二", "报价", 1), ("旧三", "初步接触", 2), ("旧四", "初步接触", 3)] {
        t.db.execute_raw(sea_orm::Statement::from_sql_and_values(
            be,
            "INSERT INTO crm_opportunity (customer_id, opportunity_name, estimated_amount, win_probability, stage, status, owner_id, created_at, updated_at, lock_version) \
             VALUES (?, ?, '100.00', NULL, ?, ?, ?, ?, ?, 0)",
            [r1.customer_id.into(), name.into(), stage.into(), status.into(), o.rep_a.into(), old.into(), old.into()],
        ))
        .await
        .unwrap();
    }
    assert_eq!(migrations::repair_converted_opportunities(&t.db).await.unwrap(), 4);
    assert_eq!(migrations::repair_converted_opportunities(&t.db).await.unwrap(), 0, "nothing left");
    let rows =
        t.db.query_all_raw(sea_orm::Statement::from_string(
            be,
            "SELECT opportunity_name, stage, win_probability, updated_at FROM crm_opportunity WHERE opportunity_name LIKE '旧%' ORDER BY opportunity_name",
        ))
        .await
        .unwrap();
    let got: Vec<(String, String, i32)> =
        rows.iter().map(|r| (r.try_get_by_index(0).unwrap(), r.try_get_by_index(1).unwrap(), r.try_get_by_index::<Option<i32>>(2).unwrap().unwrap())).collect();
    let want: Vec<(String, String, i32)> = vec![
        ("旧一".into(), "接洽".into(), 15),
        ("旧三".into(), "初步接触".into(), 100),
        ("旧二".into(), "报价".into(), 50),
        ("旧四".into(), "初步接触".into(), 0),
    ];
    let mut want = want;
    want.sort();
    let mut got = got;
    got.sort();
    assert_eq!(got, want);
    for r in &rows {
        assert_eq!(r.try_get_by_index::<chrono::NaiveDateTime>(3).unwrap().to_string(), old, "the repair is not an edit");
    }
});

// What the CLI writes names a real author: the user given with `--as`, else the first
// enabled administrator; never "created by 0". With no administrator it asks for --as.
both!(cli_writes_record_a_real_author, |t| {
    let o = org(&t.db).await;
    let sys = t.system();
    let e = lead::create(&sys, input("无主", Some("13900000001"))).await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (crm_core::error::ErrorCode::Validation, Some("as")));
    let d = dept(&t.db, "总经办", None).await;
    let admin_role = role(&t.db, "系统管理员", "*", DataScope::All).await;
    let admin = user(&t.db, "boss", d, admin_role, None).await;
    let l = lead::create(&sys, input("甲", Some("13900000002"))).await.unwrap();
    assert_eq!(crm_lead::Entity::find_by_id(l.id).one(&t.db).await.unwrap().unwrap().created_by, admin);
    let as_rep = Ctx::system_as(t.db.clone(), o.rep_a);
    let l2 = lead::create(&as_rep, input("乙", Some("13900000003"))).await.unwrap();
    assert_eq!(crm_lead::Entity::find_by_id(l2.id).one(&t.db).await.unwrap().unwrap().created_by, o.rep_a);
});
