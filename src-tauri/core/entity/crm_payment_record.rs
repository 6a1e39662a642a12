//! `crm_payment_record` — 回款记录

use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 回款记录
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_payment_record")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 回款ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 合同ID
    pub contract_id: i64,
    /// 关联回款计划ID
    pub plan_id: Option<i64>,
    /// 回款单号
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub payment_no: String,
    /// 回款金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub payment_amount: Dec,
    /// 回款日期
    pub payment_date: chrono::NaiveDate,
    /// 回款方式(转账/现金)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub payment_method: Option<String>,
    /// 银行流水凭证URL
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub bank_flow: Option<String>,
    /// 备注
    #[sea_orm(column_type = "Text")]
    pub remark: Option<String>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 状态:1-待确认,2-已确认(仅已确认的计入回款;其他工具写入的缺省为已确认)
    pub status: super::enums::ReceiptStatus,
    /// 确认人ID
    pub confirmed_by: Option<i64>,
    /// 确认时间(UTC)
    pub confirmed_at: Option<chrono::NaiveDateTime>,
    /// 冲销的回款记录ID(负数冲销单)
    pub reverses_id: Option<i64>,
    /// 冲销原因
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub correction_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id")]
    CrmContract,
    #[sea_orm(belongs_to = "super::crm_payment_plan::Entity", from = "Column::PlanId", to = "super::crm_payment_plan::Column::Id")]
    CrmPaymentPlan,
    #[sea_orm(has_many = "super::crm_invoice::Entity")]
    CrmInvoice,
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl Related<super::crm_payment_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmPaymentPlan.def()
    }
}

impl Related<super::crm_invoice::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmInvoice.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
