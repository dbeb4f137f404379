//! Products and list prices: rows, DTOs and queries.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{product_prices, products};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ProductRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub unit: String,
    pub active: bool,
    pub version: i64,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = product_prices)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PriceRow {
    pub id: i64,
    pub product_id: i64,
    pub price_fen: i64,
    pub effective_from: NaiveDate,
    pub created_at: NaiveDateTime,
}

/// A product as other domains' lines name it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ProductRef {
    pub code: String,
    pub name: String,
    pub unit: String,
}

/// A product's list price in force on a date, and the date it took effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPrice {
    pub price_fen: i64,
    pub effective_from: NaiveDate,
}

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
