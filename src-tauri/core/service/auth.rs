//! Login, logout, first-run administrator, password change.

use super::{oplog, role, util, Ctx};
use crate::auth::password::{check_strength, hash_password, verify_password};
use crate::auth::permission::parse_list;
use crate::auth::SessionUser;
use crate::db::{accounts, MysqlParams};
use crate::entity::enums::{DataScope, RoleStatus, UserStatus};
use crate::entity::{sys_dept, sys_role, sys_user, sys_user_credential};
use crate::error::{AppError, AppResult};
use chrono::Duration;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// Wrong passwords in a row before the account locks.
pub const MAX_FAILED_LOGINS: i32 = 5;
/// How long a locked account stays locked.
pub const LOCK_MINUTES: i64 = 15;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginInput {
    pub username: String,
    pub password: String,
    /// Shared database only: keep this user's own password in the OS keyring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub remember: Option<bool>,
}

/// The one answer to every failed login: an unknown user, a wrong password, a locked
/// or a disabled account look the same, so the login form is no account oracle.
fn refused() -> AppError {
    AppError::validation("password", "用户名或密码错误", "Wrong username or password")
}

/// A hash of a random password, checked when the user does not exist so every refusal
/// spends the same time on the slow hash.
fn dummy_hash() -> &'static str {
    static H: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    H.get_or_init(|| hash_password("no-such-user-3f1c9a").unwrap_or_default())
}

/// Back-off after repeated failures: from the 5th failure in a row the account waits 1,
/// 2, 4, 8 and at most [`LOCK_MINUTES`] minutes before the next try counts. The wait is
/// temporary, so nobody can lock the administrator out for good by guessing; a
/// successful login or an administrator's password reset clears it.
pub fn backoff_minutes(fails: i32) -> i64 {
    if fails < MAX_FAILED_LOGINS {
        return 0;
    }
    let step = Ord::min(fails - MAX_FAILED_LOGINS, 10) as u32;
    Ord::min(1i64 << step, LOCK_MINUTES)
}

/// Count a wrong password and start the back-off when due.
async fn record_failure<C: ConnectionTrait>(db: &C, user_id: i64, now: chrono::NaiveDateTime) -> AppResult<()> {
    // Atomic increment: concurrent wrong attempts from several desktops all count.
    sys_user::Entity::update_many()
        .col_expr(sys_user::Column::LoginFailCount, Expr::col(sys_user::Column::LoginFailCount).add(1))
        .filter(sys_user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    let fails: i32 = sys_user::Entity::find_by_id(user_id).one(db).await?.map(|u| u.login_fail_count).unwrap_or(0);
    let wait = backoff_minutes(fails);
    if wait > 0 {
        sys_user::Entity::update_many()
            .col_expr(sys_user::Column::LockedUntil, Expr::value(now + Duration::minutes(wait)))
            .filter(sys_user::Column::Id.eq(user_id))
            .exec(db)
            .await?;
        tracing::warn!(user_id, fails, wait_minutes = wait, "repeated wrong passwords: back-off");
    }
    Ok(())
}

/// Check a username and password. On success the user's failure count is reset and
/// `last_login_time` is set; a wrong password counts toward a temporary back-off. Every
/// refusal runs the slow hash once and gives the same message.
pub async fn login(db: &DatabaseConnection, input: LoginInput) -> AppResult<SessionUser> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(AppError::validation("username", "请输入登录账号", "Enter your username"));
    }
    if input.password.is_empty() {
        return Err(AppError::validation("password", "请输入密码", "Enter your password"));
    }
    let user = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await?;
    let hash = match &user {
        Some(u) => password_hash(db, u.id).await?,
        None => String::new(),
    };
    let password_ok = match Some(hash.as_str()).filter(|h| !h.is_empty()) {
        Some(hash) => verify_password(&input.password, hash),
        None => {
            let _ = verify_password(&input.password, dummy_hash());
            false
        }
    };
    let Some(user) = user else { return Err(refused()) };
    if !password_ok {
        // Count the failure against an enabled account that is not already waiting.
        let now = util::now();
        if user.status == UserStatus::Enabled && user.locked_until.is_none_or(|until| until <= now) {
            record_failure(db, user.id, now).await?;
        }
        return Err(refused());
    }
    admit(db, user).await
}

