//! `crm_customer_segment` — 客户分群(产品新增):保存的客户筛选条件

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_customer_segment")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub segment_name: String,
    /// The rule as JSON (`service::marketing::SegmentRule`).
    #[sea_orm(column_type = "Text")]
    pub rule: String,
    /// Code of a built-in segment (these cannot be deleted).
    #[sea_orm(column_type = "String(StringLen::N(30))")]
    pub builtin: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub description: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
