//! SMS templates (短信模板): text with `${var}` placeholders from [`VARIABLES`].
//!
//! A template is refused on save when it
//! * uses a variable not in the list, or a broken placeholder (`${`, `${1x}` …);
//! * puts two variables next to each other (`${a}${b}`: Tencent and Huawei refuse them);
//! * is nothing but variables;
//! * contains 【 or 】 (reserved for the signature the gateway adds);
//! * is a marketing (营销) template without an opt-out ("回T退订", "拒收请回复R", …);
//! * is longer than 500 characters with its signature.
//!
//! Billing: the signature 【sign】 plus the text, counted in characters; up to 70 is one
//! message, longer ones are split into parts of 67 ([`segments`]).

use super::settings_in;
use crate::entity::crm_sms_template::{self as tpl, Column};
use crate::entity::{crm_contact, crm_customer, crm_marketing_activity, crm_sms_marketing, sys_user};
use crate::error::{AppError, AppResult};
use crate::service::{oplog, util, Ctx};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const ENTITY: &str = "crm_sms_template";

/// The longest message (signature included) any provider accepts.
pub const MAX_CHARS: usize = 500;
/// Opt-out phrases a marketing template must carry one of.
pub const OPT_OUTS: [&str; 5] = ["回T退订", "回TD退订", "退订回T", "拒收请回复R", "回N退订"];

/// A variable a template may use.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Variable {
    pub name: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
    /// What it is filled with, in a sentence.
    pub source_zh: &'static str,
    pub source_en: &'static str,
}

const fn var(name: &'static str, label_zh: &'static str, label_en: &'static str, source_zh: &'static str, source_en: &'static str) -> Variable {
    Variable { name, label_zh, label_en, source_zh, source_en }
}

/// The documented variables.
pub const VARIABLES: &[Variable] = &[
    var("name", "称呼", "Name", "首要联系人的姓名;没有联系人时为客户名称", "The first contact's name; the customer's name when there is no contact"),
    var("company", "客户名称", "Customer", "客户(公司)名称", "The customer's (company) name"),
    var("contact", "联系人", "Contact", "首要联系人的姓名(关键决策人优先)", "The first contact's name (key decision-makers first)"),
    var("owner", "负责人", "Owner", "客户负责人的姓名", "The name of the customer's owner"),
    var("owner_phone", "负责人电话", "Owner's phone", "客户负责人的手机号", "The mobile number of the customer's owner"),
    var("my_company", "我方公司", "Our company", "设置 → 公司信息中的公司名称", "Our company name (Settings → Company)"),
    var("activity", "活动名称", "Activity", "短信营销关联的市场活动名称", "The name of the campaign's marketing activity"),
    var("activity_date", "活动日期", "Activity date", "关联市场活动的开始日期", "The start date of the campaign's activity"),
];

/// Template types.
pub const TYPE_MARKETING: &str = "营销";
pub const TYPE_NOTICE: &str = "通知";

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Template {
    pub id: i64,
    pub template_name: String,
    pub content: String,
    /// 营销 / 通知
    pub template_type: String,
    pub is_enabled: bool,
    #[ts(optional = nullable)]
    pub provider_code: Option<String>,
    #[ts(optional = nullable)]
    pub sign_name: Option<String>,
    /// Variables in order of first appearance (positional gateways number them so).
    pub variables: Vec<String>,
    /// Campaigns that used it.
    pub campaigns: i64,
    pub created_at: chrono::NaiveDateTime,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct TemplateInput {
    pub template_name: String,
    pub content: String,
    pub template_type: String,
    pub is_enabled: bool,
    #[ts(optional = nullable)]
    pub provider_code: Option<String>,
    #[ts(optional = nullable)]
    pub sign_name: Option<String>,
}

/// What the editor shows while typing.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct PreviewRequest {
    pub content: String,
    pub template_type: String,
    #[ts(optional = nullable)]
    pub sign_name: Option<String>,
    /// The customer to render for (default: the newest customer the caller may see).
    #[ts(optional = nullable)]
    pub customer_id: Option<i64>,
    #[ts(optional = nullable)]
    pub activity_id: Option<i64>,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    /// The problems a save would refuse (empty: it can be saved).
    pub problems: Vec<String>,
    #[ts(optional = nullable)]
    pub customer_id: Option<i64>,
    #[ts(optional = nullable)]
    pub customer_name: Option<String>,
    /// 【sign】 + the text rendered for that customer (None: a variable had no value).
    #[ts(optional = nullable)]
    pub rendered: Option<String>,
    /// Why it could not be rendered.
    #[ts(optional = nullable)]
    pub render_error: Option<String>,
    /// Characters, signature included (of the rendered text, else of the template).
    pub length: u32,
    /// Billed messages.
    pub segments: u32,
    pub sign: String,
}

