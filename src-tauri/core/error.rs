//! Errors. `AppError` is what services return; `ApiError {code, message, field?}`
//! is the only error shape that crosses the IPC boundary.

use serde::{Deserialize, Serialize};

/// UI language of a message.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub enum Locale {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en-US")]
    EnUs,
}

impl Locale {
    pub fn parse(s: &str) -> Locale {
        if s.to_ascii_lowercase().starts_with("en") {
            Locale::EnUs
        } else {
            Locale::ZhCn
        }
    }
}

/// A message in both UI languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    pub zh: String,
    pub en: String,
}

impl Msg {
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Msg { zh: zh.into(), en: en.into() }
    }
    pub fn get(&self, locale: Locale) -> &str {
        match locale {
            Locale::ZhCn => &self.zh,
            Locale::EnUs => &self.en,
        }
    }
}

/// The fixed list of error codes the UI knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Forbidden,
    Unauthenticated,
    /// The desktop locked after the idle time: the password unlocks it (session kept).
    Locked,
    DbUnavailable,
    Internal,
}

/// What crosses IPC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub field: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)?;
        if let Some(field) = &self.field {
            write!(f, " (field {field})")?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("validation failed on {field}: {}", message.en)]
    Validation { field: String, message: Msg },
    #[error("{} not found", message.en)]
    NotFound { message: Msg },
    #[error("conflict: {}", message.en)]
    Conflict { field: Option<String>, message: Msg },
    #[error("forbidden: {permission}")]
    Forbidden { permission: String },
    /// FORBIDDEN for a rule rather than a missing permission (e.g. granting beyond one's own rights).
    #[error("forbidden: {}", message.en)]
    Denied { message: Msg },
    #[error("not logged in")]
    Unauthenticated,
    #[error("locked after inactivity")]
    Locked,
    /// A deadlock or lock-wait timeout: someone else held the rows. Services retry these
    /// a bounded number of times ([`crate::service::util::retry_contended`]); what is
    /// left reaches the user as CONFLICT, never INTERNAL.
    #[error("lock contention")]
    Contention,
    #[error("database unavailable: {}", message.en)]
    DbUnavailable { message: Msg },
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    /// A validation error naming the field (camelCase, as the UI form names it).
    pub fn validation(field: &str, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Validation { field: field.to_string(), message: Msg::new(zh, en) }
    }
    /// "<what> not found"; `zh`/`en` name the kind of record.
    pub fn not_found(zh: &str, en: &str) -> Self {
        AppError::NotFound { message: Msg::new(format!("{zh}不存在或无权访问"), format!("{en} not found or not accessible")) }
    }
    pub fn conflict(field: Option<&str>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Conflict { field: field.map(str::to_string), message: Msg::new(zh, en) }
    }
    pub fn forbidden(permission: &str) -> Self {
        AppError::Forbidden { permission: permission.to_string() }
    }
    /// FORBIDDEN with its own explanation.
    pub fn denied(zh: impl Into<String>, en: impl Into<String>) -> Self {
        AppError::Denied { message: Msg::new(zh, en) }
    }
    pub fn internal(e: impl std::fmt::Display) -> Self {
        AppError::Internal(e.to_string())
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            AppError::Validation { .. } => ErrorCode::Validation,
            AppError::NotFound { .. } => ErrorCode::NotFound,
            AppError::Conflict { .. } | AppError::Contention => ErrorCode::Conflict,
            AppError::Forbidden { .. } | AppError::Denied { .. } => ErrorCode::Forbidden,
            AppError::Unauthenticated => ErrorCode::Unauthenticated,
            AppError::Locked => ErrorCode::Locked,
            AppError::DbUnavailable { .. } => ErrorCode::DbUnavailable,
            AppError::Internal(_) => ErrorCode::Internal,
        }
    }

    pub fn to_api(&self, locale: Locale) -> ApiError {
        let (message, field) = match self {
            AppError::Validation { field, message } => (message.get(locale).to_string(), Some(field.clone())),
            AppError::NotFound { message } => (message.get(locale).to_string(), None),
            AppError::Conflict { field, message } => (message.get(locale).to_string(), field.clone()),
            AppError::Contention => (
                Msg::new("其他同事正在修改相同的数据,请稍后重试", "Someone else is changing the same data right now; please retry").get(locale).to_string(),
                None,
            ),
            AppError::Forbidden { permission } => (
                Msg::new(format!("没有权限执行此操作({permission})"), format!("You do not have permission for this ({permission})")).get(locale).to_string(),
                None,
            ),
            AppError::Denied { message } => (message.get(locale).to_string(), None),
            AppError::Unauthenticated => (Msg::new("请先登录", "Please log in first").get(locale).to_string(), None),
            AppError::Locked => {
                (Msg::new("长时间未操作,已锁定;请输入密码解锁", "Locked after inactivity; enter your password to unlock").get(locale).to_string(), None)
            }
            AppError::DbUnavailable { message } => (message.get(locale).to_string(), None),
            // Internal details go to the log, never to the user.
            AppError::Internal(_) => {
                (Msg::new("系统内部错误,请稍后重试或联系管理员", "Internal error; please retry or contact your administrator").get(locale).to_string(), None)
            }
        };
        ApiError { code: self.code(), message, field }
    }
}

