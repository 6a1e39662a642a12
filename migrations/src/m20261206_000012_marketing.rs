//! Marketing (市场营销), part one: activities with attribution, customer tags and segments,
//! SMS templates.
//! * `crm_marketing_activity` gains `status_manual` (a status set by hand no longer follows
//!   the dates), `updated_at` and `lock_version`;
//! * attribution: `crm_lead.activity_id` (the activity a lead came from; the lead form and
//!   the import set it) and `crm_customer.activity_id` (copied from the lead on conversion,
//!   or set on the customer form). Opportunities and contracts are attributed through
//!   their customer;
//! * `crm_customer_tag` (manual tags with a colour) and `crm_customer_tag_link` (which
//!   customer carries which tag);
//! * `crm_customer_segment`: named, saved customer filters (computed segments); the four
//!   built-in ones are created here and can be tuned but not deleted;
//! * `crm_sms_template` gains the gateway's template code and signature, who wrote it and
//!   when it changed;
//! * campaigns: `crm_sms_marketing` gains its target, status, schedule and progress
//!   (rows written before keep status 4 已完成); `crm_sms_send_detail` is the
//!   per-recipient log (snapshot of the recipients, the rendered text, the outcome), written
//!   before anything is sent so an interrupted campaign resumes without sending twice;
//!   `crm_sms_optout` is the opt-out list every campaign honours;
//! * the standard managers' roles may read marketing figures.
use sea_orm_migration::prelude::{async_trait, DbErr, MigrationName, MigrationTrait, SchemaManager};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::schema::{Table, Ty::*, NN, NULL};

pub const NAME: &str = "m20261206_000012_marketing";

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        NAME
    }
}

#[rustfmt::skip]
fn activity_additions() -> Table {
    Table::new("crm_marketing_activity", "")
        .col("status_manual", TinyInt, NN.default(0), "状态是否手工设置:0-按起止时间自动,1-手工")
        .col("updated_at", DateTime, NULL, "更新时间")
        .col("lock_version", Int, NN.default(0), "行版本(乐观锁,每次保存加一)")
}

#[rustfmt::skip]
fn lead_additions() -> Table {
    Table::new("crm_lead", "")
        .col("activity_id", BigInt, NULL, "来源市场活动ID")
        .key("idx_activity", &["activity_id"])
}

#[rustfmt::skip]
fn customer_additions() -> Table {
    Table::new("crm_customer", "")
        .col("activity_id", BigInt, NULL, "来源市场活动ID(线索转化时带入)")
        .key("idx_activity", &["activity_id"])
}

#[rustfmt::skip]
fn template_additions() -> Table {
    Table::new("crm_sms_template", "")
        .col("provider_code", Varchar(50), NULL, "服务商模板编号(如阿里云 SMS_xxx、腾讯云模板ID)")
        .col("sign_name", Varchar(50), NULL, "短信签名(不含【】,为空用默认签名)")
        .col("created_by", BigInt, NULL, "创建人ID")
        .col("updated_at", DateTime, NULL, "更新时间")
}

#[rustfmt::skip]
fn campaign_additions() -> Table {
    Table::new("crm_sms_marketing", "")
        .col("campaign_name", Varchar(100), NULL, "营销名称")
        .col("target_kind", Varchar(10), NULL, "目标类型:tag/segment")
        .col("target_id", BigInt, NULL, "目标标签或分群ID")
        .col("status", TinyInt, NN.default(4), "状态:1-待发送(定时),2-发送中,3-等待发送时段,4-已完成,5-已取消")
        .col("scheduled_at", DateTime, NULL, "定时发送时间(UTC,为空立即发送)")
        .col("skipped_count", Int, NN.default(0), "被排除的人数(退订/无效/重复/近期已发)")
        .col("started_at", DateTime, NULL, "开始发送时间")
        .col("finished_at", DateTime, NULL, "完成时间")
        .col("updated_at", DateTime, NULL, "更新时间")
        .key("idx_status_schedule", &["status", "scheduled_at"])
}

#[rustfmt::skip]
pub(crate) fn send_detail_table() -> Table {
    Table::new("crm_sms_send_detail", "短信发送明细(每个收件人一行)")
        .id("明细ID")
        .col("marketing_id", BigInt, NN, "短信营销ID")
        .col("customer_id", BigInt, NULL, "客户ID")
        .col("phone", Varchar(20), NN, "手机号(规范化的11位)")
        .col("content", Text, NULL, "实际发送的内容(含签名)")
        .col("status", TinyInt, NN.default(0), "状态:0-待发送,1-发送中,2-已提交,3-失败,4-退订排除,5-号码无效,6-重复号码,7-近期已发,8-结果未知")
        .col("provider_msg_id", Varchar(64), NULL, "服务商消息ID")
        .col("error_code", Varchar(64), NULL, "错误码")
        .col("error", Varchar(500), NULL, "错误说明")
        .col("attempts", Int, NN.default(0), "提交次数")
        .col("sent_at", DateTime, NULL, "提交时间")
        .created_at("")
        .key("idx_marketing_status", &["marketing_id", "status", "id"])
        .key("idx_phone_sent", &["phone", "sent_at"])
}

