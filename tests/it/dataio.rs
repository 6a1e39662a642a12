//! Data in and out: spreadsheet import (round trip, GBK CSV, scientific-notation phones,
//! duplicates, updates that never blank a cell, cancellation between batches, scope),
//! export (scope, labels, money as numbers), backups during writes and restore, and the
//! transfer of a local CRM into an empty company database.
use crate::common::{self, ctx_for, dept, refusal, role, user};
use calamine::{Data, Reader, Xlsx};
use crm_core::entity::enums::DataScope;
use crm_core::error::ErrorCode;
use crm_core::service::export::{self, ExportKind, ExportRequest};
use crm_core::service::import::{self, Disposition, DupPolicy, ImportKind, ImportOptions, OwnerMode};
use crm_core::service::{backup, transfer, Ctx};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::sync::atomic::{AtomicBool, Ordering};

async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{e}\n{sql}"));
}

async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<sea_orm::QueryResult> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_string())).await.unwrap()
}

async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    rows(db, sql).await[0].try_get_by_index::<i64>(0).unwrap()
}

/// An administrator, a manager and two reps (the reps may import and one may export).
struct World {
    admin: Ctx,
    rep: Ctx,
    rep_id: i64,
    other_id: i64,
}

async fn world(db: &DatabaseConnection) -> World {
    let d = dept(db, "销售一部", None).await;
    let admin_role = role(db, "管理员X", "*", DataScope::All).await;
    let rep_role = role(
        db,
        "代表X",
        "lead:read,lead:create,lead:update,lead:import,customer:read,customer:create,customer:update,customer:import,customer:export,contact:*,product:read",
        DataScope::Own,
    )
    .await;
    let admin_id = user(db, "admin.x", d, admin_role, None).await;
    let rep_id = user(db, "rep.a", d, rep_role, None).await;
    let other_id = user(db, "rep.b", d, rep_role, None).await;
    World { admin: ctx_for(db, admin_id).await, rep: ctx_for(db, rep_id).await, rep_id, other_id }
}

