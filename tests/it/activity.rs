//! Contacts, follow-ups and the to-do list, sessions, visit plans and return visits.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::RelationKind;
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope, IntentLevel, LeadStatus, ReturnVisitStatus, VisitPlanStatus};
use crm_core::error::{AppError, Locale};
use crm_core::service::activity::{self, ReturnVisitInput, ReturnVisitResult, SessionInput, VisitInput};
use crm_core::service::contact::{self, ContactFilter, ContactInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::follow_up::{self, FollowUpEdit, FollowUpFilter, FollowUpInput};
use crm_core::service::lead::{self, LeadInput};
use crm_core::service::{lead_convert, todo};
use crm_core::service::{util, Ctx, PageReq};
use sea_orm::DatabaseConnection;

const REP: &str = "lead:read,lead:create,lead:update,customer:read,customer:create,customer:update,customer:delete,contact:*,follow_up:*";

async fn two_reps(db: &DatabaseConnection) -> (Ctx, Ctx, i64) {
    let d = dept(db, "销售部", None).await;
    let r = role(db, "rep", REP, DataScope::Own).await;
    let a = user(db, "a", d, r, None).await;
    let b = user(db, "b", d, r, None).await;
    (ctx_for(db, a).await, ctx_for(db, b).await, a)
}

async fn new_customer(c: &Ctx, name: &str) -> i64 {
    customer::create(
        c,
        CustomerInput {
            customer_name: name.into(),
            customer_type: CustomerType::Enterprise,
            industry: None,
            scale: None,
            address: None,
            status: CustomerStatus::Potential,
            level: None,
            owner_id: None,
            activity_id: None,
        },
    )
    .await
    .unwrap()
    .id
}

fn contact_input(name: &str, phone: &str, key: bool) -> ContactInput {
    ContactInput {
        contact_name: name.into(),
        position: Some("总经理".into()),
        phone: phone.into(),
        email: Some(format!("{phone}@example.cn")),
        is_key: key,
        communication_preference: Some("微信".into()),
        birthday: chrono::NaiveDate::from_ymd_opt(1985, 6, 1),
        remark: None,
    }
}

fn field(e: AppError) -> Option<String> {
    e.to_api(Locale::ZhCn).field
}

both!(contacts_crud_duplicates_and_scope, |t| {
    let (a, b, _) = two_reps(&t.db).await;
    let cid = new_customer(&a, "联系人测试公司").await;
    let first = contact::create(&a, cid, contact_input("李四", "13811112222", false)).await.unwrap();
    let boss = contact::create(&a, cid, contact_input("王总", "13811113333", true)).await.unwrap();
    let list = contact::list(&a, cid).await.unwrap();
    assert_eq!(list.iter().map(|c| c.contact_name.as_str()).collect::<Vec<_>>(), ["王总", "李四"], "key decision-makers first");
    assert_eq!(list[0].birthday, chrono::NaiveDate::from_ymd_opt(1985, 6, 1));
    // Duplicate (customer, phone): a clear CONFLICT naming the field and the other contact.
    let e = contact::create(&a, cid, contact_input("重复", "13811112222", false)).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("phone"));
    assert!(e.to_api(Locale::ZhCn).message.contains("李四"));
    let e = contact::update(&a, boss.id, contact_input("王总", "13811112222", true)).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }));
    // The same phone at another customer is fine.
    let other = new_customer(&a, "另一家").await;
    contact::create(&a, other, contact_input("李四", "13811112222", false)).await.unwrap();
    // Validation names the field.
    assert_eq!(field(contact::create(&a, cid, contact_input("", "13800000000", false)).await.unwrap_err()).as_deref(), Some("contactName"));
    let mut bad = contact_input("x", "13800000001", false);
    bad.email = Some("not-mail".into());
    assert_eq!(field(contact::create(&a, cid, bad).await.unwrap_err()).as_deref(), Some("email"));
    let mut future = contact_input("x", "13800000002", false);
    future.birthday = Some(chrono::Utc::now().date_naive() + chrono::Duration::days(3));
    assert_eq!(field(contact::create(&a, cid, future).await.unwrap_err()).as_deref(), Some("birthday"));
    // Another rep cannot see or change them.
    assert!(matches!(contact::list(&b, cid).await, Err(AppError::NotFound { .. })));
    assert!(matches!(contact::update(&b, first.id, contact_input("x", "13800000003", false)).await, Err(AppError::NotFound { .. })));
    assert!(matches!(contact::delete(&b, first.id).await, Err(AppError::NotFound { .. })));
    // The all-contacts list follows the scope; filters work.
    let all = contact::list_all(&a, ContactFilter::default(), PageReq::default()).await.unwrap();
    assert_eq!(all.total, 3);
    assert_eq!(contact::list_all(&b, ContactFilter::default(), PageReq::default()).await.unwrap().total, 0);
    let keys = contact::list_all(&a, ContactFilter { key_only: true, ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(keys.items[0].customer_name, "联系人测试公司");
    assert_eq!(keys.total, 1);
    // Edit and delete.
    let mut up = contact_input("李四(采购)", "13811112222", true);
    up.birthday = None;
    let up = contact::update(&a, first.id, up).await.unwrap();
    assert!(up.is_key && up.birthday.is_none());
    contact::delete(&a, first.id).await.unwrap();
    assert_eq!(contact::list(&a, cid).await.unwrap().len(), 1);
    // Deleting the customer takes its contacts with it.
    customer::delete(&a, cid).await.unwrap();
    assert_eq!(contact::list_all(&a, ContactFilter::default(), PageReq::default()).await.unwrap().total, 1);
});

