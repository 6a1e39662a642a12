//! Contracts (crm_contract, crm_contract_item): from an accepted quotation or from
//! scratch, numbering, dates, the approval flow (approver ≠ creator), termination, and
//! the signed scan stored in the database (`sys_attachment`) so every desktop sharing it
//! can open it.

use super::attachment::{self, AttachmentRow, AttachmentUpload};
use super::listing::{self, SortKey};
use super::sales_doc::{self, CleanLine, LineIn, StatusColumns, CONTRACT};
use super::{access, numbering, oplog, quotation, util, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::crm_contract::{self, Column};
use crate::entity::enums::{ContractStatus, QuotationStatus};
use crate::entity::{crm_contract_item as item, crm_customer, crm_product, crm_quotation, crm_quotation_item, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

/// Contract line amount: quantity × unit price, half-up to the cent.
pub fn line_amount(quantity: Dec, unit_price: Dec) -> Option<Dec> {
    sales_doc::line_amount(quantity, unit_price, Dec(Decimal::ONE_HUNDRED))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractItemInput {
    pub product_id: i64,
    #[serde(default)]
    pub specification: Option<String>,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractInput {
    pub customer_id: i64,
    #[serde(default)]
    pub opportunity_id: Option<i64>,
    pub contract_name: String,
    pub sign_date: NaiveDate,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub remark: Option<String>,
    pub items: Vec<ContractItemInput>,
}

/// Contract terms when created from an accepted quotation (lines are copied).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FromQuotationInput {
    #[serde(default)]
    pub contract_name: Option<String>,
    pub sign_date: NaiveDate,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    pub end_date: Option<NaiveDate>,
    #[serde(default)]
    pub remark: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractItemRow {
    pub id: i64,
    pub product_id: i64,
    pub product_name: Option<String>,
    pub specification: Option<String>,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
    pub amount: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub contract_no: String,
    pub customer_id: i64,
    pub customer_name: Option<String>,
    pub opportunity_id: Option<i64>,
    pub quotation_id: Option<i64>,
    pub quotation_no: Option<String>,
    pub contract_name: String,
    pub sign_date: NaiveDate,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub total_amount: Dec,
    pub total_upper: String,
    pub status: ContractStatus,
    pub remark: Option<String>,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub approved_by: Option<i64>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<NaiveDateTime>,
    pub terminate_reason: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// Filled by `get`.
    pub items: Vec<ContractItemRow>,
    /// Filled by `get`.
    pub attachments: Vec<AttachmentRow>,
    /// Received, invoiced, outstanding, next plan date, overdue.
    pub money: Option<super::rollup::ContractMoney>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContractFilter {
    /// Matches number and name.
    pub keyword: Option<String>,
    pub status: Option<ContractStatus>,
    pub customer_id: Option<i64>,
    /// Signed on or after / on or before (sign date).
    #[ts(optional = nullable)]
    pub sign_from: Option<chrono::NaiveDate>,
    #[ts(optional = nullable)]
    pub sign_to: Option<chrono::NaiveDate>,
    /// Drawn up by this rep (the rep a contract counts for in reports).
    #[ts(optional = nullable)]
    pub created_by: Option<i64>,
    /// Collection state: unfinished, overdue, not fully invoiced.
    #[ts(optional = nullable)]
    pub collection: Option<CollectionFilter>,
    /// None: newest first.
    #[ts(optional = nullable)]
    pub sort: Option<ContractSort>,
    #[ts(optional = nullable)]
    pub desc: Option<bool>,
}

/// The contract list's collection filters.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum CollectionFilter {
    /// Approved or signed, confirmed receipts below the total.
    Unfinished,
    /// A plan dated before today is not fully paid.
    Overdue,
    /// Valid (not voided) invoices below the total.
    NotFullyInvoiced,
}

/// Sums over every contract the current filter matches (the list's totals row).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractTotals {
    pub count: u64,
    pub total_amount: Dec,
    pub received: Dec,
    pub outstanding: Dec,
    pub invoiced: Dec,
    pub uninvoiced: Dec,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ContractSort {
    /// Total minus confirmed receipts.
    Outstanding,
    ContractNo,
    ContractName,
    SignDate,
    EndDate,
    TotalAmount,
    Status,
    CreatedAt,
}

pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_contract::Model>) -> AppResult<Vec<ContractRow>> {
    let mut money = super::rollup::money_of(conn, &list, chrono::Local::now().date_naive()).await?;
    let customers =
        util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, list.iter().map(|c| c.customer_id))
            .await?;
    let quotes = util::names_by_id::<crm_quotation::Entity, _>(
        conn,
        crm_quotation::Column::Id,
        crm_quotation::Column::QuotationNo,
        list.iter().filter_map(|c| c.quotation_id),
    )
    .await?;
    let users = util::names_by_id::<sys_user::Entity, _>(
        conn,
        sys_user::Column::Id,
        sys_user::Column::FullName,
        list.iter().map(|c| c.created_by).chain(list.iter().filter_map(|c| c.approved_by)),
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|c| ContractRow {
            lock_version: c.lock_version,
            customer_name: customers.get(&c.customer_id).cloned(),
            quotation_no: c.quotation_id.and_then(|q| quotes.get(&q).cloned()),
            created_by_name: users.get(&c.created_by).cloned(),
            approved_by_name: c.approved_by.and_then(|u| users.get(&u).cloned()),
            total_upper: c.total_amount.to_chinese_upper().unwrap_or_default(),
            id: c.id,
            contract_no: c.contract_no,
            customer_id: c.customer_id,
            opportunity_id: c.opportunity_id,
            quotation_id: c.quotation_id,
            contract_name: c.contract_name,
            sign_date: c.sign_date,
            start_date: c.start_date,
            end_date: c.end_date,
            total_amount: c.total_amount,
            status: c.status,
            remark: c.remark,
            created_by: c.created_by,
            approved_by: c.approved_by,
            approved_at: c.approved_at,
            terminate_reason: c.terminate_reason,
            created_at: c.created_at,
            updated_at: c.updated_at,
            items: vec![],
            attachments: vec![],
            money: money.remove(&c.id),
        })
        .collect())
}

pub(crate) async fn items<C: ConnectionTrait>(conn: &C, contract_id: i64) -> AppResult<Vec<ContractItemRow>> {
    let list = item::Entity::find().filter(item::Column::ContractId.eq(contract_id)).order_by_asc(item::Column::Id).all(conn).await?;
    let names =
        util::names_by_id::<crm_product::Entity, _>(conn, crm_product::Column::Id, crm_product::Column::ProductName, list.iter().map(|i| i.product_id)).await?;
    Ok(list
        .into_iter()
        .map(|i| ContractItemRow {
            product_name: names.get(&i.product_id).cloned(),
            id: i.id,
            product_id: i.product_id,
            specification: i.specification,
            quantity: i.quantity,
            unit: i.unit,
            unit_price: i.unit_price,
            amount: i.amount,
        })
        .collect())
}

fn filtered(scope: &OwnerScope, f: &ContractFilter) -> sea_orm::Select<crm_contract::Entity> {
    let mut q = access::filter_deals(scope, crm_contract::Entity::find(), Column::CustomerId);
    match f.collection {
        None => {}
        // The derived columns (rollup): indexed, exact integers on both backends.
        Some(CollectionFilter::Unfinished) => {
            q = q.filter(Column::Status.is_in([ContractStatus::Approved, ContractStatus::Signed])).filter(Column::OutstandingCents.gt(0));
        }
        Some(CollectionFilter::Overdue) => {
            q = q.filter(Column::NextPlanDate.lt(chrono::Local::now().date_naive()));
        }
        Some(CollectionFilter::NotFullyInvoiced) => {
            q = q.filter(Column::Status.is_in([ContractStatus::Approved, ContractStatus::Signed])).filter(Column::UninvoicedCents.gt(0));
        }
    }
    q
}

/// On MySQL/MariaDB, a list within a data scope must read contracts through the covering
/// `idx_collect (customer_id, status, outstanding_cents)`: as a prepared statement MariaDB
/// picked the seed's `idx_customer` instead and fetched every matching row (75 ms for 48k
/// matches against 15 ms; the same SQL as text chose right).
fn scoped_hint(mut q: sea_orm::Select<crm_contract::Entity>, backend: sea_orm::DatabaseBackend, scope: &OwnerScope) -> sea_orm::Select<crm_contract::Entity> {
    use sea_orm::sea_query::extension::mysql::{IndexHintScope, MySqlSelectStatementExt};
    use sea_orm::QueryTrait;
    if backend == sea_orm::DatabaseBackend::MySql && matches!(scope, OwnerScope::Owners(_)) {
        QueryTrait::query(&mut q).ignore_index(sea_orm::sea_query::Alias::new("idx_customer"), IndexHintScope::All);
    }
    q
}

/// The totals row of the contract list for the current filter: sums in SQL over the
/// derived columns, exact on both backends (SQLite sums whole cents).
pub async fn totals(ctx: &Ctx, f: ContractFilter) -> AppResult<ContractTotals> {
    use sea_orm::sea_query::Expr;
    ctx.require("contract:read")?;
    let scope = ctx.owner_scope().await?;
    let be = ctx.db.get_database_backend();
    let sum = |col: &str| match be {
        sea_orm::DatabaseBackend::Sqlite => format!("COALESCE(SUM(CAST(ROUND(CAST({col} AS REAL) * 100) AS INTEGER)), 0)"),
        _ => format!("CAST(COALESCE(SUM({col}), 0) * 100 AS SIGNED)"),
    };
    let (count, total, received, invoiced): (i64, i64, i64, i64) = scoped_hint(apply_filter(filtered(&scope, &f), &f), be, &scope)
        .select_only()
        .column_as(Expr::cust("COUNT(*)"), "n")
        .column_as(Expr::cust(sum("crm_contract.total_amount")), "t")
        .column_as(Expr::cust(sum("crm_contract.received_amount")), "r")
        .column_as(Expr::cust(sum("crm_contract.invoiced_amount")), "i")
        .into_tuple()
        .one(&ctx.db)
        .await?
        .unwrap_or_default();
    let dec = |c: i64| super::rollup::from_cents(c).with_scale(2);
    Ok(ContractTotals {
        count: count as u64,
        total_amount: dec(total),
        received: dec(received),
        outstanding: dec(total - received),
        invoiced: dec(invoiced),
        uninvoiced: dec(total - invoiced),
    })
}

fn apply_filter(mut q: sea_orm::Select<crm_contract::Entity>, f: &ContractFilter) -> sea_orm::Select<crm_contract::Entity> {
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        let pat = format!("%{k}%");
        q = q.filter(sea_orm::Condition::any().add(Column::ContractNo.like(&pat)).add(Column::ContractName.like(&pat)));
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    if let Some(c) = f.customer_id {
        q = q.filter(Column::CustomerId.eq(c));
    }
    if let Some(d) = f.sign_from {
        q = q.filter(Column::SignDate.gte(d));
    }
    if let Some(d) = f.sign_to {
        q = q.filter(Column::SignDate.lte(d));
    }
    if let Some(u) = f.created_by {
        q = q.filter(Column::CreatedBy.eq(u));
    }
    q
}

pub async fn list(ctx: &Ctx, f: ContractFilter, page: PageReq) -> AppResult<Page<ContractRow>> {
    ctx.require("contract:read")?;
    let page = page.normalized();
    let scope = ctx.owner_scope().await?;
    let q = scoped_hint(apply_filter(filtered(&scope, &f), &f), ctx.db.get_database_backend(), &scope);
    let key = match f.sort {
        None => SortKey::Plain(Column::Id),
        Some(ContractSort::Outstanding) => SortKey::Plain(Column::OutstandingCents),
        Some(ContractSort::ContractNo) => SortKey::Plain(Column::ContractNo),
        Some(ContractSort::ContractName) => SortKey::Plain(Column::ContractName),
        Some(ContractSort::SignDate) => SortKey::Plain(Column::SignDate),
        Some(ContractSort::EndDate) => SortKey::Plain(Column::EndDate),
        Some(ContractSort::TotalAmount) => SortKey::Money(Column::TotalAmount),
        Some(ContractSort::Status) => SortKey::Plain(Column::Status),
        Some(ContractSort::CreatedAt) => SortKey::Plain(Column::CreatedAt),
    };
    let (list, total) = listing::fetch(ctx.reader(), q, page, key, f.desc.unwrap_or(true), Column::Id).await?;
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

/// Visible (and changeable, within the status rules) while its customer is owned by
/// someone in the caller's scope. Approvers act within their scope too.
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64, lock: bool) -> AppResult<crm_contract::Model> {
    let q = crm_contract::Entity::find_by_id(id);
    let q = if lock { q.lock_exclusive() } else { q };
    match q.one(conn).await? {
        Some(c) if access::deals_of(conn, scope, c.customer_id).await? => Ok(c),
        _ => Err(CONTRACT.not_found()),
    }
}

/// Drafts in the caller's scope that the caller may approve (not their own), oldest first.
pub async fn awaiting_my_approval(ctx: &Ctx, page: PageReq) -> AppResult<Page<ContractRow>> {
    ctx.require("contract:approve")?;
    let me = ctx.actor_id().unwrap_or(0);
    let q = access::filter_deals(&ctx.owner_scope().await?, crm_contract::Entity::find(), Column::CustomerId)
        .filter(Column::Status.eq(ContractStatus::Draft))
        .filter(Column::CreatedBy.ne(me));
    let page = page.normalized();
    let (list, total) = listing::fetch(&ctx.db, q, page, SortKey::Plain(Column::Id), false, Column::Id).await?;
    Ok(Page { items: rows(&ctx.db, list).await?, total, page: page.page, page_size: page.page_size })
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<ContractRow> {
    ctx.require("contract:read")?;
    let c = load(ctx.reader(), &ctx.owner_scope().await?, id, false).await?;
    let mut r = rows(ctx.reader(), vec![c]).await?.remove(0);
    r.items = items(ctx.reader(), id).await?;
    r.attachments = attachment::list(ctx.reader(), ENTITY, id).await?;
    Ok(r)
}

struct Terms {
    name: String,
    remark: Option<String>,
}

fn check_terms(name: &str, sign: NaiveDate, start: Option<NaiveDate>, end: Option<NaiveDate>, remark: Option<&str>) -> AppResult<Terms> {
    let name = util::required("contractName", "合同名称", "Contract name", name, 200)?;
    util::date("signDate", sign)?;
    util::opt_date("startDate", start)?;
    util::opt_date("endDate", end)?;
    if let (Some(s), Some(e)) = (start, end) {
        if e < s {
            return Err(AppError::validation("endDate", "到期日期不能早于生效日期", "The end date cannot be before the start date"));
        }
    }
    if let Some(e) = end {
        if e < sign {
            return Err(AppError::validation("endDate", "到期日期不能早于签约日期", "The end date cannot be before the signing date"));
        }
    }
    let remark = util::optional("remark", "合同条款/备注", "Terms / remarks", remark, 20_000)?;
    Ok(Terms { name, remark })
}

async fn clean_items<C: ConnectionTrait>(conn: &C, input: &[ContractItemInput], allowed_off_shelf: &[i64]) -> AppResult<(Vec<CleanLine>, Dec)> {
    // Contract lines follow the quotation rules with no discount.
    let lines: Vec<LineIn<'_>> = input
        .iter()
        .map(|i| LineIn {
            product_id: i.product_id,
            specification: i.specification.as_deref(),
            quantity: i.quantity,
            unit: &i.unit,
            unit_price: i.unit_price,
            discount: None,
        })
        .collect();
    sales_doc::clean_lines(conn, &lines, allowed_off_shelf).await
}

async fn write_items<C: ConnectionTrait>(conn: &C, contract_id: i64, lines: Vec<CleanLine>) -> AppResult<()> {
    let models: Vec<item::ActiveModel> = lines
        .into_iter()
        .map(|l| item::ActiveModel {
            contract_id: Set(contract_id),
            product_id: Set(l.product_id),
            specification: Set(l.spec),
            quantity: Set(l.quantity),
            unit: Set(l.unit),
            unit_price: Set(l.unit_price),
            amount: Set(l.amount),
            ..Default::default()
        })
        .collect();
    sales_doc::insert_items(conn, models).await
}

#[allow(clippy::too_many_arguments)]
async fn insert<C: ConnectionTrait>(
    conn: &C,
    ctx: &Ctx,
    customer_id: i64,
    opportunity_id: Option<i64>,
    quotation_id: Option<i64>,
    terms: Terms,
    sign: NaiveDate,
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    total: Dec,
) -> AppResult<crm_contract::Model> {
    let creator = ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能创建合同", "The CLI cannot create contracts"))?;
    let no = numbering::next_in(conn, numbering::DocType::Contract).await?;
    let now = util::now();
    let m = crm_contract::ActiveModel {
        contract_no: Set(no),
        customer_id: Set(customer_id),
        opportunity_id: Set(opportunity_id),
        quotation_id: Set(quotation_id),
        contract_name: Set(terms.name),
        sign_date: Set(sign),
        start_date: Set(start),
        end_date: Set(end),
        total_amount: Set(total),
        status: Set(ContractStatus::Draft),
        file_url: Set(None),
        remark: Set(terms.remark),
        created_by: Set(creator),
        created_at: Set(now),
        updated_at: Set(now),
        approved_by: Set(None),
        approved_at: Set(None),
        terminate_reason: Set(None),
        // Derived (rollup): nothing received or invoiced yet.
        outstanding_cents: Set(super::rollup::cents(total.inner())),
        uninvoiced_cents: Set(super::rollup::cents(total.inner())),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    oplog::record(conn, ctx, oplog::Action::Create, "crm_contract", m.id, oplog::diff(None, Some(&m)), Some(m.contract_no.clone())).await?;
    Ok(m)
}

/// A draft contract from scratch for one of the caller's customers.
pub async fn create(ctx: &Ctx, input: ContractInput) -> AppResult<ContractRow> {
    // A new number races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| create_once(ctx, input.clone())).await
}

async fn create_once(ctx: &Ctx, input: ContractInput) -> AppResult<ContractRow> {
    ctx.require("contract:create")?;
    let terms = check_terms(&input.contract_name, input.sign_date, input.start_date, input.end_date, input.remark.as_deref())?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = access::owned_customer(&txn, &scope, input.customer_id).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::validation("customerId", "请选择您负责的客户", "Choose one of your customers"),
        e => e,
    })?;
    if let Some(o) = input.opportunity_id {
        let ok = crate::entity::crm_opportunity::Entity::find_by_id(o).one(&txn).await?.is_some_and(|x| x.customer_id == c.id);
        if !ok {
            return Err(AppError::validation("opportunityId", "商机不属于该客户", "The opportunity belongs to another customer"));
        }
    }
    let (lines, total) = clean_items(&txn, &input.items, &[]).await?;
    let m = insert(&txn, ctx, c.id, input.opportunity_id, None, terms, input.sign_date, input.start_date, input.end_date, total).await?;
    write_items(&txn, m.id, lines).await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

/// A draft contract from an accepted quotation: customer, opportunity and every line
/// copied. A line's unit price becomes the discounted price and its amount is the
/// quotation's amount, so the totals are equal to the cent.
pub async fn create_from_quotation(ctx: &Ctx, quotation_id: i64, input: FromQuotationInput) -> AppResult<ContractRow> {
    // A new number races other desktops: a deadlock or lock wait is retried.
    super::util::retry_contended(|| create_from_quotation_once(ctx, quotation_id, input.clone())).await
}

async fn create_from_quotation_once(ctx: &Ctx, quotation_id: i64, input: FromQuotationInput) -> AppResult<ContractRow> {
    ctx.require("contract:create")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let q = quotation::load_visible(&txn, &scope, quotation_id, true).await?;
    if q.status != QuotationStatus::Accepted {
        return Err(AppError::validation("quotationId", "只有客户已接受的报价单才能生成合同", "Only an accepted quotation can become a contract"));
    }
    let existing =
        crm_contract::Entity::find().filter(Column::QuotationId.eq(quotation_id)).filter(Column::Status.ne(ContractStatus::Terminated)).one(&txn).await?;
    if let Some(e) = existing {
        return Err(AppError::conflict(
            Some("quotationId"),
            format!("该报价单已生成合同 {}", e.contract_no),
            format!("This quotation already has contract {}", e.contract_no),
        ));
    }
    let cust = crm_customer::Entity::find_by_id(q.customer_id).one(&txn).await?.ok_or_else(|| AppError::not_found("客户", "Customer"))?;
    let default_name = format!("{}采购合同", cust.customer_name);
    let terms = check_terms(
        input.contract_name.as_deref().unwrap_or(&default_name),
        input.sign_date,
        input.start_date,
        input.end_date,
        input.remark.as_deref().or(q.remark.as_deref()),
    )?;
    let qitems = crm_quotation_item::Entity::find()
        .filter(crm_quotation_item::Column::QuotationId.eq(quotation_id))
        .order_by_asc(crm_quotation_item::Column::Id)
        .all(&txn)
        .await?;
    let lines: Vec<CleanLine> = qitems
        .into_iter()
        .map(|i| {
            let discount = i.discount.map(|d| d.inner()).unwrap_or(Decimal::ONE_HUNDRED);
            CleanLine {
                product_id: i.product_id,
                spec: i.specification,
                quantity: i.quantity,
                unit: i.unit,
                unit_price: Dec(i.unit_price.inner() * discount / Decimal::ONE_HUNDRED).with_scale(4),
                discount: Dec(Decimal::ONE_HUNDRED),
                amount: i.amount,
            }
        })
        .collect();
    let m =
        insert(&txn, ctx, q.customer_id, Some(q.opportunity_id), Some(q.id), terms, input.sign_date, input.start_date, input.end_date, q.total_amount).await?;
    write_items(&txn, m.id, lines).await?;
    txn.commit().await?;
    get(ctx, m.id).await
}

pub async fn update(ctx: &Ctx, id: i64, input: ContractInput) -> AppResult<ContractRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: ContractInput, version: Option<i32>) -> AppResult<ContractRow> {
    ctx.require("contract:update")?;
    let terms = check_terms(&input.contract_name, input.sign_date, input.start_date, input.end_date, input.remark.as_deref())?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, &scope, id, true).await?;
    super::version::check(&txn, "crm_contract", id, version, before.lock_version).await?;
    CONTRACT.only_draft(before.status == ContractStatus::Draft, before.status.label_zh(), before.status.label_en())?;
    let existing: Vec<i64> =
        item::Entity::find().select_only().column(item::Column::ProductId).filter(item::Column::ContractId.eq(id)).into_tuple().all(&txn).await?;
    let (lines, total) = clean_items(&txn, &input.items, &existing).await?;
    item::Entity::delete_many().filter(item::Column::ContractId.eq(id)).exec(&txn).await?;
    write_items(&txn, id, lines).await?;
    let mut am = before.clone().into_active_model();
    am.contract_name = Set(terms.name);
    am.sign_date = Set(input.sign_date);
    am.start_date = Set(input.start_date);
    am.end_date = Set(input.end_date);
    am.remark = Set(terms.remark);
    am.total_amount = Set(total);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_contract", id, oplog::diff(Some(&before), Some(&after)), Some(after.contract_no.clone())).await?;
    super::rollup::refresh(&txn, id).await?;
    txn.commit().await?;
    get(ctx, id).await
}

