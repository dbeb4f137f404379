//! Rating runs: created as a background job that computes slice by slice (progress, cancel,
//! resumed by any instance after a crash through a lease), reviewed as a draft (overrides with a
//! reason), submitted to the VP through the approvals inbox, and on approval applied to every
//! customer in one statement — or sent back to draft. Strategic influence assessments and each
//! customer's rating history and treatment live here too.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::engine::{self, Eligibility, Influence, Inputs, Scored};
use super::inputs;
use super::model::*;
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::approvals::service::Effect;
use crate::audit::{self, Actor, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::model::{Category, Grade};
use crate::customers::scope::Viewer;
use crate::db::schema::{
    customers, influence_assessments as ia, policy_versions as pv, rating_results as rr,
    rating_run_customers as rc, rating_runs as runs,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::{PolicyDocument, PolicyStatus, RatingPolicy};
use crate::time::now;

/// Customers per slice of a run: each slice is five grouped statements and one transaction.
pub const SLICE: i64 = 5_000;
/// How long a computing instance holds a run before another may take it over.
const LEASE_SECONDS: i64 = 120;

type RunRow = (
    i64,
    String,
    NaiveDate,
    i64,
    i64,
    bool,
    String,
    i64,
    i64,
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<i64>,
    Option<NaiveDateTime>,
    i64,
);

macro_rules! run_columns {
    () => {
        (
            runs::id,
            runs::purpose,
            runs::rating_date,
            runs::window_months,
            runs::policy_version_id,
            runs::chosen,
            runs::status,
            runs::total,
            runs::done,
            runs::cursor_id,
            runs::error,
            runs::note,
            runs::approval_id,
            runs::created_by,
            runs::created_at,
            runs::computed_at,
            runs::submitted_at,
            runs::decided_by,
            runs::decided_at,
            runs::version,
        )
    };
}

fn find_run(conn: &mut DbConn, id: i64) -> ApiResult<RunRow> {
    db_run!(conn, |c| runs::table
        .find(id)
        .select(run_columns!())
        .first::<RunRow>(c)
        .optional())?
    .ok_or(ApiError::NotFound)
}

fn status_error(message: &str) -> ApiError {
    ApiError::field("status", "rating.status", message)
}

fn document(conn: &mut DbConn, policy_version_id: i64) -> ApiResult<(i64, PolicyDocument)> {
    let (number, _, doc) = crate::policies::service::document_of(conn, policy_version_id)?;
    Ok((number, doc))
}

fn run_dtos(
    conn: &mut DbConn,
    auth: &AuthUser,
    rows: Vec<RunRow>,
    detail: bool,
) -> ApiResult<Vec<RatingRun>> {
    let people: Vec<i64> = rows.iter().flat_map(|r| [r.13, r.17]).flatten().collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let versions: Vec<i64> = rows.iter().map(|r| r.4).collect();
    let numbers: HashMap<i64, i64> = db_run!(conn, |c| pv::table
        .filter(pv::id.eq_any(&versions))
        .select((pv::id, pv::number))
        .load::<(i64, i64)>(c))?
    .into_iter()
    .collect();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let (grades, changed, overridden) = if detail {
            let (g, ch, ov) = counts(conn, auth, r.0)?;
            (Some(g), Some(ch), Some(ov))
        } else {
            (None, None, None)
        };
        out.push(RatingRun {
            id: r.0,
            purpose: RunPurpose::parse(&r.1),
            rating_date: r.2,
            window_months: r.3,
            policy_version_id: r.4,
            policy_version_number: numbers.get(&r.4).copied().unwrap_or_default(),
            chosen: r.5,
            status: RunStatus::parse(&r.6),
            total: r.7,
            done: r.8,
            error: r.10,
            note: r.11,
            approval_id: r.12,
            created_by_name: r.13.and_then(|u| names.get(&u).cloned()),
            created_at: r.14.and_utc(),
            computed_at: r.15.map(|t| t.and_utc()),
            submitted_at: r.16.map(|t| t.and_utc()),
            decided_by_name: r.17.and_then(|u| names.get(&u).cloned()),
            decided_at: r.18.map(|t| t.and_utc()),
            version: r.19,
            grades,
            changed,
            overridden,
        });
    }
    Ok(out)
}

/// The final grade of a result in SQL: the override, else the proposed grade.
const FINAL_GRADE: &str = "COALESCE(rating_results.override_grade, rating_results.proposed_grade)";
const FINAL_CATEGORY: &str =
    "COALESCE(rating_results.override_category, rating_results.previous_category)";

fn changed_sql() -> String {
    format!(
        "({FINAL_GRADE} IS NOT NULL AND ({FINAL_GRADE} <> COALESCE(rating_results.previous_grade, '') \
          OR {FINAL_CATEGORY} <> rating_results.previous_category))"
    )
}

#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
    office_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    grade: Option<String>,
    #[diesel(sql_type = BigInt)]
    changed: i64,
    #[diesel(sql_type = BigInt)]
    overridden: i64,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A run's results within the reader's scope counted by office, final grade, changed and
/// overridden — one grouped statement for the run's figures and its distribution chart.
fn cells(conn: &mut DbConn, auth: &AuthUser, run_id: i64) -> ApiResult<Vec<Cell>> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let scope = Viewer::of(auth).condition(&granted);
    let sql = format!(
        "SELECT c.office_id AS office_id, {FINAL_GRADE} AS grade,
                CAST(CASE WHEN {changed} THEN 1 ELSE 0 END AS BIGINT) AS changed,
                CAST(CASE WHEN rating_results.override_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS overridden,
                CAST(COUNT(*) AS BIGINT) AS n
         FROM rating_results JOIN customers c ON c.id = rating_results.customer_id
         WHERE rating_results.run_id = {run_id} AND {scope}
         GROUP BY 1, 2, 3, 4",
        changed = changed_sql()
    );
    Ok(RawQuery::new(sql).load(conn)?)
}

fn add_grade(g: &mut GradeCounts, grade: Option<&str>, n: i64) {
    match grade {
        Some("A") => g.a += n,
        Some("B") => g.b += n,
        Some("C") => g.c += n,
        _ => g.not_rated += n,
    }
}

/// Final-grade counts, changed and overridden results of a run, within the reader's scope.
fn counts(conn: &mut DbConn, auth: &AuthUser, run_id: i64) -> ApiResult<(GradeCounts, i64, i64)> {
    let mut g = GradeCounts {
        a: 0,
        b: 0,
        c: 0,
        not_rated: 0,
    };
    let (mut changed, mut overridden) = (0, 0);
    for cell in cells(conn, auth, run_id)? {
        add_grade(&mut g, cell.grade.as_deref(), cell.n);
        changed += cell.changed * cell.n;
        overridden += cell.overridden * cell.n;
    }
    Ok((g, changed, overridden))
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
    macro_rules! filtered {
        () => {{
            let mut query = runs::table.into_boxed();
            if let Some(s) = q.status {
                query = query.filter(runs::status.eq(s.as_str()));
            }
            if let Some(p) = q.purpose {
                query = query.filter(runs::purpose.eq(p.as_str()));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<RunRow> = db_run!(conn, |c| filtered!()
        .order(runs::id.desc())
        .limit(limit)
        .offset(offset)
        .select(run_columns!())
        .load(c))?;
    Ok((run_dtos(conn, auth, rows, false)?, total))
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
        Some(id) => {
            let (_, status, doc) =
                crate::policies::service::document_of(conn, id).map_err(|_| {
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
            (RunPurpose::WhatIf, id, doc)
        }
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
    let chosen: Option<Vec<i64>> = input.customer_ids.clone();
    if let Some(ids) = &chosen {
        if ids.is_empty() {
            errors.push(FieldError::new(
                "customer_ids",
                "required",
                "at least one customer, or omit for all",
            ));
        }
        let known: std::collections::HashSet<i64> = db_run!(conn, |c| customers::table
            .filter(customers::id.eq_any(ids))
            .select(customers::id)
            .load::<i64>(c))?
        .into_iter()
        .collect();
        for (i, id) in ids.iter().enumerate() {
            if !known.contains(id) {
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
    let id: i64 = db_run!(conn, |c| diesel::insert_into(runs::table)
        .values((
            runs::purpose.eq(purpose.as_str()),
            runs::rating_date.eq(rating_date),
            runs::window_months.eq(window),
            runs::policy_version_id.eq(policy_version_id),
            runs::chosen.eq(chosen.is_some()),
            runs::status.eq(RunStatus::Computing.as_str()),
            runs::note.eq(&note),
            runs::created_by.eq(Some(auth.id)),
            runs::created_at.eq(t),
            runs::lease_until.eq(Some(t + Duration::seconds(LEASE_SECONDS))),
        ))
        .returning(runs::id)
        .get_result(c))?;
    if let Some(ids) = &chosen {
        let rows: Vec<_> = ids
            .iter()
            .map(|cid| (rc::run_id.eq(id), rc::customer_id.eq(*cid)))
            .collect();
        for chunk in rows.chunks(1000) {
            db_run!(conn, |c| diesel::insert_into(rc::table)
                .values(chunk)
                .execute(c))?;
        }
    }
    let total = inputs::count_subjects(conn, id, chosen.is_some())?;
    db_run!(conn, |c| diesel::update(runs::table.find(id))
        .set(runs::total.eq(total))
        .execute(c))?;
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
    if RunStatus::parse(&run.6) != RunStatus::Computing {
        return Ok(true);
    }
    let (rating_date, window, policy_id, chosen, cursor) = (run.2, run.3, run.4, run.5, run.9);
    let (_, doc) = document(conn, policy_id)?;
    let p = &doc.rating;
    // Renew the lease before the slice's reads, so no resumer takes a run that is progressing.
    let t = now();
    db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(run_id))
            .filter(runs::status.eq(RunStatus::Computing.as_str()))
    )
    .set(runs::lease_until.eq(Some(t + Duration::seconds(LEASE_SECONDS))))
    .execute(c))?;
    let subjects = inputs::next_subjects(conn, run_id, chosen, cursor, SLICE)?;
    if subjects.is_empty() {
        db_run!(conn, |c| diesel::update(
            runs::table
                .filter(runs::id.eq(run_id))
                .filter(runs::status.eq(RunStatus::Computing.as_str()))
                .filter(runs::cursor_id.eq(cursor))
        )
        .set((
            runs::status.eq(RunStatus::Draft.as_str()),
            runs::computed_at.eq(Some(t)),
            runs::lease_until.eq(None::<NaiveDateTime>),
            runs::done.eq(runs::total),
        ))
        .execute(c))?;
        return Ok(true);
    }
    let start = engine::window_start(rating_date, window);
    let gathered = inputs::gather(conn, &subjects, rating_date, start, p.overdue_grace_days)?;
    let rows: Vec<_> = subjects
        .iter()
        .map(|s| {
            let i = gathered.get(&s.id).cloned().unwrap_or_default();
            let sc = engine::score(p, rating_date, &i);
            (
                rr::run_id.eq(run_id),
                rr::customer_id.eq(s.id),
                rr::eligibility.eq(sc.eligibility.as_str()),
                rr::first_deal_date.eq(i.first_deal),
                rr::contract_amount_fen.eq(i.contract_amount_fen),
                rr::list_amount_fen.eq(i.list_amount_fen),
                rr::late_receivables.eq(i.late_receivables),
                rr::open_receivables_fen.eq(i.open_receivables_fen),
                rr::influence.eq(i.influence.map(|x| x.0.as_str())),
                rr::influence_on.eq(i.influence.map(|x| x.1)),
                rr::level_amount.eq(sc.levels[0]),
                rr::level_receivables.eq(sc.levels[1]),
                rr::level_premium.eq(sc.levels[2]),
                rr::level_influence.eq(sc.levels[3]),
                rr::total_points.eq(sc.total_points),
                rr::proposed_grade.eq(sc.grade.map(|g| g.as_str())),
                rr::suggested_category.eq(sc.suggested_category.as_str()),
                rr::previous_grade.eq(s.grade.clone()),
                rr::previous_category.eq(s.category.clone()),
            )
        })
        .collect();
    let last = subjects.last().map(|s| s.id).unwrap_or(cursor);
    let n = subjects.len() as i64;
    conn.tx(|conn| {
        let moved = db_run!(conn, |c| diesel::update(
            runs::table
                .filter(runs::id.eq(run_id))
                .filter(runs::status.eq(RunStatus::Computing.as_str()))
                .filter(runs::cursor_id.eq(cursor))
        )
        .set((
            runs::cursor_id.eq(last),
            runs::done.eq(runs::done + n),
            runs::lease_until.eq(Some(t + Duration::seconds(LEASE_SECONDS))),
        ))
        .execute(c))?;
        if moved != 1 {
            // Cancelled, or taken over by another instance: leave the slice to them.
            return Ok::<(), ApiError>(());
        }
        for chunk in rows.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(rr::table)
                .values(chunk)
                .execute(c))?;
        }
        Ok(())
    })?;
    Ok(false)
}

/// Slices that may fail before the run is marked failed (a locked database or a restart is
/// retried by the resumer; a real error fails the same way each time).
const MAX_ATTEMPTS: i64 = 3;

/// The job hit an error: release the run for the resumer to retry, or mark it failed after
/// the last attempt (its partial results stay for inspection).
pub fn fail(conn: &mut DbConn, run_id: i64, error: &str) -> ApiResult<()> {
    let t = now();
    db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(run_id))
            .filter(runs::status.eq(RunStatus::Computing.as_str()))
    )
    .set((
        runs::attempts.eq(runs::attempts + 1),
        runs::error.eq(error),
        runs::lease_until.eq(Some(t)),
    ))
    .execute(c))?;
    db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(run_id))
            .filter(runs::status.eq(RunStatus::Computing.as_str()))
            .filter(runs::attempts.ge(MAX_ATTEMPTS))
    )
    .set((
        runs::status.eq(RunStatus::Failed.as_str()),
        runs::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(c))?;
    Ok(())
}

/// Take over one computing run whose lease ran out (its instance stopped): compare-and-set on
/// the lease, so one instance wins.
pub fn claim_stalled(conn: &mut DbConn) -> ApiResult<Option<i64>> {
    let t = now();
    let stalled: Vec<(i64, Option<NaiveDateTime>)> = db_run!(conn, |c| runs::table
        .filter(runs::status.eq(RunStatus::Computing.as_str()))
        .filter(runs::lease_until.is_null().or(runs::lease_until.lt(t)))
        .select((runs::id, runs::lease_until))
        .limit(1)
        .load(c))?;
    for (id, lease) in stalled {
        let q = runs::table
            .filter(runs::id.eq(id))
            .filter(runs::status.eq(RunStatus::Computing.as_str()));
        let n = match lease {
            Some(l) => db_run!(conn, |c| diesel::update(q.filter(runs::lease_until.eq(l)))
                .set(runs::lease_until.eq(Some(t + Duration::seconds(LEASE_SECONDS))))
                .execute(c))?,
            None => db_run!(conn, |c| diesel::update(
                q.filter(runs::lease_until.is_null())
            )
            .set(runs::lease_until.eq(Some(t + Duration::seconds(LEASE_SECONDS))))
            .execute(c))?,
        };
        if n == 1 {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

fn require_version(row: &RunRow, version: i64) -> ApiResult<()> {
    if row.19 != version {
        return Err(ApiError::StaleVersion);
    }
    Ok(())
}

/// Override (or clear the override of) one result of a draft run, with a reason.
pub fn override_result(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    run_id: i64,
    customer_id: i64,
    input: &OverrideInput,
) -> ApiResult<RatingResult> {
    // The category is the business manager's decision (the rating's reviewers may override
    // the grade only).
    if input.category.is_some() {
        auth.require(Area::CustomerClassification, Access::Write)?;
    }
    let run = find_run(conn, run_id)?;
    let status = RunStatus::parse(&run.6);
    if status != RunStatus::Draft {
        return Err(status_error(if status == RunStatus::Approved {
            "an approved run is immutable"
        } else {
            "only a draft run's results are changed"
        }));
    }
    // Claim the draft first: a submission committing meanwhile makes this fail, never the
    // other way round.
    let claimed = db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(run_id))
            .filter(runs::status.eq(RunStatus::Draft.as_str()))
    )
    .set(runs::version.eq(runs::version + 1))
    .execute(c))?;
    if claimed != 1 {
        return Err(status_error("only a draft run's results are changed"));
    }
    #[derive(Queryable)]
    struct Existing {
        id: i64,
        grade: Option<String>,
        category: Option<String>,
        eligibility: String,
        first_deal_date: Option<NaiveDate>,
    }
    let existing: Existing = db_run!(conn, |c| rr::table
        .filter(rr::run_id.eq(run_id))
        .filter(rr::customer_id.eq(customer_id))
        .select((
            rr::id,
            rr::override_grade,
            rr::override_category,
            rr::eligibility,
            rr::first_deal_date,
        ))
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)?;
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    // An override judges what the rules leave open: it may not grade a customer the rules do
    // not rate, nor lift a new customer above the C the rules give it.
    let first_deal = existing
        .first_deal_date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "—".into());
    match (Eligibility::parse(&existing.eligibility), input.grade) {
        (Eligibility::NotRated, Some(_)) => {
            return Err(ApiError::field(
                "grade",
                "rating.ineligible",
                format!(
                    "the customer is not rated (first deal {first_deal}: fewer than the minimum months of business before the rating date), so it gets no grade"
                ),
            ))
        }
        (Eligibility::NewCustomer, Some(Grade::A | Grade::B)) => {
            return Err(ApiError::field(
                "grade",
                "rating.ineligible",
                format!(
                    "a new customer (first deal {first_deal}, fewer than the new-customer months before the rating date) is graded C whatever its score"
                ),
            ))
        }
        _ => {}
    }
    let reason = input.reason.trim();
    let clearing = input.grade.is_none() && input.category.is_none();
    if !clearing && reason.is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "an override needs its reason",
        ));
    }
    if reason.chars().count() > 1000 {
        return Err(ApiError::field(
            "reason",
            "too_long",
            "at most 1000 characters",
        ));
    }
    let t = now();
    db_run!(conn, |c| diesel::update(rr::table.find(existing.id))
        .set((
            rr::override_grade.eq(input.grade.map(|g| g.as_str())),
            rr::override_category.eq(input.category.map(|g| g.as_str())),
            rr::override_reason.eq(if clearing { "" } else { reason }),
            rr::override_by.eq((!clearing).then_some(auth.id)),
            rr::override_at.eq((!clearing).then_some(t)),
        ))
        .execute(c))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("rating_result.override", "rating_run", run_id)
            .before(&serde_json::json!({"customer_id": customer_id, "grade": existing.grade, "category": existing.category}))
            .after(&serde_json::json!({"customer_id": customer_id, "grade": input.grade, "category": input.category, "reason": reason})),
    )?;
    let q = ResultQuery {
        customer_id: Some(customer_id),
        ..Default::default()
    };
    list_results(conn, auth, run_id, &q, 1, 0)?
        .0
        .pop()
        .ok_or(ApiError::NotFound)
}

