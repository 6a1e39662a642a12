//! Sales: products, opportunities (stages, kanban, pipeline, won/lost), quotations
//! (exact amounts, numbering under concurrency, status flow, copy), contracts (from a
//! quotation, approval by another user, sign, terminate, attachments) and their PDFs.
use crate::common;

use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{ContractStatus, CustomerStatus, CustomerType, DataScope, OpportunityStatus, ProductStatus, QuotationStatus};
use crm_core::error::{AppError, Locale};
use crm_core::money::Dec;
use crm_core::service::attachment::AttachmentUpload;
use crm_core::service::contract::{self, ContractInput, ContractItemInput, FromQuotationInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::opportunity::{self, OpportunityInput};
use crm_core::service::product::{self, CategoryInput, ProductFilter, ProductInput};
use crm_core::service::quotation::{self, QuotationInput, QuotationItemInput};
use crm_core::service::{print, Ctx, PageReq};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(s: &str) -> Dec {
    s.parse().unwrap()
}

const REP: &str = "customer:*,opportunity:*,quotation:*,contract:read,contract:create,contract:update,contract:delete,product:read,contact:*";
const MGR: &str = "customer:*,opportunity:*,quotation:*,contract:*,product:*,settings:*,contact:*";

struct World {
    rep: Ctx,
    mgr: Ctx,
    rep2: Ctx,
    customer: i64,
    products: Vec<i64>,
}

async fn world(t: &common::TestDb) -> World {
    let dp = dept(&t.db, "销售部", None).await;
    let r = role(&t.db, "rep", REP, DataScope::Own).await;
    let m = role(&t.db, "mgr", MGR, DataScope::Department).await;
    let mgr_id = user(&t.db, "mgr", dp, m, None).await;
    let rep_id = user(&t.db, "rep", dp, r, Some(mgr_id)).await;
    let rep2_id = user(&t.db, "rep2", dp, r, Some(mgr_id)).await;
    let (rep, mgr, rep2) = (ctx_for(&t.db, rep_id).await, ctx_for(&t.db, mgr_id).await, ctx_for(&t.db, rep2_id).await);
    let cat = product::category_create(&mgr, CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 }).await.unwrap();
    let mut products = vec![];
    for (name, price) in [("CRM 标准版", "1999.00"), ("CRM 专业版(含移动端与数据分析模块)", "12800.50"), ("实施服务", "800.0000")] {
        let p = product::create(
            &mgr,
            ProductInput {
                product_name: name.into(),
                category_id: cat,
                specification: Some("年度订阅".into()),
                unit: Some("套".into()),
                price: d(price),
                cost_price: None,
                status: ProductStatus::OnShelf,
                description: None,
            },
        )
        .await
        .unwrap();
        products.push(p.id);
    }
    let c = customer::create(
        &rep,
        CustomerInput {
            customer_name: "杭州云帆科技有限公司".into(),
            customer_type: CustomerType::Enterprise,
            industry: None,
            scale: None,
            address: Some("杭州市西湖区文三路 100 号".into()),
            status: CustomerStatus::Potential,
            level: None,
            owner_id: None,
            activity_id: None,
        },
    )
    .await
    .unwrap();
    World { rep, mgr, rep2, customer: c.id, products }
}

fn line(product_id: i64, q: &str, p: &str, disc: &str) -> QuotationItemInput {
    QuotationItemInput { product_id, specification: Some("年度订阅".into()), quantity: d(q), unit: "套".into(), unit_price: d(p), discount: d(disc) }
}

