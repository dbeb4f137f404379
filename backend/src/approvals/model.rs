use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::Role;
use crate::db::schema::{approval_events, approvals, customers, users};
use crate::error::{ApiError, ApiResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalKind {
    /// 资料借阅: temporary access to a customer outside one's scope.
    DossierBorrowing,
    /// 管理办法修订: a policy version, decided by the VP.
    PolicyVersion,
    /// The credit and service parts of a policy version, decided by the GM after the VP.
    CreditPolicy,
    /// 客户评级: a rating run's grades and categories, decided by the VP.
    RatingRun,
    /// 信用额度/等级变更: a customer's credit grade and limit, decided by the VP.
    CreditLimit,
    /// A credit limit above the policy's amount, decided by the GM after the VP.
    CreditLimitGm,
    /// 超过信用范围的特殊合同: a contract that failed the credit check, decided by the GM.
    SpecialContract,
    /// 坏账核销: a receivable written off, decided by the GM.
    WriteOff,
}

impl ApprovalKind {
    pub const ALL: [ApprovalKind; 8] = [
        ApprovalKind::DossierBorrowing,
        ApprovalKind::PolicyVersion,
        ApprovalKind::CreditPolicy,
        ApprovalKind::RatingRun,
        ApprovalKind::CreditLimit,
        ApprovalKind::CreditLimitGm,
        ApprovalKind::SpecialContract,
        ApprovalKind::WriteOff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalKind::DossierBorrowing => "dossier_borrowing",
            ApprovalKind::PolicyVersion => "policy_version",
            ApprovalKind::CreditPolicy => "credit_policy",
            ApprovalKind::RatingRun => "rating_run",
            ApprovalKind::CreditLimit => "credit_limit",
            ApprovalKind::CreditLimitGm => "credit_limit_gm",
            ApprovalKind::SpecialContract => "special_contract",
            ApprovalKind::WriteOff => "write_off",
        }
    }
    pub fn parse(s: &str) -> Option<ApprovalKind> {
        ApprovalKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// 资料借阅: what the borrower asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BorrowingPayload {
    /// Length of the loan, 1–30 days.
    pub days: i64,
    /// Why the borrower needs the customer's file.
    pub reason: String,
}

/// A policy version to decide (管理办法修订, or its credit and service parts for the GM).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PolicyVersionPayload {
    pub policy_version_id: i64,
    /// The version's number (管理办法第 N 版).
    pub number: i64,
    pub effective_from: Option<NaiveDate>,
}

/// A rating run to decide (客户评级): its results are what the VP reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RatingRunPayload {
    pub rating_run_id: i64,
    pub rating_date: NaiveDate,
    /// Customers rated by the run.
    pub customers: i64,
}

/// A change of a customer's credit grade and limit (信用额度/等级变更).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CreditLimitPayload {
    pub request_id: i64,
    pub old_grade: Option<crate::policies::model::CreditGrade>,
    pub new_grade: crate::policies::model::CreditGrade,
    pub old_limit_fen: i64,
    pub new_limit_fen: i64,
    pub credit_period_days: i64,
    pub reason: String,
}

/// A contract over the customer's credit (超过信用范围的特殊合同): the check's figures and reasons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SpecialContractPayload {
    pub contract_id: i64,
    pub contract_number: String,
    pub amount_fen: i64,
    pub exposure_fen: i64,
    pub limit_fen: i64,
    pub signed_on: NaiveDate,
    pub reasons: Vec<crate::credit::model::CheckReason>,
}

/// A receivable's balance proposed for write-off (坏账核销) with the collection case behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WriteOffPayload {
    pub write_off_id: i64,
    pub receivable_id: i64,
    pub customer_id: i64,
    pub contract_number: String,
    pub amount_fen: i64,
    pub reason: String,
}

/// What is asked, by kind: the kind names the request, the payload says what exactly. On the
/// wire an approval carries both side by side (`{"kind": "dossier_borrowing", "payload":
/// {"days": 7, "reason": "…"}, …}`); the database keeps the payload as JSON text beside the kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum ApprovalPayload {
    DossierBorrowing(BorrowingPayload),
    PolicyVersion(PolicyVersionPayload),
    CreditPolicy(PolicyVersionPayload),
    RatingRun(RatingRunPayload),
    CreditLimit(CreditLimitPayload),
    CreditLimitGm(CreditLimitPayload),
    SpecialContract(SpecialContractPayload),
    WriteOff(WriteOffPayload),
}

impl ApprovalPayload {
    pub fn kind(&self) -> ApprovalKind {
        match self {
            ApprovalPayload::DossierBorrowing(_) => ApprovalKind::DossierBorrowing,
            ApprovalPayload::PolicyVersion(_) => ApprovalKind::PolicyVersion,
            ApprovalPayload::CreditPolicy(_) => ApprovalKind::CreditPolicy,
            ApprovalPayload::RatingRun(_) => ApprovalKind::RatingRun,
            ApprovalPayload::CreditLimit(_) => ApprovalKind::CreditLimit,
            ApprovalPayload::CreditLimitGm(_) => ApprovalKind::CreditLimitGm,
            ApprovalPayload::SpecialContract(_) => ApprovalKind::SpecialContract,
            ApprovalPayload::WriteOff(_) => ApprovalKind::WriteOff,
        }
    }

