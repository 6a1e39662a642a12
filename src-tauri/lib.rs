//! CRM Desk: a desktop CRM. This crate holds the services (business rules, free of
//! Tauri), the database layer, authentication, and the Tauri shell that exposes the
//! services to the web UI as commands.

pub mod auth;
pub mod commands;
pub mod db;
pub mod entity;
pub mod error;
pub mod money;
pub mod pdf;
pub mod service;

pub use commands::run;
