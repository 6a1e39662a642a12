//! Customers (crm_customer): CRUD, owner transfer, all under the caller's data scope.

use super::{access, oplog, sea_rules, util, Ctx, Page, PageReq};
use crate::entity::crm_customer::{self, Column};
use crate::entity::enums::{CustomerLevel, CustomerStatus, CustomerType, RelationKind};
use crate::entity::sys_user;
use crate::error::{AppError, AppResult};
use chrono::NaiveDateTime;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub customer_name: String,
    pub customer_type: CustomerType,
    pub industry: Option<String>,
    pub scale: Option<String>,
    pub address: Option<String>,
    pub status: CustomerStatus,
    pub level: Option<CustomerLevel>,
    pub source_lead_id: Option<i64>,
    pub owner_id: i64,
    pub owner_name: Option<String>,
    pub in_sea: bool,
    pub sea_time: Option<NaiveDateTime>,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The sea clock: the newest follow-up (or claim / transfer / creation).
    pub last_follow_at: Option<NaiveDateTime>,
    /// When the public-sea rules will recycle this customer (None: never / in the sea).
    pub recycle_at: Option<NaiveDateTime>,
    /// Whole days until then (0 = today or overdue).
    pub days_until_recycle: Option<i64>,
    /// Its tags (客户标签).
    pub tags: Vec<super::marketing::tag::TagRef>,
    /// The marketing activity it came from.
    pub activity_id: Option<i64>,
    pub activity_name: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum CustomerSort {
    #[default]
    UpdatedAt,
    CreatedAt,
    CustomerName,
    Level,
    /// The sea clock: oldest follow-up first means "recycled soonest" first.
    LastFollowAt,
    /// When it entered the public sea.
    SeaTime,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct CustomerFilter {
    /// Matches the customer name.
    pub keyword: Option<String>,
    pub status: Option<CustomerStatus>,
    pub level: Option<CustomerLevel>,
    pub customer_type: Option<CustomerType>,
    pub owner_id: Option<i64>,
    /// false (default): customers owned by someone; true: the public sea.
    pub in_sea: bool,
    /// Only customers the sea rules will recycle within the warning period.
    pub expiring: bool,
    /// Created on or after / on or before these days (the desktop's calendar).
    #[ts(optional = nullable)]
    pub created_from: Option<chrono::NaiveDate>,
    #[ts(optional = nullable)]
    pub created_to: Option<chrono::NaiveDate>,
    /// No follow-up for at least this many days (the dashboard's forgotten customers).
    #[ts(optional = nullable)]
    pub idle_days: Option<u32>,
    /// Carries this tag.
    #[ts(optional = nullable)]
    pub tag_id: Option<i64>,
    /// Came from this marketing activity.
    #[ts(optional = nullable)]
    pub activity_id: Option<i64>,
    pub sort: CustomerSort,
    pub desc: Option<bool>,
}

pub(crate) async fn rows<C: ConnectionTrait>(conn: &C, list: Vec<crm_customer::Model>) -> AppResult<Vec<CustomerRow>> {
    let rules = sea_rules::rules(conn).await?;
    let now = util::now();
    let names = util::names_by_id::<sys_user::Entity, _>(conn, sys_user::Column::Id, sys_user::Column::FullName, list.iter().map(|c| c.owner_id)).await?;
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let mut tags = super::marketing::tag::of_customers(conn, &ids).await?;
    let activities = util::names_by_id::<crate::entity::crm_marketing_activity::Entity, _>(
        conn,
        crate::entity::crm_marketing_activity::Column::Id,
        crate::entity::crm_marketing_activity::Column::ActivityName,
        list.iter().filter_map(|c| c.activity_id),
    )
    .await?;
    Ok(list
        .into_iter()
        .map(|c| CustomerRow {
            tags: tags.remove(&c.id).unwrap_or_default(),
            activity_name: c.activity_id.and_then(|a| activities.get(&a).cloned()),
            activity_id: c.activity_id,
            lock_version: c.lock_version,
            recycle_at: rules.recycle_at(&c),
            days_until_recycle: rules.recycle_at(&c).map(|t| sea_rules::days_until(t, now)),
            last_follow_at: c.last_follow_at,
            owner_name: names.get(&c.owner_id).cloned(),
            id: c.id,
            customer_name: c.customer_name,
            customer_type: c.customer_type,
            industry: c.industry,
            scale: c.scale,
            address: c.address,
            status: c.status,
            level: c.level,
            source_lead_id: c.source_lead_id,
            owner_id: c.owner_id,
            in_sea: c.is_in_sea != 0,
            sea_time: c.sea_time,
            created_by: c.created_by,
            created_at: c.created_at,
            updated_at: c.updated_at,
        })
        .collect())
}

/// One page of customers the caller may see.
pub async fn list(ctx: &Ctx, f: CustomerFilter, page: PageReq) -> AppResult<Page<CustomerRow>> {
    ctx.require("customer:read")?;
    let page = page.normalized();
    let mut q = crm_customer::Entity::find().filter(Column::IsInSea.eq(if f.in_sea { 1 } else { 0 }));
    if !f.in_sea {
        // The public sea is open to everyone who may read customers; owned ones follow the scope.
        q = ctx.owner_scope().await?.filter(q, Column::OwnerId);
    }
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        use super::search_index::{self, Kind};
        if let Some(c) = search_index::plan(ctx.reader(), Kind::Customer, k).await?.condition(Kind::Customer, Column::Id, &[Column::CustomerName]) {
            q = q.filter(c);
        }
    }
    if let Some(s) = f.status {
        q = q.filter(Column::Status.eq(s));
    }
    if let Some(l) = f.level {
        q = q.filter(Column::Level.eq(l));
    }
    if let Some(t) = f.customer_type {
        q = q.filter(Column::CustomerType.eq(t));
    }
    if let Some(o) = f.owner_id {
        q = q.filter(Column::OwnerId.eq(o));
    }
    if let Some(a) = f.activity_id {
        q = q.filter(Column::ActivityId.eq(a));
    }
    if let Some(t) = f.tag_id {
        use crate::entity::crm_customer_tag_link as link;
        use sea_orm::sea_query::Query;
        q = q.filter(
            Column::Id.in_subquery(Query::select().column(link::Column::CustomerId).from(link::Entity).and_where(link::Column::TagId.eq(t)).to_owned()),
        );
    }
    util::opt_date("createdFrom", f.created_from)?;
    util::opt_date("createdTo", f.created_to)?;
    if let Some(d) = f.created_from {
        q = q.filter(Column::CreatedAt.gte(util::local_midnight_utc(d)));
    }
    if let Some(d) = f.created_to {
        q = q.filter(Column::CreatedAt.lt(util::local_midnight_utc(d + chrono::Duration::days(1))));
    }
    if let Some(days) = f.idle_days {
        if days > 36500 {
            return Err(AppError::validation("idleDays", "未跟进天数过大", "Too many days without follow-up"));
        }
        let cutoff = util::now() - chrono::Duration::days(days as i64);
        q = q.filter(
            sea_orm::Condition::any()
                .add(Column::LastFollowAt.lt(cutoff))
                .add(sea_orm::Condition::all().add(Column::LastFollowAt.is_null()).add(Column::CreatedAt.lt(cutoff))),
        );
    }
    if f.expiring && !f.in_sea {
        match sea_rules::expiring_condition(&sea_rules::rules(ctx.reader()).await?, util::now()) {
            Some(c) => q = q.filter(c),
            None => q = q.filter(Column::Id.lt(0)),
        }
    }
    // Count and page over ids only: `idx_list` covers every filter and sort column, so
    // both are index-only scans; then the page's 50 rows are fetched by id.
    let total = q.clone().select_only().column(Column::Id).count(ctx.reader()).await?;
    let desc = f.desc.unwrap_or(!matches!(f.sort, CustomerSort::CustomerName | CustomerSort::Level | CustomerSort::LastFollowAt));
    let col = match f.sort {
        CustomerSort::UpdatedAt => Column::UpdatedAt,
        CustomerSort::CreatedAt => Column::CreatedAt,
        CustomerSort::CustomerName => Column::CustomerName,
        CustomerSort::Level => Column::Level,
        CustomerSort::LastFollowAt => Column::LastFollowAt,
        CustomerSort::SeaTime => Column::SeaTime,
    };
    let order = if desc { sea_orm::Order::Desc } else { sea_orm::Order::Asc };
    let ids: Vec<i64> = q
        .select_only()
        .column(Column::Id)
        .order_by(col, order.clone())
        .order_by(Column::Id, order)
        .offset(page.offset())
        .limit(page.page_size)
        .into_tuple()
        .all(ctx.reader())
        .await?;
    let mut list = if ids.is_empty() { vec![] } else { crm_customer::Entity::find().filter(Column::Id.is_in(ids.clone())).all(ctx.reader()).await? };
    let pos: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
    list.sort_by_key(|c| pos.get(&c.id).copied().unwrap_or(usize::MAX));
    Ok(Page { items: rows(ctx.reader(), list).await?, total, page: page.page, page_size: page.page_size })
}

