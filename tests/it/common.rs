//! Shared test support: every test runs on SQLite AND MySQL/MariaDB, each in its
//! own fresh database. MySQL comes from `CRM_TEST_MYSQL_URL` (default
//! `mysql://root@127.0.0.1:3306`). Under `CI=true` an unreachable MySQL fails the
//! test; elsewhere the MySQL half prints SKIP and passes.
#![allow(dead_code)]

use crm_core::auth::SessionUser;
use crm_core::db;
use crm_core::entity::enums::{DataScope, RoleStatus, UserStatus};
use crm_core::entity::{sys_dept, sys_role, sys_user};
use crm_core::service::Ctx;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, Set, Statement};
use std::sync::atomic::{AtomicU32, Ordering};

static COUNTER: AtomicU32 = AtomicU32::new(0);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Mysql,
}

pub fn mysql_base_url() -> String {
    std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_string()).trim_end_matches('/').to_string()
}

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().subsec_nanos();
    format!("crm_t_{}_{}_{}", std::process::id(), n, nanos % 100_000)
}

/// A fresh, empty MySQL database; None (after printing SKIP) when MySQL is not
/// reachable outside CI.
pub async fn fresh_mysql_url() -> Option<String> {
    let base = mysql_base_url();
    let admin = match sea_orm::Database::connect(base.clone()).await {
        Ok(c) => c,
        Err(e) => {
            if std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "0" && v != "false") {
                panic!("MySQL at {base} is required under CI but unreachable: {e}");
            }
            eprintln!("SKIP: MySQL at {base} unreachable ({e}); set CRM_TEST_MYSQL_URL");
            return None;
        }
    };
    let name = unique_name();
    admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")).await.expect("create test database");
    admin.close().await.ok();
    Some(format!("{base}/{name}"))
}

