use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use super::model::{ChangePassword, LoginRequest, Me, RefreshRequest, TokenResponse, UpdateMe};
use super::{service, AuthUser};
use crate::error::{ApiResult, Problem};
use crate::http::{peer_ip, RequestMeta, ValidJson};
use crate::state::AppState;

/// Log in with username and password.
///
/// Failed logins count per account: after the configured number the account is locked for a
/// while (doubling up to an hour); a correct login after the wait clears the count. Requests
/// are also limited per client IP.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses(
        (status = 200, description = "Logged in", body = TokenResponse),
        (status = 401, description = "Wrong username or password", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Account locked or too many requests (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/login")]
pub async fn login(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<LoginRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    state.check_auth_rate(peer_ip(&req))?;
    let body = body.0;
    Ok(web::Json(
        service::login(
            &state,
            RequestMeta::from_request(&req),
            body.username,
            body.password,
        )
        .await?,
    ))
}

/// Exchange a refresh token for new tokens.
///
/// Refresh tokens are single-use: each call answers a new one. Presenting a used token again
/// revokes its whole family (every session descended from the same login).
#[utoipa::path(tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens", body = TokenResponse),
        (status = 401, description = "Invalid, expired, revoked or reused refresh token", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/refresh")]
pub async fn refresh(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<web::Json<TokenResponse>> {
    state.check_auth_rate(peer_ip(&req))?;
    Ok(web::Json(
        service::refresh(
            &state,
            RequestMeta::from_request(&req),
            body.0.refresh_token,
        )
        .await?,
    ))
}

/// End the session the refresh token belongs to.
#[utoipa::path(tag = "auth", request_body = RefreshRequest,
    responses(
        (status = 204, description = "Logged out (also when the token was already invalid)"),
        (status = 422, description = "Invalid body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/auth/logout")]
pub async fn logout(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    state.check_auth_rate(peer_ip(&req))?;
    service::logout(
        &state,
        RequestMeta::from_request(&req),
        body.0.refresh_token,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The logged-in user, with roles and permissions.
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/me")]
pub async fn get_me(auth: AuthUser, state: web::Data<AppState>) -> ApiResult<web::Json<Me>> {
    let id = auth.id;
    Ok(web::Json(state.db(move |c| service::me(c, id)).await?))
}

/// Change one's own display name or language. Roles, office and status are not changeable here.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = UpdateMe,
    responses(
        (status = 200, body = Me),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or unknown field", body = Problem, content_type = "application/problem+json"),
    ))]
#[patch("/me")]
pub async fn patch_me(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<UpdateMe>,
) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(
        service::update_me(&state, &auth, meta, body.0).await?,
    ))
}

/// Change one's own password; every other session ends, this one continues with the answered tokens.
#[utoipa::path(tag = "auth", security(("bearer" = [])), request_body = ChangePassword,
    responses(
        (status = 200, description = "Changed; use these tokens from now on", body = TokenResponse),
        (status = 401, description = "Not logged in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "API tokens cannot change passwords", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password or a new password that breaks the rules", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/me/password")]
pub async fn change_password(
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<ChangePassword>,
) -> ApiResult<web::Json<TokenResponse>> {
    Ok(web::Json(
        service::change_password(&state, &auth, meta, body.0).await?,
    ))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(get_me)
        .service(patch_me)
        .service(change_password);
}
