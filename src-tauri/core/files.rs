//! Files that come out of the database are untrusted: another user chose their names and
//! bytes. Names are reduced to a safe base name, types are sniffed from the bytes, and only
//! an allowlist of document types is ever handed to the operating system to open, from a
//! private folder (created with a random name, 0700 on Unix). Anything else is offered
//! for Save As only.

use crate::error::{AppError, AppResult};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Document types the app may open in the system viewer: extension and sniffed MIME type.
const VIEWABLE: &[(&str, &str)] =
    &[("pdf", "application/pdf"), ("png", "image/png"), ("jpg", "image/jpeg"), ("jpeg", "image/jpeg"), ("ofd", "application/zip")];

const RESERVED: &[&str] = &[
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7",
    "LPT8", "LPT9",
];

/// A base name that is safe on Windows, macOS and Linux: no directories, no separators or
/// characters Windows forbids, no control characters, no leading or trailing dots and
/// spaces, not a reserved device name, at most 120 characters (extension kept).
pub fn safe_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let mut name: String = base.chars().filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*')).collect();
    name = name.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_string();
    if name.is_empty() {
        name = "file".into();
    }
    let stem = name.split('.').next().unwrap_or("").trim().to_ascii_uppercase();
    if RESERVED.contains(&stem.as_str()) {
        name = format!("_{name}");
    }
    if name.chars().count() > 120 {
        // Keep a short extension (a long one is just part of the name).
        let ext = extension(&name).filter(|e| e.chars().count() <= 16).map(|e| format!(".{e}")).unwrap_or_default();
        let keep: String = name.chars().take(120usize.saturating_sub(ext.chars().count())).collect();
        name = format!("{keep}{ext}");
    }
    name
}

/// The lower-case extension of a file name, if any.
pub fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The MIME type read from the bytes (never from the name the uploader gave).
pub fn sniff(bytes: &[u8]) -> String {
    infer::get(bytes).map(|t| t.mime_type().to_string()).unwrap_or_else(|| "application/octet-stream".into())
}

/// May this file be opened by the system viewer? Its extension must be on the allowlist
/// and its bytes must be what the extension says.
pub fn viewable(name: &str, bytes: &[u8]) -> bool {
    let Some(ext) = extension(name) else { return false };
    let sniffed = sniff(bytes);
    VIEWABLE.iter().any(|(e, m)| *e == ext && *m == sniffed)
}

/// The private folder for files opened in the system viewer: created once per run, with
/// a random name, readable only by the user.
pub fn private_dir() -> AppResult<&'static Path> {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    if let Some(d) = DIR.get() {
        return Ok(d);
    }
    let dir = tempfile::Builder::new().prefix("crm-desk-").tempdir().map_err(AppError::internal)?.keep();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o700)).map_err(AppError::internal)?;
    }
    Ok(DIR.get_or_init(|| dir))
}

/// Write a file for the system viewer. Refused (VALIDATION on `fileName`, asking for
/// Save As) unless it is an allowlisted document type; the name is sanitized again.
pub fn write_for_viewer(name: &str, bytes: &[u8]) -> AppResult<PathBuf> {
    let name = safe_file_name(name);
    if !viewable(&name, bytes) {
        return Err(AppError::validation(
            "fileName",
            format!("出于安全考虑,「{name}」不能直接打开,请使用“另存为”"),
            format!("For safety, \"{name}\" cannot be opened directly; use Save As"),
        ));
    }
    let dir = private_dir()?;
    let path = dir.join(&name);
    if path.parent() != Some(dir) {
        return Err(AppError::validation("fileName", "文件名无效", "The file name is not valid"));
    }
    std::fs::write(&path, bytes).map_err(|e| AppError::validation("path", format!("无法写入临时文件:{e}"), format!("Cannot write the file: {e}")))?;
    Ok(path)
}

/// Where exported spreadsheets go: `CRM_DESK_EXPORT_DIR` when set, else `exports/` in the
/// data folder when `CRM_DESK_DATA_DIR` is set (tests), else the user's Downloads folder
/// (or `exports/` in the data folder when there is none).
pub fn exports_dir() -> PathBuf {
    if let Some(d) = std::env::var_os("CRM_DESK_EXPORT_DIR").filter(|v| !v.is_empty()) {
        return PathBuf::from(d);
    }
    if std::env::var_os("CRM_DESK_DATA_DIR").is_some_and(|v| !v.is_empty()) {
        return crate::db::data_dir().join("exports");
    }
    dirs::download_dir().unwrap_or_else(|| crate::db::data_dir().join("exports"))
}

/// A path in [`exports_dir`] (created if missing) for a new export under a safe, unused
/// name ("报表 (2).xlsx" when the name is taken).
pub fn unused_export_path(name: &str) -> AppResult<PathBuf> {
    let dir = exports_dir();
    std::fs::create_dir_all(&dir)
        .map_err(|e| AppError::validation("path", format!("无法创建导出文件夹:{e}"), format!("Cannot create the export folder: {e}")))?;
    let name = safe_file_name(name);
    let (stem, ext) = match name.rsplit_once('.') {
        Some((s, e)) => (s.to_string(), format!(".{e}")),
        None => (name.clone(), String::new()),
    };
    let mut path = dir.join(&name);
    let mut n = 2;
    while path.exists() {
        path = dir.join(format!("{stem} ({n}){ext}"));
        n += 1;
    }
    Ok(path)
}

/// Write an export into [`exports_dir`] under a safe, unused name. Returns the path.
pub fn write_export(name: &str, bytes: &[u8]) -> AppResult<PathBuf> {
    let path = unused_export_path(name)?;
    std::fs::write(&path, bytes).map_err(|e| AppError::validation("path", format!("无法写入导出文件:{e}"), format!("Cannot write the export: {e}")))?;
    Ok(path)
}

/// Whether `path` is a file this app exported (so the UI may ask to open it).
pub fn is_export(path: &Path) -> bool {
    let dir = exports_dir();
    match (path.canonicalize(), dir.canonicalize()) {
        (Ok(p), Ok(d)) => p.starts_with(d) && p.is_file(),
        _ => false,
    }
}
