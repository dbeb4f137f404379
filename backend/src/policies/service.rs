//! Policy versions: drafts by the business manager, approval by the VP (and the GM when the
//! credit or service part differs from the version replaced) through the approvals inbox, in force from the effective date. The
//! version in force on a date is computed, not switched by a job: the approved version with the
//! latest effective date not after it.

use chrono::{NaiveDate, NaiveDateTime};

use super::model::*;
use super::repo;
use crate::approvals::handler::Effect;
use crate::approvals::model::{ApprovalKind, ApprovalPayload, ApprovalRow, PolicyVersionPayload};
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

fn parse(document: &str) -> ApiResult<PolicyDocument> {
    serde_json::from_str(document).map_err(|e| ApiError::internal(format!("stored policy: {e}")))
}

/// Install the measures' default version as number 1, in force since 2000, when there is none.
pub fn ensure_default(conn: &mut DbConn) -> ApiResult<()> {
    let doc = serde_json::to_string(&PolicyDocument::default()).map_err(ApiError::internal)?;
    repo::insert_default(
        conn,
        &doc,
        NaiveDate::from_ymd_opt(2000, 1, 1).expect("a valid date"),
        "管理办法默认版本 / The measures' default version",
        now(),
    )
}

/// The version in force on `on` (the default one is installed on first use): its id and document.
/// Every computation stores this id with its result.
pub fn in_force(conn: &mut DbConn, on: NaiveDate) -> ApiResult<(i64, PolicyDocument)> {
    in_force_for(conn, on, "date")
}

/// The version in force on a date the user chose (`field` names it in the refusal when the
/// date is before the first version).
pub fn in_force_for(
    conn: &mut DbConn,
    on: NaiveDate,
    field: &str,
) -> ApiResult<(i64, PolicyDocument)> {
    let id = match repo::active_id(conn, on)? {
        Some(id) => id,
        None => {
            ensure_default(conn)?;
            repo::active_id(conn, on)?.ok_or_else(|| {
                ApiError::field(
                    field,
                    "policy.none_in_force",
                    format!("no version of the measures was in force on {on}: choose a later date"),
                )
            })?
        }
    };
    Ok((id, parse(&repo::document(conn, id)?)?))
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<PolicyVersionRow> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)
}

/// Display names of the versions' creators, in one query.
fn creators(
    conn: &mut DbConn,
    rows: &[PolicyVersionRow],
) -> ApiResult<std::collections::HashMap<i64, String>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.created_by).collect();
    repo::names_of(conn, &ids)
}

fn to_dto(
    conn: &mut DbConn,
    r: PolicyVersionRow,
    active: Option<i64>,
    detail: bool,
    creator: Option<String>,
) -> ApiResult<PolicyVersion> {
    let (document, problems, changes) = if detail {
        let doc = parse(&r.document)?;
        let base = match r.based_on {
            Some(b) => Some(find(conn, b)?.document),
            None => None,
        };
        let changes = match base {
            Some(b) => {
                let before: serde_json::Value =
                    serde_json::from_str(&b).map_err(ApiError::internal)?;
                let after = serde_json::to_value(&doc).map_err(ApiError::internal)?;
                diff(&before, &after)
            }
            None => Vec::new(),
        };
        (Some(doc.clone()), Some(doc.problems()), Some(changes))
    } else {
        (None, None, None)
    };
    Ok(PolicyVersion {
        id: r.id,
        number: r.number,
        status: PolicyStatus::parse(&r.status),
        active: active == Some(r.id),
        effective_from: r.effective_from,
        based_on: r.based_on,
        note: r.note,
        document,
        problems,
        changes,
        approval_id: r.approval_id,
        created_by: r.created_by,
        created_by_name: creator,
        version: r.version,
        created_at: r.created_at.and_utc(),
        submitted_at: r.submitted_at.map(|t| t.and_utc()),
        approved_at: r.approved_at.map(|t| t.and_utc()),
    })
}

pub fn get(conn: &mut DbConn, id: i64, today: NaiveDate) -> ApiResult<PolicyVersion> {
    let row = find(conn, id)?;
    let active = in_force(conn, today)?.0;
    let creator = creators(conn, std::slice::from_ref(&row))?.remove(&row.created_by.unwrap_or(0));
    to_dto(conn, row, Some(active), true, creator)
}

pub fn get_active(conn: &mut DbConn, today: NaiveDate) -> ApiResult<PolicyVersion> {
    let (id, _) = in_force(conn, today)?;
    get(conn, id, today)
}

