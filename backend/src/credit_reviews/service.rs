//! 信用升降级评审 (DOMAIN.md §5): a campaign per review month, gathered in the background slice
//! by slice under a lease (any instance resumes a stalled one), reviewed per customer by the
//! business department, decided by the VP per customer or at once, and applied to the credit
//! profiles through credit control's service.

use std::collections::HashMap;

use actix_web::web;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

use super::model::*;
use super::repo::{self, Decision, ItemFilter, ItemLine, Reviewed};
use super::rules::{self, Current};
use crate::audit::{self, Actor, Event};
use crate::auth::policy::{Access, Area, Role};
use crate::auth::AuthUser;
use crate::calendar::WorkCalendar;
use crate::credit::model::{grade_str, parse_grade};
use crate::customers::scope::Viewer;
use crate::db::sliced::SlicedJob;
use crate::db::DbConn;
use crate::error::{all_valid, checked_text, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::CreditGrade;
use crate::state::AppState;
use crate::time::now;

/// Customers per slice: four grouped statements and one transaction each.
pub const SLICE: i64 = 5_000;
/// Campaigns as sliced jobs: gathered under a two-minute lease, three attempts.
const CAMPAIGNS: SlicedJob = SlicedJob {
    table: "credit_reviews",
    running: "generating",
    failed: "failed",
    lease_seconds: 120,
    max_attempts: 3,
};
/// Exceptions one batch approval may list.
const EXCEPT_MAX: usize = 10_000;
/// The largest limit a review form may carry (100 亿元 in fen), far within 64-bit sums.
const LIMIT_MAX_FEN: i64 = 1_000_000_000_000;

fn lease_from(t: NaiveDateTime) -> NaiveDateTime {
    CAMPAIGNS.lease_from(t)
}

fn find_review(conn: &mut DbConn, id: i64) -> ApiResult<ReviewRow> {
    repo::find_review(conn, id)?.ok_or(ApiError::NotFound)
}

fn status_error(message: &str) -> ApiError {
    ApiError::field("status", "review.status", message)
}

// ---------------------------------------------------------------------------------------------
// Campaigns

/// The campaigns with their counts in the viewer's reach: one grouped count and one names
/// lookup for all of them.
fn review_dtos(
    conn: &mut DbConn,
    viewer: &Viewer,
    lent: &[i64],
    rows: Vec<ReviewRow>,
) -> ApiResult<Vec<CreditReview>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    type Tally = (StatusCounts, ProposalCounts, Option<NaiveDateTime>);
    let mut tallies: HashMap<i64, Tally> = HashMap::new();
    for c in repo::counts(conn, &ids, viewer, lent)? {
        let (counts, proposals, last) = tallies.entry(c.review_id).or_default();
        *last = (*last).max(c.last_reviewed_at);
        match ItemStatus::parse(&c.status) {
            ItemStatus::Proposed => counts.proposed += c.n,
            ItemStatus::Reviewed => counts.reviewed += c.n,
            ItemStatus::Approved => counts.approved += c.n,
            ItemStatus::Rejected => counts.rejected += c.n,
        }
        match Proposal::parse(&c.proposal) {
            Proposal::Upgrade => proposals.upgrade += c.n,
            Proposal::Keep => proposals.keep += c.n,
            Proposal::Downgrade => proposals.downgrade += c.n,
        }
    }
    let creators: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    let names = crate::users::repo::display_names(conn, &creators)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (counts, proposals, last_reviewed_at) = tallies.remove(&r.id).unwrap_or_default();
            CreditReview {
                id: r.id,
                review_month: r.review_month,
                period_from: r.period_from,
                period_to: r.period_to,
                as_of: r.as_of,
                policy_version_id: r.policy_version_id,
                status: ReviewStatus::parse(&r.status),
                total: r.total,
                done: r.done,
                error: r.error,
                counts,
                proposals,
                created_by_name: r.created_by.and_then(|u| names.get(&u).cloned()),
                created_at: r.created_at.and_utc(),
                generated_at: r.generated_at.map(|t| t.and_utc()),
                last_reviewed_at: last_reviewed_at.map(|t| t.and_utc()),
            }
        })
        .collect())
}

