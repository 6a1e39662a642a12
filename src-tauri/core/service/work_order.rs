//! After-sales service: work orders (服务工单) with service-level clocks, assignment and
//! transfer, a timeline of notes and status changes, attachments, satisfaction recorded
//! as a return visit, the service board and the per-handler report.
//!
//! Who sees an order: everyone whose data scope covers its handler, its creator or the
//! owner of its customer; service staff (`service:update`) also see the unassigned queue.
//! Who works on it: its handler, and those with `service:assign` over the handler.
//! Status flow: 1 待处理 → 2 处理中 (needs a handler) → 3 已解决 (needs a solution) →
//! 4 已关闭; 1/2 → 4 with a reason; 3 → 2 reopens (counted). 4 is final.

use super::attachment::{self, AttachmentRow, AttachmentUpload};
use super::numbering::{self, DocType};
use super::sla::{self, SlaState, SlaTargets, WorkCalendar};
use super::{access, oplog, util, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::crm_work_order::{self, Column, Entity};
use crate::entity::enums::{ReturnVisitStatus, UserStatus, WorkOrderPriority, WorkOrderStatus};
use crate::entity::{crm_contact, crm_contract, crm_customer, crm_return_visit, crm_work_order_event as event, sys_user};
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel, Order, QueryFilter, QueryOrder, QuerySelect, Select, Set,
    TransactionTrait, TryIntoModel,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

const TABLE: &str = "crm_work_order";

// ---------------------------------------------------------------- settings

/// Setting `work_order`: order types, SLA targets and the working-hours calendar.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ServiceSettings {
    /// The order types offered (售后问题 / 产品咨询 / 投诉 …).
    pub types: Vec<String>,
    pub sla: SlaTargets,
    pub calendar: WorkCalendar,
    /// The version the settings form loaded (not stored in the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

impl Default for ServiceSettings {
    fn default() -> Self {
        ServiceSettings {
            types: vec!["售后问题".into(), "产品咨询".into(), "投诉".into()],
            sla: SlaTargets::default(),
            calendar: WorkCalendar::default(),
            lock_version: None,
        }
    }
}

pub const SETTINGS_KEY: &str = "work_order";

pub async fn settings_in<C: ConnectionTrait>(conn: &C) -> AppResult<ServiceSettings> {
    super::settings::read(conn, SETTINGS_KEY).await
}

pub async fn get_settings(ctx: &Ctx) -> AppResult<ServiceSettings> {
    ctx.require_login()?;
    let (mut s, v): (ServiceSettings, i32) = super::settings::read_versioned(&ctx.db, SETTINGS_KEY).await?;
    s.lock_version = Some(v);
    Ok(s)
}

pub async fn set_settings(ctx: &Ctx, mut s: ServiceSettings) -> AppResult<ServiceSettings> {
    ctx.require("settings:update")?;
    let expected = s.lock_version.take();
    let mut types: Vec<String> = vec![];
    for t in &s.types {
        let t = util::required("types", "工单类型", "Order type", t, 50)?;
        if !types.contains(&t) {
            types.push(t);
        }
    }
    if types.is_empty() {
        return Err(AppError::validation("types", "至少要有一个工单类型", "At least one order type is needed"));
    }
    s.types = types;
    for (name, t) in [("urgent", s.sla.urgent), ("normal", s.sla.normal), ("low", s.sla.low)] {
        if t.response_minutes == 0 || t.resolve_minutes == 0 || t.resolve_minutes > 60 * 24 * 365 {
            return Err(AppError::validation(&format!("sla.{name}"), "时限须大于 0 且不超过一年", "Targets must be more than 0 and at most a year"));
        }
        if t.response_minutes > t.resolve_minutes {
            return Err(AppError::validation(
                &format!("sla.{name}.responseMinutes"),
                "首次响应时限不能长于解决时限",
                "The first-response target cannot be longer than the resolution target",
            ));
        }
    }
    s.calendar.weekdays.sort_unstable();
    s.calendar.weekdays.dedup();
    s.calendar.holidays.sort_unstable();
    s.calendar.holidays.dedup();
    s.calendar.workdays.sort_unstable();
    s.calendar.workdays.dedup();
    s.calendar.validate()?;
    s.lock_version = Some(super::settings::write_checked(ctx, SETTINGS_KEY, &s, expected).await?);
    Ok(s)
}

// ---------------------------------------------------------------- views

/// Which clock an open order is running against.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum SlaClock {
    Response,
    Resolve,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderRow {
    pub id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub customer_name: Option<String>,
    pub contact_id: Option<i64>,
    pub contact_name: Option<String>,
    pub contract_id: Option<i64>,
    pub contract_no: Option<String>,
    pub order_type: String,
    pub title: String,
    pub priority: WorkOrderPriority,
    pub status: WorkOrderStatus,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub created_by: i64,
    pub created_by_name: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub response_due_at: Option<NaiveDateTime>,
    pub resolve_due_at: Option<NaiveDateTime>,
    pub first_response_at: Option<NaiveDateTime>,
    pub resolved_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    /// The deadline the order is running against (None once resolved).
    pub sla_due_at: Option<NaiveDateTime>,
    pub sla_clock: Option<SlaClock>,
    pub sla_state: SlaState,
    /// Seconds to the active deadline (negative: overdue by that much), at `now`.
    pub sla_seconds_left: Option<i64>,
    /// The first response came after its deadline.
    pub response_breached: bool,
    pub reopen_count: i32,
    pub satisfaction: Option<i8>,
    pub lock_version: i32,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderEventRow {
    pub id: i64,
    /// create / note / status / take / assign / transfer / priority / reopen / rate / edit
    pub kind: String,
    pub from_status: Option<WorkOrderStatus>,
    pub to_status: Option<WorkOrderStatus>,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub content: Option<String>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub created_at: NaiveDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderDetail {
    pub order: WorkOrderRow,
    pub content: String,
    pub solution: Option<String>,
    pub close_reason: Option<String>,
    pub satisfaction_comment: Option<String>,
    pub rated_at: Option<NaiveDateTime>,
    pub return_visit_id: Option<i64>,
    pub events: Vec<WorkOrderEventRow>,
    pub attachments: Vec<AttachmentRow>,
    /// The caller may change status, resolve, close, reopen and rate.
    pub can_work: bool,
    /// The caller may give the order to someone (or transfer their own).
    pub can_assign: bool,
    /// The caller may take it (unassigned and pending, and they are service staff).
    pub can_take: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkOrderInput {
    pub customer_id: i64,
    #[serde(default)]
    pub contact_id: Option<i64>,
    #[serde(default)]
    pub contract_id: Option<i64>,
    pub order_type: String,
    pub title: String,
    pub content: String,
    pub priority: WorkOrderPriority,
    /// Only when creating: give it to this handler at once.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// When editing: the version the form loaded.
    #[serde(default)]
    #[ts(optional)]
    pub lock_version: Option<i32>,
}

/// Which orders a list shows.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum WorkOrderQueue {
    /// 待处理 and 处理中.
    #[default]
    Open,
    All,
    Pending,
    Processing,
    Resolved,
    Closed,
    /// Resolved or closed and not yet rated.
    Unrated,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum WorkOrderSort {
    /// Nearest deadline first (orders without a running clock last).
    #[default]
    Due,
    Created,
    Priority,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkOrderFilter {
    pub queue: WorkOrderQueue,
    pub priority: Option<WorkOrderPriority>,
    /// Only orders assigned to the caller.
    pub mine: bool,
    /// Only orders without a handler.
    pub unassigned: bool,
    pub assignee_id: Option<i64>,
    /// onTrack / atRisk / breached (open orders).
    pub sla: Option<SlaState>,
    pub customer_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub contract_id: Option<i64>,
    pub order_type: Option<String>,
    /// Order number or title contains.
    pub q: Option<String>,
    pub sort: WorkOrderSort,
    pub desc: bool,
}

// ---------------------------------------------------------------- access

fn me(ctx: &Ctx) -> AppResult<i64> {
    ctx.actor_id().ok_or_else(|| AppError::validation("createdBy", "命令行不能执行此操作", "The CLI cannot do this"))
}

/// Customers whose orders a scoped caller sees, listed when there are at most this many
/// (an IN list); more fall back to a subquery.
const OWNED_LIST_MAX: usize = 5000;

/// The orders a caller may see, as a condition (None: all of them).
///
/// The customers owned within the scope are listed first: as a subquery inside the OR,
/// MariaDB probed it once per open order (66 ms p95 at 10,000 open orders).
async fn visible_condition(ctx: &Ctx, scope: &OwnerScope) -> AppResult<Option<Condition>> {
    let OwnerScope::Owners(ids) = scope else { return Ok(None) };
    let mut any = Condition::any().add(Column::AssigneeId.is_in(ids.iter().copied())).add(Column::CreatedBy.is_in(ids.iter().copied()));
    let owned: Vec<i64> = crm_customer::Entity::find()
        .select_only()
        .column(crm_customer::Column::Id)
        .filter(crm_customer::Column::IsInSea.eq(0))
        .filter(crm_customer::Column::OwnerId.is_in(ids.iter().copied()))
        .limit(OWNED_LIST_MAX as u64 + 1)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    if owned.len() > OWNED_LIST_MAX {
        if let Some(c) = access::deals_condition(scope, Column::CustomerId) {
            any = any.add(c);
        }
    } else if !owned.is_empty() {
        any = any.add(Column::CustomerId.is_in(owned));
    }
    if ctx.can("service:update") {
        any = any.add(Column::AssigneeId.is_null());
    }
    Ok(Some(any))
}

async fn is_visible<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, m: &crm_work_order::Model) -> AppResult<bool> {
    if *scope == OwnerScope::All {
        return Ok(true);
    }
    if m.assignee_id.is_some_and(|a| scope.allows(a)) || scope.allows(m.created_by) {
        return Ok(true);
    }
    if m.assignee_id.is_none() && ctx.can("service:update") {
        return Ok(true);
    }
    access::deals_of(conn, scope, m.customer_id).await
}

/// Load an order the caller may see (locked for update when `lock`).
async fn load<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, id: i64, lock: bool) -> AppResult<crm_work_order::Model> {
    let q = Entity::find_by_id(id);
    let m = if lock { q.lock_exclusive().one(conn).await? } else { q.one(conn).await? };
    match m {
        Some(m) if is_visible(conn, ctx, scope, &m).await? => Ok(m),
        _ => Err(AppError::not_found("工单", "Work order")),
    }
}

/// May the caller work on this order (status changes, solution, rating)?
fn can_work(ctx: &Ctx, scope: &OwnerScope, m: &crm_work_order::Model) -> bool {
    if !ctx.can("service:update") {
        return false;
    }
    if *scope == OwnerScope::All || ctx.is_system() {
        return true;
    }
    match m.assignee_id {
        Some(a) => ctx.actor_id() == Some(a) || (ctx.can("service:assign") && scope.allows(a)),
        None => true,
    }
}

fn require_work(ctx: &Ctx, scope: &OwnerScope, m: &crm_work_order::Model) -> AppResult<()> {
    ctx.require("service:update")?;
    if can_work(ctx, scope, m) {
        Ok(())
    } else {
        Err(AppError::conflict(Some("assigneeId"), "只有处理人或其主管可以处理该工单", "Only the handler or their manager can work on this order"))
    }
}

fn can_assign(ctx: &Ctx, scope: &OwnerScope, m: &crm_work_order::Model) -> bool {
    if m.status == WorkOrderStatus::Closed {
        return false;
    }
    if ctx.can("service:assign") {
        return *scope == OwnerScope::All || m.assignee_id.is_none_or(|a| scope.allows(a));
    }
    ctx.can("service:update") && m.assignee_id.is_some() && m.assignee_id == ctx.actor_id()
}

/// A handler must be an enabled user the caller may give work to: someone within the
/// caller's scope, or any service handler (a role with `service:update`).
async fn check_handler<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, id: i64) -> AppResult<sys_user::Model> {
    let u = sys_user::Entity::find_by_id(id).one(conn).await?;
    match u {
        Some(u) if u.status == UserStatus::Enabled => {
            if scope.allows(id) || ctx.actor_id() == Some(id) || works_on_orders(conn, &u).await? {
                Ok(u)
            } else {
                Err(AppError::validation("assigneeId", "只能指派给客服人员或您管辖范围内的同事", "Assign to service staff or to people within your scope"))
            }
        }
        _ => Err(AppError::validation("assigneeId", "处理人不存在或已停用", "The handler does not exist or is disabled")),
    }
}

/// Does one of the user's enabled roles work on orders (`service:update`)?
async fn works_on_orders<C: ConnectionTrait>(conn: &C, u: &sys_user::Model) -> AppResult<bool> {
    let ids = super::role::parse_role_ids(u.role_ids.as_deref());
    if ids.is_empty() {
        return Ok(false);
    }
    let roles = crate::entity::sys_role::Entity::find().filter(crate::entity::sys_role::Column::Id.is_in(ids)).all(conn).await?;
    Ok(roles.iter().any(|r| {
        r.status == crate::entity::enums::RoleStatus::Enabled
            && crate::auth::permission::has_permission(&crate::auth::permission::parse_list(r.permissions.as_deref()), "service:update")
    }))
}

fn illegal(from: WorkOrderStatus, to_zh: &str, to_en: &str) -> AppError {
    AppError::conflict(
        Some("status"),
        format!("工单{},不能{to_zh}", from.label_zh()),
        format!("The order is {}; it cannot be {to_en}", from.label_en().to_lowercase()),
    )
}

// ---------------------------------------------------------------- clocks

fn set_clocks(am: &mut crm_work_order::ActiveModel, c: sla::Clocks) {
    am.response_due_at = Set(Some(c.response_due));
    am.response_risk_at = Set(Some(c.response_risk));
    am.resolve_due_at = Set(Some(c.resolve_due));
    am.resolve_risk_at = Set(Some(c.resolve_risk));
}

/// Recompute the derived active clock of a model about to be saved.
fn with_active(mut am: crm_work_order::ActiveModel) -> AppResult<crm_work_order::ActiveModel> {
    fn v<T: Clone + Into<sea_orm::Value>>(a: &sea_orm::ActiveValue<T>) -> Option<T> {
        match a {
            sea_orm::ActiveValue::Set(x) | sea_orm::ActiveValue::Unchanged(x) => Some(x.clone()),
            sea_orm::ActiveValue::NotSet => None,
        }
    }
    let status = v(&am.status).ok_or_else(|| AppError::internal("work order status not set"))?;
    let (due, risk) = match status {
        WorkOrderStatus::Resolved | WorkOrderStatus::Closed => (None, None),
        _ if v(&am.first_response_at).flatten().is_none() => (v(&am.response_due_at).flatten(), v(&am.response_risk_at).flatten()),
        _ => (v(&am.resolve_due_at).flatten(), v(&am.resolve_risk_at).flatten()),
    };
    am.sla_due_at = Set(due);
    am.sla_risk_at = Set(risk);
    Ok(am)
}

fn row_state(m: &crm_work_order::Model, now: NaiveDateTime) -> (Option<SlaClock>, SlaState, Option<i64>) {
    match m.status {
        WorkOrderStatus::Resolved | WorkOrderStatus::Closed => (None, sla::done_state(m.resolved_at, m.resolve_due_at), None),
        _ => {
            // The stored active clock: the same one the list filters and sorts by.
            let (due, risk) = (m.sla_due_at, m.sla_risk_at);
            let clock = if m.first_response_at.is_none() { SlaClock::Response } else { SlaClock::Resolve };
            (due.map(|_| clock), sla::open_state(now, due, risk), due.map(|d| (d - now).num_seconds()))
        }
    }
}

// ---------------------------------------------------------------- rows

struct Names {
    customers: HashMap<i64, String>,
    contacts: HashMap<i64, String>,
    contracts: HashMap<i64, String>,
    users: HashMap<i64, String>,
}

async fn names<C: ConnectionTrait>(conn: &C, list: &[crm_work_order::Model]) -> AppResult<Names> {
    // Plain id lists (iterators holding closures across an await are not Send for Tauri).
    let customers: Vec<i64> = list.iter().map(|m| m.customer_id).collect();
    let contacts: Vec<i64> = list.iter().filter_map(|m| m.contact_id).collect();
    let contracts: Vec<i64> = list.iter().filter_map(|m| m.contract_id).collect();
    let users: Vec<i64> = list.iter().flat_map(|m| [Some(m.created_by), m.assignee_id]).flatten().collect();
    Ok(Names {
        customers: util::names_by_id::<crm_customer::Entity, _>(conn, crm_customer::Column::Id, crm_customer::Column::CustomerName, customers).await?,
        contacts: util::names_by_id::<crm_contact::Entity, _>(conn, crm_contact::Column::Id, crm_contact::Column::ContactName, contacts).await?,
        contracts: util::names_by_id::<crm_contract::Entity, _>(conn, crm_contract::Column::Id, crm_contract::Column::ContractNo, contracts).await?,
        users: util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, users).await?,
    })
}

fn to_row(m: crm_work_order::Model, n: &Names, now: NaiveDateTime) -> WorkOrderRow {
    let (clock, state, left) = row_state(&m, now);
    WorkOrderRow {
        customer_name: n.customers.get(&m.customer_id).cloned(),
        contact_name: m.contact_id.and_then(|c| n.contacts.get(&c).cloned()),
        contract_no: m.contract_id.and_then(|c| n.contracts.get(&c).cloned()),
        assignee_name: m.assignee_id.and_then(|a| n.users.get(&a).cloned()),
        created_by_name: n.users.get(&m.created_by).cloned(),
        sla_clock: clock,
        sla_state: state,
        sla_seconds_left: left,
        response_breached: match (m.first_response_at, m.response_due_at) {
            (Some(r), Some(d)) => r > d,
            (None, Some(d)) => now > d && matches!(m.status, WorkOrderStatus::Pending | WorkOrderStatus::Processing),
            _ => false,
        },
        id: m.id,
        order_no: m.order_no,
        customer_id: m.customer_id,
        contact_id: m.contact_id,
        contract_id: m.contract_id,
        order_type: m.order_type,
        title: m.title,
        priority: m.priority,
        status: m.status,
        assignee_id: m.assignee_id,
        created_by: m.created_by,
        created_at: m.created_at,
        updated_at: m.updated_at,
        response_due_at: m.response_due_at,
        resolve_due_at: m.resolve_due_at,
        first_response_at: m.first_response_at,
        resolved_at: m.resolved_at,
        closed_at: m.closed_at,
        sla_due_at: m.sla_due_at,
        reopen_count: m.reopen_count,
        satisfaction: m.satisfaction,
        lock_version: m.lock_version,
    }
}

async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_work_order::Model>) -> AppResult<Vec<WorkOrderRow>> {
    let n = names(conn, &list).await?;
    let now = util::now();
    Ok(list.into_iter().map(|m| to_row(m, &n, now)).collect())
}

