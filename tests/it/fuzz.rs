//! Hostile input against the service layer (what any command receives over IPC):
//! oversized and control-character strings, negative and huge numbers and decimals,
//! extreme dates, other users' ids. Every answer must be Ok or a non-INTERNAL error, no
//! call may panic, and a refused call must leave the database unchanged. Prints what ran.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope, IntentLevel, ProductStatus, RelationKind};
use crm_core::error::{AppError, ErrorCode};
use crm_core::money::Dec;
use crm_core::service::contract::{self, ContractInput, ContractItemInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::follow_up::{self, FollowUpInput};
use crm_core::service::lead::{self, LeadFilter, LeadInput};
use crm_core::service::opportunity::{self, OpportunityInput};
use crm_core::service::product::{self, CategoryInput, ProductInput};
use crm_core::service::quotation::{self, QuotationInput, QuotationItemInput};
use crm_core::service::{search, Ctx, PageReq};
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::{Config, TestRunner};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, Statement};
use std::collections::BTreeMap;
use std::future::Future;

const TABLES: &[&str] = &[
    "crm_customer",
    "crm_lead",
    "crm_opportunity",
    "crm_quotation",
    "crm_quotation_item",
    "crm_contract",
    "crm_contract_item",
    "crm_product",
    "crm_follow_up",
    "sys_operation_log",
];

async fn counts(db: &sea_orm::DatabaseConnection) -> Vec<i64> {
    let mut out = vec![];
    for t in TABLES {
        let row = db.query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) FROM {t}"))).await.unwrap().unwrap();
        out.push(row.try_get_by_index::<i64>(0).unwrap());
    }
    out
}

fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("   ".to_string()),
        "\\PC{0,40}",
        "[\\x00-\\x1f'\";\\\\%_]{0,30}",
        (1usize..4).prop_map(|n| "长".repeat(n * 3000)),
        Just("'; DROP TABLE crm_customer; --".to_string()),
        Just("..\\..\\Startup\\x.bat".to_string()),
    ]
}

fn hostile_opt_text() -> impl Strategy<Value = Option<String>> {
    prop_oneof![Just(None), hostile_text().prop_map(Some)]
}

fn hostile_dec() -> impl Strategy<Value = Dec> {
    prop_oneof![
        (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Dec(Decimal::new(m, s))),
        Just(Dec(Decimal::MAX)),
        Just(Dec(Decimal::MIN)),
        Just(Dec(Decimal::ZERO)),
        (-1000i64..1000).prop_map(|m| Dec(Decimal::new(m, 2))),
    ]
}

fn hostile_id(known: Vec<i64>) -> impl Strategy<Value = i64> {
    prop_oneof![any::<i64>(), Just(0i64), Just(-1i64), Just(i64::MAX), proptest::sample::select(known)]
}

fn hostile_date() -> impl Strategy<Value = chrono::NaiveDate> {
    prop_oneof![
        (-262_000i32..262_000, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or(chrono::NaiveDate::MAX)),
        Just(chrono::NaiveDate::MAX),
        Just(chrono::NaiveDate::MIN),
        (1990i32..2040, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap()),
    ]
}

#[derive(Default)]
struct Tally {
    cases: u64,
    ok: u64,
    errors: BTreeMap<String, u64>,
}

/// Run one call: no panic, no INTERNAL, nothing written when refused.
async fn check<T, F>(db: &sea_orm::DatabaseConnection, tally: &mut Tally, what: &str, fut: F)
where
    T: Send + 'static,
    F: Future<Output = Result<T, AppError>> + Send + 'static,
{
    let before = counts(db).await;
    let outcome = tokio::spawn(fut).await;
    tally.cases += 1;
    let r = match outcome {
        Ok(r) => r,
        Err(e) => panic!("{what} panicked: {e}"),
    };
    match r {
        Ok(_) => tally.ok += 1,
        Err(e) => {
            assert_ne!(e.code(), ErrorCode::Internal, "{what} answered INTERNAL: {e:?}");
            *tally.errors.entry(format!("{:?}", e.code())).or_default() += 1;
            assert_eq!(counts(db).await, before, "{what} was refused ({e:?}) but changed the database");
        }
    }
}

