use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::approvals::model::ApprovalKind;
use crate::approvals::service as approvals;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::model::CustomerView;
use crate::customers::{repo, rules, scope::Viewer};
use crate::db::schema::{customer_access_grants, users};
use crate::db_run;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{RequestMeta, ValidJson};
use crate::state::AppState;

/// Longest loan a request may ask for.
pub const MAX_DAYS: i64 = 30;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"credit_code": "91130100MA07L7QG1A", "reason": "拜访前了解客户情况", "days": 7}))]
pub struct BorrowRequest {
    /// The customer, by id …
    pub customer_id: Option<i64>,
    /// … or by its credit code …
    pub credit_code: Option<String>,
    /// … or by its name (as told by a duplicate refusal).
    pub name: Option<String>,
    pub reason: String,
    /// 1–30 days.
    pub days: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BorrowRequested {
    /// The approval to follow in "my requests".
    pub approval_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccessGrant {
    pub id: i64,
    pub user_id: i64,
    pub user_name: Option<String>,
    pub approval_id: Option<i64>,
    pub reason: String,
    pub granted_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Ask for temporary access to a customer outside one's scope (资料借阅).
#[utoipa::path(tag = "borrowing", security(("bearer" = [])), request_body = BorrowRequest,
    responses(
        (status = 201, body = BorrowRequested),
        (status = 404, description = "No such customer", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or the customer is in your scope already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/borrow-requests")]
pub async fn request_access(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<BorrowRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::DossierBorrowing, Access::Write)?;
    let input = body.0;
    let mut errors = Vec::new();
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
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
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let id = state
        .tx(move |c| {
            let customer = match (input.customer_id, &input.credit_code, &input.name) {
                (Some(id), _, _) => repo::find(c, id)?,
                (_, Some(cc), _) => repo::find_by_credit_code(c, &cc.trim().to_uppercase())?,
                (_, _, Some(n)) => repo::find_by_name_key(c, &rules::name_key(n))?,
                _ => None,
            }
            .ok_or(ApiError::NotFound)?;
            let viewer = Viewer::of(&auth);
            let granted = repo::has_grant(c, auth.id, customer.id, crate::time::now())?;
            if viewer.view_of(&customer, granted) == Some(CustomerView::Full) {
                return Err(ApiError::field(
                    "customer_id",
                    "invalid",
                    "this customer is in your scope already",
                ));
            }
            let payload = serde_json::json!({"days": input.days, "reason": reason});
            approvals::request(
                c,
                &auth,
                &meta,
                ApprovalKind::DossierBorrowing,
                Some(customer.id),
                "资料借阅申请 / Dossier borrowing",
                &payload,
            )
        })
        .await?;
    Ok(HttpResponse::Created().json(BorrowRequested { approval_id: id }))
}

/// (id, user, approval, reason, granted_at, expires_at, user's name)
type GrantRow = (
    i64,
    i64,
    Option<i64>,
    String,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
    Option<String>,
);

/// Who may currently see this customer through a loan (shown on the customer card).
#[utoipa::path(tag = "borrowing", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<AccessGrant>),
    ))]
#[get("/customers/{id}/grants")]
pub async fn customer_grants(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<AccessGrant>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let (id, viewer) = (id.into_inner(), Viewer::of(&auth));
    let grants = state
        .db(move |c| {
            let (_, view) = crate::customers::service::load_visible(c, &viewer, id)?;
            if view != CustomerView::Full {
                return Err(ApiError::OutOfScope);
            }
            grants_of(c, id)
        })
        .await?;
    Ok(web::Json(grants))
}

/// Active loans of a customer, soonest to expire first.
pub fn grants_of(c: &mut crate::db::DbConn, id: i64) -> ApiResult<Vec<AccessGrant>> {
    {
        {
            let rows: Vec<GrantRow> = db_run!(c, |c| customer_access_grants::table
                .inner_join(users::table.on(users::id.eq(customer_access_grants::user_id)))
                .filter(customer_access_grants::customer_id.eq(id))
                .filter(customer_access_grants::expires_at.gt(crate::time::now()))
                .filter(customer_access_grants::revoked_at.is_null())
                .order(customer_access_grants::expires_at.asc())
                .select((
                    customer_access_grants::id,
                    customer_access_grants::user_id,
                    customer_access_grants::approval_id,
                    customer_access_grants::reason,
                    customer_access_grants::granted_at,
                    customer_access_grants::expires_at,
                    users::display_name.nullable(),
                ))
                .load(c))?;
            Ok(rows
                .into_iter()
                .map(
                    |(id, user_id, approval_id, reason, granted_at, expires_at, user_name)| {
                        AccessGrant {
                            id,
                            user_id,
                            user_name,
                            approval_id,
                            reason,
                            granted_at: granted_at.and_utc(),
                            expires_at: expires_at.and_utc(),
                        }
                    },
                )
                .collect())
        }
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(request_access).service(customer_grants);
}
