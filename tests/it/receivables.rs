//! Receivables: payment plans, receipts (confirmation, corrections), invoices (requests,
//! voiding, buyer details), contract roll-ups; exact sums under races; a property test
//! comparing the roll-ups with a reference computed from the operations. Both backends.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{ContractStatus, CustomerStatus, CustomerType, DataScope, InvoiceStatus, PaymentPlanStatus, ProductStatus, ReceiptStatus};
use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::money::Dec;
use crm_core::service::contract::{self, ContractInput, ContractItemInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::product::{self, CategoryInput, ProductInput};
use crm_core::service::receivable::{self as rcv, BuyerInfo, InvoiceInput, InvoiceRequestInput, PlanInput, ReceiptInput, ReceivableSettings, SplitInput};
use crm_core::service::{rollup, Ctx};
use proptest::prelude::*;
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, EntityTrait};

fn d(s: &str) -> Dec {
    s.parse().unwrap()
}

const REP: &str =
    "customer:*,contract:read,contract:create,contract:update,payment:read,payment:create,payment:update,payment:delete,invoice:read,invoice:request";
const MGR: &str = "customer:*,contract:*,product:*";
const FIN: &str = "customer:read,contract:read,payment:*,invoice:*,settings:update";

struct World {
    rep: Ctx,
    fin: Ctx,
    fin2: Ctx,
    mgr: Ctx,
    customer: i64,
    product: i64,
}

