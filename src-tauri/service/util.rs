//! Small helpers shared by services: time, text validation.

use crate::error::{AppError, AppResult};
use chrono::{NaiveDateTime, Timelike, Utc};

/// Now, in UTC, to the second (the stored form is `YYYY-MM-DD HH:MM:SS`).
pub fn now() -> NaiveDateTime {
    Utc::now().naive_utc().with_nanosecond(0).expect("valid")
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
        return Err(AppError::validation(
            field,
            format!("{label_zh}不能超过 {max} 个字符"),
            format!("{label_en} may have at most {max} characters"),
        ));
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
