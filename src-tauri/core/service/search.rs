//! Global search (Ctrl+K) over leads, customers, contacts and opportunities, each
//! narrowed to what the caller may see.

use super::search_index::{self, Candidates, Kind, Plan};
use super::{access, lead_pool, Ctx};
use crate::auth::OwnerScope;
use crate::entity::{crm_contact, crm_customer, crm_lead, crm_opportunity};
use crate::error::AppResult;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Select};
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
/// One character means "starts with" (a surname, a city); two or more mean "contains";
/// four or more digits find a phone number by any part of it.
///
/// Each kind asks the token index for the records holding the query's rarest token,
/// newest first, in growing chunks, and checks each chunk against the real columns and
/// the caller's scope until it has `per_kind` hits (see `search_index`).
pub async fn search(ctx: &Ctx, q: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    search_using(ctx, q, per_kind, Strategy::Index).await
}

/// How [`search_using`] finds candidates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strategy {
    /// Through the token index (what the app does).
    Index,
    /// A LIKE scan of each table backwards by id, as before the index: for the benchmark's
    /// before/after figures.
    Scan,
}

pub async fn search_using(ctx: &Ctx, q: &str, per_kind: u64, strategy: Strategy) -> AppResult<Vec<SearchHit>> {
    ctx.require_login()?;
    let q = q.trim();
    if q.chars().count() < 1 {
        return Ok(vec![]);
    }
    let like = q;
    let per_kind = per_kind.clamp(1, 20);
    let scope = ctx.owner_scope().await?;
    // The four kinds run at once: on MySQL each takes its own pooled connection.
    let (customers, leads, contacts, opportunities) = tokio::try_join!(
        customers(ctx, &scope, like, per_kind, strategy),
        leads(ctx, &scope, like, per_kind, strategy),
        contacts(ctx, &scope, like, per_kind, strategy),
        opportunities(ctx, &scope, like, per_kind, strategy),
    )?;
    let mut hits = customers;
    hits.extend(leads);
    hits.extend(contacts);
    hits.extend(opportunities);
    Ok(hits)
}

/// Up to `per_kind` rows of `base` matching `q` in any of `cols`, newest first.
#[allow(clippy::too_many_arguments)]
async fn find<E: EntityTrait>(
    db: &DatabaseConnection,
    strategy: Strategy,
    kind: Kind,
    q: &str,
    per_kind: u64,
    base: Select<E>,
    id: E::Column,
    cols: &[E::Column],
) -> AppResult<Vec<E::Model>>
where
    E::Model: Sync,
{
    let like = |pattern: &str| cols.iter().fold(Condition::any(), |c, col| c.add(col.like(pattern)));
    let plan = match strategy {
        Strategy::Index => search_index::plan(db, kind, q).await?,
        Strategy::Scan => Plan::Scan { pattern: format!("%{q}%") },
    };
    match plan {
        Plan::All | Plan::Nothing => Ok(vec![]),
        Plan::Scan { pattern } => Ok(base.filter(like(&pattern)).order_by_desc(id).limit(per_kind).all(db).await?),
        Plan::Token { token, pattern, .. } => {
            let mut out: Vec<E::Model> = vec![];
            let mut candidates = Candidates::new(kind, token);
            while let Some(ids) = candidates.next(db).await? {
                let need = per_kind - out.len() as u64;
                out.extend(base.clone().filter(id.is_in(ids)).filter(like(&pattern)).order_by_desc(id).limit(need).all(db).await?);
                if out.len() as u64 >= per_kind {
                    break;
                }
            }
            Ok(out)
        }
    }
}

/// In the public sea (open to all) or owned within scope, without steering the plan to indexes.
fn in_sea_or_scope<C: ColumnTrait>(scope: &OwnerScope, in_sea: C, owner: C) -> Condition {
    match scope {
        OwnerScope::All => Condition::all(),
        OwnerScope::Owners(_) => Condition::any().add(Expr::col(in_sea).add(0).eq(1)).add(scope.condition_scan(owner)),
    }
}

