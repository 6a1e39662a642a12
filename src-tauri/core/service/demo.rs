//! `seed-demo`: realistic Chinese demo data in every table, at any scale.
//!
//! Rows are written with multi-row INSERTs in large transactions and explicit ids
//! (continuing after the current maximum), which is what makes 100,000 customers
//! with about a million follow-ups take well under a minute on SQLite.

use super::util;
use crate::auth::password::hash_password;
use crate::entity::{sys_dept, sys_role, sys_user};
use crate::error::{AppError, AppResult};
use crate::money::Dec;
use chrono::{Duration, NaiveDate, NaiveDateTime};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::sea_query::{Alias, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter, Set, Statement,
    TransactionTrait, Value,
};
use std::collections::HashMap;

/// Demo users' password (printed by the CLI).
pub const DEMO_PASSWORD: &str = "Demo@2026";

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林", "何", "郭", "马", "罗"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "娟", "涛", "明", "超", "秀英", "华", "建国", "晓东", "子涵", "雨轩", "浩然",
    "思远",
];
const CITIES: &[&str] = &["北京", "上海", "广州", "深圳", "杭州", "南京", "苏州", "成都", "武汉", "西安", "天津", "重庆", "宁波", "厦门", "青岛", "长沙"];
const WORDS: &[&str] =
    &["华信", "鼎盛", "恒通", "远航", "博达", "新锐", "中科", "瑞丰", "天成", "启明", "金桥", "嘉禾", "宏图", "众诚", "德邦", "正泰", "卓越", "东方"];
const INDUSTRIES: &[(&str, &str)] = &[
    ("软件和信息技术", "科技有限公司"),
    ("制造业", "机械制造有限公司"),
    ("批发零售", "商贸有限公司"),
    ("教育培训", "教育科技有限公司"),
    ("医疗健康", "医疗器械有限公司"),
    ("建筑工程", "建设工程有限公司"),
    ("物流运输", "供应链管理有限公司"),
    ("金融服务", "投资咨询有限公司"),
];
const SCALES: &[&str] = &["1-20人", "20-99人", "100-499人", "500-999人", "1000人以上"];
const POSITIONS: &[&str] = &["总经理", "采购经理", "技术总监", "财务经理", "行政主管", "IT经理", "运营总监", "项目经理"];
const SOURCES: &[&str] = &["官网", "展会", "转介绍", "电话营销", "线上广告", "渠道合作"];
const FOLLOW_TYPES: &[&str] = &["电话", "微信", "面谈", "邮件"];
const FOLLOW_TEXTS: &[&str] = &[
    "电话沟通了需求,客户对报价比较关注,约定下周发送方案",
    "微信发送了产品资料,客户表示需要内部讨论",
    "上门拜访,与采购经理确认了采购数量和交付时间",
    "客户反馈预算有调整,需要重新核算方案",
    "介绍了新版本功能,客户对数据分析模块感兴趣",
    "确认了合同条款,等待客户法务审核",
    "客户询问售后服务政策,已详细说明",
    "邮件发送了正式报价单,等待回复",
];
const STAGES: &[(&str, i32)] = &[("初步接触", 10), ("需求分析", 30), ("方案报价", 50), ("商务谈判", 70), ("赢单", 100)];

fn pick<'a, T>(rng: &mut StdRng, v: &'a [T]) -> &'a T {
    &v[rng.gen_range(0..v.len())]
}

fn person(rng: &mut StdRng) -> String {
    format!("{}{}", pick(rng, SURNAMES), pick(rng, GIVEN))
}

fn money(rng: &mut StdRng, lo: i64, hi: i64) -> Dec {
    // Cents, so amounts like 12,345.67 appear.
    Dec(Decimal::new(rng.gen_range(lo * 100..hi * 100), 2))
}

/// Collects rows and writes them as multi-row INSERTs.
struct Batch {
    table: &'static str,
    cols: Vec<&'static str>,
    rows: Vec<Vec<Value>>,
    max_rows: usize,
}

impl Batch {
    fn new(table: &'static str, cols: &[&'static str]) -> Batch {
        // Stay under SQLite's 32,766 bound parameters per statement.
        let max_rows = (30_000 / cols.len()).max(1);
        Batch { table, cols: cols.to_vec(), rows: Vec::new(), max_rows }
    }

    async fn push<C: ConnectionTrait>(&mut self, conn: &C, row: Vec<Value>) -> AppResult<()> {
        debug_assert_eq!(row.len(), self.cols.len());
        self.rows.push(row);
        if self.rows.len() >= self.max_rows {
            self.flush(conn).await?;
        }
        Ok(())
    }

    /// Push a row whose foreign key points into `parent`: the parent rows are
    /// written first whenever this batch is about to be written.
    async fn push_child<C: ConnectionTrait>(&mut self, conn: &C, parent: &mut Batch, row: Vec<Value>) -> AppResult<()> {
        if self.rows.len() + 1 >= self.max_rows {
            parent.flush(conn).await?;
        }
        self.push(conn, row).await
    }

    async fn flush<C: ConnectionTrait>(&mut self, conn: &C) -> AppResult<()> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut q = Query::insert();
        q.into_table(Alias::new(self.table)).columns(self.cols.iter().map(|c| Alias::new(*c)));
        for r in self.rows.drain(..) {
            q.values_panic(r.into_iter().map(Into::into));
        }
        conn.execute(&q).await?;
        Ok(())
    }
}

