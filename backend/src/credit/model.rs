//! Credit control's records and what the API answers: the credit profile of a customer, its
//! exposure, limit requests, security instruments, investigations, events, holds, and the
//! stored result of a credit check.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{
    credit_checks, credit_events, credit_holds, credit_instruments, credit_investigations,
    credit_limit_requests, credit_profiles,
};
use crate::policies::model::{CreditGrade, InstrumentKind};

/// Generates `as_str`/`parse`/`ALL` for a snake_case enum whose values are stored as text.
macro_rules! stored_enum {
    ($name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

pub fn grade_str(g: CreditGrade) -> &'static str {
    match g {
        CreditGrade::AAA => "AAA",
        CreditGrade::AA => "AA",
        CreditGrade::A => "A",
        CreditGrade::B => "B",
        CreditGrade::C => "C",
    }
}

pub fn parse_grade(s: &str) -> Option<CreditGrade> {
    CreditGrade::ALL.into_iter().find(|g| grade_str(*g) == s)
}

// ---------------------------------------------------------------------------------------------
// Rows

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_profiles)]
pub struct ProfileRow {
    pub customer_id: i64,
    pub grade: String,
    pub limit_fen: i64,
    pub credit_period_days: i64,
    pub valid_until: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub request_id: i64,
    pub approved_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_limit_requests)]
pub struct LimitRequestRow {
    pub id: i64,
    pub customer_id: i64,
    pub approval_id: Option<i64>,
    pub status: String,
    pub old_grade: Option<String>,
    pub new_grade: String,
    pub old_limit_fen: i64,
    pub new_limit_fen: i64,
    pub old_period_days: Option<i64>,
    pub credit_period_days: i64,
    pub valid_until: Option<NaiveDate>,
    pub reason: String,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
    pub decided_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_limit_requests)]
pub struct NewLimitRequestRow<'a> {
    pub customer_id: i64,
    pub old_grade: Option<&'a str>,
    pub new_grade: &'a str,
    pub old_limit_fen: i64,
    pub new_limit_fen: i64,
    pub old_period_days: Option<i64>,
    pub credit_period_days: i64,
    pub valid_until: Option<NaiveDate>,
    pub reason: &'a str,
    pub requested_by: i64,
    pub requested_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_instruments)]
pub struct InstrumentRow {
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    pub provider: String,
    pub amount_fen: i64,
    pub expires_on: NaiveDate,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub voided_at: Option<NaiveDateTime>,
    pub void_reason: Option<String>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_instruments)]
pub struct NewInstrumentRow<'a> {
    pub customer_id: i64,
    pub kind: &'a str,
    pub provider: &'a str,
    pub amount_fen: i64,
    pub expires_on: NaiveDate,
    pub note: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_investigations)]
pub struct InvestigationRow {
    pub id: i64,
    pub customer_id: i64,
    pub source: String,
    pub investigated_on: NaiveDate,
    pub findings: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_investigations)]
pub struct NewInvestigationRow<'a> {
    pub customer_id: i64,
    pub source: &'a str,
    pub investigated_on: NaiveDate,
    pub findings: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_events)]
pub struct EventRow {
    pub id: i64,
    pub customer_id: i64,
    pub kind: String,
    pub phase: String,
    pub severity: String,
    pub notes: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_events)]
pub struct NewEventRow<'a> {
    pub customer_id: i64,
    pub kind: &'a str,
    pub phase: &'a str,
    pub severity: &'a str,
    pub notes: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_holds)]
pub struct HoldRow {
    pub id: i64,
    pub customer_id: i64,
    pub reason: String,
    pub event_id: Option<i64>,
    pub set_by: Option<i64>,
    pub set_at: NaiveDateTime,
    pub lift_reason: Option<String>,
    pub lifted_by: Option<i64>,
    pub lifted_at: Option<NaiveDateTime>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_holds)]
pub struct NewHoldRow<'a> {
    pub customer_id: i64,
    pub reason: &'a str,
    pub event_id: Option<i64>,
    pub set_by: Option<i64>,
    pub set_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_checks)]
pub struct CheckRow {
    pub id: i64,
    pub document_type: String,
    pub document_id: i64,
    pub customer_id: i64,
    pub passed: bool,
    pub reasons: String,
    pub exposure_fen: i64,
    pub amount_fen: i64,
    pub limit_fen: i64,
    pub policy_version_id: i64,
    pub checked_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_checks)]
pub struct NewCheckRow<'a> {
    pub document_type: &'a str,
    pub document_id: i64,
    pub customer_id: i64,
    pub passed: bool,
    pub reasons: String,
    pub exposure_fen: i64,
    pub amount_fen: i64,
    pub limit_fen: i64,
    pub policy_version_id: i64,
    pub checked_at: NaiveDateTime,
}

