//! Operation log: who did what to which record, with changed fields old → new.

use super::{Ctx, Page, PageReq};
use crate::entity::sys_operation_log;
use crate::error::AppResult;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set};
use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Delete,
    Status,
    Owner,
    /// Taken from a pool or the public sea by the caller.
    Claim,
    /// Given to an owner by a manager.
    Assign,
    /// Put back into a lead pool or the public sea.
    Release,
    /// A lead turned into a customer.
    Convert,
    /// A spreadsheet imported (one entry per file, with its counts).
    Import,
    /// A list exported to a spreadsheet (who, what, how many rows).
    Export,
    /// A backup written or restored, a database transferred.
    Backup,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Status => "status",
            Action::Owner => "owner",
            Action::Claim => "claim",
            Action::Assign => "assign",
            Action::Release => "release",
            Action::Convert => "convert",
            Action::Import => "import",
            Action::Export => "export",
            Action::Backup => "backup",
        }
    }
}

/// Fields that change on every write and say nothing by themselves.
const IGNORED: &[&str] = &["updatedAt", "passwordHash", "lockVersion", "sessionNonce"];

/// `{field: [old, new]}` for every field that differs between two serialized records.
/// For a create pass `before = None`; for a delete pass `after = None`.
pub fn diff<T: Serialize>(before: Option<&T>, after: Option<&T>) -> Map<String, Value> {
    let to_map = |v: Option<&T>| -> Map<String, Value> {
        v.and_then(|x| serde_json::to_value(x).ok()).and_then(|v| if let Value::Object(m) = v { Some(m) } else { None }).unwrap_or_default()
    };
    let (a, b) = (to_map(before), to_map(after));
    let mut out = Map::new();
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    for k in keys {
        if IGNORED.contains(&k.as_str()) {
            continue;
        }
        let old = a.get(k).cloned().unwrap_or(Value::Null);
        let new = b.get(k).cloned().unwrap_or(Value::Null);
        if old != new {
            out.insert(k.clone(), Value::Array(vec![old, new]));
        }
    }
    out
}

/// Longest text kept per changed value; longer ones are cut with a marker.
pub const MAX_LOGGED_CHARS: usize = 2000;
/// The `changes` column is TEXT (64 KB on MySQL): stay well below it.
const MAX_CHANGES_BYTES: usize = 60_000;

fn shorten(v: Value) -> Value {
    match v {
        Value::String(s) if s.chars().count() > MAX_LOGGED_CHARS => {
            let total = s.chars().count();
            let kept: String = s.chars().take(MAX_LOGGED_CHARS).collect();
            Value::String(format!("{kept}…[truncated: {total} chars]"))
        }
        Value::Array(a) => Value::Array(a.into_iter().map(shorten).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, shorten(v))).collect()),
        other => other,
    }
}

/// The `changes` JSON as stored: long texts cut with a marker, and if it is still too
/// large for the column, only the names of the changed fields.
fn encode_changes(changes: Map<String, Value>) -> Option<String> {
    if changes.is_empty() {
        return None;
    }
    let keys: Vec<Value> = changes.keys().map(|k| Value::String(k.clone())).collect();
    let s = Value::Object(changes.into_iter().map(|(k, v)| (k, shorten(v))).collect()).to_string();
    if s.len() <= MAX_CHANGES_BYTES {
        return Some(s);
    }
    let mut only_names = Map::new();
    only_names.insert("_truncated".into(), Value::Array(keys));
    Some(Value::Object(only_names).to_string())
}

/// Write one log row inside the caller's transaction.
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    ctx: &Ctx,
    action: Action,
    entity_type: &str,
    entity_id: i64,
    changes: Map<String, Value>,
    summary: Option<String>,
) -> AppResult<()> {
    let row = sys_operation_log::ActiveModel {
        user_id: Set(ctx.actor_id()),
        user_name: Set(Some(ctx.actor_name())),
        action: Set(action.as_str().to_string()),
        entity_type: Set(entity_type.to_string()),
        entity_id: Set(entity_id),
        changes: Set(encode_changes(changes)),
        summary: Set(summary.map(|s| s.chars().take(500).collect())),
        created_at: Set(super::util::now()),
        ..Default::default()
    };
    row.insert(conn).await?;
    // Every change of a searchable record is logged here, in its transaction: its search
    // tokens follow in the same place (a claim or transfer changes no text).
    if !matches!(action, Action::Owner | Action::Claim | Action::Assign | Action::Release | Action::Export | Action::Backup) {
        // (The token rules themselves: `migrations::search_tokens`; `search_index` reads them.)
        if let Some(kind) = migrations::search_tokens::kind_of(entity_type) {
            migrations::search_tokens::sync(conn, kind, &[entity_id]).await?;
        }
    }
    Ok(())
}

