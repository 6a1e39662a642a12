//! crm-admin: administration of a CRM Desk database from the command line.
//! It calls the same services as the desktop app.

use clap::{Parser, Subcommand};
use crm_core::db::{self, DbTarget};
use crm_core::error::{AppError, Locale};
use crm_core::service::{self, Ctx};
use sea_orm::DatabaseConnection;
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "crm-admin", version, about = "CRM Desk administration / CRM Desk 管理工具")]
struct Cli {
    /// Database: sqlite:PATH (created if missing) or mysql://USER[:PASS]@HOST:PORT/DB.
    /// Without it: the local default database. A MySQL password may also come from
    /// CRM_DB_PASSWORD or the OS keyring.
    #[arg(long, global = true, env = "CRM_DB_URL")]
    db: Option<String>,
    /// Message language: zh-CN (default) or en-US.
    #[arg(long, global = true, default_value = "zh-CN")]
    lang: String,
    /// Record what this command writes as this user (user name). Without it the first
    /// enabled administrator is recorded as the author.
    #[arg(long = "as", global = true, value_name = "USER")]
    as_user: Option<String>,
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Create or upgrade the schema.
    Migrate,
    /// Create a user; the password is read from standard input.
    CreateUser {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// Department name (created under the top department if missing) or id.
        #[arg(long)]
        dept: String,
        /// Role name (e.g. 系统管理员, 销售经理, 销售代表) or id.
        #[arg(long)]
        role: String,
    },
    /// Write realistic demo data into every table.
    SeedDemo {
        /// Number of customers (related rows scale with it).
        #[arg(long, default_value_t = 200)]
        scale: u64,
        /// Write demo users (public password) even though real users exist.
        #[arg(long)]
        force: bool,
    },
    /// Schema version and row counts.
    Status,
    /// Render a document to a PDF file (the same document the app prints): a quotation,
    /// a contract, a receipt acknowledgement, or a customer's statement of account.
    Pdf {
        /// quotation | contract | receipt | statement
        kind: String,
        /// The record's id (for a statement: the customer's).
        id: i64,
        /// Statement period start (YYYY-MM-DD).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Statement period end (YYYY-MM-DD).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        /// Output file.
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
    /// Recycle idle customers into the public sea now, by the rules in settings
    /// (idempotent; safe while desktops sweep the same database).
    SeaSweep,
    /// Recompute every derived value from the seed's rows (contract money roll-ups,
    /// plan statuses and open amounts): after rows were changed by SQL or another tool.
    Repair,
    /// Rebuild the search token index from the customers, leads, contacts and
    /// opportunities (after rows were changed or deleted by SQL).
    Reindex,
    /// Remove a damaged setting (e.g. sea_rules, company_profile) so it reads as its
    /// default again; the old text is kept in the operation log.
    ResetSetting {
        /// The setting key (sys_setting.setting_key).
        key: String,
    },
    /// Back up the local database to FILE: a consistent copy, safe while the app runs.
    Backup {
        #[arg(short = 'o', long = "output")]
        output: std::path::PathBuf,
    },
    /// Restore the local database from a backup FILE (close the app first). The file is
    /// checked (integrity, schema version); the current database is kept as a backup
    /// first, and an older schema is migrated.
    Restore { file: std::path::PathBuf },
    /// Write the update manifest (latest.json) of a release for the company's update feed:
    /// each PACKAGE (NSIS .exe, .msi, .app.tar.gz, .deb, .rpm) with the signature in the
    /// `.sig` file next to it, and `crmSchema`, the database schema this release needs
    /// (so desktops on the shared database wait until `crm-admin migrate` has run). Run
    /// the crm-admin of the NEW release. Without --base-url the package URLs are the
    /// file names, for a manifest on a file share next to the packages.
    UpdateManifest {
        /// The release's version (1.2.3).
        #[arg(long)]
        version: String,
        /// A text file with the release notes shown to users.
        #[arg(long = "notes-file")]
        notes_file: Option<std::path::PathBuf>,
        /// Where the packages will be downloadable (https://it.example.com/crm/).
        #[arg(long = "base-url", default_value = "")]
        base_url: String,
        /// Output file (default: standard output).
        #[arg(short = 'o', long = "output")]
        output: Option<std::path::PathBuf>,
        #[arg(required = true, value_name = "PACKAGE")]
        packages: Vec<std::path::PathBuf>,
    },
    /// Copy a local CRM (sqlite:PATH) into an empty company database (mysql://…), keeping
    /// ids, users, settings, numbering and attachments, then verify row counts, money
    /// sums and checksums table by table. The source is not modified; a failure leaves
    /// the target as it was. Database accounts for the users are created afterwards.
    /// With --merge, into a company database that has data: every id is remapped, users
    /// are matched by username (or --map local=company), duplicates are reported.
    Transfer {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// Merge into a company database that already has data.
        #[arg(long)]
        merge: bool,
        /// With --merge: a local user taken as a company user (LOCAL=COMPANY usernames; repeatable).
        #[arg(long = "map", value_name = "LOCAL=COMPANY")]
        map: Vec<String>,
    },
}

/// The CLI's context: every permission, writes recorded as `--as USER` when given.
async fn cli_ctx(conn: DatabaseConnection, as_user: Option<&str>) -> Result<Ctx, AppError> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let Some(name) = as_user else { return Ok(Ctx::system(conn)) };
    let u = crm_core::entity::sys_user::Entity::find().filter(crm_core::entity::sys_user::Column::Username.eq(name)).one(&conn).await?;
    match u {
        Some(u) => Ok(Ctx::system_as(conn, u.id)),
        None => Err(AppError::validation("as", format!("用户 {name} 不存在"), format!("There is no user {name}"))),
    }
}

