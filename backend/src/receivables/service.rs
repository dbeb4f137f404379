//! Receivables, payments (回款) and their allocation, reversals, credit notes, and the
//! receivable a confirmed shipment books.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::model::*;
use super::repo::{self, NewCreditNoteRow, NewPaymentRow, Reduction};
use super::rules;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::customers::model::CustomerRef;
use crate::customers::scope::Viewer;
use crate::db::DbConn;
use crate::error::{duplicate_on, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

/// A customer's code and name from `refs` (empty for an unknown id).
fn code_and_name(refs: &HashMap<i64, CustomerRef>, id: i64) -> (String, String) {
    refs.get(&id)
        .map(|c| (c.code.clone(), c.name.clone()))
        .unwrap_or_default()
}

pub fn list_receivables(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ReceivableQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<Receivable>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (rows, total) = repo::list_receivables(conn, Viewer::of(auth), granted, q, limit, offset)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let customers = crate::customers::service::refs(conn, &ids)?;
    let contract_ids: Vec<i64> = rows.iter().map(|r| r.contract_id).collect();
    let numbers = crate::contracts::repo::numbers(conn, &contract_ids)?;
    let items = rows
        .into_iter()
        .map(|r| {
            let balance = r.amount_fen - r.allocated_fen - r.credited_fen - r.written_off_fen;
            let (code, name) = code_and_name(&customers, r.customer_id);
            Receivable {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: code,
                customer_name: name,
                contract_id: r.contract_id,
                contract_number: numbers.get(&r.contract_id).cloned().unwrap_or_default(),
                shipping_note_id: r.shipping_note_id,
                issued_on: r.issued_on,
                due_date: r.due_date,
                amount_fen: r.amount_fen,
                allocated_fen: r.allocated_fen,
                credited_fen: r.credited_fen,
                written_off_fen: r.written_off_fen,
                balance_fen: balance,
                days_overdue: if balance > 0 {
                    (today - r.due_date).num_days().max(0)
                } else {
                    0
                },
            }
        })
        .collect();
    Ok((items, total))
}

/// Book the receivable of a confirmed shipping note, due `ship date + credit period` (nothing
/// for a note of no amount).
pub fn open_for_shipment(conn: &mut DbConn, shipment: &ShipmentReceivable) -> ApiResult<()> {
    if shipment.amount_fen <= 0 {
        return Ok(());
    }
    let due = shipment.issued_on + Duration::days(shipment.credit_period_days);
    repo::insert_for_shipment(conn, shipment, due, now())
}

/// The receivable booked by each of the shipping notes `ids` (those confirmed).
pub fn by_shipping_note(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    repo::by_shipping_note(conn, ids)
}

/// Allocate up to `available` of payment `payment_id` to the customer's receivables: as given,
/// or oldest first. Every update is conditional on the balance, and the table's CHECK stops an
/// over-allocation whatever happens. Returns the amount allocated.
fn allocate(
    conn: &mut DbConn,
    customer_id: i64,
    payment_id: i64,
    received_on: NaiveDate,
    available: i64,
    manual: Option<&[AllocationInput]>,
) -> ApiResult<i64> {
    // Serialise allocations to one customer's receivables, so oldest-first allocation reads
    // balances no one else is changing.
    crate::customers::service::lock_for_ledger(conn, customer_id)?;
    let open = repo::open_balances(conn, customer_id)?;
    let plan = rules::plan(&open, manual, available).map_err(ApiError::Validation)?;
    let mut done = 0;
    for p in &plan {
        if !repo::reduce(
            conn,
            p.receivable_id,
            p.amount_fen,
            received_on,
            Reduction::Allocation,
        )? {
            return Err(ApiError::field(
                "allocations",
                "payment.over_allocated",
                "a receivable's balance changed meanwhile; try again",
            ));
        }
        done += p.amount_fen;
    }
    if !plan.is_empty() {
        repo::insert_allocations(conn, payment_id, &plan, received_on, now())?;
        if !repo::add_to_payment(conn, payment_id, done)? {
            return Err(ApiError::field(
                "allocations",
                "payment.over_allocated",
                "more than the payment",
            ));
        }
    }
    Ok(done)
}

fn payment_dtos(conn: &mut DbConn, rows: Vec<PaymentRow>, detail: bool) -> ApiResult<Vec<Payment>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.customer_id).collect();
    let customers = crate::customers::service::refs(conn, &ids)?;
    let mut allocs: HashMap<i64, Vec<Allocation>> = HashMap::new();
    if detail {
        let pids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        for a in repo::allocations_of(conn, &pids)? {
            allocs.entry(a.payment_id).or_default().push(Allocation {
                id: a.id,
                receivable_id: a.receivable_id,
                amount_fen: a.amount_fen,
                reversed_on: a.reversed_on,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name) = code_and_name(&customers, r.customer_id);
            Payment {
                id: r.id,
                customer_id: r.customer_id,
                customer_code: code,
                customer_name: name,
                received_on: r.received_on,
                amount_fen: r.amount_fen,
                method: PaymentMethod::parse(&r.method),
                bank_ref: r.bank_ref,
                allocated_fen: r.allocated_fen,
                unallocated_fen: if r.reversed_on.is_some() {
                    0
                } else {
                    r.amount_fen - r.allocated_fen
                },
                external_ref: r.external_ref,
                reversed_on: r.reversed_on,
                reversal_reason: r.reversal_reason,
                allocations: detail.then(|| allocs.remove(&r.id).unwrap_or_default()),
                created_at: r.created_at.and_utc(),
            }
        })
        .collect())
}