/// Billed messages for a text of `chars` characters (signature included).
pub fn segments(chars: usize) -> u32 {
    if chars == 0 {
        0
    } else if chars <= 70 {
        1
    } else {
        chars.div_ceil(67) as u32
    }
}

/// One piece of a parsed template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Var(String),
}

/// Split a template into text and `${var}` pieces; a broken placeholder is an error
/// naming it.
pub fn parse(content: &str) -> Result<Vec<Piece>, (String, String)> {
    let mut out = vec![];
    let mut text = String::new();
    let mut rest = content;
    while let Some(i) = rest.find("${") {
        text.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let Some(end) = after.find('}') else {
            return Err(("变量缺少右括号 }".into(), "A variable is missing its closing }".into()));
        };
        let name = &after[..end];
        let ok = !name.is_empty()
            && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !ok {
            return Err((format!("变量名 ${{{name}}} 无效"), format!("The variable ${{{name}}} is not valid")));
        }
        if !text.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut text)));
        }
        out.push(Piece::Var(name.to_string()));
        rest = &after[end + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

/// Variables in order of first appearance.
pub fn variables_of(pieces: &[Piece]) -> Vec<String> {
    let mut v: Vec<String> = vec![];
    for p in pieces {
        if let Piece::Var(n) = p {
            if !v.contains(n) {
                v.push(n.clone());
            }
        }
    }
    v
}

/// The problems of a template's content (zh, en), in the order a user fixes them.
pub fn problems(content: &str, template_type: &str, sign: &str) -> Vec<(String, String)> {
    let mut out = vec![];
    let content = content.trim();
    if content.is_empty() {
        out.push(("短信内容不能为空".into(), "The text is required".into()));
        return out;
    }
    let pieces = match parse(content) {
        Ok(p) => p,
        Err(e) => {
            out.push(e);
            return out;
        }
    };
    for n in variables_of(&pieces) {
        if !VARIABLES.iter().any(|v| v.name == n) {
            out.push((format!("未知的变量 ${{{n}}}"), format!("Unknown variable ${{{n}}}")));
        }
    }
    if pieces.windows(2).any(|w| matches!((&w[0], &w[1]), (Piece::Var(_), Piece::Var(_)))) {
        out.push(("两个变量不能相邻,中间须有文字".into(), "Two variables cannot be adjacent; put text between them".into()));
    }
    if !pieces.iter().any(|p| matches!(p, Piece::Text(t) if t.chars().any(|c| c.is_alphanumeric()))) {
        out.push(("模板不能只有变量".into(), "A template cannot be only variables".into()));
    }
    if content.contains('【') || content.contains('】') {
        out.push(("内容不能包含【】,签名由短信通道自动添加".into(), "The text cannot contain 【】: the gateway adds the signature".into()));
    }
    if template_type == TYPE_MARKETING && !OPT_OUTS.iter().any(|o| content.contains(o)) {
        out.push((
            "营销短信须带退订方式,如「回T退订」或「拒收请回复R」".into(),
            "A marketing text must say how to opt out, such as 回T退订 or 拒收请回复R".into(),
        ));
    }
    let n = signed(sign, content).chars().count();
    if n > MAX_CHARS {
        out.push((format!("连同签名共 {n} 字,超过 {MAX_CHARS} 字上限"), format!("{n} characters with the signature: more than the {MAX_CHARS} allowed")));
    }
    out
}

/// 【sign】 + text (no brackets when there is no signature).
pub fn signed(sign: &str, text: &str) -> String {
    if sign.is_empty() {
        text.to_string()
    } else {
        format!("【{sign}】{text}")
    }
}

/// Check a signature: 2–12 characters, no brackets.
pub fn check_sign(field: &str, s: &str) -> AppResult<String> {
    let s = s.trim().trim_start_matches('【').trim_end_matches('】').trim().to_string();
    if s.is_empty() {
        return Ok(s);
    }
    let n = s.chars().count();
    if !(2..=12).contains(&n) || s.contains(['【', '】']) {
        return Err(AppError::validation(field, "短信签名须为 2 到 12 个字,不含【】", "A signature has 2 to 12 characters, without 【】"));
    }
    Ok(s)
}

/// The value of every variable of a parsed template, in order of first appearance (what a
/// provider's registered template is filled with). Values are trimmed; a variable with no
/// value takes its fallback, else this fails naming the variable.
pub fn resolve(pieces: &[Piece], values: &BTreeMap<String, String>, fallbacks: &BTreeMap<String, String>) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = vec![];
    for n in variables_of(pieces) {
        let v = values.get(&n).map(|v| v.trim()).filter(|v| !v.is_empty()).or_else(|| fallbacks.get(&n).map(String::as_str));
        match v {
            Some(v) => out.push((n, v.to_string())),
            None => return Err(n),
        }
    }
    Ok(out)
}

