use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::policy::Role;
use crate::db::schema::api_tokens;

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

/// A stored token (its hash stays in the table).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
pub struct ApiTokenRow {
    pub id: i64,
    pub name: String,
    pub service_user_id: i64,
    pub token_prefix: String,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub last_used_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

/// A new token's row.
#[derive(Debug, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct NewApiTokenRow<'a> {
    pub name: &'a str,
    pub service_user_id: i64,
    pub token_hash: String,
    pub token_prefix: &'a str,
    pub created_by: i64,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
}

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
