//! Sales additions: contract approval and termination on `crm_contract`, and
//! `sys_attachment`, files (signed contract scans) stored in the database itself so
//! every desktop that shares it can open them.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20260401_000004_sales";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        contract_additions().add_to_existing(m).await?;
        attachment_table().create(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        attachment_table().drop(m).await?;
        contract_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

#[rustfmt::skip]
pub(crate) fn contract_additions() -> Table {
    Table::new("crm_contract", "")
        .col("approved_by", BigInt, NULL, "审核人ID")
        .col("approved_at", DateTime, NULL, "审核时间")
        .col("terminate_reason", Text, NULL, "终止原因")
}

#[rustfmt::skip]
pub(crate) fn attachment_table() -> Table {
    Table::new("sys_attachment", "附件(文件内容存于数据库,所有桌面可访问)")
        .id("附件ID")
        .col("entity_type", Varchar(50), NN, "所属对象类型(表名)")
        .col("entity_id", BigInt, NN, "所属对象ID")
        .col("file_name", Varchar(255), NN, "文件名")
        .col("mime_type", Varchar(100), NN, "文件类型")
        .col("file_size", BigInt, NN, "文件大小(字节)")
        .col("content", Blob, NN, "文件内容")
        .col("created_by", BigInt, NN, "上传人ID")
        .created_at("上传时间")
        .key("idx_entity", &["entity_type", "entity_id"])
}
