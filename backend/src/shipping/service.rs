//! Shipping notes: issue (reserving the contract lines' quantities), confirm (booking the
//! receivable through the receivables domain), cancel, and the warehouse's views.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::model::*;
use super::repo::{self, NewNoteLine, NewNoteRow};
use super::rules::priority_sql;
use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area, Role, Scope};
use crate::auth::AuthUser;
use crate::contracts::model::ContractLineRow;
use crate::credit::check::CheckInput;
use crate::credit::model::CheckedDocument;
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{duplicate_on, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::receivables::model::ShipmentReceivable;
use crate::time::now;

/// The SQL giving a customer's shipping priority under the policy in force on `today`.
fn priority_in_force(conn: &mut DbConn, today: NaiveDate) -> ApiResult<String> {
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    Ok(priority_sql(&doc))
}

/// Whether the user sees credit figures: not the departments that see a customer's name only.
fn shows_credit(auth: &AuthUser) -> bool {
    auth.scope() > Scope::Limited
}

fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<NoteRow>,
    with_lines: bool,
    today: NaiveDate,
    show_credit: bool,
) -> ApiResult<Vec<ShippingNote>> {
    let priority = priority_in_force(conn, today)?;
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let customers = crate::customers::service::refs(conn, &customer_ids)?;
    let priorities = repo::priorities(conn, &customer_ids, &priority)?;
    let contract_ids: Vec<i64> = rows.iter().map(|r| r.contract_id).collect();
    let numbers = crate::contracts::repo::numbers(conn, &contract_ids)?;
    let people: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.issued_by, r.confirmed_by, r.released_by])
        .flatten()
        .collect();
    let names = crate::users::repo::display_names(conn, &people)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let receivable_of = crate::receivables::service::by_shipping_note(conn, &ids)?;
    let mut checks = if show_credit {
        crate::credit::check::latest(conn, CheckedDocument::ShippingNote, &ids)?
    } else {
        HashMap::new()
    };
    let mut lines: HashMap<i64, Vec<ShippingNoteLine>> = HashMap::new();
    if with_lines {
        for l in repo::lines_of(conn, &ids)? {
            lines
                .entry(l.line.shipping_note_id)
                .or_default()
                .push(ShippingNoteLine {
                    id: l.line.id,
                    contract_line_id: l.line.contract_line_id,
                    quantity: l.line.quantity,
                    amount_fen: l.line.amount_fen,
                    product_code: l.product.code,
                    product_name: l.product.name,
                    unit: l.product.unit,
                });
        }
    }
    let name_of = |u: Option<i64>| u.and_then(|u| names.get(&u).cloned());
    Ok(rows
        .into_iter()
        .map(|r| {
            let customer = customers.get(&r.customer_id);
            ShippingNote {
                id: r.id,
                contract_number: numbers.get(&r.contract_id).cloned().unwrap_or_default(),
                contract_id: r.contract_id,
                customer_id: r.customer_id,
                customer_code: customer.map(|c| c.code.clone()).unwrap_or_default(),
                customer_name: customer.map(|c| c.name.clone()).unwrap_or_default(),
                shipping_priority: priorities.get(&r.customer_id).copied().unwrap_or_default(),
                status: NoteStatus::parse(&r.status),
                ship_date: r.ship_date,
                amount_fen: r.amount_fen,
                external_ref: r.external_ref,
                lines: with_lines.then(|| lines.remove(&r.id).unwrap_or_default()),
                issued_by_name: name_of(r.issued_by),
                issued_at: r.issued_at.and_utc(),
                confirmed_by_name: name_of(r.confirmed_by),
                confirmed_at: r.confirmed_at.map(|t| t.and_utc()),
                receivable_id: receivable_of.get(&r.id).copied(),
                credit_state: r.credit_state.as_deref().and_then(NoteCreditState::parse),
                credit_check: checks.remove(&r.id),
                released_by_name: name_of(r.released_by),
                released_at: r.released_at.map(|t| t.and_utc()),
                release_reason: r.release_reason,
                number: r.number,
            }
        })
        .collect())
}

