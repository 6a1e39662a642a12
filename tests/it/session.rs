//! Without a session every service behind a command answers UNAUTHENTICATED.

use crm_core::error::{AppError, ErrorCode, Locale};
use crm_core::service::*;

fn unauth<T: std::fmt::Debug>(r: Result<T, AppError>) {
    let e = r.expect_err("must be refused");
    assert!(matches!(e, AppError::Unauthenticated), "{e:?}");
    assert_eq!(e.to_api(Locale::ZhCn).code, ErrorCode::Unauthenticated);
}

both!(anonymous_calls_are_refused, |t| {
    let ctx = Ctx::anonymous(t.db.clone());
    unauth(customer::list(&ctx, Default::default(), PageReq::default()).await);
    unauth(customer::get(&ctx, 1).await);
    unauth(customer::delete(&ctx, 1).await);
    unauth(user::list(&ctx, Default::default(), PageReq::default()).await);
    unauth(user::options(&ctx).await);
    unauth(user::reset_password(&ctx, 1, "Xx-123456").await);
    unauth(dept::tree(&ctx).await);
    unauth(dept::delete(&ctx, 1).await);
    unauth(role::list(&ctx).await);
    unauth(role::delete(&ctx, 1).await);
    unauth(settings::get_company_profile(&ctx).await);
    unauth(settings::set_company_profile(&ctx, Default::default()).await);
    unauth(numbering::list_rules(&ctx).await);
    unauth(numbering::issue(&ctx, numbering::DocType::Quotation).await);
    unauth(search::search(&ctx, "x", 5).await);
    unauth(history::of_record(&ctx, "crm_customer", 1, PageReq::default()).await);
    unauth(auth::change_password(&ctx, auth::ChangePasswordInput { old_password: "a".into(), new_password: "b".into() }, None).await);
});
