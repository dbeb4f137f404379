use actix_web::{delete, get, post, web, HttpResponse};

use super::model::{ApiToken, CreateApiToken, CreatedApiToken};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// List API tokens (never the secrets).
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])), params(Paging),
    responses(
        (status = 200, body = Page<ApiToken>),
    ))]
#[get("/api-tokens")]
pub async fn list_api_tokens(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<Paging>,
) -> ApiResult<web::Json<Page<ApiToken>>> {
    auth.require(Area::Administration, Access::Read)?;
    let (page, page_size, offset) = q.0.resolve()?;
    let (items, total) = state
        .db(move |c| service::list(c, page_size, offset))
        .await?;
    Ok(web::Json(Page {
        items,
        total,
        page,
        page_size,
    }))
}

/// Create a token for an integration script. The secret is in this answer only.
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])), request_body = CreateApiToken,
    responses(
        (status = 201, body = CreatedApiToken),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/api-tokens")]
pub async fn create_api_token(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<CreateApiToken>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let (input, actor) = (body.0, auth.actor());
    let created = state
        .tx(move |c| service::create(c, &actor, &meta, &input))
        .await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revoke a token; it stops working at once.
#[utoipa::path(tag = "api-tokens", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Revoked"),
    ))]
#[delete("/api-tokens/{id}")]
pub async fn revoke_api_token(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, actor) = (id.into_inner(), auth.actor());
    state
        .tx(move |c| service::revoke(c, &actor, &meta, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_api_tokens)
        .service(create_api_token)
        .service(revoke_api_token);
}
