//! Per-user database accounts on a shared MySQL/MariaDB database.
//!
//! Every CRM user logs in to the database *as themselves*: `crm-admin migrate` (run
//! with a DBA account) installs two database roles per CRM database, least-privilege
//! grants, and a few `SQL SECURITY DEFINER` procedures through which an administrator's
//! account creates, re-keys, locks and re-roles the accounts of CRM users (and nothing
//! else: the procedures only touch accounts named for this database). No desktop
//! holds a shared secret.
//!
//! | role | may |
//! |------|-----|
//! | `crm_<tag>_staff` | SELECT/INSERT/UPDATE/DELETE on the business tables; `sys_role` SELECT; `sys_user` SELECT on every column but `password_hash`, UPDATE only on the login bookkeeping columns; `sys_operation_log` SELECT and INSERT (append-only); `seaql_migrations` SELECT. No DDL, no GRANT. |
//! | `crm_<tag>_admin` | the staff role, plus all DML on `sys_user` and `sys_role`, plus EXECUTE on the account procedures. Still no DDL, no GRANT, and the operation log stays append-only. |
//!
//! `<tag>` is the first 6 hex digits of SHA-256 of the database name, so several CRM
//! databases can share one server. A CRM user `li.sales` on database `crm` logs in as
//! `crm_<tag>_li.sales` (or `crm_<tag>_<hash>` when that would exceed MySQL's 32
//! characters).

use crate::error::{AppError, AppResult, Msg};
use rand::Rng;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use sha2::{Digest, Sha256};

/// `sys_setting` key marking a database converted to per-user accounts.
pub const MODEL_KEY: &str = "security.db_accounts";
const MODEL_PER_USER: &str = "\"per_user\"";

/// Longest account name every supported server accepts (MySQL 8: 32; MariaDB: 80).
const MAX_ACCOUNT_LEN: usize = 32;

/// Which database role an account gets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    Staff,
    Admin,
}

impl Family {
    /// Administrators are those who may manage users or roles (or hold `*`).
    pub fn of<'a>(permissions: impl IntoIterator<Item = &'a str>) -> Family {
        let admin = permissions.into_iter().any(|p| {
            p == "*" || matches!(p, "user:create" | "user:update" | "user:delete" | "role:create" | "role:update" | "role:delete" | "user:*" | "role:*")
        });
        if admin {
            Family::Admin
        } else {
            Family::Staff
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The short tag of a database name in account and role names.
pub fn db_tag(database: &str) -> String {
    hex(&Sha256::digest(database.as_bytes()))[..6].to_string()
}

/// The database account of CRM user `username` on `database`.
pub fn account_name(database: &str, username: &str) -> String {
    let readable = format!("crm_{}_{}", db_tag(database), username);
    if readable.len() <= MAX_ACCOUNT_LEN {
        readable
    } else {
        format!("crm_{}_{}", db_tag(database), &hex(&Sha256::digest(username.as_bytes()))[..16])
    }
}

pub fn role_name(database: &str, family: Family) -> String {
    match family {
        Family::Staff => format!("crm_{}_staff", db_tag(database)),
        Family::Admin => format!("crm_{}_admin", db_tag(database)),
    }
}

fn is_mysql(db: &impl ConnectionTrait) -> bool {
    db.get_database_backend() == DatabaseBackend::MySql
}

async fn scalar_string<C: ConnectionTrait>(db: &C, sql: &str) -> AppResult<Option<String>> {
    let row = db.query_one_raw(Statement::from_string(DatabaseBackend::MySql, sql)).await?;
    Ok(row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten()))
}

/// The current database's name (MySQL).
pub async fn current_database<C: ConnectionTrait>(db: &C) -> AppResult<String> {
    scalar_string(db, "SELECT DATABASE()").await?.ok_or_else(|| AppError::internal("no database selected"))
}

async fn is_mariadb<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    Ok(scalar_string(db, "SELECT VERSION()").await?.unwrap_or_default().to_ascii_lowercase().contains("mariadb"))
}

/// Is this a MySQL database converted to per-user accounts? (SQLite: never.)
pub async fn enabled<C: ConnectionTrait>(db: &C) -> AppResult<bool> {
    if !is_mysql(db) {
        return Ok(false);
    }
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            DatabaseBackend::MySql,
            "SELECT setting_value FROM sys_setting WHERE setting_key = ?",
            [MODEL_KEY.into()],
        ))
        .await?;
    Ok(row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten()).as_deref() == Some(MODEL_PER_USER))
}

