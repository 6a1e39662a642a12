//! The money roll-ups of contracts (received, invoiced, outstanding, overdue), shared by
//! the contract list and the receivables screens. Depends on entities only. Amounts are
//! summed as exact decimals in Rust (SQLite keeps decimals as text; its SUM is a float).

use crate::entity::enums::{InvoiceStatus, PaymentPlanStatus, ReceiptStatus};
use crate::entity::{crm_contract, crm_invoice, crm_payment_plan, crm_payment_record};
use crate::error::AppResult;
use crate::money::Dec;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

fn d(v: Dec) -> Decimal {
    v.inner()
}

/// The money of one contract, as every screen shows it.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContractMoney {
    pub contract_id: i64,
    pub total: Dec,
    /// Σ plan amounts.
    pub planned: Dec,
    /// Σ confirmed receipts (corrections included).
    pub received: Dec,
    /// total − received (negative when over-collected).
    pub outstanding: Dec,
    /// received / total in percent, 2 decimals (100 when the total is 0).
    pub progress_pct: Dec,
    /// Σ invoices that are not voided.
    pub invoiced: Dec,
    /// total − invoiced.
    pub uninvoiced: Dec,
    /// Invoiced but not yet paid: max(invoiced − received, 0).
    pub invoiced_unpaid: Dec,
    /// Paid but not yet invoiced: max(received − invoiced, 0).
    pub paid_uninvoiced: Dec,
    /// Σ receipts awaiting finance's confirmation.
    pub pending: Dec,
    /// The earliest plan date not fully paid.
    pub next_plan_date: Option<NaiveDate>,
    /// Days the oldest unpaid past-due plan is late (None: nothing overdue).
    pub overdue_days: Option<i64>,
}

/// Days a plan is overdue on `today`: dated before today and not fully paid. A plan
/// dated today is not overdue.
pub fn overdue_days(plan_date: NaiveDate, status: PaymentPlanStatus, today: NaiveDate) -> Option<i64> {
    (status != PaymentPlanStatus::Paid && plan_date < today).then(|| (today - plan_date).num_days())
}

/// The plan status its confirmed receipts give.
pub fn plan_status(plan_amount: Decimal, received: Decimal) -> PaymentPlanStatus {
    if received <= Decimal::ZERO {
        PaymentPlanStatus::Unpaid
    } else if received < plan_amount {
        PaymentPlanStatus::Partial
    } else {
        PaymentPlanStatus::Paid
    }
}

/// The money rows of some contracts, grouped by contract once (linear in rows):
/// plans, receipts (every status) and the sum of valid invoices.
#[derive(Default)]
struct MoneyRows {
    plans: HashMap<i64, Vec<crm_payment_plan::Model>>,
    receipts: HashMap<i64, Vec<crm_payment_record::Model>>,
    invoiced: HashMap<i64, Decimal>,
}

impl MoneyRows {
    async fn load<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> AppResult<MoneyRows> {
        let mut out = MoneyRows::default();
        if ids.is_empty() {
            return Ok(out);
        }
        for p in crm_payment_plan::Entity::find().filter(crm_payment_plan::Column::ContractId.is_in(ids.to_vec())).all(conn).await? {
            out.plans.entry(p.contract_id).or_default().push(p);
        }
        for r in crm_payment_record::Entity::find().filter(crm_payment_record::Column::ContractId.is_in(ids.to_vec())).all(conn).await? {
            out.receipts.entry(r.contract_id).or_default().push(r);
        }
        let invoices = crm_invoice::Entity::find()
            .filter(crm_invoice::Column::ContractId.is_in(ids.to_vec()))
            .filter(crm_invoice::Column::Status.ne(InvoiceStatus::Voided))
            .all(conn)
            .await?;
        for i in invoices {
            *out.invoiced.entry(i.contract_id).or_default() += d(i.amount);
        }
        Ok(out)
    }

    fn plans(&self, id: i64) -> &[crm_payment_plan::Model] {
        self.plans.get(&id).map(Vec::as_slice).unwrap_or_default()
    }

