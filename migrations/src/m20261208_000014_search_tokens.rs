//! The search token index (`crm_search_token`, see `search_tokens`): created and filled
//! from the customers, leads, contacts and opportunities already there. On a large shared
//! database the fill takes a while (about a minute per million names); it runs once, in
//! `crm-admin migrate`.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

use crate::search_tokens;

pub const NAME: &str = "m20261208_000014_search_tokens";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match db.get_database_backend() {
            DbBackend::MySql => {
                // Binary collation: tokens are compared exactly (they are lower-cased when
                // written and looked up), and no two of a record may collide.
                db.execute_unprepared(
                    "CREATE TABLE crm_search_token (\
                       token VARCHAR(4) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL COMMENT '词元:两个相邻字符、四位数字片段或首字标记',\
                       kind TINYINT NOT NULL COMMENT '1客户 2线索 3联系人 4商机',\
                       record_id BIGINT NOT NULL COMMENT '记录ID',\
                       PRIMARY KEY (token, kind, record_id),\
                       KEY idx_search_token_record (kind, record_id)\
                     ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='搜索词元索引(由程序维护)'",
                )
                .await?;
            }
            _ => {
                db.execute_unprepared(
                    "CREATE TABLE crm_search_token (\
                       token TEXT NOT NULL, kind INTEGER NOT NULL, record_id INTEGER NOT NULL,\
                       PRIMARY KEY (token, kind, record_id)) WITHOUT ROWID",
                )
                .await?;
                db.execute_unprepared("CREATE INDEX idx_search_token_record ON crm_search_token (kind, record_id)").await?;
            }
        }
        search_tokens::rebuild(db).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection().execute_unprepared("DROP TABLE crm_search_token").await?;
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
