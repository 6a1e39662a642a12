//! Quotations (crm_quotation, crm_quotation_item): built from an opportunity, line items
//! from products, numbering, the status flow and copying. Amounts, line validation and
//! status moves come from the shared sales-document core (`sales_doc`).

use super::listing::{self, SortKey};
use super::sales_doc::{self, CleanLine, LineIn, StatusColumns, QUOTATION};
pub use super::sales_doc::{line_amount, totals};
use super::{access, numbering, oplog, opportunity, util, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::crm_quotation::{self, Column};
use crate::entity::enums::{OpportunityStatus, QuotationStatus};
use crate::entity::{crm_customer, crm_opportunity, crm_product, crm_quotation_item as item, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct QuotationItemInput {
    pub product_id: i64,
    #[serde(default)]
    pub specification: Option<String>,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
    /// Percentage, 100 = no discount.
    pub discount: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct QuotationInput {
    pub opportunity_id: i64,
    #[serde(default)]
    pub valid_until: Option<NaiveDate>,
    #[serde(default)]
    pub remark: Option<String>,
    pub items: Vec<QuotationItemInput>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct QuotationItemRow {
    pub id: i64,
    pub product_id: i64,
    pub product_name: Option<String>,
    pub specification: Option<String>,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
    pub discount: Dec,
    pub amount: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct QuotationRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub quotation_no: String,
    pub opportunity_id: i64,
    pub opportunity_name: Option<String>,
    pub customer_id: i64,
    pub customer_name: Option<String>,
    pub total_amount: Dec,
    /// The total in Chinese capitals.
    pub total_upper: String,
    pub valid_until: Option<NaiveDate>,
    pub status: QuotationStatus,
    /// Sent, and its validity date has passed (it can no longer be accepted: copy it).
    pub expired: bool,
    pub remark: Option<String>,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Filled by `get`; empty in lists.
    pub items: Vec<QuotationItemRow>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct QuotationFilter {
    /// Matches the number.
    pub keyword: Option<String>,
    pub status: Option<QuotationStatus>,
    pub customer_id: Option<i64>,
    pub opportunity_id: Option<i64>,
    /// Only sent quotations whose validity date has passed.
    pub expired: bool,
    /// None: newest first.
    #[ts(optional = nullable)]
    pub sort: Option<QuotationSort>,
    #[ts(optional = nullable)]
    pub desc: Option<bool>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum QuotationSort {
    QuotationNo,
    TotalAmount,
    ValidUntil,
    Status,
    CreatedAt,
}

async fn names<C: ConnectionTrait>(conn: &C, list: &[crm_quotation::Model]) -> AppResult<(HashMap<i64, String>, HashMap<i64, String>, HashMap<i64, String>)> {
    let c =
        util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, list.iter().map(|q| q.customer_id))
            .await?;
    let o = util::names_by_id::<crm_opportunity::Entity, _>(
        conn,
        crm_opportunity::Column::Id,
        crm_opportunity::Column::OpportunityName,
        list.iter().map(|q| q.opportunity_id),
    )
    .await?;
    let u = util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|q| q.created_by)).await?;
    Ok((c, o, u))
}

/// The company's today (the desktop's local date): validity dates are calendar days.
fn today() -> NaiveDate {
    util::local_date(util::now())
}

/// A sent quotation past its validity date (valid through `valid_until` itself).
pub fn is_expired(status: QuotationStatus, valid_until: Option<NaiveDate>, today: NaiveDate) -> bool {
    status == QuotationStatus::Sent && valid_until.is_some_and(|v| v < today)
}

pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_quotation::Model>) -> AppResult<Vec<QuotationRow>> {
    let today = today();
    let (c, o, u) = names(conn, &list).await?;
    Ok(list
        .into_iter()
        .map(|q| QuotationRow {
            lock_version: q.lock_version,
            customer_name: c.get(&q.customer_id).cloned(),
            opportunity_name: o.get(&q.opportunity_id).cloned(),
            created_by_name: u.get(&q.created_by).cloned(),
            total_upper: q.total_amount.to_chinese_upper().unwrap_or_default(),
            id: q.id,
            quotation_no: q.quotation_no,
            opportunity_id: q.opportunity_id,
            customer_id: q.customer_id,
            total_amount: q.total_amount,
            expired: is_expired(q.status, q.valid_until, today),
            valid_until: q.valid_until,
            status: q.status,
            remark: q.remark,
            created_by: q.created_by,
            created_at: q.created_at,
            updated_at: q.updated_at,
            items: vec![],
        })
        .collect())
}

pub(crate) async fn items<C: ConnectionTrait>(conn: &C, quotation_id: i64) -> AppResult<Vec<QuotationItemRow>> {
    let list = item::Entity::find().filter(item::Column::QuotationId.eq(quotation_id)).order_by_asc(item::Column::Id).all(conn).await?;
    let products =
        util::names_by_id::<crm_product::Entity, _>(conn, crm_product::Column::Id, crm_product::Column::ProductName, list.iter().map(|i| i.product_id)).await?;
    Ok(list
        .into_iter()
        .map(|i| QuotationItemRow {
            product_name: products.get(&i.product_id).cloned(),
            id: i.id,
            product_id: i.product_id,
            specification: i.specification,
            quantity: i.quantity,
            unit: i.unit,
            unit_price: i.unit_price,
            discount: i.discount.unwrap_or(Dec(Decimal::ONE_HUNDRED)),
            amount: i.amount,
        })
        .collect())
}

pub async fn list(ctx: &Ctx, f: QuotationFilter, page: PageReq) -> AppResult<Page<QuotationRow>> {
    ctx.require("quotation:read")?;
    let page = page.normalized();
    let mut q = access::filter_deals(&ctx.owner_scope().await?, crm_quotation::Entity::find(), Column::CustomerId);
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        q = q.filter(Column::QuotationNo.like(format!("%{k}%")));
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    if let Some(c) = f.customer_id {
        q = q.filter(Column::CustomerId.eq(c));
    }
    if let Some(o) = f.opportunity_id {
        q = q.filter(Column::OpportunityId.eq(o));
    }
    if f.expired {
        q = q.filter(Column::Status.eq(QuotationStatus::Sent)).filter(Column::ValidUntil.lt(today()));
    }
    let key = match f.sort {
        None => SortKey::Plain(Column::Id),
        Some(QuotationSort::QuotationNo) => SortKey::Plain(Column::QuotationNo),
        Some(QuotationSort::TotalAmount) => SortKey::Money(Column::TotalAmount),
        Some(QuotationSort::ValidUntil) => SortKey::Plain(Column::ValidUntil),
        Some(QuotationSort::Status) => SortKey::Plain(Column::Status),
        Some(QuotationSort::CreatedAt) => SortKey::Plain(Column::CreatedAt),
    };
    let (list, total) = listing::fetch(ctx.reader(), q, page, key, f.desc.unwrap_or(true), Column::Id).await?;
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

pub(crate) async fn load_visible<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64, lock: bool) -> AppResult<crm_quotation::Model> {
    let q = crm_quotation::Entity::find_by_id(id);
    let q = if lock { q.lock_exclusive() } else { q };
    match q.one(conn).await? {
        Some(x) if access::deals_of(conn, scope, x.customer_id).await? => Ok(x),
        _ => Err(QUOTATION.not_found()),
    }
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<QuotationRow> {
    ctx.require("quotation:read")?;
    let q = load_visible(ctx.reader(), &ctx.owner_scope().await?, id, false).await?;
    let mut r = rows(ctx.reader(), vec![q]).await?.remove(0);
    r.items = items(ctx.reader(), id).await?;
    Ok(r)
}

fn line_inputs(input: &[QuotationItemInput]) -> Vec<LineIn<'_>> {
    input
        .iter()
        .map(|i| LineIn {
            product_id: i.product_id,
            specification: i.specification.as_deref(),
            quantity: i.quantity,
            unit: &i.unit,
            unit_price: i.unit_price,
            discount: Some(i.discount),
        })
        .collect()
}

async fn write_items<C: ConnectionTrait>(conn: &C, quotation_id: i64, lines: Vec<CleanLine>) -> AppResult<()> {
    let models: Vec<item::ActiveModel> = lines
        .into_iter()
        .map(|i| item::ActiveModel {
            quotation_id: Set(quotation_id),
            product_id: Set(i.product_id),
            specification: Set(i.spec),
            quantity: Set(i.quantity),
            unit: Set(i.unit),
            unit_price: Set(i.unit_price),
            discount: Set(Some(i.discount)),
            amount: Set(i.amount),
            ..Default::default()
        })
        .collect();
    sales_doc::insert_items(conn, models).await
}

fn check_valid_until(d: Option<NaiveDate>) -> AppResult<NaiveDate> {
    let d = util::opt_date("validUntil", d)?;
    let today = chrono::Local::now().date_naive();
    match d {
        None => Ok(today + chrono::Duration::days(30)),
        Some(d) if d < today => Err(AppError::validation("validUntil", "报价有效期不能早于今天", "The quotation cannot expire before today")),
        Some(d) => Ok(d),
    }
}

/// A new draft quotation for an opportunity (its customer), numbered in the same transaction.
pub async fn create(ctx: &Ctx, input: QuotationInput) -> AppResult<QuotationRow> {
    // A new number races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| create_once(ctx, input.clone())).await
}

async fn create_once(ctx: &Ctx, input: QuotationInput) -> AppResult<QuotationRow> {
    ctx.require("quotation:create")?;
    let creator = ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能创建报价单", "The CLI cannot create quotations"))?;
    let remark = util::optional("remark", "备注/条款", "Remarks / terms", input.remark.as_deref(), 10_000)?;
    let valid_until = check_valid_until(input.valid_until)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let opp = opportunity::load_visible(&txn, &scope, input.opportunity_id, false).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::validation("opportunityId", "请选择您负责的商机", "Choose one of your opportunities"),
        e => e,
    })?;
    if opp.status == OpportunityStatus::Lost {
        return Err(AppError::validation("opportunityId", "已输单的商机不能再报价", "A lost opportunity cannot be quoted"));
    }
    let (lines, total) = sales_doc::clean_lines(&txn, &line_inputs(&input.items), &[]).await?;
    let no = numbering::next_in(&txn, numbering::DocType::Quotation).await?;
    let now = util::now();
    let m = crm_quotation::ActiveModel {
        quotation_no: Set(no),
        opportunity_id: Set(opp.id),
        customer_id: Set(opp.customer_id),
        total_amount: Set(total),
        valid_until: Set(Some(valid_until)),
        status: Set(QuotationStatus::Draft),
        remark: Set(remark),
        created_by: Set(creator),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    write_items(&txn, m.id, lines).await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_quotation", m.id, oplog::diff(None, Some(&m)), Some(m.quotation_no.clone())).await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

/// Edit a draft: validity, remarks and the whole set of lines.
pub async fn update(ctx: &Ctx, id: i64, input: QuotationInput) -> AppResult<QuotationRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: QuotationInput, version: Option<i32>) -> AppResult<QuotationRow> {
    ctx.require("quotation:update")?;
    let remark = util::optional("remark", "备注/条款", "Remarks / terms", input.remark.as_deref(), 10_000)?;
    let valid_until = check_valid_until(input.valid_until)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    super::version::check(&txn, "crm_quotation", id, version, before.lock_version).await?;
    QUOTATION.only_draft(before.status == QuotationStatus::Draft, before.status.label_zh(), before.status.label_en())?;
    // Lines already on the draft may keep a product that went off the shelf since.
    let existing: Vec<i64> =
        item::Entity::find().select_only().column(item::Column::ProductId).filter(item::Column::QuotationId.eq(id)).into_tuple().all(&txn).await?;
    let (lines, total) = sales_doc::clean_lines(&txn, &line_inputs(&input.items), &existing).await?;
    item::Entity::delete_many().filter(item::Column::QuotationId.eq(id)).exec(&txn).await?;
    write_items(&txn, id, lines).await?;
    let mut am = before.clone().into_active_model();
    am.total_amount = Set(total);
    am.valid_until = Set(Some(valid_until));
    am.remark = Set(remark);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_quotation", id, oplog::diff(Some(&before), Some(&after)), Some(after.quotation_no.clone())).await?;
    txn.commit().await?;
    get(ctx, id).await
}

/// The legal moves: draft → sent, sent → accepted / rejected.
pub fn can_move(from: QuotationStatus, to: QuotationStatus) -> bool {
    use QuotationStatus::*;
    matches!((from, to), (Draft, Sent) | (Sent, Accepted) | (Sent, Rejected))
}

pub async fn set_status(ctx: &Ctx, id: i64, to: QuotationStatus) -> AppResult<QuotationRow> {
    ctx.require("quotation:update")?;
    if to == QuotationStatus::Accepted && super::settings::security_policy(&ctx.db).await?.quotation_accept_needs_approval {
        // The company asks that a customer's acceptance be recorded by an approver.
        ctx.require("quotation:approve")?;
    }
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    if !can_move(before.status, to) {
        return Err(QUOTATION.illegal_move((before.status.label_zh(), before.status.label_en()), (to.label_zh(), to.label_en())));
    }
    if to == QuotationStatus::Accepted && is_expired(before.status, before.valid_until, today()) {
        let d = before.valid_until.map(|d| d.to_string()).unwrap_or_default();
        return Err(AppError::conflict(
            Some("validUntil"),
            format!("报价单已于 {d} 过期,不能再接受;请复制为新的草稿,更新后重新发送"),
            format!("The quotation expired on {d} and can no longer be accepted; copy it to a new draft, update it and send it again"),
        ));
    }
    let cols = StatusColumns::<crm_quotation::Entity> { id: Column::Id, status: Column::Status, updated_at: Column::UpdatedAt };
    let now = util::now();
    sales_doc::move_status(&txn, QUOTATION, cols, id, before.status, to, now, vec![]).await?;
    let mut after = before.clone();
    after.status = to;
    after.updated_at = now;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_quotation", id, oplog::diff(Some(&before), Some(&after)), Some(before.quotation_no.clone())).await?;
    txn.commit().await?;
    get(ctx, id).await
}

/// A new draft with the same lines and a new number.
pub async fn copy(ctx: &Ctx, id: i64) -> AppResult<QuotationRow> {
    // A new number races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| copy_once(ctx, id)).await
}

async fn copy_once(ctx: &Ctx, id: i64) -> AppResult<QuotationRow> {
    ctx.require("quotation:create")?;
    let creator = ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能创建报价单", "The CLI cannot create quotations"))?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let src = load_visible(&txn, &scope, id, false).await?;
    let lines = item::Entity::find().filter(item::Column::QuotationId.eq(id)).order_by_asc(item::Column::Id).all(&txn).await?;
    let no = numbering::next_in(&txn, numbering::DocType::Quotation).await?;
    let now = util::now();
    let m = crm_quotation::ActiveModel {
        quotation_no: Set(no),
        opportunity_id: Set(src.opportunity_id),
        customer_id: Set(src.customer_id),
        total_amount: Set(src.total_amount),
        valid_until: Set(Some(chrono::Local::now().date_naive() + chrono::Duration::days(30))),
        status: Set(QuotationStatus::Draft),
        remark: Set(src.remark.clone()),
        created_by: Set(creator),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let copies: Vec<item::ActiveModel> = lines
        .into_iter()
        .map(|i| item::ActiveModel {
            quotation_id: Set(m.id),
            product_id: Set(i.product_id),
            specification: Set(i.specification),
            quantity: Set(i.quantity),
            unit: Set(i.unit),
            unit_price: Set(i.unit_price),
            discount: Set(i.discount),
            amount: Set(i.amount),
            ..Default::default()
        })
        .collect();
    sales_doc::insert_items(&txn, copies).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Create,
        "crm_quotation",
        m.id,
        oplog::diff(None, Some(&m)),
        Some(format!("{} ← {}", m.quotation_no, src.quotation_no)),
    )
    .await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("quotation:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    QUOTATION.only_draft(before.status == QuotationStatus::Draft, before.status.label_zh(), before.status.label_en())?;
    item::Entity::delete_many().filter(item::Column::QuotationId.eq(id)).exec(&txn).await?;
    crm_quotation::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_quotation", id, oplog::diff(Some(&before), None), Some(before.quotation_no)).await?;
    txn.commit().await?;
    Ok(())
}

/// Quotations whose number or customer matches, for pickers.
pub async fn search_accepted(ctx: &Ctx, customer_id: Option<i64>) -> AppResult<Vec<QuotationRow>> {
    ctx.require("quotation:read")?;
    let mut q =
        access::filter_deals(&ctx.owner_scope().await?, crm_quotation::Entity::find(), Column::CustomerId).filter(Column::Status.eq(QuotationStatus::Accepted));
    if let Some(c) = customer_id {
        q = q.filter(Condition::all().add(Column::CustomerId.eq(c)));
    }
    let list = q.order_by_desc(Column::Id).limit(100).all(&ctx.db).await?;
    rows(&ctx.db, list).await
}
