//! Global search (Ctrl+K) over leads, customers, contacts and opportunities, each
//! narrowed to what the caller may see.

use super::Ctx;
use crate::auth::OwnerScope;
use crate::entity::{crm_contact, crm_customer, crm_lead, crm_opportunity};
use crate::error::AppResult;
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

/// Up to `per_kind` hits of each kind whose name (or phone) contains `q`.
pub async fn search(ctx: &Ctx, q: &str, per_kind: u64) -> AppResult<Vec<SearchHit>> {
    ctx.require_login()?;
    let q = q.trim();
    if q.chars().count() < 1 {
        return Ok(vec![]);
    }
    let like = format!("%{q}%");
    let per_kind = per_kind.clamp(1, 20);
    let scope = ctx.owner_scope().await?;
    let mut hits = vec![];

    if ctx.can("customer:read") {
        let base = crm_customer::Entity::find()
            .filter(Condition::any().add(crm_customer::Column::IsInSea.eq(1)).add(scope.condition(crm_customer::Column::OwnerId)))
            .filter(crm_customer::Column::CustomerName.like(&like));
        for c in base.order_by_desc(crm_customer::Column::UpdatedAt).limit(per_kind).all(&ctx.db).await? {
            hits.push(SearchHit { kind: HitKind::Customer, id: c.id, title: c.customer_name, subtitle: c.industry, customer_id: Some(c.id) });
        }
    }
    if ctx.can("lead:read") {
        // Unowned leads sit in pools everyone may browse; owned ones follow the scope.
        let owned = match &scope {
            OwnerScope::All => Condition::all(),
            OwnerScope::Owners(ids) => Condition::any().add(crm_lead::Column::OwnerId.is_null()).add(crm_lead::Column::OwnerId.is_in(ids.iter().copied())),
        };
        let rows = crm_lead::Entity::find()
            .filter(owned)
            .filter(Condition::any().add(crm_lead::Column::LeadName.like(&like)).add(crm_lead::Column::Phone.like(&like)).add(crm_lead::Column::Company.like(&like)))
            .order_by_desc(crm_lead::Column::UpdatedAt)
            .limit(per_kind)
            .all(&ctx.db)
            .await?;
        for l in rows {
            let sub = [l.company.clone(), l.phone.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ");
            hits.push(SearchHit { kind: HitKind::Lead, id: l.id, title: l.lead_name, subtitle: (!sub.is_empty()).then_some(sub), customer_id: None });
        }
    }
    if ctx.can("contact:read") {
        let rows: Vec<(crm_contact::Model, Option<crm_customer::Model>)> = crm_contact::Entity::find()
            .find_also_related(crm_customer::Entity)
            .filter(Condition::any().add(crm_contact::Column::ContactName.like(&like)).add(crm_contact::Column::Phone.like(&like)))
            .filter(Condition::any().add(crm_customer::Column::IsInSea.eq(1)).add(scope.condition(crm_customer::Column::OwnerId)))
            .order_by_desc(crm_contact::Column::Id)
            .limit(per_kind)
            .all(&ctx.db)
            .await?;
        for (c, cust) in rows {
            hits.push(SearchHit {
                kind: HitKind::Contact,
                id: c.id,
                title: c.contact_name,
                subtitle: Some(match cust {
                    Some(cu) => format!("{} · {}", cu.customer_name, c.phone),
                    None => c.phone,
                }),
                customer_id: Some(c.customer_id),
            });
        }
    }
    if ctx.can("opportunity:read") {
        let rows = crm_opportunity::Entity::find()
            .filter(scope.condition(crm_opportunity::Column::OwnerId))
            .filter(crm_opportunity::Column::OpportunityName.like(&like))
            .order_by_desc(crm_opportunity::Column::UpdatedAt)
            .limit(per_kind)
            .all(&ctx.db)
            .await?;
        for o in rows {
            hits.push(SearchHit { kind: HitKind::Opportunity, id: o.id, title: o.opportunity_name, subtitle: Some(o.stage), customer_id: Some(o.customer_id) });
        }
    }
    Ok(hits)
}
