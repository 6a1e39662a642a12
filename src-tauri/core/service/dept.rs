//! Departments: a tree (sys_dept.parent_id), sorted by `sort`.

use super::{oplog, util, Ctx};
use crate::auth::scope::descendants;
use crate::entity::{sys_dept, sys_user};
use crate::error::{AppError, AppResult};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeptNode {
    pub id: i64,
    pub dept_name: String,
    pub parent_id: Option<i64>,
    pub sort: i32,
    /// Users directly in this department.
    pub user_count: u64,
    pub children: Vec<DeptNode>,
}

/// The whole tree, roots first, siblings by `sort` then id. Any logged-in user may read it.
pub async fn tree(ctx: &Ctx) -> AppResult<Vec<DeptNode>> {
    ctx.require_login()?;
    let depts = sys_dept::Entity::find().order_by_asc(sys_dept::Column::Sort).order_by_asc(sys_dept::Column::Id).all(&ctx.db).await?;
    let counts: Vec<(i64, i64)> = sys_user::Entity::find()
        .select_only()
        .column(sys_user::Column::DeptId)
        .column_as(sys_user::Column::Id.count(), "n")
        .group_by(sys_user::Column::DeptId)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let counts: HashMap<i64, i64> = counts.into_iter().collect();
    let ids: std::collections::HashSet<i64> = depts.iter().map(|d| d.id).collect();
    let mut by_parent: HashMap<Option<i64>, Vec<&sys_dept::Model>> = HashMap::new();
    for d in &depts {
        // A parent that no longer exists makes the department a root rather than losing it.
        let p = d.parent_id.filter(|p| ids.contains(p));
        by_parent.entry(p).or_default().push(d);
    }
    fn build(parent: Option<i64>, by_parent: &HashMap<Option<i64>, Vec<&sys_dept::Model>>, counts: &HashMap<i64, i64>, depth: usize) -> Vec<DeptNode> {
        if depth > 64 {
            return vec![];
        }
        by_parent
            .get(&parent)
            .map(|v| {
                v.iter()
                    .map(|d| DeptNode {
                        id: d.id,
                        dept_name: d.dept_name.clone(),
                        parent_id: d.parent_id,
                        sort: d.sort.unwrap_or(0),
                        user_count: counts.get(&d.id).copied().unwrap_or(0) as u64,
                        children: build(Some(d.id), by_parent, counts, depth + 1),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
    Ok(build(None, &by_parent, &counts, 0))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DeptInput {
    pub dept_name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub sort: i32,
}

async fn check_parent<C: sea_orm::ConnectionTrait>(conn: &C, parent: Option<i64>) -> AppResult<()> {
    if let Some(p) = parent {
        if sys_dept::Entity::find_by_id(p).one(conn).await?.is_none() {
            return Err(AppError::validation("parentId", "上级部门不存在", "The parent department does not exist"));
        }
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, input: DeptInput) -> AppResult<sys_dept::Model> {
    ctx.require("dept:create")?;
    let name = util::required("deptName", "部门名称", "Department name", &input.dept_name, 100)?;
    let txn = ctx.db.begin().await?;
    check_parent(&txn, input.parent_id).await?;
    let m = sys_dept::ActiveModel {
        dept_name: Set(name),
        parent_id: Set(input.parent_id),
        sort: Set(Some(input.sort)),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "sys_dept", m.id, oplog::diff(None, Some(&m)), Some(m.dept_name.clone())).await?;
    txn.commit().await?;
    Ok(m)
}

/// Rename, move (to another parent, never below itself) and re-sort a department.
pub async fn update(ctx: &Ctx, id: i64, input: DeptInput) -> AppResult<sys_dept::Model> {
    ctx.require("dept:update")?;
    let name = util::required("deptName", "部门名称", "Department name", &input.dept_name, 100)?;
    let txn = ctx.db.begin().await?;
    let before = sys_dept::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("部门", "Department"))?;
    check_parent(&txn, input.parent_id).await?;
    if let Some(p) = input.parent_id {
        let pairs: Vec<(i64, Option<i64>)> =
            sys_dept::Entity::find().select_only().column(sys_dept::Column::Id).column(sys_dept::Column::ParentId).into_tuple().all(&txn).await?;
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        for (c, par) in pairs {
            if let Some(par) = par {
                children.entry(par).or_default().push(c);
            }
        }
        if descendants(id, &children).contains(&p) {
            return Err(AppError::validation(
                "parentId",
                "不能把部门移动到它自己或它的下级部门之下",
                "A department cannot move under itself or its own sub-department",
            ));
        }
    }
    let mut am = before.clone().into_active_model();
    am.dept_name = Set(name);
    am.parent_id = Set(input.parent_id);
    am.sort = Set(Some(input.sort));
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "sys_dept", id, oplog::diff(Some(&before), Some(&after)), Some(after.dept_name.clone())).await?;
    txn.commit().await?;
    Ok(after)
}

/// Delete an empty department (no sub-departments, no users).
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("dept:delete")?;
    let txn = ctx.db.begin().await?;
    let before = sys_dept::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("部门", "Department"))?;
    if sys_dept::Entity::find().filter(sys_dept::Column::ParentId.eq(id)).count(&txn).await? > 0 {
        return Err(AppError::conflict(None, "请先删除或移走下级部门", "Delete or move its sub-departments first"));
    }
    if sys_user::Entity::find().filter(sys_user::Column::DeptId.eq(id)).count(&txn).await? > 0 {
        return Err(AppError::conflict(None, "部门下还有用户,请先调整这些用户", "The department still has users; move them first"));
    }
    sys_dept::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "sys_dept", id, oplog::diff(Some(&before), None), Some(before.dept_name.clone())).await?;
    txn.commit().await?;
    Ok(())
}
