//! Customer tags (客户标签): named, coloured, many per customer. Managed by marketing
//! (`marketing:update`); put on and taken off customers from the customer list (many at
//! once) and the customer's page, by whoever may edit those customers (`customer:update`
//! and the customers in scope).

use super::scope_sql;
use crate::entity::{crm_customer, crm_customer_tag as tag, crm_customer_tag_link as link};
use crate::error::{AppError, AppResult};
use crate::service::stats::{int, rows};
use crate::service::{oplog, util, Ctx};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

const ENTITY: &str = "crm_customer_tag";
/// Customers tagged in one call, at most.
pub const MAX_BULK: usize = 5000;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Tag {
    pub id: i64,
    pub tag_name: String,
    pub color: String,
    pub sort_order: i32,
    /// Customers in the caller's scope carrying it (lists only).
    pub customers: i64,
}

/// A tag on a customer row.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TagRef {
    pub id: i64,
    pub tag_name: String,
    pub color: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TagInput {
    pub tag_name: String,
    pub color: String,
    pub sort_order: i32,
}

/// Put tags on / take them off some customers.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TagChange {
    pub customer_ids: Vec<i64>,
    pub add: Vec<i64>,
    pub remove: Vec<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TagChangeResult {
    /// Tags put on (customer × tag pairs that were not there yet).
    pub added: u64,
    /// Tags taken off.
    pub removed: u64,
}

fn check(i: &TagInput) -> AppResult<(String, String)> {
    let name = util::required("tagName", "标签名称", "Tag name", &i.tag_name, 50)?;
    let color = i.color.trim().to_ascii_lowercase();
    let ok = color.len() == 7 && color.starts_with('#') && color[1..].chars().all(|c| c.is_ascii_hexdigit());
    if !ok {
        return Err(AppError::validation("color", "颜色须为 #rrggbb 形式", "The colour must look like #rrggbb"));
    }
    Ok((name, color))
}

async fn name_taken<C: ConnectionTrait>(conn: &C, name: &str, except: Option<i64>) -> AppResult<()> {
    let mut q = tag::Entity::find().filter(tag::Column::TagName.eq(name));
    if let Some(id) = except {
        q = q.filter(tag::Column::Id.ne(id));
    }
    if q.count(conn).await? > 0 {
        return Err(AppError::conflict(Some("tagName"), format!("已有名为「{name}」的标签"), format!("A tag named \"{name}\" already exists")));
    }
    Ok(())
}

/// Every tag with how many customers in the caller's scope carry it.
pub async fn list(ctx: &Ctx) -> AppResult<Vec<Tag>> {
    ctx.require("customer:read")?;
    let scope = ctx.owner_scope().await?;
    let be = ctx.db.get_database_backend();
    let mut counts: HashMap<i64, i64> = HashMap::new();
    for r in rows(
        &ctx.db,
        format!(
            "SELECT l.tag_id, {n} FROM crm_customer_tag_link l JOIN crm_customer c ON c.id = l.customer_id WHERE c.is_in_sea = 0{s} GROUP BY l.tag_id",
            n = int(be, "COUNT(*)"),
            s = scope_sql(&scope, "c.owner_id")
        ),
        vec![],
    )
    .await?
    {
        counts.insert(r.try_get_by_index(0)?, r.try_get_by_index(1)?);
    }
    let list = tag::Entity::find().order_by_asc(tag::Column::SortOrder).order_by_asc(tag::Column::Id).all(&ctx.db).await?;
    Ok(list
        .into_iter()
        .map(|t| Tag { customers: counts.get(&t.id).copied().unwrap_or(0), id: t.id, tag_name: t.tag_name, color: t.color, sort_order: t.sort_order })
        .collect())
}

pub async fn create(ctx: &Ctx, i: TagInput) -> AppResult<Tag> {
    ctx.require("marketing:update")?;
    let (name, color) = check(&i)?;
    let txn = ctx.db.begin().await?;
    name_taken(&txn, &name, None).await?;
    let by = ctx.recorder(&txn).await?;
    let m = tag::ActiveModel {
        tag_name: Set(name.clone()),
        color: Set(color),
        sort_order: Set(i.sort_order),
        created_by: Set(Some(by)),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, ENTITY, m.id, oplog::diff(None, Some(&m)), Some(format!("新建客户标签 {name}"))).await?;
    txn.commit().await?;
    Ok(Tag { id: m.id, tag_name: m.tag_name, color: m.color, sort_order: m.sort_order, customers: 0 })
}

