//! After-sales service: SLA arithmetic (calendar and working hours, holidays, 调休, the
//! 80 % boundary, breached by one second), the status flow and its rules, races on
//! taking an order and on numbering, who sees which order, the board, the to-do, the
//! alerts, the per-handler report, satisfaction as a return visit, and rows written by
//! SQL getting their clocks. Both backends.
use crate::common;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope, WorkOrderPriority as P, WorkOrderStatus as S};
use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::sla::{self, SlaState, SlaTargets, WorkCalendar};
use crm_core::service::work_order::{self as wo, ServiceSettings, WorkOrderFilter, WorkOrderInput, WorkOrderQueue};
use crm_core::service::{activity, util, Ctx, PageReq};
use sea_orm::ConnectionTrait;

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn field(e: &AppError) -> Option<String> {
    e.to_api(Locale::ZhCn).field
}

#[track_caller]
fn refused<T: std::fmt::Debug>(r: Result<T, AppError>, code: ErrorCode, f: Option<&str>) {
    let e = r.expect_err("must be refused");
    assert_eq!(e.code(), code, "{e:?}");
    assert_eq!(field(&e).as_deref(), f, "{e:?}");
}

// ---------------------------------------------------------------- SLA arithmetic

/// Working hours Mon–Fri 09:00–18:00 Beijing time.
fn office() -> WorkCalendar {
    WorkCalendar { enabled: true, ..WorkCalendar::default() }
}

#[test]
fn sla_arithmetic() {
    let t = SlaTargets::default();
    // (calendar, priority, created UTC, response due UTC, resolution due UTC, what)
    let cases: Vec<(WorkCalendar, P, &str, &str, &str, &str)> = vec![
        (WorkCalendar::default(), P::Urgent, "2026-12-04 09:30:00", "2026-12-04 10:30:00", "2026-12-04 13:30:00", "calendar hours, urgent"),
        (WorkCalendar::default(), P::Normal, "2026-12-04 09:30:00", "2026-12-04 17:30:00", "2026-12-05 09:30:00", "calendar hours run through the weekend"),
        (WorkCalendar::default(), P::Low, "2026-12-04 09:30:00", "2026-12-05 09:30:00", "2026-12-07 09:30:00", "calendar hours, low"),
        // Friday 17:30 Beijing: 30 min left on Friday, then Monday from 09:00.
        (office(), P::Normal, "2026-12-04 09:30:00", "2026-12-07 08:30:00", "2026-12-09 06:30:00", "working hours across a weekend"),
        // Urgent, Friday 17:30: 30 min Friday + 30 min Monday = Monday 09:30; 4 h = Monday 12:30.
        (office(), P::Urgent, "2026-12-04 09:30:00", "2026-12-07 01:30:00", "2026-12-07 04:30:00", "urgent across a weekend"),
        // Before opening on a Monday (07:00 Beijing = 23:00 UTC Sunday): the clock starts at 09:00.
        (office(), P::Urgent, "2026-12-06 23:00:00", "2026-12-07 02:00:00", "2026-12-07 05:00:00", "created before opening"),
        // After closing on Monday 20:00 Beijing: Tuesday 09:00 on.
        (office(), P::Urgent, "2026-12-07 12:00:00", "2026-12-08 02:00:00", "2026-12-08 05:00:00", "created after closing"),
        (
            WorkCalendar { holidays: vec![day("2026-12-07")], ..office() },
            P::Normal,
            "2026-12-04 09:30:00",
            "2026-12-08 08:30:00",
            "2026-12-10 06:30:00",
            "a Monday holiday is skipped",
        ),
        (
            WorkCalendar { workdays: vec![day("2026-12-05")], ..office() },
            P::Normal,
            "2026-12-04 09:30:00",
            "2026-12-05 08:30:00",
            "2026-12-08 06:30:00",
            "a 调休 Saturday counts",
        ),
    ];
    for (cal, p, created, response, resolve, what) in cases {
        let c = sla::clocks(&t, &cal, p, at(created));
        assert_eq!(c.response_due, at(response), "{what}: response");
        assert_eq!(c.resolve_due, at(resolve), "{what}: resolution");
    }

    // The 80 % point: 48 of 60 minutes in calendar hours; in working hours 48 working minutes.
    let c = sla::clocks(&t, &WorkCalendar::default(), P::Urgent, at("2026-12-04 09:00:00"));
    assert_eq!(c.response_risk, at("2026-12-04 09:48:00"));
    assert_eq!(c.resolve_risk, at("2026-12-04 12:12:00"));
    let w = sla::clocks(&t, &office(), P::Urgent, at("2026-12-04 09:30:00"));
    assert_eq!(w.response_risk, at("2026-12-07 01:18:00"), "30 min Friday + 18 min Monday");

    // Flags at the exact boundaries.
    let (due, risk) = (Some(c.response_due), Some(c.response_risk));
    assert_eq!(sla::open_state(c.response_risk - Duration::seconds(1), due, risk), SlaState::OnTrack);
    assert_eq!(sla::open_state(c.response_risk, due, risk), SlaState::AtRisk, "80 % exactly is at risk");
    assert_eq!(sla::open_state(c.response_due, due, risk), SlaState::AtRisk, "the deadline itself is not yet breached");
    assert_eq!(sla::open_state(c.response_due + Duration::seconds(1), due, risk), SlaState::Breached, "breached by one second");
    assert_eq!(sla::done_state(Some(c.resolve_due), Some(c.resolve_due)), SlaState::Met);
    assert_eq!(sla::done_state(Some(c.resolve_due + Duration::seconds(1)), Some(c.resolve_due)), SlaState::Missed);

    // A calendar that cannot work is refused, naming the field.
    let bad = WorkCalendar { start: "18:00".into(), end: "09:00".into(), ..office() };
    assert_eq!(field(&bad.validate().unwrap_err()).as_deref(), Some("calendar.end"));
    let none = WorkCalendar { weekdays: vec![], ..office() };
    assert_eq!(field(&none.validate().unwrap_err()).as_deref(), Some("calendar.weekdays"));
}

