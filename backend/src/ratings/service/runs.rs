//! The run lifecycle: create, compute slice by slice under a lease, resume, submit, cancel.

use actix_web::web;
use chrono::{Duration, NaiveDate, NaiveDateTime};

use super::results::counts;
use crate::approvals::model::ApprovalKind;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::sliced::SlicedJob;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::{PolicyDocument, PolicyStatus};
use crate::ratings::engine;
use crate::ratings::model::*;
use crate::ratings::repo;
use crate::state::AppState;
use crate::time::now;

/// Customers per slice of a run: each slice is five grouped statements and one transaction.
pub const SLICE: i64 = 5_000;

/// Rating runs as sliced jobs: computed under a two-minute lease, three attempts.
pub(crate) const RUNS: SlicedJob = SlicedJob {
    table: "rating_runs",
    running: "computing",
    failed: "failed",
    lease_seconds: 120,
    max_attempts: 3,
};

fn lease_from(t: NaiveDateTime) -> NaiveDateTime {
    RUNS.lease_from(t)
}

pub(super) fn find_run(conn: &mut DbConn, id: i64) -> ApiResult<RunRow> {
    repo::find_run(conn, id)?.ok_or(ApiError::NotFound)
}

pub(super) fn status_error(message: &str) -> ApiError {
    ApiError::field("status", "rating.status", message)
}

pub(super) fn document(conn: &mut DbConn, policy_version_id: i64) -> ApiResult<PolicyDocument> {
    let (_, _, doc) = crate::policies::service::document_of(conn, policy_version_id)?;
    Ok(doc)
}

fn run_dtos(
    conn: &mut DbConn,
    auth: &AuthUser,
    rows: Vec<RunRow>,
    detail: bool,
) -> ApiResult<Vec<RatingRun>> {
    let people: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.created_by, r.decided_by])
        .flatten()
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let versions: Vec<i64> = rows.iter().map(|r| r.policy_version_id).collect();
    let numbers = repo::policy_numbers(conn, &versions)?;
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (grades, changed, overridden) = if detail {
            let (g, ch, ov) = counts(conn, auth, r.id)?;
            (Some(g), Some(ch), Some(ov))
        } else {
            (None, None, None)
        };
        out.push(RatingRun {
            id: r.id,
            purpose: RunPurpose::parse(&r.purpose),
            rating_date: r.rating_date,
            window_months: r.window_months,
            policy_version_id: r.policy_version_id,
            policy_version_number: numbers
                .get(&r.policy_version_id)
                .copied()
                .unwrap_or_default(),
            chosen: r.chosen,
            status: RunStatus::parse(&r.status),
            total: r.total,
            done: r.done,
            error: r.error,
            note: r.note,
            approval_id: r.approval_id,
            created_by_name: name(r.created_by),
            created_at: r.created_at.and_utc(),
            computed_at: r.computed_at.map(|t| t.and_utc()),
            submitted_at: r.submitted_at.map(|t| t.and_utc()),
            decided_by_name: name(r.decided_by),
            decided_at: r.decided_at.map(|t| t.and_utc()),
            version: r.version,
            grades,
            changed,
            overridden,
        });
    }
    Ok(out)
}

