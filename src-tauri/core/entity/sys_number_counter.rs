//! `sys_number_counter` — 单据编号流水计数器

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 单据编号流水计数器
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_number_counter")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 计数器ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 单据类型
    #[sea_orm(column_type = "String(StringLen::N(30))")]
    pub doc_type: String,
    /// 周期键(如 20250101 / 202501 / 2025 / ALL)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub period_key: String,
    /// 当前流水值
    pub current_value: i64,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
