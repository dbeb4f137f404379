use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::policy::Role;
use crate::users::model::Language;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "admin", "password": "Change-Me-2026!"}))]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// For the web app: the refresh token comes back as an `HttpOnly; Secure; SameSite=Strict`
    /// cookie scoped to `/api/v1/auth` (script cannot read it) instead of in the body. API
    /// clients and mobile apps leave this out and keep the token themselves.
    #[serde(default)]
    pub refresh_cookie: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"refresh_token": "q3Xw…"}))]
pub struct RefreshRequest {
    /// The refresh token; leave it out when it travels in the web app's cookie.
    pub refresh_token: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// JWT for `Authorization: Bearer …`.
    pub access_token: String,
    /// Opaque, single-use: `POST /auth/refresh` answers a new one each time. Absent when it
    /// travels in the web app's `HttpOnly` cookie instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// Seconds until the refresh token expires.
    pub refresh_expires_in: u64,
    pub user: Me,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OfficeRef {
    pub id: i64,
    pub code: String,
    pub name: String,
}

/// The logged-in user, with what the web app needs to build its menus.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub office: Option<OfficeRef>,
    pub language: Language,
    /// Where notifications are copied by e-mail (empty: not at all).
    pub email: String,
    pub must_change_password: bool,
    /// `area.read|write|approve` for every area of docs/roles.md the user's roles allow.
    #[schema(example = json!(["administration.read", "administration.write", "policy_versions.read"]))]
    pub permissions: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"display_name": "张三", "language": "en"}))]
pub struct UpdateMe {
    pub display_name: Option<String>,
    pub language: Option<Language>,
    /// For e-mail copies of notifications; empty to stop them.
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"current_password": "Change-Me-2026!", "new_password": "A-much-better-one-2026"}))]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
    /// The web app: the new refresh token comes back in its `HttpOnly` cookie, as at login.
    #[serde(default)]
    pub refresh_cookie: bool,
}
