//! User administration: rules and transactions (no HTTP here).

use chrono::NaiveDateTime;

use super::model::{
    CreateUser, Language, NewUserRow, UpdateUser, User, UserKind, UserQuery, UserRow,
};
use super::repo;
use crate::audit::{self, Actor, Event};
use crate::auth::policy::Role;
use crate::db::{is_unique_violation, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

/// Assemble the API view of several users with two extra queries in all.
pub fn to_dtos(conn: &mut DbConn, rows: Vec<UserRow>) -> ApiResult<Vec<User>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let office_ids: Vec<i64> = rows.iter().filter_map(|r| r.office_id).collect();
    let mut roles = repo::roles_of_many(conn, &ids)?;
    let offices = repo::office_names(conn, &office_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let office_name = r.office_id.and_then(|o| offices.get(&o).cloned());
            let rs = roles.remove(&r.id).unwrap_or_default();
            User::from_row(r, rs, office_name)
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: i64) -> ApiResult<User> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

pub fn valid_username(field: &str, username: &str) -> Option<FieldError> {
    let ok_chars = username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    let len = username.chars().count();
    if !(2..=64).contains(&len) || !ok_chars {
        Some(FieldError::new(
            field,
            "invalid",
            "2–64 characters: letters, digits, '.', '_' or '-'",
        ))
    } else {
        None
    }
}

pub fn check_display_name(field: &str, name: &str, errors: &mut Vec<FieldError>) {
    let len = name.trim().chars().count();
    if len == 0 {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if len > 100 {
        errors.push(FieldError::new(
            field,
            "too_long",
            "must be at most 100 characters",
        ));
    }
}

/// A unique value taken (by a writer a moment before the check): which one, at its field.
pub fn taken(display_name_field: &str, e: diesel::result::Error) -> ApiError {
    if !is_unique_violation(&e) {
        return e.into();
    }
    if let diesel::result::Error::DatabaseError(_, info) = &e {
        if info.message().contains("display_key") {
            return ApiError::Duplicate(vec![FieldError::new(
                display_name_field,
                "duplicate",
                "another user has this name already",
            )]);
        }
    }
    ApiError::Duplicate(vec![FieldError::new(
        "username",
        "duplicate",
        "this username is taken",
    )])
}

/// A display name must not read like another user's (`display_key`): the refusal names the
/// holder's username so the administrator can tell the two apart (e.g. add the office).
pub fn check_display_name_free(
    conn: &mut DbConn,
    field: &str,
    name: &str,
    except: Option<i64>,
    errors: &mut Vec<FieldError>,
) -> ApiResult<()> {
    if errors.iter().any(|e| e.field == field) {
        return Ok(());
    }
    if let Some(holder) = repo::display_name_holder(conn, name, except)? {
        errors.push(FieldError::new(
            field,
            "display_name.taken",
            format!("the user {holder} goes by this name already: add something that tells the two apart"),
        ));
    }
    Ok(())
}

pub fn check_office(
    conn: &mut DbConn,
    office_id: Option<i64>,
    errors: &mut Vec<FieldError>,
) -> ApiResult<()> {
    if let Some(o) = office_id {
        if crate::offices::repo::find(conn, o)?.is_none() {
            errors.push(FieldError::new(
                "office_id",
                "unknown_office",
                "no office has this id",
            ));
        }
    }
    Ok(())
}

/// An e-mail address for notification copies: empty, or one plausible address.
pub fn check_email(field: &str, email: &str, errors: &mut Vec<FieldError>) {
    let e = email.trim();
    let plausible = e.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty()
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
    });
    if !e.is_empty() && (e.chars().count() > 200 || e.contains(char::is_whitespace) || !plausible) {
        errors.push(FieldError::new(
            field,
            "invalid",
            "an e-mail address such as zhangsan@example.com",
        ));
    }
}

