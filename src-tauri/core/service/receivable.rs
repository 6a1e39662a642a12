//! Receivables: payment plans (回款计划), receipts (回款记录) with finance's confirmation
//! and correcting entries, invoices (发票) with requests, voiding and buyer details, and
//! the money roll-ups of a contract. Every change that moves money locks the contract
//! row first, so two desktops recording receipts on one contract are serialized and no
//! sum can pass the contract total. Amounts are summed as exact decimals in Rust (SQLite
//! stores decimals as text; its SUM would be a float).

use super::attachment::{AttachmentRow, AttachmentUpload};
pub use super::rollup::{money_of, overdue_days, plan_status, ContractMoney};
use super::{numbering, oplog, util, Ctx};
use crate::auth::scope::OwnerScope;
use crate::entity::enums::{ContractStatus, InvoiceRequestStatus, InvoiceStatus, PaymentPlanStatus, ReceiptStatus};
use crate::entity::{crm_contract, crm_customer, crm_invoice, crm_invoice_request, crm_payment_plan, crm_payment_record, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const PLAN: &str = "crm_payment_plan";
const RECEIPT: &str = "crm_payment_record";
const INVOICE: &str = "crm_invoice";
const REQUEST: &str = "crm_invoice_request";

/// Setting `receivables`: finance's options.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ReceivableSettings {
    /// Receipts may exceed the contract total (shown with a warning).
    pub allow_over_collection: bool,
    /// Plans falling due within this many days appear in the to-do list.
    pub due_soon_days: u32,
}

impl Default for ReceivableSettings {
    fn default() -> Self {
        ReceivableSettings { allow_over_collection: false, due_soon_days: 7 }
    }
}

pub const SETTINGS_KEY: &str = "receivables";

pub async fn settings<C: ConnectionTrait>(conn: &C) -> AppResult<ReceivableSettings> {
    super::settings::read(conn, SETTINGS_KEY).await
}

pub async fn set_settings(ctx: &Ctx, s: ReceivableSettings) -> AppResult<ReceivableSettings> {
    ctx.require("settings:update")?;
    if s.due_soon_days > 90 {
        return Err(AppError::validation("dueSoonDays", "提前提醒天数最多 90 天", "Remind at most 90 days ahead"));
    }
    super::settings::write(ctx, SETTINGS_KEY, &s).await?;
    Ok(s)
}

// ---------------------------------------------------------------- views

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    pub id: i64,
    pub contract_id: i64,
    pub plan_amount: Dec,
    pub plan_date: NaiveDate,
    pub payment_term: Option<String>,
    pub status: PaymentPlanStatus,
    /// Confirmed receipts linked to this plan.
    pub received: Dec,
    /// Days past the plan date while not fully paid (None: not overdue).
    pub overdue_days: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptRow {
    pub id: i64,
    pub contract_id: i64,
    pub plan_id: Option<i64>,
    pub payment_no: String,
    pub payment_amount: Dec,
    pub payment_date: NaiveDate,
    pub payment_method: Option<String>,
    pub remark: Option<String>,
    pub status: ReceiptStatus,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub confirmed_by: Option<i64>,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    /// This is a correcting (negative) entry for that receipt.
    pub reverses_id: Option<i64>,
    pub correction_reason: Option<String>,
    /// A later correcting entry reversed this receipt.
    pub reversed: bool,
    pub created_at: NaiveDateTime,
    /// The bank slip and other evidence (filled on the contract's receivables tab).
    pub attachments: Vec<AttachmentRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceRow {
    pub id: i64,
    pub contract_id: i64,
    pub invoice_no: String,
    pub payment_id: Option<i64>,
    pub invoice_type: String,
    pub amount: Dec,
    pub issue_date: NaiveDate,
    pub status: InvoiceStatus,
    pub title: Option<String>,
    pub tax_no: Option<String>,
    pub buyer_address_phone: Option<String>,
    pub buyer_bank_account: Option<String>,
    pub void_reason: Option<String>,
    pub created_at: NaiveDateTime,
    /// The invoice scan (filled on the contract's receivables tab).
    pub attachments: Vec<AttachmentRow>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceRequestRow {
    pub id: i64,
    pub contract_id: i64,
    pub contract_no: Option<String>,
    pub customer_name: Option<String>,
    pub invoice_type: String,
    pub amount: Dec,
    pub title: String,
    pub tax_no: Option<String>,
    pub buyer_address_phone: Option<String>,
    pub buyer_bank_account: Option<String>,
    pub remark: Option<String>,
    pub status: InvoiceRequestStatus,
    pub requested_by: i64,
    pub requested_by_name: Option<String>,
    pub invoice_id: Option<i64>,
    pub reject_reason: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Everything about a contract's money (the contract's Receivables tab).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractReceivables {
    pub money: ContractMoney,
    pub plans: Vec<PlanRow>,
    pub receipts: Vec<ReceiptRow>,
    pub invoices: Vec<InvoiceRow>,
    pub requests: Vec<InvoiceRequestRow>,
    /// Receipts may exceed the total (setting).
    pub allow_over_collection: bool,
}

// ---------------------------------------------------------------- rules

/// Split `amount` into `n` periods of whole cents; the rounding cents go on the last.
pub fn split_evenly(amount: Decimal, n: u32) -> Vec<Decimal> {
    if n == 0 {
        return vec![];
    }
    let cents = (amount * Decimal::from(100)).trunc();
    let each = (cents / Decimal::from(n)).trunc();
    let mut parts: Vec<Decimal> = (0..n).map(|_| each / Decimal::from(100)).collect();
    let last = (cents - each * Decimal::from(n - 1)) / Decimal::from(100);
    if let Some(l) = parts.last_mut() {
        *l = last;
    }
    parts.into_iter().map(|d| d.round_dp(2)).collect()
}

/// The unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from
/// `0-9A-Y` without I, O, S, V, Z, the last a check character.
pub fn valid_credit_code(code: &str) -> bool {
    const CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    let code = code.trim().to_ascii_uppercase();
    if code.chars().count() != 18 {
        return false;
    }
    let mut sum = 0;
    let chars: Vec<char> = code.chars().collect();
    for (i, c) in chars.iter().take(17).enumerate() {
        match CHARS.find(*c) {
            Some(v) => sum += v as u32 * WEIGHTS[i],
            None => return false,
        }
    }
    let check = (31 - sum % 31) % 31;
    CHARS.chars().nth(check as usize) == Some(chars[17])
}

/// Invoice types (发票类型).
pub const INVOICE_TYPES: [&str; 3] = ["增值税专用发票", "增值税普通发票", "电子发票"];
/// Receipt methods offered (others may be typed).
pub const PAYMENT_METHODS: [&str; 4] = ["银行转账", "现金", "承兑汇票", "支票"];

fn d(v: Dec) -> Decimal {
    v.inner()
}

fn yuan(v: Decimal) -> String {
    format!("{:.2}", v)
}

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

// ---------------------------------------------------------------- reading

/// The caller's data scope is resolved *before* a transaction opens (resolving it reads
/// `ctx.db`, which on SQLite's one connection would wait for the open transaction).
async fn visible_contract<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64, lock: bool) -> AppResult<crm_contract::Model> {
    super::contract::load(conn, scope, id, lock).await
}

async fn user_names<C: ConnectionTrait>(conn: &C, ids: impl IntoIterator<Item = i64>) -> AppResult<HashMap<i64, String>> {
    util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, ids).await
}

