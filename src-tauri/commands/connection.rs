//! Connection profiles: local SQLite or a company MySQL/MariaDB.
use super::AppState;
use crm_core::db::profile::{ConnectionProfile, ProfileStore};
use crm_core::db::{self, ConnectionCheck, ConnectionStatus};
use crm_core::error::{ApiError, AppError};
use crm_core::ipc::{MysqlProfileInput, ProfileInfo};
use tauri::State;

#[tauri::command]
pub async fn profile_get() -> Result<ProfileInfo, ApiError> {
    let store = ProfileStore::load().map_err(|e| e.to_api(Default::default()))?;
    let active = store.active_profile().cloned();
    Ok(ProfileInfo { active, default_local_path: db::default_sqlite_path().display().to_string() })
}

async fn activate(state: &AppState, profile: ConnectionProfile) -> Result<(), AppError> {
    crm_core::ipc::check_may_switch_profile(state.user.read().await.as_ref())?;
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
        Ok(p) => Ok(db::test_connection(&p, !input.has_login(), locale).await),
        Err(e) => Err(state.api_err(e).await),
    }
}

/// Test, then save the profile (server and TLS only: no user, no password) and switch to it.
#[tauri::command]
pub async fn profile_save_mysql(state: State<'_, AppState>, input: MysqlProfileInput) -> Result<ConnectionCheck, ApiError> {
    let locale = *state.locale.read().await;
    if let Err(e) = crm_core::ipc::check_may_switch_profile(state.user.read().await.as_ref()) {
        return Err(state.api_err(e).await);
    }
    let p = match input.validate() {
        Ok(p) => p,
        Err(e) => return Err(state.api_err(e).await),
    };
    let check = db::test_connection(&p, !input.has_login(), locale).await;
    if !matches!(check.status, ConnectionStatus::Ok | ConnectionStatus::Reachable) {
        return Ok(check);
    }
    let r = async {
        let profile = ConnectionProfile::Mysql {
            host: p.host.clone(),
            port: p.port,
            database: p.database.clone(),
            tls: p.tls,
            ca_file: p.ca_file.clone(),
            insecure: p.insecure.then_some(true),
        };
        activate(&state, profile).await
    }
    .await;
    match r {
        Ok(()) => Ok(check),
        Err(e) => Err(state.api_err(e).await),
    }
}