/// Submit a draft rating run to the VP (the approvals inbox).
pub fn submit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<RatingRun> {
    let run = find_run(conn, id)?;
    require_version(&run, version)?;
    if RunPurpose::parse(&run.1) == RunPurpose::WhatIf {
        return Err(status_error(
            "a what-if run is a simulation, never submitted",
        ));
    }
    if RunStatus::parse(&run.6) != RunStatus::Draft {
        return Err(status_error("only a computed draft is submitted"));
    }
    if run.15.is_some_and(|at| crate::time::local_date(at) < run.2) {
        return Err(ApiError::field(
            "rating_date",
            "rating.early",
            "computed before its rating date (a preview): run it again on or after that date to submit",
        ));
    }
    let t = now();
    let title = format!(
        "客户评级 {}（{} 位客户） / Customer rating of {} ({} customers)",
        run.2, run.7, run.2, run.7
    );
    let approval = crate::approvals::service::request(
        conn,
        auth,
        meta,
        ApprovalKind::RatingRun,
        None,
        &title,
        &serde_json::json!({"rating_run_id": id, "rating_date": run.2, "customers": run.7}),
    )?;
    let n = db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::version.eq(version))
            .filter(runs::status.eq(RunStatus::Draft.as_str()))
    )
    .set((
        runs::status.eq(RunStatus::Submitted.as_str()),
        runs::approval_id.eq(Some(approval)),
        runs::submitted_at.eq(Some(t)),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("rating_run.submit", "rating_run", id),
    )?;
    get_run(conn, auth, id)
}

