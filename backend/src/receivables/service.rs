//! Receivables, payments (回款) and their allocation, reversals, credit notes, and the AR aging
//! register as of any date.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::*;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::customers::scope::Viewer;
use crate::db::schema::{
    allocations as al, contracts as ct, credit_notes as cn, customers, payments as pm,
    receivables as rv,
};
use crate::db::{is_unique_violation, DbConn};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

fn customer_names(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, (String, String)>> {
    Ok(db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(ids))
        .select((customers::id, customers::code, customers::name))
        .load::<(i64, String, String)>(c))?
    .into_iter()
    .map(|(id, code, name)| (id, (code, name)))
    .collect())
}

type RvRow = (
    i64,
    i64,
    i64,
    Option<i64>,
    NaiveDate,
    NaiveDate,
    i64,
    i64,
    i64,
);

/// `last_event_on` after an event dated `on`: the later of the two, never moving back (the
/// aging reads stored balances for as-of dates on or after it). A chrono date, never input text.
fn after_event(conn: &DbConn, on: NaiveDate) -> String {
    let dialect = conn.kind();
    dialect.greatest("last_event_on", &dialect.date_literal(on))
}

pub fn list_receivables(
    conn: &mut DbConn,
    auth: &AuthUser,
    q: &ReceivableQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<Receivable>, i64)> {
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                rv::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            if let Some(cid) = q.customer_id {
                query = query.filter(rv::customer_id.eq(cid));
            }
            if let Some(contract) = q.contract_id {
                query = query.filter(rv::contract_id.eq(contract));
            }
            if q.open == Some(true) {
                query = query.filter((rv::allocated_fen + rv::credited_fen).lt(rv::amount_fen));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<RvRow> = db_run!(conn, |c| filtered!()
        .order((rv::due_date.asc(), rv::id.asc()))
        .limit(limit)
        .offset(offset)
        .select((
            rv::id,
            rv::customer_id,
            rv::contract_id,
            rv::shipping_note_id,
            rv::issued_on,
            rv::due_date,
            rv::amount_fen,
            rv::allocated_fen,
            rv::credited_fen,
        ))
        .load(c))?;
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let names = customer_names(conn, &ids)?;
    let contract_ids: Vec<i64> = rows.iter().map(|r| r.2).collect();
    let numbers: HashMap<i64, String> = db_run!(conn, |c| ct::table
        .filter(ct::id.eq_any(&contract_ids))
        .select((ct::id, ct::number))
        .load::<(i64, String)>(c))?
    .into_iter()
    .collect();
    let items = rows
        .into_iter()
        .map(|r| {
            let balance = r.6 - r.7 - r.8;
            let (code, name) = names.get(&r.1).cloned().unwrap_or_default();
            Receivable {
                id: r.0,
                customer_id: r.1,
                customer_code: code,
                customer_name: name,
                contract_id: r.2,
                contract_number: numbers.get(&r.2).cloned().unwrap_or_default(),
                shipping_note_id: r.3,
                issued_on: r.4,
                due_date: r.5,
                amount_fen: r.6,
                allocated_fen: r.7,
                credited_fen: r.8,
                balance_fen: balance,
                days_overdue: if balance > 0 {
                    (today - r.5).num_days().max(0)
                } else {
                    0
                },
            }
        })
        .collect();
    Ok((items, total))
}

/// Serialise allocations to one customer's receivables (a row lock on PostgreSQL; SQLite has a
/// single writer anyway), so oldest-first allocation reads balances no one else is changing.
fn lock_customer(conn: &mut DbConn, customer_id: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(customers::table.find(customer_id))
        .set(customers::id.eq(customers::id))
        .execute(c))?;
    Ok(())
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
    lock_customer(conn, customer_id)?;
    let open: Vec<(i64, i64)> = db_run!(conn, |c| rv::table
        .filter(rv::customer_id.eq(customer_id))
        .filter((rv::allocated_fen + rv::credited_fen).lt(rv::amount_fen))
        .order((rv::due_date.asc(), rv::id.asc()))
        .select((
            rv::id,
            rv::amount_fen - rv::allocated_fen - rv::credited_fen
        ))
        .load(c))?;
    let plan: Vec<(i64, i64)> = match manual {
        Some(list) => {
            let mut errors = Vec::new();
            let mut total = 0i64;
            for (i, a) in list.iter().enumerate() {
                match open.iter().find(|o| o.0 == a.receivable_id) {
                    None => errors.push(FieldError::new(
                        format!("allocations[{i}].receivable_id"),
                        "unknown",
                        "not an open receivable of this customer",
                    )),
                    Some(_) if a.amount_fen <= 0 => errors.push(FieldError::new(
                        format!("allocations[{i}].amount_fen"),
                        "out_of_range",
                        "more than 0",
                    )),
                    Some((_, balance)) if a.amount_fen > *balance => errors.push(FieldError::new(
                        format!("allocations[{i}].amount_fen"),
                        "payment.over_allocated",
                        format!("the receivable's open balance is {balance} fen"),
                    )),
                    _ => {}
                }
                if list[..i].iter().any(|x| x.receivable_id == a.receivable_id) {
                    errors.push(FieldError::new(
                        format!("allocations[{i}].receivable_id"),
                        "duplicate",
                        "one entry per receivable",
                    ));
                }
                total = total.saturating_add(a.amount_fen.max(0));
            }
            if total > available {
                errors.push(FieldError::new(
                    "allocations",
                    "payment.over_allocated",
                    format!("only {available} fen of the payment are left to allocate"),
                ));
            }
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            list.iter()
                .map(|a| (a.receivable_id, a.amount_fen))
                .collect()
        }
        None => {
            let mut left = available;
            let mut plan = Vec::new();
            for (id, balance) in open {
                if left == 0 {
                    break;
                }
                let take = balance.min(left);
                plan.push((id, take));
                left -= take;
            }
            plan
        }
    };
    let t = now();
    let mut done = 0;
    let event = after_event(conn, received_on);
    for (id, amount) in &plan {
        let n = db_run!(conn, |c| diesel::update(
            rv::table
                .filter(rv::id.eq(id))
                .filter((rv::allocated_fen + rv::credited_fen + amount).le(rv::amount_fen))
        )
        .set((
            rv::allocated_fen.eq(rv::allocated_fen + amount),
            rv::last_event_on.eq(diesel::dsl::sql::<
                diesel::sql_types::Nullable<diesel::sql_types::Date>,
            >(&event)),
        ))
        .execute(c))?;
        if n != 1 {
            return Err(ApiError::field(
                "allocations",
                "payment.over_allocated",
                "a receivable's balance changed meanwhile; try again",
            ));
        }
        done += amount;
    }
    if !plan.is_empty() {
        let rows: Vec<_> = plan
            .iter()
            .map(|(id, amount)| {
                (
                    al::payment_id.eq(payment_id),
                    al::receivable_id.eq(*id),
                    al::amount_fen.eq(*amount),
                    al::received_on.eq(received_on),
                    al::created_at.eq(t),
                )
            })
            .collect();
        db_run!(conn, |c| diesel::insert_into(al::table)
            .values(&rows)
            .execute(c))?;
        let n = db_run!(conn, |c| diesel::update(
            pm::table
                .filter(pm::id.eq(payment_id))
                .filter((pm::allocated_fen + done).le(pm::amount_fen))
        )
        .set(pm::allocated_fen.eq(pm::allocated_fen + done))
        .execute(c))?;
        if n != 1 {
            return Err(ApiError::field(
                "allocations",
                "payment.over_allocated",
                "more than the payment",
            ));
        }
    }
    Ok(done)
}

