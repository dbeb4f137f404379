use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::{contract_lines, contracts};
use crate::products::model::ProductRef;

/// A contract as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contracts)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ContractRow {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub status: String,
    pub signed_on: Option<NaiveDate>,
    pub credit_period_days: i64,
    pub credit_form: String,
    pub amount_fen: i64,
    pub list_amount_fen: i64,
    pub note: String,
    pub review_outcome: Option<String>,
    pub review_note: String,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
    pub external_ref: Option<String>,
    /// Who drew it up and who sent it to review (neither may review it).
    pub created_by: Option<i64>,
    pub submitted_by: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub credit_state: Option<String>,
    /// The signing date the review asked for while the GM decides a special contract.
    pub pending_signed_on: Option<NaiveDate>,
    pub special_approval_id: Option<i64>,
}

/// A contract line as stored.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = contract_lines)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct ContractLineRow {
    pub id: i64,
    pub contract_id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub quantity: i64,
    pub list_price_fen: i64,
    pub price_fen: i64,
    pub amount_fen: i64,
    pub shipped_quantity: i64,
}

/// A contract line with its product's code, name and unit.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct LineWithProduct {
    #[diesel(embed)]
    pub line: ContractLineRow,
    #[diesel(embed)]
    pub product: ProductRef,
}

/// A line to write: the product, quantity and prices (the list price of the pricing date).
#[derive(Debug, Clone, Copy)]
pub struct PricedLine {
    pub product_id: i64,
    pub quantity: i64,
    pub list_price_fen: i64,
    pub price_fen: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    /// 合同评审 in progress.
    InReview,
    Signed,
    Completed,
    Cancelled,
}

impl ContractStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractStatus::Draft => "draft",
            ContractStatus::InReview => "in_review",
            ContractStatus::Signed => "signed",
            ContractStatus::Completed => "completed",
            ContractStatus::Cancelled => "cancelled",
        }
    }
    pub fn parse(s: &str) -> ContractStatus {
        match s {
            "in_review" => ContractStatus::InReview,
            "signed" => ContractStatus::Signed,
            "completed" => ContractStatus::Completed,
            "cancelled" => ContractStatus::Cancelled,
            _ => ContractStatus::Draft,
        }
    }
}

/// The credit side of a contract: the check at review passed, or it made the contract a
/// special contract (超过信用范围的特殊合同) that the GM decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractCreditState {
    Passed,
    /// Waiting for the GM in the approvals inbox; the contract stays in review.
    SpecialPending,
    SpecialApproved,
    /// The GM rejected it: back to draft.
    SpecialRejected,
}

impl ContractCreditState {
    pub fn as_str(self) -> &'static str {
        match self {
            ContractCreditState::Passed => "passed",
            ContractCreditState::SpecialPending => "special_pending",
            ContractCreditState::SpecialApproved => "special_approved",
            ContractCreditState::SpecialRejected => "special_rejected",
        }
    }
    pub fn parse(s: &str) -> Option<ContractCreditState> {
        [
            ContractCreditState::Passed,
            ContractCreditState::SpecialPending,
            ContractCreditState::SpecialApproved,
            ContractCreditState::SpecialRejected,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
    }
}

/// 信用形式
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CreditForm {
    /// 赊销
    OpenAccount,
    /// 承兑汇票
    AcceptanceBill,
    /// 信用证
    LetterOfCredit,
    /// 预付款
    Prepayment,
    /// 货到付款
    CashOnDelivery,
}

impl CreditForm {
    pub fn as_str(self) -> &'static str {
        match self {
            CreditForm::OpenAccount => "open_account",
            CreditForm::AcceptanceBill => "acceptance_bill",
            CreditForm::LetterOfCredit => "letter_of_credit",
            CreditForm::Prepayment => "prepayment",
            CreditForm::CashOnDelivery => "cash_on_delivery",
        }
    }
    pub fn parse(s: &str) -> CreditForm {
        match s {
            "acceptance_bill" => CreditForm::AcceptanceBill,
            "letter_of_credit" => CreditForm::LetterOfCredit,
            "prepayment" => CreditForm::Prepayment,
            "cash_on_delivery" => CreditForm::CashOnDelivery,
            _ => CreditForm::OpenAccount,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractLineInput {
    pub product_id: i64,
    /// Whole units of the product.
    pub quantity: i64,
    /// The contract price per unit.
    pub price_fen: i64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_id": 1, "credit_period_days": 60, "credit_form": "open_account",
    "note": "", "lines": [{"product_id": 1, "quantity": 100, "price_fen": 140000}]}))]
