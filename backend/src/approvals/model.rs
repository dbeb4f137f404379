use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::{Area, Role};
use crate::db::schema::approvals;

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
}

impl ApprovalKind {
    pub const ALL: [ApprovalKind; 4] = [
        ApprovalKind::DossierBorrowing,
        ApprovalKind::PolicyVersion,
        ApprovalKind::CreditPolicy,
        ApprovalKind::RatingRun,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalKind::DossierBorrowing => "dossier_borrowing",
            ApprovalKind::PolicyVersion => "policy_version",
            ApprovalKind::CreditPolicy => "credit_policy",
            ApprovalKind::RatingRun => "rating_run",
        }
    }
    pub fn parse(s: &str) -> Option<ApprovalKind> {
        ApprovalKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
    /// The area whose `approve` permission a decider needs.
    pub fn area(self) -> Area {
        match self {
            ApprovalKind::DossierBorrowing => Area::DossierBorrowing,
            ApprovalKind::PolicyVersion | ApprovalKind::CreditPolicy => Area::PolicyVersions,
            ApprovalKind::RatingRun => Area::RatingRuns,
        }
    }
    /// Whose inbox the request goes to.
    pub fn approver_role(self) -> Role {
        match self {
            ApprovalKind::DossierBorrowing => Role::BusinessManager,
            ApprovalKind::PolicyVersion => Role::VicePresident,
            ApprovalKind::CreditPolicy => Role::GeneralManager,
            ApprovalKind::RatingRun => Role::VicePresident,
        }
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
    pub kind: ApprovalKind,
    pub title: String,
    /// The customer concerned; its name is shown to deciders only (a borrower may not know it).
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub customer_code: Option<String>,
    /// What is asked, by kind (borrowing: `{"days": 7, "reason": "…"}`).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
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
    pub kind: Option<ApprovalKind>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "同意，借阅7天"}))]
pub struct Decision {
    pub comment: Option<String>,
}