    /// The payload of a kind from its JSON (a request's or a stored one); an error when the
    /// JSON is not that kind's payload.
    pub fn from_parts(
        kind: ApprovalKind,
        payload: serde_json::Value,
    ) -> Result<ApprovalPayload, serde_json::Error> {
        serde_json::from_value(serde_json::json!({"kind": kind.as_str(), "payload": payload}))
    }

    /// The payload alone, as JSON (what the `payload` column stores).
    pub fn payload_json(&self) -> serde_json::Value {
        let value = match self {
            ApprovalPayload::DossierBorrowing(p) => serde_json::to_value(p),
            ApprovalPayload::PolicyVersion(p) | ApprovalPayload::CreditPolicy(p) => {
                serde_json::to_value(p)
            }
            ApprovalPayload::RatingRun(p) => serde_json::to_value(p),
            ApprovalPayload::CreditLimit(p) | ApprovalPayload::CreditLimitGm(p) => {
                serde_json::to_value(p)
            }
            ApprovalPayload::SpecialContract(p) => serde_json::to_value(p),
            ApprovalPayload::WriteOff(p) => serde_json::to_value(p),
        };
        value.unwrap_or(serde_json::Value::Null)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalStatus {
    Pending,
    Approved,
    Rejected,
    Cancelled,
}

impl ApprovalStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalStatus::Pending => "pending",
            ApprovalStatus::Approved => "approved",
            ApprovalStatus::Rejected => "rejected",
            ApprovalStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> ApprovalStatus {
        match s {
            "approved" => ApprovalStatus::Approved,
            "rejected" => ApprovalStatus::Rejected,
            "cancelled" => ApprovalStatus::Cancelled,
            _ => ApprovalStatus::Pending,
        }
    }
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = approvals)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ApprovalRow {
    pub id: i64,
    pub kind: String,
    pub customer_id: Option<i64>,
    pub title: String,
    pub payload: String,
    pub requester_id: i64,
    pub approver_role: String,
    pub due_at: NaiveDateTime,
    pub status: String,
    pub decided_by: Option<i64>,
    pub decided_at: Option<NaiveDateTime>,
    pub decision_comment: String,
    pub created_at: NaiveDateTime,
}

/// One step of an approval's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalEvent {
    pub at: DateTime<Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    /// `requested`, `approved`, `rejected`, `cancelled`.
    pub action: String,
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Approval {
    pub id: i64,
    /// `kind` and `payload`: what is asked.
    #[serde(flatten)]
    pub request: ApprovalPayload,
    pub title: String,
    /// The customer concerned; its name is shown to deciders only (a borrower may not know it).
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_code: Option<String>,
    pub requester_id: i64,
    pub requester_name: Option<String>,
    pub approver_role: Role,
    pub due_at: DateTime<Utc>,
    /// Past the due date and still pending.
    pub overdue: bool,
    pub status: ApprovalStatus,
    pub decided_by: Option<i64>,
    pub decided_by_name: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_comment: String,
    pub created_at: DateTime<Utc>,
    /// True when the current user may approve or reject it now.
    pub can_decide: bool,
    /// History, oldest first (in the single-approval answer; empty in lists).
    pub events: Vec<ApprovalEvent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalBox {
    /// Requests waiting for me to decide.
    Inbox,
    /// Requests I made.
    Mine,
    /// Requests I decided.
    Decided,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApprovalQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// `inbox` (default), `mine` or `decided`.
    #[param(inline)]
    pub r#box: Option<ApprovalBox>,
    pub status: Option<ApprovalStatus>,
    #[param(inline)]
    pub kind: Option<ApprovalKind>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "同意，借阅7天"}))]
pub struct Decision {
    pub comment: Option<String>,
}

impl ApprovalRow {
    /// The stored payload, typed by the row's kind.
    pub fn payload(&self) -> ApiResult<ApprovalPayload> {
        let kind = ApprovalKind::parse(&self.kind).ok_or_else(|| {
            ApiError::internal(format!("approval {}: unknown kind {}", self.id, self.kind))
        })?;
        let json: serde_json::Value = serde_json::from_str(&self.payload)
            .map_err(|e| ApiError::internal(format!("approval {}: payload: {e}", self.id)))?;
        ApprovalPayload::from_parts(kind, json)
            .map_err(|e| ApiError::internal(format!("approval {}: payload: {e}", self.id)))
    }
}

/// A new request, as stored.
#[derive(Debug, Insertable)]
#[diesel(table_name = approvals)]
pub struct NewApprovalRow<'a> {
    pub kind: &'a str,
    pub customer_id: Option<i64>,
    pub title: &'a str,
    pub payload: String,
    pub requester_id: i64,
    pub approver_role: &'a str,
    pub due_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

/// One stored step of an approval's history.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = approval_events)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct EventRow {
    pub approval_id: i64,
    pub at: NaiveDateTime,
    pub actor_id: Option<i64>,
    pub action: String,
    pub comment: String,
}

/// A person's display name (requester, decider, actor of an event).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PersonName {
    pub id: i64,
    pub display_name: String,
}

/// The customer an approval concerns, as deciders see it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = customers)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct CustomerLabel {
    pub id: i64,
    pub name: String,
    pub code: String,
}
