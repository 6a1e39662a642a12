//! Backups of the local SQLite database.
//!
//! A backup is a consistent copy written while the app runs (`VACUUM INTO`: one read
//! transaction, so concurrent writers neither block it nor tear it), into a temporary
//! name that is renamed when complete. Automatic backups: on the first open of a day,
//! keeping the newest N (default 7), in a folder the user may change.
//!
//! A restore checks the file first (SQLite's integrity check, a CRM Desk schema, not
//! newer than this app), keeps the current database as a backup, then replaces the file;
//! opening it afterwards migrates an older schema. The live connection must be closed
//! around the swap: [`restore_file`] works on files only, and the caller closes and
//! reopens.
//!
//! A company MySQL database is backed up with the DBA's tools (see README).

use super::{oplog, Ctx};
use crate::error::{AppError, AppResult};
use sea_orm::sqlx::sqlite::SqliteConnectOptions;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Backups written by this app are named `crm-desk-YYYYMMDD-HHMMSS[-note].db`.
const PREFIX: &str = "crm-desk-";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct BackupSettings {
    /// Automatic daily backup on the first open of a day.
    pub auto: bool,
    /// How many backups to keep (older ones are deleted after a new one is written).
    pub keep: u32,
    /// The folder (None: `backups/` in the data folder).
    #[ts(optional = nullable)]
    pub dir: Option<String>,
}

impl Default for BackupSettings {
    fn default() -> Self {
        BackupSettings { auto: true, keep: 7, dir: None }
    }
}

/// The settings file lives beside the database (not inside it: a restore must not
/// change where backups go).
fn settings_path(data_dir: &Path) -> PathBuf {
    data_dir.join("backup.json")
}

pub fn load_settings(data_dir: &Path) -> BackupSettings {
    std::fs::read_to_string(settings_path(data_dir)).ok().and_then(|s| serde_json::from_str(&s).ok()).unwrap_or_default()
}

/// The folder backups go to.
pub fn backup_dir(data_dir: &Path, s: &BackupSettings) -> PathBuf {
    s.dir.as_deref().filter(|d| !d.trim().is_empty()).map(PathBuf::from).unwrap_or_else(|| data_dir.join("backups"))
}

pub fn save_settings(ctx: &Ctx, data_dir: &Path, s: BackupSettings) -> AppResult<BackupSettings> {
    ctx.require("settings:update")?;
    if s.keep == 0 || s.keep > 365 {
        return Err(AppError::validation("keep", "保留份数应在 1 到 365 之间", "Keep between 1 and 365 backups"));
    }
    let dir = backup_dir(data_dir, &s);
    std::fs::create_dir_all(&dir).map_err(|e| {
        AppError::validation("dir", format!("无法使用备份文件夹 {}:{e}", dir.display()), format!("The backup folder {} cannot be used: {e}", dir.display()))
    })?;
    std::fs::create_dir_all(data_dir).map_err(AppError::internal)?;
    let json = serde_json::to_string_pretty(&s).map_err(AppError::internal)?;
    std::fs::write(settings_path(data_dir), json).map_err(AppError::internal)?;
    Ok(s)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupFile {
    pub name: String,
    pub path: String,
    pub size: u64,
    /// When it was written (file time, UTC).
    pub modified_at: chrono::NaiveDateTime,
}

fn file_info(path: &Path) -> AppResult<BackupFile> {
    let meta = std::fs::metadata(path).map_err(AppError::internal)?;
    let modified: chrono::DateTime<chrono::Utc> = meta.modified().map_err(AppError::internal)?.into();
    Ok(BackupFile {
        name: path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        path: path.display().to_string(),
        size: meta.len(),
        modified_at: modified.naive_utc(),
    })
}

fn sqlite_only(db: &DatabaseConnection) -> AppResult<()> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(AppError::validation(
            "database",
            "公司数据库(MySQL)请由管理员用 mysqldump 或 mariadb-backup 备份",
            "A company (MySQL) database is backed up by its administrator with mysqldump or mariadb-backup",
        ));
    }
    Ok(())
}

/// Write a consistent copy of the open SQLite database to `dest` (which must not exist).
pub async fn write_copy(db: &DatabaseConnection, dest: &Path) -> AppResult<BackupFile> {
    sqlite_only(db)?;
    if dest.exists() {
        return Err(AppError::validation("path", format!("文件已存在:{}", dest.display()), format!("The file exists: {}", dest.display())));
    }
    if let Some(parent) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| {
            AppError::validation("path", format!("无法创建文件夹 {}:{e}", parent.display()), format!("Cannot create the folder {}: {e}", parent.display()))
        })?;
    }
    let tmp = dest.with_extension("db.partial");
    let _ = std::fs::remove_file(&tmp);
    let lit = tmp.display().to_string().replace('\'', "''");
    db.execute_raw(Statement::from_string(DatabaseBackend::Sqlite, format!("VACUUM INTO '{lit}'"))).await.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        AppError::validation("path", format!("备份失败:{e}"), format!("The backup failed: {e}"))
    })?;
    std::fs::rename(&tmp, dest).map_err(|e| AppError::validation("path", format!("备份失败:{e}"), format!("The backup failed: {e}")))?;
    file_info(dest)
}

