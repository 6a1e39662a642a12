//! Export of every list to xlsx, with the list's own filters and sort and the columns
//! the user sees. Rows come through the list services page by page (so the caller's
//! data scope applies exactly as on screen) and are streamed into the workbook
//! (rust_xlsxwriter's constant-memory mode): 100,000 rows never sit in memory at once.
//! Codes become their labels, money is a number cell with two decimals, dates are date
//! cells, times are shown in the desktop's time zone. Each export needs
//! `<module>:export` and is written to the operation log (who, what, how many rows).

use super::{oplog, Ctx, PageReq};
use crate::entity::enums::{
    CodeEnum, ContractStatus, CustomerLevel, CustomerStatus, CustomerType, IntentLevel, LeadStatus, OpportunityStatus, ProductStatus, QuotationStatus,
    WorkOrderPriority, WorkOrderStatus,
};
use crate::error::{AppError, AppResult, Locale};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// Rows fetched per page while exporting.
pub const PAGE: u64 = PageReq::MAX_SIZE;

#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, Hash, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum ExportKind {
    Lead,
    Customer,
    Contact,
    FollowUp,
    Opportunity,
    Quotation,
    Contract,
    Product,
    WorkOrder,
}

impl ExportKind {
    pub const ALL: &'static [ExportKind] = &[
        ExportKind::Lead,
        ExportKind::Customer,
        ExportKind::Contact,
        ExportKind::FollowUp,
        ExportKind::Opportunity,
        ExportKind::Quotation,
        ExportKind::Contract,
        ExportKind::Product,
        ExportKind::WorkOrder,
    ];
    pub fn module(self) -> &'static str {
        match self {
            ExportKind::Lead => "lead",
            ExportKind::Customer => "customer",
            ExportKind::Contact => "contact",
            ExportKind::FollowUp => "follow_up",
            ExportKind::Opportunity => "opportunity",
            ExportKind::Quotation => "quotation",
            ExportKind::Contract => "contract",
            ExportKind::Product => "product",
            ExportKind::WorkOrder => "service",
        }
    }
    fn table(self) -> &'static str {
        match self {
            ExportKind::Lead => "crm_lead",
            ExportKind::Customer => "crm_customer",
            ExportKind::Contact => "crm_contact",
            ExportKind::FollowUp => "crm_follow_up",
            ExportKind::Opportunity => "crm_opportunity",
            ExportKind::Quotation => "crm_quotation",
            ExportKind::Contract => "crm_contract",
            ExportKind::Product => "crm_product",
            ExportKind::WorkOrder => "crm_work_order",
        }
    }
    pub fn label(self, zh: bool) -> &'static str {
        let (z, e) = match self {
            ExportKind::Lead => ("线索", "Leads"),
            ExportKind::Customer => ("客户", "Customers"),
            ExportKind::Contact => ("联系人", "Contacts"),
            ExportKind::FollowUp => ("跟进记录", "Follow-ups"),
            ExportKind::Opportunity => ("商机", "Opportunities"),
            ExportKind::Quotation => ("报价单", "Quotations"),
            ExportKind::Contract => ("合同", "Contracts"),
            ExportKind::Product => ("产品", "Products"),
            ExportKind::WorkOrder => ("工单", "Work orders"),
        };
        if zh {
            z
        } else {
            e
        }
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ExportRequest {
    /// The list's filter exactly as the list screen sends it (with its sort).
    #[ts(type = "unknown")]
    pub filter: Value,
    /// Column keys in the order shown (see [`columns`]); empty: every column.
    pub columns: Vec<String>,
    /// The desktop's offset from UTC, for times (default +480, China).
    #[ts(optional = nullable)]
    pub tz_offset_minutes: Option<i32>,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportProgress {
    pub done: u64,
    pub total: u64,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportResult {
    /// The file written (None when cancelled: the partial file is removed).
    #[ts(optional = nullable)]
    pub path: Option<String>,
    pub rows: u64,
    pub cancelled: bool,
}

/// A column a list can export.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportColumn {
    pub key: String,
    pub label: String,
}

#[derive(Clone, Copy)]
enum Ty {
    Text,
    Money,
    Date,
    DateTime,
    Percent,
    Bool,
    Enum(fn(&str, bool) -> Option<&'static str>),
    Relation,
}

struct Col {
    key: &'static str,
    zh: &'static str,
    en: &'static str,
    ty: Ty,
}

const fn c(key: &'static str, zh: &'static str, en: &'static str, ty: Ty) -> Col {
    Col { key, zh, en, ty }
}

fn e<E: CodeEnum>(s: &str, zh: bool) -> Option<&'static str> {
    E::label_of(s, zh)
}

const LEAD: &[Col] = &[
    c("leadName", "线索名称", "Lead name", Ty::Text),
    c("phone", "手机", "Phone", Ty::Text),
    c("company", "公司名称", "Company", Ty::Text),
    c("position", "职位", "Position", Ty::Text),
    c("source", "来源渠道", "Source", Ty::Text),
    c("intentProduct", "意向产品", "Product of interest", Ty::Text),
    c("intentLevel", "意向程度", "Intent", Ty::Enum(e::<IntentLevel>)),
    c("status", "状态", "Status", Ty::Enum(e::<LeadStatus>)),
    c("ownerName", "负责人", "Owner", Ty::Text),
    c("poolName", "线索池", "Pool", Ty::Text),
    c("remark", "备注", "Remark", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
    c("updatedAt", "更新时间", "Updated", Ty::DateTime),
];

const CUSTOMER: &[Col] = &[
    c("customerName", "客户名称", "Customer name", Ty::Text),
    c("customerType", "客户类型", "Type", Ty::Enum(e::<CustomerType>)),
    c("industry", "所属行业", "Industry", Ty::Text),
    c("scale", "企业规模", "Company size", Ty::Text),
    c("address", "地址", "Address", Ty::Text),
    c("status", "客户状态", "Status", Ty::Enum(e::<CustomerStatus>)),
    c("level", "客户级别", "Level", Ty::Enum(e::<CustomerLevel>)),
    c("ownerName", "负责人", "Owner", Ty::Text),
    c("lastFollowAt", "最后跟进", "Last follow-up", Ty::DateTime),
    c("recycleAt", "预计回收", "Recycled at", Ty::DateTime),
    c("seaTime", "进入公海时间", "Entered the sea", Ty::DateTime),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
    c("updatedAt", "更新时间", "Updated", Ty::DateTime),
];

const CONTACT: &[Col] = &[
    c("contactName", "联系人姓名", "Contact name", Ty::Text),
    c("customerName", "所属客户", "Customer", Ty::Text),
    c("phone", "手机", "Phone", Ty::Text),
    c("position", "职位", "Position", Ty::Text),
    c("email", "邮箱", "Email", Ty::Text),
    c("isKey", "关键决策人", "Key decision-maker", Ty::Bool),
    c("birthday", "生日", "Birthday", Ty::Date),
    c("communicationPreference", "沟通偏好", "Preference", Ty::Text),
    c("ownerName", "负责人", "Owner", Ty::Text),
    c("remark", "备注", "Remark", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

const FOLLOW_UP: &[Col] = &[
    c("createdAt", "跟进时间", "Logged", Ty::DateTime),
    c("relationType", "对象类型", "About", Ty::Relation),
    c("relationName", "跟进对象", "Lead / customer", Ty::Text),
    c("followType", "跟进方式", "Type", Ty::Text),
    c("content", "跟进内容", "Content", Ty::Text),
    c("nextFollowTime", "下次跟进时间", "Next follow-up", Ty::DateTime),
    c("nextContent", "下次跟进内容", "Next step", Ty::Text),
    c("nextDone", "下次跟进已完成", "Next step done", Ty::Bool),
    c("createdByName", "跟进人", "By", Ty::Text),
];

const OPPORTUNITY: &[Col] = &[
    c("opportunityName", "商机名称", "Opportunity", Ty::Text),
    c("customerName", "客户名称", "Customer", Ty::Text),
    c("estimatedAmount", "预计金额", "Estimated amount", Ty::Money),
    c("winProbability", "赢单率", "Win probability", Ty::Percent),
    c("weightedAmount", "加权金额", "Weighted amount", Ty::Money),
    c("stage", "阶段", "Stage", Ty::Text),
    c("expectedCloseTime", "预计成交日期", "Expected close", Ty::Date),
    c("status", "状态", "Status", Ty::Enum(e::<OpportunityStatus>)),
    c("loseReason", "输单原因", "Lost reason", Ty::Text),
    c("ownerName", "负责人", "Owner", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

const QUOTATION: &[Col] = &[
    c("quotationNo", "报价单号", "Quotation no.", Ty::Text),
    c("customerName", "客户名称", "Customer", Ty::Text),
    c("opportunityName", "商机", "Opportunity", Ty::Text),
    c("totalAmount", "报价总额", "Total", Ty::Money),
    c("validUntil", "有效期至", "Valid until", Ty::Date),
    c("status", "状态", "Status", Ty::Enum(e::<QuotationStatus>)),
    c("expired", "已过期", "Expired", Ty::Bool),
    c("createdByName", "创建人", "Created by", Ty::Text),
    c("remark", "备注", "Remark", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

const CONTRACT: &[Col] = &[
    c("contractNo", "合同编号", "Contract no.", Ty::Text),
    c("contractName", "合同名称", "Contract", Ty::Text),
    c("customerName", "客户名称", "Customer", Ty::Text),
    c("totalAmount", "合同金额", "Amount", Ty::Money),
    c("signDate", "签约日期", "Signed", Ty::Date),
    c("startDate", "开始日期", "Start", Ty::Date),
    c("endDate", "结束日期", "End", Ty::Date),
    c("status", "状态", "Status", Ty::Enum(e::<ContractStatus>)),
    c("money.received", "已回款", "Received", Ty::Money),
    c("money.outstanding", "未回款", "Outstanding", Ty::Money),
    c("money.invoiced", "已开票", "Invoiced", Ty::Money),
    c("createdByName", "签约人", "Sales rep", Ty::Text),
    c("approvedByName", "审批人", "Approved by", Ty::Text),
    c("quotationNo", "报价单号", "Quotation no.", Ty::Text),
    c("remark", "备注", "Remark", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

const PRODUCT: &[Col] = &[
    c("productName", "产品名称", "Product name", Ty::Text),
    c("categoryName", "产品分类", "Category", Ty::Text),
    c("specification", "规格", "Specification", Ty::Text),
    c("unit", "单位", "Unit", Ty::Text),
    c("price", "标准价格", "Price", Ty::Money),
    c("costPrice", "成本价", "Cost price", Ty::Money),
    c("status", "状态", "Status", Ty::Enum(e::<ProductStatus>)),
    c("description", "描述", "Description", Ty::Text),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

const WORK_ORDER: &[Col] = &[
    c("orderNo", "工单编号", "Order no.", Ty::Text),
    c("title", "标题", "Title", Ty::Text),
    c("customerName", "客户名称", "Customer", Ty::Text),
    c("contactName", "联系人", "Contact", Ty::Text),
    c("contractNo", "合同编号", "Contract no.", Ty::Text),
    c("orderType", "工单类型", "Type", Ty::Text),
    c("priority", "优先级", "Priority", Ty::Enum(e::<WorkOrderPriority>)),
    c("status", "状态", "Status", Ty::Enum(e::<WorkOrderStatus>)),
    c("assigneeName", "处理人", "Handler", Ty::Text),
    c("createdByName", "创建人", "Created by", Ty::Text),
    c("slaDueAt", "SLA 到期", "SLA due", Ty::DateTime),
    c("firstResponseAt", "首次响应", "First response", Ty::DateTime),
    c("resolvedAt", "解决时间", "Resolved", Ty::DateTime),
    c("closedAt", "关闭时间", "Closed", Ty::DateTime),
    c("createdAt", "创建时间", "Created", Ty::DateTime),
];

fn cols(kind: ExportKind) -> &'static [Col] {
    match kind {
        ExportKind::Lead => LEAD,
        ExportKind::Customer => CUSTOMER,
        ExportKind::Contact => CONTACT,
        ExportKind::FollowUp => FOLLOW_UP,
        ExportKind::Opportunity => OPPORTUNITY,
        ExportKind::Quotation => QUOTATION,
        ExportKind::Contract => CONTRACT,
        ExportKind::Product => PRODUCT,
        ExportKind::WorkOrder => WORK_ORDER,
    }
}

/// The columns a list can export, labelled in the caller's language.
pub fn columns(ctx: &Ctx, kind: ExportKind) -> Vec<ExportColumn> {
    let zh = ctx.locale == Locale::ZhCn;
    cols(kind).iter().filter(|c| shown(ctx, c)).map(|c| ExportColumn { key: c.key.into(), label: (if zh { c.zh } else { c.en }).into() }).collect()
}

/// Cost prices only for roles that may see them (the list blanks them anyway).
fn shown(ctx: &Ctx, c: &Col) -> bool {
    c.key != "costPrice" || ctx.can("product:cost")
}

fn parse_filter<T: serde::de::DeserializeOwned + Default>(v: &Value) -> AppResult<T> {
    if v.is_null() {
        return Ok(T::default());
    }
    serde_json::from_value(v.clone()).map_err(|e| AppError::validation("filter", format!("筛选条件无效:{e}"), format!("The filter is not valid: {e}")))
}

fn to_values<T: Serialize>(p: super::Page<T>) -> AppResult<(Vec<Value>, u64)> {
    let total = p.total;
    let items = p.items.into_iter().map(|i| serde_json::to_value(i).map_err(AppError::internal)).collect::<AppResult<Vec<_>>>()?;
    Ok((items, total))
}

/// One page of a list, as JSON rows.
async fn fetch(ctx: &Ctx, kind: ExportKind, filter: &Value, tz: i32, page: PageReq) -> AppResult<(Vec<Value>, u64)> {
    use super::*;
    match kind {
        ExportKind::Lead => to_values(lead::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::Customer => to_values(customer::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::Contact => to_values(contact::list_all(ctx, parse_filter(filter)?, page).await?),
        ExportKind::FollowUp => to_values(follow_up::recent(ctx, parse_filter(filter)?, tz, page).await?),
        ExportKind::Opportunity => to_values(opportunity::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::Quotation => to_values(quotation::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::Contract => to_values(contract::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::Product => to_values(product::list(ctx, parse_filter(filter)?, page).await?),
        ExportKind::WorkOrder => to_values(work_order::list(ctx, parse_filter(filter)?, page).await?),
    }
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    key.split('.').fold(v, |v, k| v.get(k).unwrap_or(&Value::Null))
}

/// Export a list into a new file in the exports folder. Returns the path and row count.
pub async fn export(
    ctx: &Ctx,
    kind: ExportKind,
    req: &ExportRequest,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(ExportProgress) + Send),
) -> AppResult<ExportResult> {
    ctx.require(&format!("{}:export", kind.module()))?;
    let zh = ctx.locale == Locale::ZhCn;
    let name = format!("{}_{}.xlsx", kind.label(zh), (super::util::now() + chrono::Duration::minutes(tz(req) as i64)).format("%Y%m%d_%H%M%S"));
    let path = crate::files::unused_export_path(&name)?;
    match write(ctx, kind, req, &path, cancel, progress).await {
        Ok(rows) if cancel.load(Ordering::SeqCst) => {
            let _ = std::fs::remove_file(&path);
            Ok(ExportResult { path: None, rows, cancelled: true })
        }
        Ok(rows) => Ok(ExportResult { path: Some(path.display().to_string()), rows, cancelled: false }),
        Err(e) => {
            let _ = std::fs::remove_file(&path);
            Err(e)
        }
    }
}

fn tz(req: &ExportRequest) -> i32 {
    req.tz_offset_minutes.unwrap_or(480).clamp(-14 * 60, 14 * 60)
}

/// Write the export to `path` (streamed). Stops early when `cancel` is set.
pub async fn write(
    ctx: &Ctx,
    kind: ExportKind,
    req: &ExportRequest,
    path: &Path,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(ExportProgress) + Send),
) -> AppResult<u64> {
    use rust_xlsxwriter::{Color, ExcelDateTime, Format, Workbook};
    ctx.require(&format!("{}:export", kind.module()))?;
    let zh = ctx.locale == Locale::ZhCn;
    let tz = tz(req);
    let all = cols(kind);
    let chosen: Vec<&Col> = if req.columns.is_empty() {
        all.iter().filter(|c| shown(ctx, c)).collect()
    } else {
        req.columns.iter().filter_map(|k| all.iter().find(|c| c.key == k)).filter(|c| shown(ctx, c)).collect()
    };
    if chosen.is_empty() {
        return Err(AppError::validation("columns", "请至少选择一列", "Choose at least one column"));
    }
    let x = |e: rust_xlsxwriter::XlsxError| AppError::internal(e);
    let mut wb = Workbook::new();
    let head = Format::new().set_bold().set_background_color(Color::RGB(0xF2F2F2));
    let money = Format::new().set_num_format("#,##0.00");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let datetime = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    let pct = Format::new().set_num_format("0%");
    let ws = wb.add_worksheet_with_constant_memory().map_err(x)?;
    ws.set_name(kind.label(zh)).map_err(x)?;
    for (i, col) in chosen.iter().enumerate() {
        let width = match col.ty {
            Ty::Money | Ty::DateTime => 18.0,
            Ty::Date => 12.0,
            Ty::Percent | Ty::Bool | Ty::Enum(_) | Ty::Relation => 10.0,
            Ty::Text => 22.0,
        };
        ws.set_column_width(i as u16, width).map_err(x)?;
        ws.write_string_with_format(0, i as u16, if zh { col.zh } else { col.en }, &head).map_err(x)?;
    }
    ws.set_freeze_panes(1, 0).map_err(x)?;
    let mut row: u32 = 1;
    let mut page = 1u64;
    let mut total;
    loop {
        if cancel.load(Ordering::SeqCst) {
            break;
        }
        let (items, t) = fetch(ctx, kind, &req.filter, tz, PageReq { page, page_size: PAGE }).await?;
        total = t;
        let n = items.len();
        for item in &items {
            for (i, col) in chosen.iter().enumerate() {
                let v = get(item, col.key);
                let ci = i as u16;
                if v.is_null() {
                    continue;
                }
                match col.ty {
                    Ty::Text => {
                        let s = match v {
                            Value::String(s) => s.clone(),
                            other => other.to_string(),
                        };
                        ws.write_string(row, ci, s).map_err(x)?;
                    }
                    Ty::Money => {
                        // Exact decimal text → the nearest double; two decimals are shown
                        // and read back exactly for any amount below 2^53 cents.
                        let f: f64 = v.as_str().and_then(|s| s.parse().ok()).or_else(|| v.as_f64()).unwrap_or(0.0);
                        ws.write_number_with_format(row, ci, f, &money).map_err(x)?;
                    }
                    Ty::Percent => {
                        ws.write_number_with_format(row, ci, v.as_f64().unwrap_or(0.0) / 100.0, &pct).map_err(x)?;
                    }
                    Ty::Bool => {
                        let b = v.as_bool().unwrap_or(false);
                        let s = match (b, zh) {
                            (true, true) => "是",
                            (false, true) => "否",
                            (true, false) => "Yes",
                            (false, false) => "No",
                        };
                        ws.write_string(row, ci, s).map_err(x)?;
                    }
                    Ty::Enum(f) => {
                        let s = v.as_str().unwrap_or_default();
                        ws.write_string(row, ci, f(s, zh).unwrap_or(s)).map_err(x)?;
                    }
                    Ty::Relation => {
                        let s = v.as_str().unwrap_or_default();
                        let l = match (s, zh) {
                            ("lead", true) => "线索",
                            ("lead", false) => "Lead",
                            ("customer", true) => "客户",
                            ("customer", false) => "Customer",
                            _ => s,
                        };
                        ws.write_string(row, ci, l).map_err(x)?;
                    }
                    Ty::Date => {
                        if let Some(d) = v.as_str().and_then(|s| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
                            use chrono::Datelike;
                            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).map_err(x)?;
                            ws.write_datetime_with_format(row, ci, &dt, &date).map_err(x)?;
                        }
                    }
                    Ty::DateTime => {
                        if let Some(t) = v.as_str().and_then(parse_naive) {
                            use chrono::{Datelike, Timelike};
                            let t = t + chrono::Duration::minutes(tz as i64);
                            let dt = ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)
                                .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second() as f64))
                                .map_err(x)?;
                            ws.write_datetime_with_format(row, ci, &dt, &datetime).map_err(x)?;
                        }
                    }
                }
            }
            row += 1;
        }
        progress(ExportProgress { done: (row - 1) as u64, total });
        if (n as u64) < PAGE || (row - 1) as u64 >= total {
            break;
        }
        page += 1;
        tokio::task::yield_now().await;
    }
    let rows = (row - 1) as u64;
    if cancel.load(Ordering::SeqCst) {
        return Ok(rows);
    }
    wb.save(path).map_err(|e| AppError::validation("path", format!("无法写入导出文件:{e}"), format!("Cannot write the export: {e}")))?;
    let mut changes = serde_json::Map::new();
    changes.insert("rows".into(), serde_json::json!(rows));
    changes.insert("columns".into(), serde_json::json!(chosen.iter().map(|c| c.key).collect::<Vec<_>>()));
    changes.insert("filter".into(), req.filter.clone());
    let summary = if zh { format!("导出{} {} 条", kind.label(true), rows) } else { format!("Exported {} {}", rows, kind.label(false).to_lowercase()) };
    oplog::record(&ctx.db, ctx, oplog::Action::Export, kind.table(), 0, changes, Some(summary)).await?;
    Ok(rows)
}

fn parse_naive(s: &str) -> Option<chrono::NaiveDateTime> {
    chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.f").or_else(|_| chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S")).ok()
}

/// Where a finished export lives (for tests and the CLI).
pub fn path_of(r: &ExportResult) -> Option<PathBuf> {
    r.path.as_ref().map(PathBuf::from)
}
