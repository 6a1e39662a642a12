//! Optimistic concurrency. Every record an edit form saves carries `lock_version`,
//! raised by one on each save (by the entities' `before_save`). A form sends back the
//! version it loaded; a save against a newer row is refused with CONFLICT naming who
//! changed it and when, so nobody silently overwrites a colleague's work.

use crate::entity::sys_operation_log;
use crate::error::{AppError, AppResult};
use sea_orm::{ActiveValue, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

/// Refuse a save made from version `expected` of a row now at `current`.
/// `expected` None: the caller did not load the record through a form (CLI, imports).
pub async fn check<C: ConnectionTrait>(conn: &C, entity_type: &str, id: i64, expected: Option<i32>, current: i32) -> AppResult<()> {
    let Some(expected) = expected else { return Ok(()) };
    if expected == current {
        return Ok(());
    }
    let last = sys_operation_log::Entity::find()
        .filter(sys_operation_log::Column::EntityType.eq(entity_type))
        .filter(sys_operation_log::Column::EntityId.eq(id))
        .order_by_desc(sys_operation_log::Column::Id)
        .one(conn)
        .await?;
    Err(stale(last.as_ref().and_then(|l| l.user_name.clone()), last.map(|l| l.created_at)))
}

/// The CONFLICT of a stale save: "changed by X at T" (T in this computer's time zone).
pub fn stale(who: Option<String>, at: Option<chrono::NaiveDateTime>) -> AppError {
    let when = at
        .map(|t| chrono::DateTime::<chrono::Utc>::from_naive_utc_and_offset(t, chrono::Utc).with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string());
    match (who, when) {
        (Some(w), Some(t)) => AppError::conflict(
            Some("lockVersion"),
            format!("该记录已被 {w} 于 {t} 修改,您的保存未生效;请重新加载后再改"),
            format!("This record was changed by {w} at {t}; your save was not applied. Reload it and edit again"),
        ),
        _ => AppError::conflict(
            Some("lockVersion"),
            "该记录已被他人修改,您的保存未生效;请重新加载后再改",
            "This record was changed by someone else; your save was not applied. Reload it and edit again",
        ),
    }
}

/// `before_save` of a versioned entity: an update raises the version by one.
pub fn bump(v: &mut ActiveValue<i32>, insert: bool) {
    if insert {
        if !v.is_set() {
            *v = ActiveValue::Set(0);
        }
        return;
    }
    let current = match v {
        ActiveValue::Set(x) | ActiveValue::Unchanged(x) => *x,
        ActiveValue::NotSet => return,
    };
    *v = ActiveValue::Set(current + 1);
}
