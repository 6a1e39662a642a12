//! Types that cross the IPC boundary for the desktop shell itself (start-up, connection
//! profiles, files produced for the user) rather than for one service area. They live
//! here so the TypeScript types can be generated without linking Tauri.

use crate::auth::SessionUser;
use crate::db::profile::{ConnectionProfile, TlsMode};
use crate::db::{self, MysqlParams};
use crate::error::AppError;
use crate::error::AppResult;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: String,
    /// No connection profile chosen yet: the first-run screen offers local or company database.
    pub needs_profile: bool,
    pub profile: Option<ConnectionProfile>,
    /// Where the data lives: a file path or host:port/db.
    pub database: String,
    /// The database has no user yet: offer to create the administrator.
    pub needs_setup: bool,
    pub last_username: Option<String>,
    pub user: Option<SessionUser>,
    /// A shared database: users log in with their own database accounts.
    pub shared: bool,
    /// The last user's own password is remembered in the OS keyring (shared database).
    pub remembered: bool,
}

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    pub active: Option<ConnectionProfile>,
    /// Path of the default local database file.
    pub default_local_path: String,
}

#[derive(Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MysqlProfileInput {
    pub host: String,
    pub port: u16,
    pub database: String,
    /// Optional: the person's own CRM username and password, to test a real login. They
    /// are used once and never stored (each user logs in with their own database account).
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    pub tls: TlsMode,
    #[serde(default)]
    pub ca_file: Option<String>,
    /// The user chose, after a warning, to send data unencrypted to a remote server.
    #[serde(default)]
    #[ts(optional)]
    pub insecure: Option<bool>,
}

impl MysqlProfileInput {
    pub fn validate(&self) -> Result<MysqlParams, AppError> {
        let host = crate::service::util::required("host", "服务器地址", "Host", &self.host, 255)?;
        let database = crate::service::util::required("database", "数据库名", "Database", &self.database, 64)?;
        let username = self.username.trim();
        if self.port == 0 {
            return Err(AppError::validation("port", "端口无效", "The port is not valid"));
        }
        if self.tls == TlsMode::Off && self.insecure != Some(true) && !crate::db::profile::is_local_host(&host) {
            return Err(AppError::validation(
                "tls",
                "连接其他电脑上的数据库必须加密(TLS);如确需明文连接,请勾选“不加密连接(不安全)”",
                "A database on another computer needs an encrypted (TLS) connection; tick \"Unencrypted (insecure)\" only if you must",
            ));
        }
        if self.tls == TlsMode::VerifyCa && self.ca_file.as_deref().unwrap_or("").trim().is_empty() {
            return Err(AppError::validation("caFile", "校验证书模式需要选择 CA 证书文件", "Verify-CA mode needs a CA certificate file"));
        }
        // Without a username, a made-up account probes the server: "access denied" then
        // means it is reachable and the TLS settings work.
        let user = if username.is_empty() { "crm_probe_reachability".to_string() } else { db::accounts::account_name(&database, username) };
        let password = if username.is_empty() { Some(String::new()) } else { Some(self.password.clone()) };
        Ok(MysqlParams {
            host,
            port: self.port,
            database,
            user,
            password,
            tls: self.tls,
            ca_file: self.ca_file.as_deref().filter(|s| !s.trim().is_empty()).map(PathBuf::from),
            insecure: self.insecure == Some(true),
        })
    }

    /// True when the person typed their own login to test with.
    pub fn has_login(&self) -> bool {
        !self.username.trim().is_empty()
    }
}

/// Which document a PDF command is about.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum PrintKind {
    Quotation,
    Contract,
    /// A stored attachment (not rendered: the file as uploaded).
    Attachment,
    /// A confirmed receipt's acknowledgement (收款确认单); the id is the receipt's.
    Receipt,
    /// A customer's statement of account (对账单) for a period; the id is the customer's.
    Statement,
    /// A receipt's bank slip or an invoice's scan, as uploaded; the id is the attachment's.
    ReceivableAttachment,
    /// A work order's screenshot or document, as uploaded; the id is the attachment's.
    WorkOrderAttachment,
}

/// The period of a statement of account (other documents take none).
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
}

/// A file produced for the user.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FileOut {
    pub file_name: String,
    pub mime_type: String,
    /// base64 (for the in-app preview and printing).
    pub content_base64: String,
}

/// Switching the database a desktop uses: allowed before login, or for a user who may
/// change settings (an administrator), never silently for a logged-in rep.
pub fn check_may_switch_profile(user: Option<&SessionUser>) -> AppResult<()> {
    match user {
        Some(u) if !u.can("settings:update") => {
            Err(AppError::denied("请先退出登录,或由管理员切换数据库", "Log out first, or ask an administrator to switch the database"))
        }
        _ => Ok(()),
    }
}
