use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::policy::Role;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiToken {
    pub id: i64,
    #[schema(example = "ERP nightly sync")]
    pub name: String,
    pub role: Role,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    /// The first characters of the token, to recognise it.
    #[schema(example = "jyt_AbCd")]
    pub token_prefix: String,
    /// The service account the token acts as.
    pub service_user_id: i64,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

pub type ApiTokenRow = (
    i64,
    String,
    i64,
    String,
    i64,
    NaiveDateTime,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "ERP nightly sync", "role": "finance", "office_id": null, "expires_at": "2027-12-31T16:00:00Z"}))]
pub struct CreateApiToken {
    pub name: String,
    /// The role the script acts with.
    pub role: Role,
    pub office_id: Option<i64>,
    /// When the token stops working; none = until revoked.
    pub expires_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedApiToken {
    /// The secret, shown this once: use it as `Authorization: Bearer <token>`.
    #[schema(example = "jyt_3q2…")]
    pub token: String,
    pub api_token: ApiToken,
}
