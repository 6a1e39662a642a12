//! `crm_visit_plan` — 客户拜访计划

use super::enums::VisitPlanStatus;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 客户拜访计划
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_visit_plan")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 拜访ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 客户ID
    pub customer_id: i64,
    /// 拜访目的
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub visit_purpose: String,
    /// 计划拜访时间(UTC)
    pub visit_time: chrono::NaiveDateTime,
    /// 拜访地点
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub address: Option<String>,
    /// 参与人(内部员工)
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub participants: Option<String>,
    /// 携带资料
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub materials: Option<String>,
    /// 状态:1-计划中,2-已完成,3-已取消
    pub status: VisitPlanStatus,
    /// 拜访总结(完成后填写)
    #[sea_orm(column_type = "Text")]
    pub summary: Option<String>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
