//! crm-admin end to end: migrate, seed-demo, status, create-user on both backends.
use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};

fn admin(db: &str, args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crm-admin"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
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
    assert_eq!(count(&status, "sys_dept"), 7, "no department was created for the refused user");
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