async fn opp(w: &World) -> i64 {
    opportunity::create(
        &w.rep,
        OpportunityInput {
            customer_id: w.customer,
            opportunity_name: "CRM 采购项目".into(),
            estimated_amount: d("50000"),
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

#[test]
fn line_amounts_round_half_up() {
    assert_eq!(quotation::line_amount(d("1"), d("0.005"), d("100")).unwrap().to_string(), "0.01");
    assert_eq!(quotation::line_amount(d("3"), d("33.3333"), d("100")).unwrap().to_string(), "100.00");
    assert_eq!(quotation::line_amount(d("2.5"), d("19.99"), d("85.5")).unwrap().to_string(), "42.73");
    assert_eq!(quotation::line_amount(d("12345678901234.5678"), d("0.0001"), d("100")).unwrap().to_string(), "1234567890.12");
    assert!(quotation::line_amount(d("99999999999999.9999"), d("99999999999999.9999"), d("100")).is_none(), "overflow is refused, not wrapped");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    /// Against a reference computed in integer arithmetic on scaled values.
    #[test]
    fn amounts_match_reference(q in 1i64..10_000_000_000, p in 0i64..10_000_000_000, disc in 1i64..=10_000) {
        // q, p with 4 decimals, discount with 2.
        let (qd, pd, dd) = (Dec(Decimal::new(q, 4)), Dec(Decimal::new(p, 4)), Dec(Decimal::new(disc, 2)));
        let got = quotation::line_amount(qd, pd, dd).unwrap();
        // exact product scaled by 10^10 (4+4+2), divided by 100 for the percentage: value = q*p*disc / 10^12
        let num = q as i128 * p as i128 * disc as i128; // < 2^127
        // to cents: num / 10^10, half-up
        let cents = (num + 5_000_000_000) / 10_000_000_000;
        prop_assert_eq!(got.inner(), Decimal::from_i128_with_scale(cents, 2));
        let (amounts, total) = quotation::totals(&[(qd, pd, dd), (qd, pd, dd)]).unwrap();
        prop_assert_eq!(total.inner(), amounts[0].inner() + amounts[1].inner());
    }
}

both!(products_and_categories, |t| {
    let w = world(t).await;
    let list = product::list(&w.rep, ProductFilter { keyword: Some("专业".into()), ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(list.total, 1);
    assert_eq!(list.items[0].price.to_string(), "12800.5000");
    assert_eq!(list.items[0].category_name.as_deref(), Some("软件"));
    assert!(matches!(
        product::create(
            &w.rep,
            ProductInput {
                product_name: "x".into(),
                category_id: 1,
                specification: None,
                unit: None,
                price: d("1"),
                cost_price: None,
                status: ProductStatus::OnShelf,
                description: None
            }
        )
        .await,
        Err(AppError::Forbidden { .. })
    ));
    let e = product::create(
        &w.mgr,
        ProductInput {
            product_name: "负价".into(),
            category_id: list.items[0].category_id,
            specification: None,
            unit: None,
            price: d("-1"),
            cost_price: None,
            status: ProductStatus::OnShelf,
            description: None,
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("price"));
    let sub =
        product::category_create(&w.mgr, CategoryInput { category_name: "移动端".into(), parent_id: Some(list.items[0].category_id), sort: 1 }).await.unwrap();
    let e = product::category_update(&w.mgr, list.items[0].category_id, CategoryInput { category_name: "软件".into(), parent_id: Some(sub), sort: 0 })
        .await
        .unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("parentId"), "no cycles");
    assert!(product::category_delete(&w.mgr, list.items[0].category_id).await.is_err(), "not while it has products");
    let tree = product::category_tree(&w.rep).await.unwrap();
    assert_eq!(tree[0].children[0].category_name, "移动端");
    assert_eq!(tree[0].product_count, 3);
    // Only on-shelf products are offered for new quotations.
    let mut off = product::get(&w.mgr, w.products[2]).await.unwrap();
    off.status = ProductStatus::OffShelf;
    product::update(
        &w.mgr,
        off.id,
        ProductInput {
            product_name: off.product_name.clone(),
            category_id: off.category_id,
            specification: None,
            unit: off.unit.clone(),
            price: off.price,
            cost_price: None,
            status: ProductStatus::OffShelf,
            description: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(product::pick(&w.rep, None).await.unwrap().len(), 2);
    let o = opp(&w).await;
    let e = quotation::create(&w.rep, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(off.id, "1", "800", "100")] })
        .await
        .unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("items[0].productId"));
});

both!(opportunities_stages_kanban_pipeline, |t| {
    let w = world(t).await;
    let o1 = opp(&w).await;
    let row = opportunity::get(&w.rep, o1).await.unwrap();
    assert_eq!((row.stage.as_str(), row.win_probability, row.weighted_amount.to_string().as_str()), ("初步接触", Some(10), "5000.00"));
    let moved = opportunity::move_stage(&w.rep, o1, "商务谈判").await.unwrap();
    assert_eq!((moved.stage.as_str(), moved.win_probability), ("商务谈判", Some(70)));
    let e = opportunity::move_stage(&w.rep, o1, "不存在").await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("stage"));
    assert!(matches!(opportunity::get(&w.rep2, o1).await, Err(AppError::NotFound { .. })), "scope");
    let o2 = opportunity::create(
        &w.rep,
        OpportunityInput {
            customer_id: w.customer,
            opportunity_name: "二期".into(),
            estimated_amount: d("10000.10"),
            stage: Some("需求分析".into()),
            win_probability: None,
            expected_close_time: None,
            product_ids: vec![w.products[0]],
        },
    )
    .await
    .unwrap()
    .id;
    let board = opportunity::kanban(&w.mgr, Default::default()).await.unwrap();
    let col = |s: &str| board.iter().find(|c| c.stage == s).unwrap().clone();
    assert_eq!(col("商务谈判").count, 1);
    assert_eq!(col("需求分析").weighted_amount.to_string(), "3000.03");
    let pipe = opportunity::pipeline(&w.mgr).await.unwrap();
    assert_eq!(pipe.total.amount.to_string(), "60000.10");
    assert_eq!(pipe.total.weighted_amount.to_string(), "38000.03");
    assert_eq!(pipe.by_owner.len(), 1);
    // Lost needs a reason; closed is final.
    let e = opportunity::close(&w.rep, o2, OpportunityStatus::Lost, None).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("loseReason"));
    opportunity::close(&w.rep, o2, OpportunityStatus::Lost, Some("预算取消".into())).await.unwrap();
    assert_eq!(crate::common::refusal(opportunity::move_stage(&w.rep, o2, "初步接触").await), (crm_core::error::ErrorCode::Conflict, Some("status".into())));
    assert_eq!(
        crate::common::refusal(opportunity::close(&w.rep, o2, OpportunityStatus::Won, None).await),
        (crm_core::error::ErrorCode::Conflict, Some("status".into()))
    );
    // Stages are configurable.
    let e = opportunity::set_stages(&w.mgr, vec![]).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("stages"));
    let st = vec![opportunity::Stage { name: "接洽".into(), probability: 20 }, opportunity::Stage { name: "签约".into(), probability: 90 }];
    opportunity::set_stages(&w.mgr, st.clone()).await.unwrap();
    assert_eq!(opportunity::get_stages(&w.rep).await.unwrap(), st);
    assert_eq!(crate::common::refusal(opportunity::set_stages(&w.rep, st).await), (crm_core::error::ErrorCode::Forbidden, None));
});

both!(quotation_lifecycle_and_copy, |t| {
    let w = world(t).await;
    let o = opp(&w).await;
    let q = quotation::create(
        &w.rep,
        QuotationInput {
            opportunity_id: o,
            valid_until: None,
            remark: Some("含一年免费升级".into()),
            items: vec![line(w.products[0], "3", "1999", "90"), line(w.products[1], "1.5", "12800.5", "85.5"), line(w.products[2], "10", "800", "100")],
        },
    )
    .await
    .unwrap();
    // 5397.30 + 16416.64 (1.5×12800.5×0.855 = 16416.64125) + 8000.00
    assert_eq!(q.items.iter().map(|i| i.amount.to_string()).collect::<Vec<_>>(), ["5397.30", "16416.64", "8000.00"]);
    assert_eq!(q.total_amount.to_string(), "29813.94");
    assert_eq!(q.total_upper, "贰万玖仟捌佰壹拾叁元玖角肆分");
    assert!(q.quotation_no.starts_with("QT"), "{}", q.quotation_no);
    assert_eq!(q.customer_id, w.customer);
    assert_eq!(q.status, QuotationStatus::Draft);
    // Line errors name the line.
    let e = quotation::create(&w.rep, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "0", "1", "100")] })
        .await
        .unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("items[0].quantity"));
    let e = quotation::create(
        &w.rep,
        QuotationInput {
            opportunity_id: o,
            valid_until: None,
            remark: None,
            items: vec![line(w.products[0], "1", "1", "100"), line(w.products[0], "1", "1", "120")],
        },
    )
    .await
    .unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("items[1].discount"));
    // Every illegal transition is refused.
    use QuotationStatus::*;
    for from in [Draft, Sent, Accepted, Rejected] {
        for to in [Draft, Sent, Accepted, Rejected] {
            assert_eq!(quotation::can_move(from, to), matches!((from, to), (Draft, Sent) | (Sent, Accepted) | (Sent, Rejected)));
        }
    }
    assert!(quotation::set_status(&w.rep, q.id, Accepted).await.is_err(), "draft cannot be accepted");
    let edited = quotation::update(
        &w.rep,
        q.id,
        QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "1", "1999", "100")] },
    )
    .await
    .unwrap();
    assert_eq!(edited.total_amount.to_string(), "1999.00");
    quotation::set_status(&w.rep, q.id, Sent).await.unwrap();
    assert!(
        quotation::update(
            &w.rep,
            q.id,
            QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "1", "1", "100")] }
        )
        .await
        .is_err(),
        "only drafts are editable"
    );
    assert_eq!(crate::common::refusal(quotation::delete(&w.rep, q.id).await), (crm_core::error::ErrorCode::Conflict, Some("status".into())));
    quotation::set_status(&w.rep, q.id, Accepted).await.unwrap();
    for to in [Draft, Sent, Rejected] {
        assert_eq!(crate::common::refusal(quotation::set_status(&w.rep, q.id, to).await), (crm_core::error::ErrorCode::Validation, Some("status".into())));
    }
    let copy = quotation::copy(&w.rep, q.id).await.unwrap();
    assert_ne!(copy.quotation_no, q.quotation_no);
    assert_eq!((copy.status, copy.total_amount.to_string(), copy.items.len()), (Draft, "1999.00".to_string(), 1));
    assert!(matches!(quotation::get(&w.rep2, q.id).await, Err(AppError::NotFound { .. })));
});

