//! Products and their list prices with effective dates (price history). A contract line takes
//! the list price in force on the signing date, so later price changes never alter signed
//! contracts' premiums.

pub mod routes;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{product_prices, products};
use crate::db::DbConn;
use crate::db_run;
use crate::error::ApiResult;

/// (id, code, name, unit, active, version, updated_at)
pub type ProductRow = (
    i64,
    String,
    String,
    String,
    bool,
    i64,
    chrono::NaiveDateTime,
);

#[derive(Debug, Serialize, ToSchema)]
pub struct Product {
    pub id: i64,
    #[schema(example = "LED-100W")]
    pub code: String,
    #[schema(example = "LED 路灯 100W")]
    pub name: String,
    /// 件, 套, 米 …
    pub unit: String,
    pub active: bool,
    /// The list price in force today (None before the first price's date).
    pub list_price_fen: Option<i64>,
    pub list_price_from: Option<NaiveDate>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductPrice {
    pub id: i64,
    pub price_fen: i64,
    pub effective_from: NaiveDate,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "LED-100W", "name": "LED 路灯 100W", "unit": "套",
    "list_price_fen": 128000, "effective_from": "2026-01-01"}))]
pub struct NewProduct {
    pub code: String,
    pub name: String,
    pub unit: String,
    /// The first list price.
    pub list_price_fen: i64,
    /// Default: today.
    pub effective_from: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "name": "LED 路灯 100W（新款）", "active": true}))]
pub struct UpdateProduct {
    pub version: i64,
    pub name: Option<String>,
    pub unit: Option<String>,
    pub active: Option<bool>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"price_fen": 135000, "effective_from": "2027-01-01"}))]
pub struct NewPrice {
    pub price_fen: i64,
    pub effective_from: NaiveDate,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ProductQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the code or name.
    pub q: Option<String>,
    pub active: Option<bool>,
}

/// The list price of each product on `on` (one query for all of them).
pub fn list_prices_on(
    conn: &mut DbConn,
    product_ids: &[i64],
    on: NaiveDate,
) -> ApiResult<HashMap<i64, (i64, NaiveDate)>> {
    let rows: Vec<(i64, i64, NaiveDate)> = db_run!(conn, |c| product_prices::table
        .filter(product_prices::product_id.eq_any(product_ids))
        .filter(product_prices::effective_from.le(on))
        .order((product_prices::product_id, product_prices::effective_from))
        .select((
            product_prices::product_id,
            product_prices::price_fen,
            product_prices::effective_from,
        ))
        .load(c))?;
    // Ordered by date: the last one per product wins.
    Ok(rows
        .into_iter()
        .map(|(p, price, d)| (p, (price, d)))
        .collect())
}

/// Products by id with today's prices.
pub fn to_dtos(
    conn: &mut DbConn,
    rows: Vec<ProductRow>,
    today: NaiveDate,
) -> ApiResult<Vec<Product>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
    let prices = list_prices_on(conn, &ids, today)?;
    Ok(rows
        .into_iter()
        .map(|r| Product {
            list_price_fen: prices.get(&r.0).map(|p| p.0),
            list_price_from: prices.get(&r.0).map(|p| p.1),
            id: r.0,
            code: r.1,
            name: r.2,
            unit: r.3,
            active: r.4,
            version: r.5,
            updated_at: r.6.and_utc(),
        })
        .collect())
}

pub fn find(conn: &mut DbConn, id: i64) -> ApiResult<Option<ProductRow>> {
    Ok(db_run!(conn, |c| products::table
        .find(id)
        .select((
            products::id,
            products::code,
            products::name,
            products::unit,
            products::active,
            products::version,
            products::updated_at,
        ))
        .first(c)
        .optional())?)
}