async fn world(t: &common::TestDb) -> World {
    let dp = dept(&t.db, "销售部", None).await;
    let r = role(&t.db, "rep", REP, DataScope::Own).await;
    let m = role(&t.db, "mgr", MGR, DataScope::Department).await;
    let f = role(&t.db, "fin", FIN, DataScope::All).await;
    let mgr_id = user(&t.db, "mgr", dp, m, None).await;
    let rep_id = user(&t.db, "rep", dp, r, Some(mgr_id)).await;
    let fin_id = user(&t.db, "fin", dp, f, None).await;
    let fin2_id = user(&t.db, "fin2", dp, f, None).await;
    let (rep, mgr, fin, fin2) = (ctx_for(&t.db, rep_id).await, ctx_for(&t.db, mgr_id).await, ctx_for(&t.db, fin_id).await, ctx_for(&t.db, fin2_id).await);
    let cat = product::category_create(&mgr, CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 }).await.unwrap();
    let p = product::create(
        &mgr,
        ProductInput {
            product_name: "CRM 标准版".into(),
            category_id: cat,
            specification: None,
            unit: Some("套".into()),
            price: d("1000"),
            cost_price: None,
            status: ProductStatus::OnShelf,
            description: None,
        },
    )
    .await
    .unwrap();
    let c = customer::create(
        &rep,
        CustomerInput {
            customer_name: "杭州云帆科技有限公司".into(),
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
    .unwrap();
    World { rep, fin, fin2, mgr, customer: c.id, product: p.id }
}

/// An approved contract of `total` yuan (quantity 1 at that price).
async fn approved_contract(w: &World, total: &str) -> i64 {
    let k = contract::create(
        &w.rep,
        ContractInput {
            customer_id: w.customer,
            opportunity_id: None,
            contract_name: "年度订阅合同".into(),
            sign_date: chrono::Local::now().date_naive(),
            start_date: None,
            end_date: None,
            remark: None,
            items: vec![ContractItemInput { product_id: w.product, specification: None, quantity: d("1"), unit: "套".into(), unit_price: d(total) }],
        },
    )
    .await
    .unwrap();
    contract::approve(&w.mgr, k.id).await.unwrap();
    k.id
}

fn receipt(amount: &str, plan: Option<i64>) -> ReceiptInput {
    ReceiptInput {
        plan_id: plan,
        payment_amount: d(amount),
        payment_date: chrono::Local::now().date_naive(),
        payment_method: Some("银行转账".into()),
        remark: None,
    }
}

fn buyer() -> BuyerInfo {
    BuyerInfo {
        title: "杭州云帆科技有限公司".into(),
        tax_no: Some("91350100M000100Y43".into()),
        buyer_address_phone: Some("杭州市文三路 100 号 0571-88888888".into()),
        buyer_bank_account: Some("招商银行杭州分行 571900000000001".into()),
    }
}

fn field(e: &AppError) -> Option<String> {
    e.to_api(Locale::ZhCn).field
}

both!(plans_receipts_and_roll_ups, |t| {
    let w = world(t).await;
    let k = approved_contract(&w, "10000.00").await;
    let today = chrono::Local::now().date_naive();
    // Split the whole contract into 3 periods: the rounding cent on the last.
    let plans = rcv::plan_split(&w.rep, k, SplitInput { periods: 3, first_date: today, interval_months: 1, amount: None, terms: None }).await.unwrap();
    let amounts: Vec<Dec> = plans.iter().map(|p| p.plan_amount).collect();
    assert_eq!(amounts, vec![d("3333.33"), d("3333.33"), d("3333.34")]);
    assert_eq!(plans.iter().map(|p| p.payment_term.clone().unwrap()).collect::<Vec<_>>(), ["首付", "第2期", "尾款"]);
    // The terms the user saw (or typed) in the preview are what is saved; blanks get the default.
    let k2 = approved_contract(&w, "100.00").await;
    let split = |terms: Vec<&str>| SplitInput {
        periods: 2,
        first_date: today,
        interval_months: 3,
        amount: None,
        terms: Some(terms.into_iter().map(String::from).collect()),
    };
    let e = rcv::plan_split(&w.rep, k2, split(vec!["Down payment"])).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("terms"));
    let p2 = rcv::plan_split(&w.rep, k2, split(vec!["Down payment", " "])).await.unwrap();
    assert_eq!(p2.iter().map(|p| p.payment_term.clone().unwrap()).collect::<Vec<_>>(), ["Down payment", "尾款"]);
    assert_eq!(p2[1].plan_date, today.checked_add_months(chrono::Months::new(3)).unwrap());
    // Nothing left to plan: the error names the remaining amount.
    let e = rcv::plan_create(&w.rep, k, PlanInput { plan_amount: d("0.01"), plan_date: today, payment_term: None }).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("planAmount"));
    assert!(e.to_api(Locale::ZhCn).message.contains("剩余可计划 0.00 元"), "{}", e.to_api(Locale::ZhCn).message);

    // A receipt for period 1 waits for finance; its recorder cannot confirm it.
    let r1 = rcv::receipt_create(&w.rep, k, receipt("3333.33", Some(plans[0].id))).await.unwrap();
    assert_eq!(r1.status, ReceiptStatus::Pending);
    assert!(r1.payment_no.starts_with("PAY") || !r1.payment_no.is_empty());
    let money = rcv::of_contract(&w.rep, k).await.unwrap().money;
    assert_eq!((money.received, money.pending), (d("0.00"), d("3333.33")), "pending receipts do not count yet");
    let r_fin = rcv::receipt_create(&w.fin, k, receipt("1.00", None)).await.unwrap();
    let e = rcv::receipt_confirm(&w.fin, r_fin.id).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("confirmedBy"), "the confirmer is not the creator");
    rcv::receipt_delete(&w.fin, r_fin.id).await.unwrap();
    let e = rcv::receipt_confirm(&w.rep, r1.id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Forbidden, "reps cannot confirm");
    let c1 = rcv::receipt_confirm(&w.fin, r1.id).await.unwrap();
    assert_eq!((c1.status, c1.confirmed_by_name.as_deref()), (ReceiptStatus::Confirmed, Some("用户fin")));
    let all = rcv::of_contract(&w.rep, k).await.unwrap();
    assert_eq!(all.plans[0].status, PaymentPlanStatus::Paid);
    assert_eq!(all.plans[0].received, d("3333.33"));
    assert_eq!(all.money.received, d("3333.33"));
    assert_eq!(all.money.outstanding, d("6666.67"));
    assert_eq!(all.money.progress_pct, d("33.33"));
    assert_eq!(all.money.next_plan_date, Some(plans[1].plan_date));
    assert_eq!(all.money.overdue_days, None);
    // Confirmed receipts are never deleted; they are corrected by a negative entry.
    let e = rcv::receipt_delete(&w.rep, r1.id).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    let e = rcv::receipt_correct(&w.fin, r1.id, " ").await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("reason"));
    let corr = rcv::receipt_correct(&w.fin, r1.id, "客户汇款退回").await.unwrap();
    assert_eq!((corr.payment_amount, corr.reverses_id), (d("-3333.33"), Some(r1.id)));
    assert_eq!(
        crate::common::refusal(rcv::receipt_correct(&w.fin, r1.id, "再次冲销").await),
        (crm_core::error::ErrorCode::Conflict, Some("status".into())),
        "only once"
    );
    let all = rcv::of_contract(&w.rep, k).await.unwrap();
    assert_eq!(all.money.received, d("0.00"));
    assert_eq!(all.plans[0].status, PaymentPlanStatus::Unpaid, "the plan status follows the correction");
    assert!(all.receipts.iter().find(|r| r.id == r1.id).unwrap().reversed);
    // A plan with receipts cannot be deleted, nor drop below what was received.
    let r2 = rcv::receipt_create(&w.rep, k, receipt("1000.00", Some(plans[1].id))).await.unwrap();
    rcv::receipt_confirm(&w.fin, r2.id).await.unwrap();
    assert_eq!(rcv::of_contract(&w.rep, k).await.unwrap().plans[1].status, PaymentPlanStatus::Partial);
    assert_eq!(rcv::plan_delete(&w.rep, plans[1].id).await.unwrap_err().code(), ErrorCode::Conflict);
    let e = rcv::plan_update(&w.rep, plans[1].id, PlanInput { plan_amount: d("999.99"), plan_date: today, payment_term: None }).await.unwrap_err();
    assert!(e.to_api(Locale::ZhCn).message.contains("1000.00"), "{}", e.to_api(Locale::ZhCn).message);
    rcv::plan_delete(&w.rep, plans[2].id).await.unwrap();

    // Σ receipts ≤ total (pending ones included), unless the setting allows over-collection.
    let e = rcv::receipt_create(&w.rep, k, receipt("9000.01", None)).await.unwrap_err();
    assert!(e.to_api(Locale::ZhCn).message.contains("剩余可回款 9000.00 元"), "{}", e.to_api(Locale::ZhCn).message);
    rcv::set_settings(&w.fin, ReceivableSettings { allow_over_collection: true, due_soon_days: 7 }).await.unwrap();
    rcv::receipt_create(&w.rep, k, receipt("9000.01", None)).await.unwrap();

    // Receipts and invoices need an approved or signed contract; plans refuse a terminated one.
    let draft = contract::create(
        &w.rep,
        ContractInput {
            customer_id: w.customer,
            opportunity_id: None,
            contract_name: "草稿合同".into(),
            sign_date: today,
            start_date: None,
            end_date: None,
            remark: None,
            items: vec![ContractItemInput { product_id: w.product, specification: None, quantity: d("1"), unit: "套".into(), unit_price: d("10") }],
        },
    )
    .await
    .unwrap();
    assert_eq!(field(&rcv::receipt_create(&w.rep, draft.id, receipt("1", None)).await.unwrap_err()).as_deref(), Some("contractId"));
    rcv::plan_create(&w.rep, draft.id, PlanInput { plan_amount: d("10"), plan_date: today, payment_term: None }).await.expect("drafts may hold plans");
    assert_eq!(contract::get(&w.rep, draft.id).await.unwrap().status, ContractStatus::Draft);
});