async fn open(url: Option<&str>, migrate_sqlite: bool) -> Result<(DatabaseConnection, DbTarget), AppError> {
    let url = url.map(str::to_string).unwrap_or_else(|| format!("sqlite:{}", db::default_sqlite_path().display()));
    let target = DbTarget::parse(&url)?;
    let conn = db::connect_url(&url).await?;
    let conn = if migrate_sqlite { db::open_ready(conn).await? } else { conn };
    Ok((conn, target))
}

fn locale_of(lang: &str) -> Locale {
    Locale::parse(lang)
}

fn read_password() -> Result<String, AppError> {
    let stdin = std::io::stdin();
    let pw = if stdin.is_terminal() {
        let a = rpassword::prompt_password("密码 / Password: ").map_err(AppError::internal)?;
        let b = rpassword::prompt_password("再次输入 / Repeat: ").map_err(AppError::internal)?;
        if a != b {
            return Err(AppError::validation("password", "两次输入的密码不一致", "The two passwords differ"));
        }
        a
    } else {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).map_err(AppError::internal)?;
        line.trim_end_matches(['\r', '\n']).to_string()
    };
    Ok(pw)
}

async fn run(cli: Cli) -> Result<(), AppError> {
    match cli.cmd {
        Cmd::Migrate => {
            // A new MySQL database name is created (utf8mb4) before migrating.
            if let Some(url) = cli.db.as_deref() {
                if let DbTarget::Mysql(mut p) = DbTarget::parse(url)? {
                    if p.password.is_none() {
                        p.password = std::env::var("CRM_DB_PASSWORD").ok().filter(|s| !s.is_empty());
                    }
                    if p.password.is_none() {
                        p.password = db::secret::get_mysql_password(&p).ok().flatten();
                    }
                    if db::create_mysql_database_if_missing(&p).await? {
                        println!("已创建数据库 / created database {}", p.database);
                    }
                }
            }
            let (conn, target) = open(cli.db.as_deref(), false).await?;
            let st = db::migrate(&conn).await?;
            println!("已迁移 / migrated: {} -> schema {}", db::describe(&target), st.db_version.unwrap_or_default());
            if matches!(target, DbTarget::Mysql(_)) {
                install_accounts(&conn, &|_| None).await?;
            }
        }
        Cmd::Status => {
            let (conn, target) = open(cli.db.as_deref(), false).await?;
            let st = service::status::status(&conn).await?;
            println!("数据库 / database: {} ({})", db::describe(&target), st.backend);
            println!("结构版本 / schema: {} (本程序 / app: {})", st.schema.db_version.as_deref().unwrap_or("-"), st.schema.app_version);
            if !st.schema.pending.is_empty() {
                println!("待执行迁移 / pending: {}  -> crm-admin migrate", st.schema.pending.join(", "));
            }
            if !st.schema.unknown.is_empty() {
                println!("数据库比本程序新 / database is newer: {}", st.schema.unknown.join(", "));
            }
            for (t, n) in st.counts {
                if n < 0 {
                    println!("  {t:<24} (missing)");
                } else {
                    println!("  {t:<24} {n}");
                }
            }
        }
        Cmd::CreateUser { username, full_name, dept, role } => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            let password = read_password()?;
            let ctx = cli_ctx(conn, cli.as_user.as_deref()).await?.with_locale(Locale::parse(&cli.lang));
            let u = service::user::create_by_names(&ctx, &username, &full_name, &dept, &role, &password).await?;
            println!(
                "已创建用户 / created user #{} {} ({}), 部门 / dept {}, 角色 / roles {}",
                u.id,
                u.username,
                u.full_name,
                u.dept_name.unwrap_or_default(),
                u.role_names.join(",")
            );
        }
        Cmd::Pdf { kind, id, output, from, to } => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            let locale = Locale::parse(&cli.lang);
            let ctx = cli_ctx(conn, cli.as_user.as_deref()).await?.with_locale(locale);
            let started = std::time::Instant::now();
            let (name, bytes) = match kind.as_str() {
                "quotation" => service::print::quotation_pdf(&ctx, id, locale).await?,
                "contract" => service::print::contract_pdf(&ctx, id, locale).await?,
                "receipt" => service::print::receipt_pdf(&ctx, id, locale).await?,
                "statement" => {
                    let today = chrono::Local::now().date_naive();
                    let to = to.unwrap_or(today);
                    let from = from.unwrap_or_else(|| to - chrono::Duration::days(365));
                    service::print::statement_pdf(&ctx, id, from, to, locale).await?
                }
                other => {
                    return Err(AppError::validation(
                        "kind",
                        format!("未知的单据类型 {other}(quotation、contract、receipt 或 statement)"),
                        format!("Unknown document kind {other} (quotation, contract, receipt or statement)"),
                    ));
                }
            };
            std::fs::write(&output, &bytes)
                .map_err(|e| AppError::validation("output", format!("无法写入 {}:{e}", output.display()), format!("Cannot write {}: {e}", output.display())))?;
            println!("已生成 / written {} ({}, {} KB, {} ms)", output.display(), name, bytes.len() / 1024, started.elapsed().as_millis());
        }
        Cmd::SeaSweep => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            let started = std::time::Instant::now();
            service::sea_clock::catch_up(&conn).await?;
            let r = service::sea::sweep(&conn, service::util::now()).await?;
            println!("公海回收 / sea sweep: {} 个客户进入公海 / customers recycled ({} ms)", r.recycled, started.elapsed().as_millis());
        }
        Cmd::UpdateManifest { version, notes_file, base_url, output, packages } => {
            let io = |p: &std::path::Path, e: std::io::Error| {
                AppError::validation("file", format!("无法读取 {}:{e}", p.display()), format!("Cannot read {}: {e}", p.display()))
            };
            let notes = match &notes_file {
                Some(f) => std::fs::read_to_string(f).map_err(|e| io(f, e))?,
                None => String::new(),
            };
            let mut list = Vec::new();
            for p in &packages {
                let sig_path = std::path::PathBuf::from(format!("{}.sig", p.display()));
                let signature = std::fs::read_to_string(&sig_path).map_err(|e| io(&sig_path, e))?;
                let file_name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                list.push(service::update::Package { file_name, signature });
            }
            let m = service::update::manifest(&version, &notes, chrono::Utc::now(), &base_url, &list)?;
            let text = serde_json::to_string_pretty(&m).map_err(AppError::internal)? + "\n";
            match output {
                Some(o) => {
                    std::fs::write(&o, text).map_err(|e| io(&o, e))?;
                    println!("{} ({} → crmSchema {})", o.display(), version, service::update::SCHEMA_VERSION);
                }
                None => print!("{text}"),
            }
        }
        Cmd::Backup { output } => {
            let (conn, target) = open(cli.db.as_deref(), false).await?;
            if !matches!(target, DbTarget::Sqlite(_)) {
                return Err(AppError::validation(
                    "db",
                    "公司数据库请用 mysqldump 或 mariadb-backup 备份(见 README)",
                    "Back up a company database with mysqldump or mariadb-backup (see README)",
                ));
            }
            let started = std::time::Instant::now();
            let f = service::backup::write_copy(&conn, &output).await?;
            println!("已备份 / backed up: {} ({} KB, {} ms)", f.path, f.size / 1024, started.elapsed().as_millis());
        }
        Cmd::Restore { file } => {
            let url = cli.db.clone().unwrap_or_else(|| format!("sqlite:{}", db::default_sqlite_path().display()));
            let DbTarget::Sqlite(live) = DbTarget::parse(&url)? else {
                return Err(AppError::validation("db", "只能恢复本地数据库", "Only a local database can be restored"));
            };
            let check = service::backup::check(&file, locale_of(&cli.lang)).await?;
            if !check.ok {
                let p = check.problem.unwrap_or_default();
                return Err(AppError::validation("file", p.clone(), p));
            }
            let data_dir = live.parent().map(|p| p.to_path_buf()).unwrap_or_else(db::data_dir);
            let previous = if live.exists() {
                let conn = db::connect_sqlite(&live).await?;
                let f = service::backup::save_before_restore(&conn, &data_dir).await?;
                conn.close().await.ok();
                f
            } else {
                service::backup::BackupFile { name: String::new(), path: "-".into(), size: 0, modified_at: service::util::now() }
            };
            let r = service::backup::restore_file(&live, &file, &previous, locale_of(&cli.lang)).await?;
            let conn = db::open_ready(db::connect_sqlite(&live).await?).await?;
            let st = db::schema_state(&conn).await?;
            println!("已恢复 / restored {} from {}", live.display(), r.restored_from);
            println!("原数据库已另存为 / the previous database was kept as {}", r.previous_saved_as);
            println!("结构版本 / schema: {}", st.db_version.unwrap_or_default());
        }
        Cmd::Transfer { from, to, merge, map } => {
            let DbTarget::Mysql(mut p) = DbTarget::parse(&to)? else {
                return Err(AppError::validation("to", "--to 必须是 mysql://… 公司数据库", "--to must be a mysql://… company database"));
            };
            if p.password.is_none() {
                p.password = std::env::var("CRM_DB_PASSWORD").ok().filter(|s| !s.is_empty());
            }
            let target = db::connect_mysql(&p).await?;
            let source = service::transfer::sqlite_path(&from);
            println!("迁移 / transferring {} -> {}:{}/{}", source.display(), p.host, p.port, p.database);
            let mut progress = |table: &str, rows: u64| println!("  {table:<28} {rows:>9}");
            let report = if merge {
                let mut opts = service::transfer::merge::MergeOptions::default();
                for m in &map {
                    let Some((l, c)) = m.split_once('=') else {
                        return Err(AppError::validation(
                            "map",
                            format!("--map 应为 本地用户名=公司用户名:{m}"),
                            format!("--map takes LOCAL=COMPANY usernames: {m}"),
                        ));
                    };
                    opts.user_map.insert(l.trim().to_string(), c.trim().to_string());
                }
                let cancel = std::sync::atomic::AtomicBool::new(false);
                let m = service::transfer::merge::merge_into(&source, &target, &opts, &cancel, &mut progress).await?;
                println!();
                print!("{}", m.render());
                m.check
            } else {
                let report = service::transfer::copy_into(&source, &target, &mut progress).await?;
                println!();
                print!("{}", report.render());
                report
            };
            if !report.verified {
                return Err(AppError::conflict(None, "校验不一致,见上表", "The verification found differences (see the table)"));
            }
            install_accounts(&target, &|_| None).await?;
        }
        Cmd::ResetSetting { key } => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            if service::settings::reset(&cli_ctx(conn, cli.as_user.as_deref()).await?, &key).await? {
                println!("已恢复默认值 / reset to its default: {key}");
            } else {
                println!("没有保存过该设置 / no stored value: {key}");
            }
        }
        Cmd::Reindex => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            let started = std::time::Instant::now();
            let n = service::search_index::reindex(&Ctx::system(conn.clone())).await?;
            service::search_index::catch_up(&conn).await?;
            println!("搜索索引已重建 / search index rebuilt: {n} 条记录 / records ({} ms)", started.elapsed().as_millis());
        }
        Cmd::Repair => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            let started = std::time::Instant::now();
            let r = service::rollup::repair_all(&conn).await?;
            service::rollup::catch_up(&conn).await?;
            service::sea_clock::catch_up(&conn).await?;
            let orders = service::work_order::repair(&conn).await?;
            service::search_index::catch_up(&conn).await?;
            println!(
                "派生数据修复 / repair: 检查 {} 份合同,修正 {} 份;补齐 {} 张工单的服务时限 / {} contracts checked, {} fixed; {} work orders given their clocks ({} ms)",
                r.checked,
                r.fixed,
                orders,
                r.checked,
                r.fixed,
                orders,
                started.elapsed().as_millis()
            );
        }
        Cmd::SeedDemo { scale, force } => {
            let (conn, _) = open(cli.db.as_deref(), true).await?;
            service::demo::guard(&conn, force).await?;
            let started = std::time::Instant::now();
            let progress = |stage: &str, done: u64, total: u64| {
                eprint!("\r{stage}: {done}/{total}        ");
                let _ = std::io::stderr().flush();
            };
            let s = service::demo::seed_demo(&conn, scale, &progress).await?;
            eprintln!();
            if db::accounts::enabled(&conn).await? {
                // The demo users log in with their own database accounts, demo password.
                install_accounts(&conn, &|_| Some(service::demo::DEMO_PASSWORD.to_string())).await?;
            }
            println!(
                "演示数据已写入 / demo data written in {:.1}s (用户密码 / users' password: {})",
                started.elapsed().as_secs_f64(),
                service::demo::DEMO_PASSWORD
            );
            for (t, n) in s.counts {
                println!("  {t:<24} {n}");
            }
        }
    }
    Ok(())
}

