use actix_web::{get, patch, post, web, HttpResponse};

use super::model::{NewPolicyDraft, PolicyAction, PolicyQuery, PolicyVersion, UpdatePolicyDraft};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// Policy versions, newest first (everyone reads the measures).
#[utoipa::path(tag = "policies", security(("bearer" = [])), params(PolicyQuery),
    responses(
        (status = 200, body = Page<PolicyVersion>),
    ))]
#[get("/policies")]
pub async fn list_policies(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<PolicyQuery>,
) -> ApiResult<web::Json<Page<PolicyVersion>>> {
    auth.require(Area::PolicyVersions, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let today = state.today();
    let (items, total) = state
        .db(move |c| service::list(c, q.status, at.size, at.offset, today))
        .await?;
    Ok(at.answer(items, total))
}

/// The version in force today, whole.
#[utoipa::path(tag = "policies", security(("bearer" = [])),
    responses(
        (status = 200, body = PolicyVersion),
    ))]
#[get("/policies/active")]
pub async fn active_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PolicyVersion>> {
    auth.require(Area::PolicyVersions, Access::Read)?;
    let today = state.today();
    Ok(web::Json(
        state.db(move |c| service::get_active(c, today)).await?,
    ))
}

/// One version with its document, what stops it from being submitted, and its changes against
/// the version it was based on.
#[utoipa::path(tag = "policies", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = PolicyVersion),
    ))]
#[get("/policies/{id}")]
pub async fn get_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<PolicyVersion>> {
    auth.require(Area::PolicyVersions, Access::Read)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state.db(move |c| service::get(c, id, today)).await?,
    ))
}

/// Start a draft: a copy of the version in force (or of `based_on`). Business manager.
#[utoipa::path(tag = "policies", security(("bearer" = [])), request_body = NewPolicyDraft,
    responses(
        (status = 201, body = PolicyVersion),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/policies")]
pub async fn create_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<NewPolicyDraft>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::PolicyVersions, Access::Write)?;
    let today = state.today();
    let created = state
        .tx(move |c| service::create_draft(c, &auth, &meta, body.0, today))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Edit a draft (document, effective date, note). A draft may break rules while it is edited;
/// `problems` lists them by parameter. Submitted versions are immutable.
#[utoipa::path(tag = "policies", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = UpdatePolicyDraft,
    responses(
        (status = 200, body = PolicyVersion),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/policies/{id}")]
pub async fn update_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdatePolicyDraft>,
) -> ApiResult<web::Json<PolicyVersion>> {
    auth.require(Area::PolicyVersions, Access::Write)?;
    let (id, today) = (id.into_inner(), state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update_draft(c, &auth, &meta, id, body.0, today))
            .await?,
    ))
}

/// Submit a draft to the VP's approvals inbox (the GM's too, after the VP, when the credit or
/// service part differs from the version in force on its effective date). Refused while any rule is broken or without a future effective date.
#[utoipa::path(tag = "policies", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = PolicyAction,
    responses(
        (status = 200, body = PolicyVersion),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/policies/{id}/submit")]
pub async fn submit_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<PolicyAction>,
) -> ApiResult<web::Json<PolicyVersion>> {
    auth.require(Area::PolicyVersions, Access::Write)?;
    let (id, today, version) = (id.into_inner(), state.today(), body.0.version);
    Ok(web::Json(
        state
            .tx(move |c| service::submit(c, &auth, &meta, id, version, today))
            .await?,
    ))
}

/// Withdraw a draft or a version waiting for approval.
#[utoipa::path(tag = "policies", security(("bearer" = [])), params(("id" = i64, Path)),
    request_body = PolicyAction,
    responses(
        (status = 200, body = PolicyVersion),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/policies/{id}/withdraw")]
pub async fn withdraw_policy(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<PolicyAction>,
) -> ApiResult<web::Json<PolicyVersion>> {
    auth.require(Area::PolicyVersions, Access::Write)?;
    let (id, today, version) = (id.into_inner(), state.today(), body.0.version);
    Ok(web::Json(
        state
            .tx(move |c| service::withdraw(c, &auth, &meta, id, version, today))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    // `active` before `{id}`.
    cfg.service(active_policy)
        .service(list_policies)
        .service(get_policy)
        .service(create_policy)
        .service(update_policy)
        .service(submit_policy)
        .service(withdraw_policy);
}
