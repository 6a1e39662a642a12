//! Derived money columns, so the contract list filters and sorts by collection state and
//! the aging view sums in SQL at 100k contracts (computing them per read from 300k plans
//! and receipts took seconds):
//! * `crm_contract`: confirmed receipts, valid invoices, what is left to collect and to
//!   invoice (in cents: an exact integer that sorts and indexes the same on both
//!   backends), and the date of the earliest plan not fully paid (overdue = before today);
//! * `crm_payment_plan.open_cents`: what is still unpaid on the plan after its own
//!   receipts and the contract's unlinked receipts (those pay the oldest plans first).
//!
//! The services keep them true in the same transaction as every change to a contract's
//! total, plans, receipts or invoices. Rows written by other tools are caught up by the
//! app's incremental pass (on open and hourly) or `crm-admin repair`; the seed's rows
//! always win. Defaults are 0 / NULL, so inserts with the seed's columns stay valid.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20261202_000007_rollups";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
fn contract_additions() -> Table {
    Table::new("crm_contract", "")
        .col("received_amount", Decimal(18, 2), NN.default(0), "已回款(已确认回款合计,派生)")
        .col("invoiced_amount", Decimal(18, 2), NN.default(0), "已开票(有效发票合计,派生)")
        .col("outstanding_cents", BigInt, NN.default(0), "未回款(分,合同金额-已回款,派生,排序筛选用)")
        .col("uninvoiced_cents", BigInt, NN.default(0), "未开票(分,合同金额-已开票,派生)")
        .col("next_plan_date", Date, NULL, "最早未结清的回款计划日期(派生,早于今天即逾期)")
        .key("idx_outstanding", &["outstanding_cents"])
        .key("idx_next_plan", &["next_plan_date"])
        // The list in a data scope: customers in scope → their contracts, counted and
        // ordered by outstanding from the index alone.
        .key("idx_collect", &["customer_id", "status", "outstanding_cents"])
}

#[rustfmt::skip]
fn plan_additions() -> Table {
    Table::new("crm_payment_plan", "")
        .col("open_cents", BigInt, NN.default(0), "未回款(分,派生:扣除本计划回款及合同未关联回款后)")
        // The aging view: contracts in scope → their open plans, from the index alone.
        .key("idx_open", &["contract_id", "open_cents", "plan_date"])
}

/// The sweep reads each due customer's newest follow-up (the rows win over the cached
/// clock): an index-only MAX per record.
#[rustfmt::skip]
fn follow_up_additions() -> Table {
    Table::new("crm_follow_up", "").key("idx_relation_time", &["relation_type", "relation_id", "created_at"])
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        contract_additions().add_to_existing(m).await?;
        plan_additions().add_to_existing(m).await?;
        follow_up_additions().add_to_existing(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        follow_up_additions().remove_from_existing(m).await?;
        plan_additions().remove_from_existing(m).await?;
        contract_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