fn xlsx(headers: &[&str], data: &[Vec<String>]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in data.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn opts(mapping: Vec<Option<&str>>, policy: DupPolicy, owner_mode: OwnerMode) -> ImportOptions {
    ImportOptions { mapping: mapping.into_iter().map(|m| m.map(str::to_string)).collect(), policy, owner_mode, owner_id: None, pool_id: None }
}

async fn run(ctx: &Ctx, kind: ImportKind, name: &str, bytes: &[u8], o: &ImportOptions) -> import::ImportResult {
    let cancel = AtomicBool::new(false);
    import::run(ctx, kind, name, bytes, o, &cancel, &mut |_| {}).await.unwrap()
}

async fn export_to(ctx: &Ctx, kind: ExportKind, filter: serde_json::Value, dir: &std::path::Path) -> (std::path::PathBuf, u64) {
    let path = dir.join(format!("{kind:?}.xlsx"));
    let cancel = AtomicBool::new(false);
    let req = ExportRequest { filter, columns: vec![], tz_offset_minutes: Some(480) };
    let n = export::write(ctx, kind, &req, &path, &cancel, &mut |_| {}).await.unwrap();
    (path, n)
}

fn read_xlsx(path: &std::path::Path) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = calamine::open_workbook(path).unwrap();
    let range = wb.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

/// Customers with every field varied, and products with awkward prices.
async fn seed_customers(db: &DatabaseConnection, owners: &[i64], n: usize) {
    let now = "2026-11-30 08:00:00";
    let mut values = vec![];
    for i in 0..n {
        let owner = owners[i % owners.len()];
        let industry = if i % 3 == 0 { "NULL".to_string() } else { format!("'行业{}'", i % 7) };
        let level = if i % 4 == 0 { "NULL".to_string() } else { format!("{}", i % 3 + 1) };
        values.push(format!(
            "('客户{i:04}·测试''s', {}, {industry}, '{}人', '上海市第{i}号', {}, {level}, {owner}, 0, {owner}, '{now}', '{now}', '{now}')",
            i % 2 + 1,
            i % 500,
            i % 3 + 1
        ));
    }
    for chunk in values.chunks(200) {
        exec(
            db,
            &format!(
                "INSERT INTO crm_customer (customer_name, customer_type, industry, scale, address, status, level, owner_id, is_in_sea, created_by, created_at, updated_at, last_follow_at) VALUES {}",
                chunk.join(", ")
            ),
        )
        .await;
    }
    // Rows written by SQL reach the search index through its catch-up (here at once).
    crm_core::service::search_index::sync_above(db, crm_core::service::search_index::Kind::Customer, 0).await.unwrap();
}

async fn customer_rows(db: &DatabaseConnection) -> Vec<(String, i64, Option<String>, Option<String>, Option<String>, i64, Option<i64>, String)> {
    rows(
        db,
        "SELECT c.customer_name, c.customer_type, c.industry, c.scale, c.address, c.status, c.level, u.full_name \
         FROM crm_customer c JOIN sys_user u ON u.id = c.owner_id ORDER BY c.customer_name",
    )
    .await
    .iter()
    .map(|r| {
        (
            r.try_get_by_index(0).unwrap(),
            r.try_get_by_index(1).unwrap(),
            r.try_get_by_index(2).unwrap(),
            r.try_get_by_index(3).unwrap(),
            r.try_get_by_index(4).unwrap(),
            r.try_get_by_index(5).unwrap(),
            r.try_get_by_index(6).unwrap(),
            r.try_get_by_index(7).unwrap(),
        )
    })
    .collect()
}

both!(export_then_import_is_equal_field_by_field, |t| {
    let w = world(&t.db).await;
    seed_customers(&t.db, &[w.rep_id, w.other_id], 1000).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, n) = export_to(&w.admin, ExportKind::Customer, serde_json::json!({"sort": "customerName"}), dir.path()).await;
    assert_eq!(n, 1000);
    // Products: prices that a float round trip would damage.
    let cat = crm_core::service::product::category_create(
        &w.admin,
        crm_core::service::product::CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 },
    )
    .await
    .unwrap();
    let prices = ["0.10", "0.29", "1234.56", "99999999.99", "7", "1000000.01"];
    for (i, p) in prices.iter().enumerate() {
        exec(
            &t.db,
            &format!("INSERT INTO crm_product (product_name, category_id, price, cost_price, status, created_at) VALUES ('产品{i}', {cat}, {p}, {p}, 1, '2026-11-30 08:00:00')"),
        )
        .await;
    }
    let (ppath, pn) = export_to(&w.admin, ExportKind::Product, serde_json::Value::Null, dir.path()).await;
    assert_eq!(pn, prices.len() as u64);

    // An empty database with the same people.
    let target = common::fresh_db(t.backend).await.unwrap();
    let w2 = world(&target.db).await;
    crm_core::service::product::category_create(
        &w2.admin,
        crm_core::service::product::CategoryInput { category_name: "软件".into(), parent_id: None, sort: 0 },
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let inspect = import::inspect(&w2.admin, ImportKind::Customer, "客户.xlsx", &bytes).await.unwrap();
    // Every exported column the importer knows is matched by its header.
    for key in ["customerName", "customerType", "industry", "scale", "address", "status", "level", "owner"] {
        assert!(inspect.mapping.iter().any(|m| m.as_deref() == Some(key)), "{key} not mapped: {:?} {:?}", inspect.headers, inspect.mapping);
    }
    let o = ImportOptions { mapping: inspect.mapping.clone(), policy: DupPolicy::Anyway, owner_mode: OwnerMode::Column, owner_id: None, pool_id: None };
    let preview = import::preview(&w2.admin, ImportKind::Customer, "客户.xlsx", &bytes, &o).await.unwrap();
    assert_eq!((preview.counts.create, preview.counts.error), (1000, 0), "{:?}", preview.rows.iter().find(|r| r.disposition == Disposition::Error));
    let r = run(&w2.admin, ImportKind::Customer, "客户.xlsx", &bytes, &o).await;
    assert_eq!(r.counts.create, 1000);
    assert_eq!(r.batches.len(), 2);
    assert!(r.error_file.is_none());
    let (a, b) = (customer_rows(&t.db).await, customer_rows(&target.db).await);
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y);
    }
    // The sea clock starts on import.
    assert_eq!(scalar(&target.db, "SELECT COUNT(*) FROM crm_customer WHERE last_follow_at IS NULL").await, 0);

    let pbytes = std::fs::read(&ppath).unwrap();
    let inspect = import::inspect(&w2.admin, ImportKind::Product, "产品.xlsx", &pbytes).await.unwrap();
    let o = ImportOptions { mapping: inspect.mapping, policy: DupPolicy::Skip, owner_mode: OwnerMode::Column, owner_id: None, pool_id: None };
    let r = run(&w2.admin, ImportKind::Product, "产品.xlsx", &pbytes, &o).await;
    assert_eq!(r.counts.create, prices.len() as u64, "{:?}", r.problems);
    let money = |db: DatabaseConnection| async move {
        let sql = match db.get_database_backend() {
            sea_orm::DatabaseBackend::MySql => "SELECT product_name, CAST(price AS CHAR), CAST(cost_price AS CHAR) FROM crm_product ORDER BY product_name",
            _ => "SELECT product_name, CAST(price AS TEXT), CAST(cost_price AS TEXT) FROM crm_product ORDER BY product_name",
        };
        rows(&db, sql)
            .await
            .iter()
            .map(|r| {
                let p: String = r.try_get_by_index(1).unwrap();
                let c: String = r.try_get_by_index(2).unwrap();
                (r.try_get_by_index::<String>(0).unwrap(), p.parse::<Decimal>().unwrap().normalize(), c.parse::<Decimal>().unwrap().normalize())
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(money(t.db.clone()).await, money(target.db.clone()).await);
    target.cleanup().await;
});

both!(import_edge_cases, |t| {
    let w = world(&t.db).await;
    // A GBK CSV from Chinese Excel, with a phone Excel turned into 1.38E+10, a duplicate
    // row, and a row whose owner is outside the rep's scope.
    let csv = "线索名称,手机,公司名称,意向程度,负责人\n\
               王先生,13800138000,上海甲公司,高,\n\
               李女士,1.38E+10,上海乙公司,中,\n\
               王先生二,138-0013-8000,上海丙公司,低,\n\
               赵总,13900139000,上海丁公司,高,rep.b\n\
               钱经理,13700137000,上海戊公司,很高,\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    let o = opts(vec![Some("leadName"), Some("phone"), Some("company"), Some("intentLevel"), Some("owner")], DupPolicy::Skip, OwnerMode::Column);
    let inspect = import::inspect(&w.rep, ImportKind::Lead, "线索.csv", &gbk).await.unwrap();
    assert_eq!(inspect.headers, vec!["线索名称", "手机", "公司名称", "意向程度", "负责人"]);
    assert_eq!(inspect.mapping, o.mapping);
    let p = import::preview(&w.rep, ImportKind::Lead, "线索.csv", &gbk, &o).await.unwrap();
    assert_eq!((p.counts.create, p.counts.skip, p.counts.error), (1, 1, 3), "{:?}", p.rows);
    let by_line = |l: u64| p.rows.iter().find(|r| r.line == l).unwrap();
    assert_eq!(by_line(2).disposition, Disposition::Create);
    let sci = by_line(3);
    assert_eq!(sci.disposition, Disposition::Error);
    let reason = sci.reason.clone().unwrap();
    assert!(reason.contains("手机") && reason.contains("科学计数法"), "{reason}");
    assert_eq!(by_line(4).disposition, Disposition::Skip);
    assert!(by_line(4).reason.clone().unwrap().contains("第 2 行"));
    assert!(by_line(5).reason.clone().unwrap().contains("管理范围"), "{:?}", by_line(5));
    assert!(by_line(6).reason.clone().unwrap().contains("很高"));
    let r = run(&w.rep, ImportKind::Lead, "线索.csv", &gbk, &o).await;
    assert_eq!((r.counts.create, r.counts.error), (1, 3));
    assert_eq!(r.problems.iter().map(|p| p.line).collect::<Vec<_>>(), vec![3, 5, 6]);
    // Nothing was corrupted: the only lead is the good row, owned by the rep.
    let leads = rows(&t.db, "SELECT lead_name, phone, owner_id FROM crm_lead").await;
    assert_eq!(leads.len(), 1);
    assert_eq!(leads[0].try_get_by_index::<String>(1).unwrap(), "13800138000");
    assert_eq!(leads[0].try_get_by_index::<i64>(2).unwrap(), w.rep_id);
    // The error file: 错误原因 first, then the original row as text.
    let path = tempfile::NamedTempFile::with_suffix(".xlsx").unwrap();
    std::fs::write(path.path(), r.error_file.unwrap()).unwrap();
    let ef = read_xlsx(path.path());
    assert_eq!(ef[0][0], Data::String("错误原因".into()));
    assert_eq!(ef[0][1], Data::String("线索名称".into()));
    assert_eq!(ef[1][1], Data::String("李女士".into()));
    assert_eq!(ef[1][2], Data::String("1.38E+10".into()));
    assert_eq!(ef.len(), 4);
    // Importing it again finds the existing phone: skipped, never duplicated.
    let again = run(&w.rep, ImportKind::Lead, "线索.csv", &gbk, &o).await;
    assert_eq!(again.counts.create, 0);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM crm_lead").await, 1);
    // "Import anyway" is refused for leads (the phone is a unique key).
    let anyway = ImportOptions { policy: DupPolicy::Anyway, ..o.clone() };
    assert_eq!(refusal(import::preview(&w.rep, ImportKind::Lead, "线索.csv", &gbk, &anyway).await).1.as_deref(), Some("policy"));

    // Update never blanks a cell.
    exec(
        &t.db,
        &format!(
            "INSERT INTO crm_customer (customer_name, customer_type, industry, scale, address, status, owner_id, is_in_sea, created_by, created_at, updated_at, last_follow_at) \
             VALUES ('上海老客户', 2, '制造业', '50人', '旧地址', 1, {0}, 0, {0}, '2026-11-30 08:00:00', '2026-11-30 08:00:00', '2026-11-30 08:00:00')",
            w.rep_id
        ),
    )
    .await;
    let file = xlsx(&["客户名称", "所属行业", "地址", "企业规模"], &[vec!["上海老客户".into(), "".into(), "新地址".into(), "".into()]]);
    let u = opts(vec![Some("customerName"), Some("industry"), Some("address"), Some("scale")], DupPolicy::Update, OwnerMode::Column);
    let r = run(&w.rep, ImportKind::Customer, "u.xlsx", &file, &u).await;
    assert_eq!(r.counts.update, 1);
    let c = rows(&t.db, "SELECT industry, address, scale FROM crm_customer WHERE customer_name = '上海老客户'").await;
    assert_eq!(c[0].try_get_by_index::<String>(0).unwrap(), "制造业");
    assert_eq!(c[0].try_get_by_index::<String>(1).unwrap(), "新地址");
    assert_eq!(c[0].try_get_by_index::<String>(2).unwrap(), "50人");
    // Another rep's customer is not updated by this rep.
    exec(
        &t.db,
        &format!(
            "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at, last_follow_at) \
             VALUES ('别人的客户', 2, 1, {0}, 0, {0}, '2026-11-30 08:00:00', '2026-11-30 08:00:00', '2026-11-30 08:00:00')",
            w.other_id
        ),
    )
    .await;
    let file = xlsx(&["客户名称", "地址"], &[vec!["别人的客户".into(), "改掉".into()]]);
    let r = run(&w.rep, ImportKind::Customer, "u.xlsx", &file, &opts(vec![Some("customerName"), Some("address")], DupPolicy::Update, OwnerMode::Column)).await;
    assert_eq!((r.counts.update, r.counts.error), (0, 1));

    // Cancel after two batches: exactly two whole batches are in.
    let data: Vec<Vec<String>> = (0..1300).map(|i| vec![format!("批量客户{i:05}"), format!("139{i:08}")]).collect();
    let file = xlsx(&["客户名称", "联系人手机"], &data);
    let o = ImportOptions { owner_id: Some(w.rep_id), ..opts(vec![Some("customerName"), Some("contactPhone")], DupPolicy::Skip, OwnerMode::User) };
    let cancel = AtomicBool::new(false);
    let r = import::run(&w.rep, ImportKind::Customer, "big.xlsx", &file, &o, &cancel, &mut |p| {
        if p.done >= 1000 {
            cancel.store(true, Ordering::SeqCst);
        }
    })
    .await
    .unwrap();
    assert!(r.cancelled);
    assert_eq!(r.counts.create, 1000);
    assert_eq!(r.batches.iter().map(|b| (b.first_line, b.last_line)).collect::<Vec<_>>(), vec![(2, 501), (502, 1001)]);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM crm_customer WHERE customer_name LIKE '批量客户%'").await, 1000);
    assert_eq!(r.problems.len(), 200);
    assert!(r.error_file.is_some());
    // One operation-log entry per import, with the file name and counts.
    let log = rows(&t.db, "SELECT summary FROM sys_operation_log WHERE action = 'import' ORDER BY id DESC").await;
    assert!(log[0].try_get_by_index::<String>(0).unwrap().contains("big.xlsx"));
    // A rep without the permission cannot import products.
    assert_eq!(refusal(import::inspect(&w.rep, ImportKind::Product, "p.xlsx", &file).await).0, ErrorCode::Forbidden);
    // A required column left unmapped is named.
    let e = import::preview(&w.rep, ImportKind::Customer, "big.xlsx", &file, &opts(vec![None, Some("contactPhone")], DupPolicy::Skip, OwnerMode::Column)).await;
    assert_eq!(refusal(e).1.as_deref(), Some("mapping"));
});

both!(the_template_reads_back_and_skips_its_example, |t| {
    let w = world(&t.db).await;
    for kind in [ImportKind::Lead, ImportKind::Customer, ImportKind::Contact, ImportKind::Product] {
        let (name, bytes) = import::template(&w.admin, kind).unwrap();
        assert!(name.ends_with(".xlsx"));
        let inspect = import::inspect(&w.admin, kind, &name, &bytes).await.unwrap();
        // Every template column maps to its field by its own header.
        assert!(inspect.mapping.iter().all(|m| m.is_some()), "{kind:?}: {:?}", inspect.headers);
        assert_eq!(inspect.row_count, 1, "the example row");
        if kind == ImportKind::Customer {
            let o = ImportOptions { mapping: inspect.mapping.clone(), ..Default::default() };
            let p = import::preview(&w.admin, kind, &name, &bytes, &o).await.unwrap();
            assert_eq!(p.counts, Default::default(), "the unchanged example row is skipped");
        }
    }
    // Phone columns are text-formatted in the template.
    let (_, bytes) = import::template(&w.admin, ImportKind::Lead).unwrap();
    let styles = {
        use std::io::Read;
        let mut z = zip_entry(&bytes, "xl/styles.xml");
        let mut s = String::new();
        z.read_to_string(&mut s).unwrap();
        s
    };
    assert!(styles.contains("formatCode=\"@\""), "the text format (@) is defined: {styles}");
    let sheet = {
        use std::io::Read;
        let mut s = String::new();
        zip_entry(&bytes, "xl/worksheets/sheet1.xml").read_to_string(&mut s).unwrap();
        s
    };
    // Column B (手机) carries a style: the text format.
    assert!(sheet.contains("<col min=\"1\" max=\"6\"") && sheet.contains("style="), "{sheet}");
});

fn zip_entry(bytes: &[u8], name: &str) -> std::io::Cursor<Vec<u8>> {
    // The xlsx is a zip; calamine exposes no styles, so read the part directly.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut f = zip.by_name(name).unwrap();
    let mut out = vec![];
    std::io::copy(&mut f, &mut out).unwrap();
    std::io::Cursor::new(out)
}

both!(export_follows_scope_labels_and_money, |t| {
    let w = world(&t.db).await;
    seed_customers(&t.db, &[w.rep_id, w.other_id], 40).await;
    let dir = tempfile::tempdir().unwrap();
    let (path, n) = export_to(&w.rep, ExportKind::Customer, serde_json::Value::Null, dir.path()).await;
    assert_eq!(n, 20, "a rep exports only their own customers");
    let sheet = read_xlsx(&path);
    assert_eq!(sheet.len(), 21);
    assert_eq!(sheet[0][0], Data::String("客户名称".into()));
    let status_col = sheet[0].iter().position(|h| *h == Data::String("客户状态".into())).unwrap();
    assert!(sheet[1..].iter().all(|r| matches!(&r[status_col], Data::String(s) if ["潜在", "成交", "流失"].contains(&s.as_str()))));
    let owner_col = sheet[0].iter().position(|h| *h == Data::String("负责人".into())).unwrap();
    assert!(sheet[1..].iter().all(|r| r[owner_col] == Data::String("rep.a".into())
        || r[owner_col] == Data::String("rep.a 姓名".into())
        || matches!(&r[owner_col], Data::String(_))));
    // The filter of the list applies.
    let (_, n) = export_to(&w.admin, ExportKind::Customer, serde_json::json!({"keyword": "客户000"}), dir.path()).await;
    assert_eq!(n, 10);
    // Contracts: money is a number cell equal to the decimal.
    let cust = scalar(&t.db, "SELECT MIN(id) FROM crm_customer").await;
    exec(
        &t.db,
        &format!(
            "INSERT INTO crm_contract (contract_no, customer_id, contract_name, sign_date, total_amount, status, created_by, created_at, updated_at) \
             VALUES ('HT-1', {cust}, '合同甲', '2026-11-02', 1234567.89, 2, {0}, '2026-11-02 08:00:00', '2026-11-02 08:00:00')",
            w.rep_id
        ),
    )
    .await;
    let (path, n) = export_to(&w.admin, ExportKind::Contract, serde_json::Value::Null, dir.path()).await;
    assert_eq!(n, 1);
    let sheet = read_xlsx(&path);
    let amount = sheet[0].iter().position(|h| *h == Data::String("合同金额".into())).unwrap();
    match &sheet[1][amount] {
        Data::Float(f) => assert_eq!(crm_core::service::sheet::number_text(*f), "1234567.89"),
        other => panic!("money is not a number cell: {other:?}"),
    }
    let signed = sheet[0].iter().position(|h| *h == Data::String("签约日期".into())).unwrap();
    assert!(matches!(sheet[1][signed], Data::DateTime(_)), "dates are real dates: {:?}", sheet[1][signed]);
    // Without `contract:export` a rep cannot export contracts; each export is logged.
    let cancel = AtomicBool::new(false);
    let e = export::write(&w.rep, ExportKind::Contract, &ExportRequest::default(), &dir.path().join("x.xlsx"), &cancel, &mut |_| {}).await;
    assert_eq!(refusal(e).0, ErrorCode::Forbidden);
    assert_eq!(scalar(&t.db, "SELECT COUNT(*) FROM sys_operation_log WHERE action = 'export'").await, 3);
});

both!(backups_are_local_only, |t| {
    let w = world(&t.db).await;
    let dir = tempfile::tempdir().unwrap();
    let r = backup::backup_now(&w.admin, dir.path()).await;
    match t.backend {
        common::Backend::Mysql => assert_eq!(refusal(r).1.as_deref(), Some("database")),
        common::Backend::Sqlite => {
            let f = r.unwrap();
            assert!(backup::check(std::path::Path::new(&f.path), crm_core::error::Locale::ZhCn).await.unwrap().ok);
            assert_eq!(refusal(backup::backup_now(&w.rep, dir.path()).await).0, ErrorCode::Forbidden);
        }
    }
});

/// A backup taken while another task writes is consistent; it restores, is intact, and a
/// backup from a newer schema is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn backup_during_writes_then_restore() {
    let t = common::fresh_db(common::Backend::Sqlite).await.unwrap();
    let w = world(&t.db).await;
    let dir = tempfile::tempdir().unwrap();
    let stop = std::sync::Arc::new(AtomicBool::new(false));
    let writer = {
        let db = t.db.clone();
        let stop = stop.clone();
        let owner = w.rep_id;
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::SeqCst) {
                exec(
                    &db,
                    &format!(
                        "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at) \
                         VALUES ('并发{n}', 2, 1, {owner}, 0, {owner}, '2026-11-30 08:00:00', '2026-11-30 08:00:00')"
                    ),
                )
                .await;
                n += 1;
                tokio::task::yield_now().await;
            }
            n
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    let before = scalar(&t.db, "SELECT COUNT(*) FROM crm_customer").await;
    let f = backup::backup_now(&w.admin, dir.path()).await.unwrap();
    stop.store(true, Ordering::SeqCst);
    let written = writer.await.unwrap();
    let after = scalar(&t.db, "SELECT COUNT(*) FROM crm_customer").await;
    assert!(written > 0 && after >= before);
    let check = backup::check(std::path::Path::new(&f.path), crm_core::error::Locale::ZhCn).await.unwrap();
    assert!(check.ok && check.intact, "{check:?}");
    assert!(check.customers as i64 >= before && check.customers as i64 <= after, "{check:?} {before} {after}");
    // Restore into a live file (closed), keeping the previous one.
    let live_dir = tempfile::tempdir().unwrap();
    let live = live_dir.path().join("crm-desk.db");
    let other = crm_core::db::connect_sqlite(&live).await.unwrap();
    let other = crm_core::db::open_ready(other).await.unwrap();
    let prev = backup::save_before_restore(&other, live_dir.path()).await.unwrap();
    other.close().await.unwrap();
    let r = backup::restore_file(&live, std::path::Path::new(&f.path), &prev, crm_core::error::Locale::ZhCn).await.unwrap();
    assert_eq!(r.previous_saved_as, prev.path);
    let restored = crm_core::db::open_ready(crm_core::db::connect_sqlite(&live).await.unwrap()).await.unwrap();
    assert_eq!(scalar(&restored, "SELECT COUNT(*) FROM crm_customer").await as u64, check.customers);
    let ok: String = rows(&restored, "PRAGMA integrity_check").await[0].try_get_by_index(0).unwrap();
    assert_eq!(ok, "ok");
    restored.close().await.unwrap();
    // Keep-N: only the newest are kept.
    for i in 0..3 {
        std::fs::write(dir.path().join(format!("backups/crm-desk-2020010{i}-000000.db")), b"old").unwrap();
        let old = std::time::SystemTime::now() - std::time::Duration::from_secs(86400 * (10 + i));
        std::fs::File::options().write(true).open(dir.path().join(format!("backups/crm-desk-2020010{i}-000000.db"))).unwrap().set_modified(old).unwrap();
    }
    assert_eq!(backup::prune(&dir.path().join("backups"), 2).unwrap(), 2);
    assert_eq!(backup::list_dir(&dir.path().join("backups")).unwrap().len(), 2);
    // A backup from a newer app is refused.
    let newer = dir.path().join("newer.db");
    backup::write_copy(&t.db, &newer).await.unwrap();
    let n = crm_core::db::connect_sqlite(&newer).await.unwrap();
    exec(&n, "INSERT INTO seaql_migrations (version, applied_at) VALUES ('m29990101_000001_future', 0)").await;
    n.close().await.unwrap();
    let c = backup::check(&newer, crm_core::error::Locale::ZhCn).await.unwrap();
    assert!(c.newer && !c.ok, "{c:?}");
    assert!(backup::restore_file(&live, &newer, &prev, crm_core::error::Locale::ZhCn).await.is_err());
    // A file that is not a database is refused with a reason.
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"hello").unwrap();
    assert!(!backup::check(&junk, crm_core::error::Locale::ZhCn).await.unwrap().ok);
    t.cleanup().await;
    common::tally("sqlite", module_path!());
}

