//! MySQL/MariaDB: the migrated schema must equal the seed DDL in information_schema.
//!
//! Server: `CRM_TEST_MYSQL_URL` (default `mysql://root@127.0.0.1:3306`). When it is
//! unreachable the tests print `SKIP` and pass — except under `CI`, where they fail.
//! Every test works in its own scratch databases `crm_t_<pid>_<nanos>_<n>_<name>`,
//! dropped at the end (also when the test fails).
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;

use common::*;
use migrations::sea_orm_migration::sea_orm::DatabaseConnection;
use migrations::{Migrator, MigratorTrait};

fn base_url() -> String {
    std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into())
}

/// `base` with its database path replaced by `db` (query string kept).
fn db_url(base: &str, db: &str) -> String {
    let (main, query) = match base.split_once('?') {
        Some((m, q)) => (m, format!("?{q}")),
        None => (base, String::new()),
    };
    let host_start = main.find("://").map_or(0, |i| i + 3);
    let host_end = main[host_start..].find('/').map_or(main.len(), |i| host_start + i);
    format!("{}/{db}{query}", &main[..host_end])
}

/// Connection to the server, or `None` (= skip) when unreachable outside CI.
async fn server() -> Option<DatabaseConnection> {
    let url = base_url();
    match connect(&url).await {
        Ok(db) => Some(db),
        Err(e) if ci() => panic!("MySQL/MariaDB at {url} is unreachable and CI is set: {e}"),
        Err(e) => {
            let msg = format!("SKIP: MySQL/MariaDB at {url} unreachable ({e}); set CRM_TEST_MYSQL_URL to run these tests");
            println!("{msg}");
            eprintln!("{msg}");
            None
        }
    }
}

