//! Support diagnostics: what support asks first ([`AboutInfo`]), a support bundle of the
//! recent logs and that information with passwords and customer data masked
//! ([`support_bundle`]), and crash reports written by a panic hook ([`install_panic_hook`])
//! that the next start offers to open ([`unseen_crash`]).

use crate::error::{AppError, AppResult};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// What this build is.
#[derive(Clone, Debug)]
pub struct Build {
    pub version: &'static str,
    /// Short git commit the binary was built from ("unknown" outside a git checkout).
    pub commit: &'static str,
    /// debug / release.
    pub profile: &'static str,
}

/// The About dialog.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AboutInfo {
    pub version: String,
    pub commit: String,
    pub build_profile: String,
    /// The latest migration applied to the database (None: not connected or empty).
    #[ts(optional = nullable)]
    pub schema_version: Option<String>,
    /// The latest migration this app knows.
    pub app_schema_version: String,
    /// Migrations this app would apply, or that the database has and the app does not know.
    pub schema_note: String,
    /// SQLite / MySQL / MariaDB (empty before a database is chosen).
    pub database_kind: String,
    /// The file (SQLite) or host:port/database (shared); never a password.
    pub database_location: String,
    /// The server's or library's version.
    #[ts(optional = nullable)]
    pub database_version: Option<String>,
    pub data_dir: String,
    pub log_dir: String,
    /// Operating system, version and architecture.
    pub os: String,
    /// WebView2 / WebKitGTK / WKWebView version.
    pub webview: String,
    /// The logged-in user's name (not their password, not their data).
    #[ts(optional = nullable)]
    pub user: Option<String>,
}

impl AboutInfo {
    /// Plain text for "Copy" and the support bundle.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let mut line = |k: &str, v: &str| {
            s.push_str(&format!("{k:<18}{v}\n"));
        };
        line("CRM Desk", &format!("{} ({}, {})", self.version, self.commit, self.build_profile));
        line("Schema (database)", self.schema_version.as_deref().unwrap_or("-"));
        line("Schema (app)", &self.app_schema_version);
        if !self.schema_note.is_empty() {
            line("Schema note", &self.schema_note);
        }
        line("Database", format!("{} {}", self.database_kind, self.database_version.as_deref().unwrap_or("")).trim());
        line("Location", &self.database_location);
        line("Data folder", &self.data_dir);
        line("Log folder", &self.log_dir);
        line("OS", &self.os);
        line("WebView", &self.webview);
        line("User", self.user.as_deref().unwrap_or("-"));
        s
    }
}

/// "Debian 12 (bookworm) [64-bit] x86_64" and the like.
pub fn os_description() -> String {
    format!("{} {}", os_info::get(), std::env::consts::ARCH)
}

/// Gather the About information. `db` is the open database, if any.
#[allow(clippy::too_many_arguments)]
pub async fn about(
    build: &Build,
    db: Option<&DatabaseConnection>,
    database_location: &str,
    data_dir: &Path,
    log_dir: &Path,
    webview: &str,
    user: Option<String>,
) -> AboutInfo {
    let mut info = AboutInfo {
        version: build.version.into(),
        commit: build.commit.into(),
        build_profile: build.profile.into(),
        app_schema_version: migrations::SCHEMA_VERSION.into(),
        database_location: database_location.into(),
        data_dir: data_dir.display().to_string(),
        log_dir: log_dir.display().to_string(),
        os: os_description(),
        webview: webview.into(),
        user,
        ..Default::default()
    };
    let Some(db) = db else { return info };
    let backend = db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => "SELECT sqlite_version() AS v",
        _ => "SELECT VERSION() AS v",
    };
    let version = db.query_one_raw(sea_orm::Statement::from_string(backend, sql)).await.ok().flatten().and_then(|r| r.try_get::<String>("", "v").ok());
    info.database_kind = match backend {
        DatabaseBackend::Sqlite => "SQLite".into(),
        _ if version.as_deref().is_some_and(|v| v.to_lowercase().contains("mariadb")) => "MariaDB".into(),
        _ => "MySQL".into(),
    };
    info.database_version = version;
    if let Ok(st) = crate::db::schema_state(db).await {
        info.schema_version = st.db_version.clone();
        info.schema_note = if !st.unknown.is_empty() {
            format!("database is newer: {}", st.unknown.join(", "))
        } else if !st.pending.is_empty() {
            format!("pending: {}", st.pending.join(", "))
        } else {
            String::new()
        };
    }
    info
}

// ------------------------------------------------------------------ masking

/// Names whose values are secrets.
const SECRET_KEYS: &str = "password|passwd|pwd|secret|secret_?key|access_?key_?secret|token|authorization|api_?key";

