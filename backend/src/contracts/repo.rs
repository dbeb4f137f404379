//! Every statement on contracts and their lines.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{
    ContractLineRow, ContractQuery, ContractRow, ContractStatus, LineWithProduct, PricedLine,
};
use crate::customers::scope::Viewer;
use crate::db::schema::{contract_lines as cl, contracts as ct, customers, products};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// `UPDATE` of contract `$id` if its version is still `$version` (compare-and-set).
macro_rules! at_version {
    ($id:expr, $version:expr) => {
        diesel::update(
            ct::table
                .filter(ct::id.eq($id))
                .filter(ct::version.eq($version)),
        )
    };
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<ContractRow>> {
    Ok(db_run!(conn, |c| ct::table
        .find(id)
        .select(ContractRow::as_select())
        .first(c)
        .optional())?)
}

/// One page of the contracts of the customers the viewer sees (and those lent to the user),
/// newest first, and the number of all that match.
pub fn list(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    q: &ContractQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ContractRow>, i64)> {
    let pattern = q.q.as_ref().map(|s| crate::db::contains_pattern(s.trim()));
    macro_rules! filtered {
        () => {{
            let visible = crate::customer_scope_filter!(
                customers::table.into_boxed(),
                viewer,
                granted.clone()
            )
            .select(customers::id);
            let mut query = ct::table
                .filter(ct::customer_id.eq_any(visible))
                .into_boxed();
            if let Some(cid) = q.customer_id {
                query = query.filter(ct::customer_id.eq(cid));
            }
            if let Some(s) = q.status {
                query = query.filter(ct::status.eq(s.as_str()));
            }
            if let Some(p) = &pattern {
                query = query.filter(ct::number.like(p.clone()).escape('\\'));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order(ct::id.desc())
        .limit(limit)
        .offset(offset)
        .select(ContractRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// The latest `n` contracts of a customer (the card).
pub fn recent(conn: &mut DbConn, customer_id: i64, n: i64) -> ApiResult<Vec<ContractRow>> {
    Ok(db_run!(conn, |c| ct::table
        .filter(ct::customer_id.eq(customer_id))
        .order(ct::id.desc())
        .limit(n)
        .select(ContractRow::as_select())
        .load(c))?)
}

/// Contract numbers by id.
pub fn numbers(conn: &mut DbConn, ids: &[i64]) -> ApiResult<HashMap<i64, String>> {
    let rows: Vec<(i64, String)> = db_run!(conn, |c| ct::table
        .filter(ct::id.eq_any(ids))
        .select((ct::id, ct::number))
        .load(c))?;
    Ok(rows.into_iter().collect())
}

/// The lines of the contracts `ids` with their products, by contract and line number.
pub fn lines_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<LineWithProduct>> {
    Ok(db_run!(conn, |c| cl::table
        .inner_join(products::table)
        .filter(cl::contract_id.eq_any(ids))
        .order((cl::contract_id, cl::line_no))
        .select(LineWithProduct::as_select())
        .load(c))?)
}

/// The lines of the contracts `ids` with something left to ship, with their products.
pub fn open_lines_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<LineWithProduct>> {
    Ok(db_run!(conn, |c| cl::table
        .inner_join(products::table)
        .filter(cl::contract_id.eq_any(ids))
        .filter(cl::shipped_quantity.lt(cl::quantity))
        .order((cl::contract_id, cl::line_no))
        .select(LineWithProduct::as_select())
        .load(c))?)
}

/// Those of `line_ids` that are lines of `contract_id`.
pub fn lines_by_ids(
    conn: &mut DbConn,
    contract_id: i64,
    line_ids: &[i64],
) -> ApiResult<Vec<ContractLineRow>> {
    Ok(db_run!(conn, |c| cl::table
        .filter(cl::contract_id.eq(contract_id))
        .filter(cl::id.eq_any(line_ids))
        .select(ContractLineRow::as_select())
        .load(c))?)
}

/// Whether any line of the contract has been shipped.
pub fn any_shipped(conn: &mut DbConn, id: i64) -> ApiResult<bool> {
    let n: i64 = db_run!(conn, |c| cl::table
        .filter(cl::contract_id.eq(id))
        .filter(cl::shipped_quantity.gt(0))
        .count()
        .get_result(c))?;
    Ok(n > 0)
}

/// Add `quantity` to a line's shipped quantity if it stays within the ordered quantity (the
/// CHECK behind it holds against any race); whether it did.
pub fn reserve(conn: &mut DbConn, line_id: i64, quantity: i64) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        cl::table
            .filter(cl::id.eq(line_id))
            .filter((cl::shipped_quantity + quantity).le(cl::quantity))
    )
    .set(cl::shipped_quantity.eq(cl::shipped_quantity + quantity))
    .execute(c))?;
    Ok(n == 1)
}

/// Take `quantity` off a line's shipped quantity (a cancelled note).
pub fn release(conn: &mut DbConn, line_id: i64, quantity: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(cl::table.find(line_id))
        .set(cl::shipped_quantity.eq(cl::shipped_quantity - quantity))
        .execute(c))?;
    Ok(())
}

/// The new contract's fields (a draft).
pub struct NewContractRow<'a> {
    pub number: &'a str,
    pub customer_id: i64,
    pub credit_period_days: i64,
    pub credit_form: &'a str,
    pub note: &'a str,
    pub external_ref: Option<&'a str>,
    pub created_by: i64,
    pub at: NaiveDateTime,
}

/// The new contract's id; a unique violation is the caller's to name.
pub fn insert(conn: &mut DbConn, new: &NewContractRow) -> QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(ct::table)
        .values((
            ct::number.eq(new.number),
            ct::customer_id.eq(new.customer_id),
            ct::credit_period_days.eq(new.credit_period_days),
            ct::credit_form.eq(new.credit_form),
            ct::note.eq(new.note),
            ct::external_ref.eq(new.external_ref),
            ct::created_by.eq(Some(new.created_by)),
            ct::created_at.eq(new.at),
            ct::updated_at.eq(new.at),
        ))
        .returning(ct::id)
        .get_result(c))
}