pub fn list(
    conn: &mut DbConn,
    status: Option<PolicyStatus>,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<PolicyVersion>, i64)> {
    let active = in_force(conn, today)?.0;
    let (rows, total) = repo::list(conn, status, limit, offset)?;
    let names = creators(conn, &rows)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let creator = r.created_by.and_then(|u| names.get(&u).cloned());
            to_dto(conn, r, Some(active), false, creator)
        })
        .collect::<ApiResult<Vec<_>>>()?;
    Ok((items, total))
}

/// A new draft: a copy of `based_on` (default: the version in force).
pub fn create_draft(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: NewPolicyDraft,
    today: NaiveDate,
) -> ApiResult<PolicyVersion> {
    // The text comes from any version (a rejected one may be fixed and sent again); what the
    // draft is measured against is always the version it replaces.
    let source = match input.based_on {
        Some(b) => find(conn, b)
            .map_err(|_| ApiError::field("based_on", "unknown", "no policy version has this id"))?,
        None => {
            let id = in_force(conn, today)?.0;
            find(conn, id)?
        }
    };
    let replaces = in_force(conn, today)?.0;
    if input.note.chars().count() > 500 {
        return Err(ApiError::field(
            "note",
            "too_long",
            "must be at most 500 characters",
        ));
    }
    // Numbers follow creation.
    let (id, number) = repo::insert_draft(
        conn,
        &source.document,
        replaces,
        input.note.trim(),
        auth.id,
        now(),
    )?;
    let created = get(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.draft", "policy_version", id).after(
            &serde_json::json!({"number": number, "copy_of": source.id, "based_on": replaces}),
        ),
    )?;
    Ok(created)
}

/// The version a draft replaces: the one in force on its effective date (today's while it has
/// none). Its changes are shown, and the general manager's part decided, against this version.
fn replaced_by(
    conn: &mut DbConn,
    effective_from: Option<NaiveDate>,
    today: NaiveDate,
) -> ApiResult<i64> {
    Ok(in_force(conn, effective_from.unwrap_or(today).max(today))?.0)
}

fn require_status(row: &PolicyVersionRow, allowed: &[PolicyStatus], what: &str) -> ApiResult<()> {
    if allowed.contains(&PolicyStatus::parse(&row.status)) {
        Ok(())
    } else {
        Err(ApiError::field(
            "status",
            "policy.immutable",
            format!("a {} version cannot be {what}", row.status),
        ))
    }
}

pub fn update_draft(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: UpdatePolicyDraft,
    today: NaiveDate,
) -> ApiResult<PolicyVersion> {
    let row = find(conn, id)?;
    require_status(&row, &[PolicyStatus::Draft], "changed")?;
    let before = parse(&row.document)?;
    let document = match &input.document {
        Some(d) => serde_json::to_string(d).map_err(ApiError::internal)?,
        None => row.document.clone(),
    };
    let effective_from = input.effective_from.unwrap_or(row.effective_from);
    let replaces = replaced_by(conn, effective_from, today)?;
    let note = input.note.clone().unwrap_or(row.note.clone());
    if note.chars().count() > 500 {
        return Err(ApiError::field(
            "note",
            "too_long",
            "must be at most 500 characters",
        ));
    }
    let n = repo::update_draft(
        conn,
        id,
        input.version,
        &repo::DraftChange {
            document: &document,
            effective_from,
            based_on: replaces,
            note: note.trim(),
        },
        now(),
    )?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    let after = get(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.update", "policy_version", id)
            .before(&before)
            .after(&after.document),
    )?;
    Ok(after)
}

/// Submit a valid draft with an effective date to the VP.
pub fn submit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
    today: NaiveDate,
) -> ApiResult<PolicyVersion> {
    let row = find(conn, id)?;
    require_status(&row, &[PolicyStatus::Draft], "submitted")?;
    if row.version != version {
        return Err(ApiError::StaleVersion);
    }
    let mut errors = parse(&row.document)?.problems();
    match row.effective_from {
        None => errors.push(FieldError::new(
            "effective_from",
            "required",
            "set the date the version takes effect",
        )),
        Some(d) if d < today => errors.push(FieldError::new(
            "effective_from",
            "out_of_range",
            "the effective date cannot be in the past",
        )),
        _ => {}
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let replaces = replaced_by(conn, row.effective_from, today)?;
    let approval = crate::approvals::service::file(
        conn,
        auth,
        meta,
        &ApprovalPayload::PolicyVersion(payload_of(&row)),
        None,
        &format!(
            "管理办法第 {} 版 / Policy version {}",
            row.number, row.number
        ),
    )?;
    let n = repo::mark_submitted(conn, id, version, replaces, approval, now())?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.submit", "policy_version", id)
            .after(&serde_json::json!({"approval_id": approval})),
    )?;
    get(conn, id, today)
}

