//! Connection layer: schema-version refusal on MySQL, profiles, keyring-held passwords.
use crate::common;

use crm_core::db::{self, profile::ProfileStore, ConnectionProfile, DbTarget, MysqlParams, TlsMode};
use crm_core::error::{AppError, Locale};
use migrations::{Migrator, MigratorTrait};

#[tokio::test]
async fn mysql_is_never_migrated_silently() {
    let Some(url) = common::fresh_mysql_url().await else { return };
    let conn = db::connect_url(&url).await.unwrap();
    // Empty database: refused, names both versions, says what to run.
    let e = db::open_ready(conn.clone()).await.unwrap_err();
    let msg = e.to_api(Locale::EnUs).message;
    assert!(msg.contains("crm-admin migrate") && msg.contains(migrations::SCHEMA_VERSION), "{msg}");
    // Older schema: refused, nothing created.
    Migrator::up(&conn, Some(1)).await.unwrap();
    let e = db::open_ready(conn.clone()).await.unwrap_err();
    let msg = e.to_api(Locale::ZhCn).message;
    assert!(msg.contains("m20260101_000001_seed_tables") && msg.contains(migrations::SCHEMA_VERSION) && msg.contains("crm-admin migrate"), "{msg}");
    let st = db::schema_state(&conn).await.unwrap();
    assert_eq!(st.pending.len(), migrations::migration_names().len() - 1);
    // After migrate it opens.
    db::migrate(&conn).await.unwrap();
    db::open_ready(conn.clone()).await.unwrap();
    // A newer schema than the app: refused as well.
    use sea_orm::ConnectionTrait;
    conn.execute_unprepared("INSERT INTO seaql_migrations (version, applied_at) VALUES ('m20991231_000001_future', 0)").await.unwrap();
    let e = db::open_ready(conn.clone()).await.unwrap_err();
    assert!(e.to_api(Locale::EnUs).message.contains("newer"), "{e}");
    conn.close().await.ok();
    common::drop_mysql(&url).await;
}

#[tokio::test]
async fn sqlite_is_created_and_migrated_on_first_start() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/crm.db");
    let conn = db::connect_sqlite(&path).await.unwrap();
    let conn = db::open_ready(conn).await.unwrap();
    assert!(db::schema_state(&conn).await.unwrap().is_current());
    use sea_orm::ConnectionTrait;
    let r = conn.query_one_raw(sea_orm::Statement::from_string(sea_orm::DatabaseBackend::Sqlite, "PRAGMA journal_mode")).await.unwrap().unwrap();
    assert_eq!(r.try_get::<String>("", "journal_mode").unwrap(), "wal");
    let r = conn.query_one_raw(sea_orm::Statement::from_string(sea_orm::DatabaseBackend::Sqlite, "PRAGMA foreign_keys")).await.unwrap().unwrap();
    assert_eq!(r.try_get::<i32>("", "foreign_keys").unwrap(), 1);
    // Second start: a no-op.
    drop(conn);
    let conn = db::open_ready(db::connect_sqlite(&path).await.unwrap()).await.unwrap();
    assert!(db::schema_state(&conn).await.unwrap().is_current());
}

#[tokio::test]
async fn connection_failures_are_told_apart() {
    let base = MysqlParams {
        host: "127.0.0.1".into(),
        port: 1,
        database: "crm".into(),
        user: "root".into(),
        password: None,
        tls: TlsMode::Off,
        ca_file: None,
        insecure: false,
    };
    let e = db::connect_mysql(&base).await.unwrap_err();
    assert!(matches!(e, AppError::DbUnavailable { .. }));
    assert!(e.to_api(Locale::EnUs).message.contains("Cannot reach"), "{e}");
    if common::fresh_mysql_url().await.is_none() {
        return;
    }
    let p = MysqlParams { port: 3306, user: "no_such_user_xyz".into(), password: Some("bad".into()), ..base.clone() };
    let e = db::connect_mysql(&p).await.unwrap_err();
    assert!(e.to_api(Locale::EnUs).message.contains("Wrong database user name or password"), "{e}");
    let p = MysqlParams { port: 3306, database: "crm_no_such_db_xyz".into(), ..base.clone() };
    let e = db::connect_mysql(&p).await.unwrap_err();
    assert!(e.to_api(Locale::EnUs).message.contains("does not exist"), "{e}");
}

