//! Lead pools (crm_lead_pool): public pools open to every `lead:read` holder, private
//! ones to assigners; the default pool new and returned leads land in.

use super::{oplog, util, Ctx};
use crate::entity::crm_lead::{self, Column};
use crate::entity::crm_lead_pool;
use crate::entity::enums::LeadStatus;
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// ---------------------------------------------------------------- pools

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PoolRow {
    pub id: i64,
    pub pool_name: String,
    pub description: Option<String>,
    pub is_public: bool,
    /// Unowned leads waiting in the pool.
    pub waiting: u64,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PoolInput {
    pub pool_name: String,
    #[serde(default)]
    pub description: Option<String>,
    pub is_public: bool,
}

/// Pools the caller may open: public ones, and private ones for assigners.
pub async fn pools(ctx: &Ctx) -> AppResult<Vec<PoolRow>> {
    ctx.require("lead:read")?;
    let all_pools = ctx.can("lead:assign");
    let mut q = crm_lead_pool::Entity::find().order_by_asc(crm_lead_pool::Column::Id);
    if !all_pools {
        q = q.filter(crm_lead_pool::Column::IsPublic.eq(1));
    }
    let list = q.all(&ctx.db).await?;
    let waiting: HashMap<i64, i64> = crm_lead::Entity::find()
        .select_only()
        .column(Column::PoolId)
        .column_as(Column::Id.count(), "n")
        .filter(Column::OwnerId.is_null())
        .filter(Column::Status.is_in([LeadStatus::New, LeadStatus::Following, LeadStatus::Invalid]))
        .group_by(Column::PoolId)
        .into_tuple::<(i64, i64)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    Ok(list
        .into_iter()
        .map(|p| PoolRow {
            waiting: waiting.get(&p.id).copied().unwrap_or(0) as u64,
            id: p.id,
            pool_name: p.pool_name,
            description: p.description,
            is_public: p.is_public != 0,
            created_at: p.created_at,
        })
        .collect())
}

fn clean_pool(i: &PoolInput) -> AppResult<(String, Option<String>)> {
    Ok((
        util::required("poolName", "线索池名称", "Pool name", &i.pool_name, 100)?,
        util::optional("description", "描述", "Description", i.description.as_deref(), 2000)?,
    ))
}

pub async fn pool_create(ctx: &Ctx, input: PoolInput) -> AppResult<PoolRow> {
    ctx.require("lead:assign")?;
    let (name, desc) = clean_pool(&input)?;
    let txn = ctx.db.begin().await?;
    let m = crm_lead_pool::ActiveModel {
        pool_name: Set(name),
        description: Set(desc),
        is_public: Set(input.is_public as i8),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_lead_pool", m.id, oplog::diff(None, Some(&m)), Some(m.pool_name.clone())).await?;
    txn.commit().await?;
    Ok(PoolRow { id: m.id, pool_name: m.pool_name, description: m.description, is_public: m.is_public != 0, waiting: 0, created_at: m.created_at })
}

pub async fn pool_update(ctx: &Ctx, id: i64, input: PoolInput) -> AppResult<PoolRow> {
    ctx.require("lead:assign")?;
    let (name, desc) = clean_pool(&input)?;
    let txn = ctx.db.begin().await?;
    let before = crm_lead_pool::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("线索池", "Lead pool"))?;
    let mut am = before.clone().into_active_model();
    am.pool_name = Set(name);
    am.description = Set(desc);
    am.is_public = Set(input.is_public as i8);
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_lead_pool", id, oplog::diff(Some(&before), Some(&after)), Some(after.pool_name.clone())).await?;
    txn.commit().await?;
    let waiting = crm_lead::Entity::find().filter(Column::PoolId.eq(id)).filter(Column::OwnerId.is_null()).count(&ctx.db).await?;
    Ok(PoolRow { id, pool_name: after.pool_name, description: after.description, is_public: after.is_public != 0, waiting, created_at: after.created_at })
}

pub async fn pool_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("lead:assign")?;
    let txn = ctx.db.begin().await?;
    let before = crm_lead_pool::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("线索池", "Lead pool"))?;
    let n = crm_lead::Entity::find().filter(Column::PoolId.eq(id)).count(&txn).await?;
    if n > 0 {
        return Err(AppError::conflict(None, format!("线索池中还有 {n} 条线索,不能删除"), format!("The pool still holds {n} leads and cannot be deleted")));
    }
    crm_lead_pool::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_lead_pool", id, oplog::diff(Some(&before), None), Some(before.pool_name)).await?;
    txn.commit().await?;
    Ok(())
}

pub(crate) async fn default_pool<C: ConnectionTrait>(conn: &C) -> AppResult<i64> {
    let p = crm_lead_pool::Entity::find()
        .filter(crm_lead_pool::Column::IsPublic.eq(1))
        .order_by_asc(crm_lead_pool::Column::Id)
        .one(conn)
        .await?
        .ok_or_else(|| AppError::validation("poolId", "请先创建一个线索池", "Create a lead pool first"))?;
    Ok(p.id)
}

pub(crate) async fn public_pool_ids<C: ConnectionTrait>(conn: &C) -> AppResult<Vec<i64>> {
    Ok(crm_lead_pool::Entity::find()
        .select_only()
        .column(crm_lead_pool::Column::Id)
        .filter(crm_lead_pool::Column::IsPublic.eq(1))
        .into_tuple::<i64>()
        .all(conn)
        .await?)
}

pub(crate) async fn check_pool<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<()> {
    if crm_lead_pool::Entity::find_by_id(id).one(conn).await?.is_none() {
        return Err(AppError::validation("poolId", "线索池不存在", "The lead pool does not exist"));
    }
    Ok(())
}
