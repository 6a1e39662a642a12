//! `crm_quotation` — 报价单

use super::enums::QuotationStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 报价单
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_quotation")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 报价单ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 报价单号(自动生成)
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub quotation_no: String,
    /// 关联商机ID
    pub opportunity_id: i64,
    /// 客户ID
    pub customer_id: i64,
    /// 总金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub total_amount: Dec,
    /// 报价有效期
    pub valid_until: Option<chrono::NaiveDate>,
    /// 状态:1-草稿,2-已发送,3-已接受,4-已拒绝
    pub status: QuotationStatus,
    /// 备注
    #[sea_orm(column_type = "Text")]
    pub remark: Option<String>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_opportunity::Entity", from = "Column::OpportunityId", to = "super::crm_opportunity::Column::Id")]
    CrmOpportunity,
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
    #[sea_orm(has_many = "super::crm_quotation_item::Entity")]
    CrmQuotationItem,
    #[sea_orm(has_many = "super::crm_contract::Entity")]
    CrmContract,
}

impl Related<super::crm_opportunity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmOpportunity.def()
    }
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
    }
}

impl Related<super::crm_quotation_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmQuotationItem.def()
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
