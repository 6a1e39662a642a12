//! Per-user database accounts on MariaDB/MySQL (issue: no shared secret that grants more
//! than the user's role). MySQL only by nature: SQLite has no database accounts. These
//! run under CI against the real server and never skip there (see `common`).

use crate::common::{fresh_db, Backend};
use crm_core::db::{accounts, DbTarget, MysqlParams};
use crm_core::entity::enums::{CustomerStatus, CustomerType, UserStatus};
use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::service::auth::{self, ChangePasswordInput, LoginInput};
use crm_core::service::customer::{self, CustomerInput};
use crm_core::service::user::{self, UserInput};
use crm_core::service::{role, Ctx};
use sea_orm::{ConnectionTrait, DatabaseConnection};

fn server(url: &str) -> MysqlParams {
    match DbTarget::parse(url).unwrap() {
        DbTarget::Mysql(p) => p,
        _ => unreachable!(),
    }
}

fn login(username: &str, password: &str) -> LoginInput {
    LoginInput { username: username.into(), password: password.into(), remember: None }
}

async fn try_sql(db: &DatabaseConnection, sql: &str) -> Result<(), String> {
    db.execute_unprepared(sql).await.map(|_| ()).map_err(|e| e.to_string())
}

/// Every statement must be refused by the server itself.
async fn refused_all(db: &DatabaseConnection, who: &str, sqls: &[&str]) {
    for sql in sqls {
        match try_sql(db, sql).await {
            Ok(()) => panic!("{who} could run: {sql}"),
            Err(e) => println!("{who}: refused `{sql}` -> {}", e.chars().take(110).collect::<String>()),
        }
    }
}

fn customer_input(name: &str) -> CustomerInput {
    CustomerInput {
        customer_name: name.into(),
        customer_type: CustomerType::Enterprise,
        industry: None,
        scale: None,
        address: None,
        status: CustomerStatus::Potential,
        level: None,
        owner_id: None,
        activity_id: None,
    }
}

