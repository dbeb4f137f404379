use actix_web::{delete, get, patch, post, web, HttpResponse};

use super::model::{
    CustomerCard, DossierEntry, DossierQuery, DossierVersion, NewDossierEntry, UpdateDossierEntry,
};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// The customer's dossier: profile sections and entries (restricted fields only for those who
/// may read them; such reads are audited).
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path), DossierQuery),
    responses(
        (status = 200, body = Vec<DossierEntry>),
    ))]
#[get("/customers/{id}/dossier")]
pub async fn list_dossier(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    q: ValidQuery<DossierQuery>,
) -> ApiResult<web::Json<Vec<DossierEntry>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let (id, kind) = (id.into_inner(), q.0.kind);
    Ok(web::Json(
        state
            .tx(move |c| service::list(c, &auth, &meta, id, kind))
            .await?,
    ))
}

/// Add a dossier entry (or a profile section that does not exist yet).
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)), request_body = NewDossierEntry,
    responses(
        (status = 201, body = DossierEntry),
        (status = 422, description = "Invalid content, named by `content.<field>`", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/customers/{id}/dossier")]
pub async fn create_entry(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<NewDossierEntry>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    let entry = state
        .tx(move |c| service::create(c, &auth, &meta, id, input, today))
        .await?;
    Ok(HttpResponse::Created().json(entry))
}

/// Update an entry with the version read; the previous version is kept in its history.
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateDossierEntry,
    responses(
        (status = 200, body = DossierEntry),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/dossier-entries/{id}")]
pub async fn update_entry(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdateDossierEntry>,
) -> ApiResult<web::Json<DossierEntry>> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let (id, input, today) = (id.into_inner(), body.0, state.today());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &auth, &meta, id, input, today))
            .await?,
    ))
}

/// Remove an entry (its versions stay in the history and the audit trail).
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Removed"),
    ))]
#[delete("/dossier-entries/{id}")]
pub async fn delete_entry(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::CustomerMaster, Access::Write)?;
    let id = id.into_inner();
    state
        .tx(move |c| service::delete(c, &auth, &meta, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every version of an entry, newest first.
#[utoipa::path(tag = "dossier", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = Vec<DossierVersion>),
    ))]
#[get("/dossier-entries/{id}/history")]
pub async fn entry_history(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Vec<DossierVersion>>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(
        state
            .tx(move |c| service::versions(c, &auth, &meta, id))
            .await?,
    ))
}

/// The customer card.
#[utoipa::path(tag = "customers", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = CustomerCard),
    ))]
#[get("/customers/{id}/card")]
pub async fn customer_card(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<CustomerCard>> {
    auth.require(Area::CustomerMaster, Access::Read)?;
    let id = id.into_inner();
    let today = state.today();
    let card = state
        .tx(move |c| service::card(c, &auth, &meta, id, today))
        .await?;
    Ok(web::Json(card))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_dossier)
        .service(create_entry)
        .service(update_entry)
        .service(delete_entry)
        .service(entry_history)
        .service(customer_card);
}
