//! A run's results: the list with explanations, overrides, the distribution by office and
//! the export.

use std::collections::HashMap;

use super::runs::{document, find_run, get_run, status_error};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::model::{Category, Grade};
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use crate::policies::model::RatingPolicy;
use crate::ratings::engine::{self, Eligibility, Influence, Inputs, Scored};
use crate::ratings::model::*;
use crate::ratings::repo;
use crate::time::now;

/// A run's results within the reader's scope counted by office, final grade, changed and
/// overridden — one grouped statement for the run's figures and its distribution chart.
fn cells(conn: &mut DbConn, auth: &AuthUser, run_id: i64) -> ApiResult<Vec<GradeCell>> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let scope = Viewer::of(auth).condition(&granted);
    repo::grade_cells(conn, &scope, run_id)
}

fn no_grades() -> GradeCounts {
    GradeCounts {
        a: 0,
        b: 0,
        c: 0,
        not_rated: 0,
    }
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
pub(super) fn counts(
    conn: &mut DbConn,
    auth: &AuthUser,
    run_id: i64,
) -> ApiResult<(GradeCounts, i64, i64)> {
    let mut g = no_grades();
    let (mut changed, mut overridden) = (0, 0);
    for cell in cells(conn, auth, run_id)? {
        add_grade(&mut g, cell.grade.as_deref(), cell.n);
        changed += cell.changed * cell.n;
        overridden += cell.overridden * cell.n;
    }
    Ok((g, changed, overridden))
}

fn inputs_of(r: &Computed) -> Inputs {
    Inputs {
        first_deal: r.first_deal_date,
        contract_amount_fen: r.contract_amount_fen,
        list_amount_fen: r.list_amount_fen,
        late_receivables: r.late_receivables,
        open_receivables_fen: r.open_receivables_fen,
        influence: match (
            r.influence.as_deref().and_then(Influence::parse),
            r.influence_on,
        ) {
            (Some(x), Some(d)) => Some((x, d)),
            _ => None,
        },
    }
}

fn scored_of(r: &Computed) -> Scored {
    Scored {
        levels: [
            r.level_amount,
            r.level_receivables,
            r.level_premium,
            r.level_influence,
        ],
        total_points: r.total_points,
        eligibility: Eligibility::parse(&r.eligibility),
        grade: r.proposed_grade.as_deref().and_then(Grade::parse),
        suggested_category: Category::parse(&r.suggested_category),
    }
}

/// A result as answered, explained under the run's rules.
pub(super) fn result_dto(
    p: &RatingPolicy,
    run: &RunRow,
    r: ResultRow,
    names: &HashMap<i64, String>,
    office_names: &HashMap<i64, String>,
) -> RatingResult {
    let i = inputs_of(&r.computed);
    let s = scored_of(&r.computed);
    let explanation = engine::explain(p, run.rating_date, run.window_months, &i, &s);
    let point = |l: i64| Indicator {
        level: l,
        points: engine::points(p, l),
    };
    let override_grade = r.override_grade.as_deref().and_then(Grade::parse);
    let override_category = r.override_category.as_deref().map(Category::parse);
    let previous_grade = r.computed.previous_grade.as_deref().and_then(Grade::parse);
    let previous_category = Category::parse(&r.computed.previous_category);
    let final_grade = override_grade.or(s.grade);
    let final_category = override_category.unwrap_or(previous_category);
    RatingResult {
        id: r.id,
        run_id: run.id,
        customer_id: r.computed.customer_id,
        customer_code: r.customer_code,
        customer_name: r.customer_name,
        office_name: r.office_id.and_then(|o| office_names.get(&o).cloned()),
        eligibility: s.eligibility,
        first_deal_date: i.first_deal,
        contract_amount_fen: i.contract_amount_fen,
        list_amount_fen: i.list_amount_fen,
        premium_bp: engine::premium_bp(&i),
        late_receivables: i.late_receivables,
        open_receivables_fen: i.open_receivables_fen,
        influence: i.influence.map(|(level, _)| level),
        influence_on: i.influence.map(|(_, on)| on),
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
        override_reason: r.override_reason,
        override_by_name: r.override_by.and_then(|u| names.get(&u).cloned()),
        final_grade,
        final_category,
        changed: final_grade.is_some()
            && (final_grade != previous_grade || final_category != previous_category),
        explanation,
    }
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
    let run = find_run(conn, run_id)?;
    let doc = document(conn, run.policy_version_id)?;
    let viewer = Viewer::of(auth);
    let filter = repo::ResultFilter {
        run_id,
        viewer: &viewer,
        granted: crate::customers::service::lent_to(conn, auth)?,
        query: q,
        pattern: q
            .q
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::db::contains_pattern),
    };
    let (rows, total) = repo::list_results(conn, &filter, limit, offset)?;
    let people: Vec<i64> = rows.iter().filter_map(|r| r.override_by).collect();
    let office_ids: Vec<i64> = rows.iter().filter_map(|r| r.office_id).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
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
    let office_names = crate::users::repo::office_names(conn, &ids)?;
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
                    grades: no_grades(),
                });
                out.len() - 1
            }
        };
        add_grade(&mut out[i].grades, cell.grade.as_deref(), cell.n);
    }
    out.sort_by(|a, b| a.office_name.cmp(&b.office_name));
    Ok(out)
}

/// An override may not grade a customer the rules do not rate, nor lift a new customer above
/// the C the rules give it; it needs a reason of at most 1000 characters (clearing needs none).
fn check_override(target: &OverrideTarget, input: &OverrideInput) -> ApiResult<()> {
    let first_deal = target
        .first_deal_date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "—".into());
    match (Eligibility::parse(&target.eligibility), input.grade) {
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
    let status = RunStatus::parse(&run.status);
    if status != RunStatus::Draft {
        return Err(status_error(if status == RunStatus::Approved {
            "an approved run is immutable"
        } else {
            "only a draft run's results are changed"
        }));
    }
    // Claim the draft first: a submission committing meanwhile makes this fail, never the
    // other way round.
    if repo::claim_draft(conn, run_id)? != 1 {
        return Err(status_error("only a draft run's results are changed"));
    }
    let existing = repo::override_target(conn, run_id, customer_id)?.ok_or(ApiError::NotFound)?;
    crate::customers::service::require_writable(conn, auth, customer_id)?;
    check_override(&existing, input)?;
    let reason = input.reason.trim();
    let clearing = input.grade.is_none() && input.category.is_none();
    repo::set_override(
        conn,
        existing.id,
        input.grade.map(|g| g.as_str()),
        input.category.map(|g| g.as_str()),
        if clearing { "" } else { reason },
        (!clearing).then_some((auth.id, now())),
    )?;
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

/// A run's results in the reader's scope as an .xlsx (every page), the export audited.
pub fn export_results(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    run_id: i64,
    q: &ResultQuery,
) -> ApiResult<Vec<u8>> {
    let run = get_run(conn, auth, run_id)?;
    let (results, _) = list_results(conn, auth, run_id, q, i64::MAX, 0)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("rating_run.export", "rating_run", run_id)
            .after(&serde_json::json!({"rows": results.len()})),
    )?;
    crate::ratings::export::workbook(&run, &results)
}
