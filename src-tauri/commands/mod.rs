//! Tauri commands: thin adapters from IPC to the services. The only code that imports tauri.

pub mod customer;
pub mod session;

use crate::auth::SessionUser;
use crate::db::{self, profile::ProfileStore, DbTarget};
use crate::error::{ApiError, AppError, Locale};
use crate::service::Ctx;
use sea_orm::DatabaseConnection;
use tokio::sync::RwLock;

pub use session::AppInfo;

/// What the app holds while it runs.
pub struct AppState {
    pub db: RwLock<Option<(DatabaseConnection, String)>>,
    pub user: RwLock<Option<SessionUser>>,
    pub locale: RwLock<Locale>,
}

impl AppState {
    fn new() -> Self {
        AppState { db: RwLock::new(None), user: RwLock::new(None), locale: RwLock::new(Locale::ZhCn) }
    }

    /// The open database, connecting to the active profile on first use.
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
            DbTarget::Mysql(p) => {
                let mut p = p.clone();
                p.password = db::secret::get_mysql_password(&p)?;
                db::connect_mysql(&p).await?
            }
        };
        let conn = db::open_ready(conn).await?;
        let label = db::describe(&conn, &target);
        *guard = Some((conn.clone(), label.clone()));
        Ok((conn, label))
    }

    /// A context for the logged-in user; UNAUTHENTICATED otherwise.
    pub async fn ctx(&self) -> Result<Ctx, AppError> {
        let user = self.user.read().await.clone().ok_or(AppError::Unauthenticated)?;
        let (db, _) = self.database().await?;
        Ok(Ctx::for_user(db, user).with_locale(*self.locale.read().await))
    }

    pub async fn api_err(&self, e: AppError) -> ApiError {
        if let AppError::Internal(detail) = &e {
            tracing::error!(%detail, "command failed");
        }
        e.to_api(*self.locale.read().await)
    }
}

/// Build and run the desktop app.
pub fn run() {
    let _ = tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into())).try_init();
    if let Err(e) = db::secret::use_native_store() {
        tracing::warn!("OS keyring unavailable: {}", e);
    }
    tauri::Builder::default()
        .manage(AppState::new())
        .setup(|app| {
            use tauri::Manager;
            let win = tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::App("index.html".into()))
                .title("CRM Desk")
                .inner_size(1280.0, 800.0)
                .min_inner_size(1024.0, 640.0)
                .build()?;
            let _ = win.set_focus();
            let _ = app.get_webview_window("main");
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            session::app_info,
            session::set_locale,
            session::setup_admin,
            session::login,
            session::logout,
            session::me,
            customer::customer_list,
            customer::customer_get,
            customer::customer_create,
            customer::customer_update,
            customer::customer_delete,
        ])
        .run(tauri::generate_context!())
        .expect("error while running CRM Desk");
}