fn q(s: &str) -> String {
    // A quoted string literal (for names the code itself composed).
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "''"))
}

fn ident(s: &str) -> AppResult<String> {
    if s.contains('`') {
        return Err(AppError::internal("identifier with a backtick"));
    }
    Ok(format!("`{s}`"))
}

/// Columns of `sys_user` the staff role may read: all but the password hash.
async fn user_columns<C: ConnectionTrait>(db: &C) -> AppResult<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::MySql,
            "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'sys_user' ORDER BY ORDINAL_POSITION",
        ))
        .await?;
    Ok(rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).filter(|c| c != "password_hash").collect())
}

/// Columns a staff account may update on `sys_user`: its own login bookkeeping.
const STAFF_USER_UPDATE: &[&str] = &["last_login_time", "login_fail_count", "locked_until", "session_nonce", "updated_at"];

/// What `install` did.
#[derive(Debug, Default)]
pub struct InstallReport {
    pub database: String,
    pub staff_role: String,
    pub admin_role: String,
    /// Accounts created for users that had none: (username, account, temporary password).
    pub created: Vec<(String, String, String)>,
    /// The server's own lockout after wrong passwords (MariaDB `max_password_errors`), if any.
    pub server_lockout: Option<String>,
}

/// Install (or refresh) roles, grants and procedures on the current MySQL database and
/// convert it to per-user accounts. Run with a DBA account, after the migrations.
/// Idempotent: grants are rebuilt from scratch, existing accounts are kept.
///
/// `password_for(username)` gives the password of a user that has no account yet (None:
/// a random temporary password, reported in [`InstallReport::created`]).
pub async fn install(db: &DatabaseConnection, password_for: &(dyn Fn(&str) -> Option<String> + Sync)) -> AppResult<InstallReport> {
    if !is_mysql(db) {
        return Err(AppError::validation("db", "按用户的数据库账号只适用于 MySQL/MariaDB", "Per-user database accounts apply to MySQL/MariaDB only"));
    }
    let database = current_database(db).await?;
    let staff = role_name(&database, Family::Staff);
    let admin = role_name(&database, Family::Admin);
    let mariadb = is_mariadb(db).await?;
    let dbi = ident(&database)?;
    let exec = |sql: String| async move {
        db.execute_unprepared(&sql).await.map_err(|e| AppError::DbUnavailable {
            message: Msg::new(
                format!("安装数据库账号权限失败(需要 DBA 账号: CREATE USER、GRANT OPTION、CREATE ROUTINE): {e}"),
                format!("Installing the database account grants failed (needs a DBA account: CREATE USER, GRANT OPTION, CREATE ROUTINE): {e}"),
            ),
        })
    };
    for role in [&staff, &admin] {
        exec(format!("CREATE ROLE IF NOT EXISTS {}", q(role))).await?;
        // Rebuild from nothing, so a re-run after new tables or a narrowed rule is exact.
        exec(format!("REVOKE ALL PRIVILEGES, GRANT OPTION FROM {}", q(role))).await?;
    }
    let tables: Vec<String> = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::MySql,
            "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE' ORDER BY TABLE_NAME",
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect();
    let (sr, ar) = (q(&staff), q(&admin));
    for t in &tables {
        let ti = format!("{dbi}.{}", ident(t)?);
        match t.as_str() {
            "seaql_migrations" => {
                exec(format!("GRANT SELECT ON {ti} TO {sr}")).await?;
            }
            "sys_operation_log" => {
                exec(format!("GRANT SELECT, INSERT ON {ti} TO {sr}")).await?;
            }
            "sys_role" => {
                exec(format!("GRANT SELECT ON {ti} TO {sr}")).await?;
                exec(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {ti} TO {ar}")).await?;
            }
            "sys_user" => {
                let cols = user_columns(db).await?.iter().map(|c| ident(c)).collect::<AppResult<Vec<_>>>()?.join(", ");
                exec(format!("GRANT SELECT ({cols}) ON {ti} TO {sr}")).await?;
                let upd = STAFF_USER_UPDATE.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
                exec(format!("GRANT UPDATE ({upd}) ON {ti} TO {sr}")).await?;
                exec(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {ti} TO {ar}")).await?;
            }
            _ => {
                exec(format!("GRANT SELECT, INSERT, UPDATE, DELETE ON {ti} TO {sr}")).await?;
            }
        }
    }
    exec(format!("GRANT {sr} TO {ar}")).await?;
    install_procedures(db, &database, mariadb).await?;
    for p in PROCEDURES {
        exec(format!("GRANT EXECUTE ON PROCEDURE {dbi}.{} TO {ar}", ident(p)?)).await?;
    }
    // Mark the database, then give every user an account.
    db.execute_raw(Statement::from_sql_and_values(
        DatabaseBackend::MySql,
        "INSERT INTO sys_setting (setting_key, setting_value, updated_at) VALUES (?, ?, UTC_TIMESTAMP()) \
         ON DUPLICATE KEY UPDATE setting_value = VALUES(setting_value)",
        [MODEL_KEY.into(), MODEL_PER_USER.into()],
    ))
    .await?;
    let existing = existing_accounts(db, &database).await?;
    let users = db.query_all_raw(Statement::from_string(DatabaseBackend::MySql, "SELECT id, username, role_ids, status FROM sys_user ORDER BY id")).await?;
    let mut created = Vec::new();
    for r in users {
        let id: i64 = r.try_get_by_index(0)?;
        let username: String = r.try_get_by_index(1)?;
        let status: i32 = r.try_get_by_index::<i32>(3).unwrap_or(1);
        let account = account_name(&database, &username);
        let family = family_of_user(db, id).await?;
        if existing.contains(&account) {
            set_family(db, &username, family).await?;
            continue;
        }
        let (password, temporary) = match password_for(&username) {
            Some(p) => (p, false),
            None => (temporary_password(), true),
        };
        create_account(db, &username, &password, family).await?;
        if status == 0 {
            set_locked(db, &username, true).await?;
        }
        if temporary {
            created.push((username, account, password));
        }
    }
    // The argon2 hashes served the shared-account model; the server checks passwords now.
    db.execute_unprepared("UPDATE sys_user SET password_hash = '', updated_at = updated_at WHERE password_hash <> ''").await?;
    let server_lockout = if mariadb {
        scalar_string(db, "SELECT CAST(@@GLOBAL.max_password_errors AS CHAR)").await.ok().flatten()
    } else {
        Some("FAILED_LOGIN_ATTEMPTS 5 PASSWORD_LOCK_TIME 1 (per account)".to_string())
    };
    Ok(InstallReport { database, staff_role: staff, admin_role: admin, created, server_lockout })
}

/// The family of an existing user from their roles' permissions.
pub async fn family_of_user<C: ConnectionTrait>(db: &C, user_id: i64) -> AppResult<Family> {
    let row = db.query_one_raw(Statement::from_sql_and_values(DatabaseBackend::MySql, "SELECT role_ids FROM sys_user WHERE id = ?", [user_id.into()])).await?;
    let ids = crate::service::role::parse_role_ids(row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten()).as_deref());
    let mut perms: Vec<String> = Vec::new();
    for id in ids {
        let r = db
            .query_one_raw(Statement::from_sql_and_values(DatabaseBackend::MySql, "SELECT permissions FROM sys_role WHERE id = ? AND status = 1", [id.into()]))
            .await?;
        if let Some(p) = r.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten()) {
            perms.extend(crate::auth::permission::parse_list(Some(&p)));
        }
    }
    Ok(Family::of(perms.iter().map(String::as_str)))
}

