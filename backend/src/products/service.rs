//! Product rules and transactions: the catalogue kept by the business department.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{
    ListPrice, NewPrice, NewProduct, Product, ProductPrice, ProductQuery, ProductRow, UpdateProduct,
};
use super::repo;
use crate::audit::{self, Event};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{duplicate_on, ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::time::now;

fn text(field: &str, value: &str, max: usize, errors: &mut Vec<FieldError>) {
    let n = value.trim().chars().count();
    if n == 0 {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if n > max {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
}

fn price_ok(field: &str, fen: i64, errors: &mut Vec<FieldError>) {
    if !(0..=100_000_000_000).contains(&fen) {
        errors.push(FieldError::new(field, "out_of_range", "from 0 to 10亿元"));
    }
}

fn checked(errors: Vec<FieldError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// The list price of each product on `on` (one query for all of them).
pub fn list_prices_on(
    conn: &mut DbConn,
    product_ids: &[i64],
    on: NaiveDate,
) -> ApiResult<HashMap<i64, ListPrice>> {
    repo::list_prices_on(conn, product_ids, on)
}

/// Which of `ids` are active products.
pub fn active_ids(conn: &mut DbConn, ids: &[i64]) -> ApiResult<Vec<i64>> {
    repo::active_ids(conn, ids)
}

/// Products with today's prices.
fn to_dtos(conn: &mut DbConn, rows: Vec<ProductRow>, today: NaiveDate) -> ApiResult<Vec<Product>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let prices = repo::list_prices_on(conn, &ids, today)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let price = prices.get(&r.id);
            Product {
                list_price_fen: price.map(|p| p.price_fen),
                list_price_from: price.map(|p| p.effective_from),
                id: r.id,
                code: r.code,
                name: r.name,
                unit: r.unit,
                active: r.active,
                version: r.version,
                updated_at: r.updated_at.and_utc(),
            }
        })
        .collect())
}

pub fn get(conn: &mut DbConn, id: i64, today: NaiveDate) -> ApiResult<Product> {
    let row = repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(to_dtos(conn, vec![row], today)?.remove(0))
}

pub fn list(
    conn: &mut DbConn,
    q: &ProductQuery,
    limit: i64,
    offset: i64,
    today: NaiveDate,
) -> ApiResult<(Vec<Product>, i64)> {
    let (rows, total) = repo::list(conn, q, limit, offset)?;
    Ok((to_dtos(conn, rows, today)?, total))
}

/// The checks of a new product that need no database (before the transaction).
pub fn check_new(input: &NewProduct) -> ApiResult<()> {
    let mut errors = Vec::new();
    text("code", &input.code, 40, &mut errors);
    text("name", &input.name, 200, &mut errors);
    text("unit", &input.unit, 20, &mut errors);
    price_ok("list_price_fen", input.list_price_fen, &mut errors);
    checked(errors)
}

pub fn create(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &NewProduct,
    today: NaiveDate,
) -> ApiResult<Product> {
    let t = now();
    let id = repo::insert(
        conn,
        input.code.trim(),
        input.name.trim(),
        input.unit.trim(),
        t,
    )
    .map_err(duplicate_on("code", "this product code exists"))?;
    repo::insert_price(
        conn,
        id,
        input.list_price_fen,
        input.effective_from.unwrap_or(today),
        Some(auth.id),
        t,
    )?;
    let created = get(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("product.create", "product", id).after(&created),
    )?;
    Ok(created)
}

pub fn update(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &UpdateProduct,
    today: NaiveDate,
) -> ApiResult<Product> {
    let before = get(conn, id, today)?;
    let name = input.name.clone().unwrap_or(before.name.clone());
    let unit = input.unit.clone().unwrap_or(before.unit.clone());
    let mut errors = Vec::new();
    text("name", &name, 200, &mut errors);
    text("unit", &unit, 20, &mut errors);
    checked(errors)?;
    let active = input.active.unwrap_or(before.active);
    if !repo::update(
        conn,
        id,
        input.version,
        name.trim(),
        unit.trim(),
        active,
        now(),
    )? {
        return Err(ApiError::StaleVersion);
    }
    let after = get(conn, id, today)?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("product.update", "product", id)
            .before(&before)
            .after(&after),
    )?;
    Ok(after)
}

/// A product's list prices, newest first.
pub fn prices(conn: &mut DbConn, id: i64) -> ApiResult<Vec<ProductPrice>> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    Ok(repo::prices(conn, id)?
        .into_iter()
        .map(|r| ProductPrice {
            id: r.id,
            price_fen: r.price_fen,
            effective_from: r.effective_from,
            created_at: r.created_at.and_utc(),
        })
        .collect())
}

/// The checks of a new price that need no database (before the transaction).
pub fn check_price(input: &NewPrice) -> ApiResult<()> {
    let mut errors = Vec::new();
    price_ok("price_fen", input.price_fen, &mut errors);
    checked(errors)
}

pub fn add_price(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    id: i64,
    input: &NewPrice,
    today: NaiveDate,
) -> ApiResult<Product> {
    repo::find(conn, id)?.ok_or(ApiError::NotFound)?;
    repo::insert_price(
        conn,
        id,
        input.price_fen,
        input.effective_from,
        Some(auth.id),
        now(),
    )
    .map_err(duplicate_on(
        "effective_from",
        "a price from this date exists",
    ))?;
    audit::record(
        conn,
        &auth.actor(),
        meta,
        Event::new("product.price", "product", id)
            .after(&serde_json::json!({"price_fen": input.price_fen, "effective_from": input.effective_from})),
    )?;
    get(conn, id, today)
}
