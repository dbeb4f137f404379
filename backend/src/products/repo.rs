//! Every statement on products and their list prices.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use super::model::{ListPrice, PriceRow, ProductQuery, ProductRow};
use crate::db::schema::{product_prices, products};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<ProductRow>> {
    Ok(db_run!(conn, |c| products::table
        .find(id)
        .select(ProductRow::as_select())
        .first(c)
        .optional())?)
}

/// One page of products by code, and the number of all that match.
pub fn list(
    conn: &mut DbConn,
    q: &ProductQuery,
    limit: i64,
    offset: i64,
) -> ApiResult<(Vec<ProductRow>, i64)> {
    let pattern = q.q.as_ref().map(|s| crate::db::contains_pattern(s.trim()));
    macro_rules! filtered {
        () => {{
            let mut query = products::table.into_boxed();
            if let Some(p) = &pattern {
                query = query.filter(
                    products::code
                        .like(p.clone())
                        .escape('\\')
                        .or(products::name.like(p.clone()).escape('\\')),
                );
            }
            if let Some(a) = q.active {
                query = query.filter(products::active.eq(a));
            }
            query
        }};
    }
    let total: i64 = db_run!(conn, |c| filtered!().count().get_result(c))?;
    let rows = db_run!(conn, |c| filtered!()
        .order(products::code)
        .limit(limit)
        .offset(offset)
        .select(ProductRow::as_select())
        .load(c))?;
    Ok((rows, total))
}

/// Which of `ids` are active products.
pub fn active_ids(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<i64>> {
    Ok(db_run!(conn, |c| products::table
        .filter(products::id.eq_any(ids))
        .filter(products::active.eq(true))
        .select(products::id)
        .load(c))?)
}

/// The new product's id; a unique violation (the code) is the caller's to name.
pub fn insert(
    conn: &mut DbConn,
    code: &str,
    name: &str,
    unit: &str,
    t: NaiveDateTime,
) -> QueryResult<i64> {
    db_run!(conn, |c| diesel::insert_into(products::table)
        .values((
            products::code.eq(code),
            products::name.eq(name),
            products::unit.eq(unit),
            products::created_at.eq(t),
            products::updated_at.eq(t),
        ))
        .returning(products::id)
        .get_result(c))
}

/// Compare-and-set of the row version; whether it matched.
pub fn update(
    conn: &mut DbConn,
    id: i64,
    version: i64,
    name: &str,
    unit: &str,
    active: bool,
    t: NaiveDateTime,
) -> ApiResult<bool> {
    let n = db_run!(conn, |c| diesel::update(
        products::table
            .filter(products::id.eq(id))
            .filter(products::version.eq(version))
    )
    .set((
        products::name.eq(name),
        products::unit.eq(unit),
        products::active.eq(active),
        products::version.eq(products::version + 1),
        products::updated_at.eq(t),
    ))
    .execute(c))?;
    Ok(n == 1)
}

/// A list price from a date; a unique violation (a price from this date exists) is the
/// caller's to name.
pub fn insert_price(
    conn: &mut DbConn,
    product_id: i64,
    price_fen: i64,
    effective_from: NaiveDate,
    created_by: Option<i64>,
    t: NaiveDateTime,
) -> QueryResult<usize> {
    db_run!(conn, |c| diesel::insert_into(product_prices::table)
        .values((
            product_prices::product_id.eq(product_id),
            product_prices::price_fen.eq(price_fen),
            product_prices::effective_from.eq(effective_from),
            product_prices::created_by.eq(created_by),
            product_prices::created_at.eq(t),
        ))
        .execute(c))
}

/// A product's prices, newest first.
pub fn prices(conn: &mut DbConn, product_id: i64) -> ApiResult<Vec<PriceRow>> {
    Ok(db_run!(conn, |c| product_prices::table
        .filter(product_prices::product_id.eq(product_id))
        .order(product_prices::effective_from.desc())
        .select(PriceRow::as_select())
        .load(c))?)
}

/// The list price of each product on `on` (one query for all of them).
pub fn list_prices_on(
    conn: &mut DbConn,
    product_ids: &[i64],
    on: NaiveDate,
) -> ApiResult<HashMap<i64, ListPrice>> {
    let rows: Vec<PriceRow> = db_run!(conn, |c| product_prices::table
        .filter(product_prices::product_id.eq_any(product_ids))
        .filter(product_prices::effective_from.le(on))
        .order((product_prices::product_id, product_prices::effective_from))
        .select(PriceRow::as_select())
        .load(c))?;
    // Ordered by date: the last one per product wins.
    Ok(rows
        .into_iter()
        .map(|r| {
            let price = ListPrice {
                price_fen: r.price_fen,
                effective_from: r.effective_from,
            };
            (r.product_id, price)
        })
        .collect())
}

/// The demo catalogue's product with this code, if it exists.
pub fn id_by_code(conn: &mut DbConn, code: &str) -> ApiResult<Option<i64>> {
    Ok(db_run!(conn, |c| products::table
        .filter(products::code.eq(code))
        .select(products::id)
        .first(c)
        .optional())?)
}
