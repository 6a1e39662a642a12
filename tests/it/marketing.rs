//! Marketing: SMS template rules (a table of accepted and refused texts, billing at 70/67,
//! rendering with missing values), activities (validation, status by dates and by hand,
//! attribution through lead conversion, figures against a reference computation, the
//! zero-cost and zero-budget cases, scope), customer tags (bulk, all-or-nothing, scope)
//! and segments (each built-in one against a reference query). Both backends.
use crate::common;

use chrono::{Datelike, Duration, NaiveDate};
use common::{ctx_for, dept, refusal, role, user};
use crm_core::entity::enums::{ActivityStatus, ContractStatus, CustomerLevel, CustomerStatus, CustomerType, DataScope};
use crm_core::entity::{crm_contact, crm_contract, crm_customer};
use crm_core::error::ErrorCode;
use crm_core::money::Dec;
use crm_core::service::customer::{self, CustomerFilter, CustomerInput};
use crm_core::service::lead::{self, LeadFilter, LeadInput};
use crm_core::service::lead_convert::{self, ConvertInput};
use crm_core::service::marketing::activity::{self, ActivityFilter, ActivityInput};
use crm_core::service::marketing::segment::{self, SegmentInput, SegmentRule, Target};
use crm_core::service::marketing::sms_template::{self as tpl, PreviewRequest, TemplateInput};
use crm_core::service::marketing::tag::{self, TagChange, TagInput};
use crm_core::service::marketing::{self, MarketingSettings};
use crm_core::service::{util, Ctx, PageReq};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use std::collections::BTreeMap;
use std::str::FromStr;

fn d(s: &str) -> Dec {
    Dec::from_str(s).unwrap()
}

// ---------------------------------------------------------------- templates (pure)

#[test]
fn template_rules() {
    let opt = "回T退订";
    // (content, type, accepted, why)
    let cases: &[(&str, &str, bool, &str)] = &[
        ("尊敬的${name},您好,新品已上架。回T退订", "营销", true, "named variable, opt-out"),
        ("${name}您好,贵司${company}的合同已生效。", "通知", true, "a notice needs no opt-out"),
        ("尊敬的${name},本周特惠。", "营销", false, "marketing without an opt-out"),
        ("尊敬的${name},本周特惠。拒收请回复R", "营销", true, "Huawei's opt-out wording"),
        ("您好${nmae},回T退订", "营销", false, "unknown variable"),
        ("您好${name}${company},回T退订", "营销", false, "adjacent variables"),
        ("${name}", "通知", false, "only a variable"),
        ("${name},${company}", "通知", false, "only variables and punctuation"),
        ("【CRM】您好${name}", "通知", false, "signature brackets in the text"),
        ("您好${name", "通知", false, "unclosed placeholder"),
        ("您好${1x}好", "通知", false, "bad variable name"),
        ("", "通知", false, "empty"),
        ("   ", "通知", false, "blank"),
    ];
    for (content, ty, ok, why) in cases {
        let p = tpl::problems(content, ty, "云帆科技");
        assert_eq!(p.is_empty(), *ok, "{why}: {content} → {p:?}");
    }
    let long = "好".repeat(491);
    assert!(!tpl::problems(&format!("{long}{opt}"), "营销", "云帆科技").is_empty(), "over 500 with the signature");
    assert!(tpl::problems(&"好".repeat(496), "通知", "云帆").is_empty(), "500 with 【云帆】 is allowed");
    assert!(!tpl::problems(&"好".repeat(497), "通知", "云帆").is_empty(), "501 is not");

    // Billing: 70 in one message, then parts of 67.
    for (n, parts) in [(0, 0), (1, 1), (70, 1), (71, 2), (134, 2), (135, 3), (160, 3), (201, 3), (202, 4), (500, 8)] {
        assert_eq!(tpl::segments(n), parts, "{n} characters");
    }

    // Variables in order of first appearance (positional gateways number them so).
    let pieces = tpl::parse("${company}的${name}您好,${company}负责人${owner}").unwrap();
    assert_eq!(tpl::variables_of(&pieces), vec!["company", "name", "owner"]);

    // Rendering: values trimmed; a missing one takes its fallback or fails naming it.
    let mut values = BTreeMap::new();
    values.insert("company".to_string(), " 云帆科技 ".to_string());
    values.insert("name".to_string(), "王磊".to_string());
    let none = BTreeMap::new();
    assert_eq!(tpl::render(&pieces, &values, &none), Err("owner".to_string()));
    let fallbacks: BTreeMap<String, String> = [("owner".to_string(), "您的专属顾问".to_string())].into_iter().collect();
    assert_eq!(tpl::render(&pieces, &values, &fallbacks).unwrap(), "云帆科技的王磊您好,云帆科技负责人您的专属顾问");
    values.insert("owner".to_string(), "  ".to_string());
    assert!(tpl::render(&pieces, &values, &none).is_err(), "a blank value is missing");
    assert_eq!(tpl::signed("云帆", "您好"), "【云帆】您好");
    assert_eq!(tpl::signed("", "您好"), "您好");
}

#[test]
fn roi_reference() {
    // budget 100,000, cost 80,000.50, 40 leads, 8 customers, won 250,000.
    let f = activity::compute(d("100000.00"), d("80000.50"), 40, 8, 5, d("300000.00"), 3, d("250000.00"), d("120000.00"));
    assert_eq!(f.execution_pct, Some(rust_decimal::Decimal::from_str("80.00").unwrap()));
    assert_eq!(f.variance, d("-19999.50"));
    assert_eq!(f.conversion_pct, Some(rust_decimal::Decimal::from_str("20.00").unwrap()));
    assert_eq!(f.cost_per_lead, Some(d("2000.01")), "80000.50 / 40 = 2000.0125 → 2000.01");
    assert_eq!(f.cost_per_customer, Some(d("10000.06")), "80000.50 / 8 = 10000.0625 → 10000.06");
    // (250000 − 80000.50) / 80000.50 = 212.4981…% → 212.50
    assert_eq!(f.roi_pct, Some(rust_decimal::Decimal::from_str("212.50").unwrap()));
    // Zero cost: no ROI, no cost per lead; zero budget: no execution rate; no leads.
    let z = activity::compute(d("0.00"), d("0.00"), 0, 0, 0, d("0.00"), 0, d("0.00"), d("0.00"));
    assert_eq!((z.roi_pct, z.execution_pct, z.cost_per_lead, z.cost_per_customer, z.conversion_pct), (None, None, None, None, None));
    let nb = activity::compute(d("0.00"), d("500.00"), 10, 0, 0, d("0.00"), 0, d("0.00"), d("0.00"));
    assert_eq!(nb.execution_pct, None);
    assert_eq!(nb.variance, d("500.00"));
    assert_eq!(nb.cost_per_lead, Some(d("50.00")));
    assert_eq!(nb.roi_pct, Some(rust_decimal::Decimal::from_str("-100.00").unwrap()), "spent and won nothing: −100 %");
}

// ---------------------------------------------------------------- the world

struct World {
    admin: Ctx,
    marketer: Ctx,
    rep: Ctx,
    rep2: Ctx,
    rep_id: i64,
    rep2_id: i64,
}

async fn world(t: &common::TestDb) -> World {
    let dp = dept(&t.db, "市场部", None).await;
    let r_admin = role(&t.db, "管理员X", "*", DataScope::All).await;
    let r_mkt = role(&t.db, "市场专员X", "marketing:*,customer:read,customer:update,lead:read", DataScope::All).await;
    let r_rep = role(&t.db, "销售X", "lead:*,customer:*,contact:*,marketing:read,marketing:send", DataScope::Own).await;
    let a = user(&t.db, "mk_admin", dp, r_admin, None).await;
    let m = user(&t.db, "mk_marketer", dp, r_mkt, None).await;
    let r1 = user(&t.db, "mk_rep1", dp, r_rep, None).await;
    let r2 = user(&t.db, "mk_rep2", dp, r_rep, None).await;
    World {
        admin: ctx_for(&t.db, a).await,
        marketer: ctx_for(&t.db, m).await,
        rep: ctx_for(&t.db, r1).await,
        rep2: ctx_for(&t.db, r2).await,
        rep_id: r1,
        rep2_id: r2,
    }
}

fn activity_input(name: &str, start_days: i64, end_days: i64) -> ActivityInput {
    let now = util::now();
    ActivityInput {
        activity_name: name.into(),
        activity_type: "展会".into(),
        start_time: Some(now + Duration::days(start_days)),
        end_time: Some(now + Duration::days(end_days)),
        budget: Some(d("100000.00")),
        actual_cost: Some(d("80000.50")),
        ..Default::default()
    }
}

fn lead_in(name: &str, phone: &str, activity: Option<i64>) -> LeadInput {
    LeadInput {
        lead_name: name.into(),
        phone: Some(phone.into()),
        company: None,
        position: None,
        source: Some("展会".into()),
        intent_product: None,
        intent_level: None,
        remark: None,
        pool_id: None,
        to_pool: false,
        activity_id: activity,
    }
}

