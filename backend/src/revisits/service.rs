//! 回访 plans: for every graded customer, one open visit per role its tier names, due the
//! tier's cadence after the base date (the approval of its rating, or the role's last visit),
//! moved to the next working day of the company calendar. Re-planned when a rating is approved
//! and when the policy in force, the customer's tier or its status changes; a visit is recorded
//! as an interaction in the dossier, closes its item and plans the next.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};

use super::model::*;
use super::repo;
use crate::audit::{self, Event};
use crate::auth::policy::Role;
use crate::auth::AuthUser;
use crate::calendar::WorkCalendar;
use crate::customers::model::{Category, Grade};
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::{PolicyDocument, Tier};
use crate::time::now;

/// Customers per round of re-planning (keeps every `IN (…)` list far below the bind limits).
const ROUND: usize = 5_000;

fn visited(status: &str) -> bool {
    !matches!(status, "lost" | "blacklisted")
}

/// The due date: `months` after `base`, on that day or the next working day.
pub fn due_after(cal: &WorkCalendar, base: NaiveDate, months: i64) -> NaiveDate {
    let d = base
        .checked_add_months(Months::new(months.max(1) as u32))
        .unwrap_or(base);
    cal.add_working_days(d, 0)
}

/// The tier whose visits a customer gets, if it is visited at all.
fn tier_of<'a>(doc: &'a PolicyDocument, s: &Subject) -> Option<&'a Tier> {
    if !visited(&s.status) {
        return None;
    }
    let grade = s.grade.as_deref().and_then(Grade::parse)?;
    doc.tier(Category::parse(&s.category), Some(grade))
}

/// The visit of `role` due the tier's cadence after `base`.
fn visit(
    cal: &WorkCalendar,
    customer_id: i64,
    role: &str,
    tier: &Tier,
    base: NaiveDate,
    policy_id: i64,
    t: NaiveDateTime,
) -> NewRevisit {
    NewRevisit {
        customer_id,
        role: role.to_string(),
        category: tier.category.as_str().to_string(),
        grade: tier.grade.as_str().to_string(),
        due_on: due_after(cal, base, tier.revisit_every_months),
        policy_version_id: policy_id,
        created_at: t,
        updated_at: t,
    }
}

/// Replace the open visits of these customers by the plan of their current tier under `doc`.
/// `base_on_last_visit`: due from each role's last visit (policy or tier change) rather than
/// from `today` (a rating just approved). Returns how many visits were planned.
fn replan(
    conn: &mut DbConn,
    ids: &[i64],
    policy_id: i64,
    doc: &PolicyDocument,
    today: NaiveDate,
    base_on_last_visit: bool,
) -> ApiResult<usize> {
    let t = now();
    let mut planned = 0;
    for round in ids.chunks(ROUND) {
        repo::close_open(conn, round, today, t)?;
        let subjects = repo::subjects(conn, round)?;
        let last: HashMap<(i64, String), NaiveDate> = if base_on_last_visit {
            repo::last_visits(conn, round)?
                .into_iter()
                .filter_map(|v| v.done_on.map(|d| ((v.customer_id, v.role), d)))
                .collect()
        } else {
            HashMap::new()
        };
        let earliest = last.values().min().copied().unwrap_or(today).min(today);
        // From the oldest base to a cadence (at most a year) past today.
        let span = (today - earliest).num_days().max(0) as u32 + 260;
        let cal = WorkCalendar::load(conn, earliest, span)?;
        let mut rows = Vec::new();
        for s in &subjects {
            let Some(tier) = tier_of(doc, s) else {
                continue;
            };
            for role in &tier.revisit_roles {
                let base = last
                    .get(&(s.id, role.as_str().to_string()))
                    .copied()
                    .unwrap_or(today);
                rows.push(visit(&cal, s.id, role.as_str(), tier, base, policy_id, t));
            }
        }
        repo::insert(conn, &rows)?;
        planned += rows.len();
    }
    Ok(planned)
}

