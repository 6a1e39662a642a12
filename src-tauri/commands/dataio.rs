//! Data in and out: spreadsheet import and export of lists (progress through a Channel,
//! cancel by job id), and backups of the local database.
use super::{call, AppState};
use crm_core::error::{ApiError, AppError};
use crm_core::service::backup::{self, BackupCheck, BackupFile, BackupOverview, BackupSettings, RestoreReport};
use crm_core::service::export::{self, ExportColumn, ExportKind, ExportProgress, ExportRequest, ExportResult};
use crm_core::service::import::{self, ImportInspect, ImportKind, ImportOptions, ImportPreview, ImportProgress, ImportResult};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use tauri::ipc::Channel;
use tauri::State;

/// Cancel flags of running imports and exports, by the job id the UI chose.
#[derive(Default)]
pub struct Jobs(std::sync::Mutex<std::collections::HashMap<String, Arc<AtomicBool>>>);

impl Jobs {
    pub(crate) fn start(&self, id: &str) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(id.to_string(), flag.clone());
        flag
    }
    pub(crate) fn end(&self, id: &str) {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).remove(id);
    }
    fn cancel(&self, id: &str) -> bool {
        match self.0.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
            Some(f) => {
                f.store(true, Ordering::SeqCst);
                true
            }
            None => false,
        }
    }
}

fn read_file(path: &str) -> Result<(String, Vec<u8>), AppError> {
    let p = std::path::Path::new(path);
    let meta = std::fs::metadata(p).map_err(|e| AppError::validation("file", format!("无法读取文件:{e}"), format!("The file cannot be read: {e}")))?;
    if meta.len() as usize > crm_core::service::sheet::MAX_BYTES {
        return Err(AppError::validation("file", "文件过大", "The file is too large"));
    }
    let bytes = std::fs::read(p).map_err(|e| AppError::validation("file", format!("无法读取文件:{e}"), format!("The file cannot be read: {e}")))?;
    let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    Ok((name, bytes))
}

/// Write the import template for a kind to the exports folder; returns its path.
#[tauri::command]
pub async fn import_template(state: State<'_, AppState>, kind: ImportKind) -> Result<String, ApiError> {
    call!(state, |ctx| async move {
        let (name, bytes) = import::template(&ctx, kind)?;
        Ok::<String, AppError>(crm_core::files::write_export(&name, &bytes)?.display().to_string())
    })
}

#[tauri::command]
pub async fn import_inspect(state: State<'_, AppState>, kind: ImportKind, path: String) -> Result<ImportInspect, ApiError> {
    call!(state, |ctx| async move {
        let (name, bytes) = read_file(&path)?;
        import::inspect(&ctx, kind, &name, &bytes).await
    })
}

#[tauri::command]
pub async fn import_preview(state: State<'_, AppState>, kind: ImportKind, path: String, options: ImportOptions) -> Result<ImportPreview, ApiError> {
    call!(state, |ctx| async move {
        let (name, bytes) = read_file(&path)?;
        import::preview(&ctx, kind, &name, &bytes, &options).await
    })
}

/// Run an import; progress goes to `on_progress`, `job_cancel(jobId)` stops it after the
/// current batch. The error file (if any) is saved in the exports folder.
#[tauri::command]
pub async fn import_run(
    state: State<'_, AppState>,
    jobs: State<'_, Jobs>,
    kind: ImportKind,
    path: String,
    options: ImportOptions,
    job_id: String,
    on_progress: Channel<ImportProgress>,
) -> Result<ImportResult, ApiError> {
    let flag = jobs.start(&job_id);
    let r = call!(state, |ctx| async move {
        let (name, bytes) = read_file(&path)?;
        let mut progress = |p: ImportProgress| {
            let _ = on_progress.send(p);
        };
        let mut r = import::run(&ctx, kind, &name, &bytes, &options, &flag, &mut progress).await?;
        if let Some(bytes) = r.error_file.take() {
            let stem = name.rsplit_once('.').map(|(s, _)| s).unwrap_or(&name);
            let zh = ctx.locale == crm_core::error::Locale::ZhCn;
            let file = if zh { format!("{stem}_错误数据.xlsx") } else { format!("{stem}_errors.xlsx") };
            r.error_file_path = Some(crm_core::files::write_export(&file, &bytes)?.display().to_string());
        }
        Ok::<ImportResult, AppError>(r)
    });
    jobs.end(&job_id);
    r
}

