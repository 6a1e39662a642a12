//! Business rules. Every service is `fn(&Ctx, Input) -> Result<Output, AppError>`;
//! none of them knows about Tauri. The GUI commands, the admin CLI and the tests
//! all call these same functions.

pub mod access;
pub mod activity;
pub mod attachment;
pub mod auth;
pub mod contact;
pub mod contract;
pub mod customer;
pub mod demo;
pub mod dept;
pub mod follow_up;
pub mod history;
pub mod lead;
pub mod lead_convert;
pub mod lead_pool;
pub mod listing;
pub mod numbering;
pub mod oplog;
pub mod opportunity;
pub mod print;
pub mod product;
pub mod quotation;
pub mod receivable;
pub mod role;
pub mod rollup;
pub mod sales_doc;
pub mod sea;
pub mod sea_clock;
pub mod sea_rules;
pub mod search;
pub mod settings;
pub mod sla;
pub mod status;
pub mod todo;
pub mod user;
pub mod util;
pub mod version;
pub mod work_order;

use crate::auth::{scope, OwnerScope, SessionUser};
use crate::error::{AppError, AppResult, Locale};
use sea_orm::DatabaseConnection;

/// Who is calling, against which database, in which language.
#[derive(Clone, Debug)]
pub struct Ctx {
    pub db: DatabaseConnection,
    pub locale: Locale,
    actor: Actor,
}

#[derive(Clone, Debug)]
enum Actor {
    /// Nobody logged in: only login / first-run services work.
    Anonymous,
    /// A logged-in user, bound by their roles.
    User(SessionUser),
    /// The administrator CLI on the server side (crm-admin): every permission.
    System,
}

impl Ctx {
    pub fn anonymous(db: DatabaseConnection) -> Ctx {
        Ctx { db, locale: Locale::ZhCn, actor: Actor::Anonymous }
    }
    pub fn system(db: DatabaseConnection) -> Ctx {
        Ctx { db, locale: Locale::ZhCn, actor: Actor::System }
    }
    pub fn for_user(db: DatabaseConnection, user: SessionUser) -> Ctx {
        Ctx { db, locale: Locale::ZhCn, actor: Actor::User(user) }
    }
    pub fn with_locale(mut self, locale: Locale) -> Ctx {
        self.locale = locale;
        self
    }

    pub fn user(&self) -> Option<&SessionUser> {
        match &self.actor {
            Actor::User(u) => Some(u),
            _ => None,
        }
    }

    pub fn is_system(&self) -> bool {
        matches!(self.actor, Actor::System)
    }

    /// The user id recorded as creator / operator (None for the CLI).
    pub fn actor_id(&self) -> Option<i64> {
        self.user().map(|u| u.id)
    }

    pub fn actor_name(&self) -> String {
        match &self.actor {
            Actor::User(u) => u.full_name.clone(),
            Actor::System => "crm-admin".to_string(),
            Actor::Anonymous => String::new(),
        }
    }

    /// Fails with UNAUTHENTICATED when nobody is logged in.
    pub fn require_login(&self) -> AppResult<()> {
        match self.actor {
            Actor::Anonymous => Err(AppError::Unauthenticated),
            _ => Ok(()),
        }
    }

    /// Fails with UNAUTHENTICATED or FORBIDDEN unless the caller holds `permission`.
    pub fn require(&self, permission: &str) -> AppResult<()> {
        match &self.actor {
            Actor::Anonymous => Err(AppError::Unauthenticated),
            Actor::System => Ok(()),
            Actor::User(u) if u.can(permission) => Ok(()),
            Actor::User(_) => Err(AppError::forbidden(permission)),
        }
    }

    pub fn can(&self, permission: &str) -> bool {
        self.require(permission).is_ok()
    }

    /// The owners whose records the caller may touch.
    pub async fn owner_scope(&self) -> AppResult<OwnerScope> {
        match &self.actor {
            Actor::Anonymous => Err(AppError::Unauthenticated),
            Actor::System => Ok(OwnerScope::All),
            Actor::User(u) => scope::resolve(&self.db, u).await,
        }
    }
}

/// One page of a server-side list.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// Paging request (1-based page).
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PageReq {
    #[serde(default = "one")]
    pub page: u64,
    #[serde(default = "fifty")]
    pub page_size: u64,
}

fn one() -> u64 {
    1
}
fn fifty() -> u64 {
    50
}

impl Default for PageReq {
    fn default() -> Self {
        PageReq { page: 1, page_size: 50 }
    }
}

impl PageReq {
    pub fn normalized(self) -> PageReq {
        // Bounded so the offset can never overflow (a hostile page number is just past the end).
        PageReq { page: self.page.clamp(1, 1_000_000), page_size: self.page_size.clamp(1, 500) }
    }
    pub fn offset(self) -> u64 {
        let p = self.normalized();
        (p.page - 1) * p.page_size
    }
}
