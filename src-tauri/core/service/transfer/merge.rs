//! Merge mode: a local CRM into a company database that already holds data.
//!
//! Every row gets a new id in the company database and every reference follows it:
//! customer → contacts → follow-ups → opportunities → quotations → contracts → plans →
//! receipts → invoices, and the polymorphic ones (a follow-up's lead or customer, an
//! attachment's or a log entry's record, a sales target's user or department, a user's
//! role list, an opportunity's product list).
//!
//! - **Matched, not copied**: roles, lead pools (by name), departments and product
//!   categories (by name under the same parent), users (by username, or as the caller maps
//!   them). Their local ids are rewritten to the company's rows.
//! - **Duplicates** (the import's rules): leads by phone digits, customers by exact name or
//!   their first contact's phone, contacts by (customer, phone) under a matched customer,
//!   products by name, sales targets by their unique key. A duplicate is not copied; what
//!   hangs under it attaches to the company's record, and it is listed in the report.
//! - **Kept as the company has them**: settings, numbering rules and counters.
//! - **Numbers** (quotation, contract, receipt, invoice, work order) that the company
//!   already uses are renumbered with the company's own rule, and listed.
//! - New ids are a dense block above each table's highest id, taken under a lock
//!   (`SELECT MAX(id) … FOR UPDATE`), so a concurrent writer waits rather than collides.
//! - One transaction: a failure or a cancel leaves the company database as it was.
//! - Verification after the commit: the rows as written (after remapping) against the rows
//!   read back from the company database (count, money sums, checksum), and a query per
//!   reference that finds no orphan among the merged rows.

use super::{digest_scan, ensure_target, insert, qi, snapshot, specs_of, v, Acc, Scanner, TableCheck, TableDigest, TableSpec, TransferReport, CHUNK};
use crate::error::{AppError, AppResult};
use crate::service::numbering::{self, DocType};
use crate::service::util;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, QueryResult, Statement, TransactionTrait, Value};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

const U: &str = "sys_user";

/// Every reference column: (table, column, the table it points at).
const FKS: &[(&str, &str, &str)] = &[
    ("crm_contact", "customer_id", "crm_customer"),
    ("crm_contract", "customer_id", "crm_customer"),
    ("crm_contract", "opportunity_id", "crm_opportunity"),
    ("crm_contract", "quotation_id", "crm_quotation"),
    ("crm_contract", "created_by", U),
    ("crm_contract", "approved_by", U),
    ("crm_contract_item", "contract_id", "crm_contract"),
    ("crm_contract_item", "product_id", "crm_product"),
    ("crm_customer", "source_lead_id", "crm_lead"),
    ("crm_customer", "activity_id", "crm_marketing_activity"),
    ("crm_customer_segment", "created_by", U),
    ("crm_customer_tag", "created_by", U),
    ("crm_customer_tag_link", "tag_id", "crm_customer_tag"),
    ("crm_customer_tag_link", "customer_id", "crm_customer"),
    ("crm_customer_tag_link", "created_by", U),
    ("crm_customer", "owner_id", U),
    ("crm_customer", "created_by", U),
    ("crm_customer_session", "customer_id", "crm_customer"),
    ("crm_customer_session", "contact_id", "crm_contact"),
    ("crm_customer_session", "created_by", U),
    ("crm_follow_up", "created_by", U),
    ("crm_invoice", "contract_id", "crm_contract"),
    ("crm_invoice", "payment_id", "crm_payment_record"),
    ("crm_invoice", "created_by", U),
    ("crm_invoice", "request_id", "crm_invoice_request"),
    ("crm_invoice_request", "contract_id", "crm_contract"),
    ("crm_invoice_request", "requested_by", U),
    ("crm_invoice_request", "handled_by", U),
    ("crm_invoice_request", "invoice_id", "crm_invoice"),
    ("crm_lead", "owner_id", U),
    ("crm_lead", "pool_id", "crm_lead_pool"),
    ("crm_lead", "activity_id", "crm_marketing_activity"),
    ("crm_lead", "created_by", U),
    ("crm_marketing_activity", "created_by", U),
    ("crm_opportunity", "customer_id", "crm_customer"),
    ("crm_opportunity", "owner_id", U),
    ("crm_payment_plan", "contract_id", "crm_contract"),
    ("crm_payment_record", "contract_id", "crm_contract"),
    ("crm_payment_record", "plan_id", "crm_payment_plan"),
    ("crm_payment_record", "created_by", U),
    ("crm_payment_record", "confirmed_by", U),
    ("crm_payment_record", "reverses_id", "crm_payment_record"),
    ("crm_product", "category_id", "crm_product_category"),
    ("crm_product_category", "parent_id", "crm_product_category"),
    ("crm_quotation", "opportunity_id", "crm_opportunity"),
    ("crm_quotation", "customer_id", "crm_customer"),
    ("crm_quotation", "created_by", U),
    ("crm_quotation_item", "quotation_id", "crm_quotation"),
    ("crm_quotation_item", "product_id", "crm_product"),
    ("crm_return_visit", "customer_id", "crm_customer"),
    ("crm_return_visit", "contract_id", "crm_contract"),
    ("crm_return_visit", "created_by", U),
    ("crm_sales_target", "updated_by", U),
    ("crm_sms_marketing", "template_id", "crm_sms_template"),
    ("crm_sms_marketing", "activity_id", "crm_marketing_activity"),
    ("crm_sms_marketing", "created_by", U),
    ("crm_sms_template", "created_by", U),
    ("crm_sms_send_detail", "marketing_id", "crm_sms_marketing"),
    ("crm_sms_send_detail", "customer_id", "crm_customer"),
    ("crm_sms_optout", "created_by", U),
    ("crm_visit_plan", "customer_id", "crm_customer"),
    ("crm_visit_plan", "created_by", U),
    ("crm_work_order", "customer_id", "crm_customer"),
    ("crm_work_order", "contact_id", "crm_contact"),
    ("crm_work_order", "contract_id", "crm_contract"),
    ("crm_work_order", "assignee_id", U),
    ("crm_work_order", "created_by", U),
    ("crm_work_order", "return_visit_id", "crm_return_visit"),
    ("crm_work_order_event", "work_order_id", "crm_work_order"),
    ("crm_work_order_event", "assignee_id", U),
    ("crm_work_order_event", "actor_id", U),
    ("sys_attachment", "created_by", U),
    ("sys_dept", "parent_id", "sys_dept"),
    ("sys_operation_log", "user_id", U),
    ("sys_user", "dept_id", "sys_dept"),
    ("sys_user", "supervisor_id", U),
];

