//! Login, lock-out, disabled users, first-run administrator, session permissions.
use crate::common;

use common::{dept, role, user};
use crm_core::entity::enums::{DataScope, UserStatus};
use crm_core::entity::sys_user;
use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::service::auth::{self, ChangePasswordInput, LoginInput, SetupAdminInput, MAX_FAILED_LOGINS};
use crm_core::service::{user as users, Ctx};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};

fn li(u: &str, p: &str) -> LoginInput {
    LoginInput { username: u.into(), password: p.into(), remember: None }
}

both!(login_sets_last_login_and_loads_permissions, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r1 = role(db, "r1", "customer:read,lead:*", DataScope::Own).await;
    let r2 = role(db, "r2", "contract:approve", DataScope::Department).await;
    let id = user(db, "alice", d, r1, None).await;
    // two roles: union of permissions, widest scope
    let mut am = sys_user::Entity::find_by_id(id).one(db).await.unwrap().unwrap().into_active_model();
    am.role_ids = Set(Some(format!("{r1},{r2}")));
    am.update(db).await.unwrap();

    let before = sys_user::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert!(before.last_login_time.is_none());
    let s = auth::login(db, li(" alice ", "Passw0rd!")).await.unwrap();
    assert_eq!(s.id, id);
    assert!(s.can("lead:assign") && s.can("contract:approve") && s.can("customer:read"));
    assert!(!s.can("customer:delete"));
    assert_eq!(s.data_scope, DataScope::Department);
    let after = sys_user::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert!(after.last_login_time.is_some());
});

both!(wrong_passwords_lock_the_account, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "r", "customer:read", DataScope::Own).await;
    let id = user(db, "bob", d, r, None).await;
    // Every refusal says the same thing: no hint how many tries are left or that the
    // account exists.
    for _ in 1..=MAX_FAILED_LOGINS {
        let e = auth::login(db, li("bob", "nope")).await.unwrap_err();
        let api = e.to_api(Locale::ZhCn);
        assert_eq!((api.code, api.field.as_deref(), api.message.as_str()), (ErrorCode::Validation, Some("password"), "用户名或密码错误"));
    }
    // Now even the right password is refused during the back-off, with the same message.
    let e = auth::login(db, li("bob", "Passw0rd!")).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).message, "用户名或密码错误");
    let locked = sys_user::Entity::find_by_id(id).one(db).await.unwrap().unwrap();
    assert!(locked.locked_until.is_some());
    // The back-off grows but never locks an account for good (the administrator's too).
    assert_eq!((1..=12).map(auth::backoff_minutes).collect::<Vec<_>>(), [0, 0, 0, 0, 1, 2, 4, 8, 15, 15, 15, 15]);
    // An administrator's password reset lifts the lock.
    users::reset_password(&Ctx::system(db.clone()), id, "N3w-secret").await.unwrap();
    auth::login(db, li("bob", "N3w-secret")).await.unwrap();
    // Unknown users get the same message as wrong passwords.
    let e = auth::login(db, li("nobody", "x")).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).message, "用户名或密码错误");
});

both!(disabled_user_cannot_log_in, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "r", "customer:read", DataScope::Own).await;
    let id = user(db, "carol", d, r, None).await;
    users::set_status(&Ctx::system(db.clone()), id, UserStatus::Disabled).await.unwrap();
    let e = auth::login(db, li("carol", "Passw0rd!")).await.unwrap_err();
    assert_eq!(e.to_api(Locale::ZhCn).message, "用户名或密码错误", "a disabled account is not told apart");
    // An existing session of a disabled user no longer loads.
    assert!(matches!(auth::load_session_user(db, id).await.unwrap_err(), AppError::Unauthenticated));
});

both!(first_run_creates_administrator_once, |t| {
    let db = &t.db;
    assert!(auth::needs_setup(db).await.unwrap());
    let weak = SetupAdminInput {
        username: "admin".into(),
        full_name: "管理员".into(),
        password: "short".into(),
        password_confirm: "short".into(),
        company_name: None,
    };
    let e = auth::setup_admin(db, weak).await.unwrap_err();
    assert!(matches!(e, AppError::Validation { ref field, .. } if field == "password"));
    let mismatch = SetupAdminInput {
        username: "admin".into(),
        full_name: "管理员".into(),
        password: "Adm1n-pass".into(),
        password_confirm: "Adm1n-pas".into(),
        company_name: None,
    };
    let e = auth::setup_admin(db, mismatch).await.unwrap_err();
    assert!(matches!(e, AppError::Validation { ref field, .. } if field == "passwordConfirm"));
    assert!(auth::needs_setup(db).await.unwrap(), "nothing written by refused attempts");

    let ok = SetupAdminInput {
        username: "admin".into(),
        full_name: "管理员".into(),
        password: "Adm1n-pass".into(),
        password_confirm: "Adm1n-pass".into(),
        company_name: Some("星辰科技".into()),
    };
    let s = auth::setup_admin(db, ok.clone()).await.unwrap();
    assert!(s.can("anything:at_all") || s.can("contract:approve"));
    assert_eq!(s.data_scope, DataScope::All);
    assert!(!auth::needs_setup(db).await.unwrap());
    let e = auth::setup_admin(db, ok).await.unwrap_err();
    assert!(matches!(e, AppError::Conflict { .. }));
    let s = auth::login(db, li("admin", "Adm1n-pass")).await.unwrap();
    assert_eq!(s.full_name, "管理员");
    let company = crm_core::service::settings::get_company_profile(&Ctx::for_user(db.clone(), s.clone())).await.unwrap();
    assert_eq!(company.name, "星辰科技");
    // Standard roles exist for the administrator to hand out.
    let roles = crm_core::service::role::list(&Ctx::for_user(db.clone(), s)).await.unwrap();
    assert!(roles.iter().any(|r| r.role_name == "销售代表" && r.data_scope == DataScope::Own));
});

