//! `crm_product_category` — 产品分类

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 产品分类
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_product_category")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 分类ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 分类名称
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub category_name: String,
    /// 上级分类ID
    pub parent_id: Option<i64>,
    /// 排序
    pub sort: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::crm_product::Entity")]
    CrmProduct,
}

impl Related<super::crm_product::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmProduct.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