// ---------------------------------------------------------------- list

fn open_statuses() -> [WorkOrderStatus; 2] {
    [WorkOrderStatus::Pending, WorkOrderStatus::Processing]
}

async fn filtered(ctx: &Ctx, scope: &OwnerScope, f: &WorkOrderFilter, now: NaiveDateTime) -> AppResult<Select<Entity>> {
    let mut q = Entity::find();
    if let Some(c) = visible_condition(ctx, scope).await? {
        q = q.filter(c);
    }
    q = match f.queue {
        WorkOrderQueue::Open => q.filter(Column::Status.is_in(open_statuses())),
        WorkOrderQueue::All => q,
        WorkOrderQueue::Pending => q.filter(Column::Status.eq(WorkOrderStatus::Pending)),
        WorkOrderQueue::Processing => q.filter(Column::Status.eq(WorkOrderStatus::Processing)),
        WorkOrderQueue::Resolved => q.filter(Column::Status.eq(WorkOrderStatus::Resolved)),
        WorkOrderQueue::Closed => q.filter(Column::Status.eq(WorkOrderStatus::Closed)),
        WorkOrderQueue::Unrated => q.filter(Column::Status.is_in([WorkOrderStatus::Resolved, WorkOrderStatus::Closed])).filter(Column::Satisfaction.is_null()),
    };
    if let Some(p) = f.priority {
        q = q.filter(Column::Priority.eq(p));
    }
    if f.mine {
        q = q.filter(Column::AssigneeId.eq(me(ctx)?));
    }
    if f.unassigned {
        q = q.filter(Column::AssigneeId.is_null());
    }
    if let Some(a) = f.assignee_id {
        q = q.filter(Column::AssigneeId.eq(a));
    }
    match f.sla {
        Some(SlaState::Breached) => q = q.filter(Column::SlaDueAt.lt(now)),
        Some(SlaState::AtRisk) => q = q.filter(Column::SlaDueAt.gte(now)).filter(Column::SlaRiskAt.lte(now)),
        Some(SlaState::OnTrack) => q = q.filter(Column::SlaRiskAt.gt(now)),
        Some(SlaState::Met) => q = q.filter(Expr::col(Column::ResolvedAt).lte(Expr::col(Column::ResolveDueAt))),
        Some(SlaState::Missed) => q = q.filter(Expr::col(Column::ResolvedAt).gt(Expr::col(Column::ResolveDueAt))),
        Some(SlaState::None) | None => {}
    }
    if let Some(c) = f.customer_id {
        q = q.filter(Column::CustomerId.eq(c));
    }
    if let Some(c) = f.contact_id {
        q = q.filter(Column::ContactId.eq(c));
    }
    if let Some(c) = f.contract_id {
        q = q.filter(Column::ContractId.eq(c));
    }
    if let Some(t) = f.order_type.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        q = q.filter(Column::OrderType.eq(t));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let text: String = text.chars().take(100).collect();
        q = q.filter(Condition::any().add(Column::OrderNo.contains(&text)).add(Column::Title.contains(&text)));
    }
    Ok(q)
}