async fn receipt_rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_payment_record::Model>) -> AppResult<Vec<ReceiptRow>> {
    let ids: Vec<i64> = list.iter().flat_map(|r| [Some(r.created_by), r.confirmed_by]).flatten().collect();
    let names = user_names(conn, ids).await?;
    let reversed: Vec<i64> = list.iter().filter_map(|r| r.reverses_id).collect();
    Ok(list
        .into_iter()
        .map(|r| ReceiptRow {
            created_by_name: names.get(&r.created_by).cloned(),
            confirmed_by_name: r.confirmed_by.and_then(|u| names.get(&u).cloned()),
            reversed: reversed.contains(&r.id),
            id: r.id,
            contract_id: r.contract_id,
            plan_id: r.plan_id,
            payment_no: r.payment_no,
            payment_amount: r.payment_amount,
            payment_date: r.payment_date,
            payment_method: r.payment_method,
            remark: r.remark,
            status: r.status,
            created_by: r.created_by,
            confirmed_by: r.confirmed_by,
            confirmed_at: r.confirmed_at,
            reverses_id: r.reverses_id,
            correction_reason: r.correction_reason,
            created_at: r.created_at,
            attachments: vec![],
        })
        .collect())
}

fn invoice_row(i: crm_invoice::Model) -> InvoiceRow {
    InvoiceRow {
        id: i.id,
        contract_id: i.contract_id,
        invoice_no: i.invoice_no,
        payment_id: i.payment_id,
        invoice_type: i.invoice_type,
        amount: i.amount,
        issue_date: i.issue_date,
        status: i.status,
        title: i.title,
        tax_no: i.tax_no,
        buyer_address_phone: i.buyer_address_phone,
        buyer_bank_account: i.buyer_bank_account,
        void_reason: i.void_reason,
        created_at: i.created_at,
        attachments: vec![],
    }
}

async fn request_rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_invoice_request::Model>) -> AppResult<Vec<InvoiceRequestRow>> {
    let ids: Vec<i64> = list.iter().map(|r| r.requested_by).collect();
    let names = user_names(conn, ids).await?;
    let contracts: HashMap<i64, crm_contract::Model> = crm_contract::Entity::find()
        .filter(crm_contract::Column::Id.is_in(list.iter().map(|r| r.contract_id).collect::<Vec<i64>>()))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let customer_ids: Vec<i64> = contracts.values().map(|c| c.customer_id).collect();
    let customers = util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, customer_ids).await?;
    Ok(list
        .into_iter()
        .map(|r| InvoiceRequestRow {
            contract_no: contracts.get(&r.contract_id).map(|c| c.contract_no.clone()),
            customer_name: contracts.get(&r.contract_id).and_then(|c| customers.get(&c.customer_id).cloned()),
            requested_by_name: names.get(&r.requested_by).cloned(),
            id: r.id,
            contract_id: r.contract_id,
            invoice_type: r.invoice_type,
            amount: r.amount,
            title: r.title,
            tax_no: r.tax_no,
            buyer_address_phone: r.buyer_address_phone,
            buyer_bank_account: r.buyer_bank_account,
            remark: r.remark,
            status: r.status,
            requested_by: r.requested_by,
            invoice_id: r.invoice_id,
            reject_reason: r.reject_reason,
            created_at: r.created_at,
        })
        .collect())
}

/// The Receivables tab of a contract: money, plans, receipts, invoices and requests.
pub async fn of_contract(ctx: &Ctx, contract_id: i64) -> AppResult<ContractReceivables> {
    ctx.require("contract:read")?;
    let c = visible_contract(&ctx.db, &ctx.owner_scope().await?, contract_id, false).await?;
    receivables_of(&ctx.db, &c, today()).await
}

pub(crate) async fn receivables_of<C: ConnectionTrait>(conn: &C, c: &crm_contract::Model, today: NaiveDate) -> AppResult<ContractReceivables> {
    let money = money_of(conn, std::slice::from_ref(c), today).await?.remove(&c.id).expect("money of the contract");
    let plans = crm_payment_plan::Entity::find()
        .filter(crm_payment_plan::Column::ContractId.eq(c.id))
        .order_by_asc(crm_payment_plan::Column::PlanDate)
        .order_by_asc(crm_payment_plan::Column::Id)
        .all(conn)
        .await?;
    let receipts = crm_payment_record::Entity::find()
        .filter(crm_payment_record::Column::ContractId.eq(c.id))
        .order_by_asc(crm_payment_record::Column::Id)
        .all(conn)
        .await?;
    let plan_rows = plans
        .into_iter()
        .map(|p| {
            let received: Decimal =
                receipts.iter().filter(|r| r.plan_id == Some(p.id) && r.status == ReceiptStatus::Confirmed).map(|r| d(r.payment_amount)).sum();
            PlanRow {
                overdue_days: overdue_days(p.plan_date, p.status, today),
                received: Dec::new(received).with_scale(2),
                id: p.id,
                contract_id: p.contract_id,
                plan_amount: p.plan_amount,
                plan_date: p.plan_date,
                payment_term: p.payment_term,
                status: p.status,
            }
        })
        .collect();
    let invoices = crm_invoice::Entity::find().filter(crm_invoice::Column::ContractId.eq(c.id)).order_by_asc(crm_invoice::Column::Id).all(conn).await?;
    let requests = crm_invoice_request::Entity::find()
        .filter(crm_invoice_request::Column::ContractId.eq(c.id))
        .order_by_desc(crm_invoice_request::Column::Id)
        .all(conn)
        .await?;
    Ok(ContractReceivables {
        money,
        plans: plan_rows,
        receipts: {
            let mut files = super::attachment::list_many(conn, RECEIPT, receipts.iter().map(|r| r.id)).await?;
            let mut rows = receipt_rows(conn, receipts).await?;
            rows.iter_mut().for_each(|r| r.attachments = files.remove(&r.id).unwrap_or_default());
            rows
        },
        invoices: {
            let mut files = super::attachment::list_many(conn, INVOICE, invoices.iter().map(|i| i.id)).await?;
            invoices
                .into_iter()
                .map(|i| {
                    let id = i.id;
                    InvoiceRow { attachments: files.remove(&id).unwrap_or_default(), ..invoice_row(i) }
                })
                .collect()
        },
        requests: request_rows(conn, requests).await?,
        allow_over_collection: settings(conn).await?.allow_over_collection,
    })
}

// ---------------------------------------------------------------- plans

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanInput {
    pub plan_amount: Dec,
    pub plan_date: NaiveDate,
    #[serde(default)]
    pub payment_term: Option<String>,
}

/// "Split evenly into N periods".
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SplitInput {
    /// 1–60 periods.
    pub periods: u32,
    pub first_date: NaiveDate,
    /// Months between periods (0–24; 0 = all on the first date).
    pub interval_months: u32,
    /// The amount to split; None = everything not yet planned.
    #[serde(default)]
    pub amount: Option<Dec>,
    /// The term of each period as the user saw or edited it in the preview (one per
    /// period; blank ones get the default 首付 / 第N期 / 尾款). Empty: all defaults.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub terms: Option<Vec<String>>,
}

fn check_plannable(c: &crm_contract::Model) -> AppResult<()> {
    if c.status == ContractStatus::Terminated {
        return Err(AppError::validation("contractId", "已终止的合同不能添加回款计划", "A terminated contract takes no payment plans"));
    }
    Ok(())
}

async fn plans_of<C: ConnectionTrait>(conn: &C, contract_id: i64) -> AppResult<Vec<crm_payment_plan::Model>> {
    Ok(crm_payment_plan::Entity::find().filter(crm_payment_plan::Column::ContractId.eq(contract_id)).all(conn).await?)
}

/// Σ plans after the change must stay within the contract total; the error names what is left.
fn check_plan_total(c: &crm_contract::Model, others: Decimal, adding: Decimal) -> AppResult<()> {
    let left = d(c.total_amount) - others;
    if adding > left {
        return Err(AppError::validation(
            "planAmount",
            format!("回款计划合计不能超过合同金额,剩余可计划 {} 元", yuan(left.max(Decimal::ZERO))),
            format!("Payment plans cannot exceed the contract total; {} left to plan", yuan(left.max(Decimal::ZERO))),
        ));
    }
    Ok(())
}

