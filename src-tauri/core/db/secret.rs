//! Secrets in the OS keyring (keyring-core). The app installs the native store of
//! the OS at start-up ([`use_native_store`]); tests install keyring-core's mock store.

use super::MysqlParams;
use crate::error::{AppError, AppResult, Msg};

const SERVICE: &str = "com.crmdesk.app";

/// Install the OS credential store (Keychain, Windows Credential Manager, Secret Service)
/// as keyring-core's default store.
pub fn use_native_store() -> AppResult<()> {
    match keyring::Entry::store_status() {
        Ok(()) => Ok(()),
        Err(e) => {
            Err(AppError::DbUnavailable { message: Msg::new(format!("无法访问系统钥匙串: {e}"), format!("Cannot use the system keyring: {e}")) })
        }
    }
}

/// Install the in-memory mock store (tests and CI without a desktop keyring).
pub fn use_mock_store() {
    if let Ok(store) = keyring_core::mock::Store::new() {
        keyring_core::set_default_store(store);
    }
}

fn account(p: &MysqlParams) -> String {
    format!("mysql://{}@{}:{}/{}", p.user, p.host, p.port, p.database)
}

fn keyring_error(e: keyring_core::Error) -> AppError {
    // Never include the secret; keyring errors do not carry it.
    AppError::DbUnavailable { message: Msg::new(format!("无法访问系统钥匙串: {e}"), format!("Cannot use the system keyring: {e}")) }
}

fn set_entry(account: &str, secret: &str) -> AppResult<()> {
    keyring_core::Entry::new(SERVICE, account).map_err(keyring_error)?.set_password(secret).map_err(keyring_error)
}

fn get_entry(account: &str) -> AppResult<Option<String>> {
    let entry = keyring_core::Entry::new(SERVICE, account).map_err(keyring_error)?;
    match entry.get_password() {
        Ok(pw) => Ok(Some(pw)),
        Err(keyring_core::Error::NoEntry) => Ok(None),
        Err(e) => Err(keyring_error(e)),
    }
}

fn delete_entry(account: &str) -> AppResult<()> {
    let entry = keyring_core::Entry::new(SERVICE, account).map_err(keyring_error)?;
    match entry.delete_credential() {
        Ok(()) | Err(keyring_core::Error::NoEntry) => Ok(()),
        Err(e) => Err(keyring_error(e)),
    }
}

pub fn set_mysql_password(p: &MysqlParams, password: &str) -> AppResult<()> {
    set_entry(&account(p), password)
}

pub fn get_mysql_password(p: &MysqlParams) -> AppResult<Option<String>> {
    get_entry(&account(p))
}

pub fn delete_mysql_password(p: &MysqlParams) -> AppResult<()> {
    delete_entry(&account(p))
}

/// "Remember me" on a shared database: the user's *own* password, under their own name
/// and the server, in the OS keyring. Never a shared secret.
fn login_account(server: &MysqlParams, username: &str) -> String {
    format!("login://{}@{}:{}/{}", username.trim().to_lowercase(), server.host, server.port, server.database)
}

pub fn set_login_password(server: &MysqlParams, username: &str, password: &str) -> AppResult<()> {
    set_entry(&login_account(server, username), password)
}

pub fn get_login_password(server: &MysqlParams, username: &str) -> AppResult<Option<String>> {
    get_entry(&login_account(server, username))
}

pub fn delete_login_password(server: &MysqlParams, username: &str) -> AppResult<()> {
    delete_entry(&login_account(server, username))
}

/// The SMS provider's secret (Aliyun AccessKey Secret, Tencent SecretKey), under the
/// provider and the key id: kept on the desktops that send, never in the database.
fn sms_account(kind: &str, key_id: &str) -> String {
    format!("sms://{kind}/{}", key_id.trim())
}

pub fn set_sms_secret(kind: &str, key_id: &str, secret: &str) -> AppResult<()> {
    set_entry(&sms_account(kind, key_id), secret)
}

pub fn get_sms_secret(kind: &str, key_id: &str) -> AppResult<Option<String>> {
    get_entry(&sms_account(kind, key_id))
}

pub fn delete_sms_secret(kind: &str, key_id: &str) -> AppResult<()> {
    delete_entry(&sms_account(kind, key_id))
}