both!(quotation_numbers_under_concurrency, |t| {
    let w = world(t).await;
    let o = opp(&w).await;
    let mut hs = vec![];
    for _ in 0..8 {
        let c = w.rep.clone();
        let p = w.products[0];
        hs.push(tokio::spawn(async move {
            let mut nos = vec![];
            for _ in 0..5 {
                nos.push(
                    quotation::create(&c, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(p, "1", "10", "100")] })
                        .await
                        .unwrap()
                        .quotation_no,
                );
            }
            nos
        }));
    }
    let mut all = vec![];
    for h in hs {
        all.extend(h.await.unwrap());
    }
    let mut seqs: Vec<u32> = all.iter().map(|n| n[n.len() - 4..].parse().unwrap()).collect();
    seqs.sort();
    assert_eq!(seqs, (1..=40).collect::<Vec<u32>>(), "40 distinct, gap-free numbers");
});

async fn accepted_quote(w: &World, n_lines: usize) -> quotation::QuotationRow {
    let o = opp(w).await;
    let items: Vec<QuotationItemInput> =
        (0..n_lines).map(|i| line(w.products[i % 2], &format!("{}", i + 1), "1234.5678", if i % 3 == 0 { "95" } else { "100" })).collect();
    let q = quotation::create(
        &w.rep,
        QuotationInput {
            opportunity_id: o, valid_until: None, remark: Some("付款方式:合同签订后 7 日内支付 60%,验收后支付 40%。".into()), items
        },
    )
    .await
    .unwrap();
    quotation::set_status(&w.rep, q.id, QuotationStatus::Sent).await.unwrap();
    quotation::set_status(&w.rep, q.id, QuotationStatus::Accepted).await.unwrap()
}

