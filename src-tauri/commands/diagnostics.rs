//! Support diagnostics: About, the log folder, support bundles, crash reports. None of
//! these needs a login (a user who cannot log in is the one who needs support most), and
//! none reveals a password or customer data.
use super::AppState;
use crm_core::db::{profile::ProfileStore, DbTarget};
use crm_core::diagnostics::{self, AboutInfo, Build, BundleSummary, CrashReport};
use crm_core::error::{ApiError, AppError};
use tauri::State;

/// This binary.
pub fn build() -> Build {
    Build { version: env!("CARGO_PKG_VERSION"), commit: env!("CRM_GIT_COMMIT"), profile: if cfg!(debug_assertions) { "debug" } else { "release" } }
}

#[tauri::command]
pub async fn about_info(state: State<'_, AppState>) -> Result<AboutInfo, ApiError> {
    let open = state.db.read().await.clone();
    let location = match &open {
        Some((_, label)) => label.clone(),
        None => {
            ProfileStore::load().ok().and_then(|s| s.active_profile().cloned()).map(|p| crm_core::db::describe(&DbTarget::from_profile(&p))).unwrap_or_default()
        }
    };
    let user = state.user.read().await.as_ref().map(|u| format!("{} ({})", u.full_name, u.username));
    let engine = if cfg!(target_os = "windows") {
        "WebView2"
    } else if cfg!(target_os = "macos") {
        "WKWebView"
    } else {
        "WebKitGTK"
    };
    let webview = match tauri::webview_version() {
        Ok(v) => format!("{engine} {v}"),
        Err(e) => format!("{engine} (unknown: {e})"),
    };
    Ok(diagnostics::about(&build(), open.as_ref().map(|(db, _)| db), &location, &crm_core::db::data_dir(), &super::log_dir(), &webview, user).await)
}

/// Open the log folder in the file manager.
#[tauri::command]
pub async fn open_log_folder(app: tauri::AppHandle, state: State<'_, AppState>) -> Result<String, ApiError> {
    use tauri_plugin_opener::OpenerExt;
    let dir = super::log_dir();
    let _ = std::fs::create_dir_all(&dir);
    match app.opener().open_path(dir.display().to_string(), None::<&str>) {
        Ok(()) => Ok(dir.display().to_string()),
        Err(e) => Err(state.api_err(AppError::internal(format!("cannot open {}: {e}", dir.display()))).await),
    }
}

/// Zip the recent logs and the About information into `path`, or where the user picks in
/// a save dialog (None: cancelled).
#[tauri::command]
pub async fn support_bundle_create(app: tauri::AppHandle, state: State<'_, AppState>, path: Option<String>) -> Result<Option<BundleSummary>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    let about = about_info(state.clone()).await?;
    let out = match path.filter(|p| !p.trim().is_empty()) {
        Some(p) => std::path::PathBuf::from(p),
        None => {
            let name = format!("crm-desk-support-{}.zip", chrono::Local::now().format("%Y%m%d-%H%M"));
            let picked =
                tauri::async_runtime::spawn_blocking(move || app.dialog().file().set_file_name(&name).add_filter("ZIP", &["zip"]).blocking_save_file())
                    .await
                    .unwrap_or(None);
            match picked.and_then(|p| p.into_path().ok()) {
                Some(p) => p,
                None => return Ok(None),
            }
        }
    };
    let r = tokio::task::spawn_blocking(move || diagnostics::support_bundle(&out, &about, &super::log_dir(), 7))
        .await
        .unwrap_or_else(|e| Err(AppError::internal(e.to_string())));
    match r {
        Ok(s) => {
            tracing::info!(path = %s.path, files = s.files.len(), bytes = s.bytes, "support bundle written");
            Ok(Some(s))
        }
        Err(e) => Err(state.api_err(e).await),
    }
}

/// The newest crash report not yet shown, if the app crashed since.
#[tauri::command]
pub async fn crash_report_pending() -> Result<Option<CrashReport>, ApiError> {
    Ok(diagnostics::unseen_crash(&super::log_dir()))
}

#[tauri::command]
pub async fn crash_report_seen(state: State<'_, AppState>, file_name: String) -> Result<(), ApiError> {
    match diagnostics::mark_crash_seen(&super::log_dir(), &file_name) {
        Ok(()) => Ok(()),
        Err(e) => Err(state.api_err(e).await),
    }
}

/// Open a crash report (in the log folder) with the system's text viewer.
#[tauri::command]
pub async fn crash_report_open(app: tauri::AppHandle, state: State<'_, AppState>, file_name: String) -> Result<(), ApiError> {
    use tauri_plugin_opener::OpenerExt;
    if !file_name.starts_with("crash-") || file_name.contains(['/', '\\']) {
        return Err(state.api_err(AppError::validation("fileName", "不是崩溃报告", "Not a crash report")).await);
    }
    let p = super::log_dir().join(&file_name);
    match app.opener().open_path(p.display().to_string(), None::<&str>) {
        Ok(()) => Ok(()),
        Err(e) => Err(state.api_err(AppError::internal(format!("cannot open {file_name}: {e}"))).await),
    }
}
