//! Security review findings (issue 10), each refused as it must be, on both backends:
//! scope leaks (contract approvers, the operation log, global search, deals after a
//! transfer or a move to the sea), delegated administration, business rules, and
//! attachments (names, types, size, signed scans, what the OS may open).
use crate::common;

use base64::Engine;
use common::{ctx_for, dept, role, user};
use crm_core::entity::enums::{CustomerStatus, CustomerType, DataScope, OpportunityStatus, ProductStatus, RoleStatus};
use crm_core::entity::{crm_opportunity, sys_role};
use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::money::Dec;
use crm_core::service::attachment::AttachmentUpload;
use crm_core::service::contract::{self, ContractInput, ContractItemInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::lead::{self, LeadInput};
use crm_core::service::lead_pool::{self, PoolInput};
use crm_core::service::opportunity::{self, OpportunityInput};
use crm_core::service::product::{self, CategoryInput, ProductFilter, ProductInput};
use crm_core::service::quotation::{self, QuotationInput, QuotationItemInput};
use crm_core::service::role::{self as roles, RoleInput};
use crm_core::service::user::{self as users, UserInput};
use crm_core::service::{history, sea, search, Ctx, PageReq};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

fn d(s: &str) -> Dec {
    s.parse().unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, AppError>) -> ErrorCode {
    r.expect_err("must be refused").code()
}

fn refused<T: std::fmt::Debug>(r: Result<T, AppError>) {
    let c = code(r);
    assert!(matches!(c, ErrorCode::NotFound | ErrorCode::Forbidden), "{c:?}");
}

const REP: &str =
    "customer:*,opportunity:*,quotation:*,contract:read,contract:create,contract:update,contract:delete,product:read,lead:read,lead:create,oplog:read";
const MGR: &str = "customer:*,opportunity:*,quotation:*,contract:*,product:*,lead:read,oplog:read";

struct World {
    /// Two reps in department A, their manager (approver, department scope), a manager of department B.
    rep_a: Ctx,
    rep_a2: Ctx,
    rep_a2_id: i64,
    mgr_a: Ctx,
    mgr_b: Ctx,
    product: i64,
}

async fn world(t: &common::TestDb) -> World {
    let (da, db_) = (dept(&t.db, "销售一部", None).await, dept(&t.db, "销售二部", None).await);
    let rep = role(&t.db, "rep", REP, DataScope::Own).await;
    let mgr = role(&t.db, "mgr", MGR, DataScope::Department).await;
    let mgr_a_id = user(&t.db, "mgr_a", da, mgr, None).await;
    let mgr_b_id = user(&t.db, "mgr_b", db_, mgr, None).await;
    let rep_a_id = user(&t.db, "rep_a", da, rep, Some(mgr_a_id)).await;
    let rep_a2_id = user(&t.db, "rep_a2", da, rep, Some(mgr_a_id)).await;
    let mgr_a = ctx_for(&t.db, mgr_a_id).await;
    let cat = product::category_create(&mgr_a, CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 }).await.unwrap();
    let p = product::create(
        &t.system(),
        ProductInput {
            product_name: "CRM 标准版".into(),
            category_id: cat,
            specification: None,
            unit: Some("套".into()),
            price: d("1999.00"),
            cost_price: Some(d("800.00")),
            status: ProductStatus::OnShelf,
            description: None,
        },
    )
    .await
    .unwrap();
    World {
        rep_a: ctx_for(&t.db, rep_a_id).await,
        rep_a2: ctx_for(&t.db, rep_a2_id).await,
        rep_a2_id,
        mgr_a,
        mgr_b: ctx_for(&t.db, mgr_b_id).await,
        product: p.id,
    }
}

async fn new_customer(c: &Ctx, name: &str) -> i64 {
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
    customer::create(c, input).await.unwrap().id
}

fn contract_input(customer_id: i64, product: i64) -> ContractInput {
    ContractInput {
        customer_id,
        opportunity_id: None,
        contract_name: "年度采购合同".into(),
        sign_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        start_date: None,
        end_date: None,
        remark: None,
        items: vec![ContractItemInput { product_id: product, specification: None, quantity: d("2"), unit: "套".into(), unit_price: d("1999.00") }],
    }
}

