//! Every statement on shipping notes and their lines.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::model::{NoteLineWithProduct, NoteRow, ShippableHead, ShippableQuery, ShippingQuery};
use crate::customers::scope::Viewer;
use crate::db::schema::{
    contract_lines as cl, contracts as ct, customers, products, shipping_note_lines as snl,
    shipping_notes as sn,
};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// A customer's shipping priority.
#[derive(Debug, Clone, Copy, Queryable)]
struct CustomerPriority {
    id: i64,
    priority: i64,
}

/// A shippable contract's head and its customer's shipping priority.
pub struct RankedHead {
    pub head: ShippableHead,
    pub priority: i64,
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<NoteRow>> {
    Ok(db_run!(conn, |c| sn::table
        .find(id)
        .select(NoteRow::as_select())
        .first(c)
        .optional())?)
}

/// One page of the notes of the customers the viewer sees: the issued ones (the warehouse's
/// queue) by `priority` (SQL over the customer), then ship date; others latest first.
pub fn list(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    q: &ShippingQuery,
    priority: &str,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<NoteRow>, i64)> {
    macro_rules! filtered {
        () => {{
            let mut query = crate::customer_scope_filter!(
                sn::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            );
            if let Some(s) = q.status {
                query = query.filter(sn::status.eq(s.as_str()));
            }
            if let Some(cid) = q.contract_id {
                query = query.filter(sn::contract_id.eq(cid));
            }
            if let Some(cid) = q.customer_id {
                query = query.filter(sn::customer_id.eq(cid));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let queue = q.status == Some(super::model::NoteStatus::Issued);
    let rows = db_run!(conn, |c| {
        let query = if queue {
            filtered!().order((
                sql::<BigInt>(priority).asc(),
                sn::ship_date.asc(),
                sn::id.asc(),
            ))
        } else {
            filtered!().order(sn::id.desc())
        };
        query
            .limit(limit)
            .offset(offset)
            .select(NoteRow::as_select())
            .load(c)
    })?;
    Ok((rows, total))
}

/// The latest `n` notes of a customer (the card).
pub fn recent(conn: &mut DbConn, customer_id: i64, n: i64) -> ApiResult<Vec<NoteRow>> {
    Ok(db_run!(conn, |c| sn::table
        .filter(sn::customer_id.eq(customer_id))
        .order(sn::id.desc())
        .limit(n)
        .select(NoteRow::as_select())
        .load(c))?)
}

/// The lines of the notes `ids` with their products, in order.
pub fn lines_of(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<NoteLineWithProduct>> {
    Ok(db_run!(conn, |c| snl::table
        .inner_join(cl::table.inner_join(products::table))
        .filter(snl::shipping_note_id.eq_any(ids))
        .order(snl::id)
        .select(NoteLineWithProduct::as_select())
        .load(c))?)
}

/// The shipping priority (SQL over the customer) of each of the customers `ids`.
pub fn priorities(conn: &mut DbConn, ids: &[i64], priority: &str) -> ApiResult<HashMap<i64, i64>> {
    let rows: Vec<CustomerPriority> = db_run!(conn, |c| customers::table
        .filter(customers::id.eq_any(ids))
        .select((customers::id, sql::<BigInt>(priority)))
        .load(c))?;
    Ok(rows.into_iter().map(|r| (r.id, r.priority)).collect())
}

/// The new note's fields.
pub struct NewNoteRow<'a> {
    pub number: &'a str,
    pub contract_id: i64,
    pub customer_id: i64,
    pub ship_date: chrono::NaiveDate,
    pub amount_fen: i64,
    pub external_ref: Option<&'a str>,
    pub issued_by: i64,
    pub at: NaiveDateTime,
}

/// A new note's line.
pub struct NewNoteLine {
    pub contract_line_id: i64,
    pub quantity: i64,
    pub amount_fen: i64,
}

/// The new note's id; a unique violation (the external reference) is the caller's to name.
pub fn insert(conn: &mut DbConn, new: &NewNoteRow) -> QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(sn::table)
        .values((
            sn::number.eq(new.number),
            sn::contract_id.eq(new.contract_id),
            sn::customer_id.eq(new.customer_id),
            sn::ship_date.eq(new.ship_date),
            sn::amount_fen.eq(new.amount_fen),
            sn::external_ref.eq(new.external_ref),
            sn::issued_by.eq(Some(new.issued_by)),
            sn::issued_at.eq(new.at),
        ))
        .returning(sn::id)
        .get_result(c))
}

pub fn insert_lines(conn: &mut DbConn, note_id: i64, lines: &[NewNoteLine]) -> ApiResult<()> {
    let rows: Vec<_> = lines
        .iter()
        .map(|l| {
            (
                snl::shipping_note_id.eq(note_id),
                snl::contract_line_id.eq(l.contract_line_id),
                snl::quantity.eq(l.quantity),
                snl::amount_fen.eq(l.amount_fen),
            )
        })
        .collect();
    db_run!(conn, |c| diesel::insert_into(snl::table)
        .values(&rows)
        .execute(c))?;
    Ok(())
}

/// The lines of one note.
pub fn lines_of_note(conn: &mut DbConn, id: i64) -> ApiResult<Vec<super::model::NoteLineRow>> {
    Ok(db_run!(conn, |c| snl::table
        .filter(snl::shipping_note_id.eq(id))
        .select(super::model::NoteLineRow::as_select())
        .load(c))?)
}

/// Confirm an issued note; whether it was issued.
pub fn confirm(conn: &mut DbConn, id: i64, by: i64, t: NaiveDateTime) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::status.eq("issued"))
            .filter(
                sn::credit_state
                    .is_null()
                    .or(sn::credit_state.ne("blocked"))
            )
    )
    .set((
        sn::status.eq("confirmed"),
        sn::confirmed_by.eq(Some(by)),
        sn::confirmed_at.eq(Some(t))
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// The check's result on a note just issued or still blocked (nothing else changes).
pub fn set_credit_state(
    conn: &mut DbConn,
    id: i64,
    state: super::model::NoteCreditState,
) -> ApiResult<()> {
    db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::status.eq("issued"))
            .filter(
                sn::credit_state
                    .is_null()
                    .or(sn::credit_state.eq("blocked"))
            )
    )
    .set(sn::credit_state.eq(state.as_str()))
    .execute(c))?;
    Ok(())
}

