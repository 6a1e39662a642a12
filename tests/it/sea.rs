//! The public sea: rules, the sweep (idempotent, concurrent-safe, logged, owner kept),
//! race-safe claims with an ownership cap and a reclaim cool-down, and the sea clock.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::RelationKind;
use crm_core::entity::enums::{CustomerLevel, CustomerStatus, CustomerType, DataScope};
use crm_core::entity::{crm_customer, sys_operation_log};
use crm_core::error::{AppError, Locale};
use crm_core::service::customer::{self, CustomerFilter, CustomerInput};
use crm_core::service::follow_up::{self, FollowUpInput};
use crm_core::service::sea;
use crm_core::service::sea_rules::{self, SeaRules};
use crm_core::service::{util, Ctx, PageReq};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

const REP: &str = "customer:read,customer:create,customer:update,customer:claim,follow_up:*,contact:*";
const MGR: &str = "customer:*,follow_up:*,contact:*,settings:*";

async fn new_customer(c: &Ctx, name: &str, level: Option<CustomerLevel>, status: CustomerStatus) -> i64 {
    let id = customer::create(
        c,
        CustomerInput {
            customer_name: name.into(),
            customer_type: CustomerType::Enterprise,
            industry: None,
            scale: None,
            address: None,
            // "Deal" comes only from a signed contract: create, then mark it as the contract would.
            status: if status == CustomerStatus::Deal { CustomerStatus::Potential } else { status },
            level,
            owner_id: None,
            activity_id: None,
        },
    )
    .await
    .unwrap()
    .id;
    if status == CustomerStatus::Deal {
        crm_customer::Entity::update_many()
            .col_expr(crm_customer::Column::Status, sea_orm::sea_query::Expr::value(CustomerStatus::Deal))
            .filter(crm_customer::Column::Id.eq(id))
            .exec(&c.db)
            .await
            .unwrap();
    }
    id
}