/// Reference-like columns handled by hand (polymorphic or lists), so the guard below knows them.
const SPECIAL: &[(&str, &str)] = &[
    ("crm_follow_up", "relation_id"),
    ("sys_attachment", "entity_id"),
    ("sys_operation_log", "entity_id"),
    ("crm_sales_target", "target_ref"),
    ("sys_user", "role_ids"),
    ("crm_opportunity", "product_ids"),
    ("crm_sms_marketing", "target_id"),
    // Not a reference: the SMS provider's message id.
    ("crm_sms_send_detail", "provider_msg_id"),
];

/// Tables whose company rows stay as they are; the local ones are not copied. The search
/// tokens of the merged records are written for their new ids instead.
const KEPT: &[&str] = &["sys_setting", "sys_number_rule", "sys_number_counter", "crm_search_token"];

/// Document numbers that are unique in the company database.
const NUMBERS: &[(&str, &str, DocType)] = &[
    ("crm_quotation", "quotation_no", DocType::Quotation),
    ("crm_contract", "contract_no", DocType::Contract),
    ("crm_payment_record", "payment_no", DocType::Payment),
    ("crm_invoice", "invoice_no", DocType::Invoice),
    ("crm_work_order", "order_no", DocType::WorkOrder),
];

/// Duplicates listed in the report at most (all are counted per table).
const MAX_LISTED: usize = 1000;

/// How local users become company users.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeOptions {
    /// Local username → company username. Users not listed are matched by username, or
    /// created when the company has no such username.
    #[ts(type = "Record<string, string>")]
    #[serde(default)]
    pub user_map: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserBrief {
    pub id: i64,
    pub username: String,
    pub full_name: String,
}

/// What became of a local user.
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct UserMatch {
    pub local: UserBrief,
    /// The company user it became (None: created as a new company user).
    #[ts(optional = nullable)]
    pub company: Option<UserBrief>,
    /// Mapped by the caller (not by the same username).
    pub chosen: bool,
}

/// Why a local record was taken as a company record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum DupRule {
    /// Same name (customers, products).
    Name,
    /// Same phone digits (leads).
    Phone,
    /// The first contact's phone is a company contact's (customers).
    ContactPhone,
    /// Same phone under the same (matched) customer (contacts).
    CustomerPhone,
    /// Same unique key (sales targets: who, year, month).
    Key,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeDuplicate {
    pub table: String,
    pub source_id: i64,
    pub label: String,
    pub target_id: i64,
    pub rule: DupRule,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Renumbered {
    pub table: String,
    pub source_id: i64,
    pub from: String,
    pub to: String,
}

/// One table: what the local database had, and what became of it.
#[derive(Clone, Debug, Default, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeTable {
    pub table: String,
    pub source_rows: u64,
    /// Copied as new rows.
    pub inserted: u64,
    /// Taken as existing company rows (matched or duplicates).
    pub matched: u64,
    /// The company's rows were kept (settings, numbering).
    pub kept_company: bool,
}

/// Merged rows whose reference points at nothing (must be none).
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Orphans {
    pub table: String,
    pub column: String,
    pub rows: u64,
}

#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct MergeReport {
    /// The rows as written against the rows read back (verified also needs no orphans).
    pub check: TransferReport,
    pub tables: Vec<MergeTable>,
    pub users: Vec<UserMatch>,
    /// Duplicates (the first 1,000; `tables` counts them all).
    pub duplicates: Vec<MergeDuplicate>,
    pub renumbered: Vec<Renumbered>,
    pub orphans: Vec<Orphans>,
    /// Local references to records that no longer exist locally (written as empty).
    pub dangling: u64,
}