fn upload(name: &str, bytes: &[u8]) -> AttachmentUpload {
    AttachmentUpload { file_name: name.into(), mime_type: "application/pdf".into(), content_base64: base64::engine::general_purpose::STANDARD.encode(bytes) }
}

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

both!(approvers_act_within_their_scope, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "杭州云帆科技").await;
    let k = contract::create(&w.rep_a, contract_input(c, w.product)).await.unwrap();
    let scan = contract::attach(&w.rep_a, k.id, upload("scan.pdf", PDF)).await.unwrap();
    // The manager of another department has contract:approve but not this customer.
    refused(contract::get(&w.mgr_b, k.id).await);
    refused(contract::approve(&w.mgr_b, k.id).await);
    refused(contract::attach(&w.mgr_b, k.id, upload("x.pdf", PDF)).await);
    refused(contract::detach(&w.mgr_b, scan.id).await);
    refused(contract::attachment(&w.mgr_b, scan.id).await);
    refused(contract::terminate(&w.mgr_b, k.id, "越权").await);
    refused(crm_core::service::print::contract_pdf(&w.mgr_b, k.id, Locale::ZhCn).await);
    assert_eq!(contract::awaiting_my_approval(&w.mgr_b, PageReq::default()).await.unwrap().total, 0);
    // Their own department's manager sees it waiting and approves it.
    let waiting = contract::awaiting_my_approval(&w.mgr_a, PageReq::default()).await.unwrap();
    assert_eq!(waiting.items.iter().map(|r| r.id).collect::<Vec<_>>(), vec![k.id]);
    contract::approve(&w.mgr_a, k.id).await.unwrap();
    assert_eq!(contract::awaiting_my_approval(&w.mgr_a, PageReq::default()).await.unwrap().total, 0);
    // Reps have no approval list.
    assert_eq!(code(contract::awaiting_my_approval(&w.rep_a, PageReq::default()).await), ErrorCode::Forbidden);
});

both!(the_operation_log_follows_the_record_scope, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "宁波海曙贸易").await;
    assert!(history::of_record(&w.rep_a, "crm_customer", c, PageReq::default()).await.unwrap().total >= 1);
    refused(history::of_record(&w.rep_a2, "crm_customer", c, PageReq::default()).await);
    refused(history::of_record(&w.mgr_b, "crm_customer", c, PageReq::default()).await);
    let o = opportunity::create(&w.rep_a, opp_input(c)).await.unwrap();
    refused(history::of_record(&w.rep_a2, "crm_opportunity", o.id, PageReq::default()).await);
    assert!(history::of_record(&w.mgr_a, "crm_opportunity", o.id, PageReq::default()).await.is_ok());
    // Administration records need their own read permission; unknown types exist for nobody.
    assert_eq!(code(history::of_record(&w.rep_a, "sys_user", 1, PageReq::default()).await), ErrorCode::Forbidden);
    refused(history::of_record(&w.mgr_a, "no_such_table", 1, PageReq::default()).await);
});

fn opp_input(customer_id: i64) -> OpportunityInput {
    OpportunityInput {
        customer_id,
        opportunity_name: "CRM 采购项目".into(),
        estimated_amount: d("50000"),
        stage: None,
        win_probability: None,
        expected_close_time: None,
        product_ids: vec![],
    }
}

fn lead_input(name: &str, phone: &str, pool: i64) -> LeadInput {
    LeadInput {
        lead_name: name.into(),
        phone: Some(phone.into()),
        company: Some(format!("{name}公司")),
        position: None,
        source: None,
        intent_product: None,
        intent_level: None,
        remark: None,
        pool_id: Some(pool),
        to_pool: true,
        activity_id: None,
    }
}

both!(global_search_hides_leads_in_private_pools, |t| {
    let w = world(t).await;
    // The CLI, recording its writes as a named user (there is no administrator here).
    let admin = Ctx::system_as(t.db.clone(), w.rep_a.actor_id().unwrap());
    let private = lead_pool::pool_create(&admin, PoolInput { pool_name: "大客户池".into(), description: None, is_public: false }).await.unwrap();
    let public = lead_pool::pool_create(&admin, PoolInput { pool_name: "展会线索".into(), description: None, is_public: true }).await.unwrap();
    lead::create(&admin, lead_input("机密线索", "13900000001", private.id)).await.unwrap();
    lead::create(&admin, lead_input("公开线索", "13900000002", public.id)).await.unwrap();
    let hits = |ctx: Ctx, q: &'static str| async move { search::search(&ctx, q, 6).await.unwrap().len() };
    assert_eq!(hits(w.rep_a.clone(), "机密").await, 0, "an unowned lead in a private pool is not for readers");
    assert_eq!(hits(w.rep_a.clone(), "公开").await, 1);
    assert_eq!(hits(admin.clone(), "机密").await, 1, "assigners see private pools");
});

