//! Work the desktop does on its own while it runs: the roll-up catch-up and the public-sea
//! sweep (when the database is first opened, then hourly) and follow-up reminders as OS notifications
//! (a summary of missed ones after log-in, then each one as it falls due), and work orders
//! assigned to the user or reaching their at-risk point; SMS campaigns the user created
//! that are due (scheduled, interrupted, or waiting for the send window) are sent on.

use super::AppState;
use crm_core::error::Locale;
use crm_core::service::{rollup, sea, sea_clock, todo, util, work_order};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager};
use tauri_plugin_notification::NotificationExt;

const SWEEP_EVERY: Duration = Duration::from_secs(3600);
const TICK: Duration = Duration::from_secs(30);

fn notify(app: &AppHandle, title: &str, body: &str) {
    if let Err(e) = app.notification().builder().title(title).body(body).show() {
        tracing::warn!("notification failed: {e}");
    }
}

pub fn spawn(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        let mut last_sweep: Option<Instant> = None;
        // The user whose missed reminders were summarised, and up to when reminders were shown.
        let mut greeted: Option<i64> = None;
        let mut since = util::now();
        // The (user, day) whose payment plans falling due were announced.
        let mut plans_told: Option<(i64, chrono::NaiveDate)> = None;
        // Campaigns this desktop is sending on its own.
        let sending: std::sync::Arc<std::sync::Mutex<std::collections::HashSet<i64>>> = Default::default();
        loop {
            tokio::time::sleep(if last_sweep.is_none() { Duration::from_secs(2) } else { TICK }).await;
            let state = app.state::<AppState>();
            let Some(db) = state.db.read().await.as_ref().map(|(d, _)| d.clone()) else { continue };
            if last_sweep.is_none_or(|t| t.elapsed() >= SWEEP_EVERY) {
                last_sweep = Some(Instant::now());
                // Rows written without the app (SQL, other tools) get their derived money
                // columns recomputed before anyone filters by them.
                if let Err(e) = sea_clock::catch_up(&db).await {
                    tracing::warn!("follow-up catch-up failed: {e}");
                }
                if let Err(e) = work_order::catch_up(&db).await {
                    tracing::warn!("work-order clock catch-up failed: {e}");
                }
                match crm_core::service::search_index::catch_up(&db).await {
                    Ok(n) if n > 0 => tracing::info!(records = n, "search index catch-up"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!("search index catch-up failed: {e}"),
                }
                match rollup::catch_up(&db).await {
                    Ok(r) => tracing::info!(checked = r.checked, fixed = r.fixed, "roll-up catch-up"),
                    Err(e) => tracing::warn!("roll-up catch-up failed: {e}"),
                }
                match sea::sweep(&db, util::now()).await {
                    Ok(r) => tracing::info!(recycled = r.recycled, "scheduled public sea sweep"),
                    Err(e) => tracing::warn!("public sea sweep failed: {e}"),
                }
            }
            let Some(user) = state.user.read().await.clone() else {
                greeted = None;
                continue;
            };
            let locale = *state.locale.read().await;
            let zh = locale == Locale::ZhCn;
            // Re-checked like every command: a disabled account or a reset password gets no
            // more reminders.
            let ctx = match state.ctx_quiet().await {
                Ok(c) => c.with_locale(locale),
                Err(_) => {
                    greeted = None;
                    continue;
                }
            };
            let now = util::now();
            if greeted != Some(user.id) {
                greeted = Some(user.id);
                since = now;
                match todo::overdue_count(&ctx).await {
                    Ok(0) => {}
                    Ok(n) => notify(
                        &app,
                        if zh { "跟进提醒" } else { "Follow-up reminders" },
                        &if zh { format!("您有 {n} 条跟进已到期,请查看待办") } else { format!("{n} follow-ups are due; see your to-do list") },
                    ),
                    Err(e) => tracing::warn!("reminder check failed: {e}"),
                }
                continue;
            }
            // Once a day per user: payment plans falling due today (like reminders, in the OS).
            let offset = chrono::Local::now().offset().local_minus_utc() / 60;
            let day = chrono::Local::now().date_naive();
            if plans_told != Some((user.id, day)) {
                plans_told = Some((user.id, day));
                match todo::plans_due_today(&ctx, offset).await {
                    Ok(0) => {}
                    Ok(n) => notify(
                        &app,
                        if zh { "回款提醒" } else { "Payments due" },
                        &if zh {
                            format!("今天有 {n} 笔回款计划到期,请查看待办")
                        } else {
                            format!("{n} payment plans fall due today; see your to-do list")
                        },
                    ),
                    Err(e) => tracing::warn!("payment plan check failed: {e}"),
                }
            }
            // Work orders given to me, and mine reaching their at-risk point.
            match work_order::alerts(&ctx, since, now).await {
                Ok(list) => {
                    for a in list {
                        let (title, en) = match a.kind.as_str() {
                            "assigned" => ("新工单指派给您", "A work order was assigned to you"),
                            _ => ("工单即将超时", "A work order is at risk of breaching its deadline"),
                        };
                        notify(&app, if zh { title } else { en }, &format!("{} {}", a.order_no, a.title));
                    }
                }
                Err(e) => tracing::warn!("work-order alert check failed: {e}"),
            }
            if ctx.can("marketing:send") {
                match crm_core::service::marketing::campaign::due_for(&db, user.id).await {
                    Ok(ids) => {
                        for id in ids {
                            if !sending.lock().unwrap_or_else(|e| e.into_inner()).insert(id) {
                                continue;
                            }
                            let (ctx, sending) = (ctx.clone(), sending.clone());
                            tauri::async_runtime::spawn(async move {
                                let gw = match super::marketing::gateway(&ctx.db).await {
                                    Ok(g) => g,
                                    Err(e) => {
                                        tracing::warn!("campaign {id} waits: the SMS gateway is not ready: {e}");
                                        sending.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
                                        return;
                                    }
                                };
                                let opts = crm_core::service::marketing::campaign::RunOptions {
                                    tz_offset_minutes: chrono::Local::now().offset().local_minus_utc() / 60,
                                    ..Default::default()
                                };
                                let stop = std::sync::atomic::AtomicBool::new(false);
                                match crm_core::service::marketing::campaign::send(&ctx, id, gw.as_ref(), opts, &stop, &mut |_| {}).await {
                                    Ok(end) => tracing::info!(campaign = id, ?end, "campaign sent on"),
                                    Err(e) => tracing::warn!("campaign {id} failed: {e}"),
                                }
                                sending.lock().unwrap_or_else(|e| e.into_inner()).remove(&id);
                            });
                        }
                    }
                    Err(e) => tracing::warn!("campaign check failed: {e}"),
                }
            }
            match todo::due_between(&ctx, since, now).await {
                Ok(list) => {
                    for f in list {
                        let who = f.relation_name.clone().unwrap_or_default();
                        let what = f.next_content.clone().unwrap_or_else(|| f.content.chars().take(60).collect());
                        notify(&app, &if zh { format!("该跟进了:{who}") } else { format!("Follow up: {who}") }, &what);
                    }
                    since = now;
                }
                Err(e) => tracing::warn!("reminder check failed: {e}"),
            }
        }
    });
}
