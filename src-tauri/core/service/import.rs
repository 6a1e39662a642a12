//! Spreadsheet import of leads, customers (with their first contact), contacts and
//! products: a template per kind, column mapping (automatic by header, adjustable,
//! remembered per user and kind), a dry run that says what each row would do, and the
//! import itself in batches of [`BATCH`] rows, each batch one transaction, so a cancel or
//! a crash leaves whole batches only. Rows that fail go to an error file: the original
//! row with a first column 错误原因, ready to be fixed and imported again.
//!
//! Duplicates are found within the file and against the database, by kind:
//! - leads: the phone, reduced to its digits (`util::phone_digits`);
//! - customers: the exact name, or the first contact's phone among existing contacts;
//! - contacts: the customer and the contact's phone (unique per customer in the schema);
//! - products: the exact name (the schema has no product code).
//!
//! Policies: skip the duplicate; update it (only non-empty cells are written, and only a
//! record the caller may change); or import anyway (not for leads and contacts, whose
//! phones are unique keys).

use super::search_index::{self, Kind};
use super::sheet::{self, Cell, Sheet, SheetRow};
use super::{lead_pool, oplog, settings, util, Ctx};
use crate::auth::OwnerScope;
use crate::entity::enums::{CodeEnum, CustomerLevel, CustomerStatus, CustomerType, IntentLevel, LeadStatus, ProductStatus, UserStatus};
use crate::entity::{crm_contact, crm_customer, crm_lead, crm_marketing_activity, crm_product, crm_product_category, sys_user};
use crate::error::{AppError, AppResult, Locale};
use crate::money::Dec;
use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set, TransactionTrait};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicBool, Ordering};

/// Rows written per transaction.
pub const BATCH: usize = 500;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    Lead,
    Customer,
    Contact,
    Product,
}

impl ImportKind {
    fn module(self) -> &'static str {
        match self {
            ImportKind::Lead => "lead",
            ImportKind::Customer => "customer",
            ImportKind::Contact => "contact",
            ImportKind::Product => "product",
        }
    }
    fn table(self) -> &'static str {
        match self {
            ImportKind::Lead => "crm_lead",
            ImportKind::Customer => "crm_customer",
            ImportKind::Contact => "crm_contact",
            ImportKind::Product => "crm_product",
        }
    }
    pub fn label(self, zh: bool) -> &'static str {
        match (self, zh) {
            (ImportKind::Lead, true) => "线索",
            (ImportKind::Lead, false) => "Leads",
            (ImportKind::Customer, true) => "客户",
            (ImportKind::Customer, false) => "Customers",
            (ImportKind::Contact, true) => "联系人",
            (ImportKind::Contact, false) => "Contacts",
            (ImportKind::Product, true) => "产品",
            (ImportKind::Product, false) => "Products",
        }
    }
    /// The permission an import needs (`lead:import`, …).
    pub fn permission(self) -> String {
        format!("{}:import", self.module())
    }
}

/// What to do with a row that duplicates one in the database (or an earlier row).
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum DupPolicy {
    #[default]
    Skip,
    /// Write the row's non-empty cells into the existing record.
    Update,
    /// Create it anyway (only where no unique key forbids it).
    Anyway,
}

/// Who owns what is imported (leads and customers).
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum OwnerMode {
    /// The 负责人 column (matched to users' names or usernames); empty cells: `ownerId`, else the caller.
    #[default]
    Column,
    /// Everything to `ownerId` (default: the caller).
    User,
    /// Unowned: leads into a lead pool (`poolId`, default the first public one), customers into the public sea.
    Pool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ImportOptions {
    /// For each column of the file (by position), the field it fills, or None to ignore it.
    pub mapping: Vec<Option<String>>,
    pub policy: DupPolicy,
    pub owner_mode: OwnerMode,
    #[ts(optional = nullable)]
    pub owner_id: Option<i64>,
    #[ts(optional = nullable)]
    pub pool_id: Option<i64>,
}

/// A field a column can fill.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldInfo {
    pub key: String,
    pub label: String,
    pub required: bool,
    /// The accepted values of a fixed list (their labels).
    pub choices: Vec<String>,
    /// How to fill it ("文本格式", "日期 2024-03-05", …).
    pub hint: String,
}

/// A file read and mapped, before anything is checked.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportInspect {
    pub kind: ImportKind,
    pub file_name: String,
    pub headers: Vec<String>,
    pub row_count: u64,
    /// The suggested mapping (remembered choices first, then by header).
    pub mapping: Vec<Option<String>>,
    pub fields: Vec<FieldInfo>,
    /// The first rows as text, for the mapping screen.
    pub sample: Vec<Vec<String>>,
    pub max_rows: u64,
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Disposition {
    Create,
    Update,
    Skip,
    Error,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    /// The row number in the file.
    pub line: u64,
    pub disposition: Disposition,
    /// Why it is skipped or refused (or which record it updates).
    pub reason: Option<String>,
    /// The row's mapped values, as text, in the order of `ImportPreview.columns`.
    pub values: Vec<String>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportCounts {
    pub create: u64,
    pub update: u64,
    pub skip: u64,
    pub error: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub counts: ImportCounts,
    /// Labels of the mapped fields (the columns of `rows`).
    pub columns: Vec<String>,
    /// The first rows of each disposition (up to 20 each), in file order.
    pub rows: Vec<PreviewRow>,
}

/// Progress of a running import (sent to the UI).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub done: u64,
    pub total: u64,
}

/// A batch that went in: its first and last row numbers.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct WrittenBatch {
    pub first_line: u64,
    pub last_line: u64,
    pub rows: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportResult {
    pub counts: ImportCounts,
    /// Stopped by the user after the batches listed.
    pub cancelled: bool,
    /// Exactly which rows were written (created or updated), batch by batch.
    pub batches: Vec<WrittenBatch>,
    /// Rows not written (errors, and with a cancel the rows never reached), with reasons,
    /// first 200.
    pub problems: Vec<PreviewRow>,
    /// The error file (xlsx bytes) when any row failed or was not reached.
    #[serde(skip)]
    #[ts(skip)]
    pub error_file: Option<Vec<u8>>,
    /// Where the command saved the error file.
    #[ts(optional = nullable)]
    pub error_file_path: Option<String>,
}