fn ordered(q: Select<Entity>, f: &WorkOrderFilter) -> Select<Entity> {
    let ord = if f.desc { Order::Desc } else { Order::Asc };
    match f.sort {
        // Open orders all have a clock: the index on (status, sla_due_at) gives them in order.
        WorkOrderSort::Due if f.queue == WorkOrderQueue::Open => q.order_by(Column::SlaDueAt, ord.clone()).order_by(Column::Id, ord),
        WorkOrderSort::Due => q
            .order_by(Expr::cust("CASE WHEN sla_due_at IS NULL THEN 1 ELSE 0 END"), Order::Asc)
            .order_by(Column::SlaDueAt, ord.clone())
            .order_by(Column::Id, Order::Desc),
        WorkOrderSort::Created => q.order_by(Column::CreatedAt, if f.desc { Order::Asc } else { Order::Desc }).order_by(Column::Id, Order::Desc),
        WorkOrderSort::Priority => q.order_by(Column::Priority, ord.clone()).order_by(Column::SlaDueAt, Order::Asc).order_by(Column::Id, ord),
    }
}

pub async fn list(ctx: &Ctx, f: WorkOrderFilter, page: PageReq) -> AppResult<Page<WorkOrderRow>> {
    ctx.require("service:read")?;
    let scope = ctx.owner_scope().await?;
    let now = util::now();
    let page = page.normalized();
    let q = filtered(ctx, &scope, &f, now).await?;
    let total: i64 = q.clone().select_only().column_as(Expr::cust("COUNT(*)"), "n").into_tuple().one(ctx.reader()).await?.unwrap_or(0);
    // The page by ids (narrow rows, from the index), then its rows by primary key.
    let ids: Vec<i64> = ordered(q, &f).select_only().column(Column::Id).offset(page.offset()).limit(page.page_size).into_tuple().all(ctx.reader()).await?;
    let mut list = if ids.is_empty() { vec![] } else { Entity::find().filter(Column::Id.is_in(ids.clone())).all(ctx.reader()).await? };
    let pos: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    list.sort_by_key(|m| pos.get(&m.id).copied().unwrap_or(usize::MAX));
    Ok(Page { items: rows(ctx.reader(), list).await?, total: total as u64, page: page.page, page_size: page.page_size })
}

// ---------------------------------------------------------------- detail

async fn events_of<C: ConnectionTrait>(conn: &C, order_id: i64) -> AppResult<Vec<WorkOrderEventRow>> {
    let list = event::Entity::find().filter(event::Column::WorkOrderId.eq(order_id)).order_by_asc(event::Column::Id).limit(2000).all(conn).await?;
    let ids: Vec<i64> = list.iter().flat_map(|e| [e.actor_id, e.assignee_id]).flatten().collect();
    let users = util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, ids).await?;
    Ok(list
        .into_iter()
        .map(|e| WorkOrderEventRow {
            assignee_name: e.assignee_id.and_then(|a| users.get(&a).cloned()),
            actor_name: e.actor_id.and_then(|a| users.get(&a).cloned()),
            from_status: e.from_status.and_then(WorkOrderStatus::from_code),
            to_status: e.to_status.and_then(WorkOrderStatus::from_code),
            id: e.id,
            kind: e.kind,
            assignee_id: e.assignee_id,
            content: e.content,
            actor_id: e.actor_id,
            created_at: e.created_at,
        })
        .collect())
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<WorkOrderDetail> {
    ctx.require("service:read")?;
    let scope = ctx.owner_scope().await?;
    let m = load(ctx.reader(), ctx, &scope, id, false).await?;
    let (work, assign) = (can_work(ctx, &scope, &m), can_assign(ctx, &scope, &m));
    let take = ctx.can("service:update") && m.assignee_id.is_none() && m.status == WorkOrderStatus::Pending && ctx.actor_id().is_some();
    let events = events_of(ctx.reader(), id).await?;
    let attachments = attachment::list(ctx.reader(), TABLE, id).await?;
    let (content, solution, close_reason, comment, rated_at, visit) =
        (m.content.clone(), m.solution.clone(), m.close_reason.clone(), m.satisfaction_comment.clone(), m.rated_at, m.return_visit_id);
    let order = rows(ctx.reader(), vec![m]).await?.remove(0);
    Ok(WorkOrderDetail {
        order,
        content,
        solution,
        close_reason,
        satisfaction_comment: comment,
        rated_at,
        return_visit_id: visit,
        events,
        attachments,
        can_work: work,
        can_assign: assign,
        can_take: take,
    })
}

// ---------------------------------------------------------------- writes

