//! The one integration-test binary: every area is a module here, and every database
//! case runs on SQLite AND MySQL/MariaDB (see `common`). Run one area with
//! `cargo test --test it leads::`; refresh the generated TypeScript types with
//! `UPDATE_TS_TYPES=1 cargo test --test it ts_types`.

#[macro_use]
mod common;

mod accounts;
mod activity;
mod auth;
mod cli;
mod concurrency;
mod dataio;
mod db;
mod diagnostics;
mod drills;
mod foreign_rows;
mod fuzz;
mod ipc_contract;
mod leads;
mod marketing;
mod money;
mod numbering;
mod oplog;
mod pdf_fonts;
mod printing;
mod receivables;
mod reports;
mod sales;
mod scope;
mod sea;
mod search;
mod search_index;
mod security;
mod service;
mod session;
mod structure;
mod ts_types;
mod update;
