//! SQLite: same tables, columns, PKs, indexes (named `{table}_{seed_name}`) and
//! cascading FKs as the seed DDL; decimals declared `decimal_text(p,s)` (TEXT affinity).
mod common;

use std::path::PathBuf;

use common::*;
use migrations::sea_orm_migration::sea_orm::DatabaseConnection;
use migrations::{Migrator, MigratorTrait};

/// A temporary SQLite database file, removed on drop.
struct TempDb {
    path: PathBuf,
    db: DatabaseConnection,
}

impl TempDb {
    async fn new() -> Self {
        let path = std::env::temp_dir().join(format!("crm_migrations_{}.db", unique_suffix()));
        let db = connect(&format!("sqlite://{}?mode=rwc", path.display())).await.unwrap();
        TempDb { path, db }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        for ext in ["", "-wal", "-shm", "-journal"] {
            let _ = std::fs::remove_file(format!("{}{ext}", self.path.display()));
        }
    }
}

/// The SQLite declared type the migration uses for a seed (MySQL) type.
fn sqlite_type(mysql: &str) -> String {
    match mysql {
        "bigint" | "int" => "integer".into(),
        "date" => "date_text".into(),
        "datetime" => "datetime_text".into(),
        t if t.starts_with("decimal(") => t.replace("decimal(", "decimal_text("),
        t => t.into(), // tinyint, varchar(n), text
    }
}

/// Defaults compared by value: quotes dropped, numbers compared numerically
/// (the SQLite decimal default is the exact string `'100.00'`).
fn norm_default(d: &str) -> String {
    let d = d.trim_matches('\'');
    match d.parse::<f64>() {
        Ok(v) => format!("{v}"),
        Err(_) => d.to_owned(),
    }
}

/// Expected `pragma_table_info` rows of a seed table: name | type | notnull | default | pk.
fn expected_columns(t: &SeedTable) -> Vec<String> {
    t.columns
        .iter()
        .map(|c| {
            format!(
                "{} | {} | {} | {} | {}",
                c.name,
                sqlite_type(&c.ty),
                c.not_null as u8,
                c.default.as_deref().map_or("NULL".into(), norm_default),
                t.pk.contains(&c.name) as u8
            )
        })
        .collect()
}

async fn actual_columns(db: &DatabaseConnection, table: &str) -> Vec<String> {
    rows(db, &format!("SELECT name, type, CAST(\"notnull\" AS TEXT), dflt_value, CAST(pk AS TEXT) FROM pragma_table_info('{table}') ORDER BY cid"))
        .await
        .into_iter()
        .map(|r| {
            let mut f: Vec<String> = r.split(" | ").map(str::to_owned).collect();
            f[1] = f[1].to_lowercase(); // SQLite reports the standard type names in upper case
            if f[3] != "NULL" {
                f[3] = norm_default(&f[3]);
            }
            f.join(" | ")
        })
        .collect()
}

/// name | unique | origin | columns, for every index of `table`.
async fn actual_indexes(db: &DatabaseConnection, table: &str) -> Vec<String> {
    let mut out = Vec::new();
    for r in rows(db, &format!("SELECT name, CAST(\"unique\" AS TEXT), origin FROM pragma_index_list('{table}')")).await {
        let name = r.split(" | ").next().unwrap();
        let cols = rows(db, &format!("SELECT name FROM pragma_index_info('{name}') ORDER BY seqno")).await;
        out.push(format!("{r} | {}", cols.join(",")));
    }
    out
}

fn expected_indexes(t: &SeedTable) -> Vec<String> {
    t.indexes.iter().map(|i| format!("{}_{} | {} | c | {}", t.name, i.name, i.unique as u8, i.cols.join(","))).collect()
}

async fn actual_fks(db: &DatabaseConnection, table: &str) -> Vec<String> {
    rows(db, &format!("SELECT \"from\", \"table\", \"to\", on_delete FROM pragma_foreign_key_list('{table}')")).await
}

async fn table_names(db: &DatabaseConnection) -> Vec<String> {
    rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").await
}

