//! "Contains" search through the token index (`crm_search_token`; tokens and their rules
//! in `migrations::search_tokens`). Global search and the keyword filters of the
//! customer, lead, contact and opportunity lists ask here which rows can match; every
//! candidate is then checked against the real columns with LIKE and the caller's scope,
//! so the index only narrows the search.
//!
//! The services keep it current in the transaction of each write ([`sync`]); rows written
//! by other tools (a DBA's SQL) are caught up by [`catch_up`] (on open, hourly, `crm-admin
//! repair`), and `crm-admin reindex` rebuilds it.
use super::Ctx;
use crate::error::AppResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, Statement, Value};

pub use migrations::search_tokens::{kind_of, lookup, Kind, Lookup, TABLE};

/// A token with more entries than this is "common": the rarest of a query's tokens is
/// chosen by counting each up to here.
const COUNT_CAP: u64 = 20_000;

/// Re-index these records (after a create, update, delete, merge, import …), in the
/// caller's transaction.
pub async fn sync<C: ConnectionTrait>(db: &C, kind: Kind, ids: &[i64]) -> AppResult<()> {
    migrations::search_tokens::sync(db, kind, ids).await?;
    Ok(())
}

/// Re-index every record of `kind` with an id above `after` (bulk writes: demo data).
pub async fn sync_above<C: ConnectionTrait>(db: &C, kind: Kind, after: i64) -> AppResult<u64> {
    let (table, _) = kind.source();
    let be = db.get_database_backend();
    let mut from = after;
    let mut n = 0;
    loop {
        let rows =
            db.query_all_raw(Statement::from_sql_and_values(be, format!("SELECT id FROM {table} WHERE id > ? ORDER BY id LIMIT 2000"), [from.into()])).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<_, _>>()?;
        let Some(last) = ids.last() else { return Ok(n) };
        from = *last;
        n += ids.len() as u64;
        sync(db, kind, &ids).await?;
    }
}

/// The highest id of a kind's table (0 when empty).
pub async fn max_id<C: ConnectionTrait>(db: &C, kind: Kind) -> AppResult<i64> {
    let be = db.get_database_backend();
    Ok(db
        .query_one_raw(Statement::from_string(be, format!("SELECT MAX(id) FROM {}", kind.source().0)))
        .await?
        .and_then(|r| r.try_get_by_index::<Option<i64>>(0).ok().flatten())
        .unwrap_or(0))
}

/// How a keyword narrows a query of one kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Plan {
    /// No keyword.
    All,
    /// Nothing can match (a token of the query is in no record of this kind).
    Nothing,
    /// Candidates are the records holding `token`; each is checked with `pattern`.
    Token { token: String, count: u64, pattern: String },
    /// No usable token ("a b"): check `pattern` on every row.
    Scan { pattern: String },
}

/// The plan for `q` on records of `kind`: its rarest token, by counting each (up to a cap)
/// in one round trip.
pub async fn plan<C: ConnectionTrait>(db: &C, kind: Kind, q: &str) -> AppResult<Plan> {
    let (tokens, pattern) = match lookup(q) {
        Lookup::Nothing => return Ok(Plan::All),
        Lookup::Scan { pattern } => return Ok(Plan::Scan { pattern }),
        Lookup::Tokens { tokens, pattern } => (tokens, pattern),
    };
    // A long query has many tokens; eight (4-digit pieces first) are plenty to find a rare one.
    let tokens: Vec<String> = tokens.into_iter().take(8).collect();
    let be = db.get_database_backend();
    let mut sql = String::new();
    let mut values: Vec<Value> = vec![];
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            sql.push_str(" UNION ALL ");
        }
        sql.push_str(&format!("SELECT {i} AS i, COUNT(*) AS n FROM (SELECT 1 AS x FROM {TABLE} WHERE token = ? AND kind = ? LIMIT {COUNT_CAP}) t{i}"));
        values.push(t.clone().into());
        values.push((kind as i32).into());
    }
    let rows = db.query_all_raw(Statement::from_sql_and_values(be, sql, values)).await?;
    let mut best: Option<(usize, u64)> = None;
    for r in rows {
        let i: i64 = r.try_get_by_index(0)?;
        let n: i64 = r.try_get_by_index(1)?;
        if best.is_none_or(|(_, b)| (n as u64) < b) {
            best = Some((i as usize, n as u64));
        }
    }
    Ok(match best {
        Some((_, 0)) => Plan::Nothing,
        Some((i, n)) => Plan::Token { token: tokens[i].clone(), count: n, pattern },
        None => Plan::Scan { pattern },
    })
}

