//! Roles: permission keys plus a data scope.

use super::{oplog, util, Ctx};
use crate::auth::permission::{is_known, parse_list, PermissionModule, PERMISSION_CATALOG};
use crate::entity::enums::{DataScope, RoleStatus};
use crate::entity::{sys_role, sys_user};
use crate::error::{AppError, AppResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

/// `sys_user.role_ids` is the seed's comma-separated list of role ids.
pub fn parse_role_ids(s: Option<&str>) -> Vec<i64> {
    let mut v: Vec<i64> = s.unwrap_or("").split(',').filter_map(|x| x.trim().parse().ok()).collect();
    v.sort_unstable();
    v.dedup();
    v
}

pub fn format_role_ids(ids: &[i64]) -> Option<String> {
    if ids.is_empty() {
        None
    } else {
        Some(ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(","))
    }
}

/// The standard roles of a new company database.
const DEFAULT_ROLES: &[(&str, &str, DataScope, &str)] = &[
    (crate::auth::ADMIN_ROLE, "*", DataScope::All, "全部权限"),
    (
        "销售经理",
        "lead:*,customer:*,contact:*,follow_up:*,opportunity:*,quotation:*,contract:*,payment:read,payment:create,payment:update,invoice:read,invoice:request,product:read,report:read,report:target,oplog:read,service:read,service:create,marketing:read",
        DataScope::DepartmentTree,
        "管理本部门及下级部门的客户与合同",
    ),
    (
        "销售代表",
        "lead:read,lead:create,lead:update,lead:claim,lead:import,customer:read,customer:create,customer:update,customer:claim,customer:import,contact:*,follow_up:*,opportunity:*,quotation:read,quotation:create,quotation:update,contract:read,contract:create,contract:update,product:read,payment:read,payment:create,invoice:read,invoice:request,service:read,service:create",
        DataScope::Own,
        "只看自己的客户",
    ),
    ("客服专员", "customer:read,contact:read,follow_up:*,service:*,product:read", DataScope::Department, "处理服务工单"),
    ("财务", "customer:read,contract:read,payment:*,invoice:*,report:read", DataScope::All, "回款与发票"),
    (
        "市场专员",
        "marketing:*,customer:read,customer:update,contact:read,lead:read,lead:create,lead:import,report:read",
        DataScope::All,
        "市场活动、客户标签与分群、短信营销",
    ),
];

/// Create the standard roles that are missing; returns the administrator role id.
pub async fn ensure_default_roles<C: ConnectionTrait>(conn: &C) -> AppResult<i64> {
    let now = util::now();
    let mut admin = 0;
    for (name, perms, scope, remark) in DEFAULT_ROLES {
        let id = match sys_role::Entity::find().filter(sys_role::Column::RoleName.eq(*name)).one(conn).await? {
            Some(r) => r.id,
            None => {
                sys_role::ActiveModel {
                    role_name: Set(name.to_string()),
                    permissions: Set(Some(perms.to_string())),
                    data_scope: Set(*scope),
                    status: Set(RoleStatus::Enabled),
                    remark: Set(Some(remark.to_string())),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                }
                .insert(conn)
                .await?
                .id
            }
        };
        if *name == crate::auth::ADMIN_ROLE {
            admin = id;
        }
    }
    Ok(admin)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleView {
    pub id: i64,
    pub role_name: String,
    pub permissions: Vec<String>,
    pub data_scope: DataScope,
    pub status: RoleStatus,
    pub remark: Option<String>,
    pub user_count: u64,
}

pub async fn list(ctx: &Ctx) -> AppResult<Vec<RoleView>> {
    ctx.require("role:read")?;
    let roles = sys_role::Entity::find().order_by_asc(sys_role::Column::Id).all(&ctx.db).await?;
    let users: Vec<Option<String>> = sys_user::Entity::find().select_only_role_ids().into_tuple().all(&ctx.db).await?;
    let mut counts = std::collections::HashMap::<i64, u64>::new();
    for u in users {
        for id in parse_role_ids(u.as_deref()) {
            *counts.entry(id).or_default() += 1;
        }
    }
    Ok(roles
        .into_iter()
        .map(|r| RoleView {
            user_count: counts.get(&r.id).copied().unwrap_or(0),
            id: r.id,
            role_name: r.role_name,
            permissions: parse_list(r.permissions.as_deref()).into_iter().collect(),
            data_scope: r.data_scope,
            status: r.status,
            remark: r.remark,
        })
        .collect())
}

trait SelectRoleIds {
    fn select_only_role_ids(self) -> sea_orm::Select<sys_user::Entity>;
}
impl SelectRoleIds for sea_orm::Select<sys_user::Entity> {
    fn select_only_role_ids(self) -> sea_orm::Select<sys_user::Entity> {
        use sea_orm::QuerySelect;
        self.select_only().column(sys_user::Column::RoleIds)
    }
}

/// The permission matrix the UI shows: every module and its actions.
pub fn catalog() -> &'static [PermissionModule] {
    PERMISSION_CATALOG
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RoleInput {
    pub role_name: String,
    pub permissions: Vec<String>,
    pub data_scope: DataScope,
    #[serde(default = "enabled")]
    pub status: RoleStatus,
    #[serde(default)]
    pub remark: Option<String>,
}

fn enabled() -> RoleStatus {
    RoleStatus::Enabled
}

fn validate(input: &RoleInput) -> AppResult<(String, String, Option<String>)> {
    let name = util::required("roleName", "角色名称", "Role name", &input.role_name, 50)?;
    let mut perms: Vec<String> = input.permissions.iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect();
    perms.sort();
    perms.dedup();
    if let Some(bad) = perms.iter().find(|p| !is_known(p)) {
        return Err(AppError::validation("permissions", format!("未知的权限标识 {bad}"), format!("Unknown permission {bad}")));
    }
    let remark = util::optional("remark", "备注", "Remark", input.remark.as_deref(), 255)?;
    Ok((name, perms.join(","), remark))
}

pub async fn create(ctx: &Ctx, input: RoleInput) -> AppResult<RoleView> {
    ctx.require("role:create")?;
    let (name, perms, remark) = validate(&input)?;
    if let Some(me) = ctx.user() {
        if !within(me, &input.permissions, input.data_scope) {
            return Err(beyond_own_rights());
        }
    }
    let now = util::now();
    let txn = ctx.db.begin().await?;
    let m = sys_role::ActiveModel {
        role_name: Set(name),
        permissions: Set(Some(perms)),
        data_scope: Set(input.data_scope),
        status: Set(input.status),
        remark: Set(remark),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "sys_role", m.id, oplog::diff(None, Some(&m)), Some(m.role_name.clone())).await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<RoleView> {
    list(ctx).await?.into_iter().find(|r| r.id == id).ok_or_else(|| AppError::not_found("角色", "Role"))
}

pub async fn update(ctx: &Ctx, id: i64, input: RoleInput) -> AppResult<RoleView> {
    ctx.require("role:update")?;
    let (name, perms, remark) = validate(&input)?;
    let txn = ctx.db.begin().await?;
    let before = sys_role::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("角色", "Role"))?;
    if let Some(me) = ctx.user() {
        if me.role_ids.contains(&id) {
            return Err(AppError::denied("不能修改自己所属的角色", "You cannot change a role you hold"));
        }
        let old: Vec<String> = parse_list(before.permissions.as_deref()).into_iter().collect();
        if !within(me, &input.permissions, input.data_scope) || !within(me, &old, before.data_scope) {
            return Err(beyond_own_rights());
        }
    }
    if Some(id) == admin_role_id(&txn).await? && (perms != "*" || input.status != RoleStatus::Enabled) {
        return Err(AppError::validation(
            "permissions",
            "系统管理员角色必须保留全部权限且不能停用",
            "The administrator role must keep every permission and stay enabled",
        ));
    }
    let mut am = before.clone().into_active_model();
    am.role_name = Set(name);
    am.permissions = Set(Some(perms));
    am.data_scope = Set(input.data_scope);
    am.status = Set(input.status);
    am.remark = Set(remark);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_role", id, oplog::diff(Some(&before), Some(&after)), Some(after.role_name.clone())).await?;
    txn.commit().await?;
    sync_holders(ctx, id).await?;
    get(ctx, id).await
}

/// Per-user database accounts: the holders of a changed role get the database role
/// their permissions now call for.
async fn sync_holders(ctx: &Ctx, role_id: i64) -> AppResult<()> {
    use crate::db::accounts;
    if !accounts::enabled(&ctx.db).await? {
        return Ok(());
    }
    for u in crate::entity::sys_user::Entity::find().all(&ctx.db).await? {
        if parse_role_ids(u.role_ids.as_deref()).contains(&role_id) {
            accounts::set_family(&ctx.db, &u.username, accounts::family_of_user(&ctx.db, u.id).await?).await?;
        }
    }
    Ok(())
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("role:delete")?;
    let txn = ctx.db.begin().await?;
    let before = sys_role::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("角色", "Role"))?;
    if Some(id) == admin_role_id(&txn).await? {
        return Err(AppError::conflict(None, "系统管理员角色不能删除", "The administrator role cannot be deleted"));
    }
    if let Some(me) = ctx.user() {
        let perms: Vec<String> = parse_list(before.permissions.as_deref()).into_iter().collect();
        if me.role_ids.contains(&id) || !within(me, &perms, before.data_scope) {
            return Err(beyond_own_rights());
        }
    }
    let in_use = sys_user::Entity::find()
        .select_only_role_ids()
        .into_tuple::<Option<String>>()
        .all(&txn)
        .await?
        .iter()
        .any(|r| parse_role_ids(r.as_deref()).contains(&id));
    if in_use {
        return Err(AppError::conflict(None, "仍有用户使用该角色,请先调整这些用户", "Users still have this role; change them first"));
    }
    sys_role::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "sys_role", id, oplog::diff(Some(&before), None), Some(before.role_name.clone())).await?;
    txn.commit().await?;
    Ok(())
}

