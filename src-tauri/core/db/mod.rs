//! Connection profiles (local SQLite / company MySQL), pools, schema checks.

pub mod accounts;
pub mod profile;
pub mod secret;

use crate::error::{AppError, AppResult, Msg};
use migrations::{Migrator, MigratorTrait};
use sea_orm::sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, SqlxMySqlConnector, SqlxSqliteConnector};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

pub use profile::{ConnectionProfile, DbTarget, TlsMode};

/// Identifier used for the OS data and log directories (same as tauri.conf.json).
pub const APP_IDENTIFIER: &str = "com.crmdesk.app";

/// The app-data directory: `$CRM_DESK_DATA_DIR` when set, else the OS app-data dir.
pub fn data_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CRM_DESK_DATA_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(d);
    }
    dirs::data_dir().unwrap_or_else(|| PathBuf::from(".")).join(APP_IDENTIFIER)
}

/// The local SQLite database file of the default profile.
pub fn default_sqlite_path() -> PathBuf {
    data_dir().join("crm-desk.db")
}

/// Open a SQLite file (created if missing) with WAL, foreign keys and a busy timeout.
pub async fn connect_sqlite(path: &Path) -> AppResult<DatabaseConnection> {
    if let Some(parent) = path.parent() {
        if !parent.as_os_str().is_empty() {
            std::fs::create_dir_all(parent).map_err(|e| AppError::DbUnavailable {
                message: Msg::new(format!("无法创建数据目录 {}: {e}", parent.display()), format!("Cannot create the data folder {}: {e}", parent.display())),
            })?;
        }
    }
    let opts = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10));
    connect_sqlite_opts(opts).await
}

/// How many read-only connections a local database keeps for lists, search and reports.
pub const SQLITE_READERS: u32 = 4;

/// Read-only connections to a SQLite file already opened by [`connect_sqlite`] (which set
/// WAL). In WAL each reads the last committed state without waiting for the one writer,
/// so lists and search stay instant while an import, seed-demo or the sweep writes; a
/// write sent here by mistake fails (read-only) instead of racing the writer.
pub async fn connect_sqlite_readers(path: &Path) -> AppResult<DatabaseConnection> {
    let opts = SqliteConnectOptions::new().filename(path).read_only(true).foreign_keys(true).busy_timeout(Duration::from_secs(10));
    let pool =
        SqlitePoolOptions::new().max_connections(SQLITE_READERS).min_connections(0).acquire_timeout(Duration::from_secs(30)).connect_with(opts).await.map_err(
            |e| AppError::DbUnavailable {
                message: Msg::new(format!("无法打开本地数据库(只读连接): {e}"), format!("Cannot open the local database for reading: {e}")),
            },
        )?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// An in-memory SQLite database (tests).
pub async fn connect_sqlite_memory() -> AppResult<DatabaseConnection> {
    let opts = SqliteConnectOptions::from_str("sqlite::memory:").map_err(AppError::internal)?.foreign_keys(true);
    connect_sqlite_opts(opts).await
}

async fn connect_sqlite_opts(opts: SqliteConnectOptions) -> AppResult<DatabaseConnection> {
    // One writer connection: SQLite allows a single writer, and a single connection makes
    // every transaction strictly serial, which keeps numbering and claims race-free
    // without lock upgrades failing with SQLITE_BUSY. Reads that may run beside a long
    // write go to `connect_sqlite_readers`.
    let pool = SqlitePoolOptions::new().max_connections(1).acquire_timeout(Duration::from_secs(30)).connect_with(opts).await.map_err(|e| {
        AppError::DbUnavailable { message: Msg::new(format!("无法打开本地数据库: {e}"), format!("Cannot open the local database: {e}")) }
    })?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// Parameters of a MySQL/MariaDB connection; the password comes from the keyring or the caller.
#[derive(Clone, Debug)]
pub struct MysqlParams {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    pub password: Option<String>,
    pub tls: TlsMode,
    pub ca_file: Option<PathBuf>,
    /// The user explicitly chose an unencrypted connection (needed for a remote host).
    pub insecure: bool,
}

fn mysql_options(p: &MysqlParams) -> MySqlConnectOptions {
    let mut opts =
        MySqlConnectOptions::new().host(&p.host).port(p.port).username(&p.user).database(&p.database).charset("utf8mb4").timezone(Some("+00:00".to_string()));
    if let Some(pw) = &p.password {
        opts = opts.password(pw);
    }
    let opts = opts.ssl_mode(p.tls.sqlx());
    match (&p.ca_file, p.tls) {
        (Some(ca), TlsMode::VerifyCa | TlsMode::VerifyIdentity) => opts.ssl_ca(ca),
        _ => opts,
    }
}

/// The SQL mode of every connection, whatever the server's default: strict (an
/// over-long text or a bad date is an error, never silently cut), no zero dates.
const SET_SQL_MODE: &str =
    "SET SESSION sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION,PIPES_AS_CONCAT'";

pub async fn connect_mysql(p: &MysqlParams) -> AppResult<DatabaseConnection> {
    connect_mysql_classified(p).await.map_err(|(_, e)| e)
}

/// [`connect_mysql`], saying also why a connection failed (a login needs to tell wrong
/// credentials from an unreachable server).
pub async fn connect_mysql_classified(p: &MysqlParams) -> Result<DatabaseConnection, (ConnectFailure, AppError)> {
    if p.tls == TlsMode::Off && !p.insecure && !profile::is_local_host(&p.host) {
        return Err((
            ConnectFailure::Tls,
            AppError::validation(
                "tls",
                format!("连接 {} 上的数据库必须加密(TLS);请在连接设置中选择加密方式,或明确选择“不加密连接(不安全)”", p.host),
                format!(
                "The database on {} needs an encrypted (TLS) connection; choose an encryption mode, or explicitly choose an unencrypted (insecure) connection",
                p.host
            ),
            ),
        ));
    }
    let opts = mysql_options(p);
    let pool = MySqlPoolOptions::new()
        .max_connections(8)
        .min_connections(0)
        .acquire_timeout(Duration::from_secs(10))
        .after_connect(|conn, _meta| {
            Box::pin(async move {
                use sea_orm::sqlx::Executor;
                conn.execute(SET_SQL_MODE).await?;
                Ok(())
            })
        })
        .connect_with(opts)
        .await
        .map_err(|e| (classify_mysql_error(&e), classify_mysql_connect_error(&e, p)))?;
    Ok(SqlxMySqlConnector::from_sqlx_mysql_pool(pool))
}

/// Plain-language reasons a MySQL connection fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectFailure {
    Unreachable,
    BadCredentials,
    DatabaseMissing,
    Tls,
    Other,
}

/// Result of "Test connection": a distinct status for each way it can go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    Ok,
    /// Tested without a login: the server answers and the TLS settings work.
    Reachable,
    Unreachable,
    BadCredentials,
    DatabaseMissing,
    SchemaOutdated,
    SchemaNewer,
    Tls,
    Other,
}

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionCheck {
    pub status: ConnectionStatus,
    /// Plain-language explanation in the UI language.
    pub message: String,
}

