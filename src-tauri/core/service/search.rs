//! Global search (Ctrl+K) over leads, customers, contacts and opportunities, each
//! narrowed to what the caller may see.

use super::{access, lead_pool, Ctx};
use crate::auth::OwnerScope;
use crate::entity::{crm_contact, crm_customer, crm_lead, crm_opportunity};
use crate::error::AppResult;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Lead,
    Customer,
    Contact,
    Opportunity,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchHit {
    pub kind: HitKind,
    pub id: i64,
    pub title: String,
    /// Phone, company or customer name: whatever helps tell hits apart.
    pub subtitle: Option<String>,
    /// The customer a contact or opportunity belongs to.
    pub customer_id: Option<i64>,
}

/// Up to `per_kind` hits of each kind whose name (or phone) contains `q`, newest first.
///
/// A substring search cannot use an index, so each query walks its table backwards by
/// primary key and stops at the first `per_kind` matches; the scope checks are written
/// so they do not make the database trade that scan for index lookups.
pub async fn search(ctx: &Ctx, q: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    ctx.require_login()?;
    let q = q.trim();
    if q.chars().count() < 1 {
        return Ok(vec![]);
    }
    let like = format!("%{q}%");
    let per_kind = per_kind.clamp(1, 20);
    let scope = ctx.owner_scope().await?;
    // The four kinds run at once: on MySQL each takes its own pooled connection.
    let (customers, leads, contacts, opportunities) = tokio::try_join!(
        customers(ctx, &scope, &like, per_kind),
        leads(ctx, &scope, &like, per_kind),
        contacts(ctx, &scope, &like, per_kind),
        opportunities(ctx, &scope, &like, per_kind),
    )?;
    let mut hits = customers;
    hits.extend(leads);
    hits.extend(contacts);
    hits.extend(opportunities);
    Ok(hits)
}

/// In the public sea (open to all) or owned within scope, without steering the plan to indexes.
fn in_sea_or_scope<C: ColumnTrait>(scope: &OwnerScope, in_sea: C, owner: C) -> Condition {
    match scope {
        OwnerScope::All => Condition::all(),
        OwnerScope::Owners(_) => Condition::any().add(Expr::col(in_sea).add(0).eq(1)).add(scope.condition_scan(owner)),
    }
}

async fn customers(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("customer:read") {
        return Ok(vec![]);
    }
    let rows = crm_customer::Entity::find()
        .filter(in_sea_or_scope(scope, crm_customer::Column::IsInSea, crm_customer::Column::OwnerId))
        .filter(crm_customer::Column::CustomerName.like(like))
        .order_by_desc(crm_customer::Column::Id)
        .limit(per_kind)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|c| SearchHit { kind: HitKind::Customer, id: c.id, title: c.customer_name, subtitle: c.industry, customer_id: Some(c.id) })
        .collect())
}

async fn leads(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("lead:read") {
        return Ok(vec![]);
    }
    // The lead list's rule: owned leads follow the scope; unowned ones sit in pools, where
    // public pools are open to every reader and private pools only to assigners.
    let owned = Condition::all().add(crm_lead::Column::OwnerId.is_not_null()).add(scope.condition_scan(crm_lead::Column::OwnerId));
    let mut unowned = Condition::all().add(Expr::col(crm_lead::Column::OwnerId).add(0).is_null());
    if !ctx.can("lead:assign") {
        unowned = unowned.add(crm_lead::Column::PoolId.is_in(lead_pool::public_pool_ids(&ctx.db).await?));
    }
    let owned = Condition::any().add(owned).add(unowned);
    let rows = crm_lead::Entity::find()
        .filter(owned)
        .filter(Condition::any().add(crm_lead::Column::LeadName.like(like)).add(crm_lead::Column::Phone.like(like)).add(crm_lead::Column::Company.like(like)))
        .order_by_desc(crm_lead::Column::Id)
        .limit(per_kind)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|l| {
            let sub = [l.company.clone(), l.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            SearchHit { kind: HitKind::Lead, id: l.id, title: l.lead_name, subtitle: (!sub.is_empty()).then_some(sub), customer_id: None }
        })
        .collect())
}

async fn contacts(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("contact:read") {
        return Ok(vec![]);
    }
    let rows: Vec<(crm_contact::Model, Option<crm_customer::Model>)> = crm_contact::Entity::find()
        .find_also_related(crm_customer::Entity)
        .filter(Condition::any().add(crm_contact::Column::ContactName.like(like)).add(crm_contact::Column::Phone.like(like)))
        .filter(in_sea_or_scope(scope, crm_customer::Column::IsInSea, crm_customer::Column::OwnerId))
        .order_by_desc(crm_contact::Column::Id)
        .limit(per_kind)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(c, cust)| SearchHit {
            kind: HitKind::Contact,
            id: c.id,
            title: c.contact_name,
            subtitle: Some(match cust {
                Some(cu) => format!("{} · {}", cu.customer_name, c.phone),
                None => c.phone,
            }),
            customer_id: Some(c.customer_id),
        })
        .collect())
}

async fn opportunities(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("opportunity:read") {
        return Ok(vec![]);
    }
    let rows = crm_opportunity::Entity::find()
        .filter(access::deals_condition(scope, crm_opportunity::Column::CustomerId).unwrap_or_else(Condition::all))
        .filter(crm_opportunity::Column::OpportunityName.like(like))
        .order_by_desc(crm_opportunity::Column::Id)
        .limit(per_kind)
        .all(&ctx.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|o| SearchHit { kind: HitKind::Opportunity, id: o.id, title: o.opportunity_name, subtitle: Some(o.stage), customer_id: Some(o.customer_id) })
        .collect())
}
