//! `crm_contract_item` — 合同明细

use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 合同明细
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_contract_item")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 明细ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 合同ID
    pub contract_id: i64,
    /// 产品ID
    pub product_id: i64,
    /// 规格
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
    /// 金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub amount: Dec,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_contract::Entity", from = "Column::ContractId", to = "super::crm_contract::Column::Id", on_delete = "Cascade")]
    CrmContract,
    #[sea_orm(belongs_to = "super::crm_product::Entity", from = "Column::ProductId", to = "super::crm_product::Column::Id")]
    CrmProduct,
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl Related<super::crm_product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmProduct.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