/// Every status move, conditional on the status read so concurrent changes cannot both win.
async fn move_to<C: ConnectionTrait>(conn: &C, ctx: &Ctx, before: &crm_contract::Model, to: ContractStatus, reason: Option<String>) -> AppResult<()> {
    let now = util::now();
    let mut extra = vec![];
    if to == ContractStatus::Approved {
        extra.push((Column::ApprovedBy, Expr::value(ctx.actor_id())));
        extra.push((Column::ApprovedAt, Expr::value(now)));
    }
    if let Some(r) = &reason {
        extra.push((Column::TerminateReason, Expr::value(r.clone())));
    }
    let cols = StatusColumns::<crm_contract::Entity> { id: Column::Id, status: Column::Status, updated_at: Column::UpdatedAt };
    sales_doc::move_status(conn, CONTRACT, cols, before.id, before.status, to, now, extra).await?;
    let mut changes = serde_json::Map::new();
    changes.insert("status".into(), serde_json::json!([before.status, to]));
    oplog::record(
        conn,
        ctx,
        oplog::Action::Status,
        "crm_contract",
        before.id,
        changes,
        Some(match reason {
            Some(r) => format!("{}:{r}", before.contract_no),
            None => before.contract_no.clone(),
        }),
    )
    .await
}

/// The legal moves: draft → approved → signed; approved or signed → terminated.
pub fn can_move(from: ContractStatus, to: ContractStatus) -> bool {
    use ContractStatus::*;
    matches!((from, to), (Draft, Approved) | (Approved, Signed) | (Approved, Terminated) | (Signed, Terminated))
}

