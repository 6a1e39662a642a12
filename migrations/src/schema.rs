//! Data-driven table descriptions, shared by all migrations.
//!
//! Every table is described exactly once ([`Table`]) and the statements for each
//! backend are generated from that description with sea-query builders:
//!
//! * **MySQL / MariaDB** — the description mirrors the seed DDL (the contract the
//!   DBAs read through `information_schema`): column/table comments,
//!   `ON UPDATE CURRENT_TIMESTAMP`, `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`, index
//!   and constraint names as in the seed. sea-query cannot express index comments,
//!   so indexes that carry one are created with `CREATE INDEX` rendered by
//!   sea-query plus a hand-written ` COMMENT '...'` suffix.
//! * **SQLite** — same tables, columns (order, nullability, defaults), PKs
//!   (`integer PRIMARY KEY AUTOINCREMENT`), indexes and foreign keys. Differences:
//!   - index names are global per SQLite database and the seed reuses names such as
//!     `idx_customer` in several tables, so every SQLite index is named
//!     `{table}_{seed_name}` (e.g. `crm_contact_idx_customer`), see [`sqlite_index_name`];
//!   - decimals are declared `decimal_text(p,s)` (TEXT affinity; the app stores the
//!     exact decimal string — sea-query's own `real(p,s)` would lose cents), and
//!     their numeric defaults are written as text with the column's scale
//!     (`DEFAULT '100.00'`, what MySQL would return);
//!   - `datetime_text` / `date_text` (what sea-query writes; TEXT affinity);
//!   - no comments, no `ON UPDATE` (the app writes `updated_at` itself), no table options.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Column types used by the schema (MySQL spelling in the comments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Ty {
    /// `bigint`
    BigInt,
    /// `int`
    Int,
    /// `tinyint`
    TinyInt,
    /// `varchar(n)`
    Varchar(u32),
    /// `text`
    Text,
    /// `date`
    Date,
    /// `datetime`
    DateTime,
    /// `decimal(p,s)`
    Decimal(u32, u32),
    /// `longblob` (MySQL) / `blob` (SQLite)
    Blob,
}
pub(crate) use Ty::*;

/// A column default.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Dflt {
    Int(i64),
    Str(&'static str),
    /// `CURRENT_TIMESTAMP`
    Now,
}

/// Nullability plus default of a column: `NN`, `NULL`, `NN.default(1)`, `NULL.default(0)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Null {
    not_null: bool,
    default: Option<Dflt>,
}
pub(crate) const NN: Null = Null { not_null: true, default: None };
pub(crate) const NULL: Null = Null { not_null: false, default: None };

impl Null {
    pub(crate) const fn default(self, v: i64) -> Self {
        Null { default: Some(Dflt::Int(v)), ..self }
    }
    pub(crate) const fn default_str(self, v: &'static str) -> Self {
        Null { default: Some(Dflt::Str(v)), ..self }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Column {
    pub(crate) name: &'static str,
    ty: Ty,
    null: Null,
    auto_pk: bool,
    on_update_now: bool,
    comment: &'static str,
}

#[derive(Clone, Debug)]
pub(crate) struct Key {
    pub(crate) name: &'static str,
    unique: bool,
    pub(crate) cols: &'static [&'static str],
    comment: &'static str,
}

/// A foreign key; the schema only has `ON DELETE CASCADE` ones.
#[derive(Clone, Debug)]
pub(crate) struct Fk {
    name: &'static str,
    pub(crate) col: &'static str,
    pub(crate) ref_table: &'static str,
    pub(crate) ref_col: &'static str,
}

/// One table (or, for `ALTER TABLE` migrations, the columns/indexes added to one).
#[derive(Clone, Debug)]
pub(crate) struct Table {
    pub(crate) name: &'static str,
    comment: &'static str,
    pub(crate) columns: Vec<Column>,
    pub(crate) indexes: Vec<Key>,
    pub(crate) fks: Vec<Fk>,
}

impl Table {
    pub(crate) fn new(name: &'static str, comment: &'static str) -> Self {
        Table { name, comment, columns: vec![], indexes: vec![], fks: vec![] }
    }

    fn push(mut self, name: &'static str, ty: Ty, null: Null, comment: &'static str) -> Self {
        self.columns.push(Column { name, ty, null, auto_pk: false, on_update_now: false, comment });
        self
    }

    /// `id bigint NOT NULL AUTO_INCREMENT` primary key.
    pub(crate) fn id(mut self, comment: &'static str) -> Self {
        self = self.push("id", BigInt, NN, comment);
        self.columns.last_mut().unwrap().auto_pk = true;
        self
    }

    /// An ordinary column; `comment` may be empty (no COMMENT).
    pub(crate) fn col(self, name: &'static str, ty: Ty, null: Null, comment: &'static str) -> Self {
        self.push(name, ty, null, comment)
    }

    /// `created_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP`
    pub(crate) fn created_at(self, comment: &'static str) -> Self {
        self.push("created_at", DateTime, Null { not_null: true, default: Some(Dflt::Now) }, comment)
    }

