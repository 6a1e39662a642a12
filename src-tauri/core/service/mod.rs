//! Business rules. Every service is `fn(&Ctx, Input) -> Result<Output, AppError>`;
//! none of them knows about Tauri. The GUI commands, the admin CLI and the tests
//! all call these same functions.

pub mod access;
pub mod activity;
pub mod attachment;
pub mod auth;
pub mod backup;
pub mod contact;
pub mod contract;
pub mod customer;
pub mod dashboard;
pub mod demo;
pub mod dept;
pub mod export;
pub mod follow_up;
pub mod history;
pub mod import;
pub mod lead;
pub mod lead_convert;
pub mod lead_pool;
pub mod listing;
pub mod marketing;
pub mod numbering;
pub mod oplog;
pub mod opportunity;
pub mod print;
pub mod product;
pub mod quotation;
pub mod receivable;
pub mod report;
pub mod role;
pub mod rollup;
pub mod sales_doc;
pub mod sea;
pub mod sea_clock;
pub mod sea_rules;
pub mod search;
pub mod search_index;
pub mod settings;
pub mod sheet;
pub mod sla;
pub mod stats;
pub mod status;
pub mod target;
pub mod todo;
pub mod transfer;
pub mod update;
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
    /// The database; on a local SQLite file its one writer connection.
    pub db: DatabaseConnection,
    /// Read-only connections to the same SQLite file (WAL), for lists, search, details and
    /// reports: they read the last committed state while a long write (an import,
    /// seed-demo, the sweep) holds the writer. None on MySQL, where the pool serves both.
    read: Option<DatabaseConnection>,
    pub locale: Locale,
    actor: Actor,
    /// The CLI acting for a named user (`crm-admin --as USER`): recorded as creator.
    on_behalf: Option<i64>,
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
        Ctx { db, read: None, locale: Locale::ZhCn, actor: Actor::Anonymous, on_behalf: None }
    }
    pub fn system(db: DatabaseConnection) -> Ctx {
        Ctx { db, read: None, locale: Locale::ZhCn, actor: Actor::System, on_behalf: None }
    }
    /// The administrator CLI recording its writes as `user_id` (`crm-admin --as`).
    pub fn system_as(db: DatabaseConnection, user_id: i64) -> Ctx {
        Ctx { db, read: None, locale: Locale::ZhCn, actor: Actor::System, on_behalf: Some(user_id) }
    }
    pub fn for_user(db: DatabaseConnection, user: SessionUser) -> Ctx {
        Ctx { db, read: None, locale: Locale::ZhCn, actor: Actor::User(user), on_behalf: None }
    }
    /// Serve reads from these read-only connections (see [`crate::db::connect_sqlite_readers`]).
    pub fn with_reader(mut self, read: Option<DatabaseConnection>) -> Ctx {
        self.read = read;
        self
    }
    /// The connection for a read-only service: the readers where there are some, else
    /// [`Ctx::db`]. Never for a read that must see this call's own uncommitted writes.
    pub fn reader(&self) -> &DatabaseConnection {
        self.read.as_ref().unwrap_or(&self.db)
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

    /// The user id recorded as creator / operator (for the CLI: the user given with
    /// `--as`, else None).
    pub fn actor_id(&self) -> Option<i64> {
        match &self.actor {
            Actor::User(u) => Some(u.id),
            Actor::System => self.on_behalf,
            Actor::Anonymous => None,
        }
    }

    /// The user to record as creator of what this call writes: the caller; for the CLI
    /// the user given with `--as`, else the first enabled administrator (a real user, so
    /// no row says "created by 0"). `conn`: the open transaction, if any.
    pub async fn recorder<C: sea_orm::ConnectionTrait>(&self, conn: &C) -> AppResult<i64> {
        if let Some(id) = self.actor_id() {
            return Ok(id);
        }
        if !self.is_system() {
            return Err(AppError::Unauthenticated);
        }
        use crate::entity::{enums::UserStatus, sys_role, sys_user};
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        let admin_roles: Vec<i64> = sys_role::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .filter(|r| crate::auth::permission::parse_list(r.permissions.as_deref()).contains("*"))
            .map(|r| r.id)
            .collect();
        let users = sys_user::Entity::find().filter(sys_user::Column::Status.eq(UserStatus::Enabled)).order_by_asc(sys_user::Column::Id).all(conn).await?;
        users.into_iter().find(|u| role::parse_role_ids(u.role_ids.as_deref()).iter().any(|r| admin_roles.contains(r))).map(|u| u.id).ok_or_else(|| {
            AppError::validation("as", "没有可记录为操作人的管理员,请用 --as 指定用户", "No administrator to record as the author; name a user with --as")
        })
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
            Actor::User(u) => scope::resolve(self.reader(), u).await,
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
    /// The largest page a list returns (an export walks a list in pages of this size: each
    /// page re-counts and re-sorts the filtered rows, so fewer pages are much faster).
    pub const MAX_SIZE: u64 = 2000;

    pub fn normalized(self) -> PageReq {
        // Bounded so the offset can never overflow (a hostile page number is just past the end).
        PageReq { page: self.page.clamp(1, 1_000_000), page_size: self.page_size.clamp(1, Self::MAX_SIZE) }
    }
    pub fn offset(self) -> u64 {
        let p = self.normalized();
        (p.page - 1) * p.page_size
    }
}
