//! Refresh tokens: one row per issued token, rotated on use, grouped in families that end
//! together (logout, or a used token presented again).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::refresh_tokens;
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = refresh_tokens)]
pub struct RefreshRow {
    pub id: i64,
    pub user_id: i64,
    pub family: String,
    pub session_generation: i64,
    pub expires_at: NaiveDateTime,
    pub used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_refresh(
    conn: &mut DbConn,
    user_id: i64,
    family: &str,
    hash: &str,
    generation: i64,
    expires_at: NaiveDateTime,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::user_id.eq(user_id),
            refresh_tokens::family.eq(family),
            refresh_tokens::token_hash.eq(hash),
            refresh_tokens::session_generation.eq(generation),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(t),
        ))
        .execute(c))?;
    Ok(())
}

pub fn find_refresh(conn: &mut DbConn, hash: &str) -> ApiResult<Option<RefreshRow>> {
    Ok(db_run!(conn, |c| refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash))
        .select(RefreshRow::as_select())
        .first(c)
        .optional())?)
}

/// Mark a token used if it is still unused: of two concurrent refreshes exactly one wins.
pub fn claim_refresh(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(id))
            .filter(refresh_tokens::used_at.is_null())
    )
    .set(refresh_tokens::used_at.eq(Some(t)))
    .execute(c))?;
    Ok(n == 1)
}

/// Revoke every token of a family (reuse detected, or logout).
pub fn revoke_family(conn: &mut DbConn, family: &str, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_null())
    )
    .set(refresh_tokens::revoked_at.eq(Some(t)))
    .execute(c))?;
    Ok(())
}