/// Fill a parsed template with resolved values ([`resolve`]).
pub fn fill(pieces: &[Piece], params: &[(String, String)]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Var(n) => s.push_str(params.iter().find(|(k, _)| k == n).map(|(_, v)| v.as_str()).unwrap_or_default()),
        }
    }
    s
}

/// Fill a parsed template. Values are trimmed; a variable with no value takes its fallback,
/// else the rendering fails naming the variable.
pub fn render(pieces: &[Piece], values: &BTreeMap<String, String>, fallbacks: &BTreeMap<String, String>) -> Result<String, String> {
    resolve(pieces, values, fallbacks).map(|p| fill(pieces, &p))
}

/// The variable values of one customer (and, for campaigns, their activity).
pub async fn values_for<C: ConnectionTrait>(conn: &C, customer: &crm_customer::Model, activity_id: Option<i64>) -> AppResult<BTreeMap<String, String>> {
    let mut v = BTreeMap::new();
    v.insert("company".into(), customer.customer_name.clone());
    let contact = crm_contact::Entity::find()
        .filter(crm_contact::Column::CustomerId.eq(customer.id))
        .order_by_desc(crm_contact::Column::IsKey)
        .order_by_asc(crm_contact::Column::Id)
        .one(conn)
        .await?;
    match &contact {
        Some(c) => {
            v.insert("contact".into(), c.contact_name.clone());
            v.insert("name".into(), c.contact_name.clone());
        }
        None => {
            v.insert("name".into(), customer.customer_name.clone());
        }
    }
    if let Some(u) = sys_user::Entity::find_by_id(customer.owner_id).one(conn).await? {
        v.insert("owner".into(), u.full_name.clone());
        if let Some(p) = u.phone.filter(|p| !p.trim().is_empty()) {
            v.insert("owner_phone".into(), p);
        }
    }
    let profile: crate::service::settings::CompanyProfile = crate::service::settings::read(conn, crate::service::settings::COMPANY_PROFILE).await?;
    if !profile.name.trim().is_empty() {
        v.insert("my_company".into(), profile.name.trim().to_string());
    }
    if let Some(a) = activity_id {
        if let Some(a) = crm_marketing_activity::Entity::find_by_id(a).one(conn).await? {
            v.insert("activity".into(), a.activity_name);
            v.insert("activity_date".into(), crate::service::util::local_date(a.start_time).format("%Y-%m-%d").to_string());
        }
    }
    Ok(v)
}

/// A template's input, checked (the content's own rules are [`problems`]).
struct Clean {
    name: String,
    content: String,
    ty: String,
    code: Option<String>,
    sign: Option<String>,
}

