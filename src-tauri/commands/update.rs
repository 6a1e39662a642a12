//! Updates from the company's feed through tauri-plugin-updater: check (on start, daily,
//! or when asked), then download, verify and install on request, and restart. The rules
//! (feed, schema gate, signature) are `crm_core::service::update`'s.
use super::{call, AppState};
use crm_core::error::{ApiError, AppError, Locale};
use crm_core::service::update::{self as upd, Feed, Gate, GateDb, UpdateOffer, UpdatePolicy, UpdateStatus};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tauri::{AppHandle, State};
use tauri_plugin_updater::{Update, UpdaterExt};

/// The update found by the last check, kept for "install", and the download's progress.
#[derive(Default)]
pub struct PendingUpdate {
    update: tokio::sync::Mutex<Option<Update>>,
    installing: AtomicBool,
    received: AtomicU64,
    /// 0: not known.
    total: AtomicU64,
}

/// The update signing key this build trusts: `plugins.updater.pubkey` of tauri.conf.json,
/// filled in by the release workflow. Debug builds also take `CRM_UPDATE_PUBKEY`, for
/// the tests' own key.
pub fn update_key(app: &AppHandle) -> Option<String> {
    if cfg!(debug_assertions) {
        if let Some(k) = std::env::var("CRM_UPDATE_PUBKEY").ok().filter(|k| !k.trim().is_empty()) {
            return Some(k);
        }
    }
    app.config().plugins.0.get("updater").and_then(|u| u.get("pubkey")).and_then(|k| k.as_str()).map(str::trim).filter(|k| !k.is_empty()).map(str::to_string)
}

fn plugin_error(e: tauri_plugin_updater::Error) -> AppError {
    tracing::warn!(error = %e, "update check or download failed");
    AppError::validation("feed", format!("无法从更新源获取更新:{e}"), format!("Cannot get the update from the feed: {e}"))
}

/// The policy in force and where it came from; a damaged local file is an error.
async fn policy(state: &AppState) -> Result<(UpdatePolicy, upd::PolicyOrigin), AppError> {
    let local = upd::read_local_policy(&upd::local_policy_paths())?.map(|(_, p)| p);
    let stored = match state.db.read().await.as_ref() {
        Some((db, _)) => upd::stored_policy(db).await.ok(),
        None => None,
    };
    Ok(upd::effective(std::env::var("CRM_UPDATE_FEED").ok(), local, stored))
}

/// The database the gate is judged against.
async fn gate_for(state: &AppState, manifest: &serde_json::Value) -> Result<Gate, AppError> {
    let open = state.db.read().await.clone();
    let view = match &open {
        Some((db, _)) => GateDb::Open(db),
        None if AppState::server().ok().flatten().is_some() => GateDb::SharedNotOpen,
        None => GateDb::None,
    };
    upd::gate(view, manifest).await
}

async fn offer(state: &AppState, u: &Update, locale: Locale) -> Result<UpdateOffer, AppError> {
    let gate = gate_for(state, &u.raw_json).await?;
    Ok(UpdateOffer {
        version: u.version.clone(),
        current_version: u.current_version.clone(),
        notes: u.body.clone().unwrap_or_default(),
        date: u.raw_json.get("pub_date").and_then(|d| d.as_str()).map(str::to_string),
        required_schema: upd::required_schema(&u.raw_json),
        blocked_message: gate.refusal().map(|e| e.to_api(locale).message),
        gate,
    })
}

/// Ask the feed whether there is a newer version. Needs no login: the banner shows on
/// the login screen too. A feed that cannot be reached is reported in `error`. Not
/// `manual` (on start, daily): skipped when the policy turns automatic checks off.
#[tauri::command]
pub async fn update_check(
    app: AppHandle,
    state: State<'_, AppState>,
    pending: State<'_, PendingUpdate>,
    manual: Option<bool>,
) -> Result<UpdateStatus, ApiError> {
    let locale = *state.locale.read().await;
    let (policy, origin) = match policy(&state).await {
        Ok(p) => p,
        Err(e) => return Err(state.api_err(e).await),
    };
    let mut status = UpdateStatus {
        current_version: app.package_info().version.to_string(),
        enabled: false,
        disabled_reason: None,
        feed: Some(policy.feed.clone()).filter(|f| !f.is_empty()),
        origin,
        auto_check: policy.auto_check,
        checked: false,
        offer: None,
        error: None,
        checked_at: chrono::Local::now().to_rfc3339(),
    };
    let Some(key) = update_key(&app) else {
        status.disabled_reason = Some(upd::no_key_reason().get(locale).to_string());
        return Ok(status);
    };
    let feed = match upd::parse_feed(&policy.feed) {
        Ok(Some(f)) => f,
        Ok(None) => {
            status.disabled_reason = Some(upd::no_feed_reason().get(locale).to_string());
            return Ok(status);
        }
        Err(e) => {
            status.error = Some(e.to_api(locale).message);
            return Ok(status);
        }
    };
    status.enabled = true;
    if !policy.auto_check && !manual.unwrap_or(false) {
        return Ok(status);
    }
    status.checked = true;
    let found: Result<Option<Update>, AppError> = async {
        match feed {
            Feed::Url(url) => {
                let updater = app
                    .updater_builder()
                    .pubkey(key)
                    .timeout(std::time::Duration::from_secs(30))
                    .endpoints(vec![url])
                    .map_err(plugin_error)?
                    .build()
                    .map_err(plugin_error)?;
                updater.check().await.map_err(plugin_error)
            }
            Feed::File(path) => {
                let manifest = upd::read_manifest_file(&path)?;
                // The updater wants an endpoint even when it makes no request: a file share's
                // manifest is read here and handed over whole (restore_update).
                let placeholder = url::Url::parse("https://file-share.invalid/latest.json").expect("url");
                let updater = app.updater_builder().pubkey(key).endpoints(vec![placeholder]).map_err(plugin_error)?.build().map_err(plugin_error)?;
                updater.restore_update(manifest).map_err(plugin_error)
            }
        }
    }
    .await;
    match found {
        Ok(Some(u)) => {
            match offer(&state, &u, locale).await {
                Ok(o) => status.offer = Some(o),
                Err(e) => status.error = Some(e.to_api(locale).message),
            }
            *pending.update.lock().await = Some(u);
        }
        Ok(None) => *pending.update.lock().await = None,
        Err(e) => status.error = Some(e.to_api(locale).message),
    }
    Ok(status)
}