pub struct NewContract {
    pub customer_id: i64,
    /// Default: generated (HT + year + sequence).
    pub number: Option<String>,
    /// Days from shipment to the due date of its receivable.
    pub credit_period_days: i64,
    pub credit_form: CreditForm,
    #[serde(default)]
    pub note: String,
    pub lines: Vec<ContractLineInput>,
    /// The contract's id in the pushing system (ERP); unique.
    pub external_ref: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "credit_period_days": 45,
    "lines": [{"product_id": 1, "quantity": 120, "price_fen": 138000}]}))]
pub struct UpdateContract {
    pub version: i64,
    pub credit_period_days: Option<i64>,
    pub credit_form: Option<CreditForm>,
    pub note: Option<String>,
    pub lines: Option<Vec<ContractLineInput>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReviewOutcome {
    Approved,
    Rejected,
}

/// 合同评审: the business department's decision; approval signs the contract.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 2, "outcome": "approved", "note": "价格、账期符合政策", "signed_on": "2026-11-27"}))]
pub struct ContractReview {
    pub version: i64,
    pub outcome: ReviewOutcome,
    #[serde(default)]
    pub note: String,
    /// Required on approval: the signing date (list prices are taken on it).
    pub signed_on: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 3, "reason": "客户取消订单"}))]
pub struct ContractAction {
    pub version: i64,
    /// Required to cancel.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContractLine {
    pub id: i64,
    pub line_no: i64,
    pub product_id: i64,
    pub product_code: String,
    pub product_name: String,
    pub unit: String,
    pub quantity: i64,
    /// The list price on the signing date (today's for an unsigned contract).
    pub list_price_fen: i64,
    pub price_fen: i64,
    pub amount_fen: i64,
    /// (price − list) / list in basis points; None when the list price is 0.
    pub premium_bp: Option<i64>,
    /// On issued and confirmed shipping notes.
    pub shipped_quantity: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contract {
    pub id: i64,
    #[schema(example = "HT202600001")]
    pub number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub status: ContractStatus,
    pub signed_on: Option<NaiveDate>,
    pub credit_period_days: i64,
    pub credit_form: CreditForm,
    pub amount_fen: i64,
    pub list_amount_fen: i64,
    /// Amount-weighted premium over list prices, basis points (None when the list amount is 0).
    pub premium_bp: Option<i64>,
    pub note: String,
    pub review_outcome: Option<ReviewOutcome>,
    pub review_note: String,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub external_ref: Option<String>,
    /// Omitted in lists.
    pub lines: Option<Vec<ContractLine>>,
    /// The credit check at review: passed, or a special contract for the GM.
    pub credit_state: Option<ContractCreditState>,
    /// The latest credit check's result, with its reasons and figures.
    pub credit_check: Option<crate::credit::model::CreditCheck>,
    /// The GM's approval request of a special contract.
    pub special_approval_id: Option<i64>,
    /// Signing date asked for by the review while the GM decides.
    pub pending_signed_on: Option<NaiveDate>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub customer_id: Option<i64>,
    pub status: Option<ContractStatus>,
    /// Part of the contract number.
    pub q: Option<String>,
}

/// (price − list) / list in basis points, rounded half away from zero; None for a zero list.
pub fn premium_bp(amount_fen: i64, list_amount_fen: i64) -> Option<i64> {
    if list_amount_fen == 0 {
        return None;
    }
    let num = (i128::from(amount_fen) - i128::from(list_amount_fen)) * 10_000;
    let den = i128::from(list_amount_fen);
    let q = (num.abs() * 2 + den) / (den * 2);
    Some((if num < 0 { -q } else { q }) as i64)
}

#[cfg(test)]
mod tests {
    use super::premium_bp;

    #[test]
    fn premium_in_basis_points_weighted_by_amount() {
        assert_eq!(premium_bp(11_000, 10_000), Some(1000));
        assert_eq!(premium_bp(9_500, 10_000), Some(-500));
        assert_eq!(premium_bp(10_000, 0), None);
        // Two lines: 100 × 1.20 over 100 × 1.00 and 50 × 2.00 at list → (220 − 200) / 200 = 10 %.
        assert_eq!(
            premium_bp(100 * 120 + 50 * 200, 100 * 100 + 50 * 200),
            Some(1000)
        );
        // Rounding: 1/3 % = 33.33 bp → 33; 2/3 % → 67.
        assert_eq!(premium_bp(30_001, 30_000), Some(0));
        assert_eq!(premium_bp(301, 300), Some(33));
        assert_eq!(premium_bp(302, 300), Some(67));
    }
}
