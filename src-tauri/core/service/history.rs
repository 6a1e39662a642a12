//! A record's change history (the operation log), shown only to those who may see the
//! record itself: each entity type applies its own access rule, so the log never leaks
//! another owner's old and new values.

use super::{access, contract, lead, oplog, opportunity, quotation, Ctx, Page, PageReq};
use crate::auth::OwnerScope;
use crate::entity::enums::RelationKind;
use crate::entity::{crm_contact, crm_customer, crm_customer_session, crm_follow_up, crm_return_visit, crm_visit_plan};
use crate::error::{AppError, AppResult};
use sea_orm::EntityTrait;

/// The customer a child row belongs to, if the row still exists.
async fn customer_of(ctx: &Ctx, entity_type: &str, id: i64) -> AppResult<Option<i64>> {
    let db = ctx.reader();
    Ok(match entity_type {
        "crm_contact" => crm_contact::Entity::find_by_id(id).one(db).await?.map(|r| r.customer_id),
        "crm_customer_session" => crm_customer_session::Entity::find_by_id(id).one(db).await?.map(|r| r.customer_id),
        "crm_visit_plan" => crm_visit_plan::Entity::find_by_id(id).one(db).await?.map(|r| r.customer_id),
        "crm_return_visit" => crm_return_visit::Entity::find_by_id(id).one(db).await?.map(|r| r.customer_id),
        _ => None,
    })
}

fn not_found() -> AppError {
    AppError::not_found("记录", "Record")
}

/// Check that the caller may see the record the history is about.
async fn check_visible(ctx: &Ctx, entity_type: &str, id: i64) -> AppResult<()> {
    let scope = ctx.owner_scope().await?;
    match entity_type {
        "crm_customer" => {
            ctx.require("customer:read")?;
            match access::visible_customer(ctx.reader(), &scope, id).await {
                Ok(_) => Ok(()),
                // A deleted customer: only those who see everything read its history.
                Err(AppError::NotFound { .. }) if scope == OwnerScope::All => {
                    let gone = crm_customer::Entity::find_by_id(id).one(ctx.reader()).await?.is_none();
                    if gone {
                        Ok(())
                    } else {
                        Err(not_found())
                    }
                }
                Err(e) => Err(e),
            }
        }
        "crm_lead" => lead::get(ctx, id).await.map(|_| ()),
        "crm_opportunity" => opportunity::get(ctx, id).await.map(|_| ()),
        "crm_quotation" => quotation::get(ctx, id).await.map(|_| ()),
        "crm_contract" => contract::get(ctx, id).await.map(|_| ()),
        "crm_contact" | "crm_customer_session" | "crm_visit_plan" | "crm_return_visit" => {
            ctx.require("customer:read")?;
            match customer_of(ctx, entity_type, id).await? {
                Some(c) => access::visible_customer(ctx.reader(), &scope, c).await.map(|_| ()),
                // The row is gone: only those who see everything read its history.
                None if scope == OwnerScope::All => Ok(()),
                None => Err(not_found()),
            }
        }
        "crm_follow_up" => {
            let f = crm_follow_up::Entity::find_by_id(id).one(ctx.reader()).await?;
            match f.as_ref().and_then(|f| RelationKind::parse(&f.relation_type).map(|k| (k, f.relation_id))) {
                Some((RelationKind::Customer, c)) => {
                    ctx.require("customer:read")?;
                    access::visible_customer(ctx.reader(), &scope, c).await.map(|_| ())
                }
                Some((RelationKind::Lead, l)) => lead::get(ctx, l).await.map(|_| ()),
                None if scope == OwnerScope::All => Ok(()),
                None => Err(not_found()),
            }
        }
        // A product's history carries its cost price.
        "crm_product" => ctx.require("product:read").and_then(|_| ctx.require("product:cost")),
        "crm_product_category" => ctx.require("product:read"),
        "crm_lead_pool" => ctx.require("lead:assign"),
        "sys_user" => ctx.require("user:read"),
        "sys_role" => ctx.require("role:read"),
        "sys_dept" => ctx.require("dept:read"),
        "sys_setting" | "sys_number_rule" => ctx.require("settings:read"),
        _ => Err(not_found()),
    }
}

/// The history of one record, newest first, if the caller may see the record.
pub async fn of_record(ctx: &Ctx, entity_type: &str, entity_id: i64, page: PageReq) -> AppResult<Page<oplog::LogEntry>> {
    ctx.require("oplog:read")?;
    check_visible(ctx, entity_type, entity_id).await?;
    oplog::history(ctx, entity_type, entity_id, page).await
}