both!(invoices_requests_and_voiding, |t| {
    let w = world(t).await;
    let k = approved_contract(&w, "5000.00").await;
    let today = chrono::Local::now().date_naive();
    // A special VAT invoice needs every buyer detail and a valid credit code.
    let mut bad = buyer();
    bad.tax_no = Some("91350100M000100Y44".into());
    let e = rcv::request_create(&w.rep, k, InvoiceRequestInput { invoice_type: "增值税专用发票".into(), amount: d("3000"), buyer: bad, remark: None })
        .await
        .unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("taxNo"));
    let mut no_bank = buyer();
    no_bank.buyer_bank_account = None;
    let e =
        rcv::request_create(&w.rep, k, InvoiceRequestInput { invoice_type: "增值税专用发票".into(), amount: d("3000"), buyer: no_bank.clone(), remark: None })
            .await
            .unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("buyerBankAccount"));
    // An ordinary invoice does not.
    rcv::request_create(&w.rep, k, InvoiceRequestInput { invoice_type: "增值税普通发票".into(), amount: d("100"), buyer: no_bank, remark: None })
        .await
        .unwrap();
    // A rep asks; it waits in finance's list; finance issues it (invoicing before payment is fine).
    let req = rcv::request_create(
        &w.rep,
        k,
        InvoiceRequestInput { invoice_type: "增值税专用发票".into(), amount: d("3000"), buyer: buyer(), remark: Some("请尽快".into()) },
    )
    .await
    .unwrap();
    let waiting = rcv::requests_pending(&w.fin).await.unwrap();
    assert_eq!(waiting.len(), 2);
    assert_eq!(waiting[1].requested_by_name.as_deref(), Some("用户rep"));
    assert_eq!(rcv::requests_pending(&w.rep).await.unwrap_err().code(), ErrorCode::Forbidden);
    // Requests count against the total while they wait.
    let e = rcv::request_create(&w.rep, k, InvoiceRequestInput { invoice_type: "电子发票".into(), amount: d("1900.01"), buyer: buyer(), remark: None })
        .await
        .unwrap_err();
    assert!(e.to_api(Locale::ZhCn).message.contains("剩余可开票 1900.00 元"), "{}", e.to_api(Locale::ZhCn).message);
    let inv = rcv::invoice_create(
        &w.fin,
        k,
        InvoiceInput {
            invoice_no: "04400001".into(),
            invoice_type: "增值税专用发票".into(),
            amount: d("3000"),
            issue_date: today,
            payment_id: None,
            buyer: buyer(),
            request_id: Some(req.id),
        },
    )
    .await
    .unwrap();
    assert_eq!(inv.status, InvoiceStatus::Issued);
    assert_eq!(rcv::requests_pending(&w.fin).await.unwrap().len(), 1, "the issued request left the to-do");
    // The same invoice number twice is a conflict on the field.
    let dup = rcv::invoice_create(
        &w.fin,
        k,
        InvoiceInput {
            invoice_no: "04400001".into(),
            invoice_type: "电子发票".into(),
            amount: d("1"),
            issue_date: today,
            payment_id: None,
            buyer: buyer(),
            request_id: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!((dup.code(), field(&dup).as_deref()), (ErrorCode::Conflict, Some("invoiceNo")));
    let money = rcv::of_contract(&w.rep, k).await.unwrap().money;
    assert_eq!((money.invoiced, money.uninvoiced, money.invoiced_unpaid, money.paid_uninvoiced), (d("3000.00"), d("2000.00"), d("3000.00"), d("0.00")));
    // Forward only; void keeps the row and leaves the totals.
    assert_eq!(rcv::invoice_advance(&w.fin, inv.id, InvoiceStatus::Certified).await.unwrap_err().code(), ErrorCode::Conflict);
    rcv::invoice_advance(&w.fin, inv.id, InvoiceStatus::Delivered).await.unwrap();
    assert_eq!(rcv::invoice_advance(&w.fin, inv.id, InvoiceStatus::Issued).await.unwrap_err().code(), ErrorCode::Conflict);
    let v = rcv::invoice_void(&w.fin, inv.id, "抬头有误,红冲").await.unwrap();
    assert_eq!((v.status, v.void_reason.as_deref()), (InvoiceStatus::Voided, Some("抬头有误,红冲")));
    assert_eq!(
        crate::common::refusal(rcv::invoice_advance(&w.fin, inv.id, InvoiceStatus::Certified).await),
        (crm_core::error::ErrorCode::Conflict, Some("status".into()))
    );
    let all = rcv::of_contract(&w.rep, k).await.unwrap();
    assert_eq!(all.money.invoiced, d("0.00"));
    assert_eq!(all.invoices.len(), 1, "the voided invoice is kept");
    // The customer's buyer details were remembered and are prefilled.
    assert_eq!(rcv::buyer_of(&w.rep, w.customer).await.unwrap().tax_no.as_deref(), Some("91350100M000100Y43"));
    // Finance may reject a request with a reason.
    let pending = rcv::requests_pending(&w.fin).await.unwrap();
    rcv::request_reject(&w.fin, pending[0].id, "金额与合同不符").await.unwrap();
    assert!(rcv::requests_pending(&w.fin).await.unwrap().is_empty());
    assert_eq!(rcv::request_reject(&w.fin, pending[0].id, "再次").await.unwrap_err().code(), ErrorCode::Conflict);
});