/// Everything a check reads about one customer, in one statement (see `repo::figures`).
#[derive(Debug, Clone, QueryableByName)]
pub struct FiguresRow {
    #[diesel(sql_type = BigInt)]
    pub open_receivables_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub shipped_not_invoiced_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub unshipped_contracts_fen: i64,
    /// Of the unshipped value, what contracts the GM approved as special contracts hold.
    #[diesel(sql_type = BigInt)]
    pub special_unshipped_fen: i64,
    /// Of the shipped-not-invoiced part, what other blocked notes hold.
    #[diesel(sql_type = BigInt)]
    pub blocked_issued_fen: i64,
    /// The own contract's issued notes that are not blocked (the note checked aside).
    #[diesel(sql_type = BigInt)]
    pub own_issued_fen: i64,
    /// The own contract's open receivables.
    #[diesel(sql_type = BigInt)]
    pub own_open_fen: i64,
    /// The approved limit (None: no credit, or its approval expired).
    #[diesel(sql_type = Nullable<BigInt>)]
    pub approved_limit_fen: Option<i64>,
    /// Valid instruments of the kinds the policy counts.
    #[diesel(sql_type = BigInt)]
    pub instruments_fen: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub worst_overdue_days: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub hold_id: Option<i64>,
    /// The customer's registration date (营业执照), which months in business count from.
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub registration_date: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub latest_investigation: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------------------------
// Enumerations

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum InvestigationSource {
    /// 介绍
    Introduction,
    /// 网站
    Website,
    /// 直接接触
    DirectContact,
    /// 银行资信报告
    BankReport,
    /// 律师
    Lawyer,
    Other,
}
stored_enum!(InvestigationSource {
    Introduction => "introduction",
    Website => "website",
    DirectContact => "direct_contact",
    BankReport => "bank_report",
    Lawyer => "lawyer",
    Other => "other",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// 拒付
    RefusalToPay,
    /// 可能拒付
    LikelyRefusalToPay,
    /// 法律纠纷
    LegalTrouble,
    /// 大额订单
    LargeOrder,
    /// 管理层变动
    ManagementChange,
    Other,
}
stored_enum!(EventKind {
    RefusalToPay => "refusal_to_pay",
    LikelyRefusalToPay => "likely_refusal_to_pay",
    LegalTrouble => "legal_trouble",
    LargeOrder => "large_order",
    ManagementChange => "management_change",
    Other => "other",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RiskPhase {
    /// 交易前
    PreTransaction,
    /// 交易中
    InTransaction,
    /// 拖欠后
    PostDelinquency,
}
stored_enum!(RiskPhase {
    PreTransaction => "pre_transaction",
    InTransaction => "in_transaction",
    PostDelinquency => "post_delinquency",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Low,
    Medium,
    /// Puts the customer on credit hold at once.
    Severe,
}
stored_enum!(Severity {
    Low => "low",
    Medium => "medium",
    Severe => "severe",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Pending,
    Approved,
    Rejected,
    Cancelled,
}
stored_enum!(RequestStatus {
    Pending => "pending",
    Approved => "approved",
    Rejected => "rejected",
    Cancelled => "cancelled",
});

/// The document a check was made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CheckedDocument {
    Contract,
    ShippingNote,
}
stored_enum!(CheckedDocument {
    Contract => "contract",
    ShippingNote => "shipping_note",
});

/// Why a check failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReasonCode {
    /// The customer is on credit hold.
    Hold,
    /// 信用标准: fewer months in business than the policy asks (or unknown).
    MonthsInBusiness,
    /// 信用标准: no credit investigation on file.
    Investigation,
    /// A receivable is overdue more than `standard.max_overdue_days`.
    Overdue,
    /// Exposure (with this document) above the limit.
    Limit,
}

// ---------------------------------------------------------------------------------------------
// What the API answers

/// One reason a check failed, with its figures: `actual` against `allowed` (days, months or fen
/// by the code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CheckReason {
    pub code: ReasonCode,
    pub actual: Option<i64>,
    pub allowed: Option<i64>,
    /// In English; the web app words it from the code and figures.
    pub message: String,
}

/// The result of a credit check, stored with the document.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditCheck {
    pub id: i64,
    pub document_type: CheckedDocument,
    pub document_id: i64,
    pub passed: bool,
    pub reasons: Vec<CheckReason>,
    /// The exposure the check compared (this document included).
    pub exposure_fen: i64,
    /// This document's amount.
    pub amount_fen: i64,
    pub limit_fen: i64,
    pub policy_version_id: i64,
    pub checked_at: DateTime<Utc>,
}

/// Which parts the policy in force counts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExposurePartsCounted {
    pub open_receivables: bool,
    pub shipped_not_invoiced: bool,
    pub unshipped_contracts: bool,
}

/// 信用敞口: what the customer owes or will owe, against its limit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Exposure {
    pub customer_id: i64,
    /// Open receivable balances (amount − allocations − credit notes).
    pub open_receivables_fen: i64,
    /// Issued, unconfirmed shipping notes (blocked ones included).
    pub shipped_not_invoiced_fen: i64,
    /// Signed contracts' lines: (ordered − issued) × price.
    pub unshipped_contracts_fen: i64,
    pub counted: ExposurePartsCounted,
    /// The sum of the counted parts.
    pub exposure_fen: i64,
    /// Approved limit + valid counted instruments; 0 without approved credit.
    pub limit_fen: i64,
    /// limit − exposure (negative when over).
    pub headroom_fen: i64,
    /// exposure / limit in percent, one decimal; None when the limit is 0.
    pub utilisation_pct: Option<f64>,
    pub policy_version_id: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExposurePart {
    OpenReceivables,
    ShippedNotInvoiced,
    UnshippedContracts,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExposureDocumentsQuery {
    #[param(inline, example = "open_receivables")]
    pub part: ExposurePart,
}

/// The kind of a document behind the exposure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExposureDocumentType {
    Receivable,
    ShippingNote,
    Contract,
}

impl ExposureDocumentType {
    pub fn of(part: ExposurePart) -> ExposureDocumentType {
        match part {
            ExposurePart::OpenReceivables => ExposureDocumentType::Receivable,
            ExposurePart::ShippedNotInvoiced => ExposureDocumentType::ShippingNote,
            ExposurePart::UnshippedContracts => ExposureDocumentType::Contract,
        }
    }
}

/// A document behind one part of the exposure.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExposureDocument {
    pub document_type: ExposureDocumentType,
    pub id: i64,
    /// The shipping note's or contract's number (a receivable shows its contract's).
    pub number: String,
    pub contract_id: i64,
    pub contract_number: String,
    /// Due date, ship date or signing date.
    pub date: Option<NaiveDate>,
    /// What this document adds to the part.
    pub amount_fen: i64,
}

