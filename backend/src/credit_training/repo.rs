//! Every statement on credit trainings and their attendees.

use chrono::NaiveDate;
use diesel::dsl::max;
use diesel::prelude::*;

use super::model::*;
use crate::db::schema::{
    credit_training_attendees as at, credit_trainings as tr, user_roles, users,
};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

pub fn insert(conn: &mut DbConn, new: &NewTrainingRow, attendees: &[i64]) -> ApiResult<i64> {
    let id: i64 = db_run!(conn, |c| diesel::insert_into(tr::table)
        .values(new)
        .returning(tr::id)
        .get_result(c))?;
    let rows: Vec<_> = attendees
        .iter()
        .map(|u| (at::training_id.eq(id), at::user_id.eq(*u)))
        .collect();
    db_run!(conn, |c| diesel::insert_into(at::table)
        .values(&rows)
        .execute(c))?;
    Ok(id)
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<TrainingRow>> {
    Ok(db_run!(conn, |c| tr::table
        .find(id)
        .select(TrainingRow::as_select())
        .first(c)
        .optional())?)
}

/// One page of sessions, latest first (those `user_id` attended, when given), and the count.
pub fn list(
    conn: &mut DbConn,
    user_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<TrainingRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = tr::table.into_boxed();
            if let Some(u) = user_id {
                query = query.filter(
                    tr::id.eq_any(at::table.filter(at::user_id.eq(u)).select(at::training_id)),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((tr::held_on.desc(), tr::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(TrainingRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// The attendees of these sessions with their names: (training, user, name).
pub fn attendees_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<(i64, Attendee)>> {
    let rows: Vec<(i64, i64, String)> = db_run!(conn, |c| at::table
        .inner_join(users::table)
        .filter(at::training_id.eq_any(ids))
        .order((at::training_id, users::display_name))
        .select((at::training_id, at::user_id, users::display_name))
        .load(c))?;
    Ok(rows
        .into_iter()
        .map(|(t, user_id, display_name)| {
            (
                t,
                Attendee {
                    user_id,
                    display_name,
                },
            )
        })
        .collect())
}

/// How many of `ids` are active person accounts.
pub fn count_people(conn: &mut DbConn, ids: &[i64]) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .count()
        .get_result(c))?)
}

/// Active people holding any of `roles` whose last session is before `since` (or who never
/// attended one), by name; at most 1,000.
pub fn due(conn: &mut DbConn, roles: &[&str], since: NaiveDate) -> ApiResult<Vec<LastTrainedRow>> {
    let holders = user_roles::table
        .filter(user_roles::role.eq_any(roles.to_vec()))
        .select(user_roles::user_id);
    let rows: Vec<LastTrainedRow> = db_run!(conn, |c| users::table
        .left_join(at::table.inner_join(tr::table))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .filter(users::id.eq_any(holders))
        .group_by((users::id, users::display_name))
        .select((users::id, users::display_name, max(tr::held_on.nullable())))
        .order(users::display_name)
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter(|r| r.last_trained_on.is_none_or(|d| d < since))
        .take(1000)
        .collect())
}