// Receipts on one contract from many desktops at once: the sum never passes the total,
// and the numbers are distinct and gap-free.
both!(concurrent_receipts_stay_within_the_total, |t| {
    let w = world(t).await;
    let k = approved_contract(&w, "800.00").await;
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let ctx = w.rep.clone();
        tasks.push(tokio::spawn(async move {
            let ctx = ctx;
            let input = receipt("100.00", None);
            rcv::receipt_create(&ctx, k, input).await
        }));
    }
    let mut ok = Vec::new();
    let mut refused = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(r) => ok.push(r),
            Err(e) => {
                assert!(matches!(e.code(), ErrorCode::Validation | ErrorCode::Conflict), "{e:?}");
                refused += 1;
            }
        }
    }
    assert_eq!(ok.len(), 8, "exactly the total: 8 × 100 of 800");
    assert_eq!(refused, 4);
    let mut seqs: Vec<u32> = ok.iter().map(|r| r.payment_no[r.payment_no.len() - 4..].parse().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=8).collect::<Vec<u32>>(), "distinct, gap-free numbers");
    let total: Decimal = rcv::of_contract(&w.rep, k).await.unwrap().receipts.iter().map(|r| r.payment_amount.inner()).sum();
    assert_eq!(total, Decimal::from(800));
});

/// One operation of the property test.
#[derive(Clone, Debug)]
enum Op {
    Plan(u32),
    Receipt(u32, bool),
    Confirm(usize),
    Correct(usize),
    Invoice(u32),
    Void(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (1u32..400).prop_map(Op::Plan),
        (1u32..400, any::<bool>()).prop_map(|(a, p)| Op::Receipt(a, p)),
        (0usize..8).prop_map(Op::Confirm),
        (0usize..8).prop_map(Op::Correct),
        (1u32..400).prop_map(Op::Invoice),
        (0usize..8).prop_map(Op::Void),
    ]
}

/// Run `ops` on a fresh 1000-yuan contract; compare the roll-ups with a reference model.
async fn run_ops(t: &common::TestDb, ops: Vec<Op>) {
    let w = world(t).await;
    let total = Decimal::from(1000);
    let k = approved_contract(&w, "1000.00").await;
    let today = chrono::Local::now().date_naive();
    // Reference: plans (amount), receipts (amount, plan, confirmed), invoices (amount, void).
    let mut plans: Vec<(i64, Decimal)> = vec![];
    let mut receipts: Vec<(i64, Decimal, Option<i64>, bool, bool)> = vec![]; // id, amount, plan, confirmed, corrected
    let mut invoices: Vec<(i64, Decimal, bool)> = vec![];
    for (n, o) in ops.into_iter().enumerate() {
        match o {
            Op::Plan(a) => {
                let a = Decimal::from(a);
                let r = rcv::plan_create(&w.rep, k, PlanInput { plan_amount: Dec::new(a), plan_date: today, payment_term: None }).await;
                let fits = plans.iter().map(|p| p.1).sum::<Decimal>() + a <= total;
                assert_eq!(r.is_ok(), fits, "plan {a}: {r:?}");
                if let Ok(p) = r {
                    plans.push((p.id, a));
                }
            }
            Op::Receipt(a, on_plan) => {
                let a = Decimal::from(a);
                let plan = if on_plan { plans.last().map(|p| p.0) } else { None };
                let r = rcv::receipt_create(
                    &w.rep,
                    k,
                    ReceiptInput { plan_id: plan, payment_amount: Dec::new(a), payment_date: today, payment_method: None, remark: None },
                )
                .await;
                let fits = receipts.iter().map(|r| r.1).sum::<Decimal>() + a <= total;
                assert_eq!(r.is_ok(), fits, "receipt {a}: {r:?}");
                if let Ok(r) = r {
                    receipts.push((r.id, a, plan, false, false));
                }
            }
            Op::Confirm(i) => {
                if let Some(r) = receipts.get_mut(i) {
                    let res = rcv::receipt_confirm(&w.fin, r.0).await;
                    assert_eq!(res.is_ok(), !r.3, "confirm #{i}");
                    r.3 = true;
                }
            }
            Op::Correct(i) => {
                if let Some(r) = receipts.get(i).cloned() {
                    let res = rcv::receipt_correct(&w.fin2, r.0, &format!("更正 {n}")).await;
                    let allowed = r.3 && !r.4 && r.1 > Decimal::ZERO;
                    assert_eq!(res.is_ok(), allowed, "correct #{i} {r:?}: {res:?}");
                    if let Ok(c) = res {
                        receipts[i].4 = true;
                        receipts.push((c.id, -r.1, r.2, true, true));
                    }
                }
            }
            Op::Invoice(a) => {
                let a = Decimal::from(a);
                let r = rcv::invoice_create(
                    &w.fin,
                    k,
                    InvoiceInput {
                        invoice_no: format!("INV{n:04}"),
                        invoice_type: "电子发票".into(),
                        amount: Dec::new(a),
                        issue_date: today,
                        payment_id: None,
                        buyer: BuyerInfo { title: "杭州云帆科技有限公司".into(), ..Default::default() },
                        request_id: None,
                    },
                )
                .await;
                let fits = invoices.iter().filter(|i| !i.2).map(|i| i.1).sum::<Decimal>() + a <= total;
                assert_eq!(r.is_ok(), fits, "invoice {a}: {r:?}");
                if let Ok(i) = r {
                    invoices.push((i.id, a, false));
                }
            }
            Op::Void(i) => {
                if let Some(inv) = invoices.get_mut(i) {
                    let res = rcv::invoice_void(&w.fin, inv.0, "作废").await;
                    assert_eq!(res.is_ok(), !inv.2);
                    inv.2 = true;
                }
            }
        }
    }
    let all = rcv::of_contract(&w.rep, k).await.unwrap();
    let received: Decimal = receipts.iter().filter(|r| r.3).map(|r| r.1).sum();
    let pending: Decimal = receipts.iter().filter(|r| !r.3).map(|r| r.1).sum();
    let invoiced: Decimal = invoices.iter().filter(|i| !i.2).map(|i| i.1).sum();
    let m = &all.money;
    assert_eq!(m.received.inner(), received);
    assert_eq!(m.pending.inner(), pending);
    assert_eq!(m.outstanding.inner(), total - received);
    assert_eq!(m.invoiced.inner(), invoiced);
    assert_eq!(m.uninvoiced.inner(), total - invoiced);
    assert_eq!(m.invoiced_unpaid.inner(), (invoiced - received).max(Decimal::ZERO));
    assert_eq!(m.paid_uninvoiced.inner(), (received - invoiced).max(Decimal::ZERO));
    assert_eq!(m.planned.inner(), plans.iter().map(|p| p.1).sum::<Decimal>());
    assert!(m.planned.inner() <= total && receipts.iter().map(|r| r.1).sum::<Decimal>() <= total && invoiced <= total);
    for p in &all.plans {
        let got: Decimal = receipts.iter().filter(|r| r.2 == Some(p.id) && r.3).map(|r| r.1).sum();
        assert_eq!(p.received.inner(), got);
        assert_eq!(p.status, rcv::plan_status(p.plan_amount.inner(), got), "plan {} status", p.id);
    }
    // The derived columns the list filters, sorts and sums by were kept in step by every
    // operation: equal to the reference, and a full repair finds nothing to fix.
    let row = crm_core::entity::crm_contract::Entity::find_by_id(k).one(&t.db).await.unwrap().unwrap();
    assert_eq!((row.received_amount.inner(), row.invoiced_amount.inner()), (received, invoiced));
    assert_eq!((row.outstanding_cents, row.uninvoiced_cents), (rollup::cents(total - received), rollup::cents(total - invoiced)));
    let unpaid = all.plans.iter().filter(|p| p.status != PaymentPlanStatus::Paid).map(|p| p.plan_date).min();
    assert_eq!(row.next_plan_date, unpaid);
    assert_eq!(rollup::repair_all(&t.db).await.unwrap().fixed, 0, "a service left a derived value stale");
}