#[test]
fn birthday_countdown() {
    let d = |y, m, day| chrono::NaiveDate::from_ymd_opt(y, m, day).unwrap();
    assert_eq!(contact::days_to_birthday(d(1990, 12, 1), d(2026, 11, 29)), 2);
    assert_eq!(contact::days_to_birthday(d(1990, 11, 29), d(2026, 11, 29)), 0);
    assert_eq!(contact::days_to_birthday(d(1990, 11, 28), d(2026, 11, 29)), 364);
    assert_eq!(contact::days_to_birthday(d(1992, 2, 29), d(2027, 2, 1)), 27, "29 Feb falls on 28 Feb");
}

fn follow(kind: RelationKind, id: i64, content: &str, next: Option<chrono::NaiveDateTime>) -> FollowUpInput {
    FollowUpInput {
        relation_type: kind,
        relation_id: id,
        follow_type: "电话".into(),
        content: content.into(),
        next_follow_time: next,
        next_content: next.map(|_| "再联系".to_string()),
    }
}

both!(follow_ups_reminders_and_todo, |t| {
    let (a, b, a_id) = two_reps(&t.db).await;
    let cid = new_customer(&a, "跟进测试公司").await;
    let lid = lead::create(
        &a,
        LeadInput {
            lead_name: "线索甲".into(),
            phone: Some("13912345678".into()),
            company: None,
            position: None,
            source: None,
            intent_product: None,
            intent_level: Some(IntentLevel::Medium),
            remark: None,
            pool_id: None,
            to_pool: false,
            activity_id: None,
        },
    )
    .await
    .unwrap()
    .id;
    // Validation.
    let mut bad = follow(RelationKind::Customer, cid, "x", None);
    bad.follow_type = "飞鸽传书".into();
    assert_eq!(field(follow_up::create(&a, bad).await.unwrap_err()).as_deref(), Some("followType"));
    assert_eq!(field(follow_up::create(&a, follow(RelationKind::Customer, cid, "  ", None)).await.unwrap_err()).as_deref(), Some("content"));
    let past = util::now() - chrono::Duration::hours(2);
    assert_eq!(field(follow_up::create(&a, follow(RelationKind::Customer, cid, "x", Some(past))).await.unwrap_err()).as_deref(), Some("nextFollowTime"));
    // Another rep cannot log on a's records.
    assert_eq!(
        crate::common::refusal(follow_up::create(&b, follow(RelationKind::Customer, cid, "x", None)).await),
        (crm_core::error::ErrorCode::NotFound, None)
    );
    assert_eq!(crate::common::refusal(follow_up::create(&b, follow(RelationKind::Lead, lid, "x", None)).await), (crm_core::error::ErrorCode::NotFound, None));

    // A follow-up on a new lead moves it to "following".
    let soon = util::now() + chrono::Duration::minutes(30);
    let f1 = follow_up::create(&a, follow(RelationKind::Lead, lid, "初次电话沟通", Some(soon))).await.unwrap();
    assert_eq!(f1.relation_name.as_deref(), Some("线索甲"));
    assert_eq!(lead::get(&a, lid).await.unwrap().status, LeadStatus::Following);
    // Customer reminders: one due in ~an hour, one tomorrow+.
    let later = util::now() + chrono::Duration::days(3);
    let f2 = follow_up::create(&a, follow(RelationKind::Customer, cid, "报价前沟通", Some(later))).await.unwrap();
    // "Today" in UTC+0: f1 is due today (unless the day ends within 30 minutes), f2 is not.
    let counts = todo::todo_counts(&a, 0).await.unwrap();
    let end_of_day = util::day_end_utc(util::now(), 0);
    let expect_today = if soon < end_of_day { 1 } else { 0 };
    assert_eq!(counts.follow_ups, expect_today);
    assert_eq!(counts.overdue, 0);
    // Make f1 overdue (as if time passed) and check the board and counts.
    {
        use crm_core::entity::crm_follow_up;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        crm_follow_up::Entity::update_many()
            .col_expr(crm_follow_up::Column::NextFollowTime, Expr::value(util::now() - chrono::Duration::hours(1)))
            .filter(crm_follow_up::Column::Id.eq(f1.id))
            .exec(&t.db)
            .await
            .unwrap();
    }
    let board = todo::todo_board(&a, 480).await.unwrap();
    assert_eq!(board.counts.overdue, 1);
    assert_eq!(board.follow_ups.iter().map(|f| f.id).collect::<Vec<_>>(), vec![f1.id]);
    assert_eq!(todo::overdue_count(&a).await.unwrap(), 1);
    let since = util::now() - chrono::Duration::hours(2);
    assert_eq!(todo::due_between(&a, since, util::now()).await.unwrap().len(), 1);
    assert_eq!(todo::todo_counts(&b, 0).await.unwrap().total, 0, "b has nothing to do");
    // Logging the next follow-up on the lead closes the reminder.
    follow_up::create(&a, follow(RelationKind::Lead, lid, "第二次沟通", None)).await.unwrap();
    assert_eq!(todo::todo_board(&a, 0).await.unwrap().counts.overdue, 0);
    // Ticking a reminder off by hand.
    {
        use crm_core::entity::crm_follow_up;
        use sea_orm::sea_query::Expr;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        crm_follow_up::Entity::update_many()
            .col_expr(crm_follow_up::Column::NextFollowTime, Expr::value(util::now() - chrono::Duration::minutes(5)))
            .filter(crm_follow_up::Column::Id.eq(f2.id))
            .exec(&t.db)
            .await
            .unwrap();
    }
    assert_eq!(todo::todo_counts(&a, 0).await.unwrap().overdue, 1);
    assert_eq!(crate::common::refusal(follow_up::mark_done(&b, f2.id).await), (crm_core::error::ErrorCode::NotFound, None), "not b's");
    follow_up::mark_done(&a, f2.id).await.unwrap();
    assert_eq!(todo::todo_counts(&a, 0).await.unwrap().overdue, 0);

    // Lists: per record (a converted customer also shows its lead's), and the history.
    let page = PageReq::default();
    assert_eq!(follow_up::list(&a, RelationKind::Lead, lid, page).await.unwrap().total, 2);
    assert_eq!(follow_up::list(&a, RelationKind::Customer, cid, page).await.unwrap().total, 1);
    let conv = lead_convert::convert(
        &a,
        lid,
        lead_convert::ConvertInput {
            customer_name: None,
            customer_type: None,
            level: None,
            industry: None,
            address: None,
            contact_phone: None,
            opportunity: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(follow_up::list(&a, RelationKind::Customer, conv.customer_id, page).await.unwrap().total, 2, "the lead's history comes along");
    assert_eq!(
        crate::common::refusal(follow_up::create(&a, follow(RelationKind::Lead, lid, "x", None)).await),
        (crm_core::error::ErrorCode::Conflict, None),
        "log on the customer after conversion"
    );
    assert!(matches!(follow_up::list(&b, RelationKind::Customer, cid, page).await, Err(AppError::NotFound { .. })));
    let hist = follow_up::recent(&a, FollowUpFilter { keyword: Some("沟通".into()), ..Default::default() }, 0, page).await.unwrap();
    assert_eq!(hist.total, 3);
    assert_eq!(follow_up::recent(&a, FollowUpFilter { relation_type: Some(RelationKind::Customer), ..Default::default() }, 0, page).await.unwrap().total, 1);
    assert_eq!(follow_up::recent(&b, FollowUpFilter::default(), 0, page).await.unwrap().total, 0);
    assert_eq!(follow_up::recent(&a, FollowUpFilter { created_by: Some(a_id), ..Default::default() }, 0, page).await.unwrap().total, 3);

    // Edit and delete: own follow-ups only.
    let edited =
        follow_up::update(&a, f2.id, FollowUpEdit { follow_type: "微信".into(), content: "改为微信沟通".into(), next_follow_time: None, next_content: None })
            .await
            .unwrap();
    assert_eq!(edited.follow_type, "微信");
    assert_eq!(crate::common::refusal(follow_up::delete(&b, f2.id).await), (crm_core::error::ErrorCode::NotFound, None));
    follow_up::delete(&a, f2.id).await.unwrap();
    assert_eq!(follow_up::list(&a, RelationKind::Customer, cid, page).await.unwrap().total, 0);
});

both!(sessions_visits_and_return_visits, |t| {
    let (a, b, _) = two_reps(&t.db).await;
    let cid = new_customer(&a, "拜访测试公司").await;
    let other = new_customer(&a, "别家").await;
    let ct = contact::create(&a, cid, contact_input("赵六", "13600001111", true)).await.unwrap();
    let foreign = contact::create(&a, other, contact_input("钱七", "13600002222", false)).await.unwrap();
    let now = util::now();

    // Sessions.
    let s = SessionInput {
        contact_id: Some(ct.id),
        session_type: "微信".into(),
        session_time: now,
        content: Some("确认需求清单".into()),
        tag: Some("需求沟通".into()),
    };
    let sid = activity::session_create(&a, cid, s.clone()).await.unwrap();
    let bad = SessionInput { contact_id: Some(foreign.id), ..s.clone() };
    assert_eq!(field(activity::session_create(&a, cid, bad).await.unwrap_err()).as_deref(), Some("contactId"));
    assert_eq!(crate::common::refusal(activity::session_create(&b, cid, s.clone()).await), (crm_core::error::ErrorCode::NotFound, None));
    let list = activity::sessions(&a, cid).await.unwrap();
    assert_eq!((list.len(), list[0].contact_name.as_deref()), (1, Some("赵六")));
    activity::session_update(&a, sid, SessionInput { tag: Some("报价讨论".into()), ..s.clone() }).await.unwrap();
    assert_eq!(activity::sessions(&a, cid).await.unwrap()[0].tag.as_deref(), Some("报价讨论"));
    activity::session_delete(&a, sid).await.unwrap();
    assert!(activity::sessions(&a, cid).await.unwrap().is_empty());

    // Visit plans: planned -> done (summary required) / cancelled; nothing after that.
    let v = VisitInput {
        visit_purpose: "产品演示".into(),
        visit_time: now + chrono::Duration::hours(2),
        address: Some("客户会议室".into()),
        participants: Some("销售、售前".into()),
        materials: Some("方案".into()),
    };
    let v1 = activity::visit_create(&a, cid, v.clone()).await.unwrap();
    let v2 = activity::visit_create(&a, cid, v.clone()).await.unwrap();
    assert_eq!(
        field(activity::visit_create(&a, cid, VisitInput { visit_purpose: "".into(), ..v.clone() }).await.unwrap_err()).as_deref(),
        Some("visitPurpose")
    );
    // A desktop zone in which it is about 08:00 now: both visits (in two hours) fall due today.
    let mins = {
        use chrono::Timelike;
        let n = crm_core::service::util::now();
        (n.hour() * 60 + n.minute()) as i32
    };
    let offset = (480 - mins + 1440 + 720) % 1440 - 720;
    let todo = todo::todo_counts(&a, offset).await.unwrap();
    assert_eq!(todo.visits, 2);
    // …and in a zone where it is 23:00 now, neither is due today.
    let late = (23 * 60 - mins + 1440 + 720) % 1440 - 720;
    assert_eq!(todo::todo_counts(&a, late).await.unwrap().visits, 0);
    assert_eq!(field(activity::visit_finish(&a, v1, VisitPlanStatus::Done, " ").await.unwrap_err()).as_deref(), Some("summary"));
    activity::visit_finish(&a, v1, VisitPlanStatus::Done, "客户认可方案").await.unwrap();
    assert!(matches!(activity::visit_finish(&a, v1, VisitPlanStatus::Cancelled, "x").await, Err(AppError::Conflict { .. })));
    assert_eq!(
        crate::common::refusal(activity::visit_update(&a, v1, v.clone()).await),
        (crm_core::error::ErrorCode::Conflict, Some("status".into())),
        "a finished visit is not editable"
    );
    assert_eq!(
        crate::common::refusal(activity::visit_finish(&a, v2, VisitPlanStatus::Planned, "x").await),
        (crm_core::error::ErrorCode::Validation, Some("status".into()))
    );
    activity::visit_finish(&a, v2, VisitPlanStatus::Cancelled, "客户改期").await.unwrap();
    let visits = activity::visits(&a, cid).await.unwrap();
    let st: Vec<VisitPlanStatus> = visits.iter().map(|v| v.status).collect();
    assert!(st.contains(&VisitPlanStatus::Done) && st.contains(&VisitPlanStatus::Cancelled));
    assert!(matches!(activity::visits(&b, cid).await, Err(AppError::NotFound { .. })));

    // Return visits.
    let r = ReturnVisitInput {
        contract_id: None, visit_type: "电话".into(), plan_time: now + chrono::Duration::days(1), content: Some("使用情况回访".into())
    };
    let r1 = activity::return_visit_create(&a, cid, r.clone()).await.unwrap();
    let r2 = activity::return_visit_create(&a, cid, r.clone()).await.unwrap();
    assert_eq!(
        field(activity::return_visit_create(&a, cid, ReturnVisitInput { contract_id: Some(999_999), ..r.clone() }).await.unwrap_err()).as_deref(),
        Some("contractId")
    );
    assert_eq!(
        field(activity::return_visit_complete(&a, r1, ReturnVisitResult { actual_time: None, feedback: "".into(), content: None }).await.unwrap_err())
            .as_deref(),
        Some("feedback")
    );
    // A pending visit can be edited (not by someone without the customer; not once finished).
    let edited =
        ReturnVisitInput { visit_type: "上门".into(), plan_time: now + chrono::Duration::days(2), content: Some("上门检查设备".into()), ..r.clone() };
    activity::return_visit_update(&a, r1, edited.clone()).await.unwrap();
    let got = activity::return_visits(&a, cid).await.unwrap().into_iter().find(|x| x.id == r1).unwrap();
    assert_eq!((got.visit_type.as_str(), got.content.as_deref()), ("上门", Some("上门检查设备")));
    assert_eq!(
        crate::common::refusal(activity::return_visit_update(&a, r1, ReturnVisitInput { visit_type: " ".into(), ..edited.clone() }).await),
        (crm_core::error::ErrorCode::Validation, Some("visitType".into()))
    );
    assert_eq!(crate::common::refusal(activity::return_visit_update(&b, r1, edited.clone()).await), (crm_core::error::ErrorCode::NotFound, None));
    activity::return_visit_complete(&a, r1, ReturnVisitResult { actual_time: None, feedback: "运行稳定".into(), content: None }).await.unwrap();
    assert_eq!(
        crate::common::refusal(activity::return_visit_update(&a, r1, edited).await),
        (crm_core::error::ErrorCode::Conflict, Some("status".into())),
        "a done visit is not editable"
    );
    assert_eq!(crate::common::refusal(activity::return_visit_cancel(&a, r1, "x").await), (crm_core::error::ErrorCode::Conflict, Some("status".into())));
    activity::return_visit_cancel(&a, r2, "客户联系不上").await.unwrap();
    let rs = activity::return_visits(&a, cid).await.unwrap();
    let done = rs.iter().find(|x| x.id == r1).unwrap();
    assert_eq!(done.status, ReturnVisitStatus::Done);
    assert!(done.actual_time.is_some());
    let cancelled = rs.iter().find(|x| x.id == r2).unwrap();
    assert_eq!(cancelled.status, ReturnVisitStatus::Cancelled);
    // The cancel reason is shown as such, not as customer feedback.
    assert_eq!((cancelled.cancel_reason.as_deref(), cancelled.feedback.as_deref()), (Some("客户联系不上"), None));
    assert_eq!((done.feedback.as_deref(), done.cancel_reason.as_deref()), (Some("运行稳定"), None));

    // The detail's tab counts.
    let s = customer::summary(&a, cid).await.unwrap();
    assert_eq!((s.contacts, s.sessions, s.visits, s.return_visits, s.follow_ups), (1, 0, 2, 2, 0));
    // Deleting: by whoever may change the customer.
    assert_eq!(crate::common::refusal(activity::return_visit_delete(&b, r2).await), (crm_core::error::ErrorCode::NotFound, None));
    activity::return_visit_delete(&a, r2).await.unwrap();
    assert_eq!(activity::return_visits(&a, cid).await.unwrap().len(), 1);
});