both!(deals_follow_their_customer, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "苏州工业园区").await;
    let o = opportunity::create(&w.rep_a, opp_input(c)).await.unwrap();
    let line =
        QuotationItemInput { product_id: w.product, specification: None, quantity: d("1"), unit: "套".into(), unit_price: d("1999"), discount: d("100") };
    let q = quotation::create(&w.rep_a, QuotationInput { opportunity_id: o.id, valid_until: None, remark: None, items: vec![line.clone()] }).await.unwrap();
    let k = contract::create(&w.rep_a, contract_input(c, w.product)).await.unwrap();
    customer::transfer(&w.mgr_a, c, w.rep_a2_id).await.unwrap();
    // The old owner lost the deals with the customer: no read, no edit, no copy.
    refused(opportunity::get(&w.rep_a, o.id).await);
    refused(quotation::get(&w.rep_a, q.id).await);
    refused(quotation::copy(&w.rep_a, q.id).await);
    refused(quotation::update(&w.rep_a, q.id, QuotationInput { opportunity_id: o.id, valid_until: None, remark: None, items: vec![line.clone()] }).await);
    refused(contract::get(&w.rep_a, k.id).await);
    assert_eq!(quotation::list(&w.rep_a, Default::default(), PageReq::default()).await.unwrap().total, 0);
    assert_eq!(contract::list(&w.rep_a, Default::default(), PageReq::default()).await.unwrap().total, 0);
    // The new owner has them, and the open opportunity is now theirs.
    assert_eq!(quotation::get(&w.rep_a2, q.id).await.unwrap().id, q.id);
    assert_eq!(contract::get(&w.rep_a2, k.id).await.unwrap().id, k.id);
    let moved = crm_opportunity::Entity::find_by_id(o.id).one(&t.db).await.unwrap().unwrap();
    assert_eq!((moved.owner_id, moved.status), (w.rep_a2_id, OpportunityStatus::InProgress));
    // Into the sea: the owner it had can no longer touch the deals either.
    sea::release(&w.rep_a2, c, "客户暂无预算").await.unwrap();
    refused(quotation::get(&w.rep_a2, q.id).await);
    refused(opportunity::get(&w.rep_a2, o.id).await);
});

