//! Tauri commands: thin adapters from IPC to the services. The only code that imports tauri.

pub mod admin;
mod background;
pub mod connection;
pub mod customer;
pub mod dataio;
pub mod diagnostics;
pub mod lead;
pub mod marketing;
pub mod print;
pub mod receivable;
pub mod report;
pub mod sales;
pub mod service;
pub mod session;
pub mod settings;
pub mod update;

use crm_core::auth::SessionUser;
use crm_core::db::{self, profile::ProfileStore, DbTarget};
use crm_core::error::{ApiError, AppError, Locale};
use crm_core::service::Ctx;
use sea_orm::DatabaseConnection;
use tokio::sync::RwLock;

/// What the app holds while it runs.
pub struct AppState {
    pub db: RwLock<Option<(DatabaseConnection, String)>>,
    /// The local SQLite file's read-only connections (lists, search, reports), opened with
    /// it; None for a shared database. Cleared whenever `db` is.
    readers: RwLock<Option<DatabaseConnection>>,
    pub user: RwLock<Option<SessionUser>>,
    pub locale: RwLock<Locale>,
    /// Wrong passwords the database server refused (shared database), per user name.
    pub backoff: crm_core::service::auth::LocalBackoff,
    /// The idle lock: when the user last did something, whether the desktop is locked,
    /// and the company's policy (re-read every minute).
    pub last_activity: std::sync::Mutex<std::time::Instant>,
    pub locked: std::sync::atomic::AtomicBool,
    policy: RwLock<Option<(crm_core::service::settings::SecurityPolicy, std::time::Instant)>>,
}

impl AppState {
    fn new() -> Self {
        AppState {
            db: RwLock::new(None),
            readers: RwLock::new(None),
            user: RwLock::new(None),
            locale: RwLock::new(Locale::ZhCn),
            backoff: Default::default(),
            last_activity: std::sync::Mutex::new(std::time::Instant::now()),
            locked: Default::default(),
            policy: RwLock::new(None),
        }
    }

    /// The server of the active profile when it is a shared MySQL database (host, port,
    /// database, TLS; no user, no password).
    pub fn server() -> Result<Option<db::MysqlParams>, AppError> {
        let store = ProfileStore::load()?;
        Ok(match DbTarget::from_profile(&store.active_profile().cloned().unwrap_or_default()) {
            DbTarget::Mysql(p) => Some(p),
            DbTarget::Sqlite(_) => None,
        })
    }

    /// The open database. The local SQLite file is opened on first use; a shared MySQL
    /// database only by a login, with the user's own account.
    pub async fn database(&self) -> Result<(DatabaseConnection, String), AppError> {
        if let Some(d) = self.db.read().await.as_ref() {
            return Ok(d.clone());
        }
        let mut guard = self.db.write().await;
        if let Some(d) = guard.as_ref() {
            return Ok(d.clone());
        }
        let store = ProfileStore::load()?;
        let profile = store.active_profile().cloned().unwrap_or_default();
        let target = DbTarget::from_profile(&profile);
        let conn = match &target {
            DbTarget::Sqlite(p) => db::connect_sqlite(p).await?,
            DbTarget::Mysql(_) => return Err(AppError::Unauthenticated),
        };
        let conn = db::open_ready(conn).await?;
        if let DbTarget::Sqlite(p) = &target {
            *self.readers.write().await = Some(db::connect_sqlite_readers(p).await?);
            // The daily automatic backup, on the first open of a day, off the start-up path.
            let c = conn.clone();
            tokio::spawn(async move {
                match crm_core::service::backup::auto_backup(&c, &db::data_dir()).await {
                    Ok(Some(f)) => tracing::info!(path = %f.path, size = f.size, "automatic backup written"),
                    Ok(None) => {}
                    Err(e) => tracing::warn!(error = %e.to_api(Locale::EnUs).message, "automatic backup failed"),
                }
            });
        }
        let label = db::describe(&target);
        *guard = Some((conn.clone(), label.clone()));
        Ok((conn, label))
    }

