use std::collections::HashMap;

use diesel::prelude::*;

use super::model::{ApiToken, ApiTokenRow, CreateApiToken, CreatedApiToken};
use crate::audit::{self, Actor, Event};
use crate::auth::policy::Role;
use crate::auth::{random_token, token_hash, API_TOKEN_PREFIX};
use crate::db::schema::{api_tokens, offices, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;
use crate::users::model::NewUserRow;

fn select_rows(
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
            .select((
                api_tokens::id,
                api_tokens::name,
                api_tokens::service_user_id,
                api_tokens::token_prefix,
                api_tokens::created_by,
                api_tokens::created_at,
                api_tokens::expires_at,
                api_tokens::last_used_at,
                api_tokens::revoked_at,
            ))
            .load(c)
    })?)
}

/// The API view of token rows, with a fixed number of queries.
fn to_dtos(conn: &mut DbConn, rows: Vec<ApiTokenRow>) -> ApiResult<Vec<ApiToken>> {
    let user_ids: Vec<i64> = rows.iter().flat_map(|r| [r.2, r.4]).collect();
    let people: HashMap<i64, (String, Option<i64>)> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&user_ids))
        .select((users::id, users::display_name, users::office_id))
        .load::<(i64, String, Option<i64>)>(c))?
    .into_iter()
    .map(|(id, n, o)| (id, (n, o)))
    .collect();
    let service_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let roles = crate::users::repo::roles_of_many(conn, &service_ids)?;
    let office_ids: Vec<i64> = people.values().filter_map(|(_, o)| *o).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                name,
                service_user_id,
                token_prefix,
                created_by,
                created_at,
                expires_at,
                last_used_at,
                revoked_at,
            )| {
                let office_id = people.get(&service_user_id).and_then(|(_, o)| *o);
                ApiToken {
                    id,
                    name,
                    role: roles
                        .get(&service_user_id)
                        .and_then(|r| r.first().copied())
                        .unwrap_or(Role::Salesman),
                    office_id,
                    office_name: office_id.and_then(|o| office_names.get(&o).cloned()),
                    token_prefix,
                    service_user_id,
                    created_by_name: people
                        .get(&created_by)
                        .map(|(n, _)| n.clone())
                        .unwrap_or_default(),
                    created_at: created_at.and_utc(),
                    expires_at: expires_at.map(|t| t.and_utc()),
                    last_used_at: last_used_at.map(|t| t.and_utc()),
                    revoked_at: revoked_at.map(|t| t.and_utc()),
                }
            },
        )
        .collect())
}

pub fn list(conn: &mut DbConn, limit: i64, offset: i64) -> ApiResult<(Vec<ApiToken>, i64)> {
    let total: i64 = db_run!(conn, |c| api_tokens::table.count().get_result(c))?;
    let rows = select_rows(conn, None, limit, offset)?;
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
    if let Some(o) = input.office_id {
        let n: i64 = db_run!(conn, |c| offices::table
            .filter(offices::id.eq(o))
            .count()
            .get_result(c))?;
        if n == 0 {
            errors.push(FieldError::new(
                "office_id",
                "unknown_office",
                "no office has this id",
            ));
        }
    }
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
    let username = format!("svc-{}", &uuid::Uuid::new_v4().simple().to_string()[..12]);
    let service_user_id = crate::users::repo::insert(
        conn,
        NewUserRow {
            username: &username,
            display_name: name,
            display_key: crate::users::model::display_key(name),
            password_hash: None,
            kind: "service",
            office_id: input.office_id,
            language: "zh-CN",
            email: "",
            active: true,
            must_change_password: false,
            created_at: t,
            updated_at: t,
        },
        &[input.role],
    )
    .map_err(|e| crate::users::service::taken("name", e))?;
    let token = format!("{API_TOKEN_PREFIX}{}", random_token(32));
    let id: i64 = db_run!(conn, |c| diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::name.eq(name),
            api_tokens::service_user_id.eq(service_user_id),
            api_tokens::token_hash.eq(token_hash(&token)),
            api_tokens::token_prefix.eq(&token[..8]),
            api_tokens::created_by.eq(actor.id.unwrap_or(0)),
            api_tokens::created_at.eq(t),
            api_tokens::expires_at.eq(input.expires_at.map(|e| e.naive_utc())),
        ))
        .returning(api_tokens::id)
        .get_result(c))?;
    let rows = select_rows(conn, Some(id), 1, 0)?;
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
    let rows = select_rows(conn, Some(id), 1, 0)?;
    let before = to_dtos(conn, rows)?.pop().ok_or(ApiError::NotFound)?;
    if before.revoked_at.is_some() {
        return Ok(());
    }
    let t = now();
    db_run!(conn, |c| {
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::revoked_at.eq(Some(t)))
            .execute(c)?;
        diesel::update(users::table.find(before.service_user_id))
            .set(users::active.eq(false))
            .execute(c)
    })?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("api_token.revoke", "api_token", id).before(&before),
    )
}
