//! Schema version and row counts (`crm-admin status`, the Settings page).

use crate::db::{schema_state, SchemaState};
use crate::error::AppResult;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use serde::Serialize;

/// Every table of the product: the 24 seed tables, then the additions.
pub const TABLES: &[&str] = &[
    "sys_user",
    "sys_dept",
    "crm_lead",
    "crm_lead_pool",
    "crm_customer",
    "crm_contact",
    "crm_customer_session",
    "crm_follow_up",
    "crm_visit_plan",
    "crm_return_visit",
    "crm_product",
    "crm_product_category",
    "crm_opportunity",
    "crm_quotation",
    "crm_quotation_item",
    "crm_contract",
    "crm_contract_item",
    "crm_payment_plan",
    "crm_payment_record",
    "crm_invoice",
    "crm_marketing_activity",
    "crm_sms_marketing",
    "crm_sms_template",
    "crm_customer_tag",
    "crm_customer_tag_link",
    "crm_customer_segment",
    "crm_work_order",
    "sys_role",
    "sys_number_rule",
    "sys_number_counter",
    "sys_setting",
    "sys_operation_log",
];

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct DbStatus {
    pub backend: String,
    pub schema: SchemaState,
    pub counts: Vec<(String, i64)>,
}

pub async fn status(db: &DatabaseConnection) -> AppResult<DbStatus> {
    let schema = schema_state(db).await?;
    let backend = format!("{:?}", db.get_database_backend());
    let mut counts = vec![];
    if schema.db_version.is_some() {
        for t in TABLES {
            let r = db.query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {t}"))).await;
            // A table of a later migration may be missing in an outdated database.
            let n = match r {
                Ok(Some(row)) => row.try_get::<i64>("", "n").unwrap_or(0),
                _ => -1,
            };
            counts.push((t.to_string(), n));
        }
    }
    Ok(DbStatus { backend, schema, counts })
}
