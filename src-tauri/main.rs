//! CRM Desk, the desktop app: the Tauri shell (builder, state, background work and the
//! `#[tauri::command]` adapters in `commands/`). Every rule lives in `crm_core`.

// Prevents an extra console window on Windows in release.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

fn main() {
    commands::run();
}
