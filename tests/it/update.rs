//! Updates from the company: the feed, the policy and its precedence, the schema gate on
//! both backends, and the package signature (with the fixtures the e2e update server
//! serves: tests/fixtures/updater, signed by a test-only key).

use crate::common::{self, refusal};
use crm_core::entity::enums::DataScope;
use crm_core::error::ErrorCode;
use crm_core::service::update::{self as upd, Feed, Gate, GateDb, PolicyOrigin, UpdatePolicy};
use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/updater")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap().trim().to_string()
}

#[test]
fn feeds_are_https_urls_or_file_share_paths() {
    assert!(matches!(upd::parse_feed("https://it.example.com/crm/latest.json").unwrap(), Some(Feed::Url(_))));
    assert!(matches!(upd::parse_feed("  http://127.0.0.1:8080/latest.json ").unwrap(), Some(Feed::Url(_))));
    assert!(matches!(upd::parse_feed(r"\\server\crm\latest.json").unwrap(), Some(Feed::File(_))));
    assert!(matches!(upd::parse_feed(r"C:\updates\latest.json").unwrap(), Some(Feed::File(_))));
    assert!(matches!(upd::parse_feed("/mnt/it/crm/latest.json").unwrap(), Some(Feed::File(_))));
    assert_eq!(upd::parse_feed("file:///mnt/it/latest.json").unwrap(), Some(Feed::File("/mnt/it/latest.json".into())));
    assert_eq!(upd::parse_feed("   ").unwrap(), None);
    for bad in ["http://it.example.com/latest.json", "ftp://x/latest.json", "latest.json", "updates/latest.json", "https://"] {
        let r = upd::parse_feed(bad);
        assert_eq!(refusal(r), (ErrorCode::Validation, Some("feed".into())), "{bad}");
    }
}

#[test]
fn the_environment_then_this_computer_then_the_database() {
    let p = |f: &str| Some(UpdatePolicy { feed: f.into(), auto_check: false, lock_version: None });
    assert_eq!(upd::effective(Some("https://env/l.json".into()), p("https://local/l.json"), p("https://db/l.json")).1, PolicyOrigin::Environment);
    let (local, o) = upd::effective(None, p("https://local/l.json"), p("https://db/l.json"));
    assert_eq!((local.feed.as_str(), o), ("https://local/l.json", PolicyOrigin::LocalFile));
    assert_eq!(upd::effective(Some("".into()), p(""), p("https://db/l.json")).1, PolicyOrigin::Database);
    let (none, o) = upd::effective(None, None, p(""));
    assert_eq!((none.feed.as_str(), none.auto_check, o), ("", true, PolicyOrigin::None));
}

