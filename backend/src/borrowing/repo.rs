//! Every SQL statement of borrowing: the loans (`customer_access_grants`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{GrantRow, NewGrant};
use crate::db::schema::{customer_access_grants as grants, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

pub fn insert_grant(conn: &mut DbConn, grant: &NewGrant) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(grants::table)
        .values(grant)
        .execute(c))?;
    Ok(())
}

/// A customer's loans still running at `now`, soonest to expire first.
pub fn active_grants(
    conn: &mut DbConn,
    customer_id: i64,
    now: NaiveDateTime,
) -> ApiResult<Vec<GrantRow>> {
    Ok(db_run!(conn, |c| grants::table
        .inner_join(users::table.on(users::id.eq(grants::user_id)))
        .filter(grants::customer_id.eq(customer_id))
        .filter(grants::expires_at.gt(now))
        .filter(grants::revoked_at.is_null())
        .order(grants::expires_at.asc())
        .select(GrantRow::as_select())
        .load(c))?)
}