/// A random temporary password that passes the app's strength rule.
pub fn temporary_password() -> String {
    const ALPHA: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    let mut rng = rand::thread_rng();
    let body: String = (0..12).map(|_| ALPHA[rng.gen_range(0..ALPHA.len())] as char).collect();
    format!("Tmp-{body}9a")
}

async fn existing_accounts<C: ConnectionTrait>(db: &C, database: &str) -> AppResult<Vec<String>> {
    let prefix = format!("crm_{}_%", db_tag(database));
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            DatabaseBackend::MySql,
            "SELECT DISTINCT CAST(User AS CHAR) FROM mysql.user WHERE User LIKE ? AND Host = '%'",
            [prefix.into()],
        ))
        .await?;
    Ok(rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).collect())
}

const PROCEDURES: [&str; 5] = ["crm_acct_create", "crm_acct_password", "crm_acct_lock", "crm_acct_family", "crm_acct_drop"];

async fn install_procedures(db: &DatabaseConnection, database: &str, mariadb: bool) -> AppResult<()> {
    let prefix = format!("crm_{}_", db_tag(database));
    let staff = role_name(database, Family::Staff);
    let admin = role_name(database, Family::Admin);
    let default_role = |role: &str| {
        if mariadb {
            format!("SET @crm_s = CONCAT('SET DEFAULT ROLE {role} FOR ', QUOTE(p_account), '@''%''');")
        } else {
            format!("SET @crm_s = CONCAT('SET DEFAULT ROLE {role} TO ', QUOTE(p_account), '@''%''');")
        }
    };
    // MySQL 8 locks an account after 5 wrong passwords for a day by itself; MariaDB
    // uses the server-wide max_password_errors (see README).
    let lockout = if mariadb { "" } else { " FAILED_LOGIN_ATTEMPTS 5 PASSWORD_LOCK_TIME 1" };
    let run = "PREPARE crm_st FROM @crm_s; EXECUTE crm_st; DEALLOCATE PREPARE crm_st; SET @crm_s = NULL;";
    // Only accounts named for this database, spelled as the app spells them.
    let check = format!(
        "IF p_account IS NULL OR LEFT(p_account, {len}) <> '{prefix}' OR LENGTH(p_account) > 32 \
         OR p_account NOT REGEXP '^[A-Za-z0-9._@-]+$' THEN \
         SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'not an account of this CRM database'; END IF;",
        len = prefix.len()
    );
    let bodies = [
        (
            "crm_acct_family",
            "IN p_account VARCHAR(80), IN p_admin TINYINT",
            format!(
                "{check} \
                 SET @crm_s = CONCAT('GRANT {staff} TO ', QUOTE(p_account), '@''%'''); {run} \
                 IF p_admin THEN SET @crm_s = CONCAT('GRANT {admin} TO ', QUOTE(p_account), '@''%'''); {run} {set_admin} {run} \
                 ELSE {set_staff} {run} \
                 BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; SET @crm_s = CONCAT('REVOKE {admin} FROM ', QUOTE(p_account), '@''%'''); {run} END; \
                 END IF;",
                set_admin = default_role(&admin),
                set_staff = default_role(&staff),
            ),
        ),
        (
            "crm_acct_create",
            "IN p_account VARCHAR(80), IN p_password VARCHAR(255), IN p_admin TINYINT",
            format!(
                "{check} \
                 SET @crm_s = CONCAT('CREATE USER IF NOT EXISTS ', QUOTE(p_account), '@''%'' IDENTIFIED BY ', QUOTE(p_password), '{lockout}'); {run} \
                 SET @crm_s = CONCAT('ALTER USER ', QUOTE(p_account), '@''%'' IDENTIFIED BY ', QUOTE(p_password)); {run} \
                 CALL crm_acct_family(p_account, p_admin);"
            ),
        ),
        (
            "crm_acct_password",
            "IN p_account VARCHAR(80), IN p_password VARCHAR(255)",
            format!("{check} SET @crm_s = CONCAT('ALTER USER ', QUOTE(p_account), '@''%'' IDENTIFIED BY ', QUOTE(p_password)); {run}"),
        ),
        (
            "crm_acct_lock",
            "IN p_account VARCHAR(80), IN p_locked TINYINT",
            format!(
                "{check} SET @crm_s = CONCAT('ALTER USER ', QUOTE(p_account), '@''%'' ACCOUNT ', IF(p_locked, 'LOCK', 'UNLOCK')); {run}"
            ),
        ),
        ("crm_acct_drop", "IN p_account VARCHAR(80)", format!("{check} SET @crm_s = CONCAT('DROP USER IF EXISTS ', QUOTE(p_account), '@''%'''); {run}")),
    ];
    for (name, params, body) in bodies {
        db.execute_unprepared(&format!("DROP PROCEDURE IF EXISTS {name}")).await?;
        db.execute_unprepared(&format!("CREATE PROCEDURE {name}({params}) SQL SECURITY DEFINER BEGIN {body} END")).await?;
    }
    Ok(())
}

