//! All SQL of revisits.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{
    ComplianceCell, IdRow, LastVisit, NewRevisit, RevisitQuery, RevisitRow, RevisitStatus, Subject,
};
use crate::customers::scope::Viewer;
use crate::db::schema::{customers, revisits as rv};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::ApiResult;

/// Statuses whose customers are not visited (a graded customer has had business, whatever its
/// recorded status, so only these two stop the visits).
const NO_VISITS: &str = "('lost', 'blacklisted')";

fn ids(conn: &mut DbConn, q: RawQuery) -> ApiResult<Vec<i64>> {
    let rows: Vec<IdRow> = q.load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// Close the open visits of these customers: those already overdue stay counted as missed,
/// the others are cancelled.
pub fn close_open(
    conn: &mut DbConn,
    customers: &[i64],
    today: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<()> {
    for (overdue_only, status) in [
        (true, RevisitStatus::Missed),
        (false, RevisitStatus::Cancelled),
    ] {
        db_run!(conn, |c| {
            let mut q = diesel::update(rv::table)
                .filter(rv::customer_id.eq_any(customers))
                .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
                .into_boxed();
            if overdue_only {
                q = q.filter(rv::due_on.lt(today));
            }
            q.set((rv::status.eq(status.as_str()), rv::updated_at.eq(t)))
                .execute(c)
        })?;
    }
    Ok(())
}

/// The tier and status of each of these customers.
pub fn subjects(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<Subject>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(ids))
        .select(Subject::as_select())
        .load(c))?)
}

/// Each role's last visit of each of these customers.
pub fn last_visits(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<LastVisit>> {
    Ok(db_run!(conn, |c| rv::table
        .filter(rv::customer_id.eq_any(ids))
        .filter(rv::status.eq(RevisitStatus::Done.as_str()))
        .group_by((rv::customer_id, rv::role))
        .select((rv::customer_id, rv::role, diesel::dsl::max(rv::done_on)))
        .load::<LastVisit>(c))?)
}

pub fn insert(conn: &mut DbConn, rows: &[NewRevisit]) -> ApiResult<()> {
    for chunk in rows.chunks(500) {
        db_run!(conn, |c| diesel::insert_into(rv::table)
            .values(chunk)
            .execute(c))?;
    }
    Ok(())
}

/// Customers of an approved rating run whose tier it changed, or who have no open visit.
pub fn changed_by_rating(conn: &mut DbConn, run_id: i64) -> ApiResult<Vec<i64>> {
    ids(
        conn,
        RawQuery::new(
            "SELECT r.customer_id AS id FROM rating_results r WHERE r.run_id = $1 AND r.applied
             AND (COALESCE(r.override_grade, r.proposed_grade, '') <> COALESCE(r.previous_grade, '')
                  OR COALESCE(r.override_category, r.previous_category) <> r.previous_category
                  OR NOT EXISTS (SELECT 1 FROM revisits v WHERE v.customer_id = r.customer_id
                                 AND v.status = 'planned'))",
        )
        .bind(run_id),
    )
}

/// Open visits of a tier's roles planned under another policy version now belong to
/// `policy_id` (they stay as due).
pub fn adopt_version(
    conn: &mut DbConn,
    policy_id: i64,
    category: &str,
    grade: &str,
    roles: &[&str],
    t: NaiveDateTime,
) -> ApiResult<()> {
    let same_tier = customers::table
        .filter(customers::category.eq(category))
        .filter(customers::grade.eq(grade))
        .select(customers::id);
    db_run!(conn, |c| diesel::update(
        rv::table
            .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
            .filter(rv::policy_version_id.ne(policy_id))
            .filter(rv::category.eq(category))
            .filter(rv::grade.eq(grade))
            .filter(rv::role.eq_any(roles))
            .filter(rv::customer_id.eq_any(same_tier))
    )
    .set((rv::policy_version_id.eq(policy_id), rv::updated_at.eq(t)))
    .execute(c))?;
    Ok(())
}

/// Customers whose open visits are out of line (another version or tier, no longer visited)
/// and graded customers of a visited tier (`tiers`: an SQL condition on `c`) with none open.
pub fn out_of_line(conn: &mut DbConn, policy_id: i64, tiers: &str) -> ApiResult<Vec<i64>> {
    ids(
        conn,
        RawQuery::new(format!(
            "SELECT DISTINCT v.customer_id AS id FROM revisits v JOIN customers c ON c.id = v.customer_id
             WHERE v.status = 'planned' AND (v.policy_version_id <> $1
                   OR v.category <> c.category OR v.grade <> COALESCE(c.grade, '')
                   OR c.status IN {NO_VISITS})
             UNION
             SELECT c.id AS id FROM customers c
             WHERE c.grade IS NOT NULL AND c.status NOT IN {NO_VISITS} AND ({tiers})
               AND NOT EXISTS (SELECT 1 FROM revisits v WHERE v.customer_id = c.id AND v.status = 'planned')"
        ))
        .bind(policy_id),
    )
}

/// The filters of the visit list, as read by `list`.
pub struct ListFilter<'a> {
    pub viewer: &'a Viewer,
    pub granted: Vec<i64>,
    /// Only visits of these roles (`mine=true`).
    pub roles: Option<Vec<&'a str>>,
    pub query: &'a RevisitQuery,
    pub today: NaiveDate,
}