    fn receipts(&self, id: i64) -> &[crm_payment_record::Model] {
        self.receipts.get(&id).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The money of the given contracts (those missing from the result have no rows).
pub async fn money_of<C: ConnectionTrait>(conn: &C, contracts: &[crm_contract::Model], today: NaiveDate) -> AppResult<HashMap<i64, ContractMoney>> {
    let ids: Vec<i64> = contracts.iter().map(|c| c.id).collect();
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = MoneyRows::load(conn, &ids).await?;
    for c in contracts {
        let total = d(c.total_amount);
        let mine = rows.plans(c.id);
        let planned: Decimal = mine.iter().map(|p| d(p.plan_amount)).sum();
        let (mut received, mut pending) = (Decimal::ZERO, Decimal::ZERO);
        for r in rows.receipts(c.id) {
            *(if r.status == ReceiptStatus::Confirmed { &mut received } else { &mut pending }) += d(r.payment_amount);
        }
        let invoiced = rows.invoiced.get(&c.id).copied().unwrap_or_default();
        let unpaid_plans: Vec<&crm_payment_plan::Model> = mine.iter().filter(|p| p.status != PaymentPlanStatus::Paid).collect();
        let next_plan_date = unpaid_plans.iter().map(|p| p.plan_date).min();
        let overdue = unpaid_plans.iter().filter_map(|p| overdue_days(p.plan_date, p.status, today)).max();
        let progress = if total.is_zero() { Decimal::from(100) } else { (received * Decimal::from(100) / total).round_dp(2) };
        let zero = Decimal::ZERO;
        out.insert(
            c.id,
            ContractMoney {
                contract_id: c.id,
                total: Dec::new(total).with_scale(2),
                planned: Dec::new(planned).with_scale(2),
                received: Dec::new(received).with_scale(2),
                outstanding: Dec::new(total - received).with_scale(2),
                progress_pct: Dec::new(progress).with_scale(2),
                invoiced: Dec::new(invoiced).with_scale(2),
                uninvoiced: Dec::new(total - invoiced).with_scale(2),
                invoiced_unpaid: Dec::new((invoiced - received).max(zero)).with_scale(2),
                paid_uninvoiced: Dec::new((received - invoiced).max(zero)).with_scale(2),
                pending: Dec::new(pending).with_scale(2),
                next_plan_date,
                overdue_days: overdue,
            },
        );
    }
    Ok(out)
}

// ------------------------------------------------------------ derived columns
//
// `crm_contract.{received_amount, invoiced_amount, outstanding_cents, uninvoiced_cents,
// next_plan_date}`, `crm_payment_plan.{status, open_cents}`: caches of the rows above so
// lists filter, sort and sum in SQL. `refresh` recomputes one contract's from its rows in
// the caller's transaction; `catch_up` finds rows written without the app; `repair_all`
// recomputes everything. The rows always win.

/// Exact cents of an amount with at most 2 decimals.
pub fn cents(v: Decimal) -> i64 {
    use rust_decimal::prelude::ToPrimitive;
    (v * Decimal::from(100)).round().to_i64().unwrap_or(i64::MAX)
}

/// An amount from exact cents.
pub fn from_cents(c: i64) -> Dec {
    Dec::new(Decimal::new(c, 2))
}

/// What the derived columns of one contract and its plans should hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Derived {
    pub received: Decimal,
    pub invoiced: Decimal,
    pub outstanding_cents: i64,
    pub uninvoiced_cents: i64,
    pub next_plan_date: Option<NaiveDate>,
    /// (plan id, status from its own confirmed receipts, open cents after allocation).
    pub plans: Vec<(i64, PaymentPlanStatus, i64)>,
}

/// The derived values of a contract from its rows: `plans` in any order, `receipts`
/// (only confirmed ones count), `invoices` (voided ones do not count). A plan's status
/// follows the receipts linked to it; what is still open on it also takes the contract's
/// unlinked confirmed receipts, which pay the oldest plans first.
pub(crate) fn derive(total: Decimal, plans: &[crm_payment_plan::Model], receipts: &[crm_payment_record::Model], invoiced: Decimal) -> Derived {
    let mut linked: HashMap<i64, Decimal> = HashMap::new();
    let (mut received, mut pool) = (Decimal::ZERO, Decimal::ZERO);
    for r in receipts.iter().filter(|r| r.status == ReceiptStatus::Confirmed) {
        received += d(r.payment_amount);
        match r.plan_id {
            Some(p) if plans.iter().any(|x| x.id == p) => *linked.entry(p).or_default() += d(r.payment_amount),
            _ => pool += d(r.payment_amount),
        }
    }
    let mut ordered: Vec<&crm_payment_plan::Model> = plans.iter().collect();
    ordered.sort_by_key(|p| (p.plan_date, p.id));
    let mut out = Vec::with_capacity(ordered.len());
    let mut next_plan_date = None;
    for p in ordered {
        let paid = linked.get(&p.id).copied().unwrap_or_default();
        let status = plan_status(d(p.plan_amount), paid);
        if status != PaymentPlanStatus::Paid && next_plan_date.is_none() {
            next_plan_date = Some(p.plan_date);
        }
        let mut left = (d(p.plan_amount) - paid).max(Decimal::ZERO);
        let used = left.min(pool.max(Decimal::ZERO));
        left -= used;
        pool -= used;
        out.push((p.id, status, cents(left)));
    }
    Derived { received, invoiced, outstanding_cents: cents(total - received), uninvoiced_cents: cents(total - invoiced), next_plan_date, plans: out }
}

fn stored(c: &crm_contract::Model, plans: &[crm_payment_plan::Model]) -> Derived {
    let mut ordered: Vec<&crm_payment_plan::Model> = plans.iter().collect();
    ordered.sort_by_key(|p| (p.plan_date, p.id));
    Derived {
        received: d(c.received_amount),
        invoiced: d(c.invoiced_amount),
        outstanding_cents: c.outstanding_cents,
        uninvoiced_cents: c.uninvoiced_cents,
        next_plan_date: c.next_plan_date,
        plans: ordered.iter().map(|p| (p.id, p.status, p.open_cents)).collect(),
    }
}

/// Recompute and store the derived values of these contracts from their rows (in the
/// caller's transaction when `conn` is one). Writes only what differs, in one statement
/// per table and chunk. Returns how many contracts were out of date.
pub(crate) async fn refresh_many<C: ConnectionTrait>(conn: &C, contract_ids: &[i64]) -> AppResult<u64> {
    use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait};
    let case_expr = |cs: CaseStatement| -> Expr { cs.into() };
    let mut fixed = 0u64;
    for ids in contract_ids.chunks(400) {
        let contracts = crm_contract::Entity::find().filter(crm_contract::Column::Id.is_in(ids.to_vec())).all(conn).await?;
        if contracts.is_empty() {
            continue;
        }
        let ids: Vec<i64> = contracts.iter().map(|c| c.id).collect();
        let rows = MoneyRows::load(conn, &ids).await?;
        let mut c_case: Vec<(i64, Derived)> = vec![];
        let mut p_case: Vec<(i64, PaymentPlanStatus, i64)> = vec![];
        for c in &contracts {
            let mine = rows.plans(c.id);
            let want = derive(d(c.total_amount), mine, rows.receipts(c.id), rows.invoiced.get(&c.id).copied().unwrap_or_default());
            let have = stored(c, mine);
            if want == have {
                continue;
            }
            fixed += 1;
            for (w, h) in want.plans.iter().zip(&have.plans) {
                if w != h {
                    p_case.push(*w);
                }
            }
            c_case.push((c.id, want));
        }
        if !c_case.is_empty() {
            let case = |f: &dyn Fn(&Derived) -> sea_orm::Value| {
                let mut cs = CaseStatement::new();
                for (id, dv) in &c_case {
                    cs = cs.case(Expr::col(crm_contract::Column::Id).eq(*id), Expr::val(f(dv)));
                }
                case_expr(cs)
            };
            crm_contract::Entity::update_many()
                // Derived values are not an edit: keep `updated_at` (MySQL's ON UPDATE
                // CURRENT_TIMESTAMP fires unless the column is assigned explicitly).
                .col_expr(crm_contract::Column::UpdatedAt, Expr::col(crm_contract::Column::UpdatedAt))
                .col_expr(crm_contract::Column::ReceivedAmount, case(&|x| Dec::new(x.received).with_scale(2).into()))
                .col_expr(crm_contract::Column::InvoicedAmount, case(&|x| Dec::new(x.invoiced).with_scale(2).into()))
                .col_expr(crm_contract::Column::OutstandingCents, case(&|x| x.outstanding_cents.into()))
                .col_expr(crm_contract::Column::UninvoicedCents, case(&|x| x.uninvoiced_cents.into()))
                .col_expr(crm_contract::Column::NextPlanDate, case(&|x| x.next_plan_date.into()))
                .filter(crm_contract::Column::Id.is_in(c_case.iter().map(|c| c.0)))
                .exec(conn)
                .await?;
        }
        for chunk in p_case.chunks(400) {
            let (mut status, mut open) = (CaseStatement::new(), CaseStatement::new());
            for (id, s, o) in chunk {
                status = status.case(Expr::col(crm_payment_plan::Column::Id).eq(*id), Expr::val(*s));
                open = open.case(Expr::col(crm_payment_plan::Column::Id).eq(*id), Expr::val(*o));
            }
            crm_payment_plan::Entity::update_many()
                .col_expr(crm_payment_plan::Column::Status, case_expr(status))
                .col_expr(crm_payment_plan::Column::OpenCents, case_expr(open))
                .filter(crm_payment_plan::Column::Id.is_in(chunk.iter().map(|p| p.0)))
                .exec(conn)
                .await?;
        }
    }
    Ok(fixed)
}

