//! Opportunities (crm_opportunity): CRUD per customer, configurable stages with default
//! win probabilities, the kanban move, won / lost, and the weighted pipeline.

use super::listing::{self, SortKey};
use super::{access, oplog, settings, util, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::crm_opportunity::{self, Column};
use crate::entity::enums::OpportunityStatus;
use crate::entity::{crm_customer, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{NaiveDate, NaiveDateTime};
use rust_decimal::Decimal;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

pub const STAGES_KEY: &str = "opportunity_stages";

/// One stage of the sales process and its default win probability (%).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    pub name: String,
    pub probability: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(transparent)]
pub struct Stages(pub Vec<Stage>);

impl Default for Stages {
    fn default() -> Self {
        Stages(
            [("初步接触", 10), ("需求分析", 30), ("方案报价", 50), ("商务谈判", 70), ("赢单", 100)]
                .into_iter()
                .map(|(n, p)| Stage { name: n.to_string(), probability: p })
                .collect(),
        )
    }
}

/// The stage that means "won": the last one whose probability is 100 (赢单 by default).
/// Moving an opportunity there wins it; moving a won one out of it reopens it. None when
/// no stage has 100 %: then stage and status are independent.
pub fn won_stage(list: &[Stage]) -> Option<&Stage> {
    list.iter().rev().find(|s| s.probability == 100)
}

pub async fn stages<C: ConnectionTrait>(conn: &C) -> AppResult<Vec<Stage>> {
    let s: Stages = settings::read(conn, STAGES_KEY).await?;
    Ok(if s.0.is_empty() { Stages::default().0 } else { s.0 })
}

pub async fn get_stages(ctx: &Ctx) -> AppResult<Vec<Stage>> {
    ctx.require_login()?;
    stages(&ctx.db).await
}

pub async fn set_stages(ctx: &Ctx, list: Vec<Stage>) -> AppResult<Vec<Stage>> {
    ctx.require("settings:update")?;
    if list.is_empty() {
        return Err(AppError::validation("stages", "至少需要一个商机阶段", "At least one stage is required"));
    }
    let mut clean = Vec::with_capacity(list.len());
    for s in list {
        let name = util::required("stages", "阶段名称", "Stage name", &s.name, 50)?;
        if !(0..=100).contains(&s.probability) {
            return Err(AppError::validation("stages", "赢单概率须在 0 到 100 之间", "Win probability must be between 0 and 100"));
        }
        if clean.iter().any(|c: &Stage| c.name == name) {
            return Err(AppError::validation("stages", format!("阶段「{name}」重复"), format!("Stage \"{name}\" appears twice")));
        }
        clean.push(Stage { name, probability: s.probability });
    }
    settings::write(ctx, STAGES_KEY, &Stages(clean.clone())).await?;
    Ok(clean)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OpportunityRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: Option<String>,
    pub opportunity_name: String,
    pub product_ids: Option<String>,
    pub estimated_amount: Dec,
    pub win_probability: Option<i32>,
    /// estimated amount × probability, to the cent.
    pub weighted_amount: Dec,
    pub stage: String,
    pub expected_close_time: Option<NaiveDate>,
    pub status: OpportunityStatus,
    pub lose_reason: Option<String>,
    pub owner_id: i64,
    pub owner_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub fn weighted(amount: Dec, probability: Option<i32>) -> Dec {
    Dec(amount.inner() * Decimal::from(probability.unwrap_or(0)) / Decimal::ONE_HUNDRED).with_scale(2)
}

pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_opportunity::Model>) -> AppResult<Vec<OpportunityRow>> {
    let customers =
        util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, list.iter().map(|o| o.customer_id))
            .await?;
    let users = util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|o| o.owner_id)).await?;
    Ok(list
        .into_iter()
        .map(|o| OpportunityRow {
            lock_version: o.lock_version,
            customer_name: customers.get(&o.customer_id).cloned(),
            owner_name: users.get(&o.owner_id).cloned(),
            weighted_amount: weighted(o.estimated_amount, o.win_probability),
            id: o.id,
            customer_id: o.customer_id,
            opportunity_name: o.opportunity_name,
            product_ids: o.product_ids,
            estimated_amount: o.estimated_amount,
            win_probability: o.win_probability,
            stage: o.stage,
            expected_close_time: o.expected_close_time,
            status: o.status,
            lose_reason: o.lose_reason,
            owner_id: o.owner_id,
            created_at: o.created_at,
            updated_at: o.updated_at,
        })
        .collect())
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct OpportunityFilter {
    pub keyword: Option<String>,
    pub customer_id: Option<i64>,
    pub stage: Option<String>,
    pub status: Option<OpportunityStatus>,
    pub owner_id: Option<i64>,
    /// Expected to close on or before this date.
    pub close_before: Option<NaiveDate>,
    /// Created on or after / on or before these days (the desktop's calendar).
    #[ts(optional = nullable)]
    pub created_from: Option<NaiveDate>,
    #[ts(optional = nullable)]
    pub created_to: Option<NaiveDate>,
    /// None: most recently updated first.
    #[ts(optional = nullable)]
    pub sort: Option<OpportunitySort>,
    #[ts(optional = nullable)]
    pub desc: Option<bool>,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum OpportunitySort {
    OpportunityName,
    EstimatedAmount,
    WinProbability,
    Stage,
    ExpectedCloseTime,
    Status,
    UpdatedAt,
    CreatedAt,
}

/// The keyword filter (through the search token index), computed once per request.
async fn keyword(ctx: &Ctx, f: &OpportunityFilter) -> AppResult<Option<sea_orm::Condition>> {
    use super::search_index::{self, Kind};
    Ok(match f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => search_index::plan(ctx.reader(), Kind::Opportunity, k).await?.condition(Kind::Opportunity, Column::Id, &[Column::OpportunityName]),
        None => None,
    })
}