both!(contracts_from_quotation_approval_and_attachments, |t| {
    let w = world(t).await;
    let q = accepted_quote(&w, 3).await;
    let today = chrono::Local::now().date_naive();
    let terms = FromQuotationInput {
        contract_name: None,
        sign_date: today,
        start_date: Some(today),
        end_date: Some(today + chrono::Duration::days(365)),
        remark: None,
    };
    let c = contract::create_from_quotation(&w.rep, q.id, terms.clone()).await.unwrap();
    assert_eq!(c.total_amount, q.total_amount, "the contract total equals the quotation's to the cent");
    assert_eq!(c.items.len(), 3);
    assert_eq!(c.items.iter().map(|i| i.amount.inner()).sum::<Decimal>(), q.total_amount.inner());
    assert_eq!((c.status, c.quotation_id, c.opportunity_id.is_some()), (ContractStatus::Draft, Some(q.id), true));
    assert!(c.contract_no.starts_with("HT"));
    let e = contract::create_from_quotation(&w.rep, q.id, terms.clone()).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }), "one live contract per quotation");
    // Dates: end ≥ start.
    let bad = ContractInput {
        customer_id: w.customer,
        opportunity_id: None,
        contract_name: "维保合同".into(),
        sign_date: today,
        start_date: Some(today),
        end_date: Some(today - chrono::Duration::days(1)),
        remark: None,
        items: vec![ContractItemInput { product_id: w.products[0], specification: None, quantity: d("2"), unit: "套".into(), unit_price: d("100.005") }],
    };
    assert_eq!(contract::create(&w.rep, bad.clone()).await.unwrap_err().to_api(Locale::ZhCn).field.as_deref(), Some("endDate"));
    let scratch = contract::create(&w.rep, ContractInput { end_date: Some(today + chrono::Duration::days(30)), ..bad }).await.unwrap();
    assert_eq!(scratch.total_amount.to_string(), "200.01");
    // Approval: needs contract:approve and someone other than the creator.
    assert!(matches!(contract::approve(&w.rep, c.id).await, Err(AppError::Forbidden { .. })));
    let mine = contract::create(
        &w.mgr,
        ContractInput {
            customer_id: w.customer,
            opportunity_id: None,
            contract_name: "经理自建".into(),
            sign_date: today,
            start_date: None,
            end_date: None,
            remark: None,
            items: vec![ContractItemInput { product_id: w.products[0], specification: None, quantity: d("1"), unit: "套".into(), unit_price: d("1") }],
        },
    )
    .await;
    // The manager's customer scope covers the rep's customer, so they may create one too…
    let mine = mine.unwrap();
    let e = contract::approve(&w.mgr, mine.id).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).field.as_deref(), Some("approvedBy"), "…but not approve their own");
    assert!(contract::sign(&w.rep, c.id).await.is_err(), "a draft cannot be signed");
    let approved = contract::approve(&w.mgr, c.id).await.unwrap();
    assert_eq!(approved.status, ContractStatus::Approved);
    assert_eq!(approved.approved_by_name.as_deref(), Some("用户mgr"));
    assert!(contract::update(
        &w.rep,
        c.id,
        ContractInput {
            customer_id: w.customer,
            opportunity_id: None,
            contract_name: "x".into(),
            sign_date: today,
            start_date: None,
            end_date: None,
            remark: None,
            items: vec![]
        }
    )
    .await
    .is_err());
    let signed = contract::sign(&w.rep, c.id).await.unwrap();
    assert_eq!(signed.status, ContractStatus::Signed);
    assert_eq!(opportunity::get(&w.rep, q.opportunity_id).await.unwrap().status, OpportunityStatus::Won);
    assert_eq!(customer::get(&w.rep, w.customer).await.unwrap().status, CustomerStatus::Deal);
    use ContractStatus::*;
    for from in [Draft, Approved, Signed, Terminated] {
        for to in [Draft, Approved, Signed, Terminated] {
            assert_eq!(
                contract::can_move(from, to),
                matches!((from, to), (Draft, Approved) | (Approved, Signed) | (Approved, Terminated) | (Signed, Terminated))
            );
        }
    }
    // The signed scan, stored in the database: any desktop on it reads the same bytes.
    let scan = b"%PDF-1.4 signed scan".to_vec();
    use base64::Engine;
    let a = contract::attach(
        &w.rep,
        c.id,
        AttachmentUpload {
            file_name: "合同扫描件.pdf".into(),
            mime_type: "application/pdf".into(),
            content_base64: base64::engine::general_purpose::STANDARD.encode(&scan),
        },
    )
    .await
    .unwrap();
    let other_desktop = Ctx::for_user(sea_orm::Database::connect(&t.url).await.unwrap(), w.rep.user().unwrap().clone());
    let (name, _, bytes) = contract::attachment(&other_desktop, a.id).await.unwrap();
    assert_eq!((name.as_str(), bytes), ("合同扫描件.pdf", scan));
    assert_eq!(contract::get(&w.rep, c.id).await.unwrap().attachments.len(), 1);
    assert_eq!(crate::common::refusal(contract::attachment(&w.rep2, a.id).await), (crm_core::error::ErrorCode::NotFound, None), "scope");
    // Terminate needs a reason; terminated is final.
    assert_eq!(contract::terminate(&w.rep, c.id, " ").await.unwrap_err().to_api(Locale::ZhCn).field.as_deref(), Some("terminateReason"));
    let term = contract::terminate(&w.rep, c.id, "客户业务调整").await.unwrap();
    assert_eq!((term.status, term.terminate_reason.as_deref()), (Terminated, Some("客户业务调整")));
    assert_eq!(crate::common::refusal(contract::sign(&w.rep, c.id).await), (crm_core::error::ErrorCode::Validation, Some("status".into())));
    // A terminated contract's files are still there for those in scope, not for others.
    assert_eq!(contract::get(&w.rep, c.id).await.unwrap().attachments.len(), 1);
    assert_eq!(crate::common::refusal(contract::get(&w.rep2, c.id).await), (crm_core::error::ErrorCode::NotFound, None));
});

