//! Repairs opportunities written by lead conversion before it used the configured stages:
//! conversion hard-coded the stage "初步接触" and left `win_probability` NULL, so the
//! weighted pipeline counted them as 0 and they fell off the kanban once the stages were
//! renamed. In-progress opportunities without a probability take their stage's
//! probability, or the first configured stage (and its probability) when their stage is
//! not in the list; won ones get 100 and lost ones 0, as closing them by hand does.
//! `updated_at` is kept: nobody edited them.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

pub const NAME: &str = "m20261203_000009_conversion_repair";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

/// The stage list as the app reads it (setting `opportunity_stages`), or the default.
async fn stages<C: ConnectionTrait>(db: &C) -> Result<Vec<(String, i32)>, DbErr> {
    let row = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT setting_value FROM sys_setting WHERE setting_key = 'opportunity_stages'"))
        .await?;
    let raw: Option<String> = row.and_then(|r| r.try_get_by_index::<Option<String>>(0).ok().flatten());
    let parsed: Vec<(String, i32)> = raw
        .and_then(|v| serde_json::from_str::<serde_json::Value>(&v).ok())
        .and_then(|v| v.as_array().cloned())
        .map(|list| list.iter().filter_map(|s| Some((s.get("name")?.as_str()?.to_string(), i32::try_from(s.get("probability")?.as_i64()?).ok()?))).collect())
        .unwrap_or_default();
    Ok(if parsed.is_empty() {
        [("初步接触", 10), ("需求分析", 30), ("方案报价", 50), ("商务谈判", 70), ("赢单", 100)].into_iter().map(|(n, p)| (n.to_string(), p)).collect()
    } else {
        parsed
    })
}

/// The repair itself (also called by tests on both backends). Returns the rows changed.
pub async fn repair<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    let be = db.get_database_backend();
    let list = stages(db).await?;
    let mut changed = 0;
    let run = |sql: &'static str, values: Vec<sea_orm_migration::sea_orm::Value>| {
        let st = Statement::from_sql_and_values(be, sql, values);
        async move { db.execute_raw(st).await.map(|r| r.rows_affected()) }
    };
    for (name, p) in &list {
        changed += run(
            "UPDATE crm_opportunity SET win_probability = ?, updated_at = updated_at WHERE win_probability IS NULL AND status = 1 AND stage = ?",
            vec![(*p).into(), name.clone().into()],
        )
        .await?;
    }
    let (first, p) = list[0].clone();
    changed += run(
        "UPDATE crm_opportunity SET stage = ?, win_probability = ?, updated_at = updated_at WHERE win_probability IS NULL AND status = 1",
        vec![first.into(), p.into()],
    )
    .await?;
    changed += run("UPDATE crm_opportunity SET win_probability = 100, updated_at = updated_at WHERE win_probability IS NULL AND status = 2", vec![]).await?;
    changed += run("UPDATE crm_opportunity SET win_probability = 0, updated_at = updated_at WHERE win_probability IS NULL AND status = 3", vec![]).await?;
    Ok(changed)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        repair(m.get_connection()).await.map(|_| ())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // A data repair: nothing to undo.
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