/// The customer must be visible to the user (the warehouse's limited view suffices).
fn require_visible(conn: &mut DbConn, auth: &AuthUser, customer_id: i64) -> ApiResult<()> {
    crate::customers::service::load_visible(conn, &Viewer::of(auth), customer_id).map(|_| ())
}

fn load(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<NoteRow> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    require_visible(conn, auth, row.customer_id)?;
    Ok(row)
}

pub fn get(
    conn: &mut DbConn,
    auth: &AuthUser,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load(conn, auth, id)?;
    Ok(to_dtos(conn, vec![row], true, today, shows_credit(auth))?.remove(0))
}

/// The problems of a note's lines against the contract's lines `known`.
fn check_lines(input: &NewShippingNote, known: &HashMap<i64, ContractLineRow>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if input.lines.is_empty() {
        errors.push(FieldError::new("lines", "required", "at least one line"));
    }
    for (i, l) in input.lines.iter().enumerate() {
        match known.get(&l.contract_line_id) {
            None => errors.push(FieldError::new(
                format!("lines[{i}].contract_line_id"),
                "unknown",
                "not a line of this contract",
            )),
            Some(_) if l.quantity <= 0 => errors.push(FieldError::new(
                format!("lines[{i}].quantity"),
                "out_of_range",
                "1 or more",
            )),
            Some(k) if k.shipped_quantity + l.quantity > k.quantity => {
                errors.push(FieldError::new(
                    format!("lines[{i}].quantity"),
                    "shipping.over_ordered",
                    format!(
                        "only {} of {} remain to ship",
                        k.quantity - k.shipped_quantity,
                        k.quantity
                    ),
                ))
            }
            _ => {}
        }
        if input.lines[..i]
            .iter()
            .any(|x| x.contract_line_id == l.contract_line_id)
        {
            errors.push(FieldError::new(
                format!("lines[{i}].contract_line_id"),
                "duplicate",
                "one entry per contract line",
            ));
        }
    }
    errors
}

pub fn issue(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewShippingNote,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let unknown = || ApiError::field("contract_id", "unknown", "no contract has this id");
    let contract = crate::contracts::repo::find(conn, input.contract_id)?.ok_or_else(unknown)?;
    require_visible(conn, auth, contract.customer_id).map_err(|_| unknown())?;
    let mut errors = Vec::new();
    if contract.status != "signed" {
        errors.push(FieldError::new(
            "contract_id",
            "invalid",
            "only a signed contract is shipped against",
        ));
    }
    if contract.signed_on.is_some_and(|s| input.ship_date < s)
        || input.ship_date > today + Duration::days(366)
    {
        errors.push(FieldError::new(
            "ship_date",
            "out_of_range",
            "from the signing date, within a year",
        ));
    }
    let external_ref = input
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let line_ids: Vec<i64> = input.lines.iter().map(|l| l.contract_line_id).collect();
    let known: HashMap<i64, ContractLineRow> =
        crate::contracts::repo::lines_by_ids(conn, input.contract_id, &line_ids)?
            .into_iter()
            .map(|l| (l.id, l))
            .collect();
    errors.extend(check_lines(input, &known));
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    // Reserve the quantities; the condition (and the CHECK behind it) refuses a concurrent
    // note that would ship more than ordered.
    for (i, l) in input.lines.iter().enumerate() {
        if !crate::contracts::service::reserve_for_shipping(conn, l.contract_line_id, l.quantity)? {
            return Err(ApiError::field(
                &format!("lines[{i}].quantity"),
                "shipping.over_ordered",
                "more than remains to ship",
            ));
        }
    }
    let lines: Vec<NewNoteLine> = input
        .lines
        .iter()
        .map(|l| NewNoteLine {
            contract_line_id: l.contract_line_id,
            quantity: l.quantity,
            amount_fen: l.quantity * known[&l.contract_line_id].price_fen,
        })
        .collect();
    let seq =
        crate::db::numbering::advance_counter(conn, &format!("shipping_note:{}", today.year()), 1)?;
    let number =
        crate::db::numbering::expand_code("FH{YYYY}{SEQ:5}", today.year(), today.month(), seq);
    let new = NewNoteRow {
        number: &number,
        contract_id: input.contract_id,
        customer_id: contract.customer_id,
        ship_date: input.ship_date,
        amount_fen: lines.iter().map(|l| l.amount_fen).sum(),
        external_ref,
        issued_by: auth.id,
        at: now(),
    };
    let id = repo::insert(conn, &new).map_err(duplicate_on(
        "external_ref",
        "a shipping note with this external reference exists",
    ))?;
    repo::insert_lines(conn, id, &lines)?;
    // The credit check of every note, after its lines are reserved (they left the contract's
    // unshipped value and the note is shipped-not-invoiced now): a failing note is blocked.
    if !run_check(conn, id, &contract, new.amount_fen, today)? {
        // The releasers hear of it at once: the VP within the delegated amount, the GM above.
        let (_, doc) = crate::policies::service::in_force(conn, today)?;
        let role = releaser(&doc, new.amount_fen);
        let who = crate::notifications::holders_of(conn, role.as_str())?;
        crate::notifications::notify(
            conn,
            &who,
            "shipping_note.blocked",
            &format!("发货通知单 {number} 信用冻结 / Shipping note {number} blocked by credit"),
            "超出信用条件，等待放行 / outside the customer's credit: waiting for release",
            "/credit-blocks",
        )?;
    }
    let note = get(conn, auth, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("shipping_note.issue", "shipping_note", id).after(&note),
    )?;
    Ok(note)
}