/// A row of the exposure's documents as the statement answers it.
#[derive(Debug, Clone, QueryableByName)]
pub struct ExposureDocumentRow {
    #[diesel(sql_type = BigInt)]
    pub id: i64,
    /// The shipping note's or contract's number (a receivable shows its contract's).
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub number: String,
    #[diesel(sql_type = BigInt)]
    pub contract_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub contract_number: String,
    /// Due date, ship date or signing date.
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub date: Option<NaiveDate>,
    /// What this document adds to the part.
    #[diesel(sql_type = BigInt)]
    pub amount_fen: i64,
}

/// One condition of the credit standard (信用标准) with the policy's value.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StandardItem {
    pub code: ReasonCode,
    pub passed: bool,
    pub actual: Option<i64>,
    pub required: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditStandardResult {
    pub passed: bool,
    pub items: Vec<StandardItem>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Instrument {
    pub id: i64,
    pub kind: InstrumentKind,
    pub provider: String,
    pub amount_fen: i64,
    pub expires_on: NaiveDate,
    pub note: String,
    /// Valid today, not voided, of a kind the policy counts, and the customer has credit.
    pub counts: bool,
    /// Voided (a mistake, a guarantee withdrawn), with the reason.
    pub voided_at: Option<DateTime<Utc>>,
    pub void_reason: Option<String>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// A file (one of the customer's attachments) behind an investigation or an event.
#[derive(Debug, Clone, Serialize, ToSchema, QueryableByName)]
pub struct RecordFile {
    #[diesel(sql_type = diesel::sql_types::Text)]
    #[serde(skip)]
    pub record_type: String,
    #[diesel(sql_type = BigInt)]
    #[serde(skip)]
    pub record_id: i64,
    /// The attachment (download: GET /api/v1/attachments/{id}).
    #[diesel(sql_type = BigInt)]
    pub attachment_id: i64,
    #[diesel(sql_type = diesel::sql_types::Text)]
    pub filename: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Investigation {
    pub id: i64,
    pub source: InvestigationSource,
    pub investigated_on: NaiveDate,
    pub findings: String,
    pub files: Vec<RecordFile>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditEvent {
    pub id: i64,
    pub kind: EventKind,
    pub phase: RiskPhase,
    pub severity: Severity,
    pub notes: String,
    pub files: Vec<RecordFile>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditHold {
    pub id: i64,
    pub reason: String,
    pub event_id: Option<i64>,
    pub set_by_name: Option<String>,
    pub set_at: DateTime<Utc>,
    pub lift_reason: Option<String>,
    pub lifted_by_name: Option<String>,
    pub lifted_at: Option<DateTime<Utc>>,
}

/// A request to change a customer's credit grade and limit, with its outcome.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LimitRequest {
    pub id: i64,
    pub customer_id: i64,
    pub approval_id: Option<i64>,
    pub status: RequestStatus,
    pub old_grade: Option<CreditGrade>,
    pub new_grade: CreditGrade,
    pub old_limit_fen: i64,
    pub new_limit_fen: i64,
    pub old_period_days: Option<i64>,
    pub credit_period_days: i64,
    pub valid_until: Option<NaiveDate>,
    pub reason: String,
    pub requested_by_name: Option<String>,
    pub requested_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
}

/// 客户信用档案: everything the credit tab of a customer shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditProfile {
    pub customer_id: i64,
    /// False until a limit request is approved (prepayment / cash on delivery only), or after
    /// the approval's validity ended.
    pub has_credit: bool,
    pub grade: Option<CreditGrade>,
    /// The approved limit (instruments aside).
    pub approved_limit_fen: i64,
    pub credit_period_days: Option<i64>,
    pub valid_until: Option<NaiveDate>,
    pub next_review_on: Option<NaiveDate>,
    pub hold: Option<CreditHold>,
    pub exposure: Exposure,
    pub standard: CreditStandardResult,
    pub instruments: Vec<Instrument>,
    pub investigations: Vec<Investigation>,
    pub events: Vec<CreditEvent>,
    pub holds: Vec<CreditHold>,
    /// Grade and limit history, newest first.
    pub requests: Vec<LimitRequest>,
}

// ---------------------------------------------------------------------------------------------
// Inputs

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"new_grade": "A", "new_limit_fen": 80000000, "credit_period_days": 45, "reason": "两年回款良好"}))]
pub struct NewLimitRequest {
    pub new_grade: CreditGrade,
    /// The new limit in fen (0 withdraws credit).
    pub new_limit_fen: i64,
    pub credit_period_days: i64,
    /// The approval's end (next review before it); none: until changed.
    pub valid_until: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "guarantee", "provider": "河北银行", "amount_fen": 20000000, "expires_on": "2027-12-31"}))]