fn clean_plan(input: &PlanInput) -> AppResult<(Dec, NaiveDate, Option<String>)> {
    let amount = util::money("planAmount", "计划金额", "Plan amount", input.plan_amount)?;
    if amount.inner().is_zero() {
        return Err(AppError::validation("planAmount", "计划金额必须大于 0", "The plan amount must be above 0"));
    }
    let date = util::date("planDate", input.plan_date)?;
    let term = util::optional("paymentTerm", "付款条件", "Payment term", input.payment_term.as_deref(), 100)?;
    Ok((amount, date, term))
}

pub async fn plan_create(ctx: &Ctx, contract_id: i64, input: PlanInput) -> AppResult<PlanRow> {
    ctx.require("payment:create")?;
    let (amount, date, term) = clean_plan(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = super::contract::load(&txn, &scope, contract_id, true).await?;
    check_plannable(&c)?;
    let others: Decimal = plans_of(&txn, c.id).await?.iter().map(|p| d(p.plan_amount)).sum();
    check_plan_total(&c, others, d(amount))?;
    let m = crm_payment_plan::ActiveModel {
        contract_id: Set(c.id),
        plan_amount: Set(amount),
        plan_date: Set(date),
        payment_term: Set(term),
        status: Set(PaymentPlanStatus::Unpaid),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, PLAN, m.id, oplog::diff(None, Some(&m)), Some(format!("{}:回款计划", c.contract_no))).await?;
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    Ok(PlanRow {
        id: m.id,
        contract_id: m.contract_id,
        plan_amount: m.plan_amount,
        plan_date: m.plan_date,
        payment_term: m.payment_term,
        status: m.status,
        received: Dec::new(Decimal::ZERO).with_scale(2),
        overdue_days: overdue_days(m.plan_date, m.status, today()),
    })
}

/// Add N plans splitting `amount` (default: all not yet planned) evenly; the rounding
/// cent goes on the last period. All or nothing.
pub async fn plan_split(ctx: &Ctx, contract_id: i64, input: SplitInput) -> AppResult<Vec<PlanRow>> {
    ctx.require("payment:create")?;
    if !(1..=60).contains(&input.periods) {
        return Err(AppError::validation("periods", "期数须在 1 到 60 之间", "Between 1 and 60 periods"));
    }
    if input.interval_months > 24 {
        return Err(AppError::validation("intervalMonths", "间隔最多 24 个月", "At most 24 months apart"));
    }
    let first = util::date("firstDate", input.first_date)?;
    if input.terms.as_ref().is_some_and(|t| !t.is_empty() && t.len() != input.periods as usize) {
        return Err(AppError::validation("terms", "付款条件的个数须与期数相同", "Give one payment term per period"));
    }
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = super::contract::load(&txn, &scope, contract_id, true).await?;
    check_plannable(&c)?;
    let others: Decimal = plans_of(&txn, c.id).await?.iter().map(|p| d(p.plan_amount)).sum();
    let amount = match input.amount {
        Some(a) => d(util::money("amount", "拆分金额", "Amount", a)?),
        None => d(c.total_amount) - others,
    };
    if amount <= Decimal::ZERO {
        return Err(AppError::validation("amount", "没有可计划的金额", "Nothing is left to plan"));
    }
    check_plan_total(&c, others, amount)?;
    let parts = split_evenly(amount, input.periods);
    if parts.iter().any(|p| *p <= Decimal::ZERO) {
        return Err(AppError::validation("periods", "期数太多,每期金额不足 0.01 元", "Too many periods: each would be under 0.01"));
    }
    let now = util::now();
    let mut out = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        let date = first
            .checked_add_months(chrono::Months::new(input.interval_months * i as u32))
            .ok_or_else(|| AppError::validation("firstDate", "日期超出范围", "The date is out of range"))?;
        let date = util::date("firstDate", date)?;
        let given = input.terms.as_ref().and_then(|t| t.get(i)).map(|t| t.trim()).filter(|t| !t.is_empty());
        let term = match (given, i, input.periods) {
            (Some(t), _, _) => util::required("terms", "付款条件", "Payment term", t, 100)?,
            (None, _, 1) => "全款".to_string(),
            (None, 0, _) => "首付".to_string(),
            (None, i, n) if i as u32 == n - 1 => "尾款".to_string(),
            (None, i, _) => format!("第{}期", i + 1),
        };
        let m = crm_payment_plan::ActiveModel {
            contract_id: Set(c.id),
            plan_amount: Set(Dec::new(part).with_scale(2)),
            plan_date: Set(date),
            payment_term: Set(Some(term)),
            status: Set(PaymentPlanStatus::Unpaid),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        oplog::record(&txn, ctx, oplog::Action::Create, PLAN, m.id, oplog::diff(None, Some(&m)), Some(format!("{}:回款计划(平均拆分)", c.contract_no))).await?;
        out.push(m);
    }
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    let t = today();
    Ok(out
        .into_iter()
        .map(|m| PlanRow {
            overdue_days: overdue_days(m.plan_date, m.status, t),
            received: Dec::new(Decimal::ZERO).with_scale(2),
            id: m.id,
            contract_id: m.contract_id,
            plan_amount: m.plan_amount,
            plan_date: m.plan_date,
            payment_term: m.payment_term,
            status: m.status,
        })
        .collect())
}

async fn plan_for_change(scope: &OwnerScope, txn: &impl ConnectionTrait, id: i64) -> AppResult<(crm_payment_plan::Model, crm_contract::Model)> {
    let p = crm_payment_plan::Entity::find_by_id(id).one(txn).await?.ok_or_else(|| AppError::not_found("回款计划", "Payment plan"))?;
    let c = visible_contract(txn, scope, p.contract_id, true).await.map_err(|_| AppError::not_found("回款计划", "Payment plan"))?;
    Ok((p, c))
}

/// Confirmed receipts linked to a plan.
async fn received_on_plan<C: ConnectionTrait>(conn: &C, plan_id: i64) -> AppResult<Decimal> {
    Ok(crm_payment_record::Entity::find()
        .filter(crm_payment_record::Column::PlanId.eq(plan_id))
        .filter(crm_payment_record::Column::Status.eq(ReceiptStatus::Confirmed))
        .all(conn)
        .await?
        .iter()
        .map(|r| d(r.payment_amount))
        .sum())
}

pub async fn plan_update(ctx: &Ctx, id: i64, input: PlanInput) -> AppResult<()> {
    ctx.require("payment:update")?;
    let (amount, date, term) = clean_plan(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = crm_payment_plan::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("回款计划", "Payment plan"))?;
    let c = super::contract::load(&txn, &scope, before.contract_id, true).await.map_err(|_| AppError::not_found("回款计划", "Payment plan"))?;
    let others: Decimal = plans_of(&txn, c.id).await?.iter().filter(|p| p.id != id).map(|p| d(p.plan_amount)).sum();
    check_plan_total(&c, others, d(amount))?;
    let received = received_on_plan(&txn, id).await?;
    if d(amount) < received {
        return Err(AppError::validation(
            "planAmount",
            format!("计划金额不能低于已回款的 {} 元", yuan(received)),
            format!("The plan amount cannot drop below the {} already received", yuan(received)),
        ));
    }
    let mut am = before.clone().into_active_model();
    am.plan_amount = Set(amount);
    am.plan_date = Set(date);
    am.payment_term = Set(term);
    am.status = Set(plan_status(d(amount), received));
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, PLAN, id, oplog::diff(Some(&before), Some(&after)), Some(format!("{}:回款计划", c.contract_no))).await?;
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    Ok(())
}

