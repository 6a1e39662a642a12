//! `crm_quotation_item` — 报价单明细

use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 报价单明细
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_quotation_item")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 明细ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 报价单ID
    pub quotation_id: i64,
    /// 产品ID
    pub product_id: i64,
    /// 规格型号
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub specification: Option<String>,
    /// 数量
    #[sea_orm(column_type = "Decimal(Some((18, 4)))")]
    pub quantity: Dec,
    /// 单位
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub unit: String,
    /// 单价
    #[sea_orm(column_type = "Decimal(Some((18, 4)))")]
    pub unit_price: Dec,
    /// 折扣(%)
    #[sea_orm(column_type = "Decimal(Some((10, 2)))")]
    pub discount: Option<Dec>,
    /// 金额(数量*单价*折扣)
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Dec,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_quotation::Entity", from = "Column::QuotationId", to = "super::crm_quotation::Column::Id", on_delete = "Cascade")]
    CrmQuotation,
    #[sea_orm(belongs_to = "super::crm_product::Entity", from = "Column::ProductId", to = "super::crm_product::Column::Id")]
    CrmProduct,
}

impl Related<super::crm_quotation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmQuotation.def()
    }
}

impl Related<super::crm_product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmProduct.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