/// A page of visits by due date, and how many match.
pub fn list(
    conn: &mut DbConn,
    f: &ListFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RevisitRow>, i64)> {
    let (q, viewer, today) = (f.query, f.viewer, f.today);
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                rv::table.inner_join(customers::table).into_boxed(),
                viewer,
                f.granted.clone()
            );
            if let Some(roles) = &f.roles {
                query = query.filter(rv::role.eq_any(roles.clone()));
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
    let rows: Vec<RevisitRow> = db_run!(conn, |c| filtered!()
        .order((rv::due_on.asc(), rv::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(RevisitRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<RevisitRow>> {
    Ok(db_run!(conn, |c| rv::table
        .inner_join(customers::table)
        .filter(rv::id.eq(id))
        .select(RevisitRow::as_select())
        .first(c)
        .optional())?)
}

/// An open visit done; how many rows changed (0: no longer open).
pub fn mark_done(
    conn: &mut DbConn,
    id: i64,
    visited_on: NaiveDate,
    by: i64,
    interaction_id: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        rv::table
            .filter(rv::id.eq(id))
            .filter(rv::status.eq(RevisitStatus::Planned.as_str()))
    )
    .set((
        rv::status.eq(RevisitStatus::Done.as_str()),
        rv::done_on.eq(Some(visited_on)),
        rv::done_by.eq(Some(by)),
        rv::interaction_id.eq(Some(interaction_id)),
        rv::updated_at.eq(t),
    ))
    .execute(c))?)
}

/// Planned, done and overdue visits due from `from` to `to`, per tier and office, for the
/// customers of `scope` (an SQL condition on `c`).
pub fn compliance(
    conn: &mut DbConn,
    scope: &str,
    today: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<ComplianceCell>> {
    let k = conn.kind();
    let (today, from, to) = (
        k.date_literal(today),
        k.date_literal(from),
        k.date_literal(to),
    );
    Ok(RawQuery::new(format!(
        "SELECT v.category, v.grade, c.office_id,
                CAST(COUNT(*) AS BIGINT) AS planned,
                CAST(SUM(CASE WHEN v.status = 'done' THEN 1 ELSE 0 END) AS BIGINT) AS done,
                CAST(SUM(CASE WHEN (v.status = 'planned' AND v.due_on < {today}) OR v.status = 'missed' THEN 1 ELSE 0 END) AS BIGINT) AS overdue
         FROM revisits v JOIN customers c ON c.id = v.customer_id
         WHERE v.status <> 'cancelled' AND v.due_on >= {from} AND v.due_on <= {to} AND {scope}
         GROUP BY v.category, v.grade, c.office_id"
    ))
    .load(conn)?)
}
