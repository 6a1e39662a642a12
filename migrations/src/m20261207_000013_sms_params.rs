//! SMS providers (阿里云, 腾讯云) fill a registered template with the variables' values,
//! not with our rendered text: `crm_sms_send_detail.params` keeps each recipient's values
//! (JSON `[[name, value], …]`, in order of first appearance), resolved when the campaign
//! is created, next to the rendered text. Rows written before have none; a provider
//! template then gets no values (the outbox never needed them).
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};

use crate::schema::{Table, Ty::*, NULL};

pub const NAME: &str = "m20261207_000013_sms_params";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
fn detail_additions() -> Table {
    Table::new("crm_sms_send_detail", "")
        .col("params", Text, NULL, "模板变量的值(JSON 数组 [[变量, 值]],按出现顺序;服务商模板用)")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        detail_additions().add_to_existing(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        detail_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
