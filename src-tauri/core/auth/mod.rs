//! Password hashing, the logged-in user, permissions and data-scope filters.

pub mod password;
pub mod permission;
pub mod scope;

pub use permission::{has_permission, PERMISSION_CATALOG};
pub use scope::OwnerScope;

use crate::entity::enums::DataScope;
use serde::Serialize;
use std::collections::BTreeSet;

/// The user a service call acts for.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub dept_id: i64,
    pub role_ids: Vec<i64>,
    /// Union of the permission keys of the user's enabled roles.
    pub permissions: BTreeSet<String>,
    /// Widest data scope among the user's enabled roles.
    pub data_scope: DataScope,
    /// Changes when the password changes (a reset ends the user's sessions on every
    /// desktop). Never leaves the process.
    #[serde(skip)]
    #[ts(skip)]
    pub session_stamp: u64,
}

impl SessionUser {
    pub fn can(&self, permission: &str) -> bool {
        has_permission(&self.permissions, permission)
    }
}

pub const ADMIN_ROLE: &str = "系统管理员";
