use actix_web::{get, patch, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::audit::{self, Event};
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::customers::{repo, service::DEFAULT_CODE_PATTERN};
use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError, Problem};
use crate::http::{RequestMeta, ValidJson};
use crate::state::AppState;
use crate::time::now;

#[derive(Debug, Serialize, ToSchema)]
pub struct Settings {
    /// Pattern of new customer codes: `{YYYY}`, `{YY}`, `{MM}`, `{SEQ:n}` and literal text.
    #[schema(example = "C{YYYY}{SEQ:5}")]
    pub customer_code_pattern: String,
    /// Dossier sections not updated for this many months are shown as stale.
    #[schema(example = 12)]
    pub dossier_stale_months: u32,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"customer_code_pattern": "JY{YY}{SEQ:5}", "dossier_stale_months": 12}))]
pub struct UpdateSettings {
    pub customer_code_pattern: Option<String>,
    pub dossier_stale_months: Option<u32>,
}

fn read(conn: &mut DbConn) -> ApiResult<Settings> {
    Ok(Settings {
        customer_code_pattern: repo::setting(conn, "customer_code_pattern")?
            .unwrap_or_else(|| DEFAULT_CODE_PATTERN.into()),
        dossier_stale_months: crate::customers::service::stale_months(conn)?,
    })
}

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
    Ok(web::Json(state.db(read).await?))
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
    let mut errors = Vec::new();
    if let Some(problem) = input
        .customer_code_pattern
        .as_deref()
        .and_then(crate::db::numbering::pattern_problem)
    {
        errors.push(FieldError::new("customer_code_pattern", "invalid", problem));
    }
    if input
        .dossier_stale_months
        .is_some_and(|m| !(1..=120).contains(&m))
    {
        errors.push(FieldError::new(
            "dossier_stale_months",
            "out_of_range",
            "1–120 months",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let actor = auth.actor();
    Ok(web::Json(
        state
            .tx(move |c| {
                let before = read(c)?;
                let t = now();
                if let Some(p) = &input.customer_code_pattern {
                    repo::set_setting(c, "customer_code_pattern", p.trim(), t)?;
                }
                if let Some(m) = input.dossier_stale_months {
                    repo::set_setting(c, "dossier_stale_months", &m.to_string(), t)?;
                }
                let after = read(c)?;
                audit::record(
                    c,
                    &actor,
                    &meta,
                    Event::new("settings.update", "settings", "system")
                        .before(&before)
                        .after(&after),
                )?;
                Ok(after)
            })
            .await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_settings).service(update_settings);
}
