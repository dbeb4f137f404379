use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{
    customers, influence_assessments, policy_versions, rating_results, rating_runs,
};

use super::engine::{Eligibility, Explanation, Influence};
use crate::customers::model::{Category, Grade};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunPurpose {
    /// A rating the VP approves; grades change on approval.
    Rating,
    /// A simulation of a policy version (what-if): never submitted, never changes a grade.
    WhatIf,
}

impl RunPurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            RunPurpose::Rating => "rating",
            RunPurpose::WhatIf => "what_if",
        }
    }
    pub fn parse(s: &str) -> RunPurpose {
        if s == "what_if" {
            RunPurpose::WhatIf
        } else {
            RunPurpose::Rating
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// The background job is computing (see `done` of `total`).
    Computing,
    /// Computed; the business manager reviews and may override.
    Draft,
    /// Waiting for the VP in the approvals inbox.
    Submitted,
    /// Grades and categories changed; immutable.
    Approved,
    Cancelled,
    /// The computation stopped with an error (`error`).
    Failed,
}

impl RunStatus {
    pub const ALL: [RunStatus; 6] = [
        RunStatus::Computing,
        RunStatus::Draft,
        RunStatus::Submitted,
        RunStatus::Approved,
        RunStatus::Cancelled,
        RunStatus::Failed,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Computing => "computing",
            RunStatus::Draft => "draft",
            RunStatus::Submitted => "submitted",
            RunStatus::Approved => "approved",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Failed => "failed",
        }
    }
    pub fn parse(s: &str) -> RunStatus {
        RunStatus::ALL
            .into_iter()
            .find(|x| x.as_str() == s)
            .unwrap_or(RunStatus::Failed)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"rating_date": "2026-12-31", "window_months": 12}))]
pub struct NewRatingRun {
    /// Defaults to today.
    pub rating_date: Option<NaiveDate>,
    /// One of the policy's allowed windows; defaults to the policy's window.
    pub window_months: Option<i64>,
    /// Rate only these customers (an ad hoc re-rating); omitted = every customer with a deal.
    pub customer_ids: Option<Vec<i64>>,
    /// What-if: simulate this policy version (e.g. a draft) instead of the one in force.
    pub policy_version_id: Option<i64>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GradeCounts {
    pub a: i64,
    pub b: i64,
    pub c: i64,
    pub not_rated: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingRun {
    pub id: i64,
    pub purpose: RunPurpose,
    pub status: RunStatus,
    pub rating_date: NaiveDate,
    pub window_months: i64,
    pub policy_version_id: i64,
    pub policy_version_number: i64,
    /// Over a chosen set of customers (ad hoc) rather than all.
    pub chosen: bool,
    /// Progress of the computation: customers done of total.
    pub total: i64,
    pub done: i64,
    pub error: String,
    pub note: String,
    pub approval_id: Option<i64>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub computed_at: Option<DateTime<Utc>>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub version: i64,
    /// Final grades (override, else proposed) of the results in the reader's scope; only in
    /// the single-run answer.
    pub grades: Option<GradeCounts>,
    /// Results whose final grade or category differs from the customer's before the run.
    pub changed: Option<i64>,
    pub overridden: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RunQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub status: Option<RunStatus>,
    pub purpose: Option<RunPurpose>,
}

/// One indicator of a result: its input, level and points.
#[derive(Debug, Serialize, ToSchema)]
pub struct Indicator {
    pub level: i64,
    pub points: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RatingResult {
    pub id: i64,
    pub run_id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub office_name: Option<String>,
    pub eligibility: Eligibility,
    pub first_deal_date: Option<NaiveDate>,
    /// Signed contracts in the window.
    pub contract_amount_fen: i64,
    /// The same contracts at list prices.
    pub list_amount_fen: i64,
    /// Amount-weighted premium over list prices, basis points; none without a contract.
    pub premium_bp: Option<i64>,
    /// Receivables overdue more than the grace days in the window.
    pub late_receivables: i64,
    /// Receivables open on the rating date.
    pub open_receivables_fen: i64,
    pub influence: Option<Influence>,
    pub influence_on: Option<NaiveDate>,
    /// 协议金额及回款, 年终应收账款, 协议溢价程度, 战略影响.
    pub contract_amount: Indicator,
    pub receivables: Indicator,
    pub premium: Indicator,
    pub strategic_influence: Indicator,
    pub total_points: i64,
    /// The computed grade (none when not rated).
    pub proposed_grade: Option<Grade>,
    pub suggested_category: Category,
    pub previous_grade: Option<Grade>,
    pub previous_category: Category,
    /// The business manager's override, shown beside the computed grade.
    pub override_grade: Option<Grade>,
    pub override_category: Option<Category>,
    pub override_reason: String,
    pub override_by_name: Option<String>,
    /// What the approval applies: override, else proposed grade; override, else current category.
    pub final_grade: Option<Grade>,
    pub final_category: Category,
    pub changed: bool,
    pub explanation: Explanation,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the customer's code or name.
    pub q: Option<String>,
    /// Only results whose final grade or category differs from before.
    pub changed: Option<bool>,
    pub overridden: Option<bool>,
    pub eligibility: Option<Eligibility>,
    /// By final grade.
    pub grade: Option<Grade>,
    pub office_id: Option<i64>,
    pub customer_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"grade": "B", "reason": "大额订单已签，回款稳定"}))]