/// Cancel a computing or draft run (a submitted one is withdrawn from the approvals inbox).
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
) -> ApiResult<RatingRun> {
    let run = find_run(conn, id)?;
    require_version(&run, version)?;
    if !matches!(
        RunStatus::parse(&run.6),
        RunStatus::Computing | RunStatus::Draft | RunStatus::Failed
    ) {
        return Err(status_error(
            "only a computing, draft or failed run is cancelled; withdraw a submitted one from the approvals",
        ));
    }
    let n = db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::version.eq(version))
    )
    .set((
        runs::status.eq(RunStatus::Cancelled.as_str()),
        runs::lease_until.eq(None::<NaiveDateTime>),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("rating_run.cancel", "rating_run", id),
    )?;
    get_run(conn, auth, id)
}

fn run_of(row: &ApprovalRow) -> ApiResult<i64> {
    let payload: serde_json::Value =
        serde_json::from_str(&row.payload).map_err(ApiError::internal)?;
    payload["rating_run_id"]
        .as_i64()
        .ok_or_else(|| ApiError::internal("rating approval without a run"))
}

/// The VP decided (in the decision's transaction): approval applies every final grade and
/// category in one statement each and schedules the revisits; rejection sends the run back to
/// draft for the business manager.
pub fn on_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    decider: i64,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<Effect> {
    let id = run_of(row)?;
    let to = if approve {
        RunStatus::Approved
    } else {
        RunStatus::Draft
    };
    let n = db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::approval_id.eq(row.id))
            .filter(runs::status.eq(RunStatus::Submitted.as_str()))
    )
    .set((
        runs::status.eq(to.as_str()),
        runs::decided_by.eq(Some(decider)),
        runs::decided_at.eq(Some(t)),
        runs::approval_id.eq(if approve { Some(row.id) } else { None }),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::internal(
            "the rating run was not waiting for approval",
        ));
    }
    if !approve {
        return Ok(Effect::Done);
    }
    // Mark what applies: results with a final grade or a category override whose customer is
    // as the run found it (another run approved since keeps its newer grade), then apply
    // those — one statement each, in the approval's transaction.
    let mark = "UPDATE rating_results SET applied = TRUE
         WHERE run_id = $1
           AND (COALESCE(override_grade, proposed_grade) IS NOT NULL OR override_category IS NOT NULL)
           AND EXISTS (SELECT 1 FROM customers c WHERE c.id = rating_results.customer_id
                       AND COALESCE(c.grade, '') = COALESCE(rating_results.previous_grade, '')
                       AND c.category = rating_results.previous_category)";
    let apply = "UPDATE customers SET
           grade = COALESCE((SELECT COALESCE(r.override_grade, r.proposed_grade) FROM rating_results r
                             WHERE r.run_id = $1 AND r.customer_id = customers.id), grade),
           category = COALESCE((SELECT r.override_category FROM rating_results r
                                WHERE r.run_id = $1 AND r.customer_id = customers.id), category),
           version = version + 1, updated_at = $2
         WHERE id IN (SELECT r.customer_id FROM rating_results r WHERE r.run_id = $1 AND r.applied)";
    let marked = RawQuery::new(mark).bind(id).execute(conn)?;
    let changed = RawQuery::new(apply).bind(id).bind(t).execute(conn)?;
    let eligible: i64 = db_run!(conn, |c| rr::table
        .filter(rr::run_id.eq(id))
        .filter(
            rr::proposed_grade
                .is_not_null()
                .or(rr::override_grade.is_not_null())
                .or(rr::override_category.is_not_null())
        )
        .count()
        .get_result(c))?;
    let rating_date: NaiveDate = db_run!(conn, |c| runs::table
        .find(id)
        .select(runs::rating_date)
        .first(c))?;
    let scheduled =
        crate::revisits::service::schedule_after_rating(conn, id, crate::time::local_date(t))?;
    audit::record(
        conn,
        &Actor::system(),
        meta,
        Event::new("rating_run.apply", "rating_run", id).after(&serde_json::json!({
            "customers_graded": changed, "rating_date": rating_date, "revisits_scheduled": scheduled,
            "results_applied": marked, "skipped_regraded_since": eligible - changed as i64,
        })),
    )?;
    Ok(Effect::Done)
}

