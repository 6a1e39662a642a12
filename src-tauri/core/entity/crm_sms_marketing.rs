//! `crm_sms_marketing` — 短信营销记录

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 短信营销记录
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_sms_marketing")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 短信ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 短信模板ID
    pub template_id: i64,
    /// 关联市场活动ID
    pub activity_id: Option<i64>,
    /// 发送时间(UTC)
    pub send_time: chrono::NaiveDateTime,
    /// 目标客户标签(如“沉睡客户”)
    #[sea_orm(column_type = "String(StringLen::N(255))")]
    pub target_tag: Option<String>,
    /// 总发送条数
    pub total_count: i32,
    /// 成功条数
    pub success_count: Option<i32>,
    /// 失败条数
    pub fail_count: Option<i32>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 营销名称(产品新增)
    #[sea_orm(column_type = "String(StringLen::N(100))")]
    pub campaign_name: Option<String>,
    /// 目标类型:tag / segment
    #[sea_orm(column_type = "String(StringLen::N(10))")]
    pub target_kind: Option<String>,
    /// 目标标签或分群ID
    pub target_id: Option<i64>,
    /// 状态:1-待发送(定时),2-发送中,3-等待发送时段,4-已完成,5-已取消
    pub status: i8,
    /// 定时发送时间(UTC)
    pub scheduled_at: Option<chrono::NaiveDateTime>,
    /// 被排除的人数
    pub skipped_count: i32,
    pub started_at: Option<chrono::NaiveDateTime>,
    pub finished_at: Option<chrono::NaiveDateTime>,
    pub updated_at: Option<chrono::NaiveDateTime>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_sms_template::Entity", from = "Column::TemplateId", to = "super::crm_sms_template::Column::Id")]
    CrmSmsTemplate,
    #[sea_orm(belongs_to = "super::crm_marketing_activity::Entity", from = "Column::ActivityId", to = "super::crm_marketing_activity::Column::Id")]
    CrmMarketingActivity,
}

impl Related<super::crm_sms_template::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmSmsTemplate.def()
    }
}

impl Related<super::crm_marketing_activity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmMarketingActivity.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
