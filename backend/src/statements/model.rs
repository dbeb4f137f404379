use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{statement_mails, statement_recipients, statement_runs};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = statement_recipients)]
#[diesel(treat_none_as_null = true)]
pub struct RecipientRow {
    pub customer_id: i64,
    pub email: String,
    pub monthly: bool,
    pub updated_by: Option<i64>,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = statement_runs)]
pub struct RunRow {
    pub id: i64,
    pub month: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub queued: i64,
    pub started_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = statement_runs)]
pub struct NewRunRow<'a> {
    pub month: &'a str,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub queued: i64,
    pub started_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = statement_mails)]
pub struct MailRow {
    pub id: i64,
    pub customer_id: i64,
    pub run_id: Option<i64>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub to_address: String,
    pub requested_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub email_status: String,
    pub email_attempts: i64,
    pub email_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = statement_mails)]
pub struct NewMailRow<'a> {
    pub customer_id: i64,
    pub run_id: Option<i64>,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub to_address: &'a str,
    pub requested_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub email_status: &'a str,
}

/// Where a customer's statements of account are mailed (finance keeps it).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementRecipient {
    pub customer_id: i64,
    /// The customer's accounts address; null: statements are not mailed.
    pub email: Option<String>,
    /// Included in the monthly statement run.
    pub monthly: bool,
    pub updated_by_name: Option<String>,
    pub updated_at: Option<DateTime<Utc>>,
    /// The server sends e-mail (SMTP configured); when false nothing is mailed.
    pub mail_enabled: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"email": "caiwu@customer.example", "monthly": true}))]
pub struct StatementRecipientForm {
    /// The address; null or empty removes it.
    pub email: Option<String>,
    /// Include the customer in the monthly run.
    pub monthly: bool,
}

/// Mail the statement of a period (to the customer's address unless another is given).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"from": "2026-11-01", "to": "2026-11-30"}))]
pub struct StatementMailRequest {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Another address for this mail only.
    pub email: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementMailStatus {
    /// Waiting for the mailer (or for a retry after a failed attempt).
    Pending,
    /// Being sent.
    Sending,
    Sent,
    /// Given up after the last attempt.
    Failed,
}

impl StatementMailStatus {
    pub fn parse(s: &str) -> StatementMailStatus {
        match s {
            "sending" => StatementMailStatus::Sending,
            "sent" => StatementMailStatus::Sent,
            "failed" => StatementMailStatus::Failed,
            _ => StatementMailStatus::Pending,
        }
    }
}

/// One statement of account mailed, or waiting to be.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementMail {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    /// The monthly run that queued it; null: mailed on request.
    pub run_id: Option<i64>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub email: String,
    pub status: StatementMailStatus,
    pub attempts: i64,
    /// Why the last attempt failed.
    pub error: Option<String>,
    /// Who asked for it; null: the monthly run.
    pub requested_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A monthly statement run: the statements of one month queued for every customer with an
/// open balance and an address for the monthly run.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementRun {
    pub id: i64,
    /// The month the statements cover, `YYYY-MM`.
    pub month: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
    /// Pending or being sent.
    pub waiting: i64,
    /// Who started it; null: the schedule.
    pub started_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"month": "2026-11"}))]
pub struct NewStatementRun {
    /// The month to cover, `YYYY-MM`: a month already over.
    pub month: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatementMailQuery {
    /// Only mails in this state.
    pub status: Option<StatementMailStatus>,
    #[param(minimum = 1)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 200)]
    pub page_size: Option<i64>,
}

/// Mails counted by state, for a run.
#[derive(Debug, Clone, Default, QueryableByName)]
pub struct RunCounts {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub run_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub sent: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub failed: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub waiting: i64,
}

/// A mail claimed for sending, with what its statement needs.
#[derive(Debug, Clone, Queryable)]
pub struct DueMail {
    pub id: i64,
    pub customer_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub to_address: String,
}
