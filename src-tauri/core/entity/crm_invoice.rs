//! `crm_invoice` — 发票管理

use super::enums::InvoiceStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 发票管理
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_invoice")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 发票ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 发票号码
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub invoice_no: String,
    /// 合同ID
    pub contract_id: i64,
    /// 关联回款记录ID
    pub payment_id: Option<i64>,
    /// 类型(专票/普票)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub invoice_type: String,
    /// 发票金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Dec,
    /// 开票日期
    pub issue_date: chrono::NaiveDate,
    /// 状态:1-已开票,2-已寄达,3-已认证
    pub status: InvoiceStatus,
    /// 发票扫描件URL
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub file_url: Option<String>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 发票抬头
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: Option<String>,
    /// 纳税人识别号
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub tax_no: Option<String>,
    /// 购方地址、电话
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub buyer_address_phone: Option<String>,
    /// 购方开户行及账号
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub buyer_bank_account: Option<String>,
    /// 作废/红冲原因
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub void_reason: Option<String>,
    /// 开票人ID
    pub created_by: Option<i64>,
    /// 来源开票申请ID
    pub request_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id")]
    CrmContract,
    #[sea_orm(belongs_to = "super::crm_payment_record::Entity", from = "Column::PaymentId", to = "super::crm_payment_record::Column::Id")]
    CrmPaymentRecord,
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl Related<super::crm_payment_record::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmPaymentRecord.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
