use actix_web::{get, patch, web};

use super::model::{Settings, UpdateSettings};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiResult, Problem};
use crate::http::{RequestMeta, ValidJson};
use crate::state::AppState;

/// The system settings.
#[utoipa::path(tag = "settings", security(("bearer" = [])),
    responses(
        (status = 200, body = Settings),
    ))]
#[get("/settings")]
pub async fn get_settings(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Settings>> {
    auth.require(Area::Administration, Access::Read)?;
    Ok(web::Json(state.db(service::read).await?))
}

/// Change system settings.
#[utoipa::path(tag = "settings", security(("bearer" = [])), request_body = UpdateSettings,
    responses(
        (status = 200, body = Settings),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/settings")]
pub async fn update_settings(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<UpdateSettings>,
) -> ApiResult<web::Json<Settings>> {
    auth.require(Area::Administration, Access::Write)?;
    let input = body.0;
    service::validate(&input)?;
    let actor = auth.actor();
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &actor, &meta, &input))
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_settings).service(update_settings);
}
