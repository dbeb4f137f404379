//! Every SQL statement of policy versions.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{CreatorName, PolicyStatus, PolicyVersionRow};
use crate::db::schema::{policy_versions as pv, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult};

/// Install `document` as number 1, approved and in force since `effective_from`, unless a
/// number 1 exists.
pub fn insert_default(
    conn: &mut DbConn,
    document: &str,
    effective_from: NaiveDate,
    note: &str,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(pv::table)
        .values((
            pv::number.eq(1i64),
            pv::status.eq(PolicyStatus::Approved.as_str()),
            pv::document.eq(document),
            pv::effective_from.eq(Some(effective_from)),
            pv::note.eq(note),
            pv::created_at.eq(t),
            pv::updated_at.eq(t),
            pv::approved_at.eq(Some(t)),
        ))
        .on_conflict(pv::number)
        .do_nothing()
        .execute(c))?;
    Ok(())
}

/// The approved version with the latest effective date not after `on`.
pub fn active_id(conn: &mut DbConn, on: NaiveDate) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| pv::table
        .filter(pv::status.eq(PolicyStatus::Approved.as_str()))
        .filter(pv::effective_from.le(on))
        .order((pv::effective_from.desc(), pv::number.desc()))
        .select(pv::id)
        .first::<i64>(c)
        .optional())?)
}

pub fn document(conn: &mut DbConn, id: i64) -> ApiResult<String> {
    Ok(db_run!(conn, |c| pv::table
        .find(id)
        .select(pv::document)
        .first(c))?)
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<PolicyVersionRow>> {
    Ok(db_run!(conn, |c| pv::table
        .find(id)
        .select(PolicyVersionRow::as_select())
        .first(c)
        .optional())?)
}

/// Display names of these people, in one query.
pub fn names_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select(CreatorName::as_select())
        .load(c))?
    .into_iter()
    .map(|n| (n.id, n.display_name))
    .collect())
}

/// One page of versions (of a status, or all), newest first, and how many there are.
pub fn list(
    conn: &mut DbConn,
    status: Option<PolicyStatus>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<PolicyVersionRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut q = pv::table.into_boxed();
            if let Some(s) = status {
                q = q.filter(pv::status.eq(s.as_str()));
            }
            q
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order(pv::number.desc())
        .limit(limit)
        .offset(offset)
        .select(PolicyVersionRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// A new draft, numbered after the highest number. Two drafts created at the same instant on
/// PostgreSQL meet the unique constraint and the second is told to retry.
pub fn insert_draft(
    conn: &mut DbConn,
    document: &str,
    based_on: i64,
    note: &str,
    created_by: i64,
    t: NaiveDateTime,
) -> ApiResult<(i64, i64)> {
    let number = db_run!(conn, |c| pv::table
        .select(diesel::dsl::max(pv::number))
        .first::<Option<i64>>(c))?
    .unwrap_or(0)
        + 1;
    let id: i64 = db_run!(conn, |c| diesel::insert_into(pv::table)
        .values((
            pv::number.eq(number),
            pv::status.eq(PolicyStatus::Draft.as_str()),
            pv::document.eq(document),
            pv::based_on.eq(Some(based_on)),
            pv::note.eq(note),
            pv::created_by.eq(Some(created_by)),
            pv::created_at.eq(t),
            pv::updated_at.eq(t),
        ))
        .returning(pv::id)
        .get_result(c))
    .map_err(|e| {
        if crate::db::is_unique_violation(&e) {
            ApiError::StaleVersion
        } else {
            e.into()
        }
    })?;
    Ok((id, number))
}

/// What a draft's edit changes.
pub struct DraftChange<'a> {
    pub document: &'a str,
    pub effective_from: Option<NaiveDate>,
    pub based_on: i64,
    pub note: &'a str,
}

/// Edit a draft at `version`; the rows changed (0: stale or no longer a draft).
pub fn update_draft(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    change: &DraftChange,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(version))
            .filter(pv::status.eq(PolicyStatus::Draft.as_str()))
    )
    .set((
        pv::document.eq(change.document),
        pv::effective_from.eq(change.effective_from),
        pv::based_on.eq(Some(change.based_on)),
        pv::note.eq(change.note),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?)
}

/// A draft at `version` is submitted under `approval_id`; the rows changed.
pub fn mark_submitted(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    based_on: i64,
    approval_id: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(version))
            .filter(pv::status.eq(PolicyStatus::Draft.as_str()))
    )
    .set((
        pv::status.eq(PolicyStatus::Submitted.as_str()),
        pv::based_on.eq(Some(based_on)),
        pv::approval_id.eq(Some(approval_id)),
        pv::submitted_at.eq(Some(t)),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?)
}

/// Withdraw a version at `version` still in `status`; the rows changed.
pub fn mark_withdrawn(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    status: &str,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(version))
            .filter(pv::status.eq(status))
    )
    .set((
        pv::status.eq(PolicyStatus::Withdrawn.as_str()),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?)
}

/// Move a version from one status to another (a decision); the rows changed.
pub fn set_status(
    conn: &mut DbConn,
    id: i64,
    from: PolicyStatus,
    to: PolicyStatus,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    let approved_at = (to == PolicyStatus::Approved).then_some(t);
    Ok(db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::status.eq(from.as_str()))
    )
    .set((
        pv::status.eq(to.as_str()),
        pv::approved_at.eq(approved_at),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?)
}

pub fn set_based_on(conn: &mut DbConn, id: i64, based_on: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(pv::table.find(id))
        .set(pv::based_on.eq(Some(based_on)))
        .execute(c))?;
    Ok(())
}

pub fn set_approval(conn: &mut DbConn, id: i64, approval_id: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(pv::table.find(id))
        .set(pv::approval_id.eq(Some(approval_id)))
        .execute(c))?;
    Ok(())
}

/// A version waiting for a decision (the VP's or the GM's) is withdrawn.
pub fn withdraw_waiting(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        pv::table.filter(pv::id.eq(id)).filter(pv::status.eq_any([
            PolicyStatus::Submitted.as_str(),
            PolicyStatus::AwaitingGm.as_str()
        ]))
    )
    .set((
        pv::status.eq(PolicyStatus::Withdrawn.as_str()),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?;
    Ok(())
}