pub struct NewInstrument {
    pub kind: InstrumentKind,
    pub provider: String,
    pub amount_fen: i64,
    pub expires_on: NaiveDate,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"source": "bank_report", "investigated_on": "2026-11-20", "findings": "银行评级 AA，无不良记录"}))]
pub struct NewInvestigation {
    pub source: InvestigationSource,
    pub investigated_on: NaiveDate,
    pub findings: String,
    /// Files uploaded to the customer's attachments first (at most 20).
    #[serde(default)]
    pub attachment_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"kind": "likely_refusal_to_pay", "phase": "post_delinquency", "severity": "severe", "notes": "客户资金链紧张"}))]
pub struct NewCreditEvent {
    pub kind: EventKind,
    pub phase: RiskPhase,
    pub severity: Severity,
    pub notes: String,
    /// Files uploaded to the customer's attachments first (at most 20).
    #[serde(default)]
    pub attachment_ids: Vec<i64>,
}

/// A reason, required to set or lift a hold and to release or reject a blocked note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "客户已承诺本周回款"}))]
pub struct CreditReason {
    pub reason: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BlockQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

impl From<&CheckRow> for CreditCheck {
    fn from(r: &CheckRow) -> Self {
        CreditCheck {
            id: r.id,
            document_type: CheckedDocument::parse(&r.document_type)
                .unwrap_or(CheckedDocument::Contract),
            document_id: r.document_id,
            passed: r.passed,
            reasons: serde_json::from_str(&r.reasons).unwrap_or_default(),
            exposure_fen: r.exposure_fen,
            amount_fen: r.amount_fen,
            limit_fen: r.limit_fen,
            policy_version_id: r.policy_version_id,
            checked_at: r.checked_at.and_utc(),
        }
    }
}

/// How a customer has been paying, shown with a blocked note.
#[derive(Debug, Clone, Default, Serialize, ToSchema, QueryableByName)]
pub struct PaymentPerformance {
    #[diesel(sql_type = BigInt)]
    pub customer_id: i64,
    /// Payments received in the last 90 days (reversed ones aside).
    #[diesel(sql_type = BigInt)]
    pub paid_last_90_days_fen: i64,
    /// Open balances past their due date.
    #[diesel(sql_type = BigInt)]
    pub overdue_fen: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub worst_overdue_days: Option<i64>,
    #[diesel(sql_type = Nullable<diesel::sql_types::Date>)]
    pub last_payment_on: Option<NaiveDate>,
}