pub fn get_run(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<RatingRun> {
    let row = find_run(conn, id)?;
    Ok(run_dtos(conn, auth, vec![row], true)?.remove(0))
}

pub fn list_runs(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &RunQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RatingRun>, i64)> {
    let (rows, total) = repo::list_runs(conn, q, limit, offset)?;
    Ok((run_dtos(conn, auth, rows, false)?, total))
}

/// The policy version a what-if simulates, with what keeps it from being simulated.
fn what_if_policy(
    conn: &mut DbConn,
    id: i64,
    errors: &mut Vec<FieldError>,
) -> ApiResult<PolicyDocument> {
    let (_, status, doc) = crate::policies::service::document_of(conn, id).map_err(|_| {
        ApiError::field(
            "policy_version_id",
            "unknown",
            "no policy version has this id",
        )
    })?;
    if matches!(status, PolicyStatus::Rejected | PolicyStatus::Withdrawn) {
        errors.push(FieldError::new(
            "policy_version_id",
            "invalid",
            "a rejected or withdrawn version is not simulated",
        ));
    }
    let problems = doc.problems();
    if !problems.is_empty() {
        errors.push(FieldError::new(
            "policy_version_id",
            "policy.invalid",
            format!(
                "the version has {} problem(s) to fix first, e.g. {}",
                problems.len(),
                problems[0].field
            ),
        ));
    }
    Ok(doc)
}

/// Chosen customers must exist, each once.
fn check_chosen(conn: &mut DbConn, ids: &[i64], errors: &mut Vec<FieldError>) -> ApiResult<()> {
    if ids.is_empty() {
        errors.push(FieldError::new(
            "customer_ids",
            "required",
            "at least one customer, or omit for all",
        ));
    }
    let known = crate::customers::service::refs(conn, ids)?;
    for (i, id) in ids.iter().enumerate() {
        if !known.contains_key(id) {
            errors.push(FieldError::new(
                format!("customer_ids[{i}]"),
                "unknown",
                "no customer has this id",
            ));
        } else if ids[..i].contains(id) {
            errors.push(FieldError::new(
                format!("customer_ids[{i}]"),
                "duplicate",
                "listed twice",
            ));
        }
    }
    Ok(())
}

/// Start a run (or a what-if over a given policy version): checked, recorded as `computing`
/// with its total, and computed by the job that the caller starts.
pub fn create_run(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewRatingRun,
    today: NaiveDate,
) -> ApiResult<RatingRun> {
    let mut errors = Vec::new();
    let rating_date = input.rating_date.unwrap_or(today);
    if rating_date > today + Duration::days(31) {
        errors.push(FieldError::new(
            "rating_date",
            "out_of_range",
            "at most a month ahead (a year-end run prepared in December)",
        ));
    }
    let (purpose, policy_version_id, doc) = match input.policy_version_id {
        Some(id) => (
            RunPurpose::WhatIf,
            id,
            what_if_policy(conn, id, &mut errors)?,
        ),
        None => {
            let (id, doc) =
                crate::policies::service::in_force_for(conn, rating_date, "rating_date")?;
            (RunPurpose::Rating, id, doc)
        }
    };
    let window = input.window_months.unwrap_or(doc.rating.window_months);
    if !doc.rating.allowed_window_months.contains(&window) {
        errors.push(FieldError::new(
            "window_months",
            "policy.not_allowed",
            format!(
                "one of the policy's windows: {:?}",
                doc.rating.allowed_window_months
            ),
        ));
    }
    let chosen = input.customer_ids.as_deref();
    if let Some(ids) = chosen {
        check_chosen(conn, ids, &mut errors)?;
    }
    let note = input.note.as_deref().unwrap_or("").trim().to_string();
    if note.chars().count() > 2000 {
        errors.push(FieldError::new(
            "note",
            "too_long",
            "at most 2000 characters",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let t = now();
    let id = repo::insert_run(
        conn,
        &NewRun {
            purpose: purpose.as_str(),
            rating_date,
            window_months: window,
            policy_version_id,
            chosen: chosen.is_some(),
            status: RunStatus::Computing.as_str(),
            note,
            created_by: Some(auth.id),
            created_at: t,
            lease_until: Some(lease_from(t)),
        },
        chosen,
    )?;
    let total = repo::inputs::count_subjects(conn, id, chosen.is_some())?;
    repo::set_total(conn, id, total)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("rating_run.create", "rating_run", id).after(&serde_json::json!({
            "purpose": purpose.as_str(), "rating_date": rating_date, "window_months": window,
            "policy_version_id": policy_version_id, "customers": total,
        })),
    )?;
    get_run(conn, auth, id)
}

/// Compute the next slice of a computing run held by this instance. Reads outside the write,
/// then writes the slice's results and moves the cursor in one transaction, on condition that
/// nobody else moved it (a resumed run never writes a slice twice). Returns true when finished.
pub fn compute_slice(conn: &mut DbConn, run_id: i64) -> ApiResult<bool> {
    let run = find_run(conn, run_id)?;
    if RunStatus::parse(&run.status) != RunStatus::Computing {
        return Ok(true);
    }
    let (rating_date, cursor) = (run.rating_date, run.cursor_id);
    let doc = document(conn, run.policy_version_id)?;
    let p = &doc.rating;
    // Renew the lease before the slice's reads, so no resumer takes a run that is progressing.
    let t = now();
    RUNS.renew(conn, run_id, t)?;
    let subjects = repo::inputs::next_subjects(conn, run_id, run.chosen, cursor, SLICE)?;
    if subjects.is_empty() {
        repo::finish_computing(conn, run_id, cursor, t)?;
        return Ok(true);
    }
    let start = engine::window_start(rating_date, run.window_months);
    let gathered = repo::inputs::gather(conn, &subjects, rating_date, start, p.overdue_grace_days)?;
    let rows: Vec<NewResult> = subjects
        .iter()
        .map(|s| {
            let i = gathered.get(&s.id).cloned().unwrap_or_default();
            let sc = engine::score(p, rating_date, &i);
            NewResult {
                run_id,
                computed: Computed {
                    customer_id: s.id,
                    eligibility: sc.eligibility.as_str().to_string(),
                    first_deal_date: i.first_deal,
                    contract_amount_fen: i.contract_amount_fen,
                    list_amount_fen: i.list_amount_fen,
                    late_receivables: i.late_receivables,
                    open_receivables_fen: i.open_receivables_fen,
                    influence: i.influence.map(|(level, _)| level.as_str().to_string()),
                    influence_on: i.influence.map(|(_, on)| on),
                    level_amount: sc.levels[0],
                    level_receivables: sc.levels[1],
                    level_premium: sc.levels[2],
                    level_influence: sc.levels[3],
                    total_points: sc.total_points,
                    proposed_grade: sc.grade.map(|g| g.as_str().to_string()),
                    suggested_category: sc.suggested_category.as_str().to_string(),
                    previous_grade: s.grade.clone(),
                    previous_category: s.category.clone(),
                },
            }
        })
        .collect();
    let last = subjects.last().map(|s| s.id).unwrap_or(cursor);
    let n = subjects.len() as i64;
    conn.tx(|conn| {
        if RUNS.advance(conn, run_id, cursor, last, n, t)? != 1 {
            // Cancelled, or taken over by another instance: leave the slice to them.
            return Ok::<(), ApiError>(());
        }
        repo::insert_results(conn, &rows)
    })?;
    Ok(false)
}

/// The job hit an error: release the run for the resumer to retry, or mark it failed after
/// the last attempt (its partial results stay for inspection).
pub fn fail(conn: &mut DbConn, run_id: i64, error: &str) -> ApiResult<()> {
    RUNS.count_failure(conn, run_id, error, now())
}

/// Take over one computing run whose lease ran out (its instance stopped): compare-and-set on
/// the lease, so one instance wins.
pub fn claim_stalled(conn: &mut DbConn) -> ApiResult<Option<i64>> {
    RUNS.claim_stalled(conn, now())
}

/// Compute a run slice by slice until it is done, cancelled or fails (in the background; the
/// blocking work runs on the database threads, one slice at a time).
pub async fn drive(state: web::Data<AppState>, run_id: i64) {
    loop {
        match state.db(move |c| compute_slice(c, run_id)).await {
            Ok(false) => continue,
            Ok(true) => break,
            Err(e) => {
                tracing::error!(run_id, error = %e, "rating run slice failed (retried by the resumer)");
                let message = e.to_string();
                if let Err(e) = state.db(move |c| fail(c, run_id, &message)).await {
                    tracing::error!(run_id, error = %e, "could not mark the rating run failed");
                }
                break;
            }
        }
    }
}

/// Every 30 seconds: take over a run whose computing instance stopped (lease ran out).
pub fn spawn_resumer(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(30));
        loop {
            tick.tick().await;
            match state.db(claim_stalled).await {
                Ok(Some(id)) => {
                    tracing::info!(run_id = id, "resuming a stalled rating run");
                    drive(state.clone(), id).await;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "rating run resumer"),
            }
        }
    });
}