/// Drop the test databases this process created (best effort, at the end of a test),
/// with the database accounts and roles a per-user test made for them.
pub async fn drop_mysql(url: &str) {
    if let Some((base, name)) = url.rsplit_once('/') {
        if let Ok(admin) = sea_orm::Database::connect(base).await {
            let prefix = format!("crm_{}_", crm_core::db::accounts::db_tag(name));
            if let Ok(rows) = admin
                .query_all_raw(Statement::from_string(
                    sea_orm::DatabaseBackend::MySql,
                    format!("SELECT CAST(User AS CHAR) FROM mysql.user WHERE User LIKE '{prefix}%'"),
                ))
                .await
            {
                for r in rows {
                    if let Ok(u) = r.try_get_by_index::<String>(0) {
                        let _ = admin.execute_unprepared(&format!("DROP USER IF EXISTS '{u}'@'%'")).await;
                        let _ = admin.execute_unprepared(&format!("DROP ROLE IF EXISTS '{u}'")).await;
                    }
                }
            }
            let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`")).await;
        }
    }
}

/// A migrated, empty database of the given backend (None: MySQL skipped).
pub async fn fresh_db(backend: Backend) -> Option<TestDb> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("crm.db");
            let conn = db::connect_sqlite(&path).await.expect("sqlite");
            let conn = db::open_ready(conn).await.expect("migrate sqlite");
            // As the app does: lists, search and reports read through read-only
            // connections, so a service that writes through them fails here.
            let readers = db::connect_sqlite_readers(&path).await.expect("sqlite readers");
            READERS.lock().unwrap().insert(path.clone(), readers);
            Some(TestDb { db: conn, url: format!("sqlite:{}", path.display()), _dir: Some(dir), backend })
        }
        Backend::Mysql => {
            let url = fresh_mysql_url().await?;
            let conn = db::connect_url(&url).await.expect("mysql connect");
            db::migrate(&conn).await.expect("migrate mysql");
            Some(TestDb { db: conn, url, _dir: None, backend })
        }
    }
}

/// The read-only connections of each test's SQLite file, by path.
static READERS: std::sync::Mutex<std::collections::BTreeMap<std::path::PathBuf, DatabaseConnection>> = std::sync::Mutex::new(std::collections::BTreeMap::new());

/// The readers of a test database opened by [`fresh_db`] (None on MySQL).
pub fn readers(db: &DatabaseConnection) -> Option<DatabaseConnection> {
    if db.get_database_backend() != sea_orm::DatabaseBackend::Sqlite {
        return None;
    }
    let path = db.get_sqlite_connection_pool().connect_options().get_filename().to_path_buf();
    READERS.lock().unwrap().get(&path).cloned()
}

pub struct TestDb {
    pub db: DatabaseConnection,
    pub url: String,
    pub backend: Backend,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// "Sqlite" or "Mysql" (to keep per-backend names apart in process-wide state).
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "Sqlite",
            Backend::Mysql => "Mysql",
        }
    }
}

/// keyring-core's in-memory store, installed once for the whole test binary (installing it
/// again would drop what other tests keep in it).
pub fn mock_keyring() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(crm_core::db::secret::use_mock_store);
}

impl TestDb {
    pub async fn cleanup(self) {
        if self.backend == Backend::Mysql {
            self.db.close().await.ok();
            drop_mysql(&self.url).await;
        }
    }

    pub fn system(&self) -> Ctx {
        Ctx::system(self.db.clone()).with_reader(readers(&self.db))
    }

    pub async fn raw_one(&self, sql: &str) -> Option<sea_orm::QueryResult> {
        self.db.query_one_raw(Statement::from_string(self.db.get_database_backend(), sql.to_string())).await.unwrap()
    }
}

/// Run one async test body on both backends.
#[macro_export]
macro_rules! both {
    ($name:ident, |$t:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            async fn body($t: &$crate::common::TestDb) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn sqlite() {
                let t = $crate::common::fresh_db($crate::common::Backend::Sqlite).await.unwrap();
                body(&t).await;
                t.cleanup().await;
                $crate::common::tally("sqlite", module_path!());
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
            async fn mysql() {
                let Some(t) = $crate::common::fresh_db($crate::common::Backend::Mysql).await else {
                    $crate::common::tally("mysql-skipped", module_path!());
                    return;
                };
                body(&t).await;
                t.cleanup().await;
                $crate::common::tally("mysql", module_path!());
            }
        }
    };
}

pub async fn dept(db: &DatabaseConnection, name: &str, parent: Option<i64>) -> i64 {
    sys_dept::ActiveModel {
        dept_name: Set(name.into()),
        parent_id: Set(parent),
        sort: Set(Some(0)),
        created_at: Set(crm_core::service::util::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

pub async fn role(db: &DatabaseConnection, name: &str, perms: &str, scope: DataScope) -> i64 {
    let now = crm_core::service::util::now();
    sys_role::ActiveModel {
        role_name: Set(name.into()),
        permissions: Set(Some(perms.into())),
        data_scope: Set(scope),
        status: Set(RoleStatus::Enabled),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id
}

/// A user with a password hash of "Passw0rd!" (hash computed once per process).
pub async fn user(db: &DatabaseConnection, username: &str, dept: i64, role: i64, supervisor: Option<i64>) -> i64 {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = HASH.get_or_init(|| crm_core::auth::password::hash_password("Passw0rd!").unwrap());
    let now = crm_core::service::util::now();
    let id = sys_user::ActiveModel {
        username: Set(username.into()),
        full_name: Set(format!("用户{username}")),
        dept_id: Set(dept),
        role_ids: Set(Some(role.to_string())),
        status: Set(UserStatus::Enabled),
        supervisor_id: Set(supervisor),
        login_fail_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        session_nonce: Set("n0".into()),
        ..Default::default()
    }
    .insert(db)
    .await
    .unwrap()
    .id;
    crm_core::service::auth::store_password_hash(db, id, hash.clone()).await.unwrap();
    id
}

pub async fn session(db: &DatabaseConnection, user_id: i64) -> SessionUser {
    crm_core::service::auth::load_session_user(db, user_id).await.unwrap()
}

pub async fn ctx_for(db: &DatabaseConnection, user_id: i64) -> Ctx {
    Ctx::for_user(db.clone(), session(db, user_id).await).with_reader(readers(db))
}

/// The code and field of a refused call, for assertions that can only pass for the right
/// reason: `assert_eq!(refusal(r), (ErrorCode::Conflict, Some("status".into())))`.
#[track_caller]
pub fn refusal<T: std::fmt::Debug>(r: Result<T, crm_core::error::AppError>) -> (crm_core::error::ErrorCode, Option<String>) {
    let e = r.expect_err("the call must be refused");
    (e.code(), e.to_api(crm_core::error::Locale::ZhCn).field)
}

/// Count a case that ran (or was skipped) on a backend: one line in the file named by
/// `CRM_TEST_TALLY`, which the test command sums up at the end, so a local green run
/// that skipped MySQL says so.
pub fn tally(what: &str, case: &str) {
    use std::io::Write;
    let Some(path) = std::env::var_os("CRM_TEST_TALLY") else { return };
    if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
        let _ = writeln!(f, "{what} {case}");
    }
}
