//! sea-orm entities of CRM Desk: the 24 seed tables plus the system tables
//! (roles, numbering rules/counters, settings, operation log).
//!
//! Status/type tinyint columns are typed by the enums in [`enums`];
//! every decimal column is [`crate::money::Dec`]; datetimes are UTC.

pub mod enums;

pub mod crm_contact;
pub mod crm_contract;
pub mod crm_contract_item;
pub mod crm_customer;
pub mod crm_customer_session;
pub mod crm_follow_up;
pub mod crm_invoice;
pub mod crm_lead;
pub mod crm_lead_pool;
pub mod crm_marketing_activity;
pub mod crm_opportunity;
pub mod crm_payment_plan;
pub mod crm_payment_record;
pub mod crm_product;
pub mod crm_product_category;
pub mod crm_quotation;
pub mod crm_quotation_item;
pub mod crm_return_visit;
pub mod crm_sms_marketing;
pub mod crm_sms_template;
pub mod crm_visit_plan;
pub mod crm_work_order;
pub mod sys_dept;
pub mod sys_number_counter;
pub mod sys_number_rule;
pub mod sys_operation_log;
pub mod sys_role;
pub mod sys_setting;
pub mod sys_user;

/// `use crate::entity::prelude::*;` brings every entity in as the CamelCase of its table.
pub mod prelude {
    pub use super::crm_contact::Entity as CrmContact;
    pub use super::crm_contract::Entity as CrmContract;
    pub use super::crm_contract_item::Entity as CrmContractItem;
    pub use super::crm_customer::Entity as CrmCustomer;
    pub use super::crm_customer_session::Entity as CrmCustomerSession;
    pub use super::crm_follow_up::Entity as CrmFollowUp;
    pub use super::crm_invoice::Entity as CrmInvoice;
    pub use super::crm_lead::Entity as CrmLead;
    pub use super::crm_lead_pool::Entity as CrmLeadPool;
    pub use super::crm_marketing_activity::Entity as CrmMarketingActivity;
    pub use super::crm_opportunity::Entity as CrmOpportunity;
    pub use super::crm_payment_plan::Entity as CrmPaymentPlan;
    pub use super::crm_payment_record::Entity as CrmPaymentRecord;
    pub use super::crm_product::Entity as CrmProduct;
    pub use super::crm_product_category::Entity as CrmProductCategory;
    pub use super::crm_quotation::Entity as CrmQuotation;
    pub use super::crm_quotation_item::Entity as CrmQuotationItem;
    pub use super::crm_return_visit::Entity as CrmReturnVisit;
    pub use super::crm_sms_marketing::Entity as CrmSmsMarketing;
    pub use super::crm_sms_template::Entity as CrmSmsTemplate;
    pub use super::crm_visit_plan::Entity as CrmVisitPlan;
    pub use super::crm_work_order::Entity as CrmWorkOrder;
    pub use super::sys_dept::Entity as SysDept;
    pub use super::sys_number_counter::Entity as SysNumberCounter;
    pub use super::sys_number_rule::Entity as SysNumberRule;
    pub use super::sys_operation_log::Entity as SysOperationLog;
    pub use super::sys_role::Entity as SysRole;
    pub use super::sys_setting::Entity as SysSetting;
    pub use super::sys_user::Entity as SysUser;
}