impl MergeReport {
    /// Plain text for the CLI: users, what was matched, duplicates, renumbered documents,
    /// orphans, then the verification table.
    pub fn render(&self) -> String {
        let mut s = String::from("users / 用户:\n");
        for u in &self.users {
            match &u.company {
                Some(c) => s.push_str(&format!("  {} -> {} ({})\n", u.local.username, c.username, if u.chosen { "mapped" } else { "same username" })),
                None => s.push_str(&format!("  {} -> new user\n", u.local.username)),
            }
        }
        s.push_str(&format!("{:<28} {:>9} {:>9} {:>9}\n", "table", "local", "copied", "matched"));
        for t in &self.tables {
            let note = if t.kept_company { "   company's kept" } else { "" };
            s.push_str(&format!("{:<28} {:>9} {:>9} {:>9}{note}\n", t.table, t.source_rows, t.inserted, t.matched));
        }
        let dups: u64 = self
            .tables
            .iter()
            .filter(|t| ["crm_lead", "crm_customer", "crm_contact", "crm_product", "crm_sales_target"].contains(&t.table.as_str()))
            .map(|t| t.matched)
            .sum();
        s.push_str(&format!("duplicates / 重复: {dups}\n"));
        for d in self.duplicates.iter().take(20) {
            s.push_str(&format!("  {} #{} {} = company #{} ({:?})\n", d.table, d.source_id, d.label, d.target_id, d.rule));
        }
        s.push_str(&format!("renumbered / 重新编号: {}\n", self.renumbered.len()));
        for r in self.renumbered.iter().take(20) {
            s.push_str(&format!("  {} {} -> {}\n", r.table, r.from, r.to));
        }
        if self.dangling > 0 {
            s.push_str(&format!("references to records missing locally (left empty): {}\n", self.dangling));
        }
        for o in &self.orphans {
            s.push_str(&format!("ORPHANS {}.{}: {}\n", o.table, o.column, o.rows));
        }
        s.push_str(&self.check.render());
        s
    }
}

/// What the wizard shows before a move: whether the company database is empty, and the
/// users on both sides (for the user mapping of a merge).
#[derive(Clone, Debug, Serialize, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct TransferPlan {
    pub empty: bool,
    /// Business tables holding rows in the company database, with their counts.
    pub target_rows: Vec<(String, u64)>,
    pub local_users: Vec<UserBrief>,
    pub company_users: Vec<UserBrief>,
}

async fn all<C: ConnectionTrait>(db: &C, sql: impl Into<String>) -> AppResult<Vec<QueryResult>> {
    Ok(db.query_all_raw(Statement::from_string(db.get_database_backend(), sql.into())).await?)
}
fn gi(r: &QueryResult, i: usize) -> i64 {
    r.try_get_by_index::<Option<i64>>(i).ok().flatten().unwrap_or(0)
}
fn gs(r: &QueryResult, i: usize) -> String {
    r.try_get_by_index::<Option<String>>(i).ok().flatten().unwrap_or_default()
}

async fn users_of<C: ConnectionTrait>(db: &C) -> AppResult<Vec<UserBrief>> {
    Ok(all(db, "SELECT id, username, full_name FROM sys_user ORDER BY id")
        .await?
        .iter()
        .map(|r| UserBrief { id: gi(r, 0), username: gs(r, 1), full_name: gs(r, 2) })
        .collect())
}

/// The plan of a move from `source` into `target` (nothing is written).
pub async fn plan(source: &Path, target: &DatabaseConnection) -> AppResult<TransferPlan> {
    ensure_target(target).await?;
    let src = super::open_source(source).await?;
    let local_users = users_of(&src).await;
    src.close().await.ok();
    let mut target_rows = vec![];
    for (t, _) in super::target_tables(target).await? {
        if t == "seaql_migrations" || super::SEEDED.contains(&t.as_str()) {
            continue;
        }
        let n = super::count(target, &t).await?;
        if n > 0 {
            target_rows.push((t, n));
        }
    }
    Ok(TransferPlan { empty: target_rows.is_empty(), target_rows, local_users: local_users?, company_users: users_of(target).await? })
}

/// Local id → company id, per table.
#[derive(Default)]
struct Maps {
    ids: HashMap<&'static str, HashMap<i64, i64>>,
    /// Local ids taken as existing company rows (not copied).
    matched: HashMap<&'static str, HashSet<i64>>,
    /// The new ids given (first, last).
    ranges: HashMap<&'static str, (i64, i64)>,
}

impl Maps {
    fn get(&self, table: &str, id: i64) -> Option<i64> {
        self.ids.get(table).and_then(|m| m.get(&id)).copied()
    }
    fn is_matched(&self, table: &str, id: i64) -> bool {
        self.matched.get(table).is_some_and(|m| m.contains(&id))
    }
    /// Local ids in `ids` order: the matched ones as given, the rest a dense block above
    /// the company's highest id (locked until the commit).
    async fn alloc<C: ConnectionTrait>(&mut self, txn: &C, table: &'static str, ids: &[i64], matched: HashMap<i64, i64>) -> AppResult<()> {
        let t = qi(table, DatabaseBackend::MySql);
        let max = all(txn, format!("SELECT COALESCE(MAX(id), 0) FROM {t} FOR UPDATE")).await?.first().map(|r| gi(r, 0)).unwrap_or(0);
        let mut next = max;
        let mut m = matched.clone();
        for id in ids {
            if !matched.contains_key(id) {
                next += 1;
                m.insert(*id, next);
            }
        }
        if next > max {
            self.ranges.insert(table, (max + 1, next));
        }
        self.matched.insert(table, matched.into_keys().collect());
        self.ids.insert(table, m);
        Ok(())
    }
}

fn static_name(table: &str) -> Option<&'static str> {
    FKS.iter()
        .flat_map(|(t, _, r)| [*t, *r])
        .chain(NUMBERS.iter().map(|(t, _, _)| *t))
        .chain(SPECIAL.iter().map(|(t, _)| *t))
        .chain(TABLES.iter().copied())
        .chain(KEPT.iter().copied())
        .find(|t| *t == table)
}

