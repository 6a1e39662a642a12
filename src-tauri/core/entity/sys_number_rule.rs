//! `sys_number_rule` — 单据编号规则

use super::enums::ResetPeriod;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 单据编号规则
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_number_rule")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 规则ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 单据类型
    #[sea_orm(column_type = "String(StringLen::N(30))", unique)]
    pub doc_type: String,
    /// 编号模式
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub pattern: String,
    /// 流水号重置周期:0-不重置,1-每日,2-每月,3-每年
    pub reset_period: ResetPeriod,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