    /// Use a connection a login opened (shared database), closing any previous one.
    pub async fn set_database(&self, conn: DatabaseConnection, label: String) {
        self.close_readers().await;
        if let Some((old, _)) = self.db.write().await.replace((conn, label)) {
            let _ = old.close().await;
        }
    }

    /// Close the database (and its readers): logout from a shared database, a profile switch.
    pub async fn close_database(&self) {
        self.close_readers().await;
        if let Some((db, _)) = self.db.write().await.take() {
            let _ = db.close().await;
        }
    }

    async fn close_readers(&self) {
        if let Some(r) = self.readers.write().await.take() {
            let _ = r.close().await;
        }
    }

    /// Forget the open database and the session (after switching profiles).
    pub async fn reset(&self) {
        self.close_database().await;
        *self.user.write().await = None;
    }

    /// A user logged in on this desktop: the idle clock starts, any lock is lifted.
    pub async fn begin_session(&self, u: SessionUser) {
        *self.user.write().await = Some(u);
        self.touch();
        self.locked.store(false, std::sync::atomic::Ordering::SeqCst);
    }

    fn touch(&self) {
        *self.last_activity.lock().unwrap_or_else(|e| e.into_inner()) = std::time::Instant::now();
    }

    /// The company's security policy, cached for a minute.
    pub async fn policy(&self, db: &DatabaseConnection) -> crm_core::service::settings::SecurityPolicy {
        if let Some((p, at)) = self.policy.read().await.as_ref() {
            if at.elapsed() < std::time::Duration::from_secs(60) {
                return p.clone();
            }
        }
        let p = crm_core::service::settings::security_policy(db).await.unwrap_or_default();
        *self.policy.write().await = Some((p.clone(), std::time::Instant::now()));
        p
    }

    /// Forget the cached policy (after an administrator changed it here).
    pub async fn forget_policy(&self) {
        *self.policy.write().await = None;
    }

    /// A context for the logged-in user; UNAUTHENTICATED otherwise, LOCKED while the
    /// desktop is locked or once the user has been idle longer than the policy allows.
    /// Each command the user makes counts as activity.
    pub async fn ctx(&self) -> Result<Ctx, AppError> {
        let ctx = self.ctx_quiet().await?;
        let minutes = self.policy(ctx.reader()).await.idle_lock_minutes;
        let idle = self.last_activity.lock().unwrap_or_else(|e| e.into_inner()).elapsed();
        if minutes > 0 && idle > std::time::Duration::from_secs(u64::from(minutes) * 60) {
            tracing::info!(idle_s = idle.as_secs(), "idle lock");
            self.locked.store(true, std::sync::atomic::Ordering::SeqCst);
            return Err(AppError::Locked);
        }
        self.touch();
        Ok(ctx)
    }

    /// [`AppState::ctx`] for work the desktop does by itself (reminders): it respects
    /// the lock but is not user activity.
    pub async fn ctx_quiet(&self) -> Result<Ctx, AppError> {
        let user = self.user.read().await.clone().ok_or(AppError::Unauthenticated)?;
        if self.locked.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(AppError::Locked);
        }
        let (db, _) = self.database().await?;
        let read = self.readers.read().await.clone();
        // Re-read the user's roles on every call: a disabled user or changed role takes
        // effect at once, not at the next login. Through a reader: a long write holding
        // the writer must not stall every command.
        let fresh = crm_core::service::auth::refresh_session(read.as_ref().unwrap_or(&db), &user).await?;
        if fresh != user {
            *self.user.write().await = Some(fresh.clone());
        }
        Ok(Ctx::for_user(db, fresh).with_reader(read).with_locale(*self.locale.read().await))
    }

    pub async fn api_err(&self, e: AppError) -> ApiError {
        match &e {
            AppError::Internal(detail) => tracing::error!(%detail, "command failed"),
            AppError::Unauthenticated => {
                *self.user.write().await = None;
                // A shared database's connection is the user's own login: it ends too.
                if Self::server().ok().flatten().is_some() {
                    self.close_database().await;
                }
            }
            _ => {}
        }
        e.to_api(*self.locale.read().await)
    }
}