#[test]
fn roll_ups_match_a_reference_for_any_sequence() {
    let cases: u32 = std::env::var("CRM_RECEIVABLE_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(12);
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    for backend in [common::Backend::Sqlite, common::Backend::Mysql] {
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() });
        let ran = std::cell::Cell::new(0);
        runner
            .run(&proptest::collection::vec(op(), 4..24), |ops| {
                rt.block_on(async {
                    if let Some(t) = common::fresh_db(backend).await {
                        run_ops(&t, ops).await;
                        t.cleanup().await;
                        ran.set(ran.get() + 1);
                    }
                });
                Ok(())
            })
            .unwrap();
        println!("receivables property test on {backend:?}: {} sequences", ran.get());
    }
}

// The contract list carries the money of each row, filters by collection state, and
// sums the whole filter for its totals row.
both!(contract_list_roll_ups_filters_and_totals, |t| {
    use contract::{CollectionFilter, ContractFilter};
    use crm_core::service::PageReq;
    let w = world(t).await;
    let today = chrono::Local::now().date_naive();
    let paid = approved_contract(&w, "100.00").await;
    let overdue = approved_contract(&w, "200.00").await;
    let invoiced = approved_contract(&w, "300.00").await;
    let r = rcv::receipt_create(&w.rep, paid, receipt("100.00", None)).await.unwrap();
    rcv::receipt_confirm(&w.fin, r.id).await.unwrap();
    // A plan due yesterday is overdue; one due today is not.
    rcv::plan_create(&w.rep, overdue, PlanInput { plan_amount: d("50"), plan_date: today.pred_opt().unwrap(), payment_term: None }).await.unwrap();
    rcv::plan_create(&w.rep, invoiced, PlanInput { plan_amount: d("50"), plan_date: today, payment_term: None }).await.unwrap();
    rcv::invoice_create(
        &w.fin,
        invoiced,
        InvoiceInput {
            invoice_no: "F300".into(),
            invoice_type: "电子发票".into(),
            amount: d("300"),
            issue_date: today,
            payment_id: None,
            buyer: buyer(),
            request_id: None,
        },
    )
    .await
    .unwrap();
    let ids = |f: ContractFilter| {
        let w = &w;
        async move {
            let mut v: Vec<i64> = contract::list(&w.fin, f, PageReq::default()).await.unwrap().items.iter().map(|c| c.id).collect();
            v.sort();
            v
        }
    };
    assert_eq!(ids(ContractFilter { collection: Some(CollectionFilter::Unfinished), ..Default::default() }).await, vec![overdue, invoiced]);
    assert_eq!(ids(ContractFilter { collection: Some(CollectionFilter::Overdue), ..Default::default() }).await, vec![overdue]);
    assert_eq!(ids(ContractFilter { collection: Some(CollectionFilter::NotFullyInvoiced), ..Default::default() }).await, vec![paid, overdue]);
    let page = contract::list(&w.fin, ContractFilter::default(), PageReq::default()).await.unwrap();
    let od = page.items.iter().find(|c| c.id == overdue).unwrap().money.clone().unwrap();
    assert_eq!(od.overdue_days, Some(1));
    let pd = page.items.iter().find(|c| c.id == paid).unwrap().money.clone().unwrap();
    assert_eq!((pd.received, pd.progress_pct, pd.paid_uninvoiced), (d("100.00"), d("100.00"), d("100.00")));
    let tot = contract::totals(&w.fin, ContractFilter { collection: Some(CollectionFilter::Unfinished), ..Default::default() }).await.unwrap();
    assert_eq!((tot.count, tot.total_amount, tot.received, tot.outstanding, tot.invoiced), (2, d("500.00"), d("0.00"), d("500.00"), d("300.00")));
});