pub fn list_reviews(conn: &mut DbConn, auth: &AuthUser) -> ApiResult<Vec<CreditReview>> {
    let (viewer, lent) = (
        Viewer::of(auth),
        crate::customers::service::lent_to(conn, auth)?,
    );
    let rows = repo::list_reviews(conn)?;
    review_dtos(conn, &viewer, &lent, rows)
}

pub fn get_review(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<CreditReview> {
    let (viewer, lent) = (
        Viewer::of(auth),
        crate::customers::service::lent_to(conn, auth)?,
    );
    let r = find_review(conn, id)?;
    Ok(review_dtos(conn, &viewer, &lent, vec![r])?.remove(0))
}

/// Start the campaign of a review month (`auth` none: the scheduled start). Gathering is the
/// caller's to drive ([`drive`]); the campaign holds the lease until then.
pub fn create_review(
    conn: &mut DbConn,
    auth: Option<&AuthUser>,
    meta: &RequestMeta,
    input: &NewCreditReview,
    today: NaiveDate,
) -> ApiResult<CreditReview> {
    let (version, doc) = crate::policies::service::in_force(conn, today)?;
    let months = &doc.credit.review_months;
    let month = input
        .review_month
        .clone()
        .unwrap_or_else(|| format!("{:04}-{:02}", today.year(), today.month()));
    let refuse = |m: &str| ApiError::field("review_month", "review.month", m);
    let (year, m) = rules::parse_month(&month).ok_or_else(|| refuse("a month as YYYY-MM"))?;
    if !months.contains(&i64::from(m)) {
        return Err(refuse(&format!(
            "not a review month of the policy ({months:?})"
        )));
    }
    if (year, m) > (today.year(), today.month()) {
        return Err(refuse("not after the current month"));
    }
    let (from, to) = rules::period(year, m, months).ok_or_else(|| refuse("no such month"))?;
    let t = now();
    let id = repo::insert_review(
        conn,
        &NewReviewRow {
            review_month: &month,
            period_from: from,
            period_to: to,
            as_of: today,
            policy_version_id: version,
            status: ReviewStatus::Generating.as_str(),
            total: 0,
            lease_until: Some(lease_from(t)),
            created_by: auth.map(|a| a.id),
            created_at: t,
        },
    )?;
    let total = repo::count_subjects(conn, today)?;
    repo::set_total(conn, id, total)?;
    let actor = auth.map(AuthUser::actor).unwrap_or_else(Actor::system);
    audit::record(
        conn,
        &actor,
        meta,
        Event::new("credit_review.create", "credit_review", id).after(&serde_json::json!({
            "review_month": month, "period_from": from, "period_to": to, "customers": total,
        })),
    )?;
    let all = Viewer {
        user_id: 0,
        office_id: None,
        scope: crate::auth::policy::Scope::All,
    };
    let r = find_review(conn, id)?;
    Ok(review_dtos(conn, &all, &[], vec![r])?.remove(0))
}

/// Gather the next slice of a generating campaign held by this instance: reads outside the
/// write, then the slice's items and the cursor's move in one transaction, on condition that
/// nobody else moved the cursor. True when the campaign is gathered (or not generating).
pub fn gather_slice(conn: &mut DbConn, id: i64) -> ApiResult<bool> {
    let r = find_review(conn, id)?;
    if ReviewStatus::parse(&r.status) != ReviewStatus::Generating {
        return Ok(true);
    }
    let (_, _, doc) = crate::policies::service::document_of(conn, r.policy_version_id)?;
    let t = now();
    CAMPAIGNS.renew(conn, id, t)?;
    let subjects = repo::next_subjects(conn, r.as_of, r.cursor_id, SLICE)?;
    let (Some(lo), Some(hi)) = (subjects.first(), subjects.last()) else {
        // Whoever opens the campaign (one compare-and-set) tells about it, in the same
        // transaction: an instance that took over never tells twice.
        conn.tx(|c| {
            if repo::finish_generating(c, id, r.cursor_id, t)? == 1 {
                notify_open(c, id)?;
            }
            Ok::<(), ApiError>(())
        })?;
        return Ok(true);
    };
    let (lo, hi) = (lo.customer_id, hi.customer_id);
    let forms = crate::credit::repo::limit_forms_sql(&doc.credit);
    let behaviour = repo::behaviour(conn, lo, hi, r.period_from, r.period_to, r.as_of, &forms)?;
    let days = (r.period_to - r.period_from).num_days() + 1;
    let none = Behaviour::default();
    let rows: Vec<NewItemRow> = subjects
        .iter()
        .filter_map(|s| {
            let grade = parse_grade(&s.grade)?;
            let current = Current {
                grade,
                limit_fen: s.limit_fen,
                period_days: s.credit_period_days,
            };
            let b = behaviour.get(&s.customer_id).unwrap_or(&none);
            let p = rules::propose(
                &doc.credit.review,
                &doc.credit.grades,
                current,
                b,
                days,
                doc.credit.gm_limit_above_fen,
            );
            Some(NewItemRow {
                review_id: id,
                customer_id: s.customer_id,
                grade: s.grade.clone(),
                limit_fen: s.limit_fen,
                credit_period_days: s.credit_period_days,
                sales_fen: b.sales_fen,
                open_ar_fen: b.open_ar_fen,
                overdue_fen: b.overdue_fen,
                dso_days: p.dso_days,
                late_receivables: b.late_receivables,
                worst_days_late: b.worst_days_late,
                broken_promises: b.broken_promises,
                events: b.events,
                severe_events: b.severe_events,
                utilisation_pct: p.utilisation_pct,
                proposal: p.proposal.as_str().to_string(),
                proposed_grade: grade_str(p.grade).to_string(),
                proposed_limit_fen: p.limit_fen,
                proposed_period_days: p.period_days,
                reasons: serde_json::to_string(&p.reasons).unwrap_or_else(|_| "[]".into()),
            })
        })
        .collect();
    let n = subjects.len() as i64;
    conn.tx(|c| {
        if CAMPAIGNS.advance(c, id, r.cursor_id, hi, n, t)? != 1 {
            // Taken over by another instance: the slice is theirs.
            return Ok::<(), ApiError>(());
        }
        repo::insert_items(c, &rows)
    })?;
    Ok(false)
}

/// Gather a campaign slice by slice until it is open or fails (in the background; one slice
/// at a time on the database threads).
pub async fn drive(state: web::Data<AppState>, id: i64) {
    loop {
        match state.db(move |c| gather_slice(c, id)).await {
            Ok(false) => continue,
            Ok(true) => break,
            Err(e) => {
                tracing::error!(review_id = id, error = %e, "credit review slice failed (retried)");
                let message = e.to_string();
                if let Err(e) = state
                    .db(move |c| CAMPAIGNS.count_failure(c, id, &message, now()))
                    .await
                {
                    tracing::error!(review_id = id, error = %e, "could not mark the slice failed");
                }
                break;
            }
        }
    }
}

/// A gathered campaign is the business department's to review and the VP's to follow.
fn notify_open(conn: &mut DbConn, id: i64) -> ApiResult<()> {
    let r = find_review(conn, id)?;
    let mut people = Vec::new();
    for role in [
        Role::BusinessStaff,
        Role::BusinessManager,
        Role::VicePresident,
    ] {
        people.extend(crate::notifications::service::holders_of(
            conn,
            role.as_str(),
        )?);
    }
    people.sort_unstable();
    people.dedup();
    crate::notifications::service::notify(
        conn,
        &people,
        "credit_review.open",
        &format!(
            "信用评审 {} 已生成 / Credit review {} ready",
            r.review_month, r.review_month
        ),
        &format!("{} 户待评审 / {} customers to review", r.total, r.total),
        &format!("/credit/reviews/{id}"),
    )
}

/// Take over one generating campaign whose lease ran out: compare-and-set, one instance wins.
pub fn claim_stalled(conn: &mut DbConn) -> ApiResult<Option<i64>> {
    CAMPAIGNS.claim_stalled(conn, now())
}

/// The scheduled start: on the first working day of a review month the month's campaign is
/// created (once: the month is unique; a second instance's attempt is refused). The id of a
/// campaign created now.
pub fn start_if_due(conn: &mut DbConn, today: NaiveDate) -> ApiResult<Option<i64>> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    if !doc.credit.review_months.contains(&i64::from(today.month())) {
        return Ok(None);
    }
    let calendar = WorkCalendar::load(conn, today - Duration::days(i64::from(today.day0())), 0)?;
    let first_working = (0..today.day0())
        .map(|d| today - Duration::days(i64::from(today.day0() - d)))
        .all(|d| !calendar.is_working_day(d));
    if !first_working || !calendar.is_working_day(today) {
        return Ok(None);
    }
    let month = format!("{:04}-{:02}", today.year(), today.month());
    if repo::review_of_month(conn, &month)?.is_some() {
        return Ok(None);
    }
    let input = NewCreditReview {
        review_month: Some(month),
    };
    match conn.tx(|c| {
        create_review(
            c,
            None,
            &RequestMeta::system("credit-review"),
            &input,
            today,
        )
    }) {
        Ok(r) => Ok(Some(r.id)),
        // Another instance created it first.
        Err(ApiError::Duplicate(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Every minute: resume a stalled campaign; on a review month's first working day, start its
/// campaign.
pub fn spawn(state: web::Data<AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            let today = state.today();
            match state.db(move |c| start_if_due(c, today)).await {
                Ok(Some(id)) => {
                    tracing::info!(review_id = id, "credit review campaign started");
                    drive(state.clone(), id).await;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "credit review start"),
            }
            match state.db(claim_stalled).await {
                Ok(Some(id)) => {
                    tracing::info!(review_id = id, "resuming a stalled credit review");
                    drive(state.clone(), id).await;
                }
                Ok(None) => {}
                Err(e) => tracing::warn!(error = %e, "credit review resumer"),
            }
        }
    });
}

// ---------------------------------------------------------------------------------------------
// Items

fn grade_of(s: &str) -> CreditGrade {
    parse_grade(s).unwrap_or(CreditGrade::C)
}

fn item_dtos(conn: &mut DbConn, rows: Vec<ItemLine>) -> ApiResult<Vec<ReviewItem>> {
    let mut ids: Vec<i64> = rows.iter().map(|(r, _)| r.review_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let reviews: HashMap<i64, ReviewRow> = repo::find_reviews(conn, &ids)?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let offices: Vec<i64> = rows.iter().filter_map(|(_, c)| c.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &offices)?;
    let people: Vec<i64> = rows
        .iter()
        .flat_map(|(r, c)| [c.owner_user_id, r.reviewed_by, r.decided_by])
        .flatten()
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    Ok(rows
        .into_iter()
        .map(|(r, c)| {
            let review = &reviews[&r.review_id];
            ReviewItem {
                id: r.id,
                review_id: r.review_id,
                review_month: review.review_month.clone(),
                period_from: review.period_from,
                period_to: review.period_to,
                customer_id: r.customer_id,
                customer_code: c.code,
                customer_name: c.name,
                office_name: c.office_id.and_then(|o| office_names.get(&o).cloned()),
                owner_name: name(c.owner_user_id),
                grade: grade_of(&r.grade),
                limit_fen: r.limit_fen,
                credit_period_days: r.credit_period_days,
                sales_fen: r.sales_fen,
                open_ar_fen: r.open_ar_fen,
                overdue_fen: r.overdue_fen,
                dso_days: r.dso_days,
                late_receivables: r.late_receivables,
                worst_days_late: r.worst_days_late,
                broken_promises: r.broken_promises,
                events: r.events,
                severe_events: r.severe_events,
                utilisation_pct: r.utilisation_pct,
                proposal: Proposal::parse(&r.proposal),
                proposed_grade: grade_of(&r.proposed_grade),
                proposed_limit_fen: r.proposed_limit_fen,
                proposed_period_days: r.proposed_period_days,
                reasons: serde_json::from_str(&r.reasons).unwrap_or_default(),
                status: ItemStatus::parse(&r.status),
                decision: r.decision.as_deref().map(Proposal::parse),
                new_grade: r.new_grade.as_deref().map(grade_of),
                new_limit_fen: r.new_limit_fen,
                new_period_days: r.new_period_days,
                opinion: r.opinion,
                reviewed_by_name: name(r.reviewed_by),
                reviewed_at: r.reviewed_at.map(|t| t.and_utc()),
                decided_by_name: name(r.decided_by),
                decided_at: r.decided_at.map(|t| t.and_utc()),
                decision_note: r.decision_note,
                applied_request_id: r.applied_request_id,
                version: r.version,
            }
        })
        .collect())
}

pub fn list_items(
    conn: &mut DbConn,
    auth: &AuthUser,
    review_id: i64,
    q: &ItemQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ReviewItem>, i64)> {
    find_review(conn, review_id)?;
    if q.q.as_deref().is_some_and(|s| s.chars().count() > 100) {
        return Err(ApiError::field("q", "too_long", "at most 100 characters"));
    }
    let viewer = Viewer::of(auth);
    let filter = ItemFilter {
        viewer: &viewer,
        granted: crate::customers::service::lent_to(conn, auth)?,
        query: q,
    };
    let (rows, total) = repo::list_items(conn, review_id, &filter, limit, offset)?;
    Ok((item_dtos(conn, rows)?, total))
}

/// The item with its customer in the user's scope (404 otherwise).
fn item_in_scope(
    conn: &mut DbConn,
    auth: &AuthUser,
    review_id: i64,
    id: i64,
) -> ApiResult<ItemLine> {
    let line = repo::find_item(conn, review_id, id)?.ok_or(ApiError::NotFound)?;
    crate::customers::service::require_full_view(conn, auth, line.0.customer_id)
        .map_err(|_| ApiError::NotFound)?;
    Ok(line)
}

fn one(conn: &mut DbConn, auth: &AuthUser, review_id: i64, id: i64) -> ApiResult<ReviewItem> {
    let line = item_in_scope(conn, auth, review_id, id)?;
    Ok(item_dtos(conn, vec![line])?.remove(0))
}

pub fn get_item(
    conn: &mut DbConn,
    auth: &AuthUser,
    review_id: i64,
    id: i64,
) -> ApiResult<ReviewItem> {
    one(conn, auth, review_id, id)
}

pub fn of_customer(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
) -> ApiResult<Vec<ReviewItem>> {
    crate::customers::service::require_full_view(conn, auth, customer_id)
        .map_err(|_| ApiError::NotFound)?;
    let rows = repo::items_of_customer(conn, customer_id)?;
    item_dtos(conn, rows)
}

/// The form's refusals: the grade agrees with the decision, the limit and period are in
/// range, a raise above the GM's amount is a limit request of its own, an opinion is given.
fn check_form(
    input: &ReviewForm,
    current: CreditGrade,
    current_limit: i64,
    gm_limit_above_fen: i64,
) -> ApiResult<()> {
    let mut errors = Vec::new();
    let agrees = match input.decision {
        Proposal::Upgrade => rules::above(input.new_grade, current),
        Proposal::Keep => input.new_grade == current,
        Proposal::Downgrade => rules::above(current, input.new_grade),
    };
    if !agrees {
        errors.push(FieldError::new(
            "new_grade",
            "review.grade_mismatch",
            format!(
                "an upgrade is above {0}, a downgrade below it, keeping is {0}",
                grade_str(current)
            ),
        ));
    }
    if !(0..=LIMIT_MAX_FEN).contains(&input.new_limit_fen) {
        errors.push(FieldError::new(
            "new_limit_fen",
            "out_of_range",
            format!("from 0 to {LIMIT_MAX_FEN} fen"),
        ));
    } else if input.new_limit_fen > current_limit && input.new_limit_fen > gm_limit_above_fen {
        errors.push(FieldError::new(
            "new_limit_fen",
            "review.needs_gm",
            format!(
                "a raise above {gm_limit_above_fen} fen is decided by the general manager: file a limit request"
            ),
        ));
    }
    if !(0..=365).contains(&input.new_period_days) {
        errors.push(FieldError::new(
            "new_period_days",
            "out_of_range",
            "from 0 to 365 days",
        ));
    }
    checked_text("opinion", &input.opinion, true, &mut errors);
    all_valid(errors)
}

/// The business department fills the review form (in the caller's transaction).
pub fn review_item(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    review_id: i64,
    id: i64,
    input: &ReviewForm,
) -> ApiResult<ReviewItem> {
    let review = find_review(conn, review_id)?;
    let (item, _) = item_in_scope(conn, auth, review_id, id)?;
    if ReviewStatus::parse(&review.status) != ReviewStatus::Open {
        return Err(status_error("the campaign is still being gathered"));
    }
    if matches!(
        ItemStatus::parse(&item.status),
        ItemStatus::Approved | ItemStatus::Rejected
    ) {
        return Err(status_error("decided already"));
    }
    let (_, doc) = crate::policies::service::in_force(conn, crate::time::today())?;
    // Against the profile as it stands now (a limit decided since the gathering included),
    // which is what an approval changes.
    let terms = crate::credit::service::current_terms(conn, item.customer_id)?;
    let (grade, limit) = terms
        .as_ref()
        .map(|t| (grade_of(&t.grade), t.limit_fen))
        .unwrap_or((grade_of(&item.grade), item.limit_fen));
    check_form(input, grade, limit, doc.credit.gm_limit_above_fen)?;
    if item.version != input.version {
        return Err(ApiError::StaleVersion);
    }
    let t = now();
    let changed = repo::save_review(
        conn,
        id,
        input.version,
        &Reviewed {
            decision: input.decision.as_str(),
            new_grade: grade_str(input.new_grade),
            new_limit_fen: input.new_limit_fen,
            new_period_days: input.new_period_days,
            opinion: input.opinion.trim(),
            reviewed_by: auth.id,
            reviewed_at: t,
            basis_request_id: terms.map(|t| t.request_id),
        },
    )?;
    if changed != 1 {
        return Err(ApiError::StaleVersion);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit_review.review", "credit_review_item", id).after(&serde_json::json!({
            "customer_id": item.customer_id, "decision": input.decision.as_str(),
            "new_grade": grade_str(input.new_grade), "new_limit_fen": input.new_limit_fen,
            "new_period_days": input.new_period_days,
        })),
    )?;
    one(conn, auth, review_id, id)
}

