//! Strategic influence assessments (history kept; the latest counts).

use chrono::NaiveDate;

use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::ratings::engine::Influence;
use crate::ratings::model::*;
use crate::ratings::repo;
use crate::time::now;

fn assessment_dtos(conn: &mut DbConn, rows: Vec<AssessmentRow>) -> ApiResult<Vec<Assessment>> {
    let people: Vec<i64> = rows.iter().filter_map(|r| r.assessed_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|r| Assessment {
            id: r.id,
            customer_id: r.customer_id,
            level: Influence::parse(&r.level).unwrap_or(Influence::Sporadic),
            reason: r.reason,
            assessed_on: r.assessed_on,
            assessed_by_name: r.assessed_by.and_then(|u| names.get(&u).cloned()),
            created_at: r.created_at.and_utc(),
        })
        .collect())
}

/// Record a strategic influence assessment (history kept; the latest counts).
pub fn assess(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &NewAssessment,
    today: NaiveDate,
) -> ApiResult<Assessment> {
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let reason = input.reason.trim();
    if reason.is_empty() {
        errors.push(FieldError::new("reason", "required", "say why"));
    } else if reason.chars().count() > 2000 {
        errors.push(FieldError::new(
            "reason",
            "too_long",
            "at most 2000 characters",
        ));
    }
    let on = input.assessed_on.unwrap_or(today);
    if on > today {
        errors.push(FieldError::new(
            "assessed_on",
            "out_of_range",
            "not in the future",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = repo::insert_assessment(
        conn,
        &NewAssessmentRow {
            customer_id,
            level: input.level.as_str(),
            reason,
            assessed_on: on,
            assessed_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("influence.assess", "customer", customer_id).after(&serde_json::json!({
            "level": input.level.as_str(), "reason": reason, "assessed_on": on,
        })),
    )?;
    let row = repo::assessment(conn, id)?;
    Ok(assessment_dtos(conn, vec![row])?.remove(0))
}

/// A customer's assessments, newest first.
pub fn assessments(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
) -> ApiResult<Vec<Assessment>> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let rows = repo::assessments_of(conn, customer_id)?;
    assessment_dtos(conn, rows)
}