both!(hostile_payloads_never_panic_or_half_write, |t| {
    let db = &t.db;
    let dp = dept(db, "销售部", None).await;
    let r = role(
        db,
        "rep",
        "customer:*,contact:*,follow_up:*,opportunity:*,quotation:*,contract:read,contract:create,contract:update,product:*,lead:*",
        DataScope::Own,
    )
    .await;
    let me = ctx_for(db, user(db, "me", dp, r, None).await).await;
    let other = ctx_for(db, user(db, "other", dp, r, None).await).await;
    // A few real records, mine and someone else's, so ids hit both.
    let mut customers = vec![];
    for (c, name) in [(&me, "我的客户"), (&other, "别人的客户")] {
        let input = CustomerInput {
            customer_name: name.into(),
            customer_type: CustomerType::Enterprise,
            industry: None,
            scale: None,
            address: None,
            status: CustomerStatus::Potential,
            level: None,
            owner_id: None,
            activity_id: None,
        };
        customers.push(customer::create(c, input).await.unwrap().id);
    }
    let cat = product::category_create(&me, CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 }).await.unwrap();
    let prod = product::create(
        &me,
        ProductInput {
            product_name: "标准版".into(),
            category_id: cat,
            specification: None,
            unit: None,
            price: Dec(Decimal::new(199900, 2)),
            cost_price: None,
            status: ProductStatus::OnShelf,
            description: None,
        },
    )
    .await
    .unwrap()
    .id;
    let opp = |c: &Ctx, cid: i64| {
        let c = c.clone();
        async move {
            opportunity::create(
                &c,
                OpportunityInput {
                    customer_id: cid,
                    opportunity_name: "项目".into(),
                    estimated_amount: Dec(Decimal::ONE),
                    stage: None,
                    win_probability: None,
                    expected_close_time: None,
                    product_ids: vec![],
                },
            )
            .await
            .unwrap()
            .id
        }
    };
    let opps = vec![opp(&me, customers[0]).await, opp(&other, customers[1]).await];
    // CRM_FUZZ_CASES=N for a longer run; the seed is random, failures print the input.
    let default = if t.backend == common::Backend::Sqlite { 40 } else { 20 };
    let cases: u32 = std::env::var("CRM_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default);
    let mut runner = TestRunner::new(Config { cases, rng_algorithm: proptest::test_runner::RngAlgorithm::ChaCha, ..Config::default() });
    let mut tally = Tally::default();
    let ids = [customers.clone(), opps.clone(), vec![prod]].concat();
    for _ in 0..cases {
        let s = (
            hostile_text(),
            hostile_opt_text(),
            hostile_opt_text(),
            hostile_dec(),
            hostile_dec(),
            hostile_dec(),
            hostile_id(ids.clone()),
            hostile_date(),
            hostile_text(),
        );
        let (text, opt1, opt2, d1, d2, d3, id, date, q) = s.new_tree(&mut runner).unwrap().current();
        let m = me.clone();
        let input = CustomerInput {
            customer_name: text.clone(),
            customer_type: CustomerType::Personal,
            industry: opt1.clone(),
            scale: opt2.clone(),
            address: opt1.clone(),
            status: CustomerStatus::Lost,
            level: None,
            owner_id: Some(id),
            activity_id: None,
        };
        check(db, &mut tally, "customer::create", async move { customer::create(&m, input).await }).await;
        let (m, input) = (
            me.clone(),
            CustomerInput {
                customer_name: text.clone(),
                customer_type: CustomerType::Enterprise,
                industry: opt2.clone(),
                scale: None,
                address: None,
                status: CustomerStatus::Deal,
                level: None,
                owner_id: None,
                activity_id: None,
            },
        );
        check(db, &mut tally, "customer::update", async move { customer::update(&m, id, input).await }).await;
        let m = me.clone();
        let lead_in = LeadInput {
            lead_name: text.clone(),
            phone: opt1.clone(),
            company: opt2.clone(),
            position: opt1.clone(),
            source: opt2.clone(),
            intent_product: opt1.clone(),
            intent_level: Some(IntentLevel::High),
            remark: opt2.clone(),
            pool_id: Some(id),
            to_pool: id % 2 == 0,
            activity_id: None,
        };
        check(db, &mut tally, "lead::create", async move { lead::create(&m, lead_in).await }).await;
        let m = me.clone();
        let f = LeadFilter { keyword: Some(q.clone()), created_from: Some(date), created_to: Some(date), ..Default::default() };
        check(db, &mut tally, "lead::list", async move {
            lead::list(&m, f, PageReq { page: id.unsigned_abs(), page_size: d1.inner().mantissa().unsigned_abs() as u64 }).await
        })
        .await;
        let m = me.clone();
        let oi = OpportunityInput {
            customer_id: id,
            opportunity_name: text.clone(),
            estimated_amount: d1,
            stage: opt1.clone(),
            win_probability: Some(id as i32),
            expected_close_time: Some(date),
            product_ids: vec![id, prod],
        };
        check(db, &mut tally, "opportunity::create", async move { opportunity::create(&m, oi).await }).await;
        let m = me.clone();
        let item = QuotationItemInput {
            product_id: if id % 3 == 0 { prod } else { id },
            specification: opt1.clone(),
            quantity: d1,
            unit: text.clone(),
            unit_price: d2,
            discount: d3,
        };
        let qi = QuotationInput {
            opportunity_id: if id % 2 == 0 { opps[0] } else { id },
            valid_until: Some(date),
            remark: opt2.clone(),
            items: vec![item.clone(), item],
        };
        check(db, &mut tally, "quotation::create", async move { quotation::create(&m, qi).await }).await;
        let m = me.clone();
        let ci = ContractInput {
            customer_id: if id % 2 == 0 { customers[0] } else { id },
            opportunity_id: Some(id),
            contract_name: text.clone(),
            sign_date: date,
            start_date: Some(date),
            end_date: Some(chrono::NaiveDate::MIN),
            remark: opt1.clone(),
            items: vec![ContractItemInput { product_id: prod, specification: opt2.clone(), quantity: d2, unit: "套".into(), unit_price: d3 }],
        };
        check(db, &mut tally, "contract::create", async move { contract::create(&m, ci).await }).await;
        let m = me.clone();
        let fi = FollowUpInput {
            relation_type: if id % 2 == 0 { RelationKind::Lead } else { RelationKind::Customer },
            relation_id: id,
            follow_type: text.clone(),
            content: q.clone(),
            next_follow_time: date.and_hms_opt(0, 0, 0),
            next_content: opt1.clone(),
        };
        check(db, &mut tally, "follow_up::create", async move { follow_up::create(&m, fi).await }).await;
        let m = me.clone();
        check(db, &mut tally, "search", async move { search::search(&m, &q, 6).await }).await;
        let m = me.clone();
        check(db, &mut tally, "customer::transfer", async move { customer::transfer(&m, id, id).await }).await;
    }
    println!("fuzz ({:?}): {} cases, {} ok, errors by code {:?}, panics 0, INTERNAL 0", t.backend, tally.cases, tally.ok, tally.errors);
    assert!(tally.errors.values().sum::<u64>() > 0, "hostile input must be refused somewhere");
});
