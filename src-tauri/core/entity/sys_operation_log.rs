//! `sys_operation_log` — 操作日志

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 操作日志
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_operation_log")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 日志ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 操作人ID
    pub user_id: Option<i64>,
    /// 操作人姓名(冗余)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub user_name: Option<String>,
    /// 操作类型(create/update/delete 等)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub action: String,
    /// 实体类型(表名)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub entity_type: String,
    /// 实体ID
    pub entity_id: i64,
    /// 变更内容(JSON)
    #[sea_orm(column_type = "Text")]
    pub changes: Option<String>,
    /// 操作摘要
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub summary: Option<String>,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
