//! `crm_opportunity` — 销售商机

use super::enums::OpportunityStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 销售商机
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_opportunity")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 商机ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 客户ID
    pub customer_id: i64,
    /// 商机名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub opportunity_name: String,
    /// 意向产品ID,逗号分隔
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub product_ids: Option<String>,
    /// 预估金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub estimated_amount: Dec,
    /// 赢单概率(%)
    pub win_probability: Option<i32>,
    /// 阶段(初步接触/需求分析/商务谈判)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub stage: String,
    /// 预计成交时间
    pub expected_close_time: Option<chrono::NaiveDate>,
    /// 状态:1-进行中,2-已赢单,3-已输单
    pub status: OpportunityStatus,
    /// 输单原因(状态为3时填写)
    #[sea_orm(column_type = "Text")]
    pub lose_reason: Option<String>,
    /// 负责人ID
    pub owner_id: i64,
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
    #[sea_orm(has_many = "super::crm_quotation::Entity")]
    CrmQuotation,
    #[sea_orm(has_many = "super::crm_contract::Entity")]
    CrmContract,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl Related<super::crm_quotation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmQuotation.def()
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
