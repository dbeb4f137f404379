use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{allocations, payments, receivables};

/// A receivable as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = receivables)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ReceivableRow {
    pub id: i64,
    pub customer_id: i64,
    pub contract_id: i64,
    pub shipping_note_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub allocated_fen: i64,
    pub credited_fen: i64,
    pub written_off_fen: i64,
}

/// An open receivable and its balance (amount − allocated − credited − written off).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Queryable)]
pub struct OpenBalance {
    pub receivable_id: i64,
    pub balance_fen: i64,
}

/// An open receivable with its contract's number and balance (the card).
#[derive(Debug, Clone, Queryable)]
pub struct OpenReceivable {
    pub id: i64,
    pub contract_id: i64,
    pub contract_number: String,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub balance_fen: i64,
}

/// The receivable a confirmed shipment books, due `issued_on + credit_period_days`.
#[derive(Debug, Clone, Copy)]
pub struct ShipmentReceivable {
    pub customer_id: i64,
    pub contract_id: i64,
    pub shipping_note_id: i64,
    pub issued_on: NaiveDate,
    pub credit_period_days: i64,
    pub amount_fen: i64,
}

/// A payment as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = payments)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct PaymentRow {
    pub id: i64,
    pub customer_id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub method: String,
    pub bank_ref: String,
    pub allocated_fen: i64,
    pub external_ref: Option<String>,
    pub reversed_on: Option<NaiveDate>,
    pub reversal_reason: String,
    pub created_at: NaiveDateTime,
}

/// An allocation as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = allocations)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct AllocationRow {
    pub id: i64,
    pub payment_id: i64,
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub reversed_on: Option<NaiveDate>,
}

/// An amount to allocate to a receivable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Planned {
    pub receivable_id: i64,
    pub amount_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Receivable {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub contract_id: i64,
    pub contract_number: String,
    pub shipping_note_id: Option<i64>,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub allocated_fen: i64,
    pub credited_fen: i64,
    /// 坏账核销: written off with the GM's approval.
    pub written_off_fen: i64,
    /// amount − allocated − credited − written off
    pub balance_fen: i64,
    /// Days past the due date today (0 when not yet due or paid).
    pub days_overdue: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReceivableQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub customer_id: Option<i64>,
    /// Only the receivables booked from this contract's shipments.
    pub contract_id: Option<i64>,
    /// Only those with a balance.
    pub open: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PaymentMethod {
    BankTransfer,
    AcceptanceBill,
    LetterOfCredit,
    Cash,
    Other,
}

impl PaymentMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentMethod::BankTransfer => "bank_transfer",
            PaymentMethod::AcceptanceBill => "acceptance_bill",
            PaymentMethod::LetterOfCredit => "letter_of_credit",
            PaymentMethod::Cash => "cash",
            PaymentMethod::Other => "other",
        }
    }
    pub fn parse(s: &str) -> PaymentMethod {
        match s {
            "acceptance_bill" => PaymentMethod::AcceptanceBill,
            "letter_of_credit" => PaymentMethod::LetterOfCredit,
            "cash" => PaymentMethod::Cash,
            "other" => PaymentMethod::Other,
            _ => PaymentMethod::BankTransfer,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationInput {
    pub receivable_id: i64,
    pub amount_fen: i64,
}

/// 回款. Without `allocations` the payment pays the customer's open receivables oldest first
/// (by due date); with them, exactly as given. What is left stays unallocated on the payment.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_id": 1, "received_on": "2026-11-27", "amount_fen": 5000000,
    "method": "bank_transfer", "bank_ref": "CMB20261127-001"}))]
pub struct NewPayment {
    pub customer_id: i64,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    #[serde(default)]
    pub bank_ref: String,
    pub allocations: Option<Vec<AllocationInput>>,
    /// The payment's id in the pushing system (ERP); unique.
    pub external_ref: Option<String>,
}

/// Allocate what is left of a payment: oldest first, or as given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"allocations": [{"receivable_id": 3, "amount_fen": 100000}]}))]
pub struct AllocatePayment {
    pub allocations: Option<Vec<AllocationInput>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"reason": "银行退票"}))]
