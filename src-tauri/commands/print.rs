//! Printing documents on paper. The PDF is rendered as for Save As, then:
//! - Windows: a window shows the PDF in WebView2's viewer and opens WebView2's system
//!   print dialog (`ICoreWebView2_16::ShowPrintUI`);
//! - macOS: a window shows the PDF in WKWebView, whose print operation (PDFKit's page
//!   drawing of the same PDF, margins 0) runs the system print panel;
//! - Linux: CUPS — the app's print dialog picks printer, copies, two-sided and pages,
//!   and `lp` sends the PDF itself at 100 % on A4.
//!
//! Where none works the UI says so and offers Save As.
use super::sales::produce;
use super::AppState;
use crm_core::error::{ApiError, AppError};
use crm_core::ipc::{Period, PrintKind};
use crm_core::printing::{self, PrintMethod, PrintOptions, PrintOutcome, PrintSupport};
use tauri::{AppHandle, State};

/// CUPS's programs; `CRM_CUPS_BIN_DIR` points the tests at stand-ins of `lp`/`lpstat`.
fn cups() -> printing::Cups {
    printing::Cups { bin_dir: std::env::var_os("CRM_CUPS_BIN_DIR").filter(|v| !v.is_empty()).map(std::path::PathBuf::from) }
}

fn uses_system_dialog() -> bool {
    cfg!(any(windows, target_os = "macos"))
}

/// How this desktop prints, and (CUPS) its printers.
#[tauri::command]
pub async fn print_support(state: State<'_, AppState>) -> Result<PrintSupport, ApiError> {
    let locale = *state.locale.read().await;
    if uses_system_dialog() {
        return Ok(PrintSupport { method: PrintMethod::SystemDialog, printers: vec![], reason: None });
    }
    let c = cups();
    if !c.available() {
        return Ok(PrintSupport { method: PrintMethod::Unavailable, printers: vec![], reason: Some(no_service(locale)) });
    }
    match tokio::task::spawn_blocking(move || c.printers()).await {
        Ok(Ok(printers)) if printers.is_empty() => Ok(PrintSupport {
            method: PrintMethod::Unavailable,
            printers,
            reason: Some(match locale {
                crm_core::error::Locale::ZhCn => "打印服务里还没有添加打印机,请先另存为 PDF,或请 IT 添加打印机".into(),
                crm_core::error::Locale::EnUs => "The print service has no printer yet. Save the PDF instead, or ask IT to add a printer".into(),
            }),
        }),
        Ok(Ok(printers)) => Ok(PrintSupport { method: PrintMethod::Cups, printers, reason: None }),
        Ok(Err(e)) => Ok(PrintSupport { method: PrintMethod::Unavailable, printers: vec![], reason: Some(e.to_api(locale).message) }),
        Err(e) => Err(state.api_err(AppError::internal(e)).await),
    }
}

fn no_service(locale: crm_core::error::Locale) -> String {
    match locale {
        crm_core::error::Locale::ZhCn => "这台电脑没有可用的打印服务(CUPS),请先另存为 PDF 再打印".into(),
        crm_core::error::Locale::EnUs => "This computer has no print service (CUPS). Save the PDF, then print it".into(),
    }
}