/// The run, if it is still of the version the caller read.
fn find_versioned(conn: &mut DbConn, id: i64, version: i64) -> ApiResult<RunRow> {
    let run = find_run(conn, id)?;
    if run.version != version {
        return Err(ApiError::StaleVersion);
    }
    Ok(run)
}

/// A run changed by `changed` rows (1, or 0 when it moved on meanwhile), audited as `action`.
fn acted(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    changed: usize,
    action: &str,
) -> ApiResult<RatingRun> {
    if changed != 1 {
        return Err(ApiError::StaleVersion);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(action, "rating_run", id),
    )?;
    get_run(conn, auth, id)
}

/// Submit a draft rating run to the VP (the approvals inbox).
pub fn submit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<RatingRun> {
    let run = find_versioned(conn, id, version)?;
    if RunPurpose::parse(&run.purpose) == RunPurpose::WhatIf {
        return Err(status_error(
            "a what-if run is a simulation, never submitted",
        ));
    }
    if RunStatus::parse(&run.status) != RunStatus::Draft {
        return Err(status_error("only a computed draft is submitted"));
    }
    if run
        .computed_at
        .is_some_and(|at| crate::time::local_date(at) < run.rating_date)
    {
        return Err(ApiError::field(
            "rating_date",
            "rating.early",
            "computed before its rating date (a preview): run it again on or after that date to submit",
        ));
    }
    let t = now();
    let title = format!(
        "客户评级 {}（{} 位客户） / Customer rating of {} ({} customers)",
        run.rating_date, run.total, run.rating_date, run.total
    );
    let approval = crate::approvals::service::request(
        conn,
        auth,
        meta,
        ApprovalKind::RatingRun,
        None,
        &title,
        &serde_json::json!({"rating_run_id": id, "rating_date": run.rating_date, "customers": run.total}),
    )?;
    let n = repo::mark_submitted(conn, id, version, approval, t)?;
    acted(conn, auth, meta, id, n, "rating_run.submit")
}

/// Cancel a computing or draft run (a submitted one is withdrawn from the approvals inbox).
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<RatingRun> {
    let run = find_versioned(conn, id, version)?;
    if !matches!(
        RunStatus::parse(&run.status),
        RunStatus::Computing | RunStatus::Draft | RunStatus::Failed
    ) {
        return Err(status_error(
            "only a computing, draft or failed run is cancelled; withdraw a submitted one from the approvals",
        ));
    }
    let n = repo::mark_cancelled(conn, id, version)?;
    acted(conn, auth, meta, id, n, "rating_run.cancel")
}