#[test]
fn profiles_hold_no_shared_secret_and_legacy_ones_are_forgotten() {
    crate::common::mock_keyring();
    let dir = tempfile::tempdir().unwrap();
    std::env::set_var("CRM_DESK_DATA_DIR", dir.path());
    // A profile written before per-user accounts: a shared user, its password in the keyring.
    let legacy = db::MysqlParams {
        host: "db.corp".into(),
        port: 3306,
        database: "crm".into(),
        user: "sales".into(),
        password: None,
        tls: TlsMode::Off,
        ca_file: None,
        insecure: false,
    };
    db::secret::set_mysql_password(&legacy, "s3cr3t-PW").unwrap();
    std::fs::write(
        ProfileStore::path(),
        r#"{"active":0,"profiles":[{"kind":"mysql","host":"db.corp","port":3306,"database":"crm","user":"sales","tls":"required","caFile":null}],"lastUsername":"admin"}"#,
    )
    .unwrap();
    let store = ProfileStore::load().unwrap();
    assert_eq!(db::secret::get_mysql_password(&legacy).unwrap(), None, "the shared password left the keyring");
    let text = std::fs::read_to_string(ProfileStore::path()).unwrap();
    assert!(!text.contains("\"user\""), "the shared user left the profile: {text}");
    let profile =
        ConnectionProfile::Mysql { host: "db.corp".into(), port: 3306, database: "crm".into(), tls: TlsMode::Required, ca_file: None, insecure: None };
    assert_eq!(store.profiles, vec![profile.clone()]);
    // "Remember me" keeps only the user's own password, under their own name.
    let DbTarget::Mysql(server) = DbTarget::from_profile(&profile) else { panic!() };
    assert!(server.user.is_empty() && server.password.is_none(), "a profile names no database user");
    db::secret::set_login_password(&server, "li.sales", "Li#Own2026").unwrap();
    assert_eq!(db::secret::get_login_password(&server, "LI.SALES").unwrap().as_deref(), Some("Li#Own2026"));
    assert_eq!(db::secret::get_login_password(&server, "zhou.sales").unwrap(), None);
    db::secret::delete_login_password(&server, "li.sales").unwrap();
    assert_eq!(db::secret::get_login_password(&server, "li.sales").unwrap(), None);
    assert!(!std::fs::read_to_string(ProfileStore::path()).unwrap().contains("Li#Own"));
}