both!(user_admin_validates_and_maps_duplicates, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "r", "customer:read", DataScope::Own).await;
    let sys = Ctx::system(db.clone()).with_locale(Locale::ZhCn);
    let mk = |username: &str, password: &str| users::UserInput {
        username: username.into(),
        full_name: "张三".into(),
        dept_id: d,
        role_ids: vec![r],
        supervisor_id: None,
        phone: Some("13800000000".into()),
        email: Some("z@example.cn".into()),
        password: Some(password.into()),
    };
    let u = users::create(&sys, mk("zhang", "Zh4ng-pass")).await.unwrap();
    assert_eq!(u.role_names, vec!["r".to_string()]);
    // duplicate username: CONFLICT naming the field, never raw SQL
    let e = users::create(&sys, mk("zhang", "Zh4ng-pass")).await.unwrap_err();
    let api = e.to_api(Locale::ZhCn);
    assert_eq!(api.code, ErrorCode::Conflict);
    assert_eq!(api.field.as_deref(), Some("username"));
    assert_eq!(api.message, "登录账号已存在");
    // bad email names the field
    let mut bad = mk("li", "L1-password");
    bad.email = Some("not-an-email".into());
    let e = users::create(&sys, bad).await.unwrap_err();
    assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("email"));
    // supervisor cycles are refused
    let boss = users::create(&sys, mk("boss", "B0ss-pass")).await.unwrap();
    let mut edit = mk("zhang", "");
    edit.supervisor_id = Some(boss.id);
    users::update(&sys, u.id, edit).await.unwrap();
    let mut edit = mk("boss", "");
    edit.supervisor_id = Some(u.id);
    let e = users::update(&sys, boss.id, edit).await.unwrap_err();
    assert!(matches!(e, AppError::Validation { ref field, .. } if field == "supervisorId"));
});

both!(a_password_reset_ends_sessions_everywhere, |t| {
    let db = &t.db;
    let d = dept(db, "公司", None).await;
    let r = role(db, "r", "customer:read", DataScope::Own).await;
    let id = user(db, "dave", d, r, None).await;
    let desk1 = auth::login(db, li("dave", "Passw0rd!")).await.unwrap();
    assert_eq!(auth::refresh_session(db, &desk1).await.unwrap().id, id);
    users::reset_password(&Ctx::system(db.clone()), id, "An0ther-secret!").await.unwrap();
    assert!(matches!(auth::refresh_session(db, &desk1).await, Err(AppError::Unauthenticated)), "the old session ends");
    let desk2 = auth::login(db, li("dave", "An0ther-secret!")).await.unwrap();
    // Changing one's own password keeps this desktop (it gets a fresh session) and ends the others.
    let ctx = Ctx::for_user(db.clone(), desk2.clone());
    let mine =
        auth::change_password(&ctx, ChangePasswordInput { old_password: "An0ther-secret!".into(), new_password: "Th1rd-secret!x".into() }, None).await.unwrap();
    assert!(auth::refresh_session(db, &mine).await.is_ok());
    assert!(matches!(auth::refresh_session(db, &desk2).await, Err(AppError::Unauthenticated)));
    // Guessing the current password is limited by the same back-off.
    let ctx = Ctx::for_user(db.clone(), mine);
    for _ in 0..MAX_FAILED_LOGINS {
        let e =
            auth::change_password(&ctx, ChangePasswordInput { old_password: "guess".into(), new_password: "Th1rd-secret!y".into() }, None).await.unwrap_err();
        assert_eq!(e.to_api(Locale::EnUs).field.as_deref(), Some("oldPassword"));
    }
    let e = auth::change_password(&ctx, ChangePasswordInput { old_password: "Th1rd-secret!x".into(), new_password: "Th1rd-secret!y".into() }, None)
        .await
        .unwrap_err();
    assert!(e.to_api(Locale::EnUs).message.contains("Too many"), "{e:?}");
});

both!(demo_data_stays_out_of_real_databases, |t| {
    let db = &t.db;
    crm_core::service::demo::guard(db, false).await.unwrap();
    let d = dept(db, "公司", None).await;
    let r = role(db, "r", "customer:read", DataScope::Own).await;
    user(db, "erin", d, r, None).await;
    let e = crm_core::service::demo::guard(db, false).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Conflict);
    assert!(e.to_api(Locale::EnUs).message.contains("--force"));
    crm_core::service::demo::guard(db, true).await.unwrap();
});
