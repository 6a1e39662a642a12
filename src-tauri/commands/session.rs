use super::{call, AppState};
use crm_core::auth::SessionUser;
use crm_core::db::profile::ProfileStore;
use crm_core::db::{self, DbTarget, MysqlParams};
use crm_core::error::{ApiError, AppError, Locale};
use crm_core::ipc::AppInfo;
use crm_core::service::auth::{self, ChangePasswordInput, LoginInput, SetupAdminInput};
use crm_core::service::search::{self, SearchHit};
use tauri::State;

#[tauri::command]
pub async fn app_info(state: State<'_, AppState>) -> Result<AppInfo, ApiError> {
    let store = ProfileStore::load().unwrap_or_default();
    let version = env!("CARGO_PKG_VERSION").to_string();
    let Some(profile) = store.active_profile().cloned() else {
        return Ok(AppInfo {
            version,
            needs_profile: true,
            profile: None,
            database: String::new(),
            needs_setup: false,
            last_username: None,
            user: None,
            shared: false,
            remembered: false,
        });
    };
    if let DbTarget::Mysql(server) = DbTarget::from_profile(&profile) {
        // A shared database opens at login, with the user's own account.
        let remembered = store.last_username.as_deref().is_some_and(|u| crm_core::db::secret::get_login_password(&server, u).ok().flatten().is_some());
        return Ok(AppInfo {
            version,
            needs_profile: false,
            database: crm_core::db::describe(&DbTarget::Mysql(server)),
            profile: Some(profile),
            needs_setup: false,
            last_username: store.last_username,
            user: state.user.read().await.clone(),
            shared: true,
            remembered,
        });
    }
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
            shared: false,
            remembered: false,
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
            state.begin_session(u.clone()).await;
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
        match AppState::server()? {
            None => {
                let (db, _) = state.database().await?;
                auth::login(&db, input).await
            }
            Some(server) => login_shared(&state, &server, input).await,
        }
    }
    .await;
    match r {
        Ok(u) => {
            remember_username(username);
            state.begin_session(u.clone()).await;
            Ok(u)
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

/// A shared database: log in with the user's own database account (per-desktop
/// back-off on refusals the server gives), keep the connection it opened, and
/// remember or forget the user's own password as asked.
async fn login_shared(state: &AppState, server: &MysqlParams, input: LoginInput) -> Result<SessionUser, AppError> {
    let now = crm_core::service::util::now();
    let username = input.username.trim().to_string();
    state.backoff.check(&username, now)?;
    let remember = input.remember == Some(true);
    let password = input.password.clone();
    match auth::login_account(server, input).await {
        Ok((conn, user)) => {
            state.backoff.succeeded(&username);
            state.set_database(conn, db::describe(&DbTarget::Mysql(server.clone()))).await;
            let kept =
                if remember { db::secret::set_login_password(server, &username, &password) } else { db::secret::delete_login_password(server, &username) };
            if let Err(e) = kept {
                tracing::warn!("remember-me: {}", e.to_api(Locale::EnUs).message);
            }
            Ok(user)
        }
        Err(e) => {
            if matches!(e, AppError::Validation { .. }) && !password.is_empty() && !username.is_empty() {
                state.backoff.failed(&username, now);
            }
            Err(e)
        }
    }
}

/// Log in the last user with the password they asked this desktop to remember.
#[tauri::command]
pub async fn login_remembered(state: State<'_, AppState>) -> Result<SessionUser, ApiError> {
    let r = async {
        let server = AppState::server()?.ok_or(AppError::Unauthenticated)?;
        let username = ProfileStore::load()?.last_username.ok_or(AppError::Unauthenticated)?;
        let password = db::secret::get_login_password(&server, &username)?.ok_or(AppError::Unauthenticated)?;
        let u = login_shared(&state, &server, LoginInput { username, password, remember: Some(true) }).await;
        if u.is_err() {
            // A remembered password the server refuses is forgotten.
            let _ = db::secret::delete_login_password(&server, &ProfileStore::load()?.last_username.unwrap_or_default());
        }
        u
    }
    .await;
    match r {
        Ok(u) => {
            state.begin_session(u.clone()).await;
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
    // On a shared database the connection is the user's own login: close it.
    if matches!(AppState::server(), Ok(Some(_))) {
        state.close_database().await;
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
    let server = match AppState::server() {
        Ok(s) => s,
        Err(e) => return Err(state.api_err(e).await),
    };
    let new_password = input.new_password.clone();
    let fresh = call!(state, |ctx| auth::change_password(&ctx, input, server.as_ref()))?;
    if let Some(server) = server {
        // The pool logged in with the old password: reconnect with the new one.
        let mut p = server.clone();
        p.user = db::accounts::account_name(&p.database, &fresh.username);
        p.password = Some(new_password.clone());
        match db::connect_mysql(&p).await {
            Ok(conn) => state.set_database(conn, db::describe(&DbTarget::Mysql(server.clone()))).await,
            Err(e) => return Err(state.api_err(e).await),
        }
        if db::secret::get_login_password(&server, &fresh.username).ok().flatten().is_some() {
            let _ = db::secret::set_login_password(&server, &fresh.username, &new_password);
        }
    }
    *state.user.write().await = Some(fresh);
    Ok(())
}

/// Lock this desktop now (the UI's own idle timer, or the user's "lock" button).
#[tauri::command]
pub async fn session_lock(state: State<'_, AppState>) -> Result<(), ApiError> {
    if state.user.read().await.is_some() {
        state.locked.store(true, std::sync::atomic::Ordering::SeqCst);
    }
    Ok(())
}

/// Unlock with the user's own password; the session and the open screens stay.
#[tauri::command]
pub async fn session_unlock(state: State<'_, AppState>, password: String) -> Result<(), ApiError> {
    let r = async {
        let server = AppState::server()?;
        let user = state.user.read().await.clone().ok_or(AppError::Unauthenticated)?;
        let (db, _) = state.database().await?;
        let fresh = auth::refresh_session(&db, &user).await?;
        let ctx = crm_core::service::Ctx::for_user(db, fresh.clone()).with_locale(*state.locale.read().await);
        auth::verify_own_password(&ctx, &password, server.as_ref()).await?;
        Ok::<_, AppError>(fresh)
    }
    .await;
    match r {
        Ok(u) => {
            state.begin_session(u).await;
            Ok(())
        }
        Err(e) => Err(state.api_err(e).await),
    }
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