/// Per customer, the amount of its released notes not confirmed yet.
pub fn released_open(conn: &mut DbConn, customer_ids: &[i64]) -> ApiResult<HashMap<i64, i64>> {
    if customer_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<String> = customer_ids.iter().map(|i| i.to_string()).collect();
    let sql = format!(
        "SELECT customer_id, CAST(SUM(amount_fen) AS BIGINT) AS amount_fen FROM shipping_notes \
          WHERE customer_id IN ({}) AND status = 'issued' AND credit_state = 'released' \
          GROUP BY customer_id",
        ids.join(", ")
    );
    let rows: Vec<super::model::CustomerAmount> = crate::db::RawQuery::new(sql).load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.customer_id, r.amount_fen))
        .collect())
}

/// Release (or reject: cancel) a note still blocked; whether it was.
pub fn settle_block(
    conn: &mut DbConn,
    id: i64,
    to: super::model::NoteCreditState,
    by: i64,
    reason: &str,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let blocked = sn::table
        .filter(sn::id.eq(id))
        .filter(sn::status.eq("issued"))
        .filter(sn::credit_state.eq("blocked"));
    let status = if to == super::model::NoteCreditState::Rejected {
        "cancelled"
    } else {
        "issued"
    };
    let n = db_run!(conn, |c| diesel::update(blocked)
        .set((
            sn::credit_state.eq(to.as_str()),
            sn::status.eq(status),
            sn::released_by.eq(Some(by)),
            sn::released_at.eq(Some(t)),
            sn::release_reason.eq(reason),
        ))
        .execute(c))?;
    Ok(n == 1)
}

/// One page of the blocked notes of the customers the viewer sees, oldest first.
pub fn blocked(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<NoteRow>, i64)> {
    macro_rules! filtered {
        () => {{
            crate::customer_scope_filter!(
                sn::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            )
            .filter(sn::credit_state.eq("blocked"))
            .filter(sn::status.eq("issued"))
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order((sn::issued_at.asc(), sn::id.asc()))
        .limit(limit)
        .offset(offset)
        .select(NoteRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// Every blocked note of a customer, oldest first.
pub fn blocked_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<NoteRow>> {
    Ok(db_run!(conn, |c| sn::table
        .filter(sn::customer_id.eq(customer_id))
        .filter(sn::credit_state.eq("blocked"))
        .filter(sn::status.eq("issued"))
        .order((sn::issued_at.asc(), sn::id.asc()))
        .limit(1000)
        .select(NoteRow::as_select())
        .load(c))?)
}

/// Cancel an issued note; whether it was issued.
pub fn cancel(conn: &mut DbConn, id: i64) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::status.eq("issued"))
    )
    .set(sn::status.eq("cancelled"))
    .execute(c))?;
    // A cancelled note is blocked no more (its checks stay on record).
    db_run!(conn, |c| diesel::update(
        sn::table
            .filter(sn::id.eq(id))
            .filter(sn::credit_state.eq("blocked"))
    )
    .set(sn::credit_state.eq(None::<String>))
    .execute(c))?;
    Ok(n == 1)
}

/// One page of the signed contracts of visible customers with quantities left to ship, by
/// `priority` (SQL over the customer) then signing date.
pub fn shippable(
    conn: &mut DbConn,
    viewer: Viewer,
    granted: Vec<i64>,
    q: &ShippableQuery,
    priority: &str,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<RankedHead>, i64)> {
    let pattern =
        q.q.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(crate::db::contains_pattern);
    macro_rules! filtered {
        () => {{
            let open_lines = cl::table
                .filter(cl::contract_id.eq(ct::id))
                .filter(cl::shipped_quantity.lt(cl::quantity));
            let mut query = crate::customer_scope_filter!(
                ct::table.inner_join(customers::table).into_boxed(),
                viewer,
                granted.clone()
            )
            .filter(ct::status.eq("signed"))
            .filter(diesel::dsl::exists(open_lines));
            if let Some(id) = q.contract_id {
                query = query.filter(ct::id.eq(id));
            }
            if let Some(id) = q.customer_id {
                query = query.filter(ct::customer_id.eq(id));
            }
            if let Some(p) = &pattern {
                query = query.filter(
                    ct::number
                        .like(p.clone())
                        .escape('\\')
                        .or(customers::code.like(p.clone()).escape('\\'))
                        .or(customers::name.like(p.clone()).escape('\\')),
                );
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows: Vec<(ShippableHead, i64)> = db_run!(conn, |c| filtered!()
        .order((
            sql::<BigInt>(priority).asc(),
            ct::signed_on.asc(),
            ct::id.asc(),
        ))
        .limit(limit)
        .offset(offset)
        .select((ShippableHead::as_select(), sql::<BigInt>(priority)))
        .load(c))?;
    let heads = rows
        .into_iter()
        .map(|(head, priority)| RankedHead { head, priority })
        .collect();
    Ok((heads, total))
}
