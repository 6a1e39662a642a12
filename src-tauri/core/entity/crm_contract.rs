//! `crm_contract` — 销售合同

use super::enums::ContractStatus;
use crate::money::Dec;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// 销售合同
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize, Deserialize)]
#[sea_orm(table_name = "crm_contract")]
#[serde(rename_all = "camelCase")]
pub struct Model {
    /// 合同ID
    #[sea_orm(primary_key)]
    pub id: i64,
    /// 合同编号
    #[sea_orm(column_type = "String(StringLen::N(50))", unique)]
    pub contract_no: String,
    /// 客户ID
    pub customer_id: i64,
    /// 关联商机ID
    pub opportunity_id: Option<i64>,
    /// 关联报价单ID
    pub quotation_id: Option<i64>,
    /// 合同名称
    #[sea_orm(column_type = "String(StringLen::N(200))")]
    pub contract_name: String,
    /// 签约日期
    pub sign_date: chrono::NaiveDate,
    /// 生效日期
    pub start_date: Option<chrono::NaiveDate>,
    /// 到期日期
    pub end_date: Option<chrono::NaiveDate>,
    /// 合同总金额
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub total_amount: Dec,
    /// 状态:1-草稿,2-已审核,3-已签约,4-已终止
    pub status: ContractStatus,
    /// 合同文件URL
    #[sea_orm(column_type = "String(StringLen::N(500))")]
    pub file_url: Option<String>,
    /// 备注
    #[sea_orm(column_type = "Text")]
    pub remark: Option<String>,
    /// 创建人ID
    pub created_by: i64,
    /// 创建时间(UTC)
    pub created_at: chrono::NaiveDateTime,
    /// 更新时间(UTC)
    pub updated_at: chrono::NaiveDateTime,
    /// 审核人ID(产品新增列)
    pub approved_by: Option<i64>,
    /// 审核时间(UTC,产品新增列)
    pub approved_at: Option<chrono::NaiveDateTime>,
    /// 终止原因(产品新增列)
    #[sea_orm(column_type = "Text")]
    pub terminate_reason: Option<String>,
    /// 行版本(乐观锁):编辑表单带回加载时的版本,过期的保存被拒绝
    pub lock_version: i32,
    /// 已回款:已确认回款合计(派生,rollup::refresh 维护)
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub received_amount: Dec,
    /// 已开票:有效发票合计(派生)
    #[sea_orm(column_type = "Decimal(Some((18, 2)))")]
    pub invoiced_amount: Dec,
    /// 未回款(分,派生;排序与筛选用)
    pub outstanding_cents: i64,
    /// 未开票(分,派生)
    pub uninvoiced_cents: i64,
    /// 最早未结清的回款计划日期(派生)
    pub next_plan_date: Option<chrono::NaiveDate>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::crm_customer::Entity", from = "Column::CustomerId", to = "super::crm_customer::Column::Id")]
    CrmCustomer,
    #[sea_orm(belongs_to = "super::crm_opportunity::Entity", from = "Column::OpportunityId", to = "super::crm_opportunity::Column::Id")]
    CrmOpportunity,
    #[sea_orm(belongs_to = "super::crm_quotation::Entity", from = "Column::QuotationId", to = "super::crm_quotation::Column::Id")]
    CrmQuotation,
    #[sea_orm(has_many = "super::crm_return_visit::Entity")]
    CrmReturnVisit,
    #[sea_orm(has_many = "super::crm_contract_item::Entity")]
    CrmContractItem,
    #[sea_orm(has_many = "super::crm_payment_plan::Entity")]
    CrmPaymentPlan,
    #[sea_orm(has_many = "super::crm_payment_record::Entity")]
    CrmPaymentRecord,
    #[sea_orm(has_many = "super::crm_invoice::Entity")]
    CrmInvoice,
    #[sea_orm(has_many = "super::crm_work_order::Entity")]
    CrmWorkOrder,
}

impl Related<super::crm_customer::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmCustomer.def()
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

impl Related<super::crm_return_visit::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmReturnVisit.def()
    }
}

impl Related<super::crm_contract_item::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmContractItem.def()
    }
}

impl Related<super::crm_payment_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmPaymentPlan.def()
    }
}

impl Related<super::crm_payment_record::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmPaymentRecord.def()
    }
}

impl Related<super::crm_invoice::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::CrmInvoice.def()
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