async fn next_id<C: ConnectionTrait>(conn: &C, table: &str) -> AppResult<i64> {
    let row = conn.query_one_raw(Statement::from_string(conn.get_database_backend(), format!("SELECT COALESCE(MAX(id), 0) AS m FROM {table}"))).await?;
    Ok(row.and_then(|r| r.try_get::<i64>("", "m").ok()).unwrap_or(0) + 1)
}

fn v<T: Into<Value>>(x: T) -> Value {
    x.into()
}

fn dt(base: NaiveDateTime, rng: &mut StdRng, max_days_back: i64) -> NaiveDateTime {
    base - Duration::seconds(rng.gen_range(0..max_days_back.max(1) * 86_400))
}

/// Summary of what was written.
#[derive(Debug, Default, serde::Serialize)]
pub struct DemoSummary {
    pub counts: Vec<(String, u64)>,
}

/// Demo users are recognizable by their e-mail domain.
pub const DEMO_EMAIL_DOMAIN: &str = "@demo.crmdesk.cn";

/// Refuse to seed demo data (with its well-known password) into a database that already
/// has real users, unless the operator insists with `force`.
pub async fn guard(db: &DatabaseConnection, force: bool) -> AppResult<()> {
    let real = sys_user::Entity::find()
        .filter(sea_orm::Condition::any().add(sys_user::Column::Email.is_null()).add(sys_user::Column::Email.not_like(format!("%{DEMO_EMAIL_DOMAIN}"))))
        .count(db)
        .await?;
    if real > 0 && !force {
        return Err(AppError::conflict(
            None,
            format!("数据库中已有 {real} 个非演示用户;演示用户的密码是公开的,确需写入请加 --force"),
            format!("The database already has {real} real user(s); demo users have a public password. Use --force if you really mean it"),
        ));
    }
    Ok(())
}

