//! Service-level clocks of work orders: per-priority targets for the first response and
//! the resolution, counted in calendar hours or in working hours (weekdays and hours,
//! holidays, and make-up working days — 调休 — listed by date), and the "at risk" point
//! at 80 % of each window. Pure functions: the work-order service stores what they
//! compute, the tests check them case by case.

use crate::entity::enums::WorkOrderPriority;
use crate::error::{AppError, AppResult};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

/// First-response and resolution targets of one priority, in minutes.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaTarget {
    pub response_minutes: u32,
    pub resolve_minutes: u32,
}

/// Targets per priority. Defaults: urgent 1 h / 4 h, normal 8 h / 24 h, low 24 h / 72 h.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct SlaTargets {
    pub urgent: SlaTarget,
    pub normal: SlaTarget,
    pub low: SlaTarget,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets {
            urgent: SlaTarget { response_minutes: 60, resolve_minutes: 4 * 60 },
            normal: SlaTarget { response_minutes: 8 * 60, resolve_minutes: 24 * 60 },
            low: SlaTarget { response_minutes: 24 * 60, resolve_minutes: 72 * 60 },
        }
    }
}

impl SlaTargets {
    pub fn of(&self, p: WorkOrderPriority) -> SlaTarget {
        match p {
            WorkOrderPriority::Urgent => self.urgent,
            WorkOrderPriority::Normal => self.normal,
            WorkOrderPriority::Low => self.low,
        }
    }
}

/// Working hours: when switched on, the clocks run only inside them.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkCalendar {
    pub enabled: bool,
    /// Working weekdays, 1 = Monday … 7 = Sunday.
    pub weekdays: Vec<u8>,
    /// Start and end of the working day, "HH:MM" local time.
    pub start: String,
    pub end: String,
    /// Days off on a working weekday (public holidays).
    #[ts(type = "string[]")]
    pub holidays: Vec<NaiveDate>,
    /// Working days on a day off (调休 make-up Saturdays and Sundays).
    #[ts(type = "string[]")]
    pub workdays: Vec<NaiveDate>,
    /// The company's offset from UTC in minutes (480 = Beijing time).
    pub utc_offset_minutes: i32,
}

impl Default for WorkCalendar {
    fn default() -> Self {
        WorkCalendar {
            enabled: false,
            weekdays: vec![1, 2, 3, 4, 5],
            start: "09:00".into(),
            end: "18:00".into(),
            holidays: vec![],
            workdays: vec![],
            utc_offset_minutes: 480,
        }
    }
}

fn hhmm(field: &str, s: &str) -> AppResult<NaiveTime> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M").map_err(|_| AppError::validation(field, "时间格式应为 HH:MM", "Use the form HH:MM"))
}

impl WorkCalendar {
    /// Check a calendar before it is saved.
    pub fn validate(&self) -> AppResult<()> {
        let (s, e) = (hhmm("calendar.start", &self.start)?, hhmm("calendar.end", &self.end)?);
        if s >= e {
            return Err(AppError::validation("calendar.end", "下班时间须晚于上班时间", "The working day must end after it starts"));
        }
        if self.weekdays.iter().any(|d| !(1..=7).contains(d)) {
            return Err(AppError::validation("calendar.weekdays", "工作日须为周一到周日", "Weekdays are 1 (Monday) to 7 (Sunday)"));
        }
        if self.weekdays.is_empty() && self.workdays.is_empty() {
            return Err(AppError::validation("calendar.weekdays", "至少要有一个工作日", "At least one working day is needed"));
        }
        if !(-14 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            return Err(AppError::validation("calendar.utcOffsetMinutes", "时区偏移无效", "Invalid UTC offset"));
        }
        for d in self.holidays.iter().chain(&self.workdays) {
            super::util::date("calendar.holidays", *d)?;
        }
        if self.holidays.len() + self.workdays.len() > 2000 {
            return Err(AppError::validation("calendar.holidays", "节假日与调休日期最多 2000 个", "At most 2000 holidays and make-up days"));
        }
        Ok(())
    }

    fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        self.weekdays.contains(&(d.weekday().number_from_monday() as u8)) && !self.holidays.contains(&d)
    }

    /// `start` (UTC) plus `seconds` of clock time: calendar seconds when the calendar is
    /// off, otherwise only the seconds inside working hours count.
    pub fn add(&self, start: NaiveDateTime, seconds: i64) -> NaiveDateTime {
        if !self.enabled || seconds <= 0 {
            return start + Duration::seconds(seconds.max(0));
        }
        let (Ok(open), Ok(close)) = (hhmm("start", &self.start), hhmm("end", &self.end)) else {
            return start + Duration::seconds(seconds);
        };
        if open >= close {
            return start + Duration::seconds(seconds);
        }
        let off = Duration::minutes(self.utc_offset_minutes as i64);
        let mut t = start + off;
        let mut left = seconds;
        // Ten years of days: a calendar with working time finds it long before.
        for _ in 0..3700 {
            let day = t.date();
            if self.is_working_day(day) {
                let (o, c) = (day.and_time(open), day.and_time(close));
                let from = t.max(o);
                if from < c {
                    let avail = (c - from).num_seconds();
                    if left <= avail {
                        return from + Duration::seconds(left) - off;
                    }
                    left -= avail;
                }
            }
            t = (day + Duration::days(1)).and_time(NaiveTime::MIN);
        }
        start + Duration::seconds(seconds)
    }
}

/// The deadlines of an order, from its creation time and priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clocks {
    pub response_due: NaiveDateTime,
    pub response_risk: NaiveDateTime,
    pub resolve_due: NaiveDateTime,
    pub resolve_risk: NaiveDateTime,
}

/// Seconds into a window at which it is at risk: 80 % of it (exact for whole minutes).
fn risk_seconds(minutes: u32) -> i64 {
    minutes as i64 * 60 * 4 / 5
}

pub fn clocks(targets: &SlaTargets, cal: &WorkCalendar, priority: WorkOrderPriority, created_at: NaiveDateTime) -> Clocks {
    let t = targets.of(priority);
    Clocks {
        response_due: cal.add(created_at, t.response_minutes as i64 * 60),
        response_risk: cal.add(created_at, risk_seconds(t.response_minutes)),
        resolve_due: cal.add(created_at, t.resolve_minutes as i64 * 60),
        resolve_risk: cal.add(created_at, risk_seconds(t.resolve_minutes)),
    }
}

/// Where an order stands against its active deadline.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum SlaState {
    /// Open, less than 80 % of the window used.
    OnTrack,
    /// Open, 80 % of the window or more used, deadline not passed.
    AtRisk,
    /// Open, deadline passed.
    Breached,
    /// Resolved within the resolution target.
    Met,
    /// Resolved after the resolution target.
    Missed,
    /// No clock (written without one).
    None,
}

/// The state of an open clock at `now`: at risk from the risk point on (inclusive),
/// breached once `now` is past the deadline (a deadline reached to the second is not
/// yet breached).
pub fn open_state(now: NaiveDateTime, due: Option<NaiveDateTime>, risk: Option<NaiveDateTime>) -> SlaState {
    match (due, risk) {
        (Some(d), _) if now > d => SlaState::Breached,
        (Some(_), Some(r)) if now >= r => SlaState::AtRisk,
        (Some(_), _) => SlaState::OnTrack,
        (None, _) => SlaState::None,
    }
}

/// The state of a resolved order: met when resolved no later than the deadline.
pub fn done_state(resolved_at: Option<NaiveDateTime>, due: Option<NaiveDateTime>) -> SlaState {
    match (resolved_at, due) {
        (Some(r), Some(d)) if r <= d => SlaState::Met,
        (Some(_), Some(_)) => SlaState::Missed,
        _ => SlaState::None,
    }
}
