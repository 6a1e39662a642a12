//! `crm_customer` — 客户信息(线索转化后生成)

use super::enums::{CustomerLevel, CustomerStatus, CustomerType};
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 客户信息(线索转化后生成)
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_customer")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 客户ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 客户名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub customer_name: String,
    /// 类型:1-个人,2-企业
    pub customer_type: CustomerType,
    /// 所属行业(企业客户)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub industry: Option<String>,
    /// 企业规模(企业客户)
    #[sea_orm(column_type = "String(StringLen::N(50))")]
    pub scale: Option<String>,
    /// 地址
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub address: Option<String>,
    /// 状态:1-潜在,2-成交,3-流失
    pub status: CustomerStatus,
    /// 客户等级:1-A,2-B,3-C
    pub level: Option<CustomerLevel>,
    /// 来源线索ID(从线索转化时关联)
    pub source_lead_id: Option<i64>,
    /// 负责人ID
    pub owner_id: i64,
    /// 是否在公海:0-否,1-是
    pub is_in_sea: i8,
    /// 进入公海时间(UTC)
    pub sea_time: Option<chrono::NaiveDateTime>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 最近跟进时间(UTC;公海回收计时起点,产品新增列)
    pub last_follow_at: Option<chrono::NaiveDateTime>,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
    /// 开票抬头
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub invoice_title: Option<String>,
    /// 纳税人识别号
    #[sea_orm(column_type = "String(StringLen::N(20))")]
    pub tax_no: Option<String>,
    /// 开票地址、电话
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub invoice_address_phone: Option<String>,
    /// 开户行及账号
    #[sea_orm(column_type = "String(StringLen::N(300))")]
    pub invoice_bank_account: Option<String>,
    /// 来源市场活动ID(线索转化时带入,产品新增)
    pub activity_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_lead::Entity", from = "Column::SourceLeadId", to = "super::crm_lead::Column::Id")]
    CrmLead,
    #[sea_orm(has_many = "super::crm_contact::Entity")]
    CrmContact,
    #[sea_orm(has_many = "super::crm_customer_session::Entity")]
    CrmCustomerSession,
    #[sea_orm(has_many = "super::crm_visit_plan::Entity")]
    CrmVisitPlan,
    #[sea_orm(has_many = "super::crm_return_visit::Entity")]
    CrmReturnVisit,
    #[sea_orm(has_many = "super::crm_opportunity::Entity")]
    CrmOpportunity,
    #[sea_orm(has_many = "super::crm_quotation::Entity")]
    CrmQuotation,
    #[sea_orm(has_many = "super::crm_contract::Entity")]
    CrmContract,
    #[sea_orm(has_many = "super::crm_work_order::Entity")]
    CrmWorkOrder,
}

impl Related<super::crm_lead::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmLead.def()
    }
}

impl Related<super::crm_contact::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContact.def()
    }
}

impl Related<super::crm_customer_session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomerSession.def()
    }
}

impl Related<super::crm_visit_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmVisitPlan.def()
    }
}

impl Related<super::crm_return_visit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmReturnVisit.def()
    }
}

impl Related<super::crm_opportunity::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmOpportunity.def()
    }
}

impl Related<super::crm_quotation::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmQuotation.def()
    }
}

impl Related<super::crm_contract::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContract.def()
    }
}

impl Related<super::crm_work_order::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmWorkOrder.def()
    }
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Every save of an existing row raises `lock_version` (optimistic concurrency).
    async fn before_save<C: ConnectionTrait>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr> {
        crate::service::version::bump(&mut self.lock_version, insert);
        Ok(self)
    }
}