/// The requester withdrew the approval: the run is a draft again.
pub fn on_cancel(conn: &mut DbConn, row: &ApprovalRow) -> ApiResult<()> {
    let id = run_of(row)?;
    db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::approval_id.eq(row.id))
            .filter(runs::status.eq(RunStatus::Submitted.as_str()))
    )
    .set((
        runs::status.eq(RunStatus::Draft.as_str()),
        runs::approval_id.eq(None::<i64>),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?;
    Ok(())
}

type ResultRow = (
    (i64, i64, String, Option<NaiveDate>, i64, i64, i64, i64),
    (Option<String>, Option<NaiveDate>, i64, i64, i64, i64, i64),
    (Option<String>, String, Option<String>, String),
    (Option<String>, Option<String>, String, Option<i64>),
    (String, String, Option<i64>),
);

macro_rules! result_columns {
    () => {
        (
            (
                rr::id,
                rr::customer_id,
                rr::eligibility,
                rr::first_deal_date,
                rr::contract_amount_fen,
                rr::list_amount_fen,
                rr::late_receivables,
                rr::open_receivables_fen,
            ),
            (
                rr::influence,
                rr::influence_on,
                rr::level_amount,
                rr::level_receivables,
                rr::level_premium,
                rr::level_influence,
                rr::total_points,
            ),
            (
                rr::proposed_grade,
                rr::suggested_category,
                rr::previous_grade,
                rr::previous_category,
            ),
            (
                rr::override_grade,
                rr::override_category,
                rr::override_reason,
                rr::override_by,
            ),
            (customers::code, customers::name, customers::office_id),
        )
    };
}

fn inputs_of(r: &ResultRow) -> Inputs {
    Inputs {
        first_deal: r.0 .3,
        contract_amount_fen: r.0 .4,
        list_amount_fen: r.0 .5,
        late_receivables: r.0 .6,
        open_receivables_fen: r.0 .7,
        influence: match (r.1 .0.as_deref().and_then(Influence::parse), r.1 .1) {
            (Some(x), Some(d)) => Some((x, d)),
            _ => None,
        },
    }
}

fn scored_of(r: &ResultRow) -> Scored {
    Scored {
        levels: [r.1 .2, r.1 .3, r.1 .4, r.1 .5],
        total_points: r.1 .6,
        eligibility: Eligibility::parse(&r.0 .2),
        grade: r.2 .0.as_deref().and_then(Grade::parse),
        suggested_category: Category::parse(&r.2 .1),
    }
}

fn result_dto(
    p: &RatingPolicy,
    run: &RunRow,
    r: ResultRow,
    names: &HashMap<i64, String>,
    office_names: &HashMap<i64, String>,
) -> RatingResult {
    let i = inputs_of(&r);
    let s = scored_of(&r);
    let explanation = engine::explain(p, run.2, run.3, &i, &s);
    let point = |l: i64| Indicator {
        level: l,
        points: engine::points(p, l),
    };
    let override_grade = r.3 .0.as_deref().and_then(Grade::parse);
    let override_category = r.3 .1.as_deref().map(Category::parse);
    let previous_grade = r.2 .2.as_deref().and_then(Grade::parse);
    let previous_category = Category::parse(&r.2 .3);
    let final_grade = override_grade.or(s.grade);
    let final_category = override_category.unwrap_or(previous_category);
    RatingResult {
        id: r.0 .0,
        run_id: run.0,
        customer_id: r.0 .1,
        customer_code: r.4 .0,
        customer_name: r.4 .1,
        office_name: r.4 .2.and_then(|o| office_names.get(&o).cloned()),
        eligibility: s.eligibility,
        first_deal_date: i.first_deal,
        contract_amount_fen: i.contract_amount_fen,
        list_amount_fen: i.list_amount_fen,
        premium_bp: engine::premium_bp(&i),
        late_receivables: i.late_receivables,
        open_receivables_fen: i.open_receivables_fen,
        influence: i.influence.map(|x| x.0),
        influence_on: i.influence.map(|x| x.1),
        contract_amount: point(s.levels[0]),
        receivables: point(s.levels[1]),
        premium: point(s.levels[2]),
        strategic_influence: point(s.levels[3]),
        total_points: s.total_points,
        proposed_grade: s.grade,
        suggested_category: s.suggested_category,
        previous_grade,
        previous_category,
        override_grade,
        override_category,
        override_reason: r.3 .2,
        override_by_name: r.3 .3.and_then(|u| names.get(&u).cloned()),
        final_grade,
        final_category,
        changed: final_grade.is_some()
            && (final_grade != previous_grade || final_category != previous_category),
        explanation,
    }
}

fn names_of(
    conn: &mut DbConn,
    people: &[i64],
    office_ids: &[i64],
) -> ApiResult<(HashMap<i64, String>, HashMap<i64, String>)> {
    Ok((
        crate::users::repo::display_names(conn, people)?,
        crate::users::repo::office_names(conn, office_ids)?,
    ))
}

/// A run's results within the reader's scope, each with its explanation.
pub fn list_results(
    conn: &mut DbConn,
    auth: &AuthUser,
    run_id: i64,
    q: &ResultQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RatingResult>, i64)> {
    use diesel::dsl::sql;
    let run = find_run(conn, run_id)?;
    let (_, doc) = document(conn, run.4)?;
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let pattern =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::db::contains_pattern);
    let changed = changed_sql();
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                rr::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            )
            .filter(rr::run_id.eq(run_id));
            if let Some(id) = q.customer_id {
                query = query.filter(rr::customer_id.eq(id));
            }
            if let Some(o) = q.office_id {
                query = query.filter(customers::office_id.eq(o));
            }
            if let Some(e) = q.eligibility {
                query = query.filter(rr::eligibility.eq(e.as_str()));
            }
            if let Some(g) = q.grade {
                query = query.filter(
                    sql::<diesel::sql_types::Nullable<diesel::sql_types::Text>>(FINAL_GRADE)
                        .eq(g.as_str()),
                );
            }
            match q.changed {
                Some(true) => query = query.filter(sql::<diesel::sql_types::Bool>(&changed)),
                Some(false) => {
                    query = query.filter(diesel::dsl::not(sql::<diesel::sql_types::Bool>(&changed)))
                }
                None => {}
            }
            match q.overridden {
                Some(true) => query = query.filter(rr::override_at.is_not_null()),
                Some(false) => query = query.filter(rr::override_at.is_null()),
                None => {}
            }
            if let Some(p) = &pattern {
                query = query.filter(
                    customers::code
                        .like(p.clone())
                        .escape('\\')
                        .or(customers::name.like(p.clone()).escape('\\')),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<ResultRow> = db_run!(conn, |c| filtered!()
        .order((rr::total_points.desc(), rr::customer_id.asc()))
        .limit(limit)
        .offset(offset)
        .select(result_columns!())
        .load(c))?;
    let people: Vec<i64> = rows.iter().filter_map(|r| r.3 .3).collect();
    let office_ids: Vec<i64> = rows.iter().filter_map(|r| r.4 .2).collect();
    let (names, office_names) = names_of(conn, &people, &office_ids)?;
    let items = rows
        .into_iter()
        .map(|r| result_dto(&doc.rating, &run, r, &names, &office_names))
        .collect();
    Ok((items, total))
}

/// Final grades of a run by office, within the reader's scope (the distribution chart).
pub fn by_office(conn: &mut DbConn, auth: &AuthUser, run_id: i64) -> ApiResult<Vec<OfficeGrades>> {
    find_run(conn, run_id)?;
    let cells = cells(conn, auth, run_id)?;
    let ids: Vec<i64> = cells.iter().filter_map(|c| c.office_id).collect();
    let (_, office_names) = names_of(conn, &[], &ids)?;
    let mut out: Vec<OfficeGrades> = Vec::new();
    for cell in cells {
        let i = match out.iter().position(|o| o.office_id == cell.office_id) {
            Some(i) => i,
            None => {
                out.push(OfficeGrades {
                    office_id: cell.office_id,
                    office_name: cell
                        .office_id
                        .and_then(|o| office_names.get(&o).cloned())
                        .unwrap_or_default(),
                    grades: GradeCounts {
                        a: 0,
                        b: 0,
                        c: 0,
                        not_rated: 0,
                    },
                });
                out.len() - 1
            }
        };
        add_grade(&mut out[i].grades, cell.grade.as_deref(), cell.n);
    }
    out.sort_by(|a, b| a.office_name.cmp(&b.office_name));
    Ok(out)
}

/// (id, customer, level, reason, assessed on, by, at)
type AssessmentRow = (
    i64,
    i64,
    String,
    String,
    NaiveDate,
    Option<i64>,
    NaiveDateTime,
);

fn assessment_dtos(conn: &mut DbConn, rows: Vec<AssessmentRow>) -> ApiResult<Vec<Assessment>> {
    let people: Vec<i64> = rows.iter().filter_map(|r| r.5).collect();
    let (names, _) = names_of(conn, &people, &[])?;
    Ok(rows
        .into_iter()
        .map(|r| Assessment {
            id: r.0,
            customer_id: r.1,
            level: Influence::parse(&r.2).unwrap_or(Influence::Sporadic),
            reason: r.3,
            assessed_on: r.4,
            assessed_by_name: r.5.and_then(|u| names.get(&u).cloned()),
            created_at: r.6.and_utc(),
        })
        .collect())
}

macro_rules! assessment_columns {
    () => {
        (
            ia::id,
            ia::customer_id,
            ia::level,
            ia::reason,
            ia::assessed_on,
            ia::assessed_by,
            ia::created_at,
        )
    };
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
    let t = now();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(ia::table)
        .values((
            ia::customer_id.eq(customer_id),
            ia::level.eq(input.level.as_str()),
            ia::reason.eq(reason),
            ia::assessed_on.eq(on),
            ia::assessed_by.eq(Some(auth.id)),
            ia::created_at.eq(t),
        ))
        .returning(ia::id)
        .get_result(c))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("influence.assess", "customer", customer_id).after(&serde_json::json!({
            "level": input.level.as_str(), "reason": reason, "assessed_on": on,
        })),
    )?;
    let row = db_run!(conn, |c| ia::table
        .find(id)
        .select(assessment_columns!())
        .first(c))?;
    Ok(assessment_dtos(conn, vec![row])?.remove(0))
}