// Chasing: overdue plans, plans due within the setting's days, invoice requests and
// receipts waiting for finance appear in the to-do counts and board.
both!(todo_chases_plans_requests_and_receipts, |t| {
    use crm_core::service::todo;
    let w = world(t).await;
    let k = approved_contract(&w, "1000.00").await;
    let today = chrono::Local::now().date_naive();
    let offset = chrono::Local::now().offset().local_minus_utc() / 60;
    for (days, amount) in [(-1i64, "100"), (0, "100"), (3, "100"), (30, "100")] {
        rcv::plan_create(&w.rep, k, PlanInput { plan_amount: d(amount), plan_date: today + chrono::Duration::days(days), payment_term: None }).await.unwrap();
    }
    let c = todo::todo_counts(&w.rep, offset).await.unwrap();
    assert_eq!((c.plans_overdue, c.plans_due), (1, 2), "yesterday is overdue; today and in 3 days are due within 7");
    assert_eq!((c.invoice_requests, c.receipts_to_confirm), (0, 0), "a rep does not issue or confirm");
    let board = todo::todo_board(&w.rep, offset).await.unwrap();
    assert_eq!(board.plans.iter().map(|p| p.overdue_days).collect::<Vec<_>>(), vec![Some(1), None, None]);
    assert_eq!(board.plans[0].customer_name.as_deref(), Some("杭州云帆科技有限公司"));
    assert_eq!(todo::plans_due_today(&w.rep, offset).await.unwrap(), 1);
    rcv::receipt_create(&w.rep, k, receipt("100", None)).await.unwrap();
    rcv::request_create(&w.rep, k, InvoiceRequestInput { invoice_type: "电子发票".into(), amount: d("100"), buyer: buyer(), remark: None }).await.unwrap();
    let f = todo::todo_counts(&w.fin, offset).await.unwrap();
    assert_eq!((f.invoice_requests, f.receipts_to_confirm), (1, 1));
    assert_eq!(todo::todo_board(&w.fin, offset).await.unwrap().invoice_requests.len(), 1);
    // A wider window from the setting brings the 30-day plan in.
    rcv::set_settings(&w.fin, ReceivableSettings { allow_over_collection: false, due_soon_days: 30 }).await.unwrap();
    assert_eq!(todo::todo_counts(&w.rep, offset).await.unwrap().plans_due, 3);
});

// The receipt acknowledgement and the statement of account, as PDFs whose text says
// what finance sends the customer.
both!(receipt_and_statement_pdfs, |t| {
    use crm_core::service::print;
    let w = world(t).await;
    let today = chrono::Local::now().date_naive();
    let k = approved_contract(&w, "12000.00").await;
    let r = rcv::receipt_create(&w.rep, k, receipt("4500.50", None)).await.unwrap();
    // Not before finance confirmed it.
    assert_eq!(field(&print::receipt_pdf(&w.fin, r.id, Locale::ZhCn).await.unwrap_err()).as_deref(), Some("status"));
    rcv::receipt_confirm(&w.fin, r.id).await.unwrap();
    let (name, bytes) = print::receipt_pdf(&w.fin, r.id, Locale::ZhCn).await.unwrap();
    assert_eq!(name, format!("{}.pdf", r.payment_no));
    let text = crate::sales::pdftotext(&bytes);
    let flat: String = text.split_whitespace().collect();
    for want in ["收款确认单", &r.payment_no, "4,500.50", "肆仟伍佰元伍角", "7,499.50", "杭州云帆科技有限公司"] {
        assert!(flat.contains(&want.replace(' ', "")), "receipt PDF lacks {want}:\n{text}");
    }
    rcv::invoice_create(
        &w.fin,
        k,
        InvoiceInput {
            invoice_no: "05500001".into(),
            invoice_type: "电子发票".into(),
            amount: d("12000"),
            issue_date: today,
            payment_id: None,
            buyer: buyer(),
            request_id: None,
        },
    )
    .await
    .unwrap();
    let (_, bytes) = print::statement_pdf(&w.fin, w.customer, today - chrono::Duration::days(30), today, Locale::ZhCn).await.unwrap();
    let text = crate::sales::pdftotext(&bytes);
    let flat: String = text.split_whitespace().collect();
    let contract_no = contract::get(&w.fin, k).await.unwrap().contract_no;
    for want in ["对账单", "期初余额", &contract_no, &r.payment_no, "05500001", "12,000.00", "7,499.50", "柒仟肆佰玖拾玖元伍角"] {
        assert!(flat.contains(want), "statement PDF lacks {want}:\n{text}");
    }
    let e = print::statement_pdf(&w.fin, w.customer, today, today - chrono::Duration::days(1), Locale::ZhCn).await.unwrap_err();
    assert_eq!(field(&e).as_deref(), Some("to"));
    // English variant.
    let (_, bytes) = print::statement_pdf(&w.fin, w.customer, today - chrono::Duration::days(30), today, Locale::EnUs).await.unwrap();
    assert!(crate::sales::pdftotext(&bytes).contains("STATEMENT OF ACCOUNT"));
});

