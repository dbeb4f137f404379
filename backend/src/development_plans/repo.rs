//! All SQL of development plans.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{PlanRow, PlanStatus};
use crate::db::schema::{development_plans as plans, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;
use crate::http::PageAt;

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<PlanRow>> {
    Ok(db_run!(conn, |c| plans::table
        .find(id)
        .select(PlanRow::as_select())
        .first(c)
        .optional())?)
}

/// A page of plans, newest first, and how many there are.
pub fn list(
    conn: &mut DbConn,
    offices: &[i64],
    status: Option<PlanStatus>,
    at: PageAt,
) -> ApiResult<(Vec<PlanRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = plans::table.into_boxed();
            for o in offices {
                query = query.filter(plans::office_id.eq(*o));
            }
            if let Some(s) = status {
                query = query.filter(plans::status.eq(s.as_str()));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<PlanRow> = db_run!(conn, |c| filtered!()
        .order(plans::id.desc())
        .limit(at.size)
        .offset(at.offset)
        .select(PlanRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// Which of these users are active people of the office.
pub fn active_people_of_office(conn: &mut DbConn, office: i64, ids: &[i64]) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .filter(users::office_id.eq(office))
        .select(users::id)
        .load(c))?)
}

/// The new plan's id.
pub fn insert(
    conn: &mut DbConn,
    office: i64,
    period: &str,
    items: &str,
    created_by: i64,
    t: NaiveDateTime,
) -> diesel::QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(plans::table)
        .values((
            plans::office_id.eq(office),
            plans::period.eq(period),
            plans::items.eq(items),
            plans::created_by.eq(Some(created_by)),
            plans::created_at.eq(t),
            plans::updated_at.eq(t),
        ))
        .returning(plans::id)
        .get_result(c))
}

/// New prospects if the version is still `version`; how many rows changed.
pub fn set_items(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    items: &str,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        plans::table
            .filter(plans::id.eq(id))
            .filter(plans::version.eq(version))
    )
    .set((
        plans::items.eq(items),
        plans::version.eq(plans::version + 1),
        plans::updated_at.eq(t)
    ))
    .execute(c))?)
}

/// A draft submitted; how many rows changed (0: not a draft).
pub fn submit(conn: &mut DbConn, id: i64, by: i64, t: NaiveDateTime) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        plans::table
            .filter(plans::id.eq(id))
            .filter(plans::status.eq(PlanStatus::Draft.as_str()))
    )
    .set((
        plans::status.eq(PlanStatus::Submitted.as_str()),
        plans::submitted_by.eq(Some(by)),
        plans::submitted_at.eq(Some(t)),
        plans::updated_at.eq(t)
    ))
    .execute(c))?)
}

pub fn comment(
    conn: &mut DbConn,
    id: i64,
    comment: &str,
    by: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(plans::table.find(id))
        .set((
            plans::status.eq(PlanStatus::Commented.as_str()),
            plans::comment.eq(comment),
            plans::commented_by.eq(Some(by)),
            plans::commented_at.eq(Some(t)),
            plans::updated_at.eq(t)
        ))
        .execute(c))?;
    Ok(())
}