pub(crate) fn pdftotext(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new("pdftotext").arg("-layout").arg(&f).arg("-").output().expect("pdftotext (poppler-utils) is installed by dev.sh");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

fn tool_ok(tool: &str, args: &[&str], bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new(tool).args(args).arg(&f).output().unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(out.status.success(), "{tool} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

both!(pdfs_paginate_embed_subsets_and_extract, |t| {
    let w = world(t).await;
    let q = accepted_quote(&w, 60).await;
    let (name, bytes) = print::quotation_pdf(&w.rep, q.id, Locale::ZhCn).await.unwrap();
    assert_eq!(name, format!("{}.pdf", q.quotation_no));
    let text = pdftotext(&bytes);
    assert!(text.contains(&q.quotation_no), "number");
    assert!(text.contains("杭州云帆科技有限公司"), "customer");
    let total = crm_core::pdf::money(q.total_amount);
    assert!(text.contains(&total), "total {total}");
    assert!(text.contains(&q.total_upper), "大写 {}", q.total_upper);
    let pages = text.split('\u{c}').filter(|p| !p.trim().is_empty()).count();
    assert!(pages >= 2, "60 lines take more than one page");
    // The header row is on every page.
    for (i, page) in text.split('\u{c}').filter(|p| !p.trim().is_empty()).enumerate() {
        if page.contains("合计金额") && !page.contains("单价") {
            continue; // the closing page may hold only totals and signatures
        }
        assert!(page.contains("产品名称") && page.contains("单价") && page.contains("金额"), "header row on page {}", i + 1);
        // pdftotext drops the spaces between CJK and digits.
        let compact: String = page.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(compact.contains(&format!("第{}页/共{pages}页", i + 1)), "page number on page {}", i + 1);
    }
    let fonts = tool_ok("pdffonts", &[], &bytes);
    let font_line = fonts.lines().find(|l| l.contains("NotoSansSC")).unwrap_or_else(|| panic!("{fonts}"));
    assert!(font_line.contains('+'), "subset prefix: {font_line}");
    assert!(font_line.contains("yes"), "embedded: {font_line}");
    tool_ok("qpdf", &["--check"], &bytes);
    assert!(bytes.len() < 400_000, "subset font keeps the 60-line PDF small ({} bytes)", bytes.len());
    // English variant and the contract.
    let (_, en) = print::quotation_pdf(&w.rep, q.id, Locale::EnUs).await.unwrap();
    let en_text = pdftotext(&en);
    assert!(en_text.contains("QUOTATION") && en_text.contains("Unit price") && en_text.contains(&q.total_upper));
    let today = chrono::Local::now().date_naive();
    let c = contract::create_from_quotation(
        &w.rep,
        q.id,
        FromQuotationInput { contract_name: Some("CRM 系统采购合同".into()), sign_date: today, start_date: None, end_date: None, remark: None },
    )
    .await
    .unwrap();
    let (_, cb) = print::contract_pdf(&w.rep, c.id, Locale::ZhCn).await.unwrap();
    let ct: String = pdftotext(&cb).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(ct.contains("销售合同") && ct.contains(&c.contract_no) && ct.contains("甲方") && ct.contains(&c.total_upper), "{ct}");
    tool_ok("qpdf", &["--check"], &cb);
});

// Lists sort on their money columns numerically on both backends (SQLite keeps decimals
// as exact text, where "100.00" < "9.50").
both!(lists_sort_money_numerically, |t| {
    let w = world(t).await;
    let mut ids = vec![];
    for price in ["9.50", "100.00", "10.00", "1000.01"] {
        let q = quotation::create(
            &w.rep,
            QuotationInput { opportunity_id: opp(&w).await, valid_until: None, remark: None, items: vec![line(w.products[2], "1", price, "100")] },
        )
        .await
        .unwrap();
        ids.push(q.id);
    }
    let by_amount = |desc| quotation::QuotationFilter { sort: Some(quotation::QuotationSort::TotalAmount), desc: Some(desc), ..Default::default() };
    let asc: Vec<String> =
        quotation::list(&w.rep, by_amount(false), PageReq::default()).await.unwrap().items.iter().map(|q| q.total_amount.to_string()).collect();
    assert_eq!(asc, ["9.50", "10.00", "100.00", "1000.01"]);
    let desc: Vec<String> =
        quotation::list(&w.rep, by_amount(true), PageReq::default()).await.unwrap().items.iter().map(|q| q.total_amount.to_string()).collect();
    assert_eq!(desc, ["1000.01", "100.00", "10.00", "9.50"]);
    // Default order is unchanged: newest first.
    let newest: Vec<i64> = quotation::list(&w.rep, Default::default(), PageReq::default()).await.unwrap().items.iter().map(|q| q.id).collect();
    assert_eq!(newest, ids.iter().rev().copied().collect::<Vec<_>>());
    // Products by price, contracts and opportunities by amount.
    let prices: Vec<String> = product::list(&w.rep, ProductFilter { sort: Some(product::ProductSort::Price), ..Default::default() }, PageReq::default())
        .await
        .unwrap()
        .items
        .iter()
        .map(|p| p.price.to_string())
        .collect();
    assert_eq!(prices, ["800.0000", "1999.0000", "12800.5000"]);
    for amount in ["5.00", "40.00", "300.00"] {
        contract::create(
            &w.rep,
            ContractInput {
                customer_id: w.customer,
                opportunity_id: None,
                contract_name: format!("合同 {amount}"),
                sign_date: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
                start_date: None,
                end_date: None,
                remark: None,
                items: vec![ContractItemInput { product_id: w.products[2], specification: None, quantity: d("1"), unit: "套".into(), unit_price: d(amount) }],
            },
        )
        .await
        .unwrap();
    }
    let f = contract::ContractFilter { sort: Some(contract::ContractSort::TotalAmount), desc: Some(false), ..Default::default() };
    let totals: Vec<String> = contract::list(&w.rep, f, PageReq::default()).await.unwrap().items.iter().map(|c| c.total_amount.to_string()).collect();
    assert_eq!(totals, ["5.00", "40.00", "300.00"]);
    let f = opportunity::OpportunityFilter { sort: Some(opportunity::OpportunitySort::EstimatedAmount), desc: Some(false), ..Default::default() };
    let first = opportunity::list(&w.rep, f, PageReq::default()).await.unwrap();
    assert!(first.items.windows(2).all(|p| p[0].estimated_amount.inner() <= p[1].estimated_amount.inner()));
});

/// A stale save is CONFLICT on field `lockVersion`, naming who saved before.
fn assert_stale(e: AppError, who: &str) {
    let api = e.to_api(Locale::ZhCn);
    assert_eq!(api.code, crm_core::error::ErrorCode::Conflict, "{api:?}");
    assert_eq!(api.field.as_deref(), Some("lockVersion"), "{api:?}");
    assert!(api.message.contains(who), "names who changed it: {}", api.message);
}

// Optimistic concurrency on every edit form: two people open the same record; the first
// save wins, the second gets CONFLICT ("changed by X at T") and nothing is overwritten.
both!(stale_saves_are_refused_on_every_edit_form, |t| {
    let w = world(t).await;
    // Customer.
    let c0 = customer::get(&w.rep, w.customer).await.unwrap();
    let cin = |name: &str| CustomerInput {
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
    let c1 = customer::save(&w.mgr, w.customer, cin("经理改的名字"), Some(c0.lock_version)).await.unwrap();
    assert_eq!(c1.lock_version, c0.lock_version + 1);
    assert_stale(customer::save(&w.rep, w.customer, cin("代表改的名字"), Some(c0.lock_version)).await.unwrap_err(), "用户mgr");
    assert_eq!(customer::get(&w.rep, w.customer).await.unwrap().customer_name, "经理改的名字", "the first save stands");
    // The reloaded version saves.
    customer::save(&w.rep, w.customer, cin("代表改的名字"), Some(c1.lock_version)).await.unwrap();

    // Product.
    let p0 = product::get(&w.mgr, w.products[0]).await.unwrap();
    let pin = |price: &str| ProductInput {
        product_name: "CRM 标准版".into(),
        category_id: p0.category_id,
        specification: None,
        unit: Some("套".into()),
        price: d(price),
        cost_price: None,
        status: ProductStatus::OnShelf,
        description: None,
    };
    product::save(&w.mgr, p0.id, pin("2099.00"), Some(p0.lock_version)).await.unwrap();
    assert_stale(product::save(&w.mgr, p0.id, pin("1.00"), Some(p0.lock_version)).await.unwrap_err(), "用户mgr");
    assert_eq!(product::get(&w.mgr, p0.id).await.unwrap().price, d("2099.00"));

    // Opportunity.
    let o = opp(&w).await;
    let o0 = opportunity::get(&w.rep, o).await.unwrap();
    let oin = |amount: &str| OpportunityInput {
        customer_id: w.customer,
        opportunity_name: "CRM 采购项目".into(),
        estimated_amount: d(amount),
        stage: None,
        win_probability: None,
        expected_close_time: None,
        product_ids: vec![],
    };
    opportunity::save(&w.mgr, o, oin("60000"), Some(o0.lock_version)).await.unwrap();
    assert_stale(opportunity::save(&w.rep, o, oin("1"), Some(o0.lock_version)).await.unwrap_err(), "用户mgr");

    // Quotation.
    let qin = |q: &str| QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], q, "100", "100")] };
    let q0 = quotation::create(&w.rep, qin("1")).await.unwrap();
    quotation::save(&w.mgr, q0.id, qin("2"), Some(q0.lock_version)).await.unwrap();
    assert_stale(quotation::save(&w.rep, q0.id, qin("3"), Some(q0.lock_version)).await.unwrap_err(), "用户mgr");
    assert_eq!(quotation::get(&w.rep, q0.id).await.unwrap().total_amount, d("200.00"), "the lines of the first save stand");

    // Contract: edits, and approval approves what the approver saw.
    let today = chrono::Local::now().date_naive();
    let kin = |price: &str| ContractInput {
        customer_id: w.customer,
        opportunity_id: None,
        contract_name: "年度订阅合同".into(),
        sign_date: today,
        start_date: None,
        end_date: None,
        remark: None,
        items: vec![ContractItemInput { product_id: w.products[0], specification: None, quantity: d("1"), unit: "套".into(), unit_price: d(price) }],
    };
    let k0 = contract::create(&w.rep, kin("1000")).await.unwrap();
    let seen_by_approver = contract::get(&w.mgr, k0.id).await.unwrap();
    let k1 = contract::save(&w.rep, k0.id, kin("9000"), Some(k0.lock_version)).await.unwrap();
    assert_stale(contract::save(&w.mgr, k0.id, kin("1"), Some(k0.lock_version)).await.unwrap_err(), "用户rep");
    let e = contract::approve_seen(&w.mgr, k0.id, Some(seen_by_approver.lock_version)).await.unwrap_err();
    assert_stale(e, "用户rep");
    assert_eq!(contract::get(&w.mgr, k0.id).await.unwrap().status, ContractStatus::Draft, "not approved: the amount changed after it was opened");
    let approved = contract::approve_seen(&w.mgr, k0.id, Some(k1.lock_version)).await.unwrap();
    assert_eq!(approved.status, ContractStatus::Approved);

    // Settings forms (company letterhead).
    let s0 = crm_core::service::settings::get_company_profile(&w.mgr).await.unwrap();
    let mut a = s0.clone();
    a.name = "甲公司".into();
    crm_core::service::settings::set_company_profile(&w.mgr, a).await.unwrap();
    let mut b = s0.clone();
    b.name = "乙公司".into();
    assert_stale(crm_core::service::settings::set_company_profile(&w.mgr, b).await.unwrap_err(), "用户mgr");
    assert_eq!(crm_core::service::settings::get_company_profile(&w.mgr).await.unwrap().name, "甲公司");

    // Contact.
    use crm_core::service::contact::{self, ContactInput};
    let kin = |name: &str| ContactInput {
        contact_name: name.into(),
        position: None,
        phone: "13900001111".into(),
        email: None,
        is_key: false,
        communication_preference: None,
        birthday: None,
        remark: None,
    };
    let ct = contact::create(&w.rep, w.customer, kin("张三")).await.unwrap();
    contact::save(&w.rep, ct.id, kin("张三丰"), Some(ct.lock_version)).await.unwrap();
    assert_stale(contact::save(&w.mgr, ct.id, kin("张四"), Some(ct.lock_version)).await.unwrap_err(), "用户rep");
});

