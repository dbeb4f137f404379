//! Borrowing's rules: who may ask for which customer, and the loan an approval grants.

use chrono::{Duration, NaiveDateTime};

use super::model::{AccessGrant, BorrowRequest, NewGrant};
use super::repo;
use crate::approvals::model::{ApprovalPayload, ApprovalRow, BorrowingPayload};
use crate::approvals::service as approvals;
use crate::auth::AuthUser;
use crate::customers::model::CustomerView;
use crate::customers::{repo as customers, rules, scope::Viewer};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;

/// Longest loan a request may ask for.
pub const MAX_DAYS: i64 = 30;

/// The request's own checks (before any query): a reason, 1–30 days, exactly one way of
/// naming the customer.
pub fn validate(input: &BorrowRequest) -> ApiResult<()> {
    let mut errors = Vec::new();
    if input.reason.trim().is_empty() {
        errors.push(FieldError::new(
            "reason",
            "required",
            "say why you need the customer's file",
        ));
    }
    if !(1..=MAX_DAYS).contains(&input.days) {
        errors.push(FieldError::new(
            "days",
            "out_of_range",
            format!("1–{MAX_DAYS} days"),
        ));
    }
    let given = [
        input.customer_id.is_some(),
        input.credit_code.is_some(),
        input.name.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given != 1 {
        errors.push(FieldError::new(
            "customer_id",
            "required",
            "name the customer by exactly one of customer_id, credit_code, name",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

/// File a borrowing request for a customer outside the user's scope; the approval's id.
pub fn request(
    conn: &mut DbConn,
    auth: &AuthUser,
    meta: &RequestMeta,
    input: &BorrowRequest,
) -> ApiResult<i64> {
    validate(input)?;
    let customer = match (input.customer_id, &input.credit_code, &input.name) {
        (Some(id), _, _) => customers::find(conn, id)?,
        (_, Some(cc), _) => customers::find_by_credit_code(conn, &cc.trim().to_uppercase())?,
        (_, _, Some(n)) => customers::find_by_name_key(conn, &rules::name_key(n))?,
        _ => None,
    }
    .ok_or(ApiError::NotFound)?;
    let viewer = Viewer::of(auth);
    let granted = customers::has_grant(conn, auth.id, customer.id, crate::time::now())?;
    if viewer.view_of(&customer, granted) == Some(CustomerView::Full) {
        return Err(ApiError::field(
            "customer_id",
            "invalid",
            "this customer is in your scope already",
        ));
    }
    approvals::file(
        conn,
        auth,
        meta,
        &ApprovalPayload::DossierBorrowing(BorrowingPayload {
            days: input.days,
            reason: input.reason.trim().to_string(),
        }),
        Some(customer.id),
        "资料借阅申请 / Dossier borrowing",
    )
}

/// The business manager approved (in the decision's transaction): the borrower reads the
/// customer for the days asked, from now.
pub fn grant(conn: &mut DbConn, row: &ApprovalRow, t: NaiveDateTime) -> ApiResult<()> {
    let ApprovalPayload::DossierBorrowing(asked) = row.payload()? else {
        return Err(ApiError::internal("not a borrowing approval"));
    };
    let customer_id = row
        .customer_id
        .ok_or_else(|| ApiError::internal("borrowing without a customer"))?;
    repo::insert_grant(
        conn,
        &NewGrant {
            customer_id,
            user_id: row.requester_id,
            approval_id: Some(row.id),
            reason: asked.reason,
            granted_at: t,
            expires_at: t + Duration::days(asked.days),
        },
    )
}

/// Active loans of a customer, soonest to expire first.
pub fn grants_of(conn: &mut DbConn, customer_id: i64) -> ApiResult<Vec<AccessGrant>> {
    Ok(repo::active_grants(conn, customer_id, crate::time::now())?
        .into_iter()
        .map(AccessGrant::from)
        .collect())
}

/// A customer's loans, for those who see the customer fully.
pub fn customer_grants(
    conn: &mut DbConn,
    viewer: &Viewer,
    customer_id: i64,
) -> ApiResult<Vec<AccessGrant>> {
    let (_, view) = crate::customers::service::load_visible(conn, viewer, customer_id)?;
    if view != CustomerView::Full {
        return Err(ApiError::OutOfScope);
    }
    grants_of(conn, customer_id)
}
