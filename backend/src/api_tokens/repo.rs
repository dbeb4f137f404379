use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{ApiTokenRow, NewApiTokenRow};
use crate::db::schema::api_tokens;
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// Tokens newest first (`only`: just that one).
pub fn select_rows(
    conn: &mut DbConn,
    only: Option<i64>,
    limit: i64,
    offset: i64,
) -> ApiResult<Vec<ApiTokenRow>> {
    Ok(db_run!(conn, |c| {
        let mut q = api_tokens::table.into_boxed();
        if let Some(id) = only {
            q = q.filter(api_tokens::id.eq(id));
        }
        q.order(api_tokens::id.desc())
            .limit(limit)
            .offset(offset)
            .select(ApiTokenRow::as_select())
            .load(c)
    })?)
}

pub fn count(conn: &mut DbConn) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| api_tokens::table.count().get_result(c))?)
}

pub fn insert(conn: &mut DbConn, row: &NewApiTokenRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(api_tokens::table)
        .values(row)
        .returning(api_tokens::id)
        .get_result(c))?)
}

pub fn set_revoked(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(api_tokens::table.find(id))
        .set(api_tokens::revoked_at.eq(Some(t)))
        .execute(c))?;
    Ok(())
}

/// The token with this hash, revoked or not.
pub fn find_by_hash(conn: &mut DbConn, hash: &str) -> ApiResult<Option<ApiTokenRow>> {
    Ok(db_run!(conn, |c| api_tokens::table
        .filter(api_tokens::token_hash.eq(hash))
        .select(ApiTokenRow::as_select())
        .first(c)
        .optional())?)
}

pub fn set_last_used(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(api_tokens::table.find(id))
        .set(api_tokens::last_used_at.eq(Some(t)))
        .execute(c))?;
    Ok(())
}
