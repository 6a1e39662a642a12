//! Moving a local CRM (SQLite file) into the company database (MySQL/MariaDB).
//!
//! *Copy mode*: every table is copied into a company database that holds no business
//! data yet (freshly `crm-admin migrate`d: no users, no customers, leads, contracts …),
//! keeping ids, numbering counters, settings, users, attachments and the operation log.
//!
//! - The source is never modified: a consistent snapshot is taken with `VACUUM INTO`
//!   through a read-only connection, and the snapshot (not the source) is brought to
//!   this app's schema version.
//! - The target is written in ONE transaction: on any failure nothing of the copy remains
//!   (the rows `migrate` wrote are back too).
//! - Verification, after the commit, reads both sides again: row counts per table, the
//!   exact sum of every decimal (money) column, and an order-independent checksum of the
//!   text, integer, date and binary columns of each table.
//!
//! *Merge mode* (`merge`): into a company database that already has data; every id is
//! remapped and every reference follows (see [`merge`]).

use crate::error::{AppError, AppResult};
use rust_decimal::Decimal;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement, TransactionTrait, Value};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub mod merge;

/// Rows per INSERT statement.
const CHUNK: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ColTy {
    Int,
    Dec,
    Float,
    Date,
    DateTime,
    Text,
    Bytes,
}

#[derive(Clone, Debug)]
pub(crate) struct TableSpec {
    pub(crate) name: String,
    pub(crate) cols: Vec<(String, ColTy)>,
}

/// What one table holds, computed the same way on both sides.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TableDigest {
    pub table: String,
    pub rows: u64,
    /// Every decimal column's exact sum (decimal text).
    #[ts(type = "Record<string, string>")]
    pub sums: BTreeMap<String, Decimal>,
    /// Order-independent checksum of the other columns (hex).
    pub checksum: String,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TableCheck {
    pub source: TableDigest,
    pub target: TableDigest,
    pub equal: bool,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferReport {
    pub tables: Vec<TableCheck>,
    pub rows: u64,
    #[ts(type = "number")]
    pub millis: u128,
    pub verified: bool,
}

impl TransferReport {
    /// A plain-text table of the verification (for the CLI).
    pub fn render(&self) -> String {
        let mut s = format!("{:<28} {:>9} {:>9}  {:<18} {}\n", "table", "source", "target", "checksum", "money sums");
        for t in &self.tables {
            let sums: Vec<String> = t.source.sums.iter().map(|(c, v)| format!("{c}={v}{}", if t.target.sums.get(c) == Some(v) { "" } else { " ≠" })).collect();
            s.push_str(&format!(
                "{:<28} {:>9} {:>9}  {:<18} {}{}\n",
                t.source.table,
                t.source.rows,
                t.target.rows,
                &t.source.checksum[..16],
                sums.join(" "),
                if t.equal { "" } else { "   MISMATCH" }
            ));
        }
        s.push_str(&format!("{} rows in {} ms: {}\n", self.rows, self.millis, if self.verified { "verified, equal" } else { "NOT EQUAL" }));
        s
    }
}

pub(crate) fn v(e: impl std::fmt::Display) -> AppError {
    AppError::validation("transfer", format!("迁移失败:{e}"), format!("The transfer failed: {e}"))
}

/// Open a SQLite file read-only (its journal mode and contents stay as they are).
async fn open_source(path: &Path) -> AppResult<DatabaseConnection> {
    if !path.is_file() {
        return Err(AppError::validation("from", format!("源数据库不存在:{}", path.display()), format!("There is no source database {}", path.display())));
    }
    let opts = sea_orm::sqlx::sqlite::SqliteConnectOptions::new().filename(path).read_only(true);
    let pool = sea_orm::sqlx::sqlite::SqlitePoolOptions::new().max_connections(1).connect_with(opts).await.map_err(v)?;
    Ok(sea_orm::SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// A consistent, current-schema copy of the source in a temporary folder.
pub(crate) async fn snapshot(source: &Path, tmp: &Path) -> AppResult<DatabaseConnection> {
    let src = open_source(source).await?;
    let st = crate::db::schema_state(&src).await?;
    if st.db_version.is_none() {
        return Err(AppError::validation("from", "源文件不是 CRM Desk 数据库", "The source is not a CRM Desk database"));
    }
    if !st.unknown.is_empty() {
        return Err(AppError::validation(
            "from",
            "源数据库来自更新版本的 CRM Desk,请先升级本程序",
            "The source comes from a newer CRM Desk; upgrade this tool first",
        ));
    }
    let snap = tmp.join("snapshot.db");
    let lit = snap.display().to_string().replace('\'', "''");
    src.execute_raw(Statement::from_string(DatabaseBackend::Sqlite, format!("VACUUM INTO '{lit}'"))).await.map_err(v)?;
    src.close().await.ok();
    let db = crate::db::connect_sqlite(&snap).await?;
    crate::db::migrate(&db).await?;
    Ok(db)
}

fn ty_of_mysql(data_type: &str) -> ColTy {
    match data_type.to_ascii_lowercase().as_str() {
        "tinyint" | "smallint" | "mediumint" | "int" | "integer" | "bigint" | "bit" | "year" => ColTy::Int,
        "decimal" | "numeric" => ColTy::Dec,
        "float" | "double" | "real" => ColTy::Float,
        "date" => ColTy::Date,
        "datetime" | "timestamp" => ColTy::DateTime,
        "blob" | "longblob" | "mediumblob" | "tinyblob" | "binary" | "varbinary" => ColTy::Bytes,
        _ => ColTy::Text,
    }
}

pub(crate) async fn target_tables(db: &DatabaseConnection) -> AppResult<BTreeMap<String, Vec<(String, ColTy)>>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::MySql,
            "SELECT TABLE_NAME, COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() ORDER BY TABLE_NAME, ORDINAL_POSITION",
        ))
        .await?;
    let mut out: BTreeMap<String, Vec<(String, ColTy)>> = BTreeMap::new();
    for r in rows {
        let t: String = r.try_get_by_index(0)?;
        let c: String = r.try_get_by_index(1)?;
        let d: String = r.try_get_by_index(2)?;
        out.entry(t).or_default().push((c, ty_of_mysql(&d)));
    }
    Ok(out)
}

