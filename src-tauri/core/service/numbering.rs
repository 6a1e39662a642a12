//! Document numbers (quotation_no, contract_no, payment_no, invoice_no, order_no).
//!
//! A rule per document type holds a pattern such as `QT{yyyyMMdd}{seq:4}` and a
//! reset period. The counter row for (type, period) is incremented with an atomic
//! upsert inside the caller's transaction, then read back with a locking read, so
//! numbers are unique across every desktop sharing one MySQL and gap-free: if the
//! document insert rolls back, so does its number.

use super::Ctx;
use crate::entity::enums::ResetPeriod;
use crate::entity::{sys_number_counter, sys_number_rule};
use crate::error::{AppError, AppResult};
use chrono::{Datelike, NaiveDateTime};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum DocType {
    Quotation,
    Contract,
    Payment,
    Invoice,
    WorkOrder,
}

impl DocType {
    pub const ALL: [DocType; 5] = [DocType::Quotation, DocType::Contract, DocType::Payment, DocType::Invoice, DocType::WorkOrder];

    pub fn as_str(self) -> &'static str {
        match self {
            DocType::Quotation => "quotation",
            DocType::Contract => "contract",
            DocType::Payment => "payment",
            DocType::Invoice => "invoice",
            DocType::WorkOrder => "work_order",
        }
    }

    pub fn parse(s: &str) -> AppResult<DocType> {
        DocType::ALL
            .into_iter()
            .find(|d| d.as_str() == s)
            .ok_or_else(|| AppError::validation("docType", format!("未知的单据类型 {s}"), format!("Unknown document type {s}")))
    }

    fn default_pattern(self) -> &'static str {
        match self {
            DocType::Quotation => "QT{yyyyMMdd}{seq:4}",
            DocType::Contract => "HT{yyyyMMdd}{seq:4}",
            DocType::Payment => "HK{yyyyMMdd}{seq:4}",
            DocType::Invoice => "FP{yyyyMMdd}{seq:4}",
            DocType::WorkOrder => "GD{yyyyMMdd}{seq:4}",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Part {
    Lit(String),
    Date(String),
    Seq(usize),
}

/// A parsed pattern. Tokens: `{yyyy}` `{yy}` `{MM}` `{dd}` and runs of them such as
/// `{yyyyMMdd}`, plus exactly one `{seq}` / `{seq:N}` (zero-padded to N digits).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern(Vec<Part>);

impl Pattern {
    pub fn parse(s: &str) -> AppResult<Pattern> {
        let bad = |zh: &str, en: &str| AppError::validation("pattern", format!("编号规则无效:{zh}"), format!("Invalid number pattern: {en}"));
        let mut parts = vec![];
        let mut rest = s;
        let mut seqs = 0;
        while !rest.is_empty() {
            if let Some(i) = rest.find('{') {
                if i > 0 {
                    if rest[..i].contains('}') {
                        return Err(bad("多余的 }", "stray }"));
                    }
                    parts.push(Part::Lit(rest[..i].to_string()));
                }
                let close = rest[i..].find('}').ok_or_else(|| bad("缺少 }", "missing }"))? + i;
                let tok = &rest[i + 1..close];
                if let Some(w) = tok.strip_prefix("seq") {
                    let width = match w.strip_prefix(':') {
                        Some(n) => n.parse::<usize>().map_err(|_| bad("序号位数应为数字", "seq width must be a number"))?,
                        None if w.is_empty() => 1,
                        None => return Err(bad("未知占位符", "unknown placeholder")),
                    };
                    if !(1..=10).contains(&width) {
                        return Err(bad("序号位数应在 1 到 10 之间", "seq width must be 1 to 10"));
                    }
                    seqs += 1;
                    parts.push(Part::Seq(width));
                } else {
                    let mut t = tok;
                    while !t.is_empty() {
                        if let Some(r) =
                            t.strip_prefix("yyyy").or_else(|| t.strip_prefix("yy")).or_else(|| t.strip_prefix("MM")).or_else(|| t.strip_prefix("dd"))
                        {
                            t = r;
                        } else {
                            return Err(bad(&format!("未知占位符 {{{tok}}}"), &format!("unknown placeholder {{{tok}}}")));
                        }
                    }
                    if tok.is_empty() {
                        return Err(bad("空占位符", "empty placeholder"));
                    }
                    parts.push(Part::Date(tok.to_string()));
                }
                rest = &rest[close + 1..];
            } else {
                if rest.contains('}') {
                    return Err(bad("多余的 }", "stray }"));
                }
                parts.push(Part::Lit(rest.to_string()));
                rest = "";
            }
        }
        if seqs != 1 {
            return Err(bad("必须且只能包含一个 {seq:N}", "must contain exactly one {seq:N}"));
        }
        Ok(Pattern(parts))
    }

    pub fn render(&self, at: NaiveDateTime, seq: i64) -> String {
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Part::Lit(s) => out.push_str(s),
                Part::Seq(w) => out.push_str(&format!("{seq:0w$}", w = *w)),
                Part::Date(tok) => {
                    let mut t = tok.as_str();
                    while !t.is_empty() {
                        if let Some(r) = t.strip_prefix("yyyy") {
                            out.push_str(&format!("{:04}", at.year()));
                            t = r;
                        } else if let Some(r) = t.strip_prefix("yy") {
                            out.push_str(&format!("{:02}", at.year() % 100));
                            t = r;
                        } else if let Some(r) = t.strip_prefix("MM") {
                            out.push_str(&format!("{:02}", at.month()));
                            t = r;
                        } else if let Some(r) = t.strip_prefix("dd") {
                            out.push_str(&format!("{:02}", at.day()));
                            t = r;
                        } else {
                            break;
                        }
                    }
                }
            }
        }
        out
    }
}