/// Per-user database accounts (MySQL): roles, grants, procedures, and an account for
/// every user that has none. Prints the temporary passwords of accounts it made.
async fn install_accounts(conn: &DatabaseConnection, password_for: &(dyn Fn(&str) -> Option<String> + Sync)) -> Result<(), AppError> {
    let r = db::accounts::install(conn, password_for).await?;
    println!("数据库账号 / database accounts: 角色 / roles {} {} (数据库 / database {})", r.staff_role, r.admin_role, r.database);
    if !r.created.is_empty() {
        println!("以下用户的数据库账号已创建,请把临时密码交给本人,登录后修改 / accounts created; hand each user their temporary password:");
        for (user, account, pw) in &r.created {
            println!("  {user:<24} {account:<32} {pw}");
        }
    }
    match r.server_lockout.as_deref() {
        Some("4294967295") | None => {
            println!("提示 / note: MariaDB 未限制密码错误次数;建议在服务器配置中设置 max_password_errors=10 / set max_password_errors=10 in the server config")
        }
        Some(v) => println!("服务器密码错误锁定 / server lockout after wrong passwords: {v}"),
    }
    Ok(())
}

fn main() -> ExitCode {
    let _ = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("CRM_LOG").unwrap_or_else(|_| "warn".into()))
        .try_init();
    let cli = Cli::parse();
    let locale = Locale::parse(&cli.lang);
    if cli.db.as_deref().is_some_and(|u| u.starts_with("mysql")) {
        // Passwords for MySQL profiles live in the OS keyring; fine if there is none.
        let _ = db::secret::use_native_store();
    }
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let api = e.to_api(locale);
            if let AppError::Internal(detail) = &e {
                eprintln!("{detail}");
            }
            match api.field {
                Some(f) => eprintln!("错误 / error [{}]: {} ({f})", serde_json::to_string(&api.code).unwrap_or_default().trim_matches('"'), api.message),
                None => eprintln!("错误 / error [{}]: {}", serde_json::to_string(&api.code).unwrap_or_default().trim_matches('"'), api.message),
            }
            ExitCode::FAILURE
        }
    }
}