both!(nobody_grants_more_than_they_hold, |t| {
    let db = &t.db;
    let dp = dept(db, "人事部", None).await;
    let admin_role = roles::admin_role_id(db).await.unwrap();
    let hr_role = role(db, "hr", "user:*,role:*,customer:read", DataScope::Department).await;
    let hr_id = user(db, "hr", dp, hr_role, None).await;
    let hr = ctx_for(db, hr_id).await;
    let admin_role = match admin_role {
        Some(id) => id,
        None => role(db, "系统管理员", "*", DataScope::All).await,
    };
    let admin_id = user(db, "boss", dp, admin_role, None).await;
    let clerk_role = role(db, "clerk", "customer:read", DataScope::Own).await;
    let clerk_id = user(db, "clerk", dp, clerk_role, None).await;
    let new_role = |perms: &[&str], scope| RoleInput {
        role_name: format!("r{}", perms.len()),
        permissions: perms.iter().map(|s| s.to_string()).collect(),
        data_scope: scope,
        status: RoleStatus::Enabled,
        remark: None,
    };
    assert_eq!(code(roles::create(&hr, new_role(&["*"], DataScope::Department)).await), ErrorCode::Forbidden);
    assert_eq!(code(roles::create(&hr, new_role(&["contract:approve"], DataScope::Department)).await), ErrorCode::Forbidden);
    assert_eq!(code(roles::create(&hr, new_role(&["customer:*"], DataScope::Department)).await), ErrorCode::Forbidden);
    assert_eq!(code(roles::create(&hr, new_role(&["customer:read"], DataScope::All)).await), ErrorCode::Forbidden);
    roles::create(&hr, new_role(&["customer:read"], DataScope::Own)).await.unwrap();
    // Editing the role one holds (to widen it) is refused.
    assert_eq!(code(roles::update(&hr, hr_role, new_role(&["user:*", "role:*", "customer:read"], DataScope::All)).await), ErrorCode::Forbidden);
    let as_user = |roles: Vec<i64>, name: &str| UserInput {
        username: name.into(),
        full_name: name.into(),
        dept_id: dp,
        role_ids: roles,
        supervisor_id: None,
        phone: None,
        email: None,
        password: None,
    };
    // Granting the administrator role, to oneself or to another, is refused.
    assert_eq!(code(users::update(&hr, hr_id, as_user(vec![hr_role, admin_role], "hr")).await), ErrorCode::Forbidden);
    assert_eq!(code(users::update(&hr, clerk_id, as_user(vec![admin_role], "clerk")).await), ErrorCode::Forbidden);
    // The administrator is out of reach: no password reset, no disabling, no edit.
    assert_eq!(code(users::reset_password(&hr, admin_id, "Very-Strong-2026!").await), ErrorCode::Forbidden);
    assert_eq!(code(users::set_status(&hr, admin_id, crm_core::entity::enums::UserStatus::Disabled).await), ErrorCode::Forbidden);
    // Managing a user with fewer rights works.
    users::reset_password(&hr, clerk_id, "Very-Strong-2026!").await.unwrap();
    // The administrator role is protected by id: renamed, it still cannot be deleted or narrowed.
    let mut r = sys_role::Entity::find_by_id(admin_role).one(db).await.unwrap().unwrap().into_active_model();
    r.role_name = Set("普通角色".into());
    r.update(db).await.unwrap();
    assert_eq!(code(roles::delete(&t.system(), admin_role).await), ErrorCode::Conflict);
    let narrowed = roles::update(&t.system(), admin_role, new_role(&["customer:read"], DataScope::All)).await;
    assert_eq!(code(narrowed), ErrorCode::Validation);
});

both!(business_rules_hold_for_reps, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "上海浦东贸易").await;
    // "Deal" only comes from a signed contract.
    let mut input = CustomerInput {
        customer_name: "上海浦东贸易".into(),
        customer_type: CustomerType::Enterprise,
        industry: None,
        scale: None,
        address: None,
        status: CustomerStatus::Deal,
        level: None,
        owner_id: None,
        activity_id: None,
    };
    let e = customer::update(&w.rep_a, c, input.clone()).await.unwrap_err();
    assert_eq!((e.code(), e.to_api(Locale::EnUs).field.as_deref()), (ErrorCode::Validation, Some("status")));
    assert_eq!(code(customer::create(&w.rep_a, input.clone()).await), ErrorCode::Validation);
    input.status = CustomerStatus::Lost;
    customer::update(&w.rep_a, c, input).await.unwrap();
    // Cost prices are for roles with product:cost.
    let rep_view = product::list(&w.rep_a, ProductFilter::default(), PageReq::default()).await.unwrap();
    assert_eq!(rep_view.items[0].cost_price, None);
    let cost = |p: product::ProductRow| p.cost_price.map(|c| c.to_string());
    assert_eq!(cost(product::get(&w.mgr_a, w.product).await.unwrap()).as_deref(), Some("800.0000"), "product:* includes product:cost");
    assert_eq!(cost(product::get(&t.system(), w.product).await.unwrap()).as_deref(), Some("800.0000"));
});

