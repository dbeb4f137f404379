//! Shipping notes: rows, DTOs, queries.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{contracts, customers, shipping_note_lines, shipping_notes};
use crate::products::model::ProductRef;

/// A shipping note as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = shipping_notes)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NoteRow {
    pub id: i64,
    pub number: String,
    pub contract_id: i64,
    pub customer_id: i64,
    pub status: String,
    pub ship_date: NaiveDate,
    pub amount_fen: i64,
    pub external_ref: Option<String>,
    pub issued_by: Option<i64>,
    pub issued_at: NaiveDateTime,
    pub confirmed_by: Option<i64>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub credit_state: Option<String>,
    pub released_by: Option<i64>,
    pub released_at: Option<NaiveDateTime>,
    pub release_reason: String,
}

/// A note's line as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = shipping_note_lines)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NoteLineRow {
    pub id: i64,
    pub shipping_note_id: i64,
    pub contract_line_id: i64,
    pub quantity: i64,
    pub amount_fen: i64,
}

/// A note's line with the product shipped.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct NoteLineWithProduct {
    #[diesel(embed)]
    pub line: NoteLineRow,
    #[diesel(embed)]
    pub product: ProductRef,
}

/// The customer's code and name as a shipping list shows them.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CustomerLabel {
    pub code: String,
    pub name: String,
}

/// The head of a contract with something left to ship.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contracts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ShippableHead {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub signed_on: Option<NaiveDate>,
    #[diesel(embed)]
    pub customer: CustomerLabel,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteStatus {
    Issued,
    Confirmed,
    Cancelled,
}

impl NoteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteStatus::Issued => "issued",
            NoteStatus::Confirmed => "confirmed",
            NoteStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> NoteStatus {
        match s {
            "confirmed" => NoteStatus::Confirmed,
            "cancelled" => NoteStatus::Cancelled,
            _ => NoteStatus::Issued,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteLineInput {
    pub contract_line_id: i64,
    pub quantity: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"contract_id": 1, "ship_date": "2026-11-27", "lines": [{"contract_line_id": 1, "quantity": 40}]}))]
pub struct NewShippingNote {
    pub contract_id: i64,
    pub ship_date: NaiveDate,
    pub lines: Vec<NoteLineInput>,
    /// The note's id in the pushing system (ERP); unique.
    pub external_ref: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingNoteLine {
    pub id: i64,
    pub contract_line_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippingNote {
    pub id: i64,
    #[schema(example = "FH202600001")]
    pub number: String,
    pub contract_id: i64,
    pub contract_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's shipping priority under the policy in force (1 ships first).
    pub shipping_priority: i64,
    pub status: NoteStatus,
    pub ship_date: NaiveDate,
    pub amount_fen: i64,
    pub external_ref: Option<String>,
    /// Omitted in lists.
    pub lines: Option<Vec<ShippingNoteLine>>,
    pub issued_by_name: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub confirmed_by_name: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    /// The receivable created by the confirmation.
    pub receivable_id: Option<i64>,
    /// The credit check at issue: passed, blocked (the warehouse cannot confirm), released by
    /// the VP or GM, or rejected (the note is cancelled).
    pub credit_state: Option<NoteCreditState>,
    /// The latest check's reasons and figures; omitted for the warehouse, production and
    /// technical departments, who see the customer's name only.
    pub credit_check: Option<crate::credit::model::CreditCheck>,
    pub released_by_name: Option<String>,
    pub released_at: Option<DateTime<Utc>>,
    /// Why the note was released or rejected.
    pub release_reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoteCreditState {
    Passed,
    Blocked,
    Released,
    Rejected,
}

impl NoteCreditState {
    pub fn as_str(self) -> &'static str {
        match self {
            NoteCreditState::Passed => "passed",
            NoteCreditState::Blocked => "blocked",
            NoteCreditState::Released => "released",
            NoteCreditState::Rejected => "rejected",
        }
    }
    pub fn parse(s: &str) -> Option<NoteCreditState> {
        [
            NoteCreditState::Passed,
            NoteCreditState::Blocked,
            NoteCreditState::Released,
            NoteCreditState::Rejected,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// A blocked shipping note on the worklist (信用冻结发货), with what the releaser weighs.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlockedNote {
    pub note: ShippingNote,
    /// Working-time age: whole days since the note was issued.
    pub age_days: i64,
    /// Who may release it: the VP up to the policy's `credit.vp_release_max_fen`, the GM above.
    pub releaser_role: crate::auth::policy::Role,
    /// The user may release or reject it.
    pub can_release: bool,
    pub payment: crate::credit::model::PaymentPerformance,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShippingQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `issued` is the warehouse's queue (by shipping priority, then date).
    pub status: Option<NoteStatus>,
    pub contract_id: Option<i64>,
    pub customer_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ShippableQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the contract number or of the customer's code or name.
    pub q: Option<String>,
    pub contract_id: Option<i64>,
    pub customer_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ShippableLine {
    pub contract_line_id: i64,
    pub line_no: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub ordered: i64,
    pub shipped: i64,
    /// What a new note may still ship on this line.
    pub remaining: i64,
}

/// A signed contract with something left to ship: what the warehouse needs to issue a note
/// (no prices or terms — the contract itself is not the warehouse's to read).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShippableContract {
    pub contract_id: i64,
    pub contract_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub shipping_priority: i64,
    pub signed_on: Option<NaiveDate>,
    pub lines: Vec<ShippableLine>,
}

/// An amount per customer, as a grouped statement answers it.
#[derive(Debug, Clone, diesel::QueryableByName)]
pub struct CustomerAmount {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub customer_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub amount_fen: i64,
}
