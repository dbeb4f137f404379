use actix_web::{get, post, web, HttpResponse};

use super::model::*;
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::db::DbConn;
use crate::error::{ApiResult, Problem};
use crate::http::{RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;
use chrono::NaiveDate;

/// The credit tab of a customer (客户信用档案): grade, limit, exposure, standard, instruments,
/// investigations, events, holds and the history of grade and limit.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/credit")]
pub async fn get_profile(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CreditProfile>> {
    auth.require(Area::CreditLimits, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    let p = state
        .db(move |c| service::profile(c, &auth, id, today))
        .await?;
    Ok(web::Json(p))
}

/// 信用敞口: open receivables + shipped-not-invoiced + unshipped contracts against the limit.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Exposure),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/exposure")]
pub async fn get_exposure(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Exposure>> {
    auth.require(Area::CreditLimits, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    let e = state
        .db(move |c| service::exposure(c, &auth, id, today))
        .await?;
    Ok(web::Json(e))
}

/// The documents behind one part of the exposure (at most 1,000).
#[utoipa::path(tag = "credit", security(("bearer" = [])),
    params(("id" = i64, Path), ExposureDocumentsQuery),
    responses(
        (status = 200, body = Vec<ExposureDocument>),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/customers/{id}/exposure/documents")]
pub async fn exposure_documents(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
    q: ValidQuery<ExposureDocumentsQuery>,
) -> ApiResult<web::Json<Vec<ExposureDocument>>> {
    auth.require(Area::CreditLimits, Access::Read)?;
    let (id, part, today) = (id.into_inner(), q.0.part, state.today());
    let docs = state
        .db(move |c| service::exposure_documents(c, &auth, id, part, today))
        .await?;
    Ok(web::Json(docs))
}

/// Propose a new credit grade and limit (business department): filed for the VP, and for the
/// GM as well above the policy's `credit.gm_limit_above_fen`.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewLimitRequest,
    responses(
        (status = 201, body = LimitRequest),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A request for this customer is pending", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/limit-requests")]
pub async fn request_limit(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewLimitRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CreditLimits, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    let r = state
        .tx(move |c| service::request_limit(c, &auth, &meta, id, &input, today))
        .await?;
    Ok(HttpResponse::Created().json(r))
}

/// Void a security instrument with a reason (the VP or GM): it stops counting toward the limit.
#[utoipa::path(tag = "credit", security(("bearer" = [])),
    params(("id" = i64, Path), ("instrument_id" = i64, Path)),
    request_body = CreditReason,
    responses(
        (status = 200, body = CreditProfile),
        (status = 404, description = "No such customer in your scope, or no such live instrument", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/instruments/{instrument_id}/void")]
pub async fn void_instrument(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    path: web::Path<(i64, i64)>,
    body: ValidJson<CreditReason>,
) -> ApiResult<web::Json<CreditProfile>> {
    auth.require(Area::CreditLimits, Access::Approve)?;
    let ((id, instrument), input, today) = (path.into_inner(), body.0, state.today());
    let p = state
        .tx(move |c| service::void_instrument(c, &auth, &meta, id, instrument, &input, today))
        .await?;
    Ok(web::Json(p))
}

/// Record a security instrument (guarantee, credit insurance, factoring, mortgage): the VP or
/// GM, since it raises the customer's limit while valid.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewInstrument,
    responses(
        (status = 201, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/instruments")]
pub async fn add_instrument(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewInstrument>,
) -> ApiResult<HttpResponse> {
    record(
        auth,
        state,
        meta,
        id,
        body.0,
        (Area::CreditLimits, Access::Approve),
        service::add_instrument,
    )
    .await
}

/// Record a credit investigation (资信调查); the latest dates the credit standard.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewInvestigation,
    responses(
        (status = 201, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/investigations")]
pub async fn add_investigation(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewInvestigation>,
) -> ApiResult<HttpResponse> {
    record(
        auth,
        state,
        meta,
        id,
        body.0,
        (Area::CreditLimits, Access::Write),
        service::add_investigation,
    )
    .await
}

/// Record a credit event (信用事件); a severe one puts the customer on credit hold at once.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = NewCreditEvent,
    responses(
        (status = 201, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/events")]
pub async fn add_event(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewCreditEvent>,
) -> ApiResult<HttpResponse> {
    record(
        auth,
        state,
        meta,
        id,
        body.0,
        (Area::CreditEvents, Access::Write),
        service::add_event,
    )
    .await
}

/// Put the customer on credit hold: every contract review and shipping note fails until lifted.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CreditReason,
    responses(
        (status = 200, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "On hold already", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/hold")]
pub async fn set_hold(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CreditReason>,
) -> ApiResult<web::Json<CreditProfile>> {
    change_hold(auth, state, meta, id, body.0, true).await
}

/// Lift the customer's credit hold, with a reason.
#[utoipa::path(tag = "credit", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = CreditReason,
    responses(
        (status = 200, body = CreditProfile),
        (status = 404, description = "No such customer in your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, or not on hold", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/credit/hold/lift")]
pub async fn lift_hold(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<CreditReason>,
) -> ApiResult<web::Json<CreditProfile>> {
    change_hold(auth, state, meta, id, body.0, false).await
}

async fn change_hold(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    input: CreditReason,
    hold: bool,
) -> ApiResult<web::Json<CreditProfile>> {
    auth.require(Area::CreditHolds, Access::Write)?;
    let (id, today) = (id.into_inner(), state.today());
    let p = state
        .tx(move |c| {
            service::change_hold(c, &auth, &meta, id, &input, hold)?;
            crate::shipping::service::recheck_customer(c, id, today)?;
            service::profile(c, &auth, id, today)
        })
        .await?;
    Ok(web::Json(p))
}

/// What records something on a customer's credit file (an instrument, an investigation, an
/// event) and answers its id.
type Recorder<I> = fn(&mut DbConn, &AuthUser, &RequestMeta, i64, &I, NaiveDate) -> ApiResult<i64>;

/// Record on the customer's credit file, answering the whole profile (201).
async fn record<I: Send + 'static>(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    input: I,
    (area, access): (Area, Access),
    add: Recorder<I>,
) -> ApiResult<HttpResponse> {
    auth.require(area, access)?;
    let (id, today) = (id.into_inner(), state.today());
    let p = state
        .tx(move |c| {
            add(c, &auth, &meta, id, &input, today)?;
            // An instrument or a lifted hold may make room: blocked notes are checked again.
            crate::shipping::service::recheck_customer(c, id, today)?;
            service::profile(c, &auth, id, today)
        })
        .await?;
    Ok(HttpResponse::Created().json(p))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_profile)
        .service(get_exposure)
        .service(exposure_documents)
        .service(request_limit)
        .service(add_instrument)
        .service(void_instrument)
        .service(add_investigation)
        .service(add_event)
        .service(set_hold)
        .service(lift_hold);
}
