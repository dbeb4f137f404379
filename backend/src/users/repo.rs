use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{NewUserRow, UserQuery, UserRow};
use crate::auth::policy::Role;
use crate::db::schema::{offices, refresh_tokens, user_roles, users};
use crate::db::{lower, DbConn};
use crate::db_run;
use crate::error::ApiResult;

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<UserRow>> {
    Ok(db_run!(conn, |c| users::table
        .find(id)
        .select(UserRow::as_select())
        .first(c)
        .optional())?)
}

pub fn find_by_username(conn: &mut DbConn, username: &str) -> ApiResult<Option<UserRow>> {
    let name = username.trim().to_lowercase();
    Ok(db_run!(conn, |c| users::table
        .filter(users::username.eq(&name))
        .select(UserRow::as_select())
        .first(c)
        .optional())?)
}

pub fn roles_of(conn: &mut DbConn, user_id: i64) -> ApiResult<Vec<Role>> {
    Ok(roles_of_many(conn, &[user_id])?
        .remove(&user_id)
        .unwrap_or_default())
}

/// Roles of many users in one query.
pub fn roles_of_many(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, Vec<Role>>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| user_roles::table
        .filter(user_roles::user_id.eq_any(ids))
        .select((user_roles::user_id, user_roles::role))
        .load(c))?;
    let mut out: HashMap<i64, Vec<Role>> = HashMap::new();
    for (id, role) in rows {
        if let Some(r) = Role::parse(&role) {
            out.entry(id).or_default().push(r);
        }
    }
    for roles in out.values_mut() {
        roles.sort();
    }
    Ok(out)
}