/// Validate a new user; the password hash is computed by the caller outside the transaction.
pub fn validate_create(input: &CreateUser) -> Vec<FieldError> {
    let username = input.username.trim().to_lowercase();
    let mut errors = Vec::new();
    errors.extend(valid_username("username", &username));
    check_display_name("display_name", &input.display_name, &mut errors);
    check_email("email", input.email.as_deref().unwrap_or(""), &mut errors);
    if input.roles.is_empty() {
        errors.push(FieldError::new("roles", "required", "at least one role"));
    }
    errors.extend(crate::auth::password::check_rules(
        "password",
        &input.password,
        &username,
    ));
    errors
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    input: &CreateUser,
    password_hash: &str,
) -> ApiResult<User> {
    let username = input.username.trim().to_lowercase();
    let mut errors = validate_create(input);
    check_display_name_free(conn, "display_name", &input.display_name, None, &mut errors)?;
    check_office(conn, input.office_id, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let t = now();
    let id = repo::insert(
        conn,
        NewUserRow {
            username: &username,
            display_name: input.display_name.trim(),
            display_key: super::model::display_key(&input.display_name),
            password_hash: Some(password_hash),
            kind: "person",
            office_id: input.office_id,
            language: input.language.unwrap_or_default().as_str(),
            email: input.email.as_deref().unwrap_or("").trim(),
            active: true,
            must_change_password: true,
            created_at: t,
            updated_at: t,
        },
        &input.roles,
    )
    .map_err(|e| taken("display_name", e))?;
    let user = get(conn, id)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("user.create", "user", id).after(&user),
    )?;
    Ok(user)
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    id: i64,
    input: &UpdateUser,
) -> ApiResult<User> {
    let before = get(conn, id)?;
    let mut errors = Vec::new();
    let display_name = input
        .display_name
        .clone()
        .unwrap_or_else(|| before.display_name.clone());
    check_display_name("display_name", &display_name, &mut errors);
    check_display_name_free(conn, "display_name", &display_name, Some(id), &mut errors)?;
    let email = input.email.clone().unwrap_or_else(|| before.email.clone());
    check_email("email", &email, &mut errors);
    let office_id = input.office_id.unwrap_or(before.office_id);
    check_office(conn, office_id, &mut errors)?;
    if let Some(roles) = &input.roles {
        if roles.is_empty() {
            errors.push(FieldError::new("roles", "required", "at least one role"));
        }
        let mut wanted = roles.clone();
        wanted.sort();
        wanted.dedup();
        let mut had = before.roles.clone();
        had.sort();
        if id == actor.id.unwrap_or(0) && wanted != had {
            // Nobody changes their own roles: an administrator cannot make himself a business
            // user (or drop his own admin role); another administrator does it.
            errors.push(FieldError::new(
                "roles",
                "roles.own",
                "you cannot change your own roles; ask another administrator",
            ));
        }
        if before.kind == UserKind::Service && roles.contains(&Role::Admin) {
            errors.push(FieldError::new(
                "roles",
                "roles.service_admin",
                "a service account (API token) never holds the admin role",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let language = input.language.unwrap_or(before.language);
    if !repo::update_profile(
        conn,
        id,
        input.version,
        display_name.trim(),
        office_id,
        language.as_str(),
        email.trim(),
        now(),
    )? {
        return Err(ApiError::StaleVersion);
    }
    if let Some(roles) = &input.roles {
        repo::set_roles(conn, id, roles)?;
    }
    let after = get(conn, id)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("user.update", "user", id)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

pub fn set_active(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    id: i64,
    active: bool,
) -> ApiResult<User> {
    let before = get(conn, id)?;
    if !active && actor.id == Some(id) {
        return Err(ApiError::field(
            "id",
            "invalid",
            "you cannot disable your own account",
        ));
    }
    let t = now();
    repo::set_active(conn, id, active, t)?;
    if !active {
        // A disabled user loses every session at once.
        repo::end_sessions(conn, id, t)?;
    }
    let after = get(conn, id)?;
    let action = if active {
        "user.enable"
    } else {
        "user.disable"
    };
    audit::record(
        conn,
        actor,
        meta,
        Event::new(action, "user", id).before(&before).after(&after),
    )?;
    Ok(after)
}

pub fn reset_password(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    id: i64,
    hash: &str,
) -> ApiResult<()> {
    let user = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    if user.kind == "service" {
        return Err(ApiError::field(
            "id",
            "invalid",
            "service accounts have no password",
        ));
    }
    let t = now();
    repo::set_password(conn, id, hash, true, t)?;
    repo::end_sessions(conn, id, t)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("user.reset_password", "user", id),
    )
}

pub fn end_sessions(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<()> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    repo::end_sessions(conn, id, now())?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("user.end_sessions", "user", id),
    )
}

pub fn list(
    conn: &mut DbConn,
    q: &UserQuery,
    sort: &[(String, bool)],
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<User>, i64)> {
    let (rows, total) = repo::list(conn, q, sort, limit, offset)?;
    Ok((to_dtos(conn, rows)?, total))
}

/// Used by the CLI and first start: create a person with roles, or fail clearly.
#[allow(clippy::too_many_arguments)]
pub fn create_person(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    username: &str,
    display_name: &str,
    roles: &[Role],
    office_id: Option<i64>,
    password_hash: &str,
    must_change_password: bool,
) -> ApiResult<i64> {
    let mut errors = Vec::new();
    if repo::find_by_username(conn, username)?.is_some() {
        errors.push(FieldError::new(
            "username",
            "duplicate",
            "this username is taken",
        ));
    } else {
        check_display_name_free(conn, "display_name", display_name, None, &mut errors)?;
    }
    if !errors.is_empty() {
        return Err(ApiError::Duplicate(errors));
    }
    let t = now();
    let id = repo::insert(
        conn,
        NewUserRow {
            username,
            display_name,
            display_key: super::model::display_key(display_name),
            password_hash: Some(password_hash),
            kind: "person",
            office_id,
            language: Language::ZhCn.as_str(),
            email: "",
            active: true,
            must_change_password,
            created_at: t,
            updated_at: t,
        },
        roles,
    )
    .map_err(|e| taken("display_name", e))?;
    let user = get(conn, id)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("user.create", "user", id).after(&user),
    )?;
    Ok(id)
}

/// The service account an API token acts as: named like the token, with its one role and
/// office, no password (it signs in only by its token).
pub fn create_service_account(
    conn: &mut DbConn,
    name: &str,
    role: Role,
    office_id: Option<i64>,
    t: NaiveDateTime,
) -> ApiResult<i64> {
    let username = format!("svc-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    repo::insert(
        conn,
        NewUserRow {
            username: &username,
            display_name: name,
            display_key: crate::users::model::display_key(name),
            password_hash: None,
            kind: "service",
            office_id,
            language: "zh-CN",
            email: "",
            active: true,
            must_change_password: false,
            created_at: t,
            updated_at: t,
        },
        &[role],
    )
    .map_err(|e| taken("name", e))
}

/// A revoked token's service account stops working at once.
pub fn deactivate_service_account(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    repo::set_active(conn, id, false, t)
}