/// A demo CRM in a local file moves into an empty company database: counts, money sums
/// and checksums are equal, no foreign key dangles, the source is untouched, and a second
/// copy into the now non-empty database is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn transfer_into_an_empty_company_database() {
    let src_dir = tempfile::tempdir().unwrap();
    let src_path = src_dir.path().join("local.db");
    let src = crm_core::db::open_ready(crm_core::db::connect_sqlite(&src_path).await.unwrap()).await.unwrap();
    crm_core::service::demo::seed_demo(&src, 60, &|_, _, _| {}).await.unwrap();
    src.close().await.unwrap();
    let src_hash = sha(&src_path);
    let Some(url) = common::fresh_mysql_url().await else {
        common::tally("mysql-skipped", module_path!());
        return;
    };
    let target = crm_core::db::connect_url(&url).await.unwrap();
    crm_core::db::migrate(&target).await.unwrap();
    // A cancelled transfer leaves the target exactly as migrate wrote it.
    let before = scalar(&target, "SELECT COUNT(*) FROM sys_role").await;
    // (Cancelled after the first table was copied: the deletes and inserts roll back.)
    let flag = AtomicBool::new(false);
    let e = transfer::copy_into_cancellable(&src_path, &target, &flag, &mut |_, _| flag.store(true, Ordering::SeqCst)).await;
    assert_eq!(refusal(e).1.as_deref(), Some("transfer"));
    assert_eq!(scalar(&target, "SELECT COUNT(*) FROM sys_role").await, before);
    assert_eq!(scalar(&target, "SELECT COUNT(*) FROM sys_user").await, 0);
    assert_eq!(scalar(&target, "SELECT COUNT(*) FROM crm_contact").await, 0, "the first table's rows rolled back");
    // The wizard's path: verify, then a database account for every copied user.
    let crm_core::db::DbTarget::Mysql(params) = crm_core::db::DbTarget::parse(&url).unwrap() else { panic!("mysql url") };
    // (The app's own connection to the local file is another SQLite connection.)
    let app_conn = crm_core::db::connect_sqlite_memory().await.unwrap();
    let mut tables = vec![];
    let plan = transfer::plan_to_company(&Ctx::system(app_conn.clone()), &src_path, &params).await.unwrap();
    assert!(plan.empty && plan.company_users.is_empty() && !plan.local_users.is_empty(), "{plan:?}");
    let copy = transfer::TransferMode::Copy;
    let no_map = transfer::merge::MergeOptions::default();
    let outcome =
        transfer::to_company(&Ctx::system(app_conn), &src_path, &params, copy, &no_map, &AtomicBool::new(false), &mut |p| tables.push(p.table)).await.unwrap();
    assert!(outcome.merge.is_none());
    let report = outcome.report;
    assert!(report.verified, "{}", report.render());
    assert!(tables.contains(&"crm_customer".to_string()));
    assert_eq!(outcome.accounts_problem, None);
    assert_eq!(outcome.accounts.len() as i64, scalar(&target, "SELECT COUNT(*) FROM sys_user").await);
    assert!(report.rows > 500, "{}", report.render());
    let money_tables: Vec<&str> = report.tables.iter().filter(|t| !t.source.sums.is_empty() && t.source.rows > 0).map(|t| t.source.table.as_str()).collect();
    assert!(money_tables.contains(&"crm_contract") && money_tables.contains(&"crm_payment_record"), "{money_tables:?}");
    assert_eq!(sha(&src_path), src_hash, "the source is not modified");
    // No orphans along the chain customer → contacts → follow-ups → opportunities → …
    for (child, col, parent) in [
        ("crm_contact", "customer_id", "crm_customer"),
        ("crm_opportunity", "customer_id", "crm_customer"),
        ("crm_quotation", "opportunity_id", "crm_opportunity"),
        ("crm_contract", "customer_id", "crm_customer"),
        ("crm_payment_plan", "contract_id", "crm_contract"),
        ("crm_payment_record", "contract_id", "crm_contract"),
        ("crm_invoice", "contract_id", "crm_contract"),
        ("crm_customer", "owner_id", "sys_user"),
    ] {
        let n =
            scalar(&target, &format!("SELECT COUNT(*) FROM {child} c LEFT JOIN {parent} p ON p.id = c.{col} WHERE c.{col} IS NOT NULL AND p.id IS NULL")).await;
        assert_eq!(n, 0, "orphans in {child}.{col}");
    }
    // New rows continue after the copied ids (numbering and auto-increment).
    let max: i64 = scalar(&target, "SELECT MAX(id) FROM crm_customer").await;
    exec(
        &target,
        "INSERT INTO crm_customer (customer_name, customer_type, status, owner_id, is_in_sea, created_by, created_at, updated_at) SELECT '新客户', 2, 1, MIN(id), 0, MIN(id), '2026-12-01 00:00:00', '2026-12-01 00:00:00' FROM sys_user",
    )
    .await;
    assert_eq!(scalar(&target, "SELECT MAX(id) FROM crm_customer").await, max + 1);
    // Not empty any more: refused, and nothing changes.
    let e = transfer::copy_into(&src_path, &target, &mut |_, _| {}).await;
    assert_eq!(refusal(e).1.as_deref(), Some("to"));
    assert_eq!(scalar(&target, "SELECT MAX(id) FROM crm_customer").await, max + 1);
    target.close().await.ok();
    common::drop_mysql(&url).await;
    common::tally("mysql", module_path!());
}