/// Check a note and store its credit state: passed or blocked. Whether it passed.
fn run_check(
    conn: &mut DbConn,
    id: i64,
    contract: &crate::contracts::model::ContractRow,
    amount_fen: i64,
    today: NaiveDate,
) -> ApiResult<bool> {
    let check = crate::credit::check::check(
        conn,
        &CheckInput {
            document: CheckedDocument::ShippingNote,
            document_id: id,
            customer_id: contract.customer_id,
            amount_fen,
            credit_form: &contract.credit_form,
            contract_id: contract.id,
            special_approved: contract.credit_state.as_deref() == Some("special_approved"),
        },
        today,
    )?;
    let state = if check.passed {
        NoteCreditState::Passed
    } else {
        NoteCreditState::Blocked
    };
    // Only a new or still blocked note takes the result: a release, a rejection or a
    // cancellation decided meanwhile stands.
    repo::set_credit_state(conn, id, state)?;
    Ok(check.passed)
}

/// The note, read again after its customer's row is locked: releases, rejections and checks of
/// one customer's notes run one after the other.
fn load_locked(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<NoteRow> {
    let row = load(conn, auth, id)?;
    crate::customers::service::lock_for_ledger(conn, row.customer_id)?;
    load(conn, auth, id)
}

/// Who releases a note: the VP while the customer's released, unconfirmed notes and this one
/// stay within the policy's amount (a shipment split into notes counts whole), the GM above.
fn releaser_of(
    doc: &crate::policies::model::PolicyDocument,
    released_open_fen: i64,
    amount_fen: i64,
) -> Role {
    releaser(doc, released_open_fen.saturating_add(amount_fen))
}

/// The blocked worklist: blocked notes of the customers in scope, oldest first, with the
/// customers' payment performance and who may release each.
pub fn blocked(
    conn: &mut DbConn,
    auth: &AuthUser,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<BlockedNote>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (rows, total) = repo::blocked(conn, Viewer::of(auth), granted, limit, offset)?;
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let customer_ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let released = repo::released_open(conn, &customer_ids)?;
    let mut payment = crate::credit::service::payment_performance(conn, &customer_ids, today)?;
    let notes = to_dtos(conn, rows.clone(), false, today, true)?;
    Ok((
        rows.iter()
            .zip(notes)
            .map(|(r, note)| {
                let already = released.get(&r.customer_id).copied().unwrap_or(0);
                let role = releaser_of(&doc, already, r.amount_fen);
                BlockedNote {
                    age_days: (today - crate::time::local_date(r.issued_at))
                        .num_days()
                        .max(0),
                    releaser_role: role,
                    can_release: may_release(auth, role, r),
                    payment: payment.remove(&r.customer_id).unwrap_or_default(),
                    note,
                }
            })
            .collect(),
        total,
    ))
}

/// The VP releases up to the policy's amount, the GM anything.
fn releaser(doc: &crate::policies::model::PolicyDocument, amount_fen: i64) -> Role {
    if amount_fen <= doc.credit.vp_release_max_fen {
        Role::VicePresident
    } else {
        Role::GeneralManager
    }
}

fn may_release(auth: &AuthUser, role: Role, row: &NoteRow) -> bool {
    auth.can(Area::ShipmentRelease, Access::Approve)
        && (auth.roles.contains(&Role::GeneralManager)
            || (role == Role::VicePresident && auth.roles.contains(&Role::VicePresident)))
        && row.issued_by != Some(auth.id)
}

/// Release or reject a blocked note, with a reason: release lets the warehouse confirm it;
/// rejection cancels it (its quantities return to the contract).
pub fn decide_block(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    release: bool,
    reason: &str,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load_locked(conn, auth, id)?;
    let (_, doc) = crate::policies::service::in_force(conn, today)?;
    let already = repo::released_open(conn, &[row.customer_id])?
        .get(&row.customer_id)
        .copied()
        .unwrap_or(0);
    let role = releaser_of(&doc, already, row.amount_fen);
    if row.issued_by == Some(auth.id) {
        return Err(ApiError::SelfApproval);
    }
    if !may_release(auth, role, &row) {
        return Err(ApiError::Forbidden);
    }
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        return Err(ApiError::field(
            "reason",
            "required",
            "say why, in at most 2000 characters",
        ));
    }
    let to = if release {
        NoteCreditState::Released
    } else {
        NoteCreditState::Rejected
    };
    if !repo::settle_block(conn, id, to, auth.id, reason, now())? {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the note is not blocked any more",
        ));
    }
    if !release {
        for l in repo::lines_of_note(conn, id)? {
            crate::contracts::service::release_from_shipping(conn, l.contract_line_id, l.quantity)?;
        }
    }
    // Whoever issued the note hears the decision.
    let issuer: Vec<i64> = row.issued_by.into_iter().collect();
    crate::notifications::notify(
        conn,
        &issuer,
        if release {
            "shipping_note.released"
        } else {
            "shipping_note.rejected"
        },
        &format!(
            "发货通知单 {} {} / Shipping note {} {}",
            row.number,
            if release { "已放行" } else { "已驳回" },
            row.number,
            if release { "released" } else { "rejected" }
        ),
        &format!("{reason} — {}", auth.display_name),
        &format!("/shipping-notes/{id}"),
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(
            if release {
                "shipping_note.release"
            } else {
                "shipping_note.reject"
            },
            "shipping_note",
            id,
        )
        .after(&serde_json::json!({"reason": reason, "amount_fen": row.amount_fen})),
    )?;
    get(conn, auth, id, today)
}