pub fn period_key(reset: ResetPeriod, at: NaiveDateTime) -> String {
    match reset {
        ResetPeriod::Never => String::new(),
        ResetPeriod::Daily => at.format("%Y%m%d").to_string(),
        ResetPeriod::Monthly => at.format("%Y%m").to_string(),
        ResetPeriod::Yearly => at.format("%Y").to_string(),
    }
}

/// Local wall-clock time: document numbers follow the company's calendar.
fn local_now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

async fn rule_of<C: ConnectionTrait>(conn: &C, doc: DocType) -> Result<(Pattern, ResetPeriod), AppError> {
    let rule = sys_number_rule::Entity::find().filter(sys_number_rule::Column::DocType.eq(doc.as_str())).one(conn).await?;
    match rule {
        Some(r) => Ok((Pattern::parse(&r.pattern)?, r.reset_period)),
        None => Ok((Pattern::parse(doc.default_pattern())?, ResetPeriod::Daily)),
    }
}

/// Take the next number for `doc` inside the caller's transaction `conn`.
pub async fn next_in<C: ConnectionTrait>(conn: &C, doc: DocType) -> AppResult<String> {
    next_at(conn, doc, local_now()).await
}

/// As [`next_in`], at a given local time (tests).
pub async fn next_at<C: ConnectionTrait>(conn: &C, doc: DocType, at: NaiveDateTime) -> AppResult<String> {
    let (pattern, reset) = rule_of(conn, doc).await?;
    let key = period_key(reset, at);
    let seq = bump(conn, doc.as_str(), &key).await?;
    Ok(pattern.render(at, seq))
}

async fn bump<C: ConnectionTrait>(conn: &C, doc: &str, key: &str) -> Result<i64, DbErr> {
    use sys_number_counter::Column as C_;
    let now = super::util::now();
    let stmt = Query::insert()
        .into_table(sys_number_counter::Entity)
        .columns([C_::DocType, C_::PeriodKey, C_::CurrentValue, C_::UpdatedAt])
        .values_panic([doc.into(), key.into(), 1i64.into(), now.into()])
        .on_conflict(
            OnConflict::columns([C_::DocType, C_::PeriodKey]).value(C_::CurrentValue, Expr::col(C_::CurrentValue).add(1)).value(C_::UpdatedAt, now).to_owned(),
        )
        .to_owned();
    conn.execute(&stmt).await?;
    let v: Option<i64> = sys_number_counter::Entity::find()
        .select_only()
        .column(C_::CurrentValue)
        .filter(C_::DocType.eq(doc))
        .filter(C_::PeriodKey.eq(key))
        .lock_exclusive()
        .into_tuple()
        .one(conn)
        .await?;
    v.ok_or_else(|| DbErr::RecordNotFound("sys_number_counter".into()))
}

/// MySQL deadlock / lock-wait errors that are safe to retry as a whole transaction.
pub fn is_retryable(e: &DbErr) -> bool {
    let s = e.to_string();
    s.contains("1213") || s.contains("Deadlock") || s.contains("40001") || s.contains("database is locked")
}

