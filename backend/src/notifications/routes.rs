use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{Notification, NotificationRow};
use crate::auth::AuthUser;
use crate::db::schema::notifications;
use crate::db_run;
use crate::error::{ApiError, ApiResult};
use crate::http::{Page, Paging, ValidQuery};
use crate::state::AppState;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Only unread ones.
    pub unread: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

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
    let unread = q.unread.unwrap_or(false);
    let (rows, total) = state
        .db(move |conn| {
            macro_rules! mine {
                () => {{
                    let mut query = notifications::table
                        .filter(notifications::user_id.eq(me))
                        .into_boxed();
                    if unread {
                        query = query.filter(notifications::read_at.is_null());
                    }
                    query
                }};
            }
            let total: i64 = db_run!(conn, |c| mine!().count().get_result(c))?;
            let rows: Vec<NotificationRow> = db_run!(conn, |c| mine!()
                .order(notifications::id.desc())
                .limit(at.size)
                .offset(at.offset)
                .select(NotificationRow::as_select())
                .load(c))?;
            Ok((rows, total))
        })
        .await?;
    Ok(at.answer(rows.into_iter().map(Notification::from).collect(), total))
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
    let unread: i64 = state
        .db(move |conn| {
            Ok(db_run!(conn, |c| notifications::table
                .filter(notifications::user_id.eq(me))
                .filter(notifications::read_at.is_null())
                .count()
                .get_result(c))?)
        })
        .await?;
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
    let t = crate::time::now();
    let exists = state
        .db(move |conn| {
            let mine = notifications::table
                .filter(notifications::id.eq(id))
                .filter(notifications::user_id.eq(me));
            db_run!(conn, |c| diesel::update(
                mine.filter(notifications::read_at.is_null())
            )
            .set(notifications::read_at.eq(Some(t)))
            .execute(c))?;
            let n: i64 = db_run!(conn, |c| mine.count().get_result(c))?;
            Ok(n > 0)
        })
        .await?;
    if !exists {
        return Err(ApiError::NotFound);
    }
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
    let t = crate::time::now();
    state
        .db(move |conn| {
            Ok(db_run!(conn, |c| diesel::update(
                notifications::table
                    .filter(notifications::user_id.eq(me))
                    .filter(notifications::read_at.is_null())
            )
            .set(notifications::read_at.eq(Some(t)))
            .execute(c))?)
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_notifications)
        .service(unread_count)
        .service(mark_all_read)
        .service(mark_read);
}