/// Tables with nothing pointing in or out (still remapped).
const TABLES: &[&str] = &["sys_role", "crm_lead_pool", "crm_sms_template"];

/// A tree (departments, categories): local id → the company id of the same name under
/// the same (matched) parent.
fn match_tree(local: &[(i64, String, i64)], company: &[(i64, String, i64)]) -> HashMap<i64, i64> {
    let by_key: HashMap<(String, i64), i64> = company.iter().map(|(id, n, p)| ((n.clone(), *p), *id)).collect();
    let parent: HashMap<i64, (String, i64)> = local.iter().map(|(id, n, p)| (*id, (n.clone(), *p))).collect();
    fn go(
        id: i64,
        parent: &HashMap<i64, (String, i64)>,
        by_key: &HashMap<(String, i64), i64>,
        memo: &mut HashMap<i64, Option<i64>>,
        depth: u32,
    ) -> Option<i64> {
        if let Some(m) = memo.get(&id) {
            return *m;
        }
        let (name, p) = parent.get(&id)?;
        let tp = if *p == 0 {
            Some(0)
        } else if depth > 64 {
            None
        } else {
            go(*p, parent, by_key, memo, depth + 1)
        };
        let r = tp.and_then(|tp| by_key.get(&(name.clone(), tp)).copied());
        memo.insert(id, r);
        r
    }
    let mut memo = HashMap::new();
    local.iter().filter_map(|(id, _, _)| go(*id, &parent, &by_key, &mut memo, 0).map(|t| (*id, t))).collect()
}

fn tree_rows(rows: &[QueryResult]) -> Vec<(i64, String, i64)> {
    rows.iter().map(|r| (gi(r, 0), gs(r, 1), gi(r, 2))).collect()
}

