//! `crm_product` — 产品信息

use super::enums::ProductStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 产品信息
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_product")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 产品ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 产品名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub product_name: String,
    /// 产品分类ID
    pub category_id: i64,
    /// 规格型号
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub specification: Option<String>,
    /// 单位
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub unit: Option<String>,
    /// 标准售价
    #[sea_orm(column_type = "Decimal(Some((18, 4)))")]
    pub price: Dec,
    /// 成本价
    #[sea_orm(column_type = "Decimal(Some((18, 4)))")]
    pub cost_price: Option<Dec>,
    /// 状态:0-下架,1-上架
    pub status: ProductStatus,
    /// 产品描述
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_product_category::Entity", from = "Column::CategoryId", to = "super::crm_product_category::Column::Id")]
    CrmProductCategory,
    #[sea_orm(has_many = "super::crm_quotation_item::Entity")]
    CrmQuotationItem,
    #[sea_orm(has_many = "super::crm_contract_item::Entity")]
    CrmContractItem,
}

impl Related<super::crm_product_category::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmProductCategory.def()
    }
}

impl Related<super::crm_quotation_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmQuotationItem.def()
    }
}

impl Related<super::crm_contract_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContractItem.def()
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
