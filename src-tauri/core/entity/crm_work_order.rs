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
    /// 首次响应时限(UTC;addition)
    pub response_due_at: Option<chrono::NaiveDateTime>,
    /// 解决时限(UTC)
    pub resolve_due_at: Option<chrono::NaiveDateTime>,
    /// 首次响应预警时间(时限的80%)
    pub response_risk_at: Option<chrono::NaiveDateTime>,
    /// 解决预警时间(时限的80%)
    pub resolve_risk_at: Option<chrono::NaiveDateTime>,
    /// 当前时限(派生:未响应=响应时限,未解决=解决时限,已解决为空)
    pub sla_due_at: Option<chrono::NaiveDateTime>,
    /// 当前预警时间(派生)
    pub sla_risk_at: Option<chrono::NaiveDateTime>,
    /// 首次响应时间
    pub first_response_at: Option<chrono::NaiveDateTime>,
    /// 解决时间
    pub resolved_at: Option<chrono::NaiveDateTime>,
    /// 关闭时间
    pub closed_at: Option<chrono::NaiveDateTime>,
    /// 重新打开次数
    pub reopen_count: i32,
    /// 关闭原因
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub close_reason: Option<String>,
    /// 满意度评价
    #[sea_orm(column_type = "String(StringLen::N(1000))")]
    pub satisfaction_comment: Option<String>,
    /// 满意度录入时间
    pub rated_at: Option<chrono::NaiveDateTime>,
    /// 满意度回访记录ID
    pub return_visit_id: Option<i64>,
    /// 行版本(乐观锁)
    pub lock_version: i32,
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

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Every save of an existing row raises `lock_version` (optimistic concurrency).
    async fn before_save<C: ConnectionTrait>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr> {
        crate::service::version::bump(&mut self.lock_version, insert);
        Ok(self)
    }
}