/// One row for [`record_many`].
pub struct Entry {
    pub action: Action,
    pub entity_type: &'static str,
    pub entity_id: i64,
    pub changes: Map<String, Value>,
    pub summary: Option<String>,
}

/// Write many log rows at once (batched inserts) inside the caller's transaction.
pub async fn record_many<C: ConnectionTrait>(conn: &C, ctx: &Ctx, entries: Vec<Entry>) -> AppResult<()> {
    let now = super::util::now();
    let (uid, uname) = (ctx.actor_id(), ctx.actor_name());
    let mut it = entries.into_iter().peekable();
    while it.peek().is_some() {
        let chunk: Vec<sys_operation_log::ActiveModel> = it
            .by_ref()
            .take(500)
            .map(|e| sys_operation_log::ActiveModel {
                user_id: Set(uid),
                user_name: Set(Some(uname.clone())),
                action: Set(e.action.as_str().to_string()),
                entity_type: Set(e.entity_type.to_string()),
                entity_id: Set(e.entity_id),
                changes: Set(encode_changes(e.changes)),
                summary: Set(e.summary.map(|s| s.chars().take(500).collect())),
                created_at: Set(now),
                ..Default::default()
            })
            .collect();
        sys_operation_log::Entity::insert_many(chunk).exec(conn).await?;
    }
    Ok(())
}

/// How many times `user_id` did `action` on `entity_type` since `since` (e.g. claims today).
pub async fn count_since<C: ConnectionTrait>(conn: &C, user_id: i64, action: Action, entity_type: &str, since: chrono::NaiveDateTime) -> AppResult<u64> {
    Ok(sys_operation_log::Entity::find()
        .filter(sys_operation_log::Column::UserId.eq(user_id))
        .filter(sys_operation_log::Column::Action.eq(action.as_str()))
        .filter(sys_operation_log::Column::EntityType.eq(entity_type))
        .filter(sys_operation_log::Column::CreatedAt.gte(since))
        .count(conn)
        .await?)
}

#[derive(Clone, Debug, Serialize, serde::Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct LogEntry {
    pub id: i64,
    pub user_id: Option<i64>,
    pub user_name: Option<String>,
    pub action: String,
    pub entity_type: String,
    pub entity_id: i64,
    /// `{field: [old, new]}`
    #[ts(type = "Record<string, [unknown, unknown]> | null")]
    pub changes: Value,
    pub summary: Option<String>,
    pub created_at: chrono::NaiveDateTime,
}

impl From<sys_operation_log::Model> for LogEntry {
    fn from(m: sys_operation_log::Model) -> Self {
        LogEntry {
            id: m.id,
            user_id: m.user_id,
            user_name: m.user_name,
            action: m.action,
            entity_type: m.entity_type,
            entity_id: m.entity_id,
            changes: m.changes.and_then(|c| serde_json::from_str(&c).ok()).unwrap_or(Value::Null),
            summary: m.summary,
            created_at: m.created_at,
        }
    }
}

/// The history of one record, newest first. Requires `oplog:read`.
/// Unchecked: callers go through `history::of_record`, which applies the record's own access rule.
pub(crate) async fn history(ctx: &Ctx, entity_type: &str, entity_id: i64, page: PageReq) -> AppResult<Page<LogEntry>> {
    ctx.require("oplog:read")?;
    let page = page.normalized();
    let q = sys_operation_log::Entity::find()
        .filter(sys_operation_log::Column::EntityType.eq(entity_type))
        .filter(sys_operation_log::Column::EntityId.eq(entity_id))
        .order_by_desc(sys_operation_log::Column::Id);
    let total = q.clone().count(&ctx.db).await?;
    let items = q.paginate(&ctx.db, page.page_size).fetch_page(page.page - 1).await?;
    Ok(Page { items: items.into_iter().map(LogEntry::from).collect(), total, page: page.page, page_size: page.page_size })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct R {
        name: String,
        owner_id: i64,
        updated_at: String,
    }

    #[test]
    fn diff_lists_changed_fields_only() {
        let a = R { name: "甲".into(), owner_id: 1, updated_at: "x".into() };
        let b = R { name: "甲".into(), owner_id: 2, updated_at: "y".into() };
        let d = diff(Some(&a), Some(&b));
        assert_eq!(Value::Object(d).to_string(), r#"{"ownerId":[1,2]}"#);
        let d = diff(None, Some(&a));
        assert_eq!(d.len(), 2);
    }
}
