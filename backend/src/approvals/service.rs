use std::collections::HashMap;

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::model::{
    Approval, ApprovalBox, ApprovalEvent, ApprovalKind, ApprovalQuery, ApprovalRow, ApprovalStatus,
};
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Role};
use crate::auth::AuthUser;
use crate::db::schema::{approval_events, approvals, customer_access_grants, customers, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use crate::notifications;
use crate::time::now;

/// Days an approver has before a request counts as overdue.
pub const DECISION_DAYS: i64 = 3;

fn event(
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

/// File a request: it lands in the inbox of everyone holding the kind's approver role.
pub fn request(
    conn: &mut DbConn,
    requester: &AuthUser,
    meta: &RequestMeta,
    kind: ApprovalKind,
    customer_id: Option<i64>,
    title: &str,
    payload: &serde_json::Value,
) -> ApiResult<i64> {
    let t = now();
    let role = kind.approver_role();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(approvals::table)
        .values((
            approvals::kind.eq(kind.as_str()),
            approvals::customer_id.eq(customer_id),
            approvals::title.eq(title),
            approvals::payload.eq(payload.to_string()),
            approvals::requester_id.eq(requester.id),
            approvals::approver_role.eq(role.as_str()),
            approvals::due_at.eq(t + Duration::days(DECISION_DAYS)),
            approvals::created_at.eq(t),
        ))
        .returning(approvals::id)
        .get_result(c))?;
    event(conn, id, requester.id, "requested", "", t)?;
    let approvers: Vec<i64> = notifications::holders_of(conn, role.as_str())?
        .into_iter()
        .filter(|u| *u != requester.id)
        .collect();
    notifications::notify(
        conn,
        &approvers,
        "approval.requested",
        title,
        &format!(
            "{} 提交了申请 / submitted a request",
            requester.display_name
        ),
        &format!("/approvals/{id}"),
    )?;
    audit::record(conn, &requester.actor(), meta, Event::new("approval.request", "approval", id).after(&serde_json::json!({"kind": kind.as_str(), "customer_id": customer_id, "payload": payload})))?;
    Ok(id)
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<ApprovalRow> {
    db_run!(conn, |c| approvals::table
        .find(id)
        .select(ApprovalRow::as_select())
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)
}

/// May this user decide requests of this kind (role and permission)?
fn is_decider(auth: &AuthUser, row: &ApprovalRow) -> bool {
    let Some(kind) = ApprovalKind::parse(&row.kind) else {
        return false;
    };
    auth.roles.iter().any(|r| r.as_str() == row.approver_role)
        && auth.can(kind.area(), Access::Approve)
}

fn to_dtos(
    conn: &mut DbConn,
    auth: &AuthUser,
    rows: Vec<ApprovalRow>,
    with_events: bool,
) -> ApiResult<Vec<Approval>> {
    let mut people: Vec<i64> = rows
        .iter()
        .flat_map(|r| [Some(r.requester_id), r.decided_by])
        .flatten()
        .collect();
    let customer_ids: Vec<i64> = rows.iter().filter_map(|r| r.customer_id).collect();
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let events: Vec<(i64, NaiveDateTime, Option<i64>, String, String)> = if with_events {
        db_run!(conn, |c| approval_events::table
            .filter(approval_events::approval_id.eq_any(&ids))
            .order(approval_events::id.asc())
            .select((
                approval_events::approval_id,
                approval_events::at,
                approval_events::actor_id,
                approval_events::action,
                approval_events::comment
            ))
            .load(c))?
    } else {
        Vec::new()
    };
    people.extend(events.iter().filter_map(|e| e.2));
    let names: HashMap<i64, String> = db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&people))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let custs: HashMap<i64, (String, String)> = db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(&customer_ids))
        .select((customers::id, customers::name, customers::code))
        .load::<(i64, String, String)>(c))?
    .into_iter()
    .map(|(id, n, code)| (id, (n, code)))
    .collect();
    let t = now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let decider = is_decider(auth, &r);
            let status = ApprovalStatus::parse(&r.status);
            let customer = r
                .customer_id
                .and_then(|c| custs.get(&c))
                .filter(|_| decider);
            Approval {
                id: r.id,
                kind: ApprovalKind::parse(&r.kind).unwrap_or(ApprovalKind::DossierBorrowing),
                title: r.title.clone(),
                customer_id: r.customer_id,
                customer_name: customer.map(|c| c.0.clone()),
                customer_code: customer.map(|c| c.1.clone()),
                payload: serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
                requester_id: r.requester_id,
                requester_name: names.get(&r.requester_id).cloned(),
                approver_role: Role::parse(&r.approver_role).unwrap_or(Role::BusinessManager),
                due_at: r.due_at.and_utc(),
                overdue: status == ApprovalStatus::Pending && r.due_at < t,
                status,
                decided_by: r.decided_by,
                decided_by_name: r.decided_by.and_then(|d| names.get(&d).cloned()),
                decided_at: r.decided_at.map(|d| d.and_utc()),
                decision_comment: r.decision_comment.clone(),
                created_at: r.created_at.and_utc(),
                can_decide: decider
                    && status == ApprovalStatus::Pending
                    && r.requester_id != auth.id,
                events: events
                    .iter()
                    .filter(|e| e.0 == r.id)
                    .map(|e| ApprovalEvent {
                        at: e.1.and_utc(),
                        actor_id: e.2,
                        actor_name: e.2.and_then(|a| names.get(&a).cloned()),
                        action: e.3.clone(),
                        comment: e.4.clone(),
                    })
                    .collect(),
            }
        })
        .collect())
}

