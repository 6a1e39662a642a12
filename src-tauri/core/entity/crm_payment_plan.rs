//! `crm_payment_plan` — 回款计划

use super::enums::PaymentPlanStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 回款计划
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_payment_plan")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 计划ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 合同ID
    pub contract_id: i64,
    /// 计划回款金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub plan_amount: Dec,
    /// 计划回款日期
    pub plan_date: chrono::NaiveDate,
    /// 付款条件(首付/尾款)
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub payment_term: Option<String>,
    /// 状态:1-未回款,2-部分回款,3-全部回款
    pub status: PaymentPlanStatus,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 未回款(分,派生:扣除本计划的回款及合同未关联计划的回款后)
    pub open_cents: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id")]
    CrmContract,
    #[sea_orm(has_many = "super::crm_payment_record::Entity")]
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