/// Compares every seed table; `with_additions`: migration 2 is applied as well.
async fn check_seed_tables(db: &DatabaseConnection, with_additions: bool) {
    let mut report = String::new();
    let seed = seed_tables();
    let mut decimals = 0;
    for t in &seed {
        let mut cols = expected_columns(t);
        let mut idx = expected_indexes(t);
        if with_additions && t.name == "sys_user" {
            cols.extend([
                "password_hash | varchar(255) | 1 |  | 0".to_owned(),
                "supervisor_id | integer | 0 | NULL | 0".to_owned(),
                "login_fail_count | integer | 1 | 0 | 0".to_owned(),
                "locked_until | datetime_text | 0 | NULL | 0".to_owned(),
                "session_nonce | varchar(64) | 1 |  | 0".to_owned(),
            ]);
            idx.push("sys_user_idx_supervisor | 0 | c | supervisor_id".to_owned());
        }
        if with_additions && t.name == "crm_customer" {
            cols.push("last_follow_at | datetime_text | 0 | NULL | 0".to_owned());
            idx.push("crm_customer_idx_sea_clock | 0 | c | is_in_sea,last_follow_at".to_owned());
            idx.push(
                "crm_customer_idx_list | 0 | c | is_in_sea,owner_id,level,status,customer_type,updated_at,created_at,last_follow_at,customer_name".to_owned(),
            );
        }
        if with_additions && t.name == "crm_contract" {
            cols.push("approved_by | integer | 0 | NULL | 0".to_owned());
            cols.push("approved_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("terminate_reason | text | 0 | NULL | 0".to_owned());
        }
        if with_additions && t.name == "crm_payment_record" {
            cols.push("status | tinyint | 1 | 2 | 0".to_owned());
            cols.push("confirmed_by | integer | 0 | NULL | 0".to_owned());
            cols.push("confirmed_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("reverses_id | integer | 0 | NULL | 0".to_owned());
            cols.push("correction_reason | varchar(500) | 0 | NULL | 0".to_owned());
        }
        if with_additions && t.name == "crm_invoice" {
            for c in [
                "title | varchar(200)",
                "tax_no | varchar(20)",
                "buyer_address_phone | varchar(300)",
                "buyer_bank_account | varchar(300)",
                "void_reason | varchar(500)",
            ] {
                cols.push(format!("{c} | 0 | NULL | 0"));
            }
            cols.push("created_by | integer | 0 | NULL | 0".to_owned());
            cols.push("request_id | integer | 0 | NULL | 0".to_owned());
        }
        if with_additions
            && ["crm_customer", "crm_lead", "crm_contact", "crm_opportunity", "crm_quotation", "crm_contract", "crm_product"].contains(&t.name.as_str())
        {
            cols.push("lock_version | integer | 1 | 0 | 0".to_owned());
        }
        if with_additions && t.name == "crm_customer" {
            for c in ["invoice_title | varchar(200)", "tax_no | varchar(20)", "invoice_address_phone | varchar(300)", "invoice_bank_account | varchar(300)"] {
                cols.push(format!("{c} | 0 | NULL | 0"));
            }
        }
        // migration 7: derived money columns
        if with_additions && t.name == "crm_contract" {
            cols.push("received_amount | decimal_text(18,2) | 1 | 0 | 0".to_owned());
            cols.push("invoiced_amount | decimal_text(18,2) | 1 | 0 | 0".to_owned());
            cols.push("outstanding_cents | integer | 1 | 0 | 0".to_owned());
            cols.push("uninvoiced_cents | integer | 1 | 0 | 0".to_owned());
            cols.push("next_plan_date | date_text | 0 | NULL | 0".to_owned());
            idx.push("crm_contract_idx_outstanding | 0 | c | outstanding_cents".to_owned());
            idx.push("crm_contract_idx_next_plan | 0 | c | next_plan_date".to_owned());
            idx.push("crm_contract_idx_collect | 0 | c | customer_id,status,outstanding_cents".to_owned());
        }
        if with_additions && t.name == "crm_payment_plan" {
            cols.push("open_cents | integer | 1 | 0 | 0".to_owned());
            idx.push("crm_payment_plan_idx_open | 0 | c | contract_id,open_cents,plan_date".to_owned());
        }
        if with_additions && t.name == "crm_follow_up" {
            cols.push("next_done | tinyint | 1 | 0 | 0".to_owned());
            idx.push("crm_follow_up_idx_todo | 0 | c | created_by,next_done,next_follow_time".to_owned());
            idx.push("crm_follow_up_idx_relation_time | 0 | c | relation_type,relation_id,created_at".to_owned());
        }
        // migration 8: service clocks
        if with_additions && t.name == "crm_work_order" {
            for c in [
                "response_due_at",
                "resolve_due_at",
                "response_risk_at",
                "resolve_risk_at",
                "sla_due_at",
                "sla_risk_at",
                "first_response_at",
                "resolved_at",
                "closed_at",
            ] {
                cols.push(format!("{c} | datetime_text | 0 | NULL | 0"));
            }
            cols.push("reopen_count | integer | 1 | 0 | 0".to_owned());
            cols.push("close_reason | varchar(500) | 0 | NULL | 0".to_owned());
            cols.push("satisfaction_comment | varchar(1000) | 0 | NULL | 0".to_owned());
            cols.push("rated_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("return_visit_id | integer | 0 | NULL | 0".to_owned());
            cols.push("lock_version | integer | 1 | 0 | 0".to_owned());
            idx.push("crm_work_order_idx_status_due | 0 | c | status,sla_due_at,assignee_id,created_by,customer_id".to_owned());
            idx.push("crm_work_order_idx_status_priority | 0 | c | status,priority".to_owned());
            idx.push("crm_work_order_idx_created_by | 0 | c | created_by".to_owned());
        }
        // migration 10: report indexes
        if with_additions && t.name == "crm_follow_up" {
            idx.push("crm_follow_up_idx_creator_time | 0 | c | created_by,created_at,follow_type".to_owned());
        }
        if with_additions && t.name == "crm_customer" {
            idx.push("crm_customer_idx_owner_created | 0 | c | owner_id,created_at".to_owned());
        }
        if with_additions && t.name == "crm_lead" {
            idx.push("crm_lead_idx_owner_created | 0 | c | owner_id,created_at".to_owned());
        }
        if with_additions && t.name == "crm_opportunity" {
            idx.push("crm_opportunity_idx_owner_created | 0 | c | owner_id,created_at".to_owned());
        }
        if with_additions && t.name == "crm_contract" {
            idx.push("crm_contract_idx_creator_sign | 0 | c | created_by,sign_date,status".to_owned());
        }
        // migration 12: marketing
        if with_additions && t.name == "crm_marketing_activity" {
            cols.push("status_manual | tinyint | 1 | 0 | 0".to_owned());
            cols.push("updated_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("lock_version | integer | 1 | 0 | 0".to_owned());
        }
        if with_additions && (t.name == "crm_lead" || t.name == "crm_customer") {
            cols.push("activity_id | integer | 0 | NULL | 0".to_owned());
            idx.push(format!("{}_idx_activity | 0 | c | activity_id", t.name));
        }
        if with_additions && t.name == "crm_sms_template" {
            cols.push("provider_code | varchar(50) | 0 | NULL | 0".to_owned());
            cols.push("sign_name | varchar(50) | 0 | NULL | 0".to_owned());
            cols.push("created_by | integer | 0 | NULL | 0".to_owned());
            cols.push("updated_at | datetime_text | 0 | NULL | 0".to_owned());
        }
        if with_additions && t.name == "crm_sms_marketing" {
            cols.push("campaign_name | varchar(100) | 0 | NULL | 0".to_owned());
            cols.push("target_kind | varchar(10) | 0 | NULL | 0".to_owned());
            cols.push("target_id | integer | 0 | NULL | 0".to_owned());
            cols.push("status | tinyint | 1 | 4 | 0".to_owned());
            cols.push("scheduled_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("skipped_count | integer | 1 | 0 | 0".to_owned());
            cols.push("started_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("finished_at | datetime_text | 0 | NULL | 0".to_owned());
            cols.push("updated_at | datetime_text | 0 | NULL | 0".to_owned());
            idx.push("crm_sms_marketing_idx_status_schedule | 0 | c | status,scheduled_at".to_owned());
        }
        let actual_cols = actual_columns(db, &t.name).await;
        if actual_cols != cols {
            report += &format!("--- {} columns (in order)\n  expected: {cols:#?}\n  actual:   {actual_cols:#?}\n", t.name);
        }
        decimals += actual_cols.iter().filter(|c| c.contains(" | decimal_text(")).count();
        report += &diff(&format!("{} indexes", t.name), "expected", &idx, "actual", &actual_indexes(db, &t.name).await).unwrap_or_default();
        let fks: Vec<String> = t.fks.iter().map(|f| format!("{} | {} | {} | {}", f.col, f.ref_table, f.ref_col, f.on_delete)).collect();
        report += &diff(&format!("{} foreign keys", t.name), "expected", &fks, "actual", &actual_fks(db, &t.name).await).unwrap_or_default();
        let sql = rows(db, &format!("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = '{}'", t.name)).await;
        if !sql.first().is_some_and(|s| s.contains("\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT")) {
            report += &format!("--- {}: id is not `integer PRIMARY KEY AUTOINCREMENT`: {sql:?}\n", t.name);
        }
    }
    let seed_decimals = seed.iter().flat_map(|t| &t.columns).filter(|c| c.ty.starts_with("decimal(")).count();
    assert!(seed_decimals > 0);
    // Migration 7 adds two decimal columns (received_amount, invoiced_amount).
    let seed_decimals = if with_additions { seed_decimals + 2 } else { seed_decimals };
    if decimals != seed_decimals {
        report += &format!("--- {decimals} decimal_text columns, the seed has {seed_decimals} decimal columns\n");
    }
    let mut want: Vec<String> = seed.iter().map(|t| t.name.clone()).collect();
    want.push("seaql_migrations".into());
    if with_additions {
        want.extend(NEW_TABLES.iter().map(|t| t.to_string()));
        want.extend(LATER_TABLES.iter().map(|t| t.to_string()));
    }
    want.sort();
    let tables = table_names(db).await;
    if tables != want {
        report += &format!("--- tables\n  expected: {want:?}\n  actual:   {tables:?}\n");
    }
    assert!(report.is_empty(), "SQLite schema differs from the seed DDL:\n{report}");
}

#[tokio::test]
async fn schema_matches_seed_ddl() {
    let db = connect("sqlite::memory:").await.unwrap();
    Migrator::up(&db, Some(1)).await.unwrap();
    check_seed_tables(&db, false).await;

    Migrator::up(&db, None).await.unwrap();
    check_seed_tables(&db, true).await;
    // indexes of the new tables, with SQLite names
    let mut idx = Vec::new();
    for t in NEW_TABLES {
        idx.extend(actual_indexes(&db, t).await);
    }
    let expected: Vec<String> = [
        "sys_role_uk_role_name | 1 | c | role_name",
        "sys_number_rule_uk_doc_type | 1 | c | doc_type",
        "sys_number_counter_uk_doc_period | 1 | c | doc_type,period_key",
        "sys_setting_uk_setting_key | 1 | c | setting_key",
        "sys_operation_log_idx_entity | 0 | c | entity_type,entity_id",
        "sys_operation_log_idx_user | 0 | c | user_id",
        "sys_operation_log_idx_created | 0 | c | created_at",
    ]
    .map(String::from)
    .to_vec();
    if let Some(d) = diff("new tables' indexes", "expected", &expected, "actual", &idx) {
        panic!("{d}");
    }
    assert_eq!(
        actual_columns(&db, "sys_number_counter").await,
        [
            "id | integer | 1 | NULL | 1",
            "doc_type | varchar(30) | 1 | NULL | 0",
            "period_key | varchar(20) | 1 |  | 0",
            "current_value | integer | 1 | 0 | 0",
            "updated_at | datetime_text | 1 | CURRENT_TIMESTAMP | 0",
        ]
    );
}

async fn sqlite_snapshot(db: &DatabaseConnection) -> Vec<String> {
    let mut out = rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name <> 'sqlite_sequence' ORDER BY type, name").await;
    out.extend(rows(db, "SELECT version FROM seaql_migrations ORDER BY version").await);
    out.extend(rows(db, "SELECT CAST(id AS TEXT), doc_type, pattern, CAST(reset_period AS TEXT) FROM sys_number_rule ORDER BY id").await);
    for t in seed_tables() {
        out.extend(actual_columns(db, &t.name).await);
    }
    out
}

#[tokio::test]
async fn rerun_is_noop() {
    let t = TempDb::new().await;
    assert_rerun_is_noop(&t.db, || sqlite_snapshot(&t.db)).await;
}

#[tokio::test]
async fn upgrade_keeps_data() {
    let t = TempDb::new().await;
    upgrade_scenario(&t.db).await;
    // TEXT affinity: the exact decimal string is stored, not a float
    exec(
        &t.db,
        "INSERT INTO crm_quotation (quotation_no, opportunity_id, customer_id, total_amount, created_by) \
                 VALUES ('QT2', 1, 1, '0.10', 1)",
    )
    .await;
    assert_eq!(rows(&t.db, "SELECT typeof(total_amount), total_amount FROM crm_quotation WHERE quotation_no = 'QT2'").await, ["text | 0.10"]);
    assert_eq!(backend_name(&t.db), "sqlite");
}
