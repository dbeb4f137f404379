use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::policy::Role;
use crate::db::schema::credit_trainings;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = credit_trainings)]
pub struct TrainingRow {
    pub id: i64,
    pub held_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    pub materials: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = credit_trainings)]
pub struct NewTrainingRow<'a> {
    pub held_on: NaiveDate,
    pub topic: &'a str,
    pub trainer: &'a str,
    pub materials: &'a str,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// A user who attended, by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Attendee {
    pub user_id: i64,
    pub display_name: String,
}

/// One credit-risk training session (信用培训).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CreditTraining {
    pub id: i64,
    pub held_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    /// What was handed out or where it is kept.
    pub materials: String,
    pub attendees: Vec<Attendee>,
    pub created_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"held_on": "2026-11-20", "topic": "应收账款风险识别", "trainer": "财务部 王会计", "materials": "讲义 PDF 见共享盘", "attendee_ids": [2, 3]}))]
pub struct NewCreditTraining {
    pub held_on: NaiveDate,
    pub topic: String,
    pub trainer: String,
    #[serde(default)]
    pub materials: String,
    /// The users who attended (1 to 500).
    pub attendee_ids: Vec<i64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrainingQuery {
    pub page: Option<i64>,
    pub page_size: Option<i64>,
    /// Only the sessions this user attended (a user's training history).
    pub user_id: Option<i64>,
}

/// Someone who deals with credit and has not attended a training within the policy's period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingDue {
    pub user_id: i64,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// The last session attended; none: never.
    pub last_trained_on: Option<NaiveDate>,
}

/// A user and the date of the last session attended, as the statement answers it.
#[derive(Debug, Clone, Queryable)]
pub struct LastTrainedRow {
    pub user_id: i64,
    pub display_name: String,
    pub last_trained_on: Option<NaiveDate>,
}