/// Run a service call for the logged-in user and map its error for IPC.
macro_rules! call {
    ($state:expr, |$ctx:ident| $body:expr) => {{
        let r = async {
            let $ctx = $state.ctx().await?;
            $body.await
        }
        .await;
        match r {
            Ok(v) => Ok(v),
            Err(e) => Err($state.api_err(e).await),
        }
    }};
}
pub(crate) use call;

/// The OS log directory (as Tauri's app_log_dir), or `logs/` in the data dir when
/// CRM_DESK_DATA_DIR is set.
pub fn log_dir() -> std::path::PathBuf {
    if std::env::var_os("CRM_DESK_DATA_DIR").is_some_and(|v| !v.is_empty()) {
        return db::data_dir().join("logs");
    }
    #[cfg(target_os = "macos")]
    {
        if let Some(home) = dirs::home_dir() {
            return home.join("Library/Logs").join(db::APP_IDENTIFIER);
        }
    }
    #[cfg(target_os = "windows")]
    {
        if let Some(d) = dirs::data_local_dir() {
            return d.join(db::APP_IDENTIFIER).join("logs");
        }
    }
    db::data_dir().join("logs")
}

/// Log to a daily-rotating file (14 days kept) and to stderr. Log lines carry ids and
/// error kinds, never passwords or connection secrets.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    use tracing_subscriber::prelude::*;
    let filter = tracing_subscriber::EnvFilter::try_from_env("CRM_LOG").unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn,sea_orm_migration=info".into());
    let _ = std::fs::create_dir_all(log_dir());
    let appender = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("crm-desk")
        .filename_suffix("log")
        .max_log_files(14)
        .build(log_dir());
    let (file_layer, guard) = match appender {
        Ok(a) => {
            let (nb, guard) = tracing_appender::non_blocking(a);
            (Some(tracing_subscriber::fmt::layer().with_writer(nb).with_ansi(false)), Some(guard))
        }
        Err(e) => {
            eprintln!("cannot open the log folder {}: {e}", log_dir().display());
            (None, None)
        }
    };
    let _ = tracing_subscriber::registry().with(filter).with(file_layer).with(tracing_subscriber::fmt::layer().with_writer(std::io::stderr)).try_init();
    guard
}