#[tokio::test]
async fn test_connection_names_each_outcome() {
    use crm_core::db::{test_connection, ConnectionStatus, MysqlParams};
    let unreachable = MysqlParams {
        host: "127.0.0.1".into(),
        port: 1,
        database: "x".into(),
        user: "root".into(),
        password: None,
        tls: TlsMode::Off,
        ca_file: None,
        insecure: false,
    };
    assert_eq!(test_connection(&unreachable, false, Locale::EnUs).await.status, ConnectionStatus::Unreachable);
    let Some(url) = common::fresh_mysql_url().await else { return };
    let DbTarget::Mysql(p) = DbTarget::parse(&url).unwrap() else { panic!() };
    let bad_user = MysqlParams { user: "no_such_user_xyz".into(), password: Some("x".into()), ..p.clone() };
    assert_eq!(test_connection(&bad_user, false, Locale::EnUs).await.status, ConnectionStatus::BadCredentials);
    // Without a login typed, a made-up account probes the server: reachable.
    assert_eq!(test_connection(&bad_user, true, Locale::EnUs).await.status, ConnectionStatus::Reachable);
    let missing = MysqlParams { database: "crm_t_missing_db_xyz".into(), ..p.clone() };
    assert_eq!(test_connection(&missing, false, Locale::EnUs).await.status, ConnectionStatus::DatabaseMissing);
    let empty = test_connection(&p, false, Locale::ZhCn).await;
    assert_eq!(empty.status, ConnectionStatus::SchemaOutdated);
    assert!(empty.message.contains("crm-admin migrate"), "{}", empty.message);
    let conn = db::connect_url(&url).await.unwrap();
    db::migrate(&conn).await.unwrap();
    let ok = test_connection(&p, false, Locale::EnUs).await;
    assert_eq!(ok.status, ConnectionStatus::Ok, "{}", ok.message);
    // A server that does not speak TLS refuses a TLS-required profile.
    let tls = MysqlParams { tls: TlsMode::Required, ..p.clone() };
    let r = test_connection(&tls, false, Locale::EnUs).await;
    assert!(matches!(r.status, ConnectionStatus::Tls | ConnectionStatus::Ok), "{:?}", r);
    conn.close().await.ok();
    common::drop_mysql(&url).await;
}

/// Every MySQL connection pins a strict sql_mode, so a server whose default is lax never
/// changes behaviour (an over-long text is refused, not cut).
#[tokio::test]
async fn mysql_connections_pin_a_strict_sql_mode() {
    let Some(url) = common::fresh_mysql_url().await else { return };
    let conn = db::connect_url(&url).await.unwrap();
    use sea_orm::ConnectionTrait;
    let row = conn.query_one_raw(sea_orm::Statement::from_string(conn.get_database_backend(), "SELECT @@SESSION.sql_mode")).await.unwrap().unwrap();
    let mode: String = row.try_get_by_index(0).unwrap();
    for flag in ["STRICT_TRANS_TABLES", "NO_ZERO_DATE", "ERROR_FOR_DIVISION_BY_ZERO"] {
        assert!(mode.contains(flag), "{mode}");
    }
    conn.execute_unprepared("CREATE TABLE t_strict (v varchar(3) NOT NULL)").await.unwrap();
    assert!(conn.execute_unprepared("INSERT INTO t_strict VALUES ('abcd')").await.is_err(), "strict mode refuses a truncating insert");
    conn.close().await.ok();
    common::drop_mysql(&url).await;
}

/// A lock-wait timeout (or a deadlock) is CONFLICT, "retry", never INTERNAL.
#[tokio::test]
async fn lock_contention_is_a_conflict() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let Some(url) = common::fresh_mysql_url().await else { return };
    let a = db::connect_url(&url).await.unwrap();
    let b = db::connect_url(&url).await.unwrap();
    a.execute_unprepared("CREATE TABLE t_lock (id int PRIMARY KEY, v int) ENGINE=InnoDB").await.unwrap();
    a.execute_unprepared("INSERT INTO t_lock VALUES (1, 0)").await.unwrap();
    let holder = a.begin().await.unwrap();
    holder.execute_unprepared("SELECT v FROM t_lock WHERE id = 1 FOR UPDATE").await.unwrap();
    let waiter = b.begin().await.unwrap();
    waiter.execute_unprepared("SET SESSION innodb_lock_wait_timeout = 1").await.unwrap();
    let err = waiter.execute_unprepared("UPDATE t_lock SET v = 1 WHERE id = 1").await.unwrap_err();
    let app: AppError = err.into();
    assert!(matches!(app, AppError::Contention), "{app:?}");
    assert_eq!(app.code(), crm_core::error::ErrorCode::Conflict, "CONFLICT to the user, never INTERNAL");
    waiter.rollback().await.ok();
    holder.rollback().await.ok();
    a.close().await.ok();
    b.close().await.ok();
    common::drop_mysql(&url).await;
}

