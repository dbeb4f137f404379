//! The review campaign (信用升降级评审) and its items: a customer's figures over the period, the
//! rules' proposal, the business department's review form (客户升(降)级评审表) and the VP's decision.

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{credit_review_items, credit_reviews};
use crate::policies::model::CreditGrade;

macro_rules! stored_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> $name {
                match s { $($text => $name::$variant,)+ _ => unreachable!("checked by the table") }
            }
        }
    };
}

/// generating: the figures are being gathered (a background job, `done` of `total`); open:
/// being reviewed and decided; failed: the job gave up (the error says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    Generating,
    Open,
    Failed,
}
stored_enum!(ReviewStatus { Generating => "generating", Open => "open", Failed => "failed" });

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Proposal {
    /// 升级
    Upgrade,
    /// 维持
    Keep,
    /// 降级
    Downgrade,
}
stored_enum!(Proposal { Upgrade => "upgrade", Keep => "keep", Downgrade => "downgrade" });

/// proposed (by the rules) → reviewed (the business department filled the form) → approved or
/// rejected by the VP. An approved item is applied to the credit profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    Proposed,
    Reviewed,
    Approved,
    Rejected,
}
stored_enum!(ItemStatus { Proposed => "proposed", Reviewed => "reviewed", Approved => "approved", Rejected => "rejected" });

/// Why the rules proposed what they did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewReason {
    /// No late receivable, no broken promise, utilisation at or above the policy's percentage.
    GoodPaymentHighUse,
    /// A receivable paid or open the policy's days or more after due.
    LatePayment,
    /// The policy's number of late receivables or more.
    ManyLate,
    /// The policy's number of broken promises or more.
    BrokenPromises,
    /// A severe credit event in the period.
    SevereEvent,
    /// Upgrade proposed but the grade is the highest already.
    TopGrade,
    /// Downgrade proposed but the grade is the lowest already.
    BottomGrade,
}

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_reviews)]
pub struct ReviewRow {
    pub id: i64,
    pub review_month: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_of: NaiveDate,
    pub policy_version_id: i64,
    pub status: String,
    pub total: i64,
    pub done: i64,
    pub cursor_id: i64,
    pub lease_until: Option<NaiveDateTime>,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub generated_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_reviews)]
pub struct NewReviewRow<'a> {
    pub review_month: &'a str,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub as_of: NaiveDate,
    pub policy_version_id: i64,
    pub status: &'a str,
    pub total: i64,
    pub lease_until: Option<NaiveDateTime>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A customer with credit on the day of the figures, with its profile.
#[derive(Debug, Clone, QueryableByName)]
pub struct Subject {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub customer_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub grade: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub limit_fen: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub credit_period_days: i64,
}

/// A customer's payment behaviour over the period and its position on the day of the figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Behaviour {
    pub sales_fen: i64,
    pub open_ar_fen: i64,
    /// Open receivables on the forms of credit that consume the limit.
    pub limit_ar_fen: i64,
    pub overdue_fen: i64,
    pub late_receivables: i64,
    pub worst_days_late: i64,
    pub broken_promises: i64,
    pub events: i64,
    pub severe_events: i64,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_review_items, treat_none_as_null = true)]
pub struct NewItemRow {
    pub review_id: i64,
    pub customer_id: i64,
    pub grade: String,
    pub limit_fen: i64,
    pub credit_period_days: i64,
    pub sales_fen: i64,
    pub open_ar_fen: i64,
    pub overdue_fen: i64,
    pub dso_days: Option<i64>,
    pub late_receivables: i64,
    pub worst_days_late: i64,
    pub broken_promises: i64,
    pub events: i64,
    pub severe_events: i64,
    pub utilisation_pct: Option<i64>,
    pub proposal: String,
    pub proposed_grade: String,
    pub proposed_limit_fen: i64,
    pub proposed_period_days: i64,
    pub reasons: String,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_review_items)]
pub struct ItemRow {
    pub id: i64,
    pub review_id: i64,
    pub customer_id: i64,
    pub grade: String,
    pub limit_fen: i64,
    pub credit_period_days: i64,
    pub sales_fen: i64,
    pub open_ar_fen: i64,
    pub overdue_fen: i64,
    pub dso_days: Option<i64>,
    pub late_receivables: i64,
    pub worst_days_late: i64,
    pub broken_promises: i64,
    pub events: i64,
    pub severe_events: i64,
    pub utilisation_pct: Option<i64>,
    pub proposal: String,
    pub proposed_grade: String,
    pub proposed_limit_fen: i64,
    pub proposed_period_days: i64,
    pub reasons: String,
    pub status: String,
    pub decision: Option<String>,
    pub new_grade: Option<String>,
    pub new_limit_fen: Option<i64>,
    pub new_period_days: Option<i64>,
    pub opinion: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_note: String,
    pub applied_request_id: Option<i64>,
    pub version: i64,
    /// The credit profile's approving request when the form was saved.
    pub basis_request_id: Option<i64>,
}

/// Items of a campaign by status and by proposal.
#[derive(Debug, Clone, QueryableByName)]
pub struct CountRow {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub review_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub status: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub proposal: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Timestamp>)]
    pub last_reviewed_at: Option<NaiveDateTime>,
}

