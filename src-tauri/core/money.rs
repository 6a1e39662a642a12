//! Exact decimals on both backends.
//!
//! sea-orm reads a SQLite DECIMAL through `f64`, which loses cents on large
//! amounts. CRM Desk therefore stores every decimal column on SQLite with TEXT
//! affinity (declared type `decimal_text(p,s)`) holding the canonical decimal
//! string, and reads it back through [`Dec`], which parses that text exactly.
//! On MySQL/MariaDB the column is a real `decimal(p,s)` and is read natively.
//! Values are bound as `Value::Decimal`: sqlx binds that as a string on SQLite
//! and as a DECIMAL on MySQL, both exact.

use rust_decimal::Decimal;
use sea_orm::sea_query::{ArrayType, ColumnType, Nullable, ValueType, ValueTypeErr};
use sea_orm::{ColIdx, QueryResult, TryGetError, TryGetable, Value};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::{Add, Deref, Mul, Sub};
use std::str::FromStr;

/// A `rust_decimal::Decimal` that round-trips exactly through SQLite and MySQL.
/// Serialized as a JSON string ("1234.50") so no float ever touches money.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(transparent)]
#[ts(type = "string")]
pub struct Dec(pub Decimal);

impl Dec {
    pub const ZERO: Dec = Dec(Decimal::ZERO);

    pub fn new(d: Decimal) -> Self {
        Dec(d)
    }

    /// Round half-up (away from zero on .5) to `scale` places, as money rules demand.
    pub fn round_half_up(self, scale: u32) -> Dec {
        Dec(self.0.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
    }

    /// Rescale to exactly `scale` fraction digits (e.g. 12.3 -> "12.30").
    pub fn with_scale(self, scale: u32) -> Dec {
        let mut d = self.round_half_up(scale).0;
        d.rescale(scale);
        Dec(d)
    }

    pub fn inner(self) -> Decimal {
        self.0
    }

    /// True when the value fits a MySQL `decimal(precision, scale)` column
    /// without rounding.
    pub fn fits(self, precision: u32, scale: u32) -> bool {
        let d = self.0.normalize();
        if d.scale() > scale {
            return false;
        }
        let int_digits_allowed = precision - scale;
        let int_part = d.abs().trunc();
        int_part < Decimal::from_i128_with_scale(10i128.pow(int_digits_allowed), 0)
    }
}

impl Deref for Dec {
    type Target = Decimal;
    fn deref(&self) -> &Decimal {
        &self.0
    }
}

impl From<Decimal> for Dec {
    fn from(d: Decimal) -> Self {
        Dec(d)
    }
}

impl From<Dec> for Decimal {
    fn from(d: Dec) -> Self {
        d.0
    }
}

impl From<i64> for Dec {
    fn from(v: i64) -> Self {
        Dec(Decimal::from(v))
    }
}

impl FromStr for Dec {
    type Err = rust_decimal::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Decimal::from_str_exact(s.trim()).map(Dec)
    }
}

impl fmt::Display for Dec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl Add for Dec {
    type Output = Dec;
    fn add(self, rhs: Dec) -> Dec {
        Dec(self.0 + rhs.0)
    }
}

impl Sub for Dec {
    type Output = Dec;
    fn sub(self, rhs: Dec) -> Dec {
        Dec(self.0 - rhs.0)
    }
}

impl Mul for Dec {
    type Output = Dec;
    fn mul(self, rhs: Dec) -> Dec {
        Dec(self.0 * rhs.0)
    }
}

impl std::iter::Sum for Dec {
    fn sum<I: Iterator<Item = Dec>>(iter: I) -> Dec {
        iter.fold(Dec::ZERO, |a, b| a + b)
    }
}

impl From<Dec> for Value {
    fn from(d: Dec) -> Value {
        Value::Decimal(Some(d.0))
    }
}

impl TryGetable for Dec {
    fn try_get_by<I: ColIdx>(res: &QueryResult, idx: I) -> Result<Self, TryGetError> {
        // SQLite: the column holds TEXT; read it as a string and parse exactly.
        // MySQL: a DECIMAL column does not decode as a string, so fall back to
        // the native exact Decimal decoder.
        match <String as TryGetable>::try_get_by(res, idx) {
            Ok(s) => Decimal::from_str_exact(s.trim())
                .or_else(|_| Decimal::from_scientific(s.trim()))
                .map(Dec)
                .map_err(|e| TryGetError::DbErr(sea_orm::DbErr::Type(format!("invalid decimal text {s:?}: {e}")))),
            Err(TryGetError::Null(c)) => Err(TryGetError::Null(c)),
            Err(_) => <Decimal as TryGetable>::try_get_by(res, idx).map(Dec),
        }
    }
}

impl ValueType for Dec {
    fn try_from(v: Value) -> Result<Self, ValueTypeErr> {
        match v {
            Value::Decimal(Some(d)) => Ok(Dec(d)),
            Value::String(Some(s)) => Decimal::from_str_exact(&s).map(Dec).map_err(|_| ValueTypeErr),
            _ => Err(ValueTypeErr),
        }
    }
    fn type_name() -> String {
        "Dec".to_owned()
    }
    fn array_type() -> ArrayType {
        ArrayType::Decimal
    }
    fn column_type() -> ColumnType {
        ColumnType::Decimal(None)
    }
}

impl Nullable for Dec {
    fn null() -> Value {
        Value::Decimal(None)
    }
}

