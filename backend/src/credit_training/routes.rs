use actix_web::{get, post, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Credit-risk training sessions (信用培训), latest first; `user_id` gives a user's history.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(TrainingQuery),
    responses(
        (status = 200, body = Page<CreditTraining>),
    ))]
#[get("/credit-trainings")]
pub async fn list_trainings(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<TrainingQuery>,
) -> ApiResult<web::Json<Page<CreditTraining>>> {
    auth.require(Area::CreditTraining, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list(c, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Record a session with its attendees (the business department).
#[utoipa::path(tag = "credit", security(("bearer" = [])), request_body = NewCreditTraining,
    responses(
        (status = 201, body = CreditTraining),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/credit-trainings")]
pub async fn record_training(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewCreditTraining>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CreditTraining, Access::Write)?;
    let (input, today) = (body.0, state.today());
    let t = state
        .tx(move |c| service::record(c, &auth, &meta, &input, today))
        .await?;
    Ok(HttpResponse::Created().json(t))
}

/// Who deals with credit (sales, business department, finance, planning) and has not attended
/// a session within the policy's `credit.training_every_months` (at most 1,000, by name).
#[utoipa::path(tag = "credit", security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<TrainingDue>),
    ))]
#[get("/credit-trainings/due")]
pub async fn trainings_due(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<TrainingDue>>> {
    auth.require(Area::CreditTraining, Access::Read)?;
    let today = state.today();
    Ok(web::Json(state.db(move |c| service::due(c, today)).await?))
}

/// One training session with its attendees.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CreditTraining),
        (status = 404, description = "No such session", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/credit-trainings/{id}")]
pub async fn get_training(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CreditTraining>> {
    auth.require(Area::CreditTraining, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |c| service::get(c, id)).await?))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_trainings)
        .service(record_training)
        .service(trainings_due)
        .service(get_training);
}