pub async fn plan_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("payment:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (p, c) = plan_for_change(&scope, &txn, id).await?;
    let linked = crm_payment_record::Entity::find().filter(crm_payment_record::Column::PlanId.eq(id)).one(&txn).await?;
    if linked.is_some() {
        return Err(AppError::conflict(None, "该回款计划已有回款记录,不能删除", "This plan has receipts and cannot be deleted"));
    }
    crm_payment_plan::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, PLAN, id, oplog::diff(Some(&p), None), Some(format!("{}:回款计划", c.contract_no))).await?;
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- receipts

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptInput {
    #[serde(default)]
    pub plan_id: Option<i64>,
    pub payment_amount: Dec,
    pub payment_date: NaiveDate,
    #[serde(default)]
    pub payment_method: Option<String>,
    #[serde(default)]
    pub remark: Option<String>,
}

fn check_collectable(c: &crm_contract::Model) -> AppResult<()> {
    if !matches!(c.status, ContractStatus::Approved | ContractStatus::Signed) {
        return Err(AppError::validation(
            "contractId",
            "只有已审核或已签署的合同才能登记回款、开具发票",
            "Receipts and invoices need an approved or signed contract",
        ));
    }
    Ok(())
}

/// Σ receipts (confirmed and awaiting confirmation) of a contract.
async fn receipts_total<C: ConnectionTrait>(conn: &C, contract_id: i64) -> AppResult<Decimal> {
    Ok(crm_payment_record::Entity::find()
        .filter(crm_payment_record::Column::ContractId.eq(contract_id))
        .all(conn)
        .await?
        .iter()
        .map(|r| d(r.payment_amount))
        .sum())
}

/// Record a receipt (awaiting finance's confirmation). The contract row is locked, so
/// concurrent receipts on one contract are serialized and their sum is checked exactly.
pub async fn receipt_create(ctx: &Ctx, contract_id: i64, input: ReceiptInput) -> AppResult<ReceiptRow> {
    util::retry_contended(|| receipt_create_once(ctx, contract_id, input.clone())).await
}

async fn receipt_create_once(ctx: &Ctx, contract_id: i64, input: ReceiptInput) -> AppResult<ReceiptRow> {
    ctx.require("payment:create")?;
    let me = ctx.recorder(&ctx.db).await?;
    let amount = util::money("paymentAmount", "回款金额", "Amount", input.payment_amount)?;
    if amount.inner().is_zero() {
        return Err(AppError::validation("paymentAmount", "回款金额必须大于 0", "The amount must be above 0"));
    }
    let date = util::date("paymentDate", input.payment_date)?;
    let method = util::optional("paymentMethod", "回款方式", "Method", input.payment_method.as_deref(), 50)?;
    let remark = util::optional("remark", "备注", "Remark", input.remark.as_deref(), 2000)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = super::contract::load(&txn, &scope, contract_id, true).await?;
    check_collectable(&c)?;
    if let Some(pid) = input.plan_id {
        let p = crm_payment_plan::Entity::find_by_id(pid).one(&txn).await?;
        if p.is_none_or(|p| p.contract_id != c.id) {
            return Err(AppError::validation("planId", "回款计划不属于该合同", "The plan is not one of this contract's"));
        }
    }
    let so_far = receipts_total(&txn, c.id).await?;
    if !settings(&txn).await?.allow_over_collection && so_far + d(amount) > d(c.total_amount) {
        let left = (d(c.total_amount) - so_far).max(Decimal::ZERO);
        return Err(AppError::validation(
            "paymentAmount",
            format!("回款合计不能超过合同金额,剩余可回款 {} 元", yuan(left)),
            format!("Receipts cannot exceed the contract total; {} left to collect", yuan(left)),
        ));
    }
    let no = numbering::next_in(&txn, numbering::DocType::Payment).await?;
    let m = crm_payment_record::ActiveModel {
        contract_id: Set(c.id),
        plan_id: Set(input.plan_id),
        payment_no: Set(no),
        payment_amount: Set(amount),
        payment_date: Set(date),
        payment_method: Set(method),
        bank_flow: Set(None),
        remark: Set(remark),
        created_by: Set(me),
        created_at: Set(util::now()),
        status: Set(ReceiptStatus::Pending),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, RECEIPT, m.id, oplog::diff(None, Some(&m)), Some(format!("{}:{}", c.contract_no, m.payment_no))).await?;
    txn.commit().await?;
    Ok(receipt_rows(&ctx.db, vec![m]).await?.remove(0))
}

async fn receipt_for_change(scope: &OwnerScope, txn: &impl ConnectionTrait, id: i64) -> AppResult<(crm_payment_record::Model, crm_contract::Model)> {
    let r = crm_payment_record::Entity::find_by_id(id).one(txn).await?.ok_or_else(|| AppError::not_found("回款记录", "Receipt"))?;
    let c = visible_contract(txn, scope, r.contract_id, true).await.map_err(|_| AppError::not_found("回款记录", "Receipt"))?;
    Ok((r, c))
}

/// Finance confirms a receipt: it then counts toward the roll-ups and its plan's status.
/// The confirmer cannot be whoever recorded it.
pub async fn receipt_confirm(ctx: &Ctx, id: i64) -> AppResult<ReceiptRow> {
    ctx.require("payment:confirm")?;
    let me = ctx.recorder(&ctx.db).await?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (before, c) = receipt_for_change(&scope, &txn, id).await?;
    if before.status != ReceiptStatus::Pending {
        return Err(AppError::conflict(Some("status"), "该回款已确认", "This receipt is already confirmed"));
    }
    if before.created_by == me {
        return Err(AppError::validation("confirmedBy", "不能确认自己登记的回款,请由其他财务人员确认", "You cannot confirm a receipt you recorded"));
    }
    let mut am = before.clone().into_active_model();
    am.status = Set(ReceiptStatus::Confirmed);
    am.confirmed_by = Set(Some(me));
    am.confirmed_at = Set(Some(util::now()));
    let after = am.update(&txn).await?;
    super::rollup::refresh(&txn, c.id).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Status,
        RECEIPT,
        id,
        oplog::diff(Some(&before), Some(&after)),
        Some(format!("{}:确认 {}", c.contract_no, after.payment_no)),
    )
    .await?;
    txn.commit().await?;
    Ok(receipt_rows(&ctx.db, vec![after]).await?.remove(0))
}

/// Delete a receipt that finance has not confirmed yet (a confirmed one is corrected).
pub async fn receipt_delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("payment:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (r, c) = receipt_for_change(&scope, &txn, id).await?;
    if r.status == ReceiptStatus::Confirmed {
        return Err(AppError::conflict(
            Some("status"),
            "已确认的回款不能删除,请登记冲销(负数)回款",
            "A confirmed receipt cannot be deleted; record a correcting (negative) entry",
        ));
    }
    super::attachment::delete_all(&txn, RECEIPT, id).await?;
    crm_payment_record::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, RECEIPT, id, oplog::diff(Some(&r), None), Some(format!("{}:{}", c.contract_no, r.payment_no))).await?;
    txn.commit().await?;
    Ok(())
}

/// Reverse a confirmed receipt with a negative, confirmed correcting entry (the original
/// stays; the operation log keeps both).
pub async fn receipt_correct(ctx: &Ctx, id: i64, reason: &str) -> AppResult<ReceiptRow> {
    util::retry_contended(|| receipt_correct_once(ctx, id, reason)).await
}

