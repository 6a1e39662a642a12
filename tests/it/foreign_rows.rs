//! Rows written by other tools with only the seed's columns (a DBA's SQL, an ERP sync):
//! every seed table the app has a feature for is opened through the service layer
//! (list and get), printed where it has a PDF, and run through the sweep, the to-do and
//! the roll-up pass. Nothing errors, and what is shown equals what was inserted; a NULL
//! in an addition column never breaks a page. Both backends.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{DataScope, RelationKind};
use crm_core::error::Locale;
use crm_core::service::{
    activity, contact, contract, customer, follow_up, lead, opportunity, print, product, quotation, receivable, rollup, sea, todo, util, work_order, PageReq,
};
use sea_orm::{ConnectionTrait, DatabaseConnection};

/// Insert with plain SQL and return the new id (the newest row of `table`).
async fn insert(db: &DatabaseConnection, table: &str, cols: &str, values: &str) -> i64 {
    db.execute_unprepared(&format!("INSERT INTO {table} ({cols}) VALUES ({values})")).await.unwrap_or_else(|e| panic!("{table}: {e}"));
    db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), format!("SELECT MAX(id) FROM {table}")))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
}

/// A decimal by value (SQLite keeps a number written by SQL as its shortest text, 88000.1).
fn v(s: &str) -> rust_decimal::Decimal {
    s.parse().unwrap()
}

fn pdf_text(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF") && bytes.len() > 1000
}

