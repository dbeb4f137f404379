//! All SQL of rating runs, results and assessments; the engine's inputs are read in
//! `inputs`, five grouped statements per slice.

pub mod inputs;

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::customers::scope::Viewer;
use crate::db::schema::{
    customers, influence_assessments as ia, policy_versions as pv, rating_results as rr,
    rating_run_customers as rc, rating_runs as runs,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::ApiResult;

/// The final grade of a result in SQL: the override, else the proposed grade.
const FINAL_GRADE: &str = "COALESCE(rating_results.override_grade, rating_results.proposed_grade)";
const FINAL_CATEGORY: &str =
    "COALESCE(rating_results.override_category, rating_results.previous_category)";

/// A result whose final grade or category differs from before, in SQL.
fn changed_sql() -> String {
    format!(
        "({FINAL_GRADE} IS NOT NULL AND ({FINAL_GRADE} <> COALESCE(rating_results.previous_grade, '') \
          OR {FINAL_CATEGORY} <> rating_results.previous_category))"
    )
}

// ---- runs ----

pub fn find_run(conn: &mut DbConn, id: i64) -> ApiResult<Option<RunRow>> {
    Ok(db_run!(conn, |c| runs::table
        .find(id)
        .select(RunRow::as_select())
        .first(c)
        .optional())?)
}

/// A page of runs, newest first, and how many match.
pub fn list_runs(
    conn: &mut DbConn,
    q: &RunQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RunRow>, i64)> {
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
        .select(RunRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// The numbers of these policy versions, by id.
pub fn policy_numbers(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    Ok(db_run!(conn, |c| pv::table
        .filter(pv::id.eq_any(ids))
        .select(PolicyNumber::as_select())
        .load::<PolicyNumber>(c))?
    .into_iter()
    .map(|p| (p.id, p.number))
    .collect())
}

/// The numbers and documents of these policy versions.
pub fn policy_texts(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<PolicyText>> {
    Ok(db_run!(conn, |c| pv::table
        .filter(pv::id.eq_any(ids))
        .select(PolicyText::as_select())
        .load(c))?)
}

/// The new run's id, with the customers it was limited to (if chosen).
pub fn insert_run(conn: &mut DbConn, run: &NewRun, chosen: Option<&[i64]>) -> ApiResult<i64> {
    let id: i64 = db_run!(conn, |c| diesel::insert_into(runs::table)
        .values(run)
        .returning(runs::id)
        .get_result(c))?;
    if let Some(ids) = chosen {
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
    Ok(id)
}

pub fn set_total(conn: &mut DbConn, id: i64, total: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(runs::table.find(id))
        .set(runs::total.eq(total))
        .execute(c))?;
    Ok(())
}

/// A computing run whose cursor is still `cursor` becomes a draft.
pub fn finish_computing(
    conn: &mut DbConn,
    id: i64,
    cursor: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
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
    Ok(())
}

pub fn insert_results(conn: &mut DbConn, rows: &[NewResult]) -> ApiResult<()> {
    for chunk in rows.chunks(500) {
        db_run!(conn, |c| diesel::insert_into(rr::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// Bump a draft's version (claims it against a concurrent submission); how many rows changed.
pub fn claim_draft(conn: &mut DbConn, id: i64) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::status.eq(RunStatus::Draft.as_str()))
    )
    .set(runs::version.eq(runs::version + 1))
    .execute(c))?)
}

/// A draft of version `version` submitted as approval `approval`; how many rows changed.
pub fn mark_submitted(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    approval: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
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
    .execute(c))?)
}

/// A run of version `version` cancelled; how many rows changed.
pub fn mark_cancelled(conn: &mut DbConn, id: i64, version: i64) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::version.eq(version))
    )
    .set((
        runs::status.eq(RunStatus::Cancelled.as_str()),
        runs::lease_until.eq(None::<NaiveDateTime>),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?)
}

/// A run submitted as approval `approval_id` leaves the approval: to `to`, decided by whom and
/// when (a decision) or not (a withdrawal), keeping the approval's id or not; how many rows
/// changed (0: it was not waiting for that approval).
pub fn leave_submitted(
    conn: &mut DbConn,
    id: i64,
    approval_id: i64,
    to: RunStatus,
    decided: Option<(i64, NaiveDateTime)>,
    keep_approval: bool,
) -> ApiResult<usize> {
    let decided_by = decided.map(|(by, _)| runs::decided_by.eq(Some(by)));
    let decided_at = decided.map(|(_, at)| runs::decided_at.eq(Some(at)));
    Ok(db_run!(conn, |c| diesel::update(
        runs::table
            .filter(runs::id.eq(id))
            .filter(runs::approval_id.eq(approval_id))
            .filter(runs::status.eq(RunStatus::Submitted.as_str()))
    )
    .set((
        runs::status.eq(to.as_str()),
        decided_by,
        decided_at,
        runs::approval_id.eq(keep_approval.then_some(approval_id)),
        runs::version.eq(runs::version + 1),
    ))
    .execute(c))?)
}

// ---- results ----

