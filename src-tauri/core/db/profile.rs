//! Connection profiles, kept in `profiles.json` in the data dir. Never holds a password.

use super::{data_dir, default_sqlite_path, MysqlParams};
use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TlsMode {
    #[default]
    Off,
    /// Encrypted, the server certificate not checked.
    Required,
    /// Encrypted, the certificate signed by the given CA (host name not checked).
    VerifyCa,
    /// Encrypted, the certificate signed by a trusted CA (the given one, else the
    /// system's) AND issued for this host name. The default for a remote database.
    VerifyIdentity,
}

impl TlsMode {
    /// The sqlx mode: never weaker than asked (no silent downgrade to plain text).
    pub fn sqlx(self) -> sea_orm::sqlx::mysql::MySqlSslMode {
        use sea_orm::sqlx::mysql::MySqlSslMode;
        match self {
            TlsMode::Off => MySqlSslMode::Disabled,
            TlsMode::Required => MySqlSslMode::Required,
            TlsMode::VerifyCa => MySqlSslMode::VerifyCa,
            TlsMode::VerifyIdentity => MySqlSslMode::VerifyIdentity,
        }
    }
}

/// Is this host the machine itself (where plain text never crosses a network)?
pub fn is_local_host(host: &str) -> bool {
    matches!(host.trim().to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

/// A saved way to reach the CRM database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum ConnectionProfile {
    /// The local SQLite file (default). `path` None = the default file in the data dir.
    #[serde(rename = "local")]
    Local {
        #[serde(default)]
        path: Option<PathBuf>,
    },
    /// A shared company MySQL/MariaDB database. Each user logs in with their own
    /// database account (see `db::accounts`), so the profile holds no user and no secret.
    #[serde(rename = "mysql", rename_all = "camelCase")]
    Mysql {
        host: String,
        port: u16,
        database: String,
        #[serde(default)]
        tls: TlsMode,
        #[serde(default)]
        ca_file: Option<PathBuf>,
        /// The user explicitly chose an unencrypted connection to a remote host.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        insecure: Option<bool>,
    },
}

impl Default for ConnectionProfile {
    fn default() -> Self {
        ConnectionProfile::Local { path: None }
    }
}

/// The profiles file: the list and which one is active.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProfileStore {
    pub active: Option<usize>,
    pub profiles: Vec<ConnectionProfile>,
    /// Last username typed at login (convenience; not a secret).
    #[serde(default)]
    pub last_username: Option<String>,
}

impl ProfileStore {
    pub fn path() -> PathBuf {
        data_dir().join("profiles.json")
    }

    pub fn load() -> AppResult<ProfileStore> {
        let p = Self::path();
        match std::fs::read_to_string(&p) {
            Ok(s) => {
                let store: ProfileStore = serde_json::from_str(&s).map_err(|e| AppError::internal(format!("{}: {e}", p.display())))?;
                forget_shared_passwords(&s, &store);
                Ok(store)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ProfileStore::default()),
            Err(e) => Err(AppError::internal(format!("{}: {e}", p.display()))),
        }
    }

    /// Atomic save (write a temp file, then rename) so a crash never leaves half a file.
    pub fn save(&self) -> AppResult<()> {
        let p = Self::path();
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir).map_err(AppError::internal)?;
        }
        let tmp = p.with_extension("json.tmp");
        let body = serde_json::to_string_pretty(self).map_err(AppError::internal)?;
        std::fs::write(&tmp, body).map_err(AppError::internal)?;
        std::fs::rename(&tmp, &p).map_err(AppError::internal)?;
        Ok(())
    }

    pub fn active_profile(&self) -> Option<&ConnectionProfile> {
        self.active.and_then(|i| self.profiles.get(i))
    }
}

/// Profiles written before per-user accounts named a shared database user whose password
/// sat in the OS keyring: delete those secrets, and the user from the file.
fn forget_shared_passwords(raw: &str, store: &ProfileStore) {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(raw) else { return };
    let Some(list) = v.get("profiles").and_then(|p| p.as_array()) else { return };
    let mut found = false;
    for (i, prof) in list.iter().enumerate() {
        let Some(user) = prof.get("user").and_then(|u| u.as_str()) else { continue };
        found = true;
        if let Some(ConnectionProfile::Mysql { host, port, database, .. }) = store.profiles.get(i) {
            let legacy = MysqlParams {
                host: host.clone(),
                port: *port,
                database: database.clone(),
                user: user.to_string(),
                password: None,
                tls: TlsMode::Off,
                ca_file: None,
                insecure: false,
            };
            match super::secret::delete_mysql_password(&legacy) {
                Ok(()) => tracing::info!(host = %host, "removed a shared database password from the keyring"),
                Err(e) => tracing::warn!("cannot remove a shared database password from the keyring: {e:?}"),
            }
        }
    }
    if found {
        if let Err(e) = store.save() {
            tracing::warn!("cannot rewrite the profiles file without shared users: {e:?}");
        }
    }
}

/// What a `--db` URL or a profile points at.
#[derive(Clone, Debug)]
pub enum DbTarget {
    Sqlite(PathBuf),
    Mysql(MysqlParams),
}

