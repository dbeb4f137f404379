//! Borrowing's types: the request, its answer, and the loans (grants) it leads to.

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::schema::{customer_access_grants, users};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"credit_code": "91130100MA07L7QG1A", "reason": "拜访前了解客户情况", "days": 7}))]
pub struct BorrowRequest {
    /// The customer, by id …
    pub customer_id: Option<i64>,
    /// … or by its credit code …
    pub credit_code: Option<String>,
    /// … or by its name (as told by a duplicate refusal).
    pub name: Option<String>,
    pub reason: String,
    /// 1–30 days.
    pub days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BorrowRequested {
    /// The approval to follow in "my requests".
    pub approval_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessGrant {
    pub id: i64,
    pub user_id: i64,
    pub user_name: Option<String>,
    pub approval_id: Option<i64>,
    pub reason: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// A loan as stored, with the borrower's name (grants joined with users).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customer_access_grants)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct GrantRow {
    pub id: i64,
    pub user_id: i64,
    pub approval_id: Option<i64>,
    pub reason: String,
    pub granted_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    #[diesel(select_expression = users::display_name.nullable())]
    #[diesel(select_expression_type = diesel::dsl::Nullable<users::display_name>)]
    pub user_name: Option<String>,
}

impl From<GrantRow> for AccessGrant {
    fn from(g: GrantRow) -> AccessGrant {
        AccessGrant {
            id: g.id,
            user_id: g.user_id,
            user_name: g.user_name,
            approval_id: g.approval_id,
            reason: g.reason,
            granted_at: g.granted_at.and_utc(),
            expires_at: g.expires_at.and_utc(),
        }
    }
}

/// A new loan, written when its approval is approved.
#[derive(Debug, Insertable)]
#[diesel(table_name = customer_access_grants)]
pub struct NewGrant {
    pub customer_id: i64,
    pub user_id: i64,
    pub approval_id: Option<i64>,
    pub reason: String,
    pub granted_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}
