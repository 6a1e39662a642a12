//! Connection profiles: local SQLite or a company MySQL/MariaDB.
use super::AppState;
use crate::db::profile::{ConnectionProfile, ProfileStore, TlsMode};
use crate::db::{self, ConnectionCheck, ConnectionStatus, DbTarget, MysqlParams};
use crate::error::{ApiError, AppError};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::State;

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileInfo {
    pub active: Option<ConnectionProfile>,
    /// Path of the default local database file.
    pub default_local_path: String,
    /// A password for the active MySQL profile is stored in the OS keyring.
    pub has_password: bool,
}

#[derive(Clone, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MysqlProfileInput {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// Empty: keep the password already stored in the keyring.
    pub password: String,
    pub tls: TlsMode,
    #[serde(default)]
    pub ca_file: Option<String>,
}

impl MysqlProfileInput {
    fn validate(&self) -> Result<MysqlParams, AppError> {
        let host = crate::service::util::required("host", "服务器地址", "Host", &self.host, 255)?;
        let database = crate::service::util::required("database", "数据库名", "Database", &self.database, 64)?;
        let user = crate::service::util::required("user", "用户名", "User", &self.user, 80)?;
        if self.port == 0 {
            return Err(AppError::validation("port", "端口无效", "The port is not valid"));
        }
        if self.tls == TlsMode::VerifyCa && self.ca_file.as_deref().unwrap_or("").trim().is_empty() {
            return Err(AppError::validation("caFile", "校验证书模式需要选择 CA 证书文件", "Verify-CA mode needs a CA certificate file"));
        }
        let mut p = MysqlParams {
            host,
            port: self.port,
            database,
            user,
            password: None,
            tls: self.tls,
            ca_file: self.ca_file.as_deref().filter(|s| !s.trim().is_empty()).map(PathBuf::from),
        };
        p.password = if self.password.is_empty() { db::secret::get_mysql_password(&p).ok().flatten() } else { Some(self.password.clone()) };
        Ok(p)
    }
}

#[tauri::command]
pub async fn profile_get() -> Result<ProfileInfo, ApiError> {
    let store = ProfileStore::load().map_err(|e| e.to_api(Default::default()))?;
    let active = store.active_profile().cloned();
    let has_password = match active.as_ref().map(DbTarget::from_profile) {
        Some(DbTarget::Mysql(p)) => db::secret::get_mysql_password(&p).ok().flatten().is_some(),
        _ => false,
    };
    Ok(ProfileInfo { active, default_local_path: db::default_sqlite_path().display().to_string(), has_password })
}

async fn activate(state: &AppState, profile: ConnectionProfile) -> Result<(), AppError> {
    let mut store = ProfileStore::load()?;
    let idx = match store.profiles.iter().position(|p| p == &profile) {
        Some(i) => i,
        None => {
            store.profiles.push(profile);
            store.profiles.len() - 1
        }
    };
    store.active = Some(idx);
    store.save()?;
    state.reset().await;
    Ok(())
}

/// "This computer": the local SQLite file in the data folder.
#[tauri::command]
pub async fn profile_use_local(state: State<'_, AppState>) -> Result<(), ApiError> {
    match activate(&state, ConnectionProfile::Local { path: None }).await {
        Ok(()) => Ok(()),
        Err(e) => Err(state.api_err(e).await),
    }
}

#[tauri::command]
pub async fn profile_test_mysql(state: State<'_, AppState>, input: MysqlProfileInput) -> Result<ConnectionCheck, ApiError> {
    let locale = *state.locale.read().await;
    match input.validate() {
        Ok(p) => Ok(db::test_connection(&p, locale).await),
        Err(e) => Err(state.api_err(e).await),
    }
}

/// Test, then save the profile (password to the OS keyring) and switch to it.
#[tauri::command]
pub async fn profile_save_mysql(state: State<'_, AppState>, input: MysqlProfileInput) -> Result<ConnectionCheck, ApiError> {
    let locale = *state.locale.read().await;
    let p = match input.validate() {
        Ok(p) => p,
        Err(e) => return Err(state.api_err(e).await),
    };
    let check = db::test_connection(&p, locale).await;
    if check.status != ConnectionStatus::Ok {
        return Ok(check);
    }
    let r = async {
        if let Some(pw) = &p.password {
            db::secret::set_mysql_password(&p, pw)?;
        }
        let profile = ConnectionProfile::Mysql {
            host: p.host.clone(),
            port: p.port,
            database: p.database.clone(),
            user: p.user.clone(),
            tls: p.tls,
            ca_file: p.ca_file.clone(),
        };
        activate(&state, profile).await
    }
    .await;
    match r {
        Ok(()) => Ok(check),
        Err(e) => Err(state.api_err(e).await),
    }
}