    /// `updated_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP`
    pub(crate) fn updated_at(mut self, comment: &'static str) -> Self {
        self = self.push("updated_at", DateTime, Null { not_null: true, default: Some(Dflt::Now) }, comment);
        self.columns.last_mut().unwrap().on_update_now = true;
        self
    }

    fn index(mut self, name: &'static str, unique: bool, cols: &'static [&'static str], comment: &'static str) -> Self {
        self.indexes.push(Key { name, unique, cols, comment });
        self
    }
    /// `KEY name (cols)`
    pub(crate) fn key(self, name: &'static str, cols: &'static [&'static str]) -> Self {
        self.index(name, false, cols, "")
    }
    /// `UNIQUE KEY name (cols)`
    pub(crate) fn unique(self, name: &'static str, cols: &'static [&'static str]) -> Self {
        self.index(name, true, cols, "")
    }
    /// `UNIQUE KEY name (cols) COMMENT '...'`
    pub(crate) fn unique_commented(self, name: &'static str, cols: &'static [&'static str], comment: &'static str) -> Self {
        self.index(name, true, cols, comment)
    }
    /// `CONSTRAINT name FOREIGN KEY (col) REFERENCES ref_table (ref_col) ON DELETE CASCADE`
    pub(crate) fn fk_cascade(mut self, name: &'static str, col: &'static str, ref_table: &'static str, ref_col: &'static str) -> Self {
        self.fks.push(Fk { name, col, ref_table, ref_col });
        self
    }
}

/// The two supported backends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Backend {
    MySql,
    Sqlite,
}

pub(crate) fn backend(m: &SchemaManager<'_>) -> Result<Backend, DbErr> {
    match m.get_database_backend() {
        DbBackend::MySql => Ok(Backend::MySql),
        DbBackend::Sqlite => Ok(Backend::Sqlite),
        other => Err(DbErr::Migration(format!("unsupported database backend {other:?}"))),
    }
}

/// SQLite index names are global per database: `{table}_{seed_name}`.
pub(crate) fn sqlite_index_name(table: &str, index: &str) -> String {
    format!("{table}_{index}")
}

impl Column {
    fn def(&self, be: Backend) -> ColumnDef {
        let mysql = be == Backend::MySql;
        let mut d = ColumnDef::new(self.name);
        match self.ty {
            BigInt => d.big_integer(),
            Int => d.integer(),
            TinyInt => d.tiny_integer(),
            Varchar(n) => d.string_len(n),
            Text => d.text(),
            Date => d.date(),          // SQLite: date_text
            DateTime => d.date_time(), // SQLite: datetime_text
            Decimal(p, s) if mysql => d.decimal_len(p, s),
            Decimal(p, s) => d.custom(format!("decimal_text({p},{s})")),
            Blob if mysql => d.custom("longblob"),
            Blob => d.blob(),
        };
        if self.null.not_null {
            d.not_null();
        } else {
            d.null();
        }
        match (self.null.default, self.ty) {
            (None, _) => {}
            (Some(Dflt::Now), _) => {
                d.default(Expr::current_timestamp());
            }
            (Some(Dflt::Str(s)), _) => {
                d.default(s);
            }
            // TEXT-affinity decimal on SQLite: store the default as the exact decimal string.
            (Some(Dflt::Int(v)), Decimal(_, s)) if !mysql => {
                let frac = if s > 0 { format!(".{}", "0".repeat(s as usize)) } else { String::new() };
                d.default(format!("{v}{frac}"));
            }
            (Some(Dflt::Int(v)), _) => {
                d.default(v);
            }
        }
        if self.auto_pk {
            d.auto_increment().primary_key();
        }
        if mysql {
            if self.on_update_now {
                d.extra("ON UPDATE CURRENT_TIMESTAMP");
            }
            if !self.comment.is_empty() {
                d.comment(self.comment);
            }
        }
        d
    }
}

impl Key {
    fn stmt(&self, table: &'static str, be: Backend) -> IndexCreateStatement {
        let mut i = Index::create();
        match be {
            Backend::MySql => i.name(self.name),
            Backend::Sqlite => i.name(sqlite_index_name(table, self.name)),
        };
        i.table(table);
        for c in self.cols {
            i.col(*c);
        }
        if self.unique {
            i.unique();
        }
        i
    }

    /// Standalone `CREATE [UNIQUE] INDEX` (MySQL: with the index COMMENT, if any).
    async fn create(&self, table: &'static str, m: &SchemaManager<'_>, be: Backend) -> Result<(), DbErr> {
        let stmt = self.stmt(table, be);
        if be == Backend::MySql && !self.comment.is_empty() {
            // sea-query has no index COMMENT: append it to the rendered statement.
            let sql = format!("{} COMMENT '{}'", stmt.to_string(MysqlQueryBuilder), MysqlQueryBuilder.escape_string(self.comment));
            m.get_connection().execute_unprepared(&sql).await.map(|_| ())
        } else {
            m.create_index(stmt).await
        }
    }

    async fn drop(&self, table: &'static str, m: &SchemaManager<'_>, be: Backend) -> Result<(), DbErr> {
        let mut d = Index::drop();
        match be {
            Backend::MySql => d.name(self.name).table(table),
            Backend::Sqlite => d.name(sqlite_index_name(table, self.name)),
        };
        m.drop_index(d).await
    }
}

impl Table {
    /// `CREATE TABLE` plus its indexes.
    pub(crate) async fn create(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let be = backend(m)?;
        let mut t = sea_query::Table::create();
        t.table(self.name);
        for c in &self.columns {
            t.col(c.def(be));
        }
        for fk in &self.fks {
            t.foreign_key(ForeignKey::create().name(fk.name).from(self.name, fk.col).to(fk.ref_table, fk.ref_col).on_delete(ForeignKeyAction::Cascade));
        }
        let mut later = Vec::new();
        match be {
            Backend::MySql => {
                // Indexes inline (`KEY`/`UNIQUE KEY` as in the seed), except commented ones.
                for ix in &self.indexes {
                    if ix.comment.is_empty() {
                        t.index(&mut ix.stmt(self.name, be));
                    } else {
                        later.push(ix);
                    }
                }
                t.engine("InnoDB").character_set("utf8mb4").comment(self.comment);
            }
            // SQLite cannot declare plain indexes inline and would auto-name unique ones.
            Backend::Sqlite => later.extend(&self.indexes),
        }
        m.create_table(t).await?;
        for ix in later {
            ix.create(self.name, m, be).await?;
        }
        Ok(())
    }

    pub(crate) async fn drop(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        m.drop_table(sea_query::Table::drop().table(self.name).to_owned()).await
    }

    /// `ALTER TABLE` statements applying `op` to `cols`: MySQL one statement with all
    /// of them, SQLite one statement per column (it allows a single alter option).
    fn alters<'a>(&self, be: Backend, cols: impl Iterator<Item = &'a Column>, op: impl Fn(&mut TableAlterStatement, &Column)) -> Vec<TableAlterStatement> {
        let mut out: Vec<TableAlterStatement> = Vec::new();
        for c in cols {
            if out.is_empty() || be == Backend::Sqlite {
                out.push(sea_query::Table::alter().table(self.name).to_owned());
            }
            op(out.last_mut().unwrap(), c);
        }
        out
    }

    /// Adds this description's columns, then its indexes, to the existing table `self.name`.
    pub(crate) async fn add_to_existing(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let be = backend(m)?;
        for a in self.alters(be, self.columns.iter(), |a, c| {
            a.add_column(c.def(be));
        }) {
            m.alter_table(a).await?;
        }
        for ix in &self.indexes {
            ix.create(self.name, m, be).await?;
        }
        Ok(())
    }

    /// Reverse of [`Table::add_to_existing`]: drop the indexes first (SQLite refuses to
    /// drop an indexed column), then the columns (SQLite >= 3.35).
    pub(crate) async fn remove_from_existing(&self, m: &SchemaManager<'_>) -> Result<(), DbErr> {
        let be = backend(m)?;
        for ix in self.indexes.iter().rev() {
            ix.drop(self.name, m, be).await?;
        }
        for a in self.alters(be, self.columns.iter().rev(), |a, c| {
            a.drop_column(c.name);
        }) {
            m.alter_table(a).await?;
        }
        Ok(())
    }
}

/// Sanity checks on a set of descriptions (used by unit tests).
#[cfg(test)]
pub(crate) fn validate(tables: &[Table]) -> Result<(), String> {
    use std::collections::HashSet;
    let names: HashSet<_> = tables.iter().map(|t| t.name).collect();
    if names.len() != tables.len() {
        return Err("duplicate table name".into());
    }
    for t in tables {
        let cols: Vec<_> = t.columns.iter().map(|c| c.name).collect();
        if cols.iter().collect::<HashSet<_>>().len() != cols.len() {
            return Err(format!("{}: duplicate column", t.name));
        }
        let idx: HashSet<_> = t.indexes.iter().map(|i| i.name).collect();
        if idx.len() != t.indexes.len() {
            return Err(format!("{}: duplicate index", t.name));
        }
        for i in &t.indexes {
            if let Some(c) = i.cols.iter().find(|c| !cols.contains(c)) {
                return Err(format!("{}.{}: unknown column {c}", t.name, i.name));
            }
        }
        for fk in &t.fks {
            if !cols.contains(&fk.col) {
                return Err(format!("{}.{}: unknown column {}", t.name, fk.name, fk.col));
            }
            let target = tables.iter().find(|x| x.name == fk.ref_table);
            match target {
                Some(x) if x.columns.iter().any(|c| c.name == fk.ref_col) => {}
                _ => return Err(format!("{}.{}: bad reference", t.name, fk.name)),
            }
        }
        if t.columns.iter().filter(|c| c.auto_pk).count() > 1 {
            return Err(format!("{}: several primary keys", t.name));
        }
    }
    Ok(())
}
