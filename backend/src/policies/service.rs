//! Policy versions: drafts by the business manager, approval by the VP (and the GM when the
//! credit or service part differs from the version replaced) through the approvals inbox, in force from the effective date. The
//! version in force on a date is computed, not switched by a job: the approved version with the
//! latest effective date not after it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::approvals::model::{ApprovalKind, ApprovalRow};
use crate::approvals::service::Effect;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::schema::{approvals, policy_versions as pv, users};
use crate::db::DbConn;
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

type Row = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<i64>,
    String,
    Option<i64>,
    i64,
    Option<i64>,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

macro_rules! row_columns {
    () => {
        (
            pv::id,
            pv::number,
            pv::status,
            pv::document,
            pv::effective_from,
            pv::based_on,
            pv::note,
            pv::approval_id,
            pv::version,
            pv::created_by,
            pv::created_at,
            pv::submitted_at,
            pv::approved_at,
        )
    };
}

fn parse(document: &str) -> ApiResult<PolicyDocument> {
    serde_json::from_str(document).map_err(|e| ApiError::internal(format!("stored policy: {e}")))
}

/// Install the measures' default version as number 1, in force since 2000, when there is none.
pub fn ensure_default(conn: &mut DbConn) -> ApiResult<()> {
    let t = now();
    let doc = serde_json::to_string(&PolicyDocument::default()).map_err(ApiError::internal)?;
    db_run!(conn, |c| diesel::insert_into(pv::table)
        .values((
            pv::number.eq(1i64),
            pv::status.eq(PolicyStatus::Approved.as_str()),
            pv::document.eq(&doc),
            pv::effective_from.eq(NaiveDate::from_ymd_opt(2000, 1, 1)),
            pv::note.eq("管理办法默认版本 / The measures' default version"),
            pv::created_at.eq(t),
            pv::updated_at.eq(t),
            pv::approved_at.eq(Some(t)),
        ))
        .on_conflict(pv::number)
        .do_nothing()
        .execute(c))?;
    Ok(())
}

fn active_id(conn: &mut DbConn, on: NaiveDate) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| pv::table
        .filter(pv::status.eq(PolicyStatus::Approved.as_str()))
        .filter(pv::effective_from.le(on))
        .order((pv::effective_from.desc(), pv::number.desc()))
        .select(pv::id)
        .first::<i64>(c)
        .optional())?)
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
    let id = match active_id(conn, on)? {
        Some(id) => id,
        None => {
            ensure_default(conn)?;
            active_id(conn, on)?.ok_or_else(|| {
                ApiError::field(
                    field,
                    "policy.none_in_force",
                    format!("no version of the measures was in force on {on}: choose a later date"),
                )
            })?
        }
    };
    let doc: String = db_run!(conn, |c| pv::table.find(id).select(pv::document).first(c))?;
    Ok((id, parse(&doc)?))
}

fn find(conn: &mut DbConn, id: i64) -> ApiResult<Row> {
    db_run!(conn, |c| pv::table
        .find(id)
        .select(row_columns!())
        .first::<Row>(c)
        .optional())?
    .ok_or(ApiError::NotFound)
}

