use super::model::{ApiToken, ApiTokenRow, CreateApiToken, CreatedApiToken, NewApiTokenRow};
use super::repo;
use crate::audit::{self, Actor, Event};
use crate::auth::policy::Role;
use crate::auth::{random_token, token_hash, API_TOKEN_PREFIX};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

/// The API view of token rows, with a fixed number of queries.
fn to_dtos(conn: &mut DbConn, rows: Vec<ApiTokenRow>) -> ApiResult<Vec<ApiToken>> {
    let service_ids: Vec<i64> = rows.iter().map(|r| r.service_user_id).collect();
    let creators: Vec<i64> = rows.iter().map(|r| r.created_by).collect();
    let creator_names = crate::users::repo::display_names(conn, &creators)?;
    let accounts = crate::users::repo::offices_of(conn, &service_ids)?;
    let roles = crate::users::repo::roles_of_many(conn, &service_ids)?;
    let office_ids: Vec<i64> = accounts.values().filter_map(|o| *o).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let office_id = accounts.get(&r.service_user_id).copied().flatten();
            ApiToken {
                id: r.id,
                name: r.name,
                role: roles
                    .get(&r.service_user_id)
                    .and_then(|roles| roles.first().copied())
                    .unwrap_or(Role::Salesman),
                office_id,
                office_name: office_id.and_then(|o| office_names.get(&o).cloned()),
                token_prefix: r.token_prefix,
                service_user_id: r.service_user_id,
                created_by_name: creator_names
                    .get(&r.created_by)
                    .cloned()
                    .unwrap_or_default(),
                created_at: r.created_at.and_utc(),
                expires_at: r.expires_at.map(|t| t.and_utc()),
                last_used_at: r.last_used_at.map(|t| t.and_utc()),
                revoked_at: r.revoked_at.map(|t| t.and_utc()),
            }
        })
        .collect())
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> ApiResult<(Vec<ApiToken>, i64)> {
    let total = repo::count(conn)?;
    let rows = repo::select_rows(conn, None, limit, offset)?;
    Ok((to_dtos(conn, rows)?, total))
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    input: &CreateApiToken,
) -> ApiResult<CreatedApiToken> {
    let mut errors = Vec::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(FieldError::new("name", "required", "must not be empty"));
    } else if name.chars().count() > 100 {
        errors.push(FieldError::new(
            "name",
            "too_long",
            "must be at most 100 characters",
        ));
    }
    crate::users::service::check_display_name_free(conn, "name", name, None, &mut errors)?;
    if input.role == Role::Admin {
        // Scripts move business data; administration stays with people.
        errors.push(FieldError::new(
            "role",
            "invalid",
            "API tokens cannot have the admin role",
        ));
    }
    crate::users::service::check_office(conn, input.office_id, &mut errors)?;
    let t = now();
    if input.expires_at.is_some_and(|e| e.naive_utc() <= t) {
        errors.push(FieldError::new(
            "expires_at",
            "out_of_range",
            "must be in the future",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let service_user_id =
        crate::users::service::create_service_account(conn, name, input.role, input.office_id, t)?;
    let token = format!("{API_TOKEN_PREFIX}{}", random_token(32));
    let id = repo::insert(
        conn,
        &NewApiTokenRow {
            name,
            service_user_id,
            token_hash: token_hash(&token),
            token_prefix: &token[..8],
            created_by: actor.id.unwrap_or(0),
            created_at: t,
            expires_at: input.expires_at.map(|e| e.naive_utc()),
        },
    )?;
    let rows = repo::select_rows(conn, Some(id), 1, 0)?;
    let api_token = to_dtos(conn, rows)?.remove(0);
    audit::record(
        conn,
        actor,
        meta,
        Event::new("api_token.create", "api_token", id).after(&api_token),
    )?;
    Ok(CreatedApiToken { token, api_token })
}

/// Revoke: the token and its service account stop working at once.
pub fn revoke(conn: &mut DbConn, actor: &Actor, meta: &RequestMeta, id: i64) -> ApiResult<()> {
    let rows = repo::select_rows(conn, Some(id), 1, 0)?;
    let before = to_dtos(conn, rows)?.pop().ok_or(ApiError::NotFound)?;
    if before.revoked_at.is_some() {
        return Ok(());
    }
    let t = now();
    repo::set_revoked(conn, id, t)?;
    crate::users::service::deactivate_service_account(conn, before.service_user_id, t)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("api_token.revoke", "api_token", id).before(&before),
    )
}
