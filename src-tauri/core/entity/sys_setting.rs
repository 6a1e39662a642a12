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
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Every save of an existing row raises `lock_version` (optimistic concurrency).
    async fn before_save<C: ConnectionTrait>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr> {
        crate::service::version::bump(&mut self.lock_version, insert);
        Ok(self)
    }
}
