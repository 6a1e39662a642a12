//! `crm_customer_session` — 客户会话记录

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 客户会话记录
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_customer_session")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 会话ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 客户ID
    pub customer_id: i64,
    /// 关联联系人ID(可为空)
    pub contact_id: Option<i64>,
    /// 会话类型(电话/微信/邮件)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub session_type: String,
    /// 会话时间(UTC)
    pub session_time: chrono::NaiveDateTime,
    /// 会话内容
    #[sea_orm(column_type = "Text")]
    pub content: Option<String>,
    /// 会话标签(需求沟通/报价讨论)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub tag: Option<String>,
    /// 记录人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
    #[sea_orm(belongs_to = "super::crm_contact::Entity", from = "Column::ContactId", to = "super::crm_contact::Column::Id")]
    CrmContact,
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

impl ActiveModelBehavior for ActiveModel {}