fn filtered(scope: &OwnerScope, f: &OpportunityFilter, keyword: &Option<sea_orm::Condition>) -> sea_orm::Select<crm_opportunity::Entity> {
    let mut q = access::filter_deals(scope, crm_opportunity::Entity::find(), Column::CustomerId);
    if let Some(k) = keyword {
        q = q.filter(k.clone());
    }
    if let Some(c) = f.customer_id {
        q = q.filter(Column::CustomerId.eq(c));
    }
    if let Some(s) = f.stage.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(Column::Stage.eq(s));
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(Column::OwnerId.eq(o));
    }
    if let Some(d) = f.created_from {
        q = q.filter(Column::CreatedAt.gte(util::local_midnight_utc(d)));
    }
    if let Some(d) = f.created_to {
        q = q.filter(Column::CreatedAt.lt(util::local_midnight_utc(d + chrono::Duration::days(1))));
    }
    if let Some(d) = f.close_before {
        q = q.filter(Column::ExpectedCloseTime.lte(d));
    }
    q
}

pub async fn list(ctx: &Ctx, f: OpportunityFilter, page: PageReq) -> AppResult<Page<OpportunityRow>> {
    ctx.require("opportunity:read")?;
    let page = page.normalized();
    let q = filtered(&ctx.owner_scope().await?, &f, &keyword(ctx, &f).await?);
    let key = match f.sort {
        None | Some(OpportunitySort::UpdatedAt) => SortKey::Plain(Column::UpdatedAt),
        Some(OpportunitySort::OpportunityName) => SortKey::Plain(Column::OpportunityName),
        Some(OpportunitySort::EstimatedAmount) => SortKey::Money(Column::EstimatedAmount),
        Some(OpportunitySort::WinProbability) => SortKey::Plain(Column::WinProbability),
        Some(OpportunitySort::Stage) => SortKey::Plain(Column::Stage),
        Some(OpportunitySort::ExpectedCloseTime) => SortKey::Plain(Column::ExpectedCloseTime),
        Some(OpportunitySort::Status) => SortKey::Plain(Column::Status),
        Some(OpportunitySort::CreatedAt) => SortKey::Plain(Column::CreatedAt),
    };
    let (list, total) = listing::fetch(ctx.reader(), q, page, key, f.desc.unwrap_or(true), Column::Id).await?;
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

/// The kanban: in-progress opportunities grouped by stage, in stage order (at most
/// `per_stage` cards each, newest first), with each column's count and sums.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct KanbanColumn {
    pub stage: String,
    pub probability: i32,
    pub count: u64,
    pub amount: Dec,
    pub weighted_amount: Dec,
    pub cards: Vec<OpportunityRow>,
}