/// Display names of many users in one query.
pub fn display_names(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

/// Office names of many offices in one query.
pub fn office_names(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| offices::table
        .filter(offices::id.eq_any(ids))
        .select((offices::id, offices::name))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

/// The office of each of these users (None: none), by id.
pub fn offices_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, Option<i64>>> {
    let rows: Vec<(i64, Option<i64>)> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select((users::id, users::office_id))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

pub fn insert(
    conn: &mut DbConn,
    row: NewUserRow<'_>,
    roles: &[Role],
) -> Result<i64, diesel::result::Error> {
    let id: i64 = db_run!(conn, |c| diesel::insert_into(users::table)
        .values(&row)
        .returning(users::id)
        .get_result(c))?;
    set_roles(conn, id, roles)?;
    Ok(id)
}

/// Who already goes by a display name that reads the same (other than `except`): their username.
pub fn display_name_holder(
    conn: &mut DbConn,
    display_name: &str,
    except: Option<i64>,
) -> ApiResult<Option<String>> {
    let key = super::model::display_key(display_name);
    Ok(db_run!(conn, |c| users::table
        .filter(users::display_key.eq(&key))
        .filter(users::id.ne(except.unwrap_or(0)))
        .select(users::username)
        .first::<String>(c)
        .optional())?)
}

pub fn set_roles(
    conn: &mut DbConn,
    user_id: i64,
    roles: &[Role],
) -> Result<(), diesel::result::Error> {
    let mut unique: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    unique.sort();
    unique.dedup();
    let values: Vec<_> = unique
        .iter()
        .map(|r| (user_roles::user_id.eq(user_id), user_roles::role.eq(*r)))
        .collect();
    db_run!(conn, |c| {
        diesel::delete(user_roles::table.filter(user_roles::user_id.eq(user_id))).execute(c)?;
        diesel::insert_into(user_roles::table)
            .values(&values)
            .execute(c)?;
        Ok(())
    })
}

pub fn list(
    conn: &mut DbConn,
    q: &UserQuery,
    sort: &[(String, bool)],
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<UserRow>, i64)> {
    let pattern =
        q.q.as_ref()
            .map(|s| crate::db::contains_pattern(&s.trim().to_lowercase()));
    macro_rules! filtered {
        () => {{
            let mut query = users::table.into_boxed();
            if let Some(p) = &pattern {
                query = query.filter(
                    users::username
                        .like(p.clone())
                        .escape('\\')
                        .or(lower(users::display_name).like(p.clone()).escape('\\')),
                );
            }
            if let Some(role) = q.role {
                query = query.filter(
                    users::id.eq_any(
                        user_roles::table
                            .filter(user_roles::role.eq(role.as_str()))
                            .select(user_roles::user_id),
                    ),
                );
            }
            if let Some(o) = q.office_id {
                query = query.filter(users::office_id.eq(o));
            }
            if let Some(a) = q.active {
                query = query.filter(users::active.eq(a));
            }
            if let Some(k) = q.kind {
                query = query.filter(users::kind.eq(if k == super::model::UserKind::Service {
                    "service"
                } else {
                    "person"
                }));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| {
        crate::then_sort!(filtered!(), sort, {
            "username" => users::username,
            "display_name" => users::display_name,
            "created_at" => users::created_at,
            "last_login_at" => users::last_login_at,
        })
        .then_order_by(users::id.asc())
        .limit(limit)
        .offset(offset)
        .select(UserRow::as_select())
        .load(c)
    })?;
    Ok((rows, total))
}

/// Optimistic update: bumps `version`, true when the row had `version`.
#[allow(clippy::too_many_arguments)]
pub fn update_profile(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    display_name: &str,
    office_id: Option<i64>,
    language: &str,
    email: &str,
    now: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        users::table
            .filter(users::id.eq(id))
            .filter(users::version.eq(version))
    )
    .set((
        users::display_name.eq(display_name),
        users::display_key.eq(Some(super::model::display_key(display_name))),
        users::office_id.eq(office_id),
        users::language.eq(language),
        users::email.eq(email),
        users::version.eq(users::version + 1),
        users::updated_at.eq(now),
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// Ends every session of the user: older access tokens fail the generation check, refresh
/// tokens are revoked.
pub fn end_sessions(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> ApiResult<i64> {
    db_run!(conn, |c| {
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::user_id.eq(id))
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(now))
        .execute(c)?;
        let generation: i64 = diesel::update(users::table.find(id))
            .set((
                users::session_generation.eq(users::session_generation + 1),
                users::updated_at.eq(now),
            ))
            .returning(users::session_generation)
            .get_result(c)?;
        Ok(generation)
    })
}

pub fn set_active(conn: &mut DbConn, id: i64, active: bool, now: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(users::table.find(id))
        .set((
            users::active.eq(active),
            users::version.eq(users::version + 1),
            users::updated_at.eq(now)
        ))
        .execute(c))?;
    Ok(())
}

pub fn set_password(
    conn: &mut DbConn,
    id: i64,
    hash: &str,
    must_change: bool,
    now: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(users::table.find(id))
        .set((
            users::password_hash.eq(hash),
            users::must_change_password.eq(must_change),
            users::failed_logins.eq(0i64),
            users::locked_until.eq(None::<NaiveDateTime>),
            users::updated_at.eq(now),
        ))
        .execute(c))?;
    Ok(())
}

/// What users change about themselves: name, language, e-mail.
pub fn set_own_profile(
    conn: &mut DbConn,
    id: i64,
    display_name: &str,
    language: &str,
    email: &str,
    now: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(users::table.find(id))
        .set((
            users::display_name.eq(display_name),
            users::display_key.eq(Some(super::model::display_key(display_name))),
            users::language.eq(language),
            users::email.eq(email),
            users::version.eq(users::version + 1),
            users::updated_at.eq(now),
        ))
        .execute(c))?;
    Ok(())
}

/// A failed login, counted in SQL so parallel guesses each add one: returns the new count.
pub fn count_login_failure(conn: &mut DbConn, id: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::update(users::table.find(id))
        .set(users::failed_logins.eq(users::failed_logins + 1))
        .returning(users::failed_logins)
        .get_result(c))?)
}

/// Lock until `until`, unless a longer lock was set meanwhile (a lock is never shortened).
pub fn lock_until(conn: &mut DbConn, id: i64, until: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        users::table.find(id).filter(
            users::locked_until
                .is_null()
                .or(users::locked_until.lt(until))
        )
    )
    .set(users::locked_until.eq(Some(until)))
    .execute(c))?;
    Ok(())
}

/// A successful login clears the count — unless a lock was set while the password was being
/// checked (a parallel wrong guess): then nothing changes and the answer is false.
pub fn record_login_success(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        users::table.find(id).filter(
            users::locked_until
                .is_null()
                .or(users::locked_until.le(now))
        )
    )
    .set((
        users::failed_logins.eq(0i64),
        users::locked_until.eq(None::<NaiveDateTime>),
        users::last_login_at.eq(Some(now)),
    ))
    .execute(c))?;
    Ok(n == 1)
}

pub fn any_active_admin(conn: &mut DbConn) -> ApiResult<bool> {
    let n: i64 = db_run!(conn, |c| users::table
        .inner_join(user_roles::table)
        .filter(user_roles::role.eq("admin"))
        .filter(users::active.eq(true))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}