/// Pretend the customer's last follow-up was `days` ago.
async fn idle(db: &DatabaseConnection, id: i64, days: i64) {
    use sea_orm::sea_query::Expr;
    crm_customer::Entity::update_many()
        .col_expr(crm_customer::Column::LastFollowAt, Expr::value(util::now() - chrono::Duration::days(days)))
        .filter(crm_customer::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
}

async fn row(db: &DatabaseConnection, id: i64) -> crm_customer::Model {
    crm_customer::Entity::find_by_id(id).one(db).await.unwrap().unwrap()
}

async fn logs(db: &DatabaseConnection, action: &str) -> u64 {
    sys_operation_log::Entity::find().filter(sys_operation_log::Column::Action.eq(action)).count(db).await.unwrap()
}

struct Org {
    rep_a: i64,
    rep_b: i64,
    mgr: i64,
}

async fn org(db: &DatabaseConnection) -> Org {
    let d = dept(db, "销售部", None).await;
    let r = role(db, "rep", REP, DataScope::Own).await;
    let rm = role(db, "mgr", MGR, DataScope::Department).await;
    let mgr = user(db, "mgr", d, rm, None).await;
    Org { rep_a: user(db, "a", d, r, Some(mgr)).await, rep_b: user(db, "b", d, r, Some(mgr)).await, mgr }
}

both!(sweep_recycles_by_level_keeps_owner_and_is_idempotent, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let admin = t.system();
    sea_rules::set_rules(&admin, SeaRules { days_a: 10, days_b: 20, days_c: 30, days_unrated: 15, warn_days: 3, exempt_deal: true, ..Default::default() })
        .await
        .unwrap();
    let a_idle = new_customer(&a, "A级闲置", Some(CustomerLevel::A), CustomerStatus::Potential).await;
    let a_fresh = new_customer(&a, "A级活跃", Some(CustomerLevel::A), CustomerStatus::Potential).await;
    let b_mid = new_customer(&a, "B级中等", Some(CustomerLevel::B), CustomerStatus::Potential).await;
    let c_idle = new_customer(&a, "C级闲置", Some(CustomerLevel::C), CustomerStatus::Lost).await;
    let deal = new_customer(&a, "成交客户", Some(CustomerLevel::A), CustomerStatus::Deal).await;
    let unrated = new_customer(&a, "未分级", None, CustomerStatus::Potential).await;
    idle(&t.db, a_idle, 11).await;
    idle(&t.db, a_fresh, 9).await;
    idle(&t.db, b_mid, 15).await;
    idle(&t.db, c_idle, 31).await;
    idle(&t.db, deal, 400).await;
    idle(&t.db, unrated, 16).await;

    // Days until recycle, shown in the list, and the expiring filter (3 warning days).
    let list = customer::list(&a, CustomerFilter::default(), PageReq::default()).await.unwrap();
    let days = |id: i64| list.items.iter().find(|c| c.id == id).unwrap().days_until_recycle;
    assert_eq!(days(a_fresh), Some(1));
    assert_eq!(days(b_mid), Some(5));
    assert_eq!(days(a_idle), Some(0));
    assert_eq!(days(deal), None, "deal customers are exempt");
    let expiring = customer::list(&a, CustomerFilter { expiring: true, ..Default::default() }, PageReq::default()).await.unwrap();
    let mut exp: Vec<i64> = expiring.items.iter().map(|c| c.id).collect();
    exp.sort();
    let mut want = vec![a_idle, a_fresh, c_idle, unrated];
    want.sort();
    assert_eq!(exp, want);

    let now = util::now();
    let r = sea::sweep(&t.db, now).await.unwrap();
    assert_eq!(r.recycled, 3, "A idle, C idle and unrated");
    for id in [a_idle, c_idle, unrated] {
        let c = row(&t.db, id).await;
        assert_eq!(c.is_in_sea, 1);
        assert_eq!(c.sea_time, Some(now));
        assert_eq!(c.owner_id, o.rep_a, "the previous owner is kept");
    }
    for id in [a_fresh, b_mid, deal] {
        assert_eq!(row(&t.db, id).await.is_in_sea, 0);
    }
    assert_eq!(logs(&t.db, "release").await, 3);
    let entry = sys_operation_log::Entity::find()
        .filter(sys_operation_log::Column::EntityId.eq(c_idle))
        .filter(sys_operation_log::Column::Action.eq("release"))
        .one(&t.db)
        .await
        .unwrap()
        .unwrap();
    assert!(entry.summary.unwrap().contains("30 天"));
    assert!(entry.changes.unwrap().contains("inSea"));
    // Idempotent.
    assert_eq!(sea::sweep(&t.db, util::now()).await.unwrap().recycled, 0);
    assert_eq!(logs(&t.db, "release").await, 3);
    // Rules off: nothing moves.
    idle(&t.db, b_mid, 100).await;
    sea_rules::set_rules(&admin, SeaRules { enabled: false, ..Default::default() }).await.unwrap();
    assert_eq!(sea::sweep(&t.db, util::now()).await.unwrap().recycled, 0);
    // The sea list shows them to any rep.
    let b = ctx_for(&t.db, o.rep_b).await;
    assert_eq!(customer::list(&b, CustomerFilter { in_sea: true, ..Default::default() }, PageReq::default()).await.unwrap().total, 3);
});

both!(concurrent_sweeps_recycle_each_customer_once, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let mut ids = vec![];
    for i in 0..60 {
        let id = new_customer(&a, &format!("客户{i}"), Some(CustomerLevel::B), CustomerStatus::Potential).await;
        ids.push(id);
    }
    for id in &ids[..40] {
        idle(&t.db, *id, 45).await;
    }
    let now = util::now();
    let mut hs = vec![];
    for _ in 0..4 {
        let db = t.db.clone();
        hs.push(tokio::spawn(async move { sea::sweep(&db, now).await.unwrap().recycled }));
    }
    let mut total = 0;
    for h in hs {
        total += h.await.unwrap();
    }
    assert_eq!(total, 40, "every idle customer recycled by exactly one sweeper");
    assert_eq!(logs(&t.db, "release").await, 40, "and logged once");
    assert_eq!(crm_customer::Entity::find().filter(crm_customer::Column::IsInSea.eq(1)).count(&t.db).await.unwrap(), 40);
});