// The company may require quotation:approve to record a customer's acceptance.
both!(accepting_a_quotation_can_require_approval, |t| {
    use crm_core::service::settings::{self, SecurityPolicy};
    let w = world(t).await;
    let o = opp(&w).await;
    let q =
        quotation::create(&w.rep, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "1", "10", "100")] })
            .await
            .unwrap();
    quotation::set_status(&w.rep, q.id, QuotationStatus::Sent).await.unwrap();
    let admin = w.mgr.clone();
    // An assistant who may edit the department's quotations but not approve them.
    let dp = w.rep.user().unwrap().dept_id;
    let r = role(&t.db, "assistant", "customer:read,opportunity:read,quotation:read,quotation:update", DataScope::Department).await;
    let assistant = ctx_for(&t.db, user(&t.db, "assistant", dp, r, None).await).await;
    // Without the setting, editing rights suffice.
    let q2 =
        quotation::create(&w.rep, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "1", "10", "100")] })
            .await
            .unwrap();
    quotation::set_status(&w.rep, q2.id, QuotationStatus::Sent).await.unwrap();
    assert_eq!(quotation::set_status(&assistant, q2.id, QuotationStatus::Accepted).await.unwrap().status, QuotationStatus::Accepted);
    settings::set_security_policy(&admin, SecurityPolicy { quotation_accept_needs_approval: true, ..Default::default() }).await.unwrap();
    let e = quotation::set_status(&assistant, q.id, QuotationStatus::Accepted).await.unwrap_err();
    assert!(matches!(&e, AppError::Forbidden { permission } if permission == "quotation:approve"), "{e:?}");
    assert_eq!(quotation::get(&w.rep, q.id).await.unwrap().status, QuotationStatus::Sent);
    // The manager's role has quotation:* and may.
    assert_eq!(quotation::set_status(&w.mgr, q.id, QuotationStatus::Accepted).await.unwrap().status, QuotationStatus::Accepted);
    // Out-of-range idle lock is refused with the field named.
    let e = settings::set_security_policy(&admin, SecurityPolicy { idle_lock_minutes: 100_000, ..Default::default() }).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("idleLockMinutes"));
});

