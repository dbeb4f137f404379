use actix_web::{get, post, web};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Planned and recorded visits of the customers in the user's scope, by due date; `mine=true`
/// is the user's own list (visits of a role they hold), `overdue=true` the late ones.
#[utoipa::path(tag = "revisits", security(("bearer" = [])), params(RevisitQuery),
    responses(
        (status = 200, body = Page<Revisit>),
    ))]
#[get("/revisits")]
pub async fn list_revisits(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<RevisitQuery>,
) -> ApiResult<web::Json<Page<Revisit>>> {
    auth.require(Area::Revisits, Access::Read)?;
    let (q, today) = (q.0, state.today());
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &auth, &q, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// Record the visit (by a holder of the visit's role): an interaction in the customer's
/// dossier, the item done, the next visit planned from the tier's cadence.
#[utoipa::path(tag = "revisits", security(("bearer" = [])), request_body = CompleteRevisit,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = Revisit),
        (status = 403, description = "Not a visit of the user's role", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/revisits/{id}/complete")]
pub async fn complete(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CompleteRevisit>,
) -> ApiResult<web::Json<Revisit>> {
    auth.require(Area::Revisits, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::complete(c, &auth, &meta, id, &input, today))
            .await?,
    ))
}

/// Revisit compliance: visits due in the period, done and overdue, by tier and office.
#[utoipa::path(tag = "revisits", security(("bearer" = [])), params(ComplianceQuery),
    responses(
        (status = 200, body = Compliance),
    ))]
#[get("/revisits/compliance")]
pub async fn compliance(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<ComplianceQuery>,
) -> ApiResult<web::Json<Compliance>> {
    auth.require(Area::Revisits, Access::Read)?;
    let (q, today) = (q.0, state.today());
    Ok(web::Json(
        state
            .db(move |c| service::compliance(c, &auth, &q, today))
            .await?,
    ))
}

/// Bring the plans in line with the policy in force and the customers' tiers now (the
/// scheduler does it every few minutes; the business manager may not want to wait).
#[utoipa::path(tag = "revisits", security(("bearer" = [])),
    responses(
        (status = 200, body = ReplanResult),
    ))]
#[post("/revisits/replan")]
pub async fn replan(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<ReplanResult>> {
    auth.require(Area::Revisits, Access::Write)?;
    if auth.scope() < crate::auth::policy::Scope::All {
        return Err(crate::error::ApiError::Forbidden);
    }
    let today = state.today();
    let planned = state.tx(move |c| service::reconcile(c, today)).await?;
    Ok(web::Json(ReplanResult { planned }))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(compliance)
        .service(replan)
        .service(list_revisits)
        .service(complete);
}
