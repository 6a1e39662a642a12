//! Data in and out (spreadsheet import and export, backups):
//! * sales representatives may import leads, customers and contacts (as themselves);
//!   export stays off for them by default (`*:export`, many companies forbid it), and
//!   managers' `module:*` grants already include it.
//!
//! No table changes: mappings and backup settings are settings rows.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

pub const NAME: &str = "m20261205_000011_data_io";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

/// (role, permission, only when the role already holds this one).
const GRANTS: &[(&str, &str, &str)] =
    &[("销售代表", "lead:import", "lead:create"), ("销售代表", "customer:import", "customer:create"), ("销售代表", "contact:import", "contact:")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let append = match backend {
            DbBackend::MySql => "CONCAT(permissions, ',', ?)",
            _ => "permissions || ',' || ?",
        };
        for (role, grant, needs) in GRANTS {
            // An administrator's own choice is kept: only roles that may create the records
            // and do not hold the permission yet.
            let sql = format!("UPDATE sys_role SET permissions = {append} WHERE role_name = ? AND permissions LIKE ? AND permissions NOT LIKE ?");
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [(*grant).into(), (*role).into(), format!("%{needs}%").into(), format!("%{grant}%").into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