// ------------------------------------------------------------- delegated administration

/// The administrator role: the first role holding every permission (created by set-up).
/// Protected by its id, so renaming it (or naming another role like it) changes nothing.
pub async fn admin_role_id<C: ConnectionTrait>(conn: &C) -> AppResult<Option<i64>> {
    Ok(sys_role::Entity::find()
        .select_only()
        .column(sys_role::Column::Id)
        .filter(sys_role::Column::Permissions.eq("*"))
        .order_by_asc(sys_role::Column::Id)
        .into_tuple::<i64>()
        .one(conn)
        .await?)
}

/// Does `caller` hold the permission `key` (a wildcard only through an equal or wider one)?
fn covers(caller: &crate::auth::SessionUser, key: &str) -> bool {
    match key {
        "*" => caller.permissions.contains("*"),
        k if k.ends_with(":*") => caller.permissions.contains("*") || caller.permissions.contains(k),
        k => caller.can(k),
    }
}

/// Does a data scope include another? (own+subordinates and department do not include
/// each other: subordinates may sit in other departments.)
fn scope_includes(have: DataScope, want: DataScope) -> bool {
    use DataScope::*;
    match have {
        All => true,
        DepartmentTree => matches!(want, DepartmentTree | Department | Own),
        Department => matches!(want, Department | Own),
        OwnAndSubordinates => matches!(want, OwnAndSubordinates | Own),
        Own => want == Own,
    }
}