pub(crate) async fn source_tables(db: &DatabaseConnection) -> AppResult<Vec<(String, Vec<String>)>> {
    let names: Vec<String> = db
        .query_all_raw(Statement::from_string(
            DatabaseBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'seaql_migrations' ORDER BY name",
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect();
    let mut out = vec![];
    for n in names {
        let cols: Vec<String> = db
            .query_all_raw(Statement::from_string(DatabaseBackend::Sqlite, format!("SELECT name FROM pragma_table_info('{n}')")))
            .await?
            .iter()
            .filter_map(|r| r.try_get_by_index::<String>(0).ok())
            .collect();
        out.push((n, cols));
    }
    Ok(out)
}

pub(crate) fn qi(name: &str, backend: DatabaseBackend) -> String {
    match backend {
        DatabaseBackend::MySql => format!("`{}`", name.replace('`', "``")),
        _ => format!("\"{}\"", name.replace('"', "\"\"")),
    }
}

/// Read one cell as a value to insert, and feed it to the digest.
fn cell(r: &sea_orm::QueryResult, i: usize, ty: ColTy) -> AppResult<Value> {
    Ok(match ty {
        ColTy::Int => Value::BigInt(r.try_get_by_index::<Option<i64>>(i)?),
        ColTy::Float => Value::Double(r.try_get_by_index::<Option<f64>>(i)?),
        ColTy::Dec => Value::Decimal(decimal(r, i)?),
        ColTy::Date => Value::ChronoDate(r.try_get_by_index::<Option<chrono::NaiveDate>>(i)?),
        ColTy::DateTime => Value::ChronoDateTime(r.try_get_by_index::<Option<chrono::NaiveDateTime>>(i)?),
        ColTy::Text => Value::String(r.try_get_by_index::<Option<String>>(i)?),
        ColTy::Bytes => Value::Bytes(r.try_get_by_index::<Option<Vec<u8>>>(i)?),
    })
}

/// A decimal cell: exact text on SQLite (`decimal_text`), DECIMAL on MySQL.
fn decimal(r: &sea_orm::QueryResult, i: usize) -> AppResult<Option<Decimal>> {
    if let Ok(d) = r.try_get_by_index::<Option<Decimal>>(i) {
        return Ok(d);
    }
    if let Ok(t) = r.try_get_by_index::<Option<String>>(i) {
        return t.map(|t| t.trim().parse::<Decimal>().map_err(|e| AppError::internal(format!("decimal column #{i}: {t}: {e}")))).transpose();
    }
    if let Ok(n) = r.try_get_by_index::<Option<i64>>(i) {
        return Ok(n.map(Decimal::from));
    }
    let f = r.try_get_by_index::<Option<f64>>(i)?;
    Ok(f.and_then(|f| Decimal::try_from(f).ok()))
}

#[derive(Default)]
pub(crate) struct Acc {
    rows: u64,
    sums: BTreeMap<String, Decimal>,
    hash: u128,
}

impl Acc {
    pub(crate) fn add(&mut self, spec: &TableSpec, vals: &[Value]) {
        self.rows += 1;
        let mut h = Sha256::new();
        for ((name, ty), val) in spec.cols.iter().zip(vals) {
            match (ty, val) {
                (ColTy::Dec, Value::Decimal(d)) => {
                    *self.sums.entry(name.clone()).or_default() += d.unwrap_or_default();
                    h.update(d.map(|d| d.normalize().to_string()).unwrap_or_default());
                }
                (_, Value::BigInt(x)) => h.update(x.map(|x| x.to_string()).unwrap_or_default()),
                (_, Value::Double(x)) => h.update(x.map(|x| x.to_string()).unwrap_or_default()),
                (_, Value::ChronoDate(x)) => h.update(x.map(|x| x.to_string()).unwrap_or_default()),
                (_, Value::ChronoDateTime(x)) => h.update(x.map(|x| x.format("%Y-%m-%d %H:%M:%S%.6f").to_string()).unwrap_or_default()),
                (_, Value::String(x)) => h.update(x.as_deref().unwrap_or_default()),
                (_, Value::Bytes(x)) => h.update(x.as_deref().unwrap_or_default()),
                _ => {}
            }
            h.update([0x1f]);
        }
        let d = h.finalize();
        let mut b = [0u8; 16];
        b.copy_from_slice(&d[..16]);
        // A sum of per-row hashes: the same whatever order the rows come in.
        self.hash = self.hash.wrapping_add(u128::from_le_bytes(b));
    }
    pub(crate) fn digest(self, table: &str) -> TableDigest {
        TableDigest { table: table.to_string(), rows: self.rows, sums: self.sums, checksum: format!("{:032x}", self.hash) }
    }
}

/// Reads a whole table in chunks of 2,000 rows (by id where there is one).
pub(crate) struct Scanner<'a> {
    spec: &'a TableSpec,
    last_id: Option<i64>,
    offset: u64,
    done: bool,
    /// An extra condition (SQL), e.g. an id range.
    filter: Option<String>,
}

impl<'a> Scanner<'a> {
    fn new(spec: &'a TableSpec) -> Self {
        Scanner { spec, last_id: None, offset: 0, done: spec.cols.is_empty(), filter: None }
    }

    /// Only the rows matching `cond` (SQL over the table's columns).
    pub(crate) fn filtered(spec: &'a TableSpec, cond: String) -> Self {
        Scanner { filter: Some(cond), ..Scanner::new(spec) }
    }

    pub(crate) async fn next<C: ConnectionTrait>(&mut self, db: &C) -> AppResult<Option<Vec<Vec<Value>>>> {
        if self.done {
            return Ok(None);
        }
        let backend = db.get_database_backend();
        let spec = self.spec;
        let cols = spec.cols.iter().map(|(c, _)| qi(c, backend)).collect::<Vec<_>>().join(", ");
        let id_pos = spec.cols.iter().position(|(c, _)| c == "id");
        let table = qi(&spec.name, backend);
        let f = self.filter.as_deref().unwrap_or("1 = 1");
        let sql = match (id_pos, self.last_id) {
            (Some(_), Some(l)) => format!("SELECT {cols} FROM {table} WHERE id > {l} AND ({f}) ORDER BY id LIMIT 2000"),
            (Some(_), None) => format!("SELECT {cols} FROM {table} WHERE {f} ORDER BY id LIMIT 2000"),
            (None, _) => format!("SELECT {cols} FROM {table} WHERE {f} LIMIT 2000 OFFSET {}", self.offset),
        };
        let rows = db.query_all_raw(Statement::from_string(backend, sql)).await?;
        let n = rows.len();
        let mut chunk = Vec::with_capacity(n);
        for r in &rows {
            chunk.push(spec.cols.iter().enumerate().map(|(i, (_, ty))| cell(r, i, *ty)).collect::<AppResult<Vec<_>>>()?);
        }
        if let (Some(p), Some(last)) = (id_pos, chunk.last()) {
            if let Value::BigInt(Some(id)) = last[p] {
                self.last_id = Some(id);
            }
        }
        self.offset += n as u64;
        self.done = n < 2000;
        Ok(if n == 0 { None } else { Some(chunk) })
    }
}

pub(crate) async fn digest_table<C: ConnectionTrait>(db: &C, spec: &TableSpec) -> AppResult<TableDigest> {
    digest_scan(db, spec, Scanner::new(spec)).await
}

pub(crate) async fn digest_scan<C: ConnectionTrait>(db: &C, spec: &TableSpec, mut sc: Scanner<'_>) -> AppResult<TableDigest> {
    let mut acc = Acc::default();
    while let Some(chunk) = sc.next(db).await? {
        for r in &chunk {
            acc.add(spec, r);
        }
    }
    Ok(acc.digest(&spec.name))
}

/// Tables the target may hold rows in before a copy (what `migrate` writes).
pub(crate) const SEEDED: &[&str] =
    &["sys_role", "sys_dept", "sys_setting", "crm_lead_pool", "sys_number_rule", "sys_number_counter", "crm_product_category", "crm_customer_segment"];

/// The target must be a company (MySQL/MariaDB) database at this app's schema version.
pub(crate) async fn ensure_target(target: &DatabaseConnection) -> AppResult<()> {
    if target.get_database_backend() != DatabaseBackend::MySql {
        return Err(AppError::validation("to", "目标必须是 MySQL/MariaDB 公司数据库", "The target must be a company MySQL/MariaDB database"));
    }
    let st = crate::db::schema_state(target).await?;
    if !st.is_current() {
        return Err(AppError::validation(
            "to",
            "目标数据库的结构不是最新,请先运行 crm-admin migrate",
            "The target database's schema is not current; run crm-admin migrate on it first",
        ));
    }
    Ok(())
}

/// The source's tables with the columns both sides have (the target's types).
pub(crate) async fn specs_of(src: &DatabaseConnection, target: &DatabaseConnection) -> AppResult<Vec<TableSpec>> {
    let ttables = target_tables(target).await?;
    let mut specs = vec![];
    for (name, scols) in source_tables(src).await? {
        let Some(tcols) = ttables.get(&name) else {
            return Err(AppError::validation("to", format!("目标数据库缺少表 {name}"), format!("The target database has no table {name}")));
        };
        let cols: Vec<(String, ColTy)> = tcols.iter().filter(|(c, _)| scols.contains(c)).cloned().collect();
        specs.push(TableSpec { name, cols });
    }
    Ok(specs)
}

/// Copy a local SQLite database into an empty company MySQL database, then verify.
pub async fn copy_into(source: &Path, target: &DatabaseConnection, progress: &mut (dyn FnMut(&str, u64) + Send)) -> AppResult<TransferReport> {
    copy_into_cancellable(source, target, &std::sync::atomic::AtomicBool::new(false), progress).await
}

/// [`copy_into`], stopped (and rolled back: the target stays as it was) when `cancel` is set.
pub async fn copy_into_cancellable(
    source: &Path,
    target: &DatabaseConnection,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &mut (dyn FnMut(&str, u64) + Send),
) -> AppResult<TransferReport> {
    let started = std::time::Instant::now();
    ensure_target(target).await?;
    let tmp = tempfile::Builder::new().prefix("crm-transfer-").tempdir().map_err(AppError::internal)?;
    let src = snapshot(source, tmp.path()).await?;
    let specs = specs_of(&src, target).await?;
    // Empty: no rows beyond what migrate writes.
    for s in &specs {
        if SEEDED.contains(&s.name.as_str()) {
            continue;
        }
        let n = count(target, &s.name).await?;
        if n > 0 {
            return Err(AppError::validation(
                "to",
                format!("目标数据库不是空的(表 {} 有 {n} 行);复制模式只能迁入新建的公司数据库", s.name),
                format!("The target database is not empty ({} has {n} rows); copy mode needs a new company database", s.name),
            ));
        }
    }
    let mut sources: BTreeMap<String, TableDigest> = BTreeMap::new();
    let txn = target.begin().await?;
    txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 0").await?;
    let mut total = 0u64;
    for s in &specs {
        if cancel.load(std::sync::atomic::Ordering::SeqCst) {
            // Dropping the transaction rolls every table back.
            return Err(AppError::validation("transfer", "迁移已取消,公司数据库未做任何改动", "The transfer was cancelled; the company database is unchanged"));
        }
        let t = qi(&s.name, DatabaseBackend::MySql);
        txn.execute_unprepared(&format!("DELETE FROM {t}")).await?;
        if s.cols.is_empty() {
            continue;
        }
        let cols = s.cols.iter().map(|(c, _)| qi(c, DatabaseBackend::MySql)).collect::<Vec<_>>().join(", ");
        let one = format!("({})", vec!["?"; s.cols.len()].join(", "));
        let mut acc = Acc::default();
        let mut sc = Scanner::new(s);
        while let Some(chunk) = sc.next(&src).await? {
            for r in &chunk {
                acc.add(s, r);
            }
            let mut it = chunk.into_iter().peekable();
            while it.peek().is_some() {
                insert(&txn, &t, &cols, &one, it.by_ref().take(CHUNK).collect()).await?;
            }
        }
        total += acc.rows;
        progress(&s.name, acc.rows);
        sources.insert(s.name.clone(), acc.digest(&s.name));
    }
    txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 1").await?;
    txn.commit().await.map_err(v)?;
    src.close().await.ok();
    // Verify by reading the target again.
    let mut tables = vec![];
    for s in &specs {
        let target_d = digest_table(target, s).await?;
        let source_d = sources.remove(&s.name).unwrap_or_default();
        tables.push(TableCheck { equal: source_d == target_d, source: source_d, target: target_d });
    }
    let verified = tables.iter().all(|t| t.equal);
    Ok(TransferReport { tables, rows: total, millis: started.elapsed().as_millis(), verified })
}

pub(crate) async fn insert<C: ConnectionTrait>(db: &C, table: &str, cols: &str, one: &str, rows: Vec<Vec<Value>>) -> AppResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let sql = format!("INSERT INTO {table} ({cols}) VALUES {}", vec![one; rows.len()].join(", "));
    let values: Vec<Value> = rows.into_iter().flatten().collect();
    db.execute_raw(Statement::from_sql_and_values(DatabaseBackend::MySql, sql, values)).await.map_err(v)?;
    Ok(())
}

