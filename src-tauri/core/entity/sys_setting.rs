//! `sys_setting` — 系统设置(键值)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 系统设置(键值)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_setting")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 设置ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 设置键
    #[sea_orm(column_type = "String(StringLen::N(100))", unique)]
    pub setting_key: String,
    /// 设置值
    #[sea_orm(column_type = "Text")]
    pub setting_value: Option<String>,
    /// 最后修改人ID
    pub updated_by: Option<i64>,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
