//! Credit control's rules: the credit profile and exposure of a customer, limit requests and
//! their decisions, instruments, investigations, events and holds.

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use super::check::{exposure_of, standard_of};
use super::model::*;
use super::repo;
use crate::approvals::model::{ApprovalPayload, ApprovalRow, CreditLimitPayload};
use crate::approvals::service::Effect;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{
    all_valid, checked_text, duplicate_on, ApiError, ApiResult, FieldError, TEXT_MAX,
};
use crate::http::RequestMeta;
use crate::policies::model::{InstrumentKind, PolicyDocument};
use crate::time::now;

/// Longest free text kept (reasons, findings, notes).
/// The largest instrument (100 亿元 in fen) and how many live ones a customer may hold: their
/// sum stays far within a 64-bit amount.
const INSTRUMENT_MAX_FEN: i64 = 1_000_000_000_000;
const INSTRUMENTS_MAX: i64 = 50;

/// The files must be live attachments of the customer (uploaded first), at most 20, no repeats.
pub fn check_customer_files(
    conn: &mut DbConn,
    customer_id: i64,
    ids: &[i64],
    errors: &mut Vec<FieldError>,
) -> ApiResult<()> {
    let distinct = ids.iter().enumerate().all(|(i, a)| !ids[..i].contains(a));
    if ids.len() > 20 || !distinct {
        errors.push(FieldError::new(
            "attachment_ids",
            "invalid",
            "at most 20 files, each once",
        ));
    } else if !ids.is_empty()
        && repo::count_attachments_of(conn, customer_id, ids)? != ids.len() as i64
    {
        errors.push(FieldError::new(
            "attachment_ids",
            "unknown",
            "upload the files to this customer's attachments first",
        ));
    }
    Ok(())
}

/// The customer's credit is seen by whoever sees the customer in full.
fn require_view(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    crate::customers::service::require_full_view(conn, auth, customer_id)
}

/// How these customers have been paying (shown with blocked notes).
pub fn payment_performance(
    conn: &mut DbConn,
    customer_ids: &[i64],
    today: NaiveDate,
) -> ApiResult<std::collections::HashMap<i64, PaymentPerformance>> {
    repo::payment_performance(conn, customer_ids, today)
}