// ---------------------------------------------------------------------------------------
// Fields
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
enum Ty {
    Text(usize),
    Phone,
    Email,
    Money,
    Date,
    Choice(fn(bool) -> Vec<(String, &'static str)>),
    Owner,
    YesNo,
    CustomerRef,
    CategoryRef,
    /// A marketing activity by name (来源活动).
    ActivityRef,
}

struct Field {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    required: bool,
    ty: Ty,
    /// Other headers people use for it (lower case, no spaces).
    synonyms: &'static [&'static str],
    example: &'static str,
}

fn choices<E: CodeEnum>(zh: bool) -> Vec<(String, &'static str)> {
    E::all().iter().map(|v| (v.json_name(), v.label(zh))).collect()
}

const fn f(key: &'static str, zh: &'static str, en: &'static str, required: bool, ty: Ty, synonyms: &'static [&'static str], example: &'static str) -> Field {
    Field { key, zh, en, required, ty, synonyms, example }
}

const PHONE_SYN: &[&str] = &["手机", "手机号", "手机号码", "电话", "联系电话", "电话号码", "移动电话", "mobile", "phone", "tel", "telephone"];
const OWNER_SYN: &[&str] = &["负责人", "所属员工", "销售", "业务员", "跟进人", "owner", "salesrep"];

const LEAD_FIELDS: &[Field] = &[
    f("leadName", "线索名称", "Lead name", true, Ty::Text(100), &["姓名", "名称", "联系人", "客户姓名", "name", "leadname", "lead"], "王先生"),
    f("phone", "手机", "Phone", false, Ty::Phone, PHONE_SYN, "13800138000"),
    f("company", "公司名称", "Company", false, Ty::Text(200), &["公司", "单位", "企业名称", "company"], "上海示例科技有限公司"),
    f("position", "职位", "Position", false, Ty::Text(100), &["职务", "title", "position"], "采购经理"),
    f("source", "来源渠道", "Source", false, Ty::Text(50), &["来源", "渠道", "线索来源", "source"], "展会"),
    f("intentProduct", "意向产品", "Product of interest", false, Ty::Text(200), &["意向", "product"], "CRM 标准版"),
    f("intentLevel", "意向程度", "Intent", false, Ty::Choice(choices::<IntentLevel>), &["意向等级", "intent", "intentlevel"], ""),
    f("remark", "备注", "Remark", false, Ty::Text(5000), &["说明", "note", "notes", "remark"], ""),
    f("owner", "负责人", "Owner", false, Ty::Owner, OWNER_SYN, ""),
    f("activity", "来源活动", "Source activity", false, Ty::ActivityRef, ACTIVITY_SYN, ""),
];

const ACTIVITY_SYN: &[&str] = &["市场活动", "活动", "活动名称", "campaign", "activity", "sourceactivity"];

const CUSTOMER_FIELDS: &[Field] = &[
    f(
        "customerName",
        "客户名称",
        "Customer name",
        true,
        Ty::Text(200),
        &["客户", "公司名称", "公司", "企业名称", "name", "customer", "customername", "company"],
        "上海示例科技有限公司",
    ),
    f("customerType", "客户类型", "Type", false, Ty::Choice(choices::<CustomerType>), &["类型", "type", "customertype"], ""),
    f("industry", "所属行业", "Industry", false, Ty::Text(50), &["行业", "industry"], "制造业"),
    f("scale", "企业规模", "Company size", false, Ty::Text(50), &["规模", "人员规模", "size", "scale", "companysize"], "100-499人"),
    f("address", "地址", "Address", false, Ty::Text(500), &["详细地址", "公司地址", "address"], "上海市浦东新区示例路 1 号"),
    f("status", "客户状态", "Status", false, Ty::Choice(choices::<CustomerStatus>), &["状态", "status"], ""),
    f("level", "客户级别", "Level", false, Ty::Choice(choices::<CustomerLevel>), &["级别", "客户等级", "等级", "level"], ""),
    f("owner", "负责人", "Owner", false, Ty::Owner, OWNER_SYN, ""),
    f("activity", "来源活动", "Source activity", false, Ty::ActivityRef, ACTIVITY_SYN, ""),
    f("contactName", "联系人", "Contact", false, Ty::Text(50), &["联系人姓名", "首要联系人", "contact", "contactname"], "张三"),
    f("contactPhone", "联系人手机", "Contact phone", false, Ty::Phone, PHONE_SYN, "13800138000"),
    f("contactPosition", "联系人职位", "Contact position", false, Ty::Text(100), &["职位", "职务", "contactposition"], "总经理"),
    f("contactEmail", "联系人邮箱", "Contact email", false, Ty::Email, &["邮箱", "电子邮箱", "email", "e-mail", "contactemail"], "zhang@example.com"),
];

const CONTACT_FIELDS: &[Field] = &[
    f(
        "customerName",
        "所属客户",
        "Customer",
        true,
        Ty::CustomerRef,
        &["客户", "客户名称", "公司", "公司名称", "customer", "customername"],
        "上海示例科技有限公司",
    ),
    f("contactName", "联系人姓名", "Contact name", true, Ty::Text(50), &["姓名", "联系人", "name", "contact", "contactname"], "张三"),
    f("phone", "手机", "Phone", true, Ty::Phone, PHONE_SYN, "13800138000"),
    f("position", "职位", "Position", false, Ty::Text(100), &["职务", "title", "position"], "总经理"),
    f("email", "邮箱", "Email", false, Ty::Email, &["电子邮箱", "email", "e-mail"], "zhang@example.com"),
    f("isKey", "关键决策人", "Key decision-maker", false, Ty::YesNo, &["是否关键决策人", "决策人", "key", "iskey"], "是"),
    f("birthday", "生日", "Birthday", false, Ty::Date, &["出生日期", "birthday"], "1985-06-01"),
    f("remark", "备注", "Remark", false, Ty::Text(500), &["说明", "note", "remark"], ""),
];

const PRODUCT_FIELDS: &[Field] = &[
    f("productName", "产品名称", "Product name", true, Ty::Text(100), &["名称", "产品", "品名", "name", "product", "productname"], "CRM 标准版"),
    f("category", "产品分类", "Category", true, Ty::CategoryRef, &["分类", "类别", "category"], ""),
    f("specification", "规格", "Specification", false, Ty::Text(200), &["规格型号", "型号", "spec", "specification"], "10 用户/年"),
    f("unit", "单位", "Unit", false, Ty::Text(20), &["计量单位", "unit"], "套"),
    f("price", "标准价格", "Price", true, Ty::Money, &["价格", "单价", "售价", "标准价", "price"], "9800.00"),
    f("costPrice", "成本价", "Cost price", false, Ty::Money, &["成本", "cost", "costprice"], ""),
    f("status", "状态", "Status", false, Ty::Choice(choices::<ProductStatus>), &["上下架", "status"], ""),
    f("description", "描述", "Description", false, Ty::Text(2000), &["产品描述", "说明", "description"], ""),
];

fn fields(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::Lead => LEAD_FIELDS,
        ImportKind::Customer => CUSTOMER_FIELDS,
        ImportKind::Contact => CONTACT_FIELDS,
        ImportKind::Product => PRODUCT_FIELDS,
    }
}

fn zh(ctx: &Ctx) -> bool {
    ctx.locale == Locale::ZhCn
}

fn label(ctx: &Ctx, fd: &Field) -> &'static str {
    if zh(ctx) {
        fd.zh
    } else {
        fd.en
    }
}

fn msg(ctx: &Ctx, zh_text: impl Into<String>, en_text: impl Into<String>) -> String {
    if zh(ctx) {
        zh_text.into()
    } else {
        en_text.into()
    }
}

fn field_info(ctx: &Ctx, fd: &Field) -> FieldInfo {
    let z = zh(ctx);
    let (choices, hint) = match fd.ty {
        Ty::Choice(c) => (c(z).into_iter().map(|(_, l)| l.to_string()).collect(), msg(ctx, "从下拉列表选择", "Pick from the list")),
        Ty::YesNo => (vec![msg(ctx, "是", "Yes"), msg(ctx, "否", "No")], String::new()),
        Ty::Phone => (vec![], msg(ctx, "文本格式,保留全部数字", "Text format, every digit kept")),
        Ty::Money => (vec![], msg(ctx, "数字,最多两位小数", "A number, at most 2 decimals")),
        Ty::Date => (vec![], msg(ctx, "日期,如 2024-03-05", "A date such as 2024-03-05")),
        Ty::Owner => (vec![], msg(ctx, "用户姓名或登录名", "A user's full name or username")),
        Ty::CustomerRef => (vec![], msg(ctx, "已有客户的完整名称", "The exact name of an existing customer")),
        Ty::CategoryRef => (vec![], msg(ctx, "已有产品分类的名称", "The name of an existing product category")),
        Ty::ActivityRef => (vec![], msg(ctx, "已有市场活动的名称", "The name of an existing marketing activity")),
        Ty::Email => (vec![], String::new()),
        Ty::Text(max) => (vec![], msg(ctx, format!("最多 {max} 字"), format!("At most {max} characters"))),
    };
    FieldInfo { key: fd.key.to_string(), label: label(ctx, fd).to_string(), required: fd.required, choices, hint }
}

