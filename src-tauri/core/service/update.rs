//! Updates from the company: where the update feed is, whether an offered version may be
//! installed against the database this desktop uses, and the signature of what was
//! downloaded. Checking, downloading and installing are tauri-plugin-updater's, in the
//! desktop shell (`commands/update.rs`); this module holds the rules, so they are
//! tested without a window.
//!
//! **The feed** is a Tauri update manifest (`latest.json`): `version`, `notes`,
//! `pub_date`, `platforms.{target}.{url,signature}`, plus our own `crmSchema`: the newest
//! migration the offered version needs. It is reached by an https URL, or read from a
//! path on a file share (`\\server\crm\latest.json`), whose package URLs may then be
//! file names next to the manifest. IT sets it once for the company in 系统设置 → 更新
//! (setting `update_policy`), or per computer in an `update.json` (machine-wide
//! `%ProgramData%\CRM Desk`, `/Library/Application Support/CRM Desk`, `/etc/crm-desk`,
//! or the user's data folder), which wins over the database.
//!
//! **The schema gate.** A desktop on the shared MySQL/MariaDB never migrates it: a newer
//! CRM Desk on an older schema would refuse to start. So an offered version whose
//! `crmSchema` the shared database has not reached is not installed, and the desktop says
//! to ask IT to run `crm-admin migrate` first. A local SQLite file is migrated by the new
//! version itself on its first start, so it never blocks.

use super::{settings, Ctx};
use crate::db;
use crate::error::{AppError, AppResult, Msg};
use base64::Engine;
use sea_orm::{DatabaseBackend, DatabaseConnection};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use url::Url;

pub const UPDATE_POLICY: &str = "update_policy";

/// The manifest field with the newest migration the offered version needs.
pub const MANIFEST_SCHEMA_FIELD: &str = "crmSchema";

/// The schema this build needs (what its manifests carry).
pub const SCHEMA_VERSION: &str = migrations::SCHEMA_VERSION;

/// Where updates come from (setting `update_policy`, or an `update.json`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct UpdatePolicy {
    /// An https URL of the manifest, or its path on a file share. Empty: no updates.
    pub feed: String,
    /// Check on start and once a day (otherwise only when asked).
    pub auto_check: bool,
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

impl Default for UpdatePolicy {
    fn default() -> Self {
        UpdatePolicy { feed: String::new(), auto_check: true, lock_version: None }
    }
}

/// Where the policy in force came from.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum PolicyOrigin {
    /// `CRM_UPDATE_FEED` (tests and trials).
    Environment,
    /// An `update.json` on this computer.
    LocalFile,
    /// The company setting in the database.
    Database,
    /// Nothing configured.
    None,
}

/// A parsed feed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Feed {
    Url(Url),
    File(PathBuf),
}

fn feed_error() -> AppError {
    AppError::validation(
        "feed",
        "更新源须是 https 网址,或文件共享上 latest.json 的完整路径(如 \\\\server\\crm\\latest.json)",
        "The update feed must be an https URL, or the full path of latest.json on a file share (such as \\\\server\\crm\\latest.json)",
    )
}

/// Parse a feed. https anywhere; plain http only on this computer (a local test
/// server); a UNC path, an absolute path or a `file:` URL for a file share.
pub fn parse_feed(s: &str) -> AppResult<Option<Feed>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    if s.len() > 1000 {
        return Err(feed_error());
    }
    let lower = s.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") || lower.starts_with("file:") {
        let u = Url::parse(s).map_err(|_| feed_error())?;
        return match u.scheme() {
            "https" if u.host_str().is_some() => Ok(Some(Feed::Url(u))),
            "http" if matches!(u.host_str(), Some("127.0.0.1" | "localhost" | "[::1]")) => Ok(Some(Feed::Url(u))),
            "file" => u.to_file_path().map(|p| Some(Feed::File(p))).map_err(|_| feed_error()),
            _ => Err(feed_error()),
        };
    }
    let unc = s.starts_with("\\\\") || s.starts_with("//");
    let drive = s.len() > 2 && s.as_bytes()[0].is_ascii_alphabetic() && &s[1..2] == ":" && matches!(&s[2..3], "\\" | "/");
    if unc || drive || Path::new(s).is_absolute() {
        return Ok(Some(Feed::File(PathBuf::from(s))));
    }
    Err(feed_error())
}