/// The customer's figures on `today` under the policy in force, for a user who sees it in full.
fn figures_on(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<(i64, PolicyDocument, FiguresRow)> {
    require_view(conn, auth, customer_id)?;
    let (version, doc) = crate::policies::service::in_force(conn, today)?;
    let f = repo::figures(conn, customer_id, today, &doc.credit, None, None)?;
    Ok((version, doc, f))
}

pub fn exposure(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<Exposure> {
    let (version, doc, f) = figures_on(conn, auth, customer_id, today)?;
    exposure_of(customer_id, &f, version, &doc.credit)
}

pub fn exposure_documents(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    part: ExposurePart,
    today: NaiveDate,
) -> ApiResult<Vec<ExposureDocument>> {
    require_view(conn, auth, customer_id)?;
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    Ok(
        repo::exposure_documents(conn, customer_id, part, &doc.credit)?
            .into_iter()
            .map(|r| ExposureDocument {
                document_type: ExposureDocumentType::of(part),
                id: r.id,
                number: r.number,
                contract_id: r.contract_id,
                contract_number: r.contract_number,
                date: r.date,
                amount_fen: r.amount_fen,
            })
            .collect(),
    )
}

fn hold_dto(h: &HoldRow, names: &std::collections::HashMap<i64, String>) -> CreditHold {
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    CreditHold {
        id: h.id,
        reason: h.reason.clone(),
        event_id: h.event_id,
        set_by_name: name(h.set_by),
        set_at: h.set_at.and_utc(),
        lift_reason: h.lift_reason.clone(),
        lifted_by_name: name(h.lifted_by),
        lifted_at: h.lifted_at.map(|t| t.and_utc()),
    }
}

pub fn request_dto(
    r: &LimitRequestRow,
    names: &std::collections::HashMap<i64, String>,
) -> LimitRequest {
    LimitRequest {
        id: r.id,
        customer_id: r.customer_id,
        approval_id: r.approval_id,
        status: RequestStatus::parse(&r.status).unwrap_or(RequestStatus::Pending),
        old_grade: r.old_grade.as_deref().and_then(parse_grade),
        new_grade: parse_grade(&r.new_grade).unwrap_or(crate::policies::model::CreditGrade::C),
        old_limit_fen: r.old_limit_fen,
        new_limit_fen: r.new_limit_fen,
        old_period_days: r.old_period_days,
        credit_period_days: r.credit_period_days,
        valid_until: r.valid_until,
        reason: r.reason.clone(),
        requested_by_name: names.get(&r.requested_by).cloned(),
        requested_at: r.requested_at.and_utc(),
        decided_at: r.decided_at.map(|t| t.and_utc()),
    }
}

/// 客户信用档案: the whole credit tab of a customer.
pub fn profile(
    conn: &mut DbConn,
    auth: &AuthUser,
    customer_id: i64,
    today: NaiveDate,
) -> ApiResult<CreditProfile> {
    let (version, doc, f) = figures_on(conn, auth, customer_id, today)?;
    let exposure = exposure_of(customer_id, &f, version, &doc.credit)?;
    let standard = standard_of(&f, &doc, today);
    let approved = repo::profile(conn, customer_id)?;
    let instruments = repo::instruments_of(conn, customer_id)?;
    let investigations = repo::investigations_of(conn, customer_id)?;
    let events = repo::events_of(conn, customer_id)?;
    let holds = repo::holds_of(conn, customer_id)?;
    let requests = repo::requests_of(conn, customer_id)?;
    let files = repo::files_of(conn, customer_id)?;
    let files_of = |kind: &str, id: i64| -> Vec<RecordFile> {
        files
            .iter()
            .filter(|f| f.record_type == kind && f.record_id == id)
            .cloned()
            .collect()
    };
    let people: Vec<i64> = instruments
        .iter()
        .filter_map(|i| i.created_by)
        .chain(investigations.iter().filter_map(|i| i.created_by))
        .chain(events.iter().filter_map(|e| e.created_by))
        .chain(holds.iter().flat_map(|h| [h.set_by, h.lifted_by]).flatten())
        .chain(requests.iter().map(|r| r.requested_by))
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let name = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    let has_credit = f.approved_limit_fen.is_some();
    let holds: Vec<CreditHold> = holds.iter().map(|h| hold_dto(h, &names)).collect();
    Ok(CreditProfile {
        customer_id,
        has_credit,
        grade: approved.as_ref().and_then(|p| parse_grade(&p.grade)),
        approved_limit_fen: f.approved_limit_fen.unwrap_or(0),
        credit_period_days: approved.as_ref().map(|p| p.credit_period_days),
        valid_until: approved.as_ref().and_then(|p| p.valid_until),
        next_review_on: approved.as_ref().and_then(|p| p.next_review_on),
        hold: holds.iter().find(|h| h.lifted_at.is_none()).cloned(),
        exposure,
        standard,
        instruments: instruments
            .into_iter()
            .map(|i| Instrument {
                counts: i.expires_on >= today
                    && i.voided_at.is_none()
                    && InstrumentKind::parse(&i.kind)
                        .is_some_and(|k| doc.credit.counted_instruments.contains(&k))
                    && has_credit,
                kind: InstrumentKind::parse(&i.kind).unwrap_or(InstrumentKind::Guarantee),
                created_by_name: name(i.created_by),
                created_at: i.created_at.and_utc(),
                id: i.id,
                provider: i.provider,
                amount_fen: i.amount_fen,
                expires_on: i.expires_on,
                note: i.note,
                voided_at: i.voided_at.map(|t| t.and_utc()),
                void_reason: i.void_reason,
            })
            .collect(),
        investigations: investigations
            .into_iter()
            .map(|i| Investigation {
                id: i.id,
                source: InvestigationSource::parse(&i.source).unwrap_or(InvestigationSource::Other),
                investigated_on: i.investigated_on,
                files: files_of("investigation", i.id),
                created_by_name: name(i.created_by),
                created_at: i.created_at.and_utc(),
                findings: i.findings,
            })
            .collect(),
        events: events
            .into_iter()
            .map(|e| CreditEvent {
                id: e.id,
                kind: EventKind::parse(&e.kind).unwrap_or(EventKind::Other),
                phase: RiskPhase::parse(&e.phase).unwrap_or(RiskPhase::PreTransaction),
                severity: Severity::parse(&e.severity).unwrap_or(Severity::Low),
                files: files_of("event", e.id),
                created_by_name: name(e.created_by),
                created_at: e.created_at.and_utc(),
                notes: e.notes,
            })
            .collect(),
        holds,
        requests: requests.iter().map(|r| request_dto(r, &names)).collect(),
    })
}

/// Propose a new credit grade and limit: filed for the VP (and the GM above the policy's
/// amount). One pending request per customer.
pub fn request_limit(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &NewLimitRequest,
    today: NaiveDate,
) -> ApiResult<LimitRequest> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let reason = checked_text("reason", &input.reason, true, &mut errors);
    if !(0..=i64::MAX / 4).contains(&input.new_limit_fen) {
        errors.push(FieldError::new(
            "new_limit_fen",
            "out_of_range",
            "0 or more",
        ));
    }
    if !(0..=720).contains(&input.credit_period_days) {
        errors.push(FieldError::new(
            "credit_period_days",
            "out_of_range",
            "0 to 720 days",
        ));
    }
    if input.valid_until.is_some_and(|v| v <= today) {
        errors.push(FieldError::new(
            "valid_until",
            "out_of_range",
            "must be after today",
        ));
    }
    all_valid(errors)?;
    let current = repo::profile(conn, customer_id)?;
    let t = now();
    let new_grade = grade_str(input.new_grade);
    let id = repo::insert_request(
        conn,
        &NewLimitRequestRow {
            customer_id,
            old_grade: current.as_ref().map(|p| p.grade.as_str()),
            new_grade,
            old_limit_fen: current.as_ref().map_or(0, |p| p.limit_fen),
            new_limit_fen: input.new_limit_fen,
            old_period_days: current.as_ref().map(|p| p.credit_period_days),
            credit_period_days: input.credit_period_days,
            valid_until: input.valid_until,
            reason,
            requested_by: auth.id,
            requested_at: t,
        },
    )
    .map_err(duplicate_on(
        "customer_id",
        "a limit request for this customer is waiting for its decision",
    ))?;
    let row = repo::find_request(conn, id)?.ok_or(ApiError::NotFound)?;
    let approval = crate::approvals::service::file(
        conn,
        auth,
        meta,
        &ApprovalPayload::CreditLimit(payload_of(&row)),
        Some(customer_id),
        &format!("信用额度变更 {} / Credit limit change", row.new_grade),
    )?;
    repo::set_request_approval(conn, id, approval)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit.limit_request", "customer", customer_id).after(&serde_json::json!({
            "request_id": id, "new_grade": new_grade, "new_limit_fen": input.new_limit_fen,
            "credit_period_days": input.credit_period_days, "reason": reason,
        })),
    )?;
    let row = repo::find_request(conn, id)?.ok_or(ApiError::NotFound)?;
    let names = crate::users::repo::display_names(conn, &[row.requested_by])?;
    Ok(request_dto(&row, &names))
}

