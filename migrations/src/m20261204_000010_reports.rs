//! Dashboard, sales targets and reports:
//! * `crm_sales_target`: a monthly sales target per user or per department (an addition;
//!   the seed has no target table). Completion is read from the seed's rows (won
//!   contracts or confirmed receipts), never stored;
//! * covering indexes for the figures read per person and period: follow-ups by author
//!   and time, customers, leads and opportunities by owner and creation, contracts by signer and
//!   sign date;
//! * sales managers may set targets (`report:target`).
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20261204_000010_reports";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
pub(crate) fn target_table() -> Table {
    Table::new("crm_sales_target", "销售目标(按人或部门、按年月,金额)")
        .id("目标ID")
        .col("target_type", TinyInt, NN, "对象类型:1-员工,2-部门")
        .col("target_ref", BigInt, NN, "员工ID或部门ID")
        .col("target_year", Int, NN, "年份")
        .col("target_month", TinyInt, NN, "月份:1-12")
        .col("amount", Decimal(18, 2), NN, "目标金额")
        .col("updated_by", BigInt, NULL, "最后设置人ID")
        .created_at("创建时间")
        .updated_at("更新时间")
        .unique("uk_target", &["target_type", "target_ref", "target_year", "target_month"])
}

#[rustfmt::skip]
fn follow_up_additions() -> Table {
    Table::new("crm_follow_up", "")
        .key("idx_creator_time", &["created_by", "created_at", "follow_type"])
}

#[rustfmt::skip]
fn customer_additions() -> Table {
    Table::new("crm_customer", "")
        .key("idx_owner_created", &["owner_id", "created_at"])
}

#[rustfmt::skip]
fn lead_additions() -> Table {
    Table::new("crm_lead", "")
        .key("idx_owner_created", &["owner_id", "created_at"])
}

#[rustfmt::skip]
fn opportunity_additions() -> Table {
    Table::new("crm_opportunity", "")
        .key("idx_owner_created", &["owner_id", "created_at"])
}

#[rustfmt::skip]
fn contract_additions() -> Table {
    Table::new("crm_contract", "")
        .key("idx_creator_sign", &["created_by", "sign_date", "status"])
}

const GRANT: (&str, &str) = ("销售经理", "report:target");

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        target_table().create(m).await?;
        follow_up_additions().add_to_existing(m).await?;
        customer_additions().add_to_existing(m).await?;
        lead_additions().add_to_existing(m).await?;
        opportunity_additions().add_to_existing(m).await?;
        contract_additions().add_to_existing(m).await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let append = match backend {
            DbBackend::MySql => "CONCAT(permissions, ',', ?)",
            _ => "permissions || ',' || ?",
        };
        let (role, grant) = GRANT;
        // Only a role that can read reports and does not yet set targets (an
        // administrator's own choice is kept).
        let sql = format!(
            "UPDATE sys_role SET permissions = {append} \
             WHERE role_name = ? AND permissions LIKE '%report:read%' AND permissions NOT LIKE '%report:target%'"
        );
        db.execute_raw(Statement::from_sql_and_values(backend, sql, [grant.into(), role.into()])).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        contract_additions().remove_from_existing(m).await?;
        opportunity_additions().remove_from_existing(m).await?;
        lead_additions().remove_from_existing(m).await?;
        customer_additions().remove_from_existing(m).await?;
        follow_up_additions().remove_from_existing(m).await?;
        target_table().drop(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
