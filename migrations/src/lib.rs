//! Database migrations of CRM Desk (MySQL/MariaDB and SQLite).
//!
//! ```ignore
//! use migrations::{Migrator, MigratorTrait};
//! Migrator::up(&db, None).await?;
//! ```
//!
//! * `m20260101_000001_seed_tables` — the 24 seed tables, on MySQL identical to the
//!   seed DDL (`tests/fixtures/seed-schema.sql`), which is a contract: DBAs read the
//!   MySQL database directly.
//! * `m20260101_000002_product_additions` — columns/tables the product adds.
//!
//! See [`schema`](crate::schema) (private) for how one table description is turned
//! into MySQL and SQLite DDL.
pub use sea_orm_migration;
pub use sea_orm_migration::MigratorTrait;

use sea_orm_migration::{async_trait, MigrationTrait};

mod m20260101_000001_seed_tables;
mod m20260101_000002_product_additions;
mod m20260301_000003_customer_lifecycle;
mod m20260401_000004_sales;
mod m20261201_000005_integrity;
mod m20261201_000006_receivables;
mod m20261202_000007_rollups;
mod m20261203_000008_service;
mod m20261203_000009_conversion_repair;
mod m20261204_000010_reports;
mod m20261205_000011_data_io;
mod m20261206_000012_marketing;
mod m20261207_000013_sms_params;
mod m20261208_000014_search_tokens;
mod schema;
pub mod search_tokens;

/// Name of the latest migration: the schema version the app is written against.
pub const SCHEMA_VERSION: &str = m20261208_000014_search_tokens::NAME;

/// The data repair of migration 9 (opportunities written by an older lead conversion),
/// callable on its own by tests.
pub use m20261203_000009_conversion_repair::repair as repair_converted_opportunities;

/// Tables that carry `lock_version` (optimistic concurrency).
pub const VERSIONED_TABLES: [&str; 8] = m20261201_000005_integrity::VERSIONED;

/// The built-in customer segments: (code, name, rule JSON, description).
pub const BUILTIN_SEGMENTS: [(&str, &str, &str, &str); 4] = m20261206_000012_marketing::BUILTIN_SEGMENTS;

/// The lead pool created with the schema.
pub const DEFAULT_LEAD_POOL: &str = m20260301_000003_customer_lifecycle::DEFAULT_POOL;

/// Names of all migrations, oldest first.
pub fn migration_names() -> Vec<&'static str> {
    vec![
        m20260101_000001_seed_tables::NAME,
        m20260101_000002_product_additions::NAME,
        m20260301_000003_customer_lifecycle::NAME,
        m20260401_000004_sales::NAME,
        m20261201_000005_integrity::NAME,
        m20261201_000006_receivables::NAME,
        m20261202_000007_rollups::NAME,
        m20261203_000008_service::NAME,
        m20261203_000009_conversion_repair::NAME,
        m20261204_000010_reports::NAME,
        m20261205_000011_data_io::NAME,
        m20261206_000012_marketing::NAME,
        m20261207_000013_sms_params::NAME,
        m20261208_000014_search_tokens::NAME,
    ]
}

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20260101_000001_seed_tables::Migration),
            Box::new(m20260101_000002_product_additions::Migration),
            Box::new(m20260301_000003_customer_lifecycle::Migration),
            Box::new(m20260401_000004_sales::Migration),
            Box::new(m20261201_000005_integrity::Migration),
            Box::new(m20261201_000006_receivables::Migration),
            Box::new(m20261202_000007_rollups::Migration),
            Box::new(m20261203_000008_service::Migration),
            Box::new(m20261203_000009_conversion_repair::Migration),
            Box::new(m20261204_000010_reports::Migration),
            Box::new(m20261205_000011_data_io::Migration),
            Box::new(m20261206_000012_marketing::Migration),
            Box::new(m20261207_000013_sms_params::Migration),
            Box::new(m20261208_000014_search_tokens::Migration),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_migrator() {
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        assert_eq!(names, migration_names());
        assert_eq!(SCHEMA_VERSION, *migration_names().last().unwrap());
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(sorted, names, "migration names must sort in apply order");
    }
}