fn payload_of(r: &LimitRequestRow) -> CreditLimitPayload {
    CreditLimitPayload {
        request_id: r.id,
        old_grade: r.old_grade.as_deref().and_then(parse_grade),
        new_grade: parse_grade(&r.new_grade).unwrap_or(crate::policies::model::CreditGrade::C),
        old_limit_fen: r.old_limit_fen,
        new_limit_fen: r.new_limit_fen,
        credit_period_days: r.credit_period_days,
        reason: r.reason.clone(),
    }
}

fn request_of(conn: &mut DbConn, row: &ApprovalRow) -> ApiResult<LimitRequestRow> {
    let id = match row.payload()? {
        ApprovalPayload::CreditLimit(p) | ApprovalPayload::CreditLimitGm(p) => p.request_id,
        _ => return Err(ApiError::internal("not a credit limit request")),
    };
    repo::find_request(conn, id)?.ok_or(ApiError::NotFound)
}

/// The last day of the next credit-review month after `today` (the policy's `review_months`).
fn next_review(review_months: &[i64], today: NaiveDate) -> Option<NaiveDate> {
    (0..24).find_map(|ahead| {
        let m0 = today.month0() as i64 + ahead;
        let (year, month) = (today.year() + (m0 / 12) as i32, (m0 % 12 + 1) as u32);
        if !review_months.contains(&(month as i64)) {
            return None;
        }
        let first_next = if month == 12 {
            NaiveDate::from_ymd_opt(year + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(year, month + 1, 1)
        }?;
        let end = first_next.pred_opt()?;
        (end > today).then_some(end)
    })
}

/// The customer's grade and approved limit as they stand (none without a profile).
pub fn current_terms(conn: &mut DbConn, customer_id: i64) -> ApiResult<Option<CurrentTerms>> {
    Ok(repo::profile(conn, customer_id)?.map(|p| CurrentTerms {
        grade: p.grade,
        limit_fen: p.limit_fen,
        request_id: p.request_id,
    }))
}

/// A customer's credit terms as they stand, and the approved request they come from.
pub struct CurrentTerms {
    pub grade: String,
    pub limit_fen: i64,
    pub request_id: i64,
}

/// Apply the approved items of credit review `review_id` not applied yet (in the decision's
/// transaction): each becomes an approved limit request — the grade and limit history — and
/// the customer's profile takes its grade, limit and period, next reviewed in the review month
/// after this one. Customers whose limit went up have their blocked shipping notes checked
/// again. How many profiles changed.
pub fn apply_review_results(
    conn: &mut DbConn,
    review_id: i64,
    t: NaiveDateTime,
) -> ApiResult<usize> {
    let today = crate::time::local_date(t);
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let next_month = NaiveDate::from_ymd_opt(today.year(), today.month(), 1)
        .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
        .unwrap_or(today);
    let next = next_review(&doc.credit.review_months, next_month)
        .unwrap_or(next_month + chrono::Duration::days(182));
    let raised = repo::review_raises(conn, review_id)?;
    let n = repo::apply_review(conn, review_id, next, t)?;
    // Only customers whose limit rose and who have blocked notes (few) are checked again.
    for customer in raised {
        crate::shipping::service::recheck_customer(conn, customer, today)?;
    }
    Ok(n)
}

/// A decision on a limit request, in the approval's transaction. The VP's approval of a limit
/// above the policy's amount goes on to the GM; the final approval writes the profile.
pub fn on_limit_decision(
    conn: &mut DbConn,
    meta: &RequestMeta,
    row: &ApprovalRow,
    approve: bool,
    gm: bool,
    t: NaiveDateTime,
) -> ApiResult<Effect> {
    let request = request_of(conn, row)?;
    if !approve {
        repo::close_request(conn, request.id, RequestStatus::Rejected, t)?;
        return Ok(Effect::Done);
    }
    let today = crate::time::local_date(t);
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    if !gm && request.new_limit_fen > doc.credit.gm_limit_above_fen {
        let requester = crate::auth::service::on_behalf_of(conn, row.requester_id)?;
        let approval = crate::approvals::service::file(
            conn,
            &requester,
            meta,
            &ApprovalPayload::CreditLimitGm(payload_of(&request)),
            Some(request.customer_id),
            &format!(
                "信用额度变更 {}（总经理） / Credit limit change (general manager)",
                request.new_grade
            ),
        )?;
        repo::set_request_approval(conn, request.id, approval)?;
        return Ok(Effect::Forwarded {
            verdict: "已批准，转总经理审批 / approved, forwarded to the general manager",
        });
    }
    if repo::close_request(conn, request.id, RequestStatus::Approved, t)? != 1 {
        return Err(ApiError::AlreadyDecided);
    }
    repo::save_profile(
        conn,
        &ProfileRow {
            customer_id: request.customer_id,
            grade: request.new_grade.clone(),
            limit_fen: request.new_limit_fen,
            credit_period_days: request.credit_period_days,
            valid_until: request.valid_until,
            next_review_on: next_review(&doc.credit.review_months, today),
            request_id: request.id,
            approved_at: t,
        },
    )?;
    Ok(Effect::Done)
}

/// The requester withdrew the request from the inbox.
pub fn on_limit_cancel(conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
    let request = request_of(conn, row)?;
    repo::close_request(conn, request.id, RequestStatus::Cancelled, t)?;
    Ok(())
}

pub fn add_instrument(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &NewInstrument,
    _today: NaiveDate,
) -> ApiResult<i64> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let provider = checked_text("provider", &input.provider, true, &mut errors);
    // 100 亿元 at the most: five of them still sum within a 64-bit fen amount.
    if !(1..=INSTRUMENT_MAX_FEN).contains(&input.amount_fen) {
        errors.push(FieldError::new(
            "amount_fen",
            "out_of_range",
            "1 fen to 100 亿元",
        ));
    }
    if repo::count_instruments(conn, customer_id)? >= INSTRUMENTS_MAX {
        errors.push(FieldError::new(
            "customer_id",
            "too_many",
            format!("at most {INSTRUMENTS_MAX} live instruments per customer: void one first"),
        ));
    }
    if input.note.chars().count() > TEXT_MAX {
        errors.push(FieldError::new(
            "note",
            "too_long",
            "at most 4000 characters",
        ));
    }
    all_valid(errors)?;
    let id = repo::insert_instrument(
        conn,
        &NewInstrumentRow {
            customer_id,
            kind: input.kind.as_str(),
            provider,
            amount_fen: input.amount_fen,
            expires_on: input.expires_on,
            note: input.note.trim(),
            created_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit.instrument", "customer", customer_id).after(&serde_json::json!({
            "id": id, "kind": input.kind, "provider": provider, "amount_fen": input.amount_fen,
            "expires_on": input.expires_on,
        })),
    )?;
    Ok(id)
}