/// Withdraw a draft or a version waiting for a decision (its pending approval is cancelled).
pub fn withdraw(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    version: i64,
    today: NaiveDate,
) -> ApiResult<PolicyVersion> {
    let row = find(conn, id)?;
    require_status(
        &row,
        &[
            PolicyStatus::Draft,
            PolicyStatus::Submitted,
            PolicyStatus::AwaitingGm,
        ],
        "withdrawn",
    )?;
    let t = now();
    if repo::mark_withdrawn(conn, id, version, &row.status, t)? != 1 {
        return Err(ApiError::StaleVersion);
    }
    // Whichever approval of this version is still pending is void now.
    crate::approvals::service::void_pending(
        conn,
        &[ApprovalKind::PolicyVersion, ApprovalKind::CreditPolicy],
        |p| {
            matches!(p, ApprovalPayload::PolicyVersion(v) | ApprovalPayload::CreditPolicy(v)
                if v.policy_version_id == id)
        },
        t,
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.withdraw", "policy_version", id),
    )?;
    get(conn, id, today)
}

/// What the approvals inbox shows of a version.
fn payload_of(row: &PolicyVersionRow) -> PolicyVersionPayload {
    PolicyVersionPayload {
        policy_version_id: row.id,
        number: row.number,
        effective_from: row.effective_from,
    }
}

/// The version an approval is about, and whether it is the GM's (credit) part.
fn version_of(row: &ApprovalRow) -> ApiResult<(i64, bool)> {
    match row.payload()? {
        ApprovalPayload::PolicyVersion(p) => Ok((p.policy_version_id, false)),
        ApprovalPayload::CreditPolicy(p) => Ok((p.policy_version_id, true)),
        _ => Err(ApiError::internal("policy approval without its version")),
    }
}

fn set_status(
    conn: &mut DbConn,
    id: i64,
    from: PolicyStatus,
    to: PolicyStatus,
    t: NaiveDateTime,
) -> ApiResult<()> {
    if repo::set_status(conn, id, from, to, t)? != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    Ok(())
}

/// Called by the approvals inbox inside the decision's transaction.
pub fn on_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<Effect> {
    let (id, credit) = version_of(row)?;
    let from = if credit {
        PolicyStatus::AwaitingGm
    } else {
        PolicyStatus::Submitted
    };
    if !approve {
        set_status(conn, id, from, PolicyStatus::Rejected, t)?;
        return Ok(Effect::Done);
    }
    if credit {
        set_status(conn, id, from, PolicyStatus::Approved, t)?;
        return Ok(Effect::Done);
    }
    // The VP approved: the GM decides as well when the credit or the customer-service part
    // differs from the version this one replaces — the one in force on its effective date,
    // looked up now, whatever the draft was copied from.
    let version = find(conn, id)?;
    let replaced = in_force(
        conn,
        version.effective_from.unwrap_or(crate::time::local_date(t)),
    )?
    .0;
    repo::set_based_on(conn, id, replaced)?;
    let (old, new) = (
        parse(&find(conn, replaced)?.document)?,
        parse(&version.document)?,
    );
    if !gm_decides(&old, &new) {
        set_status(conn, id, from, PolicyStatus::Approved, t)?;
        return Ok(Effect::Done);
    }
    set_status(conn, id, from, PolicyStatus::AwaitingGm, t)?;
    // Filed for the business manager who submitted the version: it stays theirs to withdraw.
    let requester = crate::auth::service::on_behalf_of(conn, row.requester_id)?;
    let approval = crate::approvals::service::file(
        conn,
        &requester,
        meta,
        &ApprovalPayload::CreditPolicy(payload_of(&version)),
        None,
        &format!(
            "管理办法第 {} 版（信用与客户服务政策） / Policy version {} (credit and service parts)",
            version.number, version.number
        ),
    )?;
    repo::set_approval(conn, id, approval)?;
    Ok(Effect::Forwarded {
        verdict: "已批准，转总经理审批 / approved, forwarded to the general manager",
    })
}

/// The measures have the general manager approve every change of the credit policy and of the
/// customer-service rules; the VP alone decides the rest.
pub fn gm_decides(replaced: &PolicyDocument, new: &PolicyDocument) -> bool {
    replaced.credit != new.credit || replaced.service != new.service
}

/// The requester withdrew the approval from the inbox: the version is withdrawn with it.
pub fn on_cancel(conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
    let (id, _) = version_of(row)?;
    repo::withdraw_waiting(conn, id, t)
}

/// A version's number, status and document (for a what-if run over any version, e.g. a draft).
pub fn document_of(conn: &mut DbConn, id: i64) -> ApiResult<(i64, PolicyStatus, PolicyDocument)> {
    let row = find(conn, id)?;
    Ok((
        row.number,
        PolicyStatus::parse(&row.status),
        parse(&row.document)?,
    ))
}
