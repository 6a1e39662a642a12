//! `crm_lead_pool` — 线索池(线索的容器)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 线索池(线索的容器)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_lead_pool")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 线索池ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 线索池名称(公共池/市场部池)
    #[sea_orm(column_type = "String(StringLen::N(100))", unique)]
    pub pool_name: String,
    /// 描述
    #[sea_orm(column_type = "Text")]
    pub description: Option<String>,
    /// 是否公共池:0-私有,1-公共
    pub is_public: i8,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::crm_lead::Entity")]
    CrmLead,
}

impl Related<super::crm_lead::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmLead.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