/// Void an instrument (a mistake, a guarantee withdrawn) with a reason: it stops counting.
pub fn void_instrument(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    instrument_id: i64,
    input: &CreditReason,
    today: NaiveDate,
) -> ApiResult<CreditProfile> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let reason = checked_text("reason", &input.reason, true, &mut errors);
    all_valid(errors)?;
    if !repo::void_instrument(conn, customer_id, instrument_id, auth.id, reason, now())? {
        return Err(ApiError::NotFound);
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit.void_instrument", "customer", customer_id)
            .after(&serde_json::json!({"instrument_id": instrument_id, "reason": reason})),
    )?;
    profile(conn, auth, customer_id, today)
}

pub fn add_investigation(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &NewInvestigation,
    today: NaiveDate,
) -> ApiResult<i64> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let findings = checked_text("findings", &input.findings, true, &mut errors);
    if input.investigated_on > today {
        errors.push(FieldError::new(
            "investigated_on",
            "out_of_range",
            "must not be in the future",
        ));
    }
    check_customer_files(conn, customer_id, &input.attachment_ids, &mut errors)?;
    all_valid(errors)?;
    let id = repo::insert_investigation(
        conn,
        &NewInvestigationRow {
            customer_id,
            source: input.source.as_str(),
            investigated_on: input.investigated_on,
            findings,
            created_by: Some(auth.id),
            created_at: now(),
        },
    )?;
    repo::link_files(conn, "investigation", id, &input.attachment_ids)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit.investigation", "customer", customer_id).after(&serde_json::json!({
            "id": id, "source": input.source, "investigated_on": input.investigated_on,
            "attachment_ids": input.attachment_ids,
        })),
    )?;
    Ok(id)
}

