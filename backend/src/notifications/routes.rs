use actix_web::{get, post, web, HttpResponse};

use super::model::{Notification, NotificationQuery, UnreadCount};
use super::service;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::http::{Page, Paging, ValidQuery};
use crate::state::AppState;

/// My notifications, newest first.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), params(NotificationQuery),
    responses(
        (status = 200, body = Page<Notification>),
    ))]
#[get("/notifications")]
pub async fn list_notifications(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<NotificationQuery>,
) -> ApiResult<web::Json<Page<Notification>>> {
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let me = auth.id;
    let (items, total) = state
        .db(move |c| service::list(c, me, &q, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// How many of my notifications are unread (for the bell in the header).
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 200, body = UnreadCount),
    ))]
#[get("/notifications/unread-count")]
pub async fn unread_count(
    auth: AuthUser,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<UnreadCount>> {
    let me = auth.id;
    let unread = state.db(move |c| service::unread_count(c, me)).await?;
    Ok(web::Json(UnreadCount { unread }))
}

/// Mark one of my notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Marked read"),
    ))]
#[post("/notifications/{id}/read")]
pub async fn mark_read(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let (me, id) = (auth.id, id.into_inner());
    state.db(move |c| service::mark_read(c, me, id)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all my notifications read.
#[utoipa::path(tag = "notifications", security(("bearer" = [])),
    responses(
        (status = 204, description = "All marked read"),
    ))]
#[post("/notifications/read-all")]
pub async fn mark_all_read(auth: AuthUser, state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let me = auth.id;
    state.db(move |c| service::mark_all_read(c, me)).await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_notifications)
        .service(unread_count)
        .service(mark_all_read)
        .service(mark_read);
}
