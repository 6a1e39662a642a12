//! CRM Desk core: everything except the desktop shell. Business rules (services),
//! entities, the database layer, authentication and PDF rendering. Nothing here imports
//! Tauri: the GUI commands, the admin CLI, the tests and the benchmarks all link this
//! crate and call the same services.

pub mod auth;
pub mod db;
pub mod diagnostics;
pub mod entity;
pub mod error;
pub mod files;
pub mod ipc;
pub mod money;
pub mod pdf;
pub mod printing;
pub mod service;