async fn call<C: ConnectionTrait>(db: &C, sql: &str, values: Vec<sea_orm::Value>) -> AppResult<()> {
    db.execute_raw(Statement::from_sql_and_values(DatabaseBackend::MySql, sql, values)).await.map_err(|e| {
        let text = e.to_string();
        if text.contains("command denied") || text.contains("Access denied") {
            AppError::denied("没有管理数据库账号的权限(需要管理员角色)", "No right to manage database accounts (an administrator role is needed)")
        } else {
            AppError::from(e)
        }
    })?;
    Ok(())
}

/// Create (or re-key) the database account of a CRM user. Runs outside a transaction:
/// account statements commit implicitly on MySQL.
pub async fn create_account<C: ConnectionTrait>(db: &C, username: &str, password: &str, family: Family) -> AppResult<()> {
    let account = account_name(&current_database(db).await?, username);
    call(db, "CALL crm_acct_create(?, ?, ?)", vec![account.into(), password.into(), i32::from(family == Family::Admin).into()]).await
}

pub async fn set_password<C: ConnectionTrait>(db: &C, username: &str, password: &str) -> AppResult<()> {
    let account = account_name(&current_database(db).await?, username);
    call(db, "CALL crm_acct_password(?, ?)", vec![account.into(), password.into()]).await
}