fn illegal(from: ContractStatus, to: ContractStatus) -> AppError {
    CONTRACT.illegal_move((from.label_zh(), from.label_en()), (to.label_zh(), to.label_en()))
}

/// Approve a draft: needs `contract:approve`, and the approver cannot be its creator.
pub async fn approve(ctx: &Ctx, id: i64) -> AppResult<ContractRow> {
    approve_seen(ctx, id, None).await
}

/// [`approve`] what the approver saw: `version` is the contract as it was on their
/// screen; if it was edited since, the approval is refused (CONFLICT) and they reload.
pub async fn approve_seen(ctx: &Ctx, id: i64, version: Option<i32>) -> AppResult<ContractRow> {
    ctx.require("contract:approve")?;
    let me = ctx.actor_id().ok_or_else(|| AppError::validation("approvedBy", "审核需要登录用户", "Approval needs a logged-in user"))?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, &scope, id, true).await?;
    super::version::check(&txn, "crm_contract", id, version, before.lock_version).await?;
    if !can_move(before.status, ContractStatus::Approved) {
        return Err(illegal(before.status, ContractStatus::Approved));
    }
    if before.created_by == me {
        return Err(AppError::validation(
            "approvedBy",
            "不能审核自己创建的合同,请由其他有审核权限的同事审核",
            "You cannot approve a contract you created; another approver must",
        ));
    }
    move_to(&txn, ctx, &before, ContractStatus::Approved, None).await?;
    txn.commit().await?;
    get(ctx, id).await
}