/// Merge a local SQLite database into a company database that may hold data, then verify.
pub async fn merge_into(
    source: &Path,
    target: &DatabaseConnection,
    opts: &MergeOptions,
    cancel: &AtomicBool,
    progress: &mut (dyn FnMut(&str, u64) + Send),
) -> AppResult<MergeReport> {
    let started = std::time::Instant::now();
    ensure_target(target).await?;
    let tmp = tempfile::Builder::new().prefix("crm-merge-").tempdir().map_err(AppError::internal)?;
    let src = snapshot(source, tmp.path()).await?;
    let specs = specs_of(&src, target).await?;
    // A column that looks like a reference and is not known here would be copied unmapped:
    // refuse instead (a newer schema needs this list updated).
    for s in &specs {
        if KEPT.contains(&s.name.as_str()) {
            continue;
        }
        for (c, _) in &s.cols {
            let looks = c.ends_with("_id") || c.ends_with("_by") || c.ends_with("_ids");
            let known = FKS.iter().any(|(t, col, _)| *t == s.name && col == c) || SPECIAL.iter().any(|(t, col)| *t == s.name && col == c);
            if looks && !known {
                return Err(AppError::internal(format!("merge: unknown reference column {}.{c}", s.name)));
            }
        }
        if static_name(&s.name).is_none() {
            return Err(AppError::internal(format!("merge: unknown table {}", s.name)));
        }
    }
    let txn = target.begin().await?;
    // Invoices and invoice requests point at each other; every reference is remapped below.
    txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 0").await?;
    let mut maps = Maps::default();
    let mut dups: Vec<MergeDuplicate> = vec![];
    let mut dup = |table: &str, source_id: i64, label: String, target_id: i64, rule: DupRule| {
        if dups.len() < MAX_LISTED {
            dups.push(MergeDuplicate { table: table.to_string(), source_id, label, target_id, rule });
        }
    };
    let ids_of = |rows: &[QueryResult]| rows.iter().map(|r| gi(r, 0)).collect::<Vec<_>>();

    // Roles, lead pools, customer tags and segments by name.
    for (table, col) in [
        ("sys_role", "role_name"),
        ("crm_lead_pool", "pool_name"),
        ("crm_customer_tag", "tag_name"),
        ("crm_customer_segment", "segment_name"),
        ("crm_sms_optout", "phone"),
    ] {
        let company: HashMap<String, i64> = all(&txn, format!("SELECT id, {col} FROM {table}")).await?.iter().map(|r| (gs(r, 1), gi(r, 0))).collect();
        let local = all(&src, format!("SELECT id, {col} FROM {table} ORDER BY id")).await?;
        let matched = local.iter().filter_map(|r| company.get(&gs(r, 1)).map(|t| (gi(r, 0), *t))).collect();
        maps.alloc(&txn, table, &ids_of(&local), matched).await?;
    }
    // Departments and categories by name under the same parent.
    for (table, col) in [("sys_dept", "dept_name"), ("crm_product_category", "category_name")] {
        let sql = format!("SELECT id, {col}, COALESCE(parent_id, 0) FROM {table} ORDER BY id");
        let local = all(&src, sql.clone()).await?;
        let company = all(&txn, sql).await?;
        let matched = match_tree(&tree_rows(&local), &tree_rows(&company));
        maps.alloc(&txn, table, &ids_of(&local), matched).await?;
    }
    // Users: as mapped, else by username, else created.
    let local_users = users_of(&src).await?;
    let company_users = users_of(&txn).await?;
    for (l, c) in &opts.user_map {
        if !local_users.iter().any(|u| &u.username == l) {
            return Err(AppError::validation("userMap", format!("本地没有用户 {l}"), format!("There is no local user {l}")));
        }
        if !company_users.iter().any(|u| &u.username == c) {
            return Err(AppError::validation("userMap", format!("公司数据库没有用户 {c}"), format!("The company database has no user {c}")));
        }
    }
    let mut users = vec![];
    let mut matched = HashMap::new();
    for u in &local_users {
        let chosen = opts.user_map.get(&u.username);
        let company = company_users.iter().find(|c| &c.username == chosen.unwrap_or(&u.username)).cloned();
        if let Some(c) = &company {
            matched.insert(u.id, c.id);
        }
        users.push(UserMatch { local: u.clone(), company, chosen: chosen.is_some_and(|c| c != &u.username) });
    }
    let user_ids: Vec<i64> = local_users.iter().map(|u| u.id).collect();
    maps.alloc(&txn, U, &user_ids, matched).await?;
    // Products by name.
    {
        let company: HashMap<String, i64> = all(&txn, "SELECT id, product_name FROM crm_product").await?.iter().map(|r| (gs(r, 1), gi(r, 0))).collect();
        let local = all(&src, "SELECT id, product_name FROM crm_product ORDER BY id").await?;
        let mut matched = HashMap::new();
        for r in &local {
            if let Some(t) = company.get(&gs(r, 1)) {
                matched.insert(gi(r, 0), *t);
                dup("crm_product", gi(r, 0), gs(r, 1), *t, DupRule::Name);
            }
        }
        maps.alloc(&txn, "crm_product", &ids_of(&local), matched).await?;
    }
    // Leads by phone digits.
    {
        let company: HashMap<String, i64> = all(&txn, "SELECT id, phone FROM crm_lead WHERE phone IS NOT NULL")
            .await?
            .iter()
            .map(|r| (util::phone_digits(&gs(r, 1)), gi(r, 0)))
            .filter(|(k, _)| !k.is_empty())
            .collect();
        let local = all(&src, "SELECT id, phone, lead_name FROM crm_lead ORDER BY id").await?;
        let mut matched = HashMap::new();
        for r in &local {
            let k = util::phone_digits(&gs(r, 1));
            if let Some(t) = company.get(&k).filter(|_| !k.is_empty()) {
                matched.insert(gi(r, 0), *t);
                dup("crm_lead", gi(r, 0), format!("{} {}", gs(r, 2), gs(r, 1)), *t, DupRule::Phone);
            }
        }
        maps.alloc(&txn, "crm_lead", &ids_of(&local), matched).await?;
    }
    // Customers by exact name, or their first contact's phone among the company's contacts.
    {
        let by_name: HashMap<String, i64> = all(&txn, "SELECT id, customer_name FROM crm_customer").await?.iter().map(|r| (gs(r, 1), gi(r, 0))).collect();
        let mut by_phone: HashMap<String, i64> = HashMap::new();
        for r in all(&txn, "SELECT customer_id, phone FROM crm_contact ORDER BY id").await? {
            let k = util::phone_digits(&gs(&r, 1));
            if !k.is_empty() {
                by_phone.entry(k).or_insert(gi(&r, 0));
            }
        }
        let mut first_phone: HashMap<i64, String> = HashMap::new();
        for r in all(&src, "SELECT customer_id, phone FROM crm_contact ORDER BY id").await? {
            first_phone.entry(gi(&r, 0)).or_insert(gs(&r, 1));
        }
        let local = all(&src, "SELECT id, customer_name FROM crm_customer ORDER BY id").await?;
        let mut matched = HashMap::new();
        for r in &local {
            let (id, name) = (gi(r, 0), gs(r, 1));
            if let Some(t) = by_name.get(&name) {
                matched.insert(id, *t);
                dup("crm_customer", id, name, *t, DupRule::Name);
            } else if let Some((p, t)) =
                first_phone.get(&id).map(|p| (p, util::phone_digits(p))).filter(|(_, k)| !k.is_empty()).and_then(|(p, k)| by_phone.get(&k).map(|t| (p, *t)))
            {
                matched.insert(id, t);
                dup("crm_customer", id, format!("{name} {p}"), t, DupRule::ContactPhone);
            }
        }
        maps.alloc(&txn, "crm_customer", &ids_of(&local), matched).await?;
    }
    // Contacts: under a matched customer, the same phone is the same contact; two local
    // contacts landing on one company customer with one phone become one.
    {
        let targets: HashSet<i64> = maps.matched.get("crm_customer").into_iter().flatten().filter_map(|id| maps.get("crm_customer", *id)).collect();
        let mut taken: HashMap<(i64, String), i64> = HashMap::new();
        if !targets.is_empty() {
            let list = targets.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",");
            for r in all(&txn, format!("SELECT id, customer_id, phone FROM crm_contact WHERE customer_id IN ({list})")).await? {
                taken.insert((gi(&r, 1), util::phone_digits(&gs(&r, 2))), gi(&r, 0));
            }
        }
        let local = all(&src, "SELECT id, customer_id, phone, contact_name FROM crm_contact ORDER BY id").await?;
        let max = all(&txn, "SELECT COALESCE(MAX(id), 0) FROM crm_contact FOR UPDATE").await?.first().map(|r| gi(r, 0)).unwrap_or(0);
        let (mut m, mut matched, mut next) = (HashMap::new(), HashSet::new(), max);
        for r in &local {
            let id = gi(r, 0);
            let cust = maps.get("crm_customer", gi(r, 1)).unwrap_or(0);
            let key = (cust, util::phone_digits(&gs(r, 2)));
            if let Some(t) = taken.get(&key).filter(|_| !key.1.is_empty()) {
                m.insert(id, *t);
                matched.insert(id);
                dup("crm_contact", id, format!("{} {}", gs(r, 3), gs(r, 2)), *t, DupRule::CustomerPhone);
            } else {
                next += 1;
                m.insert(id, next);
                if targets.contains(&cust) {
                    taken.insert(key, next);
                }
            }
        }
        if next > max {
            maps.ranges.insert("crm_contact", (max + 1, next));
        }
        maps.ids.insert("crm_contact", m);
        maps.matched.insert("crm_contact", matched);
    }
    // Sales targets: one per (kind, who, year, month); the company's stays.
    {
        // The company's rows as they are; the local ones with their user or department mapped.
        let key = |r: &QueryResult, m: Option<&Maps>| -> (i64, i64, i64, i64) {
            let (kind, who) = (gi(r, 1), gi(r, 2));
            let who = match m {
                Some(m) => m.get(if kind == 2 { "sys_dept" } else { U }, who).unwrap_or(0),
                None => who,
            };
            (kind, who, gi(r, 3), gi(r, 4))
        };
        let sql = "SELECT id, target_type, target_ref, target_year, target_month FROM crm_sales_target ORDER BY id";
        let mut taken: HashMap<(i64, i64, i64, i64), i64> = all(&txn, sql).await?.iter().map(|r| (key(r, None), gi(r, 0))).collect();
        let local = all(&src, sql).await?;
        let max = all(&txn, "SELECT COALESCE(MAX(id), 0) FROM crm_sales_target FOR UPDATE").await?.first().map(|r| gi(r, 0)).unwrap_or(0);
        let (mut m, mut matched, mut next) = (HashMap::new(), HashSet::new(), max);
        for r in &local {
            let id = gi(r, 0);
            let k = key(r, Some(&maps));
            if let Some(t) = taken.get(&k) {
                m.insert(id, *t);
                matched.insert(id);
                dup("crm_sales_target", id, format!("{}-{:02}", k.2, k.3), *t, DupRule::Key);
            } else {
                next += 1;
                m.insert(id, next);
                taken.insert(k, next);
            }
        }
        if next > max {
            maps.ranges.insert("crm_sales_target", (max + 1, next));
        }
        maps.ids.insert("crm_sales_target", m);
        maps.matched.insert("crm_sales_target", matched);
    }
    // Everything else: new rows.
    for s in &specs {
        let Some(name) = static_name(&s.name) else { continue };
        if KEPT.contains(&name) || maps.ids.contains_key(name) {
            continue;
        }
        let local = all(&src, format!("SELECT id FROM {} ORDER BY id", qi(name, DatabaseBackend::Sqlite))).await?;
        maps.alloc(&txn, name, &ids_of(&local), HashMap::new()).await?;
    }

    // Numbers the company already uses (and every local one, so a new number is free).
    let mut company_numbers: HashMap<&str, HashSet<String>> = HashMap::new();
    let mut used_numbers: HashMap<&str, HashSet<String>> = HashMap::new();
    for (table, col, _) in NUMBERS {
        let company: HashSet<String> = all(&txn, format!("SELECT {col} FROM {table}")).await?.iter().map(|r| gs(r, 0)).collect();
        let mut used = company.clone();
        used.extend(all(&src, format!("SELECT {col} FROM {table}")).await?.iter().map(|r| gs(r, 0)));
        company_numbers.insert(table, company);
        used_numbers.insert(table, used);
    }
    let nullable: HashSet<(String, String)> =
        all(&txn, "SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND IS_NULLABLE = 'YES'")
            .await?
            .iter()
            .map(|r| (gs(r, 0), gs(r, 1)))
            .collect();

    // A customer's tag once: the company's links, and those written so far.
    let mut tag_links: HashSet<(i64, i64)> =
        all(&txn, "SELECT tag_id, customer_id FROM crm_customer_tag_link").await?.iter().map(|r| (gi(r, 0), gi(r, 1))).collect();

    // Copy, remapping every row.
    let mut tables = vec![];
    let mut written: BTreeMap<String, TableDigest> = BTreeMap::new();
    let mut renumbered = vec![];
    let mut dangling = 0u64;
    let mut total = 0u64;
    let cancelled = || AppError::validation("transfer", "迁移已取消,公司数据库未做任何改动", "The transfer was cancelled; the company database is unchanged");
    for s in &specs {
        if cancel.load(Ordering::SeqCst) {
            return Err(cancelled());
        }
        let name = static_name(&s.name).unwrap_or("");
        let mut mt = MergeTable { table: s.name.clone(), kept_company: KEPT.contains(&name), ..Default::default() };
        if mt.kept_company {
            mt.source_rows = super::count(&src, &s.name).await?;
            tables.push(mt);
            continue;
        }
        let pos = |c: &str| s.cols.iter().position(|(n, _)| n == c);
        let id_pos = pos("id");
        let fks: Vec<(usize, &str, bool)> = FKS
            .iter()
            .filter(|(t, _, _)| *t == name)
            .filter_map(|(_, c, r)| pos(c).map(|p| (p, *r, nullable.contains(&(name.to_string(), c.to_string())))))
            .collect();
        let number = NUMBERS.iter().find(|(t, _, _)| *t == name).and_then(|(_, c, d)| pos(c).map(|p| (p, *d)));
        let created = pos("created_at");
        let t = qi(&s.name, DatabaseBackend::MySql);
        let cols = s.cols.iter().map(|(c, _)| qi(c, DatabaseBackend::MySql)).collect::<Vec<_>>().join(", ");
        let one = format!("({})", vec!["?"; s.cols.len()].join(", "));
        let mut acc = Acc::default();
        let mut sc = Scanner::new(s);
        while let Some(chunk) = sc.next(&src).await? {
            if cancel.load(Ordering::SeqCst) {
                return Err(cancelled());
            }
            let mut out = Vec::with_capacity(chunk.len());
            for mut row in chunk {
                mt.source_rows += 1;
                let old = match id_pos.map(|p| &row[p]) {
                    Some(Value::BigInt(Some(i))) => *i,
                    _ => 0,
                };
                if maps.is_matched(name, old) {
                    mt.matched += 1;
                    continue;
                }
                if let Some(p) = id_pos {
                    row[p] = Value::BigInt(maps.get(name, old));
                }
                for (p, r, null) in &fks {
                    if let Value::BigInt(Some(x)) = row[*p] {
                        if x != 0 {
                            row[*p] = match maps.get(r, x) {
                                Some(n) => Value::BigInt(Some(n)),
                                None => {
                                    dangling += 1;
                                    Value::BigInt(if *null { None } else { Some(0) })
                                }
                            };
                        }
                    }
                }
                special(name, s, &mut row, &maps, &mut dangling);
                if name == "crm_customer_tag_link" {
                    let id_at = |c: &str| match s.cols.iter().position(|(n, _)| n == c).map(|p| &row[p]) {
                        Some(Value::BigInt(Some(x))) => *x,
                        _ => 0,
                    };
                    if !tag_links.insert((id_at("tag_id"), id_at("customer_id"))) {
                        mt.matched += 1;
                        continue;
                    }
                }
                if let Some((p, doc)) = number {
                    if let Value::String(Some(no)) = &row[p] {
                        if company_numbers.get(name).is_some_and(|c| c.contains(no)) {
                            let at = match created.map(|c| &row[c]) {
                                Some(Value::ChronoDateTime(Some(at))) => *at,
                                _ => util::now(),
                            };
                            let mut fresh = numbering::next_at(&txn, doc, at).await?;
                            let mut guard = 0;
                            while used_numbers.get(name).is_some_and(|set| set.contains(&fresh)) && guard < 100_000 {
                                fresh = numbering::next_at(&txn, doc, at).await?;
                                guard += 1;
                            }
                            if let Some(set) = used_numbers.get_mut(name) {
                                set.insert(fresh.clone());
                            }
                            renumbered.push(Renumbered { table: s.name.clone(), source_id: old, from: no.clone(), to: fresh.clone() });
                            row[p] = Value::String(Some(fresh));
                        }
                    }
                }
                acc.add(s, &row);
                out.push(row);
            }
            mt.inserted += out.len() as u64;
            let mut it = out.into_iter().peekable();
            while it.peek().is_some() {
                insert(&txn, &t, &cols, &one, it.by_ref().take(CHUNK).collect()).await?;
            }
        }
        total += mt.inserted;
        progress(&s.name, mt.inserted);
        written.insert(s.name.clone(), acc.digest(&s.name));
        tables.push(mt);
    }
    for kind in super::super::search_index::Kind::ALL {
        if let Some(m) = maps.ids.get(kind.source().0) {
            let ids: Vec<i64> = m.values().copied().collect();
            super::super::search_index::sync(&txn, kind, &ids).await?;
        }
    }
    txn.execute_unprepared("SET FOREIGN_KEY_CHECKS = 1").await?;
    txn.commit().await.map_err(v)?;
    src.close().await.ok();

    // Verify: read the merged rows back, and look for orphans among them.
    let mut checks = vec![];
    for s in &specs {
        let Some(w) = written.remove(&s.name) else { continue };
        let name = static_name(&s.name).unwrap_or("");
        let read = match maps.ranges.get(name) {
            Some((a, b)) => digest_scan(target, s, Scanner::filtered(s, format!("id BETWEEN {a} AND {b}"))).await?,
            None => Acc::default().digest(&s.name),
        };
        checks.push(TableCheck { equal: w == read, source: w, target: read });
    }
    let orphans = orphans(target, &maps).await?;
    let verified = checks.iter().all(|c| c.equal) && orphans.is_empty();
    let check = TransferReport { tables: checks, rows: total, millis: started.elapsed().as_millis(), verified };
    Ok(MergeReport { check, tables, users, duplicates: dups, renumbered, orphans, dangling })
}

