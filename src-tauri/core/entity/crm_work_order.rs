//! `crm_work_order` — 服务工单

use super::enums::{WorkOrderPriority, WorkOrderStatus};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 服务工单
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_work_order")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 工单ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 工单号
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub order_no: String,
    /// 客户ID
    pub customer_id: i64,
    /// 联系人ID
    pub contact_id: Option<i64>,
    /// 关联合同ID
    pub contract_id: Option<i64>,
    /// 类型(售后问题/产品咨询/投诉)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub order_type: String,
    /// 工单标题
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub title: String,
    /// 问题描述
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// 优先级:1-紧急,2-普通,3-低
    pub priority: WorkOrderPriority,
    /// 状态:1-待处理,2-处理中,3-已解决,4-已关闭
    pub status: WorkOrderStatus,
    /// 处理人ID
    pub assignee_id: Option<i64>,
    /// 解决方案(处理后填写)
    #[sea_orm(column_type = "Text")]
    pub solution: Option<String>,
    /// 满意度:1-5分
    pub satisfaction: Option<i8>,
    /// 创建人(客户/员工)
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
    #[sea_orm(belongs_to = "super::crm_contact::Entity", from = "Column::ContactId", to = "super::crm_contact::Column::Id")]
    CrmContact,
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id")]
    CrmContract,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl Related<super::crm_contact::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContact.def()
    }
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