async fn receipt_correct_once(ctx: &Ctx, id: i64, reason: &str) -> AppResult<ReceiptRow> {
    ctx.require("payment:confirm")?;
    let reason = util::required("reason", "冲销原因", "Reason", reason, 500)?;
    let me = ctx.recorder(&ctx.db).await?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (orig, c) = receipt_for_change(&scope, &txn, id).await?;
    if orig.status != ReceiptStatus::Confirmed || orig.reverses_id.is_some() {
        return Err(AppError::conflict(Some("status"), "只能冲销已确认的回款", "Only a confirmed receipt can be corrected"));
    }
    let already = crm_payment_record::Entity::find().filter(crm_payment_record::Column::ReversesId.eq(id)).one(&txn).await?;
    if already.is_some() {
        return Err(AppError::conflict(Some("status"), "该回款已冲销", "This receipt was already corrected"));
    }
    let now = util::now();
    let no = numbering::next_in(&txn, numbering::DocType::Payment).await?;
    let m = crm_payment_record::ActiveModel {
        contract_id: Set(c.id),
        plan_id: Set(orig.plan_id),
        payment_no: Set(no),
        payment_amount: Set(Dec::new(-d(orig.payment_amount)).with_scale(2)),
        payment_date: Set(today()),
        payment_method: Set(orig.payment_method.clone()),
        bank_flow: Set(None),
        remark: Set(Some(format!("冲销 {}", orig.payment_no))),
        created_by: Set(me),
        created_at: Set(now),
        status: Set(ReceiptStatus::Confirmed),
        confirmed_by: Set(Some(me)),
        confirmed_at: Set(Some(now)),
        reverses_id: Set(Some(orig.id)),
        correction_reason: Set(Some(reason.clone())),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    super::rollup::refresh(&txn, c.id).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Create,
        RECEIPT,
        m.id,
        oplog::diff(None, Some(&m)),
        Some(format!("{}:冲销 {}:{reason}", c.contract_no, orig.payment_no)),
    )
    .await?;
    txn.commit().await?;
    Ok(receipt_rows(&ctx.db, vec![m]).await?.remove(0))
}

/// The ids of the contracts the caller sees, as a subquery (None: all of them), so the
/// pending lists filter in SQL instead of loading each row's contract.
fn visible_contracts(scope: &OwnerScope) -> Option<sea_orm::sea_query::SelectStatement> {
    super::access::deals_condition(scope, crm_contract::Column::CustomerId)
        .map(|cond| sea_orm::sea_query::Query::select().column(crm_contract::Column::Id).from(crm_contract::Entity).cond_where(cond).to_owned())
}

/// Receipts awaiting confirmation in the caller's scope (finance's to-do), oldest first.
pub async fn receipts_pending(ctx: &Ctx) -> AppResult<Vec<ReceiptRow>> {
    ctx.require("payment:confirm")?;
    let scope = ctx.owner_scope().await?;
    let mut q = crm_payment_record::Entity::find().filter(crm_payment_record::Column::Status.eq(ReceiptStatus::Pending));
    if let Some(sub) = visible_contracts(&scope) {
        q = q.filter(crm_payment_record::Column::ContractId.in_subquery(sub));
    }
    let visible = q.order_by_asc(crm_payment_record::Column::Id).all(&ctx.db).await?;
    let mut files = super::attachment::list_many(&ctx.db, RECEIPT, visible.iter().map(|r| r.id)).await?;
    let mut rows = receipt_rows(&ctx.db, visible).await?;
    // Finance checks the bank slip before confirming.
    rows.iter_mut().for_each(|r| r.attachments = files.remove(&r.id).unwrap_or_default());
    Ok(rows)
}

// ---------------------------------------------------------------- invoices

