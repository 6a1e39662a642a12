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
pub mod crm_customer_segment;
pub mod crm_customer_session;
pub mod crm_customer_tag;
pub mod crm_customer_tag_link;
pub mod crm_follow_up;
pub mod crm_invoice;
pub mod crm_invoice_request;
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
pub mod crm_sales_target;
pub mod crm_sms_marketing;
pub mod crm_sms_optout;
pub mod crm_sms_send_detail;
pub mod crm_sms_template;
pub mod crm_visit_plan;
pub mod crm_work_order;
pub mod crm_work_order_event;
pub mod sys_attachment;
pub mod sys_dept;
pub mod sys_number_counter;
pub mod sys_number_rule;
pub mod sys_operation_log;
pub mod sys_role;
pub mod sys_setting;
pub mod sys_user;
pub mod sys_user_credential;

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
    pub use super::crm_work_order_event::Entity as CrmWorkOrderEvent;
    pub use super::sys_dept::Entity as SysDept;
    pub use super::sys_number_counter::Entity as SysNumberCounter;
    pub use super::sys_number_rule::Entity as SysNumberRule;
    pub use super::sys_operation_log::Entity as SysOperationLog;
    pub use super::sys_role::Entity as SysRole;
    pub use super::sys_setting::Entity as SysSetting;
    pub use super::sys_user::Entity as SysUser;
}

#[cfg(test)]
mod tests {
    use super::enums::{UserStatus, WorkOrderPriority, WorkOrderStatus};
    use super::{crm_quotation_item, crm_work_order, sys_user};
    use crate::money::Dec;
    use sea_orm::{ActiveModelTrait, ConnectionTrait, Database, EntityTrait, Set};
    use std::str::FromStr;

    fn ts() -> chrono::NaiveDateTime {
        chrono::NaiveDate::from_ymd_opt(2025, 1, 2).unwrap().and_hms_opt(3, 4, 5).unwrap()
    }

    #[test]
    fn user_model_json_is_camel_case_and_has_no_password_hash() {
        let user = sys_user::Model {
            id: 1,
            username: "admin".into(),
            full_name: "管理员".into(),
            dept_id: 1,
            role_ids: None,
            phone: None,
            email: None,
            status: UserStatus::Enabled,
            last_login_time: None,
            supervisor_id: None,
            login_fail_count: 0,
            locked_until: None,
            created_at: ts(),
            updated_at: ts(),
            session_nonce: "n1".into(),
        };
        let json = serde_json::to_value(&user).unwrap();
        assert_eq!(json["fullName"], "管理员");
        assert_eq!(json["status"], "enabled");
        assert!(json.get("passwordHash").is_none());
        let back: sys_user::Model = serde_json::from_value(json).unwrap();
        assert_eq!(back.session_nonce, "n1");
        assert_eq!(back.status, UserStatus::Enabled);
    }

    /// Decimal columns are TEXT (`decimal_text`) on SQLite; `Dec` must survive
    /// an insert/select through the entity exactly, enums as tinyint codes.
    #[tokio::test]
    async fn sqlite_round_trip_through_entities() {
        let db = Database::connect("sqlite::memory:").await.unwrap();
        db.execute_unprepared(
            "CREATE TABLE crm_quotation_item (
                id integer PRIMARY KEY AUTOINCREMENT, quotation_id bigint NOT NULL,
                product_id bigint NOT NULL, specification varchar(500),
                quantity decimal_text(18,4) NOT NULL, unit varchar(20) NOT NULL,
                unit_price decimal_text(18,4) NOT NULL, discount decimal_text(10,2) DEFAULT '100',
                amount decimal_text(18,2) NOT NULL);
             CREATE TABLE crm_work_order (
                id integer PRIMARY KEY AUTOINCREMENT, order_no varchar(50) NOT NULL UNIQUE,
                customer_id bigint NOT NULL, contact_id bigint, contract_id bigint,
                order_type varchar(50) NOT NULL, title varchar(200) NOT NULL, content text NOT NULL,
                priority tinyint NOT NULL DEFAULT 2, status tinyint NOT NULL DEFAULT 1,
                assignee_id bigint, solution text, satisfaction tinyint, created_by bigint NOT NULL,
                created_at datetime NOT NULL, updated_at datetime NOT NULL,
                response_due_at datetime, resolve_due_at datetime, response_risk_at datetime,
                resolve_risk_at datetime, sla_due_at datetime, sla_risk_at datetime,
                first_response_at datetime, resolved_at datetime, closed_at datetime,
                reopen_count int NOT NULL DEFAULT 0, close_reason varchar(500),
                satisfaction_comment varchar(1000), rated_at datetime, return_visit_id bigint,
                lock_version int NOT NULL DEFAULT 0);",
        )
        .await
        .unwrap();

        let big = Dec::from_str("9999999999999999.99").unwrap();
        let item = crm_quotation_item::ActiveModel {
            quotation_id: Set(1),
            product_id: Set(2),
            specification: Set(None),
            quantity: Set(Dec::from_str("1.2345").unwrap()),
            unit: Set("个".into()),
            unit_price: Set(Dec::from_str("0.1000").unwrap()),
            discount: Set(None),
            amount: Set(big),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        let got = crm_quotation_item::Entity::find_by_id(item.id).one(&db).await.unwrap().unwrap();
        assert_eq!(got.amount.to_string(), "9999999999999999.99");
        assert_eq!(got.quantity.to_string(), "1.2345");
        assert_eq!(got.unit_price.to_string(), "0.1000");
        assert_eq!(got.discount, None);

        let wo = crm_work_order::ActiveModel {
            order_no: Set("WO-1".into()),
            customer_id: Set(1),
            order_type: Set("投诉".into()),
            title: Set("t".into()),
            content: Set("c".into()),
            priority: Set(WorkOrderPriority::Urgent),
            status: Set(WorkOrderStatus::Processing),
            created_by: Set(1),
            created_at: Set(ts()),
            updated_at: Set(ts()),
            ..Default::default()
        }
        .insert(&db)
        .await
        .unwrap();
        assert_eq!(wo.priority, WorkOrderPriority::Urgent);
        let raw =
            db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), "SELECT priority, status FROM crm_work_order")).await.unwrap().unwrap();
        assert_eq!(raw.try_get::<i32>("", "priority").unwrap(), 1);
        assert_eq!(raw.try_get::<i32>("", "status").unwrap(), 2);
    }
}
