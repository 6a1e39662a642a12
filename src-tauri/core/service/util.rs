//! Small helpers shared by services: time, text validation.

use crate::error::{AppError, AppResult};
use chrono::{NaiveDateTime, Timelike, Utc};

/// Now, in UTC, to the second (the stored form is `YYYY-MM-DD HH:MM:SS`).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().with_nanosecond(0).expect("valid")
}

/// The start of the current local calendar day, in UTC (for "today" counts and caps).
pub fn local_day_start_utc() -> NaiveDateTime {
    use chrono::{Local, TimeZone};
    let today = Local::now().date_naive().and_hms_opt(0, 0, 0).expect("midnight");
    Local.from_local_datetime(&today).earliest().map(|t| t.naive_utc()).unwrap_or_else(now)
}

/// The end (exclusive) of the local day containing `at`, for a client at `tz_offset_minutes`
/// east of UTC; the result is in UTC.
pub fn day_end_utc(at: NaiveDateTime, tz_offset_minutes: i32) -> NaiveDateTime {
    let off = chrono::Duration::minutes(tz_offset_minutes.clamp(-14 * 60, 14 * 60) as i64);
    let local = at + off;
    let end_local = (local.date() + chrono::Duration::days(1)).and_hms_opt(0, 0, 0).expect("midnight");
    end_local - off
}

/// Lock the caller's user row for the rest of the transaction: serializes one user's
/// concurrent claims so per-user caps hold under races (a no-op lock on SQLite, whose
/// single connection already serializes transactions).
pub async fn lock_user<C: sea_orm::ConnectionTrait>(conn: &C, user_id: i64) -> AppResult<()> {
    use sea_orm::{EntityTrait, QuerySelect};
    crate::entity::sys_user::Entity::find_by_id(user_id).lock_exclusive().one(conn).await?;
    Ok(())
}

/// Dates the app accepts: 1900-01-01 to 2200-12-31 (no input can overflow date arithmetic).
pub fn date(field: &str, d: chrono::NaiveDate) -> AppResult<chrono::NaiveDate> {
    use chrono::Datelike;
    if (1900..=2200).contains(&d.year()) {
        Ok(d)
    } else {
        Err(AppError::validation(field, "日期须在 1900 年到 2200 年之间", "The date must be between 1900 and 2200"))
    }
}

/// [`date`] for an optional value.
pub fn opt_date(field: &str, d: Option<chrono::NaiveDate>) -> AppResult<Option<chrono::NaiveDate>> {
    d.map(|d| date(field, d)).transpose()
}

/// [`date`] for a date and time.
pub fn datetime(field: &str, t: chrono::NaiveDateTime) -> AppResult<chrono::NaiveDateTime> {
    date(field, t.date()).map(|_| t)
}

/// Trim and require a non-empty value of at most `max` characters.
pub fn required(field: &str, label_zh: &str, label_en: &str, value: &str, max: usize) -> AppResult<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::validation(field, format!("{label_zh}不能为空"), format!("{label_en} is required")));
    }
    limit(field, label_zh, label_en, v, max)?;
    Ok(v.to_string())
}

/// Trim; empty becomes None; at most `max` characters.
pub fn optional(field: &str, label_zh: &str, label_en: &str, value: Option<&str>, max: usize) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            limit(field, label_zh, label_en, v, max)?;
            Ok(Some(v.to_string()))
        }
    }
}

fn limit(field: &str, label_zh: &str, label_en: &str, v: &str, max: usize) -> AppResult<()> {
    if v.chars().count() > max {
        return Err(AppError::validation(field, format!("{label_zh}不能超过 {max} 个字符"), format!("{label_en} may have at most {max} characters")));
    }
    Ok(())
}

/// A mainland mobile or landline number: digits, spaces, `+`, `-`, 5..20 chars.
pub fn phone(field: &str, value: Option<&str>) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            let ok = v.len() >= 5 && v.len() <= 20 && v.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
            if !ok {
                return Err(AppError::validation(field, "手机号格式不正确", "The phone number is not valid"));
            }
            Ok(Some(v.to_string()))
        }
    }
}

/// A phone number reduced to its digits for comparison: spaces, dashes, brackets and a
/// China country prefix (+86, 0086, 86 before an 11-digit mobile) removed.
pub fn phone_digits(v: &str) -> String {
    let d: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    for prefix in ["0086", "86"] {
        if let Some(rest) = d.strip_prefix(prefix) {
            if rest.len() == 11 && rest.starts_with('1') {
                return rest.to_string();
            }
        }
    }
    d
}

