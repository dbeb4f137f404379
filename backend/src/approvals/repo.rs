//! Every SQL statement of approvals.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{
    ApprovalBox, ApprovalRow, ApprovalStatus, CustomerLabel, EventRow, NewApprovalRow, PersonName,
};
use crate::db::schema::{approval_events, approvals, customers, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

pub fn insert(conn: &mut DbConn, row: &NewApprovalRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(approvals::table)
        .values(row)
        .returning(approvals::id)
        .get_result(c))?)
}

pub fn insert_event(
    conn: &mut DbConn,
    approval_id: i64,
    actor: i64,
    action: &str,
    comment: &str,
    at: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(approval_events::table)
        .values((
            approval_events::approval_id.eq(approval_id),
            approval_events::at.eq(at),
            approval_events::actor_id.eq(Some(actor)),
            approval_events::action.eq(action),
            approval_events::comment.eq(comment),
        ))
        .execute(c))?;
    Ok(())
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<ApprovalRow>> {
    Ok(db_run!(conn, |c| approvals::table
        .find(id)
        .select(ApprovalRow::as_select())
        .first(c)
        .optional())?)
}

/// Which approvals a list shows.
pub struct ListFilter<'a> {
    pub which: ApprovalBox,
    pub me: i64,
    /// The user's roles and the kinds it may approve (the inbox).
    pub roles: Vec<&'a str>,
    pub kinds: Vec<&'a str>,
    pub status: Option<ApprovalStatus>,
    pub kind: Option<&'a str>,
}

/// One page of approvals, newest first, and how many there are in all.
pub fn list(
    conn: &mut DbConn,
    f: &ListFilter,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ApprovalRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = approvals::table.into_boxed();
            query = match f.which {
                ApprovalBox::Inbox => query
                    .filter(approvals::approver_role.eq_any(f.roles.clone()))
                    .filter(approvals::kind.eq_any(f.kinds.clone()))
                    .filter(approvals::requester_id.ne(f.me))
                    .filter(
                        approvals::status.eq(f.status.unwrap_or(ApprovalStatus::Pending).as_str()),
                    ),
                ApprovalBox::Mine => query.filter(approvals::requester_id.eq(f.me)),
                ApprovalBox::Decided => query.filter(approvals::decided_by.eq(f.me)),
            };
            if f.which != ApprovalBox::Inbox {
                if let Some(s) = f.status {
                    query = query.filter(approvals::status.eq(s.as_str()));
                }
            }
            if let Some(k) = f.kind {
                query = query.filter(approvals::kind.eq(k));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<ApprovalRow> = db_run!(conn, |c| filtered!()
        .order(approvals::id.desc())
        .limit(limit)
        .offset(offset)
        .select(ApprovalRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// The history of these approvals, oldest first.
pub fn events_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<EventRow>> {
    Ok(db_run!(conn, |c| approval_events::table
        .filter(approval_events::approval_id.eq_any(ids))
        .order(approval_events::id.asc())
        .select(EventRow::as_select())
        .load(c))?)
}

/// Display names of people, in one query.
pub fn names_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(ids))
        .select(PersonName::as_select())
        .load(c))?
    .into_iter()
    .map(|p| (p.id, p.display_name))
    .collect())
}

/// Names and codes of customers, in one query.
pub fn customer_labels(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, CustomerLabel>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(ids))
        .select(CustomerLabel::as_select())
        .load(c))?
    .into_iter()
    .map(|l| (l.id, l))
    .collect())
}

/// Record a decision on a pending approval: compare-and-set, so of two deciders one wins.
/// The number of rows changed (0: decided or withdrawn already).
pub fn claim_decision(
    conn: &mut DbConn,
    id: i64,
    status: ApprovalStatus,
    decider: i64,
    comment: &str,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        approvals::table
            .filter(approvals::id.eq(id))
            .filter(approvals::status.eq(ApprovalStatus::Pending.as_str()))
    )
    .set((
        approvals::status.eq(status.as_str()),
        approvals::decided_by.eq(Some(decider)),
        approvals::decided_at.eq(Some(t)),
        approvals::decision_comment.eq(comment),
    ))
    .execute(c))?)
}

/// Cancel these approvals where still pending; the number cancelled.
pub fn cancel_pending(conn: &mut DbConn, ids: &[i64], t: NaiveDateTime) -> ApiResult<usize> {
    Ok(db_run!(conn, |c| diesel::update(
        approvals::table
            .filter(approvals::id.eq_any(ids))
            .filter(approvals::status.eq(ApprovalStatus::Pending.as_str()))
    )
    .set((
        approvals::status.eq(ApprovalStatus::Cancelled.as_str()),
        approvals::decided_at.eq(Some(t)),
    ))
    .execute(c))?)
}

/// Pending approvals of these kinds.
pub fn pending_of_kinds(conn: &mut DbConn, kinds: &[&str]) -> ApiResult<Vec<ApprovalRow>> {
    Ok(db_run!(conn, |c| approvals::table
        .filter(approvals::kind.eq_any(kinds))
        .filter(approvals::status.eq(ApprovalStatus::Pending.as_str()))
        .select(ApprovalRow::as_select())
        .load(c))?)
}
