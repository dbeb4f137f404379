use actix_web::{get, patch, post, web, HttpResponse};

use super::model::{CreateOffice, Office, OfficeQuery, UpdateOffice};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{parse_sort, Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// List offices. Every logged-in user may read them (names for filters and forms).
#[utoipa::path(tag = "offices", security(("bearer" = [])), params(OfficeQuery),
    responses(
        (status = 200, body = Page<Office>),
    ))]
#[get("/offices")]
pub async fn list_offices(
    _auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<OfficeQuery>,
) -> ApiResult<web::Json<Page<Office>>> {
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let sort = parse_sort(q.sort.as_deref(), &["code", "name", "region", "created_at"])?;
    let (items, total) = state
        .db(move |c| service::list(c, &q, &sort, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Create an office.
#[utoipa::path(tag = "offices", security(("bearer" = [])), request_body = CreateOffice,
    responses(
        (status = 201, body = Office),
        (status = 409, description = "Code taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/offices")]
pub async fn create_office(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<CreateOffice>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let (input, actor) = (body.0, auth.actor());
    let office = state
        .tx(move |c| service::create(c, &actor, &meta, &input))
        .await?;
    Ok(HttpResponse::Created().json(office))
}

/// One office.
#[utoipa::path(tag = "offices", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Office),
    ))]
#[get("/offices/{id}")]
pub async fn get_office(
    _auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Office>> {
    let id = id.into_inner();
    Ok(web::Json(state.db(move |c| service::get(c, id)).await?))
}

/// Change an office's name, region or director (with the `version` read; the code is permanent).
#[utoipa::path(tag = "offices", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateOffice,
    responses(
        (status = 200, body = Office),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/offices/{id}")]
pub async fn update_office(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdateOffice>,
) -> ApiResult<web::Json<Office>> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, input, actor) = (id.into_inner(), body.0, auth.actor());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &actor, &meta, id, &input))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_offices)
        .service(create_office)
        .service(get_office)
        .service(update_office);
}
