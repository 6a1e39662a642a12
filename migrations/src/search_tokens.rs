//! The search token index `crm_search_token`: which records contain which short pieces of
//! text, so "contains" search reads a few index entries instead of scanning a table.
//!
//! Tokens of a field (lower-cased):
//! - every pair of adjacent characters (a bigram) without whitespace: "北京科技" → 北京,
//!   京科, 科技; "ACME Ltd" → ac, cm, me, lt, td;
//! - every run of 4 digits inside a run of 4 or more digits: "138-1234-5678" has the runs
//!   138, 1234, 5678 → 1234, 5678; "13812345678" → 1381, 3812, …, 5678 (phone fragments);
//! - a start token, `\u{1}` + the first character, for one-character queries (which mean
//!   "starts with": a surname, a city).
//!
//! A query of two or more characters is looked up through the rarest of its tokens (its
//! bigrams and 4-digit pieces) and every hit is checked against the real columns with
//! LIKE, so the index only narrows: it can miss a row it was not told about, never return
//! a wrong one. It lives here (not in crm-core) because the migration that creates the
//! table also fills it.
use sea_orm_migration::sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};
use std::collections::BTreeSet;

pub const TABLE: &str = "crm_search_token";

/// What a token points at. The numbers are stored; never renumber.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Customer = 1,
    Lead = 2,
    Contact = 3,
    Opportunity = 4,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Customer, Kind::Lead, Kind::Contact, Kind::Opportunity];

    /// The table and its indexed text columns.
    pub fn source(self) -> (&'static str, &'static [&'static str]) {
        match self {
            Kind::Customer => ("crm_customer", &["customer_name"]),
            Kind::Lead => ("crm_lead", &["lead_name", "company", "phone"]),
            Kind::Contact => ("crm_contact", &["contact_name", "phone", "email"]),
            Kind::Opportunity => ("crm_opportunity", &["opportunity_name"]),
        }
    }
}

/// The kind of a searchable table (`crm_customer` …), None for the others.
pub fn kind_of(table: &str) -> Option<Kind> {
    Kind::ALL.into_iter().find(|k| k.source().0 == table)
}

/// The marker of a start token.
pub const START: char = '\u{1}';

fn lower(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// The tokens of one field's text (see the module notes).
pub fn field_tokens(text: &str, out: &mut BTreeSet<String>) {
    let chars = lower(text.trim());
    let Some(first) = chars.first() else { return };
    out.insert([START, *first].iter().collect());
    for w in chars.windows(2) {
        if !w[0].is_whitespace() && !w[1].is_whitespace() {
            out.insert(w.iter().collect());
        }
    }
    digit_grams(&chars, out);
}

fn digit_grams(chars: &[char], out: &mut BTreeSet<String>) {
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].is_ascii_digit() {
            i += 1;
        }
        if i - start >= 4 {
            for w in chars[start..i].windows(4) {
                out.insert(w.iter().collect());
            }
        }
    }
}

/// How a query is answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    /// Nothing to look for (an empty query).
    Nothing,
    /// Rows having any of these tokens are candidates (the caller picks the rarest); every
    /// candidate is checked with `pattern` (a LIKE pattern) on the real columns.
    Tokens { tokens: Vec<String>, pattern: String },
    /// No token in the query (e.g. "a b": every pair has a space): scan with `pattern`.
    Scan { pattern: String },
}

/// The lookup of a search text: one character is "starts with" (`x%`); two or more are
/// "contains" (`%xy%`), through the query's bigrams and 4-digit pieces.
pub fn lookup(q: &str) -> Lookup {
    let q = q.trim();
    let chars = lower(q);
    match chars.len() {
        0 => Lookup::Nothing,
        1 => Lookup::Tokens { tokens: vec![[START, chars[0]].iter().collect()], pattern: format!("{q}%") },
        _ => {
            let mut set = BTreeSet::new();
            for w in chars.windows(2) {
                if !w[0].is_whitespace() && !w[1].is_whitespace() {
                    set.insert(w.iter().collect::<String>());
                }
            }
            let mut grams = BTreeSet::new();
            digit_grams(&chars, &mut grams);
            let pattern = format!("%{q}%");
            // The 4-digit pieces first: they are the most selective.
            let tokens: Vec<String> = grams.into_iter().chain(set).collect();
            if tokens.is_empty() {
                Lookup::Scan { pattern }
            } else {
                Lookup::Tokens { tokens, pattern }
            }
        }
    }
}