#[tauri::command]
pub async fn job_cancel(jobs: State<'_, Jobs>, job_id: String) -> Result<bool, ApiError> {
    Ok(jobs.cancel(&job_id))
}

#[tauri::command]
pub async fn export_columns(state: State<'_, AppState>, kind: ExportKind) -> Result<Vec<ExportColumn>, ApiError> {
    call!(state, |ctx| async move { Ok::<_, AppError>(export::columns(&ctx, kind)) })
}

/// Export a list (its filter, sort and visible columns) to xlsx in the exports folder.
#[tauri::command]
pub async fn export_list(
    state: State<'_, AppState>,
    jobs: State<'_, Jobs>,
    kind: ExportKind,
    request: ExportRequest,
    job_id: String,
    on_progress: Channel<ExportProgress>,
) -> Result<ExportResult, ApiError> {
    let flag = jobs.start(&job_id);
    let r = call!(state, |ctx| async move {
        let mut progress = |p: ExportProgress| {
            let _ = on_progress.send(p);
        };
        export::export(&ctx, kind, &request, &flag, &mut progress).await
    });
    jobs.end(&job_id);
    r
}

fn data_dir() -> std::path::PathBuf {
    crm_core::db::data_dir()
}

#[tauri::command]
pub async fn backup_overview(state: State<'_, AppState>) -> Result<BackupOverview, ApiError> {
    call!(state, |ctx| async move { backup::overview(&ctx, &data_dir(), &crm_core::db::default_sqlite_path()) })
}

#[tauri::command]
pub async fn backup_settings_set(state: State<'_, AppState>, settings: BackupSettings) -> Result<BackupSettings, ApiError> {
    call!(state, |ctx| async move { backup::save_settings(&ctx, &data_dir(), settings) })
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Result<BackupFile, ApiError> {
    call!(state, |ctx| backup::backup_now(&ctx, &data_dir()))
}

#[tauri::command]
pub async fn backup_check(state: State<'_, AppState>, path: String) -> Result<BackupCheck, ApiError> {
    call!(state, |ctx| async move {
        ctx.require("settings:update")?;
        backup::check(std::path::Path::new(&path), ctx.locale).await
    })
}

/// Restore the local database from a backup: check it, keep the current database as a
/// backup, close the connection, replace the file, and open (and migrate) it again.
/// The session ends: the restored database has its own users.
#[tauri::command]
pub async fn backup_restore(state: State<'_, AppState>, path: String) -> Result<RestoreReport, ApiError> {
    let r = async {
        let ctx = state.ctx().await?;
        ctx.require("settings:update")?;
        let live = match AppState::server()? {
            Some(_) => return Err(AppError::validation("database", "公司数据库不能在此恢复", "A company database cannot be restored here")),
            None => crm_core::db::default_sqlite_path(),
        };
        let from = std::path::PathBuf::from(&path);
        let check = backup::check(&from, ctx.locale).await?;
        if !check.ok {
            let p = check.problem.unwrap_or_default();
            return Err(AppError::validation("file", p.clone(), p));
        }
        let previous = backup::save_before_restore(&ctx.db, &data_dir()).await?;
        drop(ctx);
        state.reset().await;
        let report = backup::restore_file(&live, &from, &previous, *state.locale.read().await).await?;
        // Open (and migrate) it now, so a problem shows here and not at the next click.
        state.database().await?;
        tracing::info!(from = %report.restored_from, "database restored");
        Ok(report)
    }
    .await;
    match r {
        Ok(v) => Ok(v),
        Err(e) => Err(state.api_err(e).await),
    }
}

/// What a file is picked for (the dialog's filters).
#[derive(Clone, Copy, Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PickPurpose {
    /// A spreadsheet to import (xlsx, xls, csv).
    Import,
    /// A backup to restore (.db).
    Backup,
    /// A folder for backups.
    BackupFolder,
}

