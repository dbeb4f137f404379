//! Every statement on receivables, payments, allocations and credit notes (the aging
//! register's grouped SQL is built in `aging.rs` and run here through `RawQuery`).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::prelude::*;
use diesel::sql_types::{Date, Nullable};

use super::model::{
    AllocationRow, OpenBalance, OpenReceivable, PaymentQuery, PaymentRow, Planned, ReceivableQuery,
    ReceivableRow, ShipmentReceivable,
};
use crate::customers::scope::Viewer;
use crate::db::schema::{
    allocations as al, contracts as ct, credit_notes as cn, customers, payments as pm,
    receivables as rv,
};
use crate::db::{DbConn, RawQuery};
use crate::db_run;
use crate::error::ApiResult;

/// `last_event_on` after an event dated `on`: the later of the two, never moving back (the
/// aging reads stored balances for as-of dates on or after it). A chrono date, never input text.
fn after_event(conn: &DbConn, on: NaiveDate) -> SqlLiteral<Nullable<Date>> {
    let dialect = conn.kind();
    sql::<Nullable<Date>>(&dialect.greatest("last_event_on", &dialect.date_literal(on)))
}

/// One page of the receivables of the customers the viewer sees, oldest due first.
pub fn list_receivables(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    q: &ReceivableQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ReceivableRow>, i64)> {
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
                query = query.filter(
                    (rv::allocated_fen + rv::credited_fen + rv::written_off_fen).lt(rv::amount_fen),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((rv::due_date.asc(), rv::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(ReceivableRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// One page of the payments of the customers the viewer sees, latest first.
pub fn list_payments(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    q: &PaymentQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<PaymentRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let query = crate::customer_scope_filter!(
                pm::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            match q.customer_id {
                Some(cid) => query.filter(pm::customer_id.eq(cid)),
                None => query,
            }
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((pm::received_on.desc(), pm::id.desc()))
        .limit(limit)
        .offset(offset)
        .select(PaymentRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// The customer's receivables with a balance, oldest due first.
pub fn open_balances(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<OpenBalance>> {
    Ok(db_run!(conn, |c| rv::table
        .filter(rv::customer_id.eq(customer_id))
        .filter((rv::allocated_fen + rv::credited_fen + rv::written_off_fen).lt(rv::amount_fen))
        .order((rv::due_date.asc(), rv::id.asc()))
        .select((
            rv::id,
            rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen
        ))
        .load(c))?)
}

/// What reduces a receivable's balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reduction {
    Allocation,
    CreditNote,
    WriteOff,
}

/// Reduce a receivable's balance by `amount` on `on` if the balance allows; whether it did.
pub fn reduce(
    conn: &mut DbConn,
    id: i64,
    amount: i64,
    on: NaiveDate,
    by: Reduction,
) -> ApiResult<bool> {
    let event = after_event(conn, on);
    let n = db_run!(conn, |c| {
        let target = rv::table.filter(rv::id.eq(id)).filter(
            (rv::allocated_fen + rv::credited_fen + rv::written_off_fen + amount)
                .le(rv::amount_fen),
        );
        match by {
            Reduction::Allocation => diesel::update(target)
                .set((
                    rv::allocated_fen.eq(rv::allocated_fen + amount),
                    rv::last_event_on.eq(event),
                ))
                .execute(c),
            Reduction::CreditNote => diesel::update(target)
                .set((
                    rv::credited_fen.eq(rv::credited_fen + amount),
                    rv::last_event_on.eq(event),
                ))
                .execute(c),
            Reduction::WriteOff => diesel::update(target)
                .set((
                    rv::written_off_fen.eq(rv::written_off_fen + amount),
                    rv::last_event_on.eq(event),
                ))
                .execute(c),
        }
    })?;
    Ok(n == 1)
}

/// Take a reversed allocation of `amount` back off a receivable on `on`.
pub fn take_back_allocated(
    conn: &mut DbConn,
    id: i64,
    amount: i64,
    on: NaiveDate,
) -> ApiResult<()> {
    let event = after_event(conn, on);
    db_run!(conn, |c| diesel::update(rv::table.find(id))
        .set((
            rv::allocated_fen.eq(rv::allocated_fen - amount),
            rv::last_event_on.eq(event),
        ))
        .execute(c))?;
    Ok(())
}

pub fn insert_allocations(
    conn: &mut DbConn,
    payment_id: i64,
    plan: &[Planned],
    received_on: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<()> {
    let rows: Vec<_> = plan
        .iter()
        .map(|p| {
            (
                al::payment_id.eq(payment_id),
                al::receivable_id.eq(p.receivable_id),
                al::amount_fen.eq(p.amount_fen),
                al::received_on.eq(received_on),
                al::created_at.eq(t),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(al::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

/// Add `amount` to a payment's allocated sum if it stays within the payment; whether it did.
pub fn add_to_payment(conn: &mut DbConn, payment_id: i64, amount: i64) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        pm::table
            .filter(pm::id.eq(payment_id))
            .filter((pm::allocated_fen + amount).le(pm::amount_fen))
    )
    .set(pm::allocated_fen.eq(pm::allocated_fen + amount))
    .execute(c))?;
    Ok(n == 1)
}

pub fn find_payment(conn: &mut DbConn, id: i64) -> ApiResult<Option<PaymentRow>> {
    Ok(db_run!(conn, |c| pm::table
        .find(id)
        .select(PaymentRow::as_select())
        .first(c)
        .optional())?)
}

/// The allocations of the payments `ids`, in order.
pub fn allocations_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<AllocationRow>> {
    Ok(db_run!(conn, |c| al::table
        .filter(al::payment_id.eq_any(ids))
        .order(al::id)
        .select(AllocationRow::as_select())
        .load(c))?)
}

/// The new payment's fields.
pub struct NewPaymentRow<'a> {
    pub customer_id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub method: &'a str,
    pub bank_ref: &'a str,
    pub external_ref: Option<&'a str>,
    pub created_by: i64,
    pub at: NaiveDateTime,
}

/// The new payment's id; a unique violation (the external reference) is the caller's to name.
pub fn insert_payment(conn: &mut DbConn, new: &NewPaymentRow) -> QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(pm::table)
        .values((
            pm::customer_id.eq(new.customer_id),
            pm::received_on.eq(new.received_on),
            pm::amount_fen.eq(new.amount_fen),
            pm::method.eq(new.method),
            pm::bank_ref.eq(new.bank_ref),
            pm::external_ref.eq(new.external_ref),
            pm::created_by.eq(Some(new.created_by)),
            pm::created_at.eq(new.at),
        ))
        .returning(pm::id)
        .get_result(c))
}

/// Mark a payment reversed unless it is already; whether it was not.
pub fn mark_reversed(
    conn: &mut DbConn,
    id: i64,
    on: NaiveDate,
    reason: &str,
    by: i64,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        pm::table
            .filter(pm::id.eq(id))
            .filter(pm::reversed_on.is_null())
    )
    .set((
        pm::reversed_on.eq(Some(on)),
        pm::reversal_reason.eq(reason),
        pm::reversed_by.eq(Some(by)),
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// The payment's allocations not yet ended.
pub fn live_allocations(conn: &mut DbConn, payment_id: i64) -> ApiResult<Vec<AllocationRow>> {
    Ok(db_run!(conn, |c| al::table
        .filter(al::payment_id.eq(payment_id))
        .filter(al::reversed_on.is_null())
        .select(AllocationRow::as_select())
        .load(c))?)
}

/// End the payment's live allocations on `on` and set its allocated sum to 0.
pub fn end_allocations(conn: &mut DbConn, payment_id: i64, on: NaiveDate) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        al::table
            .filter(al::payment_id.eq(payment_id))
            .filter(al::reversed_on.is_null())
    )
    .set(al::reversed_on.eq(Some(on)))
    .execute(c))?;
    db_run!(conn, |c| diesel::update(pm::table.find(payment_id))
        .set(pm::allocated_fen.eq(0i64))
        .execute(c))?;
    Ok(())
}

/// The customer of a receivable, if it exists.
pub fn customer_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| rv::table
        .find(receivable_id)
        .select(rv::customer_id)
        .first(c)
        .optional())?)
}

/// A receivable's open balance (0 when there is no such receivable).
pub fn balance_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| rv::table
        .find(receivable_id)
        .select(rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen)
        .first::<i64>(c)
        .optional())?
    .unwrap_or(0))
}

/// A receivable's contract: id and number.
pub fn contract_of(conn: &mut DbConn, receivable_id: i64) -> ApiResult<Option<(i64, String)>> {
    Ok(db_run!(conn, |c| rv::table
        .inner_join(ct::table)
        .filter(rv::id.eq(receivable_id))
        .select((ct::id, ct::number))
        .first(c)
        .optional())?)
}

/// The new credit note's fields.
pub struct NewCreditNoteRow<'a> {
    pub customer_id: i64,
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub issued_on: NaiveDate,
    pub reason: &'a str,
    pub created_by: i64,
    pub at: NaiveDateTime,
}