fn customer_in(name: &str, owner: Option<i64>, activity: Option<i64>) -> CustomerInput {
    CustomerInput {
        customer_name: name.into(),
        customer_type: CustomerType::Enterprise,
        industry: Some("制造业".into()),
        scale: None,
        address: None,
        status: CustomerStatus::Potential,
        level: Some(CustomerLevel::A),
        owner_id: owner,
        activity_id: activity,
    }
}

/// A contract written as signed (the contract flow has its own tests).
async fn signed_contract(t: &common::TestDb, customer: i64, no: &str, amount: &str, sign: NaiveDate, status: ContractStatus, by: i64) {
    let now = util::now();
    crm_contract::ActiveModel {
        contract_no: Set(no.into()),
        customer_id: Set(customer),
        contract_name: Set(format!("合同{no}")),
        sign_date: Set(sign),
        total_amount: Set(d(amount)),
        status: Set(status),
        created_by: Set(by),
        created_at: Set(now),
        updated_at: Set(now),
        received_amount: Set(d("1000.00")),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .unwrap();
}

// ---------------------------------------------------------------- activities

both!(activities_status_attribution_and_figures, |t| {
    let w = world(t).await;
    // Validation names the field; nothing is written.
    let bad = |f: fn(&mut ActivityInput)| {
        let mut i = activity_input("春季展会", -1, 1);
        f(&mut i);
        i
    };
    assert_eq!(refusal(activity::create(&w.marketer, bad(|i| i.activity_name = " ".into())).await), (ErrorCode::Validation, Some("activityName".into())));
    assert_eq!(refusal(activity::create(&w.marketer, bad(|i| i.activity_type = "地推".into())).await), (ErrorCode::Validation, Some("activityType".into())));
    assert_eq!(
        refusal(activity::create(&w.marketer, bad(|i| i.end_time = Some(i.start_time.unwrap() - Duration::seconds(1)))).await),
        (ErrorCode::Validation, Some("endTime".into()))
    );
    assert_eq!(refusal(activity::create(&w.marketer, bad(|i| i.budget = Some(d("-1.00")))).await), (ErrorCode::Validation, Some("budget".into())));
    assert_eq!(refusal(activity::create(&w.marketer, bad(|i| i.start_time = None)).await), (ErrorCode::Validation, Some("startTime".into())));
    assert_eq!(refusal(activity::create(&w.rep, activity_input("x", 0, 1)).await).0, ErrorCode::Forbidden, "a rep reads marketing only");
    assert_eq!(activity::list(&w.marketer, ActivityFilter::default(), PageReq::default()).await.unwrap().total, 0);

    // Types come from the settings.
    let mut s = marketing::get_settings(&w.marketer).await.unwrap();
    s.activity_types.push("地推".into());
    let s = marketing::set_settings(&w.marketer, s).await.unwrap();
    assert!(s.activity_types.contains(&"地推".to_string()));
    assert_eq!(
        refusal(marketing::set_settings(&w.marketer, MarketingSettings { activity_types: vec![], ..s.clone() }).await),
        (ErrorCode::Validation, Some("activityTypes".into()))
    );

    // The status follows the dates, unless set by hand.
    let planned = activity::create(&w.marketer, activity_input("秋季展会", 10, 12)).await.unwrap();
    assert_eq!((planned.status, planned.status_manual), (ActivityStatus::Planning, false));
    let running = activity::create(&w.marketer, activity_input("直播周", -2, 2)).await.unwrap();
    assert_eq!(running.status, ActivityStatus::Running);
    let ended = activity::create(&w.marketer, ActivityInput { activity_type: "地推".into(), ..activity_input("春季展会", -40, -30) }).await.unwrap();
    assert_eq!(ended.status, ActivityStatus::Ended);
    let manual = activity::update(
        &w.marketer,
        planned.id,
        ActivityInput { status: Some(ActivityStatus::Ended), lock_version: Some(planned.lock_version), ..activity_input("秋季展会", 10, 12) },
    )
    .await
    .unwrap();
    assert_eq!((manual.status, manual.status_manual), (ActivityStatus::Ended, true));
    // A stale form is refused.
    assert_eq!(
        refusal(
            activity::update(&w.marketer, planned.id, ActivityInput { lock_version: Some(planned.lock_version), ..activity_input("秋季展会", 10, 12) }).await
        ),
        (ErrorCode::Conflict, Some("lockVersion".into()))
    );
    // Rows written by another tool with a wrong status are put right when read.
    t.db.execute_unprepared(&format!("UPDATE crm_marketing_activity SET status = 1 WHERE id = {}", running.id)).await.unwrap();
    assert_eq!(activity::get(&w.marketer, running.id).await.unwrap().status, ActivityStatus::Running);
    let by_status =
        activity::list(&w.marketer, ActivityFilter { status: Some(ActivityStatus::Ended), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(by_status.items.iter().map(|a| a.id).collect::<Vec<_>>(), vec![manual.id, ended.id]);

    // Attribution: leads from the running activity, one converted; a customer set directly.
    let act = running.id;
    assert_eq!(refusal(lead::create(&w.rep, lead_in("坏活动", "13800000009", Some(999_999))).await), (ErrorCode::Validation, Some("activityId".into())));
    let mut rep_leads = vec![];
    for (i, ctx) in [&w.rep, &w.rep, &w.rep, &w.rep2].iter().enumerate() {
        rep_leads.push(lead::create(ctx, lead_in(&format!("展会线索{i}"), &format!("1390000000{i}"), Some(act))).await.unwrap());
    }
    assert_eq!(rep_leads[0].activity_name.as_deref(), Some("直播周"));
    lead::create(&w.rep, lead_in("别的线索", "13900000099", None)).await.unwrap();
    let convert = ConvertInput { customer_name: None, customer_type: None, level: None, industry: None, address: None, contact_phone: None, opportunity: None };
    let conv = lead_convert::convert(&w.rep, rep_leads[0].id, convert.clone()).await.unwrap();
    let c1 = customer::get(&w.rep, conv.customer_id).await.unwrap();
    assert_eq!(c1.activity_id, Some(act), "conversion carries the activity");
    let conv2 = lead_convert::convert(&w.rep2, rep_leads[3].id, convert).await.unwrap();
    let c3 = customer::create(&w.rep, customer_in("直接归因客户", None, Some(act))).await.unwrap();
    assert_eq!(c3.activity_name.as_deref(), Some("直播周"));
    assert_eq!(lead::list(&w.rep, LeadFilter { activity_id: Some(act), ..Default::default() }, PageReq::default()).await.unwrap().total, 3);
    assert_eq!(customer::list(&w.rep, CustomerFilter { activity_id: Some(act), ..Default::default() }, PageReq::default()).await.unwrap().total, 2);

    // Contracts: signed in the window count; a draft, one signed before the start and one
    // after end + attribution days do not.
    let start = util::local_date(running.start_time);
    let end = util::local_date(running.end_time);
    signed_contract(t, c1.id, "HT-A1", "150000.00", start, ContractStatus::Signed, w.rep_id).await;
    signed_contract(t, c3.id, "HT-A2", "50000.25", end + Duration::days(90), ContractStatus::Signed, w.rep_id).await;
    signed_contract(t, c3.id, "HT-A3", "99999.99", end + Duration::days(91), ContractStatus::Signed, w.rep_id).await;
    signed_contract(t, c3.id, "HT-A4", "77777.77", start - Duration::days(1), ContractStatus::Signed, w.rep_id).await;
    signed_contract(t, c1.id, "HT-A5", "88888.88", start, ContractStatus::Draft, w.rep_id).await;
    signed_contract(t, conv2.customer_id, "HT-B1", "30000.00", start, ContractStatus::Signed, w.rep2_id).await;

    let all = activity::get(&w.marketer, act).await.unwrap().figures;
    let expect = activity::compute(d("100000.00"), d("80000.50"), 4, 3, 0, d("0.00"), 3, d("230000.25"), d("3000.00"));
    assert_eq!(all, expect, "everything, for the marketer (scope all)");
    assert_eq!(all.won_amount, d("230000.25"));
    let mine = activity::get(&w.rep, act).await.unwrap().figures;
    assert_eq!((mine.leads, mine.customers, mine.won_contracts, mine.won_amount), (3, 2, 2, d("200000.25")), "the rep's own only");

    // Zero cost: no ROI.
    let free = activity::create(&w.marketer, ActivityInput { actual_cost: None, budget: None, ..activity_input("免费沙龙", -1, 1) }).await.unwrap();
    assert_eq!((free.figures.roi_pct, free.figures.execution_pct, free.figures.cost_per_lead), (None, None, None));
    assert_eq!(free.figures.cost, d("0.00"));

    // Delete: refused while leads belong to it; an unused one goes.
    assert_eq!(refusal(activity::delete(&w.marketer, act).await), (ErrorCode::Conflict, Some("id".into())));
    activity::delete(&w.marketer, free.id).await.unwrap();
    assert_eq!(refusal(activity::get(&w.marketer, free.id).await).0, ErrorCode::NotFound);
    assert_eq!(activity::options(&w.rep).await.unwrap().len(), 3);
    let _ = &w.admin;
});

// ---------------------------------------------------------------- tags and segments

both!(tags_and_segments_in_scope, |t| {
    let w = world(t).await;
    let mine: Vec<i64> = {
        let mut v = vec![];
        for i in 0..5 {
            v.push(customer::create(&w.rep, customer_in(&format!("我的客户{i}"), None, None)).await.unwrap().id);
        }
        v
    };
    let theirs = customer::create(&w.rep2, customer_in("别人的客户", None, None)).await.unwrap().id;

    // Tags: a colour is #rrggbb, names are unique, only marketing manages them.
    assert_eq!(
        refusal(tag::create(&w.marketer, TagInput { tag_name: "VIP".into(), color: "red".into(), sort_order: 0 }).await),
        (ErrorCode::Validation, Some("color".into()))
    );
    let vip = tag::create(&w.marketer, TagInput { tag_name: "VIP".into(), color: "#FA541C".into(), sort_order: 1 }).await.unwrap();
    assert_eq!(vip.color, "#fa541c");
    assert_eq!(
        refusal(tag::create(&w.marketer, TagInput { tag_name: "VIP".into(), color: "#000000".into(), sort_order: 0 }).await),
        (ErrorCode::Conflict, Some("tagName".into()))
    );
    assert_eq!(refusal(tag::create(&w.rep, TagInput { tag_name: "x".into(), color: "#000000".into(), sort_order: 0 }).await).0, ErrorCode::Forbidden);
    let expo = tag::create(&w.marketer, TagInput { tag_name: "展会客户".into(), color: "#1677ff".into(), sort_order: 2 }).await.unwrap();

    // Bulk: all or nothing; another rep's customer refuses the whole change.
    let r = tag::change(&w.rep, TagChange { customer_ids: vec![mine[0], mine[1], theirs], add: vec![vip.id], remove: vec![] }).await;
    assert_eq!(refusal(r), (ErrorCode::Validation, Some("customerIds".into())));
    assert!(tag::list(&w.marketer).await.unwrap().iter().all(|t| t.customers == 0), "nothing was tagged");
    let r = tag::change(&w.rep, TagChange { customer_ids: vec![mine[0], mine[1], mine[2]], add: vec![vip.id, expo.id], remove: vec![] }).await.unwrap();
    assert_eq!((r.added, r.removed), (6, 0));
    let again = tag::change(&w.rep, TagChange { customer_ids: vec![mine[0], mine[1], mine[2]], add: vec![vip.id], remove: vec![expo.id] }).await.unwrap();
    assert_eq!((again.added, again.removed), (0, 3), "a tag already there is not added twice");
    assert_eq!(refusal(tag::change(&w.rep, TagChange { customer_ids: vec![mine[0]], add: vec![999_999], remove: vec![] }).await).0, ErrorCode::Validation);
    tag::change(&w.rep2, TagChange { customer_ids: vec![theirs], add: vec![vip.id], remove: vec![] }).await.unwrap();

    let row = customer::get(&w.rep, mine[0]).await.unwrap();
    assert_eq!(row.tags.iter().map(|t| t.tag_name.as_str()).collect::<Vec<_>>(), vec!["VIP"]);
    let tagged = customer::list(&w.rep, CustomerFilter { tag_id: Some(vip.id), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(tagged.total, 3, "the rep's own tagged customers");
    let counts: BTreeMap<String, i64> = tag::list(&w.marketer).await.unwrap().into_iter().map(|t| (t.tag_name, t.customers)).collect();
    assert_eq!(counts["VIP"], 4);
    assert_eq!(tag::list(&w.rep).await.unwrap().iter().find(|t| t.id == vip.id).unwrap().customers, 3);

    // Built-in segments against reference queries.
    let now = util::now();
    // mine[3] and theirs idle for 100 days; mine[4] followed 10 days ago.
    for (id, days) in [(mine[3], 100), (theirs, 100), (mine[4], 10)] {
        crm_customer::ActiveModel { id: Set(id), last_follow_at: Set(Some(now - Duration::days(days))), ..Default::default() }.update(&t.db).await.unwrap();
    }
    signed_contract(t, mine[1], "HT-S1", "1000.00", now.date(), ContractStatus::Signed, w.rep_id).await;
    signed_contract(t, mine[2], "HT-S2", "1000.00", now.date(), ContractStatus::Draft, w.rep_id).await;
    let this_month = util::local_date(now).month();
    let birthday = NaiveDate::from_ymd_opt(1990, this_month, 15).unwrap();
    let other_month = NaiveDate::from_ymd_opt(1990, this_month % 12 + 1, 15).unwrap();
    for (c, b) in [(mine[2], birthday), (mine[3], other_month), (theirs, birthday)] {
        crm_contact::ActiveModel {
            customer_id: Set(c),
            contact_name: Set("联系人".into()),
            phone: Set(format!("1370000{c:04}")),
            is_key: Set(1),
            birthday: Set(Some(b)),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .unwrap();
    }
    crm_customer::ActiveModel { id: Set(mine[4]), level: Set(Some(CustomerLevel::B)), ..Default::default() }.update(&t.db).await.unwrap();

    let segs = segment::list(&w.marketer).await.unwrap();
    assert_eq!(segs.len(), 4, "four built in");
    let by_code = |c: &str| segs.iter().find(|s| s.builtin.as_deref() == Some(c)).unwrap().clone();
    let reference = |sql: &str| {
        let sql = sql.to_string();
        let db = t.db.clone();
        async move {
            let r = db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await.unwrap().unwrap();
            r.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let cutoff = (now - Duration::days(90)).format("%Y-%m-%d %H:%M:%S").to_string();
    let sleeping = reference(&format!("SELECT COUNT(*) FROM crm_customer WHERE is_in_sea = 0 AND COALESCE(last_follow_at, created_at) < '{cutoff}'")).await;
    assert_eq!((by_code("sleeping").customers, sleeping), (2, 2));
    let signed = reference("SELECT COUNT(DISTINCT customer_id) FROM crm_contract WHERE status = 3").await;
    assert_eq!((by_code("signed").customers, signed), (1, 1));
    let potential_a = reference("SELECT COUNT(*) FROM crm_customer WHERE is_in_sea = 0 AND level = 1 AND status = 1").await;
    assert_eq!((by_code("potential_a").customers, potential_a), (5, 5));
    assert_eq!(by_code("birthday_month").customers, 2, "mine[2] and theirs");
    // The rep's scope: only their own customers count.
    let rep_segs = segment::list(&w.rep).await.unwrap();
    let rep_count = |c: &str| rep_segs.iter().find(|s| s.builtin.as_deref() == Some(c)).unwrap().customers;
    assert_eq!((rep_count("sleeping"), rep_count("signed"), rep_count("potential_a"), rep_count("birthday_month")), (1, 1, 4, 1));
});

both!(segment_targets_and_editing, |t| {
    let w = world(t).await;
    let mut ids = vec![];
    for i in 0..3 {
        ids.push(customer::create(&w.rep, customer_in(&format!("客户{i}"), None, None)).await.unwrap().id);
    }
    customer::create(&w.rep2, customer_in("他人客户", None, None)).await.unwrap();
    let vip = tag::create(&w.marketer, TagInput { tag_name: "VIP".into(), color: "#fa541c".into(), sort_order: 0 }).await.unwrap();
    tag::change(&w.rep, TagChange { customer_ids: ids.clone(), add: vec![vip.id], remove: vec![] }).await.unwrap();

    // A campaign target resolves in the caller's scope: the rep reaches only their own.
    let (rule, label) = segment::target_rule(&t.db, &Target::Tag(vip.id)).await.unwrap();
    assert_eq!(label, "VIP");
    assert_eq!(segment::resolve(&w.rep, &rule).await.unwrap(), ids);
    assert_eq!(segment::resolve(&w.rep2, &rule).await.unwrap(), Vec::<i64>::new());
    assert_eq!(refusal(segment::target_rule(&t.db, &Target::Segment(999_999)).await).0, ErrorCode::Validation);

    // A saved segment: enterprise customers in 制造业 with the tag.
    let rule =
        SegmentRule {
            tag_ids: vec![vip.id, vip.id], industry: Some(" 制造业 ".into()), customer_type: Some(CustomerType::Enterprise), ..Default::default()
        };
    let p = segment::preview(&w.marketer, rule.clone()).await.unwrap();
    assert_eq!(p.customers, 3);
    assert_eq!(p.samples.first().map(|s| s.customer_name.as_str()), Some("客户2"), "newest first");
    let id = segment::create(&w.marketer, SegmentInput { segment_name: "制造业 VIP".into(), rule: rule.clone(), description: None }).await.unwrap();
    assert_eq!(
        refusal(segment::create(&w.marketer, SegmentInput { segment_name: "制造业 VIP".into(), rule: rule.clone(), description: None }).await),
        (ErrorCode::Conflict, Some("segmentName".into()))
    );
    assert_eq!(
        refusal(
            segment::create(
                &w.marketer,
                SegmentInput { segment_name: "y".into(), rule: SegmentRule { idle_days: Some(0), ..Default::default() }, description: None }
            )
            .await
        ),
        (ErrorCode::Validation, Some("rule.idleDays".into()))
    );
    let saved = segment::list(&w.marketer).await.unwrap().into_iter().find(|s| s.id == id).unwrap();
    assert_eq!(saved.rule.tag_ids, vec![vip.id], "duplicates dropped");
    assert_eq!(saved.rule.industry.as_deref(), Some("制造业"), "trimmed");
    assert_eq!(saved.customers, 3);
    // The built-in 沉睡客户 can be tuned but not deleted; a saved one can go.
    let sleeping = segment::list(&w.marketer).await.unwrap().into_iter().find(|s| s.builtin.as_deref() == Some("sleeping")).unwrap();
    segment::update(
        &w.marketer,
        sleeping.id,
        SegmentInput { segment_name: sleeping.segment_name.clone(), rule: SegmentRule { idle_days: Some(30), ..Default::default() }, description: None },
    )
    .await
    .unwrap();
    let tuned = segment::list(&w.marketer).await.unwrap().into_iter().find(|s| s.id == sleeping.id).unwrap();
    assert_eq!(tuned.rule.idle_days, Some(30));
    assert_eq!(refusal(segment::delete(&w.marketer, sleeping.id).await), (ErrorCode::Conflict, Some("id".into())));
    segment::delete(&w.marketer, id).await.unwrap();

    // Deleting a tag takes it off every customer, in one go.
    assert_eq!(tag::delete(&w.marketer, vip.id).await.unwrap(), 3);
    assert!(customer::get(&w.rep, ids[0]).await.unwrap().tags.is_empty());
    // Deleting a customer takes its tags with it.
    let t2 = tag::create(&w.marketer, TagInput { tag_name: "老客户".into(), color: "#52c41a".into(), sort_order: 0 }).await.unwrap();
    tag::change(&w.rep, TagChange { customer_ids: vec![ids[0]], add: vec![t2.id], remove: vec![] }).await.unwrap();
    customer::delete(&w.admin, ids[0]).await.unwrap();
    assert_eq!(tag::list(&w.marketer).await.unwrap().iter().find(|t| t.id == t2.id).unwrap().customers, 0);
});

// ---------------------------------------------------------------- templates

both!(sms_templates_saved_previewed_and_protected, |t| {
    let w = world(t).await;
    let mut s = marketing::get_settings(&w.marketer).await.unwrap();
    s.sms_sign = "【云帆科技】".into();
    let s = marketing::set_settings(&w.marketer, s).await.unwrap();
    assert_eq!(s.sms_sign, "云帆科技", "brackets are the gateway's");
    let input = |name: &str, content: &str, ty: &str| TemplateInput {
        template_name: name.into(),
        content: content.into(),
        template_type: ty.into(),
        is_enabled: true,
        ..Default::default()
    };

    assert_eq!(refusal(tpl::create(&w.marketer, input("促销", "尊敬的${name},全场九折。", "营销")).await), (ErrorCode::Validation, Some("content".into())));
    assert_eq!(refusal(tpl::create(&w.marketer, input("促销", "【云帆】${name}您好。回T退订", "营销")).await), (ErrorCode::Validation, Some("content".into())));
    assert_eq!(refusal(tpl::create(&w.marketer, input("促销", "${nam}您好。回T退订", "营销")).await), (ErrorCode::Validation, Some("content".into())));
    assert_eq!(refusal(tpl::create(&w.marketer, input("促销", "您好。回T退订", "推广")).await), (ErrorCode::Validation, Some("templateType".into())));
    assert_eq!(refusal(tpl::create(&w.marketer, input(" ", "您好。回T退订", "营销")).await), (ErrorCode::Validation, Some("templateName".into())));
    assert_eq!(
        refusal(tpl::create(&w.marketer, TemplateInput { sign_name: Some("云".into()), ..input("促销", "您好。回T退订", "营销") }).await),
        (ErrorCode::Validation, Some("signName".into()))
    );
    assert_eq!(refusal(tpl::create(&w.rep, input("促销", "您好。回T退订", "营销")).await).0, ErrorCode::Forbidden);
    let promo = tpl::create(&w.marketer, input("新品促销", "尊敬的${name},${company}专享新品九折,详询${owner}。回T退订", "营销")).await.unwrap();
    assert_eq!(promo.variables, vec!["name", "company", "owner"]);

    // The live preview renders a real customer the caller may see.
    let c = customer::create(&w.rep, customer_in("杭州云帆科技有限公司", None, None)).await.unwrap();
    let now = util::now();
    crm_contact::ActiveModel {
        customer_id: Set(c.id),
        contact_name: Set("王磊".into()),
        phone: Set("13800138000".into()),
        is_key: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&t.db)
    .await
    .unwrap();
    let p = tpl::preview(
        &w.marketer,
        PreviewRequest { content: promo.content.clone(), template_type: "营销".into(), customer_id: Some(c.id), ..Default::default() },
    )
    .await
    .unwrap();
    assert!(p.problems.is_empty(), "{:?}", p.problems);
    let text = "【云帆科技】尊敬的王磊,杭州云帆科技有限公司专享新品九折,详询用户mk_rep1。回T退订";
    assert_eq!(p.rendered.as_deref(), Some(text));
    assert_eq!(p.length as usize, text.chars().count());
    assert_eq!(p.segments, 1);
    // Long enough for two parts.
    let long = format!("{}${{name}}。回T退订", "新品".repeat(30));
    let p =
        tpl::preview(&w.marketer, PreviewRequest { content: long, template_type: "营销".into(), customer_id: Some(c.id), ..Default::default() }).await.unwrap();
    assert_eq!((p.length, p.segments), (6 + 60 + 2 + 5, 2));
    // A variable the customer has no value for: said, unless a fallback is set.
    let p = tpl::preview(
        &w.marketer,
        PreviewRequest {
            content: "${name}您好,请致电${owner_phone}。".into(), template_type: "通知".into(), customer_id: Some(c.id), ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(p.rendered.is_none());
    assert!(p.render_error.as_deref().unwrap_or("").contains("owner_phone"), "{:?}", p.render_error);
    // Problems are listed while typing (not refused).
    let p =
        tpl::preview(&w.marketer, PreviewRequest { content: "${name}${company}".into(), template_type: "营销".into(), ..Default::default() }).await.unwrap();
    assert_eq!(p.problems.len(), 3, "{:?}", p.problems);
    // A customer outside the caller's scope cannot be previewed.
    let theirs = customer::create(&w.rep2, customer_in("别人的客户", None, None)).await.unwrap();
    assert_eq!(
        refusal(
            tpl::preview(&w.rep, PreviewRequest { content: "您好".into(), template_type: "通知".into(), customer_id: Some(theirs.id), ..Default::default() })
                .await
        )
        .0,
        ErrorCode::NotFound
    );

    // Editing: switching off is always possible; a used template cannot be deleted.
    let off = tpl::update(&w.marketer, promo.id, TemplateInput { is_enabled: false, ..input("新品促销", &promo.content, "营销") }).await.unwrap();
    assert!(!off.is_enabled);
    assert_eq!(
        refusal(tpl::update(&w.marketer, promo.id, TemplateInput { is_enabled: true, ..input("新品促销", "尊敬的${name},九折。", "营销") }).await),
        (ErrorCode::Validation, Some("content".into()))
    );
    t.db.execute_unprepared(&format!(
        "INSERT INTO crm_sms_marketing (template_id, send_time, total_count, created_by, created_at) VALUES ({}, '2026-11-01 08:00:00', 3, 1, '2026-11-01 08:00:00')",
        promo.id
    ))
    .await
    .unwrap();
    assert_eq!(refusal(tpl::delete(&w.marketer, promo.id).await), (ErrorCode::Conflict, Some("id".into())));
    assert_eq!(tpl::list(&w.marketer).await.unwrap().iter().find(|x| x.id == promo.id).unwrap().campaigns, 1);
    let notice = tpl::create(&w.marketer, input("回款提醒", "${name}您好,贵司合同款项即将到期,详询${owner}。", "通知")).await.unwrap();
    tpl::delete(&w.marketer, notice.id).await.unwrap();
    assert_eq!(tpl::list(&w.rep).await.unwrap().len(), 1, "a rep with marketing:read sees the templates");
});

// ---------------------------------------------------------------- campaigns

mod campaigns {
    use super::*;
    use crm_core::service::marketing::campaign::{self as camp, CampaignInput, RunEnd, RunOptions};
    use crm_core::service::marketing::gateway::{OutboxGateway, ScriptedGateway, SmsGateway, SmsRequest};
    use std::sync::atomic::{AtomicBool, Ordering};

    const FAST: RunOptions = RunOptions { retry_base_ms: 0, attempts: 3, tz_offset_minutes: 480 };

    #[test]
    fn numbers_and_replies() {
        for (raw, want) in [
            ("13800138000", Some("13800138000")),
            ("+86 138-0013-8000", Some("13800138000")),
            ("0086 13800138000", Some("13800138000")),
            ("8613800138000", Some("13800138000")),
            ("12800138000", None),
            ("1380013800", None),
            ("021-12345678", None),
            ("", None),
        ] {
            assert_eq!(camp::normalize_phone(raw).as_deref(), want, "{raw}");
        }
        for r in ["T", " t ", "TD", "N", "R", "退订", "退订谢谢"] {
            assert!(camp::is_optout_reply(r), "{r}");
        }
        for r in ["好的", "TT", "", "谢谢"] {
            assert!(!camp::is_optout_reply(r), "{r}");
        }
        let at = |h: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap().and_hms_opt(h, 30, 0).unwrap();
        assert!(!camp::in_window(at(7), 8, 21));
        assert!(camp::in_window(at(8), 8, 21));
        assert!(camp::in_window(at(20), 8, 21));
        assert!(!camp::in_window(at(21), 8, 21));
    }

    pub(super) async fn contact(t: &common::TestDb, customer: i64, phone: &str, key: i8) {
        let now = util::now();
        crm_contact::ActiveModel {
            customer_id: Set(customer),
            contact_name: Set(format!("联系人{customer}")),
            phone: Set(phone.into()),
            is_key: Set(key),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&t.db)
        .await
        .unwrap();
    }

    /// Eight tagged customers of the rep: (customer ids, tag id, template id).
    pub(super) async fn audience(t: &common::TestDb, w: &World) -> (Vec<i64>, i64, i64) {
        let mut s = marketing::get_settings(&w.marketer).await.unwrap();
        s.sms_sign = "云帆科技".into();
        s.send_window_start = 0;
        s.send_window_end = 24;
        marketing::set_settings(&w.marketer, s).await.unwrap();
        let mut ids = vec![];
        for i in 0..8 {
            ids.push(customer::create(&w.rep, customer_in(&format!("营销客户{i}"), None, None)).await.unwrap().id);
        }
        for (i, phone) in
            [(0, "13800000001"), (1, "+86 138-0000-0002"), (2, "12345"), (3, "13800000001"), (4, "13800000005"), (6, "13800009999"), (7, "13800000000")]
        {
            contact(t, ids[i], phone, 1).await;
        }
        // A second, non-key contact never wins over the key one.
        contact(t, ids[0], "13911111111", 0).await;
        let vip = tag::create(&w.marketer, TagInput { tag_name: "VIP".into(), color: "#fa541c".into(), sort_order: 0 }).await.unwrap();
        tag::change(&w.rep, TagChange { customer_ids: ids.clone(), add: vec![vip.id], remove: vec![] }).await.unwrap();
        let tpl = tpl::create(
            &w.marketer,
            TemplateInput {
                template_name: "促销".into(),
                content: "尊敬的${name},本周九折。回T退订".into(),
                template_type: "营销".into(),
                is_enabled: true,
                ..Default::default()
            },
        )
        .await
        .unwrap();
        (ids, vip.id, tpl.id)
    }

    both!(campaign_recipients_send_and_counts, |t| {
        let w = world(t).await;
        let (_ids, vip, tpl_id) = audience(t, &w).await;
        // An opt-out from a reply; a reply that is not one is refused.
        assert_eq!(refusal(camp::optout_reply(&w.marketer, "13800000005", "好的").await), (ErrorCode::Validation, Some("reply".into())));
        assert_eq!(refusal(camp::optout_add(&w.marketer, "12345").await), (ErrorCode::Validation, Some("phone".into())));
        assert!(camp::optout_reply(&w.marketer, "+86 13800000005", "T").await.unwrap());
        assert!(!camp::optout_add(&w.marketer, "13800000005").await.unwrap(), "already on the list");

        let input = CampaignInput { campaign_name: "双十二".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None };
        let p = camp::preview(&w.rep, input.clone()).await.unwrap();
        assert_eq!((p.customers, p.recipients, p.opted_out, p.invalid, p.duplicates, p.recent, p.unrenderable), (8, 4, 1, 2, 1, 0, 0), "{p:?}");
        assert_eq!(p.samples[0].text, "【云帆科技】尊敬的联系人".to_string() + &p.samples[0].text["【云帆科技】尊敬的联系人".len()..]);
        assert!(p.samples[0].phone.contains("****"), "numbers are masked in the preview");
        assert_eq!(p.billed, 4);
        // Another rep reaches none of these customers: nothing to send.
        assert_eq!(refusal(camp::create(&w.rep2, input.clone()).await), (ErrorCode::Validation, Some("target".into())));

        let c = camp::create(&w.rep, input.clone()).await.unwrap();
        assert_eq!((c.status, c.total_count, c.skipped_count, c.pending), (camp::SCHEDULED, 4, 4, 4));
        // Batches of 2; the first request fails as a whole (HTTP 500, retried), 9999 is rate
        // limited once (retried), 0000 is refused for good.
        let gw = ScriptedGateway::new(2, 1);
        let mut seen = vec![];
        let end = camp::run(&t.db, c.id, &gw, FAST, &AtomicBool::new(false), &mut |p| seen.push(p)).await.unwrap();
        assert_eq!(end, RunEnd::Done);
        let after = camp::get(&w.marketer, c.id).await.unwrap();
        assert_eq!((after.status, after.success_count, after.fail_count, after.pending), (camp::DONE, 3, 1, 0));
        assert!(after.started_at.is_some() && after.finished_at.is_some());
        assert_eq!(seen.last().map(|p| (p.done, p.total, p.success, p.failed)), Some((4, 4, 3, 1)));
        assert!(gw.counts().values().all(|n| *n == 1), "each number once: {:?}", gw.counts());
        assert_eq!(gw.counts().len(), 3);
        let log = camp::details(&w.marketer, c.id, None, PageReq { page: 1, page_size: 50 }).await.unwrap();
        assert_eq!(log.total, 8, "every customer has a line, with why it was skipped");
        let failed = log.items.iter().find(|d| d.phone == "13800000000").unwrap();
        assert_eq!((failed.status, failed.error_code.as_deref()), (camp::D_FAILED, Some("isv.MOBILE_NUMBER_ILLEGAL")));
        let ok = log.items.iter().find(|d| d.phone == "13800000002").unwrap();
        assert_eq!(ok.status, camp::D_SUBMITTED);
        assert!(ok.content.as_deref().unwrap().starts_with("【云帆科技】尊敬的联系人"));
        assert!(ok.provider_msg_id.is_some() && ok.sent_at.is_some());
        assert_eq!(log.items.iter().filter(|d| d.status == camp::D_OPTED_OUT).count(), 1);
        assert_eq!(log.items.iter().find(|d| d.phone == "13800009999").unwrap().attempts, 1, "a retry inside one run is one attempt");

        // The same template again: the three who got it are skipped as recent.
        let p = camp::preview(&w.rep, input.clone()).await.unwrap();
        assert_eq!((p.recipients, p.recent), (1, 3));
        // A marketing campaign outside the send window waits.
        let local_hour = (util::now() + Duration::minutes(480)).time().hour_of_day();
        let mut s = marketing::get_settings(&w.marketer).await.unwrap();
        (s.send_window_start, s.send_window_end) = if local_hour < 23 { (local_hour + 1, 24) } else { (0, 23) };
        marketing::set_settings(&w.marketer, s).await.unwrap();
        let c2 = camp::create(&w.rep, input.clone()).await.unwrap();
        let end = camp::run(&t.db, c2.id, &gw, FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        assert_eq!(end, RunEnd::Waiting);
        assert_eq!(camp::get(&w.marketer, c2.id).await.unwrap().status, camp::WAITING_WINDOW);
        assert!(camp::due(&t.db).await.unwrap().contains(&c2.id));
        // Cancelled: it is no longer due, and a run does nothing.
        camp::cancel(&w.marketer, c2.id).await.unwrap();
        assert_eq!(camp::run(&t.db, c2.id, &gw, FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap(), RunEnd::Cancelled);
        assert!(!camp::due(&t.db).await.unwrap().contains(&c2.id));
        assert_eq!(refusal(camp::cancel(&w.marketer, c2.id).await), (ErrorCode::Conflict, Some("status".into())));
        // A scheduled campaign waits for its time.
        let later = CampaignInput { scheduled_at: Some(util::now() + Duration::hours(2)), template_id: tpl_id, ..input.clone() };
        let mut s = marketing::get_settings(&w.marketer).await.unwrap();
        (s.send_window_start, s.send_window_end, s.sms_dedupe_days) = (0, 24, 0);
        marketing::set_settings(&w.marketer, s).await.unwrap();
        let c3 = camp::create(&w.rep, later).await.unwrap();
        assert_eq!(camp::run(&t.db, c3.id, &gw, FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap(), RunEnd::Waiting);
        assert!(!camp::due(&t.db).await.unwrap().contains(&c3.id));
    });

    trait HourOfDay {
        fn hour_of_day(&self) -> u32;
    }
    impl HourOfDay for chrono::NaiveTime {
        fn hour_of_day(&self) -> u32 {
            use chrono::Timelike;
            self.hour()
        }
    }

    both!(an_interrupted_campaign_resumes_without_sending_twice, |t| {
        let w = world(t).await;
        let (_ids, vip, tpl_id) = audience(t, &w).await;
        let dir = tempfile::tempdir().unwrap();
        let outbox = OutboxGateway::new(dir.path().join("sms-outbox.jsonl"));
        let input =
            CampaignInput { campaign_name: "中断续发".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None };
        let c = camp::create(&w.rep, input).await.unwrap();
        let total = c.total_count as usize;
        assert_eq!(total, 5);
        // The app closes mid-send: two rows were marked in flight, the gateway got only the
        // first of them, and nothing was recorded.
        let rows = camp::details(&w.marketer, c.id, Some(camp::D_PENDING), PageReq { page: 1, page_size: 50 }).await.unwrap().items;
        t.db.execute_unprepared(&format!("UPDATE crm_sms_send_detail SET status = 1, attempts = 1 WHERE id IN ({}, {})", rows[0].id, rows[1].id))
            .await
            .unwrap();
        t.db.execute_unprepared(&format!("UPDATE crm_sms_marketing SET status = 2 WHERE id = {}", c.id)).await.unwrap();
        outbox
            .send(&[SmsRequest {
                phone: rows[0].phone.clone(),
                sign_name: "云帆科技".into(),
                template_code: None,
                params: vec![],
                rendered: rows[0].content.clone().unwrap(),
                out_id: rows[0].id.to_string(),
            }])
            .await
            .unwrap();
        assert!(camp::due(&t.db).await.unwrap().contains(&c.id), "a campaign left sending is picked up again");
        // Then a run stopped by the user after its first batch…
        let cancel = AtomicBool::new(false);
        let end = camp::run(&t.db, c.id, &outbox, FAST, &cancel, &mut |_| cancel.store(true, Ordering::SeqCst)).await.unwrap();
        assert_eq!(end, RunEnd::Cancelled);
        // … and resumed.
        let end = camp::run(&t.db, c.id, &outbox, FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        assert_eq!(end, RunEnd::Done);
        let lines = outbox.lines();
        let mut per_row: BTreeMap<String, usize> = BTreeMap::new();
        for (out_id, _, _) in &lines {
            *per_row.entry(out_id.clone()).or_default() += 1;
        }
        assert_eq!(per_row.len(), total, "every recipient reached: {per_row:?}");
        assert!(per_row.values().all(|n| *n == 1), "nobody twice: {per_row:?}");
        let done = camp::get(&w.marketer, c.id).await.unwrap();
        assert_eq!((done.status, done.success_count, done.fail_count), (camp::DONE, total as i32, 0));
        // A row whose fate the gateway cannot tell is never sent again.
        let c2 = camp::create(
            &w.rep,
            CampaignInput { campaign_name: "未知".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None },
        )
        .await;
        // (everyone got this template just now: nobody is left to send to)
        assert_eq!(refusal(c2), (ErrorCode::Validation, Some("target".into())));
    });
}

/// The Aliyun and Tencent gateways: signing checked against the providers' published
/// examples, and whole campaigns sent to a local HTTP stub (127.0.0.1) that answers
/// success, partial failure, throttling and server errors. Nothing here reaches the internet.
mod providers {
    use super::campaigns::audience;
    use super::*;
    use crm_core::service::marketing::campaign::{self as camp, CampaignInput, RunEnd, RunOptions};
    use crm_core::service::marketing::providers::sign::{self, Acs3, Tc3};
    use crm_core::service::marketing::{GatewayStatus, SmsGatewaySettings};
    use std::sync::atomic::AtomicBool;
    use wiremock::matchers::{header, method};
    use wiremock::{Mock, MockServer, Request, ResponseTemplate};

    const FAST: RunOptions = RunOptions { retry_base_ms: 0, attempts: 3, tz_offset_minutes: 480 };

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter().map(|(k, x)| (k.to_string(), x.to_string())).collect()
    }

    /// Alibaba Cloud "Request syntax and signature method V3": the RunInstances example,
    /// with the signing steps' values (A1) and the header table's values (A2).
    #[test]
    fn aliyun_v3_signature_matches_the_documented_example() {
        let query = pairs(&[("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")]);
        let headers = |date: &str, nonce: &str| {
            pairs(&[
                ("host", "ecs.cn-shanghai.aliyuncs.com"),
                ("x-acs-action", "RunInstances"),
                ("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                ("x-acs-date", date),
                ("x-acs-signature-nonce", nonce),
                ("x-acs-version", "2014-05-26"),
            ])
        };
        let h1 = headers("2023-10-26T10:22:32Z", "3156853299f313e23d1673dc12e1703d");
        let a1 = Acs3 { method: "POST", path: "/", query: &query, headers: &h1, body: b"" };
        assert_eq!(
            a1.canonical_request(),
            "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(a1.string_to_sign(), "ACS3-HMAC-SHA256\n7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
        assert_eq!(
            a1.authorization("YourAccessKeyId", "YourAccessKeySecret"),
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
        let h2 = headers("2023-10-26T09:01:01Z", "d410180a5abf7fe235dd9b74aca91fc0");
        let a2 = Acs3 { method: "POST", path: "/", query: &query, headers: &h2, body: b"" };
        assert_eq!(a2.signature("YourAccessKeySecret"), "e521358f7776c97df52e6b2891a8bc73026794a071b50c3323388c4e0df64804");
        // A wrong secret, or a changed header, is a different signature.
        assert_ne!(a1.signature("YourAccessKeySecreT"), a1.signature("YourAccessKeySecret"));
    }

    /// The percent-encoding (RFC 3986: UTF-8, `{`, `"`, `:`) of Aliyun's SendSms signing
    /// example.
    #[test]
    fn aliyun_query_encoding_matches_the_sms_example() {
        let q = pairs(&[
            ("AccessKeyId", "testId"),
            ("Action", "SendSms"),
            ("Format", "XML"),
            ("OutId", "123"),
            ("PhoneNumbers", "15300000001"),
            ("RegionId", "cn-hangzhou"),
            ("SignName", "阿里云短信测试专用"),
            ("SignatureMethod", "HMAC-SHA1"),
            ("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
            ("SignatureVersion", "1.0"),
            ("TemplateCode", "SMS_71390007"),
            ("TemplateParam", r#"{"customer":"test"}"#),
            ("Timestamp", "2017-07-12T02:42:19Z"),
            ("Version", "2017-05-25"),
        ]);
        assert_eq!(
            sign::canonical_query(&q),
            "AccessKeyId=testId&Action=SendSms&Format=XML&OutId=123&PhoneNumbers=15300000001&RegionId=cn-hangzhou&SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95%E4%B8%93%E7%94%A8&SignatureMethod=HMAC-SHA1&SignatureNonce=45e25e9b-0a6f-4070-8c85-2956eda1b466&SignatureVersion=1.0&TemplateCode=SMS_71390007&TemplateParam=%7B%22customer%22%3A%22test%22%7D&Timestamp=2017-07-12T02%3A42%3A19Z&Version=2017-05-25"
        );
        assert_eq!(sign::percent_encode("a b*~"), "a%20b%2A~");
    }

    /// Tencent Cloud "Signature v3": the CVM DescribeInstances example with its unmasked
    /// example key (as published in earlier revisions of the document and used by SDK tests).
    #[test]
    fn tencent_tc3_signature_matches_the_documented_example() {
        let payload = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
        let headers = pairs(&[("Content-Type", "application/json; charset=utf-8"), ("Host", "cvm.tencentcloudapi.com")]);
        let t = Tc3 { service: "cvm", headers: &headers, payload: payload.as_bytes(), timestamp: 1551113065 };
        assert_eq!(sign::sha256_hex(payload.as_bytes()), "35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
        assert_eq!(
            t.canonical_request(),
            "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:cvm.tencentcloudapi.com\n\ncontent-type;host\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
        );
        assert_eq!(
            t.string_to_sign(),
            "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031"
        );
        assert_eq!(
            t.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"),
            "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
        );
    }

    fn header_of(r: &Request, name: &str) -> String {
        r.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string()
    }

    /// Check a received Aliyun request: its signature, recomputed from what arrived, is the
    /// one it carries. Returns the request's query parameters.
    fn verify_aliyun(r: &Request, key_id: &str, secret: &str) -> BTreeMap<String, String> {
        let query: Vec<(String, String)> = r.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let mut headers = vec![("host".to_string(), header_of(r, "host"))];
        for h in ["x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"] {
            headers.push((h.to_string(), header_of(r, h)));
        }
        let a = Acs3 { method: "POST", path: "/", query: &query, headers: &headers, body: &r.body };
        assert_eq!(header_of(r, "authorization"), a.authorization(key_id, secret), "the signature covers what was sent");
        query.into_iter().collect()
    }

    async fn use_gateway(w: &World, g: SmsGatewaySettings, secret: Option<&str>) -> GatewayStatus {
        let mut s = marketing::get_settings(&w.marketer).await.unwrap();
        s.sms_gateway = g;
        marketing::set_settings(&w.marketer, s).await.unwrap();
        let outbox = std::path::Path::new("unused-outbox.jsonl");
        match secret {
            Some(x) => marketing::set_gateway_secret(&w.marketer, x, outbox).await.unwrap(),
            None => marketing::gateway_status(&w.marketer, outbox).await.unwrap(),
        }
    }

    async fn provider_template(w: &World, name: &str, content: &str, code: Option<&str>) -> i64 {
        tpl::create(
            &w.marketer,
            TemplateInput {
                template_name: name.into(),
                content: content.into(),
                template_type: "营销".into(),
                is_enabled: true,
                provider_code: code.map(str::to_string),
                ..Default::default()
            },
        )
        .await
        .unwrap()
        .id
    }

    both!(gateway_settings_and_the_keyring, |t| {
        common::mock_keyring();
        let w = world(t).await;
        let bad = |f: fn(&mut SmsGatewaySettings)| {
            let mut g = SmsGatewaySettings { kind: "aliyun".into(), key_id: "LTAI5tSettings".into(), ..Default::default() };
            f(&mut g);
            g
        };
        for (g, field) in [
            (bad(|g| g.kind = "sms-bao".into()), "smsGateway.kind"),
            (bad(|g| g.key_id = String::new()), "smsGateway.keyId"),
            (bad(|g| g.endpoint = "http://sms.example.com".into()), "smsGateway.endpoint"),
            (bad(|g| g.endpoint = "not a url".into()), "smsGateway.endpoint"),
            (bad(|g| g.per_second = 0), "smsGateway.perSecond"),
            (bad(|g| (g.kind, g.app_id) = ("tencent".into(), String::new())), "smsGateway.appId"),
            (bad(|g| (g.kind, g.app_id, g.region) = ("tencent".into(), "1400000000".into(), "Guang Zhou".into())), "smsGateway.region"),
        ] {
            let mut s = marketing::get_settings(&w.marketer).await.unwrap();
            s.sms_gateway = g;
            assert_eq!(refusal(marketing::set_settings(&w.marketer, s).await), (ErrorCode::Validation, Some(field.into())));
        }
        // The outbox needs nothing; a secret cannot be kept for it.
        let st = marketing::gateway_status(&w.marketer, std::path::Path::new("/tmp/o.jsonl")).await.unwrap();
        assert_eq!((st.kind.as_str(), st.secret_stored, st.outbox_path.as_str()), ("outbox", false, "/tmp/o.jsonl"));
        assert_eq!(
            refusal(marketing::set_gateway_secret(&w.marketer, "x", std::path::Path::new("o")).await),
            (ErrorCode::Validation, Some("smsGateway.secret".into()))
        );
        // A provider: https only (plain http on this computer for a stub), the secret in the keyring.
        let key = format!("LTAI5tKeyring{}", t.backend_name());
        let g = SmsGatewaySettings { kind: "aliyun".into(), key_id: key.clone(), endpoint: "https://sms-proxy.corp.example/".into(), ..Default::default() };
        let st = use_gateway(&w, g, None).await;
        assert_eq!((st.endpoint.as_str(), st.secret_stored), ("https://sms-proxy.corp.example", false));
        let e = marketing::gateway(&t.db, "o".into()).await.err().unwrap();
        assert_eq!(refusal::<()>(Err(e)), (ErrorCode::Validation, Some("smsGateway.secret".into())), "no secret on this desktop yet");
        assert_eq!(refusal(marketing::set_gateway_secret(&w.rep, "s3cret", std::path::Path::new("o")).await).0, ErrorCode::Forbidden);
        let st = marketing::set_gateway_secret(&w.marketer, "s3cretValue", std::path::Path::new("o")).await.unwrap();
        assert!(st.secret_stored);
        assert_eq!(crm_core::db::secret::get_sms_secret("aliyun", &key).unwrap().as_deref(), Some("s3cretValue"));
        let stored = marketing::get_settings(&w.admin).await.unwrap();
        assert!(!serde_json::to_string(&stored).unwrap().contains("s3cretValue"), "the secret is never in the database");
        assert_eq!(marketing::gateway(&t.db, "o".into()).await.unwrap().kind(), "aliyun");
        let st = marketing::set_gateway_secret(&w.marketer, "", std::path::Path::new("o")).await.unwrap();
        assert!(!st.secret_stored, "an empty secret removes it");
        // A campaign through a provider needs the provider's template code.
        let (_ids, vip, tpl_id) = audience(t, &w).await;
        let input = CampaignInput { campaign_name: "无编号".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None };
        assert_eq!(refusal(camp::create(&w.rep, input).await), (ErrorCode::Validation, Some("templateId".into())));
    });

    both!(aliyun_campaign_through_a_local_stub, |t| {
        common::mock_keyring();
        let w = world(t).await;
        let (_ids, vip, _) = audience(t, &w).await;
        let server = MockServer::start().await;
        // The first request meets a 500, the second the provider's throttling; then OK.
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500).set_body_string("upstream error"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发流控", "RequestId": "r2"})),
            )
            .up_to_n_times(1)
            .with_priority(2)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(header("x-acs-action", "SendBatchSms"))
            .and(header("x-acs-version", "2017-05-25"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "r3"})),
            )
            .with_priority(3)
            .mount(&server)
            .await;
        let key = format!("LTAI5tStub{}", t.backend_name());
        let g = SmsGatewaySettings { kind: "aliyun".into(), key_id: key.clone(), endpoint: server.uri(), ..Default::default() };
        assert!(use_gateway(&w, g, Some("stubSecret")).await.secret_stored);
        let tpl_id = provider_template(&w, "阿里云促销", "尊敬的${name},双十二全场九折。回T退订", Some("SMS_71390007")).await;
        let c = camp::create(
            &w.rep,
            CampaignInput { campaign_name: "阿里云".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None },
        )
        .await
        .unwrap();
        assert_eq!(c.total_count, 5);
        let gw = marketing::gateway(&t.db, "unused".into()).await.unwrap();
        let end = camp::run(&t.db, c.id, gw.as_ref(), FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        assert_eq!(end, RunEnd::Done);
        let done = camp::get(&w.marketer, c.id).await.unwrap();
        assert_eq!((done.status, done.success_count, done.fail_count), (camp::DONE, 5, 0));
        let got = server.received_requests().await.unwrap();
        assert_eq!(got.len(), 3, "one batch, retried twice");
        // What arrived: signed as sent, one request for all five, each with its own values.
        let q = verify_aliyun(&got[2], &key, "stubSecret");
        assert_eq!(q["TemplateCode"], "SMS_71390007");
        let phones: Vec<String> = serde_json::from_str(&q["PhoneNumberJson"]).unwrap();
        let signs: Vec<String> = serde_json::from_str(&q["SignNameJson"]).unwrap();
        let params: Vec<BTreeMap<String, String>> = serde_json::from_str(&q["TemplateParamJson"]).unwrap();
        assert_eq!(phones.len(), 5);
        assert!(signs.iter().all(|s| s == "云帆科技"));
        let log = camp::details(&w.marketer, c.id, Some(camp::D_SUBMITTED), PageReq { page: 1, page_size: 50 }).await.unwrap().items;
        for (p, v) in phones.iter().zip(&params) {
            let row = log.iter().find(|d| &d.phone == p).unwrap();
            assert_eq!(
                row.content.as_deref().unwrap(),
                format!("【云帆科技】尊敬的{},双十二全场九折。回T退订", v["name"]),
                "the provider fills the same values"
            );
            assert_eq!(row.provider_msg_id.as_deref(), Some("900619746936498440^0"));
        }
        // A template the provider refuses: every message fails with its code, nothing retried.
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(serde_json::json!({"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "模板不合法(不存在或被拉黑)"})),
            )
            .mount(&server)
            .await;
        let tpl2 = provider_template(&w, "未审核", "您好${name},新品到店。回T退订", Some("SMS_00000000")).await;
        let c2 = camp::create(
            &w.rep,
            CampaignInput { campaign_name: "被拒".into(), template_id: tpl2, target: Target::Tag(vip), activity_id: None, scheduled_at: None },
        )
        .await
        .unwrap();
        camp::run(&t.db, c2.id, gw.as_ref(), FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        let done = camp::get(&w.marketer, c2.id).await.unwrap();
        assert_eq!((done.success_count, done.fail_count), (0, 5));
        assert_eq!(server.received_requests().await.unwrap().len(), 1, "a refusal is not retried");
        let rows = camp::details(&w.marketer, c2.id, Some(camp::D_FAILED), PageReq { page: 1, page_size: 50 }).await.unwrap().items;
        assert!(rows.iter().all(|d| d.error_code.as_deref() == Some("isv.SMS_TEMPLATE_ILLEGAL") && d.error.as_deref().unwrap().contains("模板不合法")));
        // Rows in flight when the app closed: the provider cannot say what became of them,
        // so they are never sent again.
        server.reset().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"Code": "OK", "BizId": "b4"})))
            .mount(&server)
            .await;
        let tpl3 = provider_template(&w, "续发", "${name}您好,会员日九折。回T退订", Some("SMS_3")).await;
        let c3 = camp::create(
            &w.rep,
            CampaignInput { campaign_name: "中断".into(), template_id: tpl3, target: Target::Tag(vip), activity_id: None, scheduled_at: None },
        )
        .await
        .unwrap();
        let rows = camp::details(&w.marketer, c3.id, Some(camp::D_PENDING), PageReq { page: 1, page_size: 50 }).await.unwrap().items;
        t.db.execute_unprepared(&format!("UPDATE crm_sms_send_detail SET status = 1, attempts = 1 WHERE id IN ({}, {})", rows[0].id, rows[1].id))
            .await
            .unwrap();
        camp::run(&t.db, c3.id, gw.as_ref(), FAST, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        let got = server.received_requests().await.unwrap();
        let sent: Vec<String> =
            got.iter().flat_map(|r| serde_json::from_str::<Vec<String>>(&verify_aliyun(r, &key, "stubSecret")["PhoneNumberJson"]).unwrap()).collect();
        assert_eq!(sent.len(), 3);
        assert!(!sent.contains(&rows[0].phone) && !sent.contains(&rows[1].phone));
        let unknown = camp::details(&w.marketer, c3.id, Some(camp::D_UNKNOWN), PageReq { page: 1, page_size: 50 }).await.unwrap();
        assert_eq!(unknown.total, 2);
    });

    both!(tencent_campaign_through_a_local_stub, |t| {
        common::mock_keyring();
        let w = world(t).await;
        let (_ids, vip, _) = audience(t, &w).await;
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                serde_json::json!({"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "请求的次数超过了频率限制"}, "RequestId": "a"}}),
            ))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("POST")).respond_with(ResponseTemplate::new(502)).up_to_n_times(1).with_priority(2).mount(&server).await;
        // Then each number on its own: 0000 is not a number the operator knows, 9999 hits
        // its per-number limit once.
        let limited = std::sync::Arc::new(std::sync::Mutex::new(false));
        let l2 = limited.clone();
        Mock::given(method("POST"))
            .and(header("x-tc-action", "SendSms"))
            .and(header("x-tc-version", "2021-01-11"))
            .and(header("x-tc-region", "ap-guangzhou"))
            .respond_with(move |r: &Request| {
                let body: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
                let set: Vec<serde_json::Value> = body["PhoneNumberSet"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|p| {
                        let p = p.as_str().unwrap();
                        let code = if p.ends_with("0000") {
                            "InvalidParameterValue.IncorrectPhoneNumber"
                        } else if p.ends_with("9999") && !std::mem::replace(&mut *l2.lock().unwrap(), true) {
                            "LimitExceeded.PhoneNumberThirtySecondLimit"
                        } else {
                            "Ok"
                        };
                        serde_json::json!({"SerialNo": format!("sn-{p}"), "PhoneNumber": p, "Fee": 1, "Code": code, "Message": if code == "Ok" { "send success" } else { "手机号格式错误或频率限制" }, "IsoCode": "CN"})
                    })
                    .collect();
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"Response": {"SendStatusSet": set, "RequestId": "r"}}))
            })
            .with_priority(3)
            .mount(&server)
            .await;
        let key = format!("AKIDStub{}", t.backend_name());
        let g = SmsGatewaySettings {
            kind: "tencent".into(),
            key_id: key.clone(),
            endpoint: server.uri(),
            app_id: "1400006666".into(),
            region: "ap-guangzhou".into(),
            per_second: 50,
        };
        assert!(use_gateway(&w, g, Some("tcSecretKey")).await.secret_stored);
        // The owner is the same rep for every customer: one set of values, one request.
        let tpl_id = provider_template(&w, "腾讯云促销", "您的专属顾问${owner}祝您双十二快乐,全场九折。回T退订", Some("1234567")).await;
        let c = camp::create(
            &w.rep,
            CampaignInput { campaign_name: "腾讯云".into(), template_id: tpl_id, target: Target::Tag(vip), activity_id: None, scheduled_at: None },
        )
        .await
        .unwrap();
        let gw = marketing::gateway(&t.db, "unused".into()).await.unwrap();
        // Four attempts: throttled, 502, the batch, the rate-limited number again.
        let opts = RunOptions { attempts: 4, ..FAST };
        let end = camp::run(&t.db, c.id, gw.as_ref(), opts, &AtomicBool::new(false), &mut |_| {}).await.unwrap();
        assert_eq!(end, RunEnd::Done);
        let done = camp::get(&w.marketer, c.id).await.unwrap();
        assert_eq!((done.status, done.success_count, done.fail_count), (camp::DONE, 4, 1), "partial failure counted per number");
        let got = server.received_requests().await.unwrap();
        // Throttled, 502, the batch of five, then the rate-limited number alone.
        assert_eq!(got.len(), 4);
        for r in &got {
            let headers = vec![("content-type".to_string(), header_of(r, "content-type")), ("host".to_string(), header_of(r, "host"))];
            let ts: i64 = header_of(r, "x-tc-timestamp").parse().unwrap();
            let sig = Tc3 { service: "sms", headers: &headers, payload: &r.body, timestamp: ts };
            assert_eq!(header_of(r, "authorization"), sig.authorization(&key, "tcSecretKey"), "the signature covers what was sent");
        }
        let body: serde_json::Value = serde_json::from_slice(&got[2].body).unwrap();
        assert_eq!(body["PhoneNumberSet"].as_array().unwrap().len(), 5);
        assert!(body["PhoneNumberSet"].as_array().unwrap().iter().all(|p| p.as_str().unwrap().starts_with("+86")));
        assert_eq!(body["SmsSdkAppId"], "1400006666");
        assert_eq!(body["TemplateId"], "1234567");
        assert_eq!(body["SignName"], "云帆科技");
        let owner = body["TemplateParamSet"].as_array().unwrap();
        assert_eq!(owner.len(), 1, "positional: the values in order of first appearance");
        let retry: serde_json::Value = serde_json::from_slice(&got[3].body).unwrap();
        assert_eq!(retry["PhoneNumberSet"], serde_json::json!(["+8613800009999"]));
        let log = camp::details(&w.marketer, c.id, None, PageReq { page: 1, page_size: 50 }).await.unwrap().items;
        let bad = log.iter().find(|d| d.phone == "13800000000").unwrap();
        assert_eq!((bad.status, bad.error_code.as_deref()), (camp::D_FAILED, Some("InvalidParameterValue.IncorrectPhoneNumber")));
        let ok = log.iter().find(|d| d.phone == "13800009999").unwrap();
        assert_eq!((ok.status, ok.provider_msg_id.as_deref()), (camp::D_SUBMITTED, Some("sn-+8613800009999")));
        assert!(ok.content.as_deref().unwrap().contains(owner[0].as_str().unwrap()));

        // A test message to one number, through the same gateway.
        let r = camp::send_test(&w.marketer, gw.as_ref(), tpl_id, "13912345678").await.unwrap();
        assert!(r.submitted, "{r:?}");
        assert_eq!(r.provider_msg_id.as_deref(), Some("sn-+8613912345678"));
        assert!(r.text.starts_with("【云帆科技】您的专属顾问"));
        assert_eq!(refusal(camp::send_test(&w.marketer, gw.as_ref(), tpl_id, "123").await), (ErrorCode::Validation, Some("phone".into())));
        camp::optout_add(&w.marketer, "13912345678").await.unwrap();
        assert_eq!(
            refusal(camp::send_test(&w.marketer, gw.as_ref(), tpl_id, "13912345678").await),
            (ErrorCode::Validation, Some("phone".into())),
            "opt-outs are honoured"
        );
    });
}