both!(rows_with_only_the_seed_columns_work_everywhere, |t| {
    let d = dept(&t.db, "总部", None).await;
    let r = role(&t.db, "admin", "*", DataScope::All).await;
    let me = user(&t.db, "admin", d, r, None).await;
    let ctx = ctx_for(&t.db, me).await;
    let db = &t.db;
    let today = chrono::Local::now().date_naive();

    let cat = insert(db, "crm_product_category", "category_name", "'外部分类'").await;
    let prod = insert(db, "crm_product", "product_name, category_id, price", &format!("'外部产品', {cat}, 1234.5678")).await;
    let p = product::get(&ctx, prod).await.unwrap();
    assert_eq!((p.product_name.as_str(), p.price.inner()), ("外部产品", v("1234.5678")));
    assert!(product::list(&ctx, Default::default(), PageReq::default()).await.unwrap().items.iter().any(|x| x.id == prod));

    let cust = insert(db, "crm_customer", "customer_name, customer_type, owner_id, created_by", &format!("'外部客户有限公司', 2, {me}, {me}")).await;
    let c = customer::get(&ctx, cust).await.unwrap();
    assert_eq!((c.customer_name.as_str(), c.owner_id), ("外部客户有限公司", me));
    assert!(customer::list(&ctx, Default::default(), PageReq::default()).await.unwrap().items.iter().any(|x| x.id == cust));

    let ct = insert(db, "crm_contact", "customer_id, contact_name, phone", &format!("{cust}, '王外部', '13811112222'")).await;
    let cs = contact::list(&ctx, cust).await.unwrap();
    assert_eq!(cs.iter().find(|x| x.id == ct).map(|x| x.phone.clone()), Some("13811112222".to_string()));

    let pool = insert(db, "crm_lead_pool", "pool_name", "'外部线索池'").await;
    let ld = insert(db, "crm_lead", "lead_name, phone, pool_id, owner_id, created_by", &format!("'外部线索', '13922223333', {pool}, {me}, {me}")).await;
    assert_eq!(lead::get(&ctx, ld).await.unwrap().lead_name, "外部线索");
    assert!(lead::list(&ctx, Default::default(), PageReq::default()).await.unwrap().items.iter().any(|x| x.id == ld));

    let fu = insert(
        db,
        "crm_follow_up",
        "relation_type, relation_id, follow_type, content, created_by",
        &format!("'customer', {cust}, '电话', '外部系统记录的跟进', {me}"),
    )
    .await;
    let fl = follow_up::list(&ctx, RelationKind::Customer, cust, PageReq::default()).await.unwrap();
    assert_eq!(fl.items.iter().find(|x| x.id == fu).map(|x| x.content.clone()), Some("外部系统记录的跟进".to_string()));

    let opp = insert(
        db,
        "crm_opportunity",
        "customer_id, opportunity_name, estimated_amount, stage, owner_id",
        &format!("{cust}, '外部商机', 88000.10, '外部阶段', {me}"),
    )
    .await;
    let o = opportunity::get(&ctx, opp).await.unwrap();
    assert_eq!((o.opportunity_name.as_str(), o.estimated_amount.inner()), ("外部商机", v("88000.10")));
    assert!(opportunity::list(&ctx, Default::default(), PageReq::default()).await.unwrap().items.iter().any(|x| x.id == opp));

    let q =
        insert(db, "crm_quotation", "quotation_no, opportunity_id, customer_id, total_amount, created_by", &format!("'EXT-Q-1', {opp}, {cust}, 2469.14, {me}"))
            .await;
    insert(db, "crm_quotation_item", "quotation_id, product_id, quantity, unit, unit_price, amount", &format!("{q}, {prod}, 2, '套', 1234.5678, 2469.14"))
        .await;
    let qr = quotation::get(&ctx, q).await.unwrap();
    assert_eq!((qr.quotation_no.as_str(), qr.total_amount.inner(), qr.items.len()), ("EXT-Q-1", v("2469.14"), 1));
    assert!(quotation::list(&ctx, Default::default(), PageReq::default()).await.unwrap().items.iter().any(|x| x.id == q));
    assert!(pdf_text(&print::quotation_pdf(&ctx, q, Locale::ZhCn).await.unwrap().1));

    let k = insert(
        db,
        "crm_contract",
        "contract_no, customer_id, contract_name, sign_date, total_amount, status, created_by",
        &format!("'EXT-HT-1', {cust}, '外部合同', '{today}', 2469.14, 3, {me}"),
    )
    .await;
    insert(db, "crm_contract_item", "contract_id, product_id, quantity, unit, unit_price, amount", &format!("{k}, {prod}, 2, '套', 1234.5678, 2469.14")).await;
    insert(db, "crm_payment_plan", "contract_id, plan_amount, plan_date", &format!("{k}, 1000.00, '{}'", today - chrono::Duration::days(3))).await;
    let pay = insert(
        db,
        "crm_payment_record",
        "contract_id, payment_no, payment_amount, payment_date, created_by",
        &format!("{k}, 'EXT-PAY-1', 600.00, '{today}', {me}"),
    )
    .await;
    insert(db, "crm_invoice", "invoice_no, contract_id, invoice_type, amount, issue_date", &format!("'EXT-FP-1', {k}, '增值税普通发票', 800.00, '{today}'"))
        .await;
    // The money is read from the rows at once, before any catch-up.
    let kr = contract::get(&ctx, k).await.unwrap();
    let m = kr.money.clone().unwrap();
    assert_eq!((kr.contract_no.as_str(), kr.items.len()), ("EXT-HT-1", 1));
    assert_eq!((m.received.inner(), m.invoiced.inner(), m.outstanding.inner()), (v("600"), v("800"), v("1869.14")));
    assert_eq!(m.overdue_days, Some(3), "a plan inserted without a status is unpaid and 3 days late");
    assert!(pdf_text(&print::contract_pdf(&ctx, k, Locale::ZhCn).await.unwrap().1));
    assert!(pdf_text(&print::receipt_pdf(&ctx, pay, Locale::ZhCn).await.unwrap().1), "a receipt inserted without a status counts as confirmed");
    let tab = receivable::of_contract(&ctx, k).await.unwrap();
    assert_eq!((tab.plans.len(), tab.receipts.len(), tab.invoices.len()), (1, 1, 1));
    assert!(pdf_text(&print::statement_pdf(&ctx, cust, today - chrono::Duration::days(30), today, Locale::ZhCn).await.unwrap().1));
    // The pass brings the cached columns in line; the lists then agree with the rows.
    rollup::catch_up(db).await.unwrap();
    let tot = contract::totals(&ctx, contract::ContractFilter { customer_id: Some(cust), ..Default::default() }).await.unwrap();
    assert_eq!((tot.count, tot.received.inner(), tot.invoiced.inner()), (1, v("600"), v("800")));
    let late =
        contract::list(&ctx, contract::ContractFilter { collection: Some(contract::CollectionFilter::Overdue), ..Default::default() }, PageReq::default())
            .await
            .unwrap();
    assert_eq!(late.items.iter().map(|c| c.id).collect::<Vec<_>>(), vec![k]);

    // The customer's activity tabs: a session, a visit plan and a return visit inserted by
    // SQL show with their values; the seed's default statuses are planned / pending.
    let now_s = util::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let ses = insert(db, "crm_customer_session", "customer_id, session_type, session_time, created_by", &format!("{cust}, '微信', '{now_s}', {me}")).await;
    let sr = activity::sessions(&ctx, cust).await.unwrap();
    assert_eq!(sr.iter().find(|x| x.id == ses).map(|x| (x.session_type.clone(), x.content.clone())), Some(("微信".into(), None)));
    let vp = insert(db, "crm_visit_plan", "customer_id, visit_purpose, visit_time, created_by", &format!("{cust}, '外部系统排的拜访', '{now_s}', {me}")).await;
    let vr = activity::visits(&ctx, cust).await.unwrap();
    let vrow = vr.iter().find(|x| x.id == vp).expect("the visit plan is listed");
    assert_eq!((vrow.visit_purpose.as_str(), vrow.status), ("外部系统排的拜访", crm_core::entity::enums::VisitPlanStatus::Planned));
    let rv =
        insert(db, "crm_return_visit", "customer_id, contract_id, visit_type, plan_time, created_by", &format!("{cust}, {k}, '电话', '{now_s}', {me}")).await;
    let rr = activity::return_visits(&ctx, cust).await.unwrap();
    let rrow = rr.iter().find(|x| x.id == rv).expect("the return visit is listed");
    assert_eq!((rrow.contract_no.as_deref(), rrow.status), (Some("EXT-HT-1"), crm_core::entity::enums::ReturnVisitStatus::Pending));

    // A work order with only the seed's columns: no SLA clocks until the pass gives them,
    // listed, opened and counted either way.
    let wo = insert(
        db,
        "crm_work_order",
        "order_no, customer_id, order_type, title, content, created_by",
        &format!("'EXT-GD-1', {cust}, '投诉', '外部工单', '客服系统转入', {me}"),
    )
    .await;
    let wd = work_order::get(&ctx, wo).await.unwrap();
    assert_eq!((wd.order.order_no.as_str(), wd.order.title.as_str(), wd.content.as_str()), ("EXT-GD-1", "外部工单", "客服系统转入"));
    assert_eq!(wd.order.customer_name.as_deref(), Some("外部客户有限公司"));
    let wl = work_order::list(&ctx, Default::default(), PageReq::default()).await.unwrap();
    assert!(wl.items.iter().any(|x| x.id == wo));
    work_order::catch_up(db).await.unwrap();
    work_order::repair(db).await.unwrap();
    let wd = work_order::get(&ctx, wo).await.unwrap();
    assert!(wd.order.resolve_due_at.is_some(), "the pass gives an order written by SQL its deadlines");
    work_order::board(&ctx, 480).await.unwrap();
    work_order::todo_list(&ctx).await.unwrap();

    // The sweep, the to-do and the aging view run over all of it.
    sea::sweep(db, util::now()).await.unwrap();
    todo::todo_counts(&ctx, 0).await.unwrap();
    todo::todo_board(&ctx, 0).await.unwrap();
    let aging = receivable::aging(&ctx, receivable::AgingBy::Customer).await.unwrap();
    assert_eq!(aging.totals.total.inner(), v("400"), "the plan's 1000 less the unlinked 600");
});
