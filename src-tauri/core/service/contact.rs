//! Contacts (crm_contact) of a customer. Readable with the customer; changed by whoever
//! may change the customer.

use super::{access, oplog, util, Ctx};
use crate::entity::crm_contact::{self, Column};
use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set, TransactionTrait};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactRow {
    /// The version an edit form sends back when it saves (optimistic concurrency).
    pub lock_version: i32,
    pub id: i64,
    pub customer_id: i64,
    pub contact_name: String,
    pub position: Option<String>,
    pub phone: String,
    pub email: Option<String>,
    pub is_key: bool,
    pub communication_preference: Option<String>,
    pub birthday: Option<NaiveDate>,
    pub remark: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl From<crm_contact::Model> for ContactRow {
    fn from(c: crm_contact::Model) -> Self {
        ContactRow {
            lock_version: c.lock_version,
            id: c.id,
            customer_id: c.customer_id,
            contact_name: c.contact_name,
            position: c.position,
            phone: c.phone,
            email: c.email,
            is_key: c.is_key != 0,
            communication_preference: c.communication_preference,
            birthday: c.birthday,
            remark: c.remark,
            created_at: c.created_at,
            updated_at: c.updated_at,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactInput {
    pub contact_name: String,
    #[serde(default)]
    pub position: Option<String>,
    pub phone: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub is_key: bool,
    #[serde(default)]
    pub communication_preference: Option<String>,
    #[serde(default)]
    pub birthday: Option<NaiveDate>,
    #[serde(default)]
    pub remark: Option<String>,
}

/// Key decision-makers first, then by name.
pub async fn list(ctx: &Ctx, customer_id: i64) -> AppResult<Vec<ContactRow>> {
    ctx.require("contact:read")?;
    ctx.require("customer:read")?;
    let scope = ctx.owner_scope().await?;
    access::visible_customer(ctx.reader(), &scope, customer_id).await?;
    let list =
        crm_contact::Entity::find().filter(Column::CustomerId.eq(customer_id)).order_by_desc(Column::IsKey).order_by_asc(Column::Id).all(ctx.reader()).await?;
    Ok(list.into_iter().map(ContactRow::from).collect())
}

struct Clean {
    name: String,
    position: Option<String>,
    phone: String,
    email: Option<String>,
    pref: Option<String>,
    remark: Option<String>,
}

fn clean(i: &ContactInput) -> AppResult<Clean> {
    if let Some(b) = i.birthday {
        let today = chrono::Utc::now().date_naive();
        if b > today || b < NaiveDate::from_ymd_opt(1900, 1, 1).expect("date") {
            return Err(AppError::validation("birthday", "生日日期不正确", "The birthday is not a valid date"));
        }
    }
    Ok(Clean {
        name: util::required("contactName", "姓名", "Name", &i.contact_name, 100)?,
        position: util::optional("position", "职位", "Position", i.position.as_deref(), 100)?,
        phone: util::phone("phone", Some(&i.phone))?.ok_or_else(|| AppError::validation("phone", "手机号不能为空", "Phone is required"))?,
        email: util::email("email", i.email.as_deref())?,
        pref: util::optional("communicationPreference", "沟通偏好", "Preferred channel", i.communication_preference.as_deref(), 50)?,
        remark: util::optional("remark", "备注", "Remark", i.remark.as_deref(), 5000)?,
    })
}

async fn dup_phone<C: ConnectionTrait>(conn: &C, customer_id: i64, phone: &str, except: Option<i64>) -> AppResult<()> {
    let mut q = crm_contact::Entity::find().filter(Column::CustomerId.eq(customer_id)).filter(Column::Phone.eq(phone));
    if let Some(id) = except {
        q = q.filter(Column::Id.ne(id));
    }
    if let Some(o) = q.one(conn).await? {
        return Err(AppError::conflict(
            Some("phone"),
            format!("该客户已有手机号为 {phone} 的联系人「{}」", o.contact_name),
            format!("This customer already has a contact with phone {phone}: {}", o.contact_name),
        ));
    }
    Ok(())
}

pub async fn create(ctx: &Ctx, customer_id: i64, input: ContactInput) -> AppResult<ContactRow> {
    ctx.require("contact:create")?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    access::owned_customer(&txn, &scope, customer_id).await?;
    dup_phone(&txn, customer_id, &c.phone, None).await?;
    let now = util::now();
    let m = crm_contact::ActiveModel {
        customer_id: Set(customer_id),
        contact_name: Set(c.name),
        position: Set(c.position),
        phone: Set(c.phone),
        email: Set(c.email),
        is_key: Set(input.is_key as i8),
        communication_preference: Set(c.pref),
        birthday: Set(input.birthday),
        remark: Set(c.remark),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, "crm_contact", m.id, oplog::diff(None, Some(&m)), Some(m.contact_name.clone())).await?;
    txn.commit().await?;
    Ok(m.into())
}

/// `scope` is resolved before the transaction opens: resolving it reads users and
/// departments on `ctx.db`, which on SQLite's single connection would wait for the
/// transaction holding it (a deadlock until the pool times out).
async fn load_changeable<C: ConnectionTrait>(conn: &C, scope: &crate::auth::scope::OwnerScope, id: i64) -> AppResult<crm_contact::Model> {
    let c = crm_contact::Entity::find_by_id(id).one(conn).await?.ok_or_else(|| AppError::not_found("联系人", "Contact"))?;
    access::owned_customer(conn, scope, c.customer_id).await.map_err(|e| match e {
        AppError::NotFound { .. } => AppError::not_found("联系人", "Contact"),
        e => e,
    })?;
    Ok(c)
}

pub async fn update(ctx: &Ctx, id: i64, input: ContactInput) -> AppResult<ContactRow> {
    save(ctx, id, input, None).await
}

/// [`update`] from an edit form that loaded the record at `version`: a save against a
/// newer row is refused with CONFLICT (who changed it, when) instead of overwriting.
pub async fn save(ctx: &Ctx, id: i64, input: ContactInput, version: Option<i32>) -> AppResult<ContactRow> {
    ctx.require("contact:update")?;
    let c = clean(&input)?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_changeable(&txn, &scope, id).await?;
    super::version::check(&txn, "crm_contact", id, version, before.lock_version).await?;
    dup_phone(&txn, before.customer_id, &c.phone, Some(id)).await?;
    let mut am = before.clone().into_active_model();
    am.contact_name = Set(c.name);
    am.position = Set(c.position);
    am.phone = Set(c.phone);
    am.email = Set(c.email);
    am.is_key = Set(input.is_key as i8);
    am.communication_preference = Set(c.pref);
    am.birthday = Set(input.birthday);
    am.remark = Set(c.remark);
    am.updated_at = Set(util::now());
    let after = am.update(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Update, "crm_contact", id, oplog::diff(Some(&before), Some(&after)), Some(after.contact_name.clone())).await?;
    txn.commit().await?;
    Ok(after.into())
}

pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("contact:delete")?;
    let scope = ctx.owner_scope().await?;
    let txn = ctx.db.begin().await?;
    let before = load_changeable(&txn, &scope, id).await?;
    crate::entity::crm_customer_session::Entity::update_many()
        .col_expr(crate::entity::crm_customer_session::Column::ContactId, sea_orm::sea_query::Expr::value(Option::<i64>::None))
        .filter(crate::entity::crm_customer_session::Column::ContactId.eq(id))
        .exec(&txn)
        .await?;
    crm_contact::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, "crm_contact", id, oplog::diff(Some(&before), None), Some(before.contact_name)).await?;
    txn.commit().await?;
    Ok(())
}

/// A contact with its customer, for the all-contacts list.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ContactListRow {
    #[serde(flatten)]
    pub contact: ContactRow,
    pub customer_name: String,
    pub owner_id: i64,
    pub owner_name: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ContactFilter {
    /// Matches name, phone and email.
    pub keyword: Option<String>,
    pub key_only: bool,
    /// Birthdays in the next 30 days.
    pub birthday_soon: bool,
}

/// Contacts of the customers the caller owns or manages (not of sea customers), newest first.
pub async fn list_all(ctx: &Ctx, f: ContactFilter, page: super::PageReq) -> AppResult<super::Page<ContactListRow>> {
    use crate::entity::crm_customer;
    use sea_orm::{JoinType, PaginatorTrait, QuerySelect, RelationTrait};
    ctx.require("contact:read")?;
    ctx.require("customer:read")?;
    let page = page.normalized();
    let scope = ctx.owner_scope().await?;
    let mut q = crm_contact::Entity::find().join(JoinType::InnerJoin, crm_contact::Relation::CrmCustomer.def()).filter(crm_customer::Column::IsInSea.eq(0));
    q = scope.filter(q, crm_customer::Column::OwnerId);
    if let Some(k) = f.keyword.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        use super::search_index::{self, Kind};
        let plan = search_index::plan(ctx.reader(), Kind::Contact, k).await?;
        if let Some(c) = plan.condition(Kind::Contact, Column::Id, &[Column::ContactName, Column::Phone, Column::Email]) {
            q = q.filter(c);
        }
    }
    if f.key_only {
        q = q.filter(Column::IsKey.eq(1));
    }
    let mut list = if f.birthday_soon {
        // Month/day arithmetic differs per backend: filter the (few) contacts with a birthday in Rust.
        let all = q.filter(Column::Birthday.is_not_null()).order_by_asc(Column::Id).limit(20_000).all(ctx.reader()).await?;
        let today = chrono::Local::now().date_naive();
        let mut soon: Vec<(i64, crm_contact::Model)> = all
            .into_iter()
            .filter_map(|c| {
                let b = c.birthday?;
                let days = days_to_birthday(b, today);
                (days <= 30).then_some((days, c))
            })
            .collect();
        soon.sort_by_key(|(d, c)| (*d, c.id));
        let total = soon.len() as u64;
        let items: Vec<crm_contact::Model> = soon.into_iter().skip(page.offset() as usize).take(page.page_size as usize).map(|(_, c)| c).collect();
        (items, total)
    } else {
        let total = q.clone().count(ctx.reader()).await?;
        let items = q.order_by_desc(Column::Id).offset(page.offset()).limit(page.page_size).all(ctx.reader()).await?;
        (items, total)
    };
    let ids: Vec<i64> = list.0.iter().map(|c| c.customer_id).collect();
    let customers: std::collections::HashMap<i64, (String, i64)> = crm_customer::Entity::find()
        .filter(crm_customer::Column::Id.is_in(ids))
        .all(ctx.reader())
        .await?
        .into_iter()
        .map(|c| (c.id, (c.customer_name, c.owner_id)))
        .collect();
    let mut owner_ids: Vec<i64> = customers.values().map(|c| c.1).collect();
    owner_ids.sort_unstable();
    owner_ids.dedup();
    let owners: std::collections::HashMap<i64, String> = crate::entity::sys_user::Entity::find()
        .filter(crate::entity::sys_user::Column::Id.is_in(owner_ids))
        .all(ctx.reader())
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let items = std::mem::take(&mut list.0)
        .into_iter()
        .map(|c| {
            let (customer_name, owner_id) = customers.get(&c.customer_id).cloned().unwrap_or_default();
            ContactListRow { contact: c.into(), customer_name, owner_id, owner_name: owners.get(&owner_id).cloned() }
        })
        .collect();
    Ok(super::Page { items, total: list.1, page: page.page, page_size: page.page_size })
}

/// Days from `today` to the next anniversary of `birthday` (29 Feb counts as 28 Feb in other years).
pub fn days_to_birthday(birthday: NaiveDate, today: NaiveDate) -> i64 {
    use chrono::Datelike;
    let on = |year: i32| NaiveDate::from_ymd_opt(year, birthday.month(), birthday.day()).or_else(|| NaiveDate::from_ymd_opt(year, 2, 28)).expect("date");
    let this = on(today.year());
    let next = if this >= today { this } else { on(today.year() + 1) };
    (next - today).num_days()
}
