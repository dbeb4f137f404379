use actix_web::{get, post, web};

use super::model::{Approval, ApprovalQuery, Decision};
use super::service;
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// My approvals: the inbox (waiting for my decision), the requests I made, or those I decided.
#[utoipa::path(tag = "approvals", security(("bearer" = [])), params(ApprovalQuery),
    responses(
        (status = 200, body = Page<Approval>),
    ))]
#[get("/approvals")]
pub async fn list_approvals(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ApprovalQuery>,
) -> ApiResult<web::Json<Page<Approval>>> {
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &auth, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// One approval with its history (requester and deciders only).
#[utoipa::path(tag = "approvals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Approval),
    ))]
#[get("/approvals/{id}")]
pub async fn get_approval(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Approval>> {
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &auth, id)).await?,
    ))
}

async fn decide(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: i64,
    decision: Decision,
    approved: bool,
) -> ApiResult<web::Json<Approval>> {
    let comment = decision.comment.unwrap_or_default();
    Ok(web::Json(
        state
            .tx(move |c| service::decide(c, &auth, &meta, id, approved, &comment))
            .await?,
    ))
}

/// Approve: the requested action takes effect in the same transaction.
#[utoipa::path(tag = "approvals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = Decision,
    responses(
        (status = 200, body = Approval),
        (status = 403, description = "Not a decider, or one's own request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/approvals/{id}/approve")]
pub async fn approve(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<Decision>,
) -> ApiResult<web::Json<Approval>> {
    decide(auth, state, meta, id.into_inner(), body.0, true).await
}

/// Reject, with a comment for the requester.
#[utoipa::path(tag = "approvals", security(("bearer" = [])), params(("id" = i64, Path)), request_body = Decision,
    responses(
        (status = 200, body = Approval),
        (status = 403, description = "Not a decider, or one's own request", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/approvals/{id}/reject")]
pub async fn reject(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<Decision>,
) -> ApiResult<web::Json<Approval>> {
    decide(auth, state, meta, id.into_inner(), body.0, false).await
}

/// Withdraw one's own pending request.
#[utoipa::path(tag = "approvals", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Approval),
        (status = 409, description = "Decided already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/approvals/{id}/cancel")]
pub async fn cancel(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Approval>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .tx(move |c| service::cancel(c, &auth, &meta, id))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_approvals)
        .service(get_approval)
        .service(approve)
        .service(reject)
        .service(cancel);
}