/// Record a credit event; a severe one puts the customer on hold at once (unless it is already).
pub fn add_event(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &NewCreditEvent,
    _today: NaiveDate,
) -> ApiResult<i64> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let notes = checked_text("notes", &input.notes, true, &mut errors);
    check_customer_files(conn, customer_id, &input.attachment_ids, &mut errors)?;
    all_valid(errors)?;
    let t = now();
    let id = repo::insert_event(
        conn,
        &NewEventRow {
            customer_id,
            kind: input.kind.as_str(),
            phase: input.phase.as_str(),
            severity: input.severity.as_str(),
            notes,
            created_by: Some(auth.id),
            created_at: t,
        },
    )?;
    repo::link_files(conn, "event", id, &input.attachment_ids)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit.event", "customer", customer_id).after(&serde_json::json!({
            "id": id, "kind": input.kind, "phase": input.phase, "severity": input.severity,
            "attachment_ids": input.attachment_ids,
        })),
    )?;
    if input.severity == Severity::Severe && repo::held(conn, &[customer_id])?.is_empty() {
        let reason = format!("严重信用事件 / severe credit event: {notes}");
        place_hold(conn, &auth.actor(), meta, customer_id, &reason, Some(id), t)?;
    }
    Ok(id)
}

fn place_hold(
    conn: &mut DbConn,
    actor: &crate::audit::Actor,
    meta: &RequestMeta,
    customer_id: i64,
    reason: &str,
    event_id: Option<i64>,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let reason: String = reason.chars().take(TEXT_MAX).collect();
    repo::insert_hold(
        conn,
        &NewHoldRow {
            customer_id,
            reason: &reason,
            event_id,
            set_by: actor.id,
            set_at: t,
        },
    )
    .map_err(duplicate_on(
        "customer_id",
        "the customer is on credit hold already",
    ))?;
    audit::record(
        conn,
        actor,
        meta,
        Event::new("credit.hold", "customer", customer_id)
            .after(&serde_json::json!({"reason": reason, "event_id": event_id})),
    )
}