/// Recompute one contract's derived values (call in the transaction of the change).
pub(crate) async fn refresh<C: ConnectionTrait>(conn: &C, contract_id: i64) -> AppResult<()> {
    refresh_many(conn, &[contract_id]).await.map(|_| ())
}

/// Up to where [`catch_up`] has looked (a `sys_setting` row; not user-facing).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct Watermark {
    pub contract: i64,
    pub plan: i64,
    pub receipt: i64,
    pub invoice: i64,
    /// Contracts changed (`updated_at`) after this were looked at again.
    pub contract_updated: Option<chrono::NaiveDateTime>,
}

pub const WATERMARK_KEY: &str = "rollup.watermark";

/// What a catch-up or repair pass did.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RepairReport {
    /// Contracts looked at.
    pub checked: u64,
    /// Contracts whose derived values were out of date (now fixed).
    pub fixed: u64,
}

async fn max_id<C: ConnectionTrait>(conn: &C, table: &str) -> AppResult<i64> {
    let row = conn.query_one_raw(sea_orm::Statement::from_string(conn.get_database_backend(), format!("SELECT COALESCE(MAX(id), 0) FROM {table}"))).await?;
    Ok(row.and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(0))
}

/// The incremental pass (on open and hourly): contracts, plans, receipts and invoices
/// inserted since the last pass (by id), and contracts whose `updated_at` moved, get
/// their derived values recomputed. Rows another tool *updates* in place without
/// touching the contract's `updated_at` are caught by [`repair_all`]
/// (`crm-admin repair`). A first run (no watermark yet) checks everything.
pub async fn catch_up(db: &sea_orm::DatabaseConnection) -> AppResult<RepairReport> {
    use sea_orm::{QuerySelect, TransactionTrait};
    let wm: Watermark = super::settings::read(db, WATERMARK_KEY).await?;
    let now = crate::service::util::now();
    let tops = Watermark {
        contract: max_id(db, "crm_contract").await?,
        plan: max_id(db, "crm_payment_plan").await?,
        receipt: max_id(db, "crm_payment_record").await?,
        invoice: max_id(db, "crm_invoice").await?,
        // A minute of overlap: a save in flight may commit with an earlier stamp.
        contract_updated: Some(now - chrono::Duration::minutes(1)),
    };
    let mut ids: Vec<i64> = Vec::new();
    let ids_of = |table: &'static str, after: i64| format!("SELECT DISTINCT contract_id FROM {table} WHERE id > {after}");
    for sql in [ids_of("crm_payment_plan", wm.plan), ids_of("crm_payment_record", wm.receipt), ids_of("crm_invoice", wm.invoice)] {
        for r in db.query_all_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await? {
            ids.push(r.try_get_by_index::<i64>(0)?);
        }
    }
    let mut q = crm_contract::Entity::find().select_only().column(crm_contract::Column::Id).filter(crm_contract::Column::Id.gt(wm.contract));
    if let Some(t) = wm.contract_updated {
        q = crm_contract::Entity::find()
            .select_only()
            .column(crm_contract::Column::Id)
            .filter(sea_orm::Condition::any().add(crm_contract::Column::Id.gt(wm.contract)).add(crm_contract::Column::UpdatedAt.gt(t)));
    }
    ids.extend(q.into_tuple::<i64>().all(db).await?);
    ids.sort_unstable();
    ids.dedup();
    let mut report = RepairReport { checked: ids.len() as u64, fixed: 0 };
    for chunk in ids.chunks(2000) {
        let txn = db.begin().await?;
        report.fixed += refresh_many(&txn, chunk).await?;
        txn.commit().await?;
    }
    super::settings::write_raw(db, WATERMARK_KEY, &tops).await?;
    Ok(report)
}

/// Recompute every contract's derived values (`crm-admin repair`; also what the first
/// catch-up after the upgrade does).
pub async fn repair_all(db: &sea_orm::DatabaseConnection) -> AppResult<RepairReport> {
    use sea_orm::{QuerySelect, TransactionTrait};
    let ids: Vec<i64> = crm_contract::Entity::find().select_only().column(crm_contract::Column::Id).into_tuple().all(db).await?;
    let mut report = RepairReport { checked: ids.len() as u64, fixed: 0 };
    for chunk in ids.chunks(2000) {
        let txn = db.begin().await?;
        report.fixed += refresh_many(&txn, chunk).await?;
        txn.commit().await?;
    }
    Ok(report)
}