both!(attachments_are_sanitized_bounded_and_kept_once_signed, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "广州天河商贸").await;
    let k = contract::create(&w.rep_a, contract_input(c, w.product)).await.unwrap();
    // A planted path loses its folders; the type comes from the bytes, not the claim.
    let a = contract::attach(&w.rep_a, k.id, upload("..\\..\\Startup\\x.bat", b"@echo off\r\nformat c:\r\n")).await.unwrap();
    assert_eq!(a.file_name, "x.bat");
    assert_eq!(a.mime_type, "application/octet-stream");
    let scan = contract::attach(&w.rep_a, k.id, upload("../../扫描件.pdf", PDF)).await.unwrap();
    assert_eq!((scan.file_name.as_str(), scan.mime_type.as_str()), ("扫描件.pdf", "application/pdf"));
    // Too large for one MariaDB packet: refused before anything is written.
    let big = vec![0u8; crm_core::service::attachment::MAX_ATTACHMENT + 1];
    let e = contract::attach(&w.rep_a, k.id, upload("big.pdf", &big)).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("contentBase64"));
    assert_eq!(contract::get(&w.rep_a, k.id).await.unwrap().attachments.len(), 2);
    // A draft's file can be removed; once signed, the scan stays.
    contract::detach(&w.rep_a, a.id).await.unwrap();
    contract::approve(&w.mgr_a, k.id).await.unwrap();
    contract::sign(&w.rep_a, k.id).await.unwrap();
    assert_eq!(code(contract::detach(&w.rep_a, scan.id).await), ErrorCode::Conflict);
    assert_eq!(contract::get(&w.rep_a, k.id).await.unwrap().attachments.len(), 1);
    // Signing made the customer a deal.
    assert_eq!(customer::get(&w.rep_a, c).await.unwrap().status, CustomerStatus::Deal);
});

#[test]
fn only_allowlisted_documents_reach_the_system_viewer() {
    use crm_core::files::{safe_file_name, viewable, write_for_viewer};
    assert_eq!(safe_file_name("..\\..\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup\\x.bat"), "x.bat");
    assert_eq!(safe_file_name("/etc/../../passwd"), "passwd");
    assert_eq!(safe_file_name("CON.pdf"), "_CON.pdf");
    assert_eq!(safe_file_name("a<b>:c|d?.pdf"), "abcd.pdf");
    assert_eq!(safe_file_name(" .. "), "file");
    assert_eq!(safe_file_name(&format!("{}.pdf", "长".repeat(300))).chars().count(), 120);
    assert!(viewable("合同.pdf", PDF));
    assert!(!viewable("合同.pdf", b"MZ\x90\x00 this is an exe"), "a program renamed .pdf is not a PDF");
    assert!(!viewable("x.bat", b"@echo off"));
    assert!(!viewable("x.pdf.exe", PDF));
    let e = write_for_viewer("run.bat", b"@echo off").unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("fileName"));
    let p = write_for_viewer("..\\..\\scan.pdf", PDF).unwrap();
    assert_eq!(p.file_name().unwrap(), "scan.pdf");
    assert!(p.parent().unwrap().file_name().unwrap().to_string_lossy().starts_with("crm-desk-"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(p.parent().unwrap()).unwrap().permissions().mode() & 0o777, 0o700);
    }
}

both!(dates_out_of_range_are_refused_not_panicking, |t| {
    use crm_core::service::follow_up::{self, FollowUpFilter};
    use crm_core::service::lead::LeadFilter;
    let w = world(t).await;
    let max = chrono::NaiveDate::MAX;
    let f = FollowUpFilter { to: Some(max), ..Default::default() };
    let e = follow_up::recent(&t.system(), f, 480, PageReq::default()).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("to"), "{e:?}");
    let f = LeadFilter { created_to: Some(max), ..Default::default() };
    assert_eq!(lead::list(&w.rep_a, f, PageReq::default()).await.unwrap_err().to_api(Locale::EnUs).field.as_deref(), Some("createdTo"));
    let c = new_customer(&w.rep_a, "边界测试").await;
    let mut k = contract_input(c, w.product);
    k.end_date = Some(chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap());
    assert_eq!(contract::create(&w.rep_a, k).await.unwrap_err().to_api(Locale::EnUs).field.as_deref(), Some("endDate"));
    let mut o = opp_input(c);
    o.expected_close_time = Some(chrono::NaiveDate::from_ymd_opt(1800, 1, 1).unwrap());
    assert_eq!(opportunity::create(&w.rep_a, o).await.unwrap_err().to_api(Locale::EnUs).field.as_deref(), Some("expectedCloseTime"));
});