pub fn insert_credit_note(conn: &mut DbConn, new: &NewCreditNoteRow) -> ApiResult<i64> {
    Ok(db_run!(conn, |c| diesel::insert_into(cn::table)
        .values((
            cn::customer_id.eq(new.customer_id),
            cn::receivable_id.eq(new.receivable_id),
            cn::amount_fen.eq(new.amount_fen),
            cn::issued_on.eq(new.issued_on),
            cn::reason.eq(new.reason),
            cn::created_by.eq(Some(new.created_by)),
            cn::created_at.eq(new.at),
        ))
        .returning(cn::id)
        .get_result(c))?)
}

/// Book the receivable of a confirmed shipment.
pub fn insert_for_shipment(
    conn: &mut DbConn,
    r: &ShipmentReceivable,
    due_date: NaiveDate,
    t: NaiveDateTime,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::insert_into(rv::table)
        .values((
            rv::customer_id.eq(r.customer_id),
            rv::contract_id.eq(r.contract_id),
            rv::shipping_note_id.eq(Some(r.shipping_note_id)),
            rv::issued_on.eq(r.issued_on),
            rv::due_date.eq(due_date),
            rv::amount_fen.eq(r.amount_fen),
            rv::created_at.eq(t),
        ))
        .execute(c))?;
    Ok(())
}