pub async fn get_policy(ctx: &Ctx) -> AppResult<UpdatePolicy> {
    ctx.require_login()?;
    let (mut p, v): (UpdatePolicy, i32) = settings::read_versioned(&ctx.db, UPDATE_POLICY).await?;
    p.lock_version = Some(v);
    Ok(p)
}

pub async fn set_policy(ctx: &Ctx, mut p: UpdatePolicy) -> AppResult<UpdatePolicy> {
    ctx.require("settings:update")?;
    let expected = p.lock_version.take();
    p.feed = p.feed.trim().to_string();
    parse_feed(&p.feed)?;
    p.lock_version = Some(settings::write_checked(ctx, UPDATE_POLICY, &p, expected).await?);
    Ok(p)
}

/// The company policy without a session (the desktop checks before anyone logs in).
pub async fn stored_policy(db: &DatabaseConnection) -> AppResult<UpdatePolicy> {
    settings::read(db, UPDATE_POLICY).await
}

/// Where an `update.json` is looked for, machine-wide first.
pub fn local_policy_paths() -> Vec<PathBuf> {
    let machine: Option<PathBuf> = if cfg!(windows) {
        std::env::var_os("ProgramData").map(|pd| PathBuf::from(pd).join("CRM Desk").join("update.json"))
    } else if cfg!(target_os = "macos") {
        Some(PathBuf::from("/Library/Application Support/CRM Desk/update.json"))
    } else {
        Some(PathBuf::from("/etc/crm-desk/update.json"))
    };
    machine.into_iter().chain([db::data_dir().join("update.json")]).collect()
}

/// The first `update.json` among `paths` that exists. One that cannot be read is an
/// error naming the file (IT wrote it on purpose; ignoring it would hide the mistake).
pub fn read_local_policy(paths: &[PathBuf]) -> AppResult<Option<(PathBuf, UpdatePolicy)>> {
    for p in paths {
        let text = match std::fs::read_to_string(p) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(local_file_error(p, &e.to_string())),
        };
        let policy: UpdatePolicy = serde_json::from_str(&text).map_err(|e| local_file_error(p, &e.to_string()))?;
        parse_feed(&policy.feed).map_err(|_| local_file_error(p, "feed"))?;
        return Ok(Some((p.clone(), policy)));
    }
    Ok(None)
}

fn local_file_error(p: &Path, why: &str) -> AppError {
    AppError::validation(
        "feed",
        format!("更新配置文件 {} 无法读取({why})", p.display()),
        format!("The update configuration {} cannot be read ({why})", p.display()),
    )
}

/// The policy in force: the environment, then this computer's file, then the database.
pub fn effective(env_feed: Option<String>, local: Option<UpdatePolicy>, database: Option<UpdatePolicy>) -> (UpdatePolicy, PolicyOrigin) {
    if let Some(feed) = env_feed.filter(|f| !f.trim().is_empty()) {
        return (UpdatePolicy { feed, auto_check: true, lock_version: None }, PolicyOrigin::Environment);
    }
    if let Some(p) = local.filter(|p| !p.feed.trim().is_empty()) {
        return (p, PolicyOrigin::LocalFile);
    }
    if let Some(p) = database.filter(|p| !p.feed.trim().is_empty()) {
        return (p, PolicyOrigin::Database);
    }
    (UpdatePolicy::default(), PolicyOrigin::None)
}

