//! `crm_work_order_event` — 服务工单处理记录(产品新增):工单的时间线

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_work_order_event")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub work_order_id: i64,
    /// create / note / status / take / assign / transfer / priority / reopen / rate / edit
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub kind: String,
    pub from_status: Option<i8>,
    pub to_status: Option<i8>,
    /// The handler the order was given to (take / assign / transfer).
    pub assignee_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub content: Option<String>,
    pub actor_id: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