// The "won" stage (probability 100 %) and the status agree both ways: moving into it
// wins the opportunity (and the kanban keeps it in that column), moving a won one out
// reopens it unless a signed contract won it; closing as won and signing a contract move
// it to that stage. Without a 100 % stage the two are independent.
both!(won_stage_and_status_agree, |t| {
    use crm_core::error::ErrorCode;
    let w = world(t).await;
    let o = opp(&w).await;
    let moved = opportunity::move_stage(&w.rep, o, "赢单").await.unwrap();
    assert_eq!((moved.status, moved.win_probability), (OpportunityStatus::Won, Some(100)));
    let board = opportunity::kanban(&w.rep, Default::default()).await.unwrap();
    let won_col = board.iter().find(|c| c.stage == "赢单").unwrap();
    assert_eq!(won_col.cards.iter().map(|c| c.id).collect::<Vec<_>>(), vec![o], "the won column holds it");
    assert!(board.iter().filter(|c| c.stage != "赢单").all(|c| c.cards.is_empty()));
    let back = opportunity::move_stage(&w.rep, o, "商务谈判").await.unwrap();
    assert_eq!((back.status, back.stage.as_str(), back.win_probability), (OpportunityStatus::InProgress, "商务谈判", Some(70)));
    // The edit form choosing the won stage wins it too.
    let cur = opportunity::get(&w.rep, o).await.unwrap();
    let saved = opportunity::update(
        &w.rep,
        o,
        OpportunityInput {
            customer_id: w.customer,
            opportunity_name: cur.opportunity_name.clone(),
            estimated_amount: cur.estimated_amount,
            stage: Some("赢单".into()),
            win_probability: None,
            expected_close_time: None,
            product_ids: vec![],
        },
    )
    .await
    .unwrap();
    assert_eq!((saved.status, saved.win_probability), (OpportunityStatus::Won, Some(100)));
    // Closing as won from another stage moves it to the won stage; a lost one cannot move.
    let o2 = opp(&w).await;
    let closed = opportunity::close(&w.rep, o2, OpportunityStatus::Won, None).await.unwrap();
    assert_eq!(closed.stage, "赢单");
    let o3 = opp(&w).await;
    opportunity::close(&w.rep, o3, OpportunityStatus::Lost, Some("预算取消".into())).await.unwrap();
    let e = opportunity::move_stage(&w.rep, o3, "赢单").await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (ErrorCode::Conflict, Some("status")));
    // A contract signed on an opportunity wins it in the won stage; it cannot be dragged back.
    let o4 = opp(&w).await;
    let today = chrono::Local::now().date_naive();
    let c = contract::create(
        &w.rep,
        ContractInput {
            customer_id: w.customer,
            opportunity_id: Some(o4),
            contract_name: "签约".into(),
            sign_date: today,
            start_date: None,
            end_date: None,
            remark: None,
            items: vec![ContractItemInput { product_id: w.products[0], specification: None, quantity: d("1"), unit: "套".into(), unit_price: d("10") }],
        },
    )
    .await
    .unwrap();
    contract::approve(&w.mgr, c.id).await.unwrap();
    contract::sign(&w.rep, c.id).await.unwrap();
    let won = opportunity::get(&w.rep, o4).await.unwrap();
    assert_eq!((won.status, won.stage.as_str()), (OpportunityStatus::Won, "赢单"));
    let e = opportunity::move_stage(&w.rep, o4, "需求分析").await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (ErrorCode::Conflict, Some("status")));
    // Without a 100 % stage, moving never changes the status.
    let stages = vec![opportunity::Stage { name: "接洽".into(), probability: 20 }, opportunity::Stage { name: "谈判".into(), probability: 90 }];
    opportunity::set_stages(&w.mgr, stages).await.unwrap();
    let o5 = opp(&w).await;
    let m = opportunity::move_stage(&w.rep, o5, "谈判").await.unwrap();
    assert_eq!((m.status, m.win_probability), (OpportunityStatus::InProgress, Some(90)));
});

