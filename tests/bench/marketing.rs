//! Marketing at scale, on SQLite and (when reachable) MariaDB, over `seed-demo` data
//! (50,000 customers by default):
//! * recipient resolution of a campaign target: a tag carried by every customer (50,000),
//!   and each built-in segment, for a manager who sees everything and for a rep (own
//!   scope) — the ids a campaign would send to (target: under 1 s);
//! * the segment list with every segment's size;
//! * the activity list with its figures (attribution, won contracts, ROI);
//! * a campaign to that tag through the outbox gateway: preview (recipient resolution,
//!   opt-outs, duplicates, rendering), creation (the per-recipient snapshot) and sending
//!   with the per-recipient log, in messages per second (target ≥ 2,000/s on SQLite).
//!
//! ```text
//! cargo bench --bench marketing
//! CRM_BENCH_SCALE=100000 cargo bench --bench marketing
//! ```
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::entity::sys_user;
use crm_core::service::marketing::activity::{self, ActivityFilter};
use crm_core::service::marketing::gateway::OutboxGateway;
use crm_core::service::marketing::segment::{self, Target};
use crm_core::service::marketing::tag::{self, TagInput};
use crm_core::service::marketing::{self as marketing, campaign, sms_template};
use crm_core::service::{auth, demo, Ctx, PageReq};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

async fn ctx_of(db: &sea_orm::DatabaseConnection, username: &str) -> Ctx {
    let m = sys_user::Entity::find().filter(sys_user::Column::Username.eq(username)).one(db).await.unwrap().unwrap();
    Ctx::for_user(db.clone(), auth::load_session_user(db, m.id).await.unwrap())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}

async fn run(label: &str, db: sea_orm::DatabaseConnection, scale: u64) {
    let t = Instant::now();
    demo::seed_demo(&db, scale, &|_, _, _| {}).await.expect("seed");
    println!("[{label}] seed-demo --scale {scale}: {:.1}s", t.elapsed().as_secs_f64());
    let admin = ctx_of(&db, "jiang.marketing").await;
    let manager = ctx_of(&db, "zhao.manager").await;
    let rep = ctx_of(&db, "li.sales").await;
    // A tag on every customer (written in bulk: tagging is not what is measured here).
    let all_tag = tag::create(&admin, TagInput { tag_name: "全部客户".into(), color: "#1677ff".into(), sort_order: 0 }).await.unwrap();
    db.execute_unprepared(&format!(
        "INSERT INTO crm_customer_tag_link (tag_id, customer_id, created_at) SELECT {}, id, created_at FROM crm_customer",
        all_tag.id
    ))
    .await
    .unwrap();
    let (rule, _) = segment::target_rule(&db, &Target::Tag(all_tag.id)).await.unwrap();
    for (who, ctx) in [("marketing (all)", &admin), ("manager (dept tree)", &manager), ("rep (own)", &rep)] {
        let t = Instant::now();
        let ids = segment::resolve(ctx, &rule).await.unwrap();
        println!("[{label}] recipients of a tag on every customer, {who}: {} customers in {:.0} ms", ids.len(), ms(t));
    }
    let segs = segment::list(&admin).await.unwrap();
    for s in &segs {
        for (who, ctx) in [("marketing", &admin), ("rep", &rep)] {
            let t = Instant::now();
            let ids = segment::resolve(ctx, &s.rule).await.unwrap();
            println!("[{label}] recipients of segment {}, {who}: {} customers in {:.0} ms", s.segment_name, ids.len(), ms(t));
        }
    }
    let t = Instant::now();
    let segs = segment::list(&admin).await.unwrap();
    println!("[{label}] segment list with the size of each ({} segments): {:.0} ms", segs.len(), ms(t));
    let t = Instant::now();
    let page = activity::list(&admin, ActivityFilter::default(), PageReq { page: 1, page_size: 50 }).await.unwrap();
    let leads: i64 = page.items.iter().map(|a| a.figures.leads).sum();
    println!("[{label}] activity list with figures ({} activities, {leads} attributed leads): {:.0} ms", page.items.len(), ms(t));

    // A campaign to every customer through the outbox gateway.
    let mut s = marketing::get_settings(&admin).await.unwrap();
    (s.sms_sign, s.send_window_start, s.send_window_end) = ("云帆科技".into(), 0, 24);
    marketing::set_settings(&admin, s).await.unwrap();
    let tpl = sms_template::create(
        &admin,
        sms_template::TemplateInput {
            template_name: "压测".into(),
            content: "尊敬的${name},${company}专享年终九折,详询${owner}。回T退订".into(),
            template_type: "营销".into(),
            is_enabled: true,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let input =
        campaign::CampaignInput { campaign_name: "压测".into(), template_id: tpl.id, target: Target::Tag(all_tag.id), activity_id: None, scheduled_at: None };
    let t = Instant::now();
    let p = campaign::preview(&admin, input.clone()).await.unwrap();
    println!(
        "[{label}] campaign preview (resolve, normalize, exclude, render): {} customers → {} recipients ({} invalid, {} duplicate) in {:.0} ms",
        p.customers,
        p.recipients,
        p.invalid,
        p.duplicates,
        ms(t)
    );
    let t = Instant::now();
    let c = campaign::create(&admin, input).await.unwrap();
    println!("[{label}] campaign creation (snapshot of {} recipients): {:.0} ms", c.total_count, ms(t));
    let dir = tempfile::tempdir().unwrap();
    let gw = OutboxGateway::new(dir.path().join("outbox.jsonl"));
    let t = Instant::now();
    let end = campaign::run(&db, c.id, &gw, campaign::RunOptions { tz_offset_minutes: 480, ..Default::default() }, &AtomicBool::new(false), &mut |_| {})
        .await
        .unwrap();
    let secs = t.elapsed().as_secs_f64();
    println!("[{label}] campaign send through the outbox ({end:?}): {} messages in {secs:.1}s = {:.0} messages/s", c.total_count, c.total_count as f64 / secs);
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let scale: u64 = std::env::var("CRM_BENCH_SCALE").ok().and_then(|s| s.parse().ok()).unwrap_or(if bench { 50_000 } else { 300 });
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let db = crm_core::db::open_ready(crm_core::db::connect_sqlite(&dir.path().join("bench.db")).await.unwrap()).await.unwrap();
        run("SQLite", db, scale).await;
        let base = std::env::var("CRM_TEST_MYSQL_URL").unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".into());
        let name = format!("crm_t_bench_mkt_{}", std::process::id());
        match sea_orm::Database::connect(base.clone()).await {
            Ok(admin) => {
                admin.execute_unprepared(&format!("CREATE DATABASE `{name}` CHARACTER SET utf8mb4")).await.unwrap();
                let db = crm_core::db::connect_url(&format!("{base}/{name}")).await.unwrap();
                crm_core::db::migrate(&db).await.unwrap();
                run("MariaDB", db, scale).await;
                admin.execute_unprepared(&format!("DROP DATABASE `{name}`")).await.unwrap();
            }
            Err(e) => println!("[MariaDB] skipped: {e}"),
        }
    });
}
