//! `Idempotency-Key` for integration pushes (contracts, shipping notes, payments): the first
//! successful answer to a key is stored with a hash of the request, in the same transaction as
//! the booking; the same request again gets that answer and books nothing; a different request
//! with the same key is a 409 (`idempotency.conflict`).

use actix_web::{http::StatusCode, HttpRequest, HttpResponse};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::db::schema::idempotency_keys as keys;
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult};

/// The request's key, if it sent one (1–100 printable characters).
pub fn key_of(req: &HttpRequest) -> ApiResult<Option<String>> {
    let Some(v) = req.headers().get("Idempotency-Key") else {
        return Ok(None);
    };
    let k = v.to_str().unwrap_or("").trim().to_string();
    if k.is_empty() || k.len() > 100 {
        return Err(ApiError::InvalidQuery(vec![crate::error::FieldError::new(
            "Idempotency-Key",
            "invalid",
            "1–100 printable characters",
        )]));
    }
    Ok(Some(k))
}

/// A stored earlier answer to this key, or None to go ahead. `what` identifies the request
/// (method, path, body).
pub fn replay(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
    what: &impl Serialize,
) -> ApiResult<Option<(u16, serde_json::Value)>> {
    let hash = hash(what)?;
    let found: Option<(String, i64, String)> = db_run!(conn, |c| keys::table
        .filter(keys::user_id.eq(user_id))
        .filter(keys::key.eq(key))
        .select((keys::request_hash, keys::status, keys::response))
        .first(c)
        .optional())?;
    match found {
        None => Ok(None),
        Some((h, _, _)) if h != hash => Err(ApiError::IdempotencyConflict),
        Some((_, status, body)) => Ok(Some((
            status as u16,
            serde_json::from_str(&body).map_err(ApiError::internal)?,
        ))),
    }
}

/// Keep the answer for the key (call in the booking's transaction).
pub fn store(
    conn: &mut DbConn,
    user_id: i64,
    key: &str,
    what: &impl Serialize,
    status: u16,
    answer: &impl Serialize,
) -> ApiResult<()> {
    let hash = hash(what)?;
    let body = serde_json::to_string(answer).map_err(ApiError::internal)?;
    db_run!(conn, |c| diesel::insert_into(keys::table)
        .values((
            keys::user_id.eq(user_id),
            keys::key.eq(key),
            keys::request_hash.eq(&hash),
            keys::status.eq(i64::from(status)),
            keys::response.eq(&body),
            keys::created_at.eq(crate::time::now()),
        ))
        .execute(c))
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            // The same key, booked a moment ago by a concurrent request.
            ApiError::IdempotencyConflict
        } else {
            e.into()
        }
    })?;
    Ok(())
}

fn hash(what: &impl Serialize) -> ApiResult<String> {
    let bytes = serde_json::to_vec(what).map_err(ApiError::internal)?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// The HTTP answer for a replayed or fresh result.
pub fn respond(status: u16, body: &serde_json::Value) -> HttpResponse {
    HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK)).json(body)
}