// The aging view: what is left of each plan, bucketed by days late; unlinked receipts
// pay the oldest plans first; by owner and by customer; totals.
both!(aging_buckets_by_owner_and_customer, |t| {
    use rcv::AgingBy;
    let w = world(t).await;
    let today = chrono::Local::now().date_naive();
    let k = approved_contract(&w, "1000.00").await;
    let day = |n: i64| today + chrono::Duration::days(n);
    let mut ids = vec![];
    for (offset, amount) in [(-100, "100"), (-45, "50"), (-10, "60"), (5, "40")] {
        ids.push(rcv::plan_create(&w.rep, k, PlanInput { plan_amount: d(amount), plan_date: day(offset), payment_term: None }).await.unwrap().id);
    }
    let linked = rcv::receipt_create(&w.rep, k, receipt("20", Some(ids[1]))).await.unwrap();
    rcv::receipt_confirm(&w.fin, linked.id).await.unwrap();
    let unlinked = rcv::receipt_create(&w.rep, k, receipt("15", None)).await.unwrap();
    rcv::receipt_confirm(&w.fin, unlinked.id).await.unwrap();
    // A pending receipt pays nothing yet.
    rcv::receipt_create(&w.rep, k, receipt("60", Some(ids[2]))).await.unwrap();
    let a = rcv::aging_on(&w.fin, AgingBy::Customer, today).await.unwrap();
    assert_eq!(a.rows.len(), 1);
    let r = &a.rows[0];
    assert_eq!(r.name, "杭州云帆科技有限公司");
    assert_eq!(
        (r.not_due, r.days_1_30, r.days_31_60, r.days_61_90, r.over_90, r.total),
        (d("40.00"), d("60.00"), d("30.00"), d("0.00"), d("85.00"), d("215.00"))
    );
    assert_eq!(a.totals.total, d("215.00"));
    let by_owner = rcv::aging_on(&w.fin, AgingBy::Owner, today).await.unwrap();
    assert_eq!(by_owner.rows[0].name, "用户rep");
    assert_eq!(by_owner.rows[0].total, d("215.00"));
    // A rep sees their own; someone without payment:read none.
    assert_eq!(rcv::aging_on(&w.rep, AgingBy::Customer, today).await.unwrap().totals.total, d("215.00"));
    assert_eq!(rcv::aging_on(&w.mgr, AgingBy::Customer, today).await.unwrap_err().code(), ErrorCode::Forbidden);
});

// Rows written without the app (a DBA's SQL, another system) are caught up by the
// incremental pass: new receipts, new contracts with only the seed's columns; an amount
// changed in place is fixed by the full repair. The rows always win.
both!(derived_money_catches_up_with_rows_written_by_sql, |t| {
    use contract::{CollectionFilter, ContractFilter};
    use crm_core::service::PageReq;
    let w = world(t).await;
    let k = approved_contract(&w, "100.00").await;
    rollup::catch_up(&t.db).await.unwrap();
    let unfinished = |w: &World| {
        let fin = w.fin.clone();
        async move {
            let mut v: Vec<i64> =
                contract::list(&fin, ContractFilter { collection: Some(CollectionFilter::Unfinished), ..Default::default() }, PageReq::default())
                    .await
                    .unwrap()
                    .items
                    .iter()
                    .map(|c| c.id)
                    .collect();
            v.sort();
            v
        }
    };
    assert_eq!(unfinished(&w).await, vec![k]);
    // Another system records the full payment with the seed's columns (status defaults to confirmed).
    t.db.execute_unprepared(&format!(
        "INSERT INTO crm_payment_record (contract_id, payment_no, payment_amount, payment_date, created_by, created_at) \
         VALUES ({k}, 'EXT-0001', 100.00, '2026-11-01', 1, '2026-11-01 09:00:00')"
    ))
    .await
    .unwrap();
    // The row's own money is read from the rows at once...
    assert_eq!(contract::get(&w.fin, k).await.unwrap().money.unwrap().received, d("100.00"));
    // ...and the pass brings the derived columns in line, without touching `updated_at`
    // (a derived value is not an edit; MySQL's ON UPDATE would otherwise stamp it).
    let stamp =
        |db: sea_orm::DatabaseConnection| async move { crm_core::entity::crm_contract::Entity::find_by_id(k).one(&db).await.unwrap().unwrap().updated_at };
    let before = stamp(t.db.clone()).await;
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let r = rollup::catch_up(&t.db).await.unwrap();
    assert_eq!(r.fixed, 1, "{r:?}");
    assert_eq!(stamp(t.db.clone()).await, before);
    assert_eq!(unfinished(&w).await, Vec::<i64>::new());
    // A contract inserted by SQL with only the seed's columns.
    t.db.execute_unprepared(&format!(
        "INSERT INTO crm_contract (contract_no, customer_id, contract_name, sign_date, total_amount, status, created_by, created_at, updated_at) \
         VALUES ('EXT-HT-1', {}, '外部合同', '2026-11-01', 250.50, 3, 1, '2026-11-01 09:00:00', '2026-11-01 09:00:00')",
        w.customer
    ))
    .await
    .unwrap();
    assert_eq!(rollup::catch_up(&t.db).await.unwrap().fixed, 1);
    let ext = unfinished(&w).await;
    assert_eq!(ext.len(), 1);
    let tot = contract::totals(&w.fin, ContractFilter { collection: Some(CollectionFilter::Unfinished), ..Default::default() }).await.unwrap();
    assert_eq!((tot.count, tot.outstanding), (1, d("250.50")));
    // Nothing new: nothing to fix.
    assert_eq!(rollup::catch_up(&t.db).await.unwrap().fixed, 0);
    // An amount changed in place: the full repair fixes it.
    t.db.execute_unprepared("UPDATE crm_payment_record SET payment_amount = 40.00 WHERE payment_no = 'EXT-0001'").await.unwrap();
    assert_eq!(rollup::repair_all(&t.db).await.unwrap().fixed, 1);
    assert_eq!(unfinished(&w).await.len(), 2);
    let tot = contract::totals(&w.fin, ContractFilter { collection: Some(CollectionFilter::Unfinished), ..Default::default() }).await.unwrap();
    assert_eq!((tot.count, tot.received, tot.outstanding), (2, d("40.00"), d("310.50")));
});