type PmRow = (
    i64,
    i64,
    NaiveDate,
    i64,
    String,
    String,
    i64,
    Option<String>,
    Option<NaiveDate>,
    String,
    NaiveDateTime,
);

macro_rules! pm_columns {
    () => {
        (
            pm::id,
            pm::customer_id,
            pm::received_on,
            pm::amount_fen,
            pm::method,
            pm::bank_ref,
            pm::allocated_fen,
            pm::external_ref,
            pm::reversed_on,
            pm::reversal_reason,
            pm::created_at,
        )
    };
}

fn payment_dtos(conn: &mut DbConn, rows: Vec<PmRow>, detail: bool) -> ApiResult<Vec<Payment>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let names = customer_names(conn, &ids)?;
    let mut allocs: HashMap<i64, Vec<Allocation>> = HashMap::new();
    if detail {
        let pids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let list: Vec<(i64, i64, i64, i64, Option<NaiveDate>)> = db_run!(conn, |c| al::table
            .filter(al::payment_id.eq_any(&pids))
            .order(al::id)
            .select((
                al::payment_id,
                al::id,
                al::receivable_id,
                al::amount_fen,
                al::reversed_on
            ))
            .load(c))?;
        for a in list {
            allocs.entry(a.0).or_default().push(Allocation {
                id: a.1,
                receivable_id: a.2,
                amount_fen: a.3,
                reversed_on: a.4,
            });
        }
    }
    Ok(rows
        .into_iter()
        .map(|r| {
            let (code, name) = names.get(&r.1).cloned().unwrap_or_default();
            Payment {
                id: r.0,
                customer_id: r.1,
                customer_code: code,
                customer_name: name,
                received_on: r.2,
                amount_fen: r.3,
                method: PaymentMethod::parse(&r.4),
                bank_ref: r.5,
                allocated_fen: r.6,
                unallocated_fen: if r.8.is_some() { 0 } else { r.3 - r.6 },
                external_ref: r.7,
                reversed_on: r.8,
                reversal_reason: r.9,
                allocations: detail.then(|| allocs.remove(&r.0).unwrap_or_default()),
                created_at: r.10.and_utc(),
            }
        })
        .collect())
}