fn stamp_name(note: &str) -> String {
    let now = chrono::Local::now().format("%Y%m%d-%H%M%S");
    if note.is_empty() {
        format!("{PREFIX}{now}.db")
    } else {
        format!("{PREFIX}{now}-{note}.db")
    }
}

/// "Back up now": a new backup in the backup folder, then the oldest beyond `keep` removed.
pub async fn backup_now(ctx: &Ctx, data_dir: &Path) -> AppResult<BackupFile> {
    ctx.require("settings:update")?;
    let s = load_settings(data_dir);
    let dir = backup_dir(data_dir, &s);
    let mut dest = dir.join(stamp_name(""));
    let mut n = 2;
    while dest.exists() {
        dest = dir.join(stamp_name(&n.to_string()));
        n += 1;
    }
    let f = write_copy(&ctx.db, &dest).await?;
    prune(&dir, s.keep)?;
    let mut changes = serde_json::Map::new();
    changes.insert("file".into(), serde_json::json!(f.path));
    changes.insert("size".into(), serde_json::json!(f.size));
    oplog::record(&ctx.db, ctx, oplog::Action::Backup, "database", 0, changes, Some(format!("备份数据库到 {}", f.path))).await?;
    Ok(f)
}

/// The automatic backup: written when the newest backup in the folder is from an earlier
/// local day (or there is none). Returns the new file, if one was written.
pub async fn auto_backup(db: &DatabaseConnection, data_dir: &Path) -> AppResult<Option<BackupFile>> {
    let s = load_settings(data_dir);
    if !s.auto || db.get_database_backend() != DatabaseBackend::Sqlite {
        return Ok(None);
    }
    let dir = backup_dir(data_dir, &s);
    let today = chrono::Local::now().date_naive();
    let newest = list_dir(&dir)?.into_iter().next();
    if let Some(b) = newest {
        let local = chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(b.modified_at, chrono::Utc).with_timezone(&chrono::Local).date_naive();
        if local >= today {
            return Ok(None);
        }
    }
    let f = write_copy(db, &dir.join(stamp_name("auto"))).await?;
    prune(&dir, s.keep)?;
    Ok(Some(f))
}

/// Backups in a folder, newest first.
pub fn list_dir(dir: &Path) -> AppResult<Vec<BackupFile>> {
    let Ok(rd) = std::fs::read_dir(dir) else { return Ok(vec![]) };
    let mut out = vec![];
    for e in rd.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with(PREFIX) && name.ends_with(".db") {
            out.push(file_info(&e.path())?);
        }
    }
    out.sort_by(|a, b| b.modified_at.cmp(&a.modified_at).then(b.name.cmp(&a.name)));
    Ok(out)
}

/// The settings page: where backups go, how many are kept, and the backups there.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupOverview {
    pub settings: BackupSettings,
    /// The folder in use.
    pub dir: String,
    /// The database is the local SQLite file (a company database is backed up by IT).
    pub local: bool,
    /// The local database file.
    pub database_path: String,
    pub files: Vec<BackupFile>,
}

pub fn overview(ctx: &Ctx, data_dir: &Path, database_path: &Path) -> AppResult<BackupOverview> {
    ctx.require("settings:read")?;
    let settings = load_settings(data_dir);
    let dir = backup_dir(data_dir, &settings);
    Ok(BackupOverview {
        files: list_dir(&dir)?,
        dir: dir.display().to_string(),
        local: ctx.db.get_database_backend() == DatabaseBackend::Sqlite,
        database_path: database_path.display().to_string(),
        settings,
    })
}

