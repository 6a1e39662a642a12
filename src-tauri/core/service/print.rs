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
    rows: Vec<Vec<String>>,
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
        rows: s.rows,
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
        rows: vec![],
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
        rows: vec![],
    };
    build(ctx, locale, src).await
}

fn upper(v: Dec) -> String {
    if v.inner().is_sign_negative() {
        format!("负{}", Dec::new(-v.inner()).to_chinese_upper().unwrap_or_default())
    } else {
        v.to_chinese_upper().unwrap_or_default()
    }
}

/// 收款确认单: a confirmed receipt acknowledged to the customer, with the contract's
/// collection so far.
pub async fn receipt_pdf(ctx: &Ctx, receipt_id: i64, locale: Locale) -> AppResult<(String, Vec<u8>)> {
    use crate::entity::{crm_payment_plan, crm_payment_record};
    ctx.require("payment:read")?;
    let r = crm_payment_record::Entity::find_by_id(receipt_id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("回款记录", "Receipt"))?;
    let all = super::receivable::of_contract(ctx, r.contract_id).await.map_err(|_| AppError::not_found("回款记录", "Receipt"))?;
    if r.status != crate::entity::enums::ReceiptStatus::Confirmed {
        return Err(AppError::validation("status", "回款尚未经财务确认,不能出具收款确认单", "The receipt is not confirmed by finance yet"));
    }
    let c = contract::get(ctx, r.contract_id).await?;
    let zh = locale == Locale::ZhCn;
    let term = match r.plan_id {
        Some(p) => crm_payment_plan::Entity::find_by_id(p).one(&ctx.db).await?.and_then(|p| p.payment_term).unwrap_or_default(),
        None => String::new(),
    };
    let confirmer = match r.confirmed_by {
        Some(u) => user_label(&ctx.db, u).await?,
        None => String::new(),
    };
    let m = &all.money;
    let facts = vec![
        (if zh { "合同编号" } else { "Contract no." }.to_string(), c.contract_no.clone()),
        (if zh { "合同金额" } else { "Contract total" }.to_string(), format!("¥ {}", pdf::money(m.total))),
        (if zh { "累计已回款" } else { "Received so far" }.to_string(), format!("¥ {}", pdf::money(m.received))),
        (if zh { "尚未回款" } else { "Outstanding" }.to_string(), format!("¥ {}", pdf::money(m.outstanding))),
    ];
    let rows = vec![vec![
        "1".to_string(),
        r.payment_no.clone(),
        r.payment_date.to_string(),
        r.payment_method.clone().unwrap_or_default(),
        term,
        confirmer,
        pdf::money(r.payment_amount),
    ]];
    let terms = if zh {
        format!("兹确认收到贵方就合同 {}({})支付的上述款项。{}", c.contract_no, c.contract_name, r.remark.clone().unwrap_or_default())
    } else {
        format!("We confirm receipt of the above payment for contract {} ({}). {}", c.contract_no, c.contract_name, r.remark.clone().unwrap_or_default())
    };
    let src = Source {
        kind: DocKind::Receipt,
        number: r.payment_no.clone(),
        subject: c.contract_name.clone(),
        customer_id: c.customer_id,
        created_by: c.created_by,
        facts,
        lines: vec![],
        total: r.payment_amount,
        total_upper: upper(r.payment_amount),
        terms: Some(terms),
        rows,
    };
    build(ctx, locale, src).await
}