/// When the process started (for the start-up time log line).
pub(crate) static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Build and run the desktop app.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let _log_guard = init_logging();
    // A panic writes a crash report to the log folder; the next start offers to open it.
    crm_core::diagnostics::install_panic_hook(log_dir(), diagnostics::build());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), commit = env!("CRM_GIT_COMMIT"), data_dir = %db::data_dir().display(), "CRM Desk starting");
    if let Err(e) = db::secret::use_native_store() {
        tracing::warn!("OS keyring unavailable: {}", e.to_api(Locale::EnUs).message);
    }
    tauri::Builder::default()
        // A second launch focuses the running window instead of opening another.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            use tauri::Manager;
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(AppState::new())
        .manage(update::PendingUpdate::default())
        .manage(dataio::Jobs::default())
        .setup(|app| {
            use tauri_plugin_window_state::{StateFlags, WindowExt};
            let mut builder = tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("index.html".into()))
                .title("CRM Desk")
                .inner_size(1280.0, 800.0)
                .min_inner_size(1024.0, 640.0)
                .center();
            // With CRM_DESK_DATA_DIR the web view's own storage (language choice, column
            // settings) lives there too, so every test run starts from a clean slate.
            if std::env::var_os("CRM_DESK_DATA_DIR").is_some_and(|v| !v.is_empty()) {
                builder = builder.data_directory(db::data_dir().join("webview"));
            }
            let win = builder.build()?;
            // Size and position come back from the last run.
            let _ = win.restore_state(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED);
            let _ = win.set_focus();
            background::spawn(app.handle().clone());
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            session::app_info,
            diagnostics::about_info,
            diagnostics::open_log_folder,
            diagnostics::support_bundle_create,
            diagnostics::crash_report_pending,
            diagnostics::crash_report_seen,
            diagnostics::crash_report_open,
            update::update_check,
            update::update_install,
            update::update_progress,
            update::update_policy_get,
            update::update_policy_set,
            print::print_support,
            print::file_print,
            session::set_locale,
            session::setup_admin,
            session::login,
            session::login_remembered,
            session::logout,
            session::me,
            session::change_password,
            session::session_lock,
            session::session_unlock,
            settings::security_policy_get,
            settings::security_policy_set,
            session::ui_ready,
            session::global_search,
            report::dashboard_get,
            report::dashboard_layout_get,
            report::dashboard_layout_set,
            report::target_grid,
            report::target_save,
            report::target_basis_set,
            report::report_get,
            report::report_export,
            report::export_open,
            dataio::import_template,
            dataio::import_inspect,
            dataio::import_preview,
            dataio::import_run,
            dataio::job_cancel,
            dataio::export_columns,
            dataio::export_list,
            dataio::backup_overview,
            dataio::backup_settings_set,
            dataio::backup_now,
            dataio::backup_check,
            dataio::backup_restore,
            dataio::file_pick,
            dataio::transfer_plan,
            dataio::transfer_run,
            marketing::marketing_activity_list,
            marketing::marketing_activity_get,
            marketing::marketing_activity_create,
            marketing::marketing_activity_update,
            marketing::marketing_activity_delete,
            marketing::marketing_activity_options,
            marketing::tag_list,
            marketing::tag_create,
            marketing::tag_update,
            marketing::tag_delete,
            marketing::tag_change,
            marketing::segment_list,
            marketing::segment_preview,
            marketing::segment_create,
            marketing::segment_update,
            marketing::segment_delete,
            marketing::sms_template_list,
            marketing::sms_template_create,
            marketing::sms_template_update,
            marketing::sms_template_delete,
            marketing::sms_template_preview,
            marketing::sms_variables,
            marketing::marketing_settings_get,
            marketing::marketing_settings_set,
            marketing::campaign_preview,
            marketing::campaign_create,
            marketing::campaign_list,
            marketing::campaign_get,
            marketing::campaign_details,
            marketing::campaign_cancel,
            marketing::campaign_send,
            marketing::optout_list,
            marketing::optout_add,
            marketing::optout_reply,
            marketing::optout_remove,
            marketing::marketing_gateway_status,
            marketing::marketing_gateway_secret_set,
            marketing::marketing_gateway_test,
            service::work_order_list,
            service::work_order_get,
            service::work_order_create,
            service::work_order_update,
            service::work_order_take,
            service::work_order_assign,
            service::work_order_transition,
            service::work_order_note,
            service::work_order_rate,
            service::work_order_delete,
            service::work_order_attach,
            service::work_order_detach,
            service::work_order_customers,
            service::work_order_customer_refs,
            service::work_order_handlers,
            service::service_board,
            service::service_report,
            service::service_settings_get,
            service::service_settings_set,
            receivable::receivables_of,
            receivable::receivable_attach,
            receivable::receivable_detach,
            receivable::plan_create,
            receivable::plan_split,
            receivable::plan_update,
            receivable::plan_delete,
            receivable::receipt_create,
            receivable::receipt_confirm,
            receivable::receipt_delete,
            receivable::receipt_correct,
            receivable::receipts_pending,
            receivable::invoice_create,
            receivable::invoice_advance,
            receivable::invoice_void,
            receivable::invoice_request_create,
            receivable::invoice_request_reject,
            receivable::invoice_requests_pending,
            receivable::customer_buyer_get,
            receivable::customer_buyer_set,
            receivable::receivable_settings_get,
            receivable::receivable_settings_set,
            receivable::receivable_aging,
            connection::profile_get,
            connection::profile_use_local,
            connection::profile_test_mysql,
            connection::profile_save_mysql,
            admin::user_list,
            admin::user_get,
            admin::user_options,
            admin::user_create,
            admin::user_update,
            admin::user_set_status,
            admin::user_reset_password,
            admin::dept_tree,
            admin::dept_create,
            admin::dept_update,
            admin::dept_delete,
            admin::role_list,
            admin::role_create,
            admin::role_update,
            admin::role_delete,
            admin::permission_catalog,
            admin::oplog_history,
            settings::company_get,
            settings::company_set,
            settings::number_rules,
            settings::number_rule_update,
            settings::db_status,
            customer::customer_list,
            customer::customer_get,
            customer::customer_create,
            customer::customer_update,
            customer::customer_delete,
            customer::customer_transfer,
            customer::customer_summary,
            customer::sea_claim,
            customer::sea_assign,
            customer::sea_release,
            customer::sea_sweep,
            customer::sea_rules_get,
            customer::sea_rules_set,
            customer::contact_list,
            customer::contact_list_all,
            customer::follow_up_recent,
            customer::contact_create,
            customer::contact_update,
            customer::contact_delete,
            customer::follow_up_list,
            customer::follow_up_create,
            customer::follow_up_update,
            customer::follow_up_delete,
            customer::follow_up_done,
            customer::todo_counts,
            customer::todo_board,
            customer::session_list,
            customer::session_create,
            customer::session_update,
            customer::session_delete,
            customer::visit_list,
            customer::visit_create,
            customer::visit_update,
            customer::visit_finish,
            customer::visit_delete,
            customer::return_visit_list,
            customer::return_visit_create,
            customer::return_visit_update,
            customer::return_visit_complete,
            customer::return_visit_cancel,
            customer::return_visit_delete,
            sales::category_tree,
            sales::category_create,
            sales::category_update,
            sales::category_delete,
            sales::product_list,
            sales::product_pick,
            sales::product_create,
            sales::product_update,
            sales::product_delete,
            sales::stage_list,
            sales::stage_set,
            sales::opportunity_list,
            sales::opportunity_kanban,
            sales::opportunity_pipeline,
            sales::opportunity_get,
            sales::opportunity_create,
            sales::opportunity_update,
            sales::opportunity_move,
            sales::opportunity_close,
            sales::opportunity_delete,
            sales::quotation_list,
            sales::quotation_get,
            sales::quotation_create,
            sales::quotation_update,
            sales::quotation_set_status,
            sales::quotation_copy,
            sales::quotation_delete,
            sales::quotation_accepted,
            sales::contract_list,
            sales::contract_totals,
            sales::contract_awaiting_approval,
            sales::contract_get,
            sales::contract_create,
            sales::contract_from_quotation,
            sales::contract_update,
            sales::contract_approve,
            sales::contract_sign,
            sales::contract_terminate,
            sales::contract_delete,
            sales::contract_attach,
            sales::attachment_delete,
            sales::file_render,
            sales::file_save_as,
            sales::file_open,
            lead::lead_list,
            lead::lead_get,
            lead::lead_create,
            lead::lead_update,
            lead::lead_delete,
            lead::lead_set_status,
            lead::lead_claim,
            lead::lead_assign,
            lead::lead_release,
            lead::lead_convert,
            lead::lead_sources,
            lead::pool_list,
            lead::pool_create,
            lead::pool_update,
            lead::pool_delete,
        ])
        .run(tauri::generate_context!())
        .expect("error while running CRM Desk");
}
