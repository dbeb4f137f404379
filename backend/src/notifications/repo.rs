use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{NewNotification, NotificationQuery, NotificationRow};
use crate::db::schema::{notifications, user_roles, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// Which of these users have an e-mail address (they get a copy by mail).
pub fn with_email(conn: &mut DbConn, user_ids: &[i64]) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(user_ids))
        .filter(users::email.ne(""))
        .select(users::id)
        .load(c))?)
}

/// New notifications, one statement for all.
pub fn insert(conn: &mut DbConn, rows: &[NewNotification]) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(notifications::table)
        .values(rows)
        .execute(c))?;
    Ok(())
}

/// Active people holding `role`.
pub fn holders_of(conn: &mut DbConn, role: &str) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq(role))
        .filter(users::active.eq(true))
        .filter(users::kind.eq("person"))
        .select(users::id)
        .load(c))?)
}

/// A page of a user's notifications, newest first, and how many there are.
pub fn list(
    conn: &mut DbConn,
    user_id: i64,
    q: &NotificationQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<NotificationRow>, i64)> {
    let unread = q.unread.unwrap_or(false);
    macro_rules! mine {
        () => {{
            let mut query = notifications::table
                .filter(notifications::user_id.eq(user_id))
                .into_boxed();
            if unread {
                query = query.filter(notifications::read_at.is_null());
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| mine!().count().get_result(c))?;
    let rows = db_run!(conn, |c| mine!()
        .order(notifications::id.desc())
        .limit(limit)
        .offset(offset)
        .select(NotificationRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

pub fn unread_count(conn: &mut DbConn, user_id: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| notifications::table
        .filter(notifications::user_id.eq(user_id))
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(c))?)
}

/// Mark one of the user's notifications read (if unread); false when it is not the user's.
pub fn mark_read(conn: &mut DbConn, user_id: i64, id: i64, t: NaiveDateTime) -> ApiResult<bool> {
    let mine = notifications::table
        .filter(notifications::id.eq(id))
        .filter(notifications::user_id.eq(user_id));
    db_run!(conn, |c| diesel::update(
        mine.filter(notifications::read_at.is_null())
    )
    .set(notifications::read_at.eq(Some(t)))
    .execute(c))?;
    let n: i64 = db_run!(conn, |c| mine.count().get_result(c))?;
    Ok(n > 0)
}

pub fn mark_all_read(conn: &mut DbConn, user_id: i64, t: NaiveDateTime) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        notifications::table
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null())
    )
    .set(notifications::read_at.eq(Some(t)))
    .execute(c))?)
}
