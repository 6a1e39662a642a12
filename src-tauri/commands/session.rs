use super::{call, AppState};
use crm_core::auth::SessionUser;
use crm_core::db::profile::ProfileStore;
use crm_core::error::{ApiError, Locale};
use crm_core::ipc::AppInfo;
use crm_core::service::auth::{self, ChangePasswordInput, LoginInput, SetupAdminInput};
use crm_core::service::search::{self, SearchHit};
use tauri::State;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    let store = ProfileStore::load().unwrap_or_default();
    let version = env!("CARGO_PKG_VERSION").to_string();
    let Some(profile) = store.active_profile().cloned() else {
        return Ok(AppInfo { version, needs_profile: true, profile: None, database: String::new(), needs_setup: false, last_username: None, user: None });
    };
    let r = async {
        let (db, label) = state.database().await?;
        let needs_setup = auth::needs_setup(&db).await?;
        Ok::<_, crm_core::error::AppError>((label, needs_setup))
    }
    .await;
    match r {
        Ok((database, needs_setup)) => Ok(AppInfo {
            version,
            needs_profile: false,
            profile: Some(profile),
            database,
            needs_setup,
            last_username: store.last_username,
            user: state.user.read().await.clone(),
        }),
        Err(e) => Err(state.api_err(e).await),
    }
}

#[tauri::command]
pub async fn set_locale(state: State<'_, AppState>, locale: String) -> Result<(), ApiError> {
    *state.locale.write().await = Locale::parse(&locale);
    Ok(())
}

#[tauri::command]
pub async fn setup_admin(state: State<'_, AppState>, input: SetupAdminInput) -> Result<SessionUser, ApiError> {
    let username = input.username.trim().to_string();
    let r = async {
        let (db, _) = state.database().await?;
        auth::setup_admin(&db, input).await
    }
    .await;
    match r {
        Ok(u) => {
            remember_username(username);
            *state.user.write().await = Some(u.clone());
            Ok(u)
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

fn remember_username(username: String) {
    if let Ok(mut store) = ProfileStore::load() {
        store.last_username = Some(username);
        if let Err(e) = store.save() {
            tracing::warn!("cannot save the last username: {e}");
        }
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
            remember_username(username);
            *state.user.write().await = Some(u.clone());
            Ok(u)
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

#[tauri::command]
pub async fn logout(state: State<'_, AppState>) -> Result<(), ApiError> {
    if let Some(u) = state.user.write().await.take() {
        tracing::info!(user_id = u.id, "logout");
    }
    Ok(())
}

#[tauri::command]
pub async fn me(state: State<'_, AppState>) -> Result<SessionUser, ApiError> {
    call!(state, |ctx| async move { ctx.user().cloned().ok_or(crm_core::error::AppError::Unauthenticated) })
}

#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, input: ChangePasswordInput) -> Result<(), ApiError> {
    // The new password ends the user's other sessions; this desktop keeps its own.
    let fresh = call!(state, |ctx| auth::change_password(&ctx, input))?;
    *state.user.write().await = Some(fresh);
    Ok(())
}

#[tauri::command]
pub async fn global_search(state: State<'_, AppState>, q: String) -> Result<Vec<SearchHit>, ApiError> {
    call!(state, |ctx| search::search(&ctx, &q, 6))
}

/// The UI calls this when the login (or first-run) form is interactive. It logs the
/// start-up time; with CRM_DESK_STARTUP_PROBE=1 (the start-up benchmark) it prints the
/// moment as epoch milliseconds and quits.
#[tauri::command]
pub async fn ui_ready(app: tauri::AppHandle, screen: String) -> Result<(), ApiError> {
    let since_start = super::STARTED.get().map(|t| t.elapsed().as_millis()).unwrap_or(0);
    tracing::info!(%screen, ms = since_start as u64, "interactive");
    if std::env::var("CRM_DESK_STARTUP_PROBE").is_ok_and(|v| v == "1") {
        let epoch_ms = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
        println!("STARTUP_READY screen={screen} epoch_ms={epoch_ms} in_process_ms={since_start}");
        app.exit(0);
    }
    Ok(())
}