/// The polymorphic and list references of one row.
fn special(table: &str, s: &TableSpec, row: &mut [Value], maps: &Maps, dangling: &mut u64) {
    let pos = |c: &str| s.cols.iter().position(|(n, _)| n == c);
    let text = |row: &[Value], p: Option<usize>| match p.map(|p| &row[p]) {
        Some(Value::String(Some(x))) => x.clone(),
        _ => String::new(),
    };
    // (type column, id column, type → table, count a miss as dangling)
    let poly: Option<(&str, &str, bool)> = match table {
        "crm_follow_up" => Some(("relation_type", "relation_id", true)),
        "sys_attachment" => Some(("entity_type", "entity_id", true)),
        "sys_operation_log" => Some(("entity_type", "entity_id", false)),
        _ => None,
    };
    if let Some((tc, ic, count)) = poly {
        let kind = text(row, pos(tc));
        let target = match kind.as_str() {
            "lead" => Some("crm_lead"),
            "customer" => Some("crm_customer"),
            k => static_name(k),
        };
        if let (Some(target), Some(p)) = (target, pos(ic)) {
            if let Value::BigInt(Some(x)) = row[p] {
                if x != 0 {
                    row[p] = Value::BigInt(Some(maps.get(target, x).unwrap_or_else(|| {
                        if count {
                            *dangling += 1;
                        }
                        0
                    })));
                }
            }
        }
    }
    if table == "crm_sales_target" {
        if let (Some(tp), Some(rp)) = (pos("target_type"), pos("target_ref")) {
            let kind = match row[tp] {
                Value::BigInt(Some(k)) => k,
                _ => 1,
            };
            if let Value::BigInt(Some(x)) = row[rp] {
                row[rp] = Value::BigInt(Some(maps.get(if kind == 2 { "sys_dept" } else { U }, x).unwrap_or_else(|| {
                    *dangling += 1;
                    0
                })));
            }
        }
    }
    if table == "crm_sms_marketing" {
        // The campaign's target is a tag or a segment, by `target_kind`.
        let kind = text(row, pos("target_kind"));
        let target = match kind.as_str() {
            "tag" => Some("crm_customer_tag"),
            "segment" => Some("crm_customer_segment"),
            _ => None,
        };
        if let (Some(target), Some(p)) = (target, pos("target_id")) {
            if let Value::BigInt(Some(x)) = row[p] {
                row[p] = Value::BigInt(maps.get(target, x).or_else(|| {
                    *dangling += 1;
                    None
                }));
            }
        }
    }
    if table == "crm_customer_segment" {
        // The rule names tags and an activity by id.
        if let Some(p) = pos("rule") {
            if let Value::String(Some(x)) = &row[p] {
                if let Ok(serde_json::Value::Object(mut rule)) = serde_json::from_str::<serde_json::Value>(x) {
                    if let Some(serde_json::Value::Array(tags)) = rule.get("tagIds") {
                        let mapped: Vec<serde_json::Value> = tags
                            .iter()
                            .filter_map(|t| t.as_i64())
                            .filter_map(|t| {
                                let m = maps.get("crm_customer_tag", t);
                                if m.is_none() {
                                    *dangling += 1;
                                }
                                m
                            })
                            .map(serde_json::Value::from)
                            .collect();
                        rule.insert("tagIds".into(), serde_json::Value::Array(mapped));
                    }
                    if let Some(a) = rule.get("activityId").and_then(|a| a.as_i64()) {
                        match maps.get("crm_marketing_activity", a) {
                            Some(m) => {
                                rule.insert("activityId".into(), m.into());
                            }
                            None => {
                                *dangling += 1;
                                rule.remove("activityId");
                            }
                        }
                    }
                    row[p] = Value::String(Some(serde_json::Value::Object(rule).to_string()));
                }
            }
        }
    }
    let list = match table {
        "sys_user" => Some(("role_ids", "sys_role")),
        "crm_opportunity" => Some(("product_ids", "crm_product")),
        _ => None,
    };
    if let Some((col, target)) = list {
        if let Some(p) = pos(col) {
            if let Value::String(Some(x)) = &row[p] {
                let mut ids: Vec<i64> = x
                    .split(',')
                    .filter_map(|i| i.trim().parse::<i64>().ok())
                    .filter_map(|i| {
                        let m = maps.get(target, i);
                        if m.is_none() {
                            *dangling += 1;
                        }
                        m
                    })
                    .collect();
                if table == "sys_user" {
                    ids.sort_unstable();
                    ids.dedup();
                }
                row[p] = Value::String(if ids.is_empty() { None } else { Some(ids.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(",")) });
            }
        }
    }
}