/// The migration an offered version needs, from its manifest (None: not stated or not a
/// migration name).
pub fn required_schema(manifest: &serde_json::Value) -> Option<String> {
    let s = manifest.get(MANIFEST_SCHEMA_FIELD)?.as_str()?.trim();
    let re = regex::Regex::new(r"^m\d{8}_\d{6}_[a-z0-9_]+$").expect("regex");
    re.is_match(s).then(|| s.to_string())
}

/// Whether an offered version may be installed against this desktop's database.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Gate {
    /// Install when the user asks.
    Ok,
    /// The shared database is older than the offered version needs.
    #[serde(rename_all = "camelCase")]
    NeedsMigrate { required: String, database: Option<String> },
    /// The manifest does not say which schema the version needs, so on a shared database
    /// it is not installed.
    UnknownSchema,
    /// A shared database: whether it is new enough is known after logging in.
    LoginFirst,
}

impl Gate {
    /// The refusal of an install, or None when it may go ahead.
    pub fn refusal(&self) -> Option<AppError> {
        match self {
            Gate::Ok => None,
            Gate::NeedsMigrate { required, database } => {
                let db = database.clone().unwrap_or_else(|| "(空)".into());
                Some(AppError::conflict(
                    Some("schema"),
                    format!("新版本需要数据库结构 {required},公司数据库目前是 {db}。请联系 IT 先运行 crm-admin migrate,再安装更新"),
                    format!("The new version needs database schema {required}; the company database is at {db}. Ask IT to run crm-admin migrate first, then install the update"),
                ))
            }
            Gate::LoginFirst => Some(AppError::conflict(
                Some("schema"),
                "请先登录:登录后才能确认公司数据库是否满足新版本的要求",
                "Log in first: only then can the desktop tell whether the company database is ready for the new version",
            )),
            Gate::UnknownSchema => Some(AppError::conflict(
                Some("schema"),
                format!("更新清单没有注明所需的数据库结构({MANIFEST_SCHEMA_FIELD}),为保护公司数据库不予安装;请联系 IT"),
                format!("The update manifest does not state the database schema it needs ({MANIFEST_SCHEMA_FIELD}); it is not installed, to protect the company database. Ask IT"),
            )),
        }
    }
}

/// The database an offered version is judged against.
pub enum GateDb<'a> {
    /// No database configured yet on this desktop: nothing can be broken.
    None,
    Open(&'a DatabaseConnection),
    /// A shared database nobody has logged in to yet: its schema is unknown until then.
    SharedNotOpen,
}

/// The gate of an offered version (its manifest).
pub async fn gate(database: GateDb<'_>, manifest: &serde_json::Value) -> AppResult<Gate> {
    let conn = match database {
        GateDb::None => return Ok(Gate::Ok),
        GateDb::SharedNotOpen => return Ok(Gate::LoginFirst),
        GateDb::Open(c) => c,
    };
    if conn.get_database_backend() == DatabaseBackend::Sqlite {
        return Ok(Gate::Ok);
    }
    let Some(required) = required_schema(manifest) else { return Ok(Gate::UnknownSchema) };
    let st = db::schema_state(conn).await?;
    Ok(gate_for(&required, st.db_version))
}

/// The rule itself: migration names sort by date and sequence, so the database has what
/// the version needs when its newest applied migration is not older.
pub fn gate_for(required: &str, database: Option<String>) -> Gate {
    match &database {
        Some(d) if d.as_str() >= required => Gate::Ok,
        _ => Gate::NeedsMigrate { required: required.to_string(), database },
    }
}

