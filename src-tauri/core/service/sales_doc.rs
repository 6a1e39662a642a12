//! What every numbered sales document shares (quotations and contracts today;
//! receivables and invoices next): exact line amounts, line-item validation, the
//! draft-only edit rule, race-safe status moves, and messages that name the document.
//!
//! `amount = quantity × unit_price × discount / 100`, rounded half-up to the cent; the
//! total is the sum of the rounded amounts. The UI shows the same figures live, but what
//! is stored always comes from [`line_amount`].

use super::util;
use crate::entity::crm_product;
use crate::entity::enums::ProductStatus;
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::NaiveDateTime;
use rust_decimal::Decimal;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;

/// The document's name in messages: "报价单" / "quotation".
#[derive(Clone, Copy, Debug)]
pub struct DocNoun {
    pub zh: &'static str,
    pub en: &'static str,
}

pub const QUOTATION: DocNoun = DocNoun { zh: "报价单", en: "quotation" };
pub const CONTRACT: DocNoun = DocNoun { zh: "合同", en: "contract" };

impl DocNoun {
    fn en_title(self) -> String {
        let mut c = self.en.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    }

    /// NOT_FOUND for a document outside the caller's scope (or gone).
    pub fn not_found(self) -> AppError {
        AppError::not_found(self.zh, &self.en_title())
    }

    /// CONFLICT unless the document is still a draft.
    pub fn only_draft(self, is_draft: bool, status_zh: &str, status_en: &str) -> AppResult<()> {
        if is_draft {
            return Ok(());
        }
        Err(AppError::conflict(
            Some("status"),
            format!("{}已{status_zh},只有草稿可以修改", self.zh),
            format!("The {} is {}; only drafts can be changed", self.en, status_en.to_lowercase()),
        ))
    }

    /// VALIDATION for a move the status flow does not allow.
    pub fn illegal_move(self, from: (&str, &str), to: (&str, &str)) -> AppError {
        AppError::validation(
            "status",
            format!("{}状态不能从「{}」改为「{}」", self.zh, from.0, to.0),
            format!("A {} cannot move from {} to {}", self.en, from.1, to.1),
        )
    }

    /// CONFLICT when someone else moved the status first.
    pub fn status_race(self) -> AppError {
        AppError::conflict(Some("status"), format!("{}状态已被他人修改,请刷新", self.zh), "Someone else changed the status; refresh")
    }
}

/// One line's amount: quantity × unit price × discount% / 100, rounded half-up to 2
/// places. None when the exact product overflows or the result exceeds decimal(18,2).
pub fn line_amount(quantity: Dec, unit_price: Dec, discount: Dec) -> Option<Dec> {
    let v = quantity.inner().checked_mul(unit_price.inner())?.checked_mul(discount.inner())?.checked_div(Decimal::ONE_HUNDRED)?;
    let d = Dec(v).with_scale(2);
    d.fits(18, 2).then_some(d)
}

/// Amounts of all lines and their total (None on overflow).
pub fn totals(lines: &[(Dec, Dec, Dec)]) -> Option<(Vec<Dec>, Dec)> {
    let mut amounts = Vec::with_capacity(lines.len());
    let mut total = Decimal::ZERO;
    for (q, p, d) in lines {
        let a = line_amount(*q, *p, *d)?;
        total = total.checked_add(a.inner())?;
        amounts.push(a);
    }
    let total = Dec(total).with_scale(2);
    total.fits(18, 2).then_some((amounts, total))
}

/// A line as entered, whatever the document (documents without discounts pass None).
pub(crate) struct LineIn<'a> {
    pub product_id: i64,
    pub specification: Option<&'a str>,
    pub quantity: Dec,
    pub unit: &'a str,
    pub unit_price: Dec,
    pub discount: Option<Dec>,
}

/// A validated line with its amount, ready to store.
pub(crate) struct CleanLine {
    pub product_id: i64,
    pub spec: Option<String>,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
    pub discount: Dec,
    pub amount: Dec,
}

