//! The approval mechanism's rules: filing, reading, deciding and withdrawing requests. What a
//! decision does belongs to the kind's [`ApprovalHandler`](super::handler::ApprovalHandler).

use chrono::NaiveDateTime;
use serde::Serialize;

pub use super::handler::Effect;
use super::handler::{self, ApprovalHandler};
use super::model::{
    Approval, ApprovalBox, ApprovalEvent, ApprovalKind, ApprovalPayload, ApprovalQuery,
    ApprovalRow, ApprovalStatus, NewApprovalRow,
};
use super::repo;
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Role};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::http::RequestMeta;
use crate::notifications;
use crate::time::now;

/// File a request of `kind`: it lands in the inbox of everyone holding the kind's approver
/// role, due when the kind's handler says. `payload` must be the kind's payload
/// ([`ApprovalPayload`]); anything else is refused as an internal error.
pub fn request<P: Serialize + ?Sized>(
    conn: &mut DbConn,
    requester: &AuthUser,
    meta: &RequestMeta,
    kind: ApprovalKind,
    customer_id: Option<i64>,
    title: &str,
    payload: &P,
) -> ApiResult<i64> {
    let json = serde_json::to_value(payload).map_err(ApiError::internal)?;
    let payload = ApprovalPayload::from_parts(kind, json)
        .map_err(|e| ApiError::internal(format!("not a {} payload: {e}", kind.as_str())))?;
    file(conn, requester, meta, &payload, customer_id, title)
}

/// File a typed request (see [`request`]).
pub fn file(
    conn: &mut DbConn,
    requester: &AuthUser,
    meta: &RequestMeta,
    payload: &ApprovalPayload,
    customer_id: Option<i64>,
    title: &str,
) -> ApiResult<i64> {
    let kind = payload.kind();
    let handler = handler::handler(kind)?;
    let t = now();
    let role = handler.approver_role();
    let stored = payload.payload_json();
    let due_at = handler.due_at(conn, t)?;
    let id = repo::insert(
        conn,
        &NewApprovalRow {
            kind: kind.as_str(),
            customer_id,
            title,
            payload: stored.to_string(),
            requester_id: requester.id,
            approver_role: role.as_str(),
            due_at,
            created_at: t,
        },
    )?;
    repo::insert_event(conn, id, requester.id, "requested", "", t)?;
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
    audit::record(conn, &requester.actor(), meta, Event::new("approval.request", "approval", id).after(&serde_json::json!({"kind": kind.as_str(), "customer_id": customer_id, "payload": stored})))?;
    Ok(id)
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<ApprovalRow> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// May this user decide requests of this kind (role and permission)?
fn is_decider(auth: &AuthUser, row: &ApprovalRow) -> bool {
    let Some(handler) = ApprovalKind::parse(&row.kind).and_then(|k| handler::handler(k).ok())
    else {
        return false;
    };
    auth.roles.iter().any(|r| r.as_str() == row.approver_role)
        && auth.can(handler.area(), Access::Approve)
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
    let events = if with_events {
        repo::events_of(conn, &ids)?
    } else {
        Vec::new()
    };
    people.extend(events.iter().filter_map(|e| e.actor_id));
    let names = repo::names_of(conn, &people)?;
    let customers = repo::customer_labels(conn, &customer_ids)?;
    let t = now();
    rows.into_iter()
        .map(|r| {
            let decider = is_decider(auth, &r);
            let status = ApprovalStatus::parse(&r.status);
            let customer = r
                .customer_id
                .and_then(|c| customers.get(&c))
                .filter(|_| decider);
            Ok(Approval {
                id: r.id,
                request: r.payload()?,
                title: r.title.clone(),
                customer_id: r.customer_id,
                customer_name: customer.map(|c| c.name.clone()),
                customer_code: customer.map(|c| c.code.clone()),
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
                    .filter(|e| e.approval_id == r.id)
                    .map(|e| ApprovalEvent {
                        at: e.at.and_utc(),
                        actor_id: e.actor_id,
                        actor_name: e.actor_id.and_then(|a| names.get(&a).cloned()),
                        action: e.action.clone(),
                        comment: e.comment.clone(),
                    })
                    .collect(),
            })
        })
        .collect()
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
    // The inbox shows the kinds this user may approve, addressed to one of its roles.
    let filter = repo::ListFilter {
        which: q.r#box.unwrap_or(ApprovalBox::Inbox),
        me: auth.id,
        roles: auth.roles.iter().map(|r| r.as_str()).collect(),
        kinds: handler::handlers()
            .iter()
            .filter(|h| auth.can(h.area(), Access::Approve))
            .map(|h| h.kind().as_str())
            .collect(),
        status: q.status,
        kind: q.kind.map(ApprovalKind::as_str),
    };
    let (rows, total) = repo::list(conn, &filter, limit, offset)?;
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
    if repo::claim_decision(conn, id, status, auth.id, comment, t)? != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    let effect = handler_of(&row)?.on_decision(conn, meta, &row, auth.id, approve, t)?;
    repo::insert_event(conn, id, auth.id, status.as_str(), comment, t)?;
    let kind = format!("approval.{}", status.as_str());
    let verdict = match (approve, effect) {
        (false, _) => "已驳回 / rejected",
        (true, Effect::Done) => "已批准 / approved",
        (true, Effect::Forwarded { verdict }) => verdict,
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

fn handler_of(row: &ApprovalRow) -> ApiResult<&'static dyn ApprovalHandler> {
    let kind = ApprovalKind::parse(&row.kind)
        .ok_or_else(|| ApiError::internal(format!("unknown approval kind {}", row.kind)))?;
    handler::handler(kind)
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
    if repo::cancel_pending(conn, &[id], t)? != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    handler_of(&row)?.on_cancel(conn, &row, t)?;
    repo::insert_event(conn, id, auth.id, "cancelled", "", t)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("approval.cancel", "approval", id),
    )?;
    get(conn, auth, id)
}

/// Void the pending requests of these kinds whose payload `matches` (the thing they ask about
/// was withdrawn by its own domain): cancelled without a decision, the handler not called.
pub fn void_pending(
    conn: &mut DbConn,
    kinds: &[ApprovalKind],
    matches: impl Fn(&ApprovalPayload) -> bool,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let kinds: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
    let ours: Vec<i64> = repo::pending_of_kinds(conn, &kinds)?
        .into_iter()
        .filter(|r| r.payload().is_ok_and(|p| matches(&p)))
        .map(|r| r.id)
        .collect();
    repo::cancel_pending(conn, &ours, t)?;
    Ok(())
}
