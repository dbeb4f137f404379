//! 回访 plans: for every graded customer, one open visit per role its tier names, due the
//! tier's cadence after the base date (the approval of its rating, or the role's last visit),
//! moved to the next working day of the company calendar. Re-planned when a rating is approved
//! and when the policy in force, the customer's tier or its status changes; a visit is recorded
//! as an interaction in the dossier, closes its item and plans the next.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::model::*;
use crate::audit::{self, Event};
use crate::auth::policy::Role;
use crate::auth::AuthUser;
use crate::calendar::WorkCalendar;
use crate::customers::model::{Category, Grade};
use crate::customers::scope::Viewer;
use crate::db::schema::{customers, revisits as rv};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::policies::model::PolicyDocument;
use crate::time::now;

/// Customers per round of re-planning (keeps every `IN (…)` list far below the bind limits).
const ROUND: usize = 5_000;
/// Statuses whose customers are not visited (a graded customer has had business, whatever its
/// recorded status, so only these two stop the visits).
const NO_VISITS: &str = "('lost', 'blacklisted')";

fn visited(status: &str) -> bool {
    !matches!(status, "lost" | "blacklisted")
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

fn ids_of(conn: &mut DbConn, sql: &str) -> ApiResult<Vec<i64>> {
    let rows: Vec<Id> = RawQuery::new(sql).load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// The due date: `months` after `base`, on that day or the next working day.
pub fn due_after(cal: &WorkCalendar, base: NaiveDate, months: i64) -> NaiveDate {
    let d = base
        .checked_add_months(Months::new(months.max(1) as u32))
        .unwrap_or(base);
    cal.add_working_days(d, 0)
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
        // Replaced visits that were already overdue stay counted as missed, the others go.
        db_run!(conn, |c| diesel::update(
            rv::table
                .filter(rv::customer_id.eq_any(round))
                .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
                .filter(rv::due_on.lt(today))
        )
        .set((
            rv::status.eq(RevisitStatus::Missed.as_str()),
            rv::updated_at.eq(t),
        ))
        .execute(c))?;
        db_run!(conn, |c| diesel::update(
            rv::table
                .filter(rv::customer_id.eq_any(round))
                .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
        )
        .set((
            rv::status.eq(RevisitStatus::Cancelled.as_str()),
            rv::updated_at.eq(t),
        ))
        .execute(c))?;
        let subjects: Vec<(i64, String, Option<String>, String)> =
            db_run!(conn, |c| customers::table
                .filter(customers::id.eq_any(round))
                .select((
                    customers::id,
                    customers::category,
                    customers::grade,
                    customers::status
                ))
                .load(c))?;
        let last: HashMap<(i64, String), NaiveDate> = if base_on_last_visit {
            db_run!(conn, |c| rv::table
                .filter(rv::customer_id.eq_any(round))
                .filter(rv::status.eq(RevisitStatus::Done.as_str()))
                .group_by((rv::customer_id, rv::role))
                .select((rv::customer_id, rv::role, diesel::dsl::max(rv::done_on)))
                .load::<(i64, String, Option<NaiveDate>)>(c))?
            .into_iter()
            .filter_map(|(c, r, d)| d.map(|d| ((c, r), d)))
            .collect()
        } else {
            HashMap::new()
        };
        let earliest = last.values().min().copied().unwrap_or(today).min(today);
        // From the oldest base to a cadence (at most a year) past today.
        let span = (today - earliest).num_days().max(0) as u32 + 260;
        let cal = WorkCalendar::load(conn, earliest, span)?;
        let mut rows = Vec::new();
        for (id, category, grade, status) in subjects {
            if !visited(&status) {
                continue;
            }
            let Some(grade) = grade.as_deref().and_then(Grade::parse) else {
                continue;
            };
            let category = Category::parse(&category);
            let Some(tier) = doc.tier(category, Some(grade)) else {
                continue;
            };
            for role in &tier.revisit_roles {
                let base = last
                    .get(&(id, role.as_str().to_string()))
                    .copied()
                    .unwrap_or(today);
                rows.push((
                    rv::customer_id.eq(id),
                    rv::role.eq(role.as_str()),
                    rv::category.eq(category.as_str()),
                    rv::grade.eq(grade.as_str()),
                    rv::due_on.eq(due_after(&cal, base, tier.revisit_every_months)),
                    rv::policy_version_id.eq(policy_id),
                    rv::created_at.eq(t),
                    rv::updated_at.eq(t),
                ));
            }
        }
        for chunk in rows.chunks(500) {
            db_run!(conn, |c| diesel::insert_into(rv::table)
                .values(chunk)
                .execute(c))?;
        }
        planned += rows.len();
    }
    Ok(planned)
}

/// After a rating run is approved: customers whose tier it changed (or who had no open visit)
/// get a fresh plan from `today`; the others keep the visits already due.
pub fn schedule_after_rating(conn: &mut DbConn, run_id: i64, today: NaiveDate) -> ApiResult<usize> {
    let ids = ids_of(
        conn,
        &format!(
            "SELECT r.customer_id AS id FROM rating_results r WHERE r.run_id = {run_id} AND r.applied
             AND (COALESCE(r.override_grade, r.proposed_grade, '') <> COALESCE(r.previous_grade, '')
                  OR COALESCE(r.override_category, r.previous_category) <> r.previous_category
                  OR NOT EXISTS (SELECT 1 FROM revisits v WHERE v.customer_id = r.customer_id
                                 AND v.status = 'planned'))"
        ),
    )?;
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
        let same_tier = customers::table
            .filter(customers::category.eq(tier.category.as_str()))
            .filter(customers::grade.eq(tier.grade.as_str()))
            .select(customers::id);
        db_run!(conn, |c| diesel::update(
            rv::table
                .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
                .filter(rv::policy_version_id.ne(policy_id))
                .filter(rv::category.eq(tier.category.as_str()))
                .filter(rv::grade.eq(tier.grade.as_str()))
                .filter(rv::role.eq_any(&roles))
                .filter(rv::customer_id.eq_any(same_tier))
        )
        .set((rv::policy_version_id.eq(policy_id), rv::updated_at.eq(t)))
        .execute(c))?;
    }
    let ids = ids_of(
        conn,
        &format!(
            "SELECT DISTINCT v.customer_id AS id FROM revisits v JOIN customers c ON c.id = v.customer_id
             WHERE v.status = 'planned' AND (v.policy_version_id <> {policy_id}
                   OR v.category <> c.category OR v.grade <> COALESCE(c.grade, '')
                   OR c.status IN {NO_VISITS})
             UNION
             SELECT c.id AS id FROM customers c
             WHERE c.grade IS NOT NULL AND c.status NOT IN {NO_VISITS} AND ({tiers})
               AND NOT EXISTS (SELECT 1 FROM revisits v WHERE v.customer_id = c.id AND v.status = 'planned')"
        ),
    )?;
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

type Row = (
    i64,
    i64,
    String,
    String,
    String,
    NaiveDate,
    String,
    i64,
    Option<i64>,
    Option<NaiveDate>,
    Option<i64>,
    NaiveDateTime,
);

macro_rules! columns {
    () => {
        (
            rv::id,
            rv::customer_id,
            rv::role,
            rv::category,
            rv::grade,
            rv::due_on,
            rv::status,
            rv::policy_version_id,
            rv::interaction_id,
            rv::done_on,
            rv::done_by,
            rv::created_at,
        )
    };
}

fn to_dtos(conn: &mut DbConn, rows: Vec<Row>, today: NaiveDate) -> ApiResult<Vec<Revisit>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let custs: HashMap<i64, (String, String, Option<i64>)> = db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(&ids))
        .select((
            customers::id,
            customers::code,
            customers::name,
            customers::office_id
        ))
        .load::<(i64, String, String, Option<i64>)>(c))?
    .into_iter()
    .map(|r| (r.0, (r.1, r.2, r.3)))
    .collect();
    let office_ids: Vec<i64> = custs.values().filter_map(|c| c.2).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    let people: Vec<i64> = rows.iter().filter_map(|r| r.10).collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name, office) = custs.get(&r.1).cloned().unwrap_or_default();
            let status = RevisitStatus::parse(&r.6);
            Revisit {
                id: r.0,
                customer_id: r.1,
                customer_code: code,
                customer_name: name,
                office_id: office,
                office_name: office.and_then(|o| office_names.get(&o).cloned()),
                role: Role::parse(&r.2).unwrap_or(Role::BusinessManager),
                category: Category::parse(&r.3),
                grade: Grade::parse(&r.4).unwrap_or(Grade::C),
                due_on: r.5,
                status,
                overdue: status == RevisitStatus::Planned && r.5 < today,
                done_on: r.9,
                done_by_name: r.10.and_then(|u| names.get(&u).cloned()),
                interaction_id: r.8,
                policy_version_id: r.7,
                created_at: r.11.and_utc(),
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
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let my_roles: Vec<&str> = auth.roles.iter().map(|r| r.as_str()).collect();
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                rv::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            if q.mine == Some(true) {
                query = query.filter(rv::role.eq_any(my_roles.clone()));
            }
            if let Some(s) = q.status {
                query = query.filter(rv::status.eq(s.as_str()));
            }
            if q.overdue == Some(true) {
                query = query
                    .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
                    .filter(rv::due_on.lt(today));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(rv::customer_id.eq(id));
            }
            if let Some(o) = q.office_id {
                query = query.filter(customers::office_id.eq(o));
            }
            if let Some(r) = q.role {
                query = query.filter(rv::role.eq(r.as_str()));
            }
            if let Some(d) = q.due_from {
                query = query.filter(rv::due_on.ge(d));
            }
            if let Some(d) = q.due_to {
                query = query.filter(rv::due_on.le(d));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<Row> = db_run!(conn, |c| filtered!()
        .order((rv::due_on.asc(), rv::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(columns!())
        .load(c))?;
    Ok((to_dtos(conn, rows, today)?, total))
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
    let row: Row = db_run!(conn, |c| rv::table
        .find(id)
        .select(columns!())
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)?;
    // A visit is recorded for a customer of one's own scope, not a borrowed one.
    crate::customers::service::require_writable(conn, auth, row.1)?;
    if !auth.roles.iter().any(|r| r.as_str() == row.2) {
        return Err(ApiError::Forbidden);
    }
    if RevisitStatus::parse(&row.6) != RevisitStatus::Planned {
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
        row.1,
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
    let n = db_run!(conn, |c| diesel::update(
        rv::table
            .filter(rv::id.eq(id))
            .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
    )
    .set((
        rv::status.eq(RevisitStatus::Done.as_str()),
        rv::done_on.eq(Some(visited_on)),
        rv::done_by.eq(Some(auth.id)),
        rv::interaction_id.eq(Some(entry.id)),
        rv::updated_at.eq(t),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    // The next visit of this role, from this one, if the customer's tier still calls for it.
    let (policy_id, doc) = crate::policies::service::in_force(conn, today)?;
    let (category, grade, status): (String, Option<String>, String) =
        db_run!(conn, |c| customers::table
            .find(row.1)
            .select((customers::category, customers::grade, customers::status))
            .first(c))?;
    let tier = doc
        .tier(
            Category::parse(&category),
            grade.as_deref().and_then(Grade::parse),
        )
        .filter(|x| x.revisit_roles.iter().any(|r| r.as_str() == row.2))
        .cloned();
    if let (Some(tier), true) = (tier, visited(&status)) {
        let cal = WorkCalendar::load(conn, visited_on, 800)?;
        db_run!(conn, |c| diesel::insert_into(rv::table)
            .values((
                rv::customer_id.eq(row.1),
                rv::role.eq(&row.2),
                rv::category.eq(tier.category.as_str()),
                rv::grade.eq(tier.grade.as_str()),
                rv::due_on.eq(due_after(&cal, visited_on, tier.revisit_every_months)),
                rv::policy_version_id.eq(policy_id),
                rv::created_at.eq(t),
                rv::updated_at.eq(t),
            ))
            .execute(c))?;
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("revisit.complete", "customer", row.1).after(&serde_json::json!({
            "revisit_id": id, "visited_on": visited_on, "interaction_id": entry.id,
        })),
    )?;
    let row: Row = db_run!(conn, |c| rv::table.find(id).select(columns!()).first(c))?;
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
    #[derive(QueryableByName)]
    struct Cell {
        #[diesel(sql_type = diesel::sql_types::Text)]
        category: String,
        #[diesel(sql_type = diesel::sql_types::Text)]
        grade: String,
        #[diesel(sql_type = diesel::sql_types::Nullable<BigInt>)]
        office_id: Option<i64>,
        #[diesel(sql_type = BigInt)]
        planned: i64,
        #[diesel(sql_type = BigInt)]
        done: i64,
        #[diesel(sql_type = BigInt)]
        overdue: i64,
    }
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let scope = Viewer::of(auth).condition(&granted);
    // Dates formatted by chrono (YYYY-MM-DD), never from the request text.
    let sql = format!(
        "SELECT v.category, v.grade, c.office_id,
                CAST(COUNT(*) AS BIGINT) AS planned,
                CAST(SUM(CASE WHEN v.status = 'done' THEN 1 ELSE 0 END) AS BIGINT) AS done,
                CAST(SUM(CASE WHEN (v.status = 'planned' AND v.due_on < '{today}') OR v.status = 'missed' THEN 1 ELSE 0 END) AS BIGINT) AS overdue
         FROM revisits v JOIN customers c ON c.id = v.customer_id
         WHERE v.status <> 'cancelled' AND v.due_on >= '{from}' AND v.due_on <= '{to}' AND {scope}
         GROUP BY v.category, v.grade, c.office_id"
    );
    let cells: Vec<Cell> = RawQuery::new(sql).load(conn)?;
    let cells: Vec<(String, String, Option<i64>, i64, i64, i64)> = cells
        .into_iter()
        .map(|c| {
            (
                c.category,
                c.grade,
                c.office_id,
                c.planned,
                c.done,
                c.overdue,
            )
        })
        .collect();
    let office_ids: Vec<i64> = cells.iter().filter_map(|c| c.2).collect();
    let office_names = crate::users::repo::office_names(conn, &office_ids)?;
    let mut rows: Vec<ComplianceRow> = cells
        .into_iter()
        .map(
            |(cat, grade, office, planned, done, overdue)| ComplianceRow {
                category: Category::parse(&cat),
                grade: Grade::parse(&grade).unwrap_or(Grade::C),
                office_id: office,
                office_name: office
                    .and_then(|o| office_names.get(&o).cloned())
                    .unwrap_or_default(),
                planned,
                done,
                overdue,
                rate_percent: if planned == 0 {
                    100
                } else {
                    done * 100 / planned
                },
            },
        )
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