/// Take a number in its own transaction (for a document saved separately, e.g. from
/// the CLI). Retries on MySQL deadlocks.
pub async fn issue(ctx: &Ctx, doc: DocType) -> AppResult<String> {
    ctx.require_login()?;
    let (pattern, reset) = rule_of(&ctx.db, doc).await?;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let at = local_now();
        let key = period_key(reset, at);
        let txn = ctx.db.begin().await?;
        match bump(&txn, doc.as_str(), &key).await {
            Ok(seq) => {
                txn.commit().await?;
                return Ok(pattern.render(at, seq));
            }
            Err(e) if is_retryable(&e) && attempt < 10 => {
                let _ = txn.rollback().await;
                tokio::time::sleep(std::time::Duration::from_millis(5 * attempt)).await;
            }
            Err(e) => return Err(e.into()),
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct NumberRule {
    pub doc_type: DocType,
    pub pattern: String,
    pub reset_period: ResetPeriod,
    /// What the next number would look like today (sequence 1).
    pub example: String,
}

pub async fn list_rules(ctx: &Ctx) -> AppResult<Vec<NumberRule>> {
    ctx.require("settings:read")?;
    let mut out = vec![];
    for doc in DocType::ALL {
        let (p, reset) = rule_of(&ctx.db, doc).await?;
        let raw = sys_number_rule::Entity::find()
            .filter(sys_number_rule::Column::DocType.eq(doc.as_str()))
            .one(&ctx.db)
            .await?
            .map(|r| r.pattern)
            .unwrap_or_else(|| doc.default_pattern().to_string());
        out.push(NumberRule { doc_type: doc, pattern: raw, reset_period: reset, example: p.render(local_now(), 1) });
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UpdateRule {
    pub doc_type: DocType,
    pub pattern: String,
    pub reset_period: ResetPeriod,
}

pub async fn update_rule(ctx: &Ctx, input: UpdateRule) -> AppResult<NumberRule> {
    ctx.require("settings:update")?;
    let pattern = input.pattern.trim().to_string();
    if pattern.chars().count() > 100 {
        return Err(AppError::validation("pattern", "编号规则不能超过 100 个字符", "The pattern may have at most 100 characters"));
    }
    let parsed = Pattern::parse(&pattern)?;
    let txn = ctx.db.begin().await?;
    let existing = sys_number_rule::Entity::find().filter(sys_number_rule::Column::DocType.eq(input.doc_type.as_str())).one(&txn).await?;
    let before = existing.clone();
    let saved = match existing {
        Some(m) => {
            let mut am = m.into_active_model();
            am.pattern = Set(pattern.clone());
            am.reset_period = Set(input.reset_period);
            am.updated_at = Set(super::util::now());
            am.update(&txn).await?
        }
        None => {
            sys_number_rule::ActiveModel {
                doc_type: Set(input.doc_type.as_str().to_string()),
                pattern: Set(pattern.clone()),
                reset_period: Set(input.reset_period),
                updated_at: Set(super::util::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await?
        }
    };
    let changes = super::oplog::diff(before.as_ref(), Some(&saved));
    super::oplog::record(&txn, ctx, super::oplog::Action::Update, "sys_number_rule", saved.id, changes, None).await?;
    txn.commit().await?;
    Ok(NumberRule { doc_type: input.doc_type, pattern, reset_period: input.reset_period, example: parsed.render(local_now(), 1) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at() -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 3, 7).unwrap().and_hms_opt(9, 0, 0).unwrap()
    }

    #[test]
    fn renders_patterns() {
        assert_eq!(Pattern::parse("QT{yyyyMMdd}{seq:4}").unwrap().render(at(), 12), "QT202603070012");
        assert_eq!(Pattern::parse("HT-{yy}{MM}-{seq:3}").unwrap().render(at(), 5), "HT-2603-005");
        assert_eq!(Pattern::parse("GD{seq}").unwrap().render(at(), 123), "GD123");
        assert_eq!(Pattern::parse("X{seq:2}").unwrap().render(at(), 123), "X123");
    }

    #[test]
    fn rejects_bad_patterns() {
        for p in ["QT{yyyyMMdd}", "{seq}{seq}", "A{seq:0}", "A{foo}{seq}", "A{seq", "A}{seq}", "{}{seq}"] {
            let e = Pattern::parse(p).unwrap_err();
            assert!(matches!(e, AppError::Validation { ref field, .. } if field == "pattern"), "{p}");
        }
    }

    #[test]
    fn period_keys() {
        assert_eq!(period_key(ResetPeriod::Daily, at()), "20260307");
        assert_eq!(period_key(ResetPeriod::Monthly, at()), "202603");
        assert_eq!(period_key(ResetPeriod::Yearly, at()), "2026");
        assert_eq!(period_key(ResetPeriod::Never, at()), "");
    }
}
