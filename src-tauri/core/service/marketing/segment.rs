//! Customer segments (客户分群): named, saved customer filters, computed when used. Four
//! are built in (沉睡客户, 成交客户, A 级潜在客户, 生日本月); they can be tuned (the days of
//! 沉睡客户, say) but not deleted. A campaign targets a tag or a segment ([`Target`]); the
//! customers it reaches are those of the target in the caller's data scope, never in the
//! public sea unless the rule asks for it.

use super::scope_sql;
use crate::entity::crm_customer_segment as seg;
use crate::entity::enums::{ContractStatus, CustomerLevel, CustomerStatus, CustomerType};
use crate::entity::{crm_customer, crm_customer_tag};
use crate::error::{AppError, AppResult};
use crate::service::stats::{int, rows};
use crate::service::{oplog, util, Ctx};
use chrono::{Datelike, NaiveDateTime};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};

const ENTITY: &str = "crm_customer_segment";

/// A segment's rule: every condition given must hold.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SegmentRule {
    /// Carries any of these tags.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tag_ids: Vec<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub level: Option<CustomerLevel>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub status: Option<CustomerStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub customer_type: Option<CustomerType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub industry: Option<String>,
    /// No follow-up (or, never followed, created) for at least this many days.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub idle_days: Option<u32>,
    /// Has a signed contract (已签约).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub has_signed_contract: bool,
    /// One of its contacts has a birthday this month (local calendar).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub birthday_this_month: bool,
    /// Came from this marketing activity.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional = nullable)]
    pub activity_id: Option<i64>,
    /// Include customers in the public sea (off: owned customers only).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub include_sea: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    pub id: i64,
    pub segment_name: String,
    pub rule: SegmentRule,
    /// The code of a built-in segment (cannot be deleted).
    #[ts(optional = nullable)]
    pub builtin: Option<String>,
    #[ts(optional = nullable)]
    pub description: Option<String>,
    /// Customers it holds now, in the caller's scope.
    pub customers: i64,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct SegmentInput {
    pub segment_name: String,
    pub rule: SegmentRule,
    #[ts(optional = nullable)]
    pub description: Option<String>,
}

/// Who a campaign reaches.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", tag = "kind", content = "id")]
pub enum Target {
    Tag(i64),
    Segment(i64),
}

/// The size of a rule being edited, and its newest customers.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentPreview {
    pub customers: i64,
    pub samples: Vec<SegmentSample>,
}

/// A few customers of a segment, to look at.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SegmentSample {
    pub id: i64,
    pub customer_name: String,
    #[ts(optional = nullable)]
    pub owner_name: Option<String>,
}

fn check_rule(r: &SegmentRule) -> AppResult<SegmentRule> {
    let mut r = r.clone();
    if let Some(d) = r.idle_days {
        if d == 0 || d > 36500 {
            return Err(AppError::validation("rule.idleDays", "未跟进天数须在 1 到 36500 之间", "Days without follow-up must be between 1 and 36500"));
        }
    }
    r.industry = r.industry.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
    r.tag_ids.sort_unstable();
    r.tag_ids.dedup();
    Ok(r)
}