fn check(i: &TemplateInput) -> AppResult<Clean> {
    let name = util::required("templateName", "模板名称", "Template name", &i.template_name, 100)?;
    let ty = i.template_type.trim().to_string();
    if ty != TYPE_MARKETING && ty != TYPE_NOTICE {
        return Err(AppError::validation("templateType", "模板类型须为「营销」或「通知」", "The type must be 营销 (marketing) or 通知 (notice)"));
    }
    let code = util::optional("providerCode", "服务商模板编号", "Provider template code", i.provider_code.as_deref(), 50)?;
    let sign = match i.sign_name.as_deref() {
        Some(s) => Some(check_sign("signName", s)?).filter(|s| !s.is_empty()),
        None => None,
    };
    Ok(Clean { name, content: i.content.trim().to_string(), ty, code, sign })
}

async fn refuse_problems<C: ConnectionTrait>(conn: &C, content: &str, ty: &str, sign: Option<&str>) -> AppResult<()> {
    let default_sign = settings_in(conn).await?.sms_sign;
    let p = problems(content, ty, sign.unwrap_or(&default_sign));
    if let Some((zh, en)) = p.into_iter().next() {
        return Err(AppError::validation("content", zh, en));
    }
    Ok(())
}

pub async fn list(ctx: &Ctx) -> AppResult<Vec<Template>> {
    ctx.require("marketing:read")?;
    let list = tpl::Entity::find().order_by_desc(Column::Id).all(&ctx.db).await?;
    let used: Vec<i64> = crm_sms_marketing::Entity::find().select_only().column(crm_sms_marketing::Column::TemplateId).into_tuple::<i64>().all(&ctx.db).await?;
    let mut counts: BTreeMap<i64, i64> = BTreeMap::new();
    for t in used {
        *counts.entry(t).or_default() += 1;
    }
    Ok(list.into_iter().map(|m| to_template(m, &counts)).collect())
}

fn to_template(m: tpl::Model, counts: &BTreeMap<i64, i64>) -> Template {
    let variables = parse(&m.content).map(|p| variables_of(&p)).unwrap_or_default();
    Template {
        campaigns: counts.get(&m.id).copied().unwrap_or(0),
        id: m.id,
        template_name: m.template_name,
        content: m.content,
        template_type: m.template_type.unwrap_or_else(|| TYPE_NOTICE.to_string()),
        is_enabled: m.is_enabled != 0,
        provider_code: m.provider_code,
        sign_name: m.sign_name,
        variables,
        created_at: m.created_at,
    }
}

