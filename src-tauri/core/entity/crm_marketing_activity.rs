//! `crm_marketing_activity` — 市场活动

use super::enums::ActivityStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 市场活动
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_marketing_activity")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 活动ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 活动名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub activity_name: String,
    /// 类型(展会/直播/促销)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub activity_type: String,
    /// 开始时间(UTC)
    pub start_time: chrono::NaiveDateTime,
    /// 结束时间(UTC)
    pub end_time: chrono::NaiveDateTime,
    /// 预算金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub budget: Option<Dec>,
    /// 实际成本
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub actual_cost: Option<Dec>,
    /// 状态:1-策划中,2-进行中,3-已结束
    pub status: ActivityStatus,
    /// 活动描述
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 状态是否手工设置:0-按起止时间自动,1-手工(产品新增)
    pub status_manual: i8,
    /// 更新时间(UTC,产品新增)
    pub updated_at: Option<chrono::NaiveDateTime>,
    /// 行版本(乐观锁)
    pub lock_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::crm_sms_marketing::Entity")]
    CrmSmsMarketing,
}

impl Related<super::crm_sms_marketing::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmSmsMarketing.def()
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