pub async fn sign(ctx: &Ctx, id: i64) -> AppResult<ContractRow> {
    ctx.require("contract:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, &scope, id, true).await?;
    if !can_move(before.status, ContractStatus::Signed) {
        return Err(illegal(before.status, ContractStatus::Signed));
    }
    move_to(&txn, ctx, &before, ContractStatus::Signed, None).await?;
    // Signing wins the opportunity and marks the customer a deal.
    if let Some(o) = before.opportunity_id {
        // …and moves it to the won stage, so stage and status agree.
        let won = super::opportunity::won_stage(&super::opportunity::stages(&txn).await?).map(|w| w.name.clone());
        let mut q = crate::entity::crm_opportunity::Entity::update_many()
            .col_expr(crate::entity::crm_opportunity::Column::Status, Expr::value(crate::entity::enums::OpportunityStatus::Won))
            .col_expr(crate::entity::crm_opportunity::Column::WinProbability, Expr::value(100));
        if let Some(w) = won {
            q = q.col_expr(crate::entity::crm_opportunity::Column::Stage, Expr::value(w));
        }
        q.filter(crate::entity::crm_opportunity::Column::Id.eq(o))
            .filter(crate::entity::crm_opportunity::Column::Status.eq(crate::entity::enums::OpportunityStatus::InProgress))
            .exec(&txn)
            .await?;
    }
    crm_customer::Entity::update_many()
        .col_expr(crm_customer::Column::Status, Expr::value(crate::entity::enums::CustomerStatus::Deal))
        .filter(crm_customer::Column::Id.eq(before.customer_id))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    get(ctx, id).await
}

pub async fn terminate(ctx: &Ctx, id: i64, reason: &str) -> AppResult<ContractRow> {
    ctx.require("contract:update")?;
    let reason = util::required("terminateReason", "终止原因", "Reason for termination", reason, 5000)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, &scope, id, true).await?;
    if !can_move(before.status, ContractStatus::Terminated) {
        return Err(illegal(before.status, ContractStatus::Terminated));
    }
    move_to(&txn, ctx, &before, ContractStatus::Terminated, Some(reason)).await?;
    txn.commit().await?;
    get(ctx, id).await
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("contract:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, &scope, id, true).await?;
    if before.status != ContractStatus::Draft {
        return Err(AppError::conflict(
            Some("status"),
            "只有草稿合同可以删除,已生效的合同请终止",
            "Only drafts can be deleted; terminate an approved contract",
        ));
    }
    item::Entity::delete_many().filter(item::Column::ContractId.eq(id)).exec(&txn).await?;
    attachment::delete_all(&txn, ENTITY, id).await?;
    crm_contract::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_contract", id, oplog::diff(Some(&before), None), Some(before.contract_no)).await?;
    txn.commit().await?;
    Ok(())
}

/// The table name attachments and the operation log use for contracts.
const ENTITY: &str = "crm_contract";

/// Store a file with the contract, in the database.
pub async fn attach(ctx: &Ctx, contract_id: i64, up: AttachmentUpload) -> AppResult<AttachmentRow> {
    ctx.require("contract:update")?;
    let up = attachment::clean(&up)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = load(&txn, &scope, contract_id, false).await?;
    let row = attachment::insert(&txn, ctx, ENTITY, c.id, up).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, c.id, serde_json::Map::new(), Some(format!("{}:上传附件 {}", c.contract_no, row.file_name)))
        .await?;
    txn.commit().await?;
    Ok(row)
}

/// A stored file and its name (for Save As / open).
pub async fn attachment(ctx: &Ctx, id: i64) -> AppResult<(String, String, Vec<u8>)> {
    ctx.require("contract:read")?;
    let a = attachment::load(&ctx.db, ENTITY, id).await?;
    let scope = ctx.owner_scope().await?;
    load(&ctx.db, &scope, a.entity_id, false).await?;
    Ok((a.file_name, a.mime_type, a.content))
}

pub async fn detach(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("contract:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let a = attachment::load(&txn, ENTITY, id).await?;
    // Locked: a concurrent signing cannot slip in between this check and the delete.
    let c = load(&txn, &scope, a.entity_id, true).await?;
    if matches!(c.status, ContractStatus::Signed | ContractStatus::Terminated) {
        return Err(AppError::conflict(
            None,
            "已签约合同的附件不能删除,如需更正请上传新版本",
            "Files of a signed contract cannot be deleted; upload a new version instead",
        ));
    }
    attachment::delete(&txn, id).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, c.id, serde_json::Map::new(), Some(format!("{}:删除附件 {}", c.contract_no, a.file_name))).await?;
    txn.commit().await?;
    Ok(())
}