/// `WHERE …` (after `FROM crm_customer c`) and its values for a rule, in the caller's scope.
pub(crate) fn where_sql(be: DatabaseBackend, r: &SegmentRule, scope: &crate::auth::OwnerScope, now: NaiveDateTime) -> (String, Vec<sea_orm::Value>) {
    let mut w = String::from(if r.include_sea { "1 = 1" } else { "c.is_in_sea = 0" });
    let mut v: Vec<sea_orm::Value> = vec![];
    if r.include_sea {
        // The sea is open to all; owned customers follow the scope.
        let s = scope_sql(scope, "c.owner_id");
        if !s.is_empty() {
            w += &format!(" AND (c.is_in_sea = 1 OR (1 = 1{s}))");
        }
    } else {
        w += &scope_sql(scope, "c.owner_id");
    }
    if let Some(l) = r.level {
        w += " AND c.level = ?";
        v.push(l.code().into());
    }
    if let Some(s) = r.status {
        w += " AND c.status = ?";
        v.push(s.code().into());
    }
    if let Some(t) = r.customer_type {
        w += " AND c.customer_type = ?";
        v.push(t.code().into());
    }
    if let Some(i) = &r.industry {
        w += " AND c.industry = ?";
        v.push(i.clone().into());
    }
    if let Some(a) = r.activity_id {
        w += " AND c.activity_id = ?";
        v.push(a.into());
    }
    if let Some(d) = r.idle_days {
        w += " AND COALESCE(c.last_follow_at, c.created_at) < ?";
        v.push((now - chrono::Duration::days(d as i64)).into());
    }
    if r.has_signed_contract {
        w += &format!(" AND EXISTS (SELECT 1 FROM crm_contract k WHERE k.customer_id = c.id AND k.status = {})", ContractStatus::Signed.code());
    }
    if r.birthday_this_month {
        let month = crate::service::util::local_date(now).month() as i32;
        let m = match be {
            DatabaseBackend::MySql => "MONTH(t.birthday)",
            _ => "CAST(substr(t.birthday, 6, 2) AS INTEGER)",
        };
        w += &format!(" AND EXISTS (SELECT 1 FROM crm_contact t WHERE t.customer_id = c.id AND t.birthday IS NOT NULL AND {m} = ?)");
        v.push(month.into());
    }
    if !r.tag_ids.is_empty() {
        w += &format!(
            " AND EXISTS (SELECT 1 FROM crm_customer_tag_link l WHERE l.customer_id = c.id AND l.tag_id IN ({}))",
            r.tag_ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")
        );
    }
    (w, v)
}

/// The rule a target stands for, and its human label (`crm_sms_marketing.target_tag`).
pub async fn target_rule<C: ConnectionTrait>(conn: &C, t: &Target) -> AppResult<(SegmentRule, String)> {
    match t {
        Target::Tag(id) => {
            let tag = crm_customer_tag::Entity::find_by_id(*id)
                .one(conn)
                .await?
                .ok_or_else(|| AppError::validation("target", "所选标签不存在", "The chosen tag does not exist"))?;
            Ok((SegmentRule { tag_ids: vec![*id], ..Default::default() }, tag.tag_name))
        }
        Target::Segment(id) => {
            let s = seg::Entity::find_by_id(*id)
                .one(conn)
                .await?
                .ok_or_else(|| AppError::validation("target", "所选分群不存在", "The chosen segment does not exist"))?;
            Ok((parse(&s.rule)?, s.segment_name))
        }
    }
}

fn parse(rule: &str) -> AppResult<SegmentRule> {
    serde_json::from_str(rule).map_err(|e| crate::service::settings::corrupt("crm_customer_segment.rule", &e.to_string()))
}

/// The customer ids a rule reaches in the caller's scope, ascending.
pub async fn resolve(ctx: &Ctx, r: &SegmentRule) -> AppResult<Vec<i64>> {
    let scope = ctx.owner_scope().await?;
    let be = ctx.db.get_database_backend();
    let (w, v) = where_sql(be, r, &scope, util::now());
    let mut out = vec![];
    for row in rows(&ctx.db, format!("SELECT c.id FROM crm_customer c WHERE {w} ORDER BY c.id"), v).await? {
        out.push(row.try_get_by_index::<i64>(0)?);
    }
    Ok(out)
}

/// How many customers a rule reaches in the caller's scope.
pub async fn count(ctx: &Ctx, r: &SegmentRule) -> AppResult<i64> {
    let scope = ctx.owner_scope().await?;
    let be = ctx.db.get_database_backend();
    let (w, v) = where_sql(be, r, &scope, util::now());
    let r = rows(&ctx.db, format!("SELECT {} FROM crm_customer c WHERE {w}", int(be, "COUNT(*)")), v).await?;
    Ok(r.first().map(|r| r.try_get_by_index::<i64>(0)).transpose()?.unwrap_or(0))
}

/// Every segment with its current size in the caller's scope.
pub async fn list(ctx: &Ctx) -> AppResult<Vec<Segment>> {
    ctx.require("marketing:read")?;
    let list = seg::Entity::find().order_by_asc(seg::Column::Id).all(&ctx.db).await?;
    let mut out = Vec::with_capacity(list.len());
    for s in list {
        let rule = parse(&s.rule)?;
        let customers = count(ctx, &rule).await?;
        out.push(Segment { id: s.id, segment_name: s.segment_name, rule, builtin: s.builtin, description: s.description, customers });
    }
    Ok(out)
}