/// Display names of the versions' creators, in one query.
fn creators(conn: &mut DbConn, rows: &[Row]) -> ApiResult<std::collections::HashMap<i64, String>> {
    let ids: Vec<i64> = rows.iter().filter_map(|r| r.9).collect();
    Ok(db_run!(conn, |c| users::table
        .filter(users::id.eq_any(&ids))
        .select((users::id, users::display_name))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect())
}

fn to_dto(
    conn: &mut DbConn,
    r: Row,
    active: Option<i64>,
    detail: bool,
    creator: Option<String>,
) -> ApiResult<PolicyVersion> {
    let (document, problems, changes) = if detail {
        let doc = parse(&r.3)?;
        let base = match r.5 {
            Some(b) => Some(find(conn, b)?.3),
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
        id: r.0,
        number: r.1,
        status: PolicyStatus::parse(&r.2),
        active: active == Some(r.0),
        effective_from: r.4,
        based_on: r.5,
        note: r.6,
        document,
        problems,
        changes,
        approval_id: r.7,
        created_by: r.9,
        created_by_name: creator,
        version: r.8,
        created_at: r.10.and_utc(),
        submitted_at: r.11.map(|t| t.and_utc()),
        approved_at: r.12.map(|t| t.and_utc()),
    })
}

pub fn get(conn: &mut DbConn, id: i64, today: NaiveDate) -> ApiResult<PolicyVersion> {
    let row = find(conn, id)?;
    let active = in_force(conn, today)?.0;
    let creator = creators(conn, std::slice::from_ref(&row))?.remove(&row.9.unwrap_or(0));
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
    let rows: Vec<Row> = db_run!(conn, |c| filtered!()
        .order(pv::number.desc())
        .limit(limit)
        .offset(offset)
        .select(row_columns!())
        .load(c))?;
    let names = creators(conn, &rows)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let creator = r.9.and_then(|u| names.get(&u).cloned());
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
    // Numbers follow creation; two drafts created at the same instant on PostgreSQL meet the
    // unique constraint and the second is told to retry.
    let number = db_run!(conn, |c| pv::table
        .select(diesel::dsl::max(pv::number))
        .first::<Option<i64>>(c))?
    .unwrap_or(0)
        + 1;
    let t = now();
    let id: i64 = db_run!(conn, |c| diesel::insert_into(pv::table)
        .values((
            pv::number.eq(number),
            pv::status.eq(PolicyStatus::Draft.as_str()),
            pv::document.eq(&source.3),
            pv::based_on.eq(Some(replaces)),
            pv::note.eq(input.note.trim()),
            pv::created_by.eq(Some(auth.id)),
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
    let created = get(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.draft", "policy_version", id).after(
            &serde_json::json!({"number": number, "copy_of": source.0, "based_on": replaces}),
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

fn require_status(row: &Row, allowed: &[PolicyStatus], what: &str) -> ApiResult<()> {
    if allowed.contains(&PolicyStatus::parse(&row.2)) {
        Ok(())
    } else {
        Err(ApiError::field(
            "status",
            "policy.immutable",
            format!("a {} version cannot be {what}", row.2),
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
    let before = parse(&row.3)?;
    let document = match &input.document {
        Some(d) => serde_json::to_string(d).map_err(ApiError::internal)?,
        None => row.3.clone(),
    };
    let effective_from = input.effective_from.unwrap_or(row.4);
    let replaces = replaced_by(conn, effective_from, today)?;
    let note = input.note.clone().unwrap_or(row.6.clone());
    if note.chars().count() > 500 {
        return Err(ApiError::field(
            "note",
            "too_long",
            "must be at most 500 characters",
        ));
    }
    let n = db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(input.version))
            .filter(pv::status.eq(PolicyStatus::Draft.as_str()))
    )
    .set((
        pv::document.eq(&document),
        pv::effective_from.eq(effective_from),
        pv::based_on.eq(Some(replaces)),
        pv::note.eq(note.trim()),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(now()),
    ))
    .execute(c))?;
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
    if row.8 != version {
        return Err(ApiError::StaleVersion);
    }
    let mut errors = parse(&row.3)?.problems();
    match row.4 {
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
    let replaces = replaced_by(conn, row.4, today)?;
    let approval = crate::approvals::service::request(
        conn,
        auth,
        meta,
        ApprovalKind::PolicyVersion,
        None,
        &format!("管理办法第 {} 版 / Policy version {}", row.1, row.1),
        &serde_json::json!({"policy_version_id": id, "number": row.1, "effective_from": row.4}),
    )?;
    let t = now();
    let n = db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(version))
            .filter(pv::status.eq(PolicyStatus::Draft.as_str()))
    )
    .set((
        pv::status.eq(PolicyStatus::Submitted.as_str()),
        pv::based_on.eq(Some(replaces)),
        pv::approval_id.eq(Some(approval)),
        pv::submitted_at.eq(Some(t)),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?;
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
    let n = db_run!(conn, |c| diesel::update(
        pv::table
            .filter(pv::id.eq(id))
            .filter(pv::version.eq(version))
            .filter(pv::status.eq(&row.2))
    )
    .set((
        pv::status.eq(PolicyStatus::Withdrawn.as_str()),
        pv::version.eq(pv::version + 1),
        pv::updated_at.eq(t),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::StaleVersion);
    }
    // Whichever approval of this version is still pending is void now.
    let kinds = [
        ApprovalKind::PolicyVersion.as_str(),
        ApprovalKind::CreditPolicy.as_str(),
    ];
    let pending: Vec<(i64, String)> = db_run!(conn, |c| approvals::table
        .filter(approvals::kind.eq_any(kinds))
        .filter(approvals::status.eq("pending"))
        .select((approvals::id, approvals::payload))
        .load(c))?;
    let ours: Vec<i64> = pending
        .into_iter()
        .filter(|(_, p)| {
            serde_json::from_str::<serde_json::Value>(p).is_ok_and(|v| v["policy_version_id"] == id)
        })
        .map(|(a, _)| a)
        .collect();
    db_run!(conn, |c| diesel::update(
        approvals::table.filter(approvals::id.eq_any(&ours))
    )
    .set((
        approvals::status.eq("cancelled"),
        approvals::decided_at.eq(Some(t)),
    ))
    .execute(c))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("policy.withdraw", "policy_version", id),
    )?;
    get(conn, id, today)
}

fn version_of(row: &ApprovalRow) -> ApiResult<i64> {
    serde_json::from_str::<serde_json::Value>(&row.payload)
        .ok()
        .and_then(|v| v["policy_version_id"].as_i64())
        .ok_or_else(|| ApiError::internal("policy approval without its version"))
}

fn set_status(
    conn: &mut DbConn,
    id: i64,
    from: PolicyStatus,
    to: PolicyStatus,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let approved_at = (to == PolicyStatus::Approved).then_some(t);
    let n = db_run!(conn, |c| diesel::update(
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
    .execute(c))?;
    if n != 1 {
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
    let id = version_of(row)?;
    let kind = ApprovalKind::parse(&row.kind);
    let from = if kind == Some(ApprovalKind::CreditPolicy) {
        PolicyStatus::AwaitingGm
    } else {
        PolicyStatus::Submitted
    };
    if !approve {
        set_status(conn, id, from, PolicyStatus::Rejected, t)?;
        return Ok(Effect::Done);
    }
    if kind == Some(ApprovalKind::CreditPolicy) {
        set_status(conn, id, from, PolicyStatus::Approved, t)?;
        return Ok(Effect::Done);
    }
    // The VP approved: the GM decides as well when the credit or the customer-service part
    // differs from the version this one replaces — the one in force on its effective date,
    // looked up now, whatever the draft was copied from.
    let version = find(conn, id)?;
    let replaced = in_force(conn, version.4.unwrap_or(crate::time::local_date(t)))?.0;
    db_run!(conn, |c| diesel::update(pv::table.find(id))
        .set(pv::based_on.eq(Some(replaced)))
        .execute(c))?;
    let (old, new) = (parse(&find(conn, replaced)?.3)?, parse(&version.3)?);
    if !gm_decides(&old, &new) {
        set_status(conn, id, from, PolicyStatus::Approved, t)?;
        return Ok(Effect::Done);
    }
    set_status(conn, id, from, PolicyStatus::AwaitingGm, t)?;
    // Filed for the business manager who submitted the version: it stays theirs to withdraw.
    let requester = crate::auth::service::on_behalf_of(conn, row.requester_id)?;
    let approval = crate::approvals::service::request(
        conn,
        &requester,
        meta,
        ApprovalKind::CreditPolicy,
        None,
        &format!(
            "管理办法第 {} 版（信用与客户服务政策） / Policy version {} (credit and service parts)",
            version.1, version.1
        ),
        &serde_json::json!({"policy_version_id": id, "number": version.1, "effective_from": version.4}),
    )?;
    db_run!(conn, |c| diesel::update(pv::table.find(id))
        .set(pv::approval_id.eq(Some(approval)))
        .execute(c))?;
    Ok(Effect::ForwardedToGm)
}

/// The measures have the general manager approve every change of the credit policy and of the
/// customer-service rules; the VP alone decides the rest.
pub fn gm_decides(replaced: &PolicyDocument, new: &PolicyDocument) -> bool {
    replaced.credit != new.credit || replaced.service != new.service
}

/// The requester withdrew the approval from the inbox: the version is withdrawn with it.
pub fn on_cancel(conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
    let id = version_of(row)?;
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

/// A version's number, status and document (for a what-if run over any version, e.g. a draft).
pub fn document_of(conn: &mut DbConn, id: i64) -> ApiResult<(i64, PolicyStatus, PolicyDocument)> {
    let row = find(conn, id)?;
    Ok((row.1, PolicyStatus::parse(&row.2), parse(&row.3)?))
}