pub async fn create(ctx: &Ctx, i: TemplateInput) -> AppResult<Template> {
    ctx.require("marketing:create")?;
    let Clean { name, content, ty, code, sign } = check(&i)?;
    refuse_problems(&ctx.db, &content, &ty, sign.as_deref()).await?;
    let txn = ctx.db.begin().await?;
    let by = ctx.recorder(&txn).await?;
    let now = util::now();
    let m = tpl::ActiveModel {
        template_name: Set(name.clone()),
        content: Set(content),
        template_type: Set(Some(ty)),
        is_enabled: Set(i.is_enabled as i8),
        provider_code: Set(code),
        sign_name: Set(sign),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_at: Set(Some(now)),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    oplog::record(&txn, ctx, oplog::Action::Create, ENTITY, m.id, oplog::diff(None, Some(&m)), Some(format!("新建短信模板 {name}"))).await?;
    txn.commit().await?;
    Ok(to_template(m, &BTreeMap::new()))
}

pub async fn update(ctx: &Ctx, id: i64, i: TemplateInput) -> AppResult<Template> {
    ctx.require("marketing:update")?;
    let Clean { name, content, ty, code, sign } = check(&i)?;
    let txn = ctx.db.begin().await?;
    let before = tpl::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    // Switching a template off is always possible; its text is checked when it changes.
    if content != before.content || Some(&ty) != before.template_type.as_ref() || sign != before.sign_name || i.is_enabled {
        refuse_problems(&txn, &content, &ty, sign.as_deref()).await?;
    }
    let mut m: tpl::ActiveModel = before.clone().into();
    m.template_name = Set(name);
    m.content = Set(content);
    m.template_type = Set(Some(ty));
    m.is_enabled = Set(i.is_enabled as i8);
    m.provider_code = Set(code);
    m.sign_name = Set(sign);
    m.updated_at = Set(Some(util::now()));
    let after = m.update(&txn).await?;
    let mut changes = oplog::diff(Some(&before), Some(&after));
    changes.remove("updatedAt");
    if !changes.is_empty() {
        oplog::record(&txn, ctx, oplog::Action::Update, ENTITY, id, changes, None).await?;
    }
    txn.commit().await?;
    let n = crm_sms_marketing::Entity::find().filter(crm_sms_marketing::Column::TemplateId.eq(id)).count(&ctx.db).await? as i64;
    Ok(to_template(after, &[(id, n)].into_iter().collect()))
}

/// Delete a template no campaign has used; a used one can only be switched off (the
/// campaigns' logs point at it).
pub async fn delete(ctx: &Ctx, id: i64) -> AppResult<()> {
    ctx.require("marketing:delete")?;
    let txn = ctx.db.begin().await?;
    let m = tpl::Entity::find_by_id(id).lock_exclusive().one(&txn).await?.ok_or_else(not_found)?;
    let used = crm_sms_marketing::Entity::find().filter(crm_sms_marketing::Column::TemplateId.eq(id)).count(&txn).await?;
    if used > 0 {
        return Err(AppError::conflict(
            Some("id"),
            format!("已有 {used} 次短信营销使用该模板,不能删除;可以停用它"),
            format!("{used} campaigns used this template: it cannot be deleted; disable it instead"),
        ));
    }
    tpl::Entity::delete_by_id(id).exec(&txn).await?;
    oplog::record(&txn, ctx, oplog::Action::Delete, ENTITY, id, oplog::diff(Some(&m), None), Some(format!("删除短信模板 {}", m.template_name))).await?;
    txn.commit().await?;
    Ok(())
}

fn not_found() -> AppError {
    AppError::not_found("短信模板不存在", "The template does not exist")
}

/// The live preview of the editor: the problems, and the text rendered for a real customer
/// the caller may see, with its length and billed messages.
pub async fn preview(ctx: &Ctx, r: PreviewRequest) -> AppResult<Preview> {
    ctx.require("marketing:read")?;
    let settings = settings_in(&ctx.db).await?;
    let sign = match r.sign_name.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => check_sign("signName", s)?,
        None => settings.sms_sign.clone(),
    };
    let content = r.content.trim();
    let zh = ctx.locale == crate::error::Locale::ZhCn;
    let problems: Vec<String> = problems(content, r.template_type.trim(), &sign).into_iter().map(|(z, e)| if zh { z } else { e }).collect();
    let scope = ctx.owner_scope().await?;
    let customer = match r.customer_id {
        Some(id) => Some(crate::service::access::visible_customer(&ctx.db, &scope, id).await?),
        None => {
            let q = crm_customer::Entity::find().filter(crm_customer::Column::IsInSea.eq(0)).order_by_desc(crm_customer::Column::Id);
            scope.filter(q, crm_customer::Column::OwnerId).one(&ctx.db).await?
        }
    };
    let mut p = Preview { problems, sign: sign.clone(), ..Default::default() };
    let mut text = signed(&sign, content);
    if let (Some(c), Ok(pieces)) = (&customer, parse(content)) {
        p.customer_id = Some(c.id);
        p.customer_name = Some(c.customer_name.clone());
        let values = values_for(&ctx.db, c, r.activity_id).await?;
        match render(&pieces, &values, &settings.sms_fallbacks) {
            Ok(s) => {
                text = signed(&sign, &s);
                p.rendered = Some(text.clone());
            }
            Err(var) => {
                p.render_error = Some(if zh {
                    format!("该客户没有变量 ${{{var}}} 的值(可在设置中配置默认值)")
                } else {
                    format!("This customer has no value for ${{{var}}} (a fallback can be set in the settings)")
                });
            }
        }
    }
    let n = if content.is_empty() { 0 } else { text.chars().count() };
    p.length = n as u32;
    p.segments = segments(n);
    Ok(p)
}

/// The documented variables (for the editor's insert menu).
pub fn variables() -> Vec<Variable> {
    VARIABLES.to_vec()
}