/// Unique keys of the schema: which field a duplicate refers to, and how to say it.
/// (index name, table.column for SQLite's message, field in camelCase, zh label, en label)
const UNIQUE_KEYS: &[(&str, &str, &str, &str, &str)] = &[
    ("uk_username", "sys_user.username", "username", "登录账号", "username"),
    ("uk_phone", "crm_lead.phone", "phone", "手机号", "phone"),
    ("uk_pool_name", "crm_lead_pool.pool_name", "poolName", "线索池名称", "pool name"),
    ("uk_customer_phone", "crm_contact.phone", "phone", "该客户下的手机号", "phone for this customer"),
    ("uk_quotation_no", "crm_quotation.quotation_no", "quotationNo", "报价单号", "quotation number"),
    ("uk_contract_no", "crm_contract.contract_no", "contractNo", "合同编号", "contract number"),
    ("uk_payment_no", "crm_payment_record.payment_no", "paymentNo", "回款单号", "payment number"),
    ("uk_invoice_no", "crm_invoice.invoice_no", "invoiceNo", "发票号码", "invoice number"),
    ("uk_order_no", "crm_work_order.order_no", "orderNo", "工单号", "work order number"),
    ("uk_role_name", "sys_role.role_name", "roleName", "角色名称", "role name"),
    ("uk_doc_type", "sys_number_rule.doc_type", "docType", "单据类型", "document type"),
    ("uk_setting_key", "sys_setting.setting_key", "settingKey", "设置项", "setting"),
    ("uk_doc_period", "sys_number_counter.doc_type", "docType", "编号计数器", "number counter"),
];

fn is_connection_error(e: &sea_orm::DbErr) -> bool {
    use sea_orm::DbErr;
    match e {
        DbErr::Conn(_) | DbErr::ConnectionAcquire(_) => true,
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(s)) | DbErr::Query(sea_orm::RuntimeErr::SqlxError(s)) => matches!(
            s.as_ref(),
            sea_orm::sqlx::Error::Io(_) | sea_orm::sqlx::Error::PoolTimedOut | sea_orm::sqlx::Error::PoolClosed | sea_orm::sqlx::Error::Tls(_)
        ),
        _ => false,
    }
}

/// MySQL/MariaDB refused a statement for lack of privileges (1142 table, 1143 column,
/// 1370 routine, 1227 global).
fn is_privilege_error(e: &sea_orm::DbErr) -> bool {
    let text = e.to_string();
    text.contains("command denied to user") || text.contains("Access denied; you need")
}