/// How far the download of an update is (the UI asks while it installs).
#[tauri::command]
pub async fn update_progress(pending: State<'_, PendingUpdate>) -> Result<upd::UpdateProgress, ApiError> {
    let total = pending.total.load(Ordering::Relaxed);
    Ok(upd::UpdateProgress {
        installing: pending.installing.load(Ordering::Relaxed),
        received: pending.received.load(Ordering::Relaxed),
        total: (total > 0).then_some(total),
    })
}

/// Download, verify and install the version the last check found, then restart. Refused
/// when the shared database is older than the version needs (the gate is judged again
/// here, not only in the UI).
#[tauri::command]
pub async fn update_install(app: AppHandle, state: State<'_, AppState>, pending: State<'_, PendingUpdate>) -> Result<(), ApiError> {
    if pending.installing.swap(true, Ordering::SeqCst) {
        return Err(state.api_err(AppError::conflict(Some("install"), "更新正在安装", "The update is already being installed")).await);
    }
    pending.received.store(0, Ordering::Relaxed);
    pending.total.store(0, Ordering::Relaxed);
    let r: Result<(), AppError> =
        async {
            let u =
                pending.update.lock().await.clone().ok_or_else(|| {
                    AppError::validation("version", "没有待安装的更新,请先检查更新", "There is no update to install; check for updates first")
                })?;
            if let Some(refusal) = gate_for(&state, &u.raw_json).await?.refusal() {
                return Err(refusal);
            }
            let key = update_key(&app).ok_or_else(|| AppError::validation("signature", upd::no_key_reason().zh, upd::no_key_reason().en))?;
            let bytes = if u.download_url.scheme() == "file" {
                let path = u.download_url.to_file_path().map_err(|_| AppError::validation("feed", "更新包路径无效", "The package path is invalid"))?;
                let bytes = tokio::fs::read(&path).await.map_err(|e| {
                    AppError::validation("feed", format!("无法读取更新包 {}:{e}", path.display()), format!("Cannot read the package {}: {e}", path.display()))
                })?;
                upd::verify_package(&key, &u.signature, &bytes, &u.version)?;
                bytes
            } else {
                let progress: &PendingUpdate = &pending;
                let bytes = u
                    .download(
                        |chunk, total| {
                            progress.received.fetch_add(chunk as u64, Ordering::Relaxed);
                            progress.total.store(total.unwrap_or(0), Ordering::Relaxed);
                        },
                        || {},
                    )
                    .await
                    .map_err(plugin_error)?;
                upd::verify_package(&key, &u.signature, &bytes, &u.version)?;
                bytes
            };
            tracing::info!(from = %u.current_version, to = %u.version, "installing the update");
            let installer = u.clone();
            tauri::async_runtime::spawn_blocking(move || installer.install(bytes)).await.map_err(AppError::internal)?.map_err(|e| {
                tracing::error!(error = %e, "the update did not install");
                AppError::validation("install", format!("更新没有安装成功:{e}"), format!("The update did not install: {e}"))
            })?;
            Ok(())
        }
        .await;
    match r {
        Ok(()) => {
            tracing::info!("update installed; restarting");
            app.restart()
        }
        Err(e) => {
            pending.installing.store(false, Ordering::SeqCst);
            Err(state.api_err(e).await)
        }
    }
}

#[tauri::command]
pub async fn update_policy_get(state: State<'_, AppState>) -> Result<UpdatePolicy, ApiError> {
    call!(state, |ctx| upd::get_policy(&ctx))
}

#[tauri::command]
pub async fn update_policy_set(state: State<'_, AppState>, input: UpdatePolicy) -> Result<UpdatePolicy, ApiError> {
    call!(state, |ctx| upd::set_policy(&ctx, input))
}