struct Masks {
    url_credentials: regex::Regex,
    json_values: regex::Regex,
    key_values: regex::Regex,
    mobile: regex::Regex,
    email: regex::Regex,
    id_card: regex::Regex,
}

fn masks() -> &'static Masks {
    static M: OnceLock<Masks> = OnceLock::new();
    M.get_or_init(|| Masks {
        url_credentials: regex::Regex::new(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^:/@\s]+):[^@/\s]+@").unwrap(),
        json_values: regex::Regex::new(&format!(r#"(?i)"(?P<key>{SECRET_KEYS})"\s*:\s*"(?:[^"\\]|\\.)*""#)).unwrap(),
        key_values: regex::Regex::new(&format!(r#"(?i)\b(?P<key>{SECRET_KEYS})(?P<sep>\s*[=:]\s*)(?:(?:Bearer|Basic)\s+)?[^\s",;&]+"#)).unwrap(),
        mobile: regex::Regex::new(r"(?P<a>^|[^0-9])(?:\+?86[- ]?)?(?P<p>1[3-9][0-9])[0-9]{4}(?P<q>[0-9]{4})(?P<b>[^0-9]|$)").unwrap(),
        email: regex::Regex::new(r"[A-Za-z0-9._%+-]+@(?P<d>[A-Za-z0-9.-]+\.[A-Za-z]{2,})").unwrap(),
        id_card: regex::Regex::new(r"(?P<a>^|[^0-9])[1-9][0-9]{5}(?:19|20)[0-9]{2}[0-9]{7}[0-9Xx](?P<b>[^0-9]|$)").unwrap(),
    })
}

/// Mask what a log line must not carry off this computer: passwords, secrets and tokens
/// (`key=value`, `user:password@` in URLs), mobile numbers (middle digits), e-mail
/// addresses (the name) and identity-card numbers.
pub fn scrub(line: &str) -> String {
    let m = masks();
    let s = m.url_credentials.replace_all(line, "${scheme}${user}:***@");
    let s = m.json_values.replace_all(&s, "\"${key}\": \"***\"");
    let s = m.key_values.replace_all(&s, "${key}${sep}***");
    let s = m.id_card.replace_all(&s, "${a}[ID]${b}");
    // Twice: a match consumes the character after it, so back-to-back numbers need a second pass.
    let s = m.mobile.replace_all(&s, "${a}${p}****${q}${b}");
    let s = m.mobile.replace_all(&s, "${a}${p}****${q}${b}");
    let s = m.email.replace_all(&s, "***@${d}");
    s.into_owned()
}

// ------------------------------------------------------------------ support bundle

/// What went into a support bundle.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct BundleSummary {
    pub path: String,
    pub files: Vec<String>,
    pub bytes: u64,
}

/// The most of each log file a bundle carries (its end).
const MAX_LOG_BYTES: u64 = 4 * 1024 * 1024;

/// Zip the About information and the logs and crash reports of the last `days` days into
/// `out`, every line masked ([`scrub`]). No database file, no settings, no keyring entry.
pub fn support_bundle(out: &Path, about: &AboutInfo, log_dir: &Path, days: u32) -> AppResult<BundleSummary> {
    let io = |e: std::io::Error| AppError::internal(format!("support bundle: {e}"));
    let zerr = |e: zip::result::ZipError| AppError::internal(format!("support bundle: {e}"));
    let since = std::time::SystemTime::now() - std::time::Duration::from_secs(days as u64 * 86_400);
    let mut logs: Vec<PathBuf> = match std::fs::read_dir(log_dir) {
        Ok(rd) => rd
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
                (name.starts_with("crm-desk") || name.starts_with("crash-") || name.starts_with("crm-admin")) && !name.ends_with(".seen")
            })
            .filter(|p| p.metadata().and_then(|m| m.modified()).is_ok_and(|t| t >= since))
            .collect(),
        Err(_) => vec![],
    };
    logs.sort();
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = out.with_extension("zip.part");
    let file = std::fs::File::create(&tmp).map_err(io)?;
    let mut zip = zip::ZipWriter::new(file);
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut files = vec![];
    zip.start_file("about.txt", opts).map_err(zerr)?;
    zip.write_all(about.to_text().as_bytes()).map_err(io)?;
    files.push("about.txt".to_string());
    zip.start_file("about.json", opts).map_err(zerr)?;
    zip.write_all(serde_json::to_string_pretty(about).unwrap_or_default().as_bytes()).map_err(io)?;
    files.push("about.json".to_string());
    for p in logs {
        let name = format!("logs/{}", p.file_name().and_then(|n| n.to_str()).unwrap_or("log"));
        let text = tail(&p, MAX_LOG_BYTES).map_err(io)?;
        zip.start_file(name.as_str(), opts).map_err(zerr)?;
        for l in text.lines() {
            zip.write_all(scrub(l).as_bytes()).map_err(io)?;
            zip.write_all(b"\n").map_err(io)?;
        }
        files.push(name);
    }
    zip.finish().map_err(zerr)?;
    std::fs::rename(&tmp, out).map_err(io)?;
    let bytes = std::fs::metadata(out).map(|m| m.len()).unwrap_or(0);
    Ok(BundleSummary { path: out.display().to_string(), files, bytes })
}