/// Print a document: the system dialog (Windows, macOS) or CUPS with `options` (Linux).
#[tauri::command]
pub async fn file_print(
    app: AppHandle,
    state: State<'_, AppState>,
    kind: PrintKind,
    id: i64,
    period: Option<Period>,
    options: Option<PrintOptions>,
) -> Result<PrintOutcome, ApiError> {
    if matches!(kind, PrintKind::Attachment | PrintKind::ReceivableAttachment | PrintKind::WorkOrderAttachment) {
        return Err(state.api_err(AppError::validation("kind", "附件请打开后用其程序打印", "Open an attachment and print it from its program")).await);
    }
    let (file_name, _, bytes) = produce(&state, kind, id, period).await?;
    let path = match crm_core::files::write_for_viewer(&file_name, &bytes) {
        Ok(p) => p,
        Err(e) => return Err(state.api_err(e).await),
    };
    let title = file_name.trim_end_matches(".pdf").to_string();
    let r: Result<PrintOutcome, AppError> = if uses_system_dialog() {
        system_dialog(&app, &title, &path).map(|()| PrintOutcome { method: PrintMethod::SystemDialog, job: None, printer: None })
    } else {
        let o = options.unwrap_or_default();
        let c = cups();
        let printer = o.printer.clone();
        let p = path.clone();
        match tokio::task::spawn_blocking(move || c.print(&p, &title, &o)).await {
            Ok(r) => r.map(|job| PrintOutcome { method: PrintMethod::Cups, job: Some(job), printer }),
            Err(e) => Err(AppError::internal(e)),
        }
    };
    if !uses_system_dialog() {
        // lp has handed the file to the spooler; the copy is not needed any more.
        let _ = std::fs::remove_file(&path);
    }
    match r {
        Ok(o) => Ok(o),
        Err(e) => Err(state.api_err(e).await),
    }
}

/// A window showing the PDF, with the system print dialog over it.
#[cfg(any(windows, target_os = "macos"))]
fn system_dialog(app: &AppHandle, title: &str, path: &std::path::Path) -> Result<(), AppError> {
    use std::sync::atomic::{AtomicU32, Ordering};
    use tauri::webview::PageLoadEvent;
    static N: AtomicU32 = AtomicU32::new(0);
    let url = url::Url::from_file_path(path).map_err(|_| AppError::internal(format!("not a file path: {}", path.display())))?;
    let label = format!("print-{}", N.fetch_add(1, Ordering::Relaxed));
    let printed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    tauri::WebviewWindowBuilder::new(app, label, tauri::WebviewUrl::External(url))
        .title(title)
        .inner_size(860.0, 1000.0)
        .on_page_load(move |w, payload| {
            if payload.event() != PageLoadEvent::Finished || printed.swap(true, Ordering::SeqCst) {
                return;
            }
            let w = w.clone();
            // The PDF viewer lays the pages out after the load event.
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(std::time::Duration::from_millis(700)).await;
                if let Err(e) = open_print_ui(&w) {
                    tracing::warn!(error = %e, "the print dialog did not open");
                }
            });
        })
        .build()
        .map_err(|e| {
            AppError::validation(
                "print",
                format!("无法打开打印窗口:{e},请另存为 PDF 后打印"),
                format!("Cannot open the print window: {e}; save the PDF and print it"),
            )
        })?;
    Ok(())
}

#[cfg(windows)]
fn open_print_ui(w: &tauri::WebviewWindow) -> tauri::Result<()> {
    w.with_webview(|pw| {
        use webview2_com::Microsoft::Web::WebView2::Win32::{ICoreWebView2_16, COREWEBVIEW2_PRINT_DIALOG_KIND_SYSTEM};
        use windows_core::Interface;
        // SAFETY: COM calls on the webview's own controller, on the thread with_webview runs on.
        let r = unsafe {
            pw.controller().CoreWebView2().and_then(|c| c.cast::<ICoreWebView2_16>()).and_then(|c| c.ShowPrintUI(COREWEBVIEW2_PRINT_DIALOG_KIND_SYSTEM))
        };
        if let Err(e) = r {
            tracing::warn!(error = %e, "WebView2 ShowPrintUI failed");
        }
    })
}

#[cfg(target_os = "macos")]
fn open_print_ui(w: &tauri::WebviewWindow) -> tauri::Result<()> {
    w.print()
}

#[cfg(not(any(windows, target_os = "macos")))]
fn system_dialog(_app: &AppHandle, _title: &str, _path: &std::path::Path) -> Result<(), AppError> {
    Err(AppError::internal("the system print dialog is used on Windows and macOS only"))
}