/// Replace a contract's lines; numbered from 1 in the given order.
pub fn replace_lines(conn: &mut DbConn, contract_id: i64, lines: &[PricedLine]) -> ApiResult<()> {
    db_run!(conn, |c| diesel::delete(
        cl::table.filter(cl::contract_id.eq(contract_id))
    )
    .execute(c))?;
    let rows: Vec<_> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            (
                cl::contract_id.eq(contract_id),
                cl::line_no.eq(i as i64 + 1),
                cl::product_id.eq(l.product_id),
                cl::quantity.eq(l.quantity),
                cl::list_price_fen.eq(l.list_price_fen),
                cl::price_fen.eq(l.price_fen),
                cl::amount_fen.eq(l.quantity * l.price_fen),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(cl::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

pub fn set_amounts(conn: &mut DbConn, id: i64, amount: i64, list: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(ct::table.find(id))
        .set((ct::amount_fen.eq(amount), ct::list_amount_fen.eq(list)))
        .execute(c))?;
    Ok(())
}

pub fn set_submitted_by(conn: &mut DbConn, id: i64, user: i64) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(ct::table.find(id))
        .set(ct::submitted_by.eq(Some(user)))
        .execute(c))?;
    Ok(())
}

/// Compare-and-set of the row version with a status change; whether it matched.
pub fn transition(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    to: ContractStatus,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| at_version!(id, version)
        .set((
            ct::status.eq(to.as_str()),
            ct::version.eq(ct::version + 1),
            ct::updated_at.eq(t),
        ))
        .execute(c))?;
    Ok(n == 1)
}

/// A draft's terms, by compare-and-set of the row version; whether it matched.
pub fn update_terms(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    credit_period_days: i64,
    credit_form: &str,
    note: &str,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| at_version!(id, version)
        .set((
            ct::credit_period_days.eq(credit_period_days),
            ct::credit_form.eq(credit_form),
            ct::note.eq(note),
            ct::version.eq(ct::version + 1),
            ct::updated_at.eq(t),
        ))
        .execute(c))?;
    Ok(n == 1)
}