/// A run's results within `scope` (an SQL condition on `c`) counted by office, final grade,
/// changed and overridden — one grouped statement.
pub fn grade_cells(conn: &mut DbConn, scope: &str, run_id: i64) -> ApiResult<Vec<GradeCell>> {
    let sql = format!(
        "SELECT c.office_id AS office_id, {FINAL_GRADE} AS grade,
                CAST(CASE WHEN {changed} THEN 1 ELSE 0 END AS BIGINT) AS changed,
                CAST(CASE WHEN rating_results.override_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS overridden,
                CAST(COUNT(*) AS BIGINT) AS n
         FROM rating_results JOIN customers c ON c.id = rating_results.customer_id
         WHERE rating_results.run_id = $1 AND {scope}
         GROUP BY 1, 2, 3, 4",
        changed = changed_sql()
    );
    Ok(RawQuery::new(sql).bind(run_id).load(conn)?)
}

/// The filters of a run's result list.
pub struct ResultFilter<'a> {
    pub run_id: i64,
    pub viewer: &'a Viewer,
    pub granted: Vec<i64>,
    pub query: &'a ResultQuery,
    /// A LIKE pattern on the customer's code or name.
    pub pattern: Option<String>,
}

/// A page of a run's results, highest total first, and how many match.
pub fn list_results(
    conn: &mut DbConn,
    f: &ResultFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ResultRow>, i64)> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Nullable, Text};
    let (q, viewer) = (f.query, f.viewer);
    let changed = changed_sql();
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                rr::table.inner_join(customers::table).into_boxed(),
                viewer,
                f.granted.clone()
            )
            .filter(rr::run_id.eq(f.run_id));
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
                query = query.filter(sql::<Nullable<Text>>(FINAL_GRADE).eq(g.as_str()));
            }
            match q.changed {
                Some(true) => query = query.filter(sql::<Bool>(&changed)),
                Some(false) => query = query.filter(diesel::dsl::not(sql::<Bool>(&changed))),
                None => {}
            }
            match q.overridden {
                Some(true) => query = query.filter(rr::override_at.is_not_null()),
                Some(false) => query = query.filter(rr::override_at.is_null()),
                None => {}
            }
            if let Some(p) = &f.pattern {
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
        .select(ResultRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

pub fn override_target(
    conn: &mut DbConn,
    run_id: i64,
    customer_id: i64,
) -> ApiResult<Option<OverrideTarget>> {
    Ok(db_run!(conn, |c| rr::table
        .filter(rr::run_id.eq(run_id))
        .filter(rr::customer_id.eq(customer_id))
        .select(OverrideTarget::as_select())
        .first(c)
        .optional())?)
}

/// Set (or, with nothing and no author, clear) a result's override.
pub fn set_override(
    conn: &mut DbConn,
    result_id: i64,
    grade: Option<&str>,
    category: Option<&str>,
    reason: &str,
    by: Option<(i64, NaiveDateTime)>,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(rr::table.find(result_id))
        .set((
            rr::override_grade.eq(grade),
            rr::override_category.eq(category),
            rr::override_reason.eq(reason),
            rr::override_by.eq(by.map(|(u, _)| u)),
            rr::override_at.eq(by.map(|(_, t)| t)),
        ))
        .execute(c))?;
    Ok(())
}

/// Mark the results an approval applies: those with a final grade or a category override whose
/// customer is as the run found it (another run approved since keeps its newer grade).
pub fn mark_applicable(conn: &mut DbConn, run_id: i64) -> ApiResult<usize> {
    Ok(RawQuery::new(
        "UPDATE rating_results SET applied = TRUE
         WHERE run_id = $1
           AND (COALESCE(override_grade, proposed_grade) IS NOT NULL OR override_category IS NOT NULL)
           AND EXISTS (SELECT 1 FROM customers c WHERE c.id = rating_results.customer_id
                       AND COALESCE(c.grade, '') = COALESCE(rating_results.previous_grade, '')
                       AND c.category = rating_results.previous_category)",
    )
    .bind(run_id)
    .execute(conn)?)
}

/// Results of a run with something to apply (a grade or a category override).
pub fn count_gradable(conn: &mut DbConn, run_id: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| rr::table
        .filter(rr::run_id.eq(run_id))
        .filter(
            rr::proposed_grade
                .is_not_null()
                .or(rr::override_grade.is_not_null())
                .or(rr::override_category.is_not_null())
        )
        .count()
        .get_result(c))?)
}

/// A customer's applied results of approved ratings with their runs, newest first (50).
pub fn history(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<HistoryRow>> {
    Ok(db_run!(conn, |c| rr::table
        .inner_join(customers::table)
        .inner_join(runs::table)
        .filter(rr::customer_id.eq(customer_id))
        .filter(runs::status.eq(RunStatus::Approved.as_str()))
        .filter(runs::purpose.eq(RunPurpose::Rating.as_str()))
        .filter(rr::applied.eq(true))
        .order((runs::decided_at.desc(), runs::id.desc()))
        .limit(50)
        .select(HistoryRow::as_select())
        .load(c))?)
}

// ---- assessments ----

pub fn insert_assessment(conn: &mut DbConn, row: &NewAssessmentRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(ia::table)
        .values(row)
        .returning(ia::id)
        .get_result(c))?)
}

pub fn assessment(conn: &mut DbConn, id: i64) -> ApiResult<AssessmentRow> {
    Ok(db_run!(conn, |c| ia::table
        .find(id)
        .select(AssessmentRow::as_select())
        .first(c))?)
}

/// A customer's assessments, newest first.
pub fn assessments_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<AssessmentRow>> {
    Ok(db_run!(conn, |c| ia::table
        .filter(ia::customer_id.eq(customer_id))
        .order((ia::assessed_on.desc(), ia::id.desc()))
        .select(AssessmentRow::as_select())
        .load(c))?)
}

/// The rating date of a run.
pub fn rating_date(conn: &mut DbConn, run_id: i64) -> ApiResult<NaiveDate> {
    Ok(db_run!(conn, |c| runs::table
        .find(run_id)
        .select(runs::rating_date)
        .first(c))?)
}