// ---------------------------------------------------------------- world

const REP: &str = "customer:*,contact:*,contract:read,service:read,service:create";
const AGENT: &str = "customer:read,service:read,service:create,service:update";
const LEAD: &str = "customer:read,service:*,settings:update";

struct World {
    rep: Ctx,
    rep2: Ctx,
    rep3: Ctx,
    agent: Ctx,
    agent2: Ctx,
    lead: Ctx,
    ids: Ids,
    c1: i64,
    c2: i64,
}

struct Ids {
    rep: i64,
    agent: i64,
    agent2: i64,
}

async fn customer_of(ctx: &Ctx, name: &str) -> i64 {
    customer::create(
        ctx,
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

async fn world(t: &common::TestDb) -> World {
    let sales = dept(&t.db, "销售部", None).await;
    let service = dept(&t.db, "客服部", None).await;
    let r = role(&t.db, "rep", REP, DataScope::Own).await;
    let a = role(&t.db, "agent", AGENT, DataScope::Own).await;
    let l = role(&t.db, "lead", LEAD, DataScope::Department).await;
    let lead_id = user(&t.db, "lead", service, l, None).await;
    let agent_id = user(&t.db, "agent", service, a, Some(lead_id)).await;
    let agent2_id = user(&t.db, "agent2", service, a, Some(lead_id)).await;
    let rep_id = user(&t.db, "rep", sales, r, None).await;
    let rep2_id = user(&t.db, "rep2", sales, r, None).await;
    let rep3_id = user(&t.db, "rep3", sales, r, None).await;
    let (rep, rep2, rep3) = (ctx_for(&t.db, rep_id).await, ctx_for(&t.db, rep2_id).await, ctx_for(&t.db, rep3_id).await);
    let c1 = customer_of(&rep, "杭州云帆科技有限公司").await;
    let c2 = customer_of(&rep2, "宁波海曙贸易有限公司").await;
    World {
        rep,
        rep2,
        rep3,
        agent: ctx_for(&t.db, agent_id).await,
        agent2: ctx_for(&t.db, agent2_id).await,
        lead: ctx_for(&t.db, lead_id).await,
        ids: Ids { rep: rep_id, agent: agent_id, agent2: agent2_id },
        c1,
        c2,
    }
}

fn input(customer: i64, title: &str, priority: P) -> WorkOrderInput {
    WorkOrderInput {
        customer_id: customer,
        contact_id: None,
        contract_id: None,
        order_type: "售后问题".into(),
        title: title.into(),
        content: "客户来电:登录后报表导出乱码".into(),
        priority,
        assignee_id: None,
        lock_version: None,
    }
}

async fn exec(t: &common::TestDb, sql: &str) {
    t.db.execute_unprepared(sql).await.unwrap();
}

fn fmt(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M:%S").to_string()
}

async fn ids_seen(ctx: &Ctx) -> Vec<i64> {
    let mut v: Vec<i64> = wo::list(ctx, WorkOrderFilter { queue: WorkOrderQueue::All, ..Default::default() }, PageReq { page: 1, page_size: 500 })
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.id)
        .collect();
    v.sort_unstable();
    v
}

// ---------------------------------------------------------------- status flow

both!(status_flow_and_its_rules, |t| {
    let w = world(t).await;
    let o = wo::create(&w.rep, input(w.c1, "报表导出乱码", P::Urgent)).await.unwrap();
    assert!(o.order_no.starts_with("GD"), "{}", o.order_no);
    assert_eq!(o.status, S::Pending);
    assert_eq!(o.response_due_at, Some(o.created_at + Duration::hours(1)));
    assert_eq!(o.resolve_due_at, Some(o.created_at + Duration::hours(4)));
    assert_eq!(o.sla_state, SlaState::OnTrack);
    assert_eq!(o.sla_due_at, o.response_due_at, "the response clock runs first");

    // Bad input names the field; nothing is written.
    refused(wo::create(&w.rep, WorkOrderInput { title: " ".into(), ..input(w.c1, "", P::Normal) }).await, ErrorCode::Validation, Some("title"));
    refused(wo::create(&w.rep, WorkOrderInput { order_type: "闲聊".into(), ..input(w.c1, "x", P::Normal) }).await, ErrorCode::Validation, Some("orderType"));
    refused(wo::create(&w.rep, WorkOrderInput { contact_id: Some(999_999), ..input(w.c1, "x", P::Normal) }).await, ErrorCode::Validation, Some("contactId"));
    refused(wo::create(&w.rep, input(w.c2, "not my customer", P::Normal)).await, ErrorCode::Validation, Some("customerId"));
    refused(wo::create(&w.rep, WorkOrderInput { assignee_id: Some(w.ids.agent), ..input(w.c1, "x", P::Normal) }).await, ErrorCode::Forbidden, None);

    // The rep opens orders but does not work on them.
    refused(wo::transition(&w.rep, o.id, S::Processing, None).await, ErrorCode::Forbidden, None);
    // Illegal transitions and missing handler.
    refused(wo::transition(&w.agent, o.id, S::Resolved, Some("x".into())).await, ErrorCode::Conflict, Some("status"));
    refused(wo::transition(&w.agent, o.id, S::Pending, None).await, ErrorCode::Conflict, Some("status"));
    refused(wo::transition(&w.agent, o.id, S::Processing, None).await, ErrorCode::Validation, Some("assigneeId"));
    refused(wo::rate(&w.agent, o.id, 5, None).await, ErrorCode::Conflict, Some("status"));

    let taken = wo::take(&w.agent, o.id).await.unwrap();
    assert_eq!((taken.status, taken.assignee_id), (S::Processing, Some(w.ids.agent)));
    assert!(taken.first_response_at.is_some(), "taking is the first response");
    assert_eq!(taken.sla_due_at, taken.resolve_due_at, "now the resolution clock runs");
    assert!(!taken.response_breached);

    // Another handler (own scope, no assign right) no longer sees it, and cannot work on it.
    refused(wo::transition(&w.agent2, o.id, S::Resolved, Some("x".into())).await, ErrorCode::NotFound, None);
    refused(wo::take(&w.agent2, o.id).await, ErrorCode::Conflict, Some("assigneeId"));
    refused(wo::transition(&w.agent, o.id, S::Resolved, Some("  ".into())).await, ErrorCode::Validation, Some("solution"));
    refused(wo::transition(&w.agent, o.id, S::Resolved, None).await, ErrorCode::Validation, Some("solution"));
    let r = wo::transition(&w.agent, o.id, S::Resolved, Some("更新导出组件并远程验证".into())).await.unwrap();
    assert_eq!(r.status, S::Resolved);
    assert!(r.resolved_at.is_some());
    assert_eq!(r.sla_due_at, None, "no clock runs once resolved");
    assert_eq!(r.sla_state, SlaState::Met);

    // Reopen: a reason, counted, and the deadline is not reset.
    refused(wo::transition(&w.agent, o.id, S::Processing, None).await, ErrorCode::Validation, Some("reason"));
    let re = wo::transition(&w.agent, o.id, S::Processing, Some("客户反馈问题复现".into())).await.unwrap();
    assert_eq!((re.status, re.reopen_count, re.resolved_at), (S::Processing, 1, None));
    assert_eq!(re.sla_due_at, o.resolve_due_at);
    wo::transition(&w.agent, o.id, S::Resolved, Some("替换字体后解决".into())).await.unwrap();
    wo::transition(&w.agent, o.id, S::Processing, Some("又出现了".into())).await.unwrap();
    wo::transition(&w.agent, o.id, S::Resolved, Some("升级版本".into())).await.unwrap();
    let detail = wo::get(&w.agent, o.id).await.unwrap();
    assert_eq!(detail.order.reopen_count, 2);
    assert_eq!(detail.events.iter().filter(|e| e.kind == "reopen").count(), 2);
    assert_eq!(detail.solution.as_deref(), Some("升级版本"));
    let kinds: Vec<&str> = detail.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["create", "take", "status", "reopen", "status", "reopen", "status"]);

    // Closing a resolved order needs no reason; a closed order is final.
    let c = wo::transition(&w.agent, o.id, S::Closed, None).await.unwrap();
    assert_eq!(c.status, S::Closed);
    assert!(c.closed_at.is_some());
    refused(wo::transition(&w.agent, o.id, S::Processing, Some("x".into())).await, ErrorCode::Conflict, Some("status"));
    refused(wo::transition(&w.agent, o.id, S::Closed, Some("x".into())).await, ErrorCode::Conflict, Some("status"));
    refused(wo::assign(&w.lead, o.id, w.ids.agent2, Some("x".into())).await, ErrorCode::Conflict, Some("status"));
    refused(
        wo::update(&w.agent, o.id, WorkOrderInput { lock_version: Some(c.lock_version), ..input(w.c1, "x", P::Low) }).await,
        ErrorCode::Conflict,
        Some("status"),
    );

    // Satisfaction: a completed return visit on the customer, updated on a second rating.
    refused(wo::rate(&w.agent, o.id, 6, None).await, ErrorCode::Validation, Some("satisfaction"));
    wo::rate(&w.agent, o.id, 5, Some("响应很快".into())).await.unwrap();
    let visits = activity::return_visits(&w.rep, w.c1).await.unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].status, crm_core::entity::enums::ReturnVisitStatus::Done);
    assert_eq!(visits[0].feedback.as_deref(), Some("满意度 5 分(很满意):响应很快"));
    assert!(visits[0].content.as_deref().unwrap().contains(&o.order_no));
    wo::rate(&w.agent, o.id, 4, None).await.unwrap();
    let visits = activity::return_visits(&w.rep, w.c1).await.unwrap();
    assert_eq!(visits.len(), 1, "a second rating updates the same visit");
    assert_eq!(visits[0].feedback.as_deref(), Some("满意度 4 分(满意)"));
    let d = wo::get(&w.rep, o.id).await.unwrap();
    assert_eq!((d.order.satisfaction, d.return_visit_id), (Some(4), Some(visits[0].id)));

    // Closing unresolved work needs a reason.
    let o2 = wo::create(&w.rep, input(w.c1, "重复提交", P::Normal)).await.unwrap();
    refused(wo::transition(&w.agent, o2.id, S::Closed, None).await, ErrorCode::Validation, Some("reason"));
    let c2 = wo::transition(&w.agent, o2.id, S::Closed, Some("与 GD 工单重复".into())).await.unwrap();
    assert_eq!(c2.status, S::Closed);
    assert_eq!(wo::get(&w.agent, o2.id).await.unwrap().close_reason.as_deref(), Some("与 GD 工单重复"));

    // Assignment and transfer (with a reason), logged; the old handler loses the order.
    let o3 = wo::create(&w.rep, input(w.c1, "打印格式问题", P::Normal)).await.unwrap();
    refused(wo::assign(&w.agent, o3.id, w.ids.agent2, None).await, ErrorCode::Forbidden, None);
    wo::assign(&w.lead, o3.id, w.ids.agent, None).await.unwrap();
    refused(wo::assign(&w.lead, o3.id, w.ids.agent2, None).await, ErrorCode::Validation, Some("reason"));
    refused(wo::assign(&w.lead, o3.id, w.ids.agent, Some("x".into())).await, ErrorCode::Validation, Some("assigneeId"));
    refused(wo::assign(&w.lead, o3.id, w.ids.rep, Some("x".into())).await, ErrorCode::Validation, Some("assigneeId"));
    // The handler may pass on their own order, with a reason.
    let moved = wo::assign(&w.agent, o3.id, w.ids.agent2, Some("休假".into())).await.unwrap();
    assert_eq!(moved.assignee_id, Some(w.ids.agent2));
    refused(wo::transition(&w.agent, o3.id, S::Processing, None).await, ErrorCode::NotFound, None);
    let started = wo::transition(&w.agent2, o3.id, S::Processing, None).await.unwrap();
    assert!(started.first_response_at.is_some());
    let ev = wo::get(&w.lead, o3.id).await.unwrap().events;
    let transfer = ev.iter().find(|e| e.kind == "transfer").unwrap();
    assert_eq!((transfer.assignee_id, transfer.content.as_deref()), (Some(w.ids.agent2), Some("休假")));
    let oplog =
        t.raw_one(&format!("SELECT COUNT(*) AS n FROM sys_operation_log WHERE entity_type = 'crm_work_order' AND entity_id = {}", o3.id)).await.unwrap();
    assert!(oplog.try_get::<i64>("", "n").unwrap() >= 4, "create, assign, transfer, status are logged");

    // A priority change recomputes both deadlines from the creation time; a stale save is refused.
    let low = wo::update(&w.agent2, o3.id, WorkOrderInput { lock_version: Some(started.lock_version), ..input(w.c1, "打印格式问题", P::Low) }).await.unwrap();
    assert_eq!(low.response_due_at, Some(o3.created_at + Duration::hours(24)));
    assert_eq!(low.resolve_due_at, Some(o3.created_at + Duration::hours(72)));
    assert_eq!(low.sla_due_at, low.resolve_due_at);
    refused(
        wo::update(&w.agent2, o3.id, WorkOrderInput { lock_version: Some(started.lock_version), ..input(w.c1, "x", P::Urgent) }).await,
        ErrorCode::Conflict,
        Some("lockVersion"),
    );
    assert!(wo::get(&w.lead, o3.id).await.unwrap().events.iter().any(|e| e.kind == "priority" && e.content.as_deref() == Some("普通 → 低")));

    // A note by the handler is their first response; notes by others are not.
    let o4 = wo::create(&w.rep, WorkOrderInput { assignee_id: None, ..input(w.c1, "咨询", P::Low) }).await.unwrap();
    wo::assign(&w.lead, o4.id, w.ids.agent, None).await.unwrap();
    wo::note(&w.rep, o4.id, "客户又来电催促").await.unwrap();
    assert_eq!(wo::get(&w.rep, o4.id).await.unwrap().order.first_response_at, None);
    wo::note(&w.agent, o4.id, "已电话联系客户").await.unwrap();
    assert!(wo::get(&w.rep, o4.id).await.unwrap().order.first_response_at.is_some());
    refused(wo::note(&w.agent, o4.id, "").await, ErrorCode::Validation, Some("content"));

    // Delete: only pending orders.
    refused(wo::delete(&w.lead, o3.id).await, ErrorCode::Conflict, Some("status"));
    let o5 = wo::create(&w.rep, input(w.c1, "误建", P::Low)).await.unwrap();
    refused(wo::delete(&w.rep, o5.id).await, ErrorCode::Forbidden, None);
    wo::delete(&w.lead, o5.id).await.unwrap();
    refused(wo::get(&w.lead, o5.id).await, ErrorCode::NotFound, None);
});