/// Digests of every table of `db` (the company database's columns), by table.
async fn digests(db: &DatabaseConnection, like: &DatabaseConnection) -> std::collections::BTreeMap<String, transfer::TableDigest> {
    transfer::digest_of(db, like).await.unwrap().into_iter().map(|d| (d.table.clone(), d)).collect()
}

/// A local CRM merges into a company database that already has its own data: users
/// matched by username or as mapped, the rest created; duplicates reported and their
/// children attached to the company's records; colliding numbers renumbered; money exact
/// (company sums + local sums); no orphan anywhere; a refusal or a cancel changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn merge_into_a_populated_company_database() {
    let src_dir = tempfile::tempdir().unwrap();
    let src_path = src_dir.path().join("local.db");
    let src = crm_core::db::open_ready(crm_core::db::connect_sqlite(&src_path).await.unwrap()).await.unwrap();
    crm_core::service::demo::seed_demo(&src, 50, &|_, _, _| {}).await.unwrap();
    // A local user of our own, mapped to a company user by hand; another that is new.
    exec(&src, "INSERT INTO sys_user (username, password_hash, full_name, dept_id, role_ids, status, login_fail_count, created_at, updated_at, session_nonce) SELECT 'xiao.wang', password_hash, '小王', dept_id, role_ids, status, 0, created_at, updated_at, 'n1' FROM sys_user WHERE username = 'li.sales'").await;
    exec(&src, "INSERT INTO sys_user (username, password_hash, full_name, dept_id, role_ids, status, login_fail_count, created_at, updated_at, session_nonce) SELECT 'new.hire', password_hash, '新同事', dept_id, role_ids, status, 0, created_at, updated_at, 'n2' FROM sys_user WHERE username = 'li.sales'").await;
    // (Renamed and their contacts' phones changed: the two demo databases share names and phones.)
    exec(&src, "UPDATE crm_customer SET owner_id = (SELECT id FROM sys_user WHERE username = 'xiao.wang'), customer_name = customer_name || '(本地)' WHERE id IN (SELECT id FROM crm_customer ORDER BY id LIMIT 3)").await;
    exec(&src, "UPDATE crm_customer SET owner_id = (SELECT id FROM sys_user WHERE username = 'new.hire'), customer_name = customer_name || '(本地)' WHERE id IN (SELECT id FROM crm_customer ORDER BY id LIMIT 2 OFFSET 3)").await;
    exec(&src, "UPDATE crm_contact SET phone = '199' || substr('00000000' || id, -8) WHERE customer_id IN (SELECT id FROM crm_customer ORDER BY id LIMIT 5)")
        .await;
    let local_customers = scalar(&src, "SELECT COUNT(*) FROM crm_customer").await;
    src.close().await.unwrap();
    let src_hash = sha(&src_path);
    let Some(url) = common::fresh_mysql_url().await else {
        common::tally("mysql-skipped", module_path!());
        return;
    };
    let target = crm_core::db::connect_url(&url).await.unwrap();
    crm_core::db::migrate(&target).await.unwrap();
    crm_core::service::demo::seed_demo(&target, 30, &|_, _, _| {}).await.unwrap();
    // A company customer named as a local one, with a contact: the local one is a duplicate.
    let src = crm_core::db::connect_sqlite(&src_path).await.unwrap();
    let dup_name: String = rows(&src, "SELECT customer_name FROM crm_customer ORDER BY id LIMIT 1 OFFSET 10").await[0].try_get_by_index(0).unwrap();
    let dup_local_id = scalar(&src, &format!("SELECT id FROM crm_customer WHERE customer_name = '{dup_name}'")).await;
    let dup_local_follow = scalar(&src, &format!("SELECT COUNT(*) FROM crm_follow_up WHERE relation_type = 'customer' AND relation_id = {dup_local_id}")).await;
    let dup_local_contacts = scalar(&src, &format!("SELECT COUNT(*) FROM crm_contact WHERE customer_id = {dup_local_id}")).await;
    src.close().await.unwrap();
    exec(&target, &format!("UPDATE crm_customer SET customer_name = '{dup_name}' WHERE id = (SELECT id FROM (SELECT MIN(id) AS id FROM crm_customer WHERE customer_name <> '{dup_name}') x)")).await;
    let dup_company_id = scalar(&target, &format!("SELECT id FROM crm_customer WHERE customer_name = '{dup_name}'")).await;
    let company_follow =
        scalar(&target, &format!("SELECT COUNT(*) FROM crm_follow_up WHERE relation_type = 'customer' AND relation_id = {dup_company_id}")).await;
    let company_contacts = scalar(&target, &format!("SELECT COUNT(*) FROM crm_contact WHERE customer_id = {dup_company_id}")).await;
    let company_customers = scalar(&target, "SELECT COUNT(*) FROM crm_customer").await;
    let manager_id = scalar(&target, "SELECT id FROM sys_user WHERE username = 'zhao.manager'").await;

    let src_ro = crm_core::db::connect_sqlite(&src_path).await.unwrap();
    let before = digests(&target, &target).await;
    let local = digests(&src_ro, &target).await;
    src_ro.close().await.unwrap();
    let mut opts = transfer::merge::MergeOptions::default();
    // Refused: a mapping to a company user that does not exist; nothing changes.
    opts.user_map.insert("xiao.wang".into(), "nobody.here".into());
    let e = transfer::merge::merge_into(&src_path, &target, &opts, &AtomicBool::new(false), &mut |_, _| {}).await;
    assert_eq!(refusal(e).1.as_deref(), Some("userMap"));
    // Cancelled after the first table: rolled back.
    opts.user_map.insert("xiao.wang".into(), "zhao.manager".into());
    let flag = AtomicBool::new(false);
    let e = transfer::merge::merge_into(&src_path, &target, &opts, &flag, &mut |_, _| flag.store(true, Ordering::SeqCst)).await;
    assert_eq!(refusal(e).1.as_deref(), Some("transfer"));
    assert_eq!(digests(&target, &target).await, before, "a cancelled merge leaves the company database as it was");

    let m = transfer::merge::merge_into(&src_path, &target, &opts, &AtomicBool::new(false), &mut |_, _| {}).await.unwrap();
    assert!(m.check.verified, "{}", m.render());
    assert!(m.orphans.is_empty(), "{:?}", m.orphans);
    assert_eq!(sha(&src_path), src_hash, "the source is not modified");
    // Users: demo usernames matched, xiao.wang as mapped, new.hire created.
    let find = |u: &str| m.users.iter().find(|x| x.local.username == u).unwrap().clone();
    assert_eq!(find("li.sales").company.map(|c| c.username).as_deref(), Some("li.sales"));
    assert!(find("xiao.wang").chosen && find("xiao.wang").company.as_ref().map(|c| c.id) == Some(manager_id));
    assert!(find("new.hire").company.is_none());
    let new_hire = scalar(&target, "SELECT id FROM sys_user WHERE username = 'new.hire'").await;
    let hash = |u: &str| format!("SELECT password_hash FROM sys_user WHERE username = '{u}'");
    let local_db = crm_core::db::connect_sqlite(&src_path).await.unwrap();
    let (a, b): (String, String) =
        (rows(&target, &hash("new.hire")).await[0].try_get_by_index(0).unwrap(), rows(&local_db, &hash("new.hire")).await[0].try_get_by_index(0).unwrap());
    local_db.close().await.unwrap();
    assert!(a.starts_with("$argon2") && a == b, "the new user keeps the local password hash");
    assert_eq!(scalar(&target, &format!("SELECT COUNT(*) FROM crm_customer WHERE owner_id = {new_hire}")).await, 2);
    assert!(scalar(&target, &format!("SELECT COUNT(*) FROM crm_customer WHERE owner_id = {manager_id}")).await >= 3);
    assert_eq!(scalar(&target, "SELECT COUNT(*) FROM sys_user WHERE username = 'li.sales'").await, 1);
    // The duplicate customer: reported, not copied; its follow-ups and contacts are the company customer's now.
    let d = m.duplicates.iter().find(|d| d.table == "crm_customer" && d.source_id == dup_local_id).expect("the duplicate is reported");
    assert_eq!(d.target_id, dup_company_id);
    assert_eq!(scalar(&target, &format!("SELECT COUNT(*) FROM crm_customer WHERE customer_name = '{dup_name}'")).await, 1);
    assert_eq!(
        scalar(&target, &format!("SELECT COUNT(*) FROM crm_follow_up WHERE relation_type = 'customer' AND relation_id = {dup_company_id}")).await,
        company_follow + dup_local_follow
    );
    assert!(
        scalar(&target, &format!("SELECT COUNT(*) FROM crm_contact WHERE customer_id = {dup_company_id}")).await >= company_contacts.max(dup_local_contacts)
    );
    let t = |n: &str| m.tables.iter().find(|t| t.table == n).unwrap().clone();
    let customers = t("crm_customer");
    assert_eq!(customers.source_rows as i64, local_customers);
    assert_eq!(customers.inserted + customers.matched, customers.source_rows);
    assert_eq!(scalar(&target, "SELECT COUNT(*) FROM crm_customer").await, company_customers + customers.inserted as i64);
    assert!(t("sys_setting").kept_company && t("sys_number_counter").kept_company);
    // Money: every contract, plan, receipt and invoice is new, so the company's sums grow by the local sums, to the cent.
    let after = digests(&target, &target).await;
    for table in ["crm_contract", "crm_contract_item", "crm_payment_plan", "crm_payment_record", "crm_invoice", "crm_quotation", "crm_opportunity"] {
        let (b, l, a) = (&before[table], &local[table], &after[table]);
        assert!(!l.sums.is_empty() && l.rows > 0, "{table} has local money rows");
        assert_eq!(a.rows, b.rows + l.rows, "{table} rows");
        for (col, sum) in &l.sums {
            assert_eq!(a.sums[col], b.sums.get(col).copied().unwrap_or_default() + sum, "{table}.{col}");
        }
    }
    // Numbers are unique and the colliding ones renumbered by the company's rule.
    assert!(!m.renumbered.is_empty(), "the two demo databases share contract numbers");
    assert_eq!(scalar(&target, "SELECT COUNT(*) - COUNT(DISTINCT contract_no) FROM crm_contract").await, 0);
    // No orphan anywhere in the company database along the chain.
    for (child, col, parent) in [
        ("crm_contact", "customer_id", "crm_customer"),
        ("crm_opportunity", "customer_id", "crm_customer"),
        ("crm_quotation", "opportunity_id", "crm_opportunity"),
        ("crm_contract", "customer_id", "crm_customer"),
        ("crm_contract_item", "product_id", "crm_product"),
        ("crm_payment_plan", "contract_id", "crm_contract"),
        ("crm_payment_record", "contract_id", "crm_contract"),
        ("crm_invoice", "contract_id", "crm_contract"),
        ("crm_customer", "owner_id", "sys_user"),
        ("sys_user", "dept_id", "sys_dept"),
    ] {
        let n = scalar(
            &target,
            &format!("SELECT COUNT(*) FROM {child} c LEFT JOIN {parent} p ON p.id = c.{col} WHERE c.{col} IS NOT NULL AND c.{col} <> 0 AND p.id IS NULL"),
        )
        .await;
        assert_eq!(n, 0, "orphans in {child}.{col}");
    }
    let n = scalar(
        &target,
        "SELECT COUNT(*) FROM crm_follow_up f LEFT JOIN crm_customer c ON c.id = f.relation_id WHERE f.relation_type = 'customer' AND c.id IS NULL",
    )
    .await;
    assert_eq!(n, 0, "follow-ups of missing customers");
    // Merged again: every customer, lead, product and contact is now a duplicate.
    let again = transfer::merge::merge_into(&src_path, &target, &opts, &AtomicBool::new(false), &mut |_, _| {}).await.unwrap();
    assert!(again.check.verified, "{}", again.render());
    for table in ["crm_customer", "crm_product"] {
        let x = again.tables.iter().find(|t| t.table == table).unwrap();
        assert_eq!((x.inserted, x.matched), (0, x.source_rows), "{table}");
    }
    target.close().await.ok();
    common::drop_mysql(&url).await;
    common::tally("mysql", module_path!());
}