fn load_payment(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<PaymentRow> {
    let row = repo::find_payment(conn, id)?.ok_or(ApiError::NotFound)?;
    crate::customers::service::require_full_view(conn, auth, row.customer_id)?;
    Ok(row)
}

pub fn get_payment(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<Payment> {
    let row = load_payment(conn, auth, id)?;
    Ok(payment_dtos(conn, vec![row], true)?.remove(0))
}

pub fn create_payment(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewPayment,
    today: NaiveDate,
) -> ApiResult<Payment> {
    crate::customers::service::require_full_view(conn, auth, input.customer_id).map_err(|_| {
        ApiError::field(
            "customer_id",
            "unknown",
            "no customer in your scope has this id",
        )
    })?;
    let mut errors = Vec::new();
    if !(1..=100_000_000_000_000).contains(&input.amount_fen) {
        errors.push(FieldError::new("amount_fen", "out_of_range", "more than 0"));
    }
    if input.received_on > today {
        errors.push(FieldError::new(
            "received_on",
            "out_of_range",
            "must not be in the future",
        ));
    }
    if input.bank_ref.chars().count() > 100 {
        errors.push(FieldError::new(
            "bank_ref",
            "too_long",
            "must be at most 100 characters",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let new = NewPaymentRow {
        customer_id: input.customer_id,
        received_on: input.received_on,
        amount_fen: input.amount_fen,
        method: input.method.as_str(),
        bank_ref: input.bank_ref.trim(),
        external_ref: input
            .external_ref
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty()),
        created_by: auth.id,
        at: now(),
    };
    let id = repo::insert_payment(conn, &new).map_err(duplicate_on(
        "external_ref",
        "a payment with this external reference exists",
    ))?;
    allocate(
        conn,
        input.customer_id,
        id,
        input.received_on,
        input.amount_fen,
        input.allocations.as_deref(),
    )?;
    let payment = get_payment(conn, auth, id)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("payment.create", "payment", id).after(&payment),
    )?;
    Ok(payment)
}

/// Allocate the unallocated rest of a payment (e.g. to receivables booked after it arrived).
pub fn allocate_rest(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &AllocatePayment,
    _today: NaiveDate,
) -> ApiResult<Payment> {
    let row = load_payment(conn, auth, id)?;
    if row.reversed_on.is_some() {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the payment was reversed",
        ));
    }
    let done = allocate(
        conn,
        row.customer_id,
        id,
        row.received_on,
        row.amount_fen - row.allocated_fen,
        input.allocations.as_deref(),
    )?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("payment.allocate", "payment", id)
            .after(&serde_json::json!({"allocated_fen": done})),
    )?;
    get_payment(conn, auth, id)
}

/// Reverse a payment (bounced, booked twice): its allocations end on the reversal date, so the
/// aging as of an earlier date still shows them.
pub fn reverse(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &ReversePayment,
    today: NaiveDate,
) -> ApiResult<Payment> {
    let reason = input.reason.as_str();
    let row = load_payment(conn, auth, id)?;
    if reason.trim().is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "say why the payment is reversed",
        ));
    }
    if !repo::mark_reversed(conn, id, today, reason.trim(), auth.id)? {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the payment was reversed already",
        ));
    }
    crate::customers::service::lock_for_ledger(conn, row.customer_id)?;
    let allocs = repo::live_allocations(conn, id)?;
    for a in &allocs {
        repo::take_back_allocated(conn, a.receivable_id, a.amount_fen, today)?;
    }
    repo::end_allocations(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("payment.reverse", "payment", id)
            .after(&serde_json::json!({"reason": reason.trim(), "allocations": allocs.len()})),
    )?;
    get_payment(conn, auth, id)
}