/// Validate the lines (naming `items[i].field`) and compute their amounts and total.
/// Products must exist; newly used ones must be on the shelf (`allowed_off_shelf`: the
/// products already on the document being edited).
pub(crate) async fn clean_lines<C: ConnectionTrait>(conn: &C, input: &[LineIn<'_>], allowed_off_shelf: &[i64]) -> AppResult<(Vec<CleanLine>, Dec)> {
    if input.is_empty() {
        return Err(AppError::validation("items", "请至少添加一个产品", "Add at least one line item"));
    }
    if input.len() > 1000 {
        return Err(AppError::validation("items", "明细不能超过 1000 行", "At most 1000 line items"));
    }
    let ids: Vec<i64> = input.iter().map(|i| i.product_id).collect();
    let products: HashMap<i64, crm_product::Model> =
        crm_product::Entity::find().filter(crm_product::Column::Id.is_in(ids)).all(conn).await?.into_iter().map(|p| (p.id, p)).collect();
    let mut out = Vec::with_capacity(input.len());
    for (n, i) in input.iter().enumerate() {
        let f = |name: &str| format!("items[{n}].{name}");
        let row_no = n + 1;
        let p = products
            .get(&i.product_id)
            .ok_or_else(|| AppError::validation(&f("productId"), format!("第 {row_no} 行:产品不存在"), format!("Line {row_no}: the product does not exist")))?;
        if p.status != ProductStatus::OnShelf && !allowed_off_shelf.contains(&p.id) {
            return Err(AppError::validation(
                &f("productId"),
                format!("第 {row_no} 行:产品「{}」已下架,不能报价", p.product_name),
                format!("Line {row_no}: {} is off the shelf", p.product_name),
            ));
        }
        if i.quantity.inner() <= Decimal::ZERO || !i.quantity.fits(18, 4) {
            return Err(AppError::validation(
                &f("quantity"),
                format!("第 {row_no} 行:数量须大于 0,最多 4 位小数"),
                format!("Line {row_no}: quantity must be above 0 with at most 4 decimals"),
            ));
        }
        if i.unit_price.inner() < Decimal::ZERO || !i.unit_price.fits(18, 4) {
            return Err(AppError::validation(
                &f("unitPrice"),
                format!("第 {row_no} 行:单价不能为负,最多 4 位小数"),
                format!("Line {row_no}: the unit price must be 0 or more with at most 4 decimals"),
            ));
        }
        let discount = i.discount.unwrap_or(Dec(Decimal::ONE_HUNDRED));
        if discount.inner() <= Decimal::ZERO || discount.inner() > Decimal::ONE_HUNDRED || !discount.fits(10, 2) {
            return Err(AppError::validation(
                &f("discount"),
                format!("第 {row_no} 行:折扣须在 0 到 100% 之间,最多 2 位小数"),
                format!("Line {row_no}: the discount must be above 0 and at most 100%, 2 decimals"),
            ));
        }
        let unit = util::required(&f("unit"), &format!("第 {row_no} 行:单位"), &format!("Line {row_no}: unit"), i.unit, 20)?;
        let spec = util::optional(&f("specification"), "规格型号", "Specification", i.specification, 500)?;
        let amount = line_amount(i.quantity, i.unit_price, discount)
            .ok_or_else(|| AppError::validation(&f("quantity"), format!("第 {row_no} 行:金额超出范围"), format!("Line {row_no}: the amount is too large")))?;
        out.push(CleanLine {
            product_id: p.id,
            spec,
            quantity: i.quantity.with_scale(4),
            unit,
            unit_price: i.unit_price.with_scale(4),
            discount: discount.with_scale(2),
            amount,
        });
    }
    let total = out.iter().try_fold(Decimal::ZERO, |acc, i| acc.checked_add(i.amount.inner())).map(|t| Dec(t).with_scale(2)).filter(|t| t.fits(18, 2));
    let total = total.ok_or_else(|| AppError::validation("items", "合计金额超出范围", "The total is too large"))?;
    Ok((out, total))
}

/// Insert item rows in chunks (one statement per 200 lines).
pub(crate) async fn insert_items<E, A, C>(conn: &C, models: Vec<A>) -> AppResult<()>
where
    E: EntityTrait<ActiveModel = A>,
    A: sea_orm::ActiveModelTrait<Entity = E> + Clone + Send,
    C: ConnectionTrait,
{
    for chunk in models.chunks(200) {
        E::insert_many(chunk.to_vec()).exec(conn).await?;
    }
    Ok(())
}

/// The columns a status move touches.
pub(crate) struct StatusColumns<E: EntityTrait> {
    pub id: E::Column,
    pub status: E::Column,
    pub updated_at: E::Column,
}

/// Move a document's status, conditional on the status read earlier, so of two
/// concurrent moves exactly one wins and the other gets CONFLICT. `extra` sets more
/// columns in the same statement (approver, reason ...); `now` is the new `updated_at`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn move_status<E, S, C>(
    conn: &C,
    noun: DocNoun,
    cols: StatusColumns<E>,
    id: i64,
    from: S,
    to: S,
    now: NaiveDateTime,
    extra: Vec<(E::Column, SimpleExpr)>,
) -> AppResult<()>
where
    E: EntityTrait,
    S: Into<sea_orm::Value>,
    C: ConnectionTrait,
{
    let mut q = E::update_many().col_expr(cols.status, Expr::value(to)).col_expr(cols.updated_at, Expr::value(now));
    for (col, v) in extra {
        q = q.col_expr(col, v);
    }
    let res = q.filter(cols.id.eq(id)).filter(cols.status.eq(from)).exec(conn).await?;
    if res.rows_affected != 1 {
        return Err(noun.status_race());
    }
    Ok(())
}