/// The buyer on an invoice (抬头 and tax details).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BuyerInfo {
    pub title: String,
    pub tax_no: Option<String>,
    pub buyer_address_phone: Option<String>,
    pub buyer_bank_account: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceInput {
    pub invoice_no: String,
    pub invoice_type: String,
    pub amount: Dec,
    pub issue_date: NaiveDate,
    #[serde(default)]
    pub payment_id: Option<i64>,
    pub buyer: BuyerInfo,
    /// Issued for this request (it becomes 已开票).
    #[serde(default)]
    pub request_id: Option<i64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceRequestInput {
    pub invoice_type: String,
    pub amount: Dec,
    pub buyer: BuyerInfo,
    #[serde(default)]
    pub remark: Option<String>,
}

fn clean_type(t: &str) -> AppResult<String> {
    let t = t.trim();
    if !INVOICE_TYPES.contains(&t) {
        return Err(AppError::validation("invoiceType", "请选择发票类型", "Choose an invoice type"));
    }
    Ok(t.to_string())
}

/// Buyer details; for a special VAT invoice (专票) all are required and the tax number
/// must be a valid unified social credit code.
fn clean_buyer(invoice_type: &str, b: &BuyerInfo) -> AppResult<BuyerInfo> {
    let special = invoice_type == INVOICE_TYPES[0];
    let title = util::required("title", "发票抬头", "Invoice title", &b.title, 200)?;
    let tax_no = util::optional("taxNo", "纳税人识别号", "Tax number", b.tax_no.as_deref(), 20)?.map(|t| t.to_ascii_uppercase());
    let addr = util::optional("buyerAddressPhone", "地址、电话", "Address and phone", b.buyer_address_phone.as_deref(), 300)?;
    let bank = util::optional("buyerBankAccount", "开户行及账号", "Bank and account", b.buyer_bank_account.as_deref(), 300)?;
    if let Some(t) = &tax_no {
        if !valid_credit_code(t) {
            return Err(AppError::validation(
                "taxNo",
                "纳税人识别号应为 18 位统一社会信用代码,且校验位正确",
                "The tax number must be an 18-character unified social credit code with a valid check character",
            ));
        }
    }
    if special {
        if tax_no.is_none() {
            return Err(AppError::validation("taxNo", "增值税专用发票必须填写纳税人识别号", "A special VAT invoice needs the tax number"));
        }
        if addr.is_none() {
            return Err(AppError::validation("buyerAddressPhone", "增值税专用发票必须填写地址、电话", "A special VAT invoice needs the address and phone"));
        }
        if bank.is_none() {
            return Err(AppError::validation("buyerBankAccount", "增值税专用发票必须填写开户行及账号", "A special VAT invoice needs the bank and account"));
        }
    }
    Ok(BuyerInfo { title, tax_no, buyer_address_phone: addr, buyer_bank_account: bank })
}

async fn invoiced_total<C: ConnectionTrait>(conn: &C, contract_id: i64) -> AppResult<Decimal> {
    Ok(crm_invoice::Entity::find()
        .filter(crm_invoice::Column::ContractId.eq(contract_id))
        .filter(crm_invoice::Column::Status.ne(InvoiceStatus::Voided))
        .all(conn)
        .await?
        .iter()
        .map(|i| d(i.amount))
        .sum())
}

fn check_invoice_total(c: &crm_contract::Model, so_far: Decimal, adding: Decimal) -> AppResult<()> {
    if so_far + adding > d(c.total_amount) {
        let left = (d(c.total_amount) - so_far).max(Decimal::ZERO);
        return Err(AppError::validation(
            "amount",
            format!("开票合计不能超过合同金额,剩余可开票 {} 元", yuan(left)),
            format!("Invoices cannot exceed the contract total; {} left to invoice", yuan(left)),
        ));
    }
    Ok(())
}

fn positive(field: &str, v: Dec) -> AppResult<Dec> {
    let v = util::money(field, "金额", "Amount", v)?;
    if v.inner().is_zero() {
        return Err(AppError::validation(field, "金额必须大于 0", "The amount must be above 0"));
    }
    Ok(v)
}

/// Finance issues an invoice (possibly for a request). Invoicing before payment is allowed.
pub async fn invoice_create(ctx: &Ctx, contract_id: i64, input: InvoiceInput) -> AppResult<InvoiceRow> {
    ctx.require("invoice:create")?;
    let invoice_type = clean_type(&input.invoice_type)?;
    let buyer = clean_buyer(&invoice_type, &input.buyer)?;
    let no = util::required("invoiceNo", "发票号码", "Invoice number", &input.invoice_no, 50)?;
    let amount = positive("amount", input.amount)?;
    let issue_date = util::date("issueDate", input.issue_date)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = super::contract::load(&txn, &scope, contract_id, true).await?;
    check_collectable(&c)?;
    check_invoice_total(&c, invoiced_total(&txn, c.id).await?, d(amount))?;
    if let Some(pid) = input.payment_id {
        let p = crm_payment_record::Entity::find_by_id(pid).one(&txn).await?;
        if p.is_none_or(|p| p.contract_id != c.id) {
            return Err(AppError::validation("paymentId", "回款记录不属于该合同", "The receipt is not one of this contract's"));
        }
    }
    let request = match input.request_id {
        Some(rid) => {
            let r = crm_invoice_request::Entity::find_by_id(rid).one(&txn).await?.filter(|r| r.contract_id == c.id);
            match r {
                Some(r) if r.status == InvoiceRequestStatus::Pending => Some(r),
                Some(_) => return Err(AppError::conflict(Some("requestId"), "该开票申请已处理", "This invoice request was already handled")),
                None => return Err(AppError::validation("requestId", "开票申请不属于该合同", "The request is not one of this contract's")),
            }
        }
        None => None,
    };
    let now = util::now();
    let m = crm_invoice::ActiveModel {
        invoice_no: Set(no),
        contract_id: Set(c.id),
        payment_id: Set(input.payment_id),
        invoice_type: Set(invoice_type),
        amount: Set(amount),
        issue_date: Set(issue_date),
        status: Set(InvoiceStatus::Issued),
        file_url: Set(None),
        created_at: Set(now),
        title: Set(Some(buyer.title.clone())),
        tax_no: Set(buyer.tax_no.clone()),
        buyer_address_phone: Set(buyer.buyer_address_phone.clone()),
        buyer_bank_account: Set(buyer.buyer_bank_account.clone()),
        void_reason: Set(None),
        created_by: Set(ctx.actor_id()),
        request_id: Set(input.request_id),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(r) = request {
        let before = r.clone();
        let mut am = r.into_active_model();
        am.status = Set(InvoiceRequestStatus::Issued);
        am.handled_by = Set(ctx.actor_id());
        am.invoice_id = Set(Some(m.id));
        am.updated_at = Set(now);
        let after = am.update(&txn).await?;
        oplog::record(&txn, ctx, oplog::Action::Status, REQUEST, after.id, oplog::diff(Some(&before), Some(&after)), Some(format!("{}:已开票", c.contract_no)))
            .await?;
    }
    remember_buyer(&txn, c.customer_id, &buyer).await?;
    oplog::record(&txn, ctx, oplog::Action::Create, INVOICE, m.id, oplog::diff(None, Some(&m)), Some(format!("{}:发票 {}", c.contract_no, m.invoice_no)))
        .await?;
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    Ok(invoice_row(m))
}

/// A customer without invoice details gets the ones just used (prefilled next time).
async fn remember_buyer<C: ConnectionTrait>(conn: &C, customer_id: i64, b: &BuyerInfo) -> AppResult<()> {
    if let Some(cust) = crm_customer::Entity::find_by_id(customer_id).one(conn).await? {
        if cust.invoice_title.is_none() {
            let mut am = cust.into_active_model();
            am.invoice_title = Set(Some(b.title.clone()));
            am.tax_no = Set(b.tax_no.clone());
            am.invoice_address_phone = Set(b.buyer_address_phone.clone());
            am.invoice_bank_account = Set(b.buyer_bank_account.clone());
            am.update(conn).await?;
        }
    }
    Ok(())
}

fn can_advance(from: InvoiceStatus, to: InvoiceStatus) -> bool {
    matches!((from, to), (InvoiceStatus::Issued, InvoiceStatus::Delivered) | (InvoiceStatus::Delivered, InvoiceStatus::Certified))
}

async fn invoice_for_change(scope: &OwnerScope, txn: &impl ConnectionTrait, id: i64) -> AppResult<(crm_invoice::Model, crm_contract::Model)> {
    let i = crm_invoice::Entity::find_by_id(id).one(txn).await?.ok_or_else(|| AppError::not_found("发票", "Invoice"))?;
    let c = visible_contract(txn, scope, i.contract_id, true).await.map_err(|_| AppError::not_found("发票", "Invoice"))?;
    Ok((i, c))
}

/// 已开票 → 已寄达 → 已认证, forward only.
pub async fn invoice_advance(ctx: &Ctx, id: i64, to: InvoiceStatus) -> AppResult<InvoiceRow> {
    ctx.require("invoice:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (before, c) = invoice_for_change(&scope, &txn, id).await?;
    if !can_advance(before.status, to) {
        return Err(AppError::conflict(
            Some("status"),
            format!("发票状态不能从「{}」改为「{}」", before.status.label_zh(), to.label_zh()),
            format!("An invoice cannot go from {} to {}", before.status.label_en(), to.label_en()),
        ));
    }
    let mut am = before.clone().into_active_model();
    am.status = Set(to);
    let after = am.update(&txn).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Status,
        INVOICE,
        id,
        oplog::diff(Some(&before), Some(&after)),
        Some(format!("{}:发票 {}", c.contract_no, after.invoice_no)),
    )
    .await?;
    txn.commit().await?;
    Ok(invoice_row(after))
}

/// Void (作废/红冲): the row stays, with the reason, and leaves the totals.
pub async fn invoice_void(ctx: &Ctx, id: i64, reason: &str) -> AppResult<InvoiceRow> {
    ctx.require("invoice:update")?;
    let reason = util::required("reason", "作废原因", "Reason", reason, 500)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (before, c) = invoice_for_change(&scope, &txn, id).await?;
    if before.status == InvoiceStatus::Voided {
        return Err(AppError::conflict(Some("status"), "该发票已作废", "This invoice is already void"));
    }
    let mut am = before.clone().into_active_model();
    am.status = Set(InvoiceStatus::Voided);
    am.void_reason = Set(Some(reason));
    let after = am.update(&txn).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Status,
        INVOICE,
        id,
        oplog::diff(Some(&before), Some(&after)),
        Some(format!("{}:作废发票 {}", c.contract_no, after.invoice_no)),
    )
    .await?;
    super::rollup::refresh(&txn, c.id).await?;
    txn.commit().await?;
    Ok(invoice_row(after))
}

/// The buyer details kept for a customer (prefilled on requests and invoices).
pub async fn buyer_of(ctx: &Ctx, customer_id: i64) -> AppResult<BuyerInfo> {
    ctx.require("customer:read")?;
    let c = super::access::visible_customer(&ctx.db, &ctx.owner_scope().await?, customer_id).await?;
    Ok(BuyerInfo {
        title: c.invoice_title.unwrap_or(c.customer_name),
        tax_no: c.tax_no,
        buyer_address_phone: c.invoice_address_phone,
        buyer_bank_account: c.invoice_bank_account,
    })
}

pub async fn set_buyer(ctx: &Ctx, customer_id: i64, b: BuyerInfo) -> AppResult<BuyerInfo> {
    ctx.require("customer:update")?;
    let b = clean_buyer("", &b)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = super::access::owned_customer(&txn, &scope, customer_id).await?;
    let mut am = before.clone().into_active_model();
    am.invoice_title = Set(Some(b.title.clone()));
    am.tax_no = Set(b.tax_no.clone());
    am.invoice_address_phone = Set(b.buyer_address_phone.clone());
    am.invoice_bank_account = Set(b.buyer_bank_account.clone());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_customer", customer_id, oplog::diff(Some(&before), Some(&after)), Some("开票信息".into())).await?;
    txn.commit().await?;
    Ok(b)
}

/// A rep asks finance for an invoice; it waits in finance's to-do.
pub async fn request_create(ctx: &Ctx, contract_id: i64, input: InvoiceRequestInput) -> AppResult<InvoiceRequestRow> {
    if !(ctx.can("invoice:request") || ctx.can("invoice:create")) {
        return Err(AppError::forbidden("invoice:request"));
    }
    let invoice_type = clean_type(&input.invoice_type)?;
    let buyer = clean_buyer(&invoice_type, &input.buyer)?;
    let amount = positive("amount", input.amount)?;
    let remark = util::optional("remark", "备注", "Remark", input.remark.as_deref(), 500)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = super::contract::load(&txn, &scope, contract_id, true).await?;
    check_collectable(&c)?;
    let waiting: Decimal = crm_invoice_request::Entity::find()
        .filter(crm_invoice_request::Column::ContractId.eq(c.id))
        .filter(crm_invoice_request::Column::Status.eq(InvoiceRequestStatus::Pending))
        .all(&txn)
        .await?
        .iter()
        .map(|r| d(r.amount))
        .sum();
    check_invoice_total(&c, invoiced_total(&txn, c.id).await? + waiting, d(amount))?;
    let now = util::now();
    let m = crm_invoice_request::ActiveModel {
        contract_id: Set(c.id),
        invoice_type: Set(invoice_type),
        amount: Set(amount),
        title: Set(buyer.title.clone()),
        tax_no: Set(buyer.tax_no.clone()),
        buyer_address_phone: Set(buyer.buyer_address_phone.clone()),
        buyer_bank_account: Set(buyer.buyer_bank_account.clone()),
        remark: Set(remark),
        status: Set(InvoiceRequestStatus::Pending),
        requested_by: Set(ctx.recorder(&txn).await?),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, REQUEST, m.id, oplog::diff(None, Some(&m)), Some(format!("{}:开票申请", c.contract_no))).await?;
    txn.commit().await?;
    Ok(request_rows(&ctx.db, vec![m]).await?.remove(0))
}

pub async fn request_reject(ctx: &Ctx, id: i64, reason: &str) -> AppResult<()> {
    ctx.require("invoice:create")?;
    let reason = util::required("reason", "驳回原因", "Reason", reason, 500)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = crm_invoice_request::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("开票申请", "Invoice request"))?;
    let c = visible_contract(&txn, &scope, before.contract_id, true).await.map_err(|_| AppError::not_found("开票申请", "Invoice request"))?;
    if before.status != InvoiceRequestStatus::Pending {
        return Err(AppError::conflict(Some("status"), "该开票申请已处理", "This invoice request was already handled"));
    }
    let mut am = before.clone().into_active_model();
    am.status = Set(InvoiceRequestStatus::Rejected);
    am.handled_by = Set(ctx.actor_id());
    am.reject_reason = Set(Some(reason));
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, REQUEST, id, oplog::diff(Some(&before), Some(&after)), Some(format!("{}:驳回开票申请", c.contract_no)))
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Requests waiting for finance in the caller's scope, oldest first.
pub async fn requests_pending(ctx: &Ctx) -> AppResult<Vec<InvoiceRequestRow>> {
    ctx.require("invoice:create")?;
    let scope = ctx.owner_scope().await?;
    let mut q = crm_invoice_request::Entity::find().filter(crm_invoice_request::Column::Status.eq(InvoiceRequestStatus::Pending));
    if let Some(sub) = visible_contracts(&scope) {
        q = q.filter(crm_invoice_request::Column::ContractId.in_subquery(sub));
    }
    let visible = q.order_by_asc(crm_invoice_request::Column::Id).all(&ctx.db).await?;
    request_rows(&ctx.db, visible).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn overdue_starts_the_day_after_the_plan_date() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(overdue_days(day, PaymentPlanStatus::Unpaid, day), None, "due today is not overdue");
        assert_eq!(overdue_days(day.pred_opt().unwrap(), PaymentPlanStatus::Partial, day), Some(1));
        assert_eq!(overdue_days(day.pred_opt().unwrap(), PaymentPlanStatus::Paid, day), None);
    }

    #[test]
    fn split_puts_the_rounding_cent_last() {
        assert_eq!(split_evenly(dec!(100.00), 3), vec![dec!(33.33), dec!(33.33), dec!(33.34)]);
        assert_eq!(split_evenly(dec!(0.05), 2), vec![dec!(0.02), dec!(0.03)]);
        assert_eq!(split_evenly(dec!(1000), 1), vec![dec!(1000)]);
        let parts = split_evenly(dec!(12345.67), 7);
        assert_eq!(parts.iter().copied().sum::<Decimal>(), dec!(12345.67));
    }

    #[test]
    fn plan_status_from_receipts() {
        assert_eq!(plan_status(dec!(100), dec!(0)), PaymentPlanStatus::Unpaid);
        assert_eq!(plan_status(dec!(100), dec!(99.99)), PaymentPlanStatus::Partial);
        assert_eq!(plan_status(dec!(100), dec!(100)), PaymentPlanStatus::Paid);
        assert_eq!(plan_status(dec!(100), dec!(-5)), PaymentPlanStatus::Unpaid);
    }

    #[test]
    fn credit_codes_are_checked() {
        assert!(valid_credit_code("91350100M000100Y43"));
        assert!(valid_credit_code("91110000600037341L"));
        assert!(!valid_credit_code("91350100M000100Y44"), "wrong check character");
        assert!(!valid_credit_code("91350100M000100Y4"), "17 characters");
        assert!(!valid_credit_code("91350100I000100Y43"), "I is not allowed");
    }
}