/// A manifest read from a file share, with package names made into `file:` URLs next to
/// it, ready for the updater.
pub fn read_manifest_file(path: &Path) -> AppResult<serde_json::Value> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        AppError::validation("feed", format!("无法读取更新清单 {}:{e}", path.display()), format!("Cannot read the update manifest {}: {e}", path.display()))
    })?;
    let mut v: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
        AppError::validation("feed", format!("更新清单 {} 格式不对:{e}", path.display()), format!("The update manifest {} is not valid: {e}", path.display()))
    })?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut fix = |p: &mut serde_json::Value| {
        if let Some(u) = p.get("url").and_then(|u| u.as_str()).map(str::to_string) {
            let is_url = Url::parse(&u).is_ok_and(|x| matches!(x.scheme(), "https" | "http" | "file"));
            if !is_url {
                // A file name next to the manifest, or a full path.
                if let Ok(abs) = Url::from_file_path(dir.join(&u)) {
                    p["url"] = serde_json::Value::String(abs.to_string());
                }
            }
        }
    };
    if let Some(platforms) = v.get_mut("platforms").and_then(|p| p.as_object_mut()) {
        platforms.values_mut().for_each(&mut fix);
    }
    Ok(v)
}

/// Check a downloaded package against the update key and the version it was announced
/// as (the signature's trusted comment carries the version `tauri build` signed it for).
/// The updater checks again before installing; this gives the user a clear message.
pub fn verify_package(pubkey_b64: &str, signature_b64: &str, bytes: &[u8], version: &str) -> AppResult<()> {
    let b64 = base64::engine::general_purpose::STANDARD;
    let bad = |why: &str| {
        tracing::warn!(why, "an update package failed its signature check");
        AppError::conflict(
            Some("signature"),
            "更新包的签名校验失败,已丢弃,没有安装。请联系 IT 检查更新源",
            "The update package failed its signature check and was discarded, not installed. Ask IT to check the update feed",
        )
    };
    let key_text = b64.decode(pubkey_b64.trim()).ok().and_then(|k| String::from_utf8(k).ok()).ok_or_else(|| bad("key"))?;
    let key = minisign_verify::PublicKey::decode(&key_text).map_err(|_| bad("key"))?;
    let sig_text = b64.decode(signature_b64.trim()).ok().and_then(|s| String::from_utf8(s).ok()).ok_or_else(|| bad("signature text"))?;
    let sig = minisign_verify::Signature::decode(&sig_text).map_err(|_| bad("signature text"))?;
    key.verify(bytes, &sig, true).map_err(|_| bad("signature"))?;
    let signed_version = sig.trusted_comment().split('\t').find_map(|f| f.strip_prefix("version:")).map(str::trim);
    if signed_version != Some(version) {
        return Err(bad("version"));
    }
    Ok(())
}

/// An offer shown to the user.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// Release notes (plain text or Markdown as written by IT).
    pub notes: String,
    /// `pub_date`, RFC 3339, when given.
    pub date: Option<String>,
    pub required_schema: Option<String>,
    pub gate: Gate,
    /// The gate's refusal in the UI language, when it blocks.
    pub blocked_message: Option<String>,
}

/// The state of updates on this desktop, for the banner, About and the settings page.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateStatus {
    pub current_version: String,
    /// Updates can work here: this build carries the update key and a feed is set.
    pub enabled: bool,
    /// Why not, when they cannot.
    pub disabled_reason: Option<String>,
    pub feed: Option<String>,
    pub origin: PolicyOrigin,
    pub auto_check: bool,
    /// False when automatic checks are off and nobody asked: the feed was not contacted.
    pub checked: bool,
    /// The newer version found, if any.
    pub offer: Option<UpdateOffer>,
    /// The check failed (the feed is unreachable…): shown, not thrown, so the banner can
    /// stay quiet about it.
    pub error: Option<String>,
    /// When this check ran (RFC 3339).
    pub checked_at: String,
}

/// Reasons updates are off, in both languages.
pub fn no_key_reason() -> Msg {
    Msg::new("此版本没有内置更新签名公钥,不能自动更新", "This build carries no update signing key, so it cannot update itself")
}

pub fn no_feed_reason() -> Msg {
    Msg::new("尚未设置更新源(系统设置 → 更新)", "No update feed is set (Settings → Updates)")
}

/// The download of an update, while it installs.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateProgress {
    pub installing: bool,
    #[ts(type = "number")]
    pub received: u64,
    #[ts(type = "number | null")]
    pub total: Option<u64>,
}

