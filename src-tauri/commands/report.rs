//! Dashboard, sales targets and report commands.
use super::{call, AppState};
use crm_core::error::{ApiError, AppError};
use crm_core::service::dashboard::{self, Dashboard, DashboardLayout};
use crm_core::service::report::{self, Report, ReportKind};
use crm_core::service::stats::StatsQuery;
use crm_core::service::target::{self, TargetBasis, TargetGrid, TargetInput};
use tauri::{AppHandle, State};

#[tauri::command]
pub async fn dashboard_get(state: State<'_, AppState>, query: StatsQuery) -> Result<Dashboard, ApiError> {
    call!(state, |ctx| dashboard::dashboard(&ctx, query))
}
#[tauri::command]
pub async fn dashboard_layout_get(state: State<'_, AppState>) -> Result<DashboardLayout, ApiError> {
    call!(state, |ctx| dashboard::layout(&ctx))
}
#[tauri::command]
pub async fn dashboard_layout_set(state: State<'_, AppState>, layout: DashboardLayout) -> Result<DashboardLayout, ApiError> {
    call!(state, |ctx| dashboard::set_layout(&ctx, layout))
}
#[tauri::command]
pub async fn target_grid(state: State<'_, AppState>, year: i32) -> Result<TargetGrid, ApiError> {
    call!(state, |ctx| target::grid(&ctx, year))
}
#[tauri::command]
pub async fn target_save(state: State<'_, AppState>, year: i32, rows: Vec<TargetInput>) -> Result<TargetGrid, ApiError> {
    call!(state, |ctx| target::save(&ctx, year, rows))
}
#[tauri::command]
pub async fn target_basis_set(state: State<'_, AppState>, basis: TargetBasis) -> Result<TargetBasis, ApiError> {
    call!(state, |ctx| target::set_basis(&ctx, basis))
}
#[tauri::command]
pub async fn report_get(state: State<'_, AppState>, kind: ReportKind, query: StatsQuery) -> Result<Report, ApiError> {
    call!(state, |ctx| report::report(&ctx, kind, query))
}

/// Export a report to XLSX in the exports folder (Downloads); returns the file's path.
#[tauri::command]
pub async fn report_export(state: State<'_, AppState>, kind: ReportKind, query: StatsQuery) -> Result<String, ApiError> {
    let locale = *state.locale.read().await;
    call!(state, |ctx| async move {
        let (name, bytes) = report::export_xlsx(&ctx, kind, query, locale).await?;
        let path = crm_core::files::write_export(&name, &bytes)?;
        Ok::<String, AppError>(path.display().to_string())
    })
}

/// Open a file this app exported with the system's spreadsheet program.
#[tauri::command]
pub async fn export_open(app: AppHandle, state: State<'_, AppState>, path: String) -> Result<(), ApiError> {
    use tauri_plugin_opener::OpenerExt;
    let locale = *state.locale.read().await;
    let p = std::path::PathBuf::from(&path);
    if !crm_core::files::is_export(&p) {
        return Err(AppError::validation("path", "只能打开本程序导出的文件", "Only files this app exported can be opened here").to_api(locale));
    }
    app.opener().open_path(path.clone(), None::<&str>).map_err(|e| {
        AppError::validation("viewer", format!("没有可用的程序打开它,文件在 {path}({e})"), format!("No program could open it; the file is at {path} ({e})"))
            .to_api(locale)
    })
}