/// Write demo data: departments, users with roles, pools, leads, `scale` customers and
/// proportional related rows. `progress(stage, done, total)` is called as it goes.
pub async fn seed_demo(db: &DatabaseConnection, scale: u64, progress: &(dyn Fn(&str, u64, u64) + Sync)) -> AppResult<DemoSummary> {
    if scale == 0 {
        return Err(AppError::validation("scale", "规模必须大于 0", "The scale must be greater than 0"));
    }
    let mut rng = StdRng::seed_from_u64(20261129 ^ scale);
    let now = util::now();
    let today = now.date();
    let mut summary = DemoSummary::default();

    // --- organisation: departments, roles, users (idempotent by name) ---
    progress("users", 0, 1);
    let txn = db.begin().await?;
    super::role::ensure_default_roles(&txn).await?;
    let role_id = |name: &'static str| {
        let txn = &txn;
        async move { sys_role::Entity::find().filter(sys_role::Column::RoleName.eq(name)).one(txn).await.map(|r| r.map(|r| r.id).unwrap_or(0)) }
    };
    let manager_role = role_id("销售经理").await?;
    let rep_role = role_id("销售代表").await?;
    let service_role = role_id("客服专员").await?;
    let finance_role = role_id("财务").await?;
    let marketing_role = role_id("市场专员").await?;

    async fn dept(txn: &DatabaseTransaction, name: &str, parent: Option<i64>, sort: i32, now: NaiveDateTime) -> AppResult<i64> {
        let mut q = sys_dept::Entity::find().filter(sys_dept::Column::DeptName.eq(name));
        q = match parent {
            Some(p) => q.filter(sys_dept::Column::ParentId.eq(p)),
            None => q.filter(sys_dept::Column::ParentId.is_null()),
        };
        if let Some(d) = q.one(txn).await? {
            return Ok(d.id);
        }
        Ok(sys_dept::ActiveModel { dept_name: Set(name.into()), parent_id: Set(parent), sort: Set(Some(sort)), created_at: Set(now), ..Default::default() }
            .insert(txn)
            .await?
            .id)
    }
    let root = match sys_dept::Entity::find().filter(sys_dept::Column::ParentId.is_null()).one(&txn).await? {
        Some(d) => d.id,
        None => dept(&txn, "总公司", None, 0, now).await?,
    };
    let sales = dept(&txn, "销售中心", Some(root), 1, now).await?;
    let sales1 = dept(&txn, "销售一部", Some(sales), 1, now).await?;
    let sales2 = dept(&txn, "销售二部", Some(sales), 2, now).await?;
    let service_dept = dept(&txn, "客服部", Some(root), 2, now).await?;
    let finance_dept = dept(&txn, "财务部", Some(root), 3, now).await?;
    let marketing_dept = dept(&txn, "市场部", Some(root), 4, now).await?;

    let hash = hash_password(DEMO_PASSWORD)?;
    let mut user_ids: HashMap<&'static str, i64> = HashMap::new();
    // (username, name, dept, role, supervisor username)
    let people: &[(&'static str, &str, i64, i64, Option<&'static str>)] = &[
        ("zhao.manager", "赵经理", sales, manager_role, None),
        ("qian.lead1", "钱一部", sales1, manager_role, Some("zhao.manager")),
        ("sun.lead2", "孙二部", sales2, manager_role, Some("zhao.manager")),
        ("li.sales", "李销售", sales1, rep_role, Some("qian.lead1")),
        ("zhou.sales", "周销售", sales1, rep_role, Some("qian.lead1")),
        ("wu.sales", "吴销售", sales1, rep_role, Some("qian.lead1")),
        ("zheng.sales", "郑销售", sales2, rep_role, Some("sun.lead2")),
        ("wang.sales", "王销售", sales2, rep_role, Some("sun.lead2")),
        ("feng.sales", "冯销售", sales2, rep_role, Some("sun.lead2")),
        ("chen.service", "陈客服", service_dept, service_role, None),
        ("chu.service", "褚客服", service_dept, service_role, Some("chen.service")),
        ("wei.finance", "卫财务", finance_dept, finance_role, None),
        ("jiang.marketing", "蒋市场", marketing_dept, marketing_role, None),
    ];
    for (username, name, dept_id, role, sup) in people {
        let existing = sys_user::Entity::find().filter(sys_user::Column::Username.eq(*username)).one(&txn).await?;
        let id = match existing {
            Some(u) => u.id,
            None => {
                let id = sys_user::ActiveModel {
                    username: Set(username.to_string()),
                    full_name: Set(name.to_string()),
                    dept_id: Set(*dept_id),
                    role_ids: Set(Some(role.to_string())),
                    phone: Set(Some(format!("1380000{:04}", user_ids.len() + 1))),
                    email: Set(Some(format!("{username}{DEMO_EMAIL_DOMAIN}"))),
                    status: Set(crate::entity::enums::UserStatus::Enabled),
                    supervisor_id: Set(sup.and_then(|s| user_ids.get(s).copied())),
                    login_fail_count: Set(0),
                    created_at: Set(now),
                    updated_at: Set(now),
                    session_nonce: Set(super::auth::new_nonce()),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
                .id;
                super::auth::store_password_hash(&txn, id, hash.clone()).await?;
                id
            }
        };
        user_ids.insert(username, id);
    }
    let reps: Vec<i64> =
        ["li.sales", "zhou.sales", "wu.sales", "zheng.sales", "wang.sales", "feng.sales", "qian.lead1", "sun.lead2"].iter().map(|u| user_ids[u]).collect();
    let service_users: Vec<i64> = ["chen.service", "chu.service"].iter().map(|u| user_ids[u]).collect();
    let finance_user = user_ids["wei.finance"];
    txn.commit().await?;

    // --- catalogue: pools, product categories, products, SMS templates, activities ---
    let txn = db.begin().await?;
    let mut pool_ids = vec![];
    for (name, desc, public) in [("公共线索池", "所有销售可领取", 1), ("市场部线索池", "市场活动收集的线索", 1), ("大客户线索池", "重点行业大客户", 0)]
    {
        let row = txn
            .query_one_raw(Statement::from_sql_and_values(txn.get_database_backend(), "SELECT id FROM crm_lead_pool WHERE pool_name = ?", [name.into()]))
            .await?;
        let id = match row.and_then(|r| r.try_get::<i64>("", "id").ok()) {
            Some(id) => id,
            None => {
                let id = next_id(&txn, "crm_lead_pool").await?;
                let mut b = Batch::new("crm_lead_pool", &["id", "pool_name", "description", "is_public", "created_at"]);
                b.push(&txn, vec![v(id), v(name), v(desc), v(public as i8), v(now)]).await?;
                b.flush(&txn).await?;
                id
            }
        };
        pool_ids.push(id);
    }

    let cat_base = next_id(&txn, "crm_product_category").await?;
    let cats = [
        ("软件产品", None),
        ("硬件设备", None),
        ("技术服务", None),
        ("CRM 套件", Some(0)),
        ("数据分析", Some(0)),
        ("服务器", Some(1)),
        ("网络设备", Some(1)),
        ("实施培训", Some(2)),
    ];
    let mut b = Batch::new("crm_product_category", &["id", "category_name", "parent_id", "sort"]);
    for (i, (name, parent)) in cats.iter().enumerate() {
        b.push(&txn, vec![v(cat_base + i as i64), v(*name), v(parent.map(|p: i64| cat_base + p)), v(i as i32)]).await?;
    }
    b.flush(&txn).await?;

    let products: &[(&str, usize, &str, &str, i64)] = &[
        ("CRM 标准版(年费)", 3, "10 用户/年", "套", 19_800),
        ("CRM 企业版(年费)", 3, "50 用户/年,含私有化部署", "套", 68_000),
        ("销售数据分析模块", 4, "含 30 张标准报表", "套", 12_000),
        ("BI 数据看板", 4, "实时大屏,支持自定义指标", "套", 25_000),
        ("机架式服务器 R740", 5, "2×Xeon Silver 4314 / 128GB / 4×1.2TB SAS", "台", 46_500),
        ("塔式服务器 T150", 5, "Xeon E-2314 / 16GB / 2×1TB", "台", 9_800),
        ("千兆交换机 S5735", 6, "48 口千兆电口 + 4 口万兆光口", "台", 6_200),
        ("企业级无线 AP", 6, "Wi-Fi 6,双频,吸顶安装", "个", 1_350),
        ("现场实施服务", 7, "按人天计费,含差旅", "人天", 2_400),
        ("管理员培训", 7, "2 天集中培训,最多 15 人", "场", 8_000),
        ("年度运维服务", 2, "7×24 小时响应,季度巡检", "年", 36_000),
        ("数据迁移服务", 2, "历史数据清洗与导入", "项", 15_000),
    ];
    let prod_base = next_id(&txn, "crm_product").await?;
    let mut b = Batch::new(
        "crm_product",
        &["id", "product_name", "category_id", "specification", "unit", "price", "cost_price", "status", "description", "created_at"],
    );
    for (i, (name, cat, spec, unit, price)) in products.iter().enumerate() {
        let price = Dec(Decimal::new(*price * 10_000, 4));
        let cost = Dec((price.0 * Decimal::new(62, 2)).round_dp(4));
        b.push(
            &txn,
            vec![
                v(prod_base + i as i64),
                v(*name),
                v(cat_base + *cat as i64),
                v(*spec),
                v(*unit),
                v(price),
                v(cost),
                v(if i == 5 { 0i8 } else { 1i8 }),
                v(format!("{name}:{spec}")),
                v(now),
            ],
        )
        .await?;
    }
    b.flush(&txn).await?;
    let product_ids: Vec<i64> = (0..products.len() as i64).map(|i| prod_base + i).collect();

    let tpl_base = next_id(&txn, "crm_sms_template").await?;
    let templates = [
        ("新品发布通知", "尊敬的${name},CRM Desk 新版本已发布,回复 1 预约演示。回T退订", "营销"),
        ("节日问候", "${name}您好,祝您节日快乐,感谢一直以来的支持!${my_company}", "通知"),
        ("续费提醒", "${name}您好,贵司的服务即将到期,请联系${owner}续费。", "通知"),
        ("活动邀请", "诚邀${name}参加${activity},时间${activity_date},详询${owner}。回T退订", "营销"),
        ("回款提醒", "${name}您好,${company}的合同款项即将到期,详询${owner}。", "通知"),
        ("沉睡客户唤醒", "${name},好久不见!本月签约享九折优惠。拒收请回复R", "营销"),
    ];
    let mut b = Batch::new("crm_sms_template", &["id", "template_name", "content", "template_type", "is_enabled", "created_at"]);
    for (i, (name, content, ty)) in templates.iter().enumerate() {
        b.push(&txn, vec![v(tpl_base + i as i64), v(*name), v(*content), v(*ty), v(1i8), v(now)]).await?;
    }
    b.flush(&txn).await?;

    let n_act = (scale / 5_000).clamp(6, 60) as i64;
    let act_base = next_id(&txn, "crm_marketing_activity").await?;
    let mut b = Batch::new(
        "crm_marketing_activity",
        &["id", "activity_name", "activity_type", "start_time", "end_time", "budget", "actual_cost", "status", "description", "created_by", "created_at"],
    );
    for i in 0..n_act {
        let ty = *pick(&mut rng, &["展会", "直播", "促销", "研讨会"]);
        let start = dt(now, &mut rng, 400);
        let end = start + Duration::days(rng.gen_range(1..10));
        let status: i8 = if end < now {
            3
        } else if start < now {
            2
        } else {
            1
        };
        let budget = money(&mut rng, 20_000, 300_000);
        let cost = if status == 1 { None } else { Some(money(&mut rng, 10_000, 280_000)) };
        b.push(
            &txn,
            vec![
                v(act_base + i),
                v(format!("{}{}{}", pick(&mut rng, CITIES), ty, ["春季", "夏季", "秋季", "冬季"][(i % 4) as usize])),
                v(ty),
                v(start),
                v(end),
                v(budget),
                v(cost),
                v(status),
                v("面向重点行业客户的市场活动"),
                v(reps[0]),
                v(start),
            ],
        )
        .await?;
    }
    b.flush(&txn).await?;
    let mut b = Batch::new(
        "crm_sms_marketing",
        &[
            "id",
            "template_id",
            "activity_id",
            "send_time",
            "target_tag",
            "total_count",
            "success_count",
            "fail_count",
            "created_by",
            "created_at",
            "campaign_name",
            "started_at",
            "finished_at",
        ],
    );
    let sms_base = next_id(&txn, "crm_sms_marketing").await?;
    for i in 0..n_act * 2 {
        let total = rng.gen_range(200..5_000);
        let fail = rng.gen_range(0..total / 20);
        let t = dt(now, &mut rng, 300);
        let target = *pick(&mut rng, &["沉睡客户", "新客户", "成交客户", "全部客户"]);
        b.push(
            &txn,
            vec![
                v(sms_base + i),
                v(tpl_base + (i % templates.len() as i64)),
                v(Some(act_base + i % n_act)),
                v(t),
                v(target),
                v(total),
                v(Some(total - fail)),
                v(Some(fail)),
                v(reps[0]),
                v(t),
                v(format!("{}月{}短信", t.format("%-m"), target)),
                v(Some(t)),
                v(Some(t)),
            ],
        )
        .await?;
    }
    b.flush(&txn).await?;
    txn.commit().await?;

    // --- leads and customers with everything that hangs off them ---
    let txn = db.begin().await?;
    let ids = [
        "crm_lead",
        "crm_customer",
        "crm_contact",
        "crm_customer_session",
        "crm_follow_up",
        "crm_visit_plan",
        "crm_return_visit",
        "crm_opportunity",
        "crm_quotation",
        "crm_quotation_item",
        "crm_contract",
        "crm_contract_item",
        "crm_payment_plan",
        "crm_payment_record",
        "crm_invoice",
        "crm_work_order",
    ];
    let mut next: HashMap<&str, i64> = HashMap::new();
    for t in ids {
        next.insert(t, next_id(&txn, t).await?);
    }
    let first_customer = next["crm_customer"];
    let first_ids = next.clone();
    let mut take = |t: &'static str| {
        let e = next.get_mut(t).expect("table");
        let id = *e;
        *e += 1;
        id
    };

    let mut leads = Batch::new(
        "crm_lead",
        &[
            "id",
            "lead_name",
            "phone",
            "company",
            "position",
            "source",
            "intent_product",
            "intent_level",
            "status",
            "remark",
            "owner_id",
            "pool_id",
            "created_by",
            "created_at",
            "updated_at",
            "activity_id",
        ],
    );
    let mut customers = Batch::new(
        "crm_customer",
        &[
            "id",
            "customer_name",
            "customer_type",
            "industry",
            "scale",
            "address",
            "status",
            "level",
            "source_lead_id",
            "owner_id",
            "is_in_sea",
            "sea_time",
            "created_by",
            "created_at",
            "updated_at",
            "last_follow_at",
            "activity_id",
        ],
    );
    let mut contacts = Batch::new(
        "crm_contact",
        &[
            "id",
            "customer_id",
            "contact_name",
            "position",
            "phone",
            "email",
            "is_key",
            "communication_preference",
            "birthday",
            "remark",
            "created_at",
            "updated_at",
        ],
    );
    let mut sessions =
        Batch::new("crm_customer_session", &["id", "customer_id", "contact_id", "session_type", "session_time", "content", "tag", "created_by", "created_at"]);
    let mut follows = Batch::new(
        "crm_follow_up",
        &["id", "relation_type", "relation_id", "follow_type", "content", "next_follow_time", "next_content", "created_by", "created_at", "updated_at"],
    );
    let mut visits = Batch::new(
        "crm_visit_plan",
        &[
            "id",
            "customer_id",
            "visit_purpose",
            "visit_time",
            "address",
            "participants",
            "materials",
            "status",
            "summary",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );
    let mut returns = Batch::new(
        "crm_return_visit",
        &["id", "customer_id", "contract_id", "visit_type", "plan_time", "actual_time", "content", "feedback", "status", "created_by", "created_at"],
    );
    let mut opps = Batch::new(
        "crm_opportunity",
        &[
            "id",
            "customer_id",
            "opportunity_name",
            "product_ids",
            "estimated_amount",
            "win_probability",
            "stage",
            "expected_close_time",
            "status",
            "lose_reason",
            "owner_id",
            "created_at",
            "updated_at",
        ],
    );
    let mut quotes = Batch::new(
        "crm_quotation",
        &["id", "quotation_no", "opportunity_id", "customer_id", "total_amount", "valid_until", "status", "remark", "created_by", "created_at", "updated_at"],
    );
    let mut qitems =
        Batch::new("crm_quotation_item", &["id", "quotation_id", "product_id", "specification", "quantity", "unit", "unit_price", "discount", "amount"]);
    let mut contracts = Batch::new(
        "crm_contract",
        &[
            "id",
            "contract_no",
            "customer_id",
            "opportunity_id",
            "quotation_id",
            "contract_name",
            "sign_date",
            "start_date",
            "end_date",
            "total_amount",
            "status",
            "file_url",
            "remark",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );
    let mut citems = Batch::new("crm_contract_item", &["id", "contract_id", "product_id", "specification", "quantity", "unit", "unit_price", "amount"]);
    let mut plans = Batch::new("crm_payment_plan", &["id", "contract_id", "plan_amount", "plan_date", "payment_term", "status", "created_at"]);
    let mut payments = Batch::new(
        "crm_payment_record",
        &["id", "contract_id", "plan_id", "payment_no", "payment_amount", "payment_date", "payment_method", "bank_flow", "remark", "created_by", "created_at"],
    );
    let mut invoices = Batch::new(
        "crm_invoice",
        &["id", "invoice_no", "contract_id", "payment_id", "invoice_type", "amount", "issue_date", "status", "file_url", "created_at"],
    );
    let mut orders = Batch::new(
        "crm_work_order",
        &[
            "id",
            "order_no",
            "customer_id",
            "contact_id",
            "contract_id",
            "order_type",
            "title",
            "content",
            "priority",
            "status",
            "assignee_id",
            "solution",
            "satisfaction",
            "created_by",
            "created_at",
            "updated_at",
        ],
    );

    let n_leads = (scale / 2).max(1);
    for i in 0..n_leads {
        let id = take("crm_lead");
        let owner: Option<i64> = if rng.gen_bool(0.3) { None } else { Some(*pick(&mut rng, &reps)) };
        let status: i8 = if owner.is_none() { 1 } else { *pick(&mut rng, &[1i8, 2, 2, 2, 4]) };
        let created = dt(now, &mut rng, 365);
        let (_, suffix) = *pick(&mut rng, INDUSTRIES);
        let company = format!("{}{}{}", pick(&mut rng, CITIES), pick(&mut rng, WORDS), suffix);
        leads
            .push(
                &txn,
                vec![
                    v(id),
                    v(person(&mut rng)),
                    v(format!("15{:09}", id)),
                    v(company),
                    v(*pick(&mut rng, POSITIONS)),
                    v(*pick(&mut rng, SOURCES)),
                    v(products[rng.gen_range(0..products.len())].0),
                    v(rng.gen_range(1..=3i8)),
                    v(status),
                    v(Option::<String>::None),
                    v(owner),
                    v(*pick(&mut rng, &pool_ids)),
                    v(reps[0]),
                    v(created),
                    v(created),
                    // One lead in seven came from a marketing activity (not drawn from `rng`,
                    // so the rest of the demo data stays what it was).
                    v((id % 7 == 0).then(|| act_base + id % n_act)),
                ],
            )
            .await?;
        for _ in 0..rng.gen_range(0..3) {
            let t = created + Duration::hours(rng.gen_range(1..400));
            follows
                .push(
                    &txn,
                    vec![
                        v(take("crm_follow_up")),
                        v("lead"),
                        v(id),
                        v(*pick(&mut rng, FOLLOW_TYPES)),
                        v(*pick(&mut rng, FOLLOW_TEXTS)),
                        v(Option::<NaiveDateTime>::None),
                        v(Option::<String>::None),
                        v(owner.unwrap_or(reps[0])),
                        v(t),
                        v(t),
                    ],
                )
                .await?;
        }
        if i % 5000 == 0 {
            progress("leads", i, n_leads);
        }
    }

    for i in 0..scale {
        let cid = take("crm_customer");
        let owner = *pick(&mut rng, &reps);
        let enterprise = rng.gen_bool(0.8);
        let (industry, suffix) = *pick(&mut rng, INDUSTRIES);
        let city = *pick(&mut rng, CITIES);
        let name = if enterprise { format!("{}{}{}", city, pick(&mut rng, WORDS), suffix) } else { person(&mut rng) };
        let created = dt(now, &mut rng, 700);
        let status: i8 = *pick(&mut rng, &[1i8, 1, 1, 2, 2, 3]);
        let in_sea = rng.gen_bool(0.05);
        // About ten follow-ups per customer (the busiest table), the newest within the last
        // five weeks for most customers, so a first sea sweep recycles a realistic few.
        let n_follow = rng.gen_range(5..=15);
        let newest = if rng.gen_bool(0.9) { now - Duration::hours(rng.gen_range(1..24 * 35)) } else { dt(now, &mut rng, 400) }.max(created);
        let span = (newest - created).num_hours().max(1);
        let mut follow_times: Vec<NaiveDateTime> = (0..n_follow - 1).map(|_| created + Duration::hours(rng.gen_range(0..span))).collect();
        follow_times.sort();
        follow_times.push(newest);
        customers
            .push(
                &txn,
                vec![
                    v(cid),
                    v(name.clone()),
                    v(if enterprise { 2i8 } else { 1i8 }),
                    v(enterprise.then_some(industry)),
                    v(enterprise.then(|| SCALES[rng.gen_range(0..SCALES.len())])),
                    v(format!("{}市{}路{}号", city, pick(&mut rng, WORDS), rng.gen_range(1..999))),
                    v(status),
                    v(Some(rng.gen_range(1..=3i8))),
                    v(Option::<i64>::None),
                    v(owner),
                    v(in_sea as i8),
                    v(in_sea.then(|| now - Duration::days(rng.gen_range(1..60)))),
                    v(owner),
                    v(created),
                    v(newest),
                    v(newest),
                    v((cid % 11 == 0).then(|| act_base + cid % n_act)),
                ],
            )
            .await?;
        let n_contacts = rng.gen_range(1..=2);
        let mut first_contact = 0;
        for k in 0..n_contacts {
            let ct = take("crm_contact");
            if k == 0 {
                first_contact = ct;
            }
            let birthday = NaiveDate::from_ymd_opt(rng.gen_range(1965..2000), rng.gen_range(1..=12), rng.gen_range(1..=28));
            contacts
                .push(
                    &txn,
                    vec![
                        v(ct),
                        v(cid),
                        v(person(&mut rng)),
                        v(*pick(&mut rng, POSITIONS)),
                        v(format!("13{:09}", ct)),
                        v(format!("c{ct}@example.cn")),
                        v((k == 0) as i8),
                        v(*pick(&mut rng, &["电话", "微信", "邮件"])),
                        v(birthday),
                        v(Option::<String>::None),
                        v(created),
                        v(created),
                    ],
                )
                .await?;
        }
        for (k, last) in follow_times.into_iter().enumerate() {
            let next_time = (k == n_follow - 1 && rng.gen_bool(0.5))
                .then(|| today.and_hms_opt(rng.gen_range(1..10), 0, 0).unwrap() + Duration::days(rng.gen_range(-5..15)));
            follows
                .push(
                    &txn,
                    vec![
                        v(take("crm_follow_up")),
                        v("customer"),
                        v(cid),
                        v(*pick(&mut rng, FOLLOW_TYPES)),
                        v(*pick(&mut rng, FOLLOW_TEXTS)),
                        v(next_time),
                        v(next_time.map(|_| "再次沟通方案细节")),
                        v(owner),
                        v(last),
                        v(last),
                    ],
                )
                .await?;
        }
        if rng.gen_bool(0.3) {
            let t = dt(now, &mut rng, 200);
            sessions
                .push(
                    &txn,
                    vec![
                        v(take("crm_customer_session")),
                        v(cid),
                        v(Some(first_contact)),
                        v(*pick(&mut rng, &["电话", "微信", "邮件"])),
                        v(t),
                        v("沟通了产品功能和价格"),
                        v(*pick(&mut rng, &["需求沟通", "报价讨论", "售后咨询"])),
                        v(owner),
                        v(t),
                    ],
                )
                .await?;
        }
        if rng.gen_bool(0.2) {
            let t = dt(now + Duration::days(30), &mut rng, 120);
            let done = t < now;
            visits
                .push(
                    &txn,
                    vec![
                        v(take("crm_visit_plan")),
                        v(cid),
                        v("产品演示与需求调研"),
                        v(t),
                        v(format!("{city}市客户办公室")),
                        v("销售、售前工程师"),
                        v("产品手册、报价单"),
                        v(if done { 2i8 } else { 1i8 }),
                        v(done.then_some("客户认可方案,下一步准备报价")),
                        v(owner),
                        v(t - Duration::days(3)),
                        v(t - Duration::days(3)),
                    ],
                )
                .await?;
        }
        if rng.gen_bool(0.3) {
            let oid = take("crm_opportunity");
            let (stage, prob) = *pick(&mut rng, STAGES);
            let ostatus: i8 = if stage == "赢单" {
                2
            } else if rng.gen_bool(0.1) {
                3
            } else {
                1
            };
            let pids: Vec<i64> = (0..rng.gen_range(1..=3)).map(|_| *pick(&mut rng, &product_ids)).collect();
            let amount = money(&mut rng, 5_000, 500_000);
            opps.push(
                &txn,
                vec![
                    v(oid),
                    v(cid),
                    v(format!("{name}{}项目", pick(&mut rng, &["数字化", "CRM 升级", "机房改造", "年度采购"]))),
                    v(pids.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(",")),
                    v(amount),
                    v(Some(prob)),
                    v(stage),
                    v(Some(today + Duration::days(rng.gen_range(-30..120)))),
                    v(ostatus),
                    v((ostatus == 3).then_some("价格高于竞品")),
                    v(owner),
                    v(created),
                    v(created),
                ],
            )
            .await?;
            if rng.gen_bool(0.5) {
                let qid = take("crm_quotation");
                let mut total = Dec::ZERO;
                let n_items = rng.gen_range(1..=4);
                let mut item_rows = Vec::with_capacity(n_items);
                for _ in 0..n_items {
                    let p = rng.gen_range(0..products.len());
                    let qty = Dec(Decimal::new(rng.gen_range(1..50) * 10_000, 4));
                    let price = Dec(Decimal::new(products[p].4 * 10_000, 4));
                    let discount = Dec(Decimal::new(*pick(&mut rng, &[100i64, 95, 90, 85]) * 100, 2));
                    let amount = Dec(qty.0 * price.0 * discount.0 / Decimal::ONE_HUNDRED).with_scale(2);
                    total = total + amount;
                    item_rows.push(vec![
                        v(take("crm_quotation_item")),
                        v(qid),
                        v(product_ids[p]),
                        v(products[p].2),
                        v(qty),
                        v(products[p].3),
                        v(price),
                        v(discount),
                        v(amount),
                    ]);
                }
                let qstatus: i8 = *pick(&mut rng, &[1i8, 2, 3, 3, 4]);
                let qt = dt(now, &mut rng, 300);
                quotes
                    .push(
                        &txn,
                        vec![
                            v(qid),
                            v(format!("QT-D{qid:07}")),
                            v(oid),
                            v(cid),
                            v(total),
                            v(Some(qt.date() + Duration::days(30))),
                            v(qstatus),
                            v(Option::<String>::None),
                            v(owner),
                            v(qt),
                            v(qt),
                        ],
                    )
                    .await?;
                for row in item_rows {
                    qitems.push_child(&txn, &mut quotes, row).await?;
                }
                if qstatus == 3 && rng.gen_bool(0.8) {
                    let ctid = take("crm_contract");
                    let sign = qt.date() + Duration::days(rng.gen_range(1..20));
                    let cstatus: i8 = *pick(&mut rng, &[2i8, 3, 3, 3, 4]);
                    contracts
                        .push(
                            &txn,
                            vec![
                                v(ctid),
                                v(format!("HT-D{ctid:07}")),
                                v(cid),
                                v(Some(oid)),
                                v(Some(qid)),
                                v(format!("{name}采购合同")),
                                v(sign),
                                v(Some(sign)),
                                v(Some(sign + Duration::days(365))),
                                v(total),
                                v(cstatus),
                                v(Option::<String>::None),
                                v(Option::<String>::None),
                                v(owner),
                                v(qt),
                                v(qt),
                            ],
                        )
                        .await?;
                    citems
                        .push_child(
                            &txn,
                            &mut contracts,
                            vec![
                                v(take("crm_contract_item")),
                                v(ctid),
                                v(product_ids[0]),
                                v(products[0].2),
                                v(Dec(Decimal::ONE)),
                                v(products[0].3),
                                v(total),
                                v(total),
                            ],
                        )
                        .await?;
                    // Two instalments: 60 % down payment, the rest on acceptance.
                    let first = Dec(total.0 * Decimal::new(6, 1)).with_scale(2);
                    let second = total - first;
                    for (k, (amt, term)) in [(first, "首付款"), (second, "尾款")].into_iter().enumerate() {
                        let pid = take("crm_payment_plan");
                        let pdate = sign + Duration::days(30 * (k as i64 + 1));
                        let paid = pdate < today && rng.gen_bool(0.8);
                        plans.push(&txn, vec![v(pid), v(ctid), v(amt), v(pdate), v(term), v(if paid { 3i8 } else { 1i8 }), v(qt)]).await?;
                        if paid {
                            let rid = take("crm_payment_record");
                            payments
                                .push(
                                    &txn,
                                    vec![
                                        v(rid),
                                        v(ctid),
                                        v(Some(pid)),
                                        v(format!("HK-D{rid:07}")),
                                        v(amt),
                                        v(pdate),
                                        v("银行转账"),
                                        v(Option::<String>::None),
                                        v(Option::<String>::None),
                                        v(finance_user),
                                        v(qt),
                                    ],
                                )
                                .await?;
                            invoices
                                .push(
                                    &txn,
                                    vec![
                                        v(take("crm_invoice")),
                                        v(format!("FP-D{rid:07}")),
                                        v(ctid),
                                        v(Some(rid)),
                                        v(*pick(&mut rng, &["专票", "普票"])),
                                        v(amt),
                                        v(pdate),
                                        v(*pick(&mut rng, &[1i8, 2, 3])),
                                        v(Option::<String>::None),
                                        v(qt),
                                    ],
                                )
                                .await?;
                        }
                    }
                    if rng.gen_bool(0.5) {
                        let t = qt + Duration::days(rng.gen_range(30..200));
                        let done = t < now;
                        returns
                            .push(
                                &txn,
                                vec![
                                    v(take("crm_return_visit")),
                                    v(cid),
                                    v(Some(ctid)),
                                    v(*pick(&mut rng, &["电话", "上门", "问卷"])),
                                    v(t),
                                    v(done.then_some(t)),
                                    v("使用情况回访"),
                                    v(done.then_some("系统运行稳定,希望增加移动端功能")),
                                    v(if done { 2i8 } else { 1i8 }),
                                    v(owner),
                                    v(t),
                                ],
                            )
                            .await?;
                    }
                    if rng.gen_bool(0.3) {
                        let wid = take("crm_work_order");
                        let t_raw = qt + Duration::days(rng.gen_range(10..200));
                        let wstatus: i8 = *pick(&mut rng, &[1i8, 2, 3, 4]);
                        // Open orders arrived in the last three days (their clocks run now);
                        // finished ones earlier, resolved some hours after they came in.
                        // (No extra random draws: the rest of the demo stays the same.)
                        let t = if wstatus <= 2 {
                            now - Duration::minutes(10 + t_raw.and_utc().timestamp().rem_euclid(3 * 24 * 60))
                        } else {
                            t_raw.min(now - Duration::days(2))
                        };
                        let touched = if wstatus >= 3 { (t + Duration::hours(1 + wid.rem_euclid(40))).min(now) } else { t };
                        orders
                            .push(
                                &txn,
                                vec![
                                    v(wid),
                                    v(format!("GD-D{wid:07}")),
                                    v(cid),
                                    v(Some(first_contact)),
                                    v(Some(ctid)),
                                    v(*pick(&mut rng, &["售后问题", "产品咨询", "投诉"])),
                                    v(*pick(&mut rng, &["登录偶尔超时", "报表导出乱码", "咨询增加用户数", "打印报价单格式问题"])),
                                    v("客户来电反馈,需要尽快处理"),
                                    v(*pick(&mut rng, &[1i8, 2, 2, 3])),
                                    v(wstatus),
                                    v(Some(*pick(&mut rng, &service_users))),
                                    v((wstatus >= 3).then_some("远程协助处理完毕")),
                                    v((wstatus == 4).then(|| rng.gen_range(3..=5i8))),
                                    v(owner),
                                    v(t),
                                    v(touched),
                                ],
                            )
                            .await?;
                    }
                }
            }
        }
        if i % 2000 == 0 {
            progress("customers", i, scale);
        }
    }
    for b in [
        &mut leads,
        &mut customers,
        &mut contacts,
        &mut sessions,
        &mut follows,
        &mut visits,
        &mut returns,
        &mut opps,
        &mut quotes,
        &mut qitems,
        &mut contracts,
        &mut citems,
        &mut plans,
        &mut payments,
        &mut invoices,
        &mut orders,
    ] {
        b.flush(&txn).await?;
    }
    // The search tokens of everything written above, in the same transaction.
    for kind in super::search_index::Kind::ALL {
        super::search_index::sync_above(&txn, kind, first_ids[kind.source().0] - 1).await?;
    }
    txn.commit().await?;
    progress("customers", scale, scale);
    // Customer tags: four, each on one customer in nine of this run (by id, not drawn from
    // `rng`); the built-in segments come with the schema.
    let txn = db.begin().await?;
    for (k, (name, color)) in [("VIP", "#fa541c"), ("展会客户", "#1677ff"), ("老客户", "#52c41a"), ("重点跟进", "#722ed1")].iter().enumerate() {
        use crate::entity::crm_customer_tag as tag;
        let id = match tag::Entity::find().filter(tag::Column::TagName.eq(*name)).one(&txn).await? {
            Some(t) => t.id,
            None => {
                tag::ActiveModel {
                    tag_name: Set(name.to_string()),
                    color: Set(color.to_string()),
                    sort_order: Set(k as i32),
                    created_at: Set(now),
                    ..Default::default()
                }
                .insert(&txn)
                .await?
                .id
            }
        };
        txn.execute_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "INSERT INTO crm_customer_tag_link (tag_id, customer_id, created_by, created_at) \
                 SELECT {id}, id, owner_id, created_at FROM crm_customer WHERE id >= {first_customer} AND id % 9 = {k}"
            ),
        ))
        .await?;
    }
    txn.commit().await?;
    // The derived money columns of what was written in bulk.
    super::rollup::catch_up(db).await?;
    super::work_order::catch_up(db).await?;

    for t in super::status::TABLES {
        let n = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SELECT COUNT(*) AS n FROM {t}")))
            .await?
            .and_then(|r| r.try_get::<i64>("", "n").ok())
            .unwrap_or(0);
        summary.counts.push((t.to_string(), n as u64));
    }
    Ok(summary)
}