/// Run the check of a blocked note again; a pass unblocks it.
pub fn recheck(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let row = load_locked(conn, auth, id)?;
    if row.status != "issued" || row.credit_state.as_deref() != Some("blocked") {
        return Err(ApiError::field(
            "status",
            "invalid",
            "only a blocked note is checked again",
        ));
    }
    let contract =
        crate::contracts::repo::find(conn, row.contract_id)?.ok_or(ApiError::NotFound)?;
    let passed = run_check(conn, id, &contract, row.amount_fen, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("shipping_note.recheck", "shipping_note", id)
            .after(&serde_json::json!({"passed": passed})),
    )?;
    get(conn, auth, id, today)
}

/// Check a customer's blocked notes again (a payment or a credit note arrived), oldest first:
/// each one that passes is unblocked and counts in the next one's exposure.
pub fn recheck_customer(conn: &mut DbConn, customer_id: i64, today: NaiveDate) -> ApiResult<()> {
    crate::customers::service::lock_for_ledger(conn, customer_id)?;
    for row in repo::blocked_of(conn, customer_id)? {
        let contract =
            crate::contracts::repo::find(conn, row.contract_id)?.ok_or(ApiError::NotFound)?;
        run_check(conn, row.id, &contract, row.amount_fen, today)?;
    }
    Ok(())
}

