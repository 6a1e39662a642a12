//! `sys_attachment` — 附件(文件内容存于数据库,所有桌面可访问)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "sys_attachment")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 所属对象类型(表名)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub entity_type: String,
    pub entity_id: i64,
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub file_name: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub mime_type: String,
    pub file_size: i64,
    /// 文件内容(不参与 JSON)
    #[sea_orm(column_type = "Blob")]
    #[serde(skip)]
    pub content: Vec<u8>,
    pub created_by: i64,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
