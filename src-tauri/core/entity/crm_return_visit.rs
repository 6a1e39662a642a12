//! `crm_return_visit` — 客户回访计划

use super::enums::ReturnVisitStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 客户回访计划
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_return_visit")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 回访ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 客户ID
    pub customer_id: i64,
    /// 关联合同ID(可为空)
    pub contract_id: Option<i64>,
    /// 回访方式(电话/上门/问卷)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub visit_type: String,
    /// 计划回访时间(UTC)
    pub plan_time: chrono::NaiveDateTime,
    /// 实际回访时间(UTC)
    pub actual_time: Option<chrono::NaiveDateTime>,
    /// 回访内容
    #[sea_orm(column_type = "Text")]
    pub content: Option<String>,
    /// 客户反馈
    #[sea_orm(column_type = "Text")]
    pub feedback: Option<String>,
    /// 状态:1-待执行,2-已完成,3-已取消
    pub status: ReturnVisitStatus,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id")]
    CrmContract,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
