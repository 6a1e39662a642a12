//! After-sales service (服务工单):
//! * `crm_work_order` gains its service-level clocks: the first-response and resolution
//!   deadlines and their 80 % "at risk" points (computed from the creation time and the
//!   priority when the order is written, in calendar or working hours), when it was first
//!   responded to, resolved and closed, the active deadline (`sla_due_at`, NULL once
//!   resolved: the list sorts by it from an index), reopen count, close reason, the
//!   satisfaction comment and the return visit that records it, and `lock_version`;
//! * `crm_work_order_event`: the order's timeline (notes, status changes, assignments,
//!   transfers, priority changes, reopenings, ratings), written in the same transaction
//!   as the change it records;
//! * the standard sales roles may open and read work orders on their customers.
//!
//! Rows inserted with the seed's columns only (NULL clocks) are given their clocks by
//! the app's catch-up pass (on open and hourly) and `crm-admin repair`.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20261203_000008_service";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
fn work_order_additions() -> Table {
    Table::new("crm_work_order", "")
        .col("response_due_at", DateTime, NULL, "首次响应时限(UTC)")
        .col("resolve_due_at", DateTime, NULL, "解决时限(UTC)")
        .col("response_risk_at", DateTime, NULL, "首次响应预警时间(时限的80%)")
        .col("resolve_risk_at", DateTime, NULL, "解决预警时间(时限的80%)")
        .col("sla_due_at", DateTime, NULL, "当前时限(未响应=响应时限,未解决=解决时限,已解决为空;派生)")
        .col("sla_risk_at", DateTime, NULL, "当前预警时间(派生)")
        .col("first_response_at", DateTime, NULL, "首次响应时间")
        .col("resolved_at", DateTime, NULL, "解决时间")
        .col("closed_at", DateTime, NULL, "关闭时间")
        .col("reopen_count", Int, NN.default(0), "重新打开次数")
        .col("close_reason", Varchar(500), NULL, "关闭原因(未解决即关闭时必填)")
        .col("satisfaction_comment", Varchar(1000), NULL, "满意度评价")
        .col("rated_at", DateTime, NULL, "满意度录入时间")
        .col("return_visit_id", BigInt, NULL, "满意度回访记录ID(crm_return_visit)")
        .col("lock_version", Int, NN.default(0), "行版本(乐观锁,每次保存加一)")
        // The service list: open orders by nearest deadline, with who may see them (handler,
        // creator, customer) in the index, so a scoped list never reads the rows it skips;
        // the catch-up's status/clock mismatches.
        .key("idx_status_due", &["status", "sla_due_at", "assignee_id", "created_by", "customer_id"])
        // The board's counts by status and priority, from the index alone.
        .key("idx_status_priority", &["status", "priority"])
        .key("idx_created_by", &["created_by"])
}

#[rustfmt::skip]
pub(crate) fn event_table() -> Table {
    Table::new("crm_work_order_event", "服务工单处理记录(时间线)")
        .id("记录ID")
        .col("work_order_id", BigInt, NN, "工单ID")
        .col("kind", Varchar(20), NN, "类型:create/note/status/take/assign/transfer/priority/reopen/rate/edit")
        .col("from_status", TinyInt, NULL, "原状态")
        .col("to_status", TinyInt, NULL, "新状态")
        .col("assignee_id", BigInt, NULL, "指派/转派给谁")
        .col("content", Text, NULL, "内容(备注、原因、评价)")
        .col("actor_id", BigInt, NULL, "操作人ID")
        .created_at("记录时间")
        .key("idx_order", &["work_order_id", "id"])
        .key("idx_assignee_time", &["assignee_id", "created_at"])
}

/// The standard sales roles open work orders for their customers and follow them.
const ROLE_GRANTS: [(&str, &str); 2] = [("销售代表", "service:read,service:create"), ("销售经理", "service:read,service:create")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        work_order_additions().add_to_existing(m).await?;
        event_table().create(m).await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let append = match backend {
            DbBackend::MySql => "CONCAT(permissions, ',', ?)",
            _ => "permissions || ',' || ?",
        };
        for (role, grant) in ROLE_GRANTS {
            // Only roles that still hold no service permission (an administrator's own
            // choice is kept).
            let sql = format!(
                "UPDATE sys_role SET permissions = CASE WHEN permissions IS NULL OR permissions = '' THEN ? ELSE {append} END \
                 WHERE role_name = ? AND (permissions IS NULL OR permissions NOT LIKE '%service:%')"
            );
            db.execute_raw(Statement::from_sql_and_values(backend, sql, [grant.into(), grant.into(), role.into()])).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        event_table().drop(m).await?;
        work_order_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
