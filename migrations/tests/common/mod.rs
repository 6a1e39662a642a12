//! Shared helpers of the integration tests.
#![allow(dead_code)]

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use migrations::sea_orm_migration::sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr, Statement};
use migrations::{Migrator, MigratorTrait};

/// Copy of the seed DDL (the contract); tests never read ../shared at run time.
pub const SEED_DDL: &str = include_str!("../fixtures/seed-schema.sql");

/// Tables created by migration 2.
pub const NEW_TABLES: &[&str] = &["sys_role", "sys_number_rule", "sys_number_counter", "sys_setting", "sys_operation_log"];
/// Tables created by later migrations (4: attachments).
pub const LATER_TABLES: &[&str] = &[
    "sys_attachment",
    "crm_invoice_request",
    "crm_work_order_event",
    "crm_sales_target",
    "crm_customer_tag",
    "crm_customer_tag_link",
    "crm_customer_segment",
    "crm_sms_send_detail",
    "crm_sms_optout",
    "crm_search_token",
];
/// Columns / indexes migration 2 adds to `sys_user`.
pub const SYS_USER_ADDED_COLUMNS: &[&str] = &["password_hash", "supervisor_id", "login_fail_count", "locked_until", "session_nonce"];
pub const SYS_USER_ADDED_INDEX: &str = "idx_supervisor";
/// (table, column or index) that migrations 3 and 4 add to seed tables.
pub const LIFECYCLE_ADDITIONS: &[(&str, &str)] = &[
    ("crm_customer", "last_follow_at"),
    ("crm_customer", "idx_sea_clock"),
    ("crm_customer", "idx_list"),
    ("crm_follow_up", "next_done"),
    ("crm_follow_up", "idx_todo"),
    // migration 4
    ("crm_contract", "approved_by"),
    ("crm_contract", "approved_at"),
    ("crm_contract", "terminate_reason"),
    // migration 5: optimistic concurrency
    ("crm_customer", "lock_version"),
    ("crm_lead", "lock_version"),
    ("crm_contact", "lock_version"),
    ("crm_opportunity", "lock_version"),
    ("crm_quotation", "lock_version"),
    ("crm_contract", "lock_version"),
    ("crm_product", "lock_version"),
    // migration 6: receivables
    ("crm_payment_record", "status"),
    ("crm_payment_record", "confirmed_by"),
    ("crm_payment_record", "confirmed_at"),
    ("crm_payment_record", "reverses_id"),
    ("crm_payment_record", "correction_reason"),
    ("crm_invoice", "title"),
    ("crm_invoice", "tax_no"),
    ("crm_invoice", "buyer_address_phone"),
    ("crm_invoice", "buyer_bank_account"),
    ("crm_invoice", "void_reason"),
    ("crm_invoice", "created_by"),
    ("crm_invoice", "request_id"),
    ("crm_customer", "invoice_title"),
    ("crm_customer", "tax_no"),
    ("crm_customer", "invoice_address_phone"),
    ("crm_customer", "invoice_bank_account"),
    // migration 7: derived money columns
    ("crm_contract", "received_amount"),
    ("crm_contract", "invoiced_amount"),
    ("crm_contract", "outstanding_cents"),
    ("crm_contract", "uninvoiced_cents"),
    ("crm_contract", "next_plan_date"),
    ("crm_contract", "idx_outstanding"),
    ("crm_contract", "idx_next_plan"),
    ("crm_contract", "idx_collect"),
    ("crm_payment_plan", "open_cents"),
    ("crm_payment_plan", "idx_open"),
    ("crm_follow_up", "idx_relation_time"),
    // migration 8: service clocks
    ("crm_work_order", "response_due_at"),
    ("crm_work_order", "resolve_due_at"),
    ("crm_work_order", "response_risk_at"),
    ("crm_work_order", "resolve_risk_at"),
    ("crm_work_order", "sla_due_at"),
    ("crm_work_order", "sla_risk_at"),
    ("crm_work_order", "first_response_at"),
    ("crm_work_order", "resolved_at"),
    ("crm_work_order", "closed_at"),
    ("crm_work_order", "reopen_count"),
    ("crm_work_order", "close_reason"),
    ("crm_work_order", "satisfaction_comment"),
    ("crm_work_order", "rated_at"),
    ("crm_work_order", "return_visit_id"),
    ("crm_work_order", "lock_version"),
    ("crm_work_order", "idx_status_due"),
    ("crm_work_order", "idx_status_priority"),
    ("crm_work_order", "idx_created_by"),
    // migration 10: report indexes
    ("crm_follow_up", "idx_creator_time"),
    ("crm_customer", "idx_owner_created"),
    ("crm_lead", "idx_owner_created"),
    ("crm_opportunity", "idx_owner_created"),
    ("crm_contract", "idx_creator_sign"),
    // migration 12: marketing
    ("crm_marketing_activity", "status_manual"),
    ("crm_marketing_activity", "updated_at"),
    ("crm_marketing_activity", "lock_version"),
    ("crm_lead", "activity_id"),
    ("crm_lead", "idx_activity"),
    ("crm_customer", "activity_id"),
    ("crm_customer", "idx_activity"),
    ("crm_sms_template", "provider_code"),
    ("crm_sms_template", "sign_name"),
    ("crm_sms_template", "created_by"),
    ("crm_sms_template", "updated_at"),
    ("crm_sms_marketing", "campaign_name"),
    ("crm_sms_marketing", "target_kind"),
    ("crm_sms_marketing", "target_id"),
    ("crm_sms_marketing", "status"),
    ("crm_sms_marketing", "scheduled_at"),
    ("crm_sms_marketing", "skipped_count"),
    ("crm_sms_marketing", "started_at"),
    ("crm_sms_marketing", "finished_at"),
    ("crm_sms_marketing", "updated_at"),
    ("crm_sms_marketing", "idx_status_schedule"),
];

