use chrono::NaiveDate;
use diesel::prelude::*;

use super::model::{CalendarDay, DayRow};
use super::rules::year_bounds;
use crate::db::schema::calendar_days;
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// The stored exceptions from `from` to `to`, in date order.
pub fn exceptions(conn: &mut DbConn, from: NaiveDate, to: NaiveDate) -> ApiResult<Vec<DayRow>> {
    Ok(db_run!(conn, |c| calendar_days::table
        .filter(calendar_days::day.ge(from))
        .filter(calendar_days::day.le(to))
        .order(calendar_days::day)
        .select(DayRow::as_select())
        .load(c))?)
}

/// A year's exceptions, in date order.
pub fn year_days(conn: &mut DbConn, year: i32) -> ApiResult<Vec<CalendarDay>> {
    let (from, to) = year_bounds(year);
    Ok(exceptions(conn, from, to)?
        .into_iter()
        .map(CalendarDay::from)
        .collect())
}

/// Replace a year's exceptions (one delete, one multi-row insert).
pub fn replace_year(
    conn: &mut DbConn,
    year: i32,
    days: &[CalendarDay],
    user_id: i64,
) -> ApiResult<()> {
    let (from, to) = year_bounds(year);
    let t = crate::time::now();
    db_run!(conn, |c| diesel::delete(
        calendar_days::table
            .filter(calendar_days::day.ge(from))
            .filter(calendar_days::day.le(to))
    )
    .execute(c))?;
    let rows: Vec<_> = days
        .iter()
        .map(|d| {
            (
                calendar_days::day.eq(d.date),
                calendar_days::kind.eq(d.kind.as_str()),
                calendar_days::name.eq(d.name.trim()),
                calendar_days::updated_by.eq(Some(user_id)),
                calendar_days::updated_at.eq(t),
            )
        })
        .collect();
    if !rows.is_empty() {
        db_run!(conn, |c| diesel::insert_into(calendar_days::table)
            .values(&rows)
            .execute(c))?;
    }
    Ok(())
}
