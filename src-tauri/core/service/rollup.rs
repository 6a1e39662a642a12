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

/// The money of the given contracts (those missing from the result have no rows).
pub async fn money_of<C: ConnectionTrait>(conn: &C, contracts: &[crm_contract::Model], today: NaiveDate) -> AppResult<HashMap<i64, ContractMoney>> {
    let ids: Vec<i64> = contracts.iter().map(|c| c.id).collect();
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let plans = crm_payment_plan::Entity::find().filter(crm_payment_plan::Column::ContractId.is_in(ids.clone())).all(conn).await?;
    let receipts = crm_payment_record::Entity::find().filter(crm_payment_record::Column::ContractId.is_in(ids.clone())).all(conn).await?;
    let invoices = crm_invoice::Entity::find()
        .filter(crm_invoice::Column::ContractId.is_in(ids.clone()))
        .filter(crm_invoice::Column::Status.ne(InvoiceStatus::Voided))
        .all(conn)
        .await?;
    // Grouped once: linear in rows, whatever the number of contracts.
    let mut plans_of: HashMap<i64, Vec<&crm_payment_plan::Model>> = HashMap::new();
    for p in &plans {
        plans_of.entry(p.contract_id).or_default().push(p);
    }
    let (mut received_of, mut pending_of, mut invoiced_of): (HashMap<i64, Decimal>, HashMap<i64, Decimal>, HashMap<i64, Decimal>) = Default::default();
    for r in &receipts {
        let m = if r.status == ReceiptStatus::Confirmed { &mut received_of } else { &mut pending_of };
        *m.entry(r.contract_id).or_default() += d(r.payment_amount);
    }
    for i in &invoices {
        *invoiced_of.entry(i.contract_id).or_default() += d(i.amount);
    }
    for c in contracts {
        let total = d(c.total_amount);
        let mine = plans_of.get(&c.id).map(Vec::as_slice).unwrap_or_default();
        let planned: Decimal = mine.iter().map(|p| d(p.plan_amount)).sum();
        let received = received_of.get(&c.id).copied().unwrap_or_default();
        let pending = pending_of.get(&c.id).copied().unwrap_or_default();
        let invoiced = invoiced_of.get(&c.id).copied().unwrap_or_default();
        let unpaid_plans: Vec<&&crm_payment_plan::Model> = mine.iter().filter(|p| p.status != PaymentPlanStatus::Paid).collect();
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