// The bank slip of a receipt and the scan of an invoice are stored in the database:
// attached by whoever records them, read by whoever sees the contract, removable only
// while the record is open (a pending receipt, an invoice not yet delivered).
both!(bank_slips_and_invoice_scans_are_stored_with_their_records, |t| {
    use base64::Engine;
    use crm_core::service::attachment::AttachmentUpload;
    let w = world(t).await;
    let k = approved_contract(&w, "500.00").await;
    let slip = b"%PDF-1.4 bank slip 20261130".to_vec();
    let up = |name: &str, bytes: &[u8]| AttachmentUpload {
        file_name: name.into(),
        mime_type: "application/pdf".into(),
        content_base64: base64::engine::general_purpose::STANDARD.encode(bytes),
    };
    let r = rcv::receipt_create(&w.rep, k, receipt("200.00", None)).await.unwrap();
    let a = rcv::attach(&w.rep, rcv::ReceivableDoc::Receipt, r.id, up("回单.pdf", &slip)).await.unwrap();
    let b = rcv::attach(&w.rep, rcv::ReceivableDoc::Receipt, r.id, up("回单-2.pdf", b"%PDF-1.4 second")).await.unwrap();
    // Removable while pending.
    rcv::detach(&w.rep, b.id).await.unwrap();
    // Finance sees the slip in its confirmation list.
    let pending = rcv::receipts_pending(&w.fin).await.unwrap();
    assert_eq!(pending.iter().find(|x| x.id == r.id).map(|x| x.attachments.len()), Some(1));
    let tab = rcv::of_contract(&w.fin, k).await.unwrap();
    let files: Vec<&str> = tab.receipts[0].attachments.iter().map(|f| f.file_name.as_str()).collect();
    assert_eq!(files, vec!["回单.pdf"]);
    let (name, mime, bytes) = rcv::attachment(&w.fin, a.id).await.unwrap();
    assert_eq!((name.as_str(), mime.as_str(), bytes), ("回单.pdf", "application/pdf", slip.clone()));
    // Confirmed: the evidence stays.
    rcv::receipt_confirm(&w.fin, r.id).await.unwrap();
    assert_eq!(rcv::detach(&w.rep, a.id).await.unwrap_err().code(), ErrorCode::Conflict);
    // An invoice scan, by finance; a rep may read it but not attach one.
    let inv = rcv::invoice_create(
        &w.fin,
        k,
        InvoiceInput {
            invoice_no: "F-SCAN-1".into(),
            invoice_type: "增值税专用发票".into(),
            amount: d("200"),
            issue_date: chrono::Local::now().date_naive(),
            payment_id: Some(r.id),
            buyer: buyer(),
            request_id: None,
        },
    )
    .await
    .unwrap();
    let scan = rcv::attach(&w.fin, rcv::ReceivableDoc::Invoice, inv.id, up("发票.pdf", b"%PDF-1.4 invoice")).await.unwrap();
    assert_eq!(rcv::attach(&w.rep, rcv::ReceivableDoc::Invoice, inv.id, up("x.pdf", b"%PDF-1.4 x")).await.unwrap_err().code(), ErrorCode::Forbidden);
    assert_eq!(rcv::attachment(&w.rep, scan.id).await.unwrap().0, "发票.pdf");
    let tab = rcv::of_contract(&w.fin, k).await.unwrap();
    assert_eq!(tab.invoices[0].attachments.len(), 1);
    // A contract's file id is not a receivables file.
    let other = contract::attach(&w.rep, k, up("合同.pdf", b"%PDF-1.4 contract")).await;
    if let Ok(f) = other {
        assert_eq!(rcv::attachment(&w.fin, f.id).await.unwrap_err().code(), ErrorCode::NotFound);
    }
    // Someone outside the contract's scope does not see it exist.
    let dp = dept(&t.db, "二部", None).await;
    let r2 = role(&t.db, "rep2", REP, DataScope::Own).await;
    let stranger = ctx_for(&t.db, user(&t.db, "rep2", dp, r2, None).await).await;
    assert_eq!(rcv::attachment(&stranger, a.id).await.unwrap_err().code(), ErrorCode::NotFound);
    assert_eq!(rcv::attach(&stranger, rcv::ReceivableDoc::Receipt, r.id, up("y.pdf", b"%PDF-1.4 y")).await.unwrap_err().code(), ErrorCode::NotFound);
});
