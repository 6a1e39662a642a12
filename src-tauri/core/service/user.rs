//! Users: create, edit, disable, reset password; department, roles, supervisor.

use super::{auth::validate_username, oplog, role, util, Ctx, Page, PageReq};
use crate::auth::password::{check_strength, hash_password};
use crate::auth::scope::descendants;
use crate::db::accounts;
use crate::entity::enums::UserStatus;
use crate::entity::{sys_dept, sys_role, sys_user};
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub dept_id: i64,
    pub dept_name: Option<String>,
    pub role_ids: Vec<i64>,
    pub role_names: Vec<String>,
    pub supervisor_id: Option<i64>,
    pub supervisor_name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub status: UserStatus,
    pub locked: bool,
    pub last_login_time: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct UserFilter {
    pub keyword: Option<String>,
    pub dept_id: Option<i64>,
    pub status: Option<UserStatus>,
}

async fn views<C: ConnectionTrait>(conn: &C, users: Vec<sys_user::Model>) -> AppResult<Vec<UserView>> {
    let depts: HashMap<i64, String> = sys_dept::Entity::find().all(conn).await?.into_iter().map(|d| (d.id, d.dept_name)).collect();
    let roles: HashMap<i64, String> = sys_role::Entity::find().all(conn).await?.into_iter().map(|r| (r.id, r.role_name)).collect();
    let sup_ids: Vec<i64> = users.iter().filter_map(|u| u.supervisor_id).collect();
    let sups: HashMap<i64, String> = if sup_ids.is_empty() {
        HashMap::new()
    } else {
        sys_user::Entity::find()
            .select_only()
            .column(sys_user::Column::Id)
            .column(sys_user::Column::FullName)
            .filter(sys_user::Column::Id.is_in(sup_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await?
            .into_iter()
            .collect()
    };
    let now = util::now();
    Ok(users
        .into_iter()
        .map(|u| {
            let role_ids = role::parse_role_ids(u.role_ids.as_deref());
            UserView {
                id: u.id,
                dept_name: depts.get(&u.dept_id).cloned(),
                role_names: role_ids.iter().filter_map(|r| roles.get(r).cloned()).collect(),
                role_ids,
                supervisor_name: u.supervisor_id.and_then(|s| sups.get(&s).cloned()),
                supervisor_id: u.supervisor_id,
                username: u.username,
                full_name: u.full_name,
                dept_id: u.dept_id,
                phone: u.phone,
                email: u.email,
                status: u.status,
                locked: u.locked_until.is_some_and(|t| t > now),
                last_login_time: u.last_login_time,
                created_at: u.created_at,
            }
        })
        .collect())
}

pub async fn list(ctx: &Ctx, filter: UserFilter, page: PageReq) -> AppResult<Page<UserView>> {
    ctx.require("user:read")?;
    let page = page.normalized();
    let mut q = sys_user::Entity::find();
    if let Some(k) = filter.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        let like = format!("%{k}%");
        q = q.filter(
            Condition::any().add(sys_user::Column::Username.like(&like)).add(sys_user::Column::FullName.like(&like)).add(sys_user::Column::Phone.like(&like)),
        );
    }
    if let Some(d) = filter.dept_id {
        q = q.filter(sys_user::Column::DeptId.eq(d));
    }
    if let Some(s) = filter.status {
        q = q.filter(sys_user::Column::Status.eq(s));
    }
    let total = q.clone().count(ctx.reader()).await?;
    let users = q.order_by_asc(sys_user::Column::Id).offset(page.offset()).limit(page.page_size).all(ctx.reader()).await?;
    Ok(Page { items: views(ctx.reader(), users).await?, total, page: page.page, page_size: page.page_size })
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<UserView> {
    ctx.require("user:read")?;
    let u = sys_user::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("用户", "User"))?;
    Ok(views(&ctx.db, vec![u]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserOption {
    pub id: i64,
    pub full_name: String,
    pub dept_id: i64,
}

/// Active users, for owner / supervisor pickers. Any logged-in user.
pub async fn options(ctx: &Ctx) -> AppResult<Vec<UserOption>> {
    ctx.require_login()?;
    let rows: Vec<(i64, String, i64)> = sys_user::Entity::find()
        .select_only()
        .column(sys_user::Column::Id)
        .column(sys_user::Column::FullName)
        .column(sys_user::Column::DeptId)
        .filter(sys_user::Column::Status.eq(UserStatus::Enabled))
        .order_by_asc(sys_user::Column::Id)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(rows.into_iter().map(|(id, full_name, dept_id)| UserOption { id, full_name, dept_id }).collect())
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInput {
    pub username: String,
    pub full_name: String,
    pub dept_id: i64,
    #[serde(default)]
    pub role_ids: Vec<i64>,
    #[serde(default)]
    pub supervisor_id: Option<i64>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    /// Only on create.
    #[serde(default)]
    pub password: Option<String>,
}

struct Clean {
    username: String,
    full_name: String,
    role_ids: Option<String>,
    phone: Option<String>,
    email: Option<String>,
}

async fn validate<C: ConnectionTrait>(conn: &C, self_id: Option<i64>, input: &UserInput) -> AppResult<Clean> {
    let username = validate_username(&input.username)?;
    let full_name = util::required("fullName", "姓名", "Full name", &input.full_name, 50)?;
    if sys_dept::Entity::find_by_id(input.dept_id).one(conn).await?.is_none() {
        return Err(AppError::validation("deptId", "请选择所属部门", "Choose a department"));
    }
    let mut role_ids = input.role_ids.clone();
    role_ids.sort_unstable();
    role_ids.dedup();
    if !role_ids.is_empty() {
        let found = sys_role::Entity::find().filter(sys_role::Column::Id.is_in(role_ids.clone())).count(conn).await?;
        if found as usize != role_ids.len() {
            return Err(AppError::validation("roleIds", "所选角色不存在", "A chosen role does not exist"));
        }
    }
    if let Some(sup) = input.supervisor_id {
        if Some(sup) == self_id {
            return Err(AppError::validation("supervisorId", "直属上级不能是自己", "A user cannot be their own supervisor"));
        }
        if sys_user::Entity::find_by_id(sup).one(conn).await?.is_none() {
            return Err(AppError::validation("supervisorId", "直属上级不存在", "The supervisor does not exist"));
        }
        if let Some(me) = self_id {
            let pairs: Vec<(i64, Option<i64>)> =
                sys_user::Entity::find().select_only().column(sys_user::Column::Id).column(sys_user::Column::SupervisorId).into_tuple().all(conn).await?;
            let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
            for (c, s) in pairs {
                if let Some(s) = s {
                    children.entry(s).or_default().push(c);
                }
            }
            if descendants(me, &children).contains(&sup) {
                return Err(AppError::validation("supervisorId", "不能选择自己的下属作为上级", "A subordinate cannot be the supervisor"));
            }
        }
    }
    Ok(Clean {
        username,
        full_name,
        role_ids: role::format_role_ids(&role_ids),
        phone: util::phone("phone", input.phone.as_deref())?,
        email: util::email("email", input.email.as_deref())?,
    })
}

pub async fn create(ctx: &Ctx, input: UserInput) -> AppResult<UserView> {
    ctx.require("user:create")?;
    role::check_grantable(&ctx.db, ctx, &input.role_ids).await?;
    let txn = ctx.db.begin().await?;
    let c = validate(&txn, None, &input).await?;
    let password = input.password.as_deref().unwrap_or("");
    check_strength("password", password, &c.username)?;
    let now = util::now();
    let m = sys_user::ActiveModel {
        username: Set(c.username),
        full_name: Set(c.full_name),
        dept_id: Set(input.dept_id),
        role_ids: Set(c.role_ids),
        supervisor_id: Set(input.supervisor_id),
        phone: Set(c.phone),
        email: Set(c.email),
        status: Set(UserStatus::Enabled),
        login_fail_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        session_nonce: Set(super::auth::new_nonce()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let per_user = accounts::enabled(&txn).await?;
    if !per_user {
        super::auth::store_password_hash(&txn, m.id, hash_password(password)?).await?;
    }
    oplog::record(&txn, ctx, oplog::Action::Create, "sys_user", m.id, oplog::diff(None, Some(&m)), Some(m.username.clone())).await?;
    txn.commit().await?;
    if per_user {
        // The database account comes after the row (account statements commit on their
        // own); if it cannot be made, the row goes again, so no user is half-created.
        let family = accounts::family_of_user(&ctx.db, m.id).await?;
        if let Err(e) = accounts::create_account(&ctx.db, &m.username, password, family).await {
            let txn = ctx.db.begin().await?;
            sys_user::Entity::delete_by_id(m.id).exec(&txn).await?;
            oplog::record(&txn, ctx, oplog::Action::Delete, "sys_user", m.id, Default::default(), Some(format!("数据库账号创建失败: {}", m.username))).await?;
            txn.commit().await?;
            return Err(e);
        }
    }
    get(ctx, m.id).await
}

/// After a change of roles or status: the database account follows (per-user accounts only).
async fn sync_account(ctx: &Ctx, user: &sys_user::Model) -> AppResult<()> {
    if !accounts::enabled(&ctx.db).await? {
        return Ok(());
    }
    accounts::set_family(&ctx.db, &user.username, accounts::family_of_user(&ctx.db, user.id).await?).await?;
    accounts::set_locked(&ctx.db, &user.username, user.status == UserStatus::Disabled).await
}

pub async fn update(ctx: &Ctx, id: i64, input: UserInput) -> AppResult<UserView> {
    ctx.require("user:update")?;
    let txn = ctx.db.begin().await?;
    let before = sys_user::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("用户", "User"))?;
    role::check_manageable(&txn, ctx, &before, Some(&input.role_ids)).await?;
    role::check_grantable(&txn, ctx, &input.role_ids).await?;
    // Moving oneself to another department (or choosing one's own supervisor) would widen
    // one's own data scope: only an administrator may.
    if ctx.actor_id() == Some(id)
        && (input.dept_id != before.dept_id || input.supervisor_id != before.supervisor_id)
        && !ctx.user().is_some_and(|u| u.permissions.contains("*"))
    {
        return Err(AppError::denied("不能修改自己的部门或上级", "You cannot change your own department or supervisor"));
    }
    let c = validate(&txn, Some(id), &input).await?;
    if c.username != before.username && accounts::enabled(&txn).await? {
        return Err(AppError::validation(
            "username",
            "使用个人数据库账号时,登录账号创建后不能修改",
            "With per-user database accounts the username cannot change after creation",
        ));
    }
    let mut am = before.clone().into_active_model();
    am.username = Set(c.username);
    am.full_name = Set(c.full_name);
    am.dept_id = Set(input.dept_id);
    am.role_ids = Set(c.role_ids);
    am.supervisor_id = Set(input.supervisor_id);
    am.phone = Set(c.phone);
    am.email = Set(c.email);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_user", id, oplog::diff(Some(&before), Some(&after)), Some(after.username.clone())).await?;
    txn.commit().await?;
    sync_account(ctx, &after).await?;
    get(ctx, id).await
}

/// Enable or disable a user. A user cannot disable themself.
pub async fn set_status(ctx: &Ctx, id: i64, status: UserStatus) -> AppResult<UserView> {
    ctx.require("user:update")?;
    if status == UserStatus::Disabled && ctx.actor_id() == Some(id) {
        return Err(AppError::validation("status", "不能停用当前登录的账号", "You cannot disable your own account"));
    }
    let txn = ctx.db.begin().await?;
    let before = sys_user::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("用户", "User"))?;
    role::check_manageable(&txn, ctx, &before, None).await?;
    let mut am = before.clone().into_active_model();
    am.status = Set(status);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "sys_user", id, oplog::diff(Some(&before), Some(&after)), Some(after.username.clone())).await?;
    txn.commit().await?;
    sync_account(ctx, &after).await?;
    get(ctx, id).await
}

/// Set a new password and lift any lock.
pub async fn reset_password(ctx: &Ctx, id: i64, new_password: &str) -> AppResult<()> {
    ctx.require("user:update")?;
    let txn = ctx.db.begin().await?;
    let before = sys_user::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("用户", "User"))?;
    role::check_manageable(&txn, ctx, &before, None).await?;
    check_strength("password", new_password, &before.username)?;
    if accounts::enabled(&txn).await? {
        // The server's password first (it commits on its own), then the bookkeeping.
        accounts::set_password(&ctx.db, &before.username, new_password).await?;
    } else {
        super::auth::store_password_hash(&txn, id, hash_password(new_password)?).await?;
    }
    sys_user::Entity::update_many()
        .col_expr(sys_user::Column::SessionNonce, Expr::value(super::auth::new_nonce()))
        .col_expr(sys_user::Column::LoginFailCount, Expr::value(0))
        .col_expr(sys_user::Column::LockedUntil, Expr::value(Option::<NaiveDateTime>::None))
        .col_expr(sys_user::Column::UpdatedAt, Expr::value(util::now()))
        .filter(sys_user::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_user", id, Default::default(), Some(format!("重置密码: {}", before.username))).await?;
    txn.commit().await?;
    Ok(())
}

/// `crm-admin create-user`: department and role given by name or id. A missing
/// department is created under the top department; the standard roles are ensured.
pub async fn create_by_names(ctx: &Ctx, username: &str, full_name: &str, dept: &str, role: &str, password: &str) -> AppResult<UserView> {
    ctx.require("user:create")?;
    // Refuse a bad username or password before anything is written.
    let username = validate_username(username)?;
    check_strength("password", password, &username)?;
    let username = username.as_str();
    let txn = ctx.db.begin().await?;
    role::ensure_default_roles(&txn).await?;
    let dept_id = match dept.trim().parse::<i64>() {
        Ok(id) => sys_dept::Entity::find_by_id(id).one(&txn).await?.map(|d| d.id),
        Err(_) => sys_dept::Entity::find().filter(sys_dept::Column::DeptName.eq(dept.trim())).one(&txn).await?.map(|d| d.id),
    };
    let dept_id = match dept_id {
        Some(id) => id,
        None => {
            let name = util::required("dept", "部门", "Department", dept, 100)?;
            let root = sys_dept::Entity::find().filter(sys_dept::Column::ParentId.is_null()).order_by_asc(sys_dept::Column::Id).one(&txn).await?;
            let m = sys_dept::ActiveModel {
                dept_name: Set(name),
                parent_id: Set(root.map(|r| r.id)),
                sort: Set(Some(0)),
                created_at: Set(util::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            oplog::record(&txn, ctx, oplog::Action::Create, "sys_dept", m.id, oplog::diff(None, Some(&m)), Some(m.dept_name.clone())).await?;
            m.id
        }
    };
    let role_id = match role.trim().parse::<i64>() {
        Ok(id) => sys_role::Entity::find_by_id(id).one(&txn).await?.map(|r| r.id),
        Err(_) => sys_role::Entity::find().filter(sys_role::Column::RoleName.eq(role.trim())).one(&txn).await?.map(|r| r.id),
    }
    .ok_or_else(|| AppError::validation("role", format!("角色 {role} 不存在"), format!("The role {role} does not exist")))?;
    txn.commit().await?;
    create(
        ctx,
        UserInput {
            username: username.to_string(),
            full_name: full_name.to_string(),
            dept_id,
            role_ids: vec![role_id],
            supervisor_id: None,
            phone: None,
            email: None,
            password: Some(password.to_string()),
        },
    )
    .await
}
