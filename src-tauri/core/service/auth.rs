//! Login, logout, first-run administrator, password change.

use super::{oplog, role, util, Ctx};
use crate::auth::password::{check_strength, hash_password, verify_password};
use crate::auth::permission::parse_list;
use crate::auth::SessionUser;
use crate::entity::enums::{DataScope, RoleStatus, UserStatus};
use crate::entity::{sys_dept, sys_role, sys_user};
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
    let password_ok = match user.as_ref().map(|u| u.password_hash.as_str()).filter(|h| !h.is_empty()) {
        Some(hash) => verify_password(&input.password, hash),
        None => {
            let _ = verify_password(&input.password, dummy_hash());
            false
        }
    };
    let Some(user) = user else { return Err(refused()) };
    let now = util::now();
    let waiting = user.locked_until.is_some_and(|until| until > now);
    if waiting || user.status == UserStatus::Disabled {
        if waiting {
            tracing::info!(user_id = user.id, "login refused: account in back-off");
        }
        return Err(refused());
    }
    if !password_ok {
        record_failure(db, user.id, now).await?;
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
        session_stamp: stamp(&user.password_hash),
    })
}

fn stamp(password_hash: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    password_hash.hash(&mut h);
    h.finish()
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
        password_hash: Set(hash),
        login_fail_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
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

/// Change one's own password. Wrong current passwords count toward the same back-off
/// as logins (no unlimited guessing from an unlocked desktop). Returns the refreshed
/// session; other desktops' sessions of this user end.
pub async fn change_password(ctx: &Ctx, input: ChangePasswordInput) -> AppResult<SessionUser> {
    let me = ctx.user().ok_or(AppError::Unauthenticated)?;
    let user = sys_user::Entity::find_by_id(me.id).one(&ctx.db).await?.ok_or(AppError::Unauthenticated)?;
    let now = util::now();
    if user.locked_until.is_some_and(|u| u > now) {
        return Err(AppError::validation("oldPassword", "尝试次数过多,请稍后再试", "Too many attempts; try again later"));
    }
    if !verify_password(&input.old_password, &user.password_hash) {
        record_failure(&ctx.db, user.id, now).await?;
        return Err(AppError::validation("oldPassword", "原密码不正确", "The current password is wrong"));
    }
    check_strength("newPassword", &input.new_password, &user.username)?;
    let mut am = user.into_active_model();
    am.password_hash = Set(hash_password(&input.new_password)?);
    am.login_fail_count = Set(0);
    am.locked_until = Set(None);
    am.updated_at = Set(now);
    let txn = ctx.db.begin().await?;
    let saved = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_user", saved.id, Default::default(), Some("修改密码".into())).await?;
    txn.commit().await?;
    load_session_user(&ctx.db, saved.id).await
}
