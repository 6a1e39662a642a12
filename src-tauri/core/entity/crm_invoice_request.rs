//! `crm_invoice_request` — 开票申请(产品新增):业务员申请,财务开具或驳回

use super::enums::InvoiceRequestStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_invoice_request")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub contract_id: i64,
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub invoice_type: String,
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Dec,
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub tax_no: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub buyer_address_phone: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub buyer_bank_account: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub remark: Option<String>,
    pub status: InvoiceRequestStatus,
    pub requested_by: i64,
    pub handled_by: Option<i64>,
    pub invoice_id: Option<i64>,
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub reject_reason: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