impl sea_orm::IntoActiveValue<Dec> for Dec {
    fn into_active_value(self) -> sea_orm::ActiveValue<Dec> {
        sea_orm::ActiveValue::Set(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_up_rounding() {
        assert_eq!(Dec(dec!(2.345)).round_half_up(2), Dec(dec!(2.35)));
        assert_eq!(Dec(dec!(-2.345)).round_half_up(2), Dec(dec!(-2.35)));
        assert_eq!(Dec(dec!(2.344)).round_half_up(2), Dec(dec!(2.34)));
        assert_eq!(Dec(dec!(12.3)).with_scale(2).to_string(), "12.30");
    }

    #[test]
    fn fits_precision() {
        assert!(Dec(dec!(9999999999999999.99)).fits(18, 2));
        assert!(!Dec(dec!(10000000000000000.00)).fits(18, 2));
        assert!(!Dec(dec!(1.001)).fits(18, 2));
        assert!(Dec(dec!(1.10)).fits(18, 2));
    }

    #[test]
    fn json_is_a_string() {
        assert_eq!(serde_json::to_string(&Dec(dec!(0.10))).unwrap(), "\"0.10\"");
        let d: Dec = serde_json::from_str("\"99999999999999.99\"").unwrap();
        assert_eq!(d.to_string(), "99999999999999.99");
    }
}

const CN_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const CN_UNITS: [&str; 4] = ["", "拾", "佰", "仟"];

/// 0..=9999 in capitals, with inner zeros collapsed to one 零 ("壹仟零壹").
fn cn_section(n: u64) -> String {
    let digits = [n / 1000 % 10, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut pending_zero = false;
    for (i, d) in digits.iter().enumerate() {
        if *d == 0 {
            pending_zero = !out.is_empty();
        } else {
            if pending_zero {
                out.push('零');
                pending_zero = false;
            }
            out.push(CN_DIGITS[*d as usize]);
            out.push_str(CN_UNITS[3 - i]);
        }
    }
    out
}

/// 0..10^8 in capitals ("壹万零壹拾").
fn cn_below_yi(n: u64) -> String {
    let (hi, lo) = (n / 10_000, n % 10_000);
    let mut out = String::new();
    if hi > 0 {
        out.push_str(&cn_section(hi));
        out.push('万');
        if lo > 0 && lo < 1000 {
            out.push('零');
        }
    }
    if lo > 0 {
        out.push_str(&cn_section(lo));
    }
    out
}

/// Any non-negative integer below 10^16 in capitals ("壹亿零壹", "壹万亿").
fn cn_integer(n: u64) -> String {
    let (hi, lo) = (n / 100_000_000, n % 100_000_000);
    let mut out = String::new();
    if hi > 0 {
        out.push_str(&cn_below_yi(hi));
        out.push('亿');
        if lo > 0 && lo < 10_000_000 {
            out.push('零');
        }
    }
    if lo > 0 {
        out.push_str(&cn_below_yi(lo));
    }
    out
}

impl Dec {
    /// The amount in Chinese financial capitals (大写), as written on invoices and
    /// contracts: 壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整. Rounded half-up to the fen;
    /// 零 marks skipped places once, 整 closes an amount without fen. Handles every
    /// value of `decimal(18,2)`; None beyond that.
    pub fn to_chinese_upper(self) -> Option<String> {
        let v = self.round_half_up(2).0;
        let negative = v.is_sign_negative() && !v.is_zero();
        let cents = (v.abs() * Decimal::ONE_HUNDRED).trunc();
        let cents: u64 = rust_decimal::prelude::ToPrimitive::to_u64(&cents)?;
        let (int, jiao, fen) = (cents / 100, cents / 10 % 10, cents % 10);
        if int >= 10_000_000_000_000_000 {
            return None;
        }
        let mut out = String::new();
        if negative {
            out.push('负');
        }
        if int == 0 && jiao == 0 && fen == 0 {
            return Some("零元整".to_string());
        }
        if int > 0 {
            out.push_str(&cn_integer(int));
            out.push('元');
        }
        match (jiao, fen) {
            (0, 0) => out.push('整'),
            (j, 0) => {
                out.push(CN_DIGITS[j as usize]);
                out.push_str("角整");
            }
            (0, f) => {
                if int > 0 {
                    out.push('零');
                }
                out.push(CN_DIGITS[f as usize]);
                out.push('分');
            }
            (j, f) => {
                out.push(CN_DIGITS[j as usize]);
                out.push('角');
                out.push(CN_DIGITS[f as usize]);
                out.push('分');
            }
        }
        Some(out)
    }
}

#[cfg(test)]
mod chinese_upper_tests {
    use super::*;

    fn up(s: &str) -> String {
        s.parse::<Dec>().unwrap().to_chinese_upper().unwrap()
    }

    #[test]
    fn accounting_cases() {
        for (v, want) in [
            ("0", "零元整"),
            ("0.05", "伍分"),
            ("0.10", "壹角整"),
            ("10", "壹拾元整"),
            ("100.10", "壹佰元壹角整"),
            ("1001", "壹仟零壹元整"),
            ("1000.05", "壹仟元零伍分"),
            ("100000", "壹拾万元整"),
            ("10010", "壹万零壹拾元整"),
            ("12345678.90", "壹仟贰佰叁拾肆万伍仟陆佰柒拾捌元玖角整"),
            ("100000001.01", "壹亿零壹元零壹分"),
            ("9999999999999999.99", "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
            ("1000000000000", "壹万亿元整"),
            ("50000000001000", "伍拾万亿零壹仟元整"),
            ("1010101.11", "壹佰零壹万零壹佰零壹元壹角壹分"),
            ("20000000.5", "贰仟万元伍角整"),
            ("-3.5", "负叁元伍角整"),
            ("0.005", "壹分"),
        ] {
            assert_eq!(up(v), want, "{v}");
        }
        assert!("10000000000000000".parse::<Dec>().unwrap().to_chinese_upper().is_none());
    }
}