both!(follow_up_resets_the_sea_clock, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let id = new_customer(&a, "差点回收", Some(CustomerLevel::C), CustomerStatus::Potential).await;
    idle(&t.db, id, 40).await;
    follow_up::create(
        &a,
        FollowUpInput {
            relation_type: RelationKind::Customer,
            relation_id: id,
            follow_type: "电话".into(),
            content: "聊了续约".into(),
            next_follow_time: None,
            next_content: None,
        },
    )
    .await
    .unwrap();
    let c = row(&t.db, id).await;
    assert!(c.last_follow_at.unwrap() >= util::now() - chrono::Duration::seconds(5));
    assert_eq!(sea::sweep(&t.db, util::now()).await.unwrap().recycled, 0);
    assert_eq!(customer::get(&a, id).await.unwrap().days_until_recycle, Some(30));
});

both!(eight_concurrent_sea_claims_one_winner, |t| {
    let d = dept(&t.db, "销售部", None).await;
    let r = role(&t.db, "rep", REP, DataScope::Own).await;
    let mut reps = vec![];
    for i in 0..9 {
        reps.push(user(&t.db, &format!("r{i}"), d, r, None).await);
    }
    let owner = ctx_for(&t.db, reps[8]).await;
    let id = new_customer(&owner, "公海客户", None, CustomerStatus::Potential).await;
    sea::release(&owner, id, "不再跟进").await.unwrap();
    let mut hs = vec![];
    for u in &reps[..8] {
        let c = ctx_for(&t.db, *u).await;
        hs.push(tokio::spawn(async move { sea::claim(&c, id).await }));
    }
    let (mut ok, mut conflict) = (0, 0);
    for h in hs {
        match h.await.unwrap() {
            Ok(()) => ok += 1,
            Err(AppError::Conflict { .. }) => conflict += 1,
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!((ok, conflict), (1, 7));
    let c = row(&t.db, id).await;
    assert_eq!(c.is_in_sea, 0);
    assert!(reps[..8].contains(&c.owner_id));
    assert_eq!(c.sea_time, None);
    assert_eq!(logs(&t.db, "claim").await, 1);
});

both!(cap_cooldown_release_and_assign, |t| {
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let b = ctx_for(&t.db, o.rep_b).await;
    let m = ctx_for(&t.db, o.mgr).await;
    sea_rules::set_rules(&m, SeaRules { max_owned: 2, reclaim_cooldown_days: 7, ..Default::default() }).await.unwrap();
    let x = new_customer(&a, "客户X", None, CustomerStatus::Potential).await;
    let y = new_customer(&a, "客户Y", None, CustomerStatus::Potential).await;
    // Release needs a reason and is refused for someone else's customer.
    assert_eq!(sea::release(&a, x, "").await.unwrap_err().to_api(Locale::ZhCn).field.as_deref(), Some("reason"));
    assert!(matches!(sea::release(&b, x, "抢").await, Err(AppError::NotFound { .. })));
    sea::release(&a, x, "客户无需求").await.unwrap();
    assert!(matches!(sea::release(&a, x, "again").await, Err(AppError::Conflict { .. })));
    // Changing a sea customer requires claiming it first.
    assert!(customer::update(
        &a,
        x,
        CustomerInput {
            customer_name: "改名".into(),
            customer_type: CustomerType::Personal,
            industry: None,
            scale: None,
            address: None,
            status: CustomerStatus::Potential,
            level: None,
            owner_id: None,
            activity_id: None,
        }
    )
    .await
    .is_err());
    // Cool-down: the previous owner must wait.
    let msg = sea::claim(&a, x).await.unwrap_err().to_api(Locale::ZhCn).message;
    assert!(msg.contains("冷却期") && msg.contains("7 天"), "{msg}");
    // Cap: b owns 2 already.
    new_customer(&b, "b1", None, CustomerStatus::Potential).await;
    new_customer(&b, "b2", None, CustomerStatus::Potential).await;
    let msg = sea::claim(&b, x).await.unwrap_err().to_api(Locale::EnUs).message;
    assert!(msg.contains("limit is 2"), "{msg}");
    // The manager cannot assign to b either (cap), but can to a (no cool-down for assignment)... a owns 1 (y).
    assert_eq!(sea::assign(&m, x, o.rep_b).await.unwrap_err().to_api(Locale::ZhCn).field.as_deref(), Some("ownerId"));
    assert!(matches!(sea::assign(&a, x, o.rep_a).await, Err(AppError::Forbidden { .. })));
    sea::assign(&m, x, o.rep_a).await.unwrap();
    assert_eq!(row(&t.db, x).await.owner_id, o.rep_a);
    // After the cool-down the previous owner may reclaim.
    sea::release(&a, y, "转给别人").await.unwrap();
    use sea_orm::sea_query::Expr;
    crm_customer::Entity::update_many()
        .col_expr(crm_customer::Column::SeaTime, Expr::value(util::now() - chrono::Duration::days(8)))
        .filter(crm_customer::Column::Id.eq(y))
        .exec(&t.db)
        .await
        .unwrap();
    sea::release(&a, x, "腾出名额").await.unwrap();
    crm_customer::Entity::update_many()
        .col_expr(crm_customer::Column::SeaTime, Expr::value(util::now() - chrono::Duration::days(8)))
        .filter(crm_customer::Column::Id.eq(x))
        .exec(&t.db)
        .await
        .unwrap();
    sea::claim(&a, y).await.unwrap();
    let c = row(&t.db, y).await;
    assert_eq!((c.is_in_sea, c.owner_id), (0, o.rep_a));
    assert!(matches!(sea::claim(&b, y).await, Err(AppError::Conflict { .. })), "already taken");
});

both!(rules_are_validated, |t| {
    let admin = t.system();
    assert_eq!(sea_rules::get_rules(&admin).await.unwrap(), SeaRules { lock_version: Some(0), ..SeaRules::default() }, "never saved: version 0");
    let e = sea_rules::set_rules(&admin, SeaRules { days_a: 0, ..Default::default() }).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("daysA"));
    let e = sea_rules::set_rules(&admin, SeaRules { days_c: 3, warn_days: 3, ..Default::default() }).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("warnDays"));
    let saved = sea_rules::set_rules(&admin, SeaRules { days_a: 60, ..Default::default() }).await.unwrap();
    assert_eq!(sea_rules::get_rules(&admin).await.unwrap(), saved);
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    assert!(matches!(sea_rules::set_rules(&a, SeaRules::default()).await, Err(AppError::Forbidden { .. })));
});