fn load_payment(conn: &mut DbConn, auth: &AuthUser, id: i64) -> ApiResult<PmRow> {
    let row: PmRow = db_run!(conn, |c| pm::table
        .find(id)
        .select(pm_columns!())
        .first(c)
        .optional())?
    .ok_or(ApiError::NotFound)?;
    crate::customers::service::require_full_view(conn, auth, row.1)?;
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
    let external_ref = input
        .external_ref
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let id: i64 = db_run!(conn, |c| diesel::insert_into(pm::table)
        .values((
            pm::customer_id.eq(input.customer_id),
            pm::received_on.eq(input.received_on),
            pm::amount_fen.eq(input.amount_fen),
            pm::method.eq(input.method.as_str()),
            pm::bank_ref.eq(input.bank_ref.trim()),
            pm::external_ref.eq(external_ref),
            pm::created_by.eq(Some(auth.id)),
            pm::created_at.eq(now()),
        ))
        .returning(pm::id)
        .get_result(c))
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(
                "external_ref",
                "duplicate",
                "a payment with this external reference exists",
            )])
        } else {
            e.into()
        }
    })?;
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
) -> ApiResult<Payment> {
    let row = load_payment(conn, auth, id)?;
    if row.8.is_some() {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the payment was reversed",
        ));
    }
    let done = allocate(
        conn,
        row.1,
        id,
        row.2,
        row.3 - row.6,
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
    reason: &str,
    today: NaiveDate,
) -> ApiResult<Payment> {
    let row = load_payment(conn, auth, id)?;
    if reason.trim().is_empty() {
        return Err(ApiError::field(
            "reason",
            "required",
            "say why the payment is reversed",
        ));
    }
    let n = db_run!(conn, |c| diesel::update(
        pm::table
            .filter(pm::id.eq(id))
            .filter(pm::reversed_on.is_null())
    )
    .set((
        pm::reversed_on.eq(Some(today)),
        pm::reversal_reason.eq(reason.trim()),
        pm::reversed_by.eq(Some(auth.id)),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::field(
            "status",
            "invalid",
            "the payment was reversed already",
        ));
    }
    lock_customer(conn, row.1)?;
    let allocs: Vec<(i64, i64)> = db_run!(conn, |c| al::table
        .filter(al::payment_id.eq(id))
        .filter(al::reversed_on.is_null())
        .select((al::receivable_id, al::amount_fen))
        .load(c))?;
    let event = after_event(conn, today);
    for (receivable, amount) in &allocs {
        db_run!(conn, |c| diesel::update(rv::table.find(receivable))
            .set((
                rv::allocated_fen.eq(rv::allocated_fen - amount),
                rv::last_event_on.eq(diesel::dsl::sql::<
                    diesel::sql_types::Nullable<diesel::sql_types::Date>,
                >(&event)),
            ))
            .execute(c))?;
    }
    db_run!(conn, |c| diesel::update(
        al::table
            .filter(al::payment_id.eq(id))
            .filter(al::reversed_on.is_null())
    )
    .set(al::reversed_on.eq(Some(today)))
    .execute(c))?;
    db_run!(conn, |c| diesel::update(pm::table.find(id))
        .set(pm::allocated_fen.eq(0i64))
        .execute(c))?;
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
    let viewer = Viewer::of(auth);
    let granted = crate::customers::service::lent_to(conn, auth)?;
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                pm::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            if let Some(cid) = q.customer_id {
                query = query.filter(pm::customer_id.eq(cid));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<PmRow> = db_run!(conn, |c| filtered!()
        .order((pm::received_on.desc(), pm::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(pm_columns!())
        .load(c))?;
    Ok((payment_dtos(conn, rows, false)?, total))
}

pub fn create_credit_note(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewCreditNote,
    today: NaiveDate,
) -> ApiResult<CreditNote> {
    let customer: i64 = db_run!(conn, |c| rv::table
        .find(input.receivable_id)
        .select(rv::customer_id)
        .first(c)
        .optional())?
    .ok_or_else(|| ApiError::field("receivable_id", "unknown", "no receivable has this id"))?;
    crate::customers::service::require_full_view(conn, auth, customer)
        .map_err(|_| ApiError::field("receivable_id", "unknown", "no receivable has this id"))?;
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
    lock_customer(conn, customer)?;
    let event = after_event(conn, input.issued_on);
    let n = db_run!(conn, |c| diesel::update(
        rv::table
            .filter(rv::id.eq(input.receivable_id))
            .filter((rv::allocated_fen + rv::credited_fen + input.amount_fen).le(rv::amount_fen))
    )
    .set((
        rv::credited_fen.eq(rv::credited_fen + input.amount_fen),
        rv::last_event_on.eq(diesel::dsl::sql::<
            diesel::sql_types::Nullable<diesel::sql_types::Date>,
        >(&event)),
    ))
    .execute(c))?;
    if n != 1 {
        return Err(ApiError::field(
            "amount_fen",
            "payment.over_allocated",
            "more than the receivable's open balance",
        ));
    }
    let id: i64 = db_run!(conn, |c| diesel::insert_into(cn::table)
        .values((
            cn::customer_id.eq(customer),
            cn::receivable_id.eq(input.receivable_id),
            cn::amount_fen.eq(input.amount_fen),
            cn::issued_on.eq(input.issued_on),
            cn::reason.eq(input.reason.trim()),
            cn::created_by.eq(Some(auth.id)),
            cn::created_at.eq(now()),
        ))
        .returning(cn::id)
        .get_result(c))?;
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
