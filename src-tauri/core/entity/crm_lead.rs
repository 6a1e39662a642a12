//! `crm_lead` — 线索信息

use super::enums::{IntentLevel, LeadStatus};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 线索信息
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_lead")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 线索ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 线索名称(个人/企业名)
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub lead_name: String,
    /// 联系电话
    #[sea_orm(column_type = "String(StringLen::N(20))", unique)]
    pub phone: Option<String>,
    /// 公司名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub company: Option<String>,
    /// 职位
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub position: Option<String>,
    /// 来源渠道(官网/展会/转介绍)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub source: Option<String>,
    /// 意向产品
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub intent_product: Option<String>,
    /// 意向度:1-低,2-中,3-高
    pub intent_level: Option<IntentLevel>,
    /// 状态:1-新增,2-跟进中,3-已转化,4-失效
    pub status: LeadStatus,
    /// 备注
    #[sea_orm(column_type = "Text")]
    pub remark: Option<String>,
    /// 负责人ID(未分配为NULL)
    pub owner_id: Option<i64>,
    /// 所属线索池ID
    pub pool_id: i64,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
    /// 来源市场活动ID(产品新增)
    pub activity_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_lead_pool::Entity", from = "Column::PoolId", to = "super::crm_lead_pool::Column::Id")]
    CrmLeadPool,
    #[sea_orm(has_many = "super::crm_customer::Entity")]
    CrmCustomer,
}

impl Related<super::crm_lead_pool::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmLeadPool.def()
    }
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
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