#[test]
fn a_local_update_json_is_read_and_a_damaged_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let machine = dir.path().join("machine.json");
    let user = dir.path().join("user.json");
    assert!(upd::read_local_policy(&[machine.clone(), user.clone()]).unwrap().is_none());
    std::fs::write(&user, r#"{"feed": "\\\\fs01\\crm\\latest.json", "autoCheck": false}"#).unwrap();
    let (from, p) = upd::read_local_policy(&[machine.clone(), user.clone()]).unwrap().unwrap();
    assert_eq!((from, p.feed.as_str(), p.auto_check), (user.clone(), r"\\fs01\crm\latest.json", false));
    std::fs::write(&machine, "{ not json").unwrap();
    let e = upd::read_local_policy(&[machine.clone(), user]).unwrap_err();
    assert!(e.to_api(crm_core::error::Locale::ZhCn).message.contains("machine.json"));
    std::fs::write(&machine, r#"{"feed": "http://example.com/latest.json"}"#).unwrap();
    assert!(upd::read_local_policy(&[machine]).is_err(), "plain http to another computer is refused");
}

#[test]
fn the_schema_a_version_needs_comes_from_its_manifest() {
    let m: serde_json::Value = serde_json::from_str(&fixture("latest.json.in")).unwrap();
    assert_eq!(upd::required_schema(&m).as_deref(), Some("m20261207_000013_sms_params"));
    assert_eq!(upd::required_schema(&serde_json::json!({"version": "1.0.0"})), None);
    assert_eq!(upd::required_schema(&serde_json::json!({"crmSchema": "DROP TABLE x"})), None);
    // Names sort by date and sequence.
    assert_eq!(upd::gate_for("m20261207_000013_sms_params", Some("m20261207_000013_sms_params".into())), Gate::Ok);
    assert_eq!(upd::gate_for("m20261207_000013_sms_params", Some("m20270101_000014_x".into())), Gate::Ok);
    assert_eq!(
        upd::gate_for("m20270101_000014_x", Some("m20261207_000013_sms_params".into())),
        Gate::NeedsMigrate { required: "m20270101_000014_x".into(), database: Some("m20261207_000013_sms_params".into()) }
    );
    assert!(matches!(upd::gate_for("m20270101_000014_x", None), Gate::NeedsMigrate { database: None, .. }));
    let msg = Gate::NeedsMigrate { required: "m20270101_000014_x".into(), database: None }.refusal().unwrap().to_api(crm_core::error::Locale::ZhCn).message;
    assert!(msg.contains("crm-admin migrate") && msg.contains("m20270101_000014_x"), "{msg}");
    assert!(Gate::Ok.refusal().is_none());
}

both!(the_schema_gate_holds_a_shared_database_back_until_it_is_migrated, |t| {
    let now = serde_json::json!({"version": "9.9.0", "crmSchema": migrations::SCHEMA_VERSION});
    let future = serde_json::json!({"version": "9.9.0", "crmSchema": "m29991231_000099_future"});
    let unstated = serde_json::json!({"version": "9.9.0"});
    let on = |m: &serde_json::Value| {
        let m = m.clone();
        let db = t.db.clone();
        async move { upd::gate(GateDb::Open(&db), &m).await.unwrap() }
    };
    match t.backend {
        // The new version migrates its own SQLite file on its first start.
        common::Backend::Sqlite => {
            for m in [&now, &future, &unstated] {
                assert_eq!(on(m).await, Gate::Ok);
            }
        }
        common::Backend::Mysql => {
            assert_eq!(on(&now).await, Gate::Ok);
            assert_eq!(on(&future).await, Gate::NeedsMigrate { required: "m29991231_000099_future".into(), database: Some(migrations::SCHEMA_VERSION.into()) });
            assert_eq!(on(&unstated).await, Gate::UnknownSchema);
            assert!(Gate::UnknownSchema.refusal().is_some());
        }
    }
    assert_eq!(upd::gate(GateDb::SharedNotOpen, &now).await.unwrap(), Gate::LoginFirst);
    assert_eq!(upd::gate(GateDb::None, &future).await.unwrap(), Gate::Ok);
});

both!(the_company_feed_is_an_administrators_setting, |t| {
    let d = common::dept(&t.db, "IT", None).await;
    let admin_role = common::role(&t.db, "it", "settings:update", DataScope::All).await;
    let rep_role = common::role(&t.db, "rep", "customer:read", DataScope::Own).await;
    let admin = common::ctx_for(&t.db, common::user(&t.db, "it", d, admin_role, None).await).await;
    let rep = common::ctx_for(&t.db, common::user(&t.db, "rep", d, rep_role, None).await).await;
    let p = upd::get_policy(&rep).await.unwrap();
    assert_eq!((p.feed.as_str(), p.auto_check, p.lock_version), ("", true, Some(0)));
    assert_eq!(upd::stored_policy(&t.db).await.unwrap().feed, "");
    let bad = upd::set_policy(&admin, UpdatePolicy { feed: "http://files.example.com/latest.json".into(), auto_check: true, lock_version: Some(0) }).await;
    assert_eq!(refusal(bad), (ErrorCode::Validation, Some("feed".into())));
    let saved = upd::set_policy(&admin, UpdatePolicy { feed: " https://it.example.com/crm/latest.json ".into(), auto_check: false, lock_version: Some(0) })
        .await
        .unwrap();
    assert_eq!((saved.feed.as_str(), saved.auto_check), ("https://it.example.com/crm/latest.json", false));
    let stored = upd::stored_policy(&t.db).await.unwrap();
    assert_eq!(stored.feed, "https://it.example.com/crm/latest.json");
    let denied = upd::set_policy(&rep, UpdatePolicy { feed: "".into(), auto_check: true, lock_version: saved.lock_version }).await;
    assert_eq!(refusal(denied).0, ErrorCode::Forbidden);
    // A stale form does not overwrite.
    let stale = upd::set_policy(&admin, UpdatePolicy { feed: "".into(), auto_check: true, lock_version: Some(0) }).await;
    assert_eq!(refusal(stale).0, ErrorCode::Conflict);
});

#[test]
fn the_fixture_package_verifies_and_a_changed_one_does_not() {
    let key = fixture("test-only.key.pub");
    let sig = fixture("crm-desk_9.9.0_amd64.deb.sig");
    let bytes = std::fs::read(fixtures().join("crm-desk_9.9.0_amd64.deb")).unwrap();
    upd::verify_package(&key, &sig, &bytes, "9.9.0").unwrap();
    let mut tampered = bytes.clone();
    tampered[0] ^= 1;
    assert_eq!(refusal(upd::verify_package(&key, &sig, &tampered, "9.9.0")), (ErrorCode::Conflict, Some("signature".into())));
    // The signature names the version it was made for: an old package cannot pose as new.
    assert_eq!(refusal(upd::verify_package(&key, &sig, &bytes, "9.9.1")), (ErrorCode::Conflict, Some("signature".into())));
    // Another key does not accept it.
    let other = "dW50cnVzdGVkIGNvbW1lbnQ6IG1pbmlzaWduIHB1YmxpYyBrZXk6IDAwMDAwMDAwMDAwMDAwMDAKUldRQUFBQUFBQUFBQUJ6c1pNVjY5bENpR1lVQ2tYNXBYcFpUd2UvT3NqRExkOHdSbnl4RjdIWUYK";
    assert!(upd::verify_package(other, &sig, &bytes, "9.9.0").is_err());
    assert!(upd::verify_package("not base64!", &sig, &bytes, "9.9.0").is_err());
}

#[test]
fn a_file_share_manifest_points_at_packages_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let text = fixture("latest.json.in").replace("@BASE@/", "");
    std::fs::write(dir.path().join("latest.json"), text).unwrap();
    let m = upd::read_manifest_file(&dir.path().join("latest.json")).unwrap();
    let url = m["platforms"]["linux-x86_64"]["url"].as_str().unwrap();
    let expected = url::Url::from_file_path(dir.path().join("crm-desk_9.9.0_amd64.deb")).unwrap();
    assert_eq!(url, expected.as_str());
    assert_eq!(m["version"], "9.9.0");
    assert!(upd::read_manifest_file(&dir.path().join("missing.json")).is_err());
}

