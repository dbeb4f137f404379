use super::model::{CreateOffice, Office, OfficeQuery, OfficeRow, UpdateOffice};
use super::repo;
use crate::audit::{self, Actor, Event};
use crate::db::{is_unique_violation, DbConn};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

fn to_dtos(conn: &mut DbConn, rows: Vec<OfficeRow>) -> ApiResult<Vec<Office>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.director_user_id).collect();
    let names = repo::user_names(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let n = r.director_user_id.and_then(|d| names.get(&d).cloned());
            Office::from_row(r, n)
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: i64) -> ApiResult<Office> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

pub fn list(
    conn: &mut DbConn,
    q: &OfficeQuery,
    sort: &[(String, bool)],
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Office>, i64)> {
    let (rows, total) = repo::list(conn, q, sort, limit, offset)?;
    Ok((to_dtos(conn, rows)?, total))
}

fn check_text(field: &str, value: &str, max: usize, required: bool, errors: &mut Vec<FieldError>) {
    let len = value.trim().chars().count();
    if required && len == 0 {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if len > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
}

fn check_director(
    conn: &mut DbConn,
    director: Option<i64>,
    errors: &mut Vec<FieldError>,
) -> ApiResult<()> {
    if let Some(d) = director {
        if crate::users::repo::find(conn, d)?.is_none_or(|u| u.kind != "person") {
            errors.push(FieldError::new(
                "director_user_id",
                "unknown_user",
                "no user has this id",
            ));
        }
    }
    Ok(())
}

pub fn create(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    input: &CreateOffice,
) -> ApiResult<Office> {
    let code = input.code.trim();
    let mut errors = Vec::new();
    if !(2..=32).contains(&code.chars().count())
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        errors.push(FieldError::new(
            "code",
            "invalid",
            "2–32 characters: letters, digits, '-' or '_'",
        ));
    }
    check_text("name", &input.name, 100, true, &mut errors);
    let region = input.region.clone().unwrap_or_default();
    check_text("region", &region, 100, false, &mut errors);
    check_director(conn, input.director_user_id, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = repo::insert(
        conn,
        code,
        input.name.trim(),
        region.trim(),
        input.director_user_id,
        now(),
    )
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(
                "code",
                "duplicate",
                "an office with this code exists",
            )])
        } else {
            e.into()
        }
    })?;
    let office = get(conn, id)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("office.create", "office", id).after(&office),
    )?;
    Ok(office)
}

pub fn update(
    conn: &mut DbConn,
    actor: &Actor,
    meta: &RequestMeta,
    id: i64,
    input: &UpdateOffice,
) -> ApiResult<Office> {
    let before = get(conn, id)?;
    let name = input.name.clone().unwrap_or_else(|| before.name.clone());
    let region = input
        .region
        .clone()
        .unwrap_or_else(|| before.region.clone());
    let director = input.director_user_id.unwrap_or(before.director_user_id);
    let mut errors = Vec::new();
    check_text("name", &name, 100, true, &mut errors);
    check_text("region", &region, 100, false, &mut errors);
    check_director(conn, director, &mut errors)?;
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if !repo::update(
        conn,
        id,
        input.version,
        name.trim(),
        region.trim(),
        director,
        now(),
    )? {
        return Err(ApiError::StaleVersion);
    }
    let after = get(conn, id)?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("office.update", "office", id)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}
