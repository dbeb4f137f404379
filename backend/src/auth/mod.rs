//! Authentication (who is asking) and the authorization helpers every handler calls first.

pub mod jwt;
pub mod model;
pub mod password;
pub mod policy;
pub mod repo;
pub mod routes;
pub mod service;
pub mod token;

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};

use crate::audit::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use policy::{Access, Area, Role, Scope};

pub use token::{random_token, token_hash, API_TOKEN_PREFIX};

/// The authenticated caller: a person (JWT) or a service account (API token).
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub office_id: Option<i64>,
    pub must_change_password: bool,
    pub api_token_id: Option<i64>,
}

impl AuthUser {
    pub fn can(&self, area: Area, access: Access) -> bool {
        policy::can(&self.roles, area, access)
    }

    /// Call first in a handler: 403 (logged as a refusal) when no role allows it.
    pub fn require(&self, area: Area, access: Access) -> ApiResult<()> {
        if self.can(area, access) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }

    pub fn scope(&self) -> Scope {
        policy::scope_of(&self.roles)
    }

    pub fn actor(&self) -> Actor {
        Actor {
            id: Some(self.id),
            name: self.username.clone(),
        }
    }
}

/// Paths a user who must change the password may still use.
pub fn allowed_before_password_change(path: &str) -> bool {
    path == "/api/v1/me" || path == "/api/v1/me/password" || path.starts_with("/api/v1/auth/")
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("no state"))?
                .clone();
            let header = req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .ok_or(ApiError::Unauthenticated)?;
            let token = header
                .strip_prefix("Bearer ")
                .or_else(|| header.strip_prefix("bearer "))
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .ok_or(ApiError::Unauthenticated)?
                .to_string();
            let user = if token.starts_with(API_TOKEN_PREFIX) {
                let meta = crate::http::RequestMeta::from_request(&req);
                state
                    .db(move |conn| service::authenticate_api_token(conn, &token, &meta))
                    .await?
            } else {
                let claims = state.jwt.verify(&token).ok_or(ApiError::Unauthenticated)?;
                let user_id: i64 = claims.sub.parse().map_err(|_| ApiError::Unauthenticated)?;
                state
                    .db(move |conn| service::load_session_user(conn, user_id, claims.gen))
                    .await?
            };
            if user.must_change_password && !allowed_before_password_change(req.path()) {
                return Err(ApiError::PasswordChangeRequired);
            }
            req.extensions_mut().insert(user.clone());
            Ok(user)
        })
    }
}