/// One approval, for its requester and its deciders; 404 for everyone else.
pub fn get(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Approval> {
    let row = find(conn, id)?;
    if row.requester_id != auth.id && !is_decider(auth, &row) {
        return Err(ApiError::OutOfScope);
    }
    Ok(to_dtos(conn, auth, vec![row], true)?.remove(0))
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ApprovalQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Approval>, i64)> {
    let my_roles: Vec<&str> = auth.roles.iter().map(|r| r.as_str()).collect();
    let which = q.r#box.unwrap_or(ApprovalBox::Inbox);
    let me = auth.id;
    // The inbox shows the kinds this user may approve, addressed to one of its roles.
    let kinds: Vec<&str> = ApprovalKind::ALL
        .into_iter()
        .filter(|k| auth.can(k.area(), Access::Approve))
        .map(|k| k.as_str())
        .collect();
    macro_rules! filtered {
        () => {{
            let mut query = approvals::table.into_boxed();
            query = match which {
                ApprovalBox::Inbox => query
                    .filter(approvals::approver_role.eq_any(my_roles.clone()))
                    .filter(approvals::kind.eq_any(kinds.clone()))
                    .filter(approvals::requester_id.ne(me))
                    .filter(
                        approvals::status.eq(q.status.unwrap_or(ApprovalStatus::Pending).as_str()),
                    ),
                ApprovalBox::Mine => query.filter(approvals::requester_id.eq(me)),
                ApprovalBox::Decided => query.filter(approvals::decided_by.eq(me)),
            };
            if which != ApprovalBox::Inbox {
                if let Some(s) = q.status {
                    query = query.filter(approvals::status.eq(s.as_str()));
                }
            }
            if let Some(k) = q.kind {
                query = query.filter(approvals::kind.eq(k.as_str()));
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
    Ok((to_dtos(conn, auth, rows, false)?, total))
}

/// Approve or reject. Exactly one decision wins a race; the approved action runs in the same
/// transaction, so a request is never approved without its effect.
pub fn decide(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    approve: bool,
    comment: &str,
) -> ApiResult<Approval> {
    let row = find(conn, id)?;
    if row.requester_id != auth.id && !is_decider(auth, &row) {
        return Err(ApiError::OutOfScope);
    }
    if !is_decider(auth, &row) {
        return Err(ApiError::Forbidden);
    }
    if row.requester_id == auth.id {
        return Err(ApiError::SelfApproval);
    }
    let t = now();
    let status = if approve {
        ApprovalStatus::Approved
    } else {
        ApprovalStatus::Rejected
    };
    let comment = comment.trim();
    let claimed = db_run!(conn, |c| diesel::update(
        approvals::table
            .filter(approvals::id.eq(id))
            .filter(approvals::status.eq("pending"))
    )
    .set((
        approvals::status.eq(status.as_str()),
        approvals::decided_by.eq(Some(auth.id)),
        approvals::decided_at.eq(Some(t)),
        approvals::decision_comment.eq(comment),
    ))
    .execute(c))?;
    if claimed != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    let effect = execute(conn, meta, &row, auth.id, approve, t)?;
    event(conn, id, auth.id, status.as_str(), comment, t)?;
    let kind = format!("approval.{}", status.as_str());
    let verdict = match (approve, effect) {
        (false, _) => "已驳回 / rejected",
        (true, Effect::Done) => "已批准 / approved",
        (true, Effect::ForwardedToGm) => {
            "已批准，转总经理审批 / approved, forwarded to the general manager"
        }
    };
    notifications::notify(
        conn,
        &[row.requester_id],
        &kind,
        &row.title,
        &format!("{verdict} — {}", auth.display_name),
        &format!("/approvals/{id}"),
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(
            if approve {
                "approval.approve"
            } else {
                "approval.reject"
            },
            "approval",
            id,
        )
        .after(&serde_json::json!({"comment": comment})),
    )?;
    get(conn, auth, id)
}

/// What an approval led to: done, or passed on to a further approver (the requester is told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Done,
    ForwardedToGm,
}

/// What a decision does, by kind, in the decision's transaction.
fn execute(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    decider: i64,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<Effect> {
    match ApprovalKind::parse(&row.kind) {
        Some(ApprovalKind::PolicyVersion | ApprovalKind::CreditPolicy) => {
            crate::policies::service::on_decision(conn, meta, row, approve, t)
        }
        Some(ApprovalKind::RatingRun) => {
            crate::ratings::service::on_decision(conn, meta, row, decider, approve, t)
        }
        Some(ApprovalKind::DossierBorrowing) if !approve => Ok(Effect::Done),
        Some(ApprovalKind::DossierBorrowing) => {
            let payload: serde_json::Value =
                serde_json::from_str(&row.payload).map_err(ApiError::internal)?;
            let days = payload["days"].as_i64().unwrap_or(1);
            let reason = payload["reason"].as_str().unwrap_or("").to_string();
            let customer_id = row
                .customer_id
                .ok_or_else(|| ApiError::internal("borrowing without a customer"))?;
            db_run!(conn, |c| diesel::insert_into(customer_access_grants::table)
                .values((
                    customer_access_grants::customer_id.eq(customer_id),
                    customer_access_grants::user_id.eq(row.requester_id),
                    customer_access_grants::approval_id.eq(Some(row.id)),
                    customer_access_grants::reason.eq(reason),
                    customer_access_grants::granted_at.eq(t),
                    customer_access_grants::expires_at.eq(t + Duration::days(days)),
                ))
                .execute(c))?;
            Ok(Effect::Done)
        }
        None => Err(ApiError::internal(format!(
            "unknown approval kind {}",
            row.kind
        ))),
    }
}

/// The requester withdraws a pending request.
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
) -> ApiResult<Approval> {
    let row = find(conn, id)?;
    if row.requester_id != auth.id {
        return Err(if is_decider(auth, &row) {
            ApiError::Forbidden
        } else {
            ApiError::OutOfScope
        });
    }
    let t = now();
    let n = db_run!(conn, |c| diesel::update(
        approvals::table
            .filter(approvals::id.eq(id))
            .filter(approvals::status.eq("pending"))
    )
    .set((
        approvals::status.eq("cancelled"),
        approvals::decided_at.eq(Some(t))
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    if matches!(
        ApprovalKind::parse(&row.kind),
        Some(ApprovalKind::PolicyVersion | ApprovalKind::CreditPolicy)
    ) {
        crate::policies::service::on_cancel(conn, &row, t)?;
    }
    if ApprovalKind::parse(&row.kind) == Some(ApprovalKind::RatingRun) {
        crate::ratings::service::on_cancel(conn, &row)?;
    }
    event(conn, id, auth.id, "cancelled", "", t)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("approval.cancel", "approval", id),
    )?;
    get(conn, auth, id)
}