/// Try a MySQL profile once (at most ~8 s) and say plainly what happened. `probe`: the
/// account is made up (no login was typed), so "access denied" means reachable.
pub async fn test_connection(p: &MysqlParams, probe: bool, locale: crate::error::Locale) -> ConnectionCheck {
    use sea_orm::sqlx::{ConnectOptions, Connection};
    let opts = mysql_options(p);
    let attempt = tokio::time::timeout(Duration::from_secs(8), opts.connect()).await;
    let fail = |status: ConnectionStatus, e: AppError| ConnectionCheck { status, message: e.to_api(locale).message };
    match attempt {
        Err(_) => {
            let e = classify_mysql_connect_error(&sea_orm::sqlx::Error::PoolTimedOut, p);
            return fail(ConnectionStatus::Unreachable, e);
        }
        Ok(Err(e)) if probe && classify_mysql_error(&e) == ConnectFailure::BadCredentials => {
            return ConnectionCheck {
                status: ConnectionStatus::Reachable,
                message: Msg::new(
                    "服务器可以连接,加密设置有效;请用您自己的账号登录",
                    "The server answers and the encryption settings work; log in with your own account",
                )
                .get(locale)
                .to_string(),
            };
        }
        Ok(Err(e)) => {
            let status = match classify_mysql_error(&e) {
                ConnectFailure::Unreachable => ConnectionStatus::Unreachable,
                ConnectFailure::BadCredentials => ConnectionStatus::BadCredentials,
                ConnectFailure::DatabaseMissing => ConnectionStatus::DatabaseMissing,
                ConnectFailure::Tls => ConnectionStatus::Tls,
                ConnectFailure::Other => ConnectionStatus::Other,
            };
            return fail(status, classify_mysql_connect_error(&e, p));
        }
        Ok(Ok(c)) => {
            let _ = c.close().await;
        }
    }
    let db = match connect_mysql(p).await {
        Ok(db) => db,
        Err(e) => return fail(ConnectionStatus::Other, e),
    };
    let result = match open_ready(db.clone()).await {
        Ok(_) => ConnectionCheck {
            status: ConnectionStatus::Ok,
            message: Msg::new("连接成功,数据库结构为最新版本", "Connected; the database schema is up to date").get(locale).to_string(),
        },
        Err(e) => {
            let newer = schema_state(&db).await.map(|s| !s.unknown.is_empty()).unwrap_or(false);
            fail(if newer { ConnectionStatus::SchemaNewer } else { ConnectionStatus::SchemaOutdated }, e)
        }
    };
    db.close().await.ok();
    result
}