/// Creates one scratch database per name, runs `body` with (database name, connection)
/// pairs and drops the databases afterwards, even if `body` panicked.
async fn with_scratch_dbs<F, Fut>(names: &[&str], body: F)
where
    F: FnOnce(Vec<(String, DatabaseConnection)>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(server) = server().await else { return };
    let prefix = format!("crm_t_{}", unique_suffix());
    let dbs: Vec<String> = names.iter().map(|n| format!("{prefix}_{n}")).collect();
    for name in &dbs {
        exec(&server, &format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await;
    }
    let mut conns = Vec::new();
    for name in &dbs {
        match connect(&db_url(&base_url(), name)).await {
            Ok(c) => conns.push((name.clone(), c)),
            Err(e) => {
                conns.clear();
                for name in &dbs {
                    exec(&server, &format!("DROP DATABASE IF EXISTS `{name}`")).await;
                }
                panic!("connect to {name}: {e}");
            }
        }
    }
    let result = tokio::spawn(body(conns)).await;
    for name in &dbs {
        exec(&server, &format!("DROP DATABASE IF EXISTS `{name}`")).await;
    }
    if let Err(e) = result {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// information_schema views compared, with their schema column and compared columns
/// (the first one is always the table name).
const VIEWS: &[(&str, &str, &[&str])] = &[
    (
        "TABLES",
        "TABLE_SCHEMA",
        &["TABLE_NAME", "ENGINE", "TABLE_COLLATION", "SUBSTRING_INDEX(TABLE_COLLATION, '_', 1)", "TABLE_COMMENT", "TABLE_TYPE", "ROW_FORMAT", "CREATE_OPTIONS"],
    ),
    (
        "COLUMNS",
        "TABLE_SCHEMA",
        &[
            "TABLE_NAME",
            "COLUMN_NAME",
            "ORDINAL_POSITION",
            "COLUMN_DEFAULT",
            "IS_NULLABLE",
            "COLUMN_TYPE",
            "EXTRA",
            "COLUMN_COMMENT",
            "CHARACTER_SET_NAME",
            "COLLATION_NAME",
            "COLUMN_KEY",
        ],
    ),
    (
        "STATISTICS",
        "TABLE_SCHEMA",
        &["TABLE_NAME", "INDEX_NAME", "NON_UNIQUE", "SEQ_IN_INDEX", "COLUMN_NAME", "INDEX_COMMENT", "INDEX_TYPE", "SUB_PART", "NULLABLE", "COLLATION"],
    ),
    ("TABLE_CONSTRAINTS", "CONSTRAINT_SCHEMA", &["TABLE_NAME", "CONSTRAINT_NAME", "CONSTRAINT_TYPE"]),
    (
        "KEY_COLUMN_USAGE",
        "CONSTRAINT_SCHEMA",
        &[
            "TABLE_NAME",
            "CONSTRAINT_NAME",
            "COLUMN_NAME",
            "ORDINAL_POSITION",
            "POSITION_IN_UNIQUE_CONSTRAINT",
            "REFERENCED_TABLE_NAME",
            "REFERENCED_COLUMN_NAME",
        ],
    ),
    (
        "REFERENTIAL_CONSTRAINTS",
        "CONSTRAINT_SCHEMA",
        &["TABLE_NAME", "CONSTRAINT_NAME", "REFERENCED_TABLE_NAME", "UNIQUE_CONSTRAINT_NAME", "DELETE_RULE", "UPDATE_RULE", "MATCH_OPTION"],
    ),
];

type Snapshot = BTreeMap<&'static str, Vec<String>>;

async fn info_schema(db: &DatabaseConnection, schema: &str) -> Snapshot {
    let mut out = Snapshot::new();
    for (view, schema_col, cols) in VIEWS {
        let sel: Vec<String> = cols.iter().map(|c| format!("CAST({c} AS CHAR)")).collect();
        let sql = format!("SELECT {} FROM information_schema.{view} WHERE {schema_col} = '{schema}'", sel.join(", "));
        let mut r = rows(db, &sql).await;
        r.sort();
        out.insert(view, r);
    }
    out
}

fn table_of(row: &str) -> &str {
    row.split(" | ").next().unwrap()
}

fn field(row: &str, i: usize) -> &str {
    row.split(" | ").nth(i).unwrap()
}

fn only_tables(rows: &[String], tables: &BTreeSet<String>) -> Vec<String> {
    rows.iter().filter(|r| tables.contains(table_of(r))).cloned().collect()
}

fn seed_table_names() -> BTreeSet<String> {
    seed_tables().into_iter().map(|t| t.name).collect()
}

#[tokio::test]
async fn schema_equals_seed_ddl() {
    with_scratch_dbs(&["seed", "mig"], |dbs| async move {
        let (seed_name, seed) = &dbs[0];
        let (mig_name, mig) = &dbs[1];
        for stmt in seed_statements() {
            exec(seed, &stmt).await;
        }
        let seed_set = seed_table_names();
        let expected = info_schema(seed, seed_name).await;
        assert_eq!(only_tables(&expected["TABLES"], &seed_set).len(), 24, "seed DDL not loaded");

        // ---- migration 1 alone: identical to the seed
        Migrator::up(mig, Some(1)).await.unwrap();
        let actual = info_schema(mig, mig_name).await;
        let mut report = String::new();
        for (view, ..) in VIEWS {
            let e = only_tables(&expected[view], &seed_set);
            let a = only_tables(&actual[view], &seed_set);
            assert!(!e.is_empty(), "{view}: nothing to compare");
            report += &diff(view, "seed", &e, "migrated", &a).unwrap_or_default();
        }
        let tables: BTreeSet<String> = actual["TABLES"].iter().map(|r| table_of(r).to_owned()).collect();
        let mut want = seed_set.clone();
        want.insert("seaql_migrations".into());
        if tables != want {
            report += &format!("--- tables after migration 1: {:?}\n", tables.symmetric_difference(&want).collect::<Vec<_>>());
        }
        assert!(report.is_empty(), "schema after migration 1 differs from the seed DDL:\n{report}");

        // ---- migration 2: every seed column/key unchanged, only the known additions
        Migrator::up(mig, None).await.unwrap();
        let actual = info_schema(mig, mig_name).await;
        let mut report = String::new();
        for (view, ..) in VIEWS {
            let e = only_tables(&expected[view], &seed_set);
            let a = only_tables(&actual[view], &seed_set);
            // A seed column that now leads an added index shows COLUMN_KEY "MUL"; the
            // column itself is unchanged.
            let a: Vec<String> = a
                .into_iter()
                .map(|r| {
                    if *view == "COLUMNS" && KEYED_BY_ADDITIONS.contains(&(table_of(&r), field(&r, 1))) {
                        r.strip_suffix("MUL").map(str::to_string).unwrap_or(r)
                    } else {
                        r
                    }
                })
                .collect();
            let a_set: BTreeSet<_> = a.iter().collect();
            let e_set: BTreeSet<_> = e.iter().collect();
            for r in e_set.difference(&a_set) {
                report += &format!("{view}: seed row changed or missing: {r}\n");
            }
            for r in a_set.difference(&e_set) {
                let known = (table_of(r) == "sys_user"
                    && (SYS_USER_ADDED_COLUMNS.contains(&field(r, 1))
                        || field(r, 1) == SYS_USER_ADDED_INDEX
                        || (*view == "STATISTICS" && field(r, 4) == "supervisor_id")))
                    || LIFECYCLE_ADDITIONS.contains(&(table_of(r), field(r, 1)));
                if !known {
                    report += &format!("{view}: unexpected row: {r}\n");
                }
            }
        }
        assert!(report.is_empty(), "migration 2 changed the seed tables:\n{report}");
        check_additions(&actual);
    })
    .await;
}

/// The tables/columns/keys of migration 2 on MySQL.
fn check_additions(s: &Snapshot) {
    let mut problems = Vec::new();
    let new: BTreeSet<String> = NEW_TABLES.iter().map(|t| t.to_string()).collect();
    let tables = only_tables(&s["TABLES"], &new);
    assert_eq!(tables.len(), NEW_TABLES.len(), "{tables:#?}");
    for r in &tables {
        if field(r, 1) != "InnoDB" || field(r, 3) != "utf8mb4" || field(r, 4).is_empty() {
            problems.push(format!("table options/comment: {r}"));
        }
    }
    let columns: Vec<&String> =
        s["COLUMNS"].iter().filter(|r| new.contains(table_of(r)) || (table_of(r) == "sys_user" && SYS_USER_ADDED_COLUMNS.contains(&field(r, 1)))).collect();
    for r in &columns {
        if field(r, 7).is_empty() {
            problems.push(format!("column without comment: {r}"));
        }
        if !matches!(field(r, 8), "utf8mb4" | "NULL") {
            problems.push(format!("column charset: {r}"));
        }
    }
    // (table, column, default, nullable, type, extra)
    let expected_cols = [
        ("sys_user", "password_hash", "''", "NO", "varchar(255)", ""),
        ("sys_user", "supervisor_id", "NULL", "YES", "bigint(20)", ""),
        ("sys_user", "login_fail_count", "0", "NO", "int(11)", ""),
        ("sys_user", "locked_until", "NULL", "YES", "datetime", ""),
        ("sys_role", "id", "NULL", "NO", "bigint(20)", "auto_increment"),
        ("sys_role", "role_name", "NULL", "NO", "varchar(50)", ""),
        ("sys_role", "permissions", "NULL", "YES", "text", ""),
        ("sys_role", "data_scope", "1", "NO", "tinyint(4)", ""),
        ("sys_role", "status", "1", "NO", "tinyint(4)", ""),
        ("sys_role", "remark", "NULL", "YES", "varchar(255)", ""),
        ("sys_role", "created_at", "current_timestamp()", "NO", "datetime", ""),
        ("sys_role", "updated_at", "current_timestamp()", "NO", "datetime", "on update current_timestamp()"),
        ("sys_number_rule", "doc_type", "NULL", "NO", "varchar(30)", ""),
        ("sys_number_rule", "pattern", "NULL", "NO", "varchar(100)", ""),
        ("sys_number_rule", "reset_period", "1", "NO", "tinyint(4)", ""),
        ("sys_number_rule", "updated_at", "current_timestamp()", "NO", "datetime", "on update current_timestamp()"),
        ("sys_number_counter", "period_key", "''", "NO", "varchar(20)", ""),
        ("sys_number_counter", "current_value", "0", "NO", "bigint(20)", ""),
        ("sys_setting", "setting_key", "NULL", "NO", "varchar(100)", ""),
        // MEDIUMTEXT since migration 5 (a logo as a data URL exceeds TEXT).
        ("sys_setting", "setting_value", "NULL", "YES", "mediumtext", ""),
        ("sys_setting", "lock_version", "0", "NO", "int(11)", ""),
        ("sys_user", "session_nonce", "''", "NO", "varchar(64)", ""),
        ("sys_setting", "updated_by", "NULL", "YES", "bigint(20)", ""),
        ("sys_operation_log", "user_id", "NULL", "YES", "bigint(20)", ""),
        ("sys_operation_log", "action", "NULL", "NO", "varchar(20)", ""),
        ("sys_operation_log", "entity_id", "NULL", "NO", "bigint(20)", ""),
        ("sys_operation_log", "changes", "NULL", "YES", "text", ""),
        ("sys_operation_log", "summary", "NULL", "YES", "varchar(500)", ""),
        ("sys_operation_log", "created_at", "current_timestamp()", "NO", "datetime", ""),
    ];
    for (t, c, def, null, ty, extra) in expected_cols {
        match columns.iter().find(|r| table_of(r) == t && field(r, 1) == c) {
            None => problems.push(format!("missing column {t}.{c}")),
            Some(r) => {
                if (field(r, 3), field(r, 4), field(r, 5), field(r, 6)) != (def, null, ty, extra) {
                    problems.push(format!("{t}.{c}: expected default={def} null={null} type={ty} extra='{extra}', got {r}"));
                }
            }
        }
    }
    // table, index, non_unique, seq, column
    let expected_keys = [
        "sys_user | idx_supervisor | 1 | 1 | supervisor_id",
        "sys_role | PRIMARY | 0 | 1 | id",
        "sys_role | uk_role_name | 0 | 1 | role_name",
        "sys_number_rule | uk_doc_type | 0 | 1 | doc_type",
        "sys_number_counter | uk_doc_period | 0 | 1 | doc_type",
        "sys_number_counter | uk_doc_period | 0 | 2 | period_key",
        "sys_setting | uk_setting_key | 0 | 1 | setting_key",
        "sys_operation_log | idx_entity | 1 | 1 | entity_type",
        "sys_operation_log | idx_entity | 1 | 2 | entity_id",
        "sys_operation_log | idx_user | 1 | 1 | user_id",
        "sys_operation_log | idx_created | 1 | 1 | created_at",
    ];
    for k in expected_keys {
        if !s["STATISTICS"].iter().any(|r| r.starts_with(&format!("{k} | "))) {
            problems.push(format!("missing index row {k}"));
        }
    }
    let new_keys = s["STATISTICS"].iter().filter(|r| new.contains(table_of(r))).count();
    if new_keys != 14 {
        // 5 PRIMARY + 9 rows of the unique/secondary keys above
        problems.push(format!("unexpected number of index rows on new tables: {new_keys}"));
    }
    assert!(problems.is_empty(), "migration 2 on MySQL:\n{}", problems.join("\n"));
}

async fn full_snapshot(db: &DatabaseConnection, schema: &str) -> Vec<String> {
    let mut out: Vec<String> =
        info_schema(db, schema).await.into_iter().flat_map(|(view, rows)| rows.into_iter().map(move |r| format!("{view}: {r}"))).collect();
    out.extend(rows(db, "SELECT version FROM seaql_migrations ORDER BY version").await);
    out.extend(rows(db, "SELECT CAST(id AS CHAR), doc_type, pattern, CAST(reset_period AS CHAR) FROM sys_number_rule ORDER BY id").await);
    out
}

#[tokio::test]
async fn rerun_is_noop() {
    with_scratch_dbs(&["rerun"], |dbs| async move {
        let (name, db) = &dbs[0];
        assert_rerun_is_noop(db, || full_snapshot(db, name)).await;
    })
    .await;
}

#[tokio::test]
async fn upgrade_keeps_data() {
    with_scratch_dbs(&["upgrade"], |dbs| async move {
        upgrade_scenario(&dbs[0].1).await;
    })
    .await;
}

#[test]
fn db_url_replaces_database() {
    assert_eq!(db_url("mysql://root@127.0.0.1:3306", "x"), "mysql://root@127.0.0.1:3306/x");
    assert_eq!(db_url("mysql://u:p@h:1/old?ssl-mode=disabled", "x"), "mysql://u:p@h:1/x?ssl-mode=disabled");
}