// Rows written by other tools are honoured: the sweep reads the clock from the seed's
// own rows (follow-ups on the customer and on the lead it came from, claims and
// transfers in the log) before moving a customer, and repairs the cached clock.
both!(sweep_honours_follow_ups_written_by_sql, |t| {
    use crm_core::service::lead::{self, LeadInput};
    use crm_core::service::lead_convert::{self, ConvertInput};
    use crm_core::service::sea_clock;
    use sea_orm::ConnectionTrait;
    let o = org(&t.db).await;
    let admin = t.system();
    sea_rules::set_rules(&admin, SeaRules { days_a: 30, days_b: 30, days_c: 30, days_unrated: 30, warn_days: 3, exempt_deal: true, ..Default::default() })
        .await
        .unwrap();
    sea_clock::catch_up(&t.db).await.unwrap(); // first run: sets the watermark
    let now = util::now();
    let fmt = |d: chrono::NaiveDateTime| d.format("%Y-%m-%d %H:%M:%S").to_string();
    let old = fmt(now - chrono::Duration::days(400));
    let exec = |sql: String| {
        let db = t.db.clone();
        async move { db.execute_unprepared(&sql).await.unwrap() }
    };
    // 1. The failing case: a customer created 400 days ago with only the seed's columns,
    //    and a follow-up on it dated now, both by SQL.
    exec(format!(
        "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at) \
         VALUES ('外部导入客户', 1, 1, {}, 0, {}, '{old}', '{old}')",
        o.rep_a, o.rep_a
    ))
    .await;
    let ext = crm_customer::Entity::find().filter(crm_customer::Column::CustomerName.eq("外部导入客户")).one(&t.db).await.unwrap().unwrap().id;
    exec(format!(
        "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, created_by, created_at, updated_at) \
         VALUES ('customer', {ext}, '电话', '呼叫中心今天来电', {}, '{}', '{}')",
        o.rep_a,
        fmt(now),
        fmt(now)
    ))
    .await;
    // 2. A customer inserted with NULL last_follow_at and no follow-ups: recycled by created_at.
    exec(format!(
        "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at) \
         VALUES ('无人跟进客户', 1, 1, {}, 0, {}, '{old}', '{old}')",
        o.rep_a, o.rep_a
    ))
    .await;
    let silent = crm_customer::Entity::find().filter(crm_customer::Column::CustomerName.eq("无人跟进客户")).one(&t.db).await.unwrap().unwrap().id;
    // 3. Two customers converted from leads, idle for 400 days by their cached clock; a
    //    follow-up inserted by SQL on the first one's lead keeps it.
    let lead_input = |name: &str, phone: &str| LeadInput {
        lead_name: name.into(),
        phone: Some(phone.into()),
        company: Some(format!("{name}有限公司")),
        position: None,
        source: None,
        intent_product: None,
        intent_level: None,
        remark: None,
        pool_id: None,
        to_pool: false,
        activity_id: None,
    };
    let plain =
        || ConvertInput { customer_name: None, customer_type: None, level: None, industry: None, address: None, contact_phone: None, opportunity: None };
    let ld = dept(&t.db, "电销部", None).await;
    let lr = role(&t.db, "lead-rep", "lead:*,customer:*,contact:*,follow_up:*", DataScope::Own).await;
    let l = ctx_for(&t.db, user(&t.db, "lead-rep", ld, lr, None).await).await;
    let l1 = lead::create(&l, lead_input("线索甲", "13900000001")).await.unwrap().id;
    let l2 = lead::create(&l, lead_input("线索乙", "13900000002")).await.unwrap().id;
    let c1 = lead_convert::convert(&l, l1, plain()).await.unwrap().customer_id;
    let c2 = lead_convert::convert(&l, l2, plain()).await.unwrap().customer_id;
    idle(&t.db, c1, 400).await;
    idle(&t.db, c2, 400).await;
    exec(format!(
        "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, created_by, created_at, updated_at) \
         VALUES ('lead', {l1}, '微信', '企业微信同步的跟进', {}, '{}', '{}')",
        o.rep_a,
        fmt(now - chrono::Duration::days(1)),
        fmt(now - chrono::Duration::days(1))
    ))
    .await;

    let report = sea::sweep(&t.db, util::now()).await.unwrap();
    assert_eq!(report.recycled, 2, "only the silent customer and the converted one without news");
    assert_eq!(row(&t.db, ext).await.is_in_sea, 0, "a follow-up inserted by SQL today keeps the customer");
    assert_eq!(row(&t.db, ext).await.last_follow_at.map(|x| x.and_utc().timestamp()), Some(now.and_utc().timestamp()), "its clock was repaired");
    assert_eq!(row(&t.db, silent).await.is_in_sea, 1);
    assert_eq!(row(&t.db, c1).await.is_in_sea, 0, "a follow-up on the source lead counts");
    assert_eq!(row(&t.db, c2).await.is_in_sea, 1);
    // Idempotent: the repaired clock is now what the cache says.
    assert_eq!(sea::sweep(&t.db, util::now()).await.unwrap().recycled, 0);
});