/// SQL that reduces a phone column the same way, for rows written by other tools.
pub fn phone_digits_sql(column: &str) -> String {
    format!("REPLACE(REPLACE(REPLACE(REPLACE(REPLACE({column}, ' ', ''), '-', ''), '(', ''), ')', ''), '+', '')")
}

pub fn email(field: &str, value: Option<&str>) -> AppResult<Option<String>> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => {
            let ok = v.len() <= 100 && v.split_once('@').is_some_and(|(a, b)| !a.is_empty() && b.contains('.') && !b.starts_with('.'));
            if !ok {
                return Err(AppError::validation(field, "邮箱格式不正确", "The email address is not valid"));
            }
            Ok(Some(v.to_string()))
        }
    }
}

/// A non-negative amount of money that fits `decimal(18,2)` exactly (no silent rounding).
pub fn money(field: &str, label_zh: &str, label_en: &str, v: crate::money::Dec) -> AppResult<crate::money::Dec> {
    if v.inner().is_sign_negative() && !v.inner().is_zero() {
        return Err(AppError::validation(field, format!("{label_zh}不能为负数"), format!("{label_en} cannot be negative")));
    }
    if !v.fits(18, 2) {
        return Err(AppError::validation(
            field,
            format!("{label_zh}最多 16 位整数、2 位小数"),
            format!("{label_en} may have at most 16 integer digits and 2 decimals"),
        ));
    }
    Ok(v.with_scale(2))
}

/// The local calendar date of a stored UTC time.
/// 00:00 of a calendar day of this desktop, in UTC (list filters by creation day).
pub fn local_midnight_utc(d: chrono::NaiveDate) -> NaiveDateTime {
    use chrono::{Local, TimeZone};
    let t = d.and_hms_opt(0, 0, 0).expect("midnight");
    Local.from_local_datetime(&t).earliest().map(|x| x.naive_utc()).unwrap_or(t)
}

pub fn local_date(utc: NaiveDateTime) -> chrono::NaiveDate {
    use chrono::TimeZone;
    chrono::Local.from_utc_datetime(&utc).date_naive()
}

/// `id → name` for the given ids of any table (owner names, customer names, …), one query.
pub async fn names_by_id<E, C>(
    conn: &C,
    id: E::Column,
    name: E::Column,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, String>>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let mut ids: Vec<i64> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(E::find().select_only().column(id).column(name).filter(id.is_in(ids)).into_tuple::<(i64, String)>().all(conn).await?.into_iter().collect())
}

/// Run a whole transaction again when the database gave up on it for lock contention
/// (a MySQL deadlock rolls the transaction back; a lock-wait timeout leaves it unusable):
/// up to 4 attempts with a short, growing, jittered pause. What still fails is CONFLICT
/// ("please retry"), never INTERNAL. `op` must start its own transaction.
pub async fn retry_contended<T, F, Fut>(mut op: F) -> AppResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    use rand::Rng;
    const ATTEMPTS: u32 = 4;
    let mut attempt = 0;
    loop {
        attempt += 1;
        match op().await {
            Err(AppError::Contention) if attempt < ATTEMPTS => {
                let pause = 20 * u64::from(attempt) + rand::thread_rng().gen_range(0..30);
                tracing::info!(attempt, pause_ms = pause, "lock contention: retrying the transaction");
                tokio::time::sleep(std::time::Duration::from_millis(pause)).await;
            }
            other => return other,
        }
    }
}

#[cfg(test)]
mod retry_tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn contention_is_retried_then_reported_as_conflict() {
        let calls = AtomicU32::new(0);
        let r = retry_contended(|| async {
            if calls.fetch_add(1, Ordering::SeqCst) < 2 {
                Err(AppError::Contention)
            } else {
                Ok(7)
            }
        })
        .await;
        assert_eq!(r.unwrap(), 7);
        assert_eq!(calls.load(Ordering::SeqCst), 3, "two deadlocks, then success");

        let calls = AtomicU32::new(0);
        let r: AppResult<()> = retry_contended(|| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(AppError::Contention)
        })
        .await;
        assert_eq!(calls.load(Ordering::SeqCst), 4, "bounded");
        assert_eq!(r.unwrap_err().code(), crate::error::ErrorCode::Conflict);

        // Other errors are not retried.
        let calls = AtomicU32::new(0);
        let r: AppResult<()> = retry_contended(|| async {
            calls.fetch_add(1, Ordering::SeqCst);
            Err(AppError::validation("x", "x", "x"))
        })
        .await;
        assert!(r.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