/// Bring the tokens of these records up to date: their old tokens go, the current ones of
/// the rows that still exist are written. Call it in the transaction of the write.
pub async fn sync<C: ConnectionTrait>(db: &C, kind: Kind, ids: &[i64]) -> Result<(), DbErr> {
    let (table, cols) = kind.source();
    let be = db.get_database_backend();
    for chunk in ids.chunks(500) {
        let list: Vec<Value> = chunk.iter().map(|i| Value::from(*i)).collect();
        let del = Query::delete()
            .from_table(Alias::new(TABLE))
            .and_where(Expr::col(Alias::new("kind")).eq(kind as i32))
            .and_where(Expr::col(Alias::new("record_id")).is_in(list.clone()))
            .to_owned();
        db.execute(&del).await?;
        let mut sel = Query::select();
        sel.column(Alias::new("id")).from(Alias::new(table)).and_where(Expr::col(Alias::new("id")).is_in(list));
        for c in cols {
            sel.column(Alias::new(*c));
        }
        let rows = db.query_all(&sel).await?;
        let mut tokens: Vec<(String, i64)> = vec![];
        for r in rows {
            let id: i64 = r.try_get_by_index(0)?;
            let mut set = BTreeSet::new();
            for i in 0..cols.len() {
                if let Some(t) = r.try_get_by_index::<Option<String>>(i + 1)? {
                    field_tokens(&t, &mut set);
                }
            }
            tokens.extend(set.into_iter().map(|t| (t, id)));
        }
        insert(db, be, kind, &tokens).await?;
    }
    Ok(())
}

async fn insert<C: ConnectionTrait>(db: &C, _be: DbBackend, kind: Kind, tokens: &[(String, i64)]) -> Result<(), DbErr> {
    for part in tokens.chunks(1000) {
        let mut ins = Query::insert();
        ins.into_table(Alias::new(TABLE)).columns([Alias::new("token"), Alias::new("kind"), Alias::new("record_id")]);
        for (t, id) in part {
            ins.values_panic([t.clone().into(), (kind as i32).into(), (*id).into()]);
        }
        db.execute(&ins).await?;
    }
    Ok(())
}

/// Rebuild the whole index from the four tables (the migration, `crm-admin reindex`).
/// Returns the tokens written.
pub async fn rebuild<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let be = db.get_database_backend();
    db.execute_unprepared(&format!("DELETE FROM {TABLE}")).await?;
    let mut written = 0u64;
    for kind in Kind::ALL {
        let (table, _) = kind.source();
        let mut after = 0i64;
        loop {
            let rows = db
                .query_all_raw(Statement::from_sql_and_values(
                    be,
                    format!("SELECT id FROM {table} WHERE id > {} ORDER BY id LIMIT 2000", param(be, 1)),
                    [after.into()],
                ))
                .await?;
            let ids: Vec<i64> = rows.iter().map(|r| r.try_get_by_index::<i64>(0)).collect::<Result<_, _>>()?;
            let Some(last) = ids.last() else { break };
            after = *last;
            sync(db, kind, &ids).await?;
            written += ids.len() as u64;
        }
    }
    Ok(written)
}

fn param(be: DbBackend, n: usize) -> String {
    match be {
        DbBackend::Postgres => format!("${n}"),
        _ => "?".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        let mut set = BTreeSet::new();
        field_tokens(s, &mut set);
        set.into_iter().collect()
    }

    #[test]
    fn bigrams_starts_and_phone_pieces() {
        assert_eq!(toks("北京科技"), vec!["\u{1}北", "京科", "北京", "科技"]);
        assert_eq!(toks(" ACME Ltd"), vec!["\u{1}a", "ac", "cm", "lt", "me", "td"]);
        let p = toks("138-1234-5678");
        assert!(p.contains(&"1234".to_string()) && p.contains(&"5678".to_string()) && !p.iter().any(|t| t == "1381"));
        let p = toks("13812345678");
        for g in ["1381", "3812", "8123", "1234", "2345", "3456", "4567", "5678"] {
            assert!(p.contains(&g.to_string()), "{g}");
        }
        assert!(toks("").is_empty() && toks("   ").is_empty());
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("  "), Lookup::Nothing);
        assert_eq!(lookup("王"), Lookup::Tokens { tokens: vec!["\u{1}王".into()], pattern: "王%".into() });
        assert_eq!(lookup("A"), Lookup::Tokens { tokens: vec!["\u{1}a".into()], pattern: "A%".into() });
        assert_eq!(lookup("科技"), Lookup::Tokens { tokens: vec!["科技".into()], pattern: "%科技%".into() });
        match lookup("5678") {
            Lookup::Tokens { tokens, .. } => assert_eq!(tokens[0], "5678"),
            l => panic!("{l:?}"),
        }
        assert_eq!(lookup("a b"), Lookup::Scan { pattern: "%a b%".into() });
        assert_eq!(lookup("50%"), Lookup::Tokens { tokens: vec!["0%".into(), "50".into()], pattern: "%50%%".into() });
    }

    /// Every substring of two or more characters (without whitespace at a join) of a field
    /// has all its tokens among the field's: the index never hides a "contains" match.
    #[test]
    fn every_substring_is_covered() {
        for text in ["深圳市腾飞电子有限公司", "Zhang San 13800138000", "A栋1203室 5678"] {
            let all: BTreeSet<String> = toks(text).into_iter().collect();
            let chars: Vec<char> = text.chars().collect();
            for i in 0..chars.len() {
                for j in i + 2..=chars.len() {
                    let sub: String = chars[i..j].iter().collect();
                    if sub.trim() != sub {
                        continue;
                    }
                    if let Lookup::Tokens { tokens, .. } = lookup(&sub) {
                        for t in tokens {
                            assert!(all.contains(&t), "{sub:?} → {t:?} not in {text:?}");
                        }
                    }
                }
            }
        }
    }
}
