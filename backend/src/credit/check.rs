//! The credit check (DOMAIN.md §5 "Exactly"): one function for a contract at review and for
//! every shipping note, run inside the caller's transaction after the customer's row is locked,
//! so two documents of one customer are checked one after the other and the second sees the
//! first. The result is stored with the document.

use chrono::{Datelike, NaiveDate};

use super::model::*;
use super::repo;
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult};
use crate::policies::model::{CreditPolicy, PolicyDocument};
use crate::time::now;

/// The document to check.
#[derive(Debug, Clone)]
pub struct CheckInput<'a> {
    pub document: CheckedDocument,
    pub document_id: i64,
    pub customer_id: i64,
    pub amount_fen: i64,
    /// The contract's credit form (`open_account`, …; a note's is its contract's).
    pub credit_form: &'a str,
    /// The contract (itself, or the note's).
    pub contract_id: i64,
    /// A shipping note of a contract the GM approved as a special contract.
    pub special_approved: bool,
}

fn add(a: i64, b: i64) -> ApiResult<i64> {
    a.checked_add(b)
        .ok_or_else(|| ApiError::internal("credit figures overflow"))
}

/// Does a document of this credit form consume the limit under the policy?
pub fn consumes_limit(policy: &CreditPolicy, credit_form: &str) -> bool {
    match credit_form {
        "open_account" => true,
        "acceptance_bill" => policy.limit_forms.acceptance_bill,
        "letter_of_credit" => policy.limit_forms.letter_of_credit,
        _ => false,
    }
}

/// Prepayment and cash on delivery need no credit at all: only a hold stops them.
fn needs_no_credit(credit_form: &str) -> bool {
    matches!(credit_form, "prepayment" | "cash_on_delivery")
}

/// Whole months from `from` to `to` (a month counts once its day is reached).
pub fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let months = (to.year() - from.year()) as i64 * 12 + to.month() as i64 - from.month() as i64;
    if to.day() < from.day() {
        months - 1
    } else {
        months
    }
}

/// The limit: the approved one plus valid counted instruments; 0 without approved credit.
pub fn limit_of(f: &FiguresRow) -> ApiResult<i64> {
    match f.approved_limit_fen {
        Some(l) => add(l, f.instruments_fen),
        None => Ok(0),
    }
}

/// The exposure with the parts the policy counts.
pub fn exposure_of(
    customer_id: i64,
    f: &FiguresRow,
    policy_version_id: i64,
    policy: &CreditPolicy,
) -> ApiResult<Exposure> {
    let parts = &policy.exposure;
    let mut total = 0i64;
    if parts.open_receivables {
        total = add(total, f.open_receivables_fen)?;
    }
    if parts.shipped_not_invoiced {
        total = add(total, f.shipped_not_invoiced_fen)?;
    }
    if parts.unshipped_contracts {
        total = add(total, f.unshipped_contracts_fen)?;
    }
    let limit = limit_of(f)?;
    Ok(Exposure {
        customer_id,
        open_receivables_fen: f.open_receivables_fen,
        shipped_not_invoiced_fen: f.shipped_not_invoiced_fen,
        unshipped_contracts_fen: f.unshipped_contracts_fen,
        counted: ExposurePartsCounted {
            open_receivables: parts.open_receivables,
            shipped_not_invoiced: parts.shipped_not_invoiced,
            unshipped_contracts: parts.unshipped_contracts,
        },
        exposure_fen: total,
        limit_fen: limit,
        headroom_fen: limit - total,
        utilisation_pct: (limit > 0).then(|| (total as f64 * 1000.0 / limit as f64).round() / 10.0),
        policy_version_id,
    })
}

/// The credit standard (信用标准) on `today`: months in business, worst overdue days and an
/// investigation on file, each with the policy's value.
pub fn standard_of(f: &FiguresRow, doc: &PolicyDocument, today: NaiveDate) -> CreditStandardResult {
    let s = &doc.credit.standard;
    let months = f.registration_date.map(|r| months_between(r, today));
    let worst = f.worst_overdue_days.unwrap_or(0).max(0);
    let items = vec![
        StandardItem {
            code: ReasonCode::MonthsInBusiness,
            passed: months.is_some_and(|m| m >= s.min_months_in_business),
            actual: months,
            required: Some(s.min_months_in_business),
        },
        StandardItem {
            code: ReasonCode::Overdue,
            passed: worst <= s.max_overdue_days,
            actual: Some(worst),
            required: Some(s.max_overdue_days),
        },
        StandardItem {
            code: ReasonCode::Investigation,
            passed: !s.investigation_required || f.latest_investigation.is_some(),
            actual: Some(i64::from(f.latest_investigation.is_some())),
            required: Some(i64::from(s.investigation_required)),
        },
    ];
    CreditStandardResult {
        passed: items.iter().all(|i| i.passed),
        items,
    }
}