#[allow(clippy::too_many_arguments)]
async fn record<C: ConnectionTrait>(
    conn: &C,
    ctx: &Ctx,
    order_id: i64,
    kind: &str,
    from: Option<WorkOrderStatus>,
    to: Option<WorkOrderStatus>,
    assignee: Option<i64>,
    content: Option<String>,
) -> AppResult<()> {
    event::ActiveModel {
        work_order_id: Set(order_id),
        kind: Set(kind.to_string()),
        from_status: Set(from.map(|s| s.code())),
        to_status: Set(to.map(|s| s.code())),
        assignee_id: Set(assignee),
        content: Set(content),
        actor_id: Set(ctx.actor_id()),
        created_at: Set(util::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}

struct Clean {
    order_type: String,
    title: String,
    content: String,
}

fn clean(i: &WorkOrderInput, types: &[String]) -> AppResult<Clean> {
    let order_type = util::required("orderType", "工单类型", "Order type", &i.order_type, 50)?;
    if !types.contains(&order_type) {
        return Err(AppError::validation(
            "orderType",
            format!("工单类型「{order_type}」不在设置的类型中"),
            format!("“{order_type}” is not a configured order type"),
        ));
    }
    Ok(Clean {
        order_type,
        title: util::required("title", "工单标题", "Title", &i.title, 200)?,
        content: util::required("content", "问题描述", "Description", &i.content, 20_000)?,
    })
}

/// Contact and contract must belong to the order's customer.
async fn check_refs<C: ConnectionTrait>(conn: &C, customer_id: i64, contact: Option<i64>, contract: Option<i64>) -> AppResult<()> {
    if let Some(id) = contact {
        if crm_contact::Entity::find_by_id(id).one(conn).await?.is_none_or(|c| c.customer_id != customer_id) {
            return Err(AppError::validation("contactId", "联系人不属于该客户", "The contact does not belong to this customer"));
        }
    }
    if let Some(id) = contract {
        if crm_contract::Entity::find_by_id(id).one(conn).await?.is_none_or(|c| c.customer_id != customer_id) {
            return Err(AppError::validation("contractId", "合同不属于该客户", "The contract does not belong to this customer"));
        }
    }
    Ok(())
}

/// The customer an order may be opened for: service staff serve every customer (they
/// see only its name on the order); others need the customer in their data scope.
async fn check_customer<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, id: i64) -> AppResult<()> {
    if ctx.can("service:update") {
        if crm_customer::Entity::find_by_id(id).one(conn).await?.is_none() {
            return Err(AppError::validation("customerId", "客户不存在", "The customer does not exist"));
        }
        return Ok(());
    }
    access::visible_customer(conn, scope, id)
        .await
        .map(|_| ())
        .map_err(|_| AppError::validation("customerId", "客户不存在或无权访问", "The customer does not exist or is not accessible"))
}

pub async fn create(ctx: &Ctx, input: WorkOrderInput) -> AppResult<WorkOrderRow> {
    ctx.require("service:create")?;
    let settings = settings_in(&ctx.db).await?;
    let c = clean(&input, &settings.types)?;
    let me = me(ctx)?;
    let scope = ctx.owner_scope().await?;
    if input.assignee_id.is_some_and(|a| a != me) {
        ctx.require("service:assign")?;
    }
    let id = util::retry_contended(|| async {
        let txn = ctx.db.begin().await?;
        check_customer(&txn, ctx, &scope, input.customer_id).await?;
        check_refs(&txn, input.customer_id, input.contact_id, input.contract_id).await?;
        if let Some(a) = input.assignee_id {
            check_handler(&txn, ctx, &scope, a).await?;
        }
        let now = util::now();
        let order_no = numbering::next_in(&txn, DocType::WorkOrder).await?;
        let mut am = crm_work_order::ActiveModel {
            order_no: Set(order_no),
            customer_id: Set(input.customer_id),
            contact_id: Set(input.contact_id),
            contract_id: Set(input.contract_id),
            order_type: Set(c.order_type.clone()),
            title: Set(c.title.clone()),
            content: Set(c.content.clone()),
            priority: Set(input.priority),
            status: Set(WorkOrderStatus::Pending),
            assignee_id: Set(input.assignee_id),
            solution: Set(None),
            satisfaction: Set(None),
            created_by: Set(me),
            created_at: Set(now),
            updated_at: Set(now),
            first_response_at: Set(None),
            resolved_at: Set(None),
            closed_at: Set(None),
            reopen_count: Set(0),
            close_reason: Set(None),
            satisfaction_comment: Set(None),
            rated_at: Set(None),
            return_visit_id: Set(None),
            ..Default::default()
        };
        set_clocks(&mut am, sla::clocks(&settings.sla, &settings.calendar, input.priority, now));
        let m = with_active(am)?.insert(&txn).await?;
        record(&txn, ctx, m.id, "create", None, Some(WorkOrderStatus::Pending), None, None).await?;
        if let Some(a) = input.assignee_id {
            record(&txn, ctx, m.id, "assign", None, None, Some(a), None).await?;
        }
        oplog::record(&txn, ctx, oplog::Action::Create, TABLE, m.id, oplog::diff(None, Some(&m)), Some(m.order_no.clone())).await?;
        txn.commit().await?;
        Ok(m.id)
    })
    .await?;
    let m = Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("工单", "Work order"))?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

/// Edit the description, links, type and priority. A priority change recomputes both
/// deadlines from the creation time (the clock keeps running).
pub async fn update(ctx: &Ctx, id: i64, input: WorkOrderInput) -> AppResult<WorkOrderRow> {
    ctx.require("service:read")?;
    let settings = settings_in(&ctx.db).await?;
    let c = clean(&input, &settings.types)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    super::version::check(&txn, TABLE, id, input.lock_version, before.lock_version).await?;
    let creator_may = ctx.can("service:create") && ctx.actor_id() == Some(before.created_by) && before.status == WorkOrderStatus::Pending;
    if !creator_may {
        require_work(ctx, &scope, &before)?;
    }
    if before.status == WorkOrderStatus::Closed {
        return Err(illegal(before.status, "再修改", "edited"));
    }
    if input.customer_id != before.customer_id {
        return Err(AppError::validation("customerId", "工单的客户不能更改,请新建工单", "The customer of an order cannot change; open a new order"));
    }
    check_refs(&txn, before.customer_id, input.contact_id, input.contract_id).await?;
    let mut am = before.clone().into_active_model();
    am.contact_id = Set(input.contact_id);
    am.contract_id = Set(input.contract_id);
    am.order_type = Set(c.order_type);
    am.title = Set(c.title);
    am.content = Set(c.content);
    am.updated_at = Set(util::now());
    if input.priority != before.priority {
        am.priority = Set(input.priority);
        set_clocks(&mut am, sla::clocks(&settings.sla, &settings.calendar, input.priority, before.created_at));
        record(&txn, ctx, id, "priority", None, None, None, Some(format!("{} → {}", before.priority.label_zh(), input.priority.label_zh()))).await?;
    } else {
        record(&txn, ctx, id, "edit", None, None, None, None).await?;
    }
    let after = with_active(am)?.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, TABLE, id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

async fn reload(ctx: &Ctx, id: i64) -> AppResult<WorkOrderRow> {
    let m = Entity::find_by_id(id).one(&ctx.db).await?.ok_or_else(|| AppError::not_found("工单", "Work order"))?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

/// Take an unassigned pending order and start on it. Of two handlers taking the same
/// order at once, exactly one gets it; the other is told who did.
pub async fn take(ctx: &Ctx, id: i64) -> AppResult<WorkOrderRow> {
    ctx.require("service:update")?;
    let me = me(ctx)?;
    let scope = ctx.owner_scope().await?;
    util::retry_contended(|| async {
        let txn = ctx.db.begin().await?;
        let before = Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("工单", "Work order"))?;
        if before.assignee_id.is_some() || before.status != WorkOrderStatus::Pending {
            return Err(taken_by(&txn, ctx, &scope, &before).await?);
        }
        let now = util::now();
        // The claim itself is one conditional update: the row lock decides the race.
        let res = Entity::update_many()
            .col_expr(Column::AssigneeId, Expr::value(me))
            .col_expr(Column::Status, Expr::value(WorkOrderStatus::Processing.code()))
            .col_expr(Column::FirstResponseAt, Expr::cust_with_values("COALESCE(first_response_at, ?)", [now]))
            .col_expr(Column::SlaDueAt, Expr::col(Column::ResolveDueAt))
            .col_expr(Column::SlaRiskAt, Expr::col(Column::ResolveRiskAt))
            .col_expr(Column::LockVersion, Expr::col(Column::LockVersion).add(1))
            .col_expr(Column::UpdatedAt, Expr::value(now))
            .filter(Column::Id.eq(id))
            .filter(Column::AssigneeId.is_null())
            .filter(Column::Status.eq(WorkOrderStatus::Pending))
            .exec(&txn)
            .await?;
        if res.rows_affected == 0 {
            // A locking read sees the winner's committed row (a plain read would see this
            // transaction's snapshot on MySQL).
            let cur = Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(|| AppError::not_found("工单", "Work order"))?;
            return Err(taken_by(&txn, ctx, &scope, &cur).await?);
        }
        let after = Entity::find_by_id(id).one(&txn).await?.ok_or_else(|| AppError::not_found("工单", "Work order"))?;
        record(&txn, ctx, id, "take", Some(before.status), Some(WorkOrderStatus::Processing), Some(me), None).await?;
        oplog::record(&txn, ctx, oplog::Action::Claim, TABLE, id, oplog::diff(Some(&before), Some(&after)), None).await?;
        txn.commit().await?;
        Ok(())
    })
    .await?;
    reload(ctx, id).await
}

/// Why an order cannot be taken: someone has it (named when the caller may see the
/// order), or its status does not allow it.
async fn taken_by<C: ConnectionTrait>(conn: &C, ctx: &Ctx, scope: &OwnerScope, cur: &crm_work_order::Model) -> AppResult<AppError> {
    let visible = is_visible(conn, ctx, scope, cur).await?;
    Ok(match cur.assignee_id {
        Some(a) if visible => {
            let who = sys_user::Entity::find_by_id(a).one(conn).await?.map(|u| u.full_name).unwrap_or_default();
            AppError::conflict(Some("assigneeId"), format!("该工单已由 {who} 接单"), format!("{who} has already taken this order"))
        }
        Some(_) => AppError::conflict(Some("assigneeId"), "该工单已被其他同事接单", "Someone else has already taken this order"),
        None if visible => illegal(cur.status, "接单", "taken"),
        None => AppError::not_found("工单", "Work order"),
    })
}

/// Give the order to a handler, or transfer it from the current one (a reason is needed).
pub async fn assign(ctx: &Ctx, id: i64, assignee_id: i64, reason: Option<String>) -> AppResult<WorkOrderRow> {
    ctx.require("service:update")?;
    let reason = util::optional("reason", "转派原因", "Reason", reason.as_deref(), 1000)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    if !can_assign(ctx, &scope, &before) {
        if before.status == WorkOrderStatus::Closed {
            return Err(illegal(before.status, "转派", "reassigned"));
        }
        return Err(AppError::forbidden("service:assign"));
    }
    check_handler(&txn, ctx, &scope, assignee_id).await?;
    let kind = match before.assignee_id {
        Some(a) if a == assignee_id => {
            return Err(AppError::validation("assigneeId", "工单已由此人处理", "The order is already with this handler"));
        }
        Some(_) => {
            if reason.is_none() {
                return Err(AppError::validation("reason", "转派须填写原因", "A transfer needs a reason"));
            }
            "transfer"
        }
        None => "assign",
    };
    let mut am = before.clone().into_active_model();
    am.assignee_id = Set(Some(assignee_id));
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    record(&txn, ctx, id, kind, None, None, Some(assignee_id), reason.clone()).await?;
    oplog::record(&txn, ctx, oplog::Action::Assign, TABLE, id, oplog::diff(Some(&before), Some(&after)), reason).await?;
    txn.commit().await?;
    reload(ctx, id).await
}

/// Change the status: `Processing` (start, or reopen a resolved order with a reason),
/// `Resolved` (with the solution), `Closed` (a reason unless resolved).
pub async fn transition(ctx: &Ctx, id: i64, to: WorkOrderStatus, text: Option<String>) -> AppResult<WorkOrderRow> {
    ctx.require("service:update")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    require_work(ctx, &scope, &before)?;
    let now = util::now();
    let from = before.status;
    let mut am = before.clone().into_active_model();
    am.status = Set(to);
    am.updated_at = Set(now);
    let mut content = None;
    let mut kind = "status";
    match (from, to) {
        (WorkOrderStatus::Pending, WorkOrderStatus::Processing) => {
            if before.assignee_id.is_none() {
                return Err(AppError::validation("assigneeId", "开始处理前须先指派处理人", "Assign a handler before starting"));
            }
            if before.first_response_at.is_none() {
                am.first_response_at = Set(Some(now));
            }
        }
        (WorkOrderStatus::Processing, WorkOrderStatus::Resolved) => {
            let solution = util::required("solution", "解决方案", "Solution", text.as_deref().unwrap_or(""), 20_000)?;
            am.solution = Set(Some(solution.clone()));
            am.resolved_at = Set(Some(now));
            if before.first_response_at.is_none() {
                am.first_response_at = Set(Some(now));
            }
            content = Some(solution);
        }
        (WorkOrderStatus::Resolved, WorkOrderStatus::Processing) => {
            let reason = util::required("reason", "重新打开原因", "Reason for reopening", text.as_deref().unwrap_or(""), 1000)?;
            am.resolved_at = Set(None);
            am.reopen_count = Set(before.reopen_count + 1);
            content = Some(reason);
            kind = "reopen";
        }
        (WorkOrderStatus::Resolved, WorkOrderStatus::Closed) => {
            let reason = util::optional("reason", "关闭原因", "Reason", text.as_deref(), 500)?;
            am.closed_at = Set(Some(now));
            am.close_reason = Set(reason.clone());
            content = reason;
        }
        (WorkOrderStatus::Pending | WorkOrderStatus::Processing, WorkOrderStatus::Closed) => {
            let reason = util::required("reason", "关闭原因", "Reason", text.as_deref().unwrap_or(""), 500)?;
            am.closed_at = Set(Some(now));
            am.close_reason = Set(Some(reason.clone()));
            content = Some(reason);
        }
        (_, WorkOrderStatus::Processing) => return Err(illegal(from, "开始处理", "started")),
        (_, WorkOrderStatus::Resolved) => return Err(illegal(from, "标记为已解决", "resolved")),
        (_, WorkOrderStatus::Closed) => return Err(illegal(from, "关闭", "closed")),
        (_, WorkOrderStatus::Pending) => return Err(illegal(from, "退回待处理", "put back to pending")),
    }
    let after = with_active(am)?.update(&txn).await?;
    record(&txn, ctx, id, kind, Some(from), Some(to), None, content).await?;
    oplog::record(&txn, ctx, oplog::Action::Status, TABLE, id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    reload(ctx, id).await
}

/// An internal note on the timeline. The handler's first note is their first response.
pub async fn note(ctx: &Ctx, id: i64, content: &str) -> AppResult<WorkOrderEventRow> {
    if !ctx.can("service:update") {
        ctx.require("service:create")?;
    }
    let content = util::required("content", "备注", "Note", content, 10_000)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    if before.first_response_at.is_none() && before.assignee_id.is_some() && before.assignee_id == ctx.actor_id() {
        let mut am = before.clone().into_active_model();
        am.first_response_at = Set(Some(util::now()));
        am.updated_at = Set(util::now());
        with_active(am)?.update(&txn).await?;
    }
    record(&txn, ctx, id, "note", None, None, None, Some(content)).await?;
    txn.commit().await?;
    events_of(&ctx.db, id).await?.pop().ok_or_else(|| AppError::internal("note not recorded"))
}

pub fn satisfaction_label(score: i8) -> (&'static str, &'static str) {
    match score {
        5 => ("很满意", "Very satisfied"),
        4 => ("满意", "Satisfied"),
        3 => ("一般", "Neutral"),
        2 => ("不满意", "Dissatisfied"),
        _ => ("很不满意", "Very dissatisfied"),
    }
}

/// Record the customer's satisfaction (1–5) after the order is resolved. It is written
/// as a completed return visit on the customer (created, or updated on a second rating),
/// so the customer's return visits and the order tell one story.
pub async fn rate(ctx: &Ctx, id: i64, score: i8, comment: Option<String>) -> AppResult<WorkOrderRow> {
    ctx.require("service:update")?;
    if !(1..=5).contains(&score) {
        return Err(AppError::validation("satisfaction", "满意度须为 1 到 5 分", "Satisfaction is 1 to 5"));
    }
    let comment = util::optional("comment", "评价", "Comment", comment.as_deref(), 1000)?;
    let me = me(ctx)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    if !matches!(before.status, WorkOrderStatus::Resolved | WorkOrderStatus::Closed) {
        return Err(AppError::conflict(Some("status"), "工单解决后才能录入满意度", "Satisfaction is recorded once the order is resolved"));
    }
    let now = util::now();
    let (label, _) = satisfaction_label(score);
    let feedback = match &comment {
        Some(c) => format!("满意度 {score} 分({label}):{c}"),
        None => format!("满意度 {score} 分({label})"),
    };
    let visit_content = format!("服务工单 {} 满意度回访:{}", before.order_no, before.title);
    let existing = match before.return_visit_id {
        Some(v) => crm_return_visit::Entity::find_by_id(v).one(&txn).await?,
        None => None,
    };
    let visit_id = match existing {
        Some(v) => {
            let mut vm = v.into_active_model();
            vm.actual_time = Set(Some(now));
            vm.feedback = Set(Some(feedback));
            vm.content = Set(Some(visit_content));
            vm.status = Set(ReturnVisitStatus::Done);
            vm.update(&txn).await?.id
        }
        None => {
            let v = crm_return_visit::ActiveModel {
                customer_id: Set(before.customer_id),
                contract_id: Set(before.contract_id),
                visit_type: Set("电话".into()),
                plan_time: Set(now),
                actual_time: Set(Some(now)),
                content: Set(Some(visit_content)),
                feedback: Set(Some(feedback)),
                status: Set(ReturnVisitStatus::Done),
                created_by: Set(me),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            oplog::record(&txn, ctx, oplog::Action::Create, "crm_return_visit", v.id, oplog::diff(None, Some(&v)), Some(before.order_no.clone())).await?;
            v.id
        }
    };
    let mut am = before.clone().into_active_model();
    am.satisfaction = Set(Some(score));
    am.satisfaction_comment = Set(comment.clone());
    am.rated_at = Set(Some(now));
    am.return_visit_id = Set(Some(visit_id));
    am.updated_at = Set(now);
    let after = am.update(&txn).await?;
    record(
        &txn,
        ctx,
        id,
        "rate",
        None,
        None,
        None,
        Some(match comment {
            Some(c) => format!("{score}|{c}"),
            None => score.to_string(),
        }),
    )
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Update, TABLE, id, oplog::diff(Some(&before), Some(&after)), None).await?;
    txn.commit().await?;
    reload(ctx, id).await
}

/// Delete an order opened by mistake: only while pending.
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("service:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load(&txn, ctx, &scope, id, true).await?;
    if before.status != WorkOrderStatus::Pending {
        return Err(AppError::conflict(Some("status"), "只能删除待处理的工单;已处理的请关闭", "Only pending orders can be deleted; close it instead"));
    }
    event::Entity::delete_many().filter(event::Column::WorkOrderId.eq(id)).exec(&txn).await?;
    attachment::delete_all(&txn, TABLE, id).await?;
    Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, TABLE, id, oplog::diff(Some(&before), None), Some(before.order_no.clone())).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- attachments

pub async fn attach(ctx: &Ctx, id: i64, up: AttachmentUpload) -> AppResult<AttachmentRow> {
    if !ctx.can("service:update") {
        ctx.require("service:create")?;
    }
    let clean = attachment::clean(&up)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let m = load(&txn, ctx, &scope, id, true).await?;
    let row = attachment::insert(&txn, ctx, TABLE, id, clean).await?;
    record(&txn, ctx, id, "attach", None, None, None, Some(row.file_name.clone())).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, TABLE, id, Default::default(), Some(format!("{} +{}", m.order_no, row.file_name))).await?;
    txn.commit().await?;
    Ok(row)
}

/// (file name, mime type, bytes) of an order's attachment.
pub async fn attachment(ctx: &Ctx, attachment_id: i64) -> AppResult<(String, String, Vec<u8>)> {
    ctx.require("service:read")?;
    let a = attachment::load(&ctx.db, TABLE, attachment_id).await?;
    let scope = ctx.owner_scope().await?;
    load(&ctx.db, ctx, &scope, a.entity_id, false).await?;
    Ok((a.file_name, a.mime_type, a.content))
}

/// Remove an attachment: its uploader, or whoever works on the order.
pub async fn detach(ctx: &Ctx, attachment_id: i64) -> AppResult<()> {
    ctx.require("service:read")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let a = attachment::load(&txn, TABLE, attachment_id).await?;
    let m = load(&txn, ctx, &scope, a.entity_id, true).await?;
    if ctx.actor_id() != Some(a.created_by) {
        require_work(ctx, &scope, &m)?;
    }
    attachment::delete(&txn, attachment_id).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, TABLE, m.id, Default::default(), Some(format!("{} -{}", m.order_no, a.file_name))).await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- pickers

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct RefOption {
    pub id: i64,
    pub label: String,
    pub hint: Option<String>,
}

/// Customers an order may be opened for, by name (service staff: every customer).
pub async fn customer_options(ctx: &Ctx, q: &str) -> AppResult<Vec<RefOption>> {
    ctx.require("service:create")?;
    let scope = ctx.owner_scope().await?;
    let mut sel = crm_customer::Entity::find().select_only().column(crm_customer::Column::Id).column(crm_customer::Column::CustomerName);
    let text: String = q.trim().chars().take(100).collect();
    if !text.is_empty() {
        sel = sel.filter(crm_customer::Column::CustomerName.contains(&text));
    }
    if !ctx.can("service:update") {
        if let OwnerScope::Owners(ids) = &scope {
            sel = sel.filter(Condition::any().add(crm_customer::Column::IsInSea.ne(0)).add(crm_customer::Column::OwnerId.is_in(ids.iter().copied())));
        }
    }
    let list: Vec<(i64, String)> = sel.order_by_desc(crm_customer::Column::Id).limit(30).into_tuple().all(&ctx.db).await?;
    Ok(list.into_iter().map(|(id, label)| RefOption { id, label, hint: None }).collect())
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRefs {
    pub customer_name: String,
    pub contacts: Vec<RefOption>,
    pub contracts: Vec<RefOption>,
}

/// The contacts and contracts an order on this customer may link to.
pub async fn customer_refs(ctx: &Ctx, customer_id: i64) -> AppResult<CustomerRefs> {
    ctx.require("service:create")?;
    let scope = ctx.owner_scope().await?;
    check_customer(&ctx.db, ctx, &scope, customer_id).await?;
    let name = crm_customer::Entity::find_by_id(customer_id).one(&ctx.db).await?.map(|c| c.customer_name).unwrap_or_default();
    let contacts: Vec<(i64, String, Option<String>)> = crm_contact::Entity::find()
        .select_only()
        .column(crm_contact::Column::Id)
        .column(crm_contact::Column::ContactName)
        .column(crm_contact::Column::Phone)
        .filter(crm_contact::Column::CustomerId.eq(customer_id))
        .order_by_asc(crm_contact::Column::Id)
        .limit(200)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let contracts: Vec<(i64, String, String)> = crm_contract::Entity::find()
        .select_only()
        .column(crm_contract::Column::Id)
        .column(crm_contract::Column::ContractNo)
        .column(crm_contract::Column::ContractName)
        .filter(crm_contract::Column::CustomerId.eq(customer_id))
        .order_by_desc(crm_contract::Column::Id)
        .limit(200)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    Ok(CustomerRefs {
        customer_name: name,
        contacts: contacts.into_iter().map(|(id, label, hint)| RefOption { id, label, hint }).collect(),
        contracts: contracts.into_iter().map(|(id, label, hint)| RefOption { id, label, hint: Some(hint) }).collect(),
    })
}

/// People an order can be given to: enabled users whose roles work on orders
/// (`service:update`).
pub async fn handlers(ctx: &Ctx) -> AppResult<Vec<RefOption>> {
    ctx.require("service:read")?;
    let roles = crate::entity::sys_role::Entity::find().all(&ctx.db).await?;
    let working: Vec<i64> = roles
        .iter()
        .filter(|r| r.status == crate::entity::enums::RoleStatus::Enabled)
        .filter(|r| {
            let p = crate::auth::permission::parse_list(r.permissions.as_deref());
            crate::auth::permission::has_permission(&p, "service:update")
        })
        .map(|r| r.id)
        .collect();
    let users = sys_user::Entity::find().filter(sys_user::Column::Status.eq(UserStatus::Enabled)).order_by_asc(sys_user::Column::Id).all(&ctx.db).await?;
    Ok(users
        .into_iter()
        .filter(|u| super::role::parse_role_ids(u.role_ids.as_deref()).iter().any(|r| working.contains(r)))
        .map(|u| RefOption { id: u.id, label: u.full_name, hint: Some(u.username) })
        .collect())
}

// ---------------------------------------------------------------- board

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusPriorityCount {
    pub status: WorkOrderStatus,
    pub priority: WorkOrderPriority,
    pub count: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceBoard {
    pub by_status_priority: Vec<StatusPriorityCount>,
    pub open: u64,
    pub unassigned: u64,
    pub at_risk: u64,
    pub breached: u64,
    /// Open orders whose deadline passed today (local day).
    pub breached_today: u64,
    pub resolved_today: u64,
    pub unrated: u64,
    /// The caller's open orders, nearest deadline first (at most 20).
    pub my_queue: Vec<WorkOrderRow>,
    pub my_open: u64,
}

async fn count(ctx: &Ctx, q: Select<Entity>) -> AppResult<u64> {
    count_in(&ctx.db, q).await
}

async fn count_in<C: ConnectionTrait>(conn: &C, q: Select<Entity>) -> AppResult<u64> {
    let n: i64 = q.select_only().column_as(Expr::cust("COUNT(*)"), "n").into_tuple().one(conn).await?.unwrap_or(0);
    Ok(n as u64)
}

/// The service board over the caller's visible orders. `tz_offset_minutes`: the desktop's
/// offset from UTC (for "today").
pub async fn board(ctx: &Ctx, tz_offset_minutes: i32) -> AppResult<ServiceBoard> {
    ctx.require("service:read")?;
    let scope = ctx.owner_scope().await?;
    let now = util::now();
    let day_end = util::day_end_utc(now, tz_offset_minutes);
    let day_start = day_end - chrono::Duration::days(1);
    let vis = visible_condition(ctx, &scope).await?;
    let base = || -> Select<Entity> {
        match vis.clone() {
            Some(c) => Entity::find().filter(c),
            None => Entity::find(),
        }
    };
    let grouped: Vec<(i32, i32, i64)> = base()
        .select_only()
        .column(Column::Status)
        .column(Column::Priority)
        .column_as(Expr::cust("COUNT(*)"), "n")
        .group_by(Column::Status)
        .group_by(Column::Priority)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let by_status_priority: Vec<StatusPriorityCount> = grouped
        .into_iter()
        .filter_map(|(s, p, n)| {
            Some(StatusPriorityCount { status: WorkOrderStatus::from_code(s as i8)?, priority: WorkOrderPriority::from_code(p as i8)?, count: n as u64 })
        })
        .collect();
    let open_q = || base().filter(Column::Status.is_in(open_statuses()));
    let open = by_status_priority.iter().filter(|c| matches!(c.status, WorkOrderStatus::Pending | WorkOrderStatus::Processing)).map(|c| c.count).sum();
    let unassigned = count(ctx, open_q().filter(Column::AssigneeId.is_null())).await?;
    let at_risk = count(ctx, open_q().filter(Column::SlaDueAt.gte(now)).filter(Column::SlaRiskAt.lte(now))).await?;
    let breached = count(ctx, open_q().filter(Column::SlaDueAt.lt(now))).await?;
    let breached_today = count(ctx, open_q().filter(Column::SlaDueAt.lt(now)).filter(Column::SlaDueAt.gte(day_start))).await?;
    let resolved_today = count(ctx, base().filter(Column::ResolvedAt.gte(day_start)).filter(Column::ResolvedAt.lt(day_end))).await?;
    let unrated =
        count(ctx, base().filter(Column::Status.is_in([WorkOrderStatus::Resolved, WorkOrderStatus::Closed])).filter(Column::Satisfaction.is_null())).await?;
    let (my_queue, my_open) = match ctx.actor_id() {
        Some(me) => {
            let q = Entity::find().filter(Column::AssigneeId.eq(me)).filter(Column::Status.is_in(open_statuses()));
            let n = count(ctx, q.clone()).await?;
            let list = q.order_by_asc(Column::SlaDueAt).order_by_asc(Column::Id).limit(20).all(&ctx.db).await?;
            (rows(&ctx.db, list).await?, n)
        }
        None => (vec![], 0),
    };
    Ok(ServiceBoard { by_status_priority, open, unassigned, at_risk, breached, breached_today, resolved_today, unrated, my_queue, my_open })
}

// ---------------------------------------------------------------- report

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct HandlerStats {
    /// None: unassigned orders (or the total row).
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    /// Orders created in the period and given to this handler.
    pub handled: u64,
    pub resolved: u64,
    pub median_response_minutes: Option<i64>,
    pub median_resolve_minutes: Option<i64>,
    /// Resolved within the resolution target ÷ resolved, percent.
    pub sla_met_pct: Option<f64>,
    pub rated: u64,
    /// Ratings of 4–5 ÷ ratings, percent.
    pub csat_pct: Option<f64>,
    pub avg_score: Option<f64>,
    /// Orders reopened at least once ÷ resolved, percent.
    pub reopen_pct: Option<f64>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct HandlerReport {
    pub rows: Vec<HandlerStats>,
    pub total: HandlerStats,
}

fn median(v: &mut [i64]) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let n = v.len();
    Some(if n % 2 == 1 { v[n / 2] } else { (v[n / 2 - 1] + v[n / 2]) / 2 })
}

fn pct(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// (handler, minutes to first response, minutes to resolution, resolved within target
/// 1/0, rating, reopenings): integers computed by the database, cheap to read at 50k rows.
type ReportTuple = (Option<i64>, Option<i64>, Option<i64>, Option<i64>, Option<i8>, i32);

#[derive(Default)]
struct Acc {
    handled: u64,
    resolved: u64,
    response: Vec<i64>,
    resolve: Vec<i64>,
    met: u64,
    with_target: u64,
    rated: u64,
    happy: u64,
    score_sum: u64,
    reopened: u64,
}

impl Acc {
    fn add(&mut self, t: &ReportTuple) {
        let (_, response, resolve, met, score, reopens) = *t;
        self.handled += 1;
        if let Some(m) = response {
            self.response.push(m);
        }
        if let Some(m) = resolve {
            self.resolved += 1;
            self.resolve.push(m);
            if let Some(ok) = met {
                self.with_target += 1;
                if ok == 1 {
                    self.met += 1;
                }
            }
            if reopens > 0 {
                self.reopened += 1;
            }
        }
        if let Some(s) = score {
            self.rated += 1;
            self.score_sum += u64::try_from(s).unwrap_or(0);
            if s >= 4 {
                self.happy += 1;
            }
        }
    }

    fn stats(mut self, id: Option<i64>, name: Option<String>) -> HandlerStats {
        HandlerStats {
            assignee_id: id,
            assignee_name: name,
            handled: self.handled,
            resolved: self.resolved,
            median_response_minutes: median(&mut self.response),
            median_resolve_minutes: median(&mut self.resolve),
            sla_met_pct: pct(self.met, self.with_target),
            rated: self.rated,
            csat_pct: pct(self.happy, self.rated),
            avg_score: (self.rated > 0).then(|| (self.score_sum as f64 * 100.0 / self.rated as f64).round() / 100.0),
            reopen_pct: pct(self.reopened, self.resolved),
        }
    }
}

/// Per handler, over the orders created in `from ..= to` (local dates): orders handled,
/// median first response and resolution, SLA met %, CSAT (share of 4–5 ratings), reopen rate.
pub async fn report(ctx: &Ctx, from: NaiveDate, to: NaiveDate, tz_offset_minutes: i32) -> AppResult<HandlerReport> {
    ctx.require("service:read")?;
    let from = util::date("from", from)?;
    let to = util::date("to", to)?;
    if to < from {
        return Err(AppError::validation("to", "结束日期不能早于开始日期", "The end date cannot be before the start date"));
    }
    if (to - from).num_days() > 3 * 366 {
        return Err(AppError::validation("to", "统计区间最长三年", "The period may be at most three years"));
    }
    let off = chrono::Duration::minutes(tz_offset_minutes.clamp(-14 * 60, 14 * 60) as i64);
    let start = from.and_time(chrono::NaiveTime::MIN) - off;
    let end = (to + chrono::Duration::days(1)).and_time(chrono::NaiveTime::MIN) - off;
    let scope = ctx.owner_scope().await?;
    let mut q = Entity::find().filter(Column::CreatedAt.gte(start)).filter(Column::CreatedAt.lt(end));
    if let Some(c) = visible_condition(ctx, &scope).await? {
        q = q.filter(c);
    }
    let minutes = |from: &str, to: &str| match ctx.db.get_database_backend() {
        sea_orm::DbBackend::MySql => format!("TIMESTAMPDIFF(MINUTE, {from}, {to})"),
        _ => format!("(CAST(strftime('%s', {to}) AS INTEGER) - CAST(strftime('%s', {from}) AS INTEGER)) / 60"),
    };
    let list: Vec<ReportTuple> = q
        .select_only()
        .column(Column::AssigneeId)
        .column_as(Expr::cust(minutes("created_at", "first_response_at")), "response_minutes")
        .column_as(Expr::cust(minutes("created_at", "resolved_at")), "resolve_minutes")
        .column_as(Expr::cust("CASE WHEN resolved_at IS NULL OR resolve_due_at IS NULL THEN NULL WHEN resolved_at <= resolve_due_at THEN 1 ELSE 0 END"), "met")
        .column(Column::Satisfaction)
        .column(Column::ReopenCount)
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut by: HashMap<Option<i64>, Acc> = HashMap::new();
    let mut total = Acc::default();
    for t in &list {
        by.entry(t.0).or_default().add(t);
        total.add(t);
    }
    let ids: Vec<i64> = by.keys().flatten().copied().collect();
    let names = util::names_by_id::<sys_user::Entity, _>(&ctx.db, sys_user::Column::Id, sys_user::Column::FullName, ids).await?;
    let mut rows: Vec<HandlerStats> = by.into_iter().map(|(id, acc)| acc.stats(id, id.and_then(|i| names.get(&i).cloned()))).collect();
    rows.sort_by(|a, b| b.handled.cmp(&a.handled).then(a.assignee_id.cmp(&b.assignee_id)));
    Ok(HandlerReport { rows, total: total.stats(None, None) })
}

// ---------------------------------------------------------------- to-do and alerts

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceTodo {
    /// Assigned to me and not started.
    pub assigned_new: u64,
    /// Mine, open, at risk.
    pub at_risk: u64,
    /// Mine, open, past the deadline.
    pub breached: u64,
    /// Resolved by me and not rated yet.
    pub unrated: u64,
    /// Distinct orders needing me (an order new and at risk counts once).
    pub total: u64,
}

pub async fn todo_counts<C: ConnectionTrait>(conn: &C, ctx: &Ctx) -> AppResult<ServiceTodo> {
    let Some(me) = ctx.actor_id() else { return Ok(ServiceTodo::default()) };
    if !ctx.can("service:read") {
        return Ok(ServiceTodo::default());
    }
    let now = util::now();
    let mine = || Entity::find().filter(Column::AssigneeId.eq(me)).filter(Column::Status.is_in(open_statuses()));
    let unrated = if ctx.can("service:update") { count_in(conn, unrated_of(me)).await? } else { 0 };
    let needing = count_in(conn, needing_me(me, now)).await?;
    Ok(ServiceTodo {
        assigned_new: count_in(conn, mine().filter(Column::Status.eq(WorkOrderStatus::Pending))).await?,
        at_risk: count_in(conn, mine().filter(Column::SlaDueAt.gte(now)).filter(Column::SlaRiskAt.lte(now))).await?,
        breached: count_in(conn, mine().filter(Column::SlaDueAt.lt(now))).await?,
        unrated,
        total: needing + unrated,
    })
}

fn unrated_of(me: i64) -> Select<Entity> {
    Entity::find().filter(Column::AssigneeId.eq(me)).filter(Column::Status.eq(WorkOrderStatus::Resolved)).filter(Column::Satisfaction.is_null())
}

/// My open orders that are new, at risk or breached.
fn needing_me(me: i64, now: NaiveDateTime) -> Select<Entity> {
    Entity::find()
        .filter(Column::AssigneeId.eq(me))
        .filter(Column::Status.is_in(open_statuses()))
        .filter(Condition::any().add(Column::Status.eq(WorkOrderStatus::Pending)).add(Column::SlaRiskAt.lte(now)))
}

/// The orders on my to-do board: new, at risk or breached (nearest deadline first), then
/// those resolved and waiting for a rating (at most 100 each).
pub async fn todo_list(ctx: &Ctx) -> AppResult<Vec<WorkOrderRow>> {
    let Some(me) = ctx.actor_id() else { return Ok(vec![]) };
    if !ctx.can("service:read") {
        return Ok(vec![]);
    }
    let mut list = needing_me(me, util::now()).order_by_asc(Column::SlaDueAt).order_by_asc(Column::Id).limit(100).all(&ctx.db).await?;
    if ctx.can("service:update") {
        list.extend(unrated_of(me).order_by_asc(Column::ResolvedAt).limit(100).all(&ctx.db).await?);
    }
    rows(&ctx.db, list).await
}

/// Something the desktop tells its user about.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ServiceAlert {
    pub id: i64,
    pub order_no: String,
    pub title: String,
    pub priority: WorkOrderPriority,
    /// "assigned" or "atRisk".
    pub kind: String,
}

/// Orders given to the caller by someone else in `(since, now]`, and the caller's open
/// orders that reached their at-risk point in that interval.
pub async fn alerts(ctx: &Ctx, since: NaiveDateTime, now: NaiveDateTime) -> AppResult<Vec<ServiceAlert>> {
    let Some(me) = ctx.actor_id() else { return Ok(vec![]) };
    if !ctx.can("service:read") {
        return Ok(vec![]);
    }
    let given: Vec<i64> = event::Entity::find()
        .select_only()
        .column(event::Column::WorkOrderId)
        .filter(event::Column::AssigneeId.eq(me))
        .filter(event::Column::CreatedAt.gt(since))
        .filter(event::Column::CreatedAt.lte(now))
        .filter(event::Column::Kind.is_in(["assign", "transfer"]))
        .filter(Condition::any().add(event::Column::ActorId.is_null()).add(event::Column::ActorId.ne(me)))
        .into_tuple()
        .all(&ctx.db)
        .await?;
    let mut out = vec![];
    if !given.is_empty() {
        for m in Entity::find().filter(Column::Id.is_in(given)).filter(Column::AssigneeId.eq(me)).all(&ctx.db).await? {
            out.push(ServiceAlert { id: m.id, order_no: m.order_no, title: m.title, priority: m.priority, kind: "assigned".into() });
        }
    }
    let risky = Entity::find()
        .filter(Column::AssigneeId.eq(me))
        .filter(Column::Status.is_in(open_statuses()))
        .filter(Column::SlaRiskAt.gt(since))
        .filter(Column::SlaRiskAt.lte(now))
        .limit(50)
        .all(&ctx.db)
        .await?;
    for m in risky {
        out.push(ServiceAlert { id: m.id, order_no: m.order_no, title: m.title, priority: m.priority, kind: "atRisk".into() });
    }
    Ok(out)
}

// ---------------------------------------------------------------- catch-up

/// Where the catch-up's look for new rows starts (the highest id it has seen).
const WATERMARK: &str = "work_order.watermark";

/// Rows written without the app (SQL with the seed's columns, other tools) get their
/// clocks: deadlines from the creation time and priority, a resolution time for orders
/// already resolved (their last update, the best evidence), a first response for orders
/// already past 待处理, and the active deadline from the status (a status changed by SQL
/// moves it). Cheap: new rows are found above an id watermark (primary key range),
/// status/clock mismatches from the index on (status, sla_due_at). Returns how many rows
/// were repaired.
pub async fn catch_up<C: ConnectionTrait>(conn: &C) -> AppResult<u64> {
    let from: i64 = super::settings::read(conn, WATERMARK).await?;
    catch_up_from(conn, from).await
}

/// [`catch_up`] over every row (`crm-admin repair`: rows inserted below the watermark).
pub async fn repair<C: ConnectionTrait>(conn: &C) -> AppResult<u64> {
    catch_up_from(conn, 0).await
}

async fn catch_up_from<C: ConnectionTrait>(conn: &C, from: i64) -> AppResult<u64> {
    let settings = settings_in(conn).await?;
    let top: Option<i64> = Entity::find().select_only().column_as(Expr::col(Column::Id).max(), "m").into_tuple().one(conn).await?.flatten();
    let mut fixed = 0;
    fixed += fix_where(conn, &settings, Condition::all().add(Column::Id.gt(from)).add(Column::ResponseDueAt.is_null())).await?;
    fixed += fix_where(conn, &settings, Condition::all().add(Column::Status.is_in(open_statuses())).add(Column::SlaDueAt.is_null())).await?;
    fixed += fix_where(
        conn,
        &settings,
        Condition::all().add(Column::Status.is_in([WorkOrderStatus::Resolved, WorkOrderStatus::Closed])).add(Column::SlaDueAt.is_not_null()),
    )
    .await?;
    if let Some(top) = top.filter(|t| *t > from) {
        super::settings::write_raw(conn, WATERMARK, &top).await?;
    }
    if fixed > 0 {
        tracing::info!(fixed, "work-order clocks caught up");
    }
    Ok(fixed)
}

async fn fix_where<C: ConnectionTrait>(conn: &C, settings: &ServiceSettings, cond: Condition) -> AppResult<u64> {
    let mut fixed = 0;
    let mut after = 0i64;
    loop {
        let candidates = Entity::find().filter(cond.clone()).filter(Column::Id.gt(after)).order_by_asc(Column::Id).limit(1000).all(conn).await?;
        let batch = candidates.len();
        for m in candidates {
            after = m.id;
            let mut am = m.clone().into_active_model();
            if m.response_due_at.is_none() || m.resolve_due_at.is_none() || m.response_risk_at.is_none() || m.resolve_risk_at.is_none() {
                set_clocks(&mut am, sla::clocks(&settings.sla, &settings.calendar, m.priority, m.created_at));
            }
            if m.status != WorkOrderStatus::Pending && m.first_response_at.is_none() {
                am.first_response_at = Set(Some(m.updated_at));
            }
            if matches!(m.status, WorkOrderStatus::Resolved | WorkOrderStatus::Closed) && m.resolved_at.is_none() {
                am.resolved_at = Set(Some(m.updated_at));
            }
            if m.status == WorkOrderStatus::Closed && m.closed_at.is_none() {
                am.closed_at = Set(Some(m.updated_at));
            }
            let am = with_active(am)?;
            // Derived bookkeeping: the row's own update time and version stay as they were.
            let probe = am.try_into_model().map_err(AppError::internal)?;
            let res = Entity::update_many()
                .col_expr(Column::ResponseDueAt, Expr::value(probe.response_due_at))
                .col_expr(Column::ResolveDueAt, Expr::value(probe.resolve_due_at))
                .col_expr(Column::ResponseRiskAt, Expr::value(probe.response_risk_at))
                .col_expr(Column::ResolveRiskAt, Expr::value(probe.resolve_risk_at))
                .col_expr(Column::FirstResponseAt, Expr::value(probe.first_response_at))
                .col_expr(Column::ResolvedAt, Expr::value(probe.resolved_at))
                .col_expr(Column::ClosedAt, Expr::value(probe.closed_at))
                .col_expr(Column::SlaDueAt, Expr::value(probe.sla_due_at))
                .col_expr(Column::SlaRiskAt, Expr::value(probe.sla_risk_at))
                .col_expr(Column::UpdatedAt, Expr::col(Column::UpdatedAt))
                .filter(Column::Id.eq(m.id))
                .filter(Column::Status.eq(m.status))
                .exec(conn)
                .await?;
            fixed += res.rows_affected;
        }
        if batch < 1000 {
            break;
        }
    }
    if fixed > 0 {
        tracing::info!(fixed, "work-order clocks caught up");
    }
    Ok(fixed)
}