/// Apply what was approved and tell the owners, office directors and finance.
fn apply_and_notify(conn: &mut DbConn, review: &ReviewRow, t: NaiveDateTime) -> ApiResult<()> {
    let recipients = repo::recipients_of_unapplied(conn, review.id)?;
    let applied = crate::credit::service::apply_review_results(conn, review.id, t)?;
    repo::mark_applied(conn, review.id)?;
    if applied == 0 {
        return Ok(());
    }
    let month = &review.review_month;
    let link = format!("/credit/reviews/{}?status=approved", review.id);
    // One notification per person (their customers' count), not one per customer.
    for r in recipients {
        crate::notifications::service::notify(
            conn,
            &[r.user_id],
            "credit_review.applied",
            &format!("信用评审 {month} 结果已生效 / Credit review {month} applied"),
            &format!(
                "{} 户客户的信用等级/额度已按评审调整 / grade and limit changed for {} of your customers",
                r.n, r.n
            ),
            &link,
        )?;
    }
    let finance = crate::notifications::service::holders_of(conn, Role::Finance.as_str())?;
    crate::notifications::service::notify(
        conn,
        &finance,
        "credit_review.applied",
        &format!("信用评审 {month} 结果已生效 / Credit review {month} applied"),
        &format!("{applied} 户客户的信用等级/额度已调整 / grade and limit changed for {applied} customers"),
        &link,
    )
}