// A sent quotation past its validity date can no longer be accepted (copy it to a new
// draft instead); the list tags and filters it; its PDF states the date.
both!(expired_quotations_cannot_be_accepted, |t| {
    use crm_core::error::ErrorCode;
    use crm_core::service::quotation::QuotationFilter;
    use sea_orm::ConnectionTrait;
    let w = world(t).await;
    let o = opp(&w).await;
    let mk = || {
        quotation::create(&w.rep, QuotationInput { opportunity_id: o, valid_until: None, remark: None, items: vec![line(w.products[0], "1", "100", "100")] })
    };
    let q = mk().await.unwrap();
    let fresh = mk().await.unwrap();
    for id in [q.id, fresh.id] {
        quotation::set_status(&w.rep, id, QuotationStatus::Sent).await.unwrap();
    }
    // Valid through yesterday: expired today. (Valid through today is still valid.)
    let today = crm_core::service::util::local_date(crm_core::service::util::now());
    t.db.execute_unprepared(&format!("UPDATE crm_quotation SET valid_until = '{}' WHERE id = {}", today - chrono::Duration::days(1), q.id)).await.unwrap();
    t.db.execute_unprepared(&format!("UPDATE crm_quotation SET valid_until = '{today}' WHERE id = {}", fresh.id)).await.unwrap();
    let row = quotation::get(&w.rep, q.id).await.unwrap();
    assert!(row.expired);
    assert!(!quotation::get(&w.rep, fresh.id).await.unwrap().expired);
    let e = quotation::set_status(&w.rep, q.id, QuotationStatus::Accepted).await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::ZhCn).field.as_deref()), (ErrorCode::Conflict, Some("validUntil")));
    assert!(e.to_api(Locale::ZhCn).message.contains("复制"), "{e:?}");
    assert_eq!(quotation::get(&w.rep, q.id).await.unwrap().status, QuotationStatus::Sent, "nothing changed");
    let listed = quotation::list(&w.rep, QuotationFilter { expired: true, ..Default::default() }, PageReq::default()).await.unwrap();
    assert_eq!(listed.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![q.id]);
    // The way forward: a copy is a new draft with a new validity date; the expired one can still be rejected.
    let copy = quotation::copy(&w.rep, q.id).await.unwrap();
    assert_eq!((copy.status, copy.expired), (QuotationStatus::Draft, false));
    assert!(copy.valid_until.unwrap() >= today);
    quotation::set_status(&w.rep, fresh.id, QuotationStatus::Accepted).await.unwrap();
    quotation::set_status(&w.rep, q.id, QuotationStatus::Rejected).await.unwrap();
    let (_, pdf) = print::quotation_pdf(&w.rep, fresh.id, Locale::ZhCn).await.unwrap();
    let text = pdftotext(&pdf);
    assert!(text.contains("有效期至") && text.contains(&today.to_string()), "{text}");
});

// Print: the PDF that reaches CUPS is byte for byte the rendered document.
both!(printing_hands_cups_the_exact_pdf, |t| {
    let w = world(t).await;
    let q = accepted_quote(&w, 3).await;
    let (name, bytes) = print::quotation_pdf(&w.rep, q.id, Locale::ZhCn).await.unwrap();
    let (dir, cups) = crate::printing::stub_cups();
    let file = tempfile::tempdir().unwrap();
    let path = file.path().join(&name);
    std::fs::write(&path, &bytes).unwrap();
    let opts = crm_core::printing::PrintOptions { printer: Some("Front_Desk".into()), copies: 3, ..Default::default() };
    let job = cups.print(&path, name.trim_end_matches(".pdf"), &opts).unwrap();
    assert_eq!(job, "Front_Desk-7");
    assert_eq!(std::fs::read(dir.path().join("out/job.pdf")).unwrap(), bytes);
    let args = crate::printing::job_args(dir.path());
    assert!(
        args.windows(2).any(|a| a == ["-n", "3"]) && args.contains(&"media=A4".to_string()) && args.contains(&"print-scaling=none".to_string()),
        "{args:?}"
    );
    assert!(pdftotext(&std::fs::read(dir.path().join("out/job.pdf")).unwrap()).contains(&q.quotation_no));
});