pub struct ReversePayment {
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Allocation {
    pub id: i64,
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub reversed_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Payment {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub received_on: NaiveDate,
    pub amount_fen: i64,
    pub method: PaymentMethod,
    pub bank_ref: String,
    pub allocated_fen: i64,
    pub unallocated_fen: i64,
    pub external_ref: Option<String>,
    pub reversed_on: Option<NaiveDate>,
    pub reversal_reason: String,
    /// Omitted in lists.
    pub allocations: Option<Vec<Allocation>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PaymentQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub customer_id: Option<i64>,
}

/// 贷项通知: reduces a receivable (compensation, price corrections).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"receivable_id": 3, "amount_fen": 50000, "issued_on": "2026-11-27", "reason": "质量赔偿"}))]
pub struct NewCreditNote {
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub issued_on: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreditNote {
    pub id: i64,
    pub customer_id: i64,
    pub receivable_id: i64,
    pub amount_fen: i64,
    pub issued_on: NaiveDate,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgingGroup {
    Customer,
    Office,
    Owner,
    Grade,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AgingQuery {
    /// Default: today. Payments and credit notes after this date are ignored.
    pub as_of: Option<NaiveDate>,
    /// Rows per customer (default), office, owner or grade.
    pub group_by: Option<AgingGroup>,
    pub office_id: Option<i64>,
    pub owner_user_id: Option<i64>,
    pub grade: Option<crate::customers::model::Grade>,
    pub customer_id: Option<i64>,
}

/// One row of the register: open balances by bucket.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgingRow {
    /// The customer, office or owner id (None: no office/owner/grade).
    pub key: Option<String>,
    pub label: String,
    /// Not yet due.
    pub current_fen: i64,
    /// One amount per bucket of `AgingReport.buckets`.
    pub buckets_fen: Vec<i64>,
    pub total_fen: i64,
}

/// 应收账款账龄登记表 as of a date.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgingReport {
    pub as_of: NaiveDate,
    pub group_by: AgingGroup,
    /// Bucket labels in days past due: `1-30`, `31-60`, …, `>365`.
    pub buckets: Vec<String>,
    pub policy_version_id: i64,
    pub rows: Vec<AgingRow>,
    pub totals: AgingRow,
}

/// One receivable's open balance as of the date.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgingLine {
    pub receivable_id: i64,
    pub customer_id: i64,
    pub contract_number: String,
    pub issued_on: NaiveDate,
    pub due_date: NaiveDate,
    pub amount_fen: i64,
    pub open_fen: i64,
    pub days_past_due: i64,
    /// Index into the report's buckets; None when not yet due.
    pub bucket: Option<usize>,
}

/// What a line of a statement of account records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatementLineKind {
    /// A confirmed shipment's receivable (debit).
    Shipment,
    /// A payment received (credit).
    Payment,
    /// A payment reversed (debit again).
    PaymentReversal,
    /// A credit note (credit).
    CreditNote,
    /// A bad-debt write-off the GM approved (credit).
    WriteOff,
}

impl StatementLineKind {
    pub fn parse(s: &str) -> StatementLineKind {
        match s {
            "payment" => StatementLineKind::Payment,
            "payment_reversal" => StatementLineKind::PaymentReversal,
            "credit_note" => StatementLineKind::CreditNote,
            "write_off" => StatementLineKind::WriteOff,
            _ => StatementLineKind::Shipment,
        }
    }
}

/// One line of a statement of account, with the running balance after it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementLine {
    /// The receivable's, payment's, credit note's or write-off's id.
    pub id: i64,
    pub on: NaiveDate,
    pub kind: StatementLineKind,
    /// The shipping note's number, the payment's bank reference, the credit note's or
    /// write-off's reason.
    pub reference: String,
    /// The contract a shipment, credit note or write-off belongs to.
    pub contract_number: Option<String>,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub balance_fen: i64,
}

/// A contract signed in the statement's period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StatementContract {
    pub id: i64,
    pub number: String,
    pub signed_on: Option<NaiveDate>,
    pub amount_fen: i64,
    pub status: String,
}

/// 对账单: a customer's account over a period — opening balance, shipments, payments, credit
/// notes and write-offs with the running balance, the closing balance, the contracts signed in
/// the period and the aging of what is open at the period's end.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Statement {
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The day it was drawn up.
    pub drawn_on: NaiveDate,
    /// Receivables before `from` less payments, credit notes and write-offs before it.
    pub opening_fen: i64,
    pub debit_fen: i64,
    pub credit_fen: i64,
    pub closing_fen: i64,
    pub lines: Vec<StatementLine>,
    pub contracts: Vec<StatementContract>,
    /// Bucket labels of the aging summary (days past due), as the aging register's.
    pub aging_buckets: Vec<String>,
    /// Open receivables at `to`: not yet due, then one amount per bucket.
    pub aging_current_fen: i64,
    pub aging_buckets_fen: Vec<i64>,
    pub aging_total_fen: i64,
    /// Payments received but not allocated to a receivable by `to` (closing = aging total −
    /// this).
    pub unallocated_fen: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StatementQuery {
    /// First day of the period.
    #[param(example = "2026-01-01")]
    pub from: NaiveDate,
    /// Last day of the period (at most today; at most three years after `from`).
    #[param(example = "2026-06-30")]
    pub to: NaiveDate,
}
