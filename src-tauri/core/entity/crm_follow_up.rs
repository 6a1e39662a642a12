//! `crm_follow_up` — 线索/客户跟进记录

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 线索/客户跟进记录
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_follow_up")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 跟进ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 关联类型(lead-线索/customer-客户)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub relation_type: String,
    /// 关联ID(线索ID/客户ID)
    pub relation_id: i64,
    /// 跟进方式(电话/面谈/微信)
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub follow_type: String,
    /// 跟进内容
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// 下次跟进时间(UTC)
    pub next_follow_time: Option<chrono::NaiveDateTime>,
    /// 下次跟进内容
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub next_content: Option<String>,
    /// 跟进人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 下次跟进是否已完成:0-否,1-是(产品新增列,待办列表)
    pub next_done: i8,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
