use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{OfficeQuery, OfficeRow};
use crate::db::lower;
use crate::db::schema::{offices, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<OfficeRow>> {
    Ok(db_run!(conn, |c| offices::table
        .find(id)
        .select(OfficeRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_code(conn: &mut DbConn, code: &str) -> ApiResult<Option<OfficeRow>> {
    Ok(db_run!(conn, |c| offices::table
        .filter(offices::code.eq(code))
        .select(OfficeRow::as_select())
        .first(c)
        .optional())?)
}

pub fn insert(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    region: &str,
    director: Option<i64>,
    now: NaiveDateTime,
) -> Result<i64, diesel::result::Error> {
    db_run!(conn, |c| diesel::insert_into(offices::table)
        .values((
            offices::code.eq(code),
            offices::name.eq(name),
            offices::region.eq(region),
            offices::director_user_id.eq(director),
            offices::created_at.eq(now),
            offices::updated_at.eq(now),
        ))
        .returning(offices::id)
        .get_result(c))
}

pub fn update(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    name: &str,
    region: &str,
    director: Option<i64>,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        offices::table
            .filter(offices::id.eq(id))
            .filter(offices::version.eq(version))
    )
    .set((
        offices::name.eq(name),
        offices::region.eq(region),
        offices::director_user_id.eq(director),
        offices::version.eq(offices::version + 1),
        offices::updated_at.eq(now),
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// Display names of the given users in one query.
pub fn user_names(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

pub fn list(
    conn: &mut DbConn,
    q: &OfficeQuery,
    sort: &[(String, bool)],
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<OfficeRow>, i64)> {
    let pattern =
        q.q.as_ref()
            .map(|s| crate::db::contains_pattern(&s.trim().to_lowercase()));
    macro_rules! filtered {
        () => {{
            let mut query = offices::table.into_boxed();
            if let Some(p) = &pattern {
                query = query.filter(
                    lower(offices::code)
                        .like(p.clone())
                        .escape('\\')
                        .or(lower(offices::name).like(p.clone()).escape('\\'))
                        .or(lower(offices::region).like(p.clone()).escape('\\')),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| {
        crate::then_sort!(filtered!(), sort, {
            "code" => offices::code,
            "name" => offices::name,
            "region" => offices::region,
            "created_at" => offices::created_at,
        })
        .then_order_by(offices::code.asc())
        .limit(limit)
        .offset(offset)
        .select(OfficeRow::as_select())
        .load(c)
    })?;
    Ok((rows, total))
}