/// How many customers a rule (being edited) would hold, and the first few of them.
pub async fn preview(ctx: &Ctx, rule: SegmentRule) -> AppResult<SegmentPreview> {
    ctx.require("marketing:read")?;
    let rule = check_rule(&rule)?;
    let n = count(ctx, &rule).await?;
    let scope = ctx.owner_scope().await?;
    let be = ctx.db.get_database_backend();
    let (w, v) = where_sql(be, &rule, &scope, util::now());
    let ids: Vec<i64> = rows(&ctx.db, format!("SELECT c.id FROM crm_customer c WHERE {w} ORDER BY c.id DESC LIMIT 20"), v)
        .await?
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0))
        .collect::<Result<_, _>>()?;
    let list = crm_customer::Entity::find().filter(crm_customer::Column::Id.is_in(ids.clone())).all(&ctx.db).await?;
    use crate::entity::sys_user;
    let owners = util::names_by_id::<sys_user::Entity, _>(&ctx.db, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|c| c.owner_id)).await?;
    let mut samples: Vec<SegmentSample> =
        list.into_iter().map(|c| SegmentSample { id: c.id, owner_name: owners.get(&c.owner_id).cloned(), customer_name: c.customer_name }).collect();
    samples.sort_by_key(|s| std::cmp::Reverse(s.id));
    Ok(SegmentPreview { customers: n, samples })
}

async fn name_taken<C: ConnectionTrait>(conn: &C, name: &str, except: Option<i64>) -> AppResult<()> {
    let mut q = seg::Entity::find().filter(seg::Column::SegmentName.eq(name));
    if let Some(id) = except {
        q = q.filter(seg::Column::Id.ne(id));
    }
    if q.count(conn).await? > 0 {
        return Err(AppError::conflict(Some("segmentName"), format!("已有名为「{name}」的分群"), format!("A segment named \"{name}\" already exists")));
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, i: SegmentInput) -> AppResult<i64> {
    ctx.require("marketing:create")?;
    let name = util::required("segmentName", "分群名称", "Segment name", &i.segment_name, 50)?;
    let rule = check_rule(&i.rule)?;
    let desc = util::optional("description", "说明", "Description", i.description.as_deref(), 500)?;
    let txn = ctx.db.begin().await?;
    name_taken(&txn, &name, None).await?;
    let by = ctx.recorder(&txn).await?;
    let now = util::now();
    let m = seg::ActiveModel {
        segment_name: Set(name.clone()),
        rule: Set(serde_json::to_string(&rule).map_err(AppError::internal)?),
        builtin: Set(None),
        description: Set(desc),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, ENTITY, m.id, oplog::diff(None, Some(&m)), Some(format!("新建客户分群 {name}"))).await?;
    txn.commit().await?;
    Ok(m.id)
}

pub async fn update(ctx: &Ctx, id: i64, i: SegmentInput) -> AppResult<()> {
    ctx.require("marketing:update")?;
    let name = util::required("segmentName", "分群名称", "Segment name", &i.segment_name, 50)?;
    let rule = check_rule(&i.rule)?;
    let desc = util::optional("description", "说明", "Description", i.description.as_deref(), 500)?;
    let txn = ctx.db.begin().await?;
    let before = seg::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    name_taken(&txn, &name, Some(id)).await?;
    let mut m: seg::ActiveModel = before.clone().into();
    m.segment_name = Set(name);
    m.rule = Set(serde_json::to_string(&rule).map_err(AppError::internal)?);
    m.description = Set(desc);
    m.updated_at = Set(Some(util::now()));
    let after = m.update(&txn).await?;
    let mut changes = oplog::diff(Some(&before), Some(&after));
    changes.remove("updatedAt");
    if !changes.is_empty() {
        oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, id, changes, None).await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("marketing:delete")?;
    let txn = ctx.db.begin().await?;
    let m = seg::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    if m.builtin.is_some() {
        return Err(AppError::conflict(Some("id"), "内置分群不能删除,可以修改它的条件", "A built-in segment cannot be deleted; its rule can be changed"));
    }
    seg::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, ENTITY, id, oplog::diff(Some(&m), None), Some(format!("删除客户分群 {}", m.segment_name))).await?;
    txn.commit().await?;
    Ok(())
}

fn not_found() -> AppError {
    AppError::not_found("分群不存在", "The segment does not exist")
}