pub(crate) async fn count<C: ConnectionTrait>(db: &C, table: &str) -> AppResult<u64> {
    let backend = db.get_database_backend();
    let r = db.query_one_raw(Statement::from_string(backend, format!("SELECT COUNT(*) FROM {}", qi(table, backend)))).await?;
    Ok(r.and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(0) as u64)
}

/// The digests of a database's tables (for tests and the wizard): the columns of `like`.
pub async fn digest_of(db: &DatabaseConnection, mysql_like: &DatabaseConnection) -> AppResult<Vec<TableDigest>> {
    let ttables = target_tables(mysql_like).await?;
    let mut out = vec![];
    for (name, cols) in ttables {
        if name == "seaql_migrations" {
            continue;
        }
        let spec = TableSpec { name: name.clone(), cols };
        out.push(digest_table(db, &spec).await?);
    }
    Ok(out)
}

/// A SQLite path from `sqlite:PATH` or a plain path.
pub fn sqlite_path(url: &str) -> PathBuf {
    PathBuf::from(url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).unwrap_or(url))
}

/// Progress of a transfer (per table copied).
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferProgress {
    pub table: String,
    pub rows: u64,
}

/// A database account created for a copied user, with its one-time password.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NewAccount {
    pub username: String,
    pub account: String,
    pub temporary_password: String,
}

