use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::settings;
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// The stored value of a setting, if it was ever set.
pub fn value(conn: &mut DbConn, key: &str) -> ApiResult<Option<String>> {
    Ok(db_run!(conn, |c| settings::table
        .find(key)
        .select(settings::value)
        .first::<String>(c)
        .optional())?)
}

pub fn set_value(conn: &mut DbConn, key: &str, value: &str, now: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(settings::table)
        .values((
            settings::key.eq(key),
            settings::value.eq(value),
            settings::updated_at.eq(now)
        ))
        .on_conflict(settings::key)
        .do_update()
        .set((settings::value.eq(value), settings::updated_at.eq(now)))
        .execute(c))?;
    Ok(())
}
