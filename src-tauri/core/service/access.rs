//! Record-access guards shared by every area: a record exists for a caller only within
//! their data scope. Customers in the public sea are visible to all but changeable only
//! after a claim; child records (contacts, follow-ups, activities, deals) go through
//! their customer.

use crate::auth::OwnerScope;
use crate::entity::enums::{OpportunityStatus, RelationKind, UserStatus};
use crate::entity::{crm_customer, crm_follow_up, crm_lead, crm_opportunity, sys_user};
use crate::error::{AppError, AppResult};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

/// Load a customer the caller may see; outside the scope it does not exist for them.
pub(crate) async fn visible_customer<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64) -> AppResult<crm_customer::Model> {
    let c = crm_customer::Entity::find_by_id(id).one(conn).await?;
    match c {
        Some(c) if c.is_in_sea != 0 || scope.allows(c.owner_id) => Ok(c),
        _ => Err(AppError::not_found("客户", "Customer")),
    }
}

/// Load a customer the caller may change: owned (not in the sea) and within scope.
pub(crate) async fn owned_customer<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, id: i64) -> AppResult<crm_customer::Model> {
    let c = crm_customer::Entity::find_by_id(id).lock_exclusive().one(conn).await?;
    match c {
        Some(c) if c.is_in_sea == 0 && scope.allows(c.owner_id) => Ok(c),
        Some(c) if c.is_in_sea != 0 && scope == &OwnerScope::All => Ok(c),
        Some(c) if c.is_in_sea != 0 => Err(AppError::conflict(None, "该客户在公海中,请先领取", "This customer is in the public sea; claim it first")),
        _ => Err(AppError::not_found("客户", "Customer")),
    }
}

/// The owner must be an enabled user within the caller's scope.
pub(crate) async fn check_owner<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, owner: i64) -> AppResult<()> {
    let u = sys_user::Entity::find_by_id(owner).one(conn).await?;
    match u {
        Some(u) if u.status == UserStatus::Enabled && scope.allows(owner) => Ok(()),
        Some(u) if u.status == UserStatus::Enabled => {
            Err(AppError::validation("ownerId", "只能把客户分配给您管辖范围内的同事", "You can only assign customers to people within your scope"))
        }
        _ => Err(AppError::validation("ownerId", "负责人不存在或已停用", "The owner does not exist or is disabled")),
    }
}

/// Deals (opportunities, quotations, contracts) and follow-ups belong to their customer:
/// a caller may see and change them while the customer is owned (not in the public sea)
/// by someone in their scope. A transfer or a move to the sea therefore takes the deals
/// with it. The condition for lists over a table with a `customer_id` column; None when
/// the caller sees everything.
pub(crate) fn deals_condition<C: ColumnTrait>(scope: &OwnerScope, customer_col: C) -> Option<Condition> {
    match scope {
        OwnerScope::All => None,
        OwnerScope::Owners(ids) => {
            let owned = Query::select()
                .column(crm_customer::Column::Id)
                .from(crm_customer::Entity)
                .and_where(Expr::col(crm_customer::Column::IsInSea).eq(0))
                .and_where(Expr::col(crm_customer::Column::OwnerId).is_in(ids.iter().copied()))
                .to_owned();
            Some(Condition::all().add(customer_col.in_subquery(owned)))
        }
    }
}

/// Narrow a query over deals to those the caller may see.
pub(crate) fn filter_deals<Q: QueryFilter, C: ColumnTrait>(scope: &OwnerScope, q: Q, customer_col: C) -> Q {
    match deals_condition(scope, customer_col) {
        Some(c) => q.filter(c),
        None => q,
    }
}

/// May the caller see and change the deals of this customer?
pub(crate) async fn deals_of<C: ConnectionTrait>(conn: &C, scope: &OwnerScope, customer_id: i64) -> AppResult<bool> {
    if *scope == OwnerScope::All {
        return Ok(true);
    }
    Ok(crm_customer::Entity::find_by_id(customer_id).one(conn).await?.is_some_and(|c| c.is_in_sea == 0 && scope.allows(c.owner_id)))
}

/// A new owner takes over the customer's open opportunities (transfer, claim, assign).
pub(crate) async fn move_open_deals<C: ConnectionTrait>(conn: &C, customer_id: i64, new_owner: i64) -> AppResult<u64> {
    let res = crm_opportunity::Entity::update_many()
        .col_expr(crm_opportunity::Column::OwnerId, Expr::value(new_owner))
        .filter(crm_opportunity::Column::CustomerId.eq(customer_id))
        .filter(crm_opportunity::Column::Status.eq(OpportunityStatus::InProgress))
        .exec(conn)
        .await?;
    Ok(res.rows_affected)
}

/// Follow-ups (and their reminders) the caller still has: those on customers owned by
/// someone in scope (not in the sea) and on leads owned by someone in scope. A transfer,
/// a move to the sea or a lead returned to its pool takes them away. None: everything.
pub(crate) fn follow_ups_condition(scope: &OwnerScope) -> Option<Condition> {
    let OwnerScope::Owners(ids) = scope else { return None };
    let customers = deals_condition(scope, crm_follow_up::Column::RelationId)?;
    let leads = Query::select()
        .column(crm_lead::Column::Id)
        .from(crm_lead::Entity)
        .and_where(Expr::col(crm_lead::Column::OwnerId).is_in(ids.iter().copied()))
        .to_owned();
    Some(Condition::any().add(Condition::all().add(crm_follow_up::Column::RelationType.eq(RelationKind::Customer.as_str())).add(customers)).add(
        Condition::all().add(crm_follow_up::Column::RelationType.eq(RelationKind::Lead.as_str())).add(crm_follow_up::Column::RelationId.in_subquery(leads)),
    ))
}
