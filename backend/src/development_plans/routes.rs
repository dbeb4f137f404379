use actix_web::{get, patch, post, web, HttpResponse};

use super::model::{DevelopmentPlan, NewPlan, PlanComment, PlanQuery, UpdatePlan};
use super::service;
use crate::auth::policy::{Access, Area, Scope};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Development plans: an office director sees its office's, the business department all.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(PlanQuery),
    responses(
        (status = 200, body = Page<DevelopmentPlan>),
    ))]
#[get("/development-plans")]
pub async fn list_plans(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<PlanQuery>,
) -> ApiResult<web::Json<Page<DevelopmentPlan>>> {
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state.db(move |c| service::list(c, &auth, &q, at)).await?;
    Ok(at.answer(items, total))
}

/// An office director drafts its office's plan for a period.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), request_body = NewPlan,
    responses(
        (status = 201, body = DevelopmentPlan),
        (status = 409, description = "The office has a plan for this period", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans")]
pub async fn create_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewPlan>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let input = body.0;
    let (office, period) = service::check_new(&auth, &input)?;
    let plan = state
        .tx(move |c| service::create(c, &auth, &meta, office, &period, &input.items))
        .await?;
    Ok(HttpResponse::Created().json(plan))
}

/// One plan.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = DevelopmentPlan),
    ))]
#[get("/development-plans/{id}")]
pub async fn get_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get(c, &auth, id)).await?,
    ))
}

/// Change a draft's prospects (with the version read).
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdatePlan,
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or submitted already", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/development-plans/{id}")]
pub async fn update_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdatePlan>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let (id, input) = (id.into_inner(), body.0);
    service::check_update(&input)?;
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &auth, &meta, id, &input))
            .await?,
    ))
}

/// Submit the plan to the business department.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 422, description = "Submitted already", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans/{id}/submit")]
pub async fn submit_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    auth.require(Area::DevelopmentPlans, Access::Write)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .tx(move |c| service::submit(c, &auth, &meta, id))
            .await?,
    ))
}

/// The business department's comment on a submitted plan.
#[utoipa::path(tag = "development-plans", security(("bearer" = [])), params(("id" = i64, Path)), request_body = PlanComment,
    responses(
        (status = 200, body = DevelopmentPlan),
        (status = 422, description = "Not submitted, or no comment", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/development-plans/{id}/comment")]
pub async fn comment_plan(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<PlanComment>,
) -> ApiResult<web::Json<DevelopmentPlan>> {
    // The business department (staff and manager) reads every plan and answers it.
    auth.require(Area::DevelopmentPlans, Access::Read)?;
    if !auth.can(Area::CustomerMaster, Access::Write) || auth.scope() < Scope::All {
        return Err(ApiError::Forbidden);
    }
    let id = id.into_inner();
    let comment = service::check_comment(&body.0)?;
    Ok(web::Json(
        state
            .tx(move |c| service::comment(c, &auth, &meta, id, &comment))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_plans)
        .service(create_plan)
        .service(get_plan)
        .service(update_plan)
        .service(submit_plan)
        .service(comment_plan);
}