/// The review's decision.
pub struct ReviewDecision<'a> {
    pub to: ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub outcome: &'a str,
    pub note: &'a str,
    pub reviewer: i64,
    pub at: NaiveDateTime,
    pub credit_state: Option<&'a str>,
}

/// Store a review's decision by compare-and-set of the row version; whether it matched.
pub fn record_review(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    d: &ReviewDecision,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| at_version!(id, version)
        .set((
            ct::status.eq(d.to.as_str()),
            ct::signed_on.eq(d.signed_on),
            ct::review_outcome.eq(Some(d.outcome)),
            ct::review_note.eq(d.note),
            ct::reviewed_by.eq(Some(d.reviewer)),
            ct::reviewed_at.eq(Some(d.at)),
            ct::credit_state.eq(d.credit_state),
            ct::pending_signed_on.eq(None::<NaiveDate>),
            ct::version.eq(ct::version + 1),
            ct::updated_at.eq(d.at),
        ))
        .execute(c))?;
    Ok(n == 1)
}

/// The review approved but the credit check failed: a special contract, still in review, with
/// the signing date asked for. Compare-and-set of the version; whether it matched.
pub fn mark_special(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    signed_on: NaiveDate,
    note: &str,
    reviewer: i64,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| at_version!(id, version)
        .set((
            ct::credit_state.eq("special_pending"),
            ct::pending_signed_on.eq(Some(signed_on)),
            ct::review_note.eq(note),
            ct::reviewed_by.eq(Some(reviewer)),
            ct::reviewed_at.eq(Some(t)),
            ct::version.eq(ct::version + 1),
            ct::updated_at.eq(t),
        ))
        .execute(c))?;
    Ok(n == 1)
}

pub fn set_special_approval(conn: &mut DbConn, id: i64, approval: Option<i64>) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(ct::table.find(id))
        .set(ct::special_approval_id.eq(approval))
        .execute(c))?;
    Ok(())
}

/// The GM's decision on a special contract still waiting for it: signed on the pending date, or
/// back to draft. Whether it was still waiting.
pub fn settle_special(
    conn: &mut DbConn,
    id: i64,
    approve: bool,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let waiting = ct::table
        .filter(ct::id.eq(id))
        .filter(ct::status.eq("in_review"))
        .filter(ct::credit_state.eq("special_pending"));
    let n = if approve {
        db_run!(conn, |c| diesel::update(waiting)
            .set((
                ct::status.eq("signed"),
                ct::signed_on.eq(ct::pending_signed_on),
                ct::review_outcome.eq(Some("approved")),
                ct::credit_state.eq("special_approved"),
                ct::version.eq(ct::version + 1),
                ct::updated_at.eq(t),
            ))
            .execute(c))?
    } else {
        db_run!(conn, |c| diesel::update(waiting)
            .set((
                ct::status.eq("draft"),
                ct::review_outcome.eq(Some("rejected")),
                ct::credit_state.eq("special_rejected"),
                ct::pending_signed_on.eq(None::<NaiveDate>),
                ct::version.eq(ct::version + 1),
                ct::updated_at.eq(t),
            ))
            .execute(c))?
    };
    Ok(n == 1)
}

/// A withdrawn special contract request: the contract is back in review, as before it.
pub fn reopen_review(conn: &mut DbConn, id: i64, t: NaiveDateTime) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        ct::table
            .filter(ct::id.eq(id))
            .filter(ct::credit_state.eq("special_pending"))
    )
    .set((
        ct::credit_state.eq(None::<String>),
        ct::pending_signed_on.eq(None::<NaiveDate>),
        ct::special_approval_id.eq(None::<i64>),
        ct::version.eq(ct::version + 1),
        ct::updated_at.eq(t),
    ))
    .execute(c))?;
    Ok(())
}