pub async fn get(ctx: &Ctx, id: i64) -> AppResult<CustomerRow> {
    ctx.require("customer:read")?;
    let scope = ctx.owner_scope().await?;
    let c = access::visible_customer(ctx.reader(), &scope, id).await?;
    Ok(rows(ctx.reader(), vec![c]).await?.remove(0))
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerInput {
    pub customer_name: String,
    pub customer_type: CustomerType,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub scale: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default = "potential")]
    pub status: CustomerStatus,
    #[serde(default)]
    pub level: Option<CustomerLevel>,
    /// Defaults to the caller.
    #[serde(default)]
    pub owner_id: Option<i64>,
    /// The marketing activity it came from (来源活动).
    #[serde(default)]
    pub activity_id: Option<i64>,
}

fn potential() -> CustomerStatus {
    CustomerStatus::Potential
}

struct Clean {
    name: String,
    industry: Option<String>,
    scale: Option<String>,
    address: Option<String>,
}

fn clean(i: &CustomerInput) -> AppResult<Clean> {
    Ok(Clean {
        name: util::required("customerName", "客户名称", "Customer name", &i.customer_name, 200)?,
        industry: util::optional("industry", "所属行业", "Industry", i.industry.as_deref(), 50)?,
        scale: util::optional("scale", "企业规模", "Company size", i.scale.as_deref(), 50)?,
        address: util::optional("address", "地址", "Address", i.address.as_deref(), 500)?,
    })
}

