//! `crm_sms_optout` — 短信退订名单(产品新增)

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_sms_optout")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub phone: String,
    /// manual / reply
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub source: String,
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub reply_text: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
