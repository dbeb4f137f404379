//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`.
//! Every error carries a stable machine `code` that clients translate; internals never leak.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// One problem with one input field.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// Dotted path of the field in the request (`roles[1]`, `new_password`, `page_size`).
    pub field: String,
    /// Stable code, e.g. `required`, `too_long`, `password.too_common`.
    pub code: String,
    /// English explanation for humans and logs.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.to_string(),
            message: message.into(),
        }
    }
}

/// The body of every error response.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"type": "about:blank", "title": "Validation failed", "status": 422,
    "detail": "One or more fields are invalid.", "code": "validation.failed",
    "errors": [{"field": "new_password", "code": "password.too_short", "message": "must be at least 8 characters"}]}))]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code (see the README's error table).
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// Seconds to wait before retrying (429 answers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// 413 answers: the largest body accepted, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_bytes: Option<usize>,
    /// `customer.duplicate`: the existing customer, when it is in the user's scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<DuplicateOf>,
}

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct DuplicateOf {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("wrong username or password")]
    InvalidCredentials,
    #[error("account locked")]
    AccountLocked { retry_after: u64 },
    #[error("too many requests")]
    RateLimited { retry_after: u64 },
    #[error("account disabled")]
    AccountDisabled,
    #[error("invalid refresh token")]
    InvalidRefreshToken,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// The record exists but is outside the user's data scope: answered exactly like
    /// `NotFound` so ids do not leak, but logged as a refusal.
    #[error("out of scope")]
    OutOfScope,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed JSON: {0}")]
    MalformedJson(String),
    #[error("invalid query: {0:?}")]
    InvalidQuery(Vec<FieldError>),
    #[error("request body too large")]
    TooLarge { limit: usize },
    #[error("stale version")]
    StaleVersion,
    #[error("duplicate")]
    Duplicate(Vec<FieldError>),
    /// A customer with the same credit code or name exists; `existing` only when it is in the
    /// user's scope (otherwise the user may ask for access without learning anything).
    #[error("duplicate customer")]
    DuplicateCustomer {
        field: &'static str,
        existing: Option<DuplicateOf>,
    },
    #[error("approval already decided")]
    AlreadyDecided,
    #[error("self-approval")]
    SelfApproval,
    /// The same `Idempotency-Key` with a different request.
    #[error("idempotency key reused")]
    IdempotencyConflict,

    #[error("internal error: {0}")]
    Internal(String),
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The longest free text of a record (notes, reasons, outcomes, opinions), in characters.
pub const TEXT_MAX: usize = 4000;

/// A bounded text field, trimmed; empty refused when `required`. Problems are added to `errors`.
pub fn checked_text<'a>(
    field: &str,
    value: &'a str,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> &'a str {
    let v = value.trim();
    if required && v.is_empty() {
        errors.push(FieldError::new(field, "required", "must not be empty"));
    } else if v.chars().count() > TEXT_MAX {
        errors.push(FieldError::new(
            field,
            "too_long",
            format!("at most {TEXT_MAX} characters"),
        ));
    }
    v
}

/// Ok when no field was refused, else every refusal at once (422).
pub fn all_valid(errors: Vec<FieldError>) -> ApiResult<()> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::Validation(errors))
    }
}

impl ApiError {
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    pub fn internal(e: impl std::fmt::Display) -> Self {
        ApiError::Internal(e.to_string())
    }