/// The receivable booked by each of the shipping notes `ids` (those confirmed).
pub fn by_shipping_note(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    let rows: Vec<ReceivableRow> = db_run!(conn, |c| rv::table
        .filter(rv::shipping_note_id.eq_any(ids))
        .select(ReceivableRow::as_select())
        .load(c))?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.shipping_note_id.map(|note| (note, r.id)))
        .collect())
}

/// The customer's open receivables with their contracts' numbers, oldest due first (the card).
pub fn open_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<OpenReceivable>> {
    Ok(db_run!(conn, |c| rv::table
        .inner_join(ct::table.on(ct::id.eq(rv::contract_id)))
        .filter(rv::customer_id.eq(customer_id))
        .filter((rv::allocated_fen + rv::credited_fen + rv::written_off_fen).lt(rv::amount_fen))
        .order((rv::due_date, rv::id))
        .select((
            rv::id,
            rv::contract_id,
            ct::number,
            rv::issued_on,
            rv::due_date,
            rv::amount_fen,
            rv::amount_fen - rv::allocated_fen - rv::credited_fen - rv::written_off_fen,
        ))
        .load(c))?)
}

/// The customer's latest `n` payments (the card).
pub fn recent_payments(conn: &mut DbConn, customer_id: i64, n: i64) -> ApiResult<Vec<PaymentRow>> {
    Ok(db_run!(conn, |c| pm::table
        .filter(pm::customer_id.eq(customer_id))
        .order((pm::received_on.desc(), pm::id.desc()))
        .limit(n)
        .select(PaymentRow::as_select())
        .load(c))?)
}

/// The amounts of the customer's receivables issued after `after` (the card's DSO).
pub fn issued_after(conn: &mut DbConn, customer_id: i64, after: NaiveDate) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| rv::table
        .filter(rv::customer_id.eq(customer_id))
        .filter(rv::issued_on.gt(after))
        .select(rv::amount_fen)
        .load(c))?)
}

/// Rows of the aging register's raw SQL (built in `aging.rs`), as of a date.
pub fn aging_rows<T>(conn: &mut DbConn, sql: String, as_of: NaiveDate) -> ApiResult<Vec<T>>
where
    T: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    Ok(RawQuery::new(sql).bind(as_of).load(conn)?)
}
