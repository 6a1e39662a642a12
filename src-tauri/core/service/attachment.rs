//! Files kept with a record in the database (`sys_attachment`), so every desktop sharing
//! it can open them: a contract's signed scan today, receipts and invoices next. The
//! owning service checks access to the record; this module only stores and reads.

use super::{util, Ctx};
use crate::entity::sys_attachment;
use crate::error::{AppError, AppResult};
use crate::files;
use base64::Engine;
use chrono::NaiveDateTime;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use serde::{Deserialize, Serialize};

/// Largest attachment accepted: one row must fit MariaDB's default `max_allowed_packet`
/// (16 MB) with the statement around it.
pub const MAX_ATTACHMENT: usize = 15 * 1024 * 1024;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentRow {
    pub id: i64,
    pub file_name: String,
    pub mime_type: String,
    pub file_size: i64,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct AttachmentUpload {
    pub file_name: String,
    pub mime_type: String,
    /// The file, base64.
    pub content_base64: String,
}

/// A checked upload: name, type and bytes.
pub(crate) struct CleanUpload {
    name: String,
    mime: String,
    bytes: Vec<u8>,
}

/// Validate an upload before any record is touched. The stored name is a safe base name
/// and the stored type is sniffed from the bytes (the uploader's claim is ignored).
pub(crate) fn clean(up: &AttachmentUpload) -> AppResult<CleanUpload> {
    util::required("fileName", "文件名", "File name", &up.file_name, 255)?;
    let name = files::safe_file_name(&up.file_name);
    if up.content_base64.len() > MAX_ATTACHMENT / 3 * 4 + 8 {
        return Err(too_large());
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(up.content_base64.as_bytes())
        .map_err(|_| AppError::validation("contentBase64", "文件内容无法读取", "The file could not be read"))?;
    if bytes.is_empty() || bytes.len() > MAX_ATTACHMENT {
        return Err(too_large());
    }
    let mime = files::sniff(&bytes);
    Ok(CleanUpload { name, mime, bytes })
}

fn too_large() -> AppError {
    AppError::validation("contentBase64", "文件不能为空且不能超过 15 MB", "The file must be non-empty and at most 15 MB")
}

/// The files of one record, oldest first (without their content).
pub(crate) async fn list<C: ConnectionTrait>(conn: &C, entity_type: &str, entity_id: i64) -> AppResult<Vec<AttachmentRow>> {
    Ok(list_many(conn, entity_type, [entity_id]).await?.remove(&entity_id).unwrap_or_default())
}

/// The files of several records of one type, by record (without their content).
pub(crate) async fn list_many<C: ConnectionTrait>(
    conn: &C,
    entity_type: &str,
    entity_ids: impl IntoIterator<Item = i64>,
) -> AppResult<std::collections::HashMap<i64, Vec<AttachmentRow>>> {
    let ids: Vec<i64> = entity_ids.into_iter().collect();
    let mut out: std::collections::HashMap<i64, Vec<AttachmentRow>> = std::collections::HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<(i64, i64, String, String, i64, i64, NaiveDateTime)> = sys_attachment::Entity::find()
            .select_only()
            .column(sys_attachment::Column::EntityId)
            .column(sys_attachment::Column::Id)
            .column(sys_attachment::Column::FileName)
            .column(sys_attachment::Column::MimeType)
            .column(sys_attachment::Column::FileSize)
            .column(sys_attachment::Column::CreatedBy)
            .column(sys_attachment::Column::CreatedAt)
            .filter(sys_attachment::Column::EntityType.eq(entity_type))
            .filter(sys_attachment::Column::EntityId.is_in(chunk.to_vec()))
            .order_by_asc(sys_attachment::Column::Id)
            .into_tuple()
            .all(conn)
            .await?;
        for (entity_id, id, file_name, mime_type, file_size, created_by, created_at) in list {
            out.entry(entity_id).or_default().push(AttachmentRow { id, file_name, mime_type, file_size, created_by, created_at });
        }
    }
    Ok(out)
}

/// Store a checked upload with a record.
pub(crate) async fn insert<C: ConnectionTrait>(conn: &C, ctx: &Ctx, entity_type: &str, entity_id: i64, up: CleanUpload) -> AppResult<AttachmentRow> {
    let size = up.bytes.len() as i64;
    let m = sys_attachment::ActiveModel {
        entity_type: Set(entity_type.into()),
        entity_id: Set(entity_id),
        file_name: Set(up.name),
        mime_type: Set(up.mime),
        file_size: Set(size),
        content: Set(up.bytes),
        created_by: Set(ctx.recorder(conn).await?),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(AttachmentRow { id: m.id, file_name: m.file_name, mime_type: m.mime_type, file_size: m.file_size, created_by: m.created_by, created_at: m.created_at })
}

/// One stored file of the given record type (NOT_FOUND for another type or none).
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, entity_type: &str, id: i64) -> AppResult<sys_attachment::Model> {
    match sys_attachment::Entity::find_by_id(id).one(conn).await? {
        Some(a) if a.entity_type == entity_type => Ok(a),
        _ => Err(AppError::not_found("附件", "Attachment")),
    }
}

pub(crate) async fn delete<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<()> {
    sys_attachment::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

/// Remove every file of a record (when the record itself is deleted).
pub(crate) async fn delete_all<C: ConnectionTrait>(conn: &C, entity_type: &str, entity_id: i64) -> AppResult<()> {
    sys_attachment::Entity::delete_many()
        .filter(sys_attachment::Column::EntityType.eq(entity_type))
        .filter(sys_attachment::Column::EntityId.eq(entity_id))
        .exec(conn)
        .await?;
    Ok(())
}