/// Is the customer's credit profile still the one the form was filled against?
fn basis_holds(conn: &mut DbConn, item: &ItemRow) -> ApiResult<bool> {
    let terms = crate::credit::service::current_terms(conn, item.customer_id)?;
    Ok(terms.map(|t| t.request_id) == item.basis_request_id && item.basis_request_id.is_some())
}

/// The VP's decision on one reviewed customer (in the caller's transaction).
pub fn decide_item(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    review_id: i64,
    id: i64,
    input: &ItemDecision,
) -> ApiResult<ReviewItem> {
    let review = find_review(conn, review_id)?;
    let (item, _) = item_in_scope(conn, auth, review_id, id)?;
    let mut errors = Vec::new();
    let note = checked_text("note", &input.note, !input.approve, &mut errors);
    all_valid(errors)?;
    match ItemStatus::parse(&item.status) {
        ItemStatus::Proposed => {
            return Err(status_error(
                "not reviewed yet: the business department fills the form first",
            ))
        }
        ItemStatus::Approved | ItemStatus::Rejected => return Err(ApiError::AlreadyDecided),
        ItemStatus::Reviewed => {}
    }
    if item.reviewed_by == Some(auth.id) {
        return Err(ApiError::SelfApproval);
    }
    if item.version != input.version {
        return Err(ApiError::StaleVersion);
    }
    if input.approve && !basis_holds(conn, &item)? {
        return Err(ApiError::field(
            "status",
            "review.profile_changed",
            "the credit profile changed after the form was filled: the business department fills it again",
        ));
    }
    let t = now();
    let decision = Decision {
        only: Some(id),
        version: Some(input.version),
        reviewed_before: None,
        except: &[],
        approve: input.approve,
        decider: auth.id,
        note,
        t,
    };
    if repo::decide(conn, review_id, &decision)? != 1 {
        // Decided, or saved again, by someone else meanwhile.
        return Err(ApiError::StaleVersion);
    }
    if input.approve {
        apply_and_notify(conn, &review, t)?;
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(
            if input.approve {
                "credit_review.approve"
            } else {
                "credit_review.reject"
            },
            "credit_review_item",
            id,
        )
        .after(&serde_json::json!({ "customer_id": item.customer_id, "note": note })),
    )?;
    one(conn, auth, review_id, id)
}