/// "Deal" (成交) is set by signing a contract, never by hand (the CLI and imports may).
fn check_status(ctx: &Ctx, from: Option<CustomerStatus>, to: CustomerStatus) -> AppResult<()> {
    if to == CustomerStatus::Deal && from != Some(CustomerStatus::Deal) && !ctx.is_system() {
        return Err(AppError::validation("status", "「成交」状态由签约合同自动设置,不能手工选择", "\"Deal\" is set by signing a contract, not by hand"));
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, input: CustomerInput) -> AppResult<CustomerRow> {
    ctx.require("customer:create")?;
    check_status(ctx, None, input.status)?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let owner = input.owner_id.or(ctx.actor_id()).ok_or_else(|| AppError::validation("ownerId", "请选择负责人", "Choose an owner"))?;
    let txn = ctx.db.begin().await?;
    access::check_owner(&txn, &scope, owner).await?;
    let activity = super::marketing::activity::check_exists(&txn, input.activity_id).await?;
    let now = util::now();
    let m = crm_customer::ActiveModel {
        activity_id: Set(activity),
        customer_name: Set(c.name),
        customer_type: Set(input.customer_type),
        industry: Set(c.industry),
        scale: Set(c.scale),
        address: Set(c.address),
        status: Set(input.status),
        level: Set(input.level),
        source_lead_id: Set(None),
        owner_id: Set(owner),
        is_in_sea: Set(0),
        sea_time: Set(None),
        created_by: Set(ctx.actor_id().unwrap_or(owner)),
        created_at: Set(now),
        updated_at: Set(now),
        last_follow_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_customer", m.id, oplog::diff(None, Some(&m)), Some(m.customer_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![m]).await?.remove(0))
}

/// Edit a customer's details. The owner changes only through [`transfer`].
pub async fn update(ctx: &Ctx, id: i64, input: CustomerInput) -> AppResult<CustomerRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: CustomerInput, version: Option<i32>) -> AppResult<CustomerRow> {
    ctx.require("customer:update")?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = access::owned_customer(&txn, &scope, id).await?;
    super::version::check(&txn, "crm_customer", id, version, before.lock_version).await?;
    check_status(ctx, Some(before.status), input.status)?;
    let mut am = before.clone().into_active_model();
    am.customer_name = Set(c.name);
    am.customer_type = Set(input.customer_type);
    am.industry = Set(c.industry);
    am.scale = Set(c.scale);
    am.address = Set(c.address);
    am.status = Set(input.status);
    am.level = Set(input.level);
    am.activity_id = Set(super::marketing::activity::check_exists(&txn, input.activity_id).await?);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    let action = if before.status != after.status { oplog::Action::Status } else { oplog::Action::Update };
    oplog::record(&txn, ctx, action, "crm_customer", id, oplog::diff(Some(&before), Some(&after)), Some(after.customer_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("customer:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = access::owned_customer(&txn, &scope, id).await?;
    use crate::entity::{crm_contact, crm_contract, crm_customer_session, crm_follow_up, crm_opportunity, crm_quotation, crm_return_visit, crm_visit_plan};
    let deals = crm_opportunity::Entity::find().filter(crm_opportunity::Column::CustomerId.eq(id)).count(&txn).await?
        + crm_quotation::Entity::find().filter(crm_quotation::Column::CustomerId.eq(id)).count(&txn).await?
        + crm_contract::Entity::find().filter(crm_contract::Column::CustomerId.eq(id)).count(&txn).await?;
    if deals > 0 {
        return Err(AppError::conflict(
            None,
            "该客户已有商机、报价或合同,不能删除;可将状态改为流失",
            "This customer has opportunities, quotations or contracts and cannot be deleted; mark it lost instead",
        ));
    }
    let contact_ids: Vec<i64> =
        crm_contact::Entity::find().select_only().column(crm_contact::Column::Id).filter(crm_contact::Column::CustomerId.eq(id)).into_tuple().all(&txn).await?;
    crm_contact::Entity::delete_many().filter(crm_contact::Column::CustomerId.eq(id)).exec(&txn).await?;
    super::search_index::sync(&txn, super::search_index::Kind::Contact, &contact_ids).await?;
    crm_customer_session::Entity::delete_many().filter(crm_customer_session::Column::CustomerId.eq(id)).exec(&txn).await?;
    crate::entity::crm_customer_tag_link::Entity::delete_many().filter(crate::entity::crm_customer_tag_link::Column::CustomerId.eq(id)).exec(&txn).await?;
    crm_visit_plan::Entity::delete_many().filter(crm_visit_plan::Column::CustomerId.eq(id)).exec(&txn).await?;
    crm_return_visit::Entity::delete_many().filter(crm_return_visit::Column::CustomerId.eq(id)).exec(&txn).await?;
    crm_follow_up::Entity::delete_many()
        .filter(crm_follow_up::Column::RelationType.eq(RelationKind::Customer.as_str()))
        .filter(crm_follow_up::Column::RelationId.eq(id))
        .exec(&txn)
        .await?;
    crm_customer::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_customer", id, oplog::diff(Some(&before), None), Some(before.customer_name.clone())).await?;
    txn.commit().await?;
    Ok(())
}

/// Hand a customer to another owner (both within the caller's scope).
pub async fn transfer(ctx: &Ctx, id: i64, new_owner: i64) -> AppResult<CustomerRow> {
    ctx.require("customer:transfer")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = access::owned_customer(&txn, &scope, id).await?;
    access::check_owner(&txn, &scope, new_owner).await?;
    if before.owner_id == new_owner {
        return Err(AppError::validation("ownerId", "新负责人与当前负责人相同", "The new owner is the current owner"));
    }
    let mut am = before.clone().into_active_model();
    am.owner_id = Set(new_owner);
    am.updated_at = Set(util::now());
    // A new owner gets a full period before the sea takes the customer.
    am.last_follow_at = Set(Some(util::now()));
    let after = am.update(&txn).await?;
    // Open opportunities go with the customer; quotations and contracts follow it by scope.
    access::move_open_deals(&txn, id, new_owner).await?;
    oplog::record(&txn, ctx, oplog::Action::Owner, "crm_customer", id, oplog::diff(Some(&before), Some(&after)), Some(after.customer_name.clone())).await?;
    txn.commit().await?;
    Ok(rows(&ctx.db, vec![after]).await?.remove(0))
}

/// Record counts for the customer detail's tabs.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct CustomerSummary {
    pub contacts: u64,
    pub follow_ups: u64,
    pub sessions: u64,
    pub visits: u64,
    pub return_visits: u64,
    pub opportunities: u64,
    pub quotations: u64,
    pub contracts: u64,
    pub payments: u64,
}

pub async fn summary(ctx: &Ctx, id: i64) -> AppResult<CustomerSummary> {
    ctx.require("customer:read")?;
    use crate::entity::{
        crm_contact, crm_contract, crm_customer_session, crm_follow_up, crm_opportunity, crm_payment_record, crm_quotation, crm_return_visit, crm_visit_plan,
    };
    let scope = ctx.owner_scope().await?;
    let c = access::visible_customer(&ctx.db, &scope, id).await?;
    let db = &ctx.db;
    let mut follow = sea_orm::Condition::any().add(
        sea_orm::Condition::all().add(crm_follow_up::Column::RelationType.eq(RelationKind::Customer.as_str())).add(crm_follow_up::Column::RelationId.eq(id)),
    );
    if let Some(l) = c.source_lead_id {
        follow = follow.add(
            sea_orm::Condition::all().add(crm_follow_up::Column::RelationType.eq(RelationKind::Lead.as_str())).add(crm_follow_up::Column::RelationId.eq(l)),
        );
    }
    let contract_ids: Vec<i64> = crm_contract::Entity::find()
        .select_only()
        .column(crm_contract::Column::Id)
        .filter(crm_contract::Column::CustomerId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    let payments = if contract_ids.is_empty() {
        0
    } else {
        crm_payment_record::Entity::find().filter(crm_payment_record::Column::ContractId.is_in(contract_ids.clone())).count(db).await?
    };
    Ok(CustomerSummary {
        contacts: crm_contact::Entity::find().filter(crm_contact::Column::CustomerId.eq(id)).count(db).await?,
        follow_ups: crm_follow_up::Entity::find().filter(follow).count(db).await?,
        sessions: crm_customer_session::Entity::find().filter(crm_customer_session::Column::CustomerId.eq(id)).count(db).await?,
        visits: crm_visit_plan::Entity::find().filter(crm_visit_plan::Column::CustomerId.eq(id)).count(db).await?,
        return_visits: crm_return_visit::Entity::find().filter(crm_return_visit::Column::CustomerId.eq(id)).count(db).await?,
        opportunities: crm_opportunity::Entity::find().filter(crm_opportunity::Column::CustomerId.eq(id)).count(db).await?,
        quotations: crm_quotation::Entity::find().filter(crm_quotation::Column::CustomerId.eq(id)).count(db).await?,
        contracts: contract_ids.len() as u64,
        payments,
    })
}
