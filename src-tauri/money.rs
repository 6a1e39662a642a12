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
        Dec(self
            .0
            .round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
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
                .map_err(|e| {
                    TryGetError::DbErr(sea_orm::DbErr::Type(format!(
                        "invalid decimal text {s:?}: {e}"
                    )))
                }),
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