/// 对账单: a customer's contracts (receivable), confirmed receipts (received) and invoices
/// between `from` and `to`, with the opening balance and a running balance.
pub async fn statement_pdf(ctx: &Ctx, customer_id: i64, from: chrono::NaiveDate, to: chrono::NaiveDate, locale: Locale) -> AppResult<(String, Vec<u8>)> {
    use crate::entity::enums::{ContractStatus, InvoiceStatus, ReceiptStatus};
    use crate::entity::{crm_contract, crm_invoice, crm_payment_record};
    use rust_decimal::Decimal;
    ctx.require("payment:read")?;
    let from = util::date("from", from)?;
    let to = util::date("to", to)?;
    if to < from {
        return Err(AppError::validation("to", "结束日期不能早于开始日期", "The end date is before the start date"));
    }
    let cust = super::customer::get(ctx, customer_id).await?;
    let contracts: Vec<crm_contract::Model> = crm_contract::Entity::find()
        .filter(crm_contract::Column::CustomerId.eq(customer_id))
        .filter(crm_contract::Column::Status.is_in([ContractStatus::Approved, ContractStatus::Signed]))
        .order_by_asc(crm_contract::Column::SignDate)
        .all(&ctx.db)
        .await?;
    let ids: Vec<i64> = contracts.iter().map(|c| c.id).collect();
    let receipts = crm_payment_record::Entity::find()
        .filter(crm_payment_record::Column::ContractId.is_in(ids.clone()))
        .filter(crm_payment_record::Column::Status.eq(ReceiptStatus::Confirmed))
        .all(&ctx.db)
        .await?;
    let invoices = crm_invoice::Entity::find()
        .filter(crm_invoice::Column::ContractId.is_in(ids))
        .filter(crm_invoice::Column::Status.ne(InvoiceStatus::Voided))
        .all(&ctx.db)
        .await?;
    let no_of: std::collections::HashMap<i64, String> = contracts.iter().map(|c| (c.id, c.contract_no.clone())).collect();
    let zh = locale == Locale::ZhCn;
    let opening: Decimal = contracts.iter().filter(|c| c.sign_date < from).map(|c| c.total_amount.inner()).sum::<Decimal>()
        - receipts.iter().filter(|r| r.payment_date < from).map(|r| r.payment_amount.inner()).sum::<Decimal>();
    /// One statement line: (date, order within the day, kind, number, description, receivable, received).
    type Entry = (chrono::NaiveDate, u8, String, String, String, Option<Decimal>, Option<Decimal>);
    let mut events: Vec<Entry> = Vec::new();
    for c in contracts.iter().filter(|c| c.sign_date >= from && c.sign_date <= to) {
        events.push((
            c.sign_date,
            0,
            if zh { "合同" } else { "Contract" }.into(),
            c.contract_no.clone(),
            c.contract_name.clone(),
            Some(c.total_amount.inner()),
            None,
        ));
    }
    for r in receipts.iter().filter(|r| r.payment_date >= from && r.payment_date <= to) {
        let what = match (&r.reverses_id, zh) {
            (Some(_), true) => format!("冲销 {}", r.correction_reason.clone().unwrap_or_default()),
            (Some(_), false) => format!("Correction {}", r.correction_reason.clone().unwrap_or_default()),
            (None, _) => format!("{} {}", no_of.get(&r.contract_id).cloned().unwrap_or_default(), r.payment_method.clone().unwrap_or_default()),
        };
        events.push((r.payment_date, 1, if zh { "回款" } else { "Receipt" }.into(), r.payment_no.clone(), what, None, Some(r.payment_amount.inner())));
    }
    for i in invoices.iter().filter(|i| i.issue_date >= from && i.issue_date <= to) {
        let what = format!("{} {} ¥{}", no_of.get(&i.contract_id).cloned().unwrap_or_default(), i.invoice_type, pdf::money(i.amount));
        events.push((i.issue_date, 2, if zh { "开票" } else { "Invoice" }.into(), i.invoice_no.clone(), what, None, None));
    }
    events.sort_by(|a, b| (a.0, a.1, &a.3).cmp(&(b.0, b.1, &b.3)));
    let mut balance = opening;
    let (mut billed, mut received, mut invoiced) = (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    let fmt = |v: Decimal| pdf::money(Dec::new(v).with_scale(2));
    let mut rows = vec![vec![
        from.to_string(),
        String::new(),
        String::new(),
        if zh { "期初余额" } else { "Opening balance" }.into(),
        String::new(),
        String::new(),
        fmt(opening),
    ]];
    for (date, order, kind, number, what, debit, credit) in events {
        if let Some(v) = debit {
            balance += v;
            billed += v;
        }
        if let Some(v) = credit {
            balance -= v;
            received += v;
        }
        if order == 2 {
            invoiced += invoices.iter().find(|i| i.invoice_no == number).map(|i| i.amount.inner()).unwrap_or_default();
        }
        rows.push(vec![
            date.to_string(),
            kind,
            number,
            what,
            debit.map(fmt).unwrap_or_default(),
            credit.map(fmt).unwrap_or_default(),
            if order == 2 { String::new() } else { fmt(balance) },
        ]);
    }
    let closing = Dec::new(balance).with_scale(2);
    let facts = vec![
        (if zh { "期初余额" } else { "Opening" }.to_string(), format!("¥ {}", fmt(opening))),
        (if zh { "本期应收" } else { "Billed" }.to_string(), format!("¥ {}", fmt(billed))),
        (if zh { "本期回款" } else { "Received" }.to_string(), format!("¥ {}", fmt(received))),
        (if zh { "本期开票" } else { "Invoiced" }.to_string(), format!("¥ {}", fmt(invoiced))),
    ];
    let number = format!("DZ{}-{}", customer_id, to.format("%Y%m%d"));
    let terms = if zh {
        "请核对以上往来明细;如有差异,请于收到本对账单后 7 日内与我方财务联系,逾期视为无误。".to_string()
    } else {
        "Please check the entries above and tell our finance department of any difference within 7 days.".to_string()
    };
    let src = Source {
        kind: DocKind::Statement,
        number,
        subject: format!("{from} ~ {to}"),
        customer_id: cust.id,
        created_by: cust.owner_id,
        facts,
        lines: vec![],
        total: closing,
        total_upper: upper(closing),
        terms: Some(terms),
        rows,
    };
    build(ctx, locale, src).await
}