    /// The stable code clients switch on. Listed in README and tested for uniqueness.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Unauthenticated => "auth.unauthenticated",
            ApiError::InvalidCredentials => "auth.invalid_credentials",
            ApiError::AccountLocked { .. } => "auth.account_locked",
            ApiError::RateLimited { .. } => "auth.rate_limited",
            ApiError::AccountDisabled => "auth.account_disabled",
            ApiError::InvalidRefreshToken => "auth.invalid_refresh_token",
            ApiError::PasswordChangeRequired => "auth.password_change_required",
            ApiError::Forbidden => "auth.forbidden",
            ApiError::NotFound | ApiError::OutOfScope => "not_found",
            ApiError::Validation(_) => "validation.failed",
            ApiError::MalformedJson(_) => "request.malformed_json",
            ApiError::InvalidQuery(_) => "request.invalid_query",
            ApiError::TooLarge { .. } => "request.too_large",
            ApiError::StaleVersion => "conflict.stale_version",
            ApiError::Duplicate(_) => "conflict.duplicate",
            ApiError::DuplicateCustomer { .. } => "customer.duplicate",
            ApiError::AlreadyDecided => "approval.already_decided",
            ApiError::SelfApproval => "approval.self_approval",
            ApiError::IdempotencyConflict => "idempotency.conflict",

