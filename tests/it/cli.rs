//! crm-admin end to end: migrate, seed-demo, status, create-user on both backends.
use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

/// The crm-admin binary. It is its own package (the installers do not carry it), so cargo
/// does not hand this test its path: `dev.sh test` builds it first and says where
/// (`CRM_ADMIN_BIN`); a focused `cargo test` builds it here, once, so it is never stale.
fn crm_admin() -> std::path::PathBuf {
    static BIN: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        if let Some(p) = std::env::var_os("CRM_ADMIN_BIN") {
            return p.into();
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let status = Command::new(cargo)
            .args(["build", "--quiet", "-p", "crm-desk", "-p", "crm-admin"])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("run cargo build -p crm-admin");
        assert!(status.success(), "cargo build -p crm-admin failed");
        // target/<profile>/deps/it-HASH → target/<profile>/crm-admin
        let exe = std::env::current_exe().unwrap();
        exe.parent().and_then(|d| d.parent()).unwrap().join(format!("crm-admin{}", std::env::consts::EXE_SUFFIX))
    })
    .clone()
}

fn admin(db: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child =
        Command::new(crm_admin()).arg("--db").arg(db).args(args).stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    if let Some(s) = stdin {
        child.stdin.take().unwrap().write_all(s.as_bytes()).unwrap();
    } else {
        drop(child.stdin.take());
    }
    let out = child.wait_with_output().unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

fn count(status: &str, table: &str) -> i64 {
    status
        .lines()
        .find_map(|l| {
            let mut it = l.split_whitespace();
            (it.next() == Some(table)).then(|| it.next().unwrap().parse().unwrap())
        })
        .unwrap_or_else(|| panic!("{table} not in {status}"))
}

fn exercise(db: &str) {
    let (ok, out, err) = admin(db, &["migrate"], None);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = admin(db, &["migrate"], None);
    assert!(ok, "second migrate is a no-op: {out}{err}");
    let (ok, out, err) = admin(db, &["seed-demo", "--scale", "300"], None);
    assert!(ok, "{out}{err}");
    let (ok, status, err) = admin(db, &["status"], None);
    assert!(ok, "{err}");
    assert!(status.contains(migrations::SCHEMA_VERSION));
    assert_eq!(count(&status, "crm_customer"), 300);
    for t in crm_core::service::status::TABLES {
        if !["sys_number_counter", "sys_setting", "sys_operation_log"].contains(t) {
            assert!(count(&status, t) > 0, "{t} is empty after seed-demo:\n{status}");
        }
    }
    // The demo has idle customers: the first sweep recycles some, the second none.
    let (ok, out, err) = admin(db, &["sea-sweep"], None);
    assert!(ok, "{out}{err}");
    let first: u64 = out.split("sea sweep: ").nth(1).and_then(|r| r.split_whitespace().next()).and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("{out}"));
    assert!(first > 0, "{out}");
    let (ok, out, err) = admin(db, &["sea-sweep"], None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("sea sweep: 0 "), "a second sweep recycles nothing: {out}");
    let (ok, out, err) =
        admin(db, &["create-user", "--username", "it.admin", "--full-name", "信息部管理员", "--dept", "信息部", "--role", "系统管理员"], Some("Str0ng-pass\n"));
    assert!(ok, "{out}{err}");
    assert!(out.contains("it.admin") && out.contains("信息部"), "{out}");
    // A weak password is refused with the field named, nothing written.
    let (ok, _, err) =
        admin(db, &["--lang", "en-US", "create-user", "--username", "weak", "--full-name", "W", "--dept", "新部门", "--role", "销售代表"], Some("123\n"));
    assert!(!ok);
    assert!(err.contains("VALIDATION") && err.contains("(password)"), "{err}");
    let (_, status, _) = admin(db, &["status"], None);
    assert_eq!(count(&status, "sys_dept"), 8, "no department was created for the refused user");
}

#[test]
fn cli_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    exercise(&format!("sqlite:{}", dir.path().join("new/crm.db").display()));
}

#[test]
fn cli_on_mysql() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(common::fresh_mysql_url()) else { return };
    exercise(&url);
    rt.block_on(common::drop_mysql(&url));
}

#[test]
fn migrate_creates_a_new_mysql_database() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(common::fresh_mysql_url()) else { return };
    rt.block_on(common::drop_mysql(&url));
    let (ok, out, err) = admin(&url, &["migrate"], None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("created database"), "{out}");
    let (ok, status, _) = admin(&url, &["status"], None);
    assert!(ok);
    assert_eq!(count(&status, "crm_customer"), 0);
    rt.block_on(common::drop_mysql(&url));
}

#[test]
fn bad_db_url_is_explained() {
    let (ok, _, err) = admin("postgres://x/y", &["status"], None);
    assert!(!ok);
    assert!(err.contains("VALIDATION") && err.contains("sqlite:"), "{err}");
}