pub async fn kanban(ctx: &Ctx, f: OpportunityFilter) -> AppResult<Vec<KanbanColumn>> {
    ctx.require("opportunity:read")?;
    let f = OpportunityFilter { status: Some(OpportunityStatus::InProgress), ..f };
    let scope = ctx.owner_scope().await?;
    let stage_list = stages(&ctx.db).await?;
    let won_list = stage_list.clone();
    let kw = keyword(ctx, &f).await?;
    let mut out = Vec::with_capacity(stage_list.len());
    for s in stage_list {
        // The won stage's column holds the won opportunities (dragging a card there wins it,
        // dragging it out reopens it); the others hold those in progress.
        let status = if won_stage(&won_list).is_some_and(|w| w.name == s.name) { OpportunityStatus::Won } else { OpportunityStatus::InProgress };
        let q = filtered(&scope, &OpportunityFilter { stage: Some(s.name.clone()), status: Some(status), ..f.clone() }, &kw);
        let all: Vec<(Dec, Option<i32>)> =
            q.clone().select_only().column(Column::EstimatedAmount).column(Column::WinProbability).into_tuple().all(&ctx.db).await?;
        let amount = Dec(all.iter().map(|(a, _)| a.inner()).sum());
        let weighted_amount = all.iter().map(|(a, p)| weighted(*a, *p)).fold(Dec::ZERO, |x, y| x + y);
        let cards = q.order_by_desc(Column::UpdatedAt).order_by_desc(Column::Id).limit(100).all(&ctx.db).await?;
        out.push(KanbanColumn {
            stage: s.name,
            probability: s.probability,
            count: all.len() as u64,
            amount,
            weighted_amount,
            cards: rows(&ctx.db, cards).await?,
        });
    }
    Ok(out)
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PipelineRow {
    /// Owner name or stage name.
    pub key: String,
    pub count: u64,
    pub amount: Dec,
    pub weighted_amount: Dec,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Pipeline {
    pub by_owner: Vec<PipelineRow>,
    pub by_stage: Vec<PipelineRow>,
    pub total: PipelineRow,
}

/// The weighted pipeline of in-progress opportunities in the caller's scope.
pub async fn pipeline(ctx: &Ctx) -> AppResult<Pipeline> {
    ctx.require("opportunity:read")?;
    let scope = ctx.owner_scope().await?;
    let q = filtered(&scope, &OpportunityFilter { status: Some(OpportunityStatus::InProgress), ..Default::default() }, &None);
    let all: Vec<(i64, String, Dec, Option<i32>)> = q
        .select_only()
        .column(Column::OwnerId)
        .column(Column::Stage)
        .column(Column::EstimatedAmount)
        .column(Column::WinProbability)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let names: HashMap<i64, String> = sys_user::Entity::find().all(&ctx.db).await?.into_iter().map(|u| (u.id, u.full_name)).collect();
    let add = |m: &mut BTreeMap<String, PipelineRow>, k: String, a: Dec, p: Option<i32>| {
        let r = m.entry(k.clone()).or_insert(PipelineRow { key: k, count: 0, amount: Dec::ZERO, weighted_amount: Dec::ZERO });
        r.count += 1;
        r.amount = r.amount + a;
        r.weighted_amount = r.weighted_amount + weighted(a, p);
    };
    let (mut by_owner, mut by_stage, mut total) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
    for (o, s, a, p) in &all {
        add(&mut by_owner, names.get(o).cloned().unwrap_or_else(|| format!("#{o}")), *a, *p);
        add(&mut by_stage, s.clone(), *a, *p);
        add(&mut total, String::new(), *a, *p);
    }
    let order: Vec<String> = stages(&ctx.db).await?.into_iter().map(|s| s.name).collect();
    let mut by_stage: Vec<PipelineRow> = by_stage.into_values().collect();
    by_stage.sort_by_key(|r| order.iter().position(|s| *s == r.key).unwrap_or(usize::MAX));
    let mut by_owner: Vec<PipelineRow> = by_owner.into_values().collect();
    by_owner.sort_by_key(|b| std::cmp::Reverse(b.weighted_amount.inner()));
    Ok(Pipeline {
        by_owner,
        by_stage,
        total: total.into_values().next().unwrap_or(PipelineRow { key: String::new(), count: 0, amount: Dec::ZERO, weighted_amount: Dec::ZERO }),
    })
}

pub(crate) async fn load_visible<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64, lock: bool) -> AppResult<crm_opportunity::Model> {
    let q = crm_opportunity::Entity::find_by_id(id);
    let q = if lock { q.lock_exclusive() } else { q };
    match q.one(conn).await? {
        Some(o) if access::deals_of(conn, scope, o.customer_id).await? => Ok(o),
        _ => Err(AppError::not_found("商机", "Opportunity")),
    }
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<OpportunityRow> {
    ctx.require("opportunity:read")?;
    let o = load_visible(ctx.reader(), &ctx.owner_scope().await?, id, false).await?;
    Ok(rows(ctx.reader(), vec![o]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct OpportunityInput {
    pub customer_id: i64,
    pub opportunity_name: String,
    pub estimated_amount: Dec,
    /// Defaults to the first stage.
    #[serde(default)]
    pub stage: Option<String>,
    /// Defaults to the stage's probability.
    #[serde(default)]
    pub win_probability: Option<i32>,
    #[serde(default)]
    pub expected_close_time: Option<NaiveDate>,
    #[serde(default)]
    pub product_ids: Vec<i64>,
}

/// A configured stage by name (None: the first one).
pub(crate) async fn stage_of<C: ConnectionTrait>(conn: &C, name: Option<&str>) -> AppResult<Stage> {
    let list = stages(conn).await?;
    match name.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(list[0].clone()),
        Some(n) => list
            .into_iter()
            .find(|s| s.name == n)
            .ok_or_else(|| AppError::validation("stage", format!("阶段「{n}」不在商机阶段列表中"), format!("\"{n}\" is not one of the stages"))),
    }
}

fn check_probability(p: Option<i32>) -> AppResult<()> {
    if p.is_some_and(|p| !(0..=100).contains(&p)) {
        return Err(AppError::validation("winProbability", "赢单概率须在 0 到 100 之间", "Win probability must be between 0 and 100"));
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, input: OpportunityInput) -> AppResult<OpportunityRow> {
    ctx.require("opportunity:create")?;
    let name = util::required("opportunityName", "商机名称", "Opportunity name", &input.opportunity_name, 200)?;
    let amount = util::money("estimatedAmount", "预估金额", "Estimated amount", input.estimated_amount)?;
    check_probability(input.win_probability)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let c = access::owned_customer(&txn, &scope, input.customer_id).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::validation("customerId", "请选择您负责的客户", "Choose one of your customers"),
        e => e,
    })?;
    let stage = stage_of(&txn, input.stage.as_deref()).await?;
    let now = util::now();
    let products = if input.product_ids.is_empty() { None } else { Some(input.product_ids.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")) };
    let m = crm_opportunity::ActiveModel {
        customer_id: Set(c.id),
        opportunity_name: Set(name),
        product_ids: Set(products.map(|p| p.chars().take(255).collect())),
        estimated_amount: Set(amount),
        win_probability: Set(Some(input.win_probability.unwrap_or(stage.probability))),
        stage: Set(stage.name),
        expected_close_time: Set(util::opt_date("expectedCloseTime", input.expected_close_time)?),
        status: Set(OpportunityStatus::InProgress),
        lose_reason: Set(None),
        owner_id: Set(c.owner_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_opportunity", m.id, oplog::diff(None, Some(&m)), Some(m.opportunity_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

pub async fn update(ctx: &Ctx, id: i64, input: OpportunityInput) -> AppResult<OpportunityRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: OpportunityInput, version: Option<i32>) -> AppResult<OpportunityRow> {
    ctx.require("opportunity:update")?;
    let name = util::required("opportunityName", "商机名称", "Opportunity name", &input.opportunity_name, 200)?;
    let amount = util::money("estimatedAmount", "预估金额", "Estimated amount", input.estimated_amount)?;
    check_probability(input.win_probability)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    super::version::check(&txn, "crm_opportunity", id, version, before.lock_version).await?;
    if before.status != OpportunityStatus::InProgress {
        return Err(AppError::conflict(Some("status"), "已赢单或输单的商机不能再修改", "A won or lost opportunity can no longer be edited"));
    }
    let stage = stage_of(&txn, input.stage.as_deref().or(Some(before.stage.as_str()))).await?;
    let mut am = before.clone().into_active_model();
    am.opportunity_name = Set(name);
    am.estimated_amount = Set(amount);
    if stage.name != before.stage && input.win_probability.is_none() {
        am.win_probability = Set(Some(stage.probability));
    } else if input.win_probability.is_some() {
        am.win_probability = Set(input.win_probability);
    }
    if won_stage(&stages(&txn).await?).is_some_and(|w| w.name == stage.name) {
        am.status = Set(OpportunityStatus::Won);
        am.win_probability = Set(Some(100));
    }
    am.stage = Set(stage.name);
    am.expected_close_time = Set(util::opt_date("expectedCloseTime", input.expected_close_time)?);
    am.product_ids = Set(if input.product_ids.is_empty() { None } else { Some(input.product_ids.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")) });
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_opportunity", id, oplog::diff(Some(&before), Some(&after)), Some(after.opportunity_name.clone()))
        .await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// The kanban drag: a new stage, and that stage's default probability.
pub async fn move_stage(ctx: &Ctx, id: i64, stage: &str) -> AppResult<OpportunityRow> {
    ctx.require("opportunity:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    let s = stage_of(&txn, Some(stage)).await?;
    let list = stages(&txn).await?;
    let won = won_stage(&list).map(|w| w.name.clone());
    let into_won = won.as_deref() == Some(s.name.as_str());
    let mut am = before.clone().into_active_model();
    match before.status {
        OpportunityStatus::InProgress if into_won => am.status = Set(OpportunityStatus::Won),
        OpportunityStatus::InProgress => {}
        // A won opportunity dragged out of the won stage is in progress again, unless a
        // signed contract made it won.
        OpportunityStatus::Won if !into_won && won.as_deref() == Some(before.stage.as_str()) => {
            let signed = crate::entity::crm_contract::Entity::find()
                .filter(crate::entity::crm_contract::Column::OpportunityId.eq(id))
                .filter(crate::entity::crm_contract::Column::Status.eq(crate::entity::enums::ContractStatus::Signed))
                .count(&txn)
                .await?;
            if signed > 0 {
                return Err(AppError::conflict(
                    Some("status"),
                    "该商机已有签约合同,不能退回进行中",
                    "A signed contract won this opportunity; it cannot go back",
                ));
            }
            am.status = Set(OpportunityStatus::InProgress);
        }
        _ => return Err(AppError::conflict(Some("status"), "已赢单或输单的商机不能再移动", "A won or lost opportunity cannot move")),
    }
    am.stage = Set(s.name);
    am.win_probability = Set(Some(s.probability));
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_opportunity", id, oplog::diff(Some(&before), Some(&after)), Some(after.opportunity_name.clone()))
        .await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// in progress → won, or → lost with a reason (required). Final.
pub async fn close(ctx: &Ctx, id: i64, status: OpportunityStatus, lose_reason: Option<String>) -> AppResult<OpportunityRow> {
    ctx.require("opportunity:update")?;
    let reason = match status {
        OpportunityStatus::Lost => Some(util::required("loseReason", "输单原因", "Reason for losing", lose_reason.as_deref().unwrap_or(""), 5000)?),
        OpportunityStatus::Won => None,
        OpportunityStatus::InProgress => return Err(AppError::validation("status", "只能标记为赢单或输单", "Mark it won or lost")),
    };
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    if before.status != OpportunityStatus::InProgress {
        return Err(AppError::conflict(
            Some("status"),
            format!("商机已{}", before.status.label_zh()),
            format!("The opportunity is already {}", before.status.label_en().to_lowercase()),
        ));
    }
    let mut am = before.clone().into_active_model();
    am.status = Set(status);
    am.lose_reason = Set(reason);
    if status == OpportunityStatus::Won {
        am.win_probability = Set(Some(100));
        if let Some(w) = won_stage(&stages(&txn).await?) {
            am.stage = Set(w.name.clone());
        }
    } else {
        am.win_probability = Set(Some(0));
    }
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, "crm_opportunity", id, oplog::diff(Some(&before), Some(&after)), Some(after.opportunity_name.clone()))
        .await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("opportunity:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_visible(&txn, &scope, id, true).await?;
    let q = crate::entity::crm_quotation::Entity::find().filter(crate::entity::crm_quotation::Column::OpportunityId.eq(id)).count(&txn).await?;
    if q > 0 {
        return Err(AppError::conflict(None, "该商机已有报价单,不能删除", "This opportunity has quotations and cannot be deleted"));
    }
    crm_opportunity::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_opportunity", id, oplog::diff(Some(&before), None), Some(before.opportunity_name)).await?;
    txn.commit().await?;
    Ok(())
}
