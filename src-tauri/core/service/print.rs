//! Quotation and contract documents: gathers what a PDF shows (letterhead from
//! settings, customer and key contact, lines, totals) and renders it with [`crate::pdf`].

use super::{contract, quotation, settings, util, Ctx};
use crate::entity::{crm_contact, crm_customer, crm_opportunity, sys_user};
use crate::error::{AppError, AppResult, Locale};
use crate::money::Dec;
use crate::pdf::{self, Company, DocKind, Lang, PrintDoc, PrintLine};
use base64::Engine;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

async fn company<C: ConnectionTrait>(conn: &C) -> AppResult<Company> {
    let p: settings::CompanyProfile = settings::read(conn, settings::COMPANY_PROFILE).await?;
    let logo = p.logo.as_deref().and_then(|u| u.split_once(',')).and_then(|(_, b64)| base64::engine::general_purpose::STANDARD.decode(b64.trim()).ok());
    Ok(Company { name: p.name, address: p.address, phone: p.phone, tax_id: p.tax_id, bank_name: p.bank_name, bank_account: p.bank_account, logo })
}

/// The customer's name and address and its key (else first) contact.
async fn customer_block<C: ConnectionTrait>(conn: &C, customer_id: i64) -> AppResult<(String, String, String, String)> {
    let c = crm_customer::Entity::find_by_id(customer_id).one(conn).await?.ok_or_else(|| AppError::not_found("客户", "Customer"))?;
    let contact = crm_contact::Entity::find()
        .filter(crm_contact::Column::CustomerId.eq(customer_id))
        .order_by_desc(crm_contact::Column::IsKey)
        .order_by_asc(crm_contact::Column::Id)
        .one(conn)
        .await?;
    let (name, phone) = contact.map(|c| (c.contact_name, c.phone)).unwrap_or_default();
    Ok((c.customer_name, c.address.unwrap_or_default(), name, phone))
}

async fn user_label<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<String> {
    Ok(sys_user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|u| match u.phone {
            Some(p) if !p.is_empty() => format!("{} {p}", u.full_name),
            _ => u.full_name,
        })
        .unwrap_or_default())
}

fn lang(l: Locale) -> Lang {
    match l {
        Locale::ZhCn => Lang::Zh,
        Locale::EnUs => Lang::En,
    }
}

fn render(doc: PrintDoc) -> AppResult<Vec<u8>> {
    pdf::render(&doc).map_err(AppError::internal)
}

/// One printed line (documents without discounts pass None).
fn line(product: Option<String>, spec: Option<String>, quantity: Dec, unit: String, unit_price: Dec, discount: Option<Dec>, amount: Dec) -> PrintLine {
    PrintLine { product: product.unwrap_or_default(), specification: spec.unwrap_or_default(), quantity, unit, unit_price, discount, amount }
}

/// What one document contributes; letterhead, customer block and salesperson come
/// from the database the same way for every kind.
struct Source {
    kind: DocKind,
    number: String,
    subject: String,
    customer_id: i64,
    created_by: i64,
    facts: Vec<(String, String)>,
    lines: Vec<PrintLine>,
    total: Dec,
    total_upper: String,
    terms: Option<String>,
}

async fn build(ctx: &Ctx, locale: Locale, s: Source) -> AppResult<(String, Vec<u8>)> {
    let (customer_name, customer_address, contact_name, contact_phone) = customer_block(&ctx.db, s.customer_id).await?;
    let doc = PrintDoc {
        kind: s.kind,
        lang: lang(locale),
        company: company(&ctx.db).await?,
        number: s.number.clone(),
        subject: s.subject,
        customer_name,
        customer_address,
        contact_name,
        contact_phone,
        salesperson: user_label(&ctx.db, s.created_by).await?,
        facts: s.facts,
        lines: s.lines,
        total: s.total,
        total_upper: s.total_upper,
        terms: s.terms.unwrap_or_default(),
    };
    Ok((format!("{}.pdf", s.number), render(doc)?))
}

/// The quotation as a PDF, in `locale`'s language.
pub async fn quotation_pdf(ctx: &Ctx, id: i64, locale: Locale) -> AppResult<(String, Vec<u8>)> {
    let q = quotation::get(ctx, id).await?;
    let subject = crm_opportunity::Entity::find_by_id(q.opportunity_id).one(&ctx.db).await?.map(|o| o.opportunity_name).unwrap_or_default();
    let zh = locale == Locale::ZhCn;
    let mut facts = vec![(if zh { "报价日期" } else { "Date" }.to_string(), util::local_date(q.created_at).to_string())];
    if let Some(v) = q.valid_until {
        facts.push((if zh { "有效期至" } else { "Valid until" }.to_string(), v.to_string()));
    }
    let lines = q.items.into_iter().map(|i| line(i.product_name, i.specification, i.quantity, i.unit, i.unit_price, Some(i.discount), i.amount)).collect();
    let src = Source {
        kind: DocKind::Quotation,
        number: q.quotation_no,
        subject,
        customer_id: q.customer_id,
        created_by: q.created_by,
        facts,
        lines,
        total: q.total_amount,
        total_upper: q.total_upper,
        terms: q.remark,
    };
    build(ctx, locale, src).await
}

/// The contract as a PDF, in `locale`'s language.
pub async fn contract_pdf(ctx: &Ctx, id: i64, locale: Locale) -> AppResult<(String, Vec<u8>)> {
    let c = contract::get(ctx, id).await?;
    let zh = locale == Locale::ZhCn;
    let mut facts = vec![(if zh { "签约日期" } else { "Signed on" }.to_string(), c.sign_date.to_string())];
    if c.start_date.is_some() || c.end_date.is_some() {
        let s = c.start_date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        let e = c.end_date.map(|d| d.to_string()).unwrap_or_else(|| "-".into());
        facts.push((if zh { "合同期限" } else { "Term" }.to_string(), format!("{s} ~ {e}")));
    }
    if let Some(q) = &c.quotation_no {
        facts.push((if zh { "关联报价" } else { "Quotation" }.to_string(), q.clone()));
    }
    let lines = c.items.into_iter().map(|i| line(i.product_name, i.specification, i.quantity, i.unit, i.unit_price, None, i.amount)).collect();
    let src = Source {
        kind: DocKind::Contract,
        number: c.contract_no,
        subject: c.contract_name,
        customer_id: c.customer_id,
        created_by: c.created_by,
        facts,
        lines,
        total: c.total_amount,
        total_upper: c.total_upper,
        terms: c.remark,
    };
    build(ctx, locale, src).await
}