fn reason(code: ReasonCode, actual: Option<i64>, allowed: Option<i64>) -> CheckReason {
    let message = match code {
        ReasonCode::Hold => "the customer is on credit hold".to_string(),
        ReasonCode::MonthsInBusiness => match actual {
            Some(m) => format!(
                "{m} months in business, the credit standard asks for {}",
                allowed.unwrap_or(0)
            ),
            None => {
                "the registration date is unknown: months in business cannot be counted".to_string()
            }
        },
        ReasonCode::Investigation => "no credit investigation on file".to_string(),
        ReasonCode::Overdue => format!(
            "a receivable is {} days overdue, more than {} allowed",
            actual.unwrap_or(0),
            allowed.unwrap_or(0)
        ),
        ReasonCode::Limit => format!(
            "exposure {} fen would exceed the limit {} fen",
            actual.unwrap_or(0),
            allowed.unwrap_or(0)
        ),
    };
    CheckReason {
        code,
        actual,
        allowed,
        message,
    }
}

/// Check a document and store the result. The customer's row is locked first: checks of one
/// customer run one at a time until the caller's transaction ends.
pub fn check(conn: &mut DbConn, input: &CheckInput, today: NaiveDate) -> ApiResult<CreditCheck> {
    crate::customers::service::lock_for_ledger(conn, input.customer_id)?;
    let (version_id, doc) = crate::policies::service::in_force(conn, today)?;
    let policy = &doc.credit;
    let shipping = input.document == CheckedDocument::ShippingNote;
    let leave_out = shipping.then_some(input.document_id);
    let own = shipping.then_some(input.contract_id);
    let f = repo::figures(conn, input.customer_id, today, policy, leave_out, own)?;
    let base = exposure_of(input.customer_id, &f, version_id, policy)?;
    let limit = base.limit_fen;
    let consumes = consumes_limit(policy, input.credit_form);
    let cover = policy.special_contracts_cover_shipments;
    let exposure = match input.document {
        // At review the contract is not signed yet: no part holds it.
        CheckedDocument::Contract if consumes => add(base.exposure_fen, input.amount_fen)?,
        CheckedDocument::Contract => base.exposure_fen,
        CheckedDocument::ShippingNote => {
            let parts = &policy.exposure;
            let own_covered = cover && input.special_approved;
            let mut e = base.exposure_fen;
            if cover && parts.unshipped_contracts {
                e -= f.special_unshipped_fen;
            }
            if parts.shipped_not_invoiced {
                // Other blocked notes ship nothing without a decision of their own.
                e -= f.blocked_issued_fen;
                if own_covered {
                    e -= f.own_issued_fen;
                }
            }
            // The GM's approval covers the special contract's own shipments: its notes and
            // receivables do not block them (other business, a hold or overdue debt does).
            if own_covered && parts.open_receivables {
                e -= f.own_open_fen;
            }
            // The note itself is shipped-not-invoiced, unless it ships what the GM approved.
            if consumes && parts.shipped_not_invoiced && !own_covered {
                e = add(e, input.amount_fen)?;
            }
            e
        }
    };
    let mut reasons = Vec::new();
    if f.hold_id.is_some() {
        reasons.push(reason(ReasonCode::Hold, None, None));
    }
    // The credit standard is the condition for granting credit: prepayment and cash on
    // delivery need none.
    if input.document == CheckedDocument::Contract && !needs_no_credit(input.credit_form) {
        let standard = standard_of(&f, &doc, today);
        for item in standard.items.iter().filter(|i| !i.passed) {
            if item.code != ReasonCode::Overdue {
                reasons.push(reason(item.code, item.actual, item.required));
            }
        }
    }
    let worst = f.worst_overdue_days.unwrap_or(0);
    if worst > policy.standard.max_overdue_days {
        reasons.push(reason(
            ReasonCode::Overdue,
            Some(worst),
            Some(policy.standard.max_overdue_days),
        ));
    }
    // Ties pass: exposure exactly at the limit is within it.
    if consumes && exposure > limit {
        reasons.push(reason(ReasonCode::Limit, Some(exposure), Some(limit)));
    }
    let row = repo::insert_check(
        conn,
        &NewCheckRow {
            document_type: input.document.as_str(),
            document_id: input.document_id,
            customer_id: input.customer_id,
            passed: reasons.is_empty(),
            reasons: serde_json::to_string(&reasons).map_err(ApiError::internal)?,
            exposure_fen: exposure,
            amount_fen: input.amount_fen,
            limit_fen: limit,
            policy_version_id: version_id,
            checked_at: now(),
        },
    )?;
    Ok(CreditCheck::from(&row))
}

/// The latest check of each of these documents.
pub fn latest(
    conn: &mut DbConn,
    document: CheckedDocument,
    ids: &[i64],
) -> ApiResult<std::collections::HashMap<i64, CreditCheck>> {
    Ok(repo::latest_checks(conn, document, ids)?
        .iter()
        .map(|(id, r)| (*id, CreditCheck::from(r)))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_count_once_the_day_is_reached() {
        assert_eq!(months_between(d(2025, 12, 3), d(2026, 12, 3)), 12);
        assert_eq!(months_between(d(2025, 12, 4), d(2026, 12, 3)), 11);
        assert_eq!(months_between(d(2026, 11, 30), d(2026, 12, 1)), 0);
    }

    #[test]
    fn only_the_policy_s_forms_consume_the_limit() {
        let p = PolicyDocument::default().credit;
        assert!(consumes_limit(&p, "open_account"));
        assert!(consumes_limit(&p, "acceptance_bill"));
        assert!(!consumes_limit(&p, "letter_of_credit"));
        assert!(!consumes_limit(&p, "prepayment"));
        assert!(!consumes_limit(&p, "cash_on_delivery"));
    }
}
