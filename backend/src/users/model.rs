use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::Role;
use crate::db::schema::users;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct UserRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: Option<String>,
    pub kind: String,
    pub office_id: Option<i64>,
    pub language: String,
    /// Where notifications are copied by e-mail (empty: not at all).
    pub email: String,
    pub active: bool,
    pub must_change_password: bool,
    #[serde(skip)]
    pub session_generation: i64,
    #[serde(skip)]
    pub failed_logins: i64,
    #[serde(skip)]
    pub locked_until: Option<NaiveDateTime>,
    #[serde(skip)]
    pub last_login_at: Option<NaiveDateTime>,
    pub version: i64,
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    #[serde(skip)]
    pub updated_at: NaiveDateTime,
}

/// What two display names are compared by: case, spaces (also full-width and zero-width ones)
/// and full-width letters and digits do not tell people apart on screen, so they do not here.
pub fn display_key(name: &str) -> String {
    name.chars()
        .filter(|c| {
            !c.is_whitespace() && !matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
        })
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Insertable)]
#[diesel(table_name = users)]
pub struct NewUserRow<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    /// `display_key(display_name)`: unique, so no one can take a name that reads as another's.
    pub display_key: String,
    pub password_hash: Option<&'a str>,
    pub kind: &'a str,
    pub office_id: Option<i64>,
    pub language: &'a str,
    pub email: &'a str,
    pub active: bool,
    pub must_change_password: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, Default)]
pub enum Language {
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn as_str(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }

    pub fn parse(s: &str) -> Language {
        if s == "en" {
            Language::En
        } else {
            Language::ZhCn
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserKind {
    /// A person who logs in with a password.
    Person,
    /// An integration script's account, used through API tokens only.
    Service,
}

/// A user as administrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct User {
    pub id: i64,
    #[schema(example = "zhangsan")]
    pub username: String,
    #[schema(example = "张三")]
    pub display_name: String,
    pub roles: Vec<Role>,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
    pub language: Language,
    /// Notifications are copied here by e-mail when the server has SMTP configured.
    #[schema(example = "zhangsan@jiyuan.example")]
    pub email: String,
    pub active: bool,
    pub kind: UserKind,
    pub must_change_password: bool,
    pub last_login_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl User {
    pub fn from_row(r: UserRow, roles: Vec<Role>, office_name: Option<String>) -> User {
        User {
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            roles,
            office_id: r.office_id,
            office_name,
            language: Language::parse(&r.language),
            email: r.email,
            active: r.active,
            kind: if r.kind == "service" {
                UserKind::Service
            } else {
                UserKind::Person
            },
            must_change_password: r.must_change_password,
            last_login_at: r.last_login_at.map(|t| t.and_utc()),
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"username": "zhangsan", "display_name": "张三", "roles": ["salesman"],
    "office_id": null, "language": "zh-CN", "password": "Initial-Passw0rd-2026"}))]
pub struct CreateUser {
    /// 2–64 characters: letters, digits, `.`, `_`, `-`; stored in lower case.
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub office_id: Option<i64>,
    pub language: Option<Language>,
    /// For e-mail copies of notifications; empty or absent: none.
    pub email: Option<String>,
    /// Initial password; the user must change it at first login.
    pub password: String,
}

/// Absent fields stay as they are; `office_id: null` removes the office.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "display_name": "张三（华北）"}))]
pub struct UpdateUser {
    /// The version you read; a stale one answers 409.
    pub version: i64,
    pub display_name: Option<String>,
    pub roles: Option<Vec<Role>>,
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub office_id: Option<Option<i64>>,
    pub language: Option<Language>,
    /// Empty to stop e-mail copies.
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"new_password": "Temporary-Passw0rd-2026"}))]
pub struct ResetPassword {
    /// A temporary password the user must change at next login.
    pub new_password: String,
}

/// A person as pickers show it (owners, directors, approvers).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserRef {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub office_id: Option<i64>,
    pub office_name: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserLookupQuery {
    /// Part of the username or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub office_id: Option<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the username or display name.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub office_id: Option<i64>,
    pub active: Option<bool>,
    pub kind: Option<UserKind>,
    /// `username`, `display_name`, `created_at`, `last_login_at`; `-` for descending.
    pub sort: Option<String>,
}