// ---------------------------------------------------------------- aging

// ---------------------------------------------------------------- files

/// What a receivables file is attached to.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ReceivableDoc {
    /// A receipt's bank slip (回单).
    Receipt,
    /// An invoice's scan.
    Invoice,
}

impl ReceivableDoc {
    fn table(self) -> &'static str {
        match self {
            ReceivableDoc::Receipt => RECEIPT,
            ReceivableDoc::Invoice => INVOICE,
        }
    }
}

/// The contract a receipt or invoice belongs to, if the caller sees it; and its number.
async fn doc_contract<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, doc: ReceivableDoc, id: i64) -> AppResult<(crm_contract::Model, String, bool)> {
    let missing = || match doc {
        ReceivableDoc::Receipt => AppError::not_found("回款记录", "Receipt"),
        ReceivableDoc::Invoice => AppError::not_found("发票", "Invoice"),
    };
    // (contract, number, may its files still be removed)
    let (contract_id, no, open) = match doc {
        ReceivableDoc::Receipt => {
            let r = crm_payment_record::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            (r.contract_id, r.payment_no, r.status == ReceiptStatus::Pending)
        }
        ReceivableDoc::Invoice => {
            let i = crm_invoice::Entity::find_by_id(id).one(conn).await?.ok_or_else(missing)?;
            (i.contract_id, i.invoice_no, i.status == InvoiceStatus::Issued)
        }
    };
    let c = visible_contract(conn, scope, contract_id, false).await.map_err(|_| missing())?;
    Ok((c, no, open))
}

fn doc_permission(doc: ReceivableDoc, write: bool) -> &'static str {
    match (doc, write) {
        (ReceivableDoc::Receipt, false) => "payment:read",
        (ReceivableDoc::Receipt, true) => "payment:create",
        (ReceivableDoc::Invoice, false) => "invoice:read",
        (ReceivableDoc::Invoice, true) => "invoice:create",
    }
}

/// Attach a bank slip to a receipt or a scan to an invoice (stored in the database).
pub async fn attach(ctx: &Ctx, doc: ReceivableDoc, id: i64, up: AttachmentUpload) -> AppResult<AttachmentRow> {
    ctx.require(doc_permission(doc, true))?;
    let up = super::attachment::clean(&up)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let (c, no, _) = doc_contract(&txn, &scope, doc, id).await?;
    let row = super::attachment::insert(&txn, ctx, doc.table(), id, up).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Update,
        doc.table(),
        id,
        serde_json::Map::new(),
        Some(format!("{}:{no}:上传附件 {}", c.contract_no, row.file_name)),
    )
    .await?;
    txn.commit().await?;
    Ok(row)
}

