//! Support diagnostics: About on both backends, the masking of what leaves the computer,
//! the support bundle's contents, and crash reports.

use crate::common;
use crm_core::diagnostics::{self, Build};
use std::io::Read;

fn build() -> Build {
    Build { version: "9.9.9", commit: "abc1234def", profile: "debug" }
}

#[test]
fn scrub_masks_secrets_and_personal_data() {
    for (raw, want) in [
        ("connect mysql://li.sales:S3cret!pw@db.corp:3306/crm failed", "connect mysql://li.sales:***@db.corp:3306/crm failed"),
        ("login password=hunter2 user=admin", "login password=*** user=admin"),
        (r#"{"password": "p@ss \"word", "secretKey":"abcDEF", "user": "li"}"#, r#"{"password": "***", "secretKey": "***", "user": "li"}"#),
        ("Authorization: Bearer eyJhbGciOi.x", "Authorization: ***"),
        ("passwords are checked", "passwords are checked"),
        ("sent to 13800138000 and +86 13912345678.", "sent to 138****8000 and 139****5678."),
        ("order 202612010000123456789 kept", "order 202612010000123456789 kept"),
        ("mail li.lei@example.com.cn bounced", "mail ***@example.com.cn bounced"),
        ("id 11010519491231002X checked", "id [ID] checked"),
        ("customer 4711 updated by user 12", "customer 4711 updated by user 12"),
    ] {
        assert_eq!(diagnostics::scrub(raw), want, "{raw}");
    }
}

#[test]
fn support_bundle_carries_recent_logs_masked_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let logs = dir.path().join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(logs.join("crm-desk.2026-12-01.log"), "INFO start\nWARN login failed for mysql://u:topsecret@h/crm\nINFO sms to 13800138000\n").unwrap();
    let old = logs.join("crm-desk.2026-10-01.log");
    std::fs::write(&old, "INFO an old day\n").unwrap();
    std::fs::File::options().write(true).open(&old).unwrap().set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(30 * 86_400)).unwrap();
    diagnostics::write_crash_report(&logs, &build(), "index out of bounds (phone 13900001111)", "src/x.rs:1:1", "bt").unwrap();
    std::fs::write(logs.join("crm.sqlite"), "not a log").unwrap();
    let about = diagnostics::AboutInfo { version: "9.9.9".into(), database_kind: "SQLite".into(), ..Default::default() };
    let out = dir.path().join("out/support.zip");
    let s = diagnostics::support_bundle(&out, &about, &logs, 7).unwrap();
    assert!(s.bytes > 0 && out.exists());
    assert!(!dir.path().join("out/support.zip.part").exists());
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().to_string()).collect();
    names.sort();
    assert_eq!(names.len(), 4, "{names:?}");
    assert_eq!(names[0], "about.json");
    assert_eq!(names[1], "about.txt");
    assert!(names[2].starts_with("logs/crash-") && names[3] == "logs/crm-desk.2026-12-01.log", "{names:?}");
    let mut text = String::new();
    zip.by_name("logs/crm-desk.2026-12-01.log").unwrap().read_to_string(&mut text).unwrap();
    assert!(text.contains("mysql://u:***@h/crm") && text.contains("138****8000"), "{text}");
    assert!(!text.contains("topsecret") && !text.contains("13800138000"));
    let mut crash = String::new();
    zip.by_name(&names[2]).unwrap().read_to_string(&mut crash).unwrap();
    assert!(crash.contains("139****1111") && crash.contains("9.9.9 (abc1234def, debug)"), "{crash}");
    let mut a = String::new();
    zip.by_name("about.txt").unwrap().read_to_string(&mut a).unwrap();
    assert!(a.contains("CRM Desk          9.9.9") && a.contains("SQLite"), "{a}");
}

#[test]
fn crash_reports_are_written_by_the_hook_and_offered_once() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(diagnostics::unseen_crash(dir.path()), None);
    diagnostics::install_panic_hook(dir.path().to_path_buf(), build());
    let r = std::panic::catch_unwind(|| panic!("boom in the diagnostics test"));
    assert!(r.is_err());
    let c = diagnostics::unseen_crash(dir.path()).expect("a report");
    assert!(c.file_name.starts_with("crash-") && c.file_name.ends_with(".txt"));
    let text = std::fs::read_to_string(&c.path).unwrap();
    // Other tests may panic on purpose meanwhile; ours is in the newest or an earlier report.
    let ours = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| std::fs::read_to_string(e.path()).unwrap_or_default().contains("boom in the diagnostics test"));
    assert!(ours, "{text}");
    assert!(text.contains("Version:  9.9.9 (abc1234def, debug)") && text.contains("Backtrace:") && text.contains("diagnostics.rs"), "{text}");
    assert!(!c.at.is_empty());
    diagnostics::mark_crash_seen(dir.path(), &c.file_name).unwrap();
    assert_eq!(diagnostics::unseen_crash(dir.path()), None, "shown once");
    assert!(diagnostics::mark_crash_seen(dir.path(), "../etc/passwd").is_err());
    // Back to the default hook for the rest of the run.
    let _ = std::panic::take_hook();
}

both!(about_names_the_database_and_its_schema, |t| {
    let dir = tempfile::tempdir().unwrap();
    let a =
        diagnostics::about(&build(), Some(&t.db), "host:3306/crm", dir.path(), &dir.path().join("logs"), "WebKitGTK 2.48", Some("管理员 (admin)".into())).await;
    match t.backend {
        common::Backend::Sqlite => assert_eq!(a.database_kind, "SQLite"),
        common::Backend::Mysql => assert!(a.database_kind == "MariaDB" || a.database_kind == "MySQL", "{a:?}"),
    }
    assert!(a.database_version.as_deref().is_some_and(|v| !v.is_empty()));
    assert_eq!(a.schema_version.as_deref(), Some(migrations::SCHEMA_VERSION));
    assert_eq!((a.app_schema_version.as_str(), a.schema_note.as_str()), (migrations::SCHEMA_VERSION, ""));
    assert!(!a.os.is_empty() && a.os.contains(std::env::consts::ARCH));
    let text = a.to_text();
    assert!(text.contains("9.9.9 (abc1234def, debug)") && text.contains("host:3306/crm") && text.contains("WebKitGTK 2.48"), "{text}");
    // Without a database: the app's side only.
    let b = diagnostics::about(&build(), None, "", dir.path(), dir.path(), "x", None).await;
    assert_eq!((b.database_kind.as_str(), b.schema_version.clone()), ("", None));
});