fn sha(p: &std::path::Path) -> String {
    use sha2::Digest;
    format!("{:x}", sha2::Sha256::digest(std::fs::read(p).unwrap()))
}

both!(standard_roles_import_but_reps_do_not_export, |t| {
    crm_core::service::role::ensure_default_roles(&t.db).await.unwrap();
    let perms = |name: &'static str| {
        let db = t.db.clone();
        async move {
            let r = rows(&db, &format!("SELECT permissions FROM sys_role WHERE role_name = '{name}'")).await;
            crm_core::auth::permission::parse_list(r[0].try_get_by_index::<Option<String>>(0).unwrap().as_deref())
        }
    };
    let rep = perms("销售代表").await;
    for p in ["lead:import", "customer:import", "contact:import"] {
        assert!(crm_core::auth::permission::has_permission(&rep, p), "{p}");
    }
    for p in ["customer:export", "lead:export", "contract:export", "product:import"] {
        assert!(!crm_core::auth::permission::has_permission(&rep, p), "{p}");
    }
    let manager = perms("销售经理").await;
    for p in ["customer:export", "customer:import", "contract:export", "opportunity:export"] {
        assert!(crm_core::auth::permission::has_permission(&manager, p), "{p}");
    }
    for p in ["lead:import", "customer:export", "service:export", "product:import", "follow_up:export"] {
        assert!(crm_core::auth::permission::is_known(p), "{p} is in the catalogue");
    }
});