/// After a rating run is approved: customers whose tier it changed (or who had no open visit)
/// get a fresh plan from `today`; the others keep the visits already due.
pub fn schedule_after_rating(conn: &mut DbConn, run_id: i64, today: NaiveDate) -> ApiResult<usize> {
    let ids = repo::changed_by_rating(conn, run_id)?;
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    replan(conn, &ids, policy_id, &doc, today, false)
}

/// Bring every plan in line with the policy in force and the customers' tiers and statuses:
/// open visits of another version or tier, customers no longer visited, graded customers with
/// no open visit. Run by the scheduler (and idempotent: a second call finds nothing).
pub fn reconcile(conn: &mut DbConn, today: NaiveDate) -> ApiResult<usize> {
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    let with_roles: Vec<String> = doc
        .treatment
        .iter()
        .filter(|t| !t.revisit_roles.is_empty())
        .map(|t| {
            format!(
                "(c.category = '{}' AND c.grade = '{}')",
                t.category.as_str(),
                t.grade.as_str()
            )
        })
        .collect();
    let tiers = if with_roles.is_empty() {
        "1 = 0".to_string()
    } else {
        with_roles.join(" OR ")
    };
    // A new policy version whose tier still calls for the same role: the open visit stays as
    // due (the new cadence applies from the next one), only its version is brought up to date.
    let t = now();
    for tier in &doc.treatment {
        let roles: Vec<&str> = tier.revisit_roles.iter().map(|r| r.as_str()).collect();
        repo::adopt_version(
            conn,
            policy_id,
            tier.category.as_str(),
            tier.grade.as_str(),
            &roles,
            t,
        )?;
    }
    let ids = repo::out_of_line(conn, policy_id, &tiers)?;
    if ids.is_empty() {
        return Ok(0);
    }
    replan(conn, &ids, policy_id, &doc, today, true)
}

/// Every few minutes: reconcile the plans (one instance at a time does the work; a concurrent
/// one fails on the open-visit unique index and retries next round).
pub fn spawn(state: actix_web::web::Data<crate::state::AppState>) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(std::time::Duration::from_secs(300));
        loop {
            tick.tick().await;
            let today = state.today();
            match state.tx(move |c| reconcile(c, today)).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(planned = n, "revisit plans brought up to date"),
                Err(e) => tracing::warn!(error = %e, "revisit planning failed"),
            }
        }
    });
}