/// Seed columns that lead an index added by a later migration (their COLUMN_KEY becomes
/// MUL on MySQL; nothing else about them changes).
pub const KEYED_BY_ADDITIONS: &[(&str, &str)] = &[("crm_work_order", "status"), ("crm_work_order", "created_by"), ("crm_contract", "created_by")];

/// How many migrations there are.
pub fn total() -> usize {
    migrations::migration_names().len()
}

/// `CI` set (and not "", "0", "false"): never skip.
pub fn ci() -> bool {
    std::env::var("CI").map(|v| !matches!(v.trim(), "" | "0" | "false")).unwrap_or(false)
}

/// Unique per process and call: `<pid>_<nanos>_<counter>`.
pub fn unique_suffix() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_nanos() % 1_000_000_000_000;
    format!("{}_{}_{}", std::process::id(), nanos, N.fetch_add(1, Ordering::SeqCst))
}

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut opt = ConnectOptions::new(url.to_owned());
    opt.sqlx_logging(false).connect_timeout(Duration::from_secs(5)).max_connections(4);
    Database::connect(opt).await
}

pub async fn exec(db: &DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{e}\nSQL: {sql}"));
}

/// Runs `sql`, returns each row as its columns joined with " | " (NULL as `NULL`).
/// Every selected column must be text (use `CAST(x AS CHAR)`).
pub async fn rows(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    let res = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap_or_else(|e| panic!("{e}\nSQL: {sql}"));
    res.iter()
        .map(|r| {
            let cols: Vec<String> = (0..r.column_names().len())
                .map(|i| {
                    r.try_get_by_index::<Option<String>>(i)
                        .unwrap_or_else(|e| panic!("column #{i} is not text ({e}) in: {sql}"))
                        .unwrap_or_else(|| "NULL".into())
                })
                .collect();
            cols.join(" | ")
        })
        .collect()
}

/// Readable diff of two row sets; `None` if equal.
pub fn diff(label: &str, expected_name: &str, expected: &[String], actual_name: &str, actual: &[String]) -> Option<String> {
    let e: BTreeSet<_> = expected.iter().collect();
    let a: BTreeSet<_> = actual.iter().collect();
    if e == a && expected.len() == actual.len() {
        return None;
    }
    let mut out = format!("--- {label}\n");
    for r in e.difference(&a) {
        out += &format!("  only in {expected_name}: {r}\n");
    }
    for r in a.difference(&e) {
        out += &format!("  only in {actual_name}:  {r}\n");
    }
    Some(out)
}

// ---------------------------------------------------------------------------
// Rough parser of the seed DDL (the expected structure, not hard-coded twice).