#[rustfmt::skip]
pub(crate) fn optout_table() -> Table {
    Table::new("crm_sms_optout", "短信退订名单")
        .id("ID")
        .col("phone", Varchar(20), NN, "手机号(规范化的11位)")
        .col("source", Varchar(20), NN, "来源:manual-手工,reply-客户回复")
        .col("reply_text", Varchar(100), NULL, "客户回复的内容(如 T、TD、R)")
        .col("created_by", BigInt, NULL, "登记人ID")
        .created_at("")
        .unique("uk_phone", &["phone"])
}

#[rustfmt::skip]
pub(crate) fn tag_table() -> Table {
    Table::new("crm_customer_tag", "客户标签")
        .id("标签ID")
        .col("tag_name", Varchar(50), NN, "标签名称")
        .col("color", Varchar(20), NN.default_str("#1677ff"), "颜色(#rrggbb)")
        .col("sort_order", Int, NN.default(0), "排序")
        .col("created_by", BigInt, NULL, "创建人ID")
        .created_at("")
        .unique("uk_tag_name", &["tag_name"])
}

#[rustfmt::skip]
pub(crate) fn tag_link_table() -> Table {
    Table::new("crm_customer_tag_link", "客户-标签关联")
        .id("关联ID")
        .col("tag_id", BigInt, NN, "标签ID")
        .col("customer_id", BigInt, NN, "客户ID")
        .col("created_by", BigInt, NULL, "打标签的人")
        .created_at("")
        .unique("uk_tag_customer", &["tag_id", "customer_id"])
        .key("idx_customer", &["customer_id"])
}

#[rustfmt::skip]
pub(crate) fn segment_table() -> Table {
    Table::new("crm_customer_segment", "客户分群(保存的筛选条件)")
        .id("分群ID")
        .col("segment_name", Varchar(50), NN, "分群名称")
        .col("rule", Text, NN, "筛选条件(JSON)")
        .col("builtin", Varchar(30), NULL, "内置分群代码(不可删除)")
        .col("description", Varchar(500), NULL, "说明")
        .col("created_by", BigInt, NULL, "创建人ID")
        .created_at("")
        .col("updated_at", DateTime, NULL, "更新时间")
        .unique("uk_segment_name", &["segment_name"])
}

/// The built-in segments: (code, name, rule, description).
pub const BUILTIN_SEGMENTS: [(&str, &str, &str, &str); 4] = [
    ("sleeping", "沉睡客户", r#"{"idleDays":90}"#, "超过 N 天没有跟进的客户"),
    ("signed", "成交客户", r#"{"hasSignedContract":true}"#, "有已签约合同的客户"),
    ("potential_a", "A 级潜在客户", r#"{"level":"a","status":"potential"}"#, "级别 A、状态为潜在的客户"),
    ("birthday_month", "生日本月", r#"{"birthdayThisMonth":true}"#, "有联系人本月过生日的客户"),
];

/// Managers read the marketing figures of the activities their reps bring leads from.
const ROLE_GRANTS: [(&str, &str); 1] = [("销售经理", "marketing:read")];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        activity_additions().add_to_existing(m).await?;
        lead_additions().add_to_existing(m).await?;
        customer_additions().add_to_existing(m).await?;
        template_additions().add_to_existing(m).await?;
        campaign_additions().add_to_existing(m).await?;
        send_detail_table().create(m).await?;
        optout_table().create(m).await?;
        tag_table().create(m).await?;
        tag_link_table().create(m).await?;
        segment_table().create(m).await?;
        let db = m.get_connection();
        let backend = db.get_database_backend();
        for (code, name, rule, desc) in BUILTIN_SEGMENTS {
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO crm_customer_segment (segment_name, rule, builtin, description) VALUES (?, ?, ?, ?)",
                [name.into(), rule.into(), code.into(), desc.into()],
            ))
            .await?;
        }
        let append = match backend {
            DbBackend::MySql => "CONCAT(permissions, ',', ?)",
            _ => "permissions || ',' || ?",
        };
        for (role, grant) in ROLE_GRANTS {
            let sql = format!(
                "UPDATE sys_role SET permissions = CASE WHEN permissions IS NULL OR permissions = '' THEN ? ELSE {append} END \
                 WHERE role_name = ? AND (permissions IS NULL OR permissions NOT LIKE '%marketing:%')"
            );
            db.execute_raw(Statement::from_sql_and_values(backend, sql, [grant.into(), grant.into(), role.into()])).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        segment_table().drop(m).await?;
        tag_link_table().drop(m).await?;
        tag_table().drop(m).await?;
        optout_table().drop(m).await?;
        send_detail_table().drop(m).await?;
        campaign_additions().remove_from_existing(m).await?;
        template_additions().remove_from_existing(m).await?;
        customer_additions().remove_from_existing(m).await?;
        lead_additions().remove_from_existing(m).await?;
        activity_additions().remove_from_existing(m).await
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}