fn to_dtos(conn: &mut DbConn, rows: Vec<RevisitRow>, today: NaiveDate) -> ApiResult<Vec<Revisit>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let custs = crate::customers::service::refs(conn, &ids)?;
    let office_ids: Vec<i64> = rows.iter().filter_map(|r| r.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    let people: Vec<i64> = rows.iter().filter_map(|r| r.done_by).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name) = custs
                .get(&r.customer_id)
                .map(|c| (c.code.clone(), c.name.clone()))
                .unwrap_or_default();
            let status = RevisitStatus::parse(&r.status);
            Revisit {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: code,
                customer_name: name,
                office_id: r.office_id,
                office_name: r.office_id.and_then(|o| office_names.get(&o).cloned()),
                role: Role::parse(&r.role).unwrap_or(Role::BusinessManager),
                category: Category::parse(&r.category),
                grade: Grade::parse(&r.grade).unwrap_or(Grade::C),
                due_on: r.due_on,
                status,
                overdue: status == RevisitStatus::Planned && r.due_on < today,
                done_on: r.done_on,
                done_by_name: r.done_by.and_then(|u| names.get(&u).cloned()),
                interaction_id: r.interaction_id,
                policy_version_id: r.policy_version_id,
                created_at: r.created_at.and_utc(),
            }
        })
        .collect())
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &RevisitQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<Revisit>, i64)> {
    let viewer = Viewer::of(auth);
    let filter = repo::ListFilter {
        viewer: &viewer,
        granted: crate::customers::service::lent_to(conn, auth)?,
        roles: (q.mine == Some(true)).then(|| auth.roles.iter().map(|r| r.as_str()).collect()),
        query: q,
        today,
    };
    let (rows, total) = repo::list(conn, &filter, limit, offset)?;
    Ok((to_dtos(conn, rows, today)?, total))
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<RevisitRow> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// Record the visit: an interaction in the dossier, the item done, the next one planned.
pub fn complete(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &CompleteRevisit,
    today: NaiveDate,
) -> ApiResult<Revisit> {
    let row = find(conn, id)?;
    // A visit is recorded for a customer of one's own scope, not a borrowed one.
    crate::customers::service::require_writable(conn, auth, row.customer_id)?;
    if !auth.roles.iter().any(|r| r.as_str() == row.role) {
        return Err(ApiError::Forbidden);
    }
    if RevisitStatus::parse(&row.status) != RevisitStatus::Planned {
        return Err(ApiError::field(
            "status",
            "revisit.closed",
            "this visit is already done or replaced",
        ));
    }
    let visited_on = input.visited_on.unwrap_or(today);
    let mut errors = Vec::new();
    if visited_on > today {
        errors.push(FieldError::new(
            "visited_on",
            "out_of_range",
            "not in the future",
        ));
    }
    if input.content.trim().is_empty() {
        errors.push(FieldError::new("content", "required", "what was discussed"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let entry = crate::dossier::service::insert_entry(
        conn,
        auth,
        meta,
        row.customer_id,
        crate::dossier::model::NewDossierEntry {
            kind: crate::dossier::model::DossierKind::Interaction,
            content: serde_json::json!({
                "date": visited_on,
                "kind": "visit",
                "participants": input.participants,
                "content": input.content.trim(),
                "follow_up": input.follow_up,
            }),
        },
        today,
    )?;
    let t = now();
    if repo::mark_done(conn, id, visited_on, auth.id, entry.id, t)? != 1 {
        return Err(ApiError::StaleVersion);
    }
    // The next visit of this role, from this one, if the customer's tier still calls for it.
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    let subject = repo::subjects(conn, &[row.customer_id])?.pop();
    let tier = subject
        .as_ref()
        .and_then(|s| tier_of(&doc, s))
        .filter(|x| x.revisit_roles.iter().any(|r| r.as_str() == row.role));
    if let Some(tier) = tier {
        let cal = WorkCalendar::load(conn, visited_on, 800)?;
        let next = visit(
            &cal,
            row.customer_id,
            &row.role,
            tier,
            visited_on,
            policy_id,
            t,
        );
        repo::insert(conn, &[next])?;
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("revisit.complete", "customer", row.customer_id).after(&serde_json::json!({
            "revisit_id": id, "visited_on": visited_on, "interaction_id": entry.id,
        })),
    )?;
    let row = find(conn, id)?;
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}
/// Planned against done, per tier and office, for visits due in the period (within scope).
pub fn compliance(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ComplianceQuery,
    today: NaiveDate,
) -> ApiResult<Compliance> {
    let from = q
        .from
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today));
    let to = q.to.unwrap_or(today);
    if to < from {
        return Err(ApiError::InvalidQuery(vec![FieldError::new(
            "to",
            "out_of_range",
            "on or after `from`",
        )]));
    }
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let scope = Viewer::of(auth).condition(&granted);
    let cells = repo::compliance(conn, &scope, today, from, to)?;
    let office_ids: Vec<i64> = cells.iter().filter_map(|c| c.office_id).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    let mut rows: Vec<ComplianceRow> = cells
        .into_iter()
        .map(|c| ComplianceRow {
            category: Category::parse(&c.category),
            grade: Grade::parse(&c.grade).unwrap_or(Grade::C),
            office_id: c.office_id,
            office_name: c
                .office_id
                .and_then(|o| office_names.get(&o).cloned())
                .unwrap_or_default(),
            planned: c.planned,
            done: c.done,
            overdue: c.overdue,
            rate_percent: if c.planned == 0 {
                100
            } else {
                c.done * 100 / c.planned
            },
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.category.as_str(), a.grade.as_str(), &a.office_name).cmp(&(
            b.category.as_str(),
            b.grade.as_str(),
            &b.office_name,
        ))
    });
    Ok(Compliance {
        from,
        to,
        planned: rows.iter().map(|r| r.planned).sum(),
        done: rows.iter().map(|r| r.done).sum(),
        overdue: rows.iter().map(|r| r.overdue).sum(),
        rows,
    })
}
