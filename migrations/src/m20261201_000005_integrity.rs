//! Integrity additions: a row version on every record an edit form saves (optimistic
//! concurrency: a stale save is refused, never silently overwrites), a session nonce on
//! `sys_user` (rotated when a password changes or an account is disabled, which ends the
//! user's sessions on every desktop), and `sys_setting.setting_value` widened to
//! MEDIUMTEXT on MySQL (a company logo as a data URL can exceed TEXT's 64 KB).
//! New columns are defaulted, so rows written by other tools stay valid.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::schema::{Table, Ty::*, NN};

pub const NAME: &str = "m20261201_000005_integrity";

/// Tables whose edit forms carry the version they loaded.
pub const VERSIONED: [&str; 8] = ["crm_customer", "crm_lead", "crm_contact", "crm_opportunity", "crm_quotation", "crm_contract", "crm_product", "sys_setting"];

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

fn version_column(table: &'static str) -> Table {
    Table::new(table, "").col("lock_version", Int, NN.default(0), "行版本(乐观锁,每次保存加一)")
}

fn user_additions() -> Table {
    Table::new("sys_user", "").col("session_nonce", Varchar(64), NN.default_str(""), "会话标记(改密码/停用时更换,使各桌面的会话失效)")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in VERSIONED {
            version_column(t).add_to_existing(m).await?;
        }
        user_additions().add_to_existing(m).await?;
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::MySql {
            db.execute_raw(Statement::from_string(DbBackend::MySql, "ALTER TABLE sys_setting MODIFY setting_value MEDIUMTEXT NULL COMMENT '设置值(JSON)'"))
                .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if db.get_database_backend() == DbBackend::MySql {
            db.execute_raw(Statement::from_string(DbBackend::MySql, "ALTER TABLE sys_setting MODIFY setting_value TEXT NULL COMMENT '设置值(JSON)'")).await?;
        }
        user_additions().remove_from_existing(m).await?;
        for t in VERSIONED.iter().rev() {
            version_column(t).remove_from_existing(m).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
