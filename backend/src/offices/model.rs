use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::offices;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = offices)]
#[diesel(check_for_backend(diesel::pg::Pg, diesel::sqlite::Sqlite))]
pub struct OfficeRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub region: String,
    pub director_user_id: Option<i64>,
    pub version: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Office {
    pub id: i64,
    #[schema(example = "HB-SJZ")]
    pub code: String,
    #[schema(example = "石家庄办事处")]
    pub name: String,
    #[schema(example = "华北")]
    pub region: String,
    pub director_user_id: Option<i64>,
    pub director_name: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Office {
    pub fn from_row(r: OfficeRow, director_name: Option<String>) -> Office {
        Office {
            id: r.id,
            code: r.code,
            name: r.name,
            region: r.region,
            director_user_id: r.director_user_id,
            director_name,
            version: r.version,
            created_at: r.created_at.and_utc(),
            updated_at: r.updated_at.and_utc(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"code": "HB-SJZ", "name": "石家庄办事处", "region": "华北"}))]
pub struct CreateOffice {
    /// 2–32 characters: letters, digits, `-`, `_`; unique.
    pub code: String,
    pub name: String,
    pub region: Option<String>,
    pub director_user_id: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "name": "石家庄办事处（河北）"}))]
pub struct UpdateOffice {
    pub version: i64,
    pub name: Option<String>,
    pub region: Option<String>,
    /// `null` removes the director.
    #[serde(default, deserialize_with = "crate::http::double_option")]
    #[schema(value_type = Option<i64>)]
    pub director_user_id: Option<Option<i64>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct OfficeQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Part of the code, name or region.
    pub q: Option<String>,
    /// `code`, `name`, `region`, `created_at`; `-` for descending.
    pub sort: Option<String>,
}
