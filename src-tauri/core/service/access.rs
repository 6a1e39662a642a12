//! Record-access guards shared by every area: a record exists for a caller only within
//! their data scope. Customers in the public sea are visible to all but changeable only
//! after a claim; child records (contacts, follow-ups, activities, deals) go through
//! their customer.

use crate::auth::OwnerScope;
use crate::entity::enums::UserStatus;
use crate::entity::{crm_customer, sys_user};
use crate::error::{AppError, AppResult};
use sea_orm::{ConnectionTrait, EntityTrait, QuerySelect};

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
