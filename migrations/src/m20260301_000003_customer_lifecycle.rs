//! Customer lifecycle additions: the public-sea clock on `crm_customer`, the
//! "next follow-up done" flag on `crm_follow_up` (the to-do list), and a default lead pool.
//! New columns are nullable or defaulted, so rows written with only the seed columns stay valid.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20260301_000003_customer_lifecycle";

/// The lead pool every installation starts with; new leads go here unless told otherwise.
pub const DEFAULT_POOL: &str = "公共线索池";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        customer_additions().add_to_existing(m).await?;
        follow_up_additions().add_to_existing(m).await?;
        let db = m.get_connection();
        let be = db.get_database_backend();
        // The sea clock starts at the newest follow-up, or at creation for customers never followed up.
        // `updated_at = updated_at` keeps MySQL's ON UPDATE CURRENT_TIMESTAMP from stamping
        // every customer as changed by the upgrade.
        db.execute_raw(Statement::from_string(
            be,
            "UPDATE crm_customer SET updated_at = updated_at, last_follow_at = COALESCE((SELECT MAX(f.created_at) FROM crm_follow_up f \
             WHERE f.relation_type = 'customer' AND f.relation_id = crm_customer.id), created_at)",
        ))
        .await?;
        // A reminder is done once a later follow-up exists on the same record.
        db.execute_raw(Statement::from_string(
            be,
            "UPDATE crm_follow_up SET next_done = 1 WHERE next_follow_time IS NOT NULL AND EXISTS (\
             SELECT 1 FROM (SELECT relation_type, relation_id, MAX(created_at) AS latest FROM crm_follow_up \
             GROUP BY relation_type, relation_id) g WHERE g.relation_type = crm_follow_up.relation_type \
             AND g.relation_id = crm_follow_up.relation_id AND g.latest > crm_follow_up.created_at)",
        ))
        .await?;
        let (now, dual) = match be {
            sea_orm_migration::sea_orm::DbBackend::MySql => ("UTC_TIMESTAMP()", " FROM DUAL"),
            _ => ("CURRENT_TIMESTAMP", ""),
        };
        db.execute_raw(Statement::from_sql_and_values(
            be,
            format!(
                "INSERT INTO crm_lead_pool (pool_name, description, is_public, created_at) \
                 SELECT ?, ?, 1, {now}{dual} WHERE NOT EXISTS (SELECT 1 FROM crm_lead_pool)"
            ),
            [DEFAULT_POOL.into(), "所有人可领取的线索".into()],
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        follow_up_additions().remove_from_existing(m).await?;
        customer_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[rustfmt::skip]
pub(crate) fn customer_additions() -> Table {
    Table::new("crm_customer", "")
        .col("last_follow_at", DateTime, NULL, "最近跟进时间(公海回收计时起点)")
        .key("idx_sea_clock", &["is_in_sea", "last_follow_at"])
        // Covers every filter and sort column of the customer list, so a page's ids and its
        // count come from the index alone (measured: 200 ms -> see README, at 100k customers).
        .key("idx_list", &["is_in_sea", "owner_id", "level", "status", "customer_type", "updated_at", "created_at", "last_follow_at", "customer_name"])
}

#[rustfmt::skip]
pub(crate) fn follow_up_additions() -> Table {
    Table::new("crm_follow_up", "")
        .col("next_done", TinyInt, NN.default(0), "下次跟进是否已完成:0-否,1-是")
        .key("idx_todo", &["created_by", "next_done", "next_follow_time"])
}