pub fn classify_mysql_error(e: &sea_orm::sqlx::Error) -> ConnectFailure {
    use sea_orm::sqlx::Error;
    match e {
        Error::Io(_) | Error::PoolTimedOut => ConnectFailure::Unreachable,
        Error::Tls(_) => ConnectFailure::Tls,
        Error::Database(db) => match db.code().as_deref() {
            Some("28000") => ConnectFailure::BadCredentials,
            Some("42000") if db.message().contains("Unknown database") => ConnectFailure::DatabaseMissing,
            Some("42000") => ConnectFailure::BadCredentials,
            _ if db.message().contains("Access denied") => ConnectFailure::BadCredentials,
            _ if db.message().contains("Unknown database") => ConnectFailure::DatabaseMissing,
            _ => ConnectFailure::Other,
        },
        other if other.to_string().to_lowercase().contains("tls") || other.to_string().to_lowercase().contains("ssl") => ConnectFailure::Tls,
        _ => ConnectFailure::Other,
    }
}

fn classify_mysql_connect_error(e: &sea_orm::sqlx::Error, p: &MysqlParams) -> AppError {
    let target = format!("{}:{}/{}", p.host, p.port, p.database);
    let message = match classify_mysql_error(e) {
        ConnectFailure::Unreachable => Msg::new(
            format!("无法连接到数据库服务器 {}:{},请检查地址、端口和网络", p.host, p.port),
            format!("Cannot reach the database server {}:{}; check the host, port and network", p.host, p.port),
        ),
        ConnectFailure::BadCredentials => {
            Msg::new(format!("数据库用户名或密码错误(用户 {})", p.user), format!("Wrong database user name or password (user {})", p.user))
        }
        ConnectFailure::DatabaseMissing => Msg::new(
            format!("数据库 {} 不存在,请先创建并运行 crm-admin migrate", p.database),
            format!("The database {} does not exist; create it and run crm-admin migrate", p.database),
        ),
        ConnectFailure::Tls => Msg::new(format!("与 {target} 建立加密连接(TLS)失败"), format!("The encrypted (TLS) connection to {target} failed")),
        ConnectFailure::Other => Msg::new(format!("连接数据库 {target} 失败: {e}"), format!("Connecting to {target} failed: {e}")),
    };
    AppError::DbUnavailable { message }
}

/// Connect by URL: `sqlite:PATH` (created if missing), `sqlite::memory:`, or
/// `mysql://USER[:PASS]@HOST:PORT/DB[?ssl-mode=required|verify_ca|verify_identity&ssl-ca=PATH]`.
/// A MySQL URL without a password takes it from `CRM_DB_PASSWORD`, then the keyring.
pub async fn connect_url(url: &str) -> AppResult<DatabaseConnection> {
    match DbTarget::parse(url)? {
        DbTarget::Sqlite(path) if path.as_os_str() == ":memory:" => connect_sqlite_memory().await,
        DbTarget::Sqlite(path) => connect_sqlite(&path).await,
        DbTarget::Mysql(mut p) => {
            if p.password.is_none() {
                p.password = std::env::var("CRM_DB_PASSWORD").ok().filter(|s| !s.is_empty());
            }
            if p.password.is_none() {
                p.password = secret::get_mysql_password(&p).ok().flatten();
            }
            connect_mysql(&p).await
        }
    }
}

/// Create the MySQL database of `p` (utf8mb4) if it does not exist yet. Used by
/// `crm-admin migrate`, so an administrator can point it at a new database name.
pub async fn create_mysql_database_if_missing(p: &MysqlParams) -> AppResult<bool> {
    use sea_orm::sqlx::{ConnectOptions, Connection, Executor};
    if p.database.contains('`') {
        return Err(AppError::validation("db", "数据库名不能包含反引号", "The database name may not contain a backtick"));
    }
    let mut opts_no_db = MySqlConnectOptions::new().host(&p.host).port(p.port).username(&p.user).charset("utf8mb4");
    if let Some(pw) = &p.password {
        opts_no_db = opts_no_db.password(pw);
    }
    opts_no_db = opts_no_db.ssl_mode(p.tls.sqlx());
    if let Some(ca) = &p.ca_file {
        opts_no_db = opts_no_db.ssl_ca(ca);
    }
    let mut conn = opts_no_db.connect().await.map_err(|e| classify_mysql_connect_error(&e, p))?;
    let exists: Option<(String,)> = sea_orm::sqlx::query_as("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?")
        .bind(&p.database)
        .fetch_optional(&mut conn)
        .await
        .map_err(|e| classify_mysql_connect_error(&e, p))?;
    if exists.is_some() {
        let _ = conn.close().await;
        return Ok(false);
    }
    let sql = format!("CREATE DATABASE `{}` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci", p.database);
    conn.execute(sea_orm::sqlx::raw_sql(sea_orm::sqlx::AssertSqlSafe(sql))).await.map_err(|e| classify_mysql_connect_error(&e, p))?;
    let _ = conn.close().await;
    Ok(true)
}