/// Would granting a role with these permissions and data scope stay within the caller's own rights?
fn within(caller: &crate::auth::SessionUser, perms: &[String], scope: DataScope) -> bool {
    perms.iter().all(|p| covers(caller, p)) && scope_includes(caller.data_scope, scope)
}

fn beyond_own_rights() -> AppError {
    AppError::denied("不能授予超出自己权限或数据范围的角色", "You cannot grant permissions or a data scope beyond your own")
}

/// Refuse roles (by id) that grant more than the caller holds.
pub(crate) async fn check_grantable<C: ConnectionTrait>(conn: &C, ctx: &Ctx, role_ids: &[i64]) -> AppResult<()> {
    let Some(me) = ctx.user() else { return Ok(()) };
    let roles = sys_role::Entity::find().filter(sys_role::Column::Id.is_in(role_ids.iter().copied())).all(conn).await?;
    for r in roles {
        if !within(me, &parse_list(r.permissions.as_deref()).into_iter().collect::<Vec<_>>(), r.data_scope) {
            return Err(beyond_own_rights());
        }
    }
    Ok(())
}

/// Refuse to manage (edit, disable, reset the password of) a user with more rights than
/// the caller, and refuse changing one's own roles.
pub(crate) async fn check_manageable<C: ConnectionTrait>(conn: &C, ctx: &Ctx, target: &sys_user::Model, new_roles: Option<&[i64]>) -> AppResult<()> {
    let Some(me) = ctx.user() else { return Ok(()) };
    let current = parse_role_ids(target.role_ids.as_deref());
    if target.id == me.id {
        if let Some(new) = new_roles {
            let (mut a, mut b) = (current.clone(), new.to_vec());
            a.sort_unstable();
            b.sort_unstable();
            if a != b {
                return Err(AppError::denied("不能修改自己的角色", "You cannot change your own roles"));
            }
        }
        return Ok(());
    }
    check_grantable(conn, ctx, &current)
        .await
        .map_err(|_| AppError::denied("该用户的权限高于您,不能管理", "This user has more rights than you; you cannot manage them"))
}
