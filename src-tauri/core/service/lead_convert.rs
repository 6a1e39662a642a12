//! Lead conversion: a lead becomes a customer with its first contact (and optionally an
//! opportunity) in one transaction.

use super::{oplog, util, Ctx};
use crate::entity::crm_lead::{self, Column};
use crate::entity::enums::RelationKind;
use crate::entity::enums::{CustomerLevel, CustomerStatus, CustomerType, LeadStatus, OpportunityStatus};
use crate::entity::{crm_contact, crm_customer, crm_opportunity};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

use super::lead::load_editable;
// ---------------------------------------------------------------- conversion

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConvertOpportunity {
    pub opportunity_name: String,
    pub estimated_amount: Dec,
    #[serde(default)]
    pub stage: Option<String>,
    #[serde(default)]
    pub win_probability: Option<i32>,
    #[serde(default)]
    pub expected_close_time: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConvertInput {
    /// Defaults to the lead's company, or its name for a person.
    #[serde(default)]
    pub customer_name: Option<String>,
    #[serde(default)]
    pub customer_type: Option<CustomerType>,
    #[serde(default)]
    pub level: Option<CustomerLevel>,
    #[serde(default)]
    pub industry: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// The first contact's phone when the lead has none.
    #[serde(default)]
    pub contact_phone: Option<String>,
    #[serde(default)]
    pub opportunity: Option<ConvertOpportunity>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ConvertResult {
    pub customer_id: i64,
    pub contact_id: i64,
    pub opportunity_id: Option<i64>,
}

/// Lead → customer + first contact (+ opportunity), all in one transaction; the lead
/// becomes converted. Converting twice is refused; on any failure nothing is written.
pub async fn convert(ctx: &Ctx, id: i64, input: ConvertInput) -> AppResult<ConvertResult> {
    ctx.require("lead:update")?;
    ctx.require("customer:create")?;
    if input.opportunity.is_some() {
        ctx.require("opportunity:create")?;
    }
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let l = load_editable(&txn, ctx, &scope, id).await?;
    match l.status {
        LeadStatus::Converted => return Err(AppError::conflict(Some("status"), "该线索已转化,不能重复转化", "This lead has already been converted")),
        LeadStatus::Invalid => {
            return Err(AppError::validation("status", "失效的线索不能转化,请先恢复为跟进中", "An invalid lead cannot be converted; reactivate it first"))
        }
        _ => {}
    }
    let owner = l.owner_id.or(ctx.actor_id()).ok_or_else(|| AppError::validation("ownerId", "请先分配负责人", "Assign an owner first"))?;
    let default_name = l.company.clone().unwrap_or_else(|| l.lead_name.clone());
    let name = util::required("customerName", "客户名称", "Customer name", input.customer_name.as_deref().unwrap_or(&default_name), 200)?;
    let ctype = input.customer_type.unwrap_or(if l.company.is_some() { CustomerType::Enterprise } else { CustomerType::Personal });
    let industry = util::optional("industry", "所属行业", "Industry", input.industry.as_deref(), 50)?;
    let address = util::optional("address", "地址", "Address", input.address.as_deref(), 500)?;
    let phone = util::phone("contactPhone", input.contact_phone.as_deref().or(l.phone.as_deref()))?
        .ok_or_else(|| AppError::validation("contactPhone", "线索没有手机号,请填写联系人手机号", "The lead has no phone; enter the contact's phone"))?;
    // The first configured stage unless one is chosen (it must be a configured one).
    let stage = match &input.opportunity {
        Some(o) => Some(super::opportunity::stage_of(&txn, util::optional("stage", "阶段", "Stage", o.stage.as_deref(), 50)?.as_deref()).await?),
        None => None,
    };
    let opp = match (&input.opportunity, stage) {
        (Some(o), Some(stage)) => Some((
            util::required("opportunityName", "商机名称", "Opportunity name", &o.opportunity_name, 200)?,
            util::money("estimatedAmount", "预估金额", "Estimated amount", o.estimated_amount)?,
            stage.name.clone(),
            match o.win_probability {
                Some(p) if !(0..=100).contains(&p) => {
                    return Err(AppError::validation("winProbability", "赢单概率须在 0 到 100 之间", "Win probability must be between 0 and 100"))
                }
                // The stage's own probability, as a new opportunity gets (NULL counted 0 in
                // the weighted pipeline).
                Some(p) => Some(p),
                None => Some(stage.probability),
            },
            o.expected_close_time,
        )),
        _ => None,
    };
    let now = util::now();
    let customer = crm_customer::ActiveModel {
        customer_name: Set(name),
        customer_type: Set(ctype),
        industry: Set(industry),
        scale: Set(None),
        address: Set(address),
        status: Set(CustomerStatus::Potential),
        level: Set(input.level),
        source_lead_id: Set(Some(l.id)),
        activity_id: Set(l.activity_id),
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
    let contact = crm_contact::ActiveModel {
        customer_id: Set(customer.id),
        contact_name: Set(l.lead_name.clone()),
        position: Set(l.position.clone()),
        phone: Set(phone),
        email: Set(None),
        is_key: Set(1),
        communication_preference: Set(None),
        birthday: Set(None),
        remark: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let opportunity_id = match opp {
        Some((oname, amount, stage, prob, close)) => {
            let o = crm_opportunity::ActiveModel {
                customer_id: Set(customer.id),
                opportunity_name: Set(oname),
                product_ids: Set(None),
                estimated_amount: Set(amount),
                win_probability: Set(prob),
                stage: Set(stage),
                expected_close_time: Set(close),
                status: Set(OpportunityStatus::InProgress),
                lose_reason: Set(None),
                owner_id: Set(owner),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            oplog::record(&txn, ctx, oplog::Action::Create, "crm_opportunity", o.id, oplog::diff(None, Some(&o)), Some(o.opportunity_name.clone())).await?;
            Some(o.id)
        }
        None => None,
    };
    // Conditional on the status read: a concurrent conversion makes this one fail whole.
    let res = crm_lead::Entity::update_many()
        .col_expr(Column::Status, Expr::value(LeadStatus::Converted))
        .col_expr(Column::OwnerId, Expr::value(Some(owner)))
        .col_expr(Column::UpdatedAt, Expr::value(now))
        .filter(Column::Id.eq(id))
        .filter(Column::Status.eq(l.status))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict(Some("status"), "该线索已转化,不能重复转化", "This lead has already been converted"));
    }
    // Open reminders follow the record: the next step is now the customer's.
    {
        use crate::entity::crm_follow_up as fu;
        fu::Entity::update_many()
            .col_expr(fu::Column::RelationType, Expr::value(RelationKind::Customer.as_str()))
            .col_expr(fu::Column::RelationId, Expr::value(customer.id))
            .filter(fu::Column::RelationType.eq(RelationKind::Lead.as_str()))
            .filter(fu::Column::RelationId.eq(id))
            .filter(fu::Column::NextDone.eq(0))
            .filter(fu::Column::NextFollowTime.is_not_null())
            .exec(&txn)
            .await?;
    }
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_customer", customer.id, oplog::diff(None, Some(&customer)), Some(customer.customer_name.clone()))
        .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_contact", contact.id, oplog::diff(None, Some(&contact)), Some(contact.contact_name.clone())).await?;
    let mut changes = serde_json::Map::new();
    changes.insert("status".into(), serde_json::json!([l.status, LeadStatus::Converted]));
    changes.insert("customerId".into(), serde_json::json!([null, customer.id]));
    oplog::record(&txn, ctx, oplog::Action::Convert, "crm_lead", id, changes, Some(format!("{} → {}", l.lead_name, customer.customer_name))).await?;
    txn.commit().await?;
    Ok(ConvertResult { customer_id: customer.id, contact_id: contact.id, opportunity_id })
}