/// A database on another computer gets TLS with host verification unless the user
/// explicitly accepts an insecure connection; `verify_identity` is never downgraded.
#[test]
fn remote_databases_need_tls_unless_explicitly_insecure() {
    use crm_core::ipc::MysqlProfileInput;
    let input = |host: &str, tls: TlsMode, insecure: Option<bool>| MysqlProfileInput {
        host: host.into(),
        port: 3306,
        database: "crm".into(),
        username: "li.sales".into(),
        password: "x".into(),
        tls,
        ca_file: None,
        insecure,
    };
    let e = input("db.corp.example", TlsMode::Off, None).validate().unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("tls"));
    assert!(input("db.corp.example", TlsMode::Off, Some(true)).validate().is_ok(), "an explicit insecure choice");
    assert!(input("127.0.0.1", TlsMode::Off, None).validate().is_ok(), "this computer");
    assert!(input("localhost", TlsMode::Off, None).validate().is_ok());
    let p = input("db.corp.example", TlsMode::VerifyIdentity, None).validate().unwrap();
    assert!(matches!(p.tls.sqlx(), sea_orm::sqlx::mysql::MySqlSslMode::VerifyIdentity));
    match DbTarget::parse("mysql://u@db.corp.example:3306/crm?ssl-mode=verify_identity").unwrap() {
        DbTarget::Mysql(p) => assert_eq!(p.tls, TlsMode::VerifyIdentity, "verify_identity is not downgraded to verify_ca"),
        _ => panic!(),
    }
    // A URL without ssl-mode: verified TLS for a remote host, plain only on this computer.
    let parsed = |u: &str| match DbTarget::parse(u).unwrap() {
        DbTarget::Mysql(p) => p,
        _ => panic!(),
    };
    assert_eq!(parsed("mysql://u@db.corp.example/crm").tls, TlsMode::VerifyIdentity);
    assert_eq!(parsed("mysql://u@127.0.0.1/crm").tls, TlsMode::Off);
    let explicit = parsed("mysql://u@db.corp.example/crm?ssl-mode=disabled");
    assert!(explicit.tls == TlsMode::Off && explicit.insecure);
}

/// A saved profile from before (plain text to a remote host, no explicit choice) is
/// refused at connect time, before anything crosses the network.
#[tokio::test]
async fn legacy_plain_text_profiles_to_remote_hosts_are_refused() {
    let p = MysqlParams {
        host: "db.corp.example".into(),
        port: 3306,
        database: "crm".into(),
        user: "sales".into(),
        password: None,
        tls: TlsMode::Off,
        ca_file: None,
        insecure: false,
    };
    let e = db::connect_mysql(&p).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("tls"));
}

/// Only a logged-out desktop or an administrator switches the database.
#[tokio::test]
async fn switching_the_database_needs_logout_or_an_administrator() {
    use crm_core::ipc::check_may_switch_profile;
    let t = crate::common::fresh_db(crate::common::Backend::Sqlite).await.unwrap();
    let d = crate::common::dept(&t.db, "公司", None).await;
    let rep = crate::common::role(&t.db, "rep", "customer:*", crm_core::entity::enums::DataScope::Own).await;
    let admin = crate::common::role(&t.db, "admin", "*", crm_core::entity::enums::DataScope::All).await;
    let r = crate::common::user(&t.db, "rep", d, rep, None).await;
    let a = crate::common::user(&t.db, "adm", d, admin, None).await;
    assert!(check_may_switch_profile(None).is_ok());
    let rep_session = crate::common::session(&t.db, r).await;
    assert_eq!(check_may_switch_profile(Some(&rep_session)).unwrap_err().code(), crm_core::error::ErrorCode::Forbidden);
    assert!(check_may_switch_profile(Some(&crate::common::session(&t.db, a).await)).is_ok());
    t.cleanup().await;
}