/// A customer's assessments, newest first.
pub fn assessments(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
) -> ApiResult<Vec<Assessment>> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let rows = db_run!(conn, |c| ia::table
        .filter(ia::customer_id.eq(customer_id))
        .order((ia::assessed_on.desc(), ia::id.desc()))
        .select(assessment_columns!())
        .load(c))?;
    assessment_dtos(conn, rows)
}

/// A customer's tier and treatment under the policy in force, latest influence and the
/// history of its approved ratings (newest first), in a fixed number of statements.
pub fn customer_rating(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<CustomerRating> {
    crate::customers::service::require_full_view(conn, auth, customer_id)?;
    let (category, grade): (String, Option<String>) = db_run!(conn, |c| customers::table
        .find(customer_id)
        .select((customers::category, customers::grade))
        .first(c))?;
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    let number: i64 = db_run!(conn, |c| pv::table
        .find(policy_id)
        .select(pv::number)
        .first(c))?;
    let category = Category::parse(&category);
    let grade = grade.as_deref().and_then(Grade::parse);
    let tier = doc.tier(category, grade).cloned();
    // The level shows in every rating; the assessor's reasoning only to those who assess.
    let latest_influence = assessments(conn, auth, customer_id)?
        .into_iter()
        .next()
        .map(|mut a| {
            if !auth.can(
                crate::auth::policy::Area::StrategicInfluence,
                crate::auth::policy::Access::Write,
            ) {
                a.reason = String::new();
            }
            a
        });
    let rows: Vec<(ResultRow, RunRow)> = db_run!(conn, |c| rr::table
        .inner_join(customers::table)
        .inner_join(runs::table)
        .filter(rr::customer_id.eq(customer_id))
        .filter(runs::status.eq(RunStatus::Approved.as_str()))
        .filter(runs::purpose.eq(RunPurpose::Rating.as_str()))
        .filter(rr::applied.eq(true))
        .order((runs::decided_at.desc(), runs::id.desc()))
        .limit(50)
        .select((result_columns!(), run_columns!()))
        .load(c))?;
    let versions: Vec<i64> = rows.iter().map(|r| r.1 .4).collect();
    // Each version's rules parsed once, whatever the number of ratings under it.
    let mut docs: HashMap<i64, (i64, RatingPolicy)> = HashMap::new();
    for (id, number, text) in db_run!(conn, |c| pv::table
        .filter(pv::id.eq_any(&versions))
        .select((pv::id, pv::number, pv::document))
        .load::<(i64, i64, String)>(c))?
    {
        let p: PolicyDocument = serde_json::from_str(&text).map_err(ApiError::internal)?;
        docs.insert(id, (number, p.rating));
    }
    let people: Vec<i64> = rows.iter().filter_map(|r| r.1 .17).collect();
    let (names, _) = names_of(conn, &people, &[])?;
    let mut history = Vec::with_capacity(rows.len());
    for (r, run) in rows {
        let (number, rating) = docs
            .get(&run.4)
            .ok_or_else(|| ApiError::internal("a rating run without its policy version"))?;
        let number = *number;
        let dto = result_dto(rating, &run, r, &HashMap::new(), &HashMap::new());
        history.push(RatingHistoryEntry {
            run_id: run.0,
            rating_date: run.2,
            policy_version_number: number,
            total_points: dto.total_points,
            levels: [
                dto.contract_amount.level,
                dto.receivables.level,
                dto.premium.level,
                dto.strategic_influence.level,
            ],
            proposed_grade: dto.proposed_grade,
            final_grade: dto.final_grade,
            final_category: dto.final_category,
            override_reason: dto.override_reason,
            approved_by_name: run.17.and_then(|u| names.get(&u).cloned()),
            approved_at: run.18.map(|t| t.and_utc()),
            explanation: dto.explanation,
        });
    }
    Ok(CustomerRating {
        treatment: Treatment {
            category,
            grade,
            policy_version_number: number,
            tier,
        },
        latest_influence,
        history,
    })
}