/// A GM-approved bad-debt write-off (in the approval's transaction): a severe credit event of
/// the post-delinquency phase on the customer, which puts the customer on credit hold unless
/// a hold is on already — no more credit for a debtor whose debt was written off.
pub fn record_write_off_event(
    conn: &mut DbConn,
    meta: &RequestMeta,
    customer_id: i64,
    notes: &str,
    decider: i64,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let notes: String = notes.chars().take(TEXT_MAX).collect();
    let id = repo::insert_event(
        conn,
        &NewEventRow {
            customer_id,
            kind: EventKind::Other.as_str(),
            phase: RiskPhase::PostDelinquency.as_str(),
            severity: Severity::Severe.as_str(),
            notes: &notes,
            created_by: Some(decider),
            created_at: t,
        },
    )?;
    let username = crate::users::repo::find(conn, decider)?
        .map(|u| u.username)
        .unwrap_or_default();
    let actor = crate::audit::Actor {
        id: Some(decider),
        name: username,
    };
    audit::record(
        conn,
        &actor,
        meta,
        Event::new("credit.event", "customer", customer_id).after(&serde_json::json!({
            "id": id, "kind": "other", "phase": "post_delinquency", "severity": "severe",
            "notes": notes,
        })),
    )?;
    if repo::held(conn, &[customer_id])?.is_empty() {
        let reason = format!("坏账核销 / bad debt written off: {notes}");
        place_hold(conn, &actor, meta, customer_id, &reason, Some(id), t)?;
    }
    Ok(())
}

/// Put a customer on credit hold (`hold`) or lift the hold — the business manager, VP or GM,
/// with a reason either way. The caller answers the profile (after re-checking blocked notes).
pub fn change_hold(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    customer_id: i64,
    input: &CreditReason,
    hold: bool,
) -> ApiResult<()> {
    require_view(conn, auth, customer_id)?;
    let mut errors = Vec::new();
    let reason = checked_text("reason", &input.reason, true, &mut errors);
    all_valid(errors)?;
    if hold {
        place_hold(conn, &auth.actor(), meta, customer_id, reason, None, now())?;
    } else {
        if repo::lift_hold(conn, customer_id, auth.id, reason, now())? != 1 {
            return Err(ApiError::field(
                "customer_id",
                "credit.not_on_hold",
                "the customer is not on credit hold",
            ));
        }
        audit::record(
            conn,
            &auth.actor(),
            meta,
            Event::new("credit.lift_hold", "customer", customer_id)
                .after(&serde_json::json!({"reason": reason})),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_review_is_the_end_of_the_next_review_month() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(next_review(&[6, 12], d(2026, 12, 3)), Some(d(2026, 12, 31)));
        assert_eq!(next_review(&[6, 12], d(2026, 12, 31)), Some(d(2027, 6, 30)));
        assert_eq!(next_review(&[6, 12], d(2027, 1, 15)), Some(d(2027, 6, 30)));
        assert_eq!(next_review(&[], d(2027, 1, 15)), None);
    }
}
