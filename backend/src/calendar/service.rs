use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::model::{CalendarDay, CalendarYear};
use super::repo;
use super::rules::{year_bounds, WorkCalendar};
use crate::audit::{self, Actor, Event};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;

/// The instant `n` working days after `at`, at the same time of day (deadlines of requests).
pub fn working_days_after(
    conn: &mut DbConn,
    at: NaiveDateTime,
    n: u32,
) -> ApiResult<NaiveDateTime> {
    let day = crate::time::local_date(at);
    let due = WorkCalendar::load(conn, day, n)?.add_working_days(day, n);
    Ok(at + (due - day))
}

impl WorkCalendar {
    /// The exceptions from `from` on, far enough for `working_days` working days (holidays
    /// never take more than a few weeks a year, so a year beyond the plain count is ample).
    pub fn load(conn: &mut DbConn, from: NaiveDate, working_days: u32) -> ApiResult<WorkCalendar> {
        let until = from + Duration::days(i64::from(working_days) * 7 / 5 + 400);
        let rows = repo::exceptions(conn, from - Duration::days(14), until)?;
        Ok(WorkCalendar {
            exceptions: rows
                .into_iter()
                .map(|r| (r.day, (r.kind == "workday", r.name)))
                .collect(),
            until: Some(until),
        })
    }
}

pub fn check_year_param(year: i32) -> ApiResult<i32> {
    if (2000..=2100).contains(&year) {
        Ok(year)
    } else {
        Err(ApiError::field(
            "year",
            "out_of_range",
            "a year from 2000 to 2100",
        ))
    }
}

/// A year with its exceptions and working-day count.
pub fn year(conn: &mut DbConn, year: i32) -> ApiResult<CalendarYear> {
    let days = repo::year_days(conn, year)?;
    let cal = WorkCalendar::from_days(&days);
    let (from, to) = year_bounds(year);
    Ok(CalendarYear {
        year,
        working_days: cal.working_days_between(from.pred_opt().expect("not the first day"), to),
        days,
    })
}

/// Replace a year's exceptions, audited as `action` with the list before and after.
pub fn save_year(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    year_no: i32,
    days: &[CalendarDay],
    user_id: i64,
    action: &'static str,
) -> ApiResult<CalendarYear> {
    let before = repo::year_days(conn, year_no)?;
    repo::replace_year(conn, year_no, days, user_id)?;
    let after = year(conn, year_no)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new(action, "calendar", year_no)
            .before(&serde_json::json!({ "days": before }))
            .after(&serde_json::json!({ "days": after.days })),
    )?;
    Ok(after)
}