/// The wizard's result: the verification, and the users' database accounts.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferOutcome {
    pub report: TransferReport,
    /// Accounts created (hand each user their temporary password; they change it at login).
    pub accounts: Vec<NewAccount>,
    /// Why the accounts could not be created with this login (IT then runs `crm-admin migrate`).
    #[ts(optional = nullable)]
    pub accounts_problem: Option<String>,
    /// A merge's details (users, duplicates, renumbered documents, orphans).
    #[ts(optional = nullable)]
    pub merge: Option<merge::MergeReport>,
}

/// Into an empty company database (ids kept), or merged into one that has data.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum TransferMode {
    #[default]
    Copy,
    Merge,
}

/// The wizard's first look at the company database (see [`merge::plan`]).
pub async fn plan_to_company(ctx: &super::Ctx, source: &Path, target: &crate::db::MysqlParams) -> AppResult<merge::TransferPlan> {
    ctx.require("settings:update")?;
    ctx.require("user:create")?;
    if ctx.db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(AppError::validation("database", "当前已在使用公司数据库", "This desktop already uses a company database"));
    }
    let conn = crate::db::connect_mysql(target).await?;
    let r = merge::plan(source, &conn).await;
    conn.close().await.ok();
    r
}

/// The wizard in Settings: copy this desktop's local database into the company database
/// the administrator's login (an account IT gave for the move) reaches, verify, then give
/// every user a database account. Only an administrator of the local CRM may do it.
pub async fn to_company(
    ctx: &super::Ctx,
    source: &Path,
    target: &crate::db::MysqlParams,
    mode: TransferMode,
    opts: &merge::MergeOptions,
    cancel: &std::sync::atomic::AtomicBool,
    progress: &mut (dyn FnMut(TransferProgress) + Send),
) -> AppResult<TransferOutcome> {
    ctx.require("settings:update")?;
    ctx.require("user:create")?;
    if ctx.db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(AppError::validation("database", "当前已在使用公司数据库", "This desktop already uses a company database"));
    }
    let conn = crate::db::connect_mysql(target).await?;
    let mut p = |t: &str, rows: u64| progress(TransferProgress { table: t.to_string(), rows });
    let done = match mode {
        TransferMode::Copy => copy_into_cancellable(source, &conn, cancel, &mut p).await.map(|r| (r, None)),
        TransferMode::Merge => merge::merge_into(source, &conn, opts, cancel, &mut p).await.map(|m| (m.check.clone(), Some(m))),
    };
    let (report, merge) = match done {
        Ok(r) => r,
        Err(e) => {
            conn.close().await.ok();
            return Err(e);
        }
    };
    let (accounts, accounts_problem) = if report.verified {
        match crate::db::accounts::install(&conn, &|_| None).await {
            Ok(r) => {
                (r.created.into_iter().map(|(username, account, temporary_password)| NewAccount { username, account, temporary_password }).collect(), None)
            }
            Err(e) => (vec![], Some(e.to_api(ctx.locale).message)),
        }
    } else {
        (vec![], None)
    };
    conn.close().await.ok();
    // Not written to the operation log: the source stays exactly as it was.
    tracing::info!(target = %format!("{}:{}/{}", target.host, target.port, target.database), ?mode, rows = report.rows, verified = report.verified, "local database transferred");
    Ok(TransferOutcome { report, accounts, accounts_problem, merge })
}