            ApiError::Internal(_) => "internal",
        }
    }

    fn title_detail(&self) -> (&'static str, String) {
        match self {
            ApiError::Unauthenticated => (
                "Unauthenticated",
                "A valid access token is required.".into(),
            ),
            ApiError::InvalidCredentials => {
                ("Invalid credentials", "Wrong username or password.".into())
            }
            ApiError::AccountLocked { retry_after } => (
                "Account temporarily locked",
                format!("Too many failed logins; try again in {retry_after} seconds."),
            ),
            ApiError::RateLimited { retry_after } => (
                "Too many requests",
                format!("Slow down; try again in {retry_after} seconds."),
            ),
            ApiError::AccountDisabled => {
                ("Account disabled", "This account has been disabled.".into())
            }
            ApiError::InvalidRefreshToken => (
                "Invalid refresh token",
                "The refresh token is invalid, expired or already used.".into(),
            ),
            ApiError::PasswordChangeRequired => (
                "Password change required",
                "Change your password before using the system.".into(),
            ),
            ApiError::Forbidden => ("Forbidden", "Your role may not do this.".into()),
            ApiError::NotFound | ApiError::OutOfScope => ("Not found", "No such resource.".into()),
            ApiError::Validation(_) => (
                "Validation failed",
                "One or more fields are invalid.".into(),
            ),
            ApiError::MalformedJson(m) => ("Malformed JSON", m.clone()),
            ApiError::InvalidQuery(_) => (
                "Invalid query",
                "One or more query parameters are invalid.".into(),
            ),
            ApiError::TooLarge { limit } => (
                "Request too large",
                format!("The body exceeds {limit} bytes."),
            ),
            ApiError::StaleVersion => (
                "Stale version",
                "The record was changed by someone else; reload it and apply your change again."
                    .into(),
            ),
            ApiError::Duplicate(_) => (
                "Duplicate",
                "A record with the same key already exists.".into(),
            ),
            ApiError::DuplicateCustomer { existing: Some(e), .. } => {
                ("Duplicate customer", format!("This customer exists already: {} {}.", e.code, e.name))
            }
            ApiError::DuplicateCustomer { existing: None, .. } => (
                "Duplicate customer",
                "This customer exists already, outside your scope; ask for access (资料借阅) instead.".into(),
            ),
            ApiError::AlreadyDecided => {
                ("Already decided", "This request has been decided or withdrawn already.".into())
            }
            ApiError::SelfApproval => ("Self-approval", "Nobody may decide their own request.".into()),
            ApiError::IdempotencyConflict => (
                "Idempotency key reused",
                "This Idempotency-Key was used for a different request.".into(),
            ),
            ApiError::Internal(_) => ("Internal error", "An unexpected error occurred.".into()),
        }
    }

    pub fn problem(&self) -> Problem {
        let (title, detail) = self.title_detail();
        let errors = match self {
            ApiError::Validation(e) | ApiError::InvalidQuery(e) | ApiError::Duplicate(e) => {
                e.clone()
            }
            ApiError::DuplicateCustomer { field, .. } => {
                vec![FieldError::new(
                    *field,
                    "duplicate",
                    "a customer with this value exists",
                )]
            }
            _ => Vec::new(),
        };
        let duplicate_of = match self {
            ApiError::DuplicateCustomer { existing, .. } => existing.clone(),
            _ => None,
        };
        let retry_after_seconds = match self {
            ApiError::AccountLocked { retry_after } | ApiError::RateLimited { retry_after } => {
                Some(*retry_after)
            }
            _ => None,
        };
        Problem {
            type_: "about:blank".into(),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            code: self.code().into(),
            errors,
            retry_after_seconds,
            limit_bytes: match self {
                ApiError::TooLarge { limit } => Some(*limit),
                _ => None,
            },
            duplicate_of,
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Unauthenticated
            | ApiError::InvalidCredentials
            | ApiError::InvalidRefreshToken => StatusCode::UNAUTHORIZED,
            ApiError::AccountLocked { .. } | ApiError::RateLimited { .. } => {
                StatusCode::TOO_MANY_REQUESTS
            }
            ApiError::AccountDisabled | ApiError::PasswordChangeRequired | ApiError::Forbidden => {
                StatusCode::FORBIDDEN
            }
            ApiError::NotFound | ApiError::OutOfScope => StatusCode::NOT_FOUND,
            ApiError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::MalformedJson(_) | ApiError::InvalidQuery(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::StaleVersion
            | ApiError::Duplicate(_)
            | ApiError::DuplicateCustomer { .. } => StatusCode::CONFLICT,
            ApiError::AlreadyDecided => StatusCode::CONFLICT,
            ApiError::SelfApproval => StatusCode::FORBIDDEN,
            ApiError::IdempotencyConflict => StatusCode::CONFLICT,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let ApiError::Internal(msg) = self {
            // The cause goes to the log only, never to the client.
            tracing::error!(error = %msg, "internal error");
        }
        let problem = self.problem();
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(secs) = problem.retry_after_seconds {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        let mut response = res.body(serde_json::to_string(&problem).unwrap_or_default());
        if matches!(self, ApiError::Forbidden | ApiError::OutOfScope) {
            // Picked up by the refusal-audit middleware, which knows who asked.
            response.extensions_mut().insert(Refusal(self.code()));
        }
        response
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => ApiError::NotFound,
            other => ApiError::Internal(format!("database: {other}")),
        }
    }
}

/// For `.map_err`: a unique violation becomes a 409 naming `field`; any other error is as usual.
pub fn duplicate_on(field: &str, message: &str) -> impl Fn(diesel::result::Error) -> ApiError {
    let (field, message) = (field.to_string(), message.to_string());
    move |e| {
        if crate::db::is_unique_violation(&e) {
            ApiError::Duplicate(vec![FieldError::new(&field, "duplicate", &message)])
        } else {
            e.into()
        }
    }
}

impl From<r2d2_error::PoolError> for ApiError {
    fn from(e: r2d2_error::PoolError) -> Self {
        ApiError::Internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        ApiError::Internal(format!("blocking task failed: {e}"))
    }
}

mod r2d2_error {
    pub use diesel::r2d2::PoolError;
}

/// Marker on a response that refused an authorization check.
#[derive(Debug, Clone, Copy)]
pub struct Refusal(pub &'static str);

/// Every code the API can answer with; the README's table and a test are checked against it.
pub const ALL_CODES: &[&str] = &[
    "auth.unauthenticated",
    "auth.invalid_credentials",
    "auth.account_locked",
    "auth.rate_limited",
    "auth.account_disabled",
    "auth.invalid_refresh_token",
    "auth.password_change_required",
    "auth.forbidden",
    "not_found",
    "validation.failed",
    "request.malformed_json",
    "request.invalid_query",
    "request.too_large",
    "conflict.stale_version",
    "conflict.duplicate",
    "customer.duplicate",
    "approval.already_decided",
    "approval.self_approval",
    "idempotency.conflict",
    "import.rejected",
    "internal",
    "not_ready",
];
