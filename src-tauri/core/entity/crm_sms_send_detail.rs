//! `crm_sms_send_detail` — 短信发送明细(产品新增):每个收件人一行

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_sms_send_detail")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub marketing_id: i64,
    pub customer_id: Option<i64>,
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub phone: String,
    #[sea_orm(column_type = "Text")]
    pub content: Option<String>,
    /// The template variables' values, `[[name, value], …]` in order of first appearance
    /// (JSON), for gateways that fill a provider's registered template.
    #[sea_orm(column_type = "Text")]
    pub params: Option<String>,
    /// 0 pending, 1 sending, 2 submitted, 3 failed, 4 opted out, 5 invalid, 6 duplicate,
    /// 7 sent recently, 8 outcome unknown
    pub status: i8,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub provider_msg_id: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(64))")]
    pub error_code: Option<String>,
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub error: Option<String>,
    pub attempts: i32,
    pub sent_at: Option<chrono::NaiveDateTime>,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