pub fn list_payments(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &PaymentQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<Payment>, i64)> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    let (rows, total) = repo::list_payments(conn, Viewer::of(auth), granted, q, limit, offset)?;
    Ok((payment_dtos(conn, rows, false)?, total))
}

pub fn create_credit_note(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewCreditNote,
    today: NaiveDate,
) -> ApiResult<CreditNote> {
    let unknown = || ApiError::field("receivable_id", "unknown", "no receivable has this id");
    let customer = repo::customer_of(conn, input.receivable_id)?.ok_or_else(unknown)?;
    crate::customers::service::require_full_view(conn, auth, customer).map_err(|_| unknown())?;
    let mut errors = Vec::new();
    if input.amount_fen <= 0 {
        errors.push(FieldError::new("amount_fen", "out_of_range", "more than 0"));
    }
    if input.issued_on > today {
        errors.push(FieldError::new(
            "issued_on",
            "out_of_range",
            "must not be in the future",
        ));
    }
    if input.reason.trim().is_empty() || input.reason.chars().count() > 500 {
        errors.push(FieldError::new("reason", "required", "1–500 characters"));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    crate::customers::service::lock_for_ledger(conn, customer)?;
    if !repo::reduce(
        conn,
        input.receivable_id,
        input.amount_fen,
        input.issued_on,
        Reduction::CreditNote,
    )? {
        return Err(ApiError::field(
            "amount_fen",
            "payment.over_allocated",
            "more than the receivable's open balance",
        ));
    }
    let new = NewCreditNoteRow {
        customer_id: customer,
        receivable_id: input.receivable_id,
        amount_fen: input.amount_fen,
        issued_on: input.issued_on,
        reason: input.reason.trim(),
        created_by: auth.id,
        at: now(),
    };
    let id = repo::insert_credit_note(conn, &new)?;
    let note = CreditNote {
        id,
        customer_id: customer,
        receivable_id: input.receivable_id,
        amount_fen: input.amount_fen,
        issued_on: input.issued_on,
        reason: input.reason.trim().to_string(),
    };
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("credit_note.create", "credit_note", id).after(&note),
    )?;
    Ok(note)
}

/// The customer a receivable belongs to.
pub fn customer_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<Option<i64>> {
    repo::customer_of(conn, receivable_id)
}

/// A receivable's open balance.
pub fn balance_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<i64> {
    repo::balance_of(conn, receivable_id)
}

/// A receivable's contract: id and number.
pub fn contract_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<(i64, String)> {
    repo::contract_of(conn, receivable_id)?.ok_or(ApiError::NotFound)
}

/// Write `amount` of a receivable off on `on` (a GM-approved 坏账核销; the entry itself is the
/// collection domain's write-off): false when the open balance no longer allows it.
pub fn write_off(
    conn: &mut DbConn,
    receivable_id: i64,
    amount: i64,
    on: NaiveDate,
) -> ApiResult<bool> {
    let Some(customer) = repo::customer_of(conn, receivable_id)? else {
        return Ok(false);
    };
    crate::customers::service::lock_for_ledger(conn, customer)?;
    repo::reduce(conn, receivable_id, amount, on, Reduction::WriteOff)
}

/// The AR aging register of the customers the user sees (and those lent to the user).
pub fn aging_report(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &AgingQuery,
    today: NaiveDate,
) -> ApiResult<AgingReport> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    super::aging::report(conn, auth, &granted, q, today)
}

/// The open receivables behind the register, at most 1,000.
pub fn aging_lines(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &AgingQuery,
    today: NaiveDate,
) -> ApiResult<Vec<AgingLine>> {
    let granted = crate::customers::service::lent_to(conn, auth)?;
    super::aging::lines(conn, auth, &granted, q, today, 1000)
}

/// The register as an .xlsx and its date; the export is audited.
pub fn aging_workbook(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    q: &AgingQuery,
    today: NaiveDate,
) -> ApiResult<(Vec<u8>, NaiveDate)> {
    let report = aging_report(conn, auth, q, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("ar_aging.export", "report", "ar-aging")
            .after(&serde_json::json!({"as_of": report.as_of, "rows": report.rows.len()})),
    )?;
    Ok((super::aging::workbook(&report)?, report.as_of))
}

/// After money, an allocation or a credit note reached the customer's ledger (in its
/// transaction): the balances the credit check reads changed, so the customer's blocked
/// shipping notes are checked again, and collection settles the promises and tasks covered.
pub fn ledger_changed(conn: &mut DbConn, customer_id: i64, today: NaiveDate) -> ApiResult<()> {
    crate::shipping::service::recheck_customer(conn, customer_id, today)?;
    crate::collection::service::after_ledger_change(conn, customer_id, today)
}