/// A header reduced for matching: no `*`, spaces, brackets' contents or case.
fn norm_header(h: &str) -> String {
    let h = sheet::clean_text(h);
    let mut out = String::new();
    let mut depth = 0;
    for c in h.chars() {
        match c {
            '(' | '\u{ff08}' | '[' | '【' => depth += 1,
            ')' | '\u{ff09}' | ']' | '】' => depth -= 1,
            _ if depth > 0 => {}
            '*' | ' ' | '_' | '-' | ':' | '\u{ff1a}' => {}
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The field a header names: its label in either language, its key, or a synonym.
fn match_header(kind: ImportKind, header: &str) -> Option<&'static str> {
    let h = norm_header(header);
    if h.is_empty() {
        return None;
    }
    let fs = fields(kind);
    // Exact labels and keys first, so "联系人手机" is not taken by the synonym "手机".
    fs.iter()
        .find(|fd| norm_header(fd.zh) == h || norm_header(fd.en) == h || fd.key.to_lowercase() == h)
        .or_else(|| fs.iter().find(|fd| fd.synonyms.iter().any(|s| norm_header(s) == h)))
        .map(|fd| fd.key)
}

/// Suggest a mapping: remembered header → field choices first, then by header, each field once.
fn suggest(kind: ImportKind, headers: &[String], remembered: &HashMap<String, Option<String>>) -> Vec<Option<String>> {
    let valid = |k: &str| fields(kind).iter().any(|fd| fd.key == k);
    let mut used: Vec<String> = vec![];
    let mut out = vec![None; headers.len()];
    for (i, h) in headers.iter().enumerate() {
        if let Some(choice) = remembered.get(&norm_header(h)) {
            if let Some(k) = choice.as_deref().filter(|k| valid(k) && !used.iter().any(|u| u == k)) {
                used.push(k.to_string());
                out[i] = Some(k.to_string());
            }
        }
    }
    for (i, h) in headers.iter().enumerate() {
        if out[i].is_some() || remembered.get(&norm_header(h)).is_some_and(|c| c.is_none()) {
            continue;
        }
        if let Some(k) = match_header(kind, h).filter(|k| !used.iter().any(|u| u == k)) {
            used.push(k.to_string());
            out[i] = Some(k.to_string());
        }
    }
    out
}

fn mapping_key(ctx: &Ctx, kind: ImportKind) -> String {
    format!("import.mapping.{}.{}", kind.module(), ctx.actor_id().unwrap_or(0))
}

// ---------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------

/// The xlsx template for a kind: headers (required ones red with `*`), dropdowns for
/// fixed lists, phone columns formatted as text, one example row (skipped on import when
/// left unchanged), and a sheet of instructions.
pub fn template(ctx: &Ctx, kind: ImportKind) -> AppResult<(String, Vec<u8>)> {
    ctx.require(&kind.permission())?;
    use rust_xlsxwriter::{Color, DataValidation, Format, Workbook};
    let z = zh(ctx);
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xF2F2F2)).set_num_format("@");
    let head_req = head.clone().set_font_color(Color::Red);
    let text = Format::new().set_num_format("@");
    let example = Format::new().set_font_color(Color::RGB(0x8C8C8C)).set_num_format("@");
    let fs = fields(kind);
    let ws = wb.add_worksheet();
    ws.set_name(if z { "导入数据" } else { "Data" }).map_err(AppError::internal)?;
    for (c, fd) in fs.iter().enumerate() {
        let c = c as u16;
        let title = if fd.required { format!("*{}", label(ctx, fd)) } else { label(ctx, fd).to_string() };
        ws.write_string_with_format(0, c, &title, if fd.required { &head_req } else { &head }).map_err(AppError::internal)?;
        ws.set_column_width(c, 18).map_err(AppError::internal)?;
        match fd.ty {
            Ty::Phone | Ty::Text(_) | Ty::Owner | Ty::CustomerRef | Ty::CategoryRef | Ty::ActivityRef | Ty::Email => {
                ws.set_column_format(c, &text).map_err(AppError::internal)?;
            }
            Ty::Choice(ch) => {
                let labels: Vec<String> = ch(z).into_iter().map(|(_, l)| l.to_string()).collect();
                let dv = DataValidation::new().allow_list_strings(&labels).map_err(AppError::internal)?;
                ws.add_data_validation(1, c, sheet::MAX_ROWS as u32 + 1, c, &dv).map_err(AppError::internal)?;
            }
            Ty::YesNo => {
                let dv = DataValidation::new().allow_list_strings(&[msg(ctx, "是", "Yes"), msg(ctx, "否", "No")]).map_err(AppError::internal)?;
                ws.add_data_validation(1, c, sheet::MAX_ROWS as u32 + 1, c, &dv).map_err(AppError::internal)?;
            }
            Ty::Money | Ty::Date => {}
        }
        let ex = example_value(ctx, fd);
        if !ex.is_empty() {
            ws.write_string_with_format(1, c, &ex, &example).map_err(AppError::internal)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    let help = wb.add_worksheet();
    help.set_name(if z { "填写说明" } else { "Instructions" }).map_err(AppError::internal)?;
    let lines: Vec<String> = vec![
        msg(ctx, "1. 表头带 * 的红色列为必填项;请勿修改表头文字。", "1. Red columns marked * are required; keep the header texts."),
        msg(ctx, "2. 第 2 行为示例,原样保留时导入会跳过它,可直接覆盖填写。", "2. Row 2 is an example; left unchanged it is skipped, or overwrite it."),
        msg(
            ctx,
            "3. 手机号列为文本格式,请保留全部数字;被显示为 1.38E+10 的号码会被拒绝。",
            "3. Phone columns are text: keep every digit; numbers shown as 1.38E+10 are refused.",
        ),
        msg(ctx, "4. 日期如 2024-03-05;金额为数字,最多两位小数。", "4. Dates like 2024-03-05; amounts are numbers with at most 2 decimals."),
        msg(ctx, format!("5. 每个文件最多 {} 行。", sheet::MAX_ROWS), format!("5. At most {} rows per file.", sheet::MAX_ROWS)),
        msg(
            ctx,
            "6. 负责人填写用户姓名或登录名;留空则按导入时的选择分配。",
            "6. Owner: a user's full name or username; empty cells follow the choice made when importing.",
        ),
    ];
    help.set_column_width(0, 90).map_err(AppError::internal)?;
    for (r, l) in lines.iter().enumerate() {
        help.write_string(r as u32, 0, l).map_err(AppError::internal)?;
    }
    for fd in fs {
        let info = field_info(ctx, fd);
        let line = format!(
            "{}{}:{}{}",
            if fd.required { "*" } else { "" },
            info.label,
            info.hint,
            if info.choices.is_empty() { String::new() } else { format!("({})", info.choices.join(" / ")) }
        );
        help.write_string(lines.len() as u32 + 1 + fs.iter().position(|x| x.key == fd.key).unwrap_or(0) as u32, 0, &line).map_err(AppError::internal)?;
    }
    let bytes = wb.save_to_buffer().map_err(AppError::internal)?;
    let name = if z { format!("{}导入模板.xlsx", kind.label(true)) } else { format!("{} import template.xlsx", kind.label(false)) };
    Ok((name, bytes))
}

fn example_value(ctx: &Ctx, fd: &Field) -> String {
    match fd.ty {
        Ty::Choice(c) => c(zh(ctx)).first().map(|(_, l)| l.to_string()).unwrap_or_default(),
        Ty::Owner => ctx.user().map(|u| u.full_name.clone()).unwrap_or_default(),
        Ty::CategoryRef | Ty::ActivityRef => String::new(),
        _ => fd.example.to_string(),
    }
}

// ---------------------------------------------------------------------------------------
// Inspect
// ---------------------------------------------------------------------------------------

/// Read a file and suggest a mapping.
pub async fn inspect(ctx: &Ctx, kind: ImportKind, file_name: &str, bytes: &[u8]) -> AppResult<ImportInspect> {
    ctx.require(&kind.permission())?;
    let sh = sheet::read(file_name, bytes)?;
    let remembered: HashMap<String, Option<String>> = settings::read(&ctx.db, &mapping_key(ctx, kind)).await?;
    let mapping = suggest(kind, &sh.headers, &remembered);
    Ok(ImportInspect {
        kind,
        file_name: file_name.to_string(),
        row_count: sh.rows.len() as u64,
        mapping,
        fields: fields(kind).iter().map(|fd| field_info(ctx, fd)).collect(),
        sample: sh.rows.iter().take(5).map(|r| (0..sh.headers.len()).map(|c| r.get(c).display()).collect()).collect(),
        headers: sh.headers,
        max_rows: sheet::MAX_ROWS as u64,
    })
}

// ---------------------------------------------------------------------------------------
// Parsing and planning
// ---------------------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Val {
    Text(String),
    Money(Dec),
    Date(NaiveDate),
    Code(String),
    Id(i64),
    Bool(bool),
}

type Values = HashMap<&'static str, Val>;

fn text(v: &Values, k: &str) -> Option<String> {
    match v.get(k) {
        Some(Val::Text(s)) => Some(s.clone()),
        _ => None,
    }
}
fn code<E: CodeEnum + for<'de> Deserialize<'de>>(v: &Values, k: &str) -> Option<E> {
    match v.get(k) {
        Some(Val::Code(c)) => serde_json::from_value(serde_json::Value::String(c.clone())).ok(),
        _ => None,
    }
}
fn id(v: &Values, k: &str) -> Option<i64> {
    match v.get(k) {
        Some(Val::Id(i)) => Some(*i),
        _ => None,
    }
}
fn money(v: &Values, k: &str) -> Option<Dec> {
    match v.get(k) {
        Some(Val::Money(m)) => Some(*m),
        _ => None,
    }
}

/// What the database and the caller bring to the checks.
struct Lookups {
    scope: OwnerScope,
    /// Enabled users by full name and by username (a name two users share is ambiguous: None).
    users: HashMap<String, Option<i64>>,
    /// Lead phones (digits) → (lead id, owner).
    lead_phones: HashMap<String, (i64, Option<i64>)>,
    /// Customer names → (id, owner, in the sea).
    customers: HashMap<String, (i64, i64, bool)>,
    /// Contact phones (digits) → customer ids having them, and (customer id, digits) → contact id.
    contact_phones: HashMap<String, i64>,
    contacts: HashMap<(i64, String), i64>,
    products: HashMap<String, i64>,
    categories: HashMap<String, Option<i64>>,
    /// Activity names → id (None: several share the name).
    activities: HashMap<String, Option<i64>>,
}

async fn lookups(ctx: &Ctx, kind: ImportKind) -> AppResult<Lookups> {
    let db = &ctx.db;
    let scope = ctx.owner_scope().await?;
    let mut users: HashMap<String, Option<i64>> = HashMap::new();
    let list: Vec<(i64, String, String)> = sys_user::Entity::find()
        .select_only()
        .column(sys_user::Column::Id)
        .column(sys_user::Column::FullName)
        .column(sys_user::Column::Username)
        .filter(sys_user::Column::Status.eq(UserStatus::Enabled))
        .into_tuple()
        .all(db)
        .await?;
    for (uid, full, user) in list {
        for n in [full, user] {
            let n = sheet::clean_text(&n);
            users
                .entry(n)
                .and_modify(|e| {
                    if *e != Some(uid) {
                        *e = None
                    }
                })
                .or_insert(Some(uid));
        }
    }
    let mut lk = Lookups {
        scope,
        users,
        lead_phones: HashMap::new(),
        customers: HashMap::new(),
        contact_phones: HashMap::new(),
        contacts: HashMap::new(),
        products: HashMap::new(),
        categories: HashMap::new(),
        activities: HashMap::new(),
    };
    if matches!(kind, ImportKind::Lead | ImportKind::Customer) {
        let rows: Vec<(i64, String)> = crm_marketing_activity::Entity::find()
            .select_only()
            .column(crm_marketing_activity::Column::Id)
            .column(crm_marketing_activity::Column::ActivityName)
            .into_tuple()
            .all(db)
            .await?;
        for (i, n) in rows {
            lk.activities.entry(sheet::clean_text(&n)).and_modify(|e| *e = None).or_insert(Some(i));
        }
    }
    match kind {
        ImportKind::Lead => {
            let rows: Vec<(i64, Option<String>, Option<i64>)> = crm_lead::Entity::find()
                .select_only()
                .column(crm_lead::Column::Id)
                .column(crm_lead::Column::Phone)
                .column(crm_lead::Column::OwnerId)
                .filter(crm_lead::Column::Phone.is_not_null())
                .into_tuple()
                .all(db)
                .await?;
            for (i, p, o) in rows {
                if let Some(p) = p {
                    lk.lead_phones.entry(util::phone_digits(&p)).or_insert((i, o));
                }
            }
        }
        ImportKind::Customer | ImportKind::Contact => {
            let rows: Vec<(i64, String, i64, i8)> = crm_customer::Entity::find()
                .select_only()
                .column(crm_customer::Column::Id)
                .column(crm_customer::Column::CustomerName)
                .column(crm_customer::Column::OwnerId)
                .column(crm_customer::Column::IsInSea)
                .into_tuple()
                .all(db)
                .await?;
            for (i, n, o, s) in rows {
                lk.customers.entry(n).or_insert((i, o, s != 0));
            }
            let rows: Vec<(i64, i64, String)> = crm_contact::Entity::find()
                .select_only()
                .column(crm_contact::Column::Id)
                .column(crm_contact::Column::CustomerId)
                .column(crm_contact::Column::Phone)
                .into_tuple()
                .all(db)
                .await?;
            for (i, c, p) in rows {
                let d = util::phone_digits(&p);
                lk.contact_phones.entry(d.clone()).or_insert(c);
                lk.contacts.entry((c, d)).or_insert(i);
            }
        }
        ImportKind::Product => {
            let rows: Vec<(i64, String)> =
                crm_product::Entity::find().select_only().column(crm_product::Column::Id).column(crm_product::Column::ProductName).into_tuple().all(db).await?;
            for (i, n) in rows {
                lk.products.entry(n).or_insert(i);
            }
            let rows: Vec<(i64, String)> = crm_product_category::Entity::find()
                .select_only()
                .column(crm_product_category::Column::Id)
                .column(crm_product_category::Column::CategoryName)
                .into_tuple()
                .all(db)
                .await?;
            for (i, n) in rows {
                lk.categories.entry(sheet::clean_text(&n)).and_modify(|e| *e = None).or_insert(Some(i));
            }
        }
    }
    Ok(lk)
}

/// The header of column `col` for messages.
fn col_name(sh: &Sheet, col: usize) -> String {
    sh.headers.get(col).cloned().filter(|h| !h.is_empty()).unwrap_or_else(|| format!("#{}", col + 1))
}

/// Read one cell as a field's value. `Ok(None)`: empty.
fn parse_cell(ctx: &Ctx, lk: &Lookups, fd: &Field, header: &str, cell: &Cell) -> Result<Option<Val>, String> {
    if cell.is_empty() {
        return Ok(None);
    }
    let z = zh(ctx);
    let raw = sheet::clean_text(&cell.display());
    let bad = |zh_t: String, en_t: String| Err(msg(ctx, format!("「{header}」{zh_t}"), format!("\"{header}\": {en_t}")));
    match fd.ty {
        Ty::Text(max) => {
            if raw.chars().count() > max {
                return bad(format!("超过 {max} 字"), format!("longer than {max} characters"));
            }
            Ok(Some(Val::Text(raw)))
        }
        Ty::Phone => {
            let looks_scientific = {
                let u = raw.to_ascii_uppercase();
                u.contains("E+") || (u.contains('E') && u.chars().all(|c| c.is_ascii_digit() || ".E+-".contains(c)))
            };
            if looks_scientific {
                return bad(
                    format!("的号码 {raw} 被 Excel 显示成了科学计数法,数字已丢失;请把该列设为文本格式后重新填写"),
                    format!(
                        "the number {raw} was turned into scientific notation by Excel and its digits are lost; format the column as text and enter it again"
                    ),
                );
            }
            if let Cell::Number(n) = cell {
                if n.contains('.') {
                    return bad(format!("的号码 {n} 不是完整的号码"), format!("{n} is not a whole phone number"));
                }
            }
            match util::phone(fd.key, Some(&raw)) {
                Ok(p) => Ok(p.map(Val::Text)),
                Err(_) => bad(format!("手机号不合法:{raw}"), format!("not a valid phone number: {raw}")),
            }
        }
        Ty::Email => match util::email(fd.key, Some(&raw)) {
            Ok(e) => Ok(e.map(Val::Text)),
            Err(_) => bad(format!("邮箱格式不正确:{raw}"), format!("not a valid e-mail address: {raw}")),
        },
        Ty::Money => {
            let t: String = raw.chars().filter(|c| !matches!(c, ',' | '¥' | '￥' | ' ' | '元')).collect();
            match Dec::from_str(&t) {
                Ok(d) if d.scale() <= 2 && d >= Dec::ZERO && d < Dec::from(10_000_000_000i64) => Ok(Some(Val::Money(d))),
                Ok(d) if d < Dec::ZERO => bad("不能为负数".into(), "cannot be negative".into()),
                Ok(_) => bad(format!("金额 {raw} 最多两位小数且小于 100 亿"), format!("{raw}: at most 2 decimals and below 10 billion")),
                Err(_) => bad(format!("不是数字:{raw}"), format!("not a number: {raw}")),
            }
        }
        Ty::Date => {
            let d = match cell {
                Cell::Date(t) => Some(t.date()),
                Cell::Number(n) => n.parse::<f64>().ok().and_then(sheet::from_serial).map(|t| t.date()),
                _ => sheet::parse_datetime(&raw).map(|t| t.date()),
            };
            match d {
                Some(d) if util::date(fd.key, d).is_ok() => Ok(Some(Val::Date(d))),
                _ => bad(format!("日期无法识别:{raw}(请写成 2024-03-05)"), format!("not a date: {raw} (write 2024-03-05)")),
            }
        }
        Ty::Choice(c) => {
            let lower = raw.to_lowercase();
            let all_zh = c(true);
            let all_en = c(false);
            let hit = all_zh.iter().zip(all_en.iter()).find(|((code, lz), (_, le))| *lz == raw || le.to_lowercase() == lower || code.to_lowercase() == lower);
            match hit {
                Some(((code, _), _)) => Ok(Some(Val::Code(code.clone()))),
                None => {
                    let list: Vec<&str> = c(z).into_iter().map(|(_, l)| l).collect();
                    bad(format!("的值「{raw}」不在可选范围内({})", list.join(" / ")), format!("\"{raw}\" is not one of {}", list.join(" / ")))
                }
            }
        }
        Ty::YesNo => match raw.to_lowercase().as_str() {
            "是" | "y" | "yes" | "true" | "1" | "√" => Ok(Some(Val::Bool(true))),
            "否" | "n" | "no" | "false" | "0" => Ok(Some(Val::Bool(false))),
            _ => bad(format!("请填写「是」或「否」,而不是「{raw}」"), format!("write Yes or No, not \"{raw}\"")),
        },
        Ty::Owner => match lk.users.get(&raw) {
            Some(Some(uid)) => Ok(Some(Val::Id(*uid))),
            Some(None) => bad(format!("「{raw}」对应多个用户,请改用登录名"), format!("\"{raw}\" names several users; use the username")),
            None => bad(format!("负责人「{raw}」不存在或已停用"), format!("the owner \"{raw}\" does not exist or is disabled")),
        },
        Ty::CustomerRef => match lk.customers.get(&raw) {
            Some((cid, owner, in_sea)) if !in_sea && lk.scope.allows(*owner) => Ok(Some(Val::Id(*cid))),
            Some(_) => bad(format!("客户「{raw}」不在你负责的范围内"), format!("the customer \"{raw}\" is not yours to change")),
            None => bad(format!("客户「{raw}」不存在"), format!("there is no customer \"{raw}\"")),
        },
        Ty::ActivityRef => match lk.activities.get(&raw) {
            Some(Some(a)) => Ok(Some(Val::Id(*a))),
            Some(None) => bad(format!("有多个名为「{raw}」的市场活动,请先改名"), format!("several activities are named \"{raw}\"")),
            None => bad(format!("市场活动「{raw}」不存在"), format!("there is no marketing activity \"{raw}\"")),
        },
        Ty::CategoryRef => match lk.categories.get(&raw) {
            Some(Some(cid)) => Ok(Some(Val::Id(*cid))),
            Some(None) => bad(format!("分类「{raw}」有重名,请先在产品分类中改名"), format!("several categories are named \"{raw}\"")),
            None => bad(format!("分类「{raw}」不存在,请先在产品分类中创建"), format!("there is no category \"{raw}\"; create it first")),
        },
    }
}

#[derive(Clone, Debug)]
enum Plan {
    Create(Values),
    Update(i64, Values),
    Skip(String),
    Error(String),
}

struct Planned {
    row: SheetRow,
    plan: Plan,
}

/// The mapping checked: each field at most once, every required field mapped.
fn check_mapping(ctx: &Ctx, kind: ImportKind, sh: &Sheet, mapping: &[Option<String>]) -> AppResult<Vec<(usize, &'static Field)>> {
    let fs = fields(kind);
    let mut out = vec![];
    for (col, m) in mapping.iter().enumerate() {
        let Some(k) = m.as_deref() else { continue };
        if col >= sh.headers.len() {
            continue;
        }
        let fd = fs.iter().find(|fd| fd.key == k).ok_or_else(|| AppError::validation("mapping", format!("未知字段:{k}"), format!("Unknown field: {k}")))?;
        if out.iter().any(|(_, x): &(usize, &Field)| x.key == fd.key) {
            return Err(AppError::validation(
                "mapping",
                format!("「{}」被映射了两次,请只保留一列", fd.zh),
                format!("\"{}\" is mapped twice; keep one column", fd.en),
            ));
        }
        out.push((col, fd));
    }
    for fd in fs.iter().filter(|fd| fd.required) {
        if !out.iter().any(|(_, x)| x.key == fd.key) {
            return Err(AppError::validation(
                "mapping",
                format!("必填字段「{}」没有对应的列", fd.zh),
                format!("The required field \"{}\" has no column", fd.en),
            ));
        }
    }
    let _ = ctx;
    Ok(out)
}

/// Is this row the template's unchanged example row?
fn is_example(ctx: &Ctx, cols: &[(usize, &'static Field)], row: &SheetRow) -> bool {
    row.line == 2
        && cols.iter().all(|(c, fd)| {
            let ex = example_value(ctx, fd);
            sheet::clean_text(&row.get(*c).display()) == ex || (ex.is_empty() && row.get(*c).is_empty())
        })
        && cols.iter().any(|(c, _)| !row.get(*c).is_empty())
}

async fn plan(ctx: &Ctx, kind: ImportKind, sh: &Sheet, opts: &ImportOptions) -> AppResult<Vec<Planned>> {
    ctx.require(&kind.permission())?;
    ctx.require(&format!("{}:create", kind.module()))?;
    if opts.policy == DupPolicy::Update {
        ctx.require(&format!("{}:update", kind.module()))?;
    }
    if opts.policy == DupPolicy::Anyway && matches!(kind, ImportKind::Lead | ImportKind::Contact) {
        return Err(AppError::validation(
            "policy",
            "线索与联系人的手机号是唯一的,不能“仍然导入”重复数据;请选择跳过或更新",
            "Phones of leads and contacts are unique keys: choose skip or update, not import anyway",
        ));
    }
    let cols = check_mapping(ctx, kind, sh, &opts.mapping)?;
    let lk = lookups(ctx, kind).await?;
    // The default owner (User mode, and empty cells in Column mode) must be in scope.
    let default_owner = opts.owner_id.or(ctx.actor_id());
    if matches!(kind, ImportKind::Lead | ImportKind::Customer) && opts.owner_mode != OwnerMode::Pool {
        match default_owner {
            Some(o) => super::access::check_owner(&ctx.db, &lk.scope, o).await?,
            None => return Err(AppError::validation("ownerId", "请选择负责人", "Choose an owner")),
        }
    }
    if kind == ImportKind::Lead && opts.owner_mode == OwnerMode::Pool {
        if let Some(p) = opts.pool_id {
            lead_pool::check_pool(&ctx.db, p).await?;
        }
    }
    if let (ImportKind::Product, Some((_, _))) = (kind, cols.iter().find(|(_, fd)| fd.key == "costPrice")) {
        ctx.require("product:cost")?;
    }
    // Keys seen earlier in the file → the line that had them.
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut out = Vec::with_capacity(sh.rows.len());
    for row in &sh.rows {
        if is_example(ctx, &cols, row) {
            continue;
        }
        let plan = plan_row(ctx, kind, sh, opts, &cols, &lk, default_owner, row, &mut seen);
        out.push(Planned { row: row.clone(), plan });
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
fn plan_row(
    ctx: &Ctx,
    kind: ImportKind,
    sh: &Sheet,
    opts: &ImportOptions,
    cols: &[(usize, &'static Field)],
    lk: &Lookups,
    default_owner: Option<i64>,
    row: &SheetRow,
    seen: &mut HashMap<String, u64>,
) -> Plan {
    let mut vals: Values = HashMap::new();
    let mut errors: Vec<String> = vec![];
    for (c, fd) in cols {
        match parse_cell(ctx, lk, fd, &col_name(sh, *c), row.get(*c)) {
            Ok(Some(v)) => {
                vals.insert(fd.key, v);
            }
            Ok(None) if fd.required => errors.push(msg(ctx, format!("「{}」必填", col_name(sh, *c)), format!("\"{}\" is required", col_name(sh, *c)))),
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Plan::Error(errors.join(";"));
    }
    // Owner: the column (Column mode), else the chosen user; must be in the caller's scope.
    if matches!(kind, ImportKind::Lead | ImportKind::Customer) {
        if opts.owner_mode == OwnerMode::Pool {
            vals.remove("owner");
        } else {
            let owner = match (opts.owner_mode, id(&vals, "owner")) {
                (OwnerMode::Column, Some(o)) => o,
                _ => default_owner.unwrap_or(0),
            };
            if !lk.scope.allows(owner) {
                return Plan::Error(msg(
                    ctx,
                    "负责人不在你的管理范围内(只能导入给自己或下属)",
                    "The owner is outside your scope (import as yourself or for your team)",
                ));
            }
            vals.insert("owner", Val::Id(owner));
        }
    }
    // Duplicate keys: within the file, then in the database.
    let keys: Vec<(String, Option<Existing>)> = match kind {
        ImportKind::Lead => text(&vals, "phone")
            .map(|p| {
                let d = util::phone_digits(&p);
                vec![(format!("phone:{d}"), lk.lead_phones.get(&d).map(|(i, o)| Existing { id: *i, changeable: o.is_some_and(|o| lk.scope.allows(o)) }))]
            })
            .unwrap_or_default(),
        ImportKind::Customer => {
            let name = text(&vals, "customerName").unwrap_or_default();
            let mut k = vec![(format!("name:{name}"), lk.customers.get(&name).map(|(i, o, sea)| Existing { id: *i, changeable: !sea && lk.scope.allows(*o) }))];
            if let Some(p) = text(&vals, "contactPhone") {
                let d = util::phone_digits(&p);
                let existing = lk.contact_phones.get(&d).map(|cid| {
                    let changeable = lk.customers.values().find(|(i, _, _)| i == cid).is_some_and(|(_, o, sea)| !sea && lk.scope.allows(*o));
                    Existing { id: *cid, changeable }
                });
                k.push((format!("phone:{d}"), existing));
            }
            k
        }
        ImportKind::Contact => {
            let cid = id(&vals, "customerName").unwrap_or(0);
            let d = util::phone_digits(&text(&vals, "phone").unwrap_or_default());
            vec![(format!("{cid}:{d}"), lk.contacts.get(&(cid, d)).map(|i| Existing { id: *i, changeable: true }))]
        }
        ImportKind::Product => {
            let name = text(&vals, "productName").unwrap_or_default();
            vec![(format!("name:{name}"), lk.products.get(&name).map(|i| Existing { id: *i, changeable: true }))]
        }
    };
    let line = row.line as u64;
    if let Some(first) = keys.iter().find_map(|(k, _)| seen.get(k)) {
        if opts.policy != DupPolicy::Anyway {
            return Plan::Skip(msg(ctx, format!("与第 {first} 行重复"), format!("Duplicates row {first}")));
        }
    }
    for (k, _) in &keys {
        seen.entry(k.clone()).or_insert(line);
    }
    match keys.iter().find_map(|(_, e)| e.clone()) {
        None => Plan::Create(vals),
        Some(e) => match opts.policy {
            DupPolicy::Skip => Plan::Skip(msg(ctx, "系统中已存在(按去重规则)", "Already in the system (by the duplicate rules)")),
            DupPolicy::Update if !e.changeable => Plan::Error(msg(
                ctx,
                "系统中已存在,但该记录不属于你或在公海/线索池中,无权更新",
                "It exists, but the record is not yours (or is in a pool), so it cannot be updated",
            )),
            DupPolicy::Update => Plan::Update(e.id, vals),
            DupPolicy::Anyway => Plan::Create(vals),
        },
    }
}

#[derive(Clone, Debug)]
struct Existing {
    id: i64,
    changeable: bool,
}

fn disposition(p: &Plan) -> Disposition {
    match p {
        Plan::Create(_) => Disposition::Create,
        Plan::Update(..) => Disposition::Update,
        Plan::Skip(_) => Disposition::Skip,
        Plan::Error(_) => Disposition::Error,
    }
}

fn preview_row(cols: &[(usize, &'static Field)], p: &Planned) -> PreviewRow {
    let reason = match &p.plan {
        Plan::Skip(r) | Plan::Error(r) => Some(r.clone()),
        Plan::Update(id, _) => Some(format!("#{id}")),
        Plan::Create(_) => None,
    };
    PreviewRow {
        line: p.row.line as u64,
        disposition: disposition(&p.plan),
        reason,
        values: cols.iter().map(|(c, _)| sheet::clean_text(&p.row.get(*c).display())).collect(),
    }
}

fn count(plans: &[Planned]) -> ImportCounts {
    let mut c = ImportCounts::default();
    for p in plans {
        match p.plan {
            Plan::Create(_) => c.create += 1,
            Plan::Update(..) => c.update += 1,
            Plan::Skip(_) => c.skip += 1,
            Plan::Error(_) => c.error += 1,
        }
    }
    c
}

/// The dry run: what each row would do, nothing written. The mapping is remembered.
pub async fn preview(ctx: &Ctx, kind: ImportKind, file_name: &str, bytes: &[u8], opts: &ImportOptions) -> AppResult<ImportPreview> {
    let sh = sheet::read(file_name, bytes)?;
    let plans = plan(ctx, kind, &sh, opts).await?;
    remember(ctx, kind, &sh, &opts.mapping).await?;
    let cols = check_mapping(ctx, kind, &sh, &opts.mapping)?;
    let mut per: HashMap<Disposition, usize> = HashMap::new();
    let rows = plans
        .iter()
        .filter(|p| {
            let n = per.entry(disposition(&p.plan)).or_default();
            *n += 1;
            *n <= 20
        })
        .map(|p| preview_row(&cols, p))
        .collect();
    Ok(ImportPreview { counts: count(&plans), columns: cols.iter().map(|(_, fd)| label(ctx, fd).to_string()).collect(), rows })
}

async fn remember(ctx: &Ctx, kind: ImportKind, sh: &Sheet, mapping: &[Option<String>]) -> AppResult<()> {
    if ctx.actor_id().is_none() {
        return Ok(());
    }
    let key = mapping_key(ctx, kind);
    let mut m: HashMap<String, Option<String>> = settings::read(&ctx.db, &key).await?;
    for (i, h) in sh.headers.iter().enumerate() {
        let h = norm_header(h);
        if h.is_empty() {
            continue;
        }
        let chosen = mapping.get(i).cloned().flatten();
        // Remember only choices that differ from what the header alone suggests.
        if chosen.as_deref() == match_header(kind, &h) {
            m.remove(&h);
        } else {
            m.insert(h, chosen);
        }
    }
    settings::write_raw(&ctx.db, &key, &m).await
}

// ---------------------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------------------

/// Import a file: plan every row, then write the creates and updates in batches of
/// [`BATCH`], each one transaction. `cancel` is checked between batches. `progress` is
/// called after each batch.
pub async fn run(
    ctx: &Ctx,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    opts: &ImportOptions,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(ImportProgress) + Send),
) -> AppResult<ImportResult> {
    let sh = sheet::read(file_name, bytes)?;
    let plans = plan(ctx, kind, &sh, opts).await?;
    remember(ctx, kind, &sh, &opts.mapping).await?;
    let cols = check_mapping(ctx, kind, &sh, &opts.mapping)?;
    let writes: Vec<&Planned> = plans.iter().filter(|p| matches!(p.plan, Plan::Create(_) | Plan::Update(..))).collect();
    let total = writes.len() as u64;
    let mut counts = ImportCounts { skip: count(&plans).skip, error: count(&plans).error, ..Default::default() };
    let mut batches = vec![];
    let mut written: std::collections::HashSet<usize> = std::collections::HashSet::new();
    let mut cancelled = false;
    let pool = match (kind, opts.owner_mode) {
        (ImportKind::Lead, _) => Some(match opts.pool_id {
            Some(p) => p,
            None => lead_pool::default_pool(&ctx.db).await?,
        }),
        _ => None,
    };
    let creator = ctx.recorder(&ctx.db).await?;
    progress(ImportProgress { done: 0, total });
    for chunk in writes.chunks(BATCH) {
        if cancel.load(Ordering::SeqCst) {
            cancelled = true;
            break;
        }
        let txn = ctx.db.begin().await?;
        let (mut created, mut updated) = (0u64, 0u64);
        for p in chunk {
            match &p.plan {
                Plan::Create(v) => {
                    create(&txn, kind, v, pool, creator).await?;
                    created += 1;
                }
                Plan::Update(id, v) => {
                    update(&txn, kind, *id, v, creator).await?;
                    updated += 1;
                }
                _ => {}
            }
        }
        txn.commit().await?;
        counts.create += created;
        counts.update += updated;
        for p in chunk {
            written.insert(p.row.line);
        }
        batches.push(WrittenBatch { first_line: chunk[0].row.line as u64, last_line: chunk[chunk.len() - 1].row.line as u64, rows: chunk.len() as u64 });
        progress(ImportProgress { done: counts.create + counts.update, total });
        tokio::task::yield_now().await;
    }
    // Rows not written: errors, and after a cancel every create/update not reached.
    let mut problems_all: Vec<(&Planned, String)> = vec![];
    for p in &plans {
        match &p.plan {
            Plan::Error(r) => problems_all.push((p, r.clone())),
            Plan::Create(_) | Plan::Update(..) if !written.contains(&p.row.line) => {
                problems_all.push((p, msg(ctx, "导入已取消,此行未导入", "The import was cancelled before this row")))
            }
            _ => {}
        }
    }
    let error_file = if problems_all.is_empty() { None } else { Some(error_file(ctx, &sh, &problems_all)?) };
    let problems =
        problems_all.iter().take(200).map(|(p, r)| PreviewRow { reason: Some(r.clone()), disposition: Disposition::Error, ..preview_row(&cols, p) }).collect();
    let summary = format!(
        "{}「{}」:新建 {} 条,更新 {} 条,跳过 {} 条,错误 {} 条{}",
        msg(ctx, "导入", "Import"),
        file_name,
        counts.create,
        counts.update,
        counts.skip,
        counts.error,
        if cancelled { ",已取消" } else { "" }
    );
    let mut changes = serde_json::Map::new();
    changes.insert("file".into(), serde_json::json!(file_name));
    changes.insert("counts".into(), serde_json::to_value(&counts).map_err(AppError::internal)?);
    changes.insert("cancelled".into(), serde_json::json!(cancelled));
    oplog::record(&ctx.db, ctx, oplog::Action::Import, kind.table(), 0, changes, Some(summary)).await?;
    Ok(ImportResult { counts, cancelled, batches, problems, error_file, error_file_path: None })
}

/// The error file: 错误原因 first, then the original row as it was.
fn error_file(ctx: &Ctx, sh: &Sheet, problems: &[(&Planned, String)]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Color, Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xF2F2F2));
    let red = Format::new().set_font_color(Color::Red);
    let text = Format::new().set_num_format("@");
    ws.write_string_with_format(0, 0, msg(ctx, "错误原因", "Error"), &head).map_err(AppError::internal)?;
    ws.set_column_width(0, 40).map_err(AppError::internal)?;
    for (c, h) in sh.headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16 + 1, h, &head).map_err(AppError::internal)?;
        ws.set_column_format(c as u16 + 1, &text).map_err(AppError::internal)?;
        ws.set_column_width(c as u16 + 1, 16).map_err(AppError::internal)?;
    }
    for (r, (p, reason)) in problems.iter().enumerate() {
        let r = r as u32 + 1;
        ws.write_string_with_format(r, 0, msg(ctx, format!("第 {} 行:{reason}", p.row.line), format!("Row {}: {reason}", p.row.line)), &red)
            .map_err(AppError::internal)?;
        for c in 0..sh.headers.len().max(p.row.cells.len()) {
            match p.row.get(c) {
                Cell::Empty => {}
                // Kept as text, so a phone stays a phone when the file is fixed and re-imported.
                other => {
                    ws.write_string(r, c as u16 + 1, other.display()).map_err(AppError::internal)?;
                }
            }
        }
    }
    ws.set_freeze_panes(1, 0).map_err(AppError::internal)?;
    wb.save_to_buffer().map_err(AppError::internal)
}

async fn create<C: sea_orm::ConnectionTrait>(conn: &C, kind: ImportKind, v: &Values, pool: Option<i64>, creator: i64) -> AppResult<()> {
    let now = util::now();
    match kind {
        ImportKind::Lead => {
            let l = crm_lead::ActiveModel {
                lead_name: Set(text(v, "leadName").unwrap_or_default()),
                phone: Set(text(v, "phone")),
                company: Set(text(v, "company")),
                position: Set(text(v, "position")),
                source: Set(text(v, "source")),
                intent_product: Set(text(v, "intentProduct")),
                intent_level: Set(code::<IntentLevel>(v, "intentLevel")),
                status: Set(LeadStatus::New),
                remark: Set(text(v, "remark")),
                owner_id: Set(id(v, "owner")),
                pool_id: Set(pool.unwrap_or(0)),
                created_by: Set(creator),
                created_at: Set(now),
                updated_at: Set(now),
                activity_id: Set(id(v, "activity")),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            search_index::sync(conn, Kind::Lead, &[l.id]).await?;
        }
        ImportKind::Customer => {
            let owner = id(v, "owner");
            let c = crm_customer::ActiveModel {
                customer_name: Set(text(v, "customerName").unwrap_or_default()),
                customer_type: Set(code::<CustomerType>(v, "customerType").unwrap_or(CustomerType::Enterprise)),
                industry: Set(text(v, "industry")),
                scale: Set(text(v, "scale")),
                address: Set(text(v, "address")),
                status: Set(code::<CustomerStatus>(v, "status").unwrap_or(CustomerStatus::Potential)),
                level: Set(code::<CustomerLevel>(v, "level")),
                source_lead_id: Set(None),
                // In the sea a customer keeps an owner id (NOT NULL): the importer's.
                owner_id: Set(owner.unwrap_or(creator)),
                is_in_sea: Set(if owner.is_none() { 1 } else { 0 }),
                sea_time: Set(if owner.is_none() { Some(now) } else { None }),
                created_by: Set(creator),
                created_at: Set(now),
                updated_at: Set(now),
                // The public-sea clock starts on import.
                last_follow_at: Set(Some(now)),
                activity_id: Set(id(v, "activity")),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            search_index::sync(conn, Kind::Customer, &[c.id]).await?;
            if let (Some(name), Some(phone)) = (text(v, "contactName"), text(v, "contactPhone")) {
                insert_contact(conn, c.id, name, phone, text(v, "contactPosition"), text(v, "contactEmail"), true, None, None, now).await?;
            }
        }
        ImportKind::Contact => {
            insert_contact(
                conn,
                id(v, "customerName").unwrap_or(0),
                text(v, "contactName").unwrap_or_default(),
                text(v, "phone").unwrap_or_default(),
                text(v, "position"),
                text(v, "email"),
                matches!(v.get("isKey"), Some(Val::Bool(true))),
                match v.get("birthday") {
                    Some(Val::Date(d)) => Some(*d),
                    _ => None,
                },
                text(v, "remark"),
                now,
            )
            .await?;
        }
        ImportKind::Product => {
            crm_product::ActiveModel {
                product_name: Set(text(v, "productName").unwrap_or_default()),
                category_id: Set(id(v, "category").unwrap_or(0)),
                specification: Set(text(v, "specification")),
                unit: Set(text(v, "unit")),
                price: Set(money(v, "price").unwrap_or_default()),
                cost_price: Set(money(v, "costPrice")),
                status: Set(code::<ProductStatus>(v, "status").unwrap_or(ProductStatus::OnShelf)),
                description: Set(text(v, "description")),
                created_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
        }
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn insert_contact<C: sea_orm::ConnectionTrait>(
    conn: &C,
    customer_id: i64,
    name: String,
    phone: String,
    position: Option<String>,
    email: Option<String>,
    is_key: bool,
    birthday: Option<NaiveDate>,
    remark: Option<String>,
    now: chrono::NaiveDateTime,
) -> AppResult<()> {
    let c = crm_contact::ActiveModel {
        customer_id: Set(customer_id),
        contact_name: Set(name),
        position: Set(position),
        phone: Set(phone),
        email: Set(email),
        is_key: Set(is_key as i8),
        birthday: Set(birthday),
        remark: Set(remark),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    search_index::sync(conn, Kind::Contact, &[c.id]).await?;
    Ok(())
}

/// Write the row's non-empty cells into an existing record (owner and status flow untouched).
async fn update<C: sea_orm::ConnectionTrait>(conn: &C, kind: ImportKind, rid: i64, v: &Values, _creator: i64) -> AppResult<()> {
    let now = util::now();
    macro_rules! put {
        ($am:ident . $col:ident = $val:expr) => {
            if let Some(x) = $val {
                $am.$col = Set(x);
            }
        };
    }
    match kind {
        ImportKind::Lead => {
            let Some(m) = crm_lead::Entity::find_by_id(rid).one(conn).await? else { return Ok(()) };
            let mut am = m.into_active_model();
            put!(am.lead_name = text(v, "leadName"));
            put!(am.company = text(v, "company").map(Some));
            put!(am.position = text(v, "position").map(Some));
            put!(am.source = text(v, "source").map(Some));
            put!(am.intent_product = text(v, "intentProduct").map(Some));
            put!(am.intent_level = code::<IntentLevel>(v, "intentLevel").map(Some));
            put!(am.remark = text(v, "remark").map(Some));
            put!(am.activity_id = id(v, "activity").map(Some));
            am.updated_at = Set(now);
            am.update(conn).await?;
            search_index::sync(conn, Kind::Lead, &[rid]).await?;
        }
        ImportKind::Customer => {
            let Some(m) = crm_customer::Entity::find_by_id(rid).one(conn).await? else { return Ok(()) };
            let mut am = m.into_active_model();
            put!(am.customer_type = code::<CustomerType>(v, "customerType"));
            put!(am.industry = text(v, "industry").map(Some));
            put!(am.scale = text(v, "scale").map(Some));
            put!(am.address = text(v, "address").map(Some));
            put!(am.status = code::<CustomerStatus>(v, "status"));
            put!(am.level = code::<CustomerLevel>(v, "level").map(Some));
            put!(am.activity_id = id(v, "activity").map(Some));
            am.updated_at = Set(now);
            am.update(conn).await?;
            if let (Some(name), Some(phone)) = (text(v, "contactName"), text(v, "contactPhone")) {
                let d = util::phone_digits(&phone);
                let existing: Vec<crm_contact::Model> = crm_contact::Entity::find().filter(crm_contact::Column::CustomerId.eq(rid)).all(conn).await?;
                match existing.into_iter().find(|c| util::phone_digits(&c.phone) == d) {
                    Some(c) => {
                        let mut am = c.into_active_model();
                        am.contact_name = Set(name);
                        put!(am.position = text(v, "contactPosition").map(Some));
                        put!(am.email = text(v, "contactEmail").map(Some));
                        am.updated_at = Set(now);
                        let c = am.update(conn).await?;
                        search_index::sync(conn, Kind::Contact, &[c.id]).await?;
                    }
                    None => insert_contact(conn, rid, name, phone, text(v, "contactPosition"), text(v, "contactEmail"), false, None, None, now).await?,
                }
            }
        }
        ImportKind::Contact => {
            let Some(m) = crm_contact::Entity::find_by_id(rid).one(conn).await? else { return Ok(()) };
            let mut am = m.into_active_model();
            put!(am.contact_name = text(v, "contactName"));
            put!(am.position = text(v, "position").map(Some));
            put!(am.email = text(v, "email").map(Some));
            if let Some(Val::Bool(b)) = v.get("isKey") {
                am.is_key = Set(*b as i8);
            }
            if let Some(Val::Date(d)) = v.get("birthday") {
                am.birthday = Set(Some(*d));
            }
            put!(am.remark = text(v, "remark").map(Some));
            am.updated_at = Set(now);
            am.update(conn).await?;
            search_index::sync(conn, Kind::Contact, &[rid]).await?;
        }
        ImportKind::Product => {
            let Some(m) = crm_product::Entity::find_by_id(rid).one(conn).await? else { return Ok(()) };
            let mut am = m.into_active_model();
            put!(am.category_id = id(v, "category"));
            put!(am.specification = text(v, "specification").map(Some));
            put!(am.unit = text(v, "unit").map(Some));
            put!(am.price = money(v, "price"));
            put!(am.cost_price = money(v, "costPrice").map(Some));
            put!(am.status = code::<ProductStatus>(v, "status"));
            put!(am.description = text(v, "description").map(Some));
            am.update(conn).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_labels_and_synonyms() {
        assert_eq!(match_header(ImportKind::Customer, "*客户名称"), Some("customerName"));
        assert_eq!(match_header(ImportKind::Customer, "联系人手机"), Some("contactPhone"));
        assert_eq!(match_header(ImportKind::Customer, "手机号码"), Some("contactPhone"));
        assert_eq!(match_header(ImportKind::Lead, "联系电话"), Some("phone"));
        assert_eq!(match_header(ImportKind::Lead, "Phone (mobile)"), Some("phone"));
        assert_eq!(match_header(ImportKind::Product, "单价(元)"), Some("price"));
        assert_eq!(match_header(ImportKind::Product, "颜色"), None);
    }

    #[test]
    fn suggestion_uses_each_field_once() {
        let h: Vec<String> = ["姓名", "手机", "电话"].iter().map(|s| s.to_string()).collect();
        let m = suggest(ImportKind::Lead, &h, &HashMap::new());
        assert_eq!(m, vec![Some("leadName".into()), Some("phone".into()), None]);
        let mut remembered = HashMap::new();
        remembered.insert("电话".to_string(), Some("phone".to_string()));
        remembered.insert("手机".to_string(), None);
        let m = suggest(ImportKind::Lead, &h, &remembered);
        assert_eq!(m, vec![Some("leadName".into()), None, Some("phone".into())]);
    }
}