both!(reminders_and_history_leave_with_the_customer, |t| {
    use crm_core::entity::enums::RelationKind;
    use crm_core::service::follow_up::{self, FollowUpInput};
    use crm_core::service::todo;
    let db = &t.db;
    let dp = dept(db, "销售部", None).await;
    let rep = role(db, "rep", "customer:*,follow_up:*,oplog:read,product:read", DataScope::Own).await;
    let mgr = role(db, "mgr", "customer:*,follow_up:*,user:*,product:*,oplog:read", DataScope::Department).await;
    let a_id = user(db, "a", dp, rep, None).await;
    let b_id = user(db, "b", dp, rep, None).await;
    let m_id = user(db, "m", dp, mgr, None).await;
    let (a, m) = (ctx_for(db, a_id).await, ctx_for(db, m_id).await);
    let c = new_customer(&a, "常州钟楼机械").await;
    let input = FollowUpInput {
        relation_type: RelationKind::Customer,
        relation_id: c,
        follow_type: "电话".into(),
        content: "报价已发,下周回访".into(),
        next_follow_time: Some(crm_core::service::util::now() + chrono::Duration::minutes(10)),
        next_content: Some("回访".into()),
    };
    follow_up::create(&a, input).await.unwrap();
    assert_eq!(todo::todo_counts(&a, 480).await.unwrap().follow_ups, 1);
    customer::transfer(&m, c, b_id).await.unwrap();
    // The reminder and the follow-up text left with the customer.
    assert_eq!(todo::todo_counts(&a, 480).await.unwrap().follow_ups, 0);
    let f = follow_up::FollowUpFilter::default();
    assert_eq!(follow_up::recent(&a, f, 480, PageReq::default()).await.unwrap().total, 0);
    // A product's history carries cost prices: product:read alone is not enough.
    let cat = product::category_create(&m, CategoryInput { category_name: "硬件".into(), parent_id: None, sort: 0 }).await.unwrap();
    let p = product::create(
        &m,
        ProductInput {
            product_name: "扫码枪".into(),
            category_id: cat,
            specification: None,
            unit: None,
            price: d("99"),
            cost_price: Some(d("40")),
            status: ProductStatus::OnShelf,
            description: None,
        },
    )
    .await
    .unwrap();
    assert_eq!(code(history::of_record(&a, "crm_product", p.id, PageReq::default()).await), ErrorCode::Forbidden);
    assert!(history::of_record(&m, "crm_product", p.id, PageReq::default()).await.is_ok());
    // Nobody widens their own scope by moving themselves to another department.
    let other = dept(db, "销售二部", None).await;
    let me = UserInput {
        username: "m".into(),
        full_name: "用户m".into(),
        dept_id: other,
        role_ids: vec![mgr],
        supervisor_id: None,
        phone: None,
        email: None,
        password: None,
    };
    assert_eq!(code(users::update(&m, m_id, me).await), ErrorCode::Forbidden);
    // Department scope does not include "own + subordinates" (subordinates may sit elsewhere).
    let r = RoleInput {
        role_name: "sub".into(),
        permissions: vec!["customer:read".into()],
        data_scope: DataScope::OwnAndSubordinates,
        status: RoleStatus::Enabled,
        remark: None,
    };
    let hr_role = role(db, "hr", "role:*,customer:read", DataScope::Department).await;
    let hr = ctx_for(db, user(db, "hr", dp, hr_role, None).await).await;
    assert_eq!(code(roles::create(&hr, r).await), ErrorCode::Forbidden);
});

#[test]
fn long_names_with_long_extensions_do_not_overflow() {
    let name = format!("a.{}", "x".repeat(150));
    let safe = crm_core::files::safe_file_name(&name);
    assert_eq!(safe.chars().count(), 120);
}

both!(huge_values_are_logged_truncated_not_refused, |t| {
    let w = world(t).await;
    let c = new_customer(&w.rep_a, "长条款客户").await;
    let k = contract::create(&w.rep_a, contract_input(c, w.product)).await.unwrap();
    // 20,000 Chinese characters (60 KB) twice in one diff would not fit the log's TEXT column.
    let mut input = contract_input(c, w.product);
    input.remark = Some("条".repeat(20_000));
    contract::update(&w.rep_a, k.id, input.clone()).await.unwrap();
    input.remark = Some("款".repeat(20_000));
    contract::update(&w.rep_a, k.id, input).await.unwrap();
    let h = history::of_record(&w.rep_a, "crm_contract", k.id, PageReq::default()).await.unwrap();
    let last = h.items[0].changes.to_string();
    assert!(last.contains("[truncated: 20000 chars]"), "{}", &last[..200.min(last.len())]);
    assert_eq!(contract::get(&w.rep_a, k.id).await.unwrap().remark.unwrap().chars().count(), 20_000, "the record itself keeps everything");
});
