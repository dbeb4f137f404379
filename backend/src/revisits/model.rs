use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{customers, revisits};

use crate::auth::policy::Role;
use crate::customers::model::{Category, Grade};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RevisitStatus {
    Planned,
    Done,
    /// Still open past its due date when a new plan replaced it: counted as not done.
    Missed,
    /// Replaced by a new plan before it was due (new grade, tier or policy).
    Cancelled,
}

impl RevisitStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RevisitStatus::Planned => "planned",
            RevisitStatus::Done => "done",
            RevisitStatus::Missed => "missed",
            RevisitStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> RevisitStatus {
        match s {
            "done" => RevisitStatus::Done,
            "missed" => RevisitStatus::Missed,
            "cancelled" => RevisitStatus::Cancelled,
            _ => RevisitStatus::Planned,
        }
    }
}

/// 回访: a planned visit of a customer by a role, due from the tier's cadence on a working day.
#[derive(Debug, Serialize, ToSchema)]
pub struct Revisit {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    /// Who visits.
    pub role: Role,
    /// The tier the visit was planned for.
    pub category: Category,
    pub grade: Grade,
    pub due_on: NaiveDate,
    pub status: RevisitStatus,
    /// Planned and past its due date.
    pub overdue: bool,
    pub done_on: Option<NaiveDate>,
    pub done_by_name: Option<String>,
    /// The interaction (往来记录) that recorded the visit.
    pub interaction_id: Option<i64>,
    pub policy_version_id: i64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RevisitQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Only visits of a role the user holds (their own list).
    pub mine: Option<bool>,
    pub status: Option<RevisitStatus>,
    /// Only planned visits past their due date.
    pub overdue: Option<bool>,
    pub customer_id: Option<i64>,
    pub office_id: Option<i64>,
    pub role: Option<Role>,
    /// Due on or after.
    pub due_from: Option<NaiveDate>,
    /// Due on or before.
    pub due_to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"visited_on": "2026-11-27", "participants": "王总", "content": "回访：了解明年路灯项目计划", "follow_up": "12 月报价"}))]
pub struct CompleteRevisit {
    /// Defaults to today; not in the future.
    pub visited_on: Option<NaiveDate>,
    pub participants: Option<String>,
    pub content: String,
    pub follow_up: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ComplianceQuery {
    /// Visits due from (default: 1 January of this year).
    pub from: Option<NaiveDate>,
    /// … to (default: today).
    pub to: Option<NaiveDate>,
}

/// Planned against done, by tier and office.
#[derive(Debug, Serialize, ToSchema)]
pub struct ComplianceRow {
    pub category: Category,
    pub grade: Grade,
    pub office_id: Option<i64>,
    pub office_name: String,
    /// Visits due in the period (not replaced).
    pub planned: i64,
    pub done: i64,
    /// Still open past the due date, or replaced while overdue (missed).
    pub overdue: i64,
    /// done / planned in per cent (100 when nothing was due).
    pub rate_percent: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Compliance {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<ComplianceRow>,
    pub planned: i64,
    pub done: i64,
    pub overdue: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReplanResult {
    /// Visits planned anew (0 when every plan was up to date).
    pub planned: usize,
}

/// A stored visit as read, with its customer's office (read joined to the customer).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisits)]
pub struct RevisitRow {
    pub id: i64,
    pub customer_id: i64,
    pub role: String,
    pub category: String,
    pub grade: String,
    pub due_on: NaiveDate,
    pub status: String,
    pub policy_version_id: i64,
    pub interaction_id: Option<i64>,
    pub done_on: Option<NaiveDate>,
    pub done_by: Option<i64>,
    pub created_at: NaiveDateTime,
    #[diesel(select_expression = customers::office_id)]
    #[diesel(select_expression_type = customers::office_id)]
    pub office_id: Option<i64>,
}

/// A visit to plan.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = revisits)]
pub struct NewRevisit {
    pub customer_id: i64,
    pub role: String,
    pub category: String,
    pub grade: String,
    pub due_on: NaiveDate,
    pub policy_version_id: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// What decides a customer's visits: its tier and whether it is visited at all.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
pub struct Subject {
    pub id: i64,
    pub category: String,
    pub grade: Option<String>,
    pub status: String,
}

/// The day a role last visited a customer.
#[derive(Debug, Clone, Queryable)]
pub struct LastVisit {
    pub customer_id: i64,
    pub role: String,
    pub done_on: Option<NaiveDate>,
}

/// Visits due in a period, per tier and office.
#[derive(Debug, QueryableByName)]
pub struct ComplianceCell {
    #[diesel(sql_type = Text)]
    pub category: String,
    #[diesel(sql_type = Text)]
    pub grade: String,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub office_id: Option<i64>,
    #[diesel(sql_type = BigInt)]
    pub planned: i64,
    #[diesel(sql_type = BigInt)]
    pub done: i64,
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
}

#[derive(Debug, QueryableByName)]
pub struct IdRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
}
