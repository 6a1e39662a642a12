//! Receivables additions: confirmation and corrections on `crm_payment_record`, buyer
//! details and voiding on `crm_invoice` (status 9 = 作废/红冲, kept but out of totals),
//! the customer's invoice details (prefilled on invoices), and invoice requests (a rep
//! asks, finance issues). New columns are nullable or defaulted: a receipt written by
//! another tool without a status counts as confirmed (`status` default 2).
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20261201_000006_receivables";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
fn receipt_additions() -> Table {
    Table::new("crm_payment_record", "")
        .col("status", TinyInt, NN.default(2), "状态:1-待确认,2-已确认(仅已确认计入回款)")
        .col("confirmed_by", BigInt, NULL, "确认人ID")
        .col("confirmed_at", DateTime, NULL, "确认时间")
        .col("reverses_id", BigInt, NULL, "冲销的回款记录ID(负数冲销单)")
        .col("correction_reason", Varchar(500), NULL, "冲销原因")
}

#[rustfmt::skip]
fn invoice_additions() -> Table {
    Table::new("crm_invoice", "")
        .col("title", Varchar(200), NULL, "发票抬头")
        .col("tax_no", Varchar(20), NULL, "纳税人识别号(统一社会信用代码)")
        .col("buyer_address_phone", Varchar(300), NULL, "购方地址、电话")
        .col("buyer_bank_account", Varchar(300), NULL, "购方开户行及账号")
        .col("void_reason", Varchar(500), NULL, "作废/红冲原因(状态 9)")
        .col("created_by", BigInt, NULL, "开票人ID")
        .col("request_id", BigInt, NULL, "来源开票申请ID")
}

#[rustfmt::skip]
fn customer_additions() -> Table {
    Table::new("crm_customer", "")
        .col("invoice_title", Varchar(200), NULL, "开票抬头")
        .col("tax_no", Varchar(20), NULL, "纳税人识别号")
        .col("invoice_address_phone", Varchar(300), NULL, "开票地址、电话")
        .col("invoice_bank_account", Varchar(300), NULL, "开户行及账号")
}

#[rustfmt::skip]
pub(crate) fn request_table() -> Table {
    Table::new("crm_invoice_request", "开票申请(业务员申请,财务开具)")
        .id("申请ID")
        .col("contract_id", BigInt, NN, "合同ID")
        .col("invoice_type", Varchar(20), NN, "发票类型")
        .col("amount", Decimal(18, 2), NN, "申请金额")
        .col("title", Varchar(200), NN, "发票抬头")
        .col("tax_no", Varchar(20), NULL, "纳税人识别号")
        .col("buyer_address_phone", Varchar(300), NULL, "购方地址、电话")
        .col("buyer_bank_account", Varchar(300), NULL, "购方开户行及账号")
        .col("remark", Varchar(500), NULL, "备注")
        .col("status", TinyInt, NN.default(1), "状态:1-待开票,2-已开票,3-已驳回")
        .col("requested_by", BigInt, NN, "申请人ID")
        .col("handled_by", BigInt, NULL, "处理人ID")
        .col("invoice_id", BigInt, NULL, "开出的发票ID")
        .col("reject_reason", Varchar(500), NULL, "驳回原因")
        .created_at("申请时间")
        .updated_at("更新时间")
        .key("idx_contract", &["contract_id"])
        .key("idx_status", &["status"])
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        receipt_additions().add_to_existing(m).await?;
        invoice_additions().add_to_existing(m).await?;
        customer_additions().add_to_existing(m).await?;
        request_table().create(m).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        request_table().drop(m).await?;
        customer_additions().remove_from_existing(m).await?;
        invoice_additions().remove_from_existing(m).await?;
        receipt_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