/// Merged rows (the new id blocks) whose reference finds no row.
async fn orphans(db: &DatabaseConnection, maps: &Maps) -> AppResult<Vec<Orphans>> {
    let mut out = vec![];
    let mut checks: Vec<(&str, String, String)> = FKS.iter().map(|(t, c, r)| (*t, c.to_string(), format!("{r} y ON y.id = x.{c}"))).collect();
    checks.push(("crm_follow_up", "relation_id (lead)".into(), "crm_lead y ON y.id = x.relation_id AND x.relation_type = 'lead'".into()));
    checks.push(("crm_follow_up", "relation_id (customer)".into(), "crm_customer y ON y.id = x.relation_id AND x.relation_type = 'customer'".into()));
    for (t, col, join) in checks {
        let Some((a, b)) = maps.ranges.get(t) else { continue };
        let c = col.split(' ').next().unwrap_or(&col);
        let kind = if col.ends_with("(lead)") {
            " AND x.relation_type = 'lead'"
        } else if col.ends_with("(customer)") {
            " AND x.relation_type = 'customer'"
        } else {
            ""
        };
        let sql =
            format!("SELECT COUNT(*) FROM {t} x LEFT JOIN {join} WHERE x.id BETWEEN {a} AND {b} AND x.{c} IS NOT NULL AND x.{c} <> 0{kind} AND y.id IS NULL");
        let n = all(db, sql).await?.first().map(|r| gi(r, 0)).unwrap_or(0);
        if n > 0 {
            out.push(Orphans { table: t.to_string(), column: col, rows: n as u64 });
        }
    }
    Ok(out)
}
