use actix_web::{get, patch, post, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Rating runs (headers; results are read within the scope).
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(RunQuery),
    responses(
        (status = 200, body = Page<RatingRun>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/rating-runs")]
pub async fn list_runs(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<RunQuery>,
) -> ApiResult<web::Json<Page<RatingRun>>> {
    auth.require(Area::RatingRuns, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_runs(c, &auth, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Start a rating run over every customer with a deal, or a chosen set (ad hoc re-rating), or a
/// what-if over a policy version (`policy_version_id`). Answers 202 with the run, computing in
/// the background: poll `GET /rating-runs/{id}` (`done` of `total`) until it is a draft.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), request_body = NewRatingRun,
    responses(
        (status = 202, body = RatingRun, headers(("Location" = String, description = "The run"))),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/rating-runs")]
pub async fn create_run(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewRatingRun>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::RatingRuns, Access::Write)?;
    let (input, today) = (body.0, state.today());
    let run = state
        .tx(move |c| service::create_run(c, &auth, &meta, &input, today))
        .await?;
    actix_web::rt::spawn(service::drive(state.clone(), run.id));
    Ok(HttpResponse::Accepted()
        .insert_header(("Location", format!("/api/v1/rating-runs/{}", run.id)))
        .json(run))
}

/// One run with its progress and, within the reader's scope, its final-grade counts.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = RatingRun),
    ))]
#[get("/rating-runs/{id}")]
pub async fn get_run(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<RatingRun>> {
    auth.require(Area::RatingRuns, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::get_run(c, &auth, id)).await?,
    ))
}

/// A run's results in the reader's scope (a salesman sees his own customers'), highest total
/// first, each with inputs, levels, points, grades and the explanation in Chinese and English.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path), ResultQuery),
    responses(
        (status = 200, body = Page<RatingResult>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/rating-runs/{id}/results")]
pub async fn list_results(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: ValidQuery<ResultQuery>,
) -> ApiResult<web::Json<Page<RatingResult>>> {
    auth.require(Area::RatingRuns, Access::Read)?;
    let (id, q) = (id.into_inner(), q.0);
    let at = Paging::at(q.page, q.page_size)?;
    let (items, total) = state
        .db(move |c| service::list_results(c, &auth, id, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// A run's results in the reader's scope as an .xlsx (the same filters as the list; every page).
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path), ResultQuery),
    responses(
        (status = 200, description = "The workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/rating-runs/{id}/results.xlsx")]
pub async fn export_results(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    q: ValidQuery<ResultQuery>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::RatingRuns, Access::Read)?;
    let (id, q) = (id.into_inner(), q.0);
    let bytes = state
        .db(move |c| service::export_results(c, &auth, &meta, id, &q))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"rating-run-{id}.xlsx\""),
        ))
        .body(bytes))
}

/// Final grades of a run by office (the distribution chart), within the reader's scope.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<OfficeGrades>),
    ))]
#[get("/rating-runs/{id}/by-office")]
pub async fn by_office(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<OfficeGrades>>> {
    auth.require(Area::RatingRuns, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state.db(move |c| service::by_office(c, &auth, id)).await?,
    ))
}

/// Override a result's grade and/or category in a draft run (reason required); both null
/// clears the override. Shown beside the computed grade.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), request_body = OverrideInput,
    params(("id" = i64, Path), ("customer_id" = i64, Path)),
    responses(
        (status = 200, body = RatingResult),
        (status = 422, description = "No reason, or the run is not a draft (`rating.status`)", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/rating-runs/{id}/results/{customer_id}")]
pub async fn override_result(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    path: web::Path<(i64, i64)>,
    body: ValidJson<OverrideInput>,
) -> ApiResult<web::Json<RatingResult>> {
    auth.require(Area::RatingRuns, Access::Write)?;
    let ((id, customer_id), input) = (path.into_inner(), body.0);
    Ok(web::Json(
        state
            .tx(move |c| service::override_result(c, &auth, &meta, id, customer_id, &input))
            .await?,
    ))
}

/// A step of a run at the version read (submit, cancel), in one transaction.
async fn run_action(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: i64,
    action: RunAction,
    step: fn(&mut DbConn, &AuthUser, &RequestMeta, i64, i64) -> ApiResult<RatingRun>,
) -> ApiResult<web::Json<RatingRun>> {
    Ok(web::Json(
        state
            .tx(move |c| step(c, &auth, &meta, id, action.version))
            .await?,
    ))
}

/// Submit a draft run to the VP (approvals inbox).
#[utoipa::path(tag = "ratings", security(("bearer" = [])), request_body = RunAction,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = RatingRun),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/rating-runs/{id}/submit")]
pub async fn submit(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<RunAction>,
) -> ApiResult<web::Json<RatingRun>> {
    auth.require(Area::RatingRuns, Access::Write)?;
    run_action(auth, state, meta, id.into_inner(), body.0, service::submit).await
}

/// Cancel a computing, draft or failed run (the job stops after its current slice).
#[utoipa::path(tag = "ratings", security(("bearer" = [])), request_body = RunAction,
    params(("id" = i64, Path)),
    responses(
        (status = 200, body = RatingRun),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/rating-runs/{id}/cancel")]
pub async fn cancel_run(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<RunAction>,
) -> ApiResult<web::Json<RatingRun>> {
    auth.require(Area::RatingRuns, Access::Write)?;
    run_action(auth, state, meta, id.into_inner(), body.0, service::cancel).await
}

/// Record a strategic influence assessment (business manager or above); the latest counts.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), request_body = NewAssessment,
    params(("id" = i64, Path)),
    responses(
        (status = 201, body = Assessment),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/influence")]
pub async fn assess(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewAssessment>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::StrategicInfluence, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    let created = state
        .tx(move |c| service::assess(c, &auth, &meta, id, &input, today))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// A customer's strategic influence assessments with their reasons, newest first (for those who
/// assess: business manager and above).
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<Assessment>),
    ))]
#[get("/customers/{id}/influence")]
pub async fn assessments(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<Assessment>>> {
    auth.require(Area::StrategicInfluence, Access::Write)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |c| service::assessments(c, &auth, id))
            .await?,
    ))
}

/// A customer's tier and treatment under the policy in force (shipping priority, price level,
/// who revisits how often), its latest influence and its approved rating history.
#[utoipa::path(tag = "ratings", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CustomerRating),
    ))]
#[get("/customers/{id}/rating")]
pub async fn customer_rating(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CustomerRating>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .db(move |c| service::customer_rating(c, &auth, id, today))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_runs)
        .service(create_run)
        .service(get_run)
        .service(list_results)
        .service(export_results)
        .service(by_office)
        .service(override_result)
        .service(submit)
        .service(cancel_run)
        .service(assess)
        .service(assessments)
        .service(customer_rating);
}