/// The native open dialog; returns the chosen path, or None when cancelled. With
/// `CRM_DESK_PICK_FILE` set (end-to-end tests, which cannot drive a native dialog) that
/// path is returned instead.
#[tauri::command]
pub async fn file_pick(app: tauri::AppHandle, purpose: PickPurpose) -> Result<Option<String>, ApiError> {
    use tauri_plugin_dialog::DialogExt;
    if let Some(p) = std::env::var_os("CRM_DESK_PICK_FILE").filter(|v| !v.is_empty()) {
        return Ok(Some(std::path::PathBuf::from(p).display().to_string()));
    }
    let picked = tauri::async_runtime::spawn_blocking(move || {
        let d = app.dialog().file();
        match purpose {
            PickPurpose::Import => d.add_filter("Excel / CSV", &["xlsx", "xls", "csv"]).blocking_pick_file(),
            PickPurpose::Backup => d.add_filter("CRM Desk backup", &["db"]).blocking_pick_file(),
            PickPurpose::BackupFolder => d.blocking_pick_folder(),
        }
    })
    .await
    .map_err(|e| AppError::internal(e).to_api(crm_core::error::Locale::ZhCn))?;
    Ok(picked.and_then(|p| p.into_path().ok()).map(|p| p.display().to_string()))
}

/// The server of a move, with the account IT gave for it (user name as on the server).
fn move_params(server: &crm_core::ipc::MysqlProfileInput) -> Result<crm_core::db::MysqlParams, AppError> {
    let mut params = server.validate()?;
    params.user = crm_core::service::util::required("username", "数据库账号", "Database account", &server.username, 80)?;
    // An empty password is no password (sent as one, the server's scramble check fails).
    params.password = Some(server.password.clone()).filter(|p| !p.is_empty());
    Ok(params)
}

/// The transfer wizard's first look: is the company database empty, and its users and
/// ours (for a merge's user mapping). Nothing is written.
#[tauri::command]
pub async fn transfer_plan(
    state: State<'_, AppState>,
    server: crm_core::ipc::MysqlProfileInput,
) -> Result<crm_core::service::transfer::merge::TransferPlan, ApiError> {
    call!(state, |ctx| async move {
        let params = move_params(&server)?;
        crm_core::service::transfer::plan_to_company(&ctx, &crm_core::db::default_sqlite_path(), &params).await
    })
}

/// The transfer wizard: copy this desktop's local database into an empty company
/// database, or merge it into one that has data (ids remapped, users matched or mapped),
/// verify, and create the new users' database accounts.
#[tauri::command]
pub async fn transfer_run(
    state: State<'_, AppState>,
    jobs: State<'_, Jobs>,
    server: crm_core::ipc::MysqlProfileInput,
    mode: crm_core::service::transfer::TransferMode,
    options: Option<crm_core::service::transfer::merge::MergeOptions>,
    job_id: String,
    on_progress: Channel<crm_core::service::transfer::TransferProgress>,
) -> Result<crm_core::service::transfer::TransferOutcome, ApiError> {
    let flag = jobs.start(&job_id);
    let r = call!(state, |ctx| async move {
        let params = move_params(&server)?;
        let mut progress = |p| {
            let _ = on_progress.send(p);
        };
        let opts = options.unwrap_or_default();
        crm_core::service::transfer::to_company(&ctx, &crm_core::db::default_sqlite_path(), &params, mode, &opts, &flag, &mut progress).await
    });
    jobs.end(&job_id);
    r
}
