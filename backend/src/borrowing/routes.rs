use actix_web::{get, post, web, HttpResponse};

pub use super::model::AccessGrant;
use super::model::{BorrowRequest, BorrowRequested};
use super::service;
pub use super::service::grants_of;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::scope::Viewer;
use crate::error::{ApiResult, Problem};
use crate::http::{RequestMeta, ValidJson};
use crate::state::AppState;

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
    let id = state
        .tx(move |c| service::request(c, &auth, &meta, &input))
        .await?;
    Ok(HttpResponse::Created().json(BorrowRequested { approval_id: id }))
}

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
        .db(move |c| service::customer_grants(c, &viewer, id))
        .await?;
    Ok(web::Json(grants))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(request_access).service(customer_grants);
}