/// A receipt's or invoice's stored file and its name (for preview, Save As, open).
pub async fn attachment(ctx: &Ctx, id: i64) -> AppResult<(String, String, Vec<u8>)> {
    let a = crate::entity::sys_attachment::Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("附件", "Attachment"))?;
    let doc = match a.entity_type.as_str() {
        RECEIPT => ReceivableDoc::Receipt,
        INVOICE => ReceivableDoc::Invoice,
        _ => return Err(AppError::not_found("附件", "Attachment")),
    };
    ctx.require(doc_permission(doc, false))?;
    doc_contract(&ctx.db, &ctx.owner_scope().await?, doc, a.entity_id).await.map_err(|_| AppError::not_found("附件", "Attachment"))?;
    Ok((a.file_name, a.mime_type, a.content))
}

/// Remove a file while its record is still open: a receipt awaiting confirmation, an
/// invoice not yet delivered. Afterwards the evidence stays (upload a corrected copy).
pub async fn detach(ctx: &Ctx, id: i64) -> AppResult<()> {
    let txn = ctx.db.begin().await?;
    let a = crate::entity::sys_attachment::Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("附件", "Attachment"))?;
    let doc = match a.entity_type.as_str() {
        RECEIPT => ReceivableDoc::Receipt,
        INVOICE => ReceivableDoc::Invoice,
        _ => return Err(AppError::not_found("附件", "Attachment")),
    };
    ctx.require(doc_permission(doc, true))?;
    let (c, no, open) = doc_contract(&txn, &ctx.owner_scope().await?, doc, a.entity_id).await?;
    if !open {
        return Err(AppError::conflict(
            None,
            "已确认的回款或已寄出的发票,其附件不能删除;如需更正请上传新文件",
            "Files of a confirmed receipt or a delivered invoice cannot be deleted; upload a corrected copy instead",
        ));
    }
    super::attachment::delete(&txn, id).await?;
    oplog::record(
        &txn,
        ctx,
        oplog::Action::Update,
        doc.table(),
        a.entity_id,
        serde_json::Map::new(),
        Some(format!("{}:{no}:删除附件 {}", c.contract_no, a.file_name)),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Group the aging view by the customer's owner or by customer.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum AgingBy {
    Owner,
    Customer,
}

/// Unpaid plan amounts by how late they are.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AgingRow {
    /// The owner's or the customer's id (0 on the totals row).
    pub id: i64,
    pub name: String,
    pub not_due: Dec,
    pub days_1_30: Dec,
    pub days_31_60: Dec,
    pub days_61_90: Dec,
    pub over_90: Dec,
    pub total: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Aging {
    pub rows: Vec<AgingRow>,
    pub totals: AgingRow,
    pub as_of: NaiveDate,
}

/// The receivables aging view on `today`: what is left of every plan of an approved or
/// signed contract in the caller's scope, by days past its date (not yet due, 1–30,
/// 31–60, 61–90, over 90). Receipts linked to a plan pay that plan; confirmed receipts
/// linked to none pay the contract's oldest plans first.
pub async fn aging(ctx: &Ctx, by: AgingBy) -> AppResult<Aging> {
    ctx.require("payment:read")?;
    aging_on(ctx, by, today()).await
}

pub async fn aging_on(ctx: &Ctx, by: AgingBy, today: NaiveDate) -> AppResult<Aging> {
    use sea_orm::{JoinType, QuerySelect, RelationTrait};
    ctx.require("payment:read")?;
    let scope = ctx.owner_scope().await?;
    // What is open on each plan is a derived column (rollup): sum it per key and plan
    // date in SQL, bucket the dates here.
    let key = match by {
        AgingBy::Customer => crm_contract::Column::CustomerId.into_expr(),
        AgingBy::Owner => crm_customer::Column::OwnerId.into_expr(),
    };
    let q = crm_payment_plan::Entity::find()
        .select_only()
        .column_as(key, "k")
        .column(crm_payment_plan::Column::PlanDate)
        // MySQL's SUM of a BIGINT is a DECIMAL: back to an integer of cents.
        .column_as(
            sea_orm::sea_query::Expr::cust(match ctx.db.get_database_backend() {
                sea_orm::DatabaseBackend::Sqlite => "SUM(crm_payment_plan.open_cents)",
                _ => "CAST(SUM(crm_payment_plan.open_cents) AS SIGNED)",
            }),
            "open",
        )
        .join(JoinType::InnerJoin, crm_payment_plan::Relation::CrmContract.def())
        .join(JoinType::InnerJoin, crm_contract::Relation::CrmCustomer.def())
        .filter(crm_contract::Column::Status.is_in([ContractStatus::Approved, ContractStatus::Signed]))
        .filter(crm_payment_plan::Column::OpenCents.gt(0))
        .group_by(sea_orm::sea_query::Expr::cust("1"))
        .group_by(crm_payment_plan::Column::PlanDate);
    let groups: Vec<(i64, NaiveDate, Decimal)> = super::access::filter_deals(&scope, q, crm_contract::Column::CustomerId)
        .into_tuple::<(i64, NaiveDate, i64)>()
        .all(&ctx.db)
        .await?
        .into_iter()
        .map(|(k, date, open)| (k, date, super::rollup::from_cents(open).inner()))
        .collect();
    let mut rows: HashMap<i64, [Decimal; 5]> = HashMap::new();
    for (k, date, left) in groups {
        let bucket = match (today - date).num_days() {
            i64::MIN..=0 => 0,
            1..=30 => 1,
            31..=60 => 2,
            61..=90 => 3,
            _ => 4,
        };
        rows.entry(k).or_insert([Decimal::ZERO; 5])[bucket] += left;
    }
    let mut customers: HashMap<i64, (String, i64)> = HashMap::new();
    if by == AgingBy::Customer {
        let ids: Vec<i64> = rows.keys().copied().collect();
        // In chunks: SQLite allows at most 32,766 bound values in one statement.
        for ids in ids.chunks(500) {
            for c in crm_customer::Entity::find().filter(crm_customer::Column::Id.is_in(ids.to_vec())).all(&ctx.db).await? {
                customers.insert(c.id, (c.customer_name, c.owner_id));
            }
        }
    }
    let names: HashMap<i64, String> = match by {
        AgingBy::Customer => customers.iter().map(|(id, (n, _))| (*id, n.clone())).collect(),
        AgingBy::Owner => user_names(&ctx.db, rows.keys().copied().collect::<Vec<i64>>()).await?,
    };
    let row = |id: i64, name: String, b: [Decimal; 5]| {
        let m = |v: Decimal| Dec::new(v).with_scale(2);
        AgingRow {
            id,
            name,
            not_due: m(b[0]),
            days_1_30: m(b[1]),
            days_31_60: m(b[2]),
            days_61_90: m(b[3]),
            over_90: m(b[4]),
            total: m(b.iter().copied().sum()),
        }
    };
    let mut sum = [Decimal::ZERO; 5];
    for b in rows.values() {
        for i in 0..5 {
            sum[i] += b[i];
        }
    }
    let mut out: Vec<AgingRow> = rows.into_iter().map(|(id, b)| row(id, names.get(&id).cloned().unwrap_or_default(), b)).collect();
    // Most overdue money first, then the largest total.
    out.sort_by(|a, b| (b.over_90.inner(), b.total.inner(), a.id).cmp(&(a.over_90.inner(), a.total.inner(), b.id)));
    Ok(Aging { rows: out, totals: row(0, String::new(), sum), as_of: today })
}