/// The checks after the password was right (by hash or by the database server): the
/// account is enabled and not in back-off; then the login is recorded.
async fn admit<C: ConnectionTrait>(db: &C, user: sys_user::Model) -> AppResult<SessionUser> {
    let now = util::now();
    let waiting = user.locked_until.is_some_and(|until| until > now);
    if waiting || user.status == UserStatus::Disabled {
        if waiting {
            tracing::info!(user_id = user.id, "login refused: account in back-off");
        }
        return Err(refused());
    }
    sys_user::Entity::update_many()
        .col_expr(sys_user::Column::LastLoginTime, Expr::value(Some(now)))
        .col_expr(sys_user::Column::LoginFailCount, Expr::value(0))
        .col_expr(sys_user::Column::LockedUntil, Expr::value(Option::<chrono::NaiveDateTime>::None))
        .filter(sys_user::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    tracing::info!(user_id = user.id, "login");
    load_session_user(db, user.id).await
}

/// Build the session of a user from their enabled roles.
pub async fn load_session_user<C: ConnectionTrait>(db: &C, user_id: i64) -> AppResult<SessionUser> {
    let user = sys_user::Entity::find_by_id(user_id).one(db).await?.ok_or(AppError::Unauthenticated)?;
    if user.status == UserStatus::Disabled {
        return Err(AppError::Unauthenticated);
    }
    let role_ids = role::parse_role_ids(user.role_ids.as_deref());
    let roles = if role_ids.is_empty() {
        vec![]
    } else {
        sys_role::Entity::find().filter(sys_role::Column::Id.is_in(role_ids.clone())).filter(sys_role::Column::Status.eq(RoleStatus::Enabled)).all(db).await?
    };
    let mut permissions = BTreeSet::new();
    let mut scope = DataScope::Own;
    for r in &roles {
        permissions.extend(parse_list(r.permissions.as_deref()));
        if r.data_scope.code() > scope.code() {
            scope = r.data_scope;
        }
    }
    Ok(SessionUser {
        id: user.id,
        username: user.username,
        full_name: user.full_name,
        dept_id: user.dept_id,
        role_ids,
        permissions,
        data_scope: scope,
        session_stamp: stamp(&user.session_nonce),
    })
}

fn stamp(nonce: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    nonce.hash(&mut h);
    h.finish()
}

/// A fresh session nonce: stored on the user, it ends every session opened before.
pub fn new_nonce() -> String {
    use rand::Rng;
    let n: u128 = rand::thread_rng().gen();
    format!("{n:032x}")
}

/// The stored hash of a user's password (shared-account model and SQLite).
async fn password_hash<C: ConnectionTrait>(db: &C, user_id: i64) -> AppResult<String> {
    Ok(sys_user_credential::Entity::find_by_id(user_id).one(db).await?.map(|c| c.password_hash).unwrap_or_default())
}

/// Store a new password hash (SQLite and a MySQL database on the shared-account model).
pub async fn store_password_hash<C: ConnectionTrait>(db: &C, user_id: i64, hash: String) -> AppResult<()> {
    sys_user_credential::Entity::update_many()
        .col_expr(sys_user_credential::Column::PasswordHash, Expr::value(hash))
        .filter(sys_user_credential::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Log in to a shared MySQL database *as the user*: the database server checks the
/// password of the user's own account (see [`accounts`]). `server` holds host, port,
/// database and TLS; its user and password are ignored. Every refusal (unknown user,
/// wrong password, locked or disabled account) gives the same message.
pub async fn login_account(server: &MysqlParams, input: LoginInput) -> AppResult<(DatabaseConnection, SessionUser)> {
    let username = input.username.trim().to_string();
    if username.is_empty() {
        return Err(AppError::validation("username", "请输入登录账号", "Enter your username"));
    }
    if input.password.is_empty() {
        return Err(AppError::validation("password", "请输入密码", "Enter your password"));
    }
    let mut p = server.clone();
    p.user = accounts::account_name(&p.database, &username);
    p.password = Some(input.password);
    let db = match crate::db::connect_mysql_classified(&p).await {
        Ok(db) => db,
        Err((crate::db::ConnectFailure::BadCredentials, _)) => {
            tracing::info!("login refused by the database server");
            return Err(refused());
        }
        Err((_, e)) => return Err(e),
    };
    let r = async {
        let db = crate::db::open_ready(db.clone()).await?;
        let user = sys_user::Entity::find().filter(sys_user::Column::Username.eq(&username)).one(&db).await?.ok_or_else(refused)?;
        let session = admit(&db, user).await?;
        Ok::<_, AppError>((db, session))
    }
    .await;
    if r.is_err() {
        db.close().await.ok();
    }
    r
}

/// Wrong passwords per user name on this desktop, for logins the database server
/// refuses before the app can count them in `sys_user`: the same back-off as
/// [`backoff_minutes`], kept in memory.
#[derive(Default)]
pub struct LocalBackoff {
    fails: std::sync::Mutex<std::collections::HashMap<String, (i32, chrono::NaiveDateTime)>>,
}

impl LocalBackoff {
    /// Refuse (with the usual message) while `username` is waiting.
    pub fn check(&self, username: &str, now: chrono::NaiveDateTime) -> AppResult<()> {
        let map = self.fails.lock().unwrap_or_else(|e| e.into_inner());
        match map.get(&username.trim().to_lowercase()) {
            Some((_, until)) if *until > now => Err(refused()),
            _ => Ok(()),
        }
    }

    pub fn failed(&self, username: &str, now: chrono::NaiveDateTime) {
        let mut map = self.fails.lock().unwrap_or_else(|e| e.into_inner());
        let e = map.entry(username.trim().to_lowercase()).or_insert((0, now));
        e.0 += 1;
        e.1 = now + Duration::minutes(backoff_minutes(e.0));
    }

    pub fn succeeded(&self, username: &str) {
        self.fails.lock().unwrap_or_else(|e| e.into_inner()).remove(&username.trim().to_lowercase());
    }
}

/// Re-check a desktop's session on every command: the user's current roles, or
/// UNAUTHENTICATED when the account was disabled or its password changed since login.
pub async fn refresh_session<C: ConnectionTrait>(db: &C, session: &SessionUser) -> AppResult<SessionUser> {
    let fresh = load_session_user(db, session.id).await?;
    if fresh.session_stamp != session.session_stamp {
        return Err(AppError::Unauthenticated);
    }
    Ok(fresh)
}

/// True while the database has no user at all: the first run offers to create the administrator.
pub async fn needs_setup(db: &DatabaseConnection) -> AppResult<bool> {
    Ok(sys_user::Entity::find().count(db).await? == 0)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SetupAdminInput {
    pub username: String,
    pub full_name: String,
    pub password: String,
    pub password_confirm: String,
    /// Name of the top department (the company); default "总公司".
    #[serde(default)]
    pub company_name: Option<String>,
}

/// Create the first administrator on an empty database, with the top department and
/// the standard roles. Refused once any user exists.
pub async fn setup_admin(db: &DatabaseConnection, input: SetupAdminInput) -> AppResult<SessionUser> {
    let username = validate_username(&input.username)?;
    let full_name = util::required("fullName", "姓名", "Full name", &input.full_name, 50)?;
    check_strength("password", &input.password, &username)?;
    if input.password != input.password_confirm {
        return Err(AppError::validation("passwordConfirm", "两次输入的密码不一致", "The two passwords differ"));
    }
    let hash = hash_password(&input.password)?;
    let txn = db.begin().await?;
    if sys_user::Entity::find().count(&txn).await? > 0 {
        return Err(AppError::conflict(None, "系统已初始化,请使用已有账号登录", "This database already has users; log in instead"));
    }
    let now = util::now();
    let company = util::optional("companyName", "公司名称", "Company name", input.company_name.as_deref(), 100)?;
    let dept_id = match sys_dept::Entity::find().filter(sys_dept::Column::ParentId.is_null()).one(&txn).await? {
        Some(d) => d.id,
        None => {
            let name = company.clone().unwrap_or_else(|| "总公司".to_string());
            sys_dept::ActiveModel { dept_name: Set(name), parent_id: Set(None), sort: Set(Some(0)), created_at: Set(now), ..Default::default() }
                .insert(&txn)
                .await?
                .id
        }
    };
    let admin_role = role::ensure_default_roles(&txn).await?;
    let user = sys_user::ActiveModel {
        username: Set(username),
        full_name: Set(full_name),
        dept_id: Set(dept_id),
        role_ids: Set(Some(admin_role.to_string())),
        status: Set(UserStatus::Enabled),
        login_fail_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        session_nonce: Set(new_nonce()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    store_password_hash(&txn, user.id, hash).await?;
    let ctx = Ctx::system(db.clone());
    oplog::record(&txn, &ctx, oplog::Action::Create, "sys_user", user.id, oplog::diff(None, Some(&user)), Some("首次运行创建管理员".into())).await?;
    txn.commit().await?;
    // The company name also heads quotations and contracts until Settings says otherwise.
    if let Some(name) = company {
        let profile = super::settings::CompanyProfile { name, ..Default::default() };
        super::settings::write(&ctx, super::settings::COMPANY_PROFILE, &profile).await?;
    }
    load_session_user(db, user.id).await
}

pub fn validate_username(raw: &str) -> AppResult<String> {
    let u = util::required("username", "登录账号", "Username", raw, 50)?;
    if u.chars().count() < 2 || !u.chars().all(|c| c.is_ascii_alphanumeric() || "._-@".contains(c)) {
        return Err(AppError::validation(
            "username",
            "登录账号需 2 个字符以上,只能包含字母、数字和 . _ - @",
            "The username needs 2+ characters: letters, digits and . _ - @ only",
        ));
    }
    Ok(u)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangePasswordInput {
    pub old_password: String,
    pub new_password: String,
}

/// Is `password` the user's current password? By the stored hash, or on a database with
/// per-user accounts by logging in to the server with it (see [`change_password`]).
async fn password_matches(ctx: &Ctx, user: &sys_user::Model, password: &str, server: Option<&MysqlParams>) -> AppResult<bool> {
    if !accounts::enabled(&ctx.db).await? {
        return Ok(verify_password(password, &password_hash(&ctx.db, user.id).await?));
    }
    let server = server.ok_or_else(|| AppError::internal("a per-user account check needs the server parameters"))?;
    let mut p = server.clone();
    p.user = accounts::account_name(&p.database, &user.username);
    p.password = Some(password.to_string());
    match crate::db::connect_mysql_classified(&p).await {
        Ok(conn) => {
            conn.close().await.ok();
            Ok(true)
        }
        Err((crate::db::ConnectFailure::BadCredentials, _)) => Ok(false),
        Err((_, e)) => Err(e),
    }
}

/// Unlock a desktop locked after inactivity: the user's own password again. Wrong
/// passwords count toward the same back-off as logins.
pub async fn verify_own_password(ctx: &Ctx, password: &str, server: Option<&MysqlParams>) -> AppResult<()> {
    let me = ctx.user().ok_or(AppError::Unauthenticated)?;
    let user = sys_user::Entity::find_by_id(me.id).one(&ctx.db).await?.ok_or(AppError::Unauthenticated)?;
    let now = util::now();
    if user.locked_until.is_some_and(|u| u > now) {
        return Err(AppError::validation("password", "尝试次数过多,请稍后再试", "Too many attempts; try again later"));
    }
    if password.is_empty() {
        return Err(AppError::validation("password", "请输入密码", "Enter your password"));
    }
    if !password_matches(ctx, &user, password, server).await? {
        record_failure(&ctx.db, user.id, now).await?;
        return Err(AppError::validation("password", "密码不正确", "The password is wrong"));
    }
    if user.login_fail_count > 0 {
        sys_user::Entity::update_many()
            .col_expr(sys_user::Column::LoginFailCount, Expr::value(0))
            .filter(sys_user::Column::Id.eq(user.id))
            .exec(&ctx.db)
            .await?;
    }
    Ok(())
}

/// Change one's own password. Wrong current passwords count toward the same back-off
/// as logins (no unlimited guessing from an unlocked desktop). Returns the refreshed
/// session; other desktops' sessions of this user end.
///
/// On a MySQL database with per-user accounts the database server holds the password:
/// `server` (host, port, database, TLS of the desktop's profile) is used to check the
/// current one by logging in with it, and the account's password is changed. The
/// caller must then reconnect with the new password.
pub async fn change_password(ctx: &Ctx, input: ChangePasswordInput, server: Option<&MysqlParams>) -> AppResult<SessionUser> {
    let me = ctx.user().ok_or(AppError::Unauthenticated)?;
    let user = sys_user::Entity::find_by_id(me.id).one(&ctx.db).await?.ok_or(AppError::Unauthenticated)?;
    let now = util::now();
    if user.locked_until.is_some_and(|u| u > now) {
        return Err(AppError::validation("oldPassword", "尝试次数过多,请稍后再试", "Too many attempts; try again later"));
    }
    let per_user = accounts::enabled(&ctx.db).await?;
    let old_ok = password_matches(ctx, &user, &input.old_password, server).await?;
    if !old_ok {
        record_failure(&ctx.db, user.id, now).await?;
        return Err(AppError::validation("oldPassword", "原密码不正确", "The current password is wrong"));
    }
    check_strength("newPassword", &input.new_password, &user.username)?;
    if per_user {
        // Account statements commit implicitly: change the server's password first; the
        // bookkeeping below only ends the other sessions.
        accounts::change_own_password(&ctx.db, &input.new_password).await?;
    }
    let hash = if per_user { String::new() } else { hash_password(&input.new_password)? };
    let mut am = user.into_active_model();
    am.login_fail_count = Set(0);
    am.locked_until = Set(None);
    am.updated_at = Set(now);
    am.session_nonce = Set(new_nonce());
    let txn = ctx.db.begin().await?;
    let saved = am.update(&txn).await?;
    if !per_user {
        store_password_hash(&txn, saved.id, hash).await?;
    }
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_user", saved.id, Default::default(), Some("修改密码".into())).await?;
    txn.commit().await?;
    load_session_user(&ctx.db, saved.id).await
}