async fn customers(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64, strategy: Strategy) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("customer:read") {
        return Ok(vec![]);
    }
    use crm_customer::Column as C;
    let base = crm_customer::Entity::find().filter(in_sea_or_scope(scope, C::IsInSea, C::OwnerId));
    let rows = find(ctx.reader(), strategy, Kind::Customer, like, per_kind, base, C::Id, &[C::CustomerName]).await?;
    Ok(rows
        .into_iter()
        .map(|c| SearchHit { kind: HitKind::Customer, id: c.id, title: c.customer_name, subtitle: c.industry, customer_id: Some(c.id) })
        .collect())
}

async fn leads(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64, strategy: Strategy) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("lead:read") {
        return Ok(vec![]);
    }
    // The lead list's rule: owned leads follow the scope; unowned ones sit in pools, where
    // public pools are open to every reader and private pools only to assigners.
    let owned = Condition::all().add(crm_lead::Column::OwnerId.is_not_null()).add(scope.condition_scan(crm_lead::Column::OwnerId));
    let mut unowned = Condition::all().add(Expr::col(crm_lead::Column::OwnerId).add(0).is_null());
    if !ctx.can("lead:assign") {
        unowned = unowned.add(crm_lead::Column::PoolId.is_in(lead_pool::public_pool_ids(ctx.reader()).await?));
    }
    let owned = Condition::any().add(owned).add(unowned);
    use crm_lead::Column as L;
    let rows =
        find(ctx.reader(), strategy, Kind::Lead, like, per_kind, crm_lead::Entity::find().filter(owned), L::Id, &[L::LeadName, L::Phone, L::Company]).await?;
    Ok(rows
        .into_iter()
        .map(|l| {
            let sub = [l.company.clone(), l.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            SearchHit { kind: HitKind::Lead, id: l.id, title: l.lead_name, subtitle: (!sub.is_empty()).then_some(sub), customer_id: None }
        })
        .collect())
}

async fn contacts(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64, strategy: Strategy) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("contact:read") {
        return Ok(vec![]);
    }
    use crm_contact::Column as K;
    let base = crm_contact::Entity::find().join(JoinType::InnerJoin, crm_contact::Relation::CrmCustomer.def()).filter(in_sea_or_scope(
        scope,
        crm_customer::Column::IsInSea,
        crm_customer::Column::OwnerId,
    ));
    let rows = find(ctx.reader(), strategy, Kind::Contact, like, per_kind, base, K::Id, &[K::ContactName, K::Phone]).await?;
    let customer_ids: Vec<i64> = rows.iter().map(|c| c.customer_id).collect();
    let names: std::collections::HashMap<i64, String> = if customer_ids.is_empty() {
        Default::default()
    } else {
        crm_customer::Entity::find()
            .filter(crm_customer::Column::Id.is_in(customer_ids))
            .all(ctx.reader())
            .await?
            .into_iter()
            .map(|c| (c.id, c.customer_name))
            .collect()
    };
    Ok(rows
        .into_iter()
        .map(|c| (names.get(&c.customer_id).cloned(), c))
        .map(|(cust, c)| SearchHit {
            kind: HitKind::Contact,
            id: c.id,
            title: c.contact_name,
            subtitle: Some(match cust {
                Some(name) => format!("{name} · {}", c.phone),
                None => c.phone,
            }),
            customer_id: Some(c.customer_id),
        })
        .collect())
}

async fn opportunities(ctx: &Ctx, scope: &OwnerScope, like: &str, per_kind: u64, strategy: Strategy) -> AppResult<Vec<SearchHit>> {
    if !ctx.can("opportunity:read") {
        return Ok(vec![]);
    }
    use crm_opportunity::Column as O;
    let base = crm_opportunity::Entity::find().filter(access::deals_condition(scope, O::CustomerId).unwrap_or_else(Condition::all));
    let rows = find(ctx.reader(), strategy, Kind::Opportunity, like, per_kind, base, O::Id, &[O::OpportunityName]).await?;
    Ok(rows
        .into_iter()
        .map(|o| SearchHit { kind: HitKind::Opportunity, id: o.id, title: o.opportunity_name, subtitle: Some(o.stage), customer_id: Some(o.customer_id) })
        .collect())
}
