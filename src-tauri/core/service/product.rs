//! Products (crm_product) and their category tree (crm_product_category).

use super::listing::{self, SortKey};
use super::{oplog, util, Ctx, Page, PageReq};
use crate::entity::crm_product::{self, Column};
use crate::entity::enums::ProductStatus;
use crate::entity::{crm_product_category as cat, crm_quotation_item};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

// ---------------------------------------------------------------- categories

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryNode {
    pub id: i64,
    pub category_name: String,
    pub parent_id: Option<i64>,
    pub sort: i32,
    /// Products directly in this category.
    pub product_count: u64,
    pub children: Vec<CategoryNode>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryInput {
    pub category_name: String,
    #[serde(default)]
    pub parent_id: Option<i64>,
    #[serde(default)]
    pub sort: i32,
}

pub async fn category_tree(ctx: &Ctx) -> AppResult<Vec<CategoryNode>> {
    ctx.require("product:read")?;
    let all = cat::Entity::find().all(&ctx.db).await?;
    let counts: HashMap<i64, i64> = crm_product::Entity::find()
        .select_only()
        .column(Column::CategoryId)
        .column_as(Column::Id.count(), "n")
        .group_by(Column::CategoryId)
        .into_tuple::<(i64, i64)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .collect();
    let mut children: HashMap<Option<i64>, Vec<cat::Model>> = HashMap::new();
    for c in all {
        children.entry(c.parent_id).or_default().push(c);
    }
    fn build(parent: Option<i64>, children: &mut HashMap<Option<i64>, Vec<cat::Model>>, counts: &HashMap<i64, i64>, depth: usize) -> Vec<CategoryNode> {
        let mut list = children.remove(&parent).unwrap_or_default();
        list.sort_by_key(|c| (c.sort.unwrap_or(0), c.id));
        list.into_iter()
            .map(|c| CategoryNode {
                children: if depth < 16 { build(Some(c.id), children, counts, depth + 1) } else { vec![] },
                product_count: counts.get(&c.id).copied().unwrap_or(0) as u64,
                id: c.id,
                category_name: c.category_name,
                parent_id: c.parent_id,
                sort: c.sort.unwrap_or(0),
            })
            .collect()
    }
    Ok(build(None, &mut children, &counts, 0))
}

async fn check_parent<C: ConnectionTrait>(conn: &C, id: Option<i64>, parent: Option<i64>) -> AppResult<()> {
    let Some(mut p) = parent else { return Ok(()) };
    // The parent must exist and must not be the category itself or one of its descendants.
    for _ in 0..64 {
        if Some(p) == id {
            return Err(AppError::validation("parentId", "不能把分类移到它自己或它的下级分类下", "A category cannot move under itself or its children"));
        }
        let row = cat::Entity::find_by_id(p)
            .one(conn)
            .await?
            .ok_or_else(|| AppError::validation("parentId", "上级分类不存在", "The parent category does not exist"))?;
        match row.parent_id {
            Some(next) => p = next,
            None => return Ok(()),
        }
    }
    Err(AppError::validation("parentId", "分类层级过深", "The category tree is too deep"))
}

pub async fn category_create(ctx: &Ctx, input: CategoryInput) -> AppResult<i64> {
    ctx.require("product:create")?;
    let name = util::required("categoryName", "分类名称", "Category name", &input.category_name, 100)?;
    let txn = ctx.db.begin().await?;
    check_parent(&txn, None, input.parent_id).await?;
    let m =
        cat::ActiveModel { category_name: Set(name), parent_id: Set(input.parent_id), sort: Set(Some(input.sort)), ..Default::default() }.insert(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_product_category", m.id, oplog::diff(None, Some(&m)), Some(m.category_name.clone())).await?;
    txn.commit().await?;
    Ok(m.id)
}

pub async fn category_update(ctx: &Ctx, id: i64, input: CategoryInput) -> AppResult<()> {
    ctx.require("product:update")?;
    let name = util::required("categoryName", "分类名称", "Category name", &input.category_name, 100)?;
    let txn = ctx.db.begin().await?;
    let before = cat::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("产品分类", "Product category"))?;
    check_parent(&txn, Some(id), input.parent_id).await?;
    let mut am = before.clone().into_active_model();
    am.category_name = Set(name);
    am.parent_id = Set(input.parent_id);
    am.sort = Set(Some(input.sort));
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_product_category", id, oplog::diff(Some(&before), Some(&after)), Some(after.category_name.clone()))
        .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn category_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("product:delete")?;
    let txn = ctx.db.begin().await?;
    let before = cat::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("产品分类", "Product category"))?;
    if cat::Entity::find().filter(cat::Column::ParentId.eq(id)).count(&txn).await? > 0 {
        return Err(AppError::conflict(None, "请先删除或移走下级分类", "Delete or move its sub-categories first"));
    }
    let n = crm_product::Entity::find().filter(Column::CategoryId.eq(id)).count(&txn).await?;
    if n > 0 {
        return Err(AppError::conflict(None, format!("分类下还有 {n} 个产品,不能删除"), format!("The category still holds {n} products")));
    }
    cat::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_product_category", id, oplog::diff(Some(&before), None), Some(before.category_name)).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- products

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub product_name: String,
    pub category_id: i64,
    pub category_name: Option<String>,
    pub specification: Option<String>,
    pub unit: Option<String>,
    pub price: Dec,
    pub cost_price: Option<Dec>,
    pub status: ProductStatus,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ProductFilter {
    /// Matches name and specification.
    pub keyword: Option<String>,
    /// This category and its sub-categories.
    pub category_id: Option<i64>,
    pub status: Option<ProductStatus>,
    /// None: by category, then oldest first.
    #[ts(optional = nullable)]
    pub sort: Option<ProductSort>,
    #[ts(optional = nullable)]
    pub desc: Option<bool>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ProductSort {
    ProductName,
    Price,
    Status,
    CreatedAt,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProductInput {
    pub product_name: String,
    pub category_id: i64,
    #[serde(default)]
    pub specification: Option<String>,
    #[serde(default)]
    pub unit: Option<String>,
    pub price: Dec,
    #[serde(default)]
    pub cost_price: Option<Dec>,
    pub status: ProductStatus,
    #[serde(default)]
    pub description: Option<String>,
}

pub(crate) async fn category_names<C: ConnectionTrait>(conn: &C) -> AppResult<HashMap<i64, String>> {
    Ok(cat::Entity::find()
        .select_only()
        .column(cat::Column::Id)
        .column(cat::Column::CategoryName)
        .into_tuple::<(i64, String)>()
        .all(conn)
        .await?
        .into_iter()
        .collect())
}

/// Cost prices are shown only to roles with `product:cost`.
fn row(ctx: &Ctx, p: crm_product::Model, names: &HashMap<i64, String>) -> ProductRow {
    let show_cost = ctx.can("product:cost");
    ProductRow {
        lock_version: p.lock_version,
        category_name: names.get(&p.category_id).cloned(),
        id: p.id,
        product_name: p.product_name,
        category_id: p.category_id,
        specification: p.specification,
        unit: p.unit,
        price: p.price,
        cost_price: if show_cost { p.cost_price } else { None },
        status: p.status,
        description: p.description,
        created_at: p.created_at,
    }
}

async fn descendants<C: ConnectionTrait>(conn: &C, root: i64) -> AppResult<Vec<i64>> {
    let all: Vec<(i64, Option<i64>)> = cat::Entity::find().select_only().column(cat::Column::Id).column(cat::Column::ParentId).into_tuple().all(conn).await?;
    let mut out = vec![root];
    let mut i = 0;
    while i < out.len() {
        let p = out[i];
        out.extend(all.iter().filter(|(_, parent)| *parent == Some(p)).map(|(id, _)| *id));
        i += 1;
    }
    Ok(out)
}

pub async fn list(ctx: &Ctx, f: ProductFilter, page: PageReq) -> AppResult<Page<ProductRow>> {
    ctx.require("product:read")?;
    let page = page.normalized();
    let mut q = crm_product::Entity::find();
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        let pat = format!("%{k}%");
        q = q.filter(Condition::any().add(Column::ProductName.like(&pat)).add(Column::Specification.like(&pat)));
    }
    if let Some(c) = f.category_id {
        q = q.filter(Column::CategoryId.is_in(descendants(ctx.reader(), c).await?));
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    let total = q.clone().count(ctx.reader()).await?;
    let q = match f.sort {
        None => q.order_by_asc(Column::CategoryId).order_by_asc(Column::Id),
        Some(s) => {
            let key = match s {
                ProductSort::ProductName => SortKey::Plain(Column::ProductName),
                ProductSort::Price => SortKey::Money(Column::Price),
                ProductSort::Status => SortKey::Plain(Column::Status),
                ProductSort::CreatedAt => SortKey::Plain(Column::CreatedAt),
            };
            listing::ordered(q, ctx.reader(), key, f.desc.unwrap_or(false), Column::Id)
        }
    };
    let list = q.offset(page.offset()).limit(page.page_size).all(ctx.reader()).await?;
    let names = category_names(ctx.reader()).await?;
    Ok(Page { items: list.into_iter().map(|p| row(ctx, p, &names)).collect(), total, page: page.page, page_size: page.page_size })
}

/// On-shelf products for the quotation line-item picker (by name or specification).
pub async fn pick(ctx: &Ctx, keyword: Option<String>) -> AppResult<Vec<ProductRow>> {
    let f = ProductFilter { keyword, status: Some(ProductStatus::OnShelf), ..Default::default() };
    Ok(list(ctx, f, PageReq { page: 1, page_size: 50 }).await?.items)
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<ProductRow> {
    ctx.require("product:read")?;
    let p = crm_product::Entity::find_by_id(id).one(ctx.reader()).await?.ok_or_else(|| AppError::not_found("产品", "Product"))?;
    Ok(row(ctx, p, &category_names(ctx.reader()).await?))
}

struct Clean {
    name: String,
    spec: Option<String>,
    unit: Option<String>,
    price: Dec,
    cost: Option<Dec>,
    desc: Option<String>,
}

fn price4(field: &str, zh: &str, en: &str, v: Dec) -> AppResult<Dec> {
    if v.inner().is_sign_negative() && !v.inner().is_zero() {
        return Err(AppError::validation(field, format!("{zh}不能为负数"), format!("{en} cannot be negative")));
    }
    if !v.fits(18, 4) {
        return Err(AppError::validation(field, format!("{zh}最多 14 位整数、4 位小数"), format!("{en} may have at most 14 integer digits and 4 decimals")));
    }
    Ok(v.with_scale(4))
}

fn clean(i: &ProductInput) -> AppResult<Clean> {
    Ok(Clean {
        name: util::required("productName", "产品名称", "Product name", &i.product_name, 200)?,
        spec: util::optional("specification", "规格型号", "Specification", i.specification.as_deref(), 500)?,
        unit: util::optional("unit", "单位", "Unit", i.unit.as_deref(), 20)?,
        price: price4("price", "标准售价", "Price", i.price)?,
        cost: i.cost_price.map(|c| price4("costPrice", "成本价", "Cost", c)).transpose()?,
        desc: util::optional("description", "产品描述", "Description", i.description.as_deref(), 10_000)?,
    })
}

async fn check_category<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<()> {
    if cat::Entity::find_by_id(id).one(conn).await?.is_none() {
        return Err(AppError::validation("categoryId", "请选择产品分类", "Choose a product category"));
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, input: ProductInput) -> AppResult<ProductRow> {
    ctx.require("product:create")?;
    let c = clean(&input)?;
    let txn = ctx.db.begin().await?;
    check_category(&txn, input.category_id).await?;
    let m = crm_product::ActiveModel {
        product_name: Set(c.name),
        category_id: Set(input.category_id),
        specification: Set(c.spec),
        unit: Set(c.unit),
        price: Set(c.price),
        cost_price: Set(if ctx.can("product:cost") { c.cost } else { None }),
        status: Set(input.status),
        description: Set(c.desc),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_product", m.id, oplog::diff(None, Some(&m)), Some(m.product_name.clone())).await?;
    txn.commit().await?;
    Ok(row(ctx, m, &category_names(&ctx.db).await?))
}

pub async fn update(ctx: &Ctx, id: i64, input: ProductInput) -> AppResult<ProductRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: ProductInput, version: Option<i32>) -> AppResult<ProductRow> {
    ctx.require("product:update")?;
    let c = clean(&input)?;
    let txn = ctx.db.begin().await?;
    check_category(&txn, input.category_id).await?;
    let before = crm_product::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(|| AppError::not_found("产品", "Product"))?;
    super::version::check(&txn, "crm_product", id, version, before.lock_version).await?;
    let mut am = before.clone().into_active_model();
    am.product_name = Set(c.name);
    am.category_id = Set(input.category_id);
    am.specification = Set(c.spec);
    am.unit = Set(c.unit);
    am.price = Set(c.price);
    // Someone who cannot see the cost price cannot change it (the form sends none).
    if ctx.can("product:cost") {
        am.cost_price = Set(c.cost);
    }
    am.status = Set(input.status);
    am.description = Set(c.desc);
    let after = am.update(&txn).await?;
    let action = if before.status != after.status { oplog::Action::Status } else { oplog::Action::Update };
    oplog::record(&txn, ctx, action, "crm_product", id, oplog::diff(Some(&before), Some(&after)), Some(after.product_name.clone())).await?;
    txn.commit().await?;
    Ok(row(ctx, after, &category_names(&ctx.db).await?))
}

/// Delete a product no quotation uses (take it off the shelf otherwise).
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("product:delete")?;
    let txn = ctx.db.begin().await?;
    let before = crm_product::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("产品", "Product"))?;
    let used = crm_quotation_item::Entity::find().filter(crm_quotation_item::Column::ProductId.eq(id)).count(&txn).await?
        + crate::entity::crm_contract_item::Entity::find().filter(crate::entity::crm_contract_item::Column::ProductId.eq(id)).count(&txn).await?;
    if used > 0 {
        return Err(AppError::conflict(
            None,
            "该产品已用于报价或合同,不能删除,可将其下架",
            "The product is used by quotations or contracts; take it off the shelf instead",
        ));
    }
    crm_product::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_product", id, oplog::diff(Some(&before), None), Some(before.product_name)).await?;
    txn.commit().await?;
    Ok(())
}