/// The manifest keys (`{os}-{arch}` and `{os}-{arch}-{installer}`) a package file serves,
/// from its name as `tauri build` writes it. Empty when the file is not an update package.
pub fn platform_keys(file_name: &str) -> Vec<String> {
    let n = file_name.to_ascii_lowercase();
    let arch = if n.contains("aarch64") || n.contains("arm64") { "aarch64" } else { "x86_64" };
    let keys: Vec<String> = if n.ends_with("-setup.exe") || n.ends_with(".nsis.zip") {
        vec![format!("windows-{arch}"), format!("windows-{arch}-nsis")]
    } else if n.ends_with(".msi") || n.ends_with(".msi.zip") {
        vec![format!("windows-{arch}-msi")]
    } else if n.ends_with(".app.tar.gz") {
        if n.contains("universal") {
            vec!["darwin-aarch64".into(), "darwin-x86_64".into(), "darwin-aarch64-app".into(), "darwin-x86_64-app".into()]
        } else {
            vec![format!("darwin-{arch}"), format!("darwin-{arch}-app")]
        }
    } else if n.ends_with(".deb") {
        vec![format!("linux-{arch}-deb")]
    } else if n.ends_with(".rpm") {
        vec![format!("linux-{arch}-rpm")]
    } else if n.ends_with(".appimage") || n.ends_with(".appimage.tar.gz") {
        vec![format!("linux-{arch}"), format!("linux-{arch}-appimage")]
    } else {
        vec![]
    };
    keys
}

/// One package of a release: its file name, and its signature (the `.sig` text).
pub struct Package {
    pub file_name: String,
    pub signature: String,
}

/// The manifest of a release for the company's feed, with `crmSchema` set to the
/// schema this build needs (so IT cannot forget it). `base_url` empty: package names
/// are left relative, for a manifest on a file share next to them.
pub fn manifest(version: &str, notes: &str, pub_date: chrono::DateTime<chrono::Utc>, base_url: &str, packages: &[Package]) -> AppResult<serde_json::Value> {
    let v = version.trim().trim_start_matches('v');
    let parts: Vec<&str> = v.split(['.', '-', '+']).collect();
    if parts.len() < 3 || !parts[..3].iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit())) {
        return Err(AppError::validation("version", "版本号须如 1.2.3", "The version must look like 1.2.3"));
    }
    let mut platforms = serde_json::Map::new();
    for p in packages {
        let keys = platform_keys(&p.file_name);
        if keys.is_empty() {
            return Err(AppError::validation(
                "file",
                format!("{} 不是更新包(.exe/.msi/.app.tar.gz/.deb/.rpm/.AppImage)", p.file_name),
                format!("{} is not an update package (.exe/.msi/.app.tar.gz/.deb/.rpm/.AppImage)", p.file_name),
            ));
        }
        let url = if base_url.trim().is_empty() {
            p.file_name.clone()
        } else {
            let base = if base_url.ends_with('/') { base_url.to_string() } else { format!("{base_url}/") };
            Url::parse(&base).and_then(|b| b.join(&urlencoding::encode(&p.file_name))).map_err(|_| feed_error())?.to_string()
        };
        for k in keys {
            platforms.insert(k, serde_json::json!({ "signature": p.signature.trim(), "url": url }));
        }
    }
    // A plain {os}-{arch} key for Linux when only .deb/.rpm exist: the .deb.
    for arch in ["x86_64", "aarch64"] {
        let plain = format!("linux-{arch}");
        if !platforms.contains_key(&plain) {
            if let Some(deb) = platforms.get(&format!("linux-{arch}-deb")).cloned() {
                platforms.insert(plain, deb);
            }
        }
    }
    Ok(serde_json::json!({
        "version": v,
        "notes": notes.trim(),
        "pub_date": pub_date.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        MANIFEST_SCHEMA_FIELD: SCHEMA_VERSION,
        "platforms": platforms,
    }))
}
