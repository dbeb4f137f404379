use actix_web::{get, patch, post, web, HttpResponse};

use super::model::{
    CreateUser, ResetPassword, UpdateUser, User, UserKind, UserLookupQuery, UserQuery, UserRef,
};
use super::service;
use crate::auth::policy::{Access, Area};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, Problem};
use crate::http::{parse_sort, Page, Paging, RequestMeta, ValidJson, ValidQuery};
use crate::state::AppState;

/// List users (administration).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserQuery),
    responses(
        (status = 200, body = Page<User>),
    ))]
#[get("/users")]
pub async fn list_users(
    auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<UserQuery>,
) -> ApiResult<web::Json<Page<User>>> {
    auth.require(Area::Administration, Access::Read)?;
    let q = q.0;
    let at = Paging::at(q.page, q.page_size)?;
    let sort = parse_sort(
        q.sort.as_deref(),
        &["username", "display_name", "created_at", "last_login_at"],
    )?;
    let (items, total) = state
        .db(move |c| service::list(c, &q, &sort, at.size, at.offset))
        .await?;
    Ok(at.answer(items, total))
}

/// Create a user; the user must change the initial password at first login.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = CreateUser,
    responses(
        (status = 201, body = User),
        (status = 409, description = "Username taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/users")]
pub async fn create_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<CreateUser>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let input = body.0;
    let mut errors = service::validate_create(&input);
    let office_id = input.office_id;
    errors.extend(
        state
            .db(move |c| {
                let mut e = Vec::new();
                service::check_office(c, office_id, &mut e)?;
                Ok(e)
            })
            .await?,
    );
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let hash = state.hash_password(input.password.clone()).await?;
    let actor = auth.actor();
    let user = state
        .tx(move |c| service::create(c, &actor, &meta, &input, &hash))
        .await?;
    Ok(HttpResponse::Created().json(user))
}

/// Active people by name, role or office, at most 20: for pickers (owners, directors,
/// transfers). Every logged-in user may look people up; only names, roles and offices are shown.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(UserLookupQuery),
    responses(
        (status = 200, body = Vec<UserRef>),
    ))]
#[get("/users/lookup")]
pub async fn lookup_users(
    _auth: AuthUser,
    state: web::Data<AppState>,
    q: ValidQuery<UserLookupQuery>,
) -> ApiResult<web::Json<Vec<UserRef>>> {
    let q = q.0;
    let query = UserQuery {
        page: None,
        page_size: None,
        q: q.q,
        role: q.role,
        office_id: q.office_id,
        active: Some(true),
        kind: Some(UserKind::Person),
        sort: None,
    };
    let sort = vec![("display_name".to_string(), false)];
    let (users, _) = state
        .db(move |c| service::list(c, &query, &sort, 20, 0))
        .await?;
    Ok(web::Json(
        users
            .into_iter()
            .map(|u| UserRef {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                roles: u.roles,
                office_id: u.office_id,
                office_name: u.office_name,
            })
            .collect(),
    ))
}

/// One user.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = User),
    ))]
#[get("/users/{id}")]
pub async fn get_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    auth.require(Area::Administration, Access::Read)?;
    let id = id.into_inner();
    Ok(web::Json(state.db(move |c| service::get(c, id)).await?))
}

/// Change a user's display name, roles, office or language (with the `version` read).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UpdateUser,
    responses(
        (status = 200, body = User),
        (status = 409, description = "Stale version", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/users/{id}")]
pub async fn update_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<UpdateUser>,
) -> ApiResult<web::Json<User>> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, input, actor) = (id.into_inner(), body.0, auth.actor());
    Ok(web::Json(
        state
            .tx(move |c| service::update(c, &actor, &meta, id, &input))
            .await?,
    ))
}

/// Disable a user: logins are refused and every session ends at once.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = User),
        (status = 422, description = "Cannot disable oneself", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/users/{id}/disable")]
pub async fn disable_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, actor) = (id.into_inner(), auth.actor());
    Ok(web::Json(
        state
            .tx(move |c| service::set_active(c, &actor, &meta, id, false))
            .await?,
    ))
}

/// Enable a disabled user.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 200, body = User),
    ))]
#[post("/users/{id}/enable")]
pub async fn enable_user(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, actor) = (id.into_inner(), auth.actor());
    Ok(web::Json(
        state
            .tx(move |c| service::set_active(c, &actor, &meta, id, true))
            .await?,
    ))
}

/// Set a temporary password; the user must change it at next login and its sessions end.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)), request_body = ResetPassword,
    responses(
        (status = 204, description = "Password reset"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/users/{id}/reset-password")]
pub async fn reset_password(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
    body: ValidJson<ResetPassword>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let id = id.into_inner();
    let user = state
        .db(move |c| super::repo::find(c, id))
        .await?
        .ok_or(ApiError::NotFound)?;
    let errors =
        crate::auth::password::check_rules("new_password", &body.0.new_password, &user.username);
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let hash = state.hash_password(body.0.new_password).await?;
    let actor = auth.actor();
    state
        .tx(move |c| service::reset_password(c, &actor, &meta, id, &hash))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// End every session of a user (access and refresh tokens stop working at once).
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)),
    responses(
        (status = 204, description = "Sessions ended"),
    ))]
#[post("/users/{id}/end-sessions")]
pub async fn end_sessions(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Administration, Access::Write)?;
    let (id, actor) = (id.into_inner(), auth.actor());
    state
        .tx(move |c| service::end_sessions(c, &actor, &meta, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_users)
        .service(create_user)
        .service(lookup_users)
        .service(get_user)
        .service(update_user)
        .service(disable_user)
        .service(enable_user)
        .service(reset_password)
        .service(end_sessions);
}
