use actix_web::{get, web};

use super::model::{AuditEvent, AuditQuery};
use super::repo;
use crate::auth::policy::{Access, Area, Role, SYSTEM_AUDIT_ENTITIES};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, Paging, ValidQuery};
use crate::state::AppState;

/// The audit trail, newest first. Administrators see everything; the business manager, VP and
/// GM see business records (not users, offices, API tokens or sessions).
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEvent>),
    ))]
#[get("/audit-events")]
pub async fn list_audit_events(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<AuditQuery>,
) -> ApiResult<web::Json<Page<AuditEvent>>> {
    auth.require(Area::AuditLog, Access::Read)?;
    let business_only = !auth.roles.contains(&Role::Admin);
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let (rows, total) = state
        .db(move |c| repo::list(c, &q, business_only, at.size, at.offset))
        .await?;
    Ok(at.answer(rows.into_iter().map(AuditEvent::from).collect(), total))
}

/// One audit event. An event on a system record is outside the business readers' scope (404).
#[utoipa::path(tag = "audit", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = AuditEvent),
    ))]
#[get("/audit-events/{id}")]
pub async fn get_audit_event(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<AuditEvent>> {
    auth.require(Area::AuditLog, Access::Read)?;
    let id = id.into_inner();
    let row = state
        .db(move |c| repo::find(c, id))
        .await?
        .ok_or(ApiError::NotFound)?;
    if !auth.roles.contains(&Role::Admin) && SYSTEM_AUDIT_ENTITIES.contains(&row.entity.as_str()) {
        return Err(ApiError::OutOfScope);
    }
    Ok(web::Json(row.into()))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events).service(get_audit_event);
}
