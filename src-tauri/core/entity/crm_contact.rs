//! `crm_contact` — 客户联系人(一个客户可多个联系人)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 唯一约束:(customer_id, phone)(由迁移建立)。
/// 客户联系人(一个客户可多个联系人)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_contact")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 联系人ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 所属客户ID
    pub customer_id: i64,
    /// 姓名
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub contact_name: String,
    /// 职位
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub position: Option<String>,
    /// 手机号
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub phone: String,
    /// 邮箱
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub email: Option<String>,
    /// 是否关键决策人:0-否,1-是
    pub is_key: i8,
    /// 沟通偏好(电话/微信)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub communication_preference: Option<String>,
    /// 生日
    pub birthday: Option<chrono::NaiveDate>,
    /// 备注
    #[sea_orm(column_type = "Text")]
    pub remark: Option<String>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
    #[sea_orm(has_many = "super::crm_customer_session::Entity")]
    CrmCustomerSession,
    #[sea_orm(has_many = "super::crm_work_order::Entity")]
    CrmWorkOrder,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl Related<super::crm_customer_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomerSession.def()
    }
}

impl Related<super::crm_work_order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmWorkOrder.def()
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