/// Fault drill: `kill -9` of a process writing quotations (and everything else) to SQLite
/// leaves a database that passes `PRAGMA integrity_check`, with every quotation either
/// whole (its lines add up to its total) or absent.
#[test]
fn kill_9_while_writing_leaves_whole_quotations_only() {
    use sea_orm::{ConnectionTrait, Statement};
    let rt = tokio::runtime::Runtime::new().unwrap();
    for delay_ms in [400u64, 900, 1600] {
        let dir = tempfile::tempdir().unwrap();
        let db = format!("sqlite:{}", dir.path().join("drill.db").display());
        let (ok, out, err) = admin(&db, &["migrate"], None);
        assert!(ok, "{out}{err}");
        let mut child = Command::new(crm_admin())
            .args(["--db", &db, "seed-demo", "--scale", "3000"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
        let (quotes, broken) = rt.block_on(async {
            let conn = crm_core::db::connect_url(&db).await.unwrap();
            let be = conn.get_database_backend();
            let check = conn.query_one_raw(Statement::from_string(be, "PRAGMA integrity_check")).await.unwrap().unwrap();
            assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
            let rows = conn
                .query_all_raw(Statement::from_string(
                    be,
                    "SELECT q.id, q.total_amount, (SELECT COUNT(*) FROM crm_quotation_item i WHERE i.quotation_id = q.id) FROM crm_quotation q",
                ))
                .await
                .unwrap();
            let mut broken = 0;
            for r in &rows {
                let id: i64 = r.try_get_by_index(0).unwrap();
                let total: String = r.try_get_by_index(1).unwrap();
                let lines: i64 = r.try_get_by_index(2).unwrap();
                let amounts =
                    conn.query_all_raw(Statement::from_string(be, format!("SELECT amount FROM crm_quotation_item WHERE quotation_id = {id}"))).await.unwrap();
                let sum: rust_decimal::Decimal =
                    amounts.iter().map(|a| a.try_get_by_index::<String>(0).unwrap().parse::<rust_decimal::Decimal>().unwrap()).sum();
                if lines == 0 || sum != total.parse::<rust_decimal::Decimal>().unwrap() {
                    broken += 1;
                }
            }
            conn.close().await.ok();
            (rows.len(), broken)
        });
        println!("kill -9 after {delay_ms} ms: integrity ok, {quotes} quotations, {broken} half-written");
        assert_eq!(broken, 0);
    }
}

/// `crm-admin backup`, `restore` (refusing a damaged file) and `transfer` into an empty
/// MariaDB, which prints its verification and the users' temporary passwords.
#[test]
fn backup_restore_and_transfer_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("crm.db").display());
    assert!(admin(&db, &["migrate"], None).0);
    let (ok, out, err) = admin(&db, &["seed-demo", "--scale", "40"], None);
    assert!(ok, "{out}{err}");
    let file = dir.path().join("b.db");
    let (ok, out, err) = admin(&db, &["backup", "-o", file.to_str().unwrap()], None);
    assert!(ok && out.contains("b.db"), "{out}{err}");
    // Changed after the backup, then restored: the change is gone, the old file kept.
    let (ok, out, err) = admin(&db, &["seed-demo", "--scale", "10", "--force"], None);
    assert!(ok, "{out}{err}");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let (ok, _, err) = admin(&db, &["restore", junk.to_str().unwrap()], None);
    assert!(!ok && err.contains("备份"), "{err}");
    let (ok, out, err) = admin(&db, &["restore", file.to_str().unwrap()], None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("before-restore"), "{out}");
    let (_, status, _) = admin(&db, &["status"], None);
    assert_eq!(count(&status, "crm_customer"), 40);
    common::tally("sqlite", module_path!());

    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(common::fresh_mysql_url()) else {
        common::tally("mysql-skipped", module_path!());
        return;
    };
    assert!(admin(&url, &["migrate"], None).0);
    let (ok, out, err) = admin(&url, &["transfer", "--from", &db, "--to", &url], None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("verified, equal") && out.contains("crm_customer"), "{out}");
    assert!(out.contains("li.sales"), "temporary passwords are listed: {out}");
    let (_, status, _) = admin(&url, &["status"], None);
    assert_eq!(count(&status, "crm_customer"), 40);
    // A second transfer into the now non-empty database is refused.
    let (ok, _, err) = admin(&url, &["transfer", "--from", &db, "--to", &url], None);
    assert!(!ok && err.contains("不是空的"), "{err}");
    // --merge into it: every customer is a duplicate of itself, the contracts come again
    // under new numbers, and the verification holds. A --map to nobody is refused.
    let (ok, _, err) = admin(&url, &["transfer", "--from", &db, "--to", &url, "--merge", "--map", "li.sales=nobody"], None);
    assert!(!ok && err.contains("nobody"), "{err}");
    let (ok, out, err) = admin(&url, &["transfer", "--from", &db, "--to", &url, "--merge", "--map", "li.sales=zhou.sales"], None);
    assert!(ok, "{out}{err}");
    assert!(out.contains("verified, equal") && out.contains("li.sales -> zhou.sales (mapped)") && out.contains("duplicates / 重复: "), "{out}");
    let (_, status, _) = admin(&url, &["status"], None);
    assert_eq!(count(&status, "crm_customer"), 40);
    rt.block_on(common::drop_mysql(&url));
    common::tally("mysql", module_path!());
}