impl DbTarget {
    /// Parse `sqlite:PATH`, `sqlite://PATH`, `sqlite::memory:` or
    /// `mysql://USER[:PASS]@HOST[:PORT]/DB[?ssl-mode=...&ssl-ca=...]`.
    pub fn parse(url: &str) -> AppResult<DbTarget> {
        let bad = |why: &str| {
            AppError::validation(
                "db",
                format!("数据库地址无效: {why}(示例: sqlite:/path/crm.db 或 mysql://user@host:3306/crm)"),
                format!("Invalid database URL: {why} (e.g. sqlite:/path/crm.db or mysql://user@host:3306/crm)"),
            )
        };
        if let Some(rest) = url.strip_prefix("sqlite:") {
            let rest = rest.strip_prefix("//").unwrap_or(rest);
            let rest = rest.split('?').next().unwrap_or("");
            if rest.is_empty() {
                return Err(bad("missing file path"));
            }
            return Ok(DbTarget::Sqlite(PathBuf::from(rest)));
        }
        if url.starts_with("mysql://") || url.starts_with("mariadb://") {
            let u = url::Url::parse(&url.replacen("mariadb://", "mysql://", 1)).map_err(|e| bad(&e.to_string()))?;
            let host = u.host_str().ok_or_else(|| bad("missing host"))?.to_string();
            let database = u.path().trim_start_matches('/').to_string();
            if database.is_empty() {
                return Err(bad("missing database name"));
            }
            let user = urlencoding::decode(u.username()).map_err(|e| bad(&e.to_string()))?.into_owned();
            let user = if user.is_empty() { "root".to_string() } else { user };
            let password = match u.password() {
                Some(p) => Some(urlencoding::decode(p).map_err(|e| bad(&e.to_string()))?.into_owned()),
                None => None,
            };
            // No ssl-mode: TLS with host verification, except on this computer.
            let mut tls = if is_local_host(&host) { TlsMode::Off } else { TlsMode::VerifyIdentity };
            let mut insecure = false;
            let mut ca_file = None;
            for (k, v) in u.query_pairs() {
                match k.as_ref() {
                    "ssl-mode" | "ssl_mode" | "tls" => {
                        tls = match v.to_ascii_lowercase().as_str() {
                            "disabled" | "off" | "false" => {
                                // Spelled out in the URL: an explicit choice.
                                insecure = true;
                                TlsMode::Off
                            }
                            "required" | "true" | "on" => TlsMode::Required,
                            "verify_ca" | "verify-ca" => TlsMode::VerifyCa,
                            "verify_identity" | "verify-identity" | "verify-full" => TlsMode::VerifyIdentity,
                            other => return Err(bad(&format!("unknown ssl-mode {other}"))),
                        }
                    }
                    "ssl-ca" | "ssl_ca" => ca_file = Some(PathBuf::from(v.as_ref())),
                    _ => {}
                }
            }
            return Ok(DbTarget::Mysql(MysqlParams { host, port: u.port().unwrap_or(3306), database, user, password, tls, ca_file, insecure }));
        }
        Err(bad("unknown scheme"))
    }

    pub fn from_profile(p: &ConnectionProfile) -> DbTarget {
        match p {
            ConnectionProfile::Local { path } => DbTarget::Sqlite(path.clone().unwrap_or_else(default_sqlite_path)),
            ConnectionProfile::Mysql { host, port, database, tls, ca_file, insecure } => DbTarget::Mysql(MysqlParams {
                host: host.clone(),
                port: *port,
                database: database.clone(),
                // Filled at login: the user's own account.
                user: String::new(),
                password: None,
                tls: *tls,
                ca_file: ca_file.clone(),
                insecure: *insecure == Some(true),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_urls() {
        match DbTarget::parse("sqlite:/tmp/x.db").unwrap() {
            DbTarget::Sqlite(p) => assert_eq!(p, PathBuf::from("/tmp/x.db")),
            _ => panic!(),
        }
        match DbTarget::parse("mysql://crm:p%40ss@db.local:3307/crm?ssl-mode=required").unwrap() {
            DbTarget::Mysql(p) => {
                assert_eq!(p.host, "db.local");
                assert_eq!(p.port, 3307);
                assert_eq!(p.user, "crm");
                assert_eq!(p.password.as_deref(), Some("p@ss"));
                assert_eq!(p.database, "crm");
                assert_eq!(p.tls, TlsMode::Required);
            }
            _ => panic!(),
        }
        match DbTarget::parse("mysql://root@127.0.0.1:3306/x").unwrap() {
            DbTarget::Mysql(p) => assert!(p.password.is_none()),
            _ => panic!(),
        }
        assert!(DbTarget::parse("postgres://x").is_err());
        assert!(DbTarget::parse("mysql://root@127.0.0.1:3306/").is_err());
    }

    #[test]
    fn profile_json_has_no_user_and_no_password() {
        let p = ConnectionProfile::Mysql { host: "h".into(), port: 3306, database: "crm".into(), tls: TlsMode::VerifyCa, ca_file: None, insecure: None };
        let s = serde_json::to_string(&p).unwrap();
        assert_eq!(s, r#"{"kind":"mysql","host":"h","port":3306,"database":"crm","tls":"verify_ca","caFile":null}"#);
        let back: ConnectionProfile = serde_json::from_str(&s).unwrap();
        assert_eq!(back, p);
    }
}
