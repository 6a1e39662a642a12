//! `crm_sms_template` — 短信模板

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 短信模板
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_sms_template")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 模板ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 模板名称
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub template_name: String,
    /// 短信内容(含变量${name})
    #[sea_orm(column_type = "Text")]
    pub content: String,
    /// 类型(营销/通知)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub template_type: Option<String>,
    /// 是否启用:0-否,1-是
    pub is_enabled: i8,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 服务商模板编号(阿里云 SMS_xxx / 腾讯云模板ID,产品新增)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub provider_code: Option<String>,
    /// 短信签名(不含【】,为空用默认签名)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub sign_name: Option<String>,
    /// 创建人ID
    pub created_by: Option<i64>,
    /// 更新时间(UTC)
    pub updated_at: Option<chrono::NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::crm_sms_marketing::Entity")]
    CrmSmsMarketing,
}

impl Related<super::crm_sms_marketing::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmSmsMarketing.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