/// The last `max` bytes of a file as text, from the first whole line.
fn tail(p: &Path, max: u64) -> std::io::Result<String> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = std::fs::File::open(p)?;
    let len = f.metadata()?.len();
    let start = len.saturating_sub(max);
    f.seek(SeekFrom::Start(start))?;
    let mut buf = vec![];
    f.read_to_end(&mut buf)?;
    let text = String::from_utf8_lossy(&buf).into_owned();
    Ok(if start > 0 { text.split_once('\n').map(|(_, r)| r.to_string()).unwrap_or_default() } else { text })
}

// ------------------------------------------------------------------ crash reports

/// A crash report the user has not been shown yet.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CrashReport {
    pub file_name: String,
    pub path: String,
    /// When it happened (local time, as written in the report).
    pub at: String,
    /// The panic message, first line.
    pub summary: String,
}

const SEEN_FILE: &str = "crash-reports.seen";

/// Write a crash report (`crash-YYYYMMDD-HHMMSS.txt`) into `dir`; returns its path.
pub fn write_crash_report(dir: &Path, build: &Build, message: &str, location: &str, backtrace: &str) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(dir)?;
    let now = chrono::Local::now();
    let mut path = dir.join(format!("crash-{}.txt", now.format("%Y%m%d-%H%M%S")));
    let mut n = 1;
    while path.exists() {
        path = dir.join(format!("crash-{}-{n}.txt", now.format("%Y%m%d-%H%M%S")));
        n += 1;
    }
    let thread = std::thread::current().name().unwrap_or("unnamed").to_string();
    let text = format!(
        "CRM Desk crash report\nTime:     {}\nVersion:  {} ({}, {})\nOS:       {}\nThread:   {thread}\nLocation: {location}\nMessage:  {}\n\nBacktrace:\n{}\n",
        now.format("%Y-%m-%d %H:%M:%S %:z"),
        build.version,
        build.commit,
        build.profile,
        os_description(),
        scrub(message),
        backtrace
    );
    std::fs::write(&path, text)?;
    Ok(path)
}

/// Write a crash report for every panic (then run the previous hook, which prints it).
pub fn install_panic_hook(dir: PathBuf, build: Build) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = if let Some(s) = info.payload().downcast_ref::<&str>() {
            s.to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "panic".to_string()
        };
        let location = info.location().map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column())).unwrap_or_default();
        let bt = std::backtrace::Backtrace::force_capture().to_string();
        match write_crash_report(&dir, &build, &message, &location, &bt) {
            Ok(p) => tracing::error!(report = %p.display(), "crashed: {message} at {location}"),
            Err(e) => tracing::error!("crashed: {message} at {location} (no report written: {e})"),
        }
        previous(info);
    }));
}

/// The newest crash report not yet shown to the user.
pub fn unseen_crash(dir: &Path) -> Option<CrashReport> {
    let seen = std::fs::read_to_string(dir.join(SEEN_FILE)).unwrap_or_default().trim().to_string();
    let newest = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .filter(|n| n.starts_with("crash-") && n.ends_with(".txt"))
        .max()?;
    if !seen.is_empty() && newest.as_str() <= seen.as_str() {
        return None;
    }
    let path = dir.join(&newest);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let field = |k: &str| text.lines().find_map(|l| l.strip_prefix(k)).map(|v| v.trim().to_string()).unwrap_or_default();
    Some(CrashReport { at: field("Time:"), summary: field("Message:"), path: path.display().to_string(), file_name: newest })
}

/// The user has seen this report (and every older one).
pub fn mark_crash_seen(dir: &Path, file_name: &str) -> AppResult<()> {
    if !file_name.starts_with("crash-") || file_name.contains(['/', '\\']) {
        return Err(AppError::validation("fileName", "不是崩溃报告", "Not a crash report"));
    }
    std::fs::write(dir.join(SEEN_FILE), file_name).map_err(|e| AppError::internal(format!("crash report: {e}")))
}