/// Move an issued note on: `apply` changes it (false: it is not issued any more) with what
/// follows from the change, audited as `action`.
fn step(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    (id, today): (i64, NaiveDate),
    (what, action): (&str, &str),
    apply: impl FnOnce(&mut DbConn, &NoteRow) -> ApiResult<bool>,
) -> ApiResult<ShippingNote> {
    let row = load(conn, auth, id)?;
    if !apply(conn, &row)? {
        return Err(ApiError::field(
            "status",
            "invalid",
            format!("a {} note cannot be {what}", row.status),
        ));
    }
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new(action, "shipping_note", id),
    )?;
    get(conn, auth, id, today)
}

/// The shipper confirms: the receivable is created, due `ship date + credit period`.
pub fn confirm(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let what = ("confirmed", "shipping_note.confirm");
    step(conn, auth, meta, (id, today), what, |conn, row| {
        if row.status == "issued" && row.credit_state.as_deref() == Some("blocked") {
            return Err(ApiError::field(
                "status",
                "credit.blocked",
                "blocked by the credit check: it is confirmed once released",
            ));
        }
        if !repo::confirm(conn, id, auth.id, now())? {
            return Ok(false);
        }
        let contract =
            crate::contracts::repo::find(conn, row.contract_id)?.ok_or(ApiError::NotFound)?;
        let receivable = ShipmentReceivable {
            customer_id: row.customer_id,
            contract_id: row.contract_id,
            shipping_note_id: id,
            issued_on: row.ship_date,
            credit_period_days: contract.credit_period_days,
            amount_fen: row.amount_fen,
        };
        crate::receivables::service::open_for_shipment(conn, &receivable)?;
        Ok(true)
    })
}

/// Cancel an issued (not yet confirmed) note: its quantities return to the contract.
pub fn cancel(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    today: NaiveDate,
) -> ApiResult<ShippingNote> {
    let what = ("cancelled", "shipping_note.cancel");
    step(conn, auth, meta, (id, today), what, |conn, _| {
        if !repo::cancel(conn, id)? {
            return Ok(false);
        }
        for l in repo::lines_of_note(conn, id)? {
            crate::contracts::service::release_from_shipping(conn, l.contract_line_id, l.quantity)?;
        }
        Ok(true)
    })
}

pub fn list(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ShippingQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<ShippingNote>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let priority = priority_in_force(conn, today)?;
    let (rows, total) = repo::list(conn, Viewer::of(auth), granted, q, &priority, limit, offset)?;
    Ok((
        to_dtos(conn, rows, false, today, shows_credit(auth))?,
        total,
    ))
}

/// Signed contracts of visible customers with quantities left to ship, by the customers'
/// shipping priority then signing date; their open lines in one more query.
pub fn shippable(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ShippableQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<ShippableContract>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let priority = priority_in_force(conn, today)?;
    let (heads, total) =
        repo::shippable(conn, Viewer::of(auth), granted, q, &priority, limit, offset)?;
    let ids: Vec<i64> = heads.iter().map(|h| h.head.id).collect();
    let mut lines: HashMap<i64, Vec<ShippableLine>> = HashMap::new();
    for l in crate::contracts::repo::open_lines_of(conn, &ids)? {
        let (line, product) = (l.line, l.product);
        lines
            .entry(line.contract_id)
            .or_default()
            .push(ShippableLine {
                contract_line_id: line.id,
                line_no: line.line_no,
                product_code: product.code,
                product_name: product.name,
                unit: product.unit,
                ordered: line.quantity,
                shipped: line.shipped_quantity,
                remaining: line.quantity - line.shipped_quantity,
            });
    }
    let items = heads
        .into_iter()
        .map(|r| ShippableContract {
            lines: lines.remove(&r.head.id).unwrap_or_default(),
            contract_id: r.head.id,
            contract_number: r.head.number,
            customer_id: r.head.customer_id,
            customer_code: r.head.customer.code,
            customer_name: r.head.customer.name,
            shipping_priority: r.priority,
            signed_on: r.head.signed_on,
        })
        .collect();
    Ok((items, total))
}