// ---------------------------------------------------------------- scope

both!(each_role_sees_exactly_its_orders, |t| {
    let w = world(t).await;
    let o1 = wo::create(&w.rep, input(w.c1, "rep's own, unassigned", P::Normal)).await.unwrap().id;
    // Service staff open orders for any customer, and may take them themselves.
    let o2 = wo::create(&w.agent, WorkOrderInput { assignee_id: Some(w.ids.agent), ..input(w.c2, "agent's, on rep2's customer", P::Normal) }).await.unwrap().id;
    let o3 = wo::create(&w.lead, WorkOrderInput { assignee_id: Some(w.ids.agent2), ..input(w.c1, "lead's, for agent2", P::Urgent) }).await.unwrap().id;
    let mut all = vec![o1, o2, o3];
    all.sort_unstable();
    assert_eq!(ids_seen(&w.agent).await, vec![o1, o2], "the unassigned queue and my own");
    assert_eq!(ids_seen(&w.agent2).await, vec![o1, o3]);
    assert_eq!(ids_seen(&w.lead).await, all, "the manager sees the department's");
    assert_eq!(ids_seen(&w.rep).await, vec![o1, o3], "the rep sees the orders on their customers");
    assert_eq!(ids_seen(&w.rep2).await, vec![o2]);
    assert_eq!(ids_seen(&w.rep3).await, Vec::<i64>::new(), "an unrelated rep sees nothing");
    refused(wo::get(&w.rep3, o1).await, ErrorCode::NotFound, None);
    refused(wo::note(&w.rep3, o1, "x").await, ErrorCode::NotFound, None);
    refused(wo::get(&w.agent, o3).await, ErrorCode::NotFound, None);
    assert_eq!(ids_seen(&t.system()).await, all);
    // Filters: mine, unassigned, customer.
    let mine = wo::list(&w.agent, WorkOrderFilter { mine: true, ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(mine.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![o2]);
    let un = wo::list(&w.lead, WorkOrderFilter { unassigned: true, ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!((un.total, un.items[0].id), (1, o1));
    let c1 = wo::list(&w.lead, WorkOrderFilter { customer_id: Some(w.c1), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(c1.total, 2);
    // The nearest deadline first: the urgent order (1 h) before the normal ones (8 h).
    let by_due = wo::list(&w.lead, WorkOrderFilter::default(), PageReq::default()).await.unwrap();
    assert_eq!(by_due.items[0].id, o3);
    // The handler picker offers service staff within the caller's scope.
    let handlers: Vec<i64> = wo::handlers(&w.lead).await.unwrap().into_iter().map(|h| h.id).collect();
    assert!(handlers.contains(&w.ids.agent) && handlers.contains(&w.ids.agent2) && !handlers.contains(&w.ids.rep), "{handlers:?}");
    // The rep's customer picker offers only their customers; the desk's offers all.
    assert_eq!(wo::customer_options(&w.rep, "").await.unwrap().len(), 1);
    assert_eq!(wo::customer_options(&w.agent, "").await.unwrap().len(), 2);
});

// ---------------------------------------------------------------- races

both!(two_handlers_take_one_order_and_numbers_stay_unique, |t| {
    let w = world(t).await;
    let o = wo::create(&w.rep, input(w.c1, "抢单", P::Urgent)).await.unwrap();
    let (a, b) = tokio::join!(wo::take(&w.agent, o.id), wo::take(&w.agent2, o.id));
    let wins = [a.is_ok(), b.is_ok()].iter().filter(|x| **x).count();
    assert_eq!(wins, 1, "exactly one handler gets it: {a:?} {b:?}");
    let loser = match (a, b) {
        (Ok(_), Err(e)) | (Err(e), Ok(_)) => e,
        _ => unreachable!(),
    };
    assert_eq!((loser.code(), field(&loser).as_deref()), (ErrorCode::Conflict, Some("assigneeId")), "{loser:?}");
    let winner = if wo::get(&w.lead, o.id).await.unwrap().order.assignee_id == Some(w.ids.agent) { w.ids.agent } else { w.ids.agent2 };
    let d = wo::get(&w.lead, o.id).await.unwrap();
    assert_eq!(d.order.assignee_id, Some(winner));
    assert_eq!(d.events.iter().filter(|e| e.kind == "take").count(), 1);

    // Numbering under concurrency: eight desktops opening orders at once.
    let tasks: Vec<_> = (0..8)
        .map(|i| {
            let ctx = if i % 2 == 0 { w.rep.clone() } else { w.agent.clone() };
            let c = w.c1;
            tokio::spawn(async move {
                let title = format!("并发 {i}");
                wo::create(&ctx, input(c, &title, P::Normal)).await
            })
        })
        .collect();
    let mut made = vec![];
    for task in tasks {
        made.push(task.await.unwrap().unwrap().order_no);
    }
    let mut uniq = made.clone();
    uniq.sort();
    uniq.dedup();
    assert_eq!(uniq.len(), 8, "{made:?}");
});

// ---------------------------------------------------------------- board, to-do, alerts, report

both!(board_todo_alerts_and_report, |t| {
    let w = world(t).await;
    let now = util::now();
    let mk = |title: &'static str, p: P| wo::create(&w.lead, WorkOrderInput { assignee_id: Some(w.ids.agent), ..input(w.c1, title, p) });
    let fresh = mk("new", P::Low).await.unwrap();
    let risky = mk("at risk", P::Normal).await.unwrap();
    let late = mk("breached", P::Urgent).await.unwrap();
    let done = mk("done", P::Normal).await.unwrap();
    let unassigned = wo::create(&w.rep, input(w.c1, "nobody's", P::Normal)).await.unwrap();
    wo::transition(&w.agent, risky.id, S::Processing, None).await.unwrap();
    wo::transition(&w.agent, late.id, S::Processing, None).await.unwrap();
    wo::transition(&w.agent, done.id, S::Processing, None).await.unwrap();
    wo::transition(&w.agent, done.id, S::Resolved, Some("ok".into())).await.unwrap();
    // Move the clocks: one past 80 %, one past its deadline.
    exec(
        t,
        &format!(
            "UPDATE crm_work_order SET sla_risk_at = '{}', sla_due_at = '{}' WHERE id = {}",
            fmt(now - Duration::minutes(5)),
            fmt(now + Duration::hours(1)),
            risky.id
        ),
    )
    .await;
    exec(
        t,
        &format!(
            "UPDATE crm_work_order SET sla_risk_at = '{}', sla_due_at = '{}' WHERE id = {}",
            fmt(now - Duration::hours(2)),
            fmt(now - Duration::minutes(1)),
            late.id
        ),
    )
    .await;

    let b = wo::board(&w.lead, 480).await.unwrap();
    assert_eq!((b.open, b.unassigned, b.at_risk, b.breached, b.resolved_today, b.unrated), (4, 1, 1, 1, 1, 1));
    assert_eq!(b.by_status_priority.iter().map(|c| c.count).sum::<u64>(), 5);
    assert_eq!(b.by_status_priority.iter().find(|c| c.status == S::Processing && c.priority == P::Urgent).map(|c| c.count), Some(1));
    let mine = wo::board(&w.agent, 480).await.unwrap();
    assert_eq!(mine.my_open, 3);
    assert_eq!(mine.my_queue.first().map(|r| r.id), Some(late.id), "the breached one first");
    assert_eq!(mine.my_queue.first().map(|r| r.sla_state), Some(SlaState::Breached));
    assert!(mine.my_queue.first().and_then(|r| r.sla_seconds_left).unwrap() < 0);
    let flags = wo::list(&w.lead, WorkOrderFilter { sla: Some(SlaState::AtRisk), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(flags.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![risky.id]);
    let _ = unassigned;

    // The to-do: new 1 (fresh), at risk 1, breached 1, unrated 1; total counts each order once.
    let todo = crm_core::service::todo::todo_counts(&w.agent, 480).await.unwrap();
    assert_eq!((todo.service.assigned_new, todo.service.at_risk, todo.service.breached, todo.service.unrated, todo.service.total), (1, 1, 1, 1, 4));
    let board = crm_core::service::todo::todo_board(&w.agent, 480).await.unwrap();
    let listed: Vec<i64> = board.work_orders.iter().map(|r| r.id).collect();
    assert_eq!(listed, vec![late.id, risky.id, fresh.id, done.id]);
    assert_eq!(crm_core::service::todo::todo_counts(&w.rep3, 480).await.unwrap().service.total, 0);

    // Alerts: orders given to me by someone else, and mine reaching their at-risk point.
    let alerts = wo::alerts(&w.agent, now - Duration::minutes(10), util::now()).await.unwrap();
    let assigned: Vec<i64> = alerts.iter().filter(|a| a.kind == "assigned").map(|a| a.id).collect();
    assert_eq!(assigned.len(), 4, "the lead gave me four orders: {alerts:?}");
    assert!(alerts.iter().any(|a| a.kind == "atRisk" && a.id == risky.id), "{alerts:?}");
    assert!(!alerts.iter().any(|a| a.kind == "atRisk" && a.id == late.id), "its risk point passed before the window");
    assert!(wo::alerts(&w.agent, util::now() + Duration::seconds(1), util::now() + Duration::seconds(2)).await.unwrap().is_empty());

    // The report: fix the history of three orders and compute by hand.
    let base = now - Duration::days(2);
    let set = |id: i64, created: NaiveDateTime, first: NaiveDateTime, resolved: Option<NaiveDateTime>, due: NaiveDateTime, score: Option<i8>, reopens: i32| {
        format!(
            "UPDATE crm_work_order SET created_at = '{}', first_response_at = '{}', resolved_at = {}, resolve_due_at = '{}', satisfaction = {}, reopen_count = {} WHERE id = {}",
            fmt(created),
            fmt(first),
            resolved.map(|r| format!("'{}'", fmt(r))).unwrap_or("NULL".into()),
            fmt(due),
            score.map(|s| s.to_string()).unwrap_or("NULL".into()),
            reopens,
            id
        )
    };
    // agent: done (response 10 min, resolved in 60 min within 120, score 5, reopened once),
    // risky (response 30 min, unresolved), late (response 20 min, resolved in 300 min, due 240, score 2).
    exec(t, &set(done.id, base, base + Duration::minutes(10), Some(base + Duration::minutes(60)), base + Duration::minutes(120), Some(5), 1)).await;
    exec(t, &set(risky.id, base, base + Duration::minutes(30), None, base + Duration::minutes(480), None, 0)).await;
    exec(t, &set(late.id, base, base + Duration::minutes(20), Some(base + Duration::minutes(300)), base + Duration::minutes(240), Some(2), 0)).await;
    exec(t, &format!("UPDATE crm_work_order SET created_at = '{}' WHERE id IN ({}, {})", fmt(now - Duration::days(400)), fresh.id, unassigned.id)).await;
    let today = (now + Duration::hours(8)).date();
    let r = wo::report(&w.lead, today - Duration::days(30), today, 480).await.unwrap();
    assert_eq!(r.rows.len(), 1, "{r:?}");
    let a = &r.rows[0];
    assert_eq!((a.assignee_id, a.handled, a.resolved, a.rated), (Some(w.ids.agent), 3, 2, 2));
    assert_eq!(a.median_response_minutes, Some(20));
    assert_eq!(a.median_resolve_minutes, Some(180), "median of 60 and 300");
    assert_eq!(a.sla_met_pct, Some(50.0));
    assert_eq!(a.csat_pct, Some(50.0));
    assert_eq!(a.avg_score, Some(3.5));
    assert_eq!(a.reopen_pct, Some(50.0));
    assert_eq!(r.total.handled, 3);
    refused(wo::report(&w.lead, today, today - Duration::days(1), 480).await, ErrorCode::Validation, Some("to"));
    // An empty period shows no rates, never NaN.
    let empty = wo::report(&w.lead, day("2001-01-01"), day("2001-01-31"), 480).await.unwrap();
    assert_eq!((empty.total.handled, empty.total.csat_pct, empty.total.median_resolve_minutes), (0, None, None));
});

// ---------------------------------------------------------------- settings and foreign rows

both!(settings_and_rows_written_by_sql, |t| {
    let w = world(t).await;
    let s = wo::get_settings(&w.lead).await.unwrap();
    assert_eq!(s.types, vec!["售后问题", "产品咨询", "投诉"]);
    assert_eq!(s.sla.urgent.response_minutes, 60);
    refused(wo::set_settings(&w.lead, ServiceSettings { types: vec![], ..s.clone() }).await, ErrorCode::Validation, Some("types"));
    let mut bad = s.clone();
    bad.sla.normal.response_minutes = 2000;
    refused(wo::set_settings(&w.lead, bad).await, ErrorCode::Validation, Some("sla.normal.responseMinutes"));
    refused(wo::set_settings(&w.agent, s.clone()).await, ErrorCode::Forbidden, None);
    let mut s2 = s.clone();
    s2.types.push("安装调试".into());
    s2.sla.normal.response_minutes = 120;
    let saved = wo::set_settings(&w.lead, s2).await.unwrap();
    refused(wo::set_settings(&w.lead, s.clone()).await, ErrorCode::Conflict, Some("lockVersion"));
    let o = wo::create(&w.rep, WorkOrderInput { order_type: "安装调试".into(), ..input(w.c1, "上门安装", P::Normal) }).await.unwrap();
    assert_eq!(o.response_due_at, Some(o.created_at + Duration::hours(2)));
    assert_eq!(saved.types.len(), 4);

    // Rows with only the seed's columns: an open one and a resolved one.
    let created = util::now() - Duration::hours(3);
    exec(
        t,
        &format!(
            "INSERT INTO crm_work_order (order_no, customer_id, order_type, title, content, priority, status, assignee_id, created_by, created_at, updated_at) \
             VALUES ('EXT-1', {c}, '投诉', '呼叫中心转入', '电话投诉', 1, 1, NULL, {u}, '{t0}', '{t0}'), \
                    ('EXT-2', {c}, '投诉', '已处理', '电话投诉', 2, 3, {a}, {u}, '{t0}', '{t1}')",
            c = w.c1,
            u = w.ids.rep,
            a = w.ids.agent,
            t0 = fmt(created),
            t1 = fmt(created + Duration::hours(1))
        ),
    )
    .await;
    let before = wo::list(&w.lead, WorkOrderFilter { q: Some("EXT-1".into()), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(before.items[0].sla_state, SlaState::None, "no clock until caught up");
    assert_eq!(wo::catch_up(&t.db).await.unwrap(), 2);
    assert_eq!(wo::catch_up(&t.db).await.unwrap(), 0, "nothing left to do");
    let ext1 = wo::list(&w.lead, WorkOrderFilter { q: Some("EXT-1".into()), ..Default::default() }, PageReq::default()).await.unwrap().items.remove(0);
    assert_eq!(ext1.response_due_at, Some(created + Duration::hours(1)));
    assert_eq!(ext1.sla_due_at, ext1.response_due_at);
    assert_eq!(ext1.sla_state, SlaState::Breached, "created 3 h ago, urgent, never answered");
    let ext2 = wo::list(&w.lead, WorkOrderFilter { q: Some("EXT-2".into()), queue: WorkOrderQueue::All, ..Default::default() }, PageReq::default())
        .await
        .unwrap()
        .items
        .remove(0);
    assert_eq!((ext2.resolved_at, ext2.sla_due_at), (Some(created + Duration::hours(1)), None));
    assert_eq!(ext2.sla_state, SlaState::Met, "resolved within the 24 h target");
    assert_eq!(ext2.updated_at, created + Duration::hours(1), "the catch-up leaves the row's own update time");
    // A status closed by SQL stops the clock at the next pass.
    exec(t, &format!("UPDATE crm_work_order SET status = 4 WHERE id = {}", ext1.id)).await;
    assert_eq!(wo::catch_up(&t.db).await.unwrap(), 1);
    let closed = wo::get(&w.lead, ext1.id).await.unwrap().order;
    assert_eq!((closed.sla_due_at, closed.status), (None, S::Closed));
    // Work continues on it through the app: the desk can take the caught-up open order.
    exec(t, &format!("UPDATE crm_work_order SET status = 1, sla_due_at = NULL WHERE id = {}", ext1.id)).await;
    wo::catch_up(&t.db).await.unwrap();
    let taken = wo::take(&w.agent, ext1.id).await.unwrap();
    assert_eq!(taken.sla_due_at, taken.resolve_due_at);
    let _ = w.agent2;
});

// ---------------------------------------------------------------- attachments

both!(attachments_follow_the_order, |t| {
    use crm_core::service::attachment::AttachmentUpload;
    let w = world(t).await;
    let up = |name: &str| AttachmentUpload { file_name: name.into(), mime_type: "text/plain".into(), content_base64: "aGVsbG8=".into() };
    let o = wo::create(&w.rep, input(w.c1, "截图说明", P::Normal)).await.unwrap();
    let a = wo::attach(&w.rep, o.id, up("报错截图.txt")).await.unwrap();
    assert_eq!((a.file_name.as_str(), a.file_size), ("报错截图.txt", 5));
    refused(wo::attach(&w.rep3, o.id, up("x.txt")).await, ErrorCode::NotFound, None);
    refused(
        wo::attach(&w.rep, o.id, AttachmentUpload { content_base64: String::new(), ..up("empty.txt") }).await,
        ErrorCode::Validation,
        Some("contentBase64"),
    );
    // Whoever sees the order reads it; others do not.
    let (name, _, bytes) = wo::attachment(&w.agent, a.id).await.unwrap();
    assert_eq!((name.as_str(), bytes.as_slice()), ("报错截图.txt", b"hello".as_slice()));
    refused(wo::attachment(&w.rep3, a.id).await, ErrorCode::NotFound, None);
    let d = wo::get(&w.agent, o.id).await.unwrap();
    assert_eq!(d.attachments.len(), 1);
    assert!(d.events.iter().any(|e| e.kind == "attach" && e.content.as_deref() == Some("报错截图.txt")));
    // A second file by the handler; the rep may not remove it, the handler may remove the rep's.
    wo::take(&w.agent, o.id).await.unwrap();
    let b = wo::attach(&w.agent, o.id, up("日志.txt")).await.unwrap();
    refused(wo::detach(&w.rep, b.id).await, ErrorCode::Forbidden, None);
    refused(wo::detach(&w.agent2, a.id).await, ErrorCode::NotFound, None);
    wo::detach(&w.agent, a.id).await.unwrap();
    assert_eq!(wo::get(&w.agent, o.id).await.unwrap().attachments.iter().map(|x| x.id).collect::<Vec<_>>(), vec![b.id]);
    // Deleting a pending order takes its files with it.
    let o2 = wo::create(&w.rep, input(w.c1, "误建", P::Low)).await.unwrap();
    let c = wo::attach(&w.rep, o2.id, up("c.txt")).await.unwrap();
    wo::delete(&w.lead, o2.id).await.unwrap();
    refused(wo::attachment(&w.lead, c.id).await, ErrorCode::NotFound, None);
});