pub async fn update(ctx: &Ctx, id: i64, i: TagInput) -> AppResult<()> {
    ctx.require("marketing:update")?;
    let (name, color) = check(&i)?;
    let txn = ctx.db.begin().await?;
    let before = tag::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    name_taken(&txn, &name, Some(id)).await?;
    let mut m: tag::ActiveModel = before.clone().into();
    m.tag_name = Set(name);
    m.color = Set(color);
    m.sort_order = Set(i.sort_order);
    let after = m.update(&txn).await?;
    let changes = oplog::diff(Some(&before), Some(&after));
    if !changes.is_empty() {
        oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, id, changes, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Delete a tag and take it off every customer (one transaction).
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<u64> {
    ctx.require("marketing:delete")?;
    let txn = ctx.db.begin().await?;
    let m = tag::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    let n = link::Entity::delete_many().filter(link::Column::TagId.eq(id)).exec(&txn).await?.rows_affected;
    tag::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Delete,
        ENTITY,
        id,
        oplog::diff(Some(&m), None),
        Some(format!("删除客户标签 {}(取消 {n} 个客户的标签)", m.tag_name)),
    )
    .await?;
    txn.commit().await?;
    Ok(n)
}

fn not_found() -> AppError {
    AppError::not_found("标签不存在", "The tag does not exist")
}

/// Put tags on and take tags off customers, all or nothing: every customer must be one the
/// caller may edit, every tag must exist.
pub async fn change(ctx: &Ctx, c: TagChange) -> AppResult<TagChangeResult> {
    ctx.require("customer:update")?;
    let customers: BTreeSet<i64> = c.customer_ids.iter().copied().collect();
    if customers.is_empty() {
        return Err(AppError::validation("customerIds", "请选择客户", "Choose the customers"));
    }
    if customers.len() > MAX_BULK {
        return Err(AppError::validation("customerIds", format!("一次最多给 {MAX_BULK} 个客户打标签"), format!("Tag at most {MAX_BULK} customers at a time")));
    }
    let add: BTreeSet<i64> = c.add.iter().copied().collect();
    let remove: BTreeSet<i64> = c.remove.iter().copied().filter(|t| !add.contains(t)).collect();
    if add.is_empty() && remove.is_empty() {
        return Err(AppError::validation("add", "请选择要添加或移除的标签", "Choose tags to add or remove"));
    }
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let wanted: Vec<i64> = add.iter().chain(remove.iter()).copied().collect();
    let known = tag::Entity::find().filter(tag::Column::Id.is_in(wanted.clone())).count(&txn).await?;
    if known as usize != wanted.len() {
        return Err(AppError::validation("add", "有标签已被删除,请刷新后重试", "A tag was deleted; reload and try again"));
    }
    let ids: Vec<i64> = customers.iter().copied().collect();
    let mut visible = 0u64;
    for chunk in ids.chunks(500) {
        let q = crm_customer::Entity::find().filter(crm_customer::Column::Id.is_in(chunk.to_vec())).filter(crm_customer::Column::IsInSea.eq(0));
        visible += scope.filter(q, crm_customer::Column::OwnerId).count(&txn).await?;
    }
    if visible as usize != ids.len() {
        return Err(AppError::validation(
            "customerIds",
            format!("其中 {} 个客户不在您的数据范围内(或已在公海),未做任何修改", ids.len() - visible as usize),
            format!("{} of the customers are outside your data scope (or in the public sea); nothing was changed", ids.len() - visible as usize),
        ));
    }
    let by = ctx.recorder(&txn).await?;
    let now = util::now();
    let mut removed = 0;
    for chunk in ids.chunks(500) {
        if !remove.is_empty() {
            removed += link::Entity::delete_many()
                .filter(link::Column::CustomerId.is_in(chunk.to_vec()))
                .filter(link::Column::TagId.is_in(remove.iter().copied()))
                .exec(&txn)
                .await?
                .rows_affected;
        }
    }
    let mut added = 0;
    for t in &add {
        for chunk in ids.chunks(500) {
            let have: BTreeSet<i64> = link::Entity::find()
                .select_only()
                .column(link::Column::CustomerId)
                .filter(link::Column::TagId.eq(*t))
                .filter(link::Column::CustomerId.is_in(chunk.to_vec()))
                .into_tuple::<i64>()
                .all(&txn)
                .await?
                .into_iter()
                .collect();
            let new: Vec<link::ActiveModel> = chunk
                .iter()
                .filter(|c| !have.contains(c))
                .map(|c| link::ActiveModel { tag_id: Set(*t), customer_id: Set(*c), created_by: Set(Some(by)), created_at: Set(now), ..Default::default() })
                .collect();
            if !new.is_empty() {
                added += new.len() as u64;
                link::Entity::insert_many(new).exec(&txn).await?;
            }
        }
    }
    let mut changes = serde_json::Map::new();
    changes.insert("customers".into(), serde_json::json!(ids.len()));
    changes.insert("add".into(), serde_json::json!(add));
    changes.insert("remove".into(), serde_json::json!(remove));
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Update,
        "crm_customer_tag_link",
        0,
        changes,
        Some(format!("客户标签:{} 个客户,添加 {added},移除 {removed}", ids.len())),
    )
    .await?;
    txn.commit().await?;
    Ok(TagChangeResult { added, removed })
}

/// The tags of some customers (customer rows and the customer page).
pub async fn of_customers<C: ConnectionTrait>(conn: &C, customer_ids: &[i64]) -> AppResult<HashMap<i64, Vec<TagRef>>> {
    let mut out: HashMap<i64, Vec<TagRef>> = HashMap::new();
    if customer_ids.is_empty() {
        return Ok(out);
    }
    let mut pairs: Vec<(i64, i64)> = vec![];
    for chunk in customer_ids.chunks(1000) {
        pairs.extend(
            link::Entity::find()
                .select_only()
                .column(link::Column::CustomerId)
                .column(link::Column::TagId)
                .filter(link::Column::CustomerId.is_in(chunk.to_vec()))
                .into_tuple::<(i64, i64)>()
                .all(conn)
                .await?,
        );
    }
    if pairs.is_empty() {
        return Ok(out);
    }
    let tags: HashMap<i64, tag::Model> = tag::Entity::find()
        .filter(tag::Column::Id.is_in(pairs.iter().map(|p| p.1).collect::<BTreeSet<_>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    for (c, t) in pairs {
        if let Some(t) = tags.get(&t) {
            out.entry(c).or_default().push(TagRef { id: t.id, tag_name: t.tag_name.clone(), color: t.color.clone() });
        }
    }
    for v in out.values_mut() {
        v.sort_by_key(|t| (tags.get(&t.id).map(|m| m.sort_order).unwrap_or(0), t.id));
    }
    Ok(out)
}
