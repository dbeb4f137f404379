use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};

use super::model::{ChangePassword, LoginRequest, Me, RefreshRequest, TokenResponse, UpdateMe};
use super::{service, AuthUser};
use crate::error::{ApiError, ApiResult, Problem};
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
) -> ApiResult<HttpResponse> {
    state.check_auth_rate(peer_ip(&req))?;
    let body = body.0;
    let tokens = service::login(
        &state,
        RequestMeta::from_request(&req),
        body.username,
        body.password,
    )
    .await?;
    Ok(deliver(&state, tokens, body.refresh_cookie))
}

/// The web app's refresh token travels in this cookie, sent back only to `/api/v1/auth/*`.
pub const REFRESH_COOKIE: &str = "jiyuan_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// The refresh token from the request's cookie, if it carries one.
fn cookie_token(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get_all(header::COOKIE)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == REFRESH_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|v| !v.is_empty())
}

/// Answer the tokens; with `cookie`, the refresh token goes into the `HttpOnly` cookie and not
/// into the body, so no script on the page can read it.
fn deliver(state: &AppState, mut tokens: TokenResponse, cookie: bool) -> HttpResponse {
    let mut res = HttpResponse::Ok();
    if cookie {
        if let Some(token) = tokens.refresh_token.take() {
            res.insert_header((
                header::SET_COOKIE,
                format!(
                    "{REFRESH_COOKIE}={token}; Path={REFRESH_COOKIE_PATH}; Max-Age={}; HttpOnly; Secure; SameSite=Strict",
                    state.config.refresh_token_ttl_secs
                ),
            ));
        }
    }
    res.insert_header((header::CACHE_CONTROL, "no-store"));
    res.json(tokens)
}

fn clear_cookie() -> (header::HeaderName, String) {
    (
        header::SET_COOKIE,
        format!(
            "{REFRESH_COOKIE}=; Path={REFRESH_COOKIE_PATH}; Max-Age=0; HttpOnly; Secure; SameSite=Strict"
        ),
    )
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
) -> ApiResult<HttpResponse> {
    state.check_auth_rate(peer_ip(&req))?;
    // A token in the body wins; otherwise the web app's cookie, answered as a cookie again.
    let (token, cookie) = match body.0.refresh_token {
        Some(t) => (t, false),
        None => (
            cookie_token(&req).ok_or(ApiError::InvalidRefreshToken)?,
            true,
        ),
    };
    match service::refresh(&state, RequestMeta::from_request(&req), token).await {
        Ok(tokens) => Ok(deliver(&state, tokens, cookie)),
        // A dead cookie is removed so the web app goes back to its login page cleanly.
        Err(e) if cookie => {
            let mut res = actix_web::ResponseError::error_response(&e);
            if let Ok(v) = header::HeaderValue::from_str(&clear_cookie().1) {
                res.headers_mut().insert(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(e) => Err(e),
    }
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
    if let Some(token) = body.0.refresh_token.or_else(|| cookie_token(&req)) {
        service::logout(&state, RequestMeta::from_request(&req), token).await?;
    }
    Ok(HttpResponse::NoContent()
        .insert_header(clear_cookie())
        .finish())
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
        (status = 429, description = "Too many wrong current passwords (the account is locked) or too many requests from this address (see Retry-After)", body = Problem, content_type = "application/problem+json"),
    ))]
#[post("/me/password")]
pub async fn change_password(
    req: HttpRequest,
    auth: AuthUser,
    state: web::Data<AppState>,
    meta: RequestMeta,
    body: ValidJson<ChangePassword>,
) -> ApiResult<HttpResponse> {
    // Limited like the login: a stolen session must not become a password-guessing oracle.
    state.check_auth_rate(peer_ip(&req))?;
    let cookie = body.0.refresh_cookie;
    let tokens = service::change_password(&state, &auth, meta, body.0).await?;
    Ok(deliver(&state, tokens, cookie))
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(get_me)
        .service(patch_me)
        .service(change_password);
}
