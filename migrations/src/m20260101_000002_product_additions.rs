//! Product additions on top of the seed: login/lockout columns and supervisor on
//! `sys_user`, roles, document numbering, settings and the operation log.
//! Columns added to seed tables are nullable or have defaults, so rows written with
//! only the seed columns (by other tools or DBAs) stay valid.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, Query, SchemaManager};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20260101_000002_product_additions";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        sys_user_additions().add_to_existing(m).await?;
        for t in new_tables() {
            t.create(m).await?;
        }
        let mut insert = Query::insert();
        insert.into_table("sys_number_rule").columns(["doc_type", "pattern", "reset_period"]);
        for (doc_type, pattern, reset_period) in DEFAULT_NUMBER_RULES {
            insert.values_panic([(*doc_type).into(), (*pattern).into(), (*reset_period).into()]);
        }
        m.execute(insert).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in new_tables().iter().rev() {
            t.drop(m).await?;
        }
        sys_user_additions().remove_from_existing(m).await
    }

    /// Atomic on SQLite (transactional DDL); harmless on MySQL, where DDL commits implicitly.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

/// Default document number rules: (doc_type, pattern, reset_period 1 = daily).
pub(crate) const DEFAULT_NUMBER_RULES: &[(&str, &str, i32)] = &[
    ("quotation", "QT{yyyyMMdd}{seq:4}", 1),
    ("contract", "HT{yyyyMMdd}{seq:4}", 1),
    ("payment", "HK{yyyyMMdd}{seq:4}", 1),
    ("invoice", "FP{yyyyMMdd}{seq:4}", 1),
    ("work_order", "GD{yyyyMMdd}{seq:4}", 1),
];

/// Columns and index added to the existing `sys_user`.
#[rustfmt::skip]
fn sys_user_additions() -> Table {
    Table::new("sys_user", "")
        .col("password_hash", Varchar(255), NN.default_str(""), "密码哈希(argon2id)")
        .col("supervisor_id", BigInt, NULL, "直属上级用户ID")
        .col("login_fail_count", Int, NN.default(0), "连续登录失败次数")
        .col("locked_until", DateTime, NULL, "锁定截止时间")
        .key("idx_supervisor", &["supervisor_id"])
}

#[rustfmt::skip]
pub(crate) fn new_tables() -> Vec<Table> {
    vec![
        Table::new("sys_role", "角色(权限与数据范围)")
            .id("角色ID")
            .col("role_name", Varchar(50), NN, "角色名称")
            .col("permissions", Text, NULL, "权限标识,逗号分隔(如 customer:read)")
            .col("data_scope", TinyInt, NN.default(1), "数据范围:1-本人,2-本人及下属,3-本部门,4-本部门及下级部门,5-全部")
            .col("status", TinyInt, NN.default(1), "状态:0-禁用,1-启用")
            .col("remark", Varchar(255), NULL, "备注")
            .created_at("创建时间")
            .updated_at("更新时间")
            .unique("uk_role_name", &["role_name"]),
        Table::new("sys_number_rule", "单据编号规则")
            .id("规则ID")
            .col("doc_type", Varchar(30), NN, "单据类型(quotation/contract/payment/invoice/work_order)")
            .col("pattern", Varchar(100), NN, "编号规则,如 QT{yyyyMMdd}{seq:4}")
            .col("reset_period", TinyInt, NN.default(1), "重置周期:0-不重置,1-每日,2-每月,3-每年")
            .updated_at("更新时间")
            .unique("uk_doc_type", &["doc_type"]),
        Table::new("sys_number_counter", "单据编号计数器")
            .id("计数器ID")
            .col("doc_type", Varchar(30), NN, "单据类型")
            .col("period_key", Varchar(20), NN.default_str(""), "周期标识(如20261129;不重置为空)")
            .col("current_value", BigInt, NN.default(0), "当前序号")
            .updated_at("更新时间")
            .unique("uk_doc_period", &["doc_type", "period_key"]),
        Table::new("sys_setting", "系统设置(公司信息/公海规则/编号等)")
            .id("设置ID")
            .col("setting_key", Varchar(100), NN, "设置键")
            .col("setting_value", Text, NULL, "设置值(JSON)")
            .col("updated_by", BigInt, NULL, "最后修改人ID")
            .updated_at("更新时间")
            .unique("uk_setting_key", &["setting_key"]),
        Table::new("sys_operation_log", "操作日志")
            .id("日志ID")
            .col("user_id", BigInt, NULL, "操作人ID")
            .col("user_name", Varchar(50), NULL, "操作人姓名")
            .col("action", Varchar(20), NN, "操作类型(create/update/delete/status/owner)")
            .col("entity_type", Varchar(50), NN, "对象类型(表名)")
            .col("entity_id", BigInt, NN, "对象ID")
            .col("changes", Text, NULL, "变更字段JSON:{字段:[旧值,新值]}")
            .col("summary", Varchar(500), NULL, "摘要")
            .created_at("操作时间")
            .key("idx_entity", &["entity_type", "entity_id"])
            .key("idx_user", &["user_id"])
            .key("idx_created", &["created_at"]),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn description_is_consistent() {
        let mut all = crate::m20260101_000001_seed_tables::tables();
        all.extend(super::new_tables());
        crate::schema::validate(&all).unwrap();
        crate::schema::validate(&[super::sys_user_additions()]).unwrap();
    }
}
