use super::AppState;
use crate::auth::SessionUser;
use crate::error::{ApiError, Locale};
use crate::service::auth::{self, LoginInput, SetupAdminInput};
use serde::Serialize;
use tauri::State;

#[derive(Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    pub version: &'static str,
    pub database: String,
    pub needs_setup: bool,
    pub last_username: Option<String>,
    pub user: Option<SessionUser>,
}

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    let (db, label) = match state.database().await {
        Ok(d) => d,
        Err(e) => return Err(state.api_err(e).await),
    };
    let needs_setup = match auth::needs_setup(&db).await {
        Ok(b) => b,
        Err(e) => return Err(state.api_err(e).await),
    };
    let last_username = crate::db::profile::ProfileStore::load().ok().and_then(|s| s.last_username);
    Ok(AppInfo { version: env!("CARGO_PKG_VERSION"), database: label, needs_setup, last_username, user: state.user.read().await.clone() })
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, locale: String) -> Result<(), ApiError> {
    *state.locale.write().await = Locale::parse(&locale);
    Ok(())
}

#[tauri::command]
pub async fn setup_admin(state: State<'_, AppState>, input: SetupAdminInput) -> Result<SessionUser, ApiError> {
    let r = async {
        let (db, _) = state.database().await?;
        auth::setup_admin(&db, input).await
    }
    .await;
    match r {
        Ok(u) => {
            *state.user.write().await = Some(u.clone());
            Ok(u)
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

#[tauri::command]
pub async fn login(state: State<'_, AppState>, input: LoginInput) -> Result<SessionUser, ApiError> {
    let username = input.username.trim().to_string();
    let r = async {
        let (db, _) = state.database().await?;
        auth::login(&db, input).await
    }
    .await;
    match r {
        Ok(u) => {
            if let Ok(mut store) = crate::db::profile::ProfileStore::load() {
                store.last_username = Some(username);
                let _ = store.save();
            }
            *state.user.write().await = Some(u.clone());
            Ok(u)
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Result<(), ApiError> {
    *state.user.write().await = None;
    Ok(())
}

#[tauri::command]
pub async fn me(state: State<'_, AppState>) -> Result<SessionUser, ApiError> {
    match state.ctx().await {
        Ok(ctx) => Ok(ctx.user().cloned().expect("logged in")),
        Err(e) => Err(state.api_err(e).await),
    }
}
