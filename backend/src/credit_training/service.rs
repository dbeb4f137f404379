//! Credit training's rules: a session needs a date not in the future, a topic, a trainer and
//! its attendees (active people); who is due is everyone who deals with credit and has not
//! attended within the policy's `credit.training_every_months`.

use std::collections::HashMap;

use chrono::{Months, NaiveDate};

use super::model::*;
use super::repo;
use crate::audit::{self, Event};
use crate::auth::policy::Role;
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

/// The roles the measures train in credit risk: sales, the business department, finance and
/// the planning department, who collect.
pub const TRAINED_ROLES: [Role; 6] = [
    Role::Salesman,
    Role::OfficeDirector,
    Role::BusinessStaff,
    Role::BusinessManager,
    Role::Finance,
    Role::Planning,
];

fn to_dtos(conn: &mut DbConn, rows: Vec<TrainingRow>) -> ApiResult<Vec<CreditTraining>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut attendees: HashMap<i64, Vec<Attendee>> = HashMap::new();
    for (t, a) in repo::attendees_of(conn, &ids)? {
        attendees.entry(t).or_default().push(a);
    }
    let creators: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    let names = crate::users::repo::display_names(conn, &creators)?;
    Ok(rows
        .into_iter()
        .map(|r| CreditTraining {
            attendees: attendees.remove(&r.id).unwrap_or_default(),
            created_by_name: r.created_by.and_then(|u| names.get(&u).cloned()),
            created_at: r.created_at.and_utc(),
            id: r.id,
            held_on: r.held_on,
            topic: r.topic,
            trainer: r.trainer,
            materials: r.materials,
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: i64) -> ApiResult<CreditTraining> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row])?.remove(0))
}

pub fn list(
    conn: &mut DbConn,
    q: &TrainingQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<CreditTraining>, i64)> {
    let (rows, total) = repo::list(conn, q.user_id, limit, offset)?;
    Ok((to_dtos(conn, rows)?, total))
}

fn required<'a>(field: &str, v: &'a str, max: usize, errors: &mut Vec<FieldError>) -> &'a str {
    let v = v.trim();
    if v.is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if v.chars().count() > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {max} characters"),
        ));
    }
    v
}

pub fn record(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewCreditTraining,
    today: NaiveDate,
) -> ApiResult<CreditTraining> {
    let mut errors = Vec::new();
    let topic = required("topic", &input.topic, 200, &mut errors);
    let trainer = required("trainer", &input.trainer, 200, &mut errors);
    if input.materials.chars().count() > 4000 {
        errors.push(FieldError::new(
            "materials",
            "too_long",
            "at most 4000 characters",
        ));
    }
    if input.held_on > today {
        errors.push(FieldError::new(
            "held_on",
            "out_of_range",
            "must not be in the future",
        ));
    }
    let ids = &input.attendee_ids;
    let distinct = ids.iter().enumerate().all(|(i, a)| !ids[..i].contains(a));
    if ids.is_empty() || ids.len() > 500 || !distinct {
        errors.push(FieldError::new(
            "attendee_ids",
            "invalid",
            "1 to 500 people, each once",
        ));
    } else if repo::count_people(conn, ids)? != ids.len() as i64 {
        errors.push(FieldError::new(
            "attendee_ids",
            "unknown",
            "every attendee must be an active user",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = repo::insert(
        conn,
        &NewTrainingRow {
            held_on: input.held_on,
            topic,
            trainer,
            materials: input.materials.trim(),
            created_by: Some(auth.id),
            created_at: now(),
        },
        ids,
    )?;
    let training = get(conn, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit_training.record", "credit_training", id).after(&training),
    )?;
    Ok(training)
}

/// Who deals with credit and has not attended a session within the policy's period, on `today`.
pub fn due(conn: &mut DbConn, today: NaiveDate) -> ApiResult<Vec<TrainingDue>> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let months = u32::try_from(doc.credit.training_every_months).unwrap_or(12);
    let since = today
        .checked_sub_months(Months::new(months))
        .unwrap_or(NaiveDate::MIN);
    let roles: Vec<&str> = TRAINED_ROLES.iter().map(|r| r.as_str()).collect();
    let rows = repo::due(conn, &roles, since)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.user_id).collect();
    let mut roles_of = crate::users::repo::roles_of_many(conn, &ids)?;
    Ok(rows
        .into_iter()
        .map(|r| TrainingDue {
            roles: roles_of
                .remove(&r.user_id)
                .unwrap_or_default()
                .into_iter()
                .filter(|x| TRAINED_ROLES.contains(x))
                .collect(),
            user_id: r.user_id,
            display_name: r.display_name,
            last_trained_on: r.last_trained_on,
        })
        .collect())
}