/// A deadlock (MySQL 1213, SQLite BUSY/LOCKED) or a lock-wait timeout (MySQL 1205):
/// someone else holds the rows; the caller may retry. Never an internal error.
pub fn is_lock_contention(e: &sea_orm::DbErr) -> bool {
    use sea_orm::DbErr;
    match e {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(s)) | DbErr::Query(sea_orm::RuntimeErr::SqlxError(s)) => match s.as_ref() {
            sea_orm::sqlx::Error::Database(d) => {
                let code = d.code().map(|c| c.to_string()).unwrap_or_default();
                let msg = d.message();
                // MySQL's SQLSTATE for both is 40001 / HY000; match the server error numbers in the text too.
                code == "40001"
                    || msg.contains("Deadlock found")
                    || msg.contains("Lock wait timeout")
                    || code == "5"
                    || code == "6"
                    || msg.contains("database is locked")
            }
            _ => false,
        },
        _ => false,
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        if let Some(sql) = e.sql_err() {
            match sql {
                sea_orm::SqlErr::UniqueConstraintViolation(detail) => {
                    for (key, col, field, zh, en) in UNIQUE_KEYS {
                        // MySQL: "Duplicate entry 'x' for key 'uk_username'" (MariaDB: key 'uk_username';
                        // MySQL 8: key 'sys_user.uk_username'); SQLite: "UNIQUE constraint failed: sys_user.username".
                        if detail.contains(&format!("{key}'")) || detail.contains(&format!(".{key}")) || detail.contains(col) {
                            return AppError::Conflict {
                                field: Some(field.to_string()),
                                message: Msg::new(format!("{zh}已存在"), format!("This {en} already exists")),
                            };
                        }
                    }
                    return AppError::Conflict { field: None, message: Msg::new("记录重复", "A record with the same value already exists") };
                }
                sea_orm::SqlErr::ForeignKeyConstraintViolation(_) => {
                    return AppError::Conflict {
                        field: None,
                        message: Msg::new("该记录被其他数据引用或引用的数据不存在", "The record is referenced by, or refers to, missing data"),
                    };
                }
                #[allow(unreachable_patterns)]
                _ => {}
            }
        }
        if is_lock_contention(&e) {
            tracing::warn!(error = %e, "lock contention");
            return AppError::Contention;
        }
        if is_privilege_error(&e) {
            // A per-user database account lacks a grant: the server refused, say so.
            tracing::warn!(error = %e, "refused by the database account's privileges");
            return AppError::Denied {
                message: Msg::new("数据库拒绝了此操作(您的数据库账号没有该权限)", "The database refused this (your database account lacks the privilege)"),
            };
        }
        if is_connection_error(&e) {
            tracing::warn!(error = %e, "database unavailable");
            return AppError::DbUnavailable {
                message: Msg::new("无法连接数据库,请检查网络或数据库服务", "Cannot reach the database; check the network or the database server"),
            };
        }
        tracing::error!(error = %e, "database error");
        AppError::Internal(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_error_json_is_pinned() {
        let e = AppError::validation("username", "登录账号不能为空", "Username is required").to_api(Locale::ZhCn);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"VALIDATION","message":"登录账号不能为空","field":"username"}"#);
        let e = AppError::Unauthenticated.to_api(Locale::EnUs);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"UNAUTHENTICATED","message":"Please log in first"}"#);
        let e = AppError::not_found("客户", "Customer").to_api(Locale::EnUs);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"NOT_FOUND","message":"Customer not found or not accessible"}"#);
        let e = AppError::forbidden("customer:delete").to_api(Locale::ZhCn);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"FORBIDDEN","message":"没有权限执行此操作(customer:delete)"}"#);
        let e = AppError::conflict(Some("phone"), "手机号已存在", "This phone already exists").to_api(Locale::EnUs);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"CONFLICT","message":"This phone already exists","field":"phone"}"#);
        let e = AppError::internal("secret SQL text").to_api(Locale::EnUs);
        let json = serde_json::to_string(&e).unwrap();
        assert!(json.starts_with(r#"{"code":"INTERNAL""#));
        assert!(!json.contains("secret"));
        let e = AppError::DbUnavailable { message: Msg::new("连不上", "down") }.to_api(Locale::EnUs);
        assert_eq!(serde_json::to_string(&e).unwrap(), r#"{"code":"DB_UNAVAILABLE","message":"down"}"#);
    }

    #[test]
    fn locale_parse() {
        assert_eq!(Locale::parse("en-US"), Locale::EnUs);
        assert_eq!(Locale::parse("zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::parse(""), Locale::ZhCn);
    }
}