/// The VP approves every reviewed customer of the campaign but the exceptions (in the
/// caller's transaction): one conditional update, then the profiles set-based.
pub fn approve_review(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    review_id: i64,
    input: &BatchApproval,
) -> ApiResult<BatchResult> {
    // A decision for the whole campaign covers every customer: only an approver who sees them
    // all may take it.
    if auth.scope() != crate::auth::policy::Scope::All {
        return Err(ApiError::Forbidden);
    }
    let review = find_review(conn, review_id)?;
    if ReviewStatus::parse(&review.status) != ReviewStatus::Open {
        return Err(status_error("the campaign is still being gathered"));
    }
    let mut errors = Vec::new();
    if input.except.len() > EXCEPT_MAX {
        errors.push(FieldError::new(
            "except",
            "too_many",
            format!("at most {EXCEPT_MAX} exceptions"),
        ));
    }
    let note = checked_text("note", &input.note, false, &mut errors);
    all_valid(errors)?;
    let t = now();
    let reviewed_before = input.reviewed_before.map(|b| b.naive_utc());
    let decision = Decision {
        only: None,
        version: None,
        reviewed_before,
        except: &input.except,
        approve: true,
        decider: auth.id,
        note,
        t,
    };
    let approved = repo::decide(conn, review_id, &decision)?;
    let items = repo::decided_at(conn, review_id, auth.id, t)?;
    let (own, excepted) = repo::left_reviewed(conn, review_id, auth.id, &input.except)?;
    let (later, changed) =
        repo::left_by_batch(conn, review_id, auth.id, &input.except, reviewed_before)?;
    apply_and_notify(conn, &review, t)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit_review.approve_all", "credit_review", review_id).after(
            &serde_json::json!({ "approved": approved, "items": items, "except": input.except,
                                 "excepted": excepted, "own": own, "later": later,
                                 "changed": changed }),
        ),
    )?;
    Ok(BatchResult {
        approved: approved as i64,
        excepted,
        own,
        later,
        changed,
    })
}

/// Whether the user may start a campaign (the VP organises reviews; the business department
/// prepares them).
pub fn may_start(auth: &AuthUser) -> bool {
    auth.can(Area::CreditReviews, Access::Approve) || auth.can(Area::CreditReviews, Access::Write)
}