pub struct OverrideInput {
    /// The grade to apply instead of the computed one; null clears the override.
    pub grade: Option<Grade>,
    /// The category to apply (大客户 is the business manager's decision).
    pub category: Option<Category>,
    /// Mandatory for an override.
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3}))]
pub struct RunAction {
    /// The run's `version` as read (a stale one is refused with 409).
    pub version: i64,
}

/// Grade distribution of a run's final grades by office (within the reader's scope).
#[derive(Debug, Serialize, ToSchema)]
pub struct OfficeGrades {
    pub office_id: Option<i64>,
    pub office_name: String,
    pub grades: GradeCounts,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"level": "key", "reason": "省内路灯项目龙头承包商", "assessed_on": "2026-11-27"}))]
pub struct NewAssessment {
    pub level: Influence,
    pub reason: String,
    /// Defaults to today; not in the future.
    pub assessed_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Assessment {
    pub id: i64,
    pub customer_id: i64,
    pub level: Influence,
    /// Empty for readers who do not assess (the level shows in every rating, the reasoning not).
    pub reason: String,
    pub assessed_on: NaiveDate,
    pub assessed_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One approved rating of a customer (its history).
#[derive(Debug, Serialize, ToSchema)]
pub struct RatingHistoryEntry {
    pub run_id: i64,
    pub rating_date: NaiveDate,
    pub policy_version_number: i64,
    pub total_points: i64,
    pub levels: [i64; 4],
    pub proposed_grade: Option<Grade>,
    pub final_grade: Option<Grade>,
    pub final_category: Category,
    pub override_reason: String,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<DateTime<Utc>>,
    pub explanation: Explanation,
}

/// What a customer's tier (category × grade) gets under the policy in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct Treatment {
    pub category: Category,
    pub grade: Option<Grade>,
    pub policy_version_number: i64,
    /// None until the customer is graded.
    pub tier: Option<crate::policies::model::Tier>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CustomerRating {
    pub treatment: Treatment,
    pub latest_influence: Option<Assessment>,
    /// Newest first.
    pub history: Vec<RatingHistoryEntry>,
}

/// A stored rating run as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rating_runs)]
pub struct RunRow {
    pub id: i64,
    pub purpose: String,
    pub rating_date: NaiveDate,
    pub window_months: i64,
    pub policy_version_id: i64,
    pub chosen: bool,
    pub status: String,
    pub total: i64,
    pub done: i64,
    pub cursor_id: i64,
    pub error: String,
    pub note: String,
    pub approval_id: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub computed_at: Option<NaiveDateTime>,
    pub submitted_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub version: i64,
}

/// What a slice computes for a customer: inputs, levels, points and grades, with the customer's
/// grade and category before the run.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = rating_results)]
pub struct Computed {
    pub customer_id: i64,
    pub eligibility: String,
    pub first_deal_date: Option<NaiveDate>,
    pub contract_amount_fen: i64,
    pub list_amount_fen: i64,
    pub late_receivables: i64,
    pub open_receivables_fen: i64,
    pub influence: Option<String>,
    pub influence_on: Option<NaiveDate>,
    pub level_amount: i64,
    pub level_receivables: i64,
    pub level_premium: i64,
    pub level_influence: i64,
    pub total_points: i64,
    pub proposed_grade: Option<String>,
    pub suggested_category: String,
    pub previous_grade: Option<String>,
    pub previous_category: String,
}

/// One computed result, as written by a slice.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rating_results)]
pub struct NewResult {
    pub run_id: i64,
    #[diesel(embed)]
    pub computed: Computed,
}

/// A stored result as read, with its override and its customer's code, name and office (read
/// joined).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rating_results)]
pub struct ResultRow {
    pub id: i64,
    #[diesel(embed)]
    pub computed: Computed,
    pub override_grade: Option<String>,
    pub override_category: Option<String>,
    pub override_reason: String,
    pub override_by: Option<i64>,
    #[diesel(select_expression = customers::code)]
    #[diesel(select_expression_type = customers::code)]
    pub customer_code: String,
    #[diesel(select_expression = customers::name)]
    #[diesel(select_expression_type = customers::name)]
    pub customer_name: String,
    #[diesel(select_expression = customers::office_id)]
    #[diesel(select_expression_type = customers::office_id)]
    pub office_id: Option<i64>,
}

/// A result of an approved rating with the run it belongs to (a customer's rating history).
#[derive(Debug, Clone, Queryable, Selectable)]
pub struct HistoryRow {
    #[diesel(embed)]
    pub result: ResultRow,
    #[diesel(embed)]
    pub run: RunRow,
}

/// What an override replaces and what decides whether it is allowed.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = rating_results)]
pub struct OverrideTarget {
    pub id: i64,
    #[diesel(column_name = override_grade)]
    pub grade: Option<String>,
    #[diesel(column_name = override_category)]
    pub category: Option<String>,
    pub eligibility: String,
    pub first_deal_date: Option<NaiveDate>,
}

/// A strategic influence assessment as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = influence_assessments)]
pub struct AssessmentRow {
    pub id: i64,
    pub customer_id: i64,
    pub level: String,
    pub reason: String,
    pub assessed_on: NaiveDate,
    pub assessed_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A policy version's number and its document's text.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_versions)]
pub struct PolicyText {
    pub id: i64,
    pub number: i64,
    pub document: String,
}

/// A policy version's number.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = policy_versions)]
pub struct PolicyNumber {
    pub id: i64,
    pub number: i64,
}

/// A run's results counted by office, final grade, changed and overridden.
#[derive(Debug, QueryableByName)]
pub struct GradeCell {
    #[diesel(sql_type = Nullable<BigInt>)]
    pub office_id: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    pub grade: Option<String>,
    #[diesel(sql_type = BigInt)]
    pub changed: i64,
    #[diesel(sql_type = BigInt)]
    pub overridden: i64,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

/// A run as created.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = rating_runs)]
pub struct NewRun {
    pub purpose: &'static str,
    pub rating_date: NaiveDate,
    pub window_months: i64,
    pub policy_version_id: i64,
    pub chosen: bool,
    pub status: &'static str,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
}

/// A new strategic influence assessment.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = influence_assessments)]
pub struct NewAssessmentRow<'a> {
    pub customer_id: i64,
    pub level: &'static str,
    pub reason: &'a str,
    pub assessed_on: NaiveDate,
    pub assessed_by: Option<i64>,
    pub created_at: NaiveDateTime,
}
