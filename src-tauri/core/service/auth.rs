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

fn wrong_credentials(left: Option<i32>) -> AppError {
    match left {
        Some(n) if n > 0 && n < MAX_FAILED_LOGINS => AppError::validation(
            "password",
            format!("用户名或密码错误,再错 {n} 次账号将被锁定 {LOCK_MINUTES} 分钟"),
            format!("Wrong username or password; {n} more failed attempt(s) lock the account for {LOCK_MINUTES} minutes"),
        ),
        _ => AppError::validation("password", "用户名或密码错误", "Wrong username or password"),
    }
}

fn locked(minutes: i64) -> AppError {
    AppError::validation(
        "username",
        format!("密码错误次数过多,账号已锁定,请 {minutes} 分钟后再试或联系管理员"),
        format!("Too many wrong passwords: the account is locked; try again in {minutes} minute(s) or ask your administrator"),
    )
}

/// Check a username and password. On success the user's failure count is reset and
/// `last_login_time` is set; a wrong password counts toward a temporary lock.
pub async fn login(db: &DatabaseConnection, input: LoginInput) -> AppResult<SessionUser> {
    let username = input.username.trim();
    if username.is_empty() {
        return Err(AppError::validation("username", "请输入登录账号", "Enter your username"));
    }
    if input.password.is_empty() {
        return Err(AppError::validation("password", "请输入密码", "Enter your password"));
    }
    let Some(user) = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await? else {
        // Spend the same time as a real check so user names cannot be probed by timing.
        let _ = verify_password(&input.password, "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$3iZyV1m4yfGbnmq6C8AdqZp0kQyH4OU8ShhTQ2cfLfQ");
        return Err(wrong_credentials(None));
    };
    let now = util::now();
    if let Some(until) = user.locked_until {
        if until > now {
            let mins = ((until - now).num_seconds() + 59) / 60;
            return Err(locked(std::cmp::max(mins, 1)));
        }
    }
    if user.status == UserStatus::Disabled {
        return Err(AppError::validation("username", "该账号已停用,请联系管理员", "This account is disabled; ask your administrator"));
    }
    if !verify_password(&input.password, &user.password_hash) {
        // Atomic increment: concurrent wrong attempts from several desktops all count.
        sys_user::Entity::update_many()
            .col_expr(sys_user::Column::LoginFailCount, Expr::col(sys_user::Column::LoginFailCount).add(1))
            .filter(sys_user::Column::Id.eq(user.id))
            .exec(db)
            .await?;
        let fails: i32 = sys_user::Entity::find_by_id(user.id).one(db).await?.map(|u| u.login_fail_count).unwrap_or(0);
        if fails >= MAX_FAILED_LOGINS {
            sys_user::Entity::update_many()
                .col_expr(sys_user::Column::LockedUntil, Expr::value(now + Duration::minutes(LOCK_MINUTES)))
                .col_expr(sys_user::Column::LoginFailCount, Expr::value(0))
                .filter(sys_user::Column::Id.eq(user.id))
                .exec(db)
                .await?;
            tracing::warn!(user_id = user.id, "account locked after repeated wrong passwords");
            return Err(locked(LOCK_MINUTES));
        }
        return Err(wrong_credentials(Some(MAX_FAILED_LOGINS - fails)));
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
    Ok(SessionUser { id: user.id, username: user.username, full_name: user.full_name, dept_id: user.dept_id, role_ids, permissions, data_scope: scope })
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

pub async fn change_password(ctx: &Ctx, input: ChangePasswordInput) -> AppResult<()> {
    let me = ctx.user().ok_or(AppError::Unauthenticated)?;
    let user = sys_user::Entity::find_by_id(me.id).one(&ctx.db).await?.ok_or(AppError::Unauthenticated)?;
    if !verify_password(&input.old_password, &user.password_hash) {
        return Err(AppError::validation("oldPassword", "原密码不正确", "The current password is wrong"));
    }
    check_strength("newPassword", &input.new_password, &user.username)?;
    let mut am = user.into_active_model();
    am.password_hash = Set(hash_password(&input.new_password)?);
    am.updated_at = Set(util::now());
    let txn = ctx.db.begin().await?;
    let saved = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_user", saved.id, Default::default(), Some("修改密码".into())).await?;
    txn.commit().await?;
    Ok(())
}