/// Keep the newest `keep` backups of a folder (only files this app named).
pub fn prune(dir: &Path, keep: u32) -> AppResult<u32> {
    let mut removed = 0;
    for old in list_dir(dir)?.into_iter().skip(keep.max(1) as usize) {
        if std::fs::remove_file(&old.path).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// What a backup file holds, checked before a restore.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupCheck {
    pub path: String,
    /// SQLite's integrity check passed.
    pub intact: bool,
    /// The check's first lines when it failed.
    pub integrity: String,
    /// Its newest migration (None: not a CRM Desk database).
    #[ts(optional = nullable)]
    pub schema_version: Option<String>,
    /// Written by a newer CRM Desk (cannot be restored here).
    pub newer: bool,
    /// Migrations that will run after the restore.
    pub pending: u32,
    pub customers: u64,
    pub contracts: u64,
    pub users: u64,
    /// It can be restored.
    pub ok: bool,
    #[ts(optional = nullable)]
    pub problem: Option<String>,
}

/// Open a SQLite file read-only (nothing in it changes, not even its journal mode).
async fn open_read_only(path: &Path) -> AppResult<DatabaseConnection> {
    let opts = SqliteConnectOptions::new().filename(path).read_only(true).immutable(true);
    let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(opts)
        .await
        .map_err(|e| AppError::validation("file", format!("无法打开该文件:{e}"), format!("The file cannot be opened: {e}")))?;
    Ok(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

async fn count(db: &DatabaseConnection, table: &str) -> u64 {
    db.query_one_raw(Statement::from_string(DatabaseBackend::Sqlite, format!("SELECT COUNT(*) AS n FROM {table}")))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .unwrap_or(0) as u64
}

/// Check a backup file (read-only).
pub async fn check(path: &Path, locale: crate::error::Locale) -> AppResult<BackupCheck> {
    let zh = locale == crate::error::Locale::ZhCn;
    let m = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    if !path.is_file() {
        return Err(AppError::validation("file", format!("文件不存在:{}", path.display()), format!("There is no file {}", path.display())));
    }
    let mut head = [0u8; 16];
    {
        use std::io::Read;
        let mut f = std::fs::File::open(path).map_err(AppError::internal)?;
        let _ = f.read(&mut head);
    }
    let mut out = BackupCheck {
        path: path.display().to_string(),
        intact: false,
        integrity: String::new(),
        schema_version: None,
        newer: false,
        pending: 0,
        customers: 0,
        contracts: 0,
        users: 0,
        ok: false,
        problem: None,
    };
    if &head != b"SQLite format 3\0" {
        out.problem = Some(m("这不是 CRM Desk 的数据库备份文件", "This is not a CRM Desk database backup"));
        return Ok(out);
    }
    let db = open_read_only(path).await?;
    let rows = db.query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA integrity_check")).await?;
    let lines: Vec<String> = rows.iter().filter_map(|r| r.try_get_by_index::<String>(0).ok()).collect();
    out.intact = lines.len() == 1 && lines[0] == "ok";
    out.integrity = lines.into_iter().take(5).collect::<Vec<_>>().join("; ");
    let st = crate::db::schema_state(&db).await?;
    out.schema_version = st.db_version.clone();
    out.newer = !st.unknown.is_empty();
    out.pending = st.pending.len() as u32;
    if st.db_version.is_some() {
        out.customers = count(&db, "crm_customer").await;
        out.contracts = count(&db, "crm_contract").await;
        out.users = count(&db, "sys_user").await;
    }
    db.close().await.ok();
    out.problem = if !out.intact {
        Some(m(&format!("文件已损坏(完整性检查:{})", out.integrity), &format!("The file is damaged (integrity check: {})", out.integrity)))
    } else if out.schema_version.is_none() {
        Some(m("这不是 CRM Desk 的数据库备份文件", "This is not a CRM Desk database backup"))
    } else if out.newer {
        Some(m(
            &format!("该备份来自更新版本的 CRM Desk(结构版本 {}),请先升级本程序", out.schema_version.clone().unwrap_or_default()),
            &format!("The backup comes from a newer CRM Desk (schema {}); upgrade this app first", out.schema_version.clone().unwrap_or_default()),
        ))
    } else {
        None
    };
    out.ok = out.problem.is_none();
    Ok(out)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RestoreReport {
    pub restored_from: String,
    /// The database as it was before, kept as a backup.
    pub previous_saved_as: String,
    #[ts(optional = nullable)]
    pub schema_version: Option<String>,
}

/// Keep the live database as a backup: a consistent copy made through its open
/// connection, before the caller closes it for [`restore_file`].
pub async fn save_before_restore(db: &DatabaseConnection, data_dir: &Path) -> AppResult<BackupFile> {
    let s = load_settings(data_dir);
    write_copy(db, &backup_dir(data_dir, &s).join(stamp_name("before-restore"))).await
}

/// Replace the database file `live` with the backup `from`, after checking it. The live
/// database must be closed (its copy already saved by [`save_before_restore`]). The
/// copy goes to a temporary name beside `live` first and is renamed over it, so a crash
/// leaves either the old or the new database, never a mix.
pub async fn restore_file(live: &Path, from: &Path, previous: &BackupFile, locale: crate::error::Locale) -> AppResult<RestoreReport> {
    let c = check(from, locale).await?;
    if !c.ok {
        return Err(AppError::validation("file", c.problem.clone().unwrap_or_default(), c.problem.unwrap_or_default()));
    }
    let tmp = live.with_extension("db.restoring");
    std::fs::copy(from, &tmp).map_err(|e| AppError::validation("file", format!("无法复制备份:{e}"), format!("The backup cannot be copied: {e}")))?;
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(live.with_extension(ext));
    }
    std::fs::rename(&tmp, live).map_err(|e| AppError::validation("file", format!("无法替换数据库:{e}"), format!("The database cannot be replaced: {e}")))?;
    Ok(RestoreReport { restored_from: from.display().to_string(), previous_saved_as: previous.path.clone(), schema_version: c.schema_version })
}