async fn user_input(db: &DatabaseConnection, username: &str, role_name: &str, password: &str) -> UserInput {
    let role_id: i64 = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::MySql,
            "SELECT id FROM sys_role WHERE role_name = ?",
            [role_name.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    let dept: i64 = db
        .query_one_raw(sea_orm::Statement::from_string(sea_orm::DatabaseBackend::MySql, "SELECT MIN(id) FROM sys_dept"))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    UserInput {
        username: username.into(),
        full_name: format!("用户 {username}"),
        dept_id: dept,
        role_ids: vec![role_id],
        supervisor_id: None,
        phone: None,
        email: None,
        password: Some(password.into()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn per_user_accounts_upgrade_login_and_least_privilege() {
    let Some(t) = fresh_db(Backend::Mysql).await else { return };
    let srv = server(&t.url);
    // A database on the shared-account model: an administrator and a rep, with hashes.
    let sys = t.system();
    auth::setup_admin(
        &t.db,
        auth::SetupAdminInput {
            username: "boss".into(),
            full_name: "老板".into(),
            password: "Boss#Pass2026".into(),
            password_confirm: "Boss#Pass2026".into(),
            company_name: Some("测试公司".into()),
        },
    )
    .await
    .unwrap();
    user::create(&sys, user_input(&t.db, "li.sales", "销售代表", "Li#Pass2026x").await).await.unwrap();
    assert!(!accounts::enabled(&t.db).await.unwrap());

    // The DBA upgrades it (what `crm-admin migrate` does after the migrations).
    let report = accounts::install(&t.db, &|_| None).await.unwrap();
    println!("installed roles {} / {}; created {:?}", report.staff_role, report.admin_role, report.created.iter().map(|c| &c.1).collect::<Vec<_>>());
    assert!(accounts::enabled(&t.db).await.unwrap());
    assert_eq!(report.created.len(), 2, "one account per existing user");
    let temp = |u: &str| report.created.iter().find(|c| c.0 == u).unwrap().2.clone();
    let hashes: i64 = t.raw_one("SELECT COUNT(*) FROM sys_user WHERE password_hash <> ''").await.unwrap().try_get_by_index(0).unwrap();
    assert_eq!(hashes, 0, "no password hash is left in the shared database");
    // Re-running is harmless and keeps the accounts.
    assert!(accounts::install(&t.db, &|_| None).await.unwrap().created.is_empty());

    // Logging in: the server checks the user's own password; every refusal reads the same.
    let (rep_db, rep) = auth::login_account(&srv, login("li.sales", &temp("li.sales"))).await.unwrap();
    assert_eq!(rep.username, "li.sales");
    let wrong = auth::login_account(&srv, login("li.sales", "Wrong#Pass1")).await.unwrap_err();
    let unknown = auth::login_account(&srv, login("nobody", "Wrong#Pass1")).await.unwrap_err();
    assert_eq!(wrong.to_api(Locale::ZhCn).message, unknown.to_api(Locale::ZhCn).message);
    assert_eq!(wrong.code(), ErrorCode::Validation);

    // With the rep's own credentials, raw SQL cannot escalate, read hashes or touch the audit trail.
    refused_all(
        &rep_db,
        "rep",
        &[
            "UPDATE sys_user SET role_ids = '1' WHERE username = 'li.sales'",
            "SELECT password_hash FROM sys_user",
            "SELECT * FROM sys_user",
            "UPDATE sys_role SET permissions = '*'",
            "INSERT INTO sys_role (role_name, permissions, data_scope, status, created_at, updated_at) VALUES ('x', '*', 4, 1, NOW(), NOW())",
            "DELETE FROM sys_operation_log",
            "UPDATE sys_operation_log SET summary = 'covered up'",
            "CREATE TABLE evil (id INT)",
            "ALTER TABLE crm_customer ADD COLUMN evil INT",
            "DROP TABLE crm_customer",
            "CREATE USER 'evil'@'%' IDENTIFIED BY 'x'",
            "GRANT ALL PRIVILEGES ON *.* TO CURRENT_USER()",
            &format!("CALL crm_acct_password('{}', 'Hacked#2026')", accounts::account_name(&srv.database, "boss")),
            "SELECT * FROM mysql.user",
        ],
    )
    .await;

    // ... yet the rep does their whole job through the services on that connection.
    let rep_ctx = Ctx::for_user(rep_db.clone(), rep.clone());
    let c = customer::create(&rep_ctx, customer_input("个人账号创建的客户")).await.unwrap();
    assert_eq!(customer::get(&rep_ctx, c.id).await.unwrap().customer_name, "个人账号创建的客户");
    {
        use sea_orm::TransactionTrait;
        let txn = rep_db.begin().await.unwrap();
        crm_core::service::util::lock_user(&txn, rep.id).await.unwrap();
        txn.commit().await.unwrap();
    }
    let log_rows: i64 = t.raw_one("SELECT COUNT(*) FROM sys_operation_log WHERE entity_type = 'crm_customer'").await.unwrap().try_get_by_index(0).unwrap();
    assert!(log_rows >= 1, "the rep's change was logged (INSERT is allowed)");

    // Changing one's own password changes the database account's password.
    auth::change_password(&rep_ctx, ChangePasswordInput { old_password: temp("li.sales"), new_password: "Li#NewPass2026".into() }, Some(&srv)).await.unwrap();
    assert_eq!(
        crate::common::refusal(auth::login_account(&srv, login("li.sales", &temp("li.sales"))).await),
        (crm_core::error::ErrorCode::Validation, Some("password".into()))
    );
    let (rep_db2, rep2) = auth::login_account(&srv, login("li.sales", "Li#NewPass2026")).await.unwrap();
    let e = auth::change_password(
        &Ctx::for_user(rep_db2.clone(), rep2.clone()),
        ChangePasswordInput { old_password: "Not#TheOne2026".into(), new_password: "Li#Other2026x".into() },
        Some(&srv),
    )
    .await
    .unwrap_err();
    assert!(matches!(e, AppError::Validation { .. }), "{e:?}");

    // The administrator, logged in as themself, manages users through the procedures.
    let (boss_db, boss) = auth::login_account(&srv, login("boss", &temp("boss"))).await.unwrap();
    let boss_ctx = Ctx::for_user(boss_db.clone(), boss);
    let zhou = user::create(&boss_ctx, user_input(&boss_db, "zhou.sales", "销售代表", "Zhou#Pass2026").await).await.unwrap();
    let (zhou_db, _) = auth::login_account(&srv, login("zhou.sales", "Zhou#Pass2026")).await.unwrap();
    zhou_db.close().await.ok();
    // A password reset re-keys the account and ends the user's open session.
    user::reset_password(&boss_ctx, rep2.id, "Li#Reset2026x").await.unwrap();
    assert_eq!(
        crate::common::refusal(auth::login_account(&srv, login("li.sales", "Li#NewPass2026")).await),
        (crm_core::error::ErrorCode::Validation, Some("password".into()))
    );
    assert!(matches!(auth::refresh_session(&rep_db2, &rep2).await, Err(AppError::Unauthenticated)));
    assert!(auth::login_account(&srv, login("li.sales", "Li#Reset2026x")).await.is_ok());
    // Disabling locks the database account; enabling unlocks it.
    user::set_status(&boss_ctx, zhou.id, UserStatus::Disabled).await.unwrap();
    let locked = auth::login_account(&srv, login("zhou.sales", "Zhou#Pass2026")).await.unwrap_err();
    assert_eq!(locked.to_api(Locale::ZhCn).message, unknown.to_api(Locale::ZhCn).message, "a locked account is no oracle");
    let raw = crm_core::db::connect_mysql(&MysqlParams {
        user: accounts::account_name(&srv.database, "zhou.sales"),
        password: Some("Zhou#Pass2026".into()),
        ..srv.clone()
    })
    .await;
    assert!(raw.is_err(), "the server itself refuses a disabled user's account");
    user::set_status(&boss_ctx, zhou.id, UserStatus::Enabled).await.unwrap();
    assert!(auth::login_account(&srv, login("zhou.sales", "Zhou#Pass2026")).await.is_ok());
    // With per-user accounts a username is fixed (it names the account).
    let mut rename = user_input(&boss_db, "zhou.renamed", "销售代表", "x").await;
    rename.password = None;
    let e = user::update(&boss_ctx, zhou.id, rename).await.unwrap_err();
    assert!(matches!(&e, AppError::Validation { field, .. } if field == "username"), "{e:?}");

    // Even the administrator's account: no DDL, no GRANT, an append-only log, and the
    // procedures touch only this database's CRM accounts.
    refused_all(
        &boss_db,
        "admin",
        &[
            "DELETE FROM sys_operation_log",
            "UPDATE sys_operation_log SET summary = 'x'",
            "CREATE TABLE evil (id INT)",
            "DROP TABLE sys_user",
            "GRANT ALL PRIVILEGES ON *.* TO CURRENT_USER()",
            "CALL crm_acct_password('root', 'Hacked#2026')",
            "CALL crm_acct_create('crm_000000_evil', 'Hacked#2026', 1)",
            &format!("CALL crm_acct_password('{}'' OR ''1', 'x')", accounts::account_name(&srv.database, "li")),
        ],
    )
    .await;
    // A rep promoted to a role that manages users gets the administrator database role.
    let li_admin = user_input(&boss_db, "li.sales", "系统管理员", "x").await;
    user::update(&boss_ctx, rep2.id, UserInput { password: None, ..li_admin }).await.unwrap();
    let (li_db, _) = auth::login_account(&srv, login("li.sales", "Li#Reset2026x")).await.unwrap();
    try_sql(&li_db, "UPDATE sys_role SET remark = remark").await.expect("an administrator account may edit roles");
    assert!(role::list(&Ctx::for_user(li_db.clone(), auth::load_session_user(&li_db, rep2.id).await.unwrap())).await.is_ok());

    for d in [rep_db, rep_db2, boss_db, li_db] {
        d.close().await.ok();
    }
    t.cleanup().await;
}

/// A database whose users never had accounts refuses at the server: "wrong username or
/// password", the same as every refusal (the server cannot tell which it is either).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn shared_model_database_gives_no_login_until_migrated() {
    let Some(t) = fresh_db(Backend::Mysql).await else { return };
    let srv = server(&t.url);
    auth::setup_admin(
        &t.db,
        auth::SetupAdminInput {
            username: "boss".into(),
            full_name: "老板".into(),
            password: "Boss#Pass2026".into(),
            password_confirm: "Boss#Pass2026".into(),
            company_name: None,
        },
    )
    .await
    .unwrap();
    let e = auth::login_account(&srv, login("boss", "Boss#Pass2026")).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Validation);
    // After the upgrade, with the password the DBA chose for them, it works.
    accounts::install(&t.db, &|u| (u == "boss").then(|| "Boss#Chosen2026".to_string())).await.unwrap();
    assert!(auth::login_account(&srv, login("boss", "Boss#Chosen2026")).await.is_ok());
    t.cleanup().await;
}

/// The per-desktop back-off on refusals the server gives before the app can count them.
#[test]
fn local_backoff_waits_and_forgets_on_success() {
    let b = auth::LocalBackoff::default();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap().and_hms_opt(9, 0, 0).unwrap();
    for _ in 0..4 {
        b.failed("Li.Sales", now);
    }
    assert!(b.check("li.sales", now).is_ok(), "four wrong passwords: no wait yet");
    b.failed("li.sales", now);
    assert!(b.check("LI.SALES", now).is_err(), "the fifth starts the back-off");
    assert!(b.check("li.sales", now + chrono::Duration::minutes(2)).is_ok(), "the wait is temporary");
    b.succeeded("li.sales");
    b.failed("li.sales", now);
    assert!(b.check("li.sales", now).is_ok());
}