#[test]
fn the_release_manifest_names_each_package_and_the_schema() {
    let sig = fixture("crm-desk_9.9.0_amd64.deb.sig");
    let pk = |n: &str| upd::Package { file_name: n.into(), signature: sig.clone() };
    let at = chrono::DateTime::parse_from_rfc3339("2026-12-01T08:00:00Z").unwrap().with_timezone(&chrono::Utc);
    let m = upd::manifest(
        "v1.2.0",
        " 新增打印 \n",
        at,
        "https://it.example.com/crm",
        &[pk("CRM Desk_1.2.0_x64-setup.exe"), pk("CRM Desk_1.2.0_x64_zh-CN.msi"), pk("CRM Desk_universal.app.tar.gz"), pk("crm-desk_1.2.0_amd64.deb")],
    )
    .unwrap();
    assert_eq!(m["version"], "1.2.0");
    assert_eq!(m["notes"], "新增打印");
    assert_eq!(m["pub_date"], "2026-12-01T08:00:00Z");
    assert_eq!(m["crmSchema"], migrations::SCHEMA_VERSION);
    let p = m["platforms"].as_object().unwrap();
    let mut keys: Vec<&str> = p.keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(
        keys,
        vec![
            "darwin-aarch64",
            "darwin-aarch64-app",
            "darwin-x86_64",
            "darwin-x86_64-app",
            "linux-x86_64",
            "linux-x86_64-deb",
            "windows-x86_64",
            "windows-x86_64-msi",
            "windows-x86_64-nsis"
        ]
    );
    assert_eq!(p["windows-x86_64"]["url"], "https://it.example.com/crm/CRM%20Desk_1.2.0_x64-setup.exe");
    assert_eq!(p["linux-x86_64"]["signature"], sig.as_str());
    // The manifest's gate reads back what it wrote.
    assert_eq!(upd::required_schema(&m).as_deref(), Some(migrations::SCHEMA_VERSION));
    // A file share: names beside the manifest.
    let share = upd::manifest("1.2.0", "", at, "", &[pk("crm-desk_1.2.0_amd64.deb")]).unwrap();
    assert_eq!(share["platforms"]["linux-x86_64-deb"]["url"], "crm-desk_1.2.0_amd64.deb");
    assert_eq!(refusal(upd::manifest("1.2", "", at, "", &[])), (ErrorCode::Validation, Some("version".into())));
    assert_eq!(refusal(upd::manifest("1.2.0", "", at, "", &[pk("notes.txt")])), (ErrorCode::Validation, Some("file".into())));
}