/// Schema state of a database relative to this build of the app.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SchemaState {
    /// Latest migration applied in the database (None: empty database).
    pub db_version: Option<String>,
    /// Latest migration this app knows.
    pub app_version: String,
    pub pending: Vec<String>,
    /// Migrations in the database that this app does not know (the database is newer).
    pub unknown: Vec<String>,
}

impl SchemaState {
    pub fn is_current(&self) -> bool {
        self.pending.is_empty() && self.unknown.is_empty()
    }
}

pub async fn schema_state(db: &DatabaseConnection) -> AppResult<SchemaState> {
    let known = migrations::migration_names();
    let app_version = migrations::SCHEMA_VERSION.to_string();
    let has_table = match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let r = db
                .query_one_raw(sea_orm::Statement::from_string(
                    DatabaseBackend::Sqlite,
                    "SELECT COUNT(*) AS n FROM sqlite_master WHERE type='table' AND name='seaql_migrations'",
                ))
                .await?;
            r.map(|r| r.try_get::<i64>("", "n").unwrap_or(0)).unwrap_or(0) > 0
        }
        _ => {
            let r = db
                .query_one_raw(sea_orm::Statement::from_string(
                    DatabaseBackend::MySql,
                    "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'seaql_migrations'",
                ))
                .await?;
            r.map(|r| r.try_get::<i64>("", "n").unwrap_or(0)).unwrap_or(0) > 0
        }
    };
    let applied: Vec<String> = if has_table {
        db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT version FROM seaql_migrations ORDER BY version"))
            .await?
            .iter()
            .filter_map(|r| r.try_get::<String>("", "version").ok())
            .collect()
    } else {
        vec![]
    };
    let pending = known.iter().filter(|k| !applied.iter().any(|a| a == *k)).map(|s| s.to_string()).collect();
    let unknown = applied.iter().filter(|a| !known.contains(&a.as_str())).cloned().collect();
    Ok(SchemaState { db_version: applied.last().cloned(), app_version, pending, unknown })
}

/// Apply all pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> AppResult<SchemaState> {
    let st = schema_state(db).await?;
    if !st.unknown.is_empty() {
        return Err(newer_schema_error(&st));
    }
    Migrator::up(db, None).await.map_err(|e| AppError::internal(format!("migration failed: {e}")))?;
    schema_state(db).await
}

fn newer_schema_error(st: &SchemaState) -> AppError {
    let dbv = st.db_version.clone().unwrap_or_default();
    AppError::DbUnavailable {
        message: Msg::new(
            format!("数据库结构版本 {dbv} 比本程序({})新,请升级 CRM Desk", st.app_version),
            format!("The database schema {dbv} is newer than this app ({}); please upgrade CRM Desk", st.app_version),
        ),
    }
}

/// Open the database a profile names, ready for use.
/// SQLite is created and migrated on first start; MySQL is never migrated
/// silently: an outdated or newer schema is refused with both versions named.
pub async fn open_ready(db: DatabaseConnection) -> AppResult<DatabaseConnection> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            migrate(&db).await?;
            Ok(db)
        }
        _ => {
            let st = schema_state(&db).await?;
            if !st.unknown.is_empty() {
                return Err(newer_schema_error(&st));
            }
            if !st.pending.is_empty() {
                let dbv = st.db_version.clone().unwrap_or_else(|| "(空)".into());
                let dbv_en = st.db_version.clone().unwrap_or_else(|| "(empty)".into());
                return Err(AppError::DbUnavailable {
                    message: Msg::new(
                        format!("数据库结构版本 {dbv} 早于本程序需要的 {},请由管理员运行 crm-admin migrate", st.app_version),
                        format!(
                            "The database schema {dbv_en} is older than {} which this app needs; ask your administrator to run crm-admin migrate",
                            st.app_version
                        ),
                    ),
                });
            }
            Ok(db)
        }
    }
}

/// Human description of where the data lives (for the header and `status`).
pub fn describe(target: &DbTarget) -> String {
    match target {
        DbTarget::Sqlite(p) => p.display().to_string(),
        DbTarget::Mysql(p) => format!("{}:{}/{}", p.host, p.port, p.database),
    }
}