// Reminders written by other tools: a follow-up inserted with a past next time is a
// reminder at once (to-do); a newer follow-up inserted later marks it done through the
// incremental pass, which also moves the customer's sea clock.
both!(reminders_written_by_sql_are_honoured, |t| {
    use crm_core::service::sea_clock;
    use crm_core::service::todo;
    use sea_orm::ConnectionTrait;
    let o = org(&t.db).await;
    let a = ctx_for(&t.db, o.rep_a).await;
    let c = new_customer(&a, "提醒客户", Some(CustomerLevel::B), CustomerStatus::Potential).await;
    idle(&t.db, c, 20).await;
    sea_clock::catch_up(&t.db).await.unwrap();
    let before = todo::todo_counts(&a, 0).await.unwrap().follow_ups;
    let now = util::now();
    let fmt = |d: chrono::NaiveDateTime| d.format("%Y-%m-%d %H:%M:%S").to_string();
    let (t1, due) = (fmt(now - chrono::Duration::days(3)), fmt(now - chrono::Duration::days(1)));
    t.db.execute_unprepared(&format!(
        "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, next_follow_time, next_content, created_by, created_at, updated_at) \
         VALUES ('customer', {c}, '电话', '客户要报价', '{due}', '发报价', {}, '{t1}', '{t1}')",
        o.rep_a
    ))
    .await
    .unwrap();
    assert_eq!(todo::todo_counts(&a, 0).await.unwrap().follow_ups, before + 1, "a reminder inserted by SQL shows in to-do");
    let t2 = fmt(now - chrono::Duration::hours(2));
    t.db.execute_unprepared(&format!(
        "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, created_by, created_at, updated_at) \
         VALUES ('customer', {c}, '拜访', '报价已发', {}, '{t2}', '{t2}')",
        o.rep_a
    ))
    .await
    .unwrap();
    assert_eq!(sea_clock::catch_up(&t.db).await.unwrap(), 2);
    assert_eq!(todo::todo_counts(&a, 0).await.unwrap().follow_ups, before, "the newer follow-up closed the reminder");
    let clock = row(&t.db, c).await.last_follow_at.unwrap();
    assert_eq!(fmt(clock), t2, "the sea clock moved to the newest follow-up");
    assert_eq!(sea_clock::catch_up(&t.db).await.unwrap(), 0, "nothing new");
});