pub async fn set_locked<C: ConnectionTrait>(db: &C, username: &str, locked: bool) -> AppResult<()> {
    let account = account_name(&current_database(db).await?, username);
    call(db, "CALL crm_acct_lock(?, ?)", vec![account.into(), i32::from(locked).into()]).await
}

pub async fn set_family<C: ConnectionTrait>(db: &C, username: &str, family: Family) -> AppResult<()> {
    let account = account_name(&current_database(db).await?, username);
    call(db, "CALL crm_acct_family(?, ?)", vec![account.into(), i32::from(family == Family::Admin).into()]).await
}

pub async fn drop_account<C: ConnectionTrait>(db: &C, username: &str) -> AppResult<()> {
    let account = account_name(&current_database(db).await?, username);
    call(db, "CALL crm_acct_drop(?)", vec![account.into()]).await
}

/// Change the password of the account this connection is logged in as (any account may).
pub async fn change_own_password<C: ConnectionTrait>(db: &C, new_password: &str) -> AppResult<()> {
    // Neither statement takes a placeholder: the password goes in as a quoted literal.
    let sql = if is_mariadb(db).await? {
        format!("SET PASSWORD = PASSWORD({})", q(new_password))
    } else {
        format!("ALTER USER CURRENT_USER() IDENTIFIED BY {}", q(new_password))
    };
    db.execute_unprepared(&sql).await?;
    Ok(())
}

/// Remove the accounts, roles and procedures of the current database (tests, and a
/// DBA retiring a database).
pub async fn uninstall(db: &DatabaseConnection) -> AppResult<()> {
    let database = current_database(db).await?;
    for a in existing_accounts(db, &database).await? {
        db.execute_unprepared(&format!("DROP USER IF EXISTS {}@'%'", q(&a))).await?;
    }
    for f in [Family::Admin, Family::Staff] {
        db.execute_unprepared(&format!("DROP ROLE IF EXISTS {}", q(&role_name(&database, f)))).await?;
    }
    for p in PROCEDURES {
        db.execute_unprepared(&format!("DROP PROCEDURE IF EXISTS {p}")).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_names_fit_mysql_and_are_per_database() {
        assert_eq!(db_tag("crm").len(), 6);
        let a = account_name("crm", "li.sales");
        assert!(a.starts_with("crm_") && a.ends_with("_li.sales"), "{a}");
        assert_ne!(a, account_name("crm2", "li.sales"));
        let long = account_name("crm", "a.very.long.username.of.someone@example.com");
        assert!(long.len() <= 32, "{long}");
        assert_eq!(long, account_name("crm", "a.very.long.username.of.someone@example.com"));
        assert_ne!(long, account_name("crm", "a.very.long.username.of.someone@example.org"));
    }

    #[test]
    fn families() {
        assert_eq!(Family::of(["*"]), Family::Admin);
        assert_eq!(Family::of(["customer:read", "user:update"]), Family::Admin);
        assert_eq!(Family::of(["customer:read", "user:read", "role:read"]), Family::Staff);
    }

    #[test]
    fn temporary_passwords_are_strong() {
        let p = temporary_password();
        assert!(crate::auth::password::check_strength("password", &p, "someone").is_ok(), "{p}");
    }
}
