use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::db::schema::development_plans;

/// One prospect the office means to win.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Prospect {
    pub name: String,
    pub reason: String,
    pub target_date: NaiveDate,
    /// The salesman who develops it.
    pub owner_user_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DevelopmentPlan {
    pub id: i64,
    pub office_id: i64,
    pub office_name: Option<String>,
    #[schema(example = "2027")]
    pub period: String,
    pub items: Vec<Prospect>,
    pub status: PlanStatus,
    /// The names of the prospects' owners.
    pub owners: Vec<OwnerName>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by_name: Option<String>,
    /// The business department's latest comment (earlier ones are in the audit log).
    pub comment: String,
    pub commented_at: Option<DateTime<Utc>>,
    pub commented_by_name: Option<String>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PlanStatus {
    Draft,
    Submitted,
    Commented,
}

impl PlanStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanStatus::Draft => "draft",
            PlanStatus::Submitted => "submitted",
            PlanStatus::Commented => "commented",
        }
    }
    pub fn parse(s: &str) -> PlanStatus {
        match s {
            "submitted" => PlanStatus::Submitted,
            "commented" => PlanStatus::Commented,
            _ => PlanStatus::Draft,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OwnerName {
    pub id: i64,
    pub display_name: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"period": "2027", "items": [{"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30", "owner_user_id": null}]}))]
pub struct NewPlan {
    /// `2027`, `2027-H1`, `2027-Q1` …
    pub period: String,
    pub items: Vec<Prospect>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"version": 1, "items": [{"name": "唐山某照明工程公司", "reason": "市政路灯项目多", "target_date": "2027-06-30"}]}))]
pub struct UpdatePlan {
    pub version: i64,
    pub items: Vec<Prospect>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"comment": "重点跟进前两家"}))]
pub struct PlanComment {
    pub comment: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    pub office_id: Option<i64>,
    pub status: Option<PlanStatus>,
}

/// A stored plan as read.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = development_plans)]
pub struct PlanRow {
    pub id: i64,
    pub office_id: i64,
    pub period: String,
    /// The prospects as JSON.
    pub items: String,
    pub status: String,
    pub submitted_at: Option<NaiveDateTime>,
    pub comment: String,
    pub commented_at: Option<NaiveDateTime>,
    pub version: i64,
    pub updated_at: NaiveDateTime,
    pub submitted_by: Option<i64>,
    pub commented_by: Option<i64>,
}