// A setting that cannot be read is an error naming its key (and logged), never a silent
// fall-back to the defaults: the sweep refuses to run on damaged public-sea rules rather
// than recycle customers by rules nobody chose, and documents refuse a damaged
// letterhead. Resetting it restores the default explicitly.
both!(damaged_settings_are_errors_not_defaults, |t| {
    use crm_core::error::ErrorCode;
    use crm_core::service::{sea_rules, settings};
    use sea_orm::ConnectionTrait;
    let sys = t.system();
    t.db.execute_unprepared("INSERT INTO sys_setting (setting_key, setting_value, updated_at, lock_version) VALUES ('sea_rules', '{\"noFollowDays\": \"thirty\"', '2026-01-01 00:00:00', 1)")
        .await
        .unwrap();
    let e = sea_rules::rules(&t.db).await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (ErrorCode::Conflict, Some("sea_rules")));
    assert!(e.to_api(Locale::ZhCn).message.contains("crm-admin reset-setting sea_rules"), "{e:?}");
    let e = crm_core::service::sea::sweep(&t.db, crm_core::service::util::now()).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict, "the sweep does not run on damaged rules");
    t.db.execute_unprepared(
        "INSERT INTO sys_setting (setting_key, setting_value, updated_at, lock_version) VALUES ('company_profile', 'not json', '2026-01-01 00:00:00', 1)",
    )
    .await
    .unwrap();
    let e = settings::get_company_profile(&sys).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("company_profile"));
    // Reset: the stored value goes (kept in the log) and the defaults apply again.
    assert!(settings::reset(&sys, "sea_rules").await.unwrap());
    assert_eq!(sea_rules::rules(&t.db).await.unwrap(), sea_rules::SeaRules::default());
    assert!(!settings::reset(&sys, "sea_rules").await.unwrap(), "nothing left to reset");
    let logged = t.raw_one("SELECT COUNT(*) AS n FROM sys_operation_log WHERE entity_type = 'sys_setting' AND action = 'delete'").await.unwrap();
    assert_eq!(logged.try_get::<i64>("", "n").unwrap(), 1);
    // A setting never saved, or saved empty, is simply the default.
    t.db.execute_unprepared("UPDATE sys_setting SET setting_value = '' WHERE setting_key = 'company_profile'").await.unwrap();
    assert_eq!(settings::get_company_profile(&sys).await.unwrap().name, "");
});