impl Plan {
    /// The condition for a list filter: the record's id among the token's entries (an
    /// index range), and any of `cols` LIKE the pattern. None for [`Plan::All`].
    pub fn condition<I: ColumnTrait, T: ColumnTrait>(&self, kind: Kind, id: I, cols: &[T]) -> Option<Condition> {
        let like = |pattern: &str| cols.iter().fold(Condition::any(), |c, col| c.add(col.like(pattern)));
        match self {
            Plan::All => None,
            Plan::Nothing => Some(Condition::all().add(Expr::val(1).eq(0))),
            Plan::Scan { pattern } => Some(like(pattern)),
            Plan::Token { token, pattern, .. } => Some(
                Condition::all()
                    .add(
                        id.in_subquery(
                            Query::select()
                                .column(Alias::new("record_id"))
                                .from(Alias::new(TABLE))
                                .and_where(Expr::col(Alias::new("token")).eq(token.as_str()))
                                .and_where(Expr::col(Alias::new("kind")).eq(kind as i32))
                                .to_owned(),
                        ),
                    )
                    .add(like(pattern)),
            ),
        }
    }
}

/// The records holding a token, newest first, in growing chunks: global search takes the
/// first chunk, checks it, and asks for more only while it has too few hits.
pub struct Candidates {
    kind: Kind,
    token: String,
    before: Option<i64>,
    chunk: u64,
    done: bool,
}

impl Candidates {
    pub fn new(kind: Kind, token: String) -> Candidates {
        Candidates { kind, token, before: None, chunk: 64, done: false }
    }

    pub async fn next<C: ConnectionTrait>(&mut self, db: &C) -> AppResult<Option<Vec<i64>>> {
        if self.done {
            return Ok(None);
        }
        let mut q = Query::select();
        q.column(Alias::new("record_id"))
            .from(Alias::new(TABLE))
            .and_where(Expr::col(Alias::new("token")).eq(self.token.as_str()))
            .and_where(Expr::col(Alias::new("kind")).eq(self.kind as i32))
            .order_by(Alias::new("record_id"), sea_orm::Order::Desc)
            .limit(self.chunk);
        if let Some(b) = self.before {
            q.and_where(Expr::col(Alias::new("record_id")).lt(b));
        }
        let rows = db.query_all(&q).await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<_, _>>()?;
        if (ids.len() as u64) < self.chunk {
            self.done = true;
        }
        self.before = ids.last().copied();
        self.chunk = std::cmp::min(self.chunk * 4, 16_384);
        Ok((!ids.is_empty()).then_some(ids))
    }
}

/// Rebuild the whole index (`crm-admin reindex`). Returns the records indexed.
pub async fn reindex(ctx: &Ctx) -> AppResult<u64> {
    ctx.require("settings:update")?;
    use sea_orm::TransactionTrait;
    let txn = ctx.db.begin().await?;
    let n = migrations::search_tokens::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(n)
}

/// The setting holding how far [`catch_up`] got, per kind.
pub const WATERMARK: &str = "search_index.watermark";

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
struct Mark {
    /// The highest id seen.
    id: i64,
    /// When the last pass started.
    at: Option<chrono::NaiveDateTime>,
}

/// Index rows written without the services (a DBA's SQL, another tool): those with an id
/// above the last one seen, and those whose `updated_at` moved since the last pass (MySQL
/// stamps it on any UPDATE; on SQLite a tool must set it). Rows deleted by SQL keep stale
/// tokens until `crm-admin reindex`; they are never shown (every hit is read from its
/// table). The first pass only sets the watermark (the migration indexed everything).
/// Returns the records re-indexed.
pub async fn catch_up(db: &DatabaseConnection) -> AppResult<u64> {
    use sea_orm::TransactionTrait;
    let be = db.get_database_backend();
    let started = super::util::now();
    let mut marks: std::collections::BTreeMap<String, Mark> = super::settings::read(db, WATERMARK).await?;
    let mut total = 0u64;
    for kind in Kind::ALL {
        let (table, _) = kind.source();
        let key = (kind as i32).to_string();
        let max_id = max_id(db, kind).await?;
        let mark = marks.entry(key).or_default();
        if let Some(since) = mark.at {
            // A little before the last pass: a write that committed while it ran.
            let since = since - chrono::Duration::minutes(2);
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    be,
                    format!("SELECT id FROM {table} WHERE id > ? OR updated_at >= ? ORDER BY id"),
                    [mark.id.into(), since.into()],
                ))
                .await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<_, _>>()?;
            for part in ids.chunks(2000) {
                let txn = db.begin().await?;
                sync(&txn, kind, part).await?;
                txn.commit().await?;
            }
            total += ids.len() as u64;
        }
        *mark = Mark { id: std::cmp::max(max_id, mark.id), at: Some(started) };
    }
    super::settings::write_raw(db, WATERMARK, &marks).await?;
    Ok(total)
}