/// Someone to tell about applied results, with how many of their customers changed.
#[derive(Debug, Clone, QueryableByName)]
pub struct Recipient {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub user_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

// ---------------------------------------------------------------------------------------------
// Answers

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct StatusCounts {
    pub proposed: i64,
    pub reviewed: i64,
    pub approved: i64,
    pub rejected: i64,
}

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ProposalCounts {
    pub upgrade: i64,
    pub keep: i64,
    pub downgrade: i64,
}

/// A review campaign with its progress.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditReview {
    pub id: i64,
    /// `YYYY-MM`, a review month of the policy.
    pub review_month: String,
    /// The period whose payment behaviour is reviewed: the months since the previous review.
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    /// The day open receivables, overdue amounts and utilisation were taken.
    pub as_of: NaiveDate,
    pub policy_version_id: i64,
    pub status: ReviewStatus,
    /// Customers with credit in the campaign, and how many have been gathered.
    pub total: i64,
    pub done: i64,
    pub error: Option<String>,
    /// Items by status (in the caller's scope).
    pub counts: StatusCounts,
    /// Items by the rules' proposal (in the caller's scope).
    pub proposals: ProposalCounts,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<chrono::Utc>,
    pub generated_at: Option<DateTime<chrono::Utc>>,
    /// The latest form saved among the customers counted: the batch approval sends it back as
    /// `reviewed_before`, so a form saved after the page was read is not approved unseen.
    pub last_reviewed_at: Option<DateTime<chrono::Utc>>,
}

/// One customer of a campaign: the 客户升(降)级评审表.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewItem {
    pub id: i64,
    pub review_id: i64,
    pub review_month: String,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub office_name: Option<String>,
    pub owner_name: Option<String>,
    /// The profile when the campaign was generated.
    pub grade: CreditGrade,
    pub limit_fen: i64,
    pub credit_period_days: i64,
    /// Receivables issued in the period (shipments invoiced).
    pub sales_fen: i64,
    /// Open receivables on the day of the figures.
    pub open_ar_fen: i64,
    /// Of which past due.
    pub overdue_fen: i64,
    /// Days sales outstanding: open receivables ÷ the period's sales × the period's days (none
    /// without sales).
    pub dso_days: Option<i64>,
    /// Receivables due in the period paid after their due date or still open past it.
    pub late_receivables: i64,
    /// The most days after due date such a receivable was paid, or is open (0: none late).
    pub worst_days_late: i64,
    /// Promises to pay due in the period and broken.
    pub broken_promises: i64,
    /// Credit events recorded in the period, and of which severe.
    pub events: i64,
    pub severe_events: i64,
    /// Open receivables on limit-consuming forms as a percentage of the limit, rounded down
    /// (none when the limit is 0).
    pub utilisation_pct: Option<i64>,
    pub proposal: Proposal,
    pub proposed_grade: CreditGrade,
    pub proposed_limit_fen: i64,
    pub proposed_period_days: i64,
    pub reasons: Vec<ReviewReason>,
    pub status: ItemStatus,
    /// The business department's review (none until filled).
    pub decision: Option<Proposal>,
    pub new_grade: Option<CreditGrade>,
    pub new_limit_fen: Option<i64>,
    pub new_period_days: Option<i64>,
    pub opinion: String,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<chrono::Utc>>,
    /// The VP's decision.
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<chrono::Utc>>,
    pub decision_note: String,
    /// The approved limit request that applied the result to the credit profile.
    pub applied_request_id: Option<i64>,
    /// Sent back with the review form: a form changed meanwhile is refused (409).
    pub version: i64,
}

// ---------------------------------------------------------------------------------------------
// Inputs

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"review_month": "2026-12"}))]
pub struct NewCreditReview {
    /// `YYYY-MM`: one of the policy's review months, not after the current month (default: the
    /// current month).
    pub review_month: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub status: Option<ItemStatus>,
    pub proposal: Option<Proposal>,
    pub office_id: Option<i64>,
    /// Customer name or code contains.
    pub q: Option<String>,
}

/// 客户升(降)级评审表 as the business department fills it.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"decision": "upgrade", "new_grade": "AA", "new_limit_fen": 300000000, "new_period_days": 60, "opinion": "回款及时，额度使用充分，建议升级", "version": 0}))]
pub struct ReviewForm {
    pub decision: Proposal,
    pub new_grade: CreditGrade,
    pub new_limit_fen: i64,
    pub new_period_days: i64,
    pub opinion: String,
    /// The item's version as read.
    pub version: i64,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"approve": true, "note": "同意", "version": 1}))]
pub struct ItemDecision {
    pub approve: bool,
    #[serde(default)]
    pub note: String,
    /// The form's version as read: a form saved again since is refused (409).
    pub version: i64,
}

/// Approve every reviewed item of the campaign at once, except those listed (they stay for a
/// decision of their own).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"except": [], "note": "同意业务部评审意见", "reviewed_before": "2026-12-10T08:00:00Z"}))]
pub struct BatchApproval {
    #[serde(default)]
    pub except: Vec<i64>,
    #[serde(default)]
    pub note: String,
    /// Approve only forms saved at or before this instant — when the VP's list was loaded — so
    /// a form saved after he read it is left for him to see (the web app always sends it).
    pub reviewed_before: Option<DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BatchResult {
    /// Items approved and applied to the credit profiles.
    pub approved: i64,
    /// Reviewed items left: listed as exceptions.
    pub excepted: i64,
    /// Reviewed items left: the VP reviewed them himself (nobody decides his own review).
    pub own: i64,
    /// Reviewed items left: the form was saved after `reviewed_before`.
    pub later: i64,
    /// Reviewed items left: the credit profile changed after the form was saved (the business
    /// department fills it again).
    pub changed: i64,
}