#[derive(Debug, Clone)]
pub struct SeedColumn {
    pub name: String,
    /// MySQL type as written, lower case (`varchar(50)`, `decimal(18,2)`).
    pub ty: String,
    pub not_null: bool,
    pub default: Option<String>,
    pub auto_increment: bool,
}

#[derive(Debug, Clone)]
pub struct SeedIndex {
    pub name: String,
    pub unique: bool,
    pub cols: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SeedFk {
    pub name: String,
    pub col: String,
    pub ref_table: String,
    pub ref_col: String,
    pub on_delete: String,
}

#[derive(Debug, Clone, Default)]
pub struct SeedTable {
    pub name: String,
    pub columns: Vec<SeedColumn>,
    pub pk: Vec<String>,
    pub indexes: Vec<SeedIndex>,
    pub fks: Vec<SeedFk>,
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

fn paren_names(s: &str) -> Vec<String> {
    let open = s.find('(').expect("(");
    let close = open + s[open..].find(')').expect(")");
    backticked(&s[open..close])
}

/// Statements of the fixture: split on `;` at line ends (no procedures in it).
pub fn seed_statements() -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for line in SEED_DDL.lines() {
        cur.push_str(line);
        cur.push('\n');
        if line.trim_end().ends_with(';') {
            out.push(std::mem::take(&mut cur));
        }
    }
    assert!(cur.lines().all(|l| l.trim().is_empty() || l.trim_start().starts_with("--")), "trailing text: {cur}");
    out
}

pub fn seed_tables() -> Vec<SeedTable> {
    let mut tables: Vec<SeedTable> = Vec::new();
    for line in SEED_DDL.lines().map(str::trim) {
        if line.starts_with("CREATE TABLE") {
            tables.push(SeedTable { name: backticked(line).remove(0), ..Default::default() });
            continue;
        }
        let Some(t) = tables.last_mut() else { continue };
        if line.starts_with('`') {
            let name = backticked(line).remove(0);
            let rest = line[name.len() + 2..].trim();
            let ty = rest.split_whitespace().next().unwrap().trim_end_matches(',').to_lowercase();
            let default = rest.split_once(" DEFAULT ").map(|(_, d)| d.split_whitespace().next().unwrap().trim_end_matches(',').to_owned());
            t.columns.push(SeedColumn { name, ty, not_null: rest.contains("NOT NULL"), default, auto_increment: rest.contains("AUTO_INCREMENT") });
        } else if line.starts_with("PRIMARY KEY") {
            t.pk = paren_names(line);
        } else if line.starts_with("UNIQUE KEY") || line.starts_with("KEY") {
            t.indexes.push(SeedIndex { name: backticked(line).remove(0), unique: line.starts_with("UNIQUE"), cols: paren_names(line) });
        } else if line.starts_with("CONSTRAINT") {
            let names = backticked(line);
            let on_delete = line
                .split_once("ON DELETE ")
                .map(|(_, r)| r.split(|c: char| !c.is_ascii_alphabetic()).next().unwrap().to_owned())
                .unwrap_or_else(|| "RESTRICT".into());
            t.fks.push(SeedFk { name: names[0].clone(), col: names[1].clone(), ref_table: names[2].clone(), ref_col: names[3].clone(), on_delete });
        }
    }
    tables
}

#[test]
fn fixture_parses() {
    let t = seed_tables();
    assert_eq!(t.len(), 24);
    assert_eq!(seed_statements().len(), 24);
    assert!(t.iter().all(|t| t.pk == ["id"] && t.columns[0].auto_increment));
    assert_eq!(t.iter().map(|t| t.fks.len()).sum::<usize>(), 2);
    let item = t.iter().find(|t| t.name == "crm_quotation_item").unwrap();
    let discount = item.columns.iter().find(|c| c.name == "discount").unwrap();
    assert_eq!((discount.ty.as_str(), discount.not_null, discount.default.as_deref()), ("decimal(10,2)", false, Some("100")));
    assert_eq!(item.fks[0].on_delete, "CASCADE");
}

// ---------------------------------------------------------------------------
// Backend-neutral scenarios.

/// Seed tables written to in the upgrade scenario, with all their seed columns
/// (cast to text; backticks quote identifiers on MySQL and SQLite alike).
async fn seed_data(db: &DatabaseConnection) -> Vec<String> {
    let seed = seed_tables();
    let mut out = Vec::new();
    for table in ["sys_user", "crm_customer", "crm_quotation", "crm_quotation_item"] {
        let t = seed.iter().find(|t| t.name == table).unwrap();
        let cols: Vec<_> = t.columns.iter().map(|c| format!("CAST(`{}` AS CHAR)", c.name)).collect();
        for r in rows(db, &format!("SELECT {} FROM `{table}` ORDER BY `id`", cols.join(", "))).await {
            out.push(format!("{table}: {r}"));
        }
    }
    out
}

async fn pending(db: &DatabaseConnection) -> usize {
    Migrator::get_pending_migrations(db).await.unwrap().len()
}

async fn assert_additions_present(db: &DatabaseConnection) {
    let r = rows(
        db,
        "SELECT CAST(`password_hash` AS CHAR), CAST(`login_fail_count` AS CHAR), \
         CAST(`supervisor_id` AS CHAR), CAST(`locked_until` AS CHAR) FROM `sys_user` ORDER BY `id`",
    )
    .await;
    assert_eq!(r, [" | 0 | NULL | NULL", " | 0 | NULL | NULL"], "defaults of the added sys_user columns");
    let r = rows(db, "SELECT `doc_type`, `pattern`, CAST(`reset_period` AS CHAR) FROM `sys_number_rule` ORDER BY `id`").await;
    assert_eq!(
        r,
        [
            "quotation | QT{yyyyMMdd}{seq:4} | 1",
            "contract | HT{yyyyMMdd}{seq:4} | 1",
            "payment | HK{yyyyMMdd}{seq:4} | 1",
            "invoice | FP{yyyyMMdd}{seq:4} | 1",
            "work_order | GD{yyyyMMdd}{seq:4} | 1",
        ]
    );
    for t in NEW_TABLES {
        rows(db, &format!("SELECT CAST(COUNT(*) AS CHAR) FROM `{t}`")).await;
    }
}

async fn assert_additions_absent(db: &DatabaseConnection) {
    assert!(db.execute_unprepared("SELECT `password_hash` FROM `sys_user`").await.is_err());
    for t in NEW_TABLES {
        assert!(db.execute_unprepared(&format!("SELECT COUNT(*) FROM `{t}`")).await.is_err(), "{t} still exists");
    }
}

/// Migration 1 only, write seed-shaped rows, upgrade, check data and defaults,
/// roll the upgrade back and apply it again.
pub async fn upgrade_scenario(db: &DatabaseConnection) {
    Migrator::up(db, Some(1)).await.unwrap();
    assert_eq!(pending(db).await, total() - 1);
    exec(
        db,
        "INSERT INTO sys_user (username, full_name, dept_id, phone, last_login_time) \
              VALUES ('alice', '张三', 1, '13800000000', '2026-01-02 03:04:05')",
    )
    .await;
    exec(db, "INSERT INTO sys_user (username, full_name, dept_id, status) VALUES ('bob', 'Bob O''Neil', 2, 0)").await;
    exec(
        db,
        "INSERT INTO crm_customer (customer_name, customer_type, owner_id, created_by, sea_time) \
              VALUES ('某某科技有限公司', 2, 1, 1, '2026-03-04 05:06:07')",
    )
    .await;
    exec(
        db,
        "INSERT INTO crm_quotation (quotation_no, opportunity_id, customer_id, total_amount, valid_until, created_by) \
              VALUES ('QT202601010001', 1, 1, '99999999999999.99', '2026-12-31', 1)",
    )
    .await;
    exec(
        db,
        "INSERT INTO crm_quotation_item (quotation_id, product_id, quantity, unit, unit_price, amount) \
              VALUES (1, 1, '12345678901234.5678', '件', '0.0001', '99999999999999.99')",
    )
    .await;
    exec(
        db,
        "INSERT INTO crm_quotation_item (quotation_id, product_id, quantity, unit, unit_price, discount, amount) \
              VALUES (1, 2, '1.0000', '套', '12345678901234.5678', '85.50', '0.01')",
    )
    .await;

    exec(
        db,
        "INSERT INTO crm_follow_up (relation_type, relation_id, follow_type, content, next_follow_time, created_by, created_at) \
              VALUES ('customer', 1, '电话', '首次沟通', '2026-03-05 09:00:00', 1, '2026-03-01 10:00:00'), \
                     ('customer', 1, '微信', '发送资料', '2026-03-09 09:00:00', 1, '2026-03-02 11:00:00')",
    )
    .await;
    let before = seed_data(db).await;
    let amounts = rows(
        db,
        "SELECT CAST(`quantity` AS CHAR), CAST(`unit_price` AS CHAR), CAST(`discount` AS CHAR), \
                            CAST(`amount` AS CHAR) FROM `crm_quotation_item` ORDER BY `id`",
    )
    .await;
    assert_eq!(amounts, ["12345678901234.5678 | 0.0001 | 100.00 | 99999999999999.99", "1.0000 | 12345678901234.5678 | 85.50 | 0.01"]);
    assert_eq!(rows(db, "SELECT CAST(`total_amount` AS CHAR), CAST(`valid_until` AS CHAR) FROM `crm_quotation`").await, ["99999999999999.99 | 2026-12-31"]);
    assert_eq!(rows(db, "SELECT CAST(`last_login_time` AS CHAR) FROM `sys_user` WHERE `id` = 1").await, ["2026-01-02 03:04:05"]);

    Migrator::up(db, None).await.unwrap();
    assert_eq!(pending(db).await, 0);
    assert_eq!(seed_data(db).await, before, "seed data changed by the upgrade");
    // Migration 3 starts the sea clock at the newest follow-up and closes reminders
    // that a later follow-up already answered; it creates the default lead pool.
    assert_eq!(rows(db, "SELECT CAST(`last_follow_at` AS CHAR) FROM `crm_customer` WHERE `id` = 1").await, ["2026-03-02 11:00:00"]);
    assert_eq!(rows(db, "SELECT CAST(`next_done` AS CHAR) FROM `crm_follow_up` ORDER BY `id`").await, ["1", "0"]);
    assert_eq!(rows(db, "SELECT `pool_name` FROM `crm_lead_pool`").await, [migrations::DEFAULT_LEAD_POOL]);
    assert_additions_present(db).await;

    Migrator::down(db, Some(total() as u32 - 1)).await.unwrap();
    assert_eq!(pending(db).await, total() - 1);
    assert_eq!(seed_data(db).await, before, "seed data changed by the rollback");
    assert_additions_absent(db).await;

    Migrator::up(db, None).await.unwrap();
    assert_eq!(pending(db).await, 0);
    assert_eq!(seed_data(db).await, before);
    assert_additions_present(db).await;

    // rows written with only the seed columns stay valid after the upgrade
    exec(db, "INSERT INTO sys_user (username, full_name, dept_id) VALUES ('carol', 'Carol', 3)").await;
    assert_eq!(rows(db, "SELECT CAST(`login_fail_count` AS CHAR), `password_hash` FROM `sys_user` WHERE `username` = 'carol'").await, ["0 | "]);
    // the cascade works
    exec(db, "DELETE FROM crm_quotation WHERE id = 1").await;
    assert_eq!(rows(db, "SELECT CAST(COUNT(*) AS CHAR) FROM crm_quotation_item").await, ["0"]);
}

/// Runs `up` a second time and checks `snapshot` did not change.
pub async fn assert_rerun_is_noop<F, Fut>(db: &DatabaseConnection, snapshot: F)
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Vec<String>>,
{
    Migrator::up(db, None).await.unwrap();
    let first = snapshot().await;
    assert!(first.len() > 100, "snapshot suspiciously small");
    Migrator::up(db, None).await.unwrap();
    Migrator::up(db, Some(1)).await.unwrap();
    let second = snapshot().await;
    if let Some(d) = diff("schema snapshot after re-running up", "first", &first, "second", &second) {
        panic!("re-running migrations changed the schema:\n{d}");
    }
    // full rollback leaves only the migrations table; up again restores the same schema
    Migrator::down(db, None).await.unwrap();
    assert_eq!(pending(db).await, total());
    Migrator::up(db, None).await.unwrap();
    let third = snapshot().await;
    if let Some(d) = diff("schema snapshot after down + up", "first", &first, "again", &third) {
        panic!("down + up changed the schema:\n{d}");
    }
}

pub fn backend_name(db: &DatabaseConnection) -> &'static str {
    match db.get_database_backend() {
        DbBackend::MySql => "mysql",
        DbBackend::Sqlite => "sqlite",
        _ => "other",
    }
}
